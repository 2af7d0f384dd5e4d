/* goal.c — goals set with the citizen and the authority's handleplan
 * goals (043_goals.sql).
 *
 * A goal is written by staff in the citizen's care; the citizen and an
 * assigned caseworker read it.  A scale goal takes its baseline from the
 * latest approved measurement (not a self-assessment) of its instrument
 * that answered its item, on or before the day the goal was set.  Every
 * change advances the goal's version and keeps a snapshot (revision.c). */
#include <math.h>
#include <string.h>

#include "core/clock.h"
#include "store/internal.h"

#define NOT_FOUND_MSG "målet findes ikke"

static const char *const kinds[] = {"scale", "gas", "text", NULL};
static const char *const types[] = {"improve", "maintain", NULL};
static const char *const statuses[] = {"active", "reached", "not_reached", "cancelled", NULL};

static gboolean
conflict(GError **error, const char *message)
{
  g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT, message);
  return FALSE;
}

/* The fields every goal needs, checked before any statement. */
static gboolean
validate_fields(const StoreGoalInput *in, const char *kind, GError **error)
{
  if (!store_one_of(kind, kinds))
    return conflict(error, "ukendt slags mål");
  if (!store_one_of(in->goal_type, types))
    return conflict(error, "ukendt måltype");
  if (!store_one_of(in->status, statuses))
    return conflict(error, "ukendt status");
  if (in->title == NULL || *in->title == '\0')
    return conflict(error, "målet skal have en titel");
  if (in->set_on == NULL)
    return conflict(error, "målet skal have en dato");
  if (in->target_date != NULL && strcmp(in->target_date, in->set_on) < 0)
    return conflict(error, "måldatoen kan ikke ligge før datoen, målet blev sat");
  if (strcmp(kind, "gas") == 0) {
    if (!(in->gas_weight > 0 && in->gas_weight <= 100))
      return conflict(error, "vægten skal være større end 0");
    for (int k = 0; k < 5; k++)
      if (in->gas_levels[k] == NULL || *in->gas_levels[k] == '\0')
        return conflict(error, "alle fem niveauer skal beskrives");
  }
  if (strcmp(kind, "scale") == 0 && in->has_target &&
      (!isfinite(in->target_score) || in->target_score != floor(in->target_score)))
    return conflict(error, "målscoren skal være en værdi på skalaen");
  return TRUE;
}

/* TRUE when value is a regular value (neither flagged nor excluded) of the
 * item's scale in the instrument's newest version. */
static gboolean
on_scale(StoreDb *db, const char *instrument_key, const char *item_key, gint64 value,
         gboolean *out, GError **error)
{
  gint64 n = 0;
  if (!store_query_int(db,
                       "SELECT COUNT(*) FROM instrument i JOIN instrument_item it"
                       " ON it.instrument_id = i.id JOIN instrument_scale_value sv"
                       " ON sv.instrument_id = i.id AND sv.scale_key = it.scale_key"
                       " WHERE i.key = ? AND it.key = ? AND sv.value = ? AND sv.flagged = 0"
                       " AND sv.excluded = 0 AND i.version = (SELECT MAX(v.version)"
                       " FROM instrument v WHERE v.key = i.key)",
                       STORE_PARAMS(P_TEXT(instrument_key), P_TEXT(item_key), P_INT(value)),
                       &n, error))
    return FALSE;
  *out = n > 0;
  return TRUE;
}

/* The course's citizen, when the actor cares for them. */
static gboolean
course_in_care(StoreDb *db, gint64 actor_user_id, gint64 course_id, gint64 *out_citizen,
               GError **error)
{
  GError *local = NULL;
  if (!store_query_int(db, "SELECT citizen_id FROM course WHERE id = ?",
                       STORE_PARAMS(P_INT(course_id)), out_citizen, &local) ||
      !store_citizen_require_care(db, actor_user_id, *out_citizen, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "forløbet findes ikke");
    }
    g_propagate_error(error, local);
    return FALSE;
  }
  return TRUE;
}

