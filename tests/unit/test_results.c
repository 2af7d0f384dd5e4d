/* test_results.c — results documentation in-process, over a small demo
 * database and the real pages: versions of measurements and goals (a save
 * based on an older version changes nothing and says what changed), the
 * citizen's invitation code used once and expiring (the clock moved
 * forward), and what the authority and the citizen may not see; on
 * SQLite or PostgreSQL (testdb.h). */
#include <glib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/auth.h"
#include "domain/demo.h"
#include "domain/instrument.h"
#include "http/app.h"
#include "pages/pages.h"
#include "testdb.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_t, json_decref)

typedef struct {
  TestDb *tdb;
  SporConfig config;
  StorePool *pool;
  HttpApp *app;
  StoreDb *db;    /* a connection of its own for checks */
} Fixture;

typedef struct {
  char *cookie;
  char *csrf;
  gint64 user_id;
} Login;

static void
login_clear(Login *l)
{
  g_free(l->cookie);
  g_free(l->csrf);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Login, login_clear)

static void
log_in(Fixture *f, const char *username, const char *password, Login *out)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_autofree char *token = NULL;
  g_autoptr(StoreUser) user = NULL;
  g_assert_cmpint(auth_login(f->db, username, password, "test", &token, &user, &error), ==,
                  AUTH_LOGIN_OK);
  g_assert_true(store_commit(f->db, &error));
  AuthSettings settings = {60, 12};
  g_autoptr(StoreUser) resumed = NULL;
  g_autoptr(StoreSession) session = NULL;
  g_assert_true(auth_session_resume(f->db, &settings, token, &resumed, &session, &error));
  out->cookie = g_strdup_printf("spor_session=%s", token);
  out->csrf = g_strdup(session->csrf_token);
  out->user_id = user->id;
}

static void
set_up(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  f->tdb = test_db_new();
  f->config.db_url = g_strdup(f->tdb->url);
  f->config.max_body_bytes = 1 << 20;
  f->config.session_idle_minutes = 60 * 24 * 40;
  f->config.session_absolute_hours = 24 * 40;
  f->config.audit_reads_sync = TRUE;
  f->db = store_open(f->config.db_url, &error);
  g_assert_no_error(error);
  g_assert_true(store_migrate(f->db, NULL, &error));
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_true(instrument_load_builtin(f->db, NULL, &error));
  g_assert_true(store_commit(f->db, &error));
  g_autofree char *today = spor_date_today();
  DemoOptions options = {.citizens = 12, .seed = 4, .anchor_date = today};
  g_assert_true(demo_generate(f->db, &options, NULL, NULL, &error));
  f->pool = store_pool_new(f->config.db_url, 2, &error);
  g_assert_no_error(error);
  gsize n_tables;
  const RouteTable *tables = pages_route_tables(&n_tables);
  f->app = http_app_new(&f->config, f->pool, tables, n_tables, &error);
  g_assert_no_error(error);
}

static void
tear_down(Fixture *f, gconstpointer data)
{
  (void)data;
  spor_clock_set_offset(0);
  http_app_free(f->app);
  store_pool_free(f->pool);
  store_close(f->db);
  g_free(f->config.db_url);
  test_db_free(f->tdb);
}

/* One request as login (NULL: anonymous); api asks for JSON. */
static HttpResponse *
request(Fixture *f, const Login *login, const char *method, const char *url, const char *body,
        gboolean api)
{
  g_autoptr(GHashTable) headers = g_hash_table_new(g_str_hash, g_str_equal);
  if (login != NULL) {
    g_hash_table_insert(headers, "cookie", login->cookie);
    g_hash_table_insert(headers, "x-csrf-token", login->csrf);
  }
  if (api)
    g_hash_table_insert(headers, "accept", "application/json");
  if (body != NULL)
    g_hash_table_insert(headers, "content-type", "application/x-www-form-urlencoded");
  return http_app_handle(f->app, method, url, headers, body, body ? strlen(body) : 0,
                         "127.0.0.1");
}

