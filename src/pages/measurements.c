/* measurements.c — recording a measurement with a citizen, and reviewing
 * it afterwards.
 *
 * The form shows every item of the chosen instrument (the life areas
 * unless another is asked for) with its answer scale as a group of radio
 * buttons (the scale's labels spelled out, so the citizen and the worker
 * can read them together) and a comment box per item, the measurement
 * point, who answered, how the answers were collected (Tabel 2), who
 * rated (several workers may rate the same citizen at the same point), and
 * whether it is a draft.  The measurement is stored against the
 * instrument version the form showed, with its total scored by that
 * version's definition.  The due list links here with the instrument,
 * point, respondent and course filled in.
 *
 * A measurement's own page shows its answers, the other raters' answers
 * at the same point, and its versions; the care team corrects it (a save
 * based on an older version is refused with what changed, 409) and
 * approves drafts. */
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

#define RATER_WINDOW_DAYS 14

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
  {"rater_user_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Bedømt af")},
  {"comment", FIELD_TEXT, FALSE, 0, 2000, NULL, N_("Kommentar")},
  {"draft", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Gem som kladde")},
  {"version", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Version")},
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

/* What a form for one citizen needs. */
typedef struct Loaded {
  json_t *citizen;
  json_t *courses;
  json_t *choices;
  json_t *raters;
  InstrumentVersion *version;
} Loaded;

static void
loaded_clear(Loaded *l)
{
  json_decref(l->citizen);
  json_decref(l->courses);
  json_decref(l->choices);
  json_decref(l->raters);
  instrument_version_free(l->version);
}

/* The respondents the instrument is made for (the store refuses others),
 * chosen selected, else staff when the instrument allows it, else the
 * first it allows. */
static json_t *
respondent_options(const InstrumentDef *def, const char *chosen)
{
  const char *const *names = instrument_respondent_names();
  const char *fallback = NULL;
  for (guint bit = 0; names[bit] != NULL; bit++)
    if ((def->respondents & (1u << bit)) &&
        (fallback == NULL || strcmp(names[bit], "staff") == 0))
      fallback = names[bit];
  json_t *all = page_options(page_respondents, chosen != NULL ? chosen : fallback);
  json_t *options = json_array();
  size_t i;
  json_t *option;
  json_array_foreach(all, i, option) {
    const char *code = json_string_value(json_object_get(option, "code"));
    for (guint bit = 0; names[bit] != NULL; bit++)
      if ((def->respondents & (1u << bit)) && strcmp(names[bit], code) == 0)
        json_array_append(options, option);
  }
  json_decref(all);
  return options;
}

/* The form's model for citizen with an instrument version; values are the
 * typed values ({} for a fresh form), errors the messages ({} when none). */
static json_t *
form_model(HttpRequest *req, const Loaded *l, json_t *values, json_t *errors)
{
  const InstrumentDef *def = l->version->def;
  json_t *course_options = json_array();
  const char *course_value = json_string_value(json_object_get(values, "course_id"));
  size_t i;
  json_t *course;
  json_array_foreach(l->courses, i, course) {
    g_autofree char *id = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                          json_integer_value(json_object_get(course, "id")));
    gboolean selected = course_value ? strcmp(course_value, id) == 0
                                     : (i == 0 && json_is_null(json_object_get(course, "ended_on")));
    json_array_append_new(course_options,
      json_pack("{s:s, s:O, s:O?, s:b}", "id", id, "name", json_object_get(course, "intervention_name"),
                "started_on_display", json_object_get(course, "started_on_display"),
                "selected", selected));
  }
  const char *rater_value = json_string_value(json_object_get(values, "rater_user_id"));
  json_t *rater_options = json_array();
  json_t *rater;
  json_array_foreach(l->raters, i, rater) {
    gint64 id = json_integer_value(json_object_get(rater, "id"));
    g_autofree char *text = g_strdup_printf("%" G_GINT64_FORMAT, id);
    gboolean selected = rater_value ? strcmp(rater_value, text) == 0 : id == req->user->id;
    json_array_append_new(rater_options, json_pack("{s:s, s:O, s:b}", "id", text, "name",
                                                   json_object_get(rater, "display_name"),
                                                   "selected", selected));
  }

  g_autofree char *today = spor_date_today();
  g_autofree char *today_display = spor_date_iso_to_danish(today);
  const char *point = json_string_value(json_object_get(values, "point"));
  const char *respondent = json_string_value(json_object_get(values, "respondent"));
  const char *method = json_string_value(json_object_get(values, "collection_method"));
  if (method == NULL && g_strcmp0(respondent, "citizen") == 0)
    method = "self_report";
  g_autofree char *title = g_strdup_printf(_("Ny måling: %s %s"),
    json_string_value(json_object_get(l->citizen, "first_name")),
    json_string_value(json_object_get(l->citizen, "last_name")));
  json_t *model = page_model_new(title);
  json_object_set(model, "citizen", l->citizen);
  json_object_set_new(model, "instrument",
    json_pack("{s:I, s:s, s:s, s:I, s:s?}", "id", (json_int_t)l->version->id, "key", def->id,
              "name", instrument_text(&def->name, req->lang), "version",
              (json_int_t)l->version->version, "description",
              instrument_text(&def->description, req->lang)));
  json_t *sections = instrument_form_sections(l->version, req->lang, values, errors, FALSE);
  instrument_form_add_comments(sections, values, errors);
  json_object_set_new(model, "sections", sections);
  json_object_set_new(model, "has_choices", json_boolean(json_array_size(l->choices) > 1));
  json_object_set(model, "instruments", l->choices);
  json_object_set_new(model, "courses", course_options);
  json_object_set_new(model, "raters", rater_options);
  json_object_set_new(model, "has_raters", json_boolean(json_array_size(rater_options) > 1));
  json_object_set_new(model, "points", page_options(page_points, point ? point : "follow_up"));
  json_object_set_new(model, "respondents", respondent_options(def, respondent));
  json_object_set_new(model, "methods",
                      page_options(page_methods, method ? method : "dialogue_interview"));
  json_object_set_new(model, "today", json_string(today_display));
  json_object_set(model, "values", values);
  return model;
}

/* Loads the citizen (in the user's care), the courses, the raters and
 * the instrument version instrument_id (0: the newest version of key);
 * replies 404 (or the store's error) and returns FALSE when one is
 * missing or the instrument is not for citizens. */
static gboolean
load(HttpRequest *req, HttpReply *reply, gint64 citizen_id, gint64 instrument_id,
     const char *key, Loaded *out)
{
  g_autoptr(GError) error = NULL;
  memset(out, 0, sizeof *out);
  out->citizen = store_citizen_get(req->db, req->user->id, citizen_id, &error);
  if (out->citizen != NULL &&
      !store_citizen_require_care(req->db, req->user->id, citizen_id, &error))
    g_clear_pointer(&out->citizen, json_decref);
  out->courses = out->citizen ? store_course_list(req->db, req->user->id, citizen_id, &error)
                              : NULL;
  out->raters = out->courses ? store_unit_raters(req->db,
    json_integer_value(json_object_get(out->citizen, "unit_id")), &error) : NULL;
  gboolean ok = out->raters != NULL;
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
  {"point", FIELD_CHOICE, FALSE, 0, 0,
   PAGE_CODES("start", "follow_up", "end", "after_end", "ad_hoc"), N_("Målepunkt")},
  {"respondent", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("staff", "citizen", "relative", "authority"),
   N_("Besvaret af")},
  {"course", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Forløb")},
};

static void
measurement_new(HttpRequest *req, HttpReply *reply)
{
  const FormResult *fields = req->fields;
  const char *key = form_text(fields, "instrument");
  Loaded l;
  gint64 citizen_id = http_request_param(req, "id");
  if (!load(req, reply, citizen_id, 0, key ? key : CITIZEN_CHART_INSTRUMENT, &l))
    return;
  json_t *values = json_object();
  if (form_text(fields, "point") != NULL)
    json_object_set_new(values, "point", json_string(form_text(fields, "point")));
  if (form_text(fields, "respondent") != NULL)
    json_object_set_new(values, "respondent", json_string(form_text(fields, "respondent")));
  gint64 course = 0;
  if (form_int(fields, "course", &course))
    json_object_set_new(values, "course_id", json_sprintf("%" G_GINT64_FORMAT, course));
  json_t *errors = json_object();
  reply_audit(reply, citizen_id, "citizen.read", "measurement_new");
  reply_page(reply, 200, "measurement_new", form_model(req, &l, values, errors));
  json_decref(values);
  json_decref(errors);
  loaded_clear(&l);
}

/* The course a measurement names, among the citizen's. */
static const json_t *
find_course(const json_t *courses, gint64 course_id)
{
  size_t i;
  json_t *c;
  json_array_foreach(courses, i, c)
    if (json_integer_value(json_object_get(c, "id")) == course_id)
      return c;
  return NULL;
}

/* The checks of the form that need the citizen and the course: dates
 * in order, a measurement inside its course. */
static void
check_dates(FormResult *fields, const Loaded *l, gint64 course_id)
{
  const char *measured_on = form_text(fields, "measured_on");
  const char *point = form_text(fields, "point");
  g_autofree char *today = spor_date_today();
  const char *birth = json_string_value(json_object_get(l->citizen, "birth_date"));
  if (measured_on == NULL)
    return;
  if (strcmp(measured_on, today) > 0) {
    form_result_add_error(fields, "measured_on", _("Datoen kan ikke ligge efter i dag."));
    return;
  }
  if (birth != NULL && strcmp(measured_on, birth) < 0) {
    form_result_add_error(fields, "measured_on", _("Datoen ligger før borgerens fødselsdato."));
    return;
  }
  const json_t *course = course_id ? find_course(l->courses, course_id) : NULL;
  if (course == NULL)
    return;
  const char *start = json_string_value(json_object_get(course, "started_on"));
  const char *end = json_string_value(json_object_get(course, "ended_on"));
  g_autofree char *start_display = spor_date_iso_to_danish(start);
  g_autofree char *end_display = end ? spor_date_iso_to_danish(end) : NULL;
  gboolean after = g_strcmp0(point, "after_end") == 0;
  if (strcmp(measured_on, start) < 0) {
    g_autofree char *msg = g_strdup_printf(_("Datoen ligger før forløbets start (%s)."),
                                           start_display);
    form_result_add_error(fields, "measured_on", msg);
  } else if (after && end == NULL) {
    form_result_add_error(fields, "point",
                          _("En måling efter afslutning kræver, at forløbet er afsluttet."));
  } else if (after && strcmp(measured_on, end) <= 0) {
    g_autofree char *msg = g_strdup_printf(
      _("En måling efter afslutning skal ligge efter forløbets afslutning (%s)."), end_display);
    form_result_add_error(fields, "measured_on", msg);
  } else if (!after && end != NULL && strcmp(measured_on, end) > 0) {
    g_autofree char *msg = g_strdup_printf(
      _("Datoen ligger efter forløbets afslutning (%s). Vælg målepunktet \"Måling efter "
        "afslutning\", hvis målingen hører til tiden efter."),
      end_display);
    form_result_add_error(fields, "measured_on", msg);
  }
}

/* The stored form of the fields (strings borrowed from fields). */
static StoreMeasurementInput
input_of(const FormResult *fields, gint64 citizen_id, const InstrumentVersion *version,
         const StoreAnswerInput *answers, const ScoreResult *total)
{
  gint64 course_id = 0, rater = 0;
  form_int(fields, "course_id", &course_id);
  form_int(fields, "rater_user_id", &rater);
  return (StoreMeasurementInput){
    .citizen_id = citizen_id,
    .course_id = course_id,
    .instrument_id = version->id,
    .measured_on = form_text(fields, "measured_on"),
    .point = form_text(fields, "point"),
    .respondent = form_text(fields, "respondent"),
    .collection_method = form_text(fields, "collection_method"),
    .status = form_bool(fields, "draft") ? "draft" : "approved",
    .comment = form_text(fields, "comment"),
    .has_score = total->has_score,
    .score = total->score,
    .answers = answers,
    .n_answers = version->def->n_items,
    .rater_user_id = rater,
  };
}

/* A store refusal that belongs beside a field; FALSE when it is another. */
static gboolean
refusal_to_field(FormResult *fields, GError **error)
{
  if (!g_error_matches(*error, STORE_ERROR, STORE_ERROR_CONFLICT))
    return FALSE;
  if (strstr((*error)->message, "besvares af") != NULL)
    form_result_add_error(fields, "respondent",
                          _("Instrumentet er ikke lavet til at blive besvaret af den valgte."));
  else if (strstr((*error)->message, "bedømmer") != NULL)
    form_result_add_error(fields, "rater_user_id", _("Vælg en medarbejder i borgerens afdeling."));
  else
    form_result_add_error(fields, "course_id", _("Forløbet hører ikke til borgeren."));
  g_clear_error(error);
  return TRUE;
}

static void
measurement_create(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  gint64 instrument_id = 0, course_id = 0;
  form_int(fields, "instrument_id", &instrument_id);
  form_int(fields, "course_id", &course_id);
  gint64 citizen_id = http_request_param(req, "id");
  Loaded l;
  if (!load(req, reply, citizen_id, instrument_id, CITIZEN_CHART_INSTRUMENT, &l))
    return;
  json_t *echo = json_deep_copy(form_result_echo(fields));
  g_autofree StoreAnswerInput *answers = g_new0(StoreAnswerInput, MAX(l.version->def->n_items, 1));
  ScoreResult total;
  instrument_form_read(l.version, req->form, fields, echo, answers, &total);
  check_dates(fields, &l, course_id);

  gint64 measurement_id = 0;
  g_autoptr(GError) error = NULL;
  if (form_result_ok(fields)) {
    StoreMeasurementInput in = input_of(fields, citizen_id, l.version, answers, &total);
    measurement_id = store_measurement_create(req->db, req->user->id, &in, &error);
    if (measurement_id == 0)
      refusal_to_field(fields, &error);
  }
  if (!form_result_ok(fields)) {
    json_t *model = form_model(req, &l, echo, form_result_errors(fields));
    reply_form_errors(reply, "measurement_new", model, fields);
  } else if (measurement_id == 0) {
    reply_store_error(reply, error);
  } else {
    reply_audit(reply, citizen_id, "measurement.create", NULL);
    g_autofree char *location = g_strdup_printf("/citizens/%" G_GINT64_FORMAT "#maalinger",
                                                citizen_id);
    reply_set_model(reply, json_pack("{s:I, s:I}", "id", (json_int_t)measurement_id,
                                     "citizen_id", (json_int_t)citizen_id));
    reply_redirect(reply, location, TRUE);
  }
  json_decref(echo);
  loaded_clear(&l);
}

/* ---- A measurement's page ---------------------------------------------------------- */

/* The answers of m with each item's text and its value's label. */
static json_t *
answer_rows(const InstrumentVersion *v, const json_t *m, SporLang lang)
{
  json_t *rows = json_array();
  const InstrumentDef *def = v->def;
  for (guint i = 0; i < def->n_items; i++) {
    const InstrumentItem *item = &def->items[i];
    json_t *answer = NULL;
    size_t k;
    json_t *a;
    json_array_foreach(json_object_get(m, "answers"), k, a)
      if (g_strcmp0(json_string_value(json_object_get(a, "item_key")), item->id) == 0)
        answer = a;
    json_t *value = answer ? json_object_get(answer, "value") : NULL;
    const char *label = NULL;
    if (json_is_integer(value))
      label = instrument_text(instrument_def_label(def, i, json_integer_value(value)), lang);
    json_array_append_new(rows, json_pack(
      "{s:i, s:s, s:s, s:O?, s:s?, s:O?}", "number", (int)i + 1, "item_key", item->id, "text",
      instrument_text(&item->text, lang), "value", json_is_integer(value) ? value : NULL,
      "label", label, "comment", answer ? json_object_get(answer, "comment") : NULL));
  }
  return rows;
}

/* Other staff ratings of the same citizen, instrument and point within
 * RATER_WINDOW_DAYS: {raters: [{name, date, href, current}], items:
 * [{text, values: [..], spread}]}, or NULL when there are none. */
static json_t *
other_raters(HttpRequest *req, const InstrumentVersion *v, const json_t *m, GError **error)
{
  if (g_strcmp0(json_string_value(json_object_get(m, "respondent")), "citizen") == 0)
    return json_null();
  gint64 citizen_id = json_integer_value(json_object_get(m, "citizen_id"));
  json_t *all = store_measurement_list(req->db, req->user->id, citizen_id, error);
  if (all == NULL)
    return NULL;
  const char *on = json_string_value(json_object_get(m, "measured_on"));
  GDate day;
  g_date_clear(&day, 1);
  g_date_set_parse(&day, on);
  json_t *same = json_array();
  size_t i;
  json_t *o;
  json_array_foreach(all, i, o) {
    const char *other_on = json_string_value(json_object_get(o, "measured_on"));
    GDate other;
    g_date_clear(&other, 1);
    g_date_set_parse(&other, other_on);
    if (g_strcmp0(json_string_value(json_object_get(o, "instrument_key")),
                  json_string_value(json_object_get(m, "instrument_key"))) == 0 &&
        g_strcmp0(json_string_value(json_object_get(o, "point")),
                  json_string_value(json_object_get(m, "point"))) == 0 &&
        g_strcmp0(json_string_value(json_object_get(o, "respondent")), "citizen") != 0 &&
        g_date_valid(&day) && g_date_valid(&other) &&
        ABS(g_date_days_between(&day, &other)) <= RATER_WINDOW_DAYS)
      json_array_append(same, o);
  }
  json_decref(all);
  if (json_array_size(same) < 2) {
    json_decref(same);
    return json_null();
  }
  gint64 self = json_integer_value(json_object_get(m, "id"));
  json_t *raters = json_array();
  json_array_foreach(same, i, o) {
    g_autofree char *date = spor_date_iso_to_danish(json_string_value(json_object_get(o,
                                                                                      "measured_on")));
    g_autofree char *href = g_strdup_printf("/measurements/%" JSON_INTEGER_FORMAT,
                                            json_integer_value(json_object_get(o, "id")));
    json_array_append_new(raters, json_pack("{s:O, s:s, s:s, s:b, s:b}", "name",
      json_object_get(o, "rater_name"), "date", date ? date : "", "href", href,
      "current", json_integer_value(json_object_get(o, "id")) == self,
      "draft", g_strcmp0(json_string_value(json_object_get(o, "status")), "draft") == 0));
  }
  json_t *items = json_array();
  for (guint k = 0; k < v->def->n_items; k++) {
    json_t *values = json_array();
    gint64 lo = G_MAXINT64, hi = G_MININT64;
    json_array_foreach(same, i, o) {
      json_t *value = json_null();
      size_t a;
      json_t *answer;
      json_array_foreach(json_object_get(o, "answers"), a, answer)
        if (g_strcmp0(json_string_value(json_object_get(answer, "item_key")),
                      v->def->items[k].id) == 0 && json_is_integer(json_object_get(answer, "value"))) {
          gint64 x = json_integer_value(json_object_get(answer, "value"));
          value = json_integer(x);
          lo = MIN(lo, x);
          hi = MAX(hi, x);
        }
      json_array_append_new(values, json_pack("{s:o}", "value", value));
    }
    json_array_append_new(items, json_pack("{s:s, s:o, s:o}", "text",
      instrument_text(&v->def->items[k].text, req->lang), "values", values, "spread",
      lo <= hi ? json_integer(hi - lo) : json_null()));
  }
  json_decref(same);
  return json_pack("{s:o, s:o}", "raters", raters, "items", items);
}

/* The measurement page's model; NULL with error. */
static json_t *
show_model(HttpRequest *req, json_t *m, StoreRelation relation, GError **error)
{
  g_autoptr(InstrumentVersion) v = instrument_version_load(req->db,
    json_integer_value(json_object_get(m, "instrument_id")), error);
  if (v == NULL)
    return NULL;
  json_t *raters = other_raters(req, v, m, error);
  if (raters == NULL)
    return NULL;
  gboolean care = relation == STORE_RELATION_CARE;
  json_t *revisions = care ? store_measurement_revisions(req->db,
    json_integer_value(json_object_get(m, "id")), error) : json_array();
  if (revisions == NULL) {
    json_decref(raters);
    return NULL;
  }
  size_t i;
  json_t *r;
  json_array_foreach(revisions, i, r) {
    const char *at = json_string_value(json_object_get(r, "changed_at"));
    g_autofree char *day = at ? spor_date_iso_to_danish(at) : NULL;
    json_object_set_new(r, "changed_at_display", json_sprintf("%s %.5s", day ? day : "",
                                                              at && strlen(at) >= 16 ? at + 11 : ""));
  }
  page_add_date_display(m, "measured_on");
  page_add_date_display(m, "course_started_on");
  const char *at = json_string_value(json_object_get(m, "approved_at"));
  g_autofree char *approved_day = at ? spor_date_iso_to_danish(at) : NULL;
  json_object_set_new(m, "approved_at_display", approved_day ? json_string(approved_day)
                                                             : json_null());
  json_object_set_new(m, "point_label", json_string(page_label(page_points,
    json_string_value(json_object_get(m, "point")))));
  json_object_set_new(m, "respondent_label", json_string(page_label(page_respondents,
    json_string_value(json_object_get(m, "respondent")))));
  json_object_set_new(m, "method_label", json_string(page_label(page_methods,
    json_string_value(json_object_get(m, "collection_method")))));
  json_object_set_new(m, "status_label", json_string(page_label(page_statuses,
    json_string_value(json_object_get(m, "status")))));
  json_object_set_new(m, "is_draft", json_boolean(g_strcmp0(json_string_value(
    json_object_get(m, "status")), "draft") == 0));
  json_object_set(m, "instrument_name", json_object_get(m, req->lang == SPOR_LANG_EN
                                                             ? "instrument_name_en"
                                                             : "instrument_name_da"));
  g_autofree char *score = page_number(json_object_get(m, "score"), req->lang);
  json_object_set_new(m, "score_display", json_string(score));
  g_autofree char *title = g_strdup_printf(_("Måling %s: %s %s"),
    json_string_value(json_object_get(m, "measured_on_display")),
    json_string_value(json_object_get(m, "first_name")),
    json_string_value(json_object_get(m, "last_name")));
  json_t *model = page_model_new(title);
  json_object_set_new(model, "rows", answer_rows(v, m, req->lang));
  json_object_set_new(model, "raters", raters);
  json_object_set_new(model, "revisions", revisions);
  json_object_set_new(model, "has_revisions", json_boolean(json_array_size(revisions) > 1));
  json_object_set_new(model, "care", json_boolean(care));
  json_object_set(model, "measurement", m);
  return model;
}

static void
measurement_show(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *m = store_measurement_get(req->db, req->user->id, id, &error);
  if (m == NULL) {
    reply_store_error(reply, error);
    return;
  }
  gint64 citizen_id = json_integer_value(json_object_get(m, "citizen_id"));
  StoreRelation relation;
  if (!page_relation(req, reply, citizen_id, &relation)) {
    json_decref(m);
    return;
  }
  json_t *model = show_model(req, m, relation, &error);
  json_decref(m);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *detail = g_strdup_printf("measurement=%" G_GINT64_FORMAT, id);
  reply_audit(reply, citizen_id, "measurement.read", detail);
  reply_page(reply, 200, "measurement", model);
}

/* ---- Correcting a measurement -------------------------------------------------------- */

/* The form's values of a stored measurement. */
static json_t *
values_of(const json_t *m, const InstrumentVersion *v)
{
  json_t *values = json_object();
  static const char *const texts[] = {"point", "respondent", "collection_method", "comment",
                                      NULL};
  for (int k = 0; texts[k] != NULL; k++)
    if (json_is_string(json_object_get(m, texts[k])))
      json_object_set(values, texts[k], json_object_get(m, texts[k]));
  g_autofree char *date = spor_date_iso_to_danish(json_string_value(json_object_get(m,
                                                                                    "measured_on")));
  if (date != NULL)
    json_object_set_new(values, "measured_on", json_string(date));
  static const char *const ids[] = {"course_id", "rater_user_id", "version", NULL};
  for (int k = 0; ids[k] != NULL; k++)
    if (json_is_integer(json_object_get(m, ids[k])))
      json_object_set_new(values, ids[k], json_sprintf("%" JSON_INTEGER_FORMAT,
                                                       json_integer_value(json_object_get(m, ids[k]))));
  if (g_strcmp0(json_string_value(json_object_get(m, "status")), "draft") == 0)
    json_object_set_new(values, "draft", json_string("1"));
  size_t i;
  json_t *a;
  json_array_foreach(json_object_get(m, "answers"), i, a) {
    int index = instrument_def_item_index(v->def, json_string_value(json_object_get(a, "item_key")));
    if (index < 0)
      continue;
    g_autofree char *field = instrument_form_field(v->item_ids[index]);
    g_autofree char *comment = instrument_form_comment_field(v->item_ids[index]);
    if (json_is_integer(json_object_get(a, "value")))
      json_object_set_new(values, field, json_sprintf("%" JSON_INTEGER_FORMAT,
                                                      json_integer_value(json_object_get(a, "value"))));
    if (json_is_string(json_object_get(a, "comment")))
      json_object_set(values, comment, json_object_get(a, "comment"));
  }
  return values;
}

/* The measurement and what its edit form needs, for the care team. */
static json_t *
load_for_change(HttpRequest *req, HttpReply *reply, Loaded *l)
{
  g_autoptr(GError) error = NULL;
  json_t *m = store_measurement_get(req->db, req->user->id, http_request_param(req, "id"), &error);
  if (m == NULL) {
    reply_store_error(reply, error);
    return NULL;
  }
  if (!load(req, reply, json_integer_value(json_object_get(m, "citizen_id")),
            json_integer_value(json_object_get(m, "instrument_id")), NULL, l)) {
    json_decref(m);
    return NULL;
  }
  return m;
}

static json_t *
edit_model(HttpRequest *req, const Loaded *l, const json_t *m, json_t *values, json_t *errors)
{
  json_t *model = form_model(req, l, values, errors);
  json_object_set(model, "measurement", (json_t *)m);
  json_object_set_new(model, "editing", json_true());
  g_autofree char *date = spor_date_iso_to_danish(json_string_value(json_object_get(m,
                                                                                    "measured_on")));
  g_autofree char *title = g_strdup_printf(_("Ret måling %s: %s %s"), date ? date : "",
    json_string_value(json_object_get(l->citizen, "first_name")),
    json_string_value(json_object_get(l->citizen, "last_name")));
  json_object_set_new(model, "title", json_string(title));
  return model;
}

static void
measurement_edit(HttpRequest *req, HttpReply *reply)
{
  Loaded l;
  json_t *m = load_for_change(req, reply, &l);
  if (m == NULL)
    return;
  json_t *values = values_of(m, l.version);
  json_t *errors = json_object();
  json_t *model = edit_model(req, &l, m, values, errors);
  json_decref(values);
  json_decref(errors);
  json_decref(m);
  loaded_clear(&l);
  reply_page(reply, 200, "measurement_new", model);
}

/* The fields compared when a save meets a newer version. */
static const PageChangeField measurement_changes[] = {
  {"measured_on", N_("Dato"), NULL, TRUE, NULL},
  {"point", N_("Målepunkt"), page_points, FALSE, NULL},
  {"respondent", N_("Besvaret af"), page_respondents, FALSE, NULL},
  {"collection_method", N_("Indsamlingsmetode"), page_methods, FALSE, NULL},
  {"status", N_("Status"), page_statuses, FALSE, NULL},
  {"comment", N_("Kommentar"), NULL, FALSE, NULL},
  {"rater_name", N_("Bedømt af"), NULL, FALSE, "rater_user_id"},
  {NULL, NULL, NULL, FALSE, NULL},
};

/* What changed between two snapshots of a measurement: its fields and the
 * answers item by item, with what the refused form held. */
static json_t *
measurement_diff(HttpRequest *req, const InstrumentVersion *v, const json_t *before,
                 const json_t *now, const json_t *yours)
{
  json_t *rows = page_changes(before, now, yours, measurement_changes, req->lang);
  json_t *b = json_object_get(before, "answers"), *n = json_object_get(now, "answers");
  for (guint i = 0; i < v->def->n_items; i++) {
    const char *key = v->def->items[i].id;
    json_t *bv = json_object_get(json_object_get(b, key), "value");
    json_t *nv = json_object_get(json_object_get(n, key), "value");
    json_t *bc = json_object_get(json_object_get(b, key), "comment");
    json_t *nc = json_object_get(json_object_get(n, key), "comment");
    g_autofree char *field = instrument_form_field(v->item_ids[i]);
    const char *typed = json_string_value(json_object_get(yours, field));
    if (!json_equal(bv ? bv : json_null(), nv ? nv : json_null())) {
      char *shown[2];
      json_t *pair[2] = {bv, nv};
      for (int k = 0; k < 2; k++)
        shown[k] = json_is_integer(pair[k])
          ? g_strdup_printf("%" JSON_INTEGER_FORMAT " – %s", json_integer_value(pair[k]),
                            instrument_text(instrument_def_label(v->def, i,
                                                                 json_integer_value(pair[k])),
                                            req->lang))
          : g_strdup("–");
      json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s}", "field", field, "label",
        instrument_text(&v->def->items[i].text, req->lang), "before", shown[0], "now", shown[1],
        "yours", typed && *typed ? typed : "–"));
      g_free(shown[0]);
      g_free(shown[1]);
    }
    if (!json_equal(bc ? bc : json_null(), nc ? nc : json_null())) {
      g_autofree char *label = g_strdup_printf(_("Kommentar: %s"),
                                               instrument_text(&v->def->items[i].text, req->lang));
      g_autofree char *comment_field = instrument_form_comment_field(v->item_ids[i]);
      const char *typed_comment = json_string_value(json_object_get(yours, comment_field));
      json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s}", "field", comment_field,
        "label", label, "before", json_is_string(bc) ? json_string_value(bc) : "–", "now",
        json_is_string(nc) ? json_string_value(nc) : "–", "yours",
        typed_comment && *typed_comment ? typed_comment : "–"));
    }
  }
  return rows;
}

