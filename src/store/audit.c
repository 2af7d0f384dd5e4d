/* audit.c — the append-only audit log: who read or changed what, when.
 * There is deliberately no function that updates or deletes a row. */
#include "core/clock.h"
#include "store/internal.h"

#define DEFAULT_LIMIT 100

gboolean
store_audit_append(StoreDb *db, gint64 user_id, gint64 citizen_id, const char *action,
                   const char *detail, const char *address, GError **error)
{
  if (action == NULL || *action == '\0') {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED,
                        "intern fejl: en linje i revisionsloggen skal have en handling");
    return FALSE;
  }
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec_bookkeeping(db,
                    "INSERT INTO audit_log (at, user_id, citizen_id, action, detail, address) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    STORE_PARAMS(P_TEXT(now), P_ID(user_id), P_ID(citizen_id), P_TEXT(action),
                                 P_TEXT(detail), P_TEXT(address)),
                    error);
}

json_t *
store_audit_list(StoreDb *db, int limit, GError **error)
{
  return store_query_rows(db,
                          "SELECT a.id, a.at, a.user_id, u.username, a.citizen_id, a.action,"
                          " a.detail, a.address "
                          "FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id "
                          "ORDER BY a.id DESC LIMIT ?",
                          STORE_PARAMS(P_INT(limit > 0 ? limit : DEFAULT_LIMIT)), error);
}
