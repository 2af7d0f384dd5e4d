/* me.c — the citizen's own pages ("Herre i egen plan", OK-Centret
 * Enghaven): their goals, their development as the staff rated it beside
 * their own rating, their diary; the self-assessments their plan gives
 * them, and diary entries of their own.  They see nothing of anybody
 * else: everything here is read for the login's own citizen, through the
 * same store scoping as every page, and every read is audited. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/instrument.h"
#include "pages/citizen_chart.h"
#include "pages/common.h"
#include "pages/due_list.h"
#include "pages/instrument_form.h"
#include "pages/pages.h"
#include "render/chart.h"

/* The self-assessments of the citizen's plan, derived for today:
 * [{course_id, intervention_name, plan_point_id, instrument_key,
 *   instrument_name, label, due_on_display, window_to_display, status,
 *   status_label, answerable, href}]. */
static json_t *
self_assessments(HttpRequest *req, gint64 citizen_id, GError **error)
{
  g_autofree char *today = spor_date_today();
  StoreDueFilter filter = {.citizen_id = citizen_id};
  json_t *courses = due_list_courses(req, &filter, today, DUE_LIST_HORIZON_DAYS, error);
  json_t *names = courses ? page_instrument_names(req, error) : NULL;
  if (names == NULL) {
    json_decref(courses);
    return NULL;
  }
  json_t *out = json_array();
  size_t i, k;
  json_t *course, *e;
  json_array_foreach(courses, i, course) {
    json_array_foreach(json_object_get(course, "expected"), k, e) {
      const char *status = json_string_value(json_object_get(e, "status"));
      if (g_strcmp0(json_string_value(json_object_get(e, "respondent")), "citizen") != 0 ||
          !(g_strcmp0(status, "open") == 0 || g_strcmp0(status, "overdue") == 0 ||
            g_strcmp0(status, "upcoming") == 0))
        continue;
      gboolean answerable = g_strcmp0(status, "upcoming") != 0;
      const char *key = json_string_value(json_object_get(e, "instrument_key"));
      g_autofree char *label = page_due_label(e, NULL);
      g_autofree char *escaped = g_uri_escape_string(key, NULL, FALSE);
      g_autofree char *href = g_strdup_printf(
        "/me/assessments/new?course=%" JSON_INTEGER_FORMAT "&point=%" JSON_INTEGER_FORMAT
        "&instrument=%s", json_integer_value(json_object_get(course, "id")),
        json_integer_value(json_object_get(e, "plan_point_id")), escaped);
      json_t *row = json_pack(
        "{s:O, s:O, s:O, s:s, s:O, s:s, s:O, s:O, s:O, s:s?, s:s, s:b}", "course_id",
        json_object_get(course, "id"), "intervention_name",
        json_object_get(course, "intervention_name"), "plan_point_id",
        json_object_get(e, "plan_point_id"), "instrument_key", key, "instrument_name",
        json_object_get(names, key), "label", label, "due_on", json_object_get(e, "due_on"),
        "window_from", json_object_get(e, "window_from"), "window_to",
        json_object_get(e, "window_to"), "status", status, "status_label",
        page_label(page_due_statuses, status), "answerable", answerable);
      if (answerable)
        json_object_set_new(row, "href", json_string(href));
      json_object_set(row, "kind", json_object_get(e, "kind"));
      page_add_date_display(row, "due_on");
      page_add_date_display(row, "window_from");
      page_add_date_display(row, "window_to");
      json_array_append_new(out, row);
    }
  }
  json_decref(courses);
  json_decref(names);
  return out;
}

/* The citizen of the login, or 404: only a login tied to a citizen has a
 * page of its own. */
static json_t *
own_citizen(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  if (req->user->citizen_id == 0) {
    reply_error(reply, 404, NULL);
    return NULL;
  }
  json_t *citizen = store_citizen_get(req->db, req->user->id, req->user->citizen_id, &error);
  if (citizen == NULL)
    reply_store_error(reply, error);
  return citizen;
}

static const FieldSpec diary_fields[] = {
  {"written_on", FIELD_DATE, FALSE, 0, 0, NULL, N_("Dato")},
  {"body", FIELD_TEXT, TRUE, 1, 5000, NULL, N_("Hvad vil du skrive?")},
  {"goal_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Mål")},
};

