/* measurements.c — recording a measurement with a citizen.
 *
 * The form shows every item of the chosen instrument (the life areas
 * unless another is asked for) with its answer scale as a group of radio
 * buttons (the scale's labels spelled out, so the citizen and the worker
 * can read them together), the measurement point, who answered and how the
 * answers were collected (Tabel 2).  The measurement is stored against the
 * instrument version the form showed, with its total scored by that
 * version's definition. */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/instrument.h"
#include "domain/scoring.h"
#include "pages/citizen_chart.h"
#include "pages/instrument_form.h"
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

/* Instruments a citizen can be measured with: not the practice
 * assessments, which are about the offer. */
static gboolean
for_citizens(const char *kind)
{
  return kind != NULL && strcmp(kind, "practice_assessment") != 0;
}

/* [{key, name, href, current}] of the instruments for citizens. */
static json_t *
instrument_choices(HttpRequest *req, gint64 citizen_id, const char *current, GError **error)
{
  json_t *list = store_instrument_list(req->db, error);
  if (list == NULL)
    return NULL;
  json_t *choices = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(list, i, row) {
    const char *key = json_string_value(json_object_get(row, "key"));
    if (!for_citizens(json_string_value(json_object_get(row, "kind"))))
      continue;
    g_autofree char *escaped = g_uri_escape_string(key, NULL, FALSE);
    g_autofree char *href = g_strdup_printf("/citizens/%" G_GINT64_FORMAT
                                            "/measurements/new?instrument=%s", citizen_id, escaped);
    json_array_append_new(choices, json_pack(
      "{s:s, s:O, s:s, s:b}", "key", key, "name",
      json_object_get(row, req->lang == SPOR_LANG_EN ? "name_en" : "name_da"), "href", href,
      "current", strcmp(key, current) == 0));
  }
  json_decref(list);
  return choices;
}

/* The form's model for citizen with an instrument version; values are the
 * typed values ({} for a fresh form), errors the messages ({} when none). */
static json_t *
form_model(HttpRequest *req, json_t *citizen, const InstrumentVersion *version, json_t *courses,
           json_t *choices, json_t *values, json_t *errors)
{
  const InstrumentDef *def = version->def;
  json_t *course_options = json_array();
  const char *course_value = json_string_value(json_object_get(values, "course_id"));
  size_t i;
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
    json_pack("{s:I, s:s, s:s, s:I, s:s?}", "id", (json_int_t)version->id, "key", def->id,
              "name", instrument_text(&def->name, req->lang), "version",
              (json_int_t)version->version, "description",
              instrument_text(&def->description, req->lang)));
  json_object_set_new(model, "sections",
                      instrument_form_sections(version, req->lang, values, errors, FALSE));
  json_object_set_new(model, "has_choices", json_boolean(json_array_size(choices) > 1));
  json_object_set(model, "instruments", choices);
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

/* What a form for one citizen needs. */
typedef struct Loaded {
  json_t *citizen;
  json_t *courses;
  json_t *choices;
  InstrumentVersion *version;
} Loaded;

static void
loaded_clear(Loaded *l)
{
  json_decref(l->citizen);
  json_decref(l->courses);
  json_decref(l->choices);
  instrument_version_free(l->version);
}

/* Loads the citizen (scoped), the courses, and the instrument version
 * instrument_id (0: the newest version of key); replies 404 (or the
 * store's error) and returns FALSE when one is missing or the instrument
 * is not for citizens. */
static gboolean
load(HttpRequest *req, HttpReply *reply, gint64 instrument_id, const char *key, Loaded *out)
{
  g_autoptr(GError) error = NULL;
  memset(out, 0, sizeof *out);
  gint64 citizen_id = http_request_param(req, "id");
  out->citizen = store_citizen_get(req->db, req->user->id, citizen_id, &error);
  out->courses = out->citizen ? store_course_list(req->db, req->user->id, citizen_id, &error)
                              : NULL;
  gboolean ok = out->courses != NULL;
  if (ok && instrument_id == 0)
    ok = store_instrument_find(req->db, key, 0, &instrument_id, &error);
  if (ok)
    out->version = instrument_version_load(req->db, instrument_id, &error);
  if (out->version != NULL && !for_citizens(instrument_kind_name(out->version->def->kind))) {
    g_clear_error(&error);
    g_set_error_literal(&error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "instrumentet findes ikke");
    g_clear_pointer(&out->version, instrument_version_free);
  }
  if (out->version != NULL)
    out->choices = instrument_choices(req, citizen_id, out->version->def->id, &error);
  if (out->choices == NULL) {
    loaded_clear(out);
    reply_store_error(reply, error);
    return FALSE;
  }
  size_t i;
  json_t *c;
  json_array_foreach(out->courses, i, c)
    page_add_date_display(c, "started_on");
  return TRUE;
}

