/* courses.c — a citizen's course (forløb): starting one, its page with
 * phases, the expected measurements of its plan, goals, measurements and
 * their charts, the intensity log, the questions asked during the course,
 * the diary; changing phase and ending it with the questions asked at the
 * end.
 *
 * What the page holds depends on how the user stands to the citizen
 * (store.h): the care team sees and does everything; an assigned
 * caseworker reads the course, its goals, approved measurements and
 * charts; the citizen's own login goes to their own page (/me). */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "pages/citizen_chart.h"
#include "pages/common.h"
#include "pages/due_list.h"
#include "pages/pages.h"
#include "render/chart.h"

#define CHART_DIARY_LIMIT 30

/* Adds a chart's SVG as an extra of the reply under key (pages only). */
static void
add_chart(HttpRequest *req, HttpReply *reply, json_t *model, const char *key,
          const char *svg_key, json_t *chart)
{
  if (chart == NULL)
    return;
  if (!req->api) {
    g_autoptr(GError) error = NULL;
    char *svg = chart_line_svg(chart, &error);
    if (svg != NULL)
      reply_html_extra(reply, svg_key, svg);
    else
      g_warning("diagrammet kunne ikke tegnes: %s", error->message);
  }
  json_object_set_new(model, key, chart);
}

/* Display fields of measurement rows. */
static void
decorate_measurements(json_t *measurements, SporLang lang)
{
  size_t i;
  json_t *m;
  json_array_foreach(measurements, i, m) {
    page_add_date_display(m, "measured_on");
    json_object_set_new(m, "point_label", json_string(page_label(page_points,
      json_string_value(json_object_get(m, "point")))));
    json_object_set_new(m, "respondent_label", json_string(page_label(page_respondents,
      json_string_value(json_object_get(m, "respondent")))));
    json_object_set_new(m, "status_label", json_string(page_label(page_statuses,
      json_string_value(json_object_get(m, "status")))));
    json_object_set_new(m, "is_draft",
      json_boolean(g_strcmp0(json_string_value(json_object_get(m, "status")), "draft") == 0));
    json_object_set(m, "instrument_name",
                    json_object_get(m, lang == SPOR_LANG_EN ? "instrument_name_en"
                                                            : "instrument_name_da"));
    g_autofree char *score = page_number(json_object_get(m, "score"), lang);
    json_object_set_new(m, "score_display", json_string(score));
  }
}

/* The expected measurements of one course, for display. */
static json_t *
expected_rows(HttpRequest *req, const json_t *course, StoreRelation relation, GError **error)
{
  g_autofree char *today = spor_date_today();
  StoreDueFilter filter = {.citizen_id = json_integer_value(json_object_get(course, "citizen_id")),
                           .course_id = json_integer_value(json_object_get(course, "id"))};
  json_t *courses = due_list_courses(req, &filter, today, DUE_LIST_HORIZON_DAYS, error);
  json_t *names = courses ? page_instrument_names(req, error) : NULL;
  if (names == NULL) {
    json_decref(courses);
    return NULL;
  }
  json_t *rows = json_array();
  json_t *c = json_array_get(courses, 0);
  size_t i;
  json_t *e;
  json_array_foreach(c ? json_object_get(c, "expected") : NULL, i, e) {
    const char *phase = NULL;
    size_t k;
    json_t *p;
    json_array_foreach(json_object_get(course, "phases"), k, p)
      if (json_integer_value(json_object_get(p, "phase_id")) ==
          json_integer_value(json_object_get(e, "phase_id")))
        phase = json_string_value(json_object_get(p, "name"));
    g_autofree char *label = page_due_label(e, phase);
    const char *status = json_string_value(json_object_get(e, "status"));
    const char *key = json_string_value(json_object_get(e, "instrument_key"));
    json_object_set_new(e, "label", json_string(label));
    json_object_set(e, "instrument_name", json_object_get(names, key ? key : ""));
    json_object_set_new(e, "respondent_label", json_string(page_label(page_respondents,
      json_string_value(json_object_get(e, "respondent")))));
    json_object_set_new(e, "status_label", json_string(page_label(page_due_statuses, status)));
    gboolean actionable = relation == STORE_RELATION_CARE &&
                          (g_strcmp0(status, "open") == 0 || g_strcmp0(status, "overdue") == 0 ||
                           g_strcmp0(status, "upcoming") == 0);
    if (actionable) {
      g_autofree char *href = due_list_record_href(
        json_integer_value(json_object_get(course, "citizen_id")),
        json_integer_value(json_object_get(course, "id")), e);
      json_object_set_new(e, "record_href", json_string(href));
    }
    json_object_set_new(e, "has_measurement",
                        json_boolean(json_is_integer(json_object_get(e, "measurement_id"))));
    page_add_date_display(e, "due_on");
    page_add_date_display(e, "window_from");
    page_add_date_display(e, "window_to");
    page_add_date_display(e, "measured_on");
    json_array_append(rows, e);
  }
  json_decref(courses);
  json_decref(names);
  return rows;
}

