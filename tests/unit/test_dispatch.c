/* test_dispatch.c — the dispatcher in-process, with routes of its own
 * over a real database (SQLite, or PostgreSQL: tests/unit/testdb.h):
 * routing, sessions, capabilities, CSRF, transactions kept, rolled back
 * or run again, a lost database connection, JSON twins, static files and
 * the security headers on every answer. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/config.h"
#include "core/i18n.h"
#include "domain/auth.h"
#include "http/app.h"
#include "testdb.h"

#define PASSWORD "korrekt-hest-batteri"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_t, json_decref)

/* ---- Routes under test ------------------------------------------------ */

static void
public_page(HttpRequest *req, HttpReply *reply)
{
  (void)req;
  reply_page(reply, 200, "error",
             json_pack("{s:s, s:s, s:i}", "title", "Offentlig", "message", "<b>fed</b>",
                       "status", 200));
}

static void
item_page(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autofree char *message = g_strdup_printf("emne %" G_GINT64_FORMAT, id);
  reply_page(reply, 200, "error",
             json_pack("{s:s, s:s, s:I}", "title", "Emne", "message", message, "id",
                       (json_int_t)id));
}

static const FieldSpec item_fields[] = {
  {"name", FIELD_TEXT, TRUE, 1, 50, NULL, N_("Navn")},
  {"mode", FIELD_CHOICE, FALSE, 0, 0, (const char *const[]){"ok", "fail", "keep", NULL},
   N_("Tilstand")},
};

/* Writes an organisation, then succeeds or fails as the form says. */
static void
item_create(HttpRequest *req, HttpReply *reply)
{
  if (!form_result_ok(req->fields)) {
    reply_form_errors(reply, "error",
                      json_pack("{s:s, s:s}", "title", "Fejl", "message", "Ret felterne"),
                      req->fields);
    return;
  }
  g_autoptr(GError) error = NULL;
  gint64 id = store_organisation_create(req->db, form_text(req->fields, "name"), "municipality",
                                        &error);
  if (id == 0) {
    reply_store_error(reply, error);
    return;
  }
  const char *mode = form_text(req->fields, "mode");
  if (mode != NULL && strcmp(mode, "fail") == 0) {
    reply_error(reply, 409, "Det gik galt efter skrivningen.");
    return;
  }
  if (mode != NULL && strcmp(mode, "keep") == 0) {
    reply_error(reply, 422, "Fejl, men skrivningen bevares.");
    reply_keep_writes(reply);
    return;
  }
  g_autofree char *location = g_strdup_printf("/items/%" G_GINT64_FORMAT, id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, TRUE);
}

static void
admin_page(HttpRequest *req, HttpReply *reply)
{
  (void)req;
  reply_page(reply, 200, "error", json_pack("{s:s, s:s}", "title", "Admin", "message", "ok"));
}

static void
html_only(HttpRequest *req, HttpReply *reply)
{
  (void)req;
  reply_page(reply, 200, "error", json_pack("{s:s, s:s}", "title", "Kun HTML", "message", "x"));
}

static void
chart_page(HttpRequest *req, HttpReply *reply)
{
  (void)req;
  reply_html_extra(reply, "content_extra", g_strdup("<svg id=\"raw\"></svg>"));
  reply_page(reply, 200, "error", json_pack("{s:s, s:s}", "title", "Diagram", "message", "m"));
}

/* A page that may be cached: how many organisations there are, and how
 * many times the handler has run. */
static gint counted_runs;

static void
counted_page(HttpRequest *req, HttpReply *reply)
{
  g_atomic_int_inc(&counted_runs);
  g_autoptr(GError) error = NULL;
  json_t *tree = store_org_tree(req->db, &error);
  g_autofree char *message = g_strdup_printf("organisationer: %zu", json_array_size(tree));
  json_decref(tree);
  reply_page(reply, 200, "error", json_pack("{s:s, s:s}", "title", "Tæller", "message", message));
}

/* Writes an organisation, then fails with RETRY (as a deadlock or a
 * serialization failure would make the store do) as long as it has run
 * no more than retry_failures times. */
static gint retry_runs, retry_failures;

static void
retry_create(HttpRequest *req, HttpReply *reply)
{
  int runs = g_atomic_int_add(&retry_runs, 1) + 1;
  g_autoptr(GError) error = NULL;
  if (store_organisation_create(req->db, "Forsøg", "municipality", &error) == 0) {
    reply_store_error(reply, error);
    return;
  }
  if (runs <= g_atomic_int_get(&retry_failures)) {
    g_set_error_literal(&error, STORE_ERROR, STORE_ERROR_RETRY,
                        "transaktionen stødte sammen med en anden");
    reply_store_error(reply, error);
    return;
  }
  reply_redirect(reply, "/public", FALSE);
}

