/* revision.c — the kept versions of measurements and goals.
 *
 * Every save of a measurement or a goal advances its version and keeps the
 * saved content as a JSON snapshot beside it, so that a save based on an
 * older version can be refused with what changed in between, and the
 * history of a record can be shown.  The snapshot's fields are the
 * record's own (measurement.c and goal.c build them); this file only
 * keeps and fetches them.  A version kept twice (two saves from the same
 * version at once; the loser's update then finds the row changed) is
 * kept once, without a failed statement: on PostgreSQL that would end
 * the transaction before the refusal could say what changed. */
#include "core/clock.h"
#include "store/internal.h"

gboolean
store_revision_put(StoreDb *db, StoreRevisionKind kind, gint64 id, gint64 version,
                   const json_t *snapshot, gint64 user_id, GError **error)
{
  g_autofree char *text = json_dumps(snapshot, JSON_COMPACT | JSON_SORT_KEYS);
  g_autofree char *now = spor_timestamp_now(0);
  if (text == NULL) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED, "versionen kunne ikke gemmes");
    return FALSE;
  }
  if (kind == STORE_REVISION_MEASUREMENT)
    return store_exec(db,
                      "INSERT INTO measurement_revision (measurement_id, version, snapshot,"
                      " changed_by, changed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                      STORE_PARAMS(P_INT(id), P_INT(version), P_TEXT(text), P_ID(user_id),
                                   P_TEXT(now)),
                      error);
  return store_exec(db,
                    "INSERT INTO goal_revision (goal_id, version, snapshot, changed_by,"
                    " changed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    STORE_PARAMS(P_INT(id), P_INT(version), P_TEXT(text), P_ID(user_id),
                                 P_TEXT(now)),
                    error);
}

json_t *
store_revision_fetch(StoreDb *db, StoreRevisionKind kind, gint64 id, gint64 version,
                     GError **error)
{
  json_t *rows = kind == STORE_REVISION_MEASUREMENT
    ? store_query_rows(db,
                       "SELECT snapshot FROM measurement_revision"
                       " WHERE measurement_id = ? AND version = ?",
                       STORE_PARAMS(P_INT(id), P_INT(version)), error)
    : store_query_rows(db, "SELECT snapshot FROM goal_revision WHERE goal_id = ? AND version = ?",
                       STORE_PARAMS(P_INT(id), P_INT(version)), error);
  if (rows == NULL)
    return NULL;
  const char *text = json_string_value(json_object_get(json_array_get(rows, 0), "snapshot"));
  json_t *snapshot = text ? json_loads(text, 0, NULL) : NULL;
  json_decref(rows);
  return snapshot;
}

json_t *
store_revision_list(StoreDb *db, StoreRevisionKind kind, gint64 id, GError **error)
{
  if (kind == STORE_REVISION_MEASUREMENT)
    return store_query_rows(db,
                            "SELECT r.version, r.changed_at, u.display_name AS changed_by_name "
                            "FROM measurement_revision r LEFT JOIN app_user u"
                            " ON u.id = r.changed_by WHERE r.measurement_id = ?"
                            " ORDER BY r.version DESC",
                            STORE_PARAMS(P_INT(id)), error);
  return store_query_rows(db,
                          "SELECT r.version, r.changed_at, u.display_name AS changed_by_name "
                          "FROM goal_revision r LEFT JOIN app_user u ON u.id = r.changed_by"
                          " WHERE r.goal_id = ? ORDER BY r.version DESC",
                          STORE_PARAMS(P_INT(id)), error);
}