/* The questions asked during the course, with the answers given so far. */
static json_t *
during_questions(const json_t *settings, const json_t *answers, const FormResult *fields)
{
  json_t *list = page_question_list(settings, "during");
  json_t *asked = json_array();
  size_t i;
  json_t *q;
  json_array_foreach(list, i, q) {
    if (!json_is_true(json_object_get(q, "asked")))
      continue;
    json_t *given = json_array();
    size_t k;
    json_t *a;
    json_array_foreach(answers, k, a)
      if (g_strcmp0(json_string_value(json_object_get(a, "question")),
                    json_string_value(json_object_get(q, "key"))) == 0 &&
          g_strcmp0(json_string_value(json_object_get(a, "stage")), "during") == 0)
        json_array_append(given, a);
    g_autofree char *field = g_strdup_printf("q_%s", json_string_value(json_object_get(q, "key")));
    json_object_set_new(q, "field", json_string(field));
    const char *typed = fields ? json_string_value(json_object_get(form_result_echo(fields), field))
                               : NULL;
    json_object_set_new(q, "value", json_string(typed ? typed : ""));
    json_t *message = fields ? json_object_get(form_result_errors(fields), field) : NULL;
    if (message != NULL)
      json_object_set(q, "error", message);
    json_object_set_new(q, "answers", given);
    json_array_append(asked, q);
  }
  json_decref(list);
  return asked;
}

/* The whole course page; NULL with error (the store's).  *out_relation
 * receives how the user stands to the citizen.  values and errors are
 * those of a form posted from the page ({} when none). */
