/* cmd_report.c — `spor report`:
 *
 *  - `spor report NAME [filters] --format html|pdf|csv|xlsx --out FILE
 *    --user U`: one of the reports of domain/reports.h as a file, as the
 *    user would get it from the web page (their offers, small cells
 *    hidden), so that a leader can schedule the quarterly report;
 *  - `spor report status-report --user U --citizen ID`: a citizen's status
 *    report for the authority as PDF, the same as the web page makes
 *    (pages/status_report.h), for a worker with the citizen in their care;
 *  - `spor report change|development`: the national aggregates
 *    (store_report_*) as a table on the terminal or as JSON, across every
 *    offer or one organisation or offer.  Cells over fewer than
 *    SUPPRESS_BELOW courses are shown as "< 5" and their figures left out,
 *    so that no aggregate points at a citizen. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/suppress.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "domain/report_export.h"
#include "domain/reports.h"
#include "domain/reports_team.h"
#include "pages/status_report.h"

#define SUPPRESS_BELOW 5

typedef struct {
  char *instrument;
  gint64 organisation;
  gint64 offer;
  char *respondent;
  gboolean json;
  /* The reports of domain/reports.h */
  char *from, *to, *item, *by, *format, *out, *user;
  gint64 intervention;
  gint64 unit; /* team and caseload: one unit of the care */
  gint64 citizen;
  gboolean reliable;
  gint k;
  /* The status report */
  char *summary, *diary;
} ReportOptions;

static void
options_clear(ReportOptions *o)
{
  g_free(o->instrument);
  g_free(o->respondent);
  g_free(o->from);
  g_free(o->to);
  g_free(o->item);
  g_free(o->by);
  g_free(o->format);
  g_free(o->out);
  g_free(o->user);
  g_free(o->summary);
  g_free(o->diary);
}

/* An ISO date from the option (dd-mm-åååå or åååå-mm-dd), or fallback;
 * NULL after saying why for a bad date.  Newly allocated. */
static char *
option_date(const char *text, const char *name, const char *fallback)
{
  if (text == NULL)
    return g_strdup(fallback);
  char *iso = spor_date_parse_to_iso(text);
  if (iso == NULL)
    cli_error("report", "--%s skal være en dato (dd-mm-åååå eller åååå-mm-dd)", name);
  return iso;
}

/* Writes bytes to the file out ("-": standard output); FALSE after saying
 * why. */
static gboolean
write_out(const char *out, GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data(bytes, &len);
  gboolean ok;
  if (strcmp(out, "-") == 0) {
    ok = fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0;
    if (!ok)
      g_set_error_literal(&error, G_FILE_ERROR, G_FILE_ERROR_IO, "kunne ikke skrive");
  } else {
    ok = g_file_set_contents(out, data, (gssize)len, &error);
  }
  if (!ok)
    cli_error("report", "%s", error->message);
  return ok;
}

/* The diary entries of --diary: "all" (every entry written in the
 * period), "none" or NULL (none), or ids separated by commas into ids;
 * FALSE after saying why for anything else. */
static gboolean
parse_diary(const char *text, gboolean *all, GArray *ids)
{
  *all = FALSE;
  if (text == NULL || strcmp(text, "none") == 0)
    return TRUE;
  if (strcmp(text, "all") == 0) {
    *all = TRUE;
    return TRUE;
  }
  g_auto(GStrv) parts = g_strsplit(text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++) {
    gint64 id = 0;
    if (!g_ascii_string_to_signed(g_strstrip(parts[i]), 10, 1, G_MAXINT64, &id, NULL)) {
      cli_error("report", "--diary skal være all, none eller dagbogsindlæggenes id'er "
                          "adskilt af komma");
      return FALSE;
    }
    g_array_append_val(ids, id);
  }
  return TRUE;
}

/* spor report status-report: a citizen's status report for the authority
 * as PDF, audited on the citizen as the web page's. */
