/* test_auth.c — passwords, tokens, login throttling and session expiry,
 * against a real database (SQLite, or PostgreSQL: tests/unit/testdb.h). */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/auth.h"
#include "testdb.h"

typedef struct {
  TestDb *tdb;
  StoreDb *db;
  gint64 user_id;
} Fixture;

static const AuthSettings settings = {.idle_minutes = 60, .absolute_hours = 12};

static void
fixture_set_up(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  f->tdb = test_db_new();
  f->db = store_open(f->tdb->url, &error);
  g_assert_no_error(error);
  g_assert_true(store_migrate(f->db, NULL, &error));
  g_assert_no_error(error);

  g_autofree char *hash = auth_password_hash("korrekt-hest-batteri", &error);
  g_assert_no_error(error);
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  gint64 org = store_organisation_create(f->db, "Testkommune", "municipality", &error);
  g_assert_no_error(error);
  StoreUserInput in = {.username = "mette", .display_name = "Mette", .password_hash = hash};
  f->user_id = store_user_create(f->db, &in, &error);
  g_assert_no_error(error);
  g_assert_true(store_user_add_role(f->db, f->user_id, SPOR_ROLE_STAFF, SPOR_SCOPE_ORGANISATION,
                                    org, &error));
  g_assert_true(store_commit(f->db, &error));
  g_assert_no_error(error);
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  (void)data;
  spor_clock_set_offset(0);
  store_close(f->db);
  test_db_free(f->tdb);
}

static AuthLoginResult
login(Fixture *f, const char *username, const char *password, const char *address,
      char **token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StoreUser) user = NULL;
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  AuthLoginResult r = auth_login(f->db, username, password, address, token, &user, &error);
  g_assert_no_error(error);
  g_assert_true(store_commit(f->db, &error));
  if (r == AUTH_LOGIN_OK)
    g_assert_cmpint(user->id, ==, f->user_id);
  return r;
}

static void
test_password_hash(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *h1 = auth_password_hash("en lang adgangskode", &error);
  g_autofree char *h2 = auth_password_hash("en lang adgangskode", &error);
  g_assert_no_error(error);
  g_assert_true(g_str_has_prefix(h1, "$argon2id$"));
  g_assert_cmpstr(h1, !=, h2); /* salted */
  g_assert_true(auth_password_verify(h1, "en lang adgangskode"));
  g_assert_false(auth_password_verify(h1, "en lang adgangskodE"));
  g_assert_false(auth_password_verify(h1, ""));
  g_assert_false(auth_password_verify(NULL, "x"));
  g_assert_false(auth_password_verify("ikke en hash", "x"));
}

static void
test_password_problem(void)
{
  g_assert_null(auth_password_problem("tilpas-lang"));
  g_assert_null(auth_password_problem("æøåæøåæøåæ")); /* ten characters, more bytes */
  g_assert_nonnull(auth_password_problem("kort"));
  g_assert_nonnull(auth_password_problem("æøåæøåæøå"));
  g_assert_nonnull(auth_password_problem("\xff\xfe ugyldig utf-8"));
  g_autofree char *huge = g_strnfill(2000, 'a');
  g_assert_nonnull(auth_password_problem(huge));
}

static void
test_tokens(void)
{
  g_autofree char *a = auth_random_token();
  g_autofree char *b = auth_random_token();
  g_assert_cmpint(strlen(a), ==, 43);
  g_assert_cmpstr(a, !=, b);
  for (const char *p = a; *p; p++)
    g_assert_true(g_ascii_isalnum(*p) || *p == '-' || *p == '_');
  g_autofree char *ha = auth_token_hash(a);
  g_autofree char *ha2 = auth_token_hash(a);
  g_assert_cmpint(strlen(ha), ==, 64);
  g_assert_cmpstr(ha, ==, ha2);
  g_assert_true(auth_token_equal(a, a));
  g_assert_false(auth_token_equal(a, b));
  g_assert_false(auth_token_equal(a, NULL));
  g_assert_false(auth_token_equal("", ""));
  g_assert_false(auth_token_equal("abc", "abcd"));
}

