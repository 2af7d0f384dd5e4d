/* cmd_report.c — `spor report`: the national aggregates (store_report_*)
 * as a table on the terminal or as JSON, across every offer or one
 * organisation or offer.  Cells over fewer than SUPPRESS_BELOW courses are
 * shown as "< 5" and their figures left out, so that no aggregate points
 * at a citizen. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define SUPPRESS_BELOW 5

typedef struct {
  char *instrument;
  gint64 organisation;
  gint64 offer;
  char *respondent;
  gboolean json;
} ReportOptions;

/* Mean and standard deviation of the change from the sums, or NAN. */
static void
change_stats(json_t *row, double *mean_start, double *mean_end, double *mean, double *sd)
{
  double n = (double)json_integer_value(json_object_get(row, "n"));
  double sum = (double)json_integer_value(json_object_get(row, "sum_change"));
  double sq = (double)json_integer_value(json_object_get(row, "sum_change_sq"));
  *mean_start = (double)json_integer_value(json_object_get(row, "sum_start")) / n;
  *mean_end = (double)json_integer_value(json_object_get(row, "sum_end")) / n;
  *mean = sum / n;
  *sd = n > 1 ? sqrt(MAX(sq - sum * sum / n, 0.0) / (n - 1)) : NAN;
}

/* text cut or padded on the right (on the left when right-aligned) to
 * width characters, not bytes ("§" and "æ" are two); newly allocated. */
static char *
cell_aligned(const char *text, glong width, gboolean right)
{
  if (text == NULL)
    text = "";
  glong len = g_utf8_strlen(text, -1);
  if (len > width) {
    g_autofree char *cut = g_utf8_substring(text, 0, width - 1);
    return g_strconcat(cut, "…", NULL);
  }
  g_autofree char *pad = g_strnfill((gsize)(width - len), ' ');
  return right ? g_strconcat(pad, text, NULL) : g_strconcat(text, pad, NULL);
}

static char *
cell(const char *text, glong width)
{
  return cell_aligned(text, width, FALSE);
}

static gboolean
suppressed(json_t *row)
{
  return json_integer_value(json_object_get(row, "n")) < SUPPRESS_BELOW;
}

/* The rows with the figures computed and small cells emptied. */
static void
finish_change(json_t *rows)
{
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    if (suppressed(row)) {
      json_object_set_new(row, "n", json_null());
      json_object_set_new(row, "suppressed", json_true());
      const char *const drop[] = {"sum_start", "sum_end", "sum_change", "sum_change_sq"};
      for (guint k = 0; k < G_N_ELEMENTS(drop); k++)
        json_object_del(row, drop[k]);
      continue;
    }
    double start, end, mean, sd;
    change_stats(row, &start, &end, &mean, &sd);
    json_object_set_new(row, "mean_start", json_real(start));
    json_object_set_new(row, "mean_end", json_real(end));
    json_object_set_new(row, "mean_change", json_real(mean));
    json_object_set_new(row, "sd_change", isnan(sd) ? json_null() : json_real(sd));
  }
}

static void
finish_development(json_t *rows)
{
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    if (!suppressed(row))
      continue;
    json_object_set_new(row, "n", json_null());
    json_object_set_new(row, "suppressed", json_true());
    json_object_del(row, "improved");
    json_object_del(row, "unchanged");
    json_object_del(row, "worsened");
  }
}

static void
print_change(json_t *rows)
{
  g_autofree char *h1 = cell("indsats", 36), *h2 = cell("livsområde", 28),
                  *h3 = cell_aligned("ændring", 8, TRUE);
  printf("%s %s %7s %7s %7s %s %6s\n", h1, h2, "forløb", "start", "slut", h3, "sd");
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    g_autofree char *intervention = cell(json_string_value(json_object_get(row, "intervention")),
                                         36);
    g_autofree char *item = cell(json_string_value(json_object_get(row, "item_text_da")), 28);
    if (json_is_true(json_object_get(row, "suppressed"))) {
      printf("%s %s %7s\n", intervention, item, "< 5");
      continue;
    }
    json_t *sd = json_object_get(row, "sd_change");
    printf("%s %s %7" JSON_INTEGER_FORMAT " %7.2f %7.2f %+8.2f %6.2f\n",
           intervention, item, json_integer_value(json_object_get(row, "n")),
           json_real_value(json_object_get(row, "mean_start")),
           json_real_value(json_object_get(row, "mean_end")),
           json_real_value(json_object_get(row, "mean_change")),
           json_is_real(sd) ? json_real_value(sd) : 0.0);
  }
}