static json_t *
course_model(HttpRequest *req, HttpReply *reply, gint64 course_id, const FormResult *fields,
             StoreRelation *out_relation, GError **error)
{
  json_t *course = store_course_get(req->db, req->user->id, course_id, error);
  if (course == NULL)
    return NULL;
  gint64 citizen_id = json_integer_value(json_object_get(course, "citizen_id"));
  StoreRelation relation = STORE_RELATION_NONE;
  if (!store_citizen_relation(req->db, req->user->id, citizen_id, &relation, error)) {
    json_decref(course);
    return NULL;
  }
  *out_relation = relation;
  gboolean care = relation == STORE_RELATION_CARE;
  json_t *model = page_model_new("");
  g_autofree char *title = g_strdup_printf("%s %s: %s",
    json_string_value(json_object_get(course, "first_name")),
    json_string_value(json_object_get(course, "last_name")),
    json_string_value(json_object_get(course, "intervention_name")));
  json_object_set_new(model, "title", json_string(title));
  page_add_date_display(course, "started_on");
  page_add_date_display(course, "ended_on");
  json_object_set_new(course, "running", json_boolean(json_is_null(json_object_get(course,
                                                                                   "ended_on"))));
  json_t *phases = json_object_get(course, "phases");
  size_t i;
  json_t *p;
  json_array_foreach(phases, i, p) {
    page_add_date_display(p, "started_on");
    json_object_set_new(p, "current", json_boolean(i + 1 == json_array_size(phases)));
  }
  json_object_set_new(model, "course", course);
  json_object_set_new(model, "care", json_boolean(care));
  json_object_set_new(model, "authority", json_boolean(relation == STORE_RELATION_AUTHORITY));

  json_t *expected = expected_rows(req, course, relation, error);
  json_t *goals = expected ? store_goal_list(req->db, req->user->id, citizen_id, course_id, error)
                           : NULL;
  json_t *measurements = goals ? store_measurement_list(req->db, req->user->id, citizen_id, error)
                               : NULL;
  json_t *instrument = measurements ? store_instrument_get_by_key(req->db, CITIZEN_CHART_INSTRUMENT,
                                                                  error)
                                    : NULL;
  if (instrument == NULL) {
    json_decref(expected);
    json_decref(goals);
    json_decref(measurements);
    json_decref(model);
    return NULL;
  }
  json_object_set_new(model, "expected", expected);
  json_object_set_new(model, "has_expected", json_boolean(json_array_size(expected) > 0));

  /* GAS goals need their ratings for the T-score. */
  json_t *gas_goals = json_array();
  json_array_foreach(goals, i, p) {
    if (g_strcmp0(json_string_value(json_object_get(p, "kind")), "gas") != 0)
      continue;
    json_t *full = store_goal_get(req->db, req->user->id,
                                  json_integer_value(json_object_get(p, "id")), error);
    if (full == NULL) {
      json_decref(gas_goals);
      json_decref(goals);
      json_decref(measurements);
      json_decref(instrument);
      json_decref(model);
      return NULL;
    }
    json_array_append_new(gas_goals, full);
  }
  json_t *scores = NULL;
  add_chart(req, reply, model, "gas_chart", "gas_chart_svg",
            citizen_chart_gas_model(gas_goals, &scores));
  json_object_set_new(model, "gas_scores", scores);
  json_decref(gas_goals);
  page_decorate_goals(goals, req->lang);
  json_object_set_new(model, "goals", goals);
  json_object_set_new(model, "has_goals", json_boolean(json_array_size(goals) > 0));

  /* This course's measurements, and those tied to no course in its time. */
  json_t *own = json_array();
  const char *start = json_string_value(json_object_get(course, "started_on"));
  const char *end = json_string_value(json_object_get(course, "ended_on"));
  json_array_foreach(measurements, i, p) {
    json_t *cid = json_object_get(p, "course_id");
    const char *on = json_string_value(json_object_get(p, "measured_on"));
    if ((json_is_integer(cid) && json_integer_value(cid) == course_id) ||
        (json_is_null(cid) && g_strcmp0(on, start) >= 0 && (end == NULL || g_strcmp0(on, end) <= 0)))
      json_array_append(own, p);
  }
  json_t *citizen = json_pack("{s:O}", "first_name", json_object_get(course, "first_name"));
  add_chart(req, reply, model, "chart", "chart_svg",
            citizen_chart_course_model(citizen, own, instrument, 0, req->lang));
  add_chart(req, reply, model, "compare_chart", "compare_chart_svg",
            citizen_chart_compare_model(citizen, own, instrument, 0, req->lang));
  json_decref(citizen);
  json_decref(instrument);
  decorate_measurements(own, req->lang);
  json_object_set_new(model, "measurements", own);
  json_object_set_new(model, "has_measurements", json_boolean(json_array_size(own) > 0));
  json_decref(measurements);

  if (care) {
    json_t *intensity = store_intensity_list(req->db, req->user->id, course_id, error);
    json_t *answers = intensity ? store_course_answers(req->db, req->user->id, course_id, error)
                                : NULL;
    json_t *settings = answers ? store_offer_questions(req->db,
      json_integer_value(json_object_get(course, "offer_id")), error) : NULL;
    json_t *diary = settings ? store_diary_list(req->db, req->user->id, citizen_id, course_id,
                                                CHART_DIARY_LIMIT, error)
                             : NULL;
    json_t *iv = diary ? store_intervention_get(req->db, req->user->id,
      json_integer_value(json_object_get(course, "intervention_id")), error) : NULL;
    if (iv == NULL) {
      json_decref(intensity);
      json_decref(answers);
      json_decref(settings);
      json_decref(diary);
      json_decref(model);
      return NULL;
    }
    gint64 minutes = 0, sessions = 0;
    json_array_foreach(intensity, i, p) {
      page_add_date_display(p, "held_on");
      json_object_set_new(p, "kind_label", json_string(page_label(page_intensity_kinds,
        json_string_value(json_object_get(p, "kind")))));
      minutes += json_integer_value(json_object_get(p, "minutes"));
      sessions++;
    }
    json_object_set_new(model, "intensity", intensity);
    json_object_set_new(model, "intensity_sessions", json_integer(sessions));
    json_object_set_new(model, "intensity_hours",
                        json_sprintf("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, minutes / 60,
                                     (minutes % 60) * 10 / 60));
    json_object_set_new(model, "intensity_kinds", page_options(page_intensity_kinds,
                                                               "individual"));
    json_array_foreach(answers, i, p)
      page_add_date_display(p, "answered_on");
    json_t *questions = during_questions(settings, answers, fields);
    json_object_set_new(model, "has_questions", json_boolean(json_array_size(questions) > 0));
    json_object_set_new(model, "questions", questions);
    json_t *end_answers = json_array();
    json_array_foreach(answers, i, p)
      if (g_strcmp0(json_string_value(json_object_get(p, "stage")), "end") == 0) {
        const char *q = json_string_value(json_object_get(p, "question"));
        for (const PageQuestion *pq = page_questions; pq->key != NULL; pq++)
          if (strcmp(pq->stage, "end") == 0 && g_strcmp0(pq->key, q) == 0)
            json_object_set_new(p, "label", json_string(_(pq->label)));
        json_array_append(end_answers, p);
      }
    json_object_set_new(model, "end_answers", end_answers);
    json_decref(settings);
    json_decref(answers);
    json_array_foreach(diary, i, p) {
      page_add_date_display(p, "written_on");
      json_object_set_new(p, "by_citizen",
        json_boolean(g_strcmp0(json_string_value(json_object_get(p, "author_kind")), "citizen") == 0));
    }
    json_object_set_new(model, "diary", diary);
    json_object_set_new(model, "has_diary", json_boolean(json_array_size(diary) > 0));
    /* Phases the course can change to. */
    json_t *choices = json_array();
    gint64 current = json_integer_value(json_object_get(course, "current_phase_id"));
    json_array_foreach(json_object_get(iv, "phases"), i, p)
      if (json_integer_value(json_object_get(p, "id")) != current)
        json_array_append_new(choices, json_pack("{s:O, s:O}", "id", json_object_get(p, "id"),
                                                 "name", json_object_get(p, "name")));
    json_object_set_new(model, "phase_choices", choices);
    json_decref(iv);
    g_autofree char *today = spor_date_today();
    g_autofree char *today_display = spor_date_iso_to_danish(today);
    json_object_set_new(model, "today", json_string(today_display));
  }
  return model;
}