static void
test_login_and_resume(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autofree char *token = NULL;
  g_assert_cmpint(login(f, "mette", "korrekt-hest-batteri", "10.0.0.1", &token), ==,
                  AUTH_LOGIN_OK);
  g_assert_nonnull(token);

  g_autoptr(GError) error = NULL;
  g_autoptr(StoreUser) user = NULL;
  g_autoptr(StoreSession) session = NULL;
  g_assert_true(auth_session_resume(f->db, &settings, token, &user, &session, &error));
  g_assert_no_error(error);
  g_assert_cmpint(user->id, ==, f->user_id);
  g_assert_cmpint(strlen(session->csrf_token), ==, 43);

  /* The database holds the token's hash, never the token. */
  g_autoptr(StoreSession) by_raw = store_session_get(f->db, token, &error);
  g_assert_null(by_raw);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);

  g_assert_true(auth_logout(f->db, token, &error));
  StoreUser *u2 = NULL;
  StoreSession *s2 = NULL;
  g_assert_false(auth_session_resume(f->db, &settings, token, &u2, &s2, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
}

static void
test_bad_credentials(Fixture *f, gconstpointer data)
{
  (void)data;
  char *token = NULL;
  g_assert_cmpint(login(f, "mette", "forkert-adgangskode", "10.0.0.1", &token), ==,
                  AUTH_LOGIN_BAD_CREDENTIALS);
  g_assert_cmpint(login(f, "ukendt", "korrekt-hest-batteri", "10.0.0.1", &token), ==,
                  AUTH_LOGIN_BAD_CREDENTIALS);
  g_assert_null(token);

  g_autoptr(GError) error = NULL;
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_true(store_user_set_disabled(f->db, f->user_id, TRUE, &error));
  g_assert_true(store_commit(f->db, &error));
  g_assert_cmpint(login(f, "mette", "korrekt-hest-batteri", "10.0.0.1", &token), ==,
                  AUTH_LOGIN_BAD_CREDENTIALS);
}

static void
test_throttling(Fixture *f, gconstpointer data)
{
  (void)data;
  char *token = NULL;
  /* Five failures for one username from different addresses … */
  for (int i = 0; i < AUTH_THROTTLE_FAILURES; i++) {
    g_autofree char *address = g_strdup_printf("10.0.1.%d", i);
    g_assert_cmpint(login(f, "mette", "forkert-adgangskode", address, &token), ==,
                    AUTH_LOGIN_BAD_CREDENTIALS);
  }
  /* … throttle even the right password from a fresh address. */
  g_assert_cmpint(login(f, "mette", "korrekt-hest-batteri", "10.0.2.1", &token), ==,
                  AUTH_LOGIN_THROTTLED);
  g_assert_null(token);

  /* Fifteen minutes later the window has passed. */
  spor_clock_set_offset(AUTH_THROTTLE_WINDOW_SECONDS + 1);
  g_autofree char *later = NULL;
  g_assert_cmpint(login(f, "mette", "korrekt-hest-batteri", "10.0.2.1", &later), ==,
                  AUTH_LOGIN_OK);
}

static void
test_throttling_by_address(Fixture *f, gconstpointer data)
{
  (void)data;
  char *token = NULL;
  for (int i = 0; i < AUTH_THROTTLE_FAILURES; i++) {
    g_autofree char *name = g_strdup_printf("gæt%d", i);
    g_assert_cmpint(login(f, name, "forkert-adgangskode", "10.9.9.9", &token), ==,
                    AUTH_LOGIN_BAD_CREDENTIALS);
  }
  g_assert_cmpint(login(f, "mette", "korrekt-hest-batteri", "10.9.9.9", &token), ==,
                  AUTH_LOGIN_THROTTLED);
  g_autofree char *other = NULL;
  g_assert_cmpint(login(f, "mette", "korrekt-hest-batteri", "10.9.9.10", &other), ==,
                  AUTH_LOGIN_OK);
}

static void
test_idle_expiry(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autofree char *token = NULL;
  g_assert_cmpint(login(f, "mette", "korrekt-hest-batteri", "10.0.0.1", &token), ==,
                  AUTH_LOGIN_OK);
  g_autoptr(GError) error = NULL;

  /* 59 minutes idle: still valid, and the visit refreshes it. */
  spor_clock_set_offset(59 * 60);
  StoreUser *user = NULL;
  StoreSession *session = NULL;
  g_assert_true(auth_session_resume(f->db, &settings, token, &user, &session, &error));
  g_clear_pointer(&user, store_user_free);
  g_clear_pointer(&session, store_session_free);

  /* Another 59 minutes: valid because of the refresh. */
  spor_clock_set_offset(118 * 60);
  g_assert_true(auth_session_resume(f->db, &settings, token, &user, &session, &error));
  g_clear_pointer(&user, store_user_free);
  g_clear_pointer(&session, store_session_free);

  /* 61 idle minutes after that: gone, and gone for good. */
  spor_clock_set_offset(180 * 60);
  g_assert_false(auth_session_resume(f->db, &settings, token, &user, &session, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  spor_clock_set_offset(0);
  g_assert_false(auth_session_resume(f->db, &settings, token, &user, &session, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
}

static void
test_absolute_expiry(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autofree char *token = NULL;
  g_assert_cmpint(login(f, "mette", "korrekt-hest-batteri", "10.0.0.1", &token), ==,
                  AUTH_LOGIN_OK);
  g_autoptr(GError) error = NULL;
  StoreUser *user = NULL;
  StoreSession *session = NULL;
  /* Busy all day, never idle for long, but 12 hours is the limit. */
  for (int hour = 1; hour <= 11; hour++) {
    spor_clock_set_offset(hour * 3600 - 600);
    g_assert_true(auth_session_resume(f->db, &settings, token, &user, &session, &error));
    g_clear_pointer(&user, store_user_free);
    g_clear_pointer(&session, store_session_free);
    spor_clock_set_offset(hour * 3600);
    g_assert_true(auth_session_resume(f->db, &settings, token, &user, &session, &error));
    g_clear_pointer(&user, store_user_free);
    g_clear_pointer(&session, store_session_free);
  }
  spor_clock_set_offset(12 * 3600 + 60);
  g_assert_false(auth_session_resume(f->db, &settings, token, &user, &session, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
}

static void
test_disabled_user_loses_session(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autofree char *token = NULL;
  g_assert_cmpint(login(f, "mette", "korrekt-hest-batteri", "10.0.0.1", &token), ==,
                  AUTH_LOGIN_OK);
  g_autoptr(GError) error = NULL;
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_true(store_user_set_disabled(f->db, f->user_id, TRUE, &error));
  g_assert_true(store_commit(f->db, &error));
  StoreUser *user = NULL;
  StoreSession *session = NULL;
  g_assert_false(auth_session_resume(f->db, &settings, token, &user, &session, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
}

static void
test_resume_garbage(Fixture *f, gconstpointer data)
{
  (void)data;
  const char *tokens[] = {"", "x", "not-a-session-token-at-all-but-long-enough-1234"};
  for (guint i = 0; i < G_N_ELEMENTS(tokens); i++) {
    g_autoptr(GError) error = NULL;
    StoreUser *user = NULL;
    StoreSession *session = NULL;
    g_assert_false(auth_session_resume(f->db, &settings, tokens[i], &user, &session, &error));
    g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_assert_true(auth_init());
  g_test_add_func("/auth/password/hash", test_password_hash);
  g_test_add_func("/auth/password/problem", test_password_problem);
  g_test_add_func("/auth/tokens", test_tokens);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("/auth/login/ok-and-resume", test_login_and_resume);
  ADD("/auth/login/bad-credentials", test_bad_credentials);
  ADD("/auth/login/throttle-username", test_throttling);
  ADD("/auth/login/throttle-address", test_throttling_by_address);
  ADD("/auth/session/idle-expiry", test_idle_expiry);
  ADD("/auth/session/absolute-expiry", test_absolute_expiry);
  ADD("/auth/session/disabled-user", test_disabled_user_loses_session);
  ADD("/auth/session/garbage", test_resume_garbage);
  return g_test_run();
}
