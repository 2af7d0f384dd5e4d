/* measurements.c — recording a measurement with a citizen.
 *
 * The form shows every item of the instrument with its answer scale as a
 * group of radio buttons (the scale's labels spelled out, so the citizen
 * and the worker can read them together), the measurement point, who
 * answered and how the answers were collected (Tabel 2). */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "pages/citizen_chart.h"
#include "pages/common.h"
#include "pages/pages.h"

static const FieldSpec measurement_fields[] = {
  {"instrument_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Instrument")},
  {"measured_on", FIELD_DATE, TRUE, 0, 0, NULL, N_("Dato")},
  {"point", FIELD_CHOICE, TRUE, 0, 0,
   PAGE_CODES("start", "follow_up", "end", "after_end", "ad_hoc"), N_("Målepunkt")},
  {"respondent", FIELD_CHOICE, TRUE, 0, 0, PAGE_CODES("staff", "citizen", "relative", "authority"),
   N_("Besvaret af")},
  {"collection_method", FIELD_CHOICE, TRUE, 0, 0,
   PAGE_CODES("dialogue_interview", "simple_interview", "self_report", "observation",
              "observation_conversation"),
   N_("Indsamlingsmetode")},
  {"course_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Forløb")},
  {"comment", FIELD_TEXT, FALSE, 0, 2000, NULL, N_("Kommentar")},
  {"draft", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Gem som kladde")},
};

/* "item_12": the form field of an instrument item. */
static char *
item_field(json_int_t item_id)
{
  return g_strdup_printf("item_%" JSON_INTEGER_FORMAT, item_id);
}

/* The form's model for citizen with instrument; values are the typed
 * values ({} for a fresh form), errors the messages ({} when none). */
static json_t *
form_model(HttpRequest *req, json_t *citizen, json_t *instrument, json_t *courses,
           json_t *values, json_t *errors)
{
  const char *text_key = req->lang == SPOR_LANG_EN ? "text_en" : "text_da";
  const char *label_key = req->lang == SPOR_LANG_EN ? "label_en" : "label_da";
  json_t *scale = json_object_get(instrument, "scale");
  json_t *items = json_array();
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(instrument, "items"), i, item) {
    json_int_t id = json_integer_value(json_object_get(item, "id"));
    g_autofree char *field = item_field(id);
    const char *chosen = json_string_value(json_object_get(values, field));
    json_t *options = json_array();
    size_t k;
    json_t *step;
    json_array_foreach(scale, k, step) {
      g_autofree char *value = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                               json_integer_value(json_object_get(step, "value")));
      json_array_append_new(options, json_pack("{s:s, s:O, s:b}", "value", value,
                                               "label", json_object_get(step, label_key),
                                               "checked", chosen && strcmp(chosen, value) == 0));
    }
    json_array_append_new(items,
      json_pack("{s:s, s:O, s:o, s:b, s:O?}", "field", field, "text",
                json_object_get(item, text_key), "options", options, "unanswered",
                chosen == NULL || strcmp(chosen, "") == 0, "error",
                json_object_get(errors, field)));
  }

  json_t *course_options = json_array();
  const char *course_value = json_string_value(json_object_get(values, "course_id"));
  json_t *course;
  json_array_foreach(courses, i, course) {
    g_autofree char *id = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                          json_integer_value(json_object_get(course, "id")));
    gboolean selected = course_value ? strcmp(course_value, id) == 0
                                     : (i == 0 && json_is_null(json_object_get(course, "ended_on")));
    json_array_append_new(course_options,
      json_pack("{s:s, s:O, s:O?, s:b}", "id", id, "name", json_object_get(course, "intervention_name"),
                "started_on_display", json_object_get(course, "started_on_display"),
                "selected", selected));
  }

  g_autofree char *today = spor_date_today();
  g_autofree char *today_display = spor_date_iso_to_danish(today);
  const char *point = json_string_value(json_object_get(values, "point"));
  const char *respondent = json_string_value(json_object_get(values, "respondent"));
  const char *method = json_string_value(json_object_get(values, "collection_method"));
  g_autofree char *title = g_strdup_printf(_("Ny måling: %s %s"),
    json_string_value(json_object_get(citizen, "first_name")),
    json_string_value(json_object_get(citizen, "last_name")));
  json_t *model = page_model_new(title);
  json_object_set(model, "citizen", citizen);
  json_object_set_new(model, "instrument",
    json_pack("{s:O, s:O, s:O?}", "id", json_object_get(instrument, "id"), "name",
              json_object_get(instrument, req->lang == SPOR_LANG_EN ? "name_en" : "name_da"),
              "description",
              json_object_get(instrument, req->lang == SPOR_LANG_EN ? "description_en"
                                                                      : "description_da")));
  json_object_set_new(model, "items", items);
  json_object_set_new(model, "courses", course_options);
  json_object_set_new(model, "points", page_options(page_points, point ? point : "follow_up"));
  json_object_set_new(model, "respondents",
                      page_options(page_respondents, respondent ? respondent : "staff"));
  json_object_set_new(model, "methods",
                      page_options(page_methods, method ? method : "dialogue_interview"));
  json_object_set_new(model, "today", json_string(today_display));
  json_object_set(model, "values", values);
  return model;
}

