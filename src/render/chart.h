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
 *
 * The bar-chart model is the line chart's with "kind": "bar": one group
 * of bars per x label (Figur 6), one bar per series, or with
 * "stacked": true one bar per x label made of the series (Figur 10's
 * shares of 100 %).  A null value draws no bar.  Reference lines and the
 * direction note work as for lines; bars start at y_min (or 0 when it is
 * inside the range).
 *
 * The radar-chart (spider web) model, one spoke per axis, clockwise from
 * the top; the outer edge is r_max:
 *   {
 *     "kind": "radar",
 *     "title": "Lovende praksis", "description": "…",
 *     "axes": ["Teori og viden", "Virkning", …],    3 to 40 texts
 *     "r_min": 0, "r_max": 100, "r_step": 20,       centre, edge, rings
 *     "value_label": "Score (%)",                   optional: the table's unit
 *     "series": [ {"name": "12-03-2025", "values": [50, null, 75, …]}, … ]
 *                                                   null = no score
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

/* The same for a radar-chart model: rings and spokes with their values as
 * text, the axis names as text around the web, one closed outline per
 * series (a distinct colour, dash and marker shape each; a null value
 * leaves a gap), a legend and the data table (axes down, series across). */
char *chart_radar_svg(const json_t *chart, GError **error);

/* chart_line_svg() or chart_radar_svg() by the model's "kind" (none: line). */
char *chart_svg(const json_t *chart, GError **error);
/* (chart_line_svg() draws the bar kind as well.) */

/* The chart drawn with cairo and pango (chart_cairo.c): a PDF page (A4)
 * with the title, the description, the chart and the data table, or a PNG
 * picture of the title and chart width_px pixels wide (200–4000).  Newly
 * allocated; NULL with error for an invalid model. */
GBytes *chart_pdf(const json_t *chart, GError **error);
GBytes *chart_png(const json_t *chart, int width_px, GError **error);
