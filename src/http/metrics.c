/* metrics.c — request counters and their Prometheus text (see metrics.h). */
#include "http/metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

/* Upper bounds of the latency buckets, in seconds. */
static const double bucket_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                       0.05,   0.1,   0.25,   0.5,   1,    2.5};
#define N_BUCKETS G_N_ELEMENTS(bucket_bounds)

struct HttpMetrics {
  atomic_ullong by_class[6]; /* [1..5] for 1xx..5xx */
  atomic_ullong buckets[N_BUCKETS + 1]; /* the last is +Inf */
  atomic_ullong micros_sum;
  atomic_ullong count;
  gint64 started; /* wall clock, seconds */
};

HttpMetrics *
http_metrics_new(void)
{
  HttpMetrics *metrics = g_new0(HttpMetrics, 1);
  metrics->started = g_get_real_time() / G_USEC_PER_SEC;
  return metrics;
}

void
http_metrics_free(HttpMetrics *metrics)
{
  g_free(metrics);
}

void
http_metrics_observe(HttpMetrics *metrics, int status, gint64 micros)
{
  int class = status / 100;
  if (class >= 1 && class <= 5)
    atomic_fetch_add_explicit(&metrics->by_class[class], 1, memory_order_relaxed);
  double seconds = (double)micros / 1e6;
  gsize b = 0;
  while (b < N_BUCKETS && seconds > bucket_bounds[b])
    b++;
  atomic_fetch_add_explicit(&metrics->buckets[b], 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&metrics->micros_sum, (unsigned long long)MAX(micros, 0),
                            memory_order_relaxed);
  atomic_fetch_add_explicit(&metrics->count, 1, memory_order_relaxed);
}

void
http_metrics_put(GString *out, const char *name, const char *type, const char *help,
                 double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf(out, "# HELP %s %s\n# TYPE %s %s\n%s %s\n", name, help, name, type,
                         name, g_ascii_formatd(text, sizeof text, "%.15g", value));
}

/* Resident memory in bytes, from /proc/self/statm; 0 when unknown. */
static double
resident_bytes(void)
{
  FILE *f = fopen("/proc/self/statm", "r");
  unsigned long size = 0, resident = 0;
  if (f == NULL)
    return 0;
  int n = fscanf(f, "%lu %lu", &size, &resident);
  fclose(f);
  return n == 2 ? (double)resident * (double)sysconf(_SC_PAGESIZE) : 0;
}

void
http_metrics_render(HttpMetrics *metrics, GString *out)
{
  g_string_append(out, "# HELP spor_http_requests_total Answered requests by status class.\n"
                       "# TYPE spor_http_requests_total counter\n");
  for (int c = 1; c <= 5; c++)
    g_string_append_printf(out, "spor_http_requests_total{class=\"%dxx\"} %llu\n", c,
                           atomic_load(&metrics->by_class[c]));
  g_string_append(out, "# HELP spor_http_request_duration_seconds Time to answer a request.\n"
                       "# TYPE spor_http_request_duration_seconds histogram\n");
  unsigned long long cumulative = 0;
  char bound[G_ASCII_DTOSTR_BUF_SIZE];
  for (gsize b = 0; b < N_BUCKETS; b++) {
    cumulative += atomic_load(&metrics->buckets[b]);
    g_string_append_printf(out, "spor_http_request_duration_seconds_bucket{le=\"%s\"} %llu\n",
                           g_ascii_formatd(bound, sizeof bound, "%g", bucket_bounds[b]),
                           cumulative);
  }
  cumulative += atomic_load(&metrics->buckets[N_BUCKETS]);
  g_string_append_printf(out, "spor_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                         cumulative);
  g_string_append_printf(out, "spor_http_request_duration_seconds_sum %s\n",
                         g_ascii_formatd(bound, sizeof bound, "%.6f",
                                         (double)atomic_load(&metrics->micros_sum) / 1e6));
  g_string_append_printf(out, "spor_http_request_duration_seconds_count %llu\n",
                         atomic_load(&metrics->count));
  http_metrics_put(out, "process_resident_memory_bytes", "gauge", "Resident memory size.",
                   resident_bytes());
  http_metrics_put(out, "process_start_time_seconds", "gauge",
                   "Start of the process since the epoch.", (double)metrics->started);
}