/* Loads the citizen (scoped), the chart instrument and the courses. */
static gboolean
load(HttpRequest *req, HttpReply *reply, json_t **citizen, json_t **instrument, json_t **courses)
{
  g_autoptr(GError) error = NULL;
  gint64 id = http_request_param(req, "id");
  *citizen = store_citizen_get(req->db, req->user->id, id, &error);
  *courses = *citizen ? store_course_list(req->db, req->user->id, id, &error) : NULL;
  *instrument = *courses ? store_instrument_get_by_key(req->db, CITIZEN_CHART_INSTRUMENT, &error)
                         : NULL;
  if (*instrument == NULL) {
    g_clear_pointer(citizen, json_decref);
    g_clear_pointer(courses, json_decref);
    reply_store_error(reply, error);
    return FALSE;
  }
  size_t i;
  json_t *c;
  json_array_foreach(*courses, i, c)
    page_add_date_display(c, "started_on");
  return TRUE;
}

static void
measurement_new(HttpRequest *req, HttpReply *reply)
{
  json_t *citizen, *instrument, *courses;
  if (!load(req, reply, &citizen, &instrument, &courses))
    return;
  json_t *values = json_object();
  json_t *errors = json_object();
  reply_audit(reply, http_request_param(req, "id"), "citizen.read", "measurement_new");
  reply_page(reply, 200, "measurement_new",
             form_model(req, citizen, instrument, courses, values, errors));
  json_decref(values);
  json_decref(errors);
  json_decref(citizen);
  json_decref(instrument);
  json_decref(courses);
}

