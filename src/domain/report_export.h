/* report_export.h — a report model (reports.h) as a file: CSV, XLSX
 * (libxlsxwriter), PDF (cairo and pango, charts included) and a
 * stand-alone HTML document for `spor report --format html`.
 *
 * Every output reads the model alone, so a cell the model hides is hidden
 * in every file: the suppression happened before. */
#pragma once

#include <glib.h>
#include <jansson.h>

/* Every section's table one after the other: a line with the section's
 * title, the header, the rows, a blank line.  RFC 4180 (comma, CRLF,
 * quotes doubled), UTF-8 with a byte-order mark so that a spreadsheet
 * reads æøå; numbers with a decimal point.  Newly allocated. */
GBytes *report_csv(const json_t *report);

/* A workbook: a sheet "Rapport" with the title, period and filters, then
 * one sheet per section with a table (numbers as numbers).  NULL with
 * error when the file could not be made. */
GBytes *report_xlsx(const json_t *report, GError **error);

/* A4 pages: title and period, and per section its heading, "Sådan læses
 * figuren", the chart with its legend, the table and the notes. */
GBytes *report_pdf(const json_t *report, GError **error);

/* One HTML document with inline SVG charts and the tables, for a file on
 * its own (no scripts, no outside resources).  Newly allocated. */
char *report_html(const json_t *report, GError **error);

/* "spor-progression-2026-01-01-2026-03-31.csv": a file name for a
 * download; newly allocated. */
char *report_file_name(const json_t *report, const char *extension);