static const FieldSpec new_fields[] = {
  {"instrument", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Instrument")},
};

static void
measurement_new(HttpRequest *req, HttpReply *reply)
{
  const char *key = form_text(req->fields, "instrument");
  Loaded l;
  if (!load(req, reply, 0, key ? key : CITIZEN_CHART_INSTRUMENT, &l))
    return;
  json_t *values = json_object();
  json_t *errors = json_object();
  reply_audit(reply, http_request_param(req, "id"), "citizen.read", "measurement_new");
  reply_page(reply, 200, "measurement_new",
             form_model(req, l.citizen, l.version, l.courses, l.choices, values, errors));
  json_decref(values);
  json_decref(errors);
  loaded_clear(&l);
}

/* The message for a value not on the item's scale. */
static char *
off_scale_message(const InstrumentScale *scale)
{
  gboolean plain = scale->value_max - scale->value_min + 1 == (gint64)scale->n_values;
  if (plain)
    return g_strdup_printf(_("Vælg en værdi mellem %d og %d."), (int)scale->value_min,
                           (int)scale->value_max);
  return g_strdup(_("Vælg en af svarmulighederne."));
}

static void
measurement_create(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  gint64 instrument_id = 0;
  form_int(fields, "instrument_id", &instrument_id);
  Loaded l;
  if (!load(req, reply, instrument_id, CITIZEN_CHART_INSTRUMENT, &l))
    return;
  const InstrumentDef *def = l.version->def;
  json_t *echo = json_deep_copy(form_result_echo(fields));

  /* The answers: one field per item, a value of its scale or nothing. */
  g_autofree StoreAnswerInput *answers = g_new0(StoreAnswerInput, def->n_items);
  g_autofree ScoreAnswer *scored = g_new0(ScoreAnswer, def->n_items);
  guint given = 0;
  for (guint i = 0; i < def->n_items; i++) {
    g_autofree char *field = instrument_form_field(l.version->item_ids[i]);
    const char *raw = form_data_get(req->form, field);
    answers[i].item_id = l.version->item_ids[i];
    if (raw == NULL || *raw == '\0')
      continue;
    json_object_set_new(echo, field, json_string(raw));
    char *end = NULL;
    gint64 v = g_ascii_strtoll(raw, &end, 10);
    if (end == raw || *end != '\0' || instrument_def_value(def, i, v) == NULL) {
      g_autofree char *msg = off_scale_message(&def->scales[def->items[i].scale]);
      form_result_add_error(fields, field, msg);
      continue;
    }
    answers[i].has_value = TRUE;
    answers[i].value = (int)v;
    scored[i] = (ScoreAnswer){TRUE, v};
    given++;
  }
  ScoreResult total = {0};
  scoring_score(def, scored, &total, NULL, NULL);
  if (form_result_ok(fields)) {
    if (given == 0)
      form_result_add_error(fields, "items", _("Besvar mindst ét spørgsmål."));
    else if (def->has_total && !total.has_score && def->total.min_answered >= def->n_items) {
      g_autofree char *msg = g_strdup_printf(_("Besvar alle %u spørgsmål."), def->n_items);
      form_result_add_error(fields, "items", msg);
    } else if (def->has_total && !total.has_score) {
      g_autofree char *msg = g_strdup_printf(_("Besvar mindst %u af spørgsmålene."),
                                             def->total.min_answered);
      form_result_add_error(fields, "items", msg);
    }
  }

  const char *measured_on = form_text(fields, "measured_on");
  g_autofree char *today = spor_date_today();
  const char *birth = json_string_value(json_object_get(l.citizen, "birth_date"));
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
      .instrument_id = l.version->id,
      .measured_on = measured_on,
      .point = form_text(fields, "point"),
      .respondent = form_text(fields, "respondent"),
      .collection_method = form_text(fields, "collection_method"),
      .status = form_bool(fields, "draft") ? "draft" : "approved",
      .comment = form_text(fields, "comment"),
      .has_score = total.has_score,
      .score = total.score,
      .answers = answers,
      .n_answers = def->n_items,
    };
    measurement_id = store_measurement_create(req->db, req->user->id, &in, &error);
    if (measurement_id == 0 && g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
      form_result_add_error(fields, "course_id", _("Forløbet hører ikke til borgeren."));
      g_clear_error(&error);
    }
  }
  if (!form_result_ok(fields)) {
    json_t *model = form_model(req, l.citizen, l.version, l.courses, l.choices, echo,
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
  loaded_clear(&l);
}

const Route pages_measurements_routes[] = {
  {"GET", "/citizens/{id}/measurements/new", measurement_new, CAP_MEASUREMENT_WRITE, new_fields,
   G_N_ELEMENTS(new_fields), ROUTE_HTML_ONLY},
  {"POST", "/citizens/{id}/measurements", measurement_create, CAP_MEASUREMENT_WRITE,
   measurement_fields, G_N_ELEMENTS(measurement_fields), 0},
};
const gsize pages_measurements_n_routes = G_N_ELEMENTS(pages_measurements_routes);