static void
course_show(HttpRequest *req, HttpReply *reply)
{
  gint64 course_id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  StoreRelation relation = STORE_RELATION_NONE;
  json_t *model = course_model(req, reply, course_id, NULL, &relation, &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  gint64 citizen_id = json_integer_value(json_object_get(json_object_get(model, "course"),
                                                         "citizen_id"));
  if (relation == STORE_RELATION_SELF) {
    json_decref(model);
    reply_redirect(reply, "/me", FALSE);
    return;
  }
  g_autofree char *detail = g_strdup_printf("course=%" G_GINT64_FORMAT, course_id);
  reply_audit(reply, citizen_id, "course.read", detail);
  reply_page(reply, 200, "course", model);
}

/* A POST from the course page failed its checks: the page again, 422. */
static void
course_failed(HttpRequest *req, HttpReply *reply, gint64 course_id)
{
  g_autoptr(GError) error = NULL;
  StoreRelation relation;
  json_t *model = course_model(req, reply, course_id, req->fields, &relation, &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_form_errors(reply, "course", model, req->fields);
}

/* The course for a change: the care team only (404 for anyone else). */
static json_t *
course_for_change(HttpRequest *req, HttpReply *reply, gint64 course_id)
{
  g_autoptr(GError) error = NULL;
  json_t *course = store_course_get(req->db, req->user->id, course_id, &error);
  if (course == NULL) {
    reply_store_error(reply, error);
    return NULL;
  }
  if (!store_citizen_require_care(req->db, req->user->id,
                                  json_integer_value(json_object_get(course, "citizen_id")),
                                  &error)) {
    json_decref(course);
    reply_store_error(reply, error);
    return NULL;
  }
  return course;
}

static void
redirect_to_course(HttpReply *reply, gint64 course_id, const char *anchor, gint64 id)
{
  g_autofree char *location = g_strdup_printf("/courses/%" G_GINT64_FORMAT "%s%s", course_id,
                                              anchor ? "#" : "", anchor ? anchor : "");
  reply_set_model(reply, json_pack("{s:I, s:I}", "course_id", (json_int_t)course_id, "id",
                                   (json_int_t)id));
  reply_redirect(reply, location, id != 0);
}

/* ---- Starting a course ---------------------------------------------------------- */

static const FieldSpec start_fields[] = {
  {"intervention_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Indsats")},
  {"started_on", FIELD_DATE, TRUE, 0, 0, NULL, N_("Startdato")},
};

static json_t *
start_model(HttpRequest *req, const json_t *citizen, GError **error)
{
  json_t *interventions = store_intervention_list(req->db,
    json_integer_value(json_object_get(citizen, "offer_id")), error);
  if (interventions == NULL)
    return NULL;
  g_autofree char *title = g_strdup_printf(_("Nyt forløb: %s %s"),
    json_string_value(json_object_get(citizen, "first_name")),
    json_string_value(json_object_get(citizen, "last_name")));
  json_t *model = page_model_new(title);
  json_object_set(model, "citizen", (json_t *)citizen);
  json_object_set_new(model, "interventions", interventions);
  g_autofree char *today = spor_date_today();
  g_autofree char *today_display = spor_date_iso_to_danish(today);
  json_object_set_new(model, "today", json_string(today_display));
  return model;
}

static json_t *
citizen_in_care(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *citizen = store_citizen_get(req->db, req->user->id, id, &error);
  if (citizen == NULL || !store_citizen_require_care(req->db, req->user->id, id, &error)) {
    json_decref(citizen);
    reply_store_error(reply, error);
    return NULL;
  }
  return citizen;
}

static void
course_new(HttpRequest *req, HttpReply *reply)
{
  json_t *citizen = citizen_in_care(req, reply);
  if (citizen == NULL)
    return;
  g_autoptr(GError) error = NULL;
  json_t *model = start_model(req, citizen, &error);
  json_decref(citizen);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_page(reply, 200, "course_new", model);
}

static void
course_create(HttpRequest *req, HttpReply *reply)
{
  json_t *citizen = citizen_in_care(req, reply);
  if (citizen == NULL)
    return;
  FormResult *fields = req->fields;
  const char *started_on = form_text(fields, "started_on");
  const char *birth = json_string_value(json_object_get(citizen, "birth_date"));
  if (started_on != NULL && birth != NULL && strcmp(started_on, birth) < 0)
    form_result_add_error(fields, "started_on", _("Forløbet kan ikke starte før borgerens fødsel."));
  gint64 intervention_id = 0;
  form_int(fields, "intervention_id", &intervention_id);
  gint64 id = 0;
  g_autoptr(GError) error = NULL;
  if (form_result_ok(fields)) {
    StoreCourseInput in = {.citizen_id = json_integer_value(json_object_get(citizen, "id")),
                           .intervention_id = intervention_id, .started_on = started_on};
    id = store_course_start(req->db, req->user->id, &in, &error);
    if (id == 0 && g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
      form_result_add_error(fields, "intervention_id",
                            _("Indsatsen hører ikke til borgerens tilbud."));
      g_clear_error(&error);
    }
  }
  if (!form_result_ok(fields)) {
    json_t *model = start_model(req, citizen, &error);
    json_decref(citizen);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "course_new", model, fields);
    return;
  }
  json_decref(citizen);
  if (id == 0) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, http_request_param(req, "id"), "course.create", NULL);
  redirect_to_course(reply, id, NULL, id);
}

