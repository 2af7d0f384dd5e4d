/* fuzz_request.c — whole requests through the dispatcher and the real page
 * handlers, over a small demo database, as an anonymous visitor and as a
 * logged-in staff member.
 *
 * Input: "METHOD TARGET\n", then "name: value\n" header lines, a blank
 * line, and the body.  When the input names no cookie, odd first bytes get
 * staff's session and CSRF token, so the fuzzer reaches the handlers; the
 * header "as: admin" gets the administrator's instead (the instrument
 * pages), "as: leader" the leader's (practice development). */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>

#include "core/i18n.h"
#include "domain/auth.h"
#include "domain/demo.h"
#include "domain/instrument.h"
#include "http/app.h"
#include "pages/pages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static SporConfig config;
static StorePool *pool;
static HttpApp *app;
static char *session_cookie;
static char *csrf_token;
static char *admin_cookie;
static char *admin_csrf;
static char *leader_cookie;
static char *leader_csrf;

/* Logs username in; sets *cookie and *csrf (newly allocated). */
static void
log_in(StoreDb *db, const char *username, char **cookie, char **csrf)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(store_begin(db, STORE_TX_WRITE, &error));
  g_autofree char *token = NULL;
  g_autoptr(StoreUser) user = NULL;
  g_assert_cmpint(auth_login(db, username, DEMO_PASSWORD, "fuzz", &token, &user, &error), ==,
                  AUTH_LOGIN_OK);
  g_assert_true(store_commit(db, &error));
  AuthSettings settings = {60, 12};
  g_autoptr(StoreUser) resumed = NULL;
  g_autoptr(StoreSession) session = NULL;
  g_assert_true(auth_session_resume(db, &settings, token, &resumed, &session, &error));
  *cookie = g_strdup_printf("spor_session=%s", token);
  *csrf = g_strdup(session->csrf_token);
}

static void
set_up(void)
{
  spor_i18n_init();
  if (!auth_init())
    g_error("libsodium kan ikke starte");
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp("spor-fuzz-XXXXXX", &error);
  g_assert_no_error(error);
  config.db_url = g_strdup_printf("sqlite:%s/fuzz.db", dir);
  config.max_body_bytes = 64 * 1024;
  config.session_idle_minutes = 60;
  config.session_absolute_hours = 12;
  StoreDb *db = store_open(config.db_url, &error);
  g_assert_no_error(error);
  g_assert_true(store_migrate(db, NULL, &error));
  g_assert_true(store_begin(db, STORE_TX_WRITE, &error));
  g_assert_true(instrument_load_builtin(db, NULL, &error));
  g_assert_true(store_commit(db, &error));
  DemoOptions options = {.citizens = 6, .seed = 1, .anchor_date = "2026-06-01"};
  g_assert_true(demo_generate(db, &options, NULL, NULL, &error));
  log_in(db, "mette", &session_cookie, &csrf_token);
  log_in(db, "admin", &admin_cookie, &admin_csrf);
  log_in(db, "leder", &leader_cookie, &leader_csrf);
  store_close(db);
  pool = store_pool_new(config.db_url, 1, &error);
  g_assert_no_error(error);
  gsize n_tables;
  const RouteTable *tables = pages_route_tables(&n_tables);
  app = http_app_new(&config, pool, tables, n_tables, &error);
  g_assert_no_error(error);
  g_free(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static gsize initialised;
  if (g_once_init_enter(&initialised)) {
    set_up();
    g_once_init_leave(&initialised, 1);
  }
  if (size == 0 || size > 64 * 1024 || memchr(data, '\0', size) != NULL)
    return 0;
  g_autofree char *text = g_strndup((const char *)data, size);
  char *body = strstr(text, "\n\n");
  if (body != NULL) {
    *body = '\0';
    body += 2;
  }
  g_auto(GStrv) lines = g_strsplit(text, "\n", 64);
  if (lines[0] == NULL)
    return 0;
  g_auto(GStrv) request_line = g_strsplit(lines[0], " ", 2);
  if (request_line[0] == NULL || request_line[1] == NULL || request_line[1][0] != '/')
    return 0;
  const char *method = request_line[0];
  if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0 && strcmp(method, "HEAD") != 0)
    method = "DELETE";

  g_autoptr(GHashTable) headers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 1; lines[i] != NULL; i++) {
    char *colon = strchr(lines[i], ':');
    if (colon == NULL)
      continue;
    *colon = '\0';
    g_hash_table_replace(headers, g_ascii_strdown(g_strstrip(lines[i]), -1),
                         g_strdup(g_strstrip(colon + 1)));
  }
  const char *as = g_hash_table_lookup(headers, "as");
  if (!g_hash_table_contains(headers, "cookie") && as != NULL && strcmp(as, "admin") == 0) {
    g_hash_table_insert(headers, g_strdup("cookie"), g_strdup(admin_cookie));
    g_hash_table_insert(headers, g_strdup("x-csrf-token"), g_strdup(admin_csrf));
  } else if (!g_hash_table_contains(headers, "cookie") && as != NULL &&
             strcmp(as, "leader") == 0) {
    g_hash_table_insert(headers, g_strdup("cookie"), g_strdup(leader_cookie));
    g_hash_table_insert(headers, g_strdup("x-csrf-token"), g_strdup(leader_csrf));
  } else if (!g_hash_table_contains(headers, "cookie") && (data[0] & 1)) {
    g_hash_table_insert(headers, g_strdup("cookie"), g_strdup(session_cookie));
    g_hash_table_insert(headers, g_strdup("x-csrf-token"), g_strdup(csrf_token));
  }
  if (body != NULL && !g_hash_table_contains(headers, "content-type"))
    g_hash_table_insert(headers, g_strdup("content-type"),
                        g_strdup("application/x-www-form-urlencoded"));
  HttpResponse *response = http_app_handle(app, method, request_line[1], headers, body,
                                           body ? strlen(body) : 0, "127.0.0.1");
  if (response->status < 200 || response->status > 599)
    __builtin_trap();
  http_response_free(response);
  return 0;
}
