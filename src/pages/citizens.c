/* citizens.c — the citizens of one's units: the list, registering a new
 * citizen with the background data asked at the start of a course, and a
 * citizen's page (background, courses, measurements and their chart).
 *
 * Which citizens a user sees is decided by the store from the user's role
 * assignments; a citizen outside them is simply "not found" here. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/cpr.h"
#include "pages/citizen_chart.h"
#include "render/chart.h"
#include "pages/common.h"
#include "pages/pages.h"

/* ---- The list ------------------------------------------------------------ */

static const FieldSpec list_fields[] = {
  {"q", FIELD_TEXT, FALSE, 0, 100, NULL, N_("Søg")},
  {"unit", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Afdeling")},
  {"erased", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Slettet")}, /* after an erasure */
};

static void
citizen_list(HttpRequest *req, HttpReply *reply)
{
  const FormResult *fields = req->fields;
  gint64 unit = 0;
  form_int(fields, "unit", &unit);
  StoreCitizenFilter filter = {.search = form_text(fields, "q"), .unit_id = unit, .limit = 500};
  /* A search that is a CPR number finds that one citizen, by its hash. */
  Cpr cpr;
  g_autofree char *cpr_hash = NULL;
  const SporSecrets *secrets = http_app_secrets(req->app);
  if (filter.search != NULL && secrets != NULL && cpr_parse(filter.search, &cpr)) {
    cpr_hash = cpr_lookup_hash(secrets, &cpr);
    filter.cpr_hash = cpr_hash;
    filter.search = NULL;
  }
  g_autoptr(GError) error = NULL;
  gint64 total = 0;
  json_t *citizens = store_citizen_list(req->db, req->user->id, &filter, &error);
  if (citizens == NULL || !store_citizen_count(req->db, req->user->id, &filter, &total, &error)) {
    json_decref(citizens);
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *today = spor_date_today();
  size_t i;
  json_t *c;
  json_array_foreach(citizens, i, c) {
    int age = spor_age_years(json_string_value(json_object_get(c, "birth_date")), today);
    json_object_set_new(c, "age", age >= 0 ? json_integer(age) : json_null());
    const char *gender = json_string_value(json_object_get(c, "gender"));
    json_object_set_new(c, "gender_label",
                        gender ? json_string(page_label(page_genders, gender)) : json_null());
    page_add_date_display(c, "last_measured_on");
  }
  json_t *model = page_model_new(_("Borgere"));
  const char *typed = form_text(fields, "q");
  json_object_set_new(model, "search", json_string(typed ? typed : ""));
  json_object_set_new(model, "total", json_integer(total));
  json_object_set_new(model, "shown", json_integer((json_int_t)json_array_size(citizens)));
  json_object_set_new(model, "truncated", json_boolean(total > (gint64)json_array_size(citizens)));
  json_object_set_new(model, "can_create", json_boolean(req->capabilities & CAP_CITIZEN_WRITE));
  json_object_set_new(model, "erased", json_boolean(form_bool(fields, "erased")));
  json_object_set_new(model, "has_citizens", json_boolean(json_array_size(citizens) > 0));
  json_object_set_new(model, "citizens", citizens);
  g_autofree char *shown = g_strdup_printf("%zu", json_array_size(citizens));
  reply_audit(reply, 0, "citizen.list", shown);
  reply_page(reply, 200, "citizens", model);
}

/* ---- Registering a citizen ----------------------------------------------- */

#define TEXT_FIELD(name, label, max) {name, FIELD_TEXT, FALSE, 0, max, NULL, label}

static const FieldSpec create_fields[] = {
  {"unit_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Afdeling")},
  {"first_name", FIELD_TEXT, TRUE, 1, 100, NULL, N_("Fornavn")},
  {"last_name", FIELD_TEXT, TRUE, 1, 100, NULL, N_("Efternavn")},
  {"birth_date", FIELD_DATE, FALSE, 0, 0, NULL, N_("Fødselsdato")},
  {"cpr", FIELD_TEXT, FALSE, 0, 20, NULL, N_("CPR-nummer")},
  {"gender", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("female", "male", "other"), N_("Køn")},
  TEXT_FIELD("referral_basis", N_("Visitationsgrundlag"), 500),
  TEXT_FIELD("diagnoses", N_("Diagnoser"), 500),
  TEXT_FIELD("education", N_("Uddannelse"), 500),
  TEXT_FIELD("occupation", N_("Erhverv"), 500),
  TEXT_FIELD("housing", N_("Bolig"), 500),
  TEXT_FIELD("intervention_goals", N_("Målene for indsatsen"), 2000),
  TEXT_FIELD("medical_treatment", N_("Medicinsk behandling"), 500),
  TEXT_FIELD("criminal_record", N_("Kriminalitet"), 500),
  TEXT_FIELD("mother_tongue", N_("Modersmål"), 100),
  TEXT_FIELD("ethnic_background", N_("Etnisk baggrund"), 100),
  TEXT_FIELD("family_situation", N_("Familieforhold"), 500),
  TEXT_FIELD("cohabitation", N_("Samlivssituation"), 500),
  {"intervention_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Indsats")},
  {"course_start", FIELD_DATE, FALSE, 0, 0, NULL, N_("Forløbets start")},
};

/* The background questions of the form, in the order of the toolbox's
 * list "Spørgsmål ved opstart af indsats"; also the rows of the citizen
 * page.  Names and gender are asked separately. */
static const struct {
  const char *key;
  const char *label;
  gboolean long_text;
} background[] = {
  {"referral_basis", N_("Visitationsgrundlag"), FALSE},
  {"diagnoses", N_("Diagnoser"), FALSE},
  {"education", N_("Uddannelse"), FALSE},
  {"occupation", N_("Erhverv"), FALSE},
  {"housing", N_("Bolig"), FALSE},
  {"intervention_goals", N_("Målene for indsatsen"), TRUE},
  {"medical_treatment", N_("Medicinsk behandling"), FALSE},
  {"criminal_record", N_("Kriminalitet"), FALSE},
  {"mother_tongue", N_("Modersmål"), FALSE},
  {"ethnic_background", N_("Etnisk baggrund"), FALSE},
  {"family_situation", N_("Familieforhold"), FALSE},
  {"cohabitation", N_("Samlivssituation"), FALSE},
};

/* The form's model: units and interventions the user may choose, the
 * background questions with any typed values, and today's date. */
static json_t *
create_model(HttpRequest *req, json_t *values, json_t *errors, GError **error)
{
  json_t *units = store_unit_list_writable(req->db, req->user->id, error);
  if (units == NULL)
    return NULL;
  const char *unit_value = json_string_value(json_object_get(values, "unit_id"));
  const char *intervention_value = json_string_value(json_object_get(values, "intervention_id"));
  json_t *interventions = json_array();
  GHashTable *offers_seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  size_t i;
  json_t *unit;
  json_array_foreach(units, i, unit) {
    g_autofree char *id = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                          json_integer_value(json_object_get(unit, "id")));
    json_object_set_new(unit, "selected",
                        json_boolean((unit_value && strcmp(unit_value, id) == 0) ||
                                     (unit_value == NULL && json_array_size(units) == 1)));
    json_t *offer_id = json_object_get(unit, "offer_id");
    gint64 *key = g_new(gint64, 1);
    *key = json_integer_value(offer_id);
    if (g_hash_table_contains(offers_seen, key)) {
      g_free(key);
      continue;
    }
    g_hash_table_add(offers_seen, key);
    json_t *list = store_intervention_list(req->db, *key, error);
    if (list == NULL) {
      g_hash_table_destroy(offers_seen);
      json_decref(units);
      json_decref(interventions);
      return NULL;
    }
    size_t k;
    json_t *iv;
    json_array_foreach(list, k, iv) {
      g_autofree char *iv_id = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                               json_integer_value(json_object_get(iv, "id")));
      json_object_set(iv, "offer_name", json_object_get(unit, "offer_name"));
      json_object_set_new(iv, "selected",
                          json_boolean(intervention_value && strcmp(intervention_value, iv_id) == 0));
      json_array_append(interventions, iv);
    }
    json_decref(list);
  }
  g_hash_table_destroy(offers_seen);

  json_t *questions = json_array();
  for (guint q = 0; q < G_N_ELEMENTS(background); q++)
    json_array_append_new(questions,
                          json_pack("{s:s, s:s, s:b, s:O?, s:O?}", "name", background[q].key,
                                    "label", _(background[q].label), "long", background[q].long_text,
                                    "value", json_object_get(values, background[q].key),
                                    "error", json_object_get(errors, background[q].key)));
  g_autofree char *today = spor_date_today();
  g_autofree char *today_display = spor_date_iso_to_danish(today);
  json_t *model = page_model_new(_("Ny borger"));
  json_object_set_new(model, "units", units);
  json_object_set_new(model, "interventions", interventions);
  json_object_set_new(model, "questions", questions);
  json_object_set_new(model, "genders",
                      page_options(page_genders, json_string_value(json_object_get(values, "gender"))));
  json_object_set_new(model, "today", json_string(today_display));
  json_object_set(model, "values", values);
  return model;
}