/* Shows the client's address as the dispatcher sees it. */
static void
whoami_page(HttpRequest *req, HttpReply *reply)
{
  reply_page(reply, 200, "error",
             json_pack("{s:s, s:s}", "title", "Adresse", "message",
                       req->remote_addr ? req->remote_addr : "-"));
}

/* PostgreSQL: the server ends every connection of the test database,
 * this request's among them, before the handler reads. */
static const char *lose_database;

static void
lose_connection(HttpRequest *req, HttpReply *reply)
{
  g_autofree char *kill = g_strdup_printf(
    "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
    " WHERE datname = '%s' AND pid <> pg_backend_pid()",
    lose_database);
  test_db_admin(kill);
  g_autoptr(GError) error = NULL;
  json_t *tree = store_org_tree(req->db, &error);
  if (tree == NULL) {
    reply_store_error(reply, error);
    return;
  }
  json_decref(tree);
  reply_page(reply, 200, "error", json_pack("{s:s, s:s}", "title", "Uventet", "message", "x"));
}

/* A page whose template does not exist: the server's own fault. */
static void
broken_page(HttpRequest *req, HttpReply *reply)
{
  (void)req;
  reply_page(reply, 200, "no-such-template", json_pack("{s:s}", "title", "Brudt"));
}

static const Route test_routes[] = {
  {"GET", "/broken", broken_page, CAP_LOGGED_IN, NULL, 0, 0},
  {"POST", "/retry", retry_create, CAP_LOGGED_IN, NULL, 0, 0},
  {"GET", "/whoami", whoami_page, CAP_PUBLIC, NULL, 0, 0},
  {"GET", "/lose-connection", lose_connection, CAP_LOGGED_IN, NULL, 0, 0},
  {"GET", "/counted", counted_page, CAP_LOGGED_IN, NULL, 0, ROUTE_PAGE_CACHE},
  {"GET", "/public", public_page, CAP_PUBLIC, NULL, 0, 0},
  {"GET", "/items/{id}", item_page, CAP_CITIZEN_READ, NULL, 0, 0},
  {"POST", "/items", item_create, CAP_CITIZEN_WRITE, item_fields, G_N_ELEMENTS(item_fields), 0},
  {"GET", "/admin", admin_page, CAP_ADMIN, NULL, 0, 0},
  {"GET", "/only-html", html_only, CAP_LOGGED_IN, NULL, 0, ROUTE_HTML_ONLY},
  {"GET", "/chart", chart_page, CAP_LOGGED_IN, NULL, 0, 0},
};

/* ---- Fixture ---------------------------------------------------------- */

typedef struct {
  TestDb *tdb;
  SporConfig config;
  StorePool *pool;
  HttpApp *app;
  char *token; /* mette's session cookie */
  char *csrf;  /* and its CSRF token */
} Fixture;

static void
fixture_set_up(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  f->tdb = test_db_new();
  f->config.db_url = g_strdup(f->tdb->url);
  f->config.max_body_bytes = 4096;
  f->config.session_idle_minutes = 60;
  f->config.session_absolute_hours = 12;
  {
    g_autoptr(StoreDb) db = store_open(f->config.db_url, &error);
    g_assert_no_error(error);
    g_assert_true(store_migrate(db, NULL, &error));
    g_autofree char *hash = auth_password_hash(PASSWORD, &error);
    g_assert_no_error(error);
    g_assert_true(store_begin(db, STORE_TX_WRITE, &error));
    gint64 org = store_organisation_create(db, "Testkommune", "municipality", &error);
    g_assert_no_error(error);
    StoreUserInput in = {.username = "mette", .display_name = "Mette <Test>",
                         .password_hash = hash};
    gint64 user = store_user_create(db, &in, &error);
    g_assert_no_error(error);
    g_assert_true(store_user_add_role(db, user, SPOR_ROLE_STAFF, SPOR_SCOPE_ORGANISATION, org,
                                      &error));
    g_autoptr(StoreUser) logged_in = NULL;
    g_assert_cmpint(auth_login(db, "mette", PASSWORD, "127.0.0.1", &f->token, &logged_in,
                               &error), ==, AUTH_LOGIN_OK);
    g_assert_true(store_commit(db, &error));
    g_autoptr(StoreUser) u = NULL;
    g_autoptr(StoreSession) s = NULL;
    AuthSettings settings = {60, 12};
    g_assert_true(auth_session_resume(db, &settings, f->token, &u, &s, &error));
    f->csrf = g_strdup(s->csrf_token);
  }
  f->pool = store_pool_new(f->config.db_url, 2, &error);
  g_assert_no_error(error);
  RouteTable table = {test_routes, G_N_ELEMENTS(test_routes)};
  f->app = http_app_new(&f->config, f->pool, &table, 1, &error);
  g_assert_no_error(error);
  g_assert_nonnull(f->app);
}