static json_t *
json_of(const HttpResponse *r)
{
  gsize len;
  const char *text = g_bytes_get_data(r->body, &len);
  json_t *value = json_loadb(text, len, 0, NULL);
  g_assert_nonnull(value);
  return value;
}

static gboolean
body_has(const HttpResponse *r, const char *needle)
{
  gsize len;
  const char *text = g_bytes_get_data(r->body, &len);
  g_autofree char *copy = g_strndup(text, len);
  return strstr(copy, needle) != NULL;
}

/* The id of the first citizen mette sees, and one of its approved
 * measurements and goals. */
static gint64
first_citizen(Fixture *f, const Login *staff)
{
  g_autoptr(HttpResponse) r = request(f, staff, "GET", "/api/v1/citizens", NULL, TRUE);
  g_assert_cmpint(r->status, ==, 200);
  g_autoptr(json_t) list = json_of(r);
  return json_integer_value(json_object_get(json_array_get(json_object_get(list, "citizens"), 0),
                                            "id"));
}

static json_t *
citizen_page(Fixture *f, const Login *who, gint64 id)
{
  g_autofree char *url = g_strdup_printf("/api/v1/citizens/%" G_GINT64_FORMAT, id);
  g_autoptr(HttpResponse) r = request(f, who, "GET", url, NULL, TRUE);
  g_assert_cmpint(r->status, ==, 200);
  return json_of(r);
}

/* ---- Measurements: a stale save changes nothing and says what changed ---- */