/* The links of a goal (parent, handleplan goal) belong to the citizen. */
static gboolean
validate_links(StoreDb *db, gint64 citizen_id, const StoreGoalInput *in, GError **error)
{
  gint64 n = 0;
  if (in->parent_goal_id != 0) {
    if (!store_query_int(db,
                         "SELECT COUNT(*) FROM goal WHERE id = ? AND citizen_id = ?"
                         " AND course_id = ? AND parent_goal_id IS NULL",
                         STORE_PARAMS(P_INT(in->parent_goal_id), P_INT(citizen_id),
                                      P_INT(in->course_id)),
                         &n, error))
      return FALSE;
    if (n == 0)
      return conflict(error, "delmålet skal høre under et mål i samme forløb");
  }
  if (in->action_plan_goal_id != 0) {
    if (!store_query_int(db, "SELECT COUNT(*) FROM action_plan_goal WHERE id = ? AND citizen_id = ?",
                         STORE_PARAMS(P_INT(in->action_plan_goal_id), P_INT(citizen_id)), &n,
                         error))
      return FALSE;
    if (n == 0)
      return conflict(error, "handleplanmålet hører ikke til borgeren");
  }
  return TRUE;
}

/* Checks the instrument, item and target of a scale goal. */
static gboolean
validate_scale(StoreDb *db, const StoreGoalInput *in, GError **error)
{
  if (in->instrument_key == NULL || in->item_key == NULL)
    return conflict(error, "målet skal have et instrument og et område");
  gint64 n = 0;
  if (!store_query_int(db,
                       "SELECT COUNT(*) FROM instrument i JOIN instrument_item it"
                       " ON it.instrument_id = i.id WHERE i.key = ? AND it.key = ?"
                       " AND i.kind <> 'practice_assessment'",
                       STORE_PARAMS(P_TEXT(in->instrument_key), P_TEXT(in->item_key)), &n,
                       error))
    return FALSE;
  if (n == 0)
    return conflict(error, "instrumentet eller området findes ikke");
  if (in->has_target) {
    gboolean ok = FALSE;
    if (!on_scale(db, in->instrument_key, in->item_key, (gint64)in->target_score, &ok, error))
      return FALSE;
    if (!ok)
      return conflict(error, "målscoren ligger uden for skalaen");
  }
  return TRUE;
}

gboolean
store_goal_validate_fields(const StoreGoalInput *in, GError **error)
{
  return validate_fields(in, in->kind, error);
}

gboolean
store_goal_validate_scale(StoreDb *db, const StoreGoalInput *in, GError **error)
{
  return validate_scale(db, in, error);
}

static const char *
level_or_null(const StoreGoalInput *in, const char *kind, int k)
{
  return strcmp(kind, "gas") == 0 ? in->gas_levels[k] : NULL;
}

/* [{id, value}]: the measurement a baseline comes from, or none. */
static json_t *
baseline_rows(StoreDb *db, gint64 citizen_id, const char *instrument_key, const char *item_key,
              const char *set_on, GError **error)
{
  return store_query_rows(
    db,
    "SELECT m.id, a.value FROM measurement m JOIN instrument i ON i.id = m.instrument_id"
    " JOIN measurement_answer a ON a.measurement_id = m.id"
    " JOIN instrument_item it ON it.id = a.item_id"
    " WHERE m.citizen_id = ? AND i.key = ? AND it.key = ? AND m.status = 'approved'"
    " AND m.respondent <> 'citizen' AND a.value IS NOT NULL AND m.measured_on <= ?"
    " ORDER BY m.measured_on DESC, m.id DESC LIMIT 1",
    STORE_PARAMS(P_INT(citizen_id), P_TEXT(instrument_key), P_TEXT(item_key), P_TEXT(set_on)),
    error);
}

gboolean
store_goal_baseline(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                    const char *instrument_key, const char *item_key, const char *set_on,
                    gboolean *out_found, double *out_value, GError **error)
{
  if (!store_citizen_require_care(db, actor_user_id, citizen_id, error))
    return FALSE;
  json_t *rows = baseline_rows(db, citizen_id, instrument_key, item_key, set_on, error);
  if (rows == NULL)
    return FALSE;
  json_t *row = json_array_get(rows, 0);
  *out_found = row != NULL;
  *out_value = row ? (double)json_integer_value(json_object_get(row, "value")) : 0;
  json_decref(rows);
  return TRUE;
}

