/* course.c — interventions (indsatser) of an offer and citizens' courses
 * (forløb) in them. */
#include <string.h>

#include "core/clock.h"
#include "store/internal.h"

gint64
store_intervention_create(StoreDb *db, gint64 offer_id, const char *name,
                          const char *description, GError **error)
{
  if (name == NULL || *name == '\0') {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT, "indsatsen skal have et navn");
    return 0;
  }
  gint64 n = 0;
  if (!store_query_int(db, "SELECT COUNT(*) FROM offer WHERE id = ?",
                       STORE_PARAMS(P_INT(offer_id)), &n, error))
    return 0;
  if (n == 0) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND,
                "tilbud %" G_GINT64_FORMAT " findes ikke", offer_id);
    return 0;
  }
  g_autofree char *now = spor_timestamp_now(0);
  gint64 id = store_insert(db,
                           "INSERT INTO intervention (offer_id, name, description, created_at) "
                           "VALUES (?, ?, ?, ?) RETURNING id",
                           STORE_PARAMS(P_INT(offer_id), P_TEXT(name), P_TEXT(description),
                                        P_TEXT(now)),
                           error);
  if (id == 0 || !store_intervention_add_default_phases(db, id, error))
    return 0;
  return id;
}

json_t *
store_intervention_list(StoreDb *db, gint64 offer_id, GError **error)
{
  return store_query_rows(db,
                          "SELECT id, name, description FROM intervention WHERE offer_id = ? "
                          "ORDER BY name, id",
                          STORE_PARAMS(P_INT(offer_id)), error);
}

static gboolean
valid_phase(const char *phase)
{
  return phase == NULL || strcmp(phase, "stabilisation") == 0 ||
         strcmp(phase, "primary_intervention") == 0 || strcmp(phase, "aftercare") == 0;
}

gboolean
store_course_validate_fields(const StoreCourseInput *input, GError **error)
{
  if (input->started_on == NULL || *input->started_on == '\0' || !valid_phase(input->phase)) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "forløbet skal have en startdato og en gyldig fase");
    return FALSE;
  }
  return TRUE;
}

