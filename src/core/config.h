/* config.h — spor's configuration: defaults, spor.conf (a GLib key file),
 * the environment, and the command line, in rising order of precedence.
 *
 *   [database]
 *   url = sqlite:var/spor.db        ; or postgresql://spor@db.example/spor
 *   pool_size = 8                   ; connections per `spor serve`
 *   [server]
 *   listen = 127.0.0.1:8080
 *   threads = 4
 *   secure_cookies = false          ; true behind TLS
 *   session_idle_minutes = 60
 *   session_absolute_hours = 12
 *   max_body_bytes = 1048576
 *   metrics_token = …               ; /metrics from elsewhere than loopback
 *   page_cache_mib = 16             ; rendered pages kept (0: none)
 *   trusted_proxies = 127.0.0.1;::1 ; their X-Real-IP names the client
 *   [security]
 *   key_file = /etc/spor/spor.key   ; default: beside a SQLite database
 *   [audit]
 *   retention_years = 10            ; spor audit prune removes older lines
 *   read_lines = async              ; or sync (see http/audit_writer.h)
 *   read_max_delay_ms = 2000        ; async: refuse reads when the log lags
 *   read_max_queued = 100000
 *   [reports]
 *   min_cell = 5                    ; cells under this many citizens are hidden (3–100)
 *
 * Environment: SPOR_DB overrides database.url, SPOR_CONF names the file
 * (default ./spor.conf, silently absent). */
#pragma once

#include <glib.h>

typedef struct SporConfig {
  char *db_url;
  guint pool_size;
  char *listen;            /* "host:port"; port 0 picks a free one */
  guint threads;
  gboolean secure_cookies;
  guint session_idle_minutes;
  guint session_absolute_hours;
  gsize max_body_bytes;
  char *key_file;          /* [security] key_file; NULL: beside the database */
  char *metrics_token;     /* /metrics wants "Authorization: Bearer TOKEN";
                              NULL: only from the machine itself */
  guint page_cache_mib;    /* see http/page_cache.h; 0 turns it off */
  guint audit_retention_years; /* spor audit prune keeps this many years */
  guint citizen_retention_years; /* spor retention erases citizens whose every
                                  * course ended longer ago than this */
  gboolean audit_reads_sync;   /* see http/audit_writer.h */
  guint audit_read_max_delay_ms;
  guint audit_read_max_queued;
  guint report_min_cell;   /* [reports] min_cell: small-cell limit k, never below 3 */
  /* Addresses of reverse proxies (nginx) whose X-Real-IP header names the
   * client, for the log and login throttling; NULL-terminated, may be
   * NULL.  Nobody else's header is believed. */
  char **trusted_proxies;
  char *source_path;       /* the key file read, or NULL */
} SporConfig;

/* Loads defaults, then the key file (path, or SPOR_CONF, or ./spor.conf when
 * it exists), then SPOR_DB.  A named file that is missing or malformed is an
 * error; returns a new config the caller frees with spor_config_free(). */
SporConfig *spor_config_load(const char *path, GError **error);
void spor_config_free(SporConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SporConfig, spor_config_free)

/* Splits "host:port" (IPv4, name, or "[v6]:port"); FALSE on anything else. */
gboolean spor_listen_parse(const char *listen, char **out_host, guint16 *out_port);
