/* reports.c — the report pages (/reports and one page per report of
 * domain/reports.h) for leaders and analysts (CAP_REPORT): a filter form,
 * and per section a chart, "Sådan læses figuren" and the table, with the
 * same report as CSV, XLSX and PDF (?format=…).
 *
 * Which offers a report covers is the store's business
 * (store_reports_*): a leader's own offers, or an analyst's offers
 * together.  Naming an offer or intervention out of reach is 404.  Every
 * figure is aggregated and small cells are hidden before the model
 * exists, so the page, its JSON twin and every file show the same. */
#include <string.h>

#include "analysis/suppress.h"
#include "core/clock.h"
#include "domain/report_export.h"
#include "domain/reports.h"
#include "domain/reports_team.h"
#include "http/app.h"
#include "pages/common.h"
#include "pages/download.h"
#include "pages/pages.h"
#include "render/chart.h"

static const char *const by_codes[] = {
  "none", "gender", "age_band", "intervention", "referral_basis", "education", "occupation",
  "housing", "family_situation", "cohabitation", "mother_tongue",
  "diagnoses", "medical_treatment", "criminal_record", "ethnic_background", "end_reason",
  "discharged_to", "medical_treatment_end", "cohabitation_end", "offer", "unit", "worker",
  NULL,
};