static json_t *
me_model(HttpRequest *req, HttpReply *reply, json_t *citizen, GError **error)
{
  gint64 id = json_integer_value(json_object_get(citizen, "id"));
  json_t *courses = store_course_list(req->db, req->user->id, id, error);
  json_t *goals = courses ? store_goal_list(req->db, req->user->id, id, 0, error) : NULL;
  json_t *measurements = goals ? store_measurement_list(req->db, req->user->id, id, error) : NULL;
  json_t *diary = measurements ? store_diary_list(req->db, req->user->id, id, 0, 100, error) : NULL;
  json_t *assessments = diary ? self_assessments(req, id, error) : NULL;
  json_t *instrument = assessments ? store_instrument_get_by_key(req->db, CITIZEN_CHART_INSTRUMENT,
                                                                 error)
                                   : NULL;
  if (instrument == NULL) {
    json_decref(courses);
    json_decref(goals);
    json_decref(measurements);
    json_decref(diary);
    json_decref(assessments);
    return NULL;
  }
  g_autofree char *title = g_strdup_printf(_("Mit forløb: %s"),
                                           json_string_value(json_object_get(citizen,
                                                                             "first_name")));
  json_t *model = page_model_new(title);
  json_object_set_new(model, "citizen", json_pack("{s:O, s:O, s:O}", "id",
    json_object_get(citizen, "id"), "first_name", json_object_get(citizen, "first_name"),
    "last_name", json_object_get(citizen, "last_name")));
  size_t i;
  json_t *row;
  json_array_foreach(courses, i, row) {
    page_add_date_display(row, "started_on");
    page_add_date_display(row, "ended_on");
  }
  json_object_set_new(model, "courses", courses);
  page_decorate_goals(goals, req->lang);
  json_t *goal_options = json_array();
  json_array_foreach(goals, i, row)
    if (g_strcmp0(json_string_value(json_object_get(row, "status")), "active") == 0)
      json_array_append_new(goal_options, json_pack("{s:O, s:O}", "id", json_object_get(row, "id"),
                                                    "title", json_object_get(row, "title")));
  json_object_set_new(model, "goals", goals);
  json_object_set_new(model, "has_goals", json_boolean(json_array_size(goals) > 0));
  json_object_set_new(model, "goal_options", goal_options);
  json_object_set_new(model, "has_goal_options", json_boolean(json_array_size(goal_options) > 0));
  json_array_foreach(diary, i, row) {
    page_add_date_display(row, "written_on");
    json_object_set_new(row, "by_me", json_boolean(g_strcmp0(json_string_value(
      json_object_get(row, "author_kind")), "citizen") == 0));
  }
  json_object_set_new(model, "diary", diary);
  json_object_set_new(model, "has_diary", json_boolean(json_array_size(diary) > 0));
  json_t *answerable = json_array();
  json_array_foreach(assessments, i, row)
    if (json_is_true(json_object_get(row, "answerable")))
      json_array_append(answerable, row);
  json_object_set_new(model, "answerable", answerable);
  json_object_set_new(model, "has_answerable", json_boolean(json_array_size(answerable) > 0));
  json_object_set_new(model, "assessments", assessments);

  json_t *compare = citizen_chart_compare_model(citizen, measurements, instrument, 0, req->lang);
  json_t *areas = citizen_chart_model(citizen, measurements, instrument, req->lang);
  const char *keys[2] = {"compare_chart", "chart"};
  const char *svg_keys[2] = {"compare_chart_svg", "chart_svg"};
  json_t *charts[2] = {compare, areas};
  for (int k = 0; k < 2; k++) {
    if (charts[k] == NULL)
      continue;
    if (!req->api) {
      g_autoptr(GError) chart_error = NULL;
      char *svg = chart_line_svg(charts[k], &chart_error);
      if (svg != NULL)
        reply_html_extra(reply, svg_keys[k], svg);
    }
    json_object_set_new(model, keys[k], charts[k]);
  }
  gboolean scored = page_score_charts(req, reply, model, citizen, measurements, error);
  json_decref(measurements);
  json_decref(instrument);
  if (!scored) {
    json_decref(model);
    return NULL;
  }
  g_autofree char *today = spor_date_today();
  g_autofree char *today_display = spor_date_iso_to_danish(today);
  json_object_set_new(model, "today", json_string(today_display));
  return model;
}

static void
me_show(HttpRequest *req, HttpReply *reply)
{
  json_t *citizen = own_citizen(req, reply);
  if (citizen == NULL)
    return;
  g_autoptr(GError) error = NULL;
  json_t *model = me_model(req, reply, citizen, &error);
  gint64 id = json_integer_value(json_object_get(citizen, "id"));
  json_decref(citizen);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, id, "citizen.self.read", NULL);
  reply_page(reply, 200, "me", model);
}