/* ---- Changing phase --------------------------------------------------------------- */

static const FieldSpec phase_fields[] = {
  {"phase_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Ny fase")},
  {"phase_started_on", FIELD_DATE, TRUE, 0, 0, NULL, N_("Fra dato")},
};

static void
course_phase(HttpRequest *req, HttpReply *reply)
{
  gint64 course_id = http_request_param(req, "id");
  json_t *course = course_for_change(req, reply, course_id);
  if (course == NULL)
    return;
  FormResult *fields = req->fields;
  const char *on = form_text(fields, "phase_started_on");
  gint64 phase_id = 0;
  form_int(fields, "phase_id", &phase_id);
  g_autofree char *today = spor_date_today();
  const char *start = json_string_value(json_object_get(course, "started_on"));
  const char *end = json_string_value(json_object_get(course, "ended_on"));
  json_t *phases = json_object_get(course, "phases");
  const char *since = json_string_value(json_object_get(
    json_array_get(phases, json_array_size(phases) - 1), "started_on"));
  if (on != NULL) {
    g_autofree char *since_display = since ? spor_date_iso_to_danish(since) : NULL;
    g_autofree char *start_display = spor_date_iso_to_danish(start);
    if (strcmp(on, start) < 0) {
      g_autofree char *msg = g_strdup_printf(_("Faseskiftet kan ikke ligge før forløbets start (%s)."),
                                             start_display);
      form_result_add_error(fields, "phase_started_on", msg);
    } else if (since != NULL && strcmp(on, since) < 0) {
      g_autofree char *msg = g_strdup_printf(
        _("Faseskiftet kan ikke ligge før den nuværende fases start (%s)."), since_display);
      form_result_add_error(fields, "phase_started_on", msg);
    } else if (end != NULL && strcmp(on, end) > 0) {
      form_result_add_error(fields, "phase_started_on",
                            _("Faseskiftet kan ikke ligge efter forløbets afslutning."));
    } else if (strcmp(on, today) > 0) {
      form_result_add_error(fields, "phase_started_on", _("Datoen kan ikke ligge efter i dag."));
    }
  }
  if (phase_id != 0 &&
      phase_id == json_integer_value(json_object_get(course, "current_phase_id")))
    form_result_add_error(fields, "phase_id", _("Forløbet er allerede i den fase."));
  g_autoptr(GError) error = NULL;
  if (form_result_ok(fields) &&
      !store_course_change_phase(req->db, req->user->id, course_id, phase_id, on, &error)) {
    if (g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
      form_result_add_error(fields, "phase_id", _("Vælg en af indsatsens faser."));
      g_clear_error(&error);
    }
  }
  gint64 citizen_id = json_integer_value(json_object_get(course, "citizen_id"));
  json_decref(course);
  if (!form_result_ok(fields)) {
    course_failed(req, reply, course_id);
    return;
  }
  if (error != NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, citizen_id, "course.phase", NULL);
  redirect_to_course(reply, course_id, "faser", 0);
}

/* ---- Intensity log ------------------------------------------------------------------ */

static const FieldSpec intensity_fields[] = {
  {"held_on", FIELD_DATE, TRUE, 0, 0, NULL, N_("Dato")},
  {"kind", FIELD_CHOICE, TRUE, 0, 0,
   PAGE_CODES("individual", "group", "family", "network", "activity", "remote", "other"),
   N_("Slags")},
  {"minutes", FIELD_INT, TRUE, 1, 1440, NULL, N_("Minutter")},
  {"note", FIELD_TEXT, FALSE, 0, 500, NULL, N_("Note")},
};

/* A date of something that happened in the course: inside it, not in
 * the future; the message goes to field. */
