/* reports_quality.c — the pages around the quality reports that are not
 * the report pages of pages/reports.c:
 *
 *  - one citizen's progression over the measurement points
 *    (/citizens/{id}/report, report 2 for one citizen) for the staff and
 *    leaders who care for the citizen (CAP_CITIZEN_WRITE, as the status
 *    report; never an analyst, an authority or the citizen), with the same downloads as every
 *    report; audited as a read of the citizen;
 *  - an intervention's structured inclusion criteria (Figur 14), shown and
 *    added on the intervention's page and removed from it by its leaders.
 *
 * The report model itself is domain/reports_quality.c's. */
#include <math.h>
#include <string.h>

#include "core/clock.h"
#include "domain/report_export.h"
#include "domain/reports.h"
#include "domain/reports_quality.h"
#include "http/app.h"
#include "pages/common.h"
#include "pages/download.h"
#include "pages/pages.h"
#include "render/chart.h"
#include "store/quality.h"

/* ---- One citizen's progression -------------------------------------------------------- */

static const FieldSpec citizen_report_fields[] = {
  {"from", FIELD_DATE, FALSE, 0, 0, NULL, N_("Fra dato")},
  {"to", FIELD_DATE, FALSE, 0, 0, NULL, N_("Til og med dato")},
  {"instrument", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Instrument")},
  {"item", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Parameter")},
  {"respondent", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("staff", "citizen", "relative",
                                                        "authority"), N_("Besvaret af")},
  {"format", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("html", "csv", "xlsx", "pdf"),
   N_("Format")},
};

/* The instruments (questionnaires) and the chosen one's items. */
static gboolean
instrument_options(HttpRequest *req, json_t *model, const char *instrument, GError **error)
{
  FormResult *fields = req->fields;
  json_t *instruments = store_reports_instruments(req->db, error);
  if (instruments == NULL)
    return FALSE;
  gboolean en = req->lang == SPOR_LANG_EN;
  json_t *inst = json_array();
  size_t i;
  json_t *o;
  json_array_foreach(instruments, i, o) {
    const char *key = json_string_value(json_object_get(o, "key"));
    const char *kind = json_string_value(json_object_get(o, "kind"));
    if (kind != NULL && strcmp(kind, "questionnaire") != 0)
      continue;
    json_array_append_new(inst, json_pack("{s:s, s:O, s:b}", "key", key, "name",
                                          json_object_get(o, en ? "name_en" : "name_da"),
                                          "selected", g_strcmp0(key, instrument) == 0));
  }
  json_decref(instruments);
  json_object_set_new(model, "instrument_options", inst);
  const char *item = form_text(fields, "item");
  json_t *def = store_instrument_get_by_key(req->db, instrument, NULL);
  json_t *items = json_array();
  gboolean found = FALSE;
  json_array_foreach(json_object_get(def, "items"), i, o) {
    const char *key = json_string_value(json_object_get(o, "key"));
    found = found || g_strcmp0(item, key) == 0;
    json_array_append_new(items, json_pack("{s:s, s:O, s:b}", "key", key, "name",
                                           json_object_get(o, en ? "text_en" : "text_da"),
                                           "selected", g_strcmp0(item, key) == 0));
  }
  if (def == NULL)
    form_result_add_error(fields, "instrument", _("Instrumentet findes ikke."));
  else if (item != NULL && !found)
    form_result_add_error(fields, "item", _("Instrumentet har ikke denne parameter."));
  json_decref(def);
  json_object_set_new(model, "item_options", items);
  return TRUE;
}

/* An ISO date days from today; newly allocated. */
static char *
days_from_today(int days)
{
  g_autoptr(GDateTime) now = spor_clock_now();
  g_autoptr(GDateTime) then = g_date_time_add_days(now, days);
  return g_date_time_format(then, "%Y-%m-%d");
}

static void
citizen_report(HttpRequest *req, HttpReply *reply)
{
  gint64 citizen_id = http_request_param(req, "id");
  FormResult *fields = req->fields;
  g_autoptr(GError) error = NULL;
  /* Outside care (an authority, another unit): 404 before anything else. */
  json_t *citizen = store_quality_citizen(req->db, req->user->id, citizen_id, &error);
  if (citizen == NULL) {
    reply_store_error(reply, error);
    return;
  }
  json_decref(citizen);
  const ReportDef *def = report_find("citizen-progression");
  g_autofree char *today = spor_date_today();
  g_autofree char *default_from = days_from_today(-3 * 365);
  const char *from = form_text(fields, "from") ? form_text(fields, "from") : default_from;
  const char *to = form_text(fields, "to") ? form_text(fields, "to") : today;
  if (form_text(fields, "from") != NULL && form_text(fields, "to") != NULL &&
      strcmp(to, from) < 0)
    form_result_add_error(fields, "to", _("Perioden slutter, før den begynder."));
  const char *instrument = form_text(fields, "instrument") ? form_text(fields, "instrument")
                                                            : "vum-livsomraader";
  const char *respondent = form_text(fields, "respondent") ? form_text(fields, "respondent")
                                                            : "staff";
  const char *format = form_text(fields, "format") ? form_text(fields, "format") : "html";
  json_t *model = page_model_new(_(def->title));
  download_period_model(model, fields, from, to);
  json_object_set_new(model, "citizen_id", json_integer(citizen_id));
  json_object_set_new(model, "respondent_options", page_options(page_respondents, respondent));
  if (!instrument_options(req, model, instrument, &error)) {
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  if (!form_result_ok(fields)) {
    reply_form_errors(reply, "citizen_report", model, fields);
    return;
  }
  ReportFilter f = {.from = from, .to = to, .instrument = instrument,
                    .item = form_text(fields, "item"), .respondent = respondent,
                    .k = http_app_config(req->app)->report_min_cell, .citizen_id = citizen_id};
  json_t *report = report_build(req->db, req->user->id, def, &f, &error);
  if (report == NULL) {
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  if (strcmp(format, "html") != 0) {
    json_decref(model);
    reply_audit(reply, citizen_id, "citizen.report.export", format);
    download_report(reply, report, format);
    return;
  }
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
  json_decref(report);
  GString *q = g_string_new(NULL);
  g_string_append_printf(q, "from=%s&to=%s", from, to);
  static const char *const keys[] = {"instrument", "item", "respondent"};
  json_t *echo = form_result_echo(fields);
  for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
    const char *v = json_string_value(json_object_get(echo, keys[k]));
    if (v == NULL || *v == '\0')
      continue;
    g_autofree char *e = g_uri_escape_string(v, NULL, FALSE);
    g_string_append_printf(q, "&%s=%s", keys[k], e);
  }
  json_object_set_new(model, "download_query", json_string(q->str));
  g_string_free(q, TRUE);
  reply_audit(reply, citizen_id, "citizen.report", NULL);
  reply_page(reply, 200, "citizen_report", model);
}

/* ---- Structured inclusion criteria --------------------------------------------------- */

static const char *const criterion_kinds[] = {"age", "gender", "background", "start_score",
                                              NULL};

static const FieldSpec criterion_fields[] = {
  {"kind", FIELD_CHOICE, TRUE, 0, 0, criterion_kinds, N_("Slags kriterium")},
  {"min_value", FIELD_REAL, FALSE, -1000, 1000, NULL, N_("Fra")},
  {"max_value", FIELD_REAL, FALSE, -1000, 1000, NULL, N_("Til")},
  {"gender", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("female", "male", "other"), N_("Køn")},
  {"field", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("referral_basis", "diagnoses", "education",
                                                   "occupation", "housing", "medical_treatment",
                                                   "criminal_record", "mother_tongue",
                                                   "ethnic_background", "family_situation",
                                                   "cohabitation"),
   N_("Baggrundsoplysning")},
  {"value", FIELD_TEXT, FALSE, 1, 200, NULL, N_("Svar")},
  {"instrument", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Instrument")},
  {"item", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Parameter")},
};

static json_t *
kind_options(const char *selected)
{
  static const CodeLabel kinds[] = {
    {"age", N_("Alder ved opstart")},
    {"gender", N_("Køn")},
    {"background", N_("Baggrundsoplysning")},
    {"start_score", N_("Score ved opstart")},
    {NULL, NULL},
  };
  return page_options(kinds, selected);
}

void
pages_criteria_attach(HttpRequest *req, json_t *model, gint64 intervention_id,
                      json_t *values, json_t *errors)
{
  g_autoptr(GError) error = NULL;
  json_t *criteria = store_quality_criteria(req->db, req->user->id, intervention_id, &error);
  if (criteria == NULL)
    criteria = json_array();
  size_t i;
  json_t *c;
  json_array_foreach(criteria, i, c) {
    json_t *items = NULL;
    if (g_strcmp0(json_string_value(json_object_get(c, "kind")), "start_score") == 0) {
      json_t *inst = store_instrument_get_by_key(
        req->db, json_string_value(json_object_get(c, "field")), NULL);
      items = inst != NULL ? json_incref(json_object_get(inst, "items")) : NULL;
      json_decref(inst);
    }
    g_autofree char *label = report_quality_criterion_label(c, items);
    json_decref(items);
    json_object_set_new(c, "label", json_string(label));
  }
  json_object_set_new(model, "criteria", criteria);
  json_object_set_new(model, "has_criteria", json_boolean(json_array_size(criteria) > 0));
  const char *kind = values ? json_string_value(json_object_get(values, "kind")) : NULL;
  const char *gender = values ? json_string_value(json_object_get(values, "gender")) : NULL;
  const char *field = values ? json_string_value(json_object_get(values, "field")) : NULL;
  const char *instrument = values ? json_string_value(json_object_get(values, "instrument"))
                                  : NULL;
  json_t *fields = report_quality_background_options();
  json_t *f;
  json_array_foreach(fields, i, f)
    json_object_set_new(f, "selected",
                        json_boolean(g_strcmp0(field, json_string_value(json_object_get(f,
                                                                                      "code")))
                                     == 0));
  json_t *instruments = store_reports_instruments(req->db, NULL);
  json_t *inst = json_array();
  json_array_foreach(instruments, i, f) {
    const char *key = json_string_value(json_object_get(f, "key"));
    const char *k = json_string_value(json_object_get(f, "kind"));
    if (k != NULL && strcmp(k, "questionnaire") != 0)
      continue;
    json_array_append_new(inst, json_pack("{s:s, s:O, s:b}", "key", key, "name",
                                          json_object_get(f, req->lang == SPOR_LANG_EN
                                                               ? "name_en"
                                                               : "name_da"),
                                          "selected", g_strcmp0(key, instrument) == 0));
  }
  json_decref(instruments);
  json_object_set_new(model, "criterion_form",
                      json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "kind_options",
                                kind_options(kind), "gender_options",
                                page_options(page_genders, gender), "field_options", fields,
                                "instrument_options", inst, "values",
                                values ? json_incref(values) : json_object(), "errors",
                                errors ? json_incref(errors) : json_object()));
  json_object_set_new(model, "criterion_failed",
                      json_boolean(errors != NULL && json_object_size(errors) > 0));
}

/* Checks the criterion as a whole and fills in; errors go to fields. */
static void
criterion_check(HttpRequest *req, StoreCriterionInput *in)
{
  FormResult *fields = req->fields;
  in->kind = form_text(fields, "kind");
  in->has_min = form_real(fields, "min_value", &in->min_value);
  in->has_max = form_real(fields, "max_value", &in->max_value);
  if (in->kind == NULL)
    return;
  gboolean range = strcmp(in->kind, "age") == 0 || strcmp(in->kind, "start_score") == 0;
  if (range && !in->has_min && !in->has_max)
    form_result_add_error(fields, "min_value", _("Angiv en nedre eller en øvre grænse (eller "
                                                 "begge)."));
  if (range && in->has_min && in->has_max && in->min_value > in->max_value)
    form_result_add_error(fields, "max_value", _("Den øvre grænse er mindre end den nedre."));
  if (strcmp(in->kind, "age") == 0) {
    if ((in->has_min && (in->min_value < 0 || in->min_value > 120 ||
                         in->min_value != floor(in->min_value))) ||
        (in->has_max && (in->max_value < 0 || in->max_value > 120 ||
                         in->max_value != floor(in->max_value))))
      form_result_add_error(fields, "min_value", _("En alder er et helt antal år mellem 0 og "
                                                   "120."));
  } else if (strcmp(in->kind, "gender") == 0) {
    in->value = form_text(fields, "gender");
    if (in->value == NULL)
      form_result_add_error(fields, "gender", _("Vælg et køn."));
    in->has_min = in->has_max = FALSE;
  } else if (strcmp(in->kind, "background") == 0) {
    in->field = form_text(fields, "field");
    in->value = form_text(fields, "value");
    if (in->field == NULL)
      form_result_add_error(fields, "field", _("Vælg en baggrundsoplysning."));
    if (in->value == NULL)
      form_result_add_error(fields, "value", _("Skriv det svar, borgerne skal have givet."));
    in->has_min = in->has_max = FALSE;
  } else {
    in->field = form_text(fields, "instrument");
    in->item_key = form_text(fields, "item");
    json_t *def = in->field ? store_instrument_get_by_key(req->db, in->field, NULL) : NULL;
    if (def == NULL) {
      form_result_add_error(fields, "instrument", _("Vælg et instrument."));
      return;
    }
    gboolean found = in->item_key == NULL;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(def, "items"), i, it)
      found = found || g_strcmp0(json_string_value(json_object_get(it, "key")), in->item_key) == 0;
    double lo = json_number_value(json_object_get(def, "scale_min"));
    double hi = json_number_value(json_object_get(def, "scale_max"));
    json_decref(def);
    if (!found)
      form_result_add_error(fields, "item", _("Instrumentet har ikke denne parameter."));
    if ((in->has_min && (in->min_value < lo || in->min_value > hi)) ||
        (in->has_max && (in->max_value < lo || in->max_value > hi))) {
      g_autofree char *msg = g_strdup_printf(_("Grænserne skal ligge på instrumentets skala "
                                               "(%g–%g)."), lo, hi);
      form_result_add_error(fields, "min_value", msg);
    }
  }
}

static void
criterion_add(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *iv = store_intervention_get(req->db, req->user->id, id, &error);
  if (iv == NULL) {
    reply_store_error(reply, error);
    return;
  }
  gboolean can_edit = json_is_true(json_object_get(iv, "can_edit"));
  json_decref(iv);
  if (!can_edit) {
    reply_error(reply, 404, NULL);
    return;
  }
  StoreCriterionInput in = {0};
  criterion_check(req, &in);
  gint64 criterion = 0;
  if (form_result_ok(req->fields) &&
      (criterion = store_quality_criterion_add(req->db, req->user->id, id, &in, &error)) == 0) {
    reply_store_error(reply, error);
    return;
  }
  if (!form_result_ok(req->fields)) {
    json_t *model = pages_intervention_model(req, id, &error);
    if (model == NULL) {
      reply_store_error(reply, error);
      return;
    }
    pages_criteria_attach(req, model, id, form_result_echo(req->fields),
                          form_result_errors(req->fields));
    reply_page(reply, 422, "intervention", model);
    return;
  }
  reply_audit(reply, 0, "intervention.criterion", NULL);
  g_autofree char *location = g_strdup_printf("/interventions/%" G_GINT64_FORMAT "#kriterier",
                                              id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)criterion));
  reply_redirect(reply, location, TRUE);
}

static const FieldSpec criterion_delete_fields[] = {
  {"confirm", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Bekræft")},
};

static void
criterion_delete(HttpRequest *req, HttpReply *reply)
{
  gint64 intervention_id = 0;
  g_autoptr(GError) error = NULL;
  gint64 id = http_request_param(req, "id");
  /* Out of reach is 404 whether confirmed or not. */
  if (!store_quality_criterion_delete(req->db, req->user->id, id, FALSE, &intervention_id,
                                      &error)) {
    reply_store_error(reply, error);
    return;
  }
  if (!form_bool(req->fields, "confirm")) {
    reply_error(reply, 422, _("Bekræft, at kriteriet skal fjernes."));
    return;
  }
  if (!store_quality_criterion_delete(req->db, req->user->id, id, TRUE, &intervention_id,
                                      &error)) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, 0, "intervention.criterion", NULL);
  g_autofree char *location = g_strdup_printf("/interventions/%" G_GINT64_FORMAT "#kriterier",
                                              intervention_id);
  reply_redirect(reply, location, FALSE);
}

const Route pages_reports_quality_routes[] = {
  {"GET", "/citizens/{id}/report", citizen_report, CAP_CITIZEN_WRITE, citizen_report_fields,
   G_N_ELEMENTS(citizen_report_fields), 0},
  {"POST", "/interventions/{id}/criteria", criterion_add, CAP_PLAN_WRITE, criterion_fields,
   G_N_ELEMENTS(criterion_fields), 0},
  {"POST", "/intervention-criteria/{id}/delete", criterion_delete, CAP_PLAN_WRITE,
   criterion_delete_fields, G_N_ELEMENTS(criterion_delete_fields), 0},
};
const gsize pages_reports_quality_n_routes = G_N_ELEMENTS(pages_reports_quality_routes);