static int
run_status_report(CliContext *ctx, ReportOptions *o)
{
  if (o->format != NULL && strcmp(o->format, "pdf") != 0) {
    cli_error("report", "statusrapporten findes kun som pdf (--format pdf)");
    return CLI_USAGE;
  }
  if (o->out == NULL) {
    cli_error("report", "angiv --out FILE (\"-\" for standardoutput)");
    return CLI_USAGE;
  }
  if (o->user == NULL) {
    cli_error("report", "angiv --user: medarbejderen eller lederen, rapporten laves af");
    return CLI_USAGE;
  }
  if (o->citizen <= 0) {
    cli_error("report", "angiv --citizen ID: borgeren, rapporten handler om");
    return CLI_USAGE;
  }
  if (o->summary != NULL &&
      (!g_utf8_validate(o->summary, -1, NULL) || g_utf8_strlen(o->summary, -1) > 4000)) {
    cli_error("report", "--summary skal være tekst på højst 4000 tegn");
    return CLI_USAGE;
  }
  g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
  gboolean all = FALSE;
  if (!parse_diary(o->diary, &all, ids))
    return CLI_USAGE;
  g_autofree char *from = NULL, *to = NULL;
  if ((o->from != NULL && (from = option_date(o->from, "from", NULL)) == NULL) ||
      (o->to != NULL && (to = option_date(o->to, "to", NULL)) == NULL))
    return CLI_USAGE;
  if (from != NULL && to != NULL && strcmp(to, from) < 0) {
    cli_error("report", "perioden slutter (--to %s), før den begynder (--from %s)", to, from);
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  if (!store_begin(db, STORE_TX_READ, &error)) {
    cli_error("report", "%s", error->message);
    return CLI_FAILED;
  }
  g_autoptr(StoreUser) user = store_user_get_by_username(db, o->user, &error);
  if (user == NULL || user->disabled ||
      !(store_user_capabilities(user) & CAP_CITIZEN_WRITE)) {
    store_rollback(db);
    cli_error("report", "%s", user == NULL ? error->message
                              : "brugeren må ikke lave statusrapporter (medarbejder eller "
                                "leder med borgeren i sin varetægt)");
    return CLI_FAILED;
  }
  StatusReportInput input = {
    .citizen_id = o->citizen, .from = from, .to = to,
    .summary = o->summary != NULL && o->summary[0] != '\0' ? o->summary : NULL,
    .diary_in_period = all,
    .diary_ids = ids->len > 0 ? (const gint64 *)(void *)ids->data : NULL,
    .n_diary = ids->len};
  g_autofree char *used_from = NULL, *used_to = NULL;
  GBytes *pdf = status_report_pdf_new(db, user->id, &input, spor_i18n_current(), &used_from,
                                      &used_to, &error);
  store_rollback(db);
  if (pdf == NULL) {
    cli_error("report", "%s", error->message);
    return g_error_matches(error, STATUS_REPORT_ERROR, STATUS_REPORT_ERROR_PERIOD) ? CLI_USAGE
                                                                                    : CLI_FAILED;
  }
  /* The same audit line as the web page's. */
  g_autofree char *detail = g_strdup_printf("pdf, %s – %s", used_from, used_to);
  if (!store_begin(db, STORE_TX_WRITE, &error) ||
      !store_audit_append(db, user->id, o->citizen, "status_report.pdf", detail, "cli",
                          &error) ||
      !store_commit(db, &error)) {
    store_rollback(db);
    g_bytes_unref(pdf);
    cli_error("report", "%s", error->message);
    return CLI_FAILED;
  }
  gboolean ok = write_out(o->out, pdf);
  g_bytes_unref(pdf);
  return ok ? CLI_OK : CLI_FAILED;
}

/* spor report NAME: one report as a file. */
static int
run_named_report(CliContext *ctx, const ReportDef *def, ReportOptions *o)
{
  const char *format = o->format != NULL ? o->format : "html";
  if (strcmp(format, "html") != 0 && strcmp(format, "pdf") != 0 &&
      strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0) {
    cli_error("report", "--format skal være html, pdf, csv eller xlsx");
    return CLI_USAGE;
  }
  if (o->out == NULL) {
    cli_error("report", "angiv --out FILE (\"-\" for standardoutput)");
    return CLI_USAGE;
  }
  if (o->user == NULL) {
    cli_error("report", "angiv --user: den leder eller analytiker, rapporten laves for");
    return CLI_USAGE;
  }
  if (o->by != NULL && !report_by_valid(o->by)) {
    cli_error("report", "ukendt --by '%s'", o->by);
    return CLI_USAGE;
  }
  if (o->respondent != NULL && strcmp(o->respondent, "staff") != 0 &&
      strcmp(o->respondent, "citizen") != 0 && strcmp(o->respondent, "relative") != 0 &&
      strcmp(o->respondent, "authority") != 0) {
    cli_error("report", "--respondent skal være staff, citizen, relative eller authority");
    return CLI_USAGE;
  }
  if (o->k != 0 && o->k < SUPPRESS_K_MIN) {
    cli_error("report", "--k kan ikke være under %d", SUPPRESS_K_MIN);
    return CLI_USAGE;
  }
  if (o->offer < 0 || o->intervention < 0 || o->unit < 0) {
    cli_error("report", "--offer, --intervention og --unit skal være positive id'er");
    return CLI_USAGE;
  }
  if (def->kind == REPORT_CITIZEN_PROGRESSION && o->citizen <= 0) {
    cli_error("report", "angiv --citizen ID: borgeren, rapporten handler om");
    return CLI_USAGE;
  }
  g_autofree char *today = spor_date_today();
  g_autoptr(GDateTime) now = spor_clock_now();
  g_autoptr(GDateTime) year_ago = g_date_time_add_days(now, -365);
  g_autofree char *default_from = g_date_time_format(year_ago, "%Y-%m-%d");
  g_autofree char *from = option_date(o->from, "from", default_from);
  g_autofree char *to = option_date(o->to, "to", today);
  if (from == NULL || to == NULL)
    return CLI_USAGE;
  if (strcmp(to, from) < 0) {
    cli_error("report", "perioden slutter (--to %s), før den begynder (--from %s)", to, from);
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  if (!store_begin(db, STORE_TX_READ, &error)) {
    cli_error("report", "%s", error->message);
    return CLI_FAILED;
  }
  g_autoptr(StoreUser) user = store_user_get_by_username(db, o->user, &error);
  /* The result list and one citizen's report are for those who care for
   * the citizens, never analysts. */
  gboolean one_citizen = def->kind == REPORT_CITIZEN_PROGRESSION;
  guint needed = report_capability(def);
  if (user == NULL || user->disabled || !(store_user_capabilities(user) & needed)) {
    store_rollback(db);
    cli_error("report", "%s", user == NULL ? error->message
                              : needed == CAP_CITIZEN_WRITE
                                ? "brugeren må ikke se borgere (medarbejder eller "
                                              "leder)"
                                            : "brugeren må ikke se rapporter (leder eller "
                                              "analytiker)");
    return CLI_FAILED;
  }
  ReportFilter f = {.from = from, .to = to, .offer_id = o->offer,
                    .intervention_id = o->intervention, .instrument = o->instrument,
                    .item = o->item, .by = o->by, .respondent = o->respondent,
                    .reliable_only = o->reliable,
                    .k = o->k != 0 ? (guint)o->k : ctx->config->report_min_cell,
                    .citizen_id = o->citizen, .unit_id = report_team_kind(def) ? 0 : o->unit};
  /* The result list names citizens: each one is audited, as on the page. */
  g_autoptr(GArray) named = g_array_new(FALSE, FALSE, sizeof(gint64));
  json_t *report = report_team_kind(def)
                     ? report_team_build(db, user->id, def, &f, o->unit, named, &error)
                     : report_build(db, user->id, def, &f, &error);
  if (report != NULL) {
    g_autofree char *detail = g_strdup_printf("%s (spor report)", def->name);
    store_rollback(db);
    /* The same audit line as a download from the web page. */
    gboolean ok = store_begin(db, STORE_TX_WRITE, &error) &&
                  store_audit_append(db, user->id, one_citizen ? o->citizen : 0,
                                     one_citizen ? "citizen.report.export" : "report.export",
                                     detail, "cli", &error);
    for (guint i = 0; ok && i < named->len; i++)
      ok = store_audit_append(db, user->id, g_array_index(named, gint64, i), "team.results",
                              detail, "cli", &error);
    if (!ok || !store_commit(db, &error)) {
      json_decref(report);
      report = NULL;
    }
  }
  store_rollback(db);
  if (report == NULL) {
    cli_error("report", "%s", error->message);
    return CLI_FAILED;
  }
  GBytes *bytes = NULL;
  if (strcmp(format, "csv") == 0) {
    bytes = report_csv(report);
  } else if (strcmp(format, "xlsx") == 0) {
    bytes = report_xlsx(report, &error);
  } else if (strcmp(format, "pdf") == 0) {
    bytes = report_pdf(report, &error);
  } else {
    char *html = report_html(report, &error);
    if (html != NULL)
      bytes = g_bytes_new_take(html, strlen(html));
  }
  json_decref(report);
  if (bytes == NULL) {
    cli_error("report", "%s", error->message);
    return CLI_FAILED;
  }
  gboolean ok = write_out(o->out, bytes);
  g_bytes_unref(bytes);
  return ok ? CLI_OK : CLI_FAILED;
}

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
    {"from", 0, 0, G_OPTION_ARG_STRING, &o.from, "periodens første dag (standard: for et år siden)",
     "DATO"},
    {"to", 0, 0, G_OPTION_ARG_STRING, &o.to, "periodens sidste dag (standard: i dag)", "DATO"},
    {"intervention", 0, 0, G_OPTION_ARG_INT64, &o.intervention, "kun denne indsats", "ID"},
    {"unit", 0, 0, G_OPTION_ARG_INT64, &o.unit,
     "kun borgerne i denne afdeling (team og caseload: afdelingens medarbejdere)", "ID"},
    {"citizen", 0, 0, G_OPTION_ARG_INT64, &o.citizen,
     "citizen-progression og status-report: borgeren (medarbejder eller leder med borgeren "
     "i sin varetægt)",
     "ID"},
    {"summary", 0, 0, G_OPTION_ARG_STRING, &o.summary,
     "status-report: sammenfatningen med medarbejderens egne ord", "TEKST"},
    {"diary", 0, 0, G_OPTION_ARG_STRING, &o.diary,
     "status-report: dagbogsuddrag: all (periodens), none eller ID,ID,…", "HVILKE"},
    {"item", 0, 0, G_OPTION_ARG_STRING, &o.item, "kun dette område (parameter)", "NØGLE"},
    {"by", 0, 0, G_OPTION_ARG_STRING, &o.by,
     "opdel på none, gender, age_band, intervention eller et baggrundsfelt", "FELT"},
    {"reliable", 0, 0, G_OPTION_ARG_NONE, &o.reliable,
     "målopfyldelse: tæl kun pålidelige forandringer (RCI)", NULL},
    {"k", 0, 0, G_OPTION_ARG_INT, &o.k, "skjul celler under K borgere (mindst 3)", "K"},
    {"format", 'f', 0, G_OPTION_ARG_STRING, &o.format, "html, pdf, csv eller xlsx", "FORMAT"},
    {"out", 'o', 0, G_OPTION_ARG_FILENAME, &o.out, "filen, der skrives (- for standardoutput)",
     "FIL"},
    {"user", 'u', 0, G_OPTION_ARG_STRING, &o.user,
     "lederen eller analytikeren, rapporten laves for", "BRUGER"},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "report", "NAVN | change | development | attainment",
                 "Rapporterne som fil, som brugeren ville se dem på siden Rapporter:\n"
                 "\n"
                 "  offer           tilbudsrapporten (ledelse og socialtilsyn)\n"
                 "  target-group    målgruppen ved opstart (Figur 6)\n"
                 "  progression     udvikling over målepunkterne (Figur 7)\n"
                 "  comparison      indsatser eller undergrupper (Figur 8–9)\n"
                 "  goal-attainment når vi vores mål? (Figur 10)\n"
                 "  staff-self      medarbejderens og borgerens vurdering\n"
                 "  team            teamets resultatliste (navngiver borgere; personale, leder)\n"
                 "  caseload        sagsbelastning pr. medarbejder\n"
                 "  costs           omkostninger pr. borgerforløb og pr. point forbedring\n"
                 "  inter-rater     enighed mellem bedømmere (ICC, vægtet kappa)\n"
                 "  completeness    fuldstændighed og rettidighed af målingerne\n"
                 "  target-fit      tiltænkt og faktisk målgruppe (Figur 14)\n"
                 "  citizen-progression  én borgers udvikling (--citizen ID)\n"
                 "  status-report   statusrapport om én borger til myndigheden, kun pdf\n"
                 "                  (--citizen ID, --summary TEKST, --diary all|none|ID,…)\n"
                 "\n"
                 "  spor report offer --user leder --from 01-01-2026 --to 31-03-2026 \\\n"
                 "      --format pdf --out kvartal.pdf\n"
                 "\n"
                 "Landsdækkende nøgletal over alle forløb med en start- og en slutmåling:\n"
                 "\n"
                 "  change        gennemsnitlig ændring fra start til slut pr. indsats og\n"
                 "                livsområde\n"
                 "  development   antal forløb med fremgang, uændret og tilbagegang pr.\n"
                 "                livsområde (målopfyldelse uden registrerede mål)\n"
                 "  attainment    de registrerede mål pr. livsområde i Figur 10's fem\n"
                 "                kategorier (målopfyldelse)\n"
                 "\n"
                 "Celler med færre end 5 forløb vises som \"< 5\" uden tal.",
                 entries, &argc, &argv, &rc)) {
    options_clear(&o);
    return rc;
  }
  if (argc == 2 && strcmp(argv[1], "status-report") == 0) {
    rc = run_status_report(ctx, &o);
    options_clear(&o);
    return rc;
  }
  const ReportDef *def = argc == 2 ? report_find(argv[1]) : NULL;
  if (def != NULL) {
    rc = run_named_report(ctx, def, &o);
    options_clear(&o);
    return rc;
  }
  g_free(o.from);
  g_free(o.to);
  g_free(o.item);
  g_free(o.by);
  g_free(o.format);
  g_free(o.out);
  g_free(o.user);
  g_free(o.summary);
  g_free(o.diary);
  g_autofree char *instrument_key = o.instrument ? o.instrument : g_strdup("vum-livsomraader");
  g_autofree char *respondent = o.respondent;
  const char *which = argc > 1 ? argv[1] : NULL;
  gboolean change = which != NULL && strcmp(which, "change") == 0;
  gboolean attainment = which != NULL && strcmp(which, "attainment") == 0 && argc == 2;
  if (which == NULL || (!change && !attainment && strcmp(which, "development") != 0) ||
      argc > 2) {
    cli_error("report", "skriv spor report NAVN (offer, target-group, progression, comparison, "
                        "goal-attainment, staff-self, team, caseload, costs, inter-rater, "
                        "completeness, target-fit, citizen-progression, status-report), change, "
                        "development eller attainment");
    return CLI_USAGE;
  }
  if (o.organisation < 0 || o.offer < 0) {
    cli_error("report", "--organisation og --offer skal være positive id'er");
    return CLI_USAGE;
  }
  StoreReportFilter filter = {.organisation_id = o.organisation, .offer_id = o.offer,
                              .respondent = respondent};
  if (attainment)
    return cmd_report_attainment(ctx, instrument_key, &filter, o.json);
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
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