gint64
store_goal_create(StoreDb *db, gint64 actor_user_id, const StoreGoalInput *in, GError **error)
{
  gint64 citizen_id = 0;
  if (!validate_fields(in, in->kind, error) ||
      !course_in_care(db, actor_user_id, in->course_id, &citizen_id, error) ||
      !validate_links(db, citizen_id, in, error))
    return 0;
  gboolean scale = strcmp(in->kind, "scale") == 0;
  if (scale && !validate_scale(db, in, error))
    return 0;
  /* The baseline: the latest approved measurement on or before set_on. */
  json_t *baseline = NULL;
  if (scale) {
    baseline = baseline_rows(db, citizen_id, in->instrument_key, in->item_key, in->set_on, error);
    if (baseline == NULL)
      return 0;
  }
  json_t *found = json_array_get(baseline, 0);
  g_autofree char *now = spor_timestamp_now(0);
  gint64 id = store_insert(
    db,
    "INSERT INTO goal (citizen_id, course_id, parent_goal_id, action_plan_goal_id, kind,"
    " goal_type, title, description, instrument_key, item_key, baseline,"
    " baseline_measurement_id, target_score, set_on, target_date, status, gas_weight,"
    " gas_level_m2, gas_level_m1, gas_level_0, gas_level_p1, gas_level_p2, version,"
    " created_by, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)"
    " RETURNING id",
    STORE_PARAMS(P_INT(citizen_id), P_INT(in->course_id), P_ID(in->parent_goal_id),
                 P_ID(in->action_plan_goal_id), P_TEXT(in->kind), P_TEXT(in->goal_type),
                 P_TEXT(in->title), P_TEXT(in->description),
                 P_TEXT(scale ? in->instrument_key : NULL), P_TEXT(scale ? in->item_key : NULL),
                 found ? P_REAL(json_integer_value(json_object_get(found, "value"))) : P_NULL,
                 found ? P_INT(json_integer_value(json_object_get(found, "id"))) : P_NULL,
                 scale && in->has_target ? P_REAL(in->target_score) : P_NULL,
                 P_TEXT(in->set_on), P_TEXT(in->target_date), P_TEXT(in->status),
                 strcmp(in->kind, "gas") == 0 ? P_REAL(in->gas_weight) : P_NULL,
                 P_TEXT(level_or_null(in, in->kind, 0)), P_TEXT(level_or_null(in, in->kind, 1)),
                 P_TEXT(level_or_null(in, in->kind, 2)), P_TEXT(level_or_null(in, in->kind, 3)),
                 P_TEXT(level_or_null(in, in->kind, 4)), P_ID(actor_user_id), P_TEXT(now),
                 P_TEXT(now)),
    error);
  json_decref(baseline);
  if (id == 0)
    return 0;
  json_t *snapshot = store_goal_revision(db, id, 1, error);
  gboolean ok = snapshot != NULL &&
                store_revision_put(db, STORE_REVISION_GOAL, id, 1, snapshot, actor_user_id,
                                   error);
  json_decref(snapshot);
  return ok ? id : 0;
}

/* The columns of a goal as lists read it. */
#define GOAL_COLUMNS                                                                       \
  "g.id, g.citizen_id, g.course_id, g.parent_goal_id, g.action_plan_goal_id, g.kind,"      \
  " g.goal_type, g.title, g.description, g.instrument_key, g.item_key, g.baseline,"        \
  " g.baseline_measurement_id, g.target_score, g.set_on, g.target_date, g.status,"         \
  " g.gas_weight, g.gas_level_m2, g.gas_level_m1, g.gas_level_0, g.gas_level_p1,"          \
  " g.gas_level_p2, g.version, g.created_at, g.updated_at, ap.title AS action_plan_goal_title"