static void
fixture_tear_down(Fixture *f, gconstpointer data)
{
  (void)data;
  http_app_free(f->app);
  store_pool_free(f->pool);
  g_free(f->config.db_url);
  g_free(f->token);
  g_free(f->csrf);
  test_db_free(f->tdb);
}

/* Runs one request; headers are name, value pairs ending in NULL. */
static HttpResponse *
run(Fixture *f, const char *method, const char *url, const char *body, ...)
{
  g_autoptr(GHashTable) headers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  va_list args;
  va_start(args, body);
  const char *name;
  while ((name = va_arg(args, const char *)) != NULL)
    g_hash_table_insert(headers, g_strdup(name), g_strdup(va_arg(args, const char *)));
  va_end(args);
  if (body != NULL && !g_hash_table_contains(headers, "content-type"))
    g_hash_table_insert(headers, g_strdup("content-type"),
                        g_strdup("application/x-www-form-urlencoded"));
  return http_app_handle(f->app, method, url, headers, body, body ? strlen(body) : 0,
                         "127.0.0.1");
}

static char *
session_cookie(Fixture *f)
{
  return g_strdup_printf("spor_session=%s", f->token);
}

static const char *
body_text(HttpResponse *response)
{
  if (response->body == NULL)
    return "";
  /* Bodies are text; a copy with a terminating NUL is kept alongside. */
  gsize size;
  const char *data = g_bytes_get_data(response->body, &size);
  static GPrivate copy = G_PRIVATE_INIT(g_free);
  char *text = g_strndup(data, size);
  g_private_replace(&copy, text);
  return text;
}

static void
assert_secure(HttpResponse *response)
{
  g_assert_nonnull(strstr(http_response_header(response, "Content-Security-Policy"),
                          "frame-ancestors 'none'"));
  g_assert_cmpstr(http_response_header(response, "X-Content-Type-Options"), ==, "nosniff");
  g_assert_cmpstr(http_response_header(response, "X-Frame-Options"), ==, "DENY");
  g_assert_nonnull(http_response_header(response, "Referrer-Policy"));
}

static gint64
count_organisations(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StoreDb) db = store_open(f->config.db_url, &error);
  g_assert_no_error(error);
  json_t *tree = store_org_tree(db, &error);
  g_assert_no_error(error);
  gint64 n = (gint64)json_array_size(tree);
  json_decref(tree);
  return n;
}

/* ---- Tests ------------------------------------------------------------ */

static void
test_public_page(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(HttpResponse) r = run(f, "GET", "/public", NULL, NULL);
  g_assert_cmpint(r->status, ==, 200);
  assert_secure(r);
  const char *text = body_text(r);
  g_assert_nonnull(strstr(text, "<html lang=\"da\""));
  g_assert_nonnull(strstr(text, "&lt;b&gt;fed&lt;/b&gt;"));
  g_assert_null(strstr(text, "<b>fed</b>"));
  g_assert_cmpstr(http_response_header(r, "Cache-Control"), ==, "no-store");
  const char *cookie = http_response_header(r, "Set-Cookie");
  g_assert_nonnull(cookie);
  g_assert_true(g_str_has_prefix(cookie, "spor_csrf="));
  g_assert_nonnull(strstr(cookie, "HttpOnly"));
  g_assert_nonnull(strstr(cookie, "SameSite=Strict"));
}

static void
test_not_found_and_method(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(HttpResponse) missing = run(f, "GET", "/findes/ikke", NULL, NULL);
  g_assert_cmpint(missing->status, ==, 404);
  assert_secure(missing);
  g_assert_nonnull(strstr(body_text(missing), "Siden findes ikke"));
  g_autoptr(HttpResponse) api = run(f, "GET", "/api/v1/findes/ikke", NULL, NULL);
  g_assert_cmpint(api->status, ==, 404);
  g_assert_nonnull(strstr(http_response_header(api, "Content-Type"), "application/json"));
  g_assert_nonnull(strstr(body_text(api), "\"status\":404"));
  g_autoptr(HttpResponse) wrong = run(f, "DELETE", "/public", NULL, NULL);
  g_assert_cmpint(wrong->status, ==, 405);
  g_assert_nonnull(strstr(http_response_header(wrong, "Allow"), "GET"));
  assert_secure(wrong);
  g_autoptr(HttpResponse) head = run(f, "HEAD", "/public", NULL, NULL);
  g_assert_cmpint(head->status, ==, 200);
  g_assert_null(head->body);
  g_autoptr(HttpResponse) bad = run(f, "GET", "/pub%zzlic", NULL, NULL);
  g_assert_cmpint(bad->status, ==, 404);
}

