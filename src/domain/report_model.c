/* report_model.c — the pieces every report's model is made of
 * (report_model.h). */
#include "domain/report_model.h"

#include <math.h>

#include "core/i18n.h"

char *
report_num_text(double v, int decimals)
{
  if (!isfinite(v))
    return g_strdup("–");
  char *s = g_strdup_printf("%.*f", decimals, v);
  if (spor_i18n_current() == SPOR_LANG_DA)
    for (char *p = s; *p; p++)
      if (*p == '.')
        *p = ',';
  return s;
}

json_t *
report_cell_text(const char *text)
{
  return json_pack("{s:s, s:n, s:b}", "text", text != NULL ? text : "–", "value", "suppressed",
                   0);
}

json_t *
report_cell_header(const char *text)
{
  return json_pack("{s:s, s:n, s:b, s:b}", "text", text != NULL ? text : "–", "value", "header",
                   1, "suppressed", 0);
}

json_t *
report_cell_num(double v, int decimals)
{
  g_autofree char *t = report_num_text(v, decimals);
  return json_pack("{s:s, s:o, s:b}", "text", t, "value",
                   isfinite(v) ? json_real(v) : json_null(), "suppressed", 0);
}

json_t *
report_cell_count(gint64 n)
{
  g_autofree char *t = g_strdup_printf("%" G_GINT64_FORMAT, n);
  return json_pack("{s:s, s:I, s:b}", "text", t, "value", (json_int_t)n, "suppressed", 0);
}

json_t *
report_cell_hidden(guint k, gboolean count)
{
  g_autofree char *t = count ? g_strdup_printf("< %u", k) : g_strdup("–");
  return json_pack("{s:s, s:n, s:b}", "text", t, "value", "suppressed", 1);
}

json_t *
report_table_new(const char *const *columns, const gboolean *numeric, guint n)
{
  json_t *cols = json_array();
  for (guint i = 0; i < n; i++)
    json_array_append_new(cols, json_pack("{s:s, s:b}", "label", columns[i], "num",
                                          numeric != NULL && numeric[i]));
  return json_pack("{s:o, s:[]}", "columns", cols, "rows");
}

json_t *
report_table_row(json_t *table)
{
  json_t *cells = json_array();
  json_array_append_new(json_object_get(table, "rows"), json_pack("{s:o}", "cells", cells));
  return cells;
}

json_t *
report_section_new(const char *id, const char *title, const char *how_to_read)
{
  return json_pack("{s:s, s:s, s:s, s:b, s:[]}", "id", id, "title", title, "how_to_read",
                   how_to_read, "empty", 0, "notes");
}

void
report_section_empty(json_t *s, const char *message)
{
  json_object_set_new(s, "empty", json_true());
  json_object_set_new(s, "empty_message", json_string(message));
  json_object_del(s, "chart");
  json_object_del(s, "table");
}

void
report_section_note(json_t *s, const char *note)
{
  json_array_append_new(json_object_get(s, "notes"), json_string(note));
}