json_t *
store_goal_get(StoreDb *db, gint64 actor_user_id, gint64 goal_id, GError **error)
{
  gint64 citizen_id = 0;
  GError *local = NULL;
  if (!store_query_int(db, "SELECT citizen_id FROM goal WHERE id = ?",
                       STORE_PARAMS(P_INT(goal_id)), &citizen_id, &local) ||
      !store_citizen_require_visible(db, actor_user_id, citizen_id, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, NOT_FOUND_MSG);
    }
    g_propagate_error(error, local);
    return NULL;
  }
  json_t *goal = store_query_row(
    db,
    "SELECT " GOAL_COLUMNS ", c.first_name, c.last_name, c.unit_id,"
    " iv.name AS intervention_name, k.started_on AS course_started_on,"
    " k.ended_on AS course_ended_on, pg.title AS parent_title,"
    " bm.measured_on AS baseline_measured_on, cb.display_name AS created_by_name "
    "FROM goal g JOIN citizen c ON c.id = g.citizen_id JOIN course k ON k.id = g.course_id"
    " JOIN intervention iv ON iv.id = k.intervention_id"
    " LEFT JOIN goal pg ON pg.id = g.parent_goal_id"
    " LEFT JOIN action_plan_goal ap ON ap.id = g.action_plan_goal_id"
    " LEFT JOIN measurement bm ON bm.id = g.baseline_measurement_id"
    " LEFT JOIN app_user cb ON cb.id = g.created_by WHERE g.id = ?",
    STORE_PARAMS(P_INT(goal_id)), NOT_FOUND_MSG, error);
  if (goal == NULL)
    return NULL;
  json_t *subs = store_query_rows(db,
                                  "SELECT id, title, status, kind, goal_type FROM goal"
                                  " WHERE parent_goal_id = ? ORDER BY set_on, id",
                                  STORE_PARAMS(P_INT(goal_id)), error);
  json_t *ratings = subs ? store_query_rows(db,
                                            "SELECT r.id, r.rated_on, r.level, r.comment,"
                                            " u.display_name AS user_name FROM gas_rating r"
                                            " LEFT JOIN app_user u ON u.id = r.user_id"
                                            " WHERE r.goal_id = ? ORDER BY r.rated_on, r.id",
                                            STORE_PARAMS(P_INT(goal_id)), error)
                         : NULL;
  if (ratings == NULL) {
    json_decref(subs);
    json_decref(goal);
    return NULL;
  }
  json_object_set_new(goal, "sub_goals", subs);
  json_object_set_new(goal, "ratings", ratings);
  return goal;
}

json_t *
store_goal_list(StoreDb *db, gint64 actor_user_id, gint64 citizen_id, gint64 course_id,
                GError **error)
{
  if (!store_citizen_require_visible(db, actor_user_id, citizen_id, error))
    return NULL;
#define GOAL_LIST_SELECT                                                                  \
  "SELECT " GOAL_COLUMNS ","                                                              \
  " (SELECT r.level FROM gas_rating r WHERE r.goal_id = g.id"                             \
  " ORDER BY r.rated_on DESC, r.id DESC LIMIT 1) AS latest_rating,"                       \
  " (SELECT MAX(r.rated_on) FROM gas_rating r WHERE r.goal_id = g.id) AS latest_rated_on " \
  "FROM goal g LEFT JOIN goal p ON p.id = g.parent_goal_id"                               \
  " LEFT JOIN action_plan_goal ap ON ap.id = g.action_plan_goal_id WHERE g.citizen_id = ?"
#define GOAL_LIST_ORDER                                                                   \
  " ORDER BY COALESCE(p.set_on, g.set_on), COALESCE(g.parent_goal_id, g.id),"             \
  " CASE WHEN g.parent_goal_id IS NULL THEN 0 ELSE 1 END, g.set_on, g.id"
  if (course_id != 0)
    return store_query_rows(db, GOAL_LIST_SELECT " AND g.course_id = ?" GOAL_LIST_ORDER,
                            STORE_PARAMS(P_INT(citizen_id), P_INT(course_id)), error);
  return store_query_rows(db, GOAL_LIST_SELECT GOAL_LIST_ORDER, STORE_PARAMS(P_INT(citizen_id)),
                          error);
#undef GOAL_LIST_SELECT
#undef GOAL_LIST_ORDER
}

json_t *
store_goal_revision(StoreDb *db, gint64 goal_id, gint64 version, GError **error)
{
  GError *local = NULL;
  json_t *kept = store_revision_fetch(db, STORE_REVISION_GOAL, goal_id, version, &local);
  if (kept != NULL || local != NULL) {
    if (local != NULL)
      g_propagate_error(error, local);
    return kept;
  }
  return store_query_row(db,
                         "SELECT g.goal_type, g.title, g.description, g.target_score,"
                         " g.target_date, g.status, g.action_plan_goal_id, ap.title AS"
                         " action_plan_goal_title, g.gas_weight, g.gas_level_m2, g.gas_level_m1,"
                         " g.gas_level_0, g.gas_level_p1, g.gas_level_p2 FROM goal g"
                         " LEFT JOIN action_plan_goal ap ON ap.id = g.action_plan_goal_id"
                         " WHERE g.id = ? AND g.version = ?",
                         STORE_PARAMS(P_INT(goal_id), P_INT(version)), "versionen findes ikke",
                         error);
}