static void
test_path_parameters(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autofree char *cookie = session_cookie(f);
  const char *bad[] = {"/items/0", "/items/01", "/items/-1", "/items/abc", "/items/",
                       "/items/1234567890123456789", "/items/12/", "/items/1%00"};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(HttpResponse) r = run(f, "GET", bad[i], NULL, "cookie", cookie, NULL);
    g_assert_cmpint(r->status, ==, 404);
  }
  g_autoptr(HttpResponse) ok = run(f, "GET", "/items/123", NULL, "cookie", cookie, NULL);
  g_assert_cmpint(ok->status, ==, 200);
  g_assert_nonnull(strstr(body_text(ok), "emne 123"));
  g_assert_nonnull(strstr(body_text(ok), "Mette &lt;Test&gt;"));
  g_autoptr(HttpResponse) api = run(f, "GET", "/api/v1/items/123", NULL, "cookie", cookie, NULL);
  g_assert_cmpint(api->status, ==, 200);
  g_autoptr(json_t) model = json_loads(body_text(api), 0, NULL);
  g_assert_cmpint(json_integer_value(json_object_get(model, "id")), ==, 123);
  g_autoptr(HttpResponse) accept = run(f, "GET", "/items/123", NULL, "cookie", cookie, "accept",
                                       "application/json", NULL);
  g_autofree char *accept_text = g_strdup(body_text(accept)); /* body_text reuses its copy */
  g_assert_cmpstr(accept_text, ==, body_text(api));
}

static void
test_login_required(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(HttpResponse) page = run(f, "GET", "/items/5?x=1", NULL, NULL);
  g_assert_cmpint(page->status, ==, 303);
  g_assert_cmpstr(http_response_header(page, "Location"), ==, "/login?next=%2Fitems%2F5%3Fx%3D1");
  assert_secure(page);
  g_autoptr(HttpResponse) api = run(f, "GET", "/api/v1/items/5", NULL, NULL);
  g_assert_cmpint(api->status, ==, 401);
  g_autoptr(HttpResponse) stale = run(f, "GET", "/items/5", NULL, "cookie",
                                      "spor_session=ukendt-token", NULL);
  g_assert_cmpint(stale->status, ==, 303);
  gboolean cleared = FALSE;
  for (guint i = 0; i + 1 < stale->headers->len; i += 2)
    if (g_str_has_prefix(g_ptr_array_index(stale->headers, i + 1), "spor_session=;"))
      cleared = TRUE;
  g_assert_true(cleared);
}

static void
test_capability(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autofree char *cookie = session_cookie(f);
  g_autoptr(HttpResponse) r = run(f, "GET", "/admin", NULL, "cookie", cookie, NULL);
  g_assert_cmpint(r->status, ==, 403);
  assert_secure(r);
  g_autoptr(HttpResponse) html_only_api = run(f, "GET", "/api/v1/only-html", NULL, "cookie",
                                              cookie, NULL);
  g_assert_cmpint(html_only_api->status, ==, 404);
  g_autoptr(HttpResponse) html = run(f, "GET", "/only-html", NULL, "cookie", cookie, NULL);
  g_assert_cmpint(html->status, ==, 200);
}

static void
test_csrf(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autofree char *cookie = session_cookie(f);
  gint64 before = count_organisations(f);
  g_autoptr(HttpResponse) missing = run(f, "POST", "/items", "name=Ny", "cookie", cookie, NULL);
  g_assert_cmpint(missing->status, ==, 403);
  g_autofree char *forged_body = g_strdup_printf("name=Ny&csrf_token=%s", "x");
  g_autoptr(HttpResponse) forged = run(f, "POST", "/items", forged_body, "cookie", cookie, NULL);
  g_assert_cmpint(forged->status, ==, 403);
  g_assert_cmpint(count_organisations(f), ==, before);

  g_autofree char *body = g_strdup_printf("name=Ny+kommune&csrf_token=%s", f->csrf);
  g_autoptr(HttpResponse) ok = run(f, "POST", "/items", body, "cookie", cookie, NULL);
  g_assert_cmpint(ok->status, ==, 303);
  g_assert_true(g_str_has_prefix(http_response_header(ok, "Location"), "/items/"));
  g_assert_cmpint(count_organisations(f), ==, before + 1);

  g_autoptr(HttpResponse) api = run(f, "POST", "/api/v1/items", "name=Api", "cookie", cookie,
                                    "x-csrf-token", f->csrf, NULL);
  g_assert_cmpint(api->status, ==, 201);
  g_autoptr(json_t) model = json_loads(body_text(api), 0, NULL);
  g_assert_cmpint(json_integer_value(json_object_get(model, "id")), >, 0);
  g_assert_cmpint(count_organisations(f), ==, before + 2);
}