static void
me_diary(HttpRequest *req, HttpReply *reply)
{
  json_t *citizen = own_citizen(req, reply);
  if (citizen == NULL)
    return;
  FormResult *fields = req->fields;
  g_autofree char *today = spor_date_today();
  const char *on = form_text(fields, "written_on") ? form_text(fields, "written_on") : today;
  const char *birth = json_string_value(json_object_get(citizen, "birth_date"));
  if (strcmp(on, today) > 0)
    form_result_add_error(fields, "written_on", _("Datoen kan ikke ligge efter i dag."));
  else if (birth != NULL && strcmp(on, birth) < 0)
    form_result_add_error(fields, "written_on", _("Datoen ligger før din fødselsdato."));
  gint64 goal_id = 0, entry = 0;
  form_int(fields, "goal_id", &goal_id);
  gint64 id = json_integer_value(json_object_get(citizen, "id"));
  g_autoptr(GError) error = NULL;
  if (form_result_ok(fields)) {
    StoreDiaryInput in = {.citizen_id = id, .goal_id = goal_id, .written_on = on,
                          .body = form_text(fields, "body")};
    entry = store_diary_add(req->db, req->user->id, &in, &error);
    if (entry == 0 && g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
      form_result_add_error(fields, "goal_id", _("Vælg et af dine mål."));
      g_clear_error(&error);
    }
  }
  if (!form_result_ok(fields)) {
    json_t *model = me_model(req, reply, citizen, &error);
    json_decref(citizen);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "me", model, fields);
    return;
  }
  json_decref(citizen);
  if (entry == 0) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, id, "diary.create", "self");
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)entry));
  reply_redirect(reply, "/me#dagbog", TRUE);
}

/* ---- Self-assessments -------------------------------------------------------------- */

/* The self-assessment of the plan the request names, if the citizen may
 * answer it today; NULL (with a 404 reply) otherwise. */
static json_t *
open_assessment(HttpRequest *req, HttpReply *reply, gint64 citizen_id, gint64 course_id,
                gint64 point_id, const char *key)
{
  g_autoptr(GError) error = NULL;
  json_t *all = self_assessments(req, citizen_id, &error);
  if (all == NULL) {
    reply_store_error(reply, error);
    return NULL;
  }
  json_t *found = NULL;
  size_t i;
  json_t *row;
  json_array_foreach(all, i, row)
    if (found == NULL && json_is_true(json_object_get(row, "answerable")) &&
        json_integer_value(json_object_get(row, "course_id")) == course_id &&
        json_integer_value(json_object_get(row, "plan_point_id")) == point_id &&
        g_strcmp0(json_string_value(json_object_get(row, "instrument_key")), key) == 0)
      found = json_incref(row);
  json_decref(all);
  if (found == NULL)
    reply_error(reply, 404, _("Der er ingen selvvurdering at besvare her lige nu."));
  return found;
}

static const FieldSpec assessment_query[] = {
  {"course", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Forløb")},
  {"point", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Målepunkt")},
  {"instrument", FIELD_TEXT, TRUE, 1, 64, NULL, N_("Instrument")},
};

static const FieldSpec assessment_fields[] = {
  {"course_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Forløb")},
  {"plan_point_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Målepunkt")},
  {"instrument", FIELD_TEXT, TRUE, 1, 64, NULL, N_("Instrument")},
  {"comment", FIELD_TEXT, FALSE, 0, 2000, NULL, N_("Noget du vil tilføje?")},
};

static json_t *
assessment_model(HttpRequest *req, const json_t *expected, const InstrumentVersion *v,
                 json_t *values, json_t *errors)
{
  json_t *model = page_model_new(_("Din egen vurdering"));
  json_object_set(model, "expected", (json_t *)expected);
  json_object_set_new(model, "instrument", json_pack("{s:s, s:s?}", "name",
    instrument_text(&v->def->name, req->lang), "description",
    instrument_text(&v->def->description, req->lang)));
  json_t *sections = instrument_form_sections(v, req->lang, values, errors, FALSE);
  instrument_form_add_comments(sections, values, errors);
  json_object_set_new(model, "sections", sections);
  json_object_set(model, "values", values);
  return model;
}

static InstrumentVersion *
newest(HttpRequest *req, HttpReply *reply, const char *key)
{
  gint64 id = 0;
  g_autoptr(GError) error = NULL;
  InstrumentVersion *v = NULL;
  if (store_instrument_find(req->db, key, 0, &id, &error))
    v = instrument_version_load(req->db, id, &error);
  if (v == NULL)
    reply_store_error(reply, error);
  return v;
}

