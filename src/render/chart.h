/* chart.h — charts are data first.
 *
 * A chart is a small jansson model that a handler builds and the JSON API
 * serves as it is; renderers turn it into accessible SVG for pages (here)
 * and into cairo drawings for PDF/PNG (reports, later).
 *
 * The line-chart model:
 *   {
 *     "kind": "line",
 *     "title": "Livsområder over tid",             visible caption and <title>
 *     "description": "Score 0–4 for 7 livsområder over 5 målinger …",  <desc>
 *     "x_label": "Måling", "y_label": "Score",
 *     "x": ["03-01-2026", "02-04-2026", …],         one label per point
 *     "y_min": 0, "y_max": 4, "y_step": 1,
 *     "y_direction": "lower_is_better" | "higher_is_better",
 *     "series": [ {"name": "Egenomsorg", "values": [3, 2, null, 1]}, … ],
 *                                                  null = not measured
 *     "reference_lines": [ {"value": 1, "label": "Mål"} ]   optional
 *   }
 */
#pragma once

#include <glib.h>
#include <jansson.h>

#define CHART_ERROR (chart_error_quark())
GQuark chart_error_quark(void);

typedef enum {
  CHART_ERROR_INVALID /* the model lacks a field or has the wrong type */
} ChartError;

/* Renders a line-chart model as one HTML fragment: a <figure> holding an
 * <svg role="img"> with <title>, <desc>, real <text> axis labels, one
 * path and marker shape per series, a legend, and after it a <table> with
 * the same data (the text alternative).  Every text is HTML/XML-escaped and
 * the markup uses no inline style or script (the page's CSP forbids both),
 * only presentation attributes and classes from static/spor.css.  Returns
 * a newly allocated string, or NULL with error for an invalid model.
 * Labels in the fragment ("Tabel over data", …) go through gettext. */
char *chart_line_svg(const json_t *chart, GError **error);
