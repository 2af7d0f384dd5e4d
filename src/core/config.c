/* config.c — loading spor.conf, SPOR_DB and the defaults. */
#include "core/config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_DB_URL "sqlite:var/spor.db"
#define DEFAULT_LISTEN "127.0.0.1:8080"

static gboolean
read_uint(GKeyFile *kf, const char *group, const char *key, guint min, guint max,
          guint *inout, GError **error)
{
  if (!g_key_file_has_key(kf, group, key, NULL))
    return TRUE;
  GError *local = NULL;
  gint64 v = g_key_file_get_int64(kf, group, key, &local);
  if (local != NULL || v < min || v > max) {
    g_clear_error(&local);
    g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                "[%s] %s skal være et heltal mellem %u og %u", group, key, min, max);
    return FALSE;
  }
  *inout = (guint)v;
  return TRUE;
}

static gboolean
apply_key_file(SporConfig *c, const char *path, GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new();
  GError *local = NULL;
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &local)) {
    g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE,
                "kan ikke læse konfigurationsfilen %s: %s", path, local->message);
    g_error_free(local);
    return FALSE;
  }
  char *s;
  if ((s = g_key_file_get_string(kf, "database", "url", NULL)) != NULL) {
    g_free(c->db_url);
    c->db_url = s;
  }
  if ((s = g_key_file_get_string(kf, "audit", "read_lines", NULL)) != NULL) {
    gboolean known = strcmp(s, "sync") == 0 || strcmp(s, "async") == 0;
    c->audit_reads_sync = strcmp(s, "sync") == 0;
    g_free(s);
    if (!known) {
      g_set_error_literal(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                          "[audit] read_lines skal være sync eller async");
      return FALSE;
    }
  }
  if ((s = g_key_file_get_string(kf, "security", "key_file", NULL)) != NULL) {
    g_free(c->key_file);
    c->key_file = s;
  }
  if ((s = g_key_file_get_string(kf, "server", "metrics_token", NULL)) != NULL) {
    g_free(c->metrics_token);
    c->metrics_token = s;
    if (strlen(s) < 16) {
      g_set_error_literal(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                          "[server] metrics_token skal være mindst 16 tegn");
      return FALSE;
    }
  }
  if ((s = g_key_file_get_string(kf, "server", "listen", NULL)) != NULL) {
    g_free(c->listen);
    c->listen = s;
  }
  if (g_key_file_has_key(kf, "server", "secure_cookies", NULL)) {
    c->secure_cookies = g_key_file_get_boolean(kf, "server", "secure_cookies", &local);
    if (local != NULL) {
      g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                  "[server] secure_cookies skal være true eller false");
      g_error_free(local);
      return FALSE;
    }
  }
  if (g_key_file_has_key(kf, "server", "trusted_proxies", NULL)) {
    g_auto(GStrv) list = g_key_file_get_string_list(kf, "server", "trusted_proxies", NULL,
                                                    NULL);
    g_autoptr(GPtrArray) proxies = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; list != NULL && list[i] != NULL; i++) {
      g_autofree char *address = g_strstrip(g_strdup(list[i]));
      if (*address == '\0')
        continue;
      if (!g_hostname_is_ip_address(address)) {
        g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                    "[server] trusted_proxies: '%s' er ikke en IP-adresse", address);
        return FALSE;
      }
      g_ptr_array_add(proxies, g_steal_pointer(&address));
    }
    g_ptr_array_add(proxies, NULL);
    g_strfreev(c->trusted_proxies);
    c->trusted_proxies = (char **)g_ptr_array_free(g_steal_pointer(&proxies), FALSE);
  }
  guint body = (guint)c->max_body_bytes;
  if (!read_uint(kf, "database", "pool_size", 1, 256, &c->pool_size, error) ||
      !read_uint(kf, "server", "threads", 1, 256, &c->threads, error) ||
      !read_uint(kf, "server", "session_idle_minutes", 1, 24 * 60, &c->session_idle_minutes, error) ||
      !read_uint(kf, "server", "session_absolute_hours", 1, 24 * 30, &c->session_absolute_hours, error) ||
      !read_uint(kf, "server", "max_body_bytes", 1024, 256u << 20, &body, error) ||
      !read_uint(kf, "server", "page_cache_mib", 0, 4096, &c->page_cache_mib, error) ||
      !read_uint(kf, "audit", "retention_years", 1, 100, &c->audit_retention_years, error) ||
      !read_uint(kf, "privacy", "retention_years", 1, 100, &c->citizen_retention_years, error) ||
      !read_uint(kf, "reports", "min_cell", 3, 100, &c->report_min_cell, error) ||
      !read_uint(kf, "audit", "read_max_delay_ms", 10, 600000, &c->audit_read_max_delay_ms,
                 error) ||
      !read_uint(kf, "audit", "read_max_queued", 100, 10000000, &c->audit_read_max_queued, error))
    return FALSE;
  c->max_body_bytes = body;
  c->source_path = g_strdup(path);
  return TRUE;
}

