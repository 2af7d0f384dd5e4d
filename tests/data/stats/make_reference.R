# Reference values for Cronbach's alpha and ICC(2,1) in tests/unit/test_stats.c,
# computed with the R package psych (Debian: r-cran-psych), written to
# reference-r.txt beside this script.  Seeded, so a rerun gives the same file.
#
#   Rscript tests/data/stats/make_reference.R
#
# One record per line, fields separated by spaces, NA for a missing value:
#   alpha ITEMS PERSONS ALPHA N_USED v(item 1, person 1..PERSONS) … v(item ITEMS, …)
#   icc TARGETS RATERS ICC21 N_USED v(target 1, rater 1..RATERS) … v(target TARGETS, …)
suppressMessages(library(psych))
set.seed(7031)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
out <- file.path(here, "reference-r.txt")
lines <- c(sprintf("# psych %s, %s", packageVersion("psych"), R.version.string))

fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))

# Items x persons: a common factor plus noise, rounded to a 0..4 scale
# (or left continuous), with missing answers.
for (spec in list(c(3, 10, 0, 1), c(5, 40, 0.05, 1), c(8, 120, 0.03, 1), c(4, 300, 0.1, 0),
                  c(2, 6, 0, 1), c(6, 25, 0.02, 1))) {
  k <- spec[1]; n <- spec[2]; miss <- spec[3]; ordinal <- spec[4]
  f <- rnorm(n)
  x <- sapply(1:k, function(i) f * runif(1, 0.4, 1.2) + rnorm(n))
  if (ordinal == 1) x <- pmin(pmax(round(x + 2), 0), 4) else x <- round(10 * x, 2)
  x[matrix(runif(n * k) < miss, n, k)] <- NA
  a <- suppressWarnings(alpha(x, use = "complete.obs", warnings = FALSE))$total$raw_alpha
  used <- sum(complete.cases(x))
  lines <- c(lines, paste("alpha", k, n, fmt(a), used, paste(fmt(as.vector(x)), collapse = " ")))
}

# Targets x raters: a target effect, a rater bias and noise.
icc_line <- function(x) {
  r <- ICC(na.omit(x), lmer = FALSE)$results  # listwise
  v <- r$ICC[r$type == "ICC2"]
  used <- sum(complete.cases(x))
  paste("icc", nrow(x), ncol(x), fmt(v), used, paste(fmt(as.vector(t(x))), collapse = " "))
}
# Shrout & Fleiss (1979), Table 2: six targets, four judges.
sf <- matrix(c(9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7),
             ncol = 4, byrow = TRUE)
lines <- c(lines, icc_line(sf))
for (spec in list(c(5, 2, 0), c(10, 3, 0), c(30, 5, 0.04), c(80, 4, 0.02))) {
  n <- spec[1]; k <- spec[2]; miss <- spec[3]
  x <- outer(rnorm(n, 20, 5), rnorm(k, 0, 2), "+") + matrix(rnorm(n * k, 0, 3), n, k)
  x <- round(x, 1)
  x[matrix(runif(n * k) < miss, n, k)] <- NA
  lines <- c(lines, icc_line(x))
}

writeLines(lines, out)
