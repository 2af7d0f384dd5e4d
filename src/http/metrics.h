/* metrics.h — counters of the HTTP server for /metrics (Prometheus text
 * format): requests by status class, a latency histogram, and the text
 * rendering.  Counting is lock-free (C11 atomics); it never holds names,
 * paths or anything else about people. */
#pragma once

#include <glib.h>

typedef struct HttpMetrics HttpMetrics;

HttpMetrics *http_metrics_new(void);
void http_metrics_free(HttpMetrics *metrics);

/* Counts one answered request. */
void http_metrics_observe(HttpMetrics *metrics, int status, gint64 micros);

/* Appends the request counters and the latency histogram, and the
 * process's resident memory and start time, in Prometheus text format. */
void http_metrics_render(HttpMetrics *metrics, GString *out);

/* Appends one metric with its HELP and TYPE lines. */
void http_metrics_put(GString *out, const char *name, const char *type, const char *help,
                      double value);
