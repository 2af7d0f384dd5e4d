/* ops.c — for the people who run spor: /healthz for load balancers and
 * systemd (200 "ok" when the database answers and the audit log keeps up,
 * else 503), and /metrics in Prometheus text format, from the machine
 * itself or with the configured bearer token.  Neither says anything about
 * people. */
#include <string.h>

#include "domain/auth.h"
#include "pages/pages.h"

static GBytes *
text_of(GString *text)
{
  gsize len = text->len;
  return g_bytes_new_take(g_string_free(text, FALSE), len);
}

static void
healthz(HttpRequest *req, HttpReply *reply)
{
  GString *text = g_string_new(NULL);
  gboolean ok = http_app_health(req->app, req->db, text);
  reply_header(reply, "Cache-Control", "no-store");
  reply_body(reply, ok ? 200 : 503, "text/plain; charset=utf-8", text_of(text));
}

static gboolean
loopback(const char *address)
{
  return address != NULL && (strcmp(address, "127.0.0.1") == 0 || strcmp(address, "::1") == 0 ||
                             g_str_has_prefix(address, "::ffff:127."));
}

static void
metrics(HttpRequest *req, HttpReply *reply)
{
  const char *token = http_app_config(req->app)->metrics_token;
  gboolean allowed;
  if (token != NULL) {
    const char *given = http_request_header(req, "authorization");
    allowed = given != NULL && g_str_has_prefix(given, "Bearer ") &&
              auth_token_equal(token, given + strlen("Bearer "));
  } else {
    allowed = loopback(req->remote_addr);
  }
  if (!allowed) {
    reply_error(reply, 403, NULL);
    return;
  }
  GString *text = g_string_new(NULL);
  http_app_metrics(req->app, text);
  reply_body(reply, 200, "text/plain; version=0.0.4; charset=utf-8", text_of(text));
}

const Route pages_ops_routes[] = {
  {"GET", "/healthz", healthz, CAP_PUBLIC, NULL, 0, ROUTE_NO_SESSION},
  {"GET", "/metrics", metrics, CAP_PUBLIC, NULL, 0, ROUTE_NO_SESSION},
};
const gsize pages_ops_n_routes = G_N_ELEMENTS(pages_ops_routes);