static void
check_in_course(FormResult *fields, const char *field, const char *on, const json_t *course)
{
  if (on == NULL)
    return;
  g_autofree char *today = spor_date_today();
  const char *start = json_string_value(json_object_get(course, "started_on"));
  const char *end = json_string_value(json_object_get(course, "ended_on"));
  if (strcmp(on, today) > 0)
    form_result_add_error(fields, field, _("Datoen kan ikke ligge efter i dag."));
  else if (start != NULL && strcmp(on, start) < 0)
    form_result_add_error(fields, field, _("Datoen ligger før forløbets start."));
  else if (end != NULL && strcmp(on, end) > 0)
    form_result_add_error(fields, field, _("Datoen ligger efter forløbets afslutning."));
}

static void
course_intensity(HttpRequest *req, HttpReply *reply)
{
  gint64 course_id = http_request_param(req, "id");
  json_t *course = course_for_change(req, reply, course_id);
  if (course == NULL)
    return;
  FormResult *fields = req->fields;
  const char *held_on = form_text(fields, "held_on");
  check_in_course(fields, "held_on", held_on, course);
  gint64 citizen_id = json_integer_value(json_object_get(course, "citizen_id"));
  json_decref(course);
  if (!form_result_ok(fields)) {
    course_failed(req, reply, course_id);
    return;
  }
  gint64 minutes = 0;
  form_int(fields, "minutes", &minutes);
  g_autoptr(GError) error = NULL;
  gint64 id = store_intensity_add(req->db, req->user->id, course_id, held_on,
                                  form_text(fields, "kind"), minutes, form_text(fields, "note"),
                                  &error);
  if (id == 0) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, citizen_id, "course.intensity", NULL);
  redirect_to_course(reply, course_id, "intensitet", id);
}

/* ---- Questions during the course ----------------------------------------------------- */

static const FieldSpec answer_fields[] = {
  {"answered_on", FIELD_DATE, TRUE, 0, 0, NULL, N_("Dato")},
  {"q_components", FIELD_TEXT, FALSE, 0, 2000, NULL, N_("Hvilke delindsatser har indsatsen bestået af?")},
  {"q_intensity", FIELD_TEXT, FALSE, 0, 2000, NULL, N_("Hvad har volumen/intensiteten været?")},
  {"q_next_phase_goals", FIELD_TEXT, FALSE, 0, 2000, NULL, N_("Målene for næste fase af indsatsen")},
  {"q_medical_treatment", FIELD_TEXT, FALSE, 0, 500, NULL, N_("Medicinsk behandling")},
  {"q_cohabitation", FIELD_TEXT, FALSE, 0, 500, NULL, N_("Samlivssituation")},
};

static void
course_answers(HttpRequest *req, HttpReply *reply)
{
  gint64 course_id = http_request_param(req, "id");
  json_t *course = course_for_change(req, reply, course_id);
  if (course == NULL)
    return;
  FormResult *fields = req->fields;
  const char *on = form_text(fields, "answered_on");
  check_in_course(fields, "answered_on", on, course);
  g_autoptr(GError) error = NULL;
  json_t *settings = store_offer_questions(req->db,
    json_integer_value(json_object_get(course, "offer_id")), &error);
  gint64 citizen_id = json_integer_value(json_object_get(course, "citizen_id"));
  json_decref(course);
  if (settings == NULL) {
    reply_store_error(reply, error);
    return;
  }
  guint given = 0;
  for (const PageQuestion *q = page_questions; q->key != NULL; q++) {
    if (strcmp(q->stage, "during") != 0)
      continue;
    gboolean asked, required;
    page_question_setting(settings, "during", q->key, &asked, &required);
    g_autofree char *field = g_strdup_printf("q_%s", q->key);
    const char *answer = form_text(fields, field);
    if (answer != NULL && asked)
      given++;
    if (asked && required && answer == NULL) {
      g_autofree char *msg = g_strdup_printf(_("%s skal udfyldes."), _(q->label));
      form_result_add_error(fields, field, msg);
    }
  }
  if (form_result_ok(fields) && given == 0)
    form_result_add_error(fields, "answered_on", _("Besvar mindst ét af spørgsmålene."));
  if (!form_result_ok(fields)) {
    json_decref(settings);
    course_failed(req, reply, course_id);
    return;
  }
  for (const PageQuestion *q = page_questions; q->key != NULL; q++) {
    if (strcmp(q->stage, "during") != 0)
      continue;
    gboolean asked, required;
    page_question_setting(settings, "during", q->key, &asked, &required);
    g_autofree char *field = g_strdup_printf("q_%s", q->key);
    const char *answer = form_text(fields, field);
    if (asked && answer != NULL &&
        store_course_answer_add(req->db, req->user->id, course_id, "during", q->key, answer, on,
                                &error) == 0) {
      json_decref(settings);
      reply_store_error(reply, error);
      return;
    }
  }
  json_decref(settings);
  reply_audit(reply, citizen_id, "course.answers", NULL);
  redirect_to_course(reply, course_id, "spoergsmaal", 0);
}