gint64
store_course_create(StoreDb *db, const StoreCourseInput *input, GError **error)
{
  if (!store_course_validate_fields(input, error))
    return 0;
  /* 1 when the intervention is one of the citizen's offer, 0 when not,
   * no row when there is no such citizen. */
  gint64 same_offer = 0;
  GError *local = NULL;
  if (!store_query_int(db,
                       "SELECT COUNT(i.id) FROM citizen c JOIN unit u ON u.id = c.unit_id"
                       " LEFT JOIN intervention i ON i.offer_id = u.offer_id AND i.id = ? "
                       "WHERE c.id = ? GROUP BY c.id",
                       STORE_PARAMS(P_INT(input->intervention_id), P_INT(input->citizen_id)),
                       &same_offer, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "borgeren findes ikke");
    }
    g_propagate_error(error, local);
    return 0;
  }
  if (same_offer == 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "indsatsen hører ikke til borgerens tilbud");
    return 0;
  }
  /* The first phase: the one named, else the standard one of that code,
   * else the intervention's first. */
  json_t *phase = NULL;
  if (input->phase_id != 0)
    phase = store_query_row(db,
                            "SELECT id, code FROM intervention_phase WHERE id = ?"
                            " AND intervention_id = ?",
                            STORE_PARAMS(P_INT(input->phase_id), P_INT(input->intervention_id)),
                            "fasen hører ikke til indsatsen", &local);
  else if (input->phase != NULL)
    phase = store_query_row(db,
                            "SELECT id, code FROM intervention_phase WHERE intervention_id = ?"
                            " AND code = ? ORDER BY position LIMIT 1",
                            STORE_PARAMS(P_INT(input->intervention_id), P_TEXT(input->phase)),
                            NULL, &local);
  else
    phase = store_query_row(db,
                            "SELECT id, code FROM intervention_phase WHERE intervention_id = ?"
                            " ORDER BY position, id LIMIT 1",
                            STORE_PARAMS(P_INT(input->intervention_id)), NULL, &local);
  if (phase == NULL) {
    /* An intervention without that phase: the course has none recorded. */
    if (!g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND) || input->phase_id != 0) {
      if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND))
        local->code = STORE_ERROR_CONFLICT;
      g_propagate_error(error, local);
      return 0;
    }
    g_clear_error(&local);
  }
  gint64 phase_id = phase ? json_integer_value(json_object_get(phase, "id")) : 0;
  const char *code = phase ? json_string_value(json_object_get(phase, "code")) : input->phase;
  g_autofree char *now = spor_timestamp_now(0);
  gint64 id = store_insert(db,
                           "INSERT INTO course (citizen_id, intervention_id, started_on, ended_on,"
                           " phase, end_reason, discharged_to, success_assessment, created_at,"
                           " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           STORE_PARAMS(P_INT(input->citizen_id), P_INT(input->intervention_id),
                                        P_TEXT(input->started_on), P_TEXT(input->ended_on),
                                        P_TEXT(code), P_TEXT(input->end_reason),
                                        P_TEXT(input->discharged_to),
                                        P_TEXT(input->success_assessment), P_TEXT(now),
                                        P_TEXT(now)),
                           error);
  if (id != 0 && phase_id != 0 &&
      !store_exec(db,
                  "INSERT INTO course_phase (course_id, phase_id, started_on, created_at)"
                  " VALUES (?, ?, ?, ?)",
                  STORE_PARAMS(P_INT(id), P_INT(phase_id), P_TEXT(input->started_on),
                               P_TEXT(now)),
                  error))
    id = 0;
  json_decref(phase);
  return id;
}

json_t *
store_course_list(StoreDb *db, gint64 actor_user_id, gint64 citizen_id, GError **error)
{
  if (!store_citizen_require_visible(db, actor_user_id, citizen_id, error))
    return NULL;
  return store_query_rows(db,
                          "SELECT k.id, k.intervention_id, i.name AS intervention_name,"
                          " k.started_on, k.ended_on, k.phase, k.end_reason, k.discharged_to,"
                          " (SELECT ph.name FROM course_phase cp JOIN intervention_phase ph"
                          " ON ph.id = cp.phase_id WHERE cp.course_id = k.id"
                          " ORDER BY cp.started_on DESC, cp.id DESC LIMIT 1) AS phase_name "
                          "FROM course k JOIN intervention i ON i.id = k.intervention_id "
                          "WHERE k.citizen_id = ? ORDER BY k.started_on DESC, k.id DESC",
                          STORE_PARAMS(P_INT(citizen_id)), error);
}

/* ---- One course ------------------------------------------------------------- */

static const char *const intensity_kinds[] = {"individual", "group", "family", "network",
                                              "activity", "remote", "other", NULL};

/* The citizen of a course; NOT_FOUND when there is no such course. */
static gboolean
course_citizen(StoreDb *db, gint64 course_id, gint64 *out_citizen, GError **error)
{
  GError *local = NULL;
  if (store_query_int(db, "SELECT citizen_id FROM course WHERE id = ?",
                      STORE_PARAMS(P_INT(course_id)), out_citizen, &local))
    return TRUE;
  if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
    g_clear_error(&local);
    g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "forløbet findes ikke");
  }
  g_propagate_error(error, local);
  return FALSE;
}

/* NOT_FOUND unless the course's citizen is in the actor's care. */
static gboolean
require_course_care(StoreDb *db, gint64 actor_user_id, gint64 course_id, GError **error)
{
  gint64 citizen_id = 0;
  if (!course_citizen(db, course_id, &citizen_id, error))
    return FALSE;
  if (!store_citizen_require_care(db, actor_user_id, citizen_id, error)) {
    store_rename_not_found(error, "forløbet findes ikke");
    return FALSE;
  }
  return TRUE;
}

