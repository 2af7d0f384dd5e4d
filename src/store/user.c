/* user.c — users (app_user) and their role assignments at a scope of the
 * organisation tree. */
#include <string.h>

#include "core/clock.h"
#include "store/internal.h"

#define USER_COLUMNS \
  "SELECT id, username, display_name, password_hash, language, disabled, citizen_id " \
  "FROM app_user "

void
store_user_free(StoreUser *user)
{
  if (user == NULL)
    return;
  g_free(user->username);
  g_free(user->display_name);
  g_free(user->password_hash);
  g_free(user->language);
  if (user->roles != NULL)
    g_array_unref(user->roles);
  g_free(user);
}

guint
store_user_capabilities(const StoreUser *user)
{
  guint caps = 0;
  for (guint i = 0; user->roles != NULL && i < user->roles->len; i++)
    caps |= spor_role_capabilities(g_array_index(user->roles, StoreRoleAssignment, i).role);
  return caps;
}

static gboolean
load_roles(StoreDb *db, StoreUser *user, GError **error)
{
  StoreStmt *stmt = store_stmt_open(db,
                                    "SELECT role, organisation_id, offer_id, unit_id "
                                    "FROM role_assignment WHERE user_id = ? ORDER BY id",
                                    STORE_PARAMS(P_INT(user->id)), error);
  if (stmt == NULL)
    return FALSE;
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    StoreRoleAssignment ra = {0};
    if (!spor_role_parse(store_col_text(db, stmt, 0), &ra.role))
      continue; /* the CHECK constraint keeps this from happening */
    ra.organisation_id = store_col_int(db, stmt, 1);
    ra.offer_id = store_col_int(db, stmt, 2); /* NULL reads as 0 */
    ra.unit_id = store_col_int(db, stmt, 3);
    g_array_append_val(user->roles, ra);
  }
  store_stmt_done(db, stmt);
  return step == STORE_STEP_DONE;
}

static StoreUser *
user_get(StoreDb *db, const char *sql, StoreParam key, GError **error)
{
  StoreStmt *stmt = store_stmt_open(db, sql, &key, 1, error);
  if (stmt == NULL)
    return NULL;
  StoreStep step = store_stmt_step(db, stmt, error);
  if (step != STORE_STEP_ROW) {
    store_stmt_done(db, stmt);
    if (step == STORE_STEP_DONE)
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "brugeren findes ikke");
    return NULL;
  }
  g_autoptr(StoreUser) user = g_new0(StoreUser, 1);
  user->id = store_col_int(db, stmt, 0);
  user->username = store_col_strdup(db, stmt, 1);
  user->display_name = store_col_strdup(db, stmt, 2);
  user->password_hash = store_col_strdup(db, stmt, 3);
  user->language = store_col_strdup(db, stmt, 4);
  user->disabled = store_col_int(db, stmt, 5) != 0;
  user->citizen_id = store_col_int(db, stmt, 6);
  user->roles = g_array_new(FALSE, TRUE, sizeof(StoreRoleAssignment));
  store_stmt_done(db, stmt);
  if (!load_roles(db, user, error))
    return NULL;
  return g_steal_pointer(&user);
}

StoreUser *
store_user_get(StoreDb *db, gint64 user_id, GError **error)
{
  return user_get(db, USER_COLUMNS "WHERE id = ?", P_INT(user_id), error);
}

StoreUser *
store_user_get_by_username(StoreDb *db, const char *username, GError **error)
{
  if (username == NULL) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "brugeren findes ikke");
    return NULL;
  }
  return user_get(db, USER_COLUMNS "WHERE username = ?", P_TEXT(username), error);
}

gint64
store_user_create(StoreDb *db, const StoreUserInput *input, GError **error)
{
  if (input->username == NULL || *input->username == '\0' || input->display_name == NULL ||
      *input->display_name == '\0') {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "en bruger skal have brugernavn og navn");
    return 0;
  }
  if (input->language != NULL && strcmp(input->language, "da") != 0 &&
      strcmp(input->language, "en") != 0) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT, "ukendt sprog '%s' (da eller en)",
                input->language);
    return 0;
  }
  /* Checked first, so the constraint error (which would abort the whole
   * transaction on PostgreSQL) is not the normal path. */
  gint64 taken = 0;
  if (!store_query_int(db, "SELECT COUNT(*) FROM app_user WHERE username = ?",
                       STORE_PARAMS(P_TEXT(input->username)), &taken, error))
    return 0;
  if (taken > 0) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT, "brugernavnet %s er optaget",
                input->username);
    return 0;
  }
  if (input->citizen_id != 0) {
    gint64 n = 0;
    if (!store_query_int(db, "SELECT COUNT(*) FROM citizen WHERE id = ?",
                         STORE_PARAMS(P_INT(input->citizen_id)), &n, error))
      return 0;
    if (n == 0) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND,
                  "borger %" G_GINT64_FORMAT " findes ikke", input->citizen_id);
      return 0;
    }
  }
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(db,
                      "INSERT INTO app_user (username, display_name, password_hash, language, "
                      "disabled, citizen_id, created_at) VALUES (?, ?, ?, ?, 0, ?, ?) "
                      "RETURNING id",
                      STORE_PARAMS(P_TEXT(input->username), P_TEXT(input->display_name),
                                   P_TEXT(input->password_hash), P_TEXT(input->language),
                                   P_ID(input->citizen_id), P_TEXT(now)),
                      error);
}

/* Fills the organisation/offer/unit chain of a scope; NOT_FOUND when the
 * scope does not exist. */
