/* auth.c — passwords (argon2id), session tokens, login throttling.
 *
 * Argon2id parameters follow OWASP's recommendation (t = 2, m = 19 MiB,
 * p = 1): strong against offline guessing, yet a login does not push the
 * server's resident memory past its 64 MiB budget. */
#include "domain/auth.h"

#include <sodium.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"

#define PWHASH_OPSLIMIT 2
#define PWHASH_MEMLIMIT (19u * 1024u * 1024u)
#define PASSWORD_MAX_BYTES 1024
#define TOUCH_INTERVAL_SECONDS 60

G_DEFINE_QUARK(spor-auth-error, auth_error)

gboolean
auth_init(void)
{
  return sodium_init() >= 0;
}

char *
auth_password_hash(const char *password, GError **error)
{
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password, strlen(password), PWHASH_OPSLIMIT,
                            PWHASH_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    g_set_error_literal(error, AUTH_ERROR, 0,
                        _("Adgangskoden kunne ikke krypteres (for lidt hukommelse)."));
    return NULL;
  }
  return g_strdup(out);
}

gboolean
auth_password_verify(const char *hash, const char *password)
{
  if (hash == NULL || password == NULL || strlen(password) > PASSWORD_MAX_BYTES)
    return FALSE;
  return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

const char *
auth_password_problem(const char *password)
{
  if (password == NULL || !g_utf8_validate(password, -1, NULL))
    return N_("Adgangskoden skal være gyldig tekst.");
  if (g_utf8_strlen(password, -1) < AUTH_PASSWORD_MIN_CHARS)
    return N_("Adgangskoden skal være mindst 10 tegn.");
  if (strlen(password) > PASSWORD_MAX_BYTES)
    return N_("Adgangskoden må højst være 1024 tegn.");
  return NULL;
}

char *
auth_random_token(void)
{
  unsigned char raw[32];
  char text[sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2base64(text, sizeof text, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
  return g_strdup(text);
}

char *
auth_token_hash(const char *token)
{
  unsigned char digest[crypto_generichash_BYTES];
  char hex[crypto_generichash_BYTES * 2 + 1];
  crypto_generichash(digest, sizeof digest, (const unsigned char *)token, strlen(token), NULL, 0);
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return g_strdup(hex);
}

gboolean
auth_token_equal(const char *expected, const char *given)
{
  if (expected == NULL || given == NULL)
    return FALSE;
  size_t n = strlen(expected);
  if (n == 0 || strlen(given) != n)
    return FALSE;
  return sodium_memcmp(expected, given, n) == 0;
}

/* A hash to verify against when the username is unknown, so that a
 * missing account costs as much time as a wrong password. */
static const char *
dummy_hash(void)
{
  static char *hash;
  if (g_once_init_enter(&hash)) {
    g_autofree char *pw = auth_random_token();
    char *h = auth_password_hash(pw, NULL);
    g_once_init_leave(&hash, h != NULL ? h : g_strdup(""));
  }
  return hash;
}

AuthLoginResult
auth_login(StoreDb *db, const char *username, const char *password, const char *address,
           char **out_token, StoreUser **out_user, GError **error)
{
  g_autofree char *now = spor_timestamp_now(0);
  g_autofree char *since = spor_timestamp_now(-AUTH_THROTTLE_WINDOW_SECONDS);
  gint64 by_username = 0, by_address = 0;
  if (!store_login_failures_since(db, username, address, since, &by_username, &by_address,
                                  error))
    return AUTH_LOGIN_FAILED;
  if (by_username >= AUTH_THROTTLE_FAILURES || by_address >= AUTH_THROTTLE_FAILURES)
    return AUTH_LOGIN_THROTTLED;

  GError *local = NULL;
  g_autoptr(StoreUser) user = store_user_get_by_username(db, username, &local);
  if (user == NULL && !g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
    g_propagate_error(error, local);
    return AUTH_LOGIN_FAILED;
  }
  g_clear_error(&local);

  gboolean ok;
  if (user == NULL || user->password_hash == NULL) {
    auth_password_verify(dummy_hash(), password);
    ok = FALSE;
  } else {
    ok = auth_password_verify(user->password_hash, password) && !user->disabled;
  }
  if (!store_login_attempt_record(db, username, address, ok, now, error))
    return AUTH_LOGIN_FAILED;
  if (!ok)
    return AUTH_LOGIN_BAD_CREDENTIALS;

  if (!auth_session_start(db, user->id, out_token, error))
    return AUTH_LOGIN_FAILED;
  *out_user = g_steal_pointer(&user);
  return AUTH_LOGIN_OK;
}

gboolean
auth_session_start(StoreDb *db, gint64 user_id, char **out_token, GError **error)
{
  g_autofree char *now = spor_timestamp_now(0);
  g_autofree char *token = auth_random_token();
  g_autofree char *token_hash = auth_token_hash(token);
  g_autofree char *csrf = auth_random_token();
  if (!store_session_create(db, token_hash, user_id, csrf, now, error))
    return FALSE;
  *out_token = g_steal_pointer(&token);
  return TRUE;
}

static void
set_not_found(GError **error)
{
  g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, _("Sessionen er udløbet."));
}

gboolean
auth_session_resume(StoreDb *db, const AuthSettings *settings, const char *token,
                    StoreUser **out_user, StoreSession **out_session, GError **error)
{
  if (token == NULL || *token == '\0' || strlen(token) > 128) {
    set_not_found(error);
    return FALSE;
  }
  g_autofree char *token_hash = auth_token_hash(token);
  g_autoptr(StoreSession) session = store_session_get(db, token_hash, error);
  if (session == NULL)
    return FALSE;

  g_autofree char *idle_cutoff = spor_timestamp_now(-(gint64)settings->idle_minutes * 60);
  g_autofree char *absolute_cutoff =
    spor_timestamp_now(-(gint64)settings->absolute_hours * 3600);
  if (strcmp(session->last_seen_at, idle_cutoff) < 0 ||
      strcmp(session->created_at, absolute_cutoff) < 0) {
    if (!store_session_delete(db, token_hash, error))
      return FALSE;
    set_not_found(error);
    return FALSE;
  }

  g_autoptr(StoreUser) user = store_user_get(db, session->user_id, error);
  if (user == NULL)
    return FALSE;
  if (user->disabled) {
    set_not_found(error);
    return FALSE;
  }

  g_autofree char *touch_cutoff = spor_timestamp_now(-TOUCH_INTERVAL_SECONDS);
  if (strcmp(session->last_seen_at, touch_cutoff) < 0) {
    g_autofree char *now = spor_timestamp_now(0);
    if (!store_session_touch(db, session->id, now, error))
      return FALSE;
    g_free(session->last_seen_at);
    session->last_seen_at = g_steal_pointer(&now);
  }
  *out_user = g_steal_pointer(&user);
  *out_session = g_steal_pointer(&session);
  return TRUE;
}

gboolean
auth_logout(StoreDb *db, const char *token, GError **error)
{
  if (token == NULL || *token == '\0')
    return TRUE;
  g_autofree char *token_hash = auth_token_hash(token);
  return store_session_delete(db, token_hash, error);
}