gint64
store_course_start(StoreDb *db, gint64 actor_user_id, const StoreCourseInput *input,
                   GError **error)
{
  if (!store_citizen_require_care(db, actor_user_id, input->citizen_id, error))
    return 0;
  return store_course_create(db, input, error);
}

json_t *
store_course_get(StoreDb *db, gint64 actor_user_id, gint64 course_id, GError **error)
{
  gint64 citizen_id = 0;
  if (!course_citizen(db, course_id, &citizen_id, error))
    return NULL;
  if (!store_citizen_require_visible(db, actor_user_id, citizen_id, error)) {
    store_rename_not_found(error, "forløbet findes ikke");
    return NULL;
  }
  json_t *course = store_query_row(
    db,
    "SELECT k.id, k.citizen_id, c.first_name, c.last_name, c.unit_id, u.offer_id,"
    " c.contact_person_id, k.intervention_id, i.name AS intervention_name, k.started_on,"
    " k.ended_on, k.end_reason, k.discharged_to, k.success_assessment, k.phase "
    "FROM course k JOIN citizen c ON c.id = k.citizen_id JOIN unit u ON u.id = c.unit_id"
    " JOIN intervention i ON i.id = k.intervention_id WHERE k.id = ?",
    STORE_PARAMS(P_INT(course_id)), "forløbet findes ikke", error);
  if (course == NULL)
    return NULL;
  json_t *phases = store_query_rows(
    db,
    "SELECT cp.id, cp.phase_id, ph.code, ph.name, cp.started_on "
    "FROM course_phase cp JOIN intervention_phase ph ON ph.id = cp.phase_id"
    " WHERE cp.course_id = ? ORDER BY cp.started_on, cp.id",
    STORE_PARAMS(P_INT(course_id)), error);
  if (phases == NULL) {
    json_decref(course);
    return NULL;
  }
  const char *code = json_string_value(json_object_get(course, "phase"));
  if (json_array_size(phases) == 0 && code != NULL) {
    /* A course from before the phase history: in its phase since the start. */
    json_t *standard = store_query_rows(
      db,
      "SELECT id AS phase_id, code, name FROM intervention_phase"
      " WHERE intervention_id = ? AND code = ? ORDER BY position LIMIT 1",
      STORE_PARAMS(P_INT(json_integer_value(json_object_get(course, "intervention_id"))),
                   P_TEXT(code)),
      error);
    if (standard == NULL) {
      json_decref(course);
      json_decref(phases);
      return NULL;
    }
    json_t *row = json_array_get(standard, 0);
    if (row != NULL) {
      json_object_set_new(row, "id", json_integer(0));
      json_object_set(row, "started_on", json_object_get(course, "started_on"));
      json_array_append(phases, row);
    }
    json_decref(standard);
  }
  json_t *last = json_array_get(phases, json_array_size(phases) - 1);
  json_object_set_new(course, "current_phase_id",
                      last ? json_integer(json_integer_value(json_object_get(last, "phase_id")))
                           : json_null());
  json_object_set_new(course, "phases", phases);
  return course;
}

/* The start of the course's current phase (newly allocated, NULL when it
 * has none recorded) and the current phase. */
static gboolean
current_phase(StoreDb *db, gint64 course_id, char **out_since, gint64 *out_phase_id,
              GError **error)
{
  json_t *rows = store_query_rows(db,
                                  "SELECT phase_id, started_on FROM course_phase WHERE course_id = ?"
                                  " ORDER BY started_on DESC, id DESC LIMIT 1",
                                  STORE_PARAMS(P_INT(course_id)), error);
  if (rows == NULL)
    return FALSE;
  json_t *row = json_array_get(rows, 0);
  *out_since = row ? g_strdup(json_string_value(json_object_get(row, "started_on"))) : NULL;
  *out_phase_id = row ? json_integer_value(json_object_get(row, "phase_id")) : 0;
  json_decref(rows);
  return TRUE;
}