static void
print_development(json_t *rows)
{
  g_autofree char *h1 = cell("livsområde", 36), *h2 = cell_aligned("uændret", 10, TRUE),
                  *h3 = cell_aligned("værre", 10, TRUE);
  printf("%s %7s %10s %s %s\n", h1, "forløb", "bedre", h2, h3);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    g_autofree char *item = cell(json_string_value(json_object_get(row, "item_text_da")), 36);
    if (json_is_true(json_object_get(row, "suppressed"))) {
      printf("%s %7s\n", item, "< 5");
      continue;
    }
    printf("%s %7" JSON_INTEGER_FORMAT " %10" JSON_INTEGER_FORMAT " %10" JSON_INTEGER_FORMAT
           " %10" JSON_INTEGER_FORMAT "\n",
           item, json_integer_value(json_object_get(row, "n")),
           json_integer_value(json_object_get(row, "improved")),
           json_integer_value(json_object_get(row, "unchanged")),
           json_integer_value(json_object_get(row, "worsened")));
  }
  printf("Målopfyldelse (mål nået / ikke nået) kræver registrerede mål; her er udviklingen "
         "fra start til slut.\n");
}

int
cmd_report(CliContext *ctx, int argc, char **argv)
{
  ReportOptions o = {0};
  const GOptionEntry entries[] = {
    {"instrument", 'i', 0, G_OPTION_ARG_STRING, &o.instrument,
     "instrumentets nøgle (standard vum-livsomraader)", "NØGLE"},
    {"organisation", 0, 0, G_OPTION_ARG_INT64, &o.organisation,
     "kun denne organisations tilbud", "ID"},
    {"offer", 0, 0, G_OPTION_ARG_INT64, &o.offer, "kun dette tilbud", "ID"},
    {"respondent", 0, 0, G_OPTION_ARG_STRING, &o.respondent,
     "kun målinger besvaret af staff, citizen, relative eller authority", "HVEM"},
    {"json", 0, 0, G_OPTION_ARG_NONE, &o.json, "skriv JSON i stedet for en tabel", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "report", "change|development",
                 "Landsdækkende nøgletal over alle forløb med en start- og en slutmåling:\n"
                 "\n"
                 "  change        gennemsnitlig ændring fra start til slut pr. indsats og\n"
                 "                livsområde\n"
                 "  development   antal forløb med fremgang, uændret og tilbagegang pr.\n"
                 "                livsområde (målopfyldelse uden registrerede mål)\n"
                 "\n"
                 "Celler med færre end 5 forløb vises som \"< 5\" uden tal.",
                 entries, &argc, &argv, &rc)) {
    g_free(o.instrument);
    g_free(o.respondent);
    return rc;
  }
  g_autofree char *instrument_key = o.instrument ? o.instrument : g_strdup("vum-livsomraader");
  g_autofree char *respondent = o.respondent;
  const char *which = argc > 1 ? argv[1] : NULL;
  gboolean change = which != NULL && strcmp(which, "change") == 0;
  if (which == NULL || (!change && strcmp(which, "development") != 0) || argc > 2) {
    cli_error("report", "skriv spor report change eller spor report development");
    return CLI_USAGE;
  }
  if (o.organisation < 0 || o.offer < 0) {
    cli_error("report", "--organisation og --offer skal være positive id'er");
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  StoreReportFilter filter = {.organisation_id = o.organisation, .offer_id = o.offer,
                              .respondent = respondent};
  json_t *rows = NULL;
  json_t *instrument = NULL;
  /* One snapshot for the instrument and its figures. */
  if (store_begin(db, STORE_TX_READ, &error) &&
      (instrument = store_instrument_get_by_key(db, instrument_key, &error)) != NULL) {
    gint64 id = json_integer_value(json_object_get(instrument, "id"));
    rows = change ? store_report_change(db, id, &filter, &error)
                  : store_report_development(db, id, &filter, &error);
  }
  store_rollback(db);
  if (rows == NULL) {
    json_decref(instrument);
    cli_error("report", "%s", error->message);
    return CLI_FAILED;
  }
  if (change)
    finish_change(rows);
  else
    finish_development(rows);
  if (o.json) {
    json_t *out = json_pack("{s:s, s:s, s:I, s:o}", "report", change ? "change" : "development",
                            "instrument", instrument_key, "suppress_below",
                            (json_int_t)SUPPRESS_BELOW, "rows", rows);
    char *text = json_dumps(out, JSON_INDENT(1));
    puts(text);
    free(text);
    json_decref(out);
  } else {
    printf("%s (%s)\n", json_string_value(json_object_get(instrument, "name_da")),
           instrument_key);
    if (change)
      print_change(rows);
    else
      print_development(rows);
    json_decref(rows);
  }
  json_decref(instrument);
  return CLI_OK;
}