static void
citizen_new(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *values = json_object();
  json_t *model = create_model(req, values, NULL, &error);
  json_decref(values);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_page(reply, 200, "citizen_new", model);
}

static void
create_failed(HttpRequest *req, HttpReply *reply, FormResult *fields)
{
  g_autoptr(GError) error = NULL;
  json_t *model = create_model(req, form_result_echo(fields), form_result_errors(fields),
                               &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_form_errors(reply, "citizen_new", model, fields);
}

static void
citizen_create(HttpRequest *req, HttpReply *reply)
{
  /* The dispatcher validated the declared fields; the checks below need
   * the store or today's date.  Any error: 422 and nothing is kept. */
  FormResult *fields = req->fields;
  g_autofree char *today = spor_date_today();
  const char *birth = form_text(fields, "birth_date");
  if (birth != NULL && (strcmp(birth, today) > 0 || strcmp(birth, "1900-01-01") < 0))
    form_result_add_error(fields, "birth_date", _("Fødselsdato skal ligge mellem 1900 og i dag."));
  const char *course_start = form_text(fields, "course_start");
  gint64 intervention_id = 0;
  form_int(fields, "intervention_id", &intervention_id);
  if (course_start != NULL && intervention_id == 0)
    form_result_add_error(fields, "intervention_id",
                          _("Vælg den indsats, forløbet starter i."));
  const char *cpr_text = form_text(fields, "cpr");
  Cpr cpr;
  g_autofree char *cpr_sealed = NULL, *cpr_hash = NULL;
  const SporSecrets *secrets = http_app_secrets(req->app);
  if (cpr_text != NULL && !cpr_parse(cpr_text, &cpr)) {
    form_result_add_error(fields, "cpr",
                          _("CPR-nummeret skal være 10 cifre med en rigtig dato, fx 010203-1234."));
  } else if (cpr_text != NULL && secrets == NULL) {
    form_result_add_error(fields, "cpr",
                          _("CPR-numre kan ikke gemmes: systemets nøglefil mangler. Kontakt "
                            "administratoren."));
  } else if (cpr_text != NULL) {
    cpr_sealed = cpr_seal(secrets, &cpr);
    cpr_hash = cpr_lookup_hash(secrets, &cpr);
  }
  if (!form_result_ok(fields)) {
    create_failed(req, reply, fields);
    return;
  }

  gint64 unit_id = 0;
  form_int(fields, "unit_id", &unit_id);
  guint caps = req->capabilities;
  StoreCitizenInput in = {
    .unit_id = unit_id,
    .first_name = form_text(fields, "first_name"),
    .last_name = form_text(fields, "last_name"),
    .birth_date = birth,
    .gender = form_text(fields, "gender"),
    .referral_basis = form_text(fields, "referral_basis"),
    .diagnoses = form_text(fields, "diagnoses"),
    .education = form_text(fields, "education"),
    .occupation = form_text(fields, "occupation"),
    .housing = form_text(fields, "housing"),
    .intervention_goals = form_text(fields, "intervention_goals"),
    .medical_treatment = form_text(fields, "medical_treatment"),
    .criminal_record = form_text(fields, "criminal_record"),
    .mother_tongue = form_text(fields, "mother_tongue"),
    .ethnic_background = form_text(fields, "ethnic_background"),
    .family_situation = form_text(fields, "family_situation"),
    .cohabitation = form_text(fields, "cohabitation"),
    .contact_person_id = (caps & CAP_CITIZEN_WRITE) ? req->user->id : 0,
    .cpr_sealed = cpr_sealed,
    .cpr_hash = cpr_hash,
  };
  g_autoptr(GError) error = NULL;
  gint64 id = store_citizen_create(req->db, req->user->id, &in, &error);
  if (id == 0 && g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
    /* The user is not staff in that unit (a leader above it, say): the
     * citizen simply gets no contact person yet. */
    g_clear_error(&error);
    in.contact_person_id = 0;
    id = store_citizen_create(req->db, req->user->id, &in, &error);
  }
  if (id == 0) {
    if (g_error_matches(error, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      form_result_add_error(fields, "unit_id", _("Vælg en afdeling, du har adgang til."));
      create_failed(req, reply, fields);
    } else {
      reply_store_error(reply, error);
    }
    return;
  }
  if (intervention_id != 0) {
    StoreCourseInput course = {.citizen_id = id, .intervention_id = intervention_id,
                               .started_on = course_start ? course_start : today,
                               .phase = "stabilisation"};
    if (store_course_create(req->db, &course, &error) == 0) {
      if (g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
        form_result_add_error(fields, "intervention_id",
                              _("Indsatsen hører ikke til afdelingens tilbud."));
        create_failed(req, reply, fields);
      } else {
        reply_store_error(reply, error);
      }
      return;
    }
  }
  if (!store_audit_append(req->db, req->user->id, id, "citizen.create", NULL, req->remote_addr,
                          &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = g_strdup_printf("/citizens/%" G_GINT64_FORMAT, id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, TRUE);
}

/* ---- A citizen's page ----------------------------------------------------- */

static void
decorate_courses(json_t *courses)
{
  size_t i;
  json_t *c;
  json_array_foreach(courses, i, c) {
    page_add_date_display(c, "started_on");
    page_add_date_display(c, "ended_on");
    const char *phase = json_string_value(json_object_get(c, "phase"));
    json_object_set_new(c, "phase_label", phase ? json_string(page_label(page_phases, phase))
                                                : json_null());
  }
}

static void
decorate_measurements(json_t *measurements, SporLang lang)
{
  size_t i;
  json_t *m;
  json_array_foreach(measurements, i, m) {
    page_add_date_display(m, "measured_on");
    json_object_set_new(m, "point_label",
      json_string(page_label(page_points, json_string_value(json_object_get(m, "point")))));
    json_object_set_new(m, "respondent_label",
      json_string(page_label(page_respondents, json_string_value(json_object_get(m, "respondent")))));
    json_object_set_new(m, "method_label",
      json_string(page_label(page_methods, json_string_value(json_object_get(m, "collection_method")))));
    json_object_set_new(m, "status_label",
      json_string(page_label(page_statuses, json_string_value(json_object_get(m, "status")))));
    json_object_set(m, "instrument_name",
                    json_object_get(m, lang == SPOR_LANG_EN ? "instrument_name_en"
                                                            : "instrument_name_da"));
    json_t *score = json_object_get(m, "score");
    if (json_is_number(score)) {
      char buf[32];
      g_snprintf(buf, sizeof buf, "%.2f", json_number_value(score));
      if (lang == SPOR_LANG_DA)
        *strchr(buf, '.') = ',';
      json_object_set_new(m, "score_display", json_string(buf));
    }
  }
}

/* The citizen's CPR number, whole or masked, or NULL when none is
 * registered or the key file is missing (NULL with error when the store
 * failed).  Newly allocated. */
static char *
citizen_cpr(HttpRequest *req, gint64 id, gboolean whole, GError **error)
{
  g_autofree char *sealed = NULL;
  if (!store_citizen_cpr_sealed(req->db, req->user->id, id, &sealed, error))
    return NULL;
  const SporSecrets *secrets = http_app_secrets(req->app);
  Cpr cpr;
  if (sealed == NULL || secrets == NULL || !cpr_open(secrets, sealed, &cpr))
    return NULL;
  return whole ? cpr_format(&cpr) : cpr_mask(&cpr);
}

static void
citizen_show(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *citizen = store_citizen_get(req->db, req->user->id, id, &error);
  if (citizen == NULL) {
    reply_store_error(reply, error);
    return;
  }
  json_t *courses = store_course_list(req->db, req->user->id, id, &error);
  json_t *measurements = courses ? store_measurement_list(req->db, req->user->id, id, &error)
                                 : NULL;
  json_t *instrument = measurements ? store_instrument_get_by_key(req->db, CITIZEN_CHART_INSTRUMENT,
                                                                  &error)
                                    : NULL;
  if (instrument == NULL) {
    json_decref(citizen);
    json_decref(courses);
    json_decref(measurements);
    reply_store_error(reply, error);
    return;
  }

  g_autofree char *today = spor_date_today();
  int age = spor_age_years(json_string_value(json_object_get(citizen, "birth_date")), today);
  json_object_set_new(citizen, "age", age >= 0 ? json_integer(age) : json_null());
  page_add_date_display(citizen, "birth_date");
  const char *gender = json_string_value(json_object_get(citizen, "gender"));
  json_object_set_new(citizen, "gender_label",
                      gender ? json_string(page_label(page_genders, gender)) : json_null());
  g_autofree char *masked = citizen_cpr(req, id, FALSE, &error);
  if (error != NULL) {
    json_decref(citizen);
    json_decref(courses);
    json_decref(measurements);
    json_decref(instrument);
    reply_store_error(reply, error);
    return;
  }
  json_object_set_new(citizen, "cpr_masked", masked ? json_string(masked) : json_null());

  json_t *rows = json_array();
  for (guint q = 0; q < G_N_ELEMENTS(background); q++) {
    json_t *value = json_object_get(citizen, background[q].key);
    if (json_is_string(value) && json_string_length(value) > 0)
      json_array_append_new(rows, json_pack("{s:s, s:O}", "label", _(background[q].label),
                                            "value", value));
  }
  decorate_courses(courses);
  decorate_measurements(measurements, req->lang);
  json_t *chart = citizen_chart_model(citizen, measurements, instrument, req->lang);
  json_decref(instrument);

  g_autofree char *title = g_strdup_printf("%s %s",
    json_string_value(json_object_get(citizen, "first_name")),
    json_string_value(json_object_get(citizen, "last_name")));
  json_t *model = page_model_new(title);
  json_object_set_new(model, "citizen", citizen);
  json_object_set_new(model, "background", rows);
  json_object_set_new(model, "courses", courses);
  json_object_set_new(model, "has_measurements", json_boolean(json_array_size(measurements) > 0));
  json_object_set_new(model, "measurements", measurements);
  json_object_set_new(model, "can_measure",
                      json_boolean(req->capabilities & CAP_MEASUREMENT_WRITE));
  json_object_set_new(model, "can_reveal_cpr",
                      json_boolean(req->capabilities & CAP_CITIZEN_WRITE));
  json_object_set_new(model, "can_manage_privacy",
                      json_boolean(req->capabilities & CAP_PRIVACY));
  if (chart != NULL) {
    if (!req->api) {
      g_autoptr(GError) chart_error = NULL;
      char *svg = chart_line_svg(chart, &chart_error);
      if (svg != NULL)
        reply_html_extra(reply, "chart_svg", svg);
      else
        g_warning("diagrammet kunne ikke tegnes: %s", chart_error->message);
    }
    json_object_set_new(model, "chart", chart);
  }
  reply_audit(reply, json_integer_value(json_object_get(json_object_get(model, "citizen"), "id")),
              "citizen.read", NULL);
  reply_page(reply, 200, "citizen", model);
}

/* ---- Showing the whole CPR number ----------------------------------------- */

/* The question first, as a GET: the number itself only after a POST that
 * the audit log records. */
static void
cpr_confirm(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *citizen = store_citizen_get(req->db, req->user->id, id, &error);
  if (citizen == NULL) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *masked = citizen_cpr(req, id, FALSE, &error);
  json_t *model = page_model_new(_("CPR-nummer"));
  json_object_set_new(model, "citizen", citizen);
  json_object_set_new(model, "cpr_masked", masked ? json_string(masked) : json_null());
  reply_page(reply, 200, "citizen_cpr", model);
}

static void
cpr_reveal(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *citizen = store_citizen_get(req->db, req->user->id, id, &error);
  if (citizen == NULL) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *whole = citizen_cpr(req, id, TRUE, &error);
  if (error != NULL) {
    json_decref(citizen);
    reply_store_error(reply, error);
    return;
  }
  json_t *model = page_model_new(_("CPR-nummer"));
  json_object_set_new(model, "citizen", citizen);
  json_object_set_new(model, "cpr", whole ? json_string(whole) : json_null());
  json_object_set_new(model, "revealed", json_true());
  if (whole != NULL)
    reply_audit(reply, id, "citizen.cpr.read", NULL);
  reply_page(reply, 200, "citizen_cpr", model);
}

const Route pages_citizens_routes[] = {
  {"GET", "/citizens", citizen_list, CAP_CITIZEN_READ, list_fields, G_N_ELEMENTS(list_fields),
   ROUTE_PAGE_CACHE},
  {"GET", "/citizens/new", citizen_new, CAP_CITIZEN_WRITE, NULL, 0, ROUTE_HTML_ONLY},
  {"POST", "/citizens", citizen_create, CAP_CITIZEN_WRITE, create_fields,
   G_N_ELEMENTS(create_fields), 0},
  {"GET", "/citizens/{id}", citizen_show, CAP_CITIZEN_READ, NULL, 0, ROUTE_PAGE_CACHE},
  {"GET", "/citizens/{id}/cpr", cpr_confirm, CAP_CITIZEN_WRITE, NULL, 0, ROUTE_HTML_ONLY},
  {"POST", "/citizens/{id}/cpr", cpr_reveal, CAP_CITIZEN_WRITE, NULL, 0, 0},
};
const gsize pages_citizens_n_routes = G_N_ELEMENTS(pages_citizens_routes);
