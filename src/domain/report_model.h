/* report_model.h — the pieces every report's model is made of (the model
 * itself is described in reports.h): numbers as people read them, table
 * cells (plain, header, number, count, hidden under k), tables and
 * sections.  Each returns a new reference unless it says otherwise. */
#pragma once

#include <glib.h>
#include <jansson.h>

/* A number with decimals places and a decimal comma in Danish; "–" for
 * NaN or infinity.  Newly allocated. */
char *report_num_text(double v, int decimals);

/* Cells: text (NULL is shown as "–"), a row header, a number with
 * decimals (its value null when not finite), a count. */
json_t *report_cell_text(const char *text);
json_t *report_cell_header(const char *text);
json_t *report_cell_num(double v, int decimals);
json_t *report_cell_count(gint64 n);
/* A cell hidden by the small-cell rule: "< k" for a count (small, or
 * hidden beside a small one: the reader cannot tell which), "–" for a
 * figure that rests on one; its value is null. */
json_t *report_cell_hidden(guint k, gboolean count);

/* A table with n columns (numeric[i]: a number column; numeric may be
 * NULL) and no rows. */
json_t *report_table_new(const char *const *columns, const gboolean *numeric, guint n);
/* Adds a row to table; its cells array, borrowed from the table. */
json_t *report_table_row(json_t *table);

/* A section with its id, title and "Sådan læses figuren" text, not empty
 * and without notes. */
json_t *report_section_new(const char *id, const char *title, const char *how_to_read);
/* Marks s empty with message (and drops its chart and table). */
void report_section_empty(json_t *s, const char *message);
/* Adds a note under s. */
void report_section_note(json_t *s, const char *note);
