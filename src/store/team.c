/* team.c — the team's result list (the phases finished in a period) and
 * the caseload per worker, over the citizens in the actor's care.  See
 * team.h for what each function returns. */
#include "store/internal.h"
#include "store/team.h"

/* The phases of courses in the care, with the day each was finished: the
 * next phase's start, or for the last phase the course's end. */
#define PHASES_FINISHED_SQL(unit_filter)                                                  \
  "SELECT f.* FROM (SELECT c.id AS citizen_id, c.first_name, c.last_name,"                \
  " u.id AS unit_id, u.name AS unit_name, k.id AS course_id,"                              \
  " i.id AS intervention_id, i.name AS intervention_name, p.name AS phase_name,"           \
  " cp.started_on AS phase_started_on,"                                                    \
  " COALESCE((SELECT MIN(n.started_on) FROM course_phase n WHERE n.course_id = cp.course_id" \
  "   AND (n.started_on > cp.started_on OR (n.started_on = cp.started_on AND n.id > cp.id))),"\
  "   k.ended_on) AS finished_on,"                                                         \
  " CASE WHEN k.ended_on IS NULL THEN 0 ELSE 1 END AS course_ended,"                       \
  " (SELECT COUNT(*) FROM goal g WHERE g.course_id = k.id AND g.parent_goal_id IS NULL)"   \
  "   AS goals,"                                                                           \
  " (SELECT COUNT(*) FROM goal g WHERE g.course_id = k.id AND g.parent_goal_id IS NULL"    \
  "   AND g.status = 'reached') AS goals_reached"                                          \
  " FROM course_phase cp JOIN course k ON k.id = cp.course_id"                             \
  " JOIN citizen c ON c.id = k.citizen_id JOIN unit u ON u.id = c.unit_id"                 \
  " JOIN intervention i ON i.id = k.intervention_id"                                       \
  " JOIN intervention_phase p ON p.id = cp.phase_id"                                       \
  " WHERE " STORE_SQL_CITIZEN_CARE unit_filter ") f"                                       \
  " WHERE f.finished_on >= ? AND f.finished_on <= ?"                                       \
  " ORDER BY f.finished_on, f.last_name, f.first_name, f.course_id, f.phase_started_on"

json_t *
store_team_phases_finished(StoreDb *db, gint64 actor_user_id, const char *from, const char *to,
                           gint64 unit_id, GError **error)
{
  json_t *rows = unit_id != 0
    ? store_query_rows(db, PHASES_FINISHED_SQL(" AND c.unit_id = ?"),
                       STORE_PARAMS(P_INT(actor_user_id), P_INT(unit_id), P_TEXT(from),
                                    P_TEXT(to)),
                       error)
    : store_query_rows(db, PHASES_FINISHED_SQL(""),
                       STORE_PARAMS(P_INT(actor_user_id), P_TEXT(from), P_TEXT(to)), error);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row)
    store_json_to_bool(row, "course_ended");
  return rows;
}

json_t *
store_team_course_scores(StoreDb *db, gint64 actor_user_id, const char *instrument_key,
                         const char *to, GError **error)
{
  return store_query_rows(
    db,
    "SELECT m.course_id, m.measured_on, m.score FROM measurement m"
    " JOIN instrument ins ON ins.id = m.instrument_id"
    " JOIN citizen c ON c.id = m.citizen_id"
    " WHERE ins.key = ? AND m.status = 'approved' AND m.respondent = 'staff'"
    " AND m.score IS NOT NULL AND m.course_id IS NOT NULL AND m.measured_on <= ?"
    " AND " STORE_SQL_CITIZEN_CARE
    " ORDER BY m.course_id, m.measured_on, m.id",
    STORE_PARAMS(P_TEXT(instrument_key), P_TEXT(to), P_INT(actor_user_id)), error);
}

/* Key workers: citizens with a course running in the period, courses
 * started and ended in it, by the citizens' contact person. */
