/* auth.h — passwords, sessions, login throttling and CSRF tokens.
 *
 * Passwords are argon2id hashes (libsodium crypto_pwhash_str).  A session
 * is a 256-bit random token in an HttpOnly cookie; the database keeps only
 * its BLAKE2b hash, so a stolen database holds no usable session.  Each
 * session carries its own CSRF token.  Sessions end after an idle period
 * and after an absolute lifetime.  Five failed logins in fifteen minutes
 * for one username, or from one address, throttle further attempts; the
 * counts live in the database, so several servers share them. */
#pragma once

#include <glib.h>

#include "store/store.h"

#define AUTH_THROTTLE_FAILURES 5
#define AUTH_THROTTLE_WINDOW_SECONDS (15 * 60)
#define AUTH_PASSWORD_MIN_CHARS 10

#define AUTH_ERROR (auth_error_quark())
GQuark auth_error_quark(void);

typedef struct AuthSettings {
  guint idle_minutes;
  guint absolute_hours;
} AuthSettings;

/* Initialises libsodium; call once at start. FALSE if it cannot run. */
gboolean auth_init(void);

/* A new argon2id hash string, or NULL with error (out of memory). */
char *auth_password_hash(const char *password, GError **error);
gboolean auth_password_verify(const char *hash, const char *password);
/* NULL when acceptable, else a Danish msgid saying why. */
const char *auth_password_problem(const char *password);

/* 256 random bits, base64url without padding (43 characters); newly allocated. */
char *auth_random_token(void);
/* Lower-case hex of the token's BLAKE2b-256 hash; newly allocated. */
char *auth_token_hash(const char *token);
/* Constant-time comparison of two tokens; FALSE if either is NULL. */
gboolean auth_token_equal(const char *expected, const char *given);

typedef enum {
  AUTH_LOGIN_OK,
  AUTH_LOGIN_BAD_CREDENTIALS, /* unknown user, wrong password or disabled */
  AUTH_LOGIN_THROTTLED,       /* too many recent failures */
  AUTH_LOGIN_FAILED,          /* the store failed: see error */
} AuthLoginResult;

/* Checks throttling, verifies the password, records the attempt and on
 * success creates a session.  On AUTH_LOGIN_OK, *out_token receives the
 * cookie value and *out_user the user (both the caller's).  The caller
 * runs this inside a write transaction and keeps the writes whatever the
 * result.  A missing user costs the same time as a wrong password. */
AuthLoginResult auth_login(StoreDb *db, const char *username, const char *password,
                           const char *address, char **out_token, StoreUser **out_user,
                           GError **error);

/* A new session for user_id (after a login, or after the citizen set
 * their password with an invitation); *out_token receives the cookie
 * value (the caller's).  Inside the caller's write transaction. */
gboolean auth_session_start(StoreDb *db, gint64 user_id, char **out_token, GError **error);

/* The user and session behind a cookie token.  Fails with NOT_FOUND when
 * the token is unknown, expired (idle or absolute; the row is removed) or
 * the user is disabled.  Refreshes last_seen_at at most once a minute. */
gboolean auth_session_resume(StoreDb *db, const AuthSettings *settings, const char *token,
                             StoreUser **out_user, StoreSession **out_session,
                             GError **error);
/* Ends the session of token (no error when there is none). */
gboolean auth_logout(StoreDb *db, const char *token, GError **error);