static void
test_public_post_double_submit(Fixture *f, gconstpointer data)
{
  (void)data;
  /* A public POST route accepts the anonymous CSRF cookie. */
  static const Route routes[] = {
    {"POST", "/open", public_page, CAP_PUBLIC, NULL, 0, 0},
  };
  RouteTable table = {routes, 1};
  g_autoptr(GError) error = NULL;
  g_autoptr(HttpApp) app = http_app_new(&f->config, f->pool, &table, 1, &error);
  g_assert_no_error(error);
  const char *token = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  g_autofree char *cookie = g_strdup_printf("spor_csrf=%s", token);
  g_autofree char *body = g_strdup_printf("csrf_token=%s", token);
  g_autoptr(GHashTable) headers = g_hash_table_new(g_str_hash, g_str_equal);
  g_hash_table_insert(headers, "cookie", cookie);
  g_hash_table_insert(headers, "content-type", "application/x-www-form-urlencoded");
  g_autoptr(HttpResponse) ok = http_app_handle(app, "POST", "/open", headers, body,
                                               strlen(body), "127.0.0.1");
  g_assert_cmpint(ok->status, ==, 200);
  g_autoptr(HttpResponse) bad = http_app_handle(app, "POST", "/open", headers, "csrf_token=x", 12,
                                                "127.0.0.1");
  g_assert_cmpint(bad->status, ==, 403);
}

static void
test_transactions(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autofree char *cookie = session_cookie(f);
  gint64 before = count_organisations(f);
  g_autofree char *fail = g_strdup_printf("name=Fejl&mode=fail&csrf_token=%s", f->csrf);
  g_autoptr(HttpResponse) failed = run(f, "POST", "/items", fail, "cookie", cookie, NULL);
  g_assert_cmpint(failed->status, ==, 409);
  g_assert_nonnull(strstr(body_text(failed), "Det gik galt efter skrivningen."));
  g_assert_cmpint(count_organisations(f), ==, before);

  g_autofree char *keep = g_strdup_printf("name=Bevar&mode=keep&csrf_token=%s", f->csrf);
  g_autoptr(HttpResponse) kept = run(f, "POST", "/items", keep, "cookie", cookie, NULL);
  g_assert_cmpint(kept->status, ==, 422);
  g_assert_cmpint(count_organisations(f), ==, before + 1);

  g_autofree char *invalid = g_strdup_printf("name=&mode=robot&csrf_token=%s", f->csrf);
  g_autoptr(HttpResponse) errors = run(f, "POST", "/api/v1/items", invalid, "cookie", cookie,
                                       NULL);
  g_assert_cmpint(errors->status, ==, 422);
  g_autoptr(json_t) model = json_loads(body_text(errors), 0, NULL);
  json_t *fields = json_object_get(json_object_get(model, "error"), "fields");
  g_assert_cmpstr(json_string_value(json_object_get(fields, "name")), ==, "Navn skal udfyldes.");
  g_assert_nonnull(json_object_get(fields, "mode"));
  g_assert_cmpint(count_organisations(f), ==, before + 1);
}

/* A transaction that must be retried runs again, its earlier writes
 * rolled back; when it keeps failing, 503 with Retry-After and nothing
 * written. */
static void
test_retry(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autofree char *cookie = session_cookie(f);
  g_autofree char *body = g_strdup_printf("csrf_token=%s", f->csrf);
  gint64 before = count_organisations(f);
  g_atomic_int_set(&retry_runs, 0);
  g_atomic_int_set(&retry_failures, 2);
  g_autoptr(HttpResponse) ok = run(f, "POST", "/retry", body, "cookie", cookie, NULL);
  g_assert_cmpint(ok->status, ==, 303);
  g_assert_cmpint(g_atomic_int_get(&retry_runs), ==, 3);
  g_assert_cmpint(count_organisations(f), ==, before + 1);

  g_atomic_int_set(&retry_runs, 0);
  g_atomic_int_set(&retry_failures, 100);
  g_autoptr(HttpResponse) busy = run(f, "POST", "/retry", body, "cookie", cookie, NULL);
  g_assert_cmpint(busy->status, ==, 503);
  g_assert_cmpstr(http_response_header(busy, "Retry-After"), ==, "1");
  g_assert_nonnull(strstr(body_text(busy), "travlt"));
  assert_secure(busy);
  g_assert_cmpint(g_atomic_int_get(&retry_runs), >, 1);
  g_assert_cmpint(g_atomic_int_get(&retry_runs), <, 10);
  g_assert_cmpint(count_organisations(f), ==, before + 1);
}