#define KEY_WORKERS_SQL(unit_filter)                                                      \
  "SELECT COALESCE(c.contact_person_id, 0) AS user_id, MIN(w.display_name) AS name,"      \
  " COUNT(DISTINCT CASE WHEN k.started_on <= ? AND (k.ended_on IS NULL OR k.ended_on >= ?)" \
  "   THEN c.id END) AS citizens,"                                                        \
  " COUNT(DISTINCT CASE WHEN k.started_on >= ? AND k.started_on <= ? THEN k.id END)"      \
  "   AS started,"                                                                        \
  " COUNT(DISTINCT CASE WHEN k.ended_on >= ? AND k.ended_on <= ? THEN k.id END) AS ended" \
  " FROM citizen c JOIN course k ON k.citizen_id = c.id"                                  \
  " LEFT JOIN app_user w ON w.id = c.contact_person_id"                                   \
  " WHERE " STORE_SQL_CITIZEN_CARE unit_filter                                            \
  " GROUP BY COALESCE(c.contact_person_id, 0)"                                            \
  " ORDER BY MIN(w.display_name), COALESCE(c.contact_person_id, 0)"

/* What each worker did in the period for citizens in the care: sessions of
 * the intensity log and measurements rated. */
#define ACTIVITY_SQL(unit_filter)                                                         \
  "SELECT a.user_id, MIN(w.display_name) AS name, SUM(a.sessions) AS sessions,"           \
  " SUM(a.minutes) AS minutes, SUM(a.measurements) AS measurements FROM ("               \
  " SELECT e.user_id, 1 AS sessions, e.minutes, 0 AS measurements FROM intensity_entry e" \
  "  JOIN course k ON k.id = e.course_id JOIN citizen c ON c.id = k.citizen_id"           \
  "  WHERE e.user_id IS NOT NULL AND e.held_on >= ? AND e.held_on <= ?"                   \
  "  AND " STORE_SQL_CITIZEN_CARE unit_filter                                             \
  " UNION ALL"                                                                            \
  " SELECT m.rater_user_id, 0, 0, 1 FROM measurement m JOIN citizen c ON c.id = m.citizen_id" \
  "  WHERE m.rater_user_id IS NOT NULL AND m.respondent = 'staff'"                        \
  "  AND m.measured_on >= ? AND m.measured_on <= ?"                                       \
  "  AND " STORE_SQL_CITIZEN_CARE unit_filter                                             \
  ") a JOIN app_user w ON w.id = a.user_id GROUP BY a.user_id"                            \
  " ORDER BY MIN(w.display_name), a.user_id"

json_t *
store_team_caseload(StoreDb *db, gint64 actor_user_id, const char *from, const char *to,
                    gint64 unit_id, GError **error)
{
  json_t *workers, *activity;
  if (unit_id != 0) {
    workers = store_query_rows(
      db, KEY_WORKERS_SQL(" AND c.unit_id = ?"),
      STORE_PARAMS(P_TEXT(to), P_TEXT(from), P_TEXT(from), P_TEXT(to), P_TEXT(from), P_TEXT(to),
                   P_INT(actor_user_id), P_INT(unit_id)),
      error);
    activity = workers == NULL ? NULL
      : store_query_rows(db, ACTIVITY_SQL(" AND c.unit_id = ?"),
                         STORE_PARAMS(P_TEXT(from), P_TEXT(to), P_INT(actor_user_id),
                                      P_INT(unit_id), P_TEXT(from), P_TEXT(to),
                                      P_INT(actor_user_id), P_INT(unit_id)),
                         error);
  } else {
    workers = store_query_rows(
      db, KEY_WORKERS_SQL(""),
      STORE_PARAMS(P_TEXT(to), P_TEXT(from), P_TEXT(from), P_TEXT(to), P_TEXT(from), P_TEXT(to),
                   P_INT(actor_user_id)),
      error);
    activity = workers == NULL ? NULL
      : store_query_rows(db, ACTIVITY_SQL(""),
                         STORE_PARAMS(P_TEXT(from), P_TEXT(to), P_INT(actor_user_id),
                                      P_TEXT(from), P_TEXT(to), P_INT(actor_user_id)),
                         error);
  }
  if (activity == NULL) {
    json_decref(workers);
    return NULL;
  }
  return json_pack("{s:o, s:o}", "key_workers", workers, "activity", activity);
}

json_t *
store_team_units(StoreDb *db, gint64 actor_user_id, GError **error)
{
  return store_query_rows(db,
                          "SELECT u.id, u.name, o.name AS offer_name FROM unit u"
                          " JOIN offer o ON o.id = u.offer_id WHERE u.id IN ("
                          STORE_SQL_SCOPED_UNITS ") ORDER BY o.name, u.name, u.id",
                          STORE_PARAMS(P_INT(actor_user_id)), error);
}