static void
test_measurement_versions(Fixture *f, gconstpointer data)
{
  (void)data;
  g_auto(Login) mette = {0}, leader = {0};
  log_in(f, "mette", DEMO_PASSWORD, &mette);
  log_in(f, "leder", DEMO_PASSWORD, &leader);
  gint64 citizen = first_citizen(f, &mette);
  g_autoptr(json_t) page = citizen_page(f, &mette, citizen);
  /* The staff's latest life-areas measurement: its items may be left
   * unanswered, so one changed answer is a whole save. */
  json_t *m = NULL, *each;
  size_t k;
  json_array_foreach(json_object_get(page, "measurements"), k, each)
    if (m == NULL &&
        g_strcmp0(json_string_value(json_object_get(each, "respondent")), "staff") == 0 &&
        g_strcmp0(json_string_value(json_object_get(each, "instrument_key")),
                  "vum-livsomraader") == 0)
      m = each;
  g_assert_nonnull(m);
  gint64 id = json_integer_value(json_object_get(m, "id"));
  gint64 version = json_integer_value(json_object_get(m, "version"));
  g_autofree char *url = g_strdup_printf("/api/v1/measurements/%" G_GINT64_FORMAT, id);
  g_autoptr(HttpResponse) before = request(f, &mette, "GET", url, NULL, TRUE);
  g_assert_cmpint(before->status, ==, 200);
  g_autoptr(json_t) shown = json_of(before);
  json_t *measurement = json_object_get(shown, "measurement");

  /* Both open the form at the same version; the leader saves first. */
  g_autofree char *form_url = g_strdup_printf("/measurements/%" G_GINT64_FORMAT, id);
  GString *common = g_string_new(NULL);
  g_string_append_printf(common, "instrument_id=%" JSON_INTEGER_FORMAT "&measured_on=%s"
                         "&point=%s&respondent=staff&collection_method=observation",
                         json_integer_value(json_object_get(measurement, "instrument_id")),
                         json_string_value(json_object_get(measurement, "measured_on")),
                         json_string_value(json_object_get(measurement, "point")));
  json_t *answers = json_object_get(measurement, "answers");
  json_t *first = json_array_get(answers, 0);
  gint64 item = json_integer_value(json_object_get(first, "item_id"));
  g_autofree char *lead_body = g_strdup_printf(
    "%s&version=%" G_GINT64_FORMAT "&item_%" G_GINT64_FORMAT "=4&comment=Rettet+af+lederen",
    common->str, version, item);
  g_autoptr(HttpResponse) saved = request(f, &leader, "POST", form_url, lead_body, FALSE);
  g_assert_cmpint(saved->status, ==, 303);

  /* mette's save from the old version: 409, the differences, nothing written. */
  g_autofree char *stale_body = g_strdup_printf(
    "%s&version=%" G_GINT64_FORMAT "&item_%" G_GINT64_FORMAT "=0&comment=Mettes+rettelse",
    common->str, version, item);
  g_autoptr(HttpResponse) stale = request(f, &mette, "POST", form_url, stale_body, FALSE);
  g_assert_cmpint(stale->status, ==, 409);
  g_assert_true(body_has(stale, "Ingen ændringer er gemt"));
  g_assert_true(body_has(stale, "Rettet af lederen"));
  g_assert_true(body_has(stale, "Mettes rettelse"));
  g_autofree char *api_form = g_strdup_printf("/api/v1/measurements/%" G_GINT64_FORMAT, id);
  g_autoptr(HttpResponse) stale_api = request(f, &mette, "POST", api_form, stale_body, TRUE);
  g_assert_cmpint(stale_api->status, ==, 409);
  g_autoptr(json_t) conflict = json_of(stale_api);
  json_t *changes = json_object_get(json_object_get(json_object_get(conflict, "error"),
                                                    "conflict"), "changes");
  g_assert_cmpuint(json_array_size(changes), >=, 2);
  gboolean comment_seen = FALSE;
  size_t i;
  json_t *c;
  json_array_foreach(changes, i, c)
    comment_seen |= g_strcmp0(json_string_value(json_object_get(c, "field")), "comment") == 0 &&
                    g_strcmp0(json_string_value(json_object_get(c, "now")), "Rettet af lederen") == 0;
  g_assert_true(comment_seen);

  g_autoptr(HttpResponse) after = request(f, &mette, "GET", url, NULL, TRUE);
  g_autoptr(json_t) stored = json_of(after);
  json_t *now = json_object_get(stored, "measurement");
  g_assert_cmpstr(json_string_value(json_object_get(now, "comment")), ==, "Rettet af lederen");
  g_assert_cmpint(json_integer_value(json_object_get(now, "version")), ==, version + 1);
  /* Versions 1 and 2 are kept. */
  g_assert_cmpuint(json_array_size(json_object_get(stored, "revisions")), ==, 2);
  g_string_free(common, TRUE);
}

/* ---- Goals: the same, and a target off the scale is 422 ------------------- */