/* PostgreSQL: a connection lost while serving is 503 for that request
 * (Danish, Retry-After, the operator warned), and the pool's connections
 * are made again for the next ones. */
static void
test_lost_connection(Fixture *f, gconstpointer data)
{
  (void)data;
  lose_database = f->tdb->pg_name;
  g_autofree char *cookie = session_cookie(f);
  g_test_expect_message("spor", G_LOG_LEVEL_WARNING, "*forbindelsen til PostgreSQL*afbrudt*");
  g_autoptr(HttpResponse) lost = run(f, "GET", "/lose-connection", NULL, "cookie", cookie, NULL);
  g_test_assert_expected_messages();
  g_assert_cmpint(lost->status, ==, 503);
  g_assert_cmpstr(http_response_header(lost, "Retry-After"), ==, "5");
  g_assert_nonnull(strstr(body_text(lost), "Databasen kan ikke nås"));
  assert_secure(lost);
  for (int i = 0; i < 4; i++) {
    g_autoptr(HttpResponse) again = run(f, "GET", "/counted", NULL, "cookie", cookie, NULL);
    g_assert_cmpint(again->status, ==, 200);
  }
  g_autofree char *create = g_strdup_printf("csrf_token=%s&name=Bagefter", f->csrf);
  g_autoptr(HttpResponse) created = run(f, "POST", "/items", create, "cookie", cookie, NULL);
  g_assert_cmpint(created->status, ==, 303);
}

/* Behind a reverse proxy the client is named by X-Real-IP, believed only
 * from a trusted proxy's address and only when it is an address. */
static void
test_trusted_proxy(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(HttpResponse) direct = run(f, "GET", "/api/v1/whoami", NULL, "x-real-ip",
                                       "10.1.2.3", NULL);
  g_assert_nonnull(strstr(body_text(direct), "127.0.0.1"));
  char *proxies[] = {"127.0.0.1", NULL};
  f->config.trusted_proxies = proxies;
  g_autoptr(HttpResponse) proxied = run(f, "GET", "/api/v1/whoami", NULL, "x-real-ip",
                                        "10.1.2.3", NULL);
  g_assert_nonnull(strstr(body_text(proxied), "10.1.2.3"));
  g_autoptr(HttpResponse) forged = run(f, "GET", "/api/v1/whoami", NULL, "x-real-ip",
                                       "10.1.2.3, evil", NULL);
  g_assert_nonnull(strstr(body_text(forged), "127.0.0.1"));
  g_autoptr(HttpResponse) none = run(f, "GET", "/api/v1/whoami", NULL, NULL);
  g_assert_nonnull(strstr(body_text(none), "127.0.0.1"));
  f->config.trusted_proxies = NULL;
}

static void
test_bad_bodies(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autofree char *cookie = session_cookie(f);
  g_autofree char *bad = g_strdup_printf("csrf_token=%s&name=%%E2%%28%%A1", f->csrf);
  g_autoptr(HttpResponse) r400 = run(f, "POST", "/items", bad, "cookie", cookie, NULL);
  g_assert_cmpint(r400->status, ==, 400);
  assert_secure(r400);
  g_autoptr(HttpResponse) r415 = run(f, "POST", "/items", "{}", "cookie", cookie,
                                     "content-type", "application/json", NULL);
  g_assert_cmpint(r415->status, ==, 415);
  g_autofree char *big = g_strnfill(5000, 'a');
  g_autoptr(HttpResponse) r413 = run(f, "POST", "/items", big, "cookie", cookie, NULL);
  g_assert_cmpint(r413->status, ==, 413);
  g_autoptr(HttpResponse) query = run(f, "GET", "/public?a=%zz", NULL, NULL);
  g_assert_cmpint(query->status, ==, 400);
}