json_t *
store_goal_revisions(StoreDb *db, gint64 goal_id, GError **error)
{
  return store_revision_list(db, STORE_REVISION_GOAL, goal_id, error);
}

gboolean
store_goal_update(StoreDb *db, gint64 actor_user_id, gint64 goal_id, gint64 base_version,
                  const StoreGoalInput *in, GError **error)
{
  json_t *row = store_query_row(db,
                                "SELECT course_id, citizen_id, kind, version, instrument_key,"
                                " item_key, parent_goal_id, set_on FROM goal WHERE id = ?",
                                STORE_PARAMS(P_INT(goal_id)), NOT_FOUND_MSG, error);
  if (row == NULL)
    return FALSE;
  gint64 citizen_id = 0;
  StoreGoalInput checked = *in;
  checked.course_id = json_integer_value(json_object_get(row, "course_id"));
  checked.parent_goal_id = json_integer_value(json_object_get(row, "parent_goal_id"));
  checked.instrument_key = json_string_value(json_object_get(row, "instrument_key"));
  checked.item_key = json_string_value(json_object_get(row, "item_key"));
  checked.set_on = json_string_value(json_object_get(row, "set_on"));
  g_autofree char *kind = g_strdup(json_string_value(json_object_get(row, "kind")));
  gint64 version = json_integer_value(json_object_get(row, "version"));
  citizen_id = json_integer_value(json_object_get(row, "citizen_id"));
  GError *care = NULL;
  gboolean ok = store_citizen_require_care(db, actor_user_id, citizen_id, &care);
  if (!ok && g_error_matches(care, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
    g_clear_error(&care);
    g_set_error_literal(&care, STORE_ERROR, STORE_ERROR_NOT_FOUND, NOT_FOUND_MSG);
  }
  if (!ok)
    g_propagate_error(error, care);
  if (ok && !validate_fields(&checked, kind, error))
    ok = FALSE;
  if (ok && version != base_version)
    ok = conflict(error, "målet er ændret af en anden i mellemtiden");
  if (ok)
    ok = validate_links(db, citizen_id, &checked, error);
  if (ok && strcmp(kind, "scale") == 0)
    ok = validate_scale(db, &checked, error);
  if (!ok) {
    json_decref(row);
    return FALSE;
  }
  /* The version being replaced is kept first. */
  GError *local = NULL;
  json_t *kept = store_revision_fetch(db, STORE_REVISION_GOAL, goal_id, version, &local);
  if (local != NULL) {
    json_decref(row);
    g_propagate_error(error, local);
    return FALSE;
  }
  if (kept == NULL) {
    json_t *snapshot = store_goal_revision(db, goal_id, version, error);
    ok = snapshot != NULL && store_revision_put(db, STORE_REVISION_GOAL, goal_id, version,
                                                snapshot, actor_user_id, error);
    json_decref(snapshot);
  }
  json_decref(kept);
  gboolean scale = strcmp(kind, "scale") == 0, gas = strcmp(kind, "gas") == 0;
  g_autofree char *now = spor_timestamp_now(0);
  gint64 updated = 0;
  if (ok && !store_query_int(
              db,
              "UPDATE goal SET action_plan_goal_id = ?, goal_type = ?, title = ?,"
              " description = ?, target_score = ?, target_date = ?, status = ?, gas_weight = ?,"
              " gas_level_m2 = ?, gas_level_m1 = ?, gas_level_0 = ?, gas_level_p1 = ?,"
              " gas_level_p2 = ?, updated_at = ?, version = version + 1"
              " WHERE id = ? AND version = ? RETURNING id",
              STORE_PARAMS(P_ID(checked.action_plan_goal_id), P_TEXT(checked.goal_type),
                           P_TEXT(checked.title), P_TEXT(checked.description),
                           scale && checked.has_target ? P_REAL(checked.target_score) : P_NULL,
                           P_TEXT(checked.target_date), P_TEXT(checked.status),
                           gas ? P_REAL(checked.gas_weight) : P_NULL,
                           P_TEXT(level_or_null(&checked, kind, 0)),
                           P_TEXT(level_or_null(&checked, kind, 1)),
                           P_TEXT(level_or_null(&checked, kind, 2)),
                           P_TEXT(level_or_null(&checked, kind, 3)),
                           P_TEXT(level_or_null(&checked, kind, 4)), P_TEXT(now), P_INT(goal_id),
                           P_INT(base_version)),
              &updated, &local)) {
    ok = FALSE;
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      conflict(error, "målet er ændret af en anden i mellemtiden");
    } else {
      g_propagate_error(error, local);
    }
  }
  json_decref(row);
  if (!ok)
    return FALSE;
  json_t *snapshot = store_goal_revision(db, goal_id, base_version + 1, error);
  ok = snapshot != NULL && store_revision_put(db, STORE_REVISION_GOAL, goal_id, base_version + 1,
                                              snapshot, actor_user_id, error);
  json_decref(snapshot);
  return ok;
}