static const FieldSpec report_fields[] = {
  {"from", FIELD_DATE, FALSE, 0, 0, NULL, N_("Fra dato")},
  {"to", FIELD_DATE, FALSE, 0, 0, NULL, N_("Til og med dato")},
  {"offer", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Tilbud")},
  {"intervention", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Indsats")},
  {"unit", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Afdeling")},
  {"instrument", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Instrument")},
  {"item", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Parameter")},
  {"by", FIELD_CHOICE, FALSE, 0, 0, by_codes, N_("Opdelt på")},
  {"respondent", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("staff", "citizen", "relative",
                                                        "authority"), N_("Besvaret af")},
  {"reliable", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Kun pålidelige forandringer")},
  {"format", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("html", "csv", "xlsx", "pdf"),
   N_("Format")},
};

/* An ISO date days from today; newly allocated. */
static char *
days_from_today(int days)
{
  g_autoptr(GDateTime) now = spor_clock_now();
  g_autoptr(GDateTime) then = g_date_time_add_days(now, days);
  return g_date_time_format(then, "%Y-%m-%d");
}

/* The query string of the report's filters as given, for the download
 * links (format appended by the template); newly allocated. */
static char *
filter_query(const FormResult *fields, const char *from, const char *to)
{
  GString *q = g_string_new(NULL);
  g_string_append_printf(q, "from=%s&to=%s", from, to);
  static const char *const keys[] = {"offer", "intervention", "unit", "instrument", "item",
                                     "by", "respondent"};
  json_t *echo = form_result_echo(fields);
  for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
    const char *v = json_string_value(json_object_get(echo, keys[i]));
    if (v == NULL || *v == '\0')
      continue;
    g_autofree char *e = g_uri_escape_string(v, NULL, FALSE);
    g_string_append_printf(q, "&%s=%s", keys[i], e);
  }
  if (form_bool(fields, "reliable"))
    g_string_append(q, "&reliable=1");
  return g_string_free(q, FALSE);
}

/* The choices of the filter form: offers the user leads, interventions,
 * instruments and their items, subgroups and respondents. */
static gboolean
add_options(HttpRequest *req, json_t *model, const char *instrument, GError **error)
{
  FormResult *fields = req->fields;
  gint64 offer = 0, intervention = 0;
  form_int(fields, "offer", &offer);
  form_int(fields, "intervention", &intervention);
  json_t *offers = store_reports_offers(req->db, req->user->id, error);
  if (offers == NULL)
    return FALSE;
  json_t *led = json_array();
  size_t i;
  json_t *o;
  json_array_foreach(offers, i, o) {
    if (!json_is_true(json_object_get(o, "led")))
      continue;
    json_object_set_new(o, "selected",
                        json_boolean(json_integer_value(json_object_get(o, "id")) == offer));
    json_array_append(led, o);
  }
  json_object_set_new(model, "offers_in_reach", json_integer((json_int_t)json_array_size(offers)));
  json_decref(offers);
  json_object_set_new(model, "offer_options", led);
  json_object_set_new(model, "analyst_only", json_boolean(json_array_size(led) == 0));
  json_t *ivs = store_reports_interventions(req->db, req->user->id, error);
  if (ivs == NULL)
    return FALSE;
  json_array_foreach(ivs, i, o)
    json_object_set_new(o, "selected",
                        json_boolean(json_integer_value(json_object_get(o, "id")) == intervention));
  json_object_set_new(model, "intervention_options", ivs);
  gint64 unit = 0;
  form_int(fields, "unit", &unit);
  json_t *units = store_reports_units(req->db, req->user->id, error);
  if (units == NULL)
    return FALSE;
  json_array_foreach(units, i, o)
    json_object_set_new(o, "selected", json_boolean(json_integer_value(json_object_get(o, "id")) ==
                                                    unit));
  json_object_set_new(model, "unit_options", units);
  json_t *instruments = store_reports_instruments(req->db, error);
  if (instruments == NULL)
    return FALSE;
  gboolean en = req->lang == SPOR_LANG_EN;
  json_t *inst = json_array();
  json_array_foreach(instruments, i, o) {
    const char *key = json_string_value(json_object_get(o, "key"));
    const char *kind = json_string_value(json_object_get(o, "kind"));
    if (kind != NULL && strcmp(kind, "questionnaire") != 0)
      continue;
    json_array_append_new(inst, json_pack("{s:s, s:O, s:b}", "key", key, "name",
                                          json_object_get(o, en ? "name_en" : "name_da"),
                                          "selected", strcmp(key, instrument) == 0));
  }
  json_decref(instruments);
  json_object_set_new(model, "instrument_options", inst);
  const char *item = form_text(fields, "item");
  json_t *def = store_instrument_get_by_key(req->db, instrument, NULL);
  json_t *items = json_array();
  json_t *it;
  gboolean item_found = FALSE;
  json_array_foreach(json_object_get(def, "items"), i, it) {
    const char *key = json_string_value(json_object_get(it, "key"));
    item_found = item_found || g_strcmp0(item, key) == 0;
    json_array_append_new(items, json_pack("{s:s, s:O, s:b}", "key", key, "name",
                                           json_object_get(it, en ? "text_en" : "text_da"),
                                           "selected", g_strcmp0(item, key) == 0));
  }
  /* A filter that names nothing is the form's error, not a missing page. */
  if (def == NULL)
    form_result_add_error(fields, "instrument", _("Instrumentet findes ikke."));
  else if (item != NULL && !item_found)
    form_result_add_error(fields, "item", _("Instrumentet har ikke denne parameter."));
  json_decref(def);
  json_object_set_new(model, "item_options", items);
  const char *by = form_text(fields, "by");
  json_t *bys = report_by_options();
  json_array_foreach(bys, i, o)
    json_object_set_new(o, "selected",
                        json_boolean(g_strcmp0(by, json_string_value(json_object_get(o, "code")))
                                     == 0));
  json_object_set_new(model, "by_options", bys);
  json_object_set_new(model, "respondent_options",
                      page_options(page_respondents, form_text(fields, "respondent")
                                                       ? form_text(fields, "respondent")
                                                       : "staff"));
  return TRUE;
}

/* The list of reports, for the index and the navigation of each report. */
static json_t *
report_list(const char *current, guint capabilities)
{
  gsize n;
  const ReportDef *defs = report_defs(&n);
  json_t *a = json_array();
  for (gsize i = 0; i < n; i++) {
    /* Only the reports the user may open (the result list names citizens). */
    if (!(capabilities & report_capability(&defs[i])))
      continue;
    g_autofree char *href = report_href(&defs[i]);
    json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:b}", "name", defs[i].name,
                                       "href", href, "title", _(defs[i].title), "summary",
                                       _(defs[i].summary), "current",
                                       g_strcmp0(current, defs[i].name) == 0));
  }
  return a;
}

static void
reports_index(HttpRequest *req, HttpReply *reply)
{
  json_t *model = page_model_new(_("Rapporter"));
  json_object_set_new(model, "reports", report_list(NULL, req->capabilities));
  reply_page(reply, 200, "reports", model);
}

/* One report: the page, or its file when format asks for one. */
static void
report_page(HttpRequest *req, HttpReply *reply, const char *name)
{
  const ReportDef *def = report_find(name);
  FormResult *fields = req->fields;
  g_autofree char *today = spor_date_today();
  g_autofree char *default_from = days_from_today(-365);
  const char *from = form_text(fields, "from") ? form_text(fields, "from") : default_from;
  const char *to = form_text(fields, "to") ? form_text(fields, "to") : today;
  if (form_text(fields, "from") != NULL && form_text(fields, "to") != NULL &&
      strcmp(to, from) < 0)
    form_result_add_error(fields, "to", _("Perioden slutter, før den begynder."));
  const char *instrument = form_text(fields, "instrument") ? form_text(fields, "instrument")
                                                            : "vum-livsomraader";
  const char *format = form_text(fields, "format") ? form_text(fields, "format") : "html";
  json_t *model = page_model_new(_(def->title));
  json_object_set_new(model, "report_name", json_string(def->name));
  json_object_set_new(model, "summary", json_string(_(def->summary)));
  json_object_set_new(model, "reports", report_list(def->name, req->capabilities));
  json_object_set_new(model, "goal_report", json_boolean(def->kind == REPORT_GOAL_ATTAINMENT ||
                                                         def->kind == REPORT_OFFER));
  json_object_set_new(model, "reliable", json_boolean(form_bool(fields, "reliable")));
  download_period_model(model, fields, from, to);
  g_autoptr(GError) error = NULL;
  if (!add_options(req, model, instrument, &error)) {
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  if (!form_result_ok(fields)) {
    reply_form_errors(reply, "report", model, fields);
    return;
  }
  ReportFilter f = {.from = from, .to = to, .instrument = instrument,
                    .item = form_text(fields, "item"), .by = form_text(fields, "by"),
                    .respondent = form_text(fields, "respondent"),
                    .reliable_only = form_bool(fields, "reliable"),
                    .k = http_app_config(req->app)->report_min_cell};
  form_int(fields, "offer", &f.offer_id);
  form_int(fields, "intervention", &f.intervention_id);
  form_int(fields, "unit", &f.unit_id);
  json_t *report = report_build(req->db, req->user->id, def, &f, &error);
  if (report == NULL) {
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  if (strcmp(format, "html") != 0) {
    json_decref(model);
    reply_audit(reply, 0, "report.export", def->name);
    download_report(reply, report, format);
    return;
  }
  /* The page: each chart's SVG beside its section (spor's own, escaped
   * markup, printed raw by the template); the API twin gets the model
   * without it. */
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(report, "sections"), i, s) {
    json_t *chart = json_object_get(s, "chart");
    if (chart == NULL || req->api)
      continue;
    g_autofree char *svg = chart_svg(chart, &error);
    if (svg == NULL) {
      g_warning("figuren kunne ikke tegnes: %s", error->message);
      g_clear_error(&error);
      continue;
    }
    json_object_set_new(s, "chart_svg", json_string(svg));
  }
  json_object_update(model, report);
  json_object_set_new(model, "title", json_string(_(def->title)));
  json_decref(report);
  g_autofree char *query = filter_query(fields, from, to);
  json_object_set_new(model, "download_query", json_string(query));
  reply_audit(reply, 0, "report.view", def->name);
  reply_page(reply, 200, "report", model);
}

#define REPORT_ROUTE(fn, name)                                     \
  static void fn(HttpRequest *req, HttpReply *reply)               \
  {                                                                \
    report_page(req, reply, name);                                 \
  }
REPORT_ROUTE(offer_report, "offer")
REPORT_ROUTE(target_group_report, "target-group")
REPORT_ROUTE(progression_report, "progression")
REPORT_ROUTE(comparison_report, "comparison")
REPORT_ROUTE(goal_attainment_report, "goal-attainment")
REPORT_ROUTE(staff_self_report, "staff-self")
REPORT_ROUTE(inter_rater_report, "inter-rater")
REPORT_ROUTE(completeness_report, "completeness")
REPORT_ROUTE(target_fit_report, "target-fit")

#define REPORT_FIELDS report_fields, G_N_ELEMENTS(report_fields)

const Route pages_reports_routes[] = {
  {"GET", "/reports", reports_index, CAP_REPORT, NULL, 0, 0},
  {"GET", "/reports/offer", offer_report, CAP_REPORT, REPORT_FIELDS, 0},
  {"GET", "/reports/target-group", target_group_report, CAP_REPORT, REPORT_FIELDS, 0},
  {"GET", "/reports/progression", progression_report, CAP_REPORT, REPORT_FIELDS, 0},
  {"GET", "/reports/comparison", comparison_report, CAP_REPORT, REPORT_FIELDS, 0},
  {"GET", "/reports/goal-attainment", goal_attainment_report, CAP_REPORT, REPORT_FIELDS, 0},
  {"GET", "/reports/staff-self", staff_self_report, CAP_REPORT, REPORT_FIELDS, 0},
  {"GET", "/reports/inter-rater", inter_rater_report, CAP_REPORT, REPORT_FIELDS, 0},
  {"GET", "/reports/completeness", completeness_report, CAP_REPORT, REPORT_FIELDS, 0},
  {"GET", "/reports/target-fit", target_fit_report, CAP_REPORT, REPORT_FIELDS, 0},
};
const gsize pages_reports_n_routes = G_N_ELEMENTS(pages_reports_routes);