/* ---- Ending a course ------------------------------------------------------------------ */

static const FieldSpec end_fields[] = {
  {"ended_on", FIELD_DATE, TRUE, 0, 0, NULL, N_("Slutdato")},
  {"end_reason", FIELD_TEXT, FALSE, 0, 500, NULL, N_("Afslutningsårsag")},
  {"discharged_to", FIELD_TEXT, FALSE, 0, 500, NULL, N_("Udskrevet til ny indsats")},
  {"success_assessment", FIELD_TEXT, FALSE, 0, 2000, NULL,
   N_("Faglig vurdering af indsatsens succes")},
  {"medical_treatment", FIELD_TEXT, FALSE, 0, 500, NULL, N_("Medicinsk behandling")},
  {"cohabitation", FIELD_TEXT, FALSE, 0, 500, NULL, N_("Samlivssituation")},
};

static json_t *
end_model(HttpRequest *req, json_t *course, const json_t *values, const json_t *errors,
          GError **error)
{
  json_t *settings = store_offer_questions(req->db,
    json_integer_value(json_object_get(course, "offer_id")), error);
  if (settings == NULL)
    return NULL;
  json_t *questions = page_question_list(settings, "end");
  json_t *asked = json_array();
  size_t i;
  json_t *q;
  json_array_foreach(questions, i, q)
    if (json_is_true(json_object_get(q, "asked"))) {
      const char *key = json_string_value(json_object_get(q, "key"));
      json_object_set_new(q, "value", json_string(
        json_string_value(json_object_get(values, key)) ? json_string_value(json_object_get(values, key)) : ""));
      if (json_object_get(errors, key) != NULL)
        json_object_set(q, "error", json_object_get(errors, key));
      json_array_append(asked, q);
    }
  json_decref(questions);
  json_decref(settings);
  g_autofree char *title = g_strdup_printf(_("Afslut forløb: %s %s"),
    json_string_value(json_object_get(course, "first_name")),
    json_string_value(json_object_get(course, "last_name")));
  json_t *model = page_model_new(title);
  page_add_date_display(course, "started_on");
  json_object_set(model, "course", course);
  json_object_set_new(model, "questions", asked);
  g_autofree char *today = spor_date_today();
  g_autofree char *today_display = spor_date_iso_to_danish(today);
  json_object_set_new(model, "today", json_string(today_display));
  return model;
}

static void
course_end_form(HttpRequest *req, HttpReply *reply)
{
  gint64 course_id = http_request_param(req, "id");
  json_t *course = course_for_change(req, reply, course_id);
  if (course == NULL)
    return;
  g_autoptr(GError) error = NULL;
  json_t *model = end_model(req, course, NULL, NULL, &error);
  gboolean ended = !json_is_null(json_object_get(course, "ended_on"));
  json_decref(course);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  json_object_set_new(model, "ended", json_boolean(ended));
  reply_page(reply, 200, "course_end", model);
}

static void
course_end(HttpRequest *req, HttpReply *reply)
{
  gint64 course_id = http_request_param(req, "id");
  json_t *course = course_for_change(req, reply, course_id);
  if (course == NULL)
    return;
  FormResult *fields = req->fields;
  const char *ended_on = form_text(fields, "ended_on");
  g_autofree char *today = spor_date_today();
  const char *start = json_string_value(json_object_get(course, "started_on"));
  json_t *phases = json_object_get(course, "phases");
  const char *since = json_string_value(json_object_get(
    json_array_get(phases, json_array_size(phases) - 1), "started_on"));
  if (!json_is_null(json_object_get(course, "ended_on")))
    form_result_add_error(fields, "ended_on", _("Forløbet er allerede afsluttet."));
  else if (ended_on != NULL && strcmp(ended_on, start) < 0) {
    g_autofree char *shown = spor_date_iso_to_danish(start);
    g_autofree char *msg = g_strdup_printf(_("Slutdatoen ligger før forløbets start (%s)."), shown);
    form_result_add_error(fields, "ended_on", msg);
  } else if (ended_on != NULL && since != NULL && strcmp(ended_on, since) < 0) {
    g_autofree char *shown = spor_date_iso_to_danish(since);
    g_autofree char *msg = g_strdup_printf(
      _("Slutdatoen ligger før den nuværende fases start (%s)."), shown);
    form_result_add_error(fields, "ended_on", msg);
  } else if (ended_on != NULL && strcmp(ended_on, today) > 0) {
    form_result_add_error(fields, "ended_on", _("Datoen kan ikke ligge efter i dag."));
  }
  g_autoptr(GError) error = NULL;
  json_t *settings = store_offer_questions(req->db,
    json_integer_value(json_object_get(course, "offer_id")), &error);
  if (settings == NULL) {
    json_decref(course);
    reply_store_error(reply, error);
    return;
  }
  for (const PageQuestion *q = page_questions; q->key != NULL; q++) {
    if (strcmp(q->stage, "end") != 0)
      continue;
    gboolean asked, required;
    page_question_setting(settings, "end", q->key, &asked, &required);
    if (asked && required && form_text(fields, q->key) == NULL) {
      g_autofree char *msg = g_strdup_printf(_("%s skal udfyldes."), _(q->label));
      form_result_add_error(fields, q->key, msg);
    }
  }
  json_decref(settings);
  gint64 citizen_id = json_integer_value(json_object_get(course, "citizen_id"));
  if (!form_result_ok(fields)) {
    json_t *model = end_model(req, course, form_result_echo(fields), form_result_errors(fields),
                              &error);
    json_decref(course);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "course_end", model, fields);
    return;
  }
  json_decref(course);
  StoreCourseEnd end = {
    .ended_on = ended_on,
    .end_reason = form_text(fields, "end_reason"),
    .discharged_to = form_text(fields, "discharged_to"),
    .success_assessment = form_text(fields, "success_assessment"),
  };
  static const char *const tracked[] = {"medical_treatment", "cohabitation"};
  gboolean ok = store_course_end(req->db, req->user->id, course_id, &end, &error);
  for (guint k = 0; ok && k < G_N_ELEMENTS(tracked); k++) {
    const char *answer = form_text(fields, tracked[k]);
    if (answer != NULL)
      ok = store_course_answer_add(req->db, req->user->id, course_id, "end", tracked[k], answer,
                                   ended_on, &error) != 0;
  }
  if (!ok) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, citizen_id, "course.end", NULL);
  redirect_to_course(reply, course_id, NULL, 0);
}