gboolean
store_course_change_phase(StoreDb *db, gint64 actor_user_id, gint64 course_id, gint64 phase_id,
                          const char *started_on, GError **error)
{
  if (!require_course_care(db, actor_user_id, course_id, error))
    return FALSE;
  json_t *course = store_query_row(db,
                                   "SELECT k.intervention_id, k.started_on, k.ended_on,"
                                   " ph.code FROM course k LEFT JOIN intervention_phase ph"
                                   " ON ph.id = ? AND ph.intervention_id = k.intervention_id"
                                   " WHERE k.id = ?",
                                   STORE_PARAMS(P_INT(phase_id), P_INT(course_id)), NULL, error);
  if (course == NULL)
    return FALSE;
  g_autofree char *since = NULL;
  gint64 now_phase = 0;
  gboolean ok = current_phase(db, course_id, &since, &now_phase, error);
  const char *start = json_string_value(json_object_get(course, "started_on"));
  const char *end = json_string_value(json_object_get(course, "ended_on"));
  const char *problem = NULL;
  /* ph.code is NULL both for an offer's own phase and for no phase at all. */
  gint64 known = 0;
  if (ok)
    ok = store_query_int(db,
                         "SELECT COUNT(*) FROM intervention_phase WHERE id = ?"
                         " AND intervention_id = ?",
                         STORE_PARAMS(P_INT(phase_id),
                                      P_INT(json_integer_value(
                                        json_object_get(course, "intervention_id")))),
                         &known, error);
  if (ok) {
    if (known == 0)
      problem = "fasen hører ikke til forløbets indsats";
    else if (phase_id == now_phase)
      problem = "forløbet er allerede i den fase";
    else if (started_on == NULL || strcmp(started_on, start) < 0)
      problem = "faseskiftet kan ikke ligge før forløbets start";
    else if (since != NULL && strcmp(started_on, since) < 0)
      problem = "faseskiftet kan ikke ligge før den nuværende fases start";
    else if (end != NULL && strcmp(started_on, end) > 0)
      problem = "faseskiftet kan ikke ligge efter forløbets afslutning";
  }
  if (ok && problem != NULL) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT, problem);
    ok = FALSE;
  }
  g_autofree char *code = g_strdup(json_string_value(json_object_get(course, "code")));
  json_decref(course);
  if (!ok)
    return FALSE;
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec(db,
                    "INSERT INTO course_phase (course_id, phase_id, started_on, user_id,"
                    " created_at) VALUES (?, ?, ?, ?, ?)",
                    STORE_PARAMS(P_INT(course_id), P_INT(phase_id), P_TEXT(started_on),
                                 P_ID(actor_user_id), P_TEXT(now)),
                    error) &&
         store_exec(db, "UPDATE course SET phase = ?, updated_at = ? WHERE id = ?",
                    STORE_PARAMS(P_TEXT(code), P_TEXT(now), P_INT(course_id)), error);
}