static void
test_static_files(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(HttpResponse) css = run(f, "GET", "/static/spor.css", NULL, NULL);
  g_assert_cmpint(css->status, ==, 200);
  g_assert_nonnull(strstr(http_response_header(css, "Content-Type"), "text/css"));
  assert_secure(css);
  const char *etag = http_response_header(css, "ETag");
  g_assert_nonnull(etag);
  g_autoptr(HttpResponse) again = run(f, "GET", "/static/spor.css", NULL, "if-none-match", etag,
                                      NULL);
  g_assert_cmpint(again->status, ==, 304);
  g_assert_null(again->body);
  const char *bad[] = {"/static/../meson.build", "/static/%2e%2e/meson.build", "/static/",
                       "/static/nope.css", "/static/spor.css%00.js"};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(HttpResponse) r = run(f, "GET", bad[i], NULL, NULL);
    g_assert_cmpint(r->status, ==, 404);
  }
  /* The layout links the versioned file. */
  g_autoptr(HttpResponse) page = run(f, "GET", "/public", NULL, NULL);
  g_assert_nonnull(strstr(body_text(page), "/static/spor.css?v="));
}

static void
test_route_table_checks(Fixture *f, gconstpointer data)
{
  (void)data;
  static const Route twice[] = {
    {"GET", "/a", public_page, CAP_PUBLIC, NULL, 0, 0},
    {"GET", "/a", public_page, CAP_PUBLIC, NULL, 0, 0},
  };
  static const Route undeclared[] = {
    {"GET", "/b", public_page, 0, NULL, 0, 0},
  };
  RouteTable t1 = {twice, 2};
  RouteTable t2 = {undeclared, 1};
  g_autoptr(GError) error = NULL;
  g_assert_null(http_app_new(&f->config, f->pool, &t1, 1, &error));
  g_assert_nonnull(error);
  g_clear_error(&error);
  g_assert_null(http_app_new(&f->config, f->pool, &t2, 1, &error));
  g_assert_nonnull(error);
  json_t *routes = http_app_routes(f->app);
  g_assert_cmpint(json_array_size(routes), ==, G_N_ELEMENTS(test_routes));
  json_decref(routes);
}

/* The value of the first hidden csrf_token field of a page (the layout's
 * logout form), newly allocated. */
static char *
page_csrf(HttpResponse *r)
{
  const char *at = strstr(body_text(r), "name=\"csrf_token\" value=\"");
  g_assert_nonnull(at);
  at += strlen("name=\"csrf_token\" value=\"");
  return g_strndup(at, strcspn(at, "\""));
}

