/* app.h — the web application as a value: routes, templates, static files
 * and the connection pool, with two ways in: a real libmicrohttpd server,
 * and http_app_handle() that runs one request through the very same
 * dispatcher in-process (unit tests, fuzzing). */
#pragma once

#include <glib.h>

#include "core/config.h"
#include "domain/secrets.h"
#include "http/http.h"
#include "store/store.h"

typedef struct RouteTable {
  const Route *routes;
  gsize n_routes;
} RouteTable;

/* Builds the application: compiles every template resource (templates/),
 * indexes static/ resources with their ETags, and checks the route tables
 * (every route declares a capability; no pattern twice).  config and pool
 * are borrowed and must outlive the app. */
HttpApp *http_app_new(const SporConfig *config, StorePool *pool, const RouteTable *tables,
                      gsize n_tables, GError **error);
void http_app_free(HttpApp *app);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HttpApp, http_app_free)

/* Every route of the app, for the access-matrix test and `spor routes`:
 * [{method, pattern, capability}]. */
json_t *http_app_routes(const HttpApp *app);

/* A finished response. */
typedef struct HttpResponse {
  int status;
  GPtrArray *headers; /* alternating name, value (owned) */
  GBytes *body;
} HttpResponse;

void http_response_free(HttpResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HttpResponse, http_response_free)
/* The first header of that name (case-insensitive), or NULL. */
const char *http_response_header(const HttpResponse *response, const char *name);

/* Runs one request through the dispatcher.  url is the request target
 * ("/citizens?q=an"); headers maps lower-case names to values (may be
 * NULL); the last argument is the peer's address, which a trusted proxy's
 * X-Real-IP replaces (SporConfig.trusted_proxies).  Always returns a
 * response (errors become error pages). */
HttpResponse *http_app_handle(HttpApp *app, const char *method, const char *url,
                              GHashTable *headers, const char *body, gsize body_len,
                              const char *remote_addr);

/* The configuration the app was made with (borrowed). */
const SporConfig *http_app_config(const HttpApp *app);
/* The keys of the key file, or NULL when it could not be read at start
 * (then CPR numbers can be neither stored nor shown). */
const SporSecrets *http_app_secrets(const HttpApp *app);

/* Appends the server's metrics in Prometheus text format: requests and
 * their latency, the page cache, the audit writer, the process. */
void http_app_metrics(HttpApp *app, GString *out);

/* Whether the server can do its work: the database answers (through db,
 * inside a transaction) and the audit log keeps up.  Appends one line per
 * check to out. */
gboolean http_app_health(HttpApp *app, StoreDb *db, GString *out);

/* Writes one line per request to standard output (off by default; the
 * server turns it on). */
void http_app_set_logging(HttpApp *app, gboolean log_requests);

typedef struct HttpServer HttpServer;

/* Starts serving on host:port (port 0 picks a free one) with a pool of
 * threads.  Fails with a message naming the address. */
HttpServer *http_server_start(HttpApp *app, const char *host, guint16 port, guint threads,
                              GError **error);
/* The port actually bound. */
guint16 http_server_port(const HttpServer *server);
void http_server_stop(HttpServer *server);