static void
assessment_new(HttpRequest *req, HttpReply *reply)
{
  json_t *citizen = own_citizen(req, reply);
  if (citizen == NULL)
    return;
  gint64 id = json_integer_value(json_object_get(citizen, "id"));
  json_decref(citizen);
  if (!form_result_ok(req->fields)) {
    /* Not a self-assessment of the plan: back to the citizen's page. */
    reply_redirect(reply, "/me", FALSE);
    return;
  }
  gint64 course = 0, point = 0;
  form_int(req->fields, "course", &course);
  form_int(req->fields, "point", &point);
  const char *key = form_text(req->fields, "instrument");
  json_t *expected = open_assessment(req, reply, id, course, point, key);
  if (expected == NULL)
    return;
  g_autoptr(InstrumentVersion) v = newest(req, reply, key);
  if (v == NULL) {
    json_decref(expected);
    return;
  }
  json_t *values = json_pack("{s:I, s:I, s:s}", "course_id", (json_int_t)course, "plan_point_id",
                             (json_int_t)point, "instrument", key);
  json_t *errors = json_object();
  json_t *model = assessment_model(req, expected, v, values, errors);
  json_decref(values);
  json_decref(errors);
  json_decref(expected);
  reply_audit(reply, id, "citizen.self.read", "assessment_new");
  reply_page(reply, 200, "self_assessment", model);
}

static const char *
point_of(const char *kind)
{
  if (g_strcmp0(kind, "start") == 0 || g_strcmp0(kind, "end") == 0 ||
      g_strcmp0(kind, "after_end") == 0)
    return kind;
  return "follow_up";
}

static void
assessment_create(HttpRequest *req, HttpReply *reply)
{
  json_t *citizen = own_citizen(req, reply);
  if (citizen == NULL)
    return;
  gint64 id = json_integer_value(json_object_get(citizen, "id"));
  json_decref(citizen);
  FormResult *fields = req->fields;
  gint64 course = 0, point = 0;
  form_int(fields, "course_id", &course);
  form_int(fields, "plan_point_id", &point);
  const char *key = form_text(fields, "instrument");
  if (course == 0 || point == 0 || key == NULL) {
    reply_form_errors(reply, "self_assessment", page_model_new(_("Din egen vurdering")), fields);
    return;
  }
  json_t *expected = open_assessment(req, reply, id, course, point, key);
  if (expected == NULL)
    return;
  g_autoptr(InstrumentVersion) v = newest(req, reply, key);
  if (v == NULL) {
    json_decref(expected);
    return;
  }
  json_t *echo = json_deep_copy(form_result_echo(fields));
  g_autofree StoreAnswerInput *answers = g_new0(StoreAnswerInput, MAX(v->def->n_items, 1));
  ScoreResult total;
  instrument_form_read(v, req->form, fields, echo, answers, &total);
  g_autoptr(GError) error = NULL;
  gint64 measurement = 0;
  if (form_result_ok(fields)) {
    g_autofree char *today = spor_date_today();
    const char *kind = json_string_value(json_object_get(expected, "kind"));
    StoreMeasurementInput in = {
      .citizen_id = id,
      .course_id = course,
      .instrument_id = v->id,
      .measured_on = today,
      .point = point_of(kind),
      .respondent = "citizen",
      .collection_method = "self_report",
      .status = "approved",
      .comment = form_text(fields, "comment"),
      .has_score = total.has_score,
      .score = total.score,
      .answers = answers,
      .n_answers = v->def->n_items,
    };
    measurement = store_measurement_create(req->db, req->user->id, &in, &error);
  }
  if (!form_result_ok(fields)) {
    json_t *model = assessment_model(req, expected, v, echo, form_result_errors(fields));
    reply_form_errors(reply, "self_assessment", model, fields);
    json_decref(echo);
    json_decref(expected);
    return;
  }
  json_decref(echo);
  json_decref(expected);
  if (measurement == 0) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, id, "measurement.self", NULL);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)measurement));
  reply_redirect(reply, "/me#udvikling", TRUE);
}

const Route pages_me_routes[] = {
  {"GET", "/me", me_show, CAP_SELF_SERVICE, NULL, 0, 0},
  {"POST", "/me/diary", me_diary, CAP_SELF_SERVICE, diary_fields, G_N_ELEMENTS(diary_fields), 0},
  {"GET", "/me/assessments/new", assessment_new, CAP_SELF_SERVICE, assessment_query,
   G_N_ELEMENTS(assessment_query), ROUTE_HTML_ONLY},
  {"POST", "/me/assessments", assessment_create, CAP_SELF_SERVICE, assessment_fields,
   G_N_ELEMENTS(assessment_fields), 0},
};
const gsize pages_me_n_routes = G_N_ELEMENTS(pages_me_routes);