static gboolean
resolve_scope(StoreDb *db, SporScopeKind kind, gint64 scope_id, StoreRoleAssignment *ra,
              GError **error)
{
  const char *sql;
  switch (kind) {
  case SPOR_SCOPE_ORGANISATION:
    sql = "SELECT id, NULL, NULL FROM organisation WHERE id = ?";
    break;
  case SPOR_SCOPE_OFFER:
    sql = "SELECT organisation_id, id, NULL FROM offer WHERE id = ?";
    break;
  case SPOR_SCOPE_UNIT:
    sql = "SELECT o.organisation_id, o.id, u.id FROM unit u JOIN offer o ON o.id = u.offer_id "
          "WHERE u.id = ?";
    break;
  default:
    g_set_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "ukendt slags omfang %d", (int)kind);
    return FALSE;
  }
  StoreStmt *stmt = store_stmt_open(db, sql, STORE_PARAMS(P_INT(scope_id)), error);
  if (stmt == NULL)
    return FALSE;
  StoreStep step = store_stmt_step(db, stmt, error);
  if (step == STORE_STEP_ROW) {
    ra->organisation_id = store_col_int(db, stmt, 0);
    ra->offer_id = store_col_int(db, stmt, 1);
    ra->unit_id = store_col_int(db, stmt, 2);
  } else if (step == STORE_STEP_DONE) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "%s %" G_GINT64_FORMAT " findes ikke",
                kind == SPOR_SCOPE_ORGANISATION ? "organisation"
                : kind == SPOR_SCOPE_OFFER      ? "tilbud"
                                                : "afdeling",
                scope_id);
  }
  store_stmt_done(db, stmt);
  return step == STORE_STEP_ROW;
}

gboolean
store_user_add_role(StoreDb *db, gint64 user_id, SporRole role, SporScopeKind scope_kind,
                    gint64 scope_id, GError **error)
{
  const char *role_name = spor_role_name(role);
  if (role_name == NULL) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED, "ukendt rolle %d", (int)role);
    return FALSE;
  }
  gint64 n = 0;
  if (!store_query_int(db, "SELECT COUNT(*) FROM app_user WHERE id = ?",
                       STORE_PARAMS(P_INT(user_id)), &n, error))
    return FALSE;
  if (n == 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "brugeren findes ikke");
    return FALSE;
  }
  StoreRoleAssignment ra = {.role = role};
  if (!resolve_scope(db, scope_kind, scope_id, &ra, error))
    return FALSE;
  /* The same role at the same scope twice is one assignment. */
  if (!store_query_int(db,
                       "SELECT COUNT(*) FROM role_assignment WHERE user_id = ? AND role = ? "
                       "AND organisation_id = ? AND COALESCE(offer_id, 0) = ? "
                       "AND COALESCE(unit_id, 0) = ?",
                       STORE_PARAMS(P_INT(user_id), P_TEXT(role_name), P_INT(ra.organisation_id),
                                    P_INT(ra.offer_id), P_INT(ra.unit_id)),
                       &n, error))
    return FALSE;
  if (n > 0)
    return TRUE;
  return store_exec(db,
                    "INSERT INTO role_assignment (user_id, role, organisation_id, offer_id, "
                    "unit_id) VALUES (?, ?, ?, ?, ?)",
                    STORE_PARAMS(P_INT(user_id), P_TEXT(role_name), P_INT(ra.organisation_id),
                                 P_ID(ra.offer_id), P_ID(ra.unit_id)),
                    error);
}

static gboolean
update_user(StoreDb *db, const char *sql, StoreParam value, gint64 user_id, GError **error)
{
  gint64 id = 0;
  GError *local = NULL;
  if (store_query_int(db, sql, STORE_PARAMS(value, P_INT(user_id)), &id, &local))
    return TRUE;
  if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
    g_clear_error(&local);
    g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "brugeren findes ikke");
  }
  g_propagate_error(error, local);
  return FALSE;
}

gboolean
store_user_set_password_hash(StoreDb *db, gint64 user_id, const char *hash, GError **error)
{
  return update_user(db, "UPDATE app_user SET password_hash = ? WHERE id = ? RETURNING id",
                     P_TEXT(hash), user_id, error);
}

gboolean
store_user_set_disabled(StoreDb *db, gint64 user_id, gboolean disabled, GError **error)
{
  return update_user(db, "UPDATE app_user SET disabled = ? WHERE id = ? RETURNING id",
                     P_BOOL(disabled), user_id, error);
}

json_t *
store_user_list(StoreDb *db, GError **error)
{
  json_t *users = store_query_rows(db,
                                   "SELECT id, username, display_name, language, disabled, "
                                   "citizen_id FROM app_user ORDER BY username",
                                   STORE_NO_PARAMS, error);
  if (users == NULL)
    return NULL;
  size_t i;
  json_t *user;
  json_array_foreach(users, i, user)
    store_json_to_bool(user, "disabled");
  if (!store_query_nest(
        db,
        "SELECT ra.user_id, ra.role,"
        " CASE WHEN ra.unit_id IS NOT NULL THEN 'unit'"
        " WHEN ra.offer_id IS NOT NULL THEN 'offer' ELSE 'organisation' END AS scope_kind,"
        " COALESCE(ra.unit_id, ra.offer_id, ra.organisation_id) AS scope_id,"
        " COALESCE(u.name, o.name, g.name) AS scope_name "
        "FROM role_assignment ra"
        " JOIN organisation g ON g.id = ra.organisation_id"
        " LEFT JOIN offer o ON o.id = ra.offer_id"
        " LEFT JOIN unit u ON u.id = ra.unit_id "
        "ORDER BY ra.user_id, ra.id",
        STORE_NO_PARAMS, users, "roles", error)) {
    json_decref(users);
    return NULL;
  }
  return users;
}
