/* dispatch.c — one request, one straight path (see http.h): find the
 * route, resume the session, check login, capability and CSRF, validate
 * the declared fields, run the handler inside one transaction, and turn
 * its reply into a page (template inside the layout) or JSON.
 *
 * Every response leaves through finish(), which adds the security
 * headers, so no path can forget them.  Errors never reach a handler's
 * half-done writes: anything but success rolls the transaction back. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "http/internal.h"
#include "http/audit_writer.h"
#include "http/metrics.h"
#include "http/page_cache.h"
#include "spor-resources.h"

#define TEMPLATE_RESOURCE_DIR "/spor/templates/"
#define MAX_PARAMS 4

/* A route with its parameter names, found by walking the pattern. */
typedef struct CompiledRoute {
  const Route *route;
  char *param_names[MAX_PARAMS];
  guint n_params;
} CompiledRoute;

struct HttpApp {
  const SporConfig *config;
  StorePool *pool;
  GArray *routes; /* of CompiledRoute */
  TemplateSet *templates;
  GHashTable *static_files;
  AuthSettings auth;
  char *css_href;
  char *js_href;
  gboolean log_requests;
  PageCache *page_cache; /* rendered ROUTE_PAGE_CACHE pages */
  AuditWriter *audit_writer; /* audit lines of reading requests */
  HttpMetrics *metrics;
  SporSecrets *secrets;  /* the key file's keys; NULL when it is missing */
};

/* The state of one request while it is dispatched. */
typedef struct Dispatch {
  HttpApp *app;
  const char *method;
  const char *raw_path;   /* as sent, without the query */
  const char *raw_query;  /* after '?', or "" */
  GHashTable *headers;
  gboolean head;
  gboolean api;
  SporLang lang;
  HttpRequest req;
  HttpReply reply;
  FormData *query;
  FormData *form;
  GHashTable *cookies;
  StoreUser *user;
  StoreSession *session;
  char *csrf_token;       /* the token forms on this page carry */
  gboolean set_csrf_cookie;
  gboolean clear_session_cookie;
  /* ROUTE_PAGE_CACHE: the key and revision the page is kept under, and on
   * a hit the kept content and title (then the handler did not run). */
  char *cache_key;
  gint64 cache_revision;
  GBytes *cached_content;
  char *cached_title;
} Dispatch;

/* The audit lines of the reply as the store takes them; the strings are
 * borrowed from the reply and d.  Newly allocated array of *out_n. */
static StoreAuditEntry *
audit_entries(Dispatch *d, gsize *out_n)
{
  gsize n = json_array_size(d->reply.audits);
  StoreAuditEntry *entries = g_new0(StoreAuditEntry, MAX(n, 1));
  for (gsize i = 0; i < n; i++) {
    json_t *a = json_array_get(d->reply.audits, i);
    entries[i] = (StoreAuditEntry){
      .user_id = d->user ? d->user->id : 0,
      .citizen_id = json_integer_value(json_object_get(a, "citizen_id")),
      .action = json_string_value(json_object_get(a, "action")),
      .detail = json_string_value(json_object_get(a, "detail")),
      .address = d->req.remote_addr,
    };
  }
  *out_n = n;
  return entries;
}

/* ---- Building the app ------------------------------------------------- */

static void
compiled_route_clear(gpointer p)
{
  CompiledRoute *compiled = p;
  for (guint i = 0; i < compiled->n_params; i++)
    g_free(compiled->param_names[i]);
}

static gboolean
compile_route(const Route *route, CompiledRoute *out, GError **error)
{
  memset(out, 0, sizeof *out);
  out->route = route;
  if (route->pattern == NULL || route->pattern[0] != '/' || route->handler == NULL ||
      (strcmp(route->method, "GET") != 0 && strcmp(route->method, "POST") != 0)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "ugyldig rute %s %s",
                route->method, route->pattern ? route->pattern : "(null)");
    return FALSE;
  }
  if (route->capability == 0) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                "ruten %s %s erklærer ingen rettighed", route->method, route->pattern);
    return FALSE;
  }
  for (const char *p = route->pattern; (p = strchr(p, '{')) != NULL;) {
    const char *close = strchr(p, '}');
    if (close == NULL || close == p + 1 || out->n_params == MAX_PARAMS) {
      g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "ugyldigt mønster %s",
                  route->pattern);
      return FALSE;
    }
    out->param_names[out->n_params++] = g_strndup(p + 1, (gsize)(close - p - 1));
    p = close + 1;
  }
  return TRUE;
}

static gboolean
load_templates(TemplateSet *set, GError **error)
{
  g_auto(GStrv) names = g_resource_enumerate_children(spor_get_resource(),
                                                      TEMPLATE_RESOURCE_DIR,
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++) {
    if (!g_str_has_suffix(names[i], ".mustache"))
      continue;
    g_autofree char *path = g_strconcat(TEMPLATE_RESOURCE_DIR, names[i], NULL);
    g_autoptr(GBytes) bytes = g_resource_lookup_data(spor_get_resource(), path,
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, error);
    if (bytes == NULL)
      return FALSE;
    g_autofree char *name = g_strndup(names[i], strlen(names[i]) - strlen(".mustache"));
    g_autofree char *source = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
    if (!template_set_add(set, name, source, error))
      return FALSE;
  }
  if (!template_set_has(set, "layout") || !template_set_has(set, "error")) {
    g_set_error_literal(error, TEMPLATE_ERROR, TEMPLATE_ERROR_NOT_FOUND,
                        "skabelonerne layout og error mangler");
    return FALSE;
  }
  return TRUE;
}

