/* chart_internal.h — private to src/render: the validated forms of the
 * chart models (chart.h) that the SVG and the cairo renderers share, and
 * the SVG writing helpers of chart_svg.c that the other SVG renderers
 * (the radar chart, the results map) use, so that every SVG spor writes
 * escapes and formats numbers the same way. */
#pragma once

#include <glib.h>
#include <jansson.h>

/* A line-chart model, checked: borrowed pointers into the JSON. */
typedef struct ChartLineModel {
  const char *title, *desc, *x_label, *y_label, *direction;
  const json_t *x, *series, *refs;
  size_t n, ns;
  double y_min, y_max, y_step; /* y_step 0: not given */
  gboolean bar;                /* kind "bar": bars per x label instead of lines */
  gboolean stacked;            /* bars of the series stacked, not side by side */
} ChartLineModel;

/* A radar-chart model, checked. */
typedef struct ChartRadarModel {
  const char *title, *desc, *value_label;
  const json_t *axes, *series;
  size_t n, ns;                /* axes, series */
  double r_min, r_max, r_step; /* r_step 0: not given */
} ChartRadarModel;

/* Checks every field and fills m; FALSE with an error naming the first
 * offending field (CHART_ERROR_INVALID).  Nothing is drawn before. */
gboolean chart_line_model(const json_t *chart, ChartLineModel *m, GError **error);
gboolean chart_radar_model(const json_t *chart, ChartRadarModel *m, GError **error);

/* The series colours (Okabe–Ito), as "#rrggbb". */
extern const char *const chart_palette[8];

/* A round step for about `wanted` ticks over range (1, 2 or 5 × 10^k). */
double chart_nice_step(double range, int wanted);

/* ---- SVG writing (chart_svg.c) --------------------------------------------- */

/* A small printf for markup: %s a string as it is, %e a string escaped
 * for XML and HTML, %f a coordinate (double, one decimal, a point), %n a
 * number for people (double: at most two decimals, a decimal comma in
 * Danish), %d an int. */
void svg_put(GString *o, const char *format, ...);
/* Appends s escaped, shortened to max characters with "…" when max > 0;
 * TRUE when it was shortened. */
gboolean svg_put_escaped(GString *o, const char *s, size_t max);
/* Opens series s's marker shape at (x, y), leaving the tag open for a
 * <title> or "/>"; returns the tag's name. */
const char *svg_put_marker(GString *o, size_t s, double x, double y);
/* "chart-" and a digest of the text, for ids that differ between
 * figures on one page; newly allocated. */
char *svg_figure_id(const char *text);
