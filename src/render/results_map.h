/* results_map.h — the results map (resultatkort) of a theory of change as
 * a diagram: boxes in columns (activities → immediate → medium-term →
 * long-term results) and numbered arrows between them, drawn as SVG for
 * the page and with cairo as a PDF page for print.
 *
 * The model, built by the page and served as it is by the JSON API:
 *   {
 *     "title": "Sundhed i botilbuddet, version 2",
 *     "description": "9 kasser og 6 pile …",          optional, the SVG's <desc>
 *     "columns": ["Aktiviteter", "Umiddelbare resultater", …],   1–8 headings
 *     "boxes": [ {"id": 12, "column": 0, "text": "Borgerne vejledes om kost og motion",
 *                 "note": "Forskning · Praksis"}, … ],   note optional (small text)
 *     "arrows": [ {"from": 12, "to": 15, "number": 1}, … ]
 *   }
 * Boxes stand in their column in the order given; an arrow runs from the
 * right edge of one box to the left edge of the next (curved round when it
 * goes back or within a column) and carries its number in a small circle,
 * which the page's list of mechanisms explains.  Every text is real text,
 * wrapped by the layout, the same in both renderers. */
#pragma once

#include <glib.h>
#include <jansson.h>

/* An inline SVG (role="img", <title>, <desc>) inside a <figure>; no inline
 * style or script.  Newly allocated, or NULL with CHART_ERROR_INVALID for
 * an invalid model (an unknown field type, a column out of range, a
 * duplicate box id, an arrow to an unknown box). */
char *results_map_svg(const json_t *map, GError **error);
/* The same diagram on an A4 landscape PDF page, with the title above it
 * and, when lines is given, those texts below it (the mechanisms, one
 * numbered line each).  Newly allocated. */
GBytes *results_map_pdf(const json_t *map, const char *const *lines, GError **error);