static char *
static_href(GHashTable *files, const char *name)
{
  const StaticFile *file = g_hash_table_lookup(files, name);
  return file ? g_strdup_printf("/static/%s?v=%s", name, file->version)
              : g_strdup_printf("/static/%s", name);
}

HttpApp *
http_app_new(const SporConfig *config, StorePool *pool, const RouteTable *tables,
             gsize n_tables, GError **error)
{
  g_autoptr(HttpApp) app = g_new0(HttpApp, 1);
  app->config = config;
  app->pool = pool;
  app->auth.idle_minutes = config->session_idle_minutes;
  app->auth.absolute_hours = config->session_absolute_hours;
  app->routes = g_array_new(FALSE, TRUE, sizeof(CompiledRoute));
  g_array_set_clear_func(app->routes, compiled_route_clear);
  for (gsize t = 0; t < n_tables; t++) {
    for (gsize r = 0; r < tables[t].n_routes; r++) {
      const Route *route = &tables[t].routes[r];
      for (guint k = 0; k < app->routes->len; k++) {
        const Route *other = g_array_index(app->routes, CompiledRoute, k).route;
        if (strcmp(other->method, route->method) == 0 &&
            strcmp(other->pattern, route->pattern) == 0) {
          g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS, "ruten %s %s findes to gange",
                      route->method, route->pattern);
          return NULL;
        }
      }
      CompiledRoute compiled;
      if (!compile_route(route, &compiled, error)) {
        compiled_route_clear(&compiled);
        return NULL;
      }
      g_array_append_val(app->routes, compiled);
    }
  }
  app->templates = template_set_new();
  if (!load_templates(app->templates, error))
    return NULL;
  app->static_files = static_files_load(error);
  if (app->static_files == NULL)
    return NULL;
  app->css_href = static_href(app->static_files, "spor.css");
  app->js_href = static_href(app->static_files, "spor.js");
  app->page_cache = page_cache_new((gsize)config->page_cache_mib << 20);
  app->metrics = http_metrics_new();
  {
    g_autofree char *key_path = spor_secrets_path(config);
    g_autoptr(GError) key_error = NULL;
    app->secrets = spor_secrets_load(key_path, FALSE, &key_error);
    if (app->secrets == NULL)
      g_message("CPR-numre kan ikke gemmes eller vises: %s", key_error->message);
  }
  AuditWriterOptions audit = {
    .sync = config->audit_reads_sync,
    .max_delay_ms = config->audit_read_max_delay_ms ? config->audit_read_max_delay_ms : 2000,
    .max_queued = config->audit_read_max_queued ? config->audit_read_max_queued : 100000,
  };
  app->audit_writer = audit_writer_new(config->db_url, &audit, error);
  if (app->audit_writer == NULL)
    return NULL;
  return g_steal_pointer(&app);
}

void
http_app_free(HttpApp *app)
{
  if (app == NULL)
    return;
  if (app->routes != NULL)
    g_array_unref(app->routes);
  if (app->templates != NULL)
    template_set_free(app->templates);
  if (app->static_files != NULL)
    g_hash_table_destroy(app->static_files);
  g_free(app->css_href);
  g_free(app->js_href);
  page_cache_free(app->page_cache);
  audit_writer_free(app->audit_writer);
  http_metrics_free(app->metrics);
  spor_secrets_free(app->secrets);
  g_free(app);
}

json_t *
http_app_routes(const HttpApp *app)
{
  json_t *list = json_array();
  for (guint i = 0; i < app->routes->len; i++) {
    const Route *route = g_array_index(app->routes, CompiledRoute, i).route;
    json_array_append_new(list, json_pack("{s:s, s:s, s:I, s:b}", "method", route->method,
                                          "pattern", route->pattern,
                                          "capability", (json_int_t)route->capability,
                                          "api", !(route->flags & ROUTE_HTML_ONLY)));
  }
  return list;
}

void
http_app_set_logging(HttpApp *app, gboolean log_requests)
{
  app->log_requests = log_requests;
}

/* ---- Routing ---------------------------------------------------------- */

/* Matches path against the pattern; a {name} segment takes a positive
 * integer without leading zeros that fits in 63 bits. */
static gboolean
route_match(const CompiledRoute *compiled, const char *path, gint64 *values)
{
  const char *p = compiled->route->pattern;
  const char *s = path;
  guint n = 0;
  while (*p != '\0' && *s != '\0') {
    if (*p == '{') {
      if (*s < '1' || *s > '9')
        return FALSE;
      gint64 value = 0;
      int digits = 0;
      while (*s >= '0' && *s <= '9') {
        if (++digits > 18)
          return FALSE;
        value = value * 10 + (*s - '0');
        s++;
      }
      values[n++] = value;
      p = strchr(p, '}') + 1;
    } else if (*p == *s) {
      p++;
      s++;
    } else {
      return FALSE;
    }
  }
  return *p == '\0' && *s == '\0';
}

/* The route for method and path, or NULL; *allow collects the methods the
 * path does answer to (for 405). */