static void
measurement_update(HttpRequest *req, HttpReply *reply)
{
  Loaded l;
  json_t *m = load_for_change(req, reply, &l);
  if (m == NULL)
    return;
  gint64 id = http_request_param(req, "id");
  FormResult *fields = req->fields;
  gint64 citizen_id = json_integer_value(json_object_get(m, "citizen_id"));
  gint64 base = 0, course_id = 0;
  if (!form_int(fields, "version", &base))
    form_result_add_error(fields, "version", _("Formularen mangler sin version. Genindlæs siden."));
  form_int(fields, "course_id", &course_id);
  json_t *echo = json_deep_copy(form_result_echo(fields));
  g_autofree StoreAnswerInput *answers = g_new0(StoreAnswerInput, MAX(l.version->def->n_items, 1));
  ScoreResult total;
  instrument_form_read(l.version, req->form, fields, echo, answers, &total);
  check_dates(fields, &l, course_id);
  gint64 current = json_integer_value(json_object_get(m, "version"));
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;
  if (form_result_ok(fields) && base != current) {
    /* Someone saved meanwhile: show what changed, write nothing. */
    json_t *before = store_measurement_revision(req->db, id, base, &error);
    json_t *now = before ? store_measurement_revision(req->db, id, current, &error) : NULL;
    if (now == NULL) {
      json_decref(before);
      if (g_error_matches(error, STORE_ERROR, STORE_ERROR_NOT_FOUND))
        reply_error(reply, 409, _("Målingen er ændret, mens du redigerede den. Genindlæs siden."));
      else
        reply_store_error(reply, error);
    } else {
      json_t *changes = measurement_diff(req, l.version, before, now, echo);
      json_decref(before);
      json_decref(now);
      json_t *values = values_of(m, l.version);
      json_t *errors = json_object();
      json_t *model = edit_model(req, &l, m, values, errors);
      json_decref(values);
      json_decref(errors);
      json_object_set_new(model, "conflict", json_pack("{s:I, s:I, s:o}", "your_version",
                                                       (json_int_t)base, "current_version",
                                                       (json_int_t)current, "changes", changes));
      json_object_set_new(model, "title", json_string(_("Målingen er ændret af en anden")));
      reply_page(reply, 409, "measurement_new", model);
    }
    json_decref(echo);
    json_decref(m);
    loaded_clear(&l);
    return;
  }
  if (form_result_ok(fields)) {
    StoreMeasurementInput in = input_of(fields, citizen_id, l.version, answers, &total);
    ok = store_measurement_update(req->db, req->user->id, id, base, &in, &error) ||
         refusal_to_field(fields, &error);
  }
  if (ok && !form_result_ok(fields)) {
    json_t *model = edit_model(req, &l, m, echo, form_result_errors(fields));
    reply_form_errors(reply, "measurement_new", model, fields);
  } else if (!ok) {
    reply_store_error(reply, error);
  } else {
    reply_audit(reply, citizen_id, "measurement.update", NULL);
    g_autofree char *location = g_strdup_printf("/measurements/%" G_GINT64_FORMAT, id);
    reply_set_model(reply, json_pack("{s:I, s:I}", "id", (json_int_t)id, "version",
                                     (json_int_t)(base + 1)));
    reply_redirect(reply, location, FALSE);
  }
  json_decref(echo);
  json_decref(m);
  loaded_clear(&l);
}