gboolean
store_course_end(StoreDb *db, gint64 actor_user_id, gint64 course_id, const StoreCourseEnd *in,
                 GError **error)
{
  if (!require_course_care(db, actor_user_id, course_id, error))
    return FALSE;
  json_t *course = store_query_row(db, "SELECT started_on, ended_on FROM course WHERE id = ?",
                                   STORE_PARAMS(P_INT(course_id)), NULL, error);
  if (course == NULL)
    return FALSE;
  g_autofree char *since = NULL;
  gint64 phase_id = 0;
  gboolean ok = current_phase(db, course_id, &since, &phase_id, error);
  const char *problem = NULL;
  if (ok) {
    const char *start = json_string_value(json_object_get(course, "started_on"));
    if (!json_is_null(json_object_get(course, "ended_on")))
      problem = "forløbet er allerede afsluttet";
    else if (in->ended_on == NULL || strcmp(in->ended_on, start) < 0)
      problem = "slutdatoen kan ikke ligge før forløbets start";
    else if (since != NULL && strcmp(in->ended_on, since) < 0)
      problem = "slutdatoen kan ikke ligge før den nuværende fases start";
  }
  json_decref(course);
  if (ok && problem != NULL) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT, problem);
    ok = FALSE;
  }
  if (!ok)
    return FALSE;
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec(db,
                    "UPDATE course SET ended_on = ?, end_reason = ?, discharged_to = ?,"
                    " success_assessment = ?, updated_at = ? WHERE id = ?",
                    STORE_PARAMS(P_TEXT(in->ended_on), P_TEXT(in->end_reason),
                                 P_TEXT(in->discharged_to), P_TEXT(in->success_assessment),
                                 P_TEXT(now), P_INT(course_id)),
                    error);
}

gint64
store_course_answer_add(StoreDb *db, gint64 actor_user_id, gint64 course_id, const char *stage,
                        const char *question, const char *answer, const char *answered_on,
                        GError **error)
{
  static const char *const stages[] = {"during", "end", NULL};
  if (!store_one_of(stage, stages) || question == NULL || answer == NULL || *answer == '\0' ||
      answered_on == NULL) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT, "svaret er ufuldstændigt");
    return 0;
  }
  if (!require_course_care(db, actor_user_id, course_id, error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(db,
                      "INSERT INTO course_answer (course_id, stage, question, answer, answered_on,"
                      " user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      STORE_PARAMS(P_INT(course_id), P_TEXT(stage), P_TEXT(question),
                                   P_TEXT(answer), P_TEXT(answered_on), P_ID(actor_user_id),
                                   P_TEXT(now)),
                      error);
}

json_t *
store_course_answers(StoreDb *db, gint64 actor_user_id, gint64 course_id, GError **error)
{
  if (!require_course_care(db, actor_user_id, course_id, error))
    return NULL;
  return store_query_rows(db,
                          "SELECT a.id, a.stage, a.question, a.answer, a.answered_on,"
                          " u.display_name AS user_name FROM course_answer a"
                          " LEFT JOIN app_user u ON u.id = a.user_id WHERE a.course_id = ?"
                          " ORDER BY a.answered_on, a.id",
                          STORE_PARAMS(P_INT(course_id)), error);
}

gint64
store_intensity_add(StoreDb *db, gint64 actor_user_id, gint64 course_id, const char *held_on,
                    const char *kind, gint64 minutes, const char *note, GError **error)
{
  if (!store_one_of(kind, intensity_kinds) || minutes < 1 || minutes > 1440 ||
      held_on == NULL) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "sessionen skal have en dato, en slags og 1–1440 minutter");
    return 0;
  }
  if (!require_course_care(db, actor_user_id, course_id, error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(db,
                      "INSERT INTO intensity_entry (course_id, held_on, kind, minutes, note,"
                      " user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      STORE_PARAMS(P_INT(course_id), P_TEXT(held_on), P_TEXT(kind),
                                   P_INT(minutes), P_TEXT(note), P_ID(actor_user_id),
                                   P_TEXT(now)),
                      error);
}

json_t *
store_intensity_list(StoreDb *db, gint64 actor_user_id, gint64 course_id, GError **error)
{
  if (!require_course_care(db, actor_user_id, course_id, error))
    return NULL;
  return store_query_rows(db,
                          "SELECT e.id, e.held_on, e.kind, e.minutes, e.note,"
                          " u.display_name AS user_name FROM intensity_entry e"
                          " LEFT JOIN app_user u ON u.id = e.user_id WHERE e.course_id = ?"
                          " ORDER BY e.held_on DESC, e.id DESC",
                          STORE_PARAMS(P_INT(course_id)), error);
}