static const CompiledRoute *
route_find(HttpApp *app, const char *method, const char *path, gint64 *values, GString *allow)
{
  const char *wanted = strcmp(method, "HEAD") == 0 ? "GET" : method;
  for (guint i = 0; i < app->routes->len; i++) {
    const CompiledRoute *compiled = &g_array_index(app->routes, CompiledRoute, i);
    if (!route_match(compiled, path, values))
      continue;
    if (strcmp(compiled->route->method, wanted) == 0)
      return compiled;
    if (strstr(allow->str, compiled->route->method) == NULL) {
      if (allow->len > 0)
        g_string_append(allow, ", ");
      g_string_append(allow, compiled->route->method);
      if (strcmp(compiled->route->method, "GET") == 0)
        g_string_append(allow, ", HEAD");
    }
  }
  return NULL;
}

/* ---- Rendering -------------------------------------------------------- */

static const char *
translate_msgid(const char *msgid, void *user_data)
{
  (void)user_data;
  return spor_gettext(msgid);
}

/* The "app" object every template sees: language, user, CSRF token,
 * capabilities, navigation and asset links. */
static json_t *
app_context(Dispatch *d, const char *title)
{
  guint caps = d->req.capabilities;
  json_t *app = json_object();
  json_object_set_new(app, "lang", json_string(spor_lang_code(d->lang)));
  json_object_set_new(app, "version", json_string(SPOR_VERSION));
  json_object_set_new(app, "css", json_string(d->app->css_href));
  json_object_set_new(app, "js", json_string(d->app->js_href));
  json_object_set_new(app, "csrf_token", json_string(d->csrf_token ? d->csrf_token : ""));
  json_object_set_new(app, "path", json_string(d->req.path ? d->req.path : "/"));
  json_object_set_new(app, "title", json_string(title ? title : "spor"));
  if (d->user != NULL)
    json_object_set_new(app, "user", json_pack("{s:s, s:s}", "username", d->user->username,
                                               "display_name", d->user->display_name));
  json_t *can = json_object();
  json_object_set_new(can, "citizen_read", json_boolean(caps & CAP_CITIZEN_READ));
  json_object_set_new(can, "citizen_write", json_boolean(caps & CAP_CITIZEN_WRITE));
  json_object_set_new(can, "measurement_write", json_boolean(caps & CAP_MEASUREMENT_WRITE));
  json_object_set_new(can, "report", json_boolean(caps & CAP_REPORT));
  json_object_set_new(can, "admin", json_boolean(caps & CAP_ADMIN));
  json_object_set_new(can, "audit", json_boolean(caps & CAP_AUDIT));
  json_object_set_new(can, "practice_read", json_boolean(caps & CAP_PRACTICE_READ));
  json_object_set_new(can, "plan_write", json_boolean(caps & CAP_PLAN_WRITE));
  json_object_set_new(can, "action_plan", json_boolean(caps & CAP_ACTION_PLAN));
  json_object_set_new(can, "self_service", json_boolean(caps & CAP_SELF_SERVICE));
  json_object_set_new(app, "can", can);
  const char *path = d->req.path ? d->req.path : "";
  json_object_set_new(app, "nav_citizens", json_boolean(g_str_has_prefix(path, "/citizens") &&
                                                        (d->user == NULL ||
                                                         d->user->citizen_id == 0)));
  json_object_set_new(app, "nav_instruments", json_boolean(g_str_has_prefix(path, "/instruments")));
  json_object_set_new(app, "nav_audit", json_boolean(g_str_has_prefix(path, "/audit")));
  json_object_set_new(app, "nav_team", json_boolean(g_str_has_prefix(path, "/team") ||
                                                    g_str_has_prefix(path, "/costs")));
  json_object_set_new(app, "nav_reports", json_boolean(g_str_has_prefix(path, "/reports")));
  json_object_set_new(app, "nav_due", json_boolean(g_str_has_prefix(path, "/due") ||
                                                   g_str_has_prefix(path, "/completeness")));
  /* An offer's background questions belong to results documentation, its
   * other pages to practice development. */
  gboolean offer_questions = g_str_has_prefix(path, "/offers/") &&
                             g_str_has_suffix(path, "/questions");
  json_object_set_new(app, "nav_interventions",
                      json_boolean(g_str_has_prefix(path, "/interventions") ||
                                   g_str_has_prefix(path, "/plan-points") || offer_questions));
  static const char *const practice_paths[] = {"/practice", "/offers/", "/assessments/",
                                               "/development-points/", "/trials/", "/theories/",
                                               "/journeys/", "/tools/"};
  gboolean in_practice = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS(practice_paths); i++)
    in_practice = in_practice || g_str_has_prefix(path, practice_paths[i]);
  json_object_set_new(app, "nav_practice", json_boolean(in_practice && !offer_questions));
  json_object_set_new(app, "nav_own", json_boolean(d->user != NULL && d->user->citizen_id != 0));
  if (d->user != NULL && d->user->citizen_id != 0)
    json_object_set_new(app, "own_href", json_string("/me"));
  return json_pack("{s:o}", "app", app);
}

/* The layout around content (already rendered and escaped page HTML);
 * model gives the layout its title.  NULL with error on a template error. */
static GString *
render_layout(Dispatch *d, json_t *app, json_t *model, const char *content, gsize len,
              GError **error)
{
  json_t *frame = json_object();
  /* The content is spor's own output from valid UTF-8 templates and values. */
  json_object_set_new(frame, "content", json_stringn_nocheck(content, len));
  json_t *stack[3] = {app, model, frame};
  GString *page = g_string_sized_new(len + 4096);
  gboolean ok = template_render(d->app->templates, "layout", stack, 3, translate_msgid, NULL,
                                page, error);
  json_decref(frame);
  if (!ok) {
    g_string_free(page, TRUE);
    return NULL;
  }
  return page;
}

