/* server.c — the real HTTP server: libmicrohttpd with a pool of threads
 * in front of http_app_handle().
 *
 * libmicrohttpd parses the protocol; this file gathers one request (the
 * raw target from the URI log callback, the headers, a body of at most
 * max_body_bytes, the client's address), hands it to the dispatcher and
 * queues what comes back.  A body over the limit is read and dropped, then
 * answered with 413, so the client always gets an answer it can show. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

#include "core/i18n.h"
#include "http/internal.h"

struct HttpServer {
  struct MHD_Daemon *daemon;
  HttpApp *app;
  gsize max_body;
  guint16 port;
};

/* One request in flight (MHD's per-connection closure). */
typedef struct Pending {
  char *target;      /* the raw request target, "/citizens?q=an" */
  GString *body;
  gboolean too_big;
} Pending;

static void
pending_free(Pending *pending)
{
  g_free(pending->target);
  if (pending->body != NULL)
    g_string_free(pending->body, TRUE);
  g_free(pending);
}

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *connection)
{
  (void)cls;
  (void)connection;
  Pending *pending = g_new0(Pending, 1);
  pending->target = g_strdup(uri);
  return pending;
}

static void
on_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
             enum MHD_RequestTerminationCode code)
{
  (void)cls;
  (void)connection;
  (void)code;
  if (*con_cls != NULL)
    pending_free(*con_cls);
  *con_cls = NULL;
}

static enum MHD_Result
collect_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
  (void)kind;
  GHashTable *headers = cls;
  if (key == NULL || value == NULL)
    return MHD_YES;
  char *name = g_ascii_strdown(key, -1);
  const char *old = g_hash_table_lookup(headers, name);
  if (old != NULL) {
    /* Repeated headers join with ", " (cookies with "; "). */
    const char *sep = strcmp(name, "cookie") == 0 ? "; " : ", ";
    g_hash_table_replace(headers, name, g_strconcat(old, sep, value, NULL));
  } else {
    g_hash_table_insert(headers, name, g_strdup(value));
  }
  return MHD_YES;
}

static void
client_address(struct MHD_Connection *connection, char *out, gsize size)
{
  g_strlcpy(out, "-", size);
  const union MHD_ConnectionInfo *info =
    MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == NULL || info->client_addr == NULL)
    return;
  const struct sockaddr *addr = info->client_addr;
  if (addr->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)addr)->sin_addr, out,
              (socklen_t)size);
  else if (addr->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)addr)->sin6_addr, out,
              (socklen_t)size);
}

static void
free_bytes(void *cls)
{
  g_bytes_unref(cls);
}

static enum MHD_Result
queue(struct MHD_Connection *connection, HttpResponse *response)
{
  struct MHD_Response *mhd;
  if (response->body != NULL && g_bytes_get_size(response->body) > 0) {
    gsize size;
    const void *data = g_bytes_get_data(response->body, &size);
    mhd = MHD_create_response_from_buffer_with_free_callback_cls(
      size, (void *)data, free_bytes, g_bytes_ref(response->body));
  } else {
    mhd = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
  }
  if (mhd == NULL)
    return MHD_NO;
  for (guint i = 0; i + 1 < response->headers->len; i += 2)
    MHD_add_response_header(mhd, g_ptr_array_index(response->headers, i),
                            g_ptr_array_index(response->headers, i + 1));
  enum MHD_Result result = MHD_queue_response(connection, (unsigned)response->status, mhd);
  MHD_destroy_response(mhd);
  return result;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *connection, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size,
           void **con_cls)
{
  (void)url; /* already unescaped by MHD; the raw target comes from on_uri */
  (void)version;
  HttpServer *server = cls;
  Pending *pending = *con_cls;
  if (pending == NULL)
    return MHD_NO;
  if (pending->body == NULL) {
    /* First call: only the headers have arrived. */
    pending->body = g_string_new(NULL);
    const char *length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length != NULL && g_ascii_strtoull(length, NULL, 10) > server->max_body)
      pending->too_big = TRUE;
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    if (!pending->too_big && pending->body->len + *upload_data_size <= server->max_body)
      g_string_append_len(pending->body, upload_data, (gssize)*upload_data_size);
    else
      pending->too_big = TRUE;
    *upload_data_size = 0;
    return MHD_YES;
  }

  g_autoptr(GHashTable) headers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  MHD_get_connection_values(connection, MHD_HEADER_KIND, collect_header, headers);
  char address[INET6_ADDRSTRLEN + 1];
  client_address(connection, address, sizeof address);
  const char *target = pending->target ? pending->target : "/";
  g_autoptr(HttpResponse) response = NULL;
  if (pending->too_big) {
    /* Let the dispatcher make the 413 page: hand it one byte too many. */
    response = http_app_handle(server->app, method, target, headers, NULL,
                               server->max_body + 1, address);
  } else {
    response = http_app_handle(server->app, method, target, headers, pending->body->str,
                               pending->body->len, address);
  }
  return queue(connection, response);
}

G_GNUC_PRINTF(2, 0)
static void
log_mhd(void *cls, const char *format, va_list args)
{
  (void)cls;
  g_autofree char *message = g_strdup_vprintf(format, args);
  g_strchomp(message);
  g_debug("libmicrohttpd: %s", message);
}

HttpServer *
http_server_start(HttpApp *app, const char *host, guint16 port, guint threads, GError **error)
{
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                           .ai_flags = AI_NUMERICSERV | AI_PASSIVE};
  struct addrinfo *found = NULL;
  char service[8];
  g_snprintf(service, sizeof service, "%u", port);
  int rc = getaddrinfo(host, service, &hints, &found);
  if (rc != 0 || found == NULL) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                _("Adressen %s kan ikke bruges: %s"), host, gai_strerror(rc));
    return NULL;
  }
  HttpServer *server = g_new0(HttpServer, 1);
  server->app = app;
  server->max_body = MAX(http_app_max_body(app), 1);
  unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
  if (found->ai_family == AF_INET6)
    flags |= MHD_USE_IPv6;
  http_app_set_logging(app, TRUE);
  server->daemon = MHD_start_daemon(
    flags, port, NULL, NULL, on_request, server,
    MHD_OPTION_SOCK_ADDR, found->ai_addr,
    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)MAX(threads, 1u),
    MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
    MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
    MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
    MHD_OPTION_END);
  freeaddrinfo(found);
  if (server->daemon == NULL) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                _("Kan ikke lytte på %s:%u (er porten optaget?)"), host, port);
    g_free(server);
    return NULL;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(server->daemon,
                                                         MHD_DAEMON_INFO_LISTEN_FD);
  struct sockaddr_storage bound;
  socklen_t bound_len = sizeof bound;
  server->port = port;
  if (info != NULL &&
      getsockname(info->listen_fd, (struct sockaddr *)&bound, &bound_len) == 0) {
    if (bound.ss_family == AF_INET)
      server->port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
    else if (bound.ss_family == AF_INET6)
      server->port = ntohs(((struct sockaddr_in6 *)&bound)->sin6_port);
  }
  return server;
}

guint16
http_server_port(const HttpServer *server)
{
  return server->port;
}

void
http_server_stop(HttpServer *server)
{
  if (server == NULL)
    return;
  MHD_stop_daemon(server->daemon);
  g_free(server);
}