static void
measurement_create(HttpRequest *req, HttpReply *reply)
{
  json_t *citizen, *instrument, *courses;
  if (!load(req, reply, &citizen, &instrument, &courses))
    return;
  FormResult *fields = req->fields;
  json_t *echo = json_deep_copy(form_result_echo(fields));

  /* The answers: one field per item, a value of the scale or nothing. */
  json_t *items = json_object_get(instrument, "items");
  json_int_t scale_min = json_integer_value(json_object_get(instrument, "scale_min"));
  json_int_t scale_max = json_integer_value(json_object_get(instrument, "scale_max"));
  gsize n_items = json_array_size(items);
  g_autofree StoreAnswerInput *answers = g_new0(StoreAnswerInput, MAX(n_items, 1));
  int answered = 0;
  double sum = 0;
  size_t i;
  json_t *item;
  json_array_foreach(items, i, item) {
    json_int_t item_id = json_integer_value(json_object_get(item, "id"));
    g_autofree char *field = item_field(item_id);
    const char *raw = form_data_get(req->form, field);
    answers[i].item_id = item_id;
    if (raw == NULL || *raw == '\0')
      continue;
    json_object_set_new(echo, field, json_string(raw));
    char *end = NULL;
    long v = strtol(raw, &end, 10);
    if (end == raw || *end != '\0' || v < scale_min || v > scale_max) {
      g_autofree char *msg = g_strdup_printf(_("Vælg en værdi mellem %d og %d."), (int)scale_min,
                                             (int)scale_max);
      form_result_add_error(fields, field, msg);
      continue;
    }
    answers[i].has_value = TRUE;
    answers[i].value = (int)v;
    answered++;
    sum += (double)v;
  }
  if (answered == 0 && form_result_ok(fields))
    form_result_add_error(fields, "items", _("Vurdér mindst ét livsområde."));

  gint64 instrument_id = 0;
  form_int(fields, "instrument_id", &instrument_id);
  if (instrument_id != 0 && instrument_id != json_integer_value(json_object_get(instrument, "id")))
    form_result_add_error(fields, "instrument_id", _("Instrumentet findes ikke."));
  const char *measured_on = form_text(fields, "measured_on");
  g_autofree char *today = spor_date_today();
  const char *birth = json_string_value(json_object_get(citizen, "birth_date"));
  if (measured_on != NULL && strcmp(measured_on, today) > 0)
    form_result_add_error(fields, "measured_on", _("Datoen kan ikke ligge efter i dag."));
  else if (measured_on != NULL && birth != NULL && strcmp(measured_on, birth) < 0)
    form_result_add_error(fields, "measured_on", _("Datoen ligger før borgerens fødselsdato."));

  gint64 course_id = 0;
  form_int(fields, "course_id", &course_id);
  gint64 citizen_id = http_request_param(req, "id");
  gint64 measurement_id = 0;
  g_autoptr(GError) error = NULL;
  if (form_result_ok(fields)) {
    StoreMeasurementInput in = {
      .citizen_id = citizen_id,
      .course_id = course_id,
      .instrument_id = instrument_id,
      .measured_on = measured_on,
      .point = form_text(fields, "point"),
      .respondent = form_text(fields, "respondent"),
      .collection_method = form_text(fields, "collection_method"),
      .status = form_bool(fields, "draft") ? "draft" : "approved",
      .comment = form_text(fields, "comment"),
      .has_score = TRUE,
      .score = (double)(gint64)(sum / answered * 100.0 + 0.5) / 100.0,
      .answers = answers,
      .n_answers = n_items,
    };
    measurement_id = store_measurement_create(req->db, req->user->id, &in, &error);
    if (measurement_id == 0 && g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
      form_result_add_error(fields, "course_id", _("Forløbet hører ikke til borgeren."));
      g_clear_error(&error);
    }
  }
  if (!form_result_ok(fields)) {
    json_t *model = form_model(req, citizen, instrument, courses, echo,
                               form_result_errors(fields));
    reply_form_errors(reply, "measurement_new", model, fields);
  } else if (measurement_id == 0 ||
             !store_audit_append(req->db, req->user->id, citizen_id, "measurement.create", NULL,
                                 req->remote_addr, &error)) {
    reply_store_error(reply, error);
  } else {
    g_autofree char *location = g_strdup_printf("/citizens/%" G_GINT64_FORMAT "#maalinger",
                                                citizen_id);
    reply_set_model(reply, json_pack("{s:I, s:I}", "id", (json_int_t)measurement_id,
                                     "citizen_id", (json_int_t)citizen_id));
    reply_redirect(reply, location, TRUE);
  }
  json_decref(echo);
  json_decref(citizen);
  json_decref(instrument);
  json_decref(courses);
}

const Route pages_measurements_routes[] = {
  {"GET", "/citizens/{id}/measurements/new", measurement_new, CAP_MEASUREMENT_WRITE, NULL, 0,
   ROUTE_HTML_ONLY},
  {"POST", "/citizens/{id}/measurements", measurement_create, CAP_MEASUREMENT_WRITE,
   measurement_fields, G_N_ELEMENTS(measurement_fields), 0},
};
const gsize pages_measurements_n_routes = G_N_ELEMENTS(pages_measurements_routes);