/* Renders template_name with model inside the layout; NULL on a template
 * error (logged).  A page kept in the cache is rendered without the
 * session's CSRF token in reach: kept content may go to the user's other
 * sessions, so it must hold nothing of this one. */
static GString *
render_page(Dispatch *d, const char *template_name, json_t *model, json_t *extras)
{
  const char *title = json_string_value(json_object_get(model, "title"));
  json_t *app = app_context(d, title);
  json_t *own_extras = extras ? NULL : json_object();
  json_t *stack[3] = {app, model, extras ? extras : own_extras};
  GString *body = g_string_sized_new(16 * 1024);
  g_autoptr(GError) error = NULL;
  gboolean keep = d->cache_key != NULL && d->reply.status == 200;
  if (keep)
    json_object_del(app, "csrf_token");
  gboolean ok = template_render(d->app->templates, template_name, stack, 3, translate_msgid,
                                NULL, body, &error);
  GString *page = NULL;
  if (ok) {
    if (keep) {
      g_autoptr(GBytes) content = g_bytes_new(body->str, body->len);
      page_cache_store(d->app->page_cache, d->cache_key, d->cache_revision, title, content,
                       d->reply.audits);
      json_object_set_new(app, "csrf_token", json_string(d->csrf_token ? d->csrf_token : ""));
    }
    page = render_layout(d, app, model, body->str, body->len, &error);
  }
  if (page == NULL)
    g_warning("siden '%s' kunne ikke vises: %s", template_name, error->message);
  g_string_free(body, TRUE);
  json_decref(own_extras);
  json_decref(app);
  return page;
}

/* A page from the cache: its kept content in a freshly rendered layout. */
static GString *
render_cached_page(Dispatch *d)
{
  json_t *app = app_context(d, d->cached_title);
  json_t *model = json_pack("{s:s?}", "title", d->cached_title);
  gsize len;
  const char *content = g_bytes_get_data(d->cached_content, &len);
  g_autoptr(GError) error = NULL;
  GString *page = render_layout(d, app, model, content, len, &error);
  if (page == NULL)
    g_warning("en gemt side kunne ikke vises: %s", error->message);
  json_decref(model);
  json_decref(app);
  return page;
}

static GBytes *
json_body(json_t *value)
{
  char *text = json_dumps(value, JSON_COMPACT);
  gsize len = strlen(text);
  char *copy = g_malloc(len + 1);
  memcpy(copy, text, len + 1);
  free(text);
  return g_bytes_new_take(copy, len);
}

/* The response for a finished reply. */
static HttpResponse *
build_response(Dispatch *d)
{
  HttpReply *reply = &d->reply;
  HttpResponse *response = NULL;
  int status = reply->status;

  if (reply->body != NULL) {
    response = http_response_new(status);
    http_response_add_header(response, "Content-Type", reply->content_type);
    response->body = g_bytes_ref(reply->body);
    return response;
  }

  if (d->api) {
    json_t *body;
    if (status >= 400) {
      const char *message = reply->error_message;
      if (message == NULL && reply->model != NULL)
        message = json_string_value(json_object_get(reply->model, "error"));
      if (message == NULL)
        message = _(http_status_text(status));
      json_t *error = json_pack("{s:i, s:s}", "status", status, "message", message);
      if (reply->form_failed && reply->model != NULL)
        json_object_set(error, "fields", json_object_get(reply->model, "errors"));
      /* A save refused for a stale version says what changed meanwhile. */
      if (reply->model != NULL && json_object_get(reply->model, "conflict") != NULL)
        json_object_set(error, "conflict", json_object_get(reply->model, "conflict"));
      body = json_pack("{s:o}", "error", error);
    } else if (reply->location != NULL) {
      status = reply->created ? 201 : 200;
      body = reply->model ? json_incref(reply->model) : json_object();
    } else {
      body = reply->model ? json_incref(reply->model) : json_object();
    }
    response = http_response_new(status);
    http_response_add_header(response, "Content-Type", "application/json; charset=utf-8");
    if (reply->location != NULL)
      http_response_add_header(response, "Location", reply->location);
    response->body = json_body(body);
    json_decref(body);
    return response;
  }

  if (reply->location != NULL && status < 400) {
    response = http_response_new(303);
    http_response_add_header(response, "Location", reply->location);
    response->body = g_bytes_new_static("", 0);
    return response;
  }

  GString *page = NULL;
  if (d->cached_content != NULL)
    page = render_cached_page(d);
  else if (reply->template_name != NULL && reply->model != NULL)
    page = render_page(d, reply->template_name, reply->model, reply->extras);
  if (page == NULL) {
    if (reply->template_name != NULL || d->cached_content != NULL) {
      status = 500; /* the page's own template failed */
      g_clear_pointer(&reply->error_message, g_free);
    }
    const char *message = reply->error_message ? reply->error_message
                                               : _(http_status_text(status));
    const char *heading = status == 404 ? _("Siden findes ikke")
                        : status == 403 ? _("Ingen adgang")
                        : status < 500  ? _("Det gik ikke")
                                        : _("Der skete en fejl");
    json_t *model = json_pack("{s:s, s:s, s:i, s:b}", "title", heading, "message", message,
                              "status", status, "logged_in", d->user != NULL);
    page = render_page(d, "error", model, NULL);
    json_decref(model);
    if (page == NULL)
      page = g_string_new("<!doctype html><title>spor</title><p>Der skete en fejl.</p>");
  }
  response = http_response_new(status);
  http_response_add_header(response, "Content-Type", "text/html; charset=utf-8");
  gsize len = page->len;
  response->body = g_bytes_new_take(g_string_free(page, FALSE), len);
  return response;
}