SporConfig *
spor_config_load(const char *path, GError **error)
{
  g_autoptr(SporConfig) c = g_new0(SporConfig, 1);
  c->db_url = g_strdup(DEFAULT_DB_URL);
  c->pool_size = 8;
  c->listen = g_strdup(DEFAULT_LISTEN);
  c->threads = 4;
  c->session_idle_minutes = 60;
  c->session_absolute_hours = 12;
  c->max_body_bytes = 1u << 20;
  c->page_cache_mib = 16;
  c->audit_retention_years = 10;
  c->citizen_retention_years = 5;
  c->report_min_cell = 5;
  c->audit_read_max_delay_ms = 2000;
  c->audit_read_max_queued = 100000;

  const char *file = path != NULL ? path : g_getenv("SPOR_CONF");
  if (file != NULL) {
    if (!apply_key_file(c, file, error))
      return NULL;
  } else if (g_file_test("spor.conf", G_FILE_TEST_IS_REGULAR)) {
    if (!apply_key_file(c, "spor.conf", error))
      return NULL;
  }
  const char *env_db = g_getenv("SPOR_DB");
  if (env_db != NULL && *env_db != '\0') {
    g_free(c->db_url);
    c->db_url = g_strdup(env_db);
  }
  const char *env_key = g_getenv("SPOR_KEY_FILE");
  if (env_key != NULL && *env_key != '\0') {
    g_free(c->key_file);
    c->key_file = g_strdup(env_key);
  }
  return g_steal_pointer(&c);
}

void
spor_config_free(SporConfig *c)
{
  if (c == NULL)
    return;
  g_free(c->db_url);
  g_free(c->listen);
  g_free(c->source_path);
  g_free(c->metrics_token);
  g_free(c->key_file);
  g_strfreev(c->trusted_proxies);
  g_free(c);
}

gboolean
spor_listen_parse(const char *listen, char **out_host, guint16 *out_port)
{
  if (listen == NULL)
    return FALSE;
  const char *colon;
  g_autofree char *host = NULL;
  if (listen[0] == '[') {
    const char *close = strchr(listen, ']');
    if (close == NULL || close[1] != ':')
      return FALSE;
    host = g_strndup(listen + 1, (gsize)(close - listen - 1));
    colon = close + 1;
  } else {
    colon = strrchr(listen, ':');
    if (colon == NULL || colon == listen)
      return FALSE;
    host = g_strndup(listen, (gsize)(colon - listen));
  }
  const char *digits = colon + 1;
  if (*digits == '\0' || strlen(digits) > 5)
    return FALSE;
  for (const char *p = digits; *p; p++)
    if (*p < '0' || *p > '9')
      return FALSE;
  long port = strtol(digits, NULL, 10);
  if (port > 65535 || *host == '\0')
    return FALSE;
  *out_host = g_steal_pointer(&host);
  *out_port = (guint16)port;
  return TRUE;
}