static void
test_goal_versions_and_scale(Fixture *f, gconstpointer data)
{
  (void)data;
  g_auto(Login) mette = {0}, leader = {0};
  log_in(f, "mette", DEMO_PASSWORD, &mette);
  log_in(f, "leder", DEMO_PASSWORD, &leader);
  gint64 citizen = first_citizen(f, &mette);
  g_autoptr(json_t) page = citizen_page(f, &mette, citizen);
  gint64 course = json_integer_value(json_object_get(json_array_get(json_object_get(page,
                                                                                    "courses"), 0),
                                                     "id"));
  g_autofree char *goals_url = g_strdup_printf("/courses/%" G_GINT64_FORMAT "/goals", course);
  /* 7 is not on the 0–4 scale of the life areas. */
  g_autoptr(HttpResponse) off = request(
    f, &mette, "POST", goals_url,
    "kind=scale&goal_type=maintain&title=Bo+selv&instrument=vum-livsomraader&item_key=egenomsorg"
    "&target_score=7", FALSE);
  g_assert_cmpint(off->status, ==, 422);
  g_assert_true(body_has(off, "Målscoren skal være en værdi på skalaen fra 0 til 4."));
  /* A target date before the day the goal was set. */
  g_autoptr(HttpResponse) early = request(
    f, &mette, "POST", goals_url,
    "kind=text&goal_type=improve&title=Tidligt&set_on=2026-01-10&target_date=2026-01-01", FALSE);
  g_assert_cmpint(early->status, ==, 422);
  g_assert_true(body_has(early, "Måldatoen ligger før datoen"));

  g_autoptr(HttpResponse) made = request(f, &mette, "POST", goals_url,
                                         "kind=text&goal_type=improve&title=Handle+selv", TRUE);
  g_assert_cmpint(made->status, ==, 201);
  g_autoptr(json_t) made_json = json_of(made);
  gint64 goal = json_integer_value(json_object_get(made_json, "id"));
  g_autofree char *goal_url = g_strdup_printf("/goals/%" G_GINT64_FORMAT, goal);
  g_autoptr(HttpResponse) first_save = request(
    f, &leader, "POST", goal_url, "version=1&goal_type=improve&title=Handle+selv+ind&status=active",
    FALSE);
  g_assert_cmpint(first_save->status, ==, 303);
  g_autoptr(HttpResponse) stale = request(
    f, &mette, "POST", goal_url, "version=1&goal_type=improve&title=Købe+ind&status=reached", FALSE);
  g_assert_cmpint(stale->status, ==, 409);
  g_assert_true(body_has(stale, "Handle selv ind"));
  g_assert_true(body_has(stale, "Købe ind"));
  g_autofree char *api = g_strdup_printf("/api/v1/goals/%" G_GINT64_FORMAT, goal);
  g_autoptr(HttpResponse) read = request(f, &mette, "GET", api, NULL, TRUE);
  g_autoptr(json_t) stored = json_of(read);
  json_t *g = json_object_get(stored, "goal");
  g_assert_cmpstr(json_string_value(json_object_get(g, "title")), ==, "Handle selv ind");
  g_assert_cmpstr(json_string_value(json_object_get(g, "status")), ==, "active");
  g_assert_cmpint(json_integer_value(json_object_get(g, "version")), ==, 2);
}

/* ---- Invitations: once, and not after they expire ------------------------- */

static char *
invitation_code(Fixture *f, const Login *staff, gint64 citizen)
{
  g_autofree char *url = g_strdup_printf("/api/v1/citizens/%" G_GINT64_FORMAT "/invitations",
                                         citizen);
  g_autoptr(HttpResponse) r = request(f, staff, "POST", url, "", TRUE);
  g_assert_cmpint(r->status, ==, 200);
  g_autoptr(json_t) model = json_of(r);
  const char *code = json_string_value(json_object_get(model, "code"));
  g_assert_nonnull(code);
  g_assert_cmpuint(strlen(code), ==, 14);
  return g_strdup(code);
}

/* Posts the invitation form with a CSRF cookie of its own. */
static HttpResponse *
use_code(Fixture *f, const char *code, const char *username)
{
  const char *token = "t0ken-for-the-double-submit-cookie-0123456789";
  g_autoptr(GHashTable) headers = g_hash_table_new(g_str_hash, g_str_equal);
  g_autofree char *cookie = g_strdup_printf("spor_csrf=%s", token);
  g_hash_table_insert(headers, "cookie", cookie);
  g_hash_table_insert(headers, "content-type", "application/x-www-form-urlencoded");
  g_autofree char *escaped = g_uri_escape_string(code, NULL, FALSE);
  g_autofree char *body = g_strdup_printf(
    "csrf_token=%s&code=%s&username=%s&password=en-lang-hemmelighed&password_repeat="
    "en-lang-hemmelighed", token, escaped, username);
  return http_app_handle(f->app, "POST", "/invitation", headers, body, strlen(body), "10.0.0.9");
}

