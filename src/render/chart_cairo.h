/* chart_cairo.h — charts drawn with cairo and pango, for PDF and PNG
 * (print views now, reports later): the same models as chart.h, checked
 * the same way, drawn with real fonts and text measured by pango. */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <jansson.h>

/* Draws a chart model (line or radar) on cr with its top left corner at
 * (x, y) and the given width, in cr's units (points for PDF): the title,
 * the description, the chart with its legend and, with with_table, the
 * data table.  Returns the height used, or -1 with error for an invalid
 * model (nothing drawn).  cr's state is restored afterwards. */
double chart_cairo_draw(cairo_t *cr, const json_t *chart, double x, double y, double width,
                        gboolean with_table, GError **error);