/* ---- The request ------------------------------------------------------ */

static gboolean
wants_json(GHashTable *headers)
{
  const char *accept = headers ? g_hash_table_lookup(headers, "accept") : NULL;
  return accept != NULL && strstr(accept, "application/json") != NULL &&
         strstr(accept, "text/html") == NULL;
}

/* Where a visitor goes to log in, coming back to this page afterwards. */
static char *
login_location(Dispatch *d)
{
  if (strcmp(d->method, "POST") == 0)
    return g_strdup("/login");
  g_autofree char *target = *d->raw_query ? g_strdup_printf("%s?%s", d->raw_path, d->raw_query)
                                          : g_strdup(d->raw_path);
  g_autofree char *escaped = g_uri_escape_string(target, NULL, FALSE);
  return g_strdup_printf("/login?next=%s", escaped);
}

/* The session behind the cookie, if any; FALSE only when the store failed. */
static gboolean
resume_session(Dispatch *d, StoreDb *db)
{
  const char *token = g_hash_table_lookup(d->cookies, HTTP_SESSION_COOKIE);
  if (token == NULL || *token == '\0')
    return TRUE;
  g_autoptr(GError) error = NULL;
  if (auth_session_resume(db, &d->app->auth, token, &d->user, &d->session, &error))
    return TRUE;
  if (g_error_matches(error, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
    d->clear_session_cookie = TRUE;
    return TRUE;
  }
  reply_store_error(&d->reply, error);
  return FALSE;
}

static gboolean
csrf_ok(Dispatch *d, gboolean public_route)
{
  const char *given = form_data_get(d->form, "csrf_token");
  if (given == NULL)
    given = g_hash_table_lookup(d->headers, "x-csrf-token");
  if (given == NULL)
    return FALSE;
  if (d->session != NULL && auth_token_equal(d->session->csrf_token, given))
    return TRUE;
  if (public_route) {
    const char *cookie = g_hash_table_lookup(d->cookies, HTTP_CSRF_COOKIE);
    return cookie != NULL && auth_token_equal(cookie, given);
  }
  return FALSE;
}

static gboolean
parse_body(Dispatch *d, const char *body, gsize body_len)
{
  if (body_len == 0)
    return TRUE;
  const char *type = g_hash_table_lookup(d->headers, "content-type");
  if (type == NULL || g_ascii_strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0) {
    reply_error(&d->reply, 415, NULL);
    return FALSE;
  }
  g_autoptr(GError) error = NULL;
  if (!form_data_parse_urlencoded(d->form, body, body_len, HTTP_MAX_FORM_FIELDS, &error)) {
    reply_error(&d->reply, 400, error->message);
    return FALSE;
  }
  return TRUE;
}

/* For a ROUTE_PAGE_CACHE page, inside its read transaction: TRUE when the
 * cache holds the page at the revision this transaction sees (then
 * d->cached_* hold it); otherwise notes the key and revision under which
 * render_page() will keep it.  FALSE also when the revision cannot be
 * read: the handler then runs as if there were no cache. */
static gboolean
page_from_cache(Dispatch *d, StoreDb *db)
{
  g_autoptr(GError) error = NULL;
  if (!store_data_revision(db, &d->cache_revision, &error)) {
    g_warning("datarevisionen kunne ikke læses: %s", error->message);
    return FALSE;
  }
  g_autofree char *today = spor_date_today();
  d->cache_key = g_strdup_printf("u%" G_GINT64_FORMAT " c%x %s %s %s?%s", d->user->id,
                                 d->req.capabilities, spor_lang_code(d->lang), today,
                                 d->req.path, d->raw_query);
  json_t *audits = NULL;
  if (!page_cache_lookup(d->app->page_cache, d->cache_key, d->cache_revision,
                         &d->cached_content, &d->cached_title, &audits))
    return FALSE;
  reply_page(&d->reply, 200, NULL, NULL);
  /* The kept page stands for the same reading: its audit lines again. */
  d->reply.audits = audits ? json_deep_copy(audits) : NULL;
  json_decref(audits);
  return TRUE;
}

/* A reading request's audit lines, committed before the answer leaves;
 * without them there is no answer but 503. */
static void
audit_reading(Dispatch *d)
{
  gsize n;
  g_autofree StoreAuditEntry *entries = audit_entries(d, &n);
  g_autoptr(GError) error = NULL;
  if (audit_writer_write(d->app->audit_writer, entries, n, d->reply.audit_before_answer, &error))
    return;
  g_warning("revisionsloggen kunne ikke skrives: %s", error->message);
  g_clear_pointer(&d->cached_content, g_bytes_unref);
  http_reply_clear(&d->reply);
  http_reply_init(&d->reply, d->app->config->secure_cookies);
  reply_error(&d->reply, 503, _("Systemet kan ikke skrive i revisionsloggen lige nu. Prøv igen om "
                                "et øjeblik."));
  reply_header(&d->reply, "Retry-After", "2");
}

/* One run of the route's handler inside one transaction. */
static void
run_handler_once(Dispatch *d, const CompiledRoute *compiled, StoreDb *db)
{
  const Route *route = compiled->route;
  gboolean post = strcmp(route->method, "POST") == 0;
  g_autoptr(GError) error = NULL;
  if (!store_begin(db, post ? STORE_TX_WRITE : STORE_TX_READ, &error)) {
    reply_store_error(&d->reply, error);
    return;
  }
  if (!post && !d->api && d->user != NULL && (route->flags & ROUTE_PAGE_CACHE) &&
      page_from_cache(d, db)) {
    store_rollback(db);
    return;
  }
  route->handler(&d->req, &d->reply);
  gboolean keep = (d->reply.status < 400 || d->reply.keep_writes) && !d->reply.discard_writes;
  if (keep && post && d->reply.audits != NULL) {
    gsize n;
    g_autofree StoreAuditEntry *entries = audit_entries(d, &n);
    keep = store_audit_append_many(db, entries, n, &error);
    if (!keep) {
      store_rollback(db);
      http_reply_clear(&d->reply);
      http_reply_init(&d->reply, d->app->config->secure_cookies);
      reply_store_error(&d->reply, error);
      return;
    }
  }
  if (keep && !store_commit(db, &error)) {
    store_rollback(db);
    http_reply_clear(&d->reply);
    http_reply_init(&d->reply, d->app->config->secure_cookies);
    reply_store_error(&d->reply, error);
    return;
  }
  if (!keep)
    store_rollback(db);
}

/* Runs the route's handler.  A transaction that met another one badly
 * (a serialization failure or deadlock: the reply is marked retryable)
 * is rolled back and the whole request runs again, after a short random
 * pause, before anything has been sent; only the last failure goes out
 * as 503. */
static void
run_handler(Dispatch *d, const CompiledRoute *compiled, StoreDb *db)
{
  const Route *route = compiled->route;
  gboolean post = strcmp(route->method, "POST") == 0;
  d->req.fields = form_validate(route->fields, route->n_fields, post ? d->form : d->query);
  for (int attempt = 1;; attempt++) {
    run_handler_once(d, compiled, db);
    if (!d->reply.retryable || attempt == HTTP_MAX_ATTEMPTS)
      break;
    store_rollback(db);
    http_reply_clear(&d->reply);
    http_reply_init(&d->reply, d->app->config->secure_cookies);
    g_clear_pointer(&d->cache_key, g_free);
    g_usleep((gulong)g_random_int_range(1000, 10000) * (gulong)attempt);
  }
}

/* Everything from the route to the handler; leaves the outcome in d->reply. */
static void
dispatch(Dispatch *d, const char *path, const char *body, gsize body_len)
{
  HttpApp *app = d->app;
  gint64 values[MAX_PARAMS] = {0};
  g_autoptr(GString) allow = g_string_new(NULL);
  const CompiledRoute *compiled = route_find(app, d->method, path, values, allow);
  if (compiled == NULL) {
    if (allow->len > 0) {
      reply_error(&d->reply, 405, NULL);
      reply_header(&d->reply, "Allow", allow->str);
    } else {
      reply_error(&d->reply, 404, NULL);
    }
    return;
  }
  const Route *route = compiled->route;
  if (d->api && (route->flags & ROUTE_HTML_ONLY) && g_str_has_prefix(d->raw_path, "/api/")) {
    reply_error(&d->reply, 404, NULL);
    return;
  }
  d->req.n_params = compiled->n_params;
  for (guint i = 0; i < compiled->n_params; i++) {
    d->req.param_names[i] = compiled->param_names[i];
    d->req.param_values[i] = values[i];
  }

  g_autoptr(GError) error = NULL;
  if (!form_data_parse_urlencoded(d->query, d->raw_query, strlen(d->raw_query),
                                  HTTP_MAX_QUERY_FIELDS, &error)) {
    reply_error(&d->reply, 400, error->message);
    return;
  }
  if (body_len > app->config->max_body_bytes) {
    reply_error(&d->reply, 413, NULL);
    return;
  }
  gboolean post = strcmp(route->method, "POST") == 0;
  if (post && !parse_body(d, body, body_len))
    return;

  StoreDb *db = store_pool_acquire(app->pool);
  d->req.db = db;
  if ((route->flags & ROUTE_NO_SESSION) || resume_session(d, db)) {
    if (d->user != NULL) {
      SporLang chosen;
      if (d->user->language != NULL && spor_lang_parse(d->user->language, &chosen) &&
          spor_i18n_available(chosen)) {
        d->lang = chosen;
        d->req.lang = chosen;
        spor_i18n_use(chosen);
      }
      d->req.user = d->user;
      d->req.session = d->session;
      d->req.capabilities = store_user_capabilities(d->user) | CAP_LOGGED_IN;
    }
    d->csrf_token = d->session ? g_strdup(d->session->csrf_token) : NULL;
    if (d->csrf_token == NULL) {
      const char *cookie = g_hash_table_lookup(d->cookies, HTTP_CSRF_COOKIE);
      if (cookie != NULL && strlen(cookie) >= 32) {
        d->csrf_token = g_strdup(cookie);
      } else {
        d->csrf_token = auth_random_token();
        d->set_csrf_cookie = TRUE;
      }
    }

    gboolean public_route = (route->capability & CAP_PUBLIC) != 0;
    if (!public_route && d->user == NULL) {
      if (d->api) {
        reply_error(&d->reply, 401, NULL);
      } else {
        g_autofree char *location = login_location(d);
        reply_redirect(&d->reply, location, FALSE);
      }
    } else if (!public_route &&
               (d->req.capabilities & route->capability) != route->capability) {
      reply_error(&d->reply, 403, NULL);
    } else if (post && !csrf_ok(d, public_route)) {
      reply_error(&d->reply, 403, _("Formularen er udløbet eller ugyldig. Genindlæs siden, og "
                                    "prøv igen."));
    } else {
      run_handler(d, compiled, db);
    }
  }
  store_rollback(db);
  store_pool_release(app->pool, db);
  d->req.db = NULL;
  if (!post && d->reply.status < 400 && d->reply.audits != NULL)
    audit_reading(d);
}

/* Adds the headers every dynamic response carries and the cookies. */
static void
finish(Dispatch *d, HttpResponse *response)
{
  http_response_add_security_headers(response, d->app->config->secure_cookies);
  for (guint i = 0; i + 1 < d->reply.headers->len; i += 2)
    http_response_add_header(response, g_ptr_array_index(d->reply.headers, i),
                             g_ptr_array_index(d->reply.headers, i + 1));
  for (guint i = 0; i < d->reply.cookies->len; i++)
    http_response_add_header(response, "Set-Cookie", g_ptr_array_index(d->reply.cookies, i));
  gboolean session_set = FALSE;
  for (guint i = 0; i < d->reply.cookies->len; i++)
    if (g_str_has_prefix(g_ptr_array_index(d->reply.cookies, i), HTTP_SESSION_COOKIE "="))
      session_set = TRUE;
  if (d->clear_session_cookie && !session_set) {
    g_autofree char *cookie = g_strdup_printf(
      HTTP_SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
      d->app->config->secure_cookies ? "; Secure" : "");
    http_response_add_header(response, "Set-Cookie", cookie);
  }
  if (d->set_csrf_cookie && !d->api && d->reply.body == NULL) {
    g_autofree char *cookie = g_strdup_printf(
      HTTP_CSRF_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s", d->csrf_token,
      d->app->config->secure_cookies ? "; Secure" : "");
    http_response_add_header(response, "Set-Cookie", cookie);
  }
  if (http_response_header(response, "Cache-Control") == NULL)
    http_response_add_header(response, "Cache-Control", "no-store");
  http_response_add_header(response, "Vary", "Accept, Accept-Language, Cookie");
}

/* One log line: time, address, user, method, path (without the query,
 * which may hold names), status and duration. */
static void
log_request(Dispatch *d, int status, gint64 micros)
{
  GString *path = g_string_sized_new(64);
  for (const char *p = d->raw_path; *p != '\0' && path->len < 200; p++) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x21 || c > 0x7e)
      g_string_append_printf(path, "\\x%02x", c);
    else
      g_string_append_c(path, (char)c);
  }
  g_autofree char *now = spor_timestamp_now(0);
  char user[32] = "-";
  if (d->user != NULL)
    g_snprintf(user, sizeof user, "u%" G_GINT64_FORMAT, d->user->id);
  fprintf(stdout, "%s %s %s %s %s %d %" G_GINT64_FORMAT "us\n", now,
          d->req.remote_addr ? d->req.remote_addr : "-", user, d->method, path->str, status,
          micros);
  fflush(stdout);
  g_string_free(path, TRUE);
}