/* ---- The diary, by staff ------------------------------------------------------------- */

static const FieldSpec diary_fields[] = {
  {"written_on", FIELD_DATE, TRUE, 0, 0, NULL, N_("Dato")},
  {"body", FIELD_TEXT, TRUE, 1, 5000, NULL, N_("Tekst")},
  {"goal_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Mål")},
};

static void
course_diary(HttpRequest *req, HttpReply *reply)
{
  gint64 course_id = http_request_param(req, "id");
  json_t *course = course_for_change(req, reply, course_id);
  if (course == NULL)
    return;
  FormResult *fields = req->fields;
  const char *on = form_text(fields, "written_on");
  check_in_course(fields, "written_on", on, course);
  gint64 citizen_id = json_integer_value(json_object_get(course, "citizen_id"));
  json_decref(course);
  gint64 goal_id = 0;
  form_int(fields, "goal_id", &goal_id);
  gint64 id = 0;
  g_autoptr(GError) error = NULL;
  if (form_result_ok(fields)) {
    StoreDiaryInput in = {.citizen_id = citizen_id, .course_id = course_id, .goal_id = goal_id,
                          .written_on = on, .body = form_text(fields, "body")};
    id = store_diary_add(req->db, req->user->id, &in, &error);
    if (id == 0 && g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
      form_result_add_error(fields, "goal_id", _("Vælg et af forløbets mål."));
      g_clear_error(&error);
    }
  }
  if (!form_result_ok(fields)) {
    course_failed(req, reply, course_id);
    return;
  }
  if (id == 0) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, citizen_id, "diary.create", NULL);
  redirect_to_course(reply, course_id, "dagbog", id);
}

const Route pages_courses_routes[] = {
  {"GET", "/citizens/{id}/courses/new", course_new, CAP_CITIZEN_WRITE, NULL, 0, ROUTE_HTML_ONLY},
  {"POST", "/citizens/{id}/courses", course_create, CAP_CITIZEN_WRITE, start_fields,
   G_N_ELEMENTS(start_fields), 0},
  {"GET", "/courses/{id}", course_show, CAP_CITIZEN_READ, NULL, 0, 0},
  {"POST", "/courses/{id}/phase", course_phase, CAP_CITIZEN_WRITE, phase_fields,
   G_N_ELEMENTS(phase_fields), 0},
  {"POST", "/courses/{id}/intensity", course_intensity, CAP_CITIZEN_WRITE, intensity_fields,
   G_N_ELEMENTS(intensity_fields), 0},
  {"POST", "/courses/{id}/answers", course_answers, CAP_CITIZEN_WRITE, answer_fields,
   G_N_ELEMENTS(answer_fields), 0},
  {"GET", "/courses/{id}/end", course_end_form, CAP_CITIZEN_WRITE, NULL, 0, ROUTE_HTML_ONLY},
  {"POST", "/courses/{id}/end", course_end, CAP_CITIZEN_WRITE, end_fields,
   G_N_ELEMENTS(end_fields), 0},
  {"POST", "/courses/{id}/diary", course_diary, CAP_CITIZEN_WRITE, diary_fields,
   G_N_ELEMENTS(diary_fields), 0},
};
const gsize pages_courses_n_routes = G_N_ELEMENTS(pages_courses_routes);