static void
test_invitations(Fixture *f, gconstpointer data)
{
  (void)data;
  g_auto(Login) mette = {0};
  log_in(f, "mette", DEMO_PASSWORD, &mette);
  /* A citizen of mette's without a login of their own. */
  g_autoptr(HttpResponse) list = request(f, &mette, "GET", "/api/v1/citizens", NULL, TRUE);
  g_autoptr(json_t) citizens = json_of(list);
  g_autoptr(StoreUser) borger = store_user_get_by_username(f->db, "borger", NULL);
  gint64 citizen = 0;
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(citizens, "citizens"), i, c)
    if (citizen == 0 && json_integer_value(json_object_get(c, "id")) != borger->citizen_id)
      citizen = json_integer_value(json_object_get(c, "id"));
  g_assert_cmpint(citizen, >, 0);

  g_autofree char *code = invitation_code(f, &mette, citizen);
  /* Only its hash is kept: the code itself finds nothing. */
  g_autoptr(GError) error = NULL;
  g_assert_true(store_begin(f->db, STORE_TX_READ, &error));
  g_assert_null(store_invitation_find(f->db, code, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  store_rollback(f->db);

  /* Typed in small letters with spaces: the same code. */
  g_autofree char *typed = g_ascii_strdown(code, -1);
  typed[4] = ' ';
  g_autoptr(HttpResponse) used = use_code(f, typed, "anne.b");
  g_assert_cmpint(used->status, ==, 303);
  g_assert_cmpstr(http_response_header(used, "location"), ==, "/me");
  g_autoptr(StoreUser) user = store_user_get_by_username(f->db, "anne.b", &error);
  g_assert_no_error(error);
  g_assert_cmpint(user->citizen_id, ==, citizen);

  /* Twice: a clear page, and nothing changes. */
  g_autoptr(HttpResponse) again = use_code(f, code, "anne.c");
  g_assert_cmpint(again->status, ==, 410);
  g_assert_true(body_has(again, "Koden er allerede brugt"));
  g_assert_null(store_user_get_by_username(f->db, "anne.c", NULL));

  /* A second code lets the citizen choose a new password for the same login. */
  g_autofree char *second = invitation_code(f, &mette, citizen);
  /* Fifteen days later it has expired. */
  spor_clock_set_offset(15 * 24 * 3600);
  g_autoptr(HttpResponse) late = use_code(f, second, "ignored");
  g_assert_cmpint(late->status, ==, 410);
  g_assert_true(body_has(late, "Koden er udløbet"));
  spor_clock_set_offset(0);

  /* A code that does not exist: 422 beside the field, and counted. */
  g_autoptr(HttpResponse) wrong = use_code(f, "AAAA-BBBB-CCCC", "x.y");
  g_assert_cmpint(wrong->status, ==, 422);
  g_assert_true(body_has(wrong, "Koden findes ikke"));
}

/* ---- What the authority and the citizen do not see ----------------------------- */

static void
test_restricted_views(Fixture *f, gconstpointer data)
{
  (void)data;
  g_auto(Login) authority = {0}, citizen = {0}, mette = {0};
  log_in(f, "sagsbehandler", DEMO_PASSWORD, &authority);
  log_in(f, "borger", DEMO_PASSWORD, &citizen);
  log_in(f, "mette", DEMO_PASSWORD, &mette);
  g_autoptr(StoreUser) borger = store_user_get_by_username(f->db, "borger", NULL);
  /* The borger's citizen is assigned to the caseworker in the demo. */
  g_autoptr(json_t) as_authority = citizen_page(f, &authority, borger->citizen_id);
  g_assert_cmpuint(json_array_size(json_object_get(as_authority, "background")), ==, 0);
  g_assert_true(json_is_null(json_object_get(json_object_get(as_authority, "citizen"),
                                             "cpr_masked")));
  size_t i;
  json_t *m;
  json_array_foreach(json_object_get(as_authority, "measurements"), i, m)
    g_assert_cmpstr(json_string_value(json_object_get(m, "status")), ==, "approved");
  g_assert_cmpuint(json_array_size(json_object_get(as_authority, "goals")), >, 0);
  gint64 course = json_integer_value(json_object_get(json_array_get(json_object_get(as_authority,
                                                                                    "courses"), 0),
                                                     "id"));
  g_autofree char *course_url = g_strdup_printf("/api/v1/courses/%" G_GINT64_FORMAT, course);
  g_autoptr(HttpResponse) course_page = request(f, &authority, "GET", course_url, NULL, TRUE);
  g_assert_cmpint(course_page->status, ==, 200);
  g_autoptr(json_t) course_json = json_of(course_page);
  g_assert_null(json_object_get(course_json, "diary"));
  g_assert_null(json_object_get(course_json, "intensity"));
  /* They write handleplan goals, not the offer's goals. */
  g_autofree char *plan_url = g_strdup_printf("/api/v1/citizens/%" G_GINT64_FORMAT "/action-plan",
                                              borger->citizen_id);
  g_autoptr(HttpResponse) plan = request(f, &authority, "POST", plan_url,
                                         "title=Egen+bolig&legal_basis=SEL+%C2%A7+141", TRUE);
  g_assert_cmpint(plan->status, ==, 201);
  g_autoptr(HttpResponse) mine = request(f, &mette, "POST", plan_url, "title=Nej", TRUE);
  g_assert_cmpint(mine->status, ==, 403);
  g_autofree char *goals_url = g_strdup_printf("/api/v1/courses/%" G_GINT64_FORMAT "/goals", course);
  g_autoptr(HttpResponse) goal = request(f, &authority, "POST", goals_url,
                                         "kind=text&goal_type=improve&title=Nej", TRUE);
  g_assert_cmpint(goal->status, ==, 403);

  /* The citizen: their own page, nothing of anybody else's. */
  g_autoptr(HttpResponse) me = request(f, &citizen, "GET", "/api/v1/me", NULL, TRUE);
  g_assert_cmpint(me->status, ==, 200);
  g_autoptr(json_t) me_json = json_of(me);
  g_assert_cmpuint(json_array_size(json_object_get(me_json, "goals")), >, 0);
  g_assert_true(json_object_get(me_json, "compare_chart") != NULL);
  gint64 other = first_citizen(f, &mette);
  if (other == borger->citizen_id) {
    g_autoptr(HttpResponse) list = request(f, &mette, "GET", "/api/v1/citizens", NULL, TRUE);
    g_autoptr(json_t) all = json_of(list);
    other = json_integer_value(json_object_get(json_array_get(json_object_get(all, "citizens"), 1),
                                               "id"));
  }
  g_autofree char *other_url = g_strdup_printf("/api/v1/citizens/%" G_GINT64_FORMAT, other);
  g_autoptr(HttpResponse) peek = request(f, &citizen, "GET", other_url, NULL, TRUE);
  g_assert_cmpint(peek->status, ==, 404);
  g_autoptr(json_t) other_page = citizen_page(f, &mette, other);
  gint64 measurement = json_integer_value(json_object_get(json_array_get(
    json_object_get(other_page, "measurements"), 0), "id"));
  g_autofree char *m_url = g_strdup_printf("/api/v1/measurements/%" G_GINT64_FORMAT, measurement);
  g_autoptr(HttpResponse) peek_m = request(f, &citizen, "GET", m_url, NULL, TRUE);
  g_assert_cmpint(peek_m->status, ==, 404);
  g_autoptr(HttpResponse) due = request(f, &citizen, "GET", "/api/v1/due", NULL, TRUE);
  g_assert_cmpint(due->status, ==, 403);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  spor_i18n_init();
  g_assert_true(auth_init());
#define ADD(path, fn) g_test_add(path, Fixture, NULL, set_up, fn, tear_down)
  ADD("/results/measurement-versions", test_measurement_versions);
  ADD("/results/goal-versions-and-scale", test_goal_versions_and_scale);
  ADD("/results/invitations", test_invitations);
  ADD("/results/restricted-views", test_restricted_views);
  return g_test_run();
}