/* The client's address: the peer's, unless the peer is a trusted
 * reverse proxy that names the client in X-Real-IP. */
static const char *
client_address(HttpApp *app, GHashTable *headers, const char *peer)
{
  char **proxies = app->config->trusted_proxies;
  if (proxies == NULL || peer == NULL || !g_strv_contains((const char *const *)proxies, peer))
    return peer;
  const char *real = g_hash_table_lookup(headers, "x-real-ip");
  return real != NULL && g_hostname_is_ip_address(real) ? real : peer;
}

HttpResponse *
http_app_handle(HttpApp *app, const char *method, const char *url, GHashTable *headers,
                const char *body, gsize body_len, const char *peer_addr)
{
  gint64 started = g_get_monotonic_time();
  g_autoptr(GHashTable) own_headers = NULL;
  if (headers == NULL)
    headers = own_headers = g_hash_table_new(g_str_hash, g_str_equal);
  const char *remote_addr = client_address(app, headers, peer_addr);

  Dispatch d = {.app = app, .method = method, .headers = headers};
  http_reply_init(&d.reply, app->config->secure_cookies);
  d.head = strcmp(method, "HEAD") == 0;
  d.lang = spor_lang_from_accept_language(g_hash_table_lookup(headers, "accept-language"));
  if (!spor_i18n_available(d.lang))
    d.lang = SPOR_LANG_DA;
  spor_i18n_use(d.lang);

  const char *question = strchr(url, '?');
  g_autofree char *raw_path = question ? g_strndup(url, (gsize)(question - url)) : g_strdup(url);
  d.raw_path = raw_path;
  d.raw_query = question ? question + 1 : "";
  d.query = form_data_new();
  d.form = form_data_new();
  d.cookies = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  if (!http_parse_cookies(g_hash_table_lookup(headers, "cookie"), d.cookies, NULL))
    g_hash_table_remove_all(d.cookies);

  g_autofree char *path = http_path_decode(raw_path, strlen(raw_path));
  d.req = (HttpRequest){
    .method = method,
    .query = d.query,
    .form = d.form,
    .cookies = d.cookies,
    .headers = headers,
    .remote_addr = remote_addr,
    .lang = d.lang,
    .app = app,
  };

  HttpResponse *response = NULL;
  if (path != NULL && g_str_has_prefix(path, "/static/")) {
    if (strcmp(method, "GET") == 0 || d.head) {
      response = static_files_serve(app->static_files, path + strlen("/static/"),
                                    g_hash_table_lookup(headers, "if-none-match"),
                                    strstr(d.raw_query, "v=") != NULL);
      if (response != NULL)
        http_response_add_security_headers(response, app->config->secure_cookies);
    }
    if (response == NULL) {
      reply_error(&d.reply, strcmp(method, "GET") == 0 || d.head ? 404 : 405, NULL);
      if (d.reply.status == 405)
        reply_header(&d.reply, "Allow", "GET, HEAD");
    }
  } else {
    d.api = wants_json(headers);
    const char *route_path = path;
    if (path != NULL && (g_str_has_prefix(path, "/api/v1/") || strcmp(path, "/api/v1") == 0)) {
      d.api = TRUE;
      route_path = path[7] == '\0' ? "/" : path + 7;
    }
    d.req.api = d.api;
    d.req.path = route_path;
    if (route_path == NULL)
      reply_error(&d.reply, 404, NULL);
    else
      dispatch(&d, route_path, body, body_len);
  }
  if (response == NULL) {
    response = build_response(&d);
    finish(&d, response);
  }
  if (d.head && response->body != NULL) {
    g_bytes_unref(response->body);
    response->body = NULL;
  }
  gint64 micros = g_get_monotonic_time() - started;
  http_metrics_observe(app->metrics, response->status, micros);
  if (app->log_requests)
    log_request(&d, response->status, micros);

  form_result_free(d.req.fields);
  store_user_free(d.user);
  store_session_free(d.session);
  g_free(d.csrf_token);
  g_free(d.cache_key);
  if (d.cached_content != NULL)
    g_bytes_unref(d.cached_content);
  g_free(d.cached_title);
  form_data_free(d.query);
  form_data_free(d.form);
  g_hash_table_destroy(d.cookies);
  http_reply_clear(&d.reply);
  return response;
}