static const FieldSpec approve_fields[] = {
  {"version", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Version")},
};

static void
measurement_approve(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *m = store_measurement_get(req->db, req->user->id, id, &error);
  if (m == NULL) {
    reply_store_error(reply, error);
    return;
  }
  gint64 citizen_id = json_integer_value(json_object_get(m, "citizen_id"));
  StoreRelation relation;
  if (!page_relation(req, reply, citizen_id, &relation)) {
    json_decref(m);
    return;
  }
  if (relation != STORE_RELATION_CARE) {
    json_decref(m);
    reply_error(reply, 404, NULL);
    return;
  }
  FormResult *fields = req->fields;
  gint64 base = 0;
  form_int(fields, "version", &base);
  gint64 current = json_integer_value(json_object_get(m, "version"));
  gboolean draft = g_strcmp0(json_string_value(json_object_get(m, "status")), "draft") == 0;
  if (form_result_ok(fields) && !draft)
    form_result_add_error(fields, "version", _("Målingen er allerede godkendt."));
  if (!form_result_ok(fields)) {
    json_t *model = show_model(req, m, relation, &error);
    json_decref(m);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "measurement", model, fields);
    return;
  }
  if (base != current) {
    /* Changed since the page was read: approve only what was seen. */
    g_autoptr(InstrumentVersion) v = instrument_version_load(req->db,
      json_integer_value(json_object_get(m, "instrument_id")), &error);
    json_t *before = v ? store_measurement_revision(req->db, id, base, &error) : NULL;
    json_t *now = before ? store_measurement_revision(req->db, id, current, &error) : NULL;
    json_t *model = now ? show_model(req, m, relation, &error) : NULL;
    json_decref(m);
    if (model == NULL) {
      json_decref(before);
      json_decref(now);
      if (g_error_matches(error, STORE_ERROR, STORE_ERROR_NOT_FOUND))
        reply_error(reply, 409, _("Målingen er ændret i mellemtiden. Genindlæs siden."));
      else
        reply_store_error(reply, error);
      return;
    }
    json_t *changes = measurement_diff(req, v, before, now, NULL);
    json_decref(before);
    json_decref(now);
    json_object_set_new(model, "conflict", json_pack("{s:I, s:I, s:o}", "your_version",
                                                     (json_int_t)base, "current_version",
                                                     (json_int_t)current, "changes", changes));
    reply_page(reply, 409, "measurement", model);
    return;
  }
  json_decref(m);
  if (!store_measurement_approve(req->db, req->user->id, id, base, &error)) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, citizen_id, "measurement.approve", NULL);
  g_autofree char *location = g_strdup_printf("/measurements/%" G_GINT64_FORMAT, id);
  reply_set_model(reply, json_pack("{s:I, s:I}", "id", (json_int_t)id, "version",
                                   (json_int_t)(base + 1)));
  reply_redirect(reply, location, FALSE);
}

const Route pages_measurements_routes[] = {
  {"GET", "/citizens/{id}/measurements/new", measurement_new, CAP_MEASUREMENT_WRITE, new_fields,
   G_N_ELEMENTS(new_fields), ROUTE_HTML_ONLY},
  {"POST", "/citizens/{id}/measurements", measurement_create, CAP_MEASUREMENT_WRITE,
   measurement_fields, G_N_ELEMENTS(measurement_fields), 0},
  {"GET", "/measurements/{id}", measurement_show, CAP_CITIZEN_READ, NULL, 0, 0},
  {"GET", "/measurements/{id}/edit", measurement_edit, CAP_MEASUREMENT_WRITE, NULL, 0,
   ROUTE_HTML_ONLY},
  {"POST", "/measurements/{id}", measurement_update, CAP_MEASUREMENT_WRITE, measurement_fields,
   G_N_ELEMENTS(measurement_fields), 0},
  {"POST", "/measurements/{id}/approve", measurement_approve, CAP_MEASUREMENT_WRITE,
   approve_fields, G_N_ELEMENTS(approve_fields), 0},
};
const gsize pages_measurements_n_routes = G_N_ELEMENTS(pages_measurements_routes);