static void
test_page_cache(Fixture *f, gconstpointer data)
{
  (void)data;
  /* The fixture's app keeps no pages; this one keeps 4 MiB. */
  http_app_free(f->app);
  f->config.page_cache_mib = 4;
  RouteTable table = {test_routes, G_N_ELEMENTS(test_routes)};
  g_autoptr(GError) error = NULL;
  f->app = http_app_new(&f->config, f->pool, &table, 1, &error);
  g_assert_no_error(error);
  g_autofree char *cookie = session_cookie(f);
  g_atomic_int_set(&counted_runs, 0);

  g_autoptr(HttpResponse) first = run(f, "GET", "/counted", NULL, "cookie", cookie, NULL);
  g_assert_cmpint(first->status, ==, 200);
  g_assert_nonnull(strstr(body_text(first), "organisationer: 1"));
  g_autofree char *first_body = g_strdup(body_text(first));
  g_assert_cmpint(g_atomic_int_get(&counted_runs), ==, 1);

  /* The same request again: the same page, and the handler did not run. */
  g_autoptr(HttpResponse) again = run(f, "GET", "/counted", NULL, "cookie", cookie, NULL);
  g_assert_cmpint(again->status, ==, 200);
  g_assert_cmpstr(body_text(again), ==, first_body);
  g_assert_cmpint(g_atomic_int_get(&counted_runs), ==, 1);
  g_assert_nonnull(http_response_header(again, "Content-Security-Policy"));

  /* Another query, the JSON twin and another language are pages of their own. */
  g_autoptr(HttpResponse) query = run(f, "GET", "/counted?x=1", NULL, "cookie", cookie, NULL);
  g_autoptr(HttpResponse) api = run(f, "GET", "/api/v1/counted", NULL, "cookie", cookie, NULL);
  g_autoptr(HttpResponse) api2 = run(f, "GET", "/api/v1/counted", NULL, "cookie", cookie, NULL);
  g_assert_cmpint(g_atomic_int_get(&counted_runs), ==, 4);
  g_autoptr(HttpResponse) english = run(f, "GET", "/counted", NULL, "cookie", cookie,
                                        "accept-language", "en", NULL);
  g_assert_cmpint(query->status + api->status + api2->status + english->status, ==, 800);
  g_assert_cmpint(g_atomic_int_get(&counted_runs), ==, spor_i18n_available(SPOR_LANG_EN) ? 5 : 4);

  /* A second session of the same user gets the kept content inside a
   * layout that carries its own CSRF token. */
  g_autofree char *second_token = NULL;
  {
    StoreDb *db = store_pool_acquire(f->pool);
    g_assert_true(store_begin(db, STORE_TX_WRITE, &error));
    g_autoptr(StoreUser) user = NULL;
    g_assert_cmpint(auth_login(db, "mette", PASSWORD, "127.0.0.2", &second_token, &user, &error),
                    ==, AUTH_LOGIN_OK);
    g_assert_true(store_commit(db, &error));
    store_pool_release(f->pool, db);
  }
  g_autofree char *second_cookie = g_strdup_printf("spor_session=%s", second_token);
  int before = g_atomic_int_get(&counted_runs);
  g_autoptr(HttpResponse) other = run(f, "GET", "/counted", NULL, "cookie", second_cookie, NULL);
  g_assert_cmpint(g_atomic_int_get(&counted_runs), ==, before);
  g_autofree char *first_csrf = page_csrf(first);
  g_autofree char *other_csrf = page_csrf(other);
  g_assert_cmpstr(first_csrf, ==, f->csrf);
  g_assert_cmpstr(other_csrf, !=, f->csrf);
  g_assert_cmpuint(strlen(other_csrf), >=, 32);

  /* A committed change makes the page anew; a rolled-back one does not. */
  g_autofree char *fail = g_strdup_printf("csrf_token=%s&name=Nej&mode=fail", f->csrf);
  g_autoptr(HttpResponse) failed = run(f, "POST", "/items", fail, "cookie", cookie, NULL);
  g_assert_cmpint(failed->status, ==, 409);
  g_autoptr(HttpResponse) still = run(f, "GET", "/counted", NULL, "cookie", cookie, NULL);
  g_assert_cmpstr(body_text(still), ==, first_body);
  g_assert_cmpint(g_atomic_int_get(&counted_runs), ==, before);
  g_autofree char *create = g_strdup_printf("csrf_token=%s&name=Ny+kommune", f->csrf);
  g_autoptr(HttpResponse) created = run(f, "POST", "/items", create, "cookie", cookie, NULL);
  g_assert_cmpint(created->status, ==, 303);
  g_autoptr(HttpResponse) fresh = run(f, "GET", "/counted", NULL, "cookie", cookie, NULL);
  g_assert_cmpint(g_atomic_int_get(&counted_runs), ==, before + 1);
  g_assert_nonnull(strstr(body_text(fresh), "organisationer: 2"));

  /* Logged out, the page is not there to take. */
  g_autoptr(HttpResponse) anonymous = run(f, "GET", "/counted", NULL, NULL);
  g_assert_cmpint(anonymous->status, ==, 303);
}

static void
test_server_error(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autofree char *cookie = session_cookie(f);
  g_test_expect_message("spor", G_LOG_LEVEL_WARNING, "*no-such-template*");
  g_autoptr(HttpResponse) r = run(f, "GET", "/broken", NULL, "cookie", cookie, NULL);
  g_test_assert_expected_messages();
  g_assert_cmpint(r->status, ==, 500);
  g_assert_nonnull(strstr(body_text(r), "Der skete en fejl"));
  g_assert_nonnull(strstr(http_response_header(r, "Content-Type"), "text/html"));
  g_assert_nonnull(http_response_header(r, "Content-Security-Policy"));
}

static void
test_extras_are_raw(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autofree char *cookie = session_cookie(f);
  g_autoptr(HttpResponse) r = run(f, "GET", "/api/v1/chart", NULL, "cookie", cookie, NULL);
  g_assert_cmpint(r->status, ==, 200);
  g_assert_null(strstr(body_text(r), "svg"));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  spor_i18n_init();
  g_assert_true(auth_init());
#define ADD(name, fn) \
  g_test_add("/dispatch/" name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("public-page", test_public_page);
  ADD("not-found-and-method", test_not_found_and_method);
  ADD("path-parameters", test_path_parameters);
  ADD("login-required", test_login_required);
  ADD("capability", test_capability);
  ADD("csrf", test_csrf);
  ADD("public-post-double-submit", test_public_post_double_submit);
  ADD("transactions", test_transactions);
  ADD("bad-bodies", test_bad_bodies);
  ADD("static-files", test_static_files);
  ADD("route-table-checks", test_route_table_checks);
  ADD("extras-are-raw", test_extras_are_raw);
  ADD("page-cache", test_page_cache);
  ADD("server-error", test_server_error);
  ADD("retry", test_retry);
  ADD("trusted-proxy", test_trusted_proxy);
  if (test_db_pg())
    ADD("lost-connection", test_lost_connection);
  return g_test_run();
}