const SporConfig *
http_app_config(const HttpApp *app)
{
  return app->config;
}

const SporSecrets *
http_app_secrets(const HttpApp *app)
{
  return app->secrets;
}

void
http_app_metrics(HttpApp *app, GString *out)
{
  http_metrics_render(app->metrics, out);
  guint pages;
  gsize bytes;
  guint64 hits, misses;
  page_cache_stats(app->page_cache, &pages, &bytes);
  page_cache_counts(app->page_cache, &hits, &misses);
  http_metrics_put(out, "spor_page_cache_pages", "gauge", "Rendered pages kept.", pages);
  http_metrics_put(out, "spor_page_cache_bytes", "gauge", "Bytes of rendered pages kept.",
                   (double)bytes);
  http_metrics_put(out, "spor_page_cache_hits_total", "counter", "Pages served from the cache.",
                   (double)hits);
  http_metrics_put(out, "spor_page_cache_misses_total", "counter",
                   "Cacheable pages that had to be rendered.", (double)misses);
  guint64 waiting, written, failed;
  gint64 lag;
  audit_writer_stats(app->audit_writer, &waiting, &written, &failed, &lag);
  http_metrics_put(out, "spor_audit_read_lines_waiting", "gauge",
                   "Audit lines of reads not yet committed.", (double)waiting);
  http_metrics_put(out, "spor_audit_read_lines_written_total", "counter",
                   "Audit lines of reads committed.", (double)written);
  http_metrics_put(out, "spor_audit_failed_batches_total", "counter",
                   "Audit commits that failed and were tried again.", (double)failed);
  http_metrics_put(out, "spor_audit_lag_seconds", "gauge",
                   "How long the oldest uncommitted audit line has waited.", (double)lag / 1000);
  char version[64];
  g_snprintf(version, sizeof version, "spor_build_info{version=\"%s\"}", SPOR_VERSION);
  g_string_append_printf(out, "# HELP spor_build_info The running version.\n"
                              "# TYPE spor_build_info gauge\n%s 1\n", version);
}

gboolean
http_app_health(HttpApp *app, StoreDb *db, GString *out)
{
  gboolean ok = TRUE;
  gint64 revision = 0;
  g_autoptr(GError) error = NULL;
  if (store_data_revision(db, &revision, &error)) {
    g_string_append(out, "database: ok\n");
  } else {
    g_string_append_printf(out, "database: %s\n", error->message);
    ok = FALSE;
  }
  guint64 waiting, written, failed;
  gint64 lag;
  audit_writer_stats(app->audit_writer, &waiting, &written, &failed, &lag);
  guint max_delay = app->config->audit_read_max_delay_ms ? app->config->audit_read_max_delay_ms
                                                         : 2000;
  if (lag > (gint64)max_delay) {
    g_string_append_printf(out, "audit: %" G_GUINT64_FORMAT " linjer venter, den ældste i %"
                                G_GINT64_FORMAT " ms\n", waiting, lag);
    ok = FALSE;
  } else {
    g_string_append(out, "audit: ok\n");
  }
  return ok;
}

gsize
http_app_max_body(const HttpApp *app)
{
  return app->config->max_body_bytes;
}