gint64
store_gas_rating_add(StoreDb *db, gint64 actor_user_id, gint64 goal_id, const char *rated_on,
                     gint64 level, const char *comment, GError **error)
{
  if (level < -2 || level > 2 || rated_on == NULL) {
    conflict(error, "niveauet skal være mellem −2 og +2");
    return 0;
  }
  json_t *row = store_query_row(db, "SELECT course_id, kind, set_on FROM goal WHERE id = ?",
                                STORE_PARAMS(P_INT(goal_id)), NOT_FOUND_MSG, error);
  if (row == NULL)
    return 0;
  gint64 citizen_id = 0;
  gboolean ok = course_in_care(db, actor_user_id,
                               json_integer_value(json_object_get(row, "course_id")), &citizen_id,
                               error);
  if (ok && g_strcmp0(json_string_value(json_object_get(row, "kind")), "gas") != 0)
    ok = conflict(error, "kun GAS-mål vurderes på niveauer");
  else if (ok && strcmp(rated_on, json_string_value(json_object_get(row, "set_on"))) < 0)
    ok = conflict(error, "vurderingen kan ikke ligge før datoen, målet blev sat");
  json_decref(row);
  if (!ok)
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(db,
                      "INSERT INTO gas_rating (goal_id, rated_on, level, comment, user_id,"
                      " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                      STORE_PARAMS(P_INT(goal_id), P_TEXT(rated_on), P_INT(level),
                                   P_TEXT(comment), P_ID(actor_user_id), P_TEXT(now)),
                      error);
}

/* ---- Handleplan goals ---------------------------------------------------------- */

gint64
store_action_plan_goal_create(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                              const StoreActionPlanGoalInput *in, GError **error)
{
  StoreRelation relation = STORE_RELATION_NONE;
  if (!store_citizen_relation(db, actor_user_id, citizen_id, &relation, error))
    return 0;
  if (relation != STORE_RELATION_AUTHORITY) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "borgeren findes ikke");
    return 0;
  }
  if (in->title == NULL || *in->title == '\0') {
    conflict(error, "handleplanmålet skal have en titel");
    return 0;
  }
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(db,
                      "INSERT INTO action_plan_goal (citizen_id, title, description, legal_basis,"
                      " follow_up_on, created_by, created_at, updated_at)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      STORE_PARAMS(P_INT(citizen_id), P_TEXT(in->title), P_TEXT(in->description),
                                   P_TEXT(in->legal_basis), P_TEXT(in->follow_up_on),
                                   P_ID(actor_user_id), P_TEXT(now), P_TEXT(now)),
                      error);
}

json_t *
store_action_plan_goal_list(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                            GError **error)
{
  if (!store_citizen_require_visible(db, actor_user_id, citizen_id, error))
    return NULL;
  return store_query_rows(db,
                          "SELECT a.id, a.title, a.description, a.legal_basis, a.follow_up_on,"
                          " u.display_name AS created_by_name, a.created_at,"
                          " (SELECT COUNT(*) FROM goal g WHERE g.action_plan_goal_id = a.id)"
                          " AS goals FROM action_plan_goal a"
                          " LEFT JOIN app_user u ON u.id = a.created_by WHERE a.citizen_id = ?"
                          /* Dated first on both backends (their NULLs sort apart). */
                          " ORDER BY CASE WHEN a.follow_up_on IS NULL THEN 1 ELSE 0 END,"
                          " a.follow_up_on, a.id",
                          STORE_PARAMS(P_INT(citizen_id)), error);
}
