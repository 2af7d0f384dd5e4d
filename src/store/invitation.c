/* invitation.c — the citizen's own login: one-time invitation codes that
 * staff in the citizen's care create.  The code itself is shown once and
 * never stored; code_hash is its hash (domain/auth.h auth_token_hash), so
 * the database holds nothing that logs in.  An invitation is used once:
 * marking it used is guarded in the statement itself. */
#include "core/clock.h"
#include "store/internal.h"

gint64
store_invitation_create(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                        const char *code_hash, const char *expires_at, GError **error)
{
  if (code_hash == NULL || expires_at == NULL) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT, "invitationen er ufuldstændig");
    return 0;
  }
  if (!store_citizen_require_care(db, actor_user_id, citizen_id, error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(db,
                      "INSERT INTO invitation (citizen_id, code_hash, created_by, created_at,"
                      " expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                      STORE_PARAMS(P_INT(citizen_id), P_TEXT(code_hash), P_INT(actor_user_id),
                                   P_TEXT(now), P_TEXT(expires_at)),
                      error);
}

json_t *
store_invitation_find(StoreDb *db, const char *code_hash, GError **error)
{
  return store_query_row(
    db,
    "SELECT v.id, v.citizen_id, v.expires_at, v.used_at, c.first_name, c.unit_id,"
    " (SELECT MIN(u.id) FROM app_user u WHERE u.citizen_id = v.citizen_id) AS login_user_id,"
    " (SELECT MIN(u.username) FROM app_user u WHERE u.citizen_id = v.citizen_id)"
    " AS login_username "
    "FROM invitation v JOIN citizen c ON c.id = v.citizen_id WHERE v.code_hash = ?",
    STORE_PARAMS(P_TEXT(code_hash)), "invitationen findes ikke", error);
}

gboolean
store_invitation_use(StoreDb *db, gint64 invitation_id, gint64 user_id, const char *now,
                     GError **error)
{
  gint64 id = 0;
  GError *local = NULL;
  if (store_query_int(db,
                      "UPDATE invitation SET used_at = ?, used_by = ? WHERE id = ?"
                      " AND used_at IS NULL RETURNING id",
                      STORE_PARAMS(P_TEXT(now), P_INT(user_id), P_INT(invitation_id)), &id,
                      &local))
    return TRUE;
  if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
    g_clear_error(&local);
    g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_CONFLICT, "invitationen er brugt");
  }
  g_propagate_error(error, local);
  return FALSE;
}

json_t *
store_citizen_access(StoreDb *db, gint64 actor_user_id, gint64 citizen_id, GError **error)
{
  if (!store_citizen_require_care(db, actor_user_id, citizen_id, error))
    return NULL;
  json_t *logins = store_query_rows(db,
                                    "SELECT id, username, disabled FROM app_user"
                                    " WHERE citizen_id = ? ORDER BY id LIMIT 1",
                                    STORE_PARAMS(P_INT(citizen_id)), error);
  json_t *invitations =
    logins ? store_query_rows(db,
                              "SELECT v.id, v.created_at, v.expires_at, v.used_at,"
                              " u.display_name AS created_by_name FROM invitation v"
                              " LEFT JOIN app_user u ON u.id = v.created_by"
                              " WHERE v.citizen_id = ? ORDER BY v.created_at DESC, v.id DESC",
                              STORE_PARAMS(P_INT(citizen_id)), error)
           : NULL;
  if (invitations == NULL) {
    json_decref(logins);
    return NULL;
  }
  json_t *login = json_array_get(logins, 0);
  if (login != NULL)
    store_json_to_bool(login, "disabled");
  json_t *out = json_pack("{s:O, s:o}", "login", login ? login : json_null(), "invitations",
                          invitations);
  json_decref(logins);
  return out;
}
