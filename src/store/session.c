/* session.c — login sessions (stored by a keyed hash of the cookie token)
 * and the login attempts that throttling counts. */
#include "store/internal.h"

void
store_session_free(StoreSession *session)
{
  if (session == NULL)
    return;
  g_free(session->csrf_token);
  g_free(session->created_at);
  g_free(session->last_seen_at);
  g_free(session);
}

gboolean
store_session_create(StoreDb *db, const char *token_hash, gint64 user_id,
                     const char *csrf_token, const char *now, GError **error)
{
  return store_exec_bookkeeping(db,
                    "INSERT INTO session (token_hash, user_id, csrf_token, created_at, "
                    "last_seen_at) VALUES (?, ?, ?, ?, ?)",
                    STORE_PARAMS(P_TEXT(token_hash), P_INT(user_id), P_TEXT(csrf_token),
                                 P_TEXT(now), P_TEXT(now)),
                    error);
}

StoreSession *
store_session_get(StoreDb *db, const char *token_hash, GError **error)
{
  StoreStmt *stmt = store_stmt_open(db,
                                    "SELECT id, user_id, csrf_token, created_at, last_seen_at "
                                    "FROM session WHERE token_hash = ?",
                                    STORE_PARAMS(P_TEXT(token_hash)), error);
  if (stmt == NULL)
    return NULL;
  StoreSession *session = NULL;
  StoreStep step = store_stmt_step(db, stmt, error);
  if (step == STORE_STEP_ROW) {
    session = g_new0(StoreSession, 1);
    session->id = store_col_int(db, stmt, 0);
    session->user_id = store_col_int(db, stmt, 1);
    session->csrf_token = store_col_strdup(db, stmt, 2);
    session->created_at = store_col_strdup(db, stmt, 3);
    session->last_seen_at = store_col_strdup(db, stmt, 4);
  } else if (step == STORE_STEP_DONE) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "sessionen findes ikke");
  }
  store_stmt_done(db, stmt);
  return session;
}

gboolean
store_session_touch(StoreDb *db, gint64 session_id, const char *now, GError **error)
{
  return store_exec_bookkeeping(db, "UPDATE session SET last_seen_at = ? WHERE id = ?",
                    STORE_PARAMS(P_TEXT(now), P_INT(session_id)), error);
}

gboolean
store_session_delete(StoreDb *db, const char *token_hash, GError **error)
{
  return store_exec_bookkeeping(db, "DELETE FROM session WHERE token_hash = ?",
                    STORE_PARAMS(P_TEXT(token_hash)), error);
}

gboolean
store_session_delete_for_user(StoreDb *db, gint64 user_id, GError **error)
{
  return store_exec_bookkeeping(db, "DELETE FROM session WHERE user_id = ?",
                                STORE_PARAMS(P_INT(user_id)),
                    error);
}

gboolean
store_session_delete_expired(StoreDb *db, const char *idle_cutoff, const char *absolute_cutoff,
                             GError **error)
{
  return store_exec_bookkeeping(db,
                                "DELETE FROM session WHERE last_seen_at < ? OR created_at < ?",
                    STORE_PARAMS(P_TEXT(idle_cutoff), P_TEXT(absolute_cutoff)), error);
}

gboolean
store_login_attempt_record(StoreDb *db, const char *username, const char *address,
                           gboolean succeeded, const char *now, GError **error)
{
  return store_exec_bookkeeping(db,
                    "INSERT INTO login_attempt (username, address, succeeded, attempted_at) "
                    "VALUES (?, ?, ?, ?)",
                    STORE_PARAMS(P_TEXT(username ? username : ""),
                                 P_TEXT(address ? address : ""), P_BOOL(succeeded),
                                 P_TEXT(now)),
                    error);
}

gboolean
store_login_failures_since(StoreDb *db, const char *username, const char *address,
                           const char *since, gint64 *out_by_username, gint64 *out_by_address,
                           GError **error)
{
  /* One round trip; each count uses its (column, attempted_at) index. */
  StoreStmt *stmt = store_stmt_open(
    db,
    "SELECT (SELECT COUNT(*) FROM login_attempt"
    "  WHERE username = ? AND attempted_at >= ? AND succeeded = 0),"
    " (SELECT COUNT(*) FROM login_attempt"
    "  WHERE address = ? AND attempted_at >= ? AND succeeded = 0)",
    STORE_PARAMS(P_TEXT(username ? username : ""), P_TEXT(since),
                 P_TEXT(address ? address : ""), P_TEXT(since)),
    error);
  if (stmt == NULL)
    return FALSE;
  StoreStep step = store_stmt_step(db, stmt, error);
  if (step == STORE_STEP_ROW) {
    if (out_by_username != NULL)
      *out_by_username = store_col_int(db, stmt, 0);
    if (out_by_address != NULL)
      *out_by_address = store_col_int(db, stmt, 1);
  }
  store_stmt_done(db, stmt);
  return step == STORE_STEP_ROW;
}
