/* report_export.c — the files of a report: CSV, XLSX, PDF and stand-alone
 * HTML, each made from the report model alone (reports.h). */
#include "domain/report_export.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/i18n.h"
#include "render/chart.h"
#include "render/chart_cairo.h"
#include "render/pdf_doc.h"
#include "render/template.h"

#define SECTIONS(r) json_object_get((r), "sections")

static const char *
str(const json_t *o, const char *key)
{
  const char *s = json_string_value(json_object_get(o, key));
  return s != NULL ? s : "";
}

/* "Periode: 01-01-2026 – 31-12-2026 · Instrument: … · k = 5"; newly allocated. */
static char *
subtitle(const json_t *r)
{
  const json_t *p = json_object_get(r, "period");
  /* A report with no instrument or subgroup says what it covers itself. */
  if (json_is_string(json_object_get(r, "subtitle")))
    return g_strdup(str(r, "subtitle"));
  return g_strdup_printf(_("Periode %s – %s · %s · opdelt på %s · celler under %d borgere "
                           "er skjult"),
                         str(p, "from_display"), str(p, "to_display"),
                         str(json_object_get(r, "instrument"), "name"), str(r, "by_label"),
                         (int)json_integer_value(json_object_get(r, "k")));
}

char *
report_file_name(const json_t *r, const char *extension)
{
  const json_t *p = json_object_get(r, "period");
  return g_strdup_printf("spor-%s-%s-%s.%s", str(r, "report"), str(p, "from"), str(p, "to"),
                         extension);
}

/* ---- CSV ------------------------------------------------------------------------- */

static void
csv_field(GString *o, const char *text)
{
  if (strpbrk(text, ",\"\r\n") == NULL) {
    g_string_append(o, text);
    return;
  }
  g_string_append_c(o, '"');
  for (const char *s = text; *s; s++) {
    if (*s == '"')
      g_string_append_c(o, '"');
    g_string_append_c(o, *s);
  }
  g_string_append_c(o, '"');
}

/* A cell as the CSV holds it: the number with a point, or the text. */
static void
csv_cell(GString *o, const json_t *cell)
{
  const json_t *v = json_object_get(cell, "value");
  if (json_is_integer(v))
    g_string_append_printf(o, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
  else if (json_is_real(v)) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, "%.4f", json_real_value(v));
    g_string_append(o, buf);
  } else
    csv_field(o, str(cell, "text"));
}

GBytes *
report_csv(const json_t *r)
{
  GString *o = g_string_new("\xEF\xBB\xBF");
  csv_field(o, str(r, "title"));
  g_string_append(o, "\r\n");
  g_autofree char *sub = subtitle(r);
  csv_field(o, sub);
  g_string_append(o, "\r\n\r\n");
  size_t i;
  const json_t *s;
  json_array_foreach(SECTIONS(r), i, s) {
    csv_field(o, str(s, "title"));
    g_string_append(o, "\r\n");
    const json_t *t = json_object_get(s, "table");
    if (t == NULL) {
      csv_field(o, json_is_true(json_object_get(s, "empty")) ? str(s, "empty_message") : "");
      g_string_append(o, "\r\n\r\n");
      continue;
    }
    size_t j;
    const json_t *col;
    json_array_foreach(json_object_get(t, "columns"), j, col) {
      if (j > 0)
        g_string_append_c(o, ',');
      csv_field(o, str(col, "label"));
    }
    g_string_append(o, "\r\n");
    const json_t *row;
    json_array_foreach(json_object_get(t, "rows"), j, row) {
      size_t c;
      const json_t *cell;
      json_array_foreach(json_object_get(row, "cells"), c, cell) {
        if (c > 0)
          g_string_append_c(o, ',');
        csv_cell(o, cell);
      }
      g_string_append(o, "\r\n");
    }
    g_string_append(o, "\r\n");
  }
  gsize len = o->len;
  return g_bytes_new_take(g_string_free(o, FALSE), len);
}

/* ---- XLSX ------------------------------------------------------------------------ */

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\,
 * unique in the workbook (a number added when needed). */
static char *
sheet_name(const char *title, guint index)
{
  GString *o = g_string_new(NULL);
  for (const char *s = title; *s && g_utf8_strlen(o->str, -1) < 26; s = g_utf8_next_char(s)) {
    gunichar c = g_utf8_get_char(s);
    if (strchr("[]:*?/\\'", (int)(c < 128 ? c : 'a')) != NULL && c < 128)
      c = ' ';
    g_string_append_unichar(o, c);
  }
  g_string_append_printf(o, " %u", index);
  return g_string_free(o, FALSE);
}

GBytes *
report_xlsx(const json_t *r, GError **error)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp("spor-report-XXXXXX.xlsx", &path, error);
  if (fd < 0)
    return NULL;
  close(fd);
  lxw_workbook_options options = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
  lxw_workbook *wb = workbook_new_opt(path, &options);
  if (wb == NULL) {
    g_unlink(path);
    g_set_error_literal(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                        "Regnearket kunne ikke oprettes.");
    return NULL;
  }
  lxw_format *bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format *title_format = workbook_add_format(wb);
  format_set_bold(title_format);
  format_set_font_size(title_format, 14);
  lxw_format *decimal = workbook_add_format(wb);
  format_set_num_format(decimal, "0.00");

  lxw_worksheet *front = workbook_add_worksheet(wb, "Rapport");
  worksheet_write_string(front, 0, 0, str(r, "title"), title_format);
  g_autofree char *sub = subtitle(r);
  worksheet_write_string(front, 1, 0, sub, NULL);
  worksheet_write_string(front, 2, 0, str(r, "summary"), NULL);
  worksheet_set_column(front, 0, 0, 90, NULL);
  size_t i;
  const json_t *s;
  lxw_row_t line = 4;
  json_array_foreach(SECTIONS(r), i, s) {
    worksheet_write_string(front, line++, 0, str(s, "title"), bold);
    worksheet_write_string(front, line++, 0,
                           json_is_true(json_object_get(s, "empty")) ? str(s, "empty_message")
                                                                    : str(s, "how_to_read"),
                           NULL);
    const json_t *t = json_object_get(s, "table");
    if (t == NULL)
      continue;
    g_autofree char *name = sheet_name(str(s, "title"), (guint)i + 1);
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (ws == NULL)
      continue;
    worksheet_write_string(ws, 0, 0, str(s, "title"), title_format);
    size_t j;
    const json_t *col;
    json_array_foreach(json_object_get(t, "columns"), j, col) {
      worksheet_write_string(ws, 2, (lxw_col_t)j, str(col, "label"), bold);
      worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, j == 0 ? 32 : 16, NULL);
    }
    const json_t *row;
    json_array_foreach(json_object_get(t, "rows"), j, row) {
      size_t c;
      const json_t *cell;
      json_array_foreach(json_object_get(row, "cells"), c, cell) {
        const json_t *v = json_object_get(cell, "value");
        lxw_row_t rr = (lxw_row_t)(3 + j);
        if (json_is_integer(v))
          worksheet_write_number(ws, rr, (lxw_col_t)c, (double)json_integer_value(v), NULL);
        else if (json_is_real(v))
          worksheet_write_number(ws, rr, (lxw_col_t)c, json_real_value(v), decimal);
        else
          worksheet_write_string(ws, rr, (lxw_col_t)c, str(cell, "text"), NULL);
      }
    }
    size_t n_notes = json_array_size(json_object_get(s, "notes"));
    for (size_t k = 0; k < n_notes; k++)
      worksheet_write_string(ws, (lxw_row_t)(4 + json_array_size(json_object_get(t, "rows")) + k),
                             0, json_string_value(json_array_get(json_object_get(s, "notes"), k)),
                             NULL);
  }
  lxw_error rc = workbook_close(wb);
  if (rc != LXW_NO_ERROR) {
    g_unlink(path);
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "Regnearket kunne ikke skrives: %s",
                lxw_strerror(rc));
    return NULL;
  }
  char *data = NULL;
  gsize len = 0;
  gboolean ok = g_file_get_contents(path, &data, &len, error);
  g_unlink(path);
  return ok ? g_bytes_new_take(data, len) : NULL;
}

/* ---- PDF ------------------------------------------------------------------------- */

/* The height a chart takes at width: drawn once on a recording surface. */
static double
chart_height(const json_t *chart, double width)
{
  cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create(rec);
  double h = chart_cairo_draw(cr, chart, 0, 0, width, FALSE, NULL);
  cairo_destroy(cr);
  cairo_surface_destroy(rec);
  return h;
}

static void
pdf_table(PdfDoc *doc, const json_t *t)
{
  const json_t *cols = json_object_get(t, "columns"), *rows = json_object_get(t, "rows");
  gsize nc = json_array_size(cols), nr = json_array_size(rows);
  const char **header = g_new0(const char *, nc);
  const char **cells = g_new0(const char *, MAX(nc * nr, 1));
  for (gsize c = 0; c < nc; c++)
    header[c] = str(json_array_get(cols, c), "label");
  for (gsize r = 0; r < nr; r++) {
    const json_t *rc = json_object_get(json_array_get(rows, r), "cells");
    for (gsize c = 0; c < nc; c++)
      cells[r * nc + c] = json_string_value(json_object_get(json_array_get(rc, c), "text"));
  }
  pdf_doc_table(doc, header, nc, cells, nr);
  g_free(header);
  g_free(cells);
}

GBytes *
report_pdf(const json_t *r, GError **error)
{
  g_autofree char *sub = subtitle(r);
  PdfDoc *doc = pdf_doc_new(str(r, "title"), sub);
  pdf_doc_paragraph(doc, str(r, "summary"));
  size_t i;
  const json_t *s;
  json_array_foreach(SECTIONS(r), i, s) {
    pdf_doc_heading(doc, str(s, "title"));
    if (json_is_true(json_object_get(s, "empty"))) {
      pdf_doc_paragraph(doc, str(s, "empty_message"));
      continue;
    }
    g_autofree char *read = g_strdup_printf("%s %s", _("Sådan læses figuren:"),
                                            str(s, "how_to_read"));
    pdf_doc_paragraph(doc, read);
    const json_t *chart = json_object_get(s, "chart");
    if (chart != NULL) {
      double x, y, w;
      double h = chart_height(chart, 499);
      if (h > 0) {
        cairo_t *cr = pdf_doc_reserve(doc, h + 8, &x, &y, &w);
        if (chart_cairo_draw(cr, chart, x, y, w, FALSE, error) < 0) {
          GBytes *partial = pdf_doc_finish(doc);
          g_bytes_unref(partial);
          return NULL;
        }
      }
    }
    const json_t *t = json_object_get(s, "table");
    if (t != NULL)
      pdf_table(doc, t);
    size_t k;
    const json_t *note;
    json_array_foreach(json_object_get(s, "notes"), k, note)
      pdf_doc_paragraph(doc, json_string_value(note));
  }
  return pdf_doc_finish(doc);
}

/* ---- HTML ------------------------------------------------------------------------ */

static void
esc(GString *o, const char *text)
{
  template_escape_html(o, text, -1);
}

char *
report_html(const json_t *r, GError **error)
{
  GString *o = g_string_new("<!DOCTYPE html>\n<html lang=\"");
  g_string_append(o, spor_i18n_current() == SPOR_LANG_EN ? "en" : "da");
  g_string_append(o, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  esc(o, str(r, "title"));
  g_string_append(o,
                  "</title>\n<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;"
                  "padding:0 1rem;color:#1b1f24}table{border-collapse:collapse;margin:1rem 0}"
                  "th,td{border-bottom:1px solid #d5dbe1;padding:.25rem .5rem;text-align:left}"
                  "td.num{text-align:right}svg{max-width:100%;height:auto}"
                  ".how{background:#f3f5f7;padding:.5rem 1rem}</style>\n</head>\n<body>\n<h1>");
  esc(o, str(r, "title"));
  g_string_append(o, "</h1>\n<p>");
  g_autofree char *sub = subtitle(r);
  esc(o, sub);
  g_string_append(o, "</p>\n");
  size_t i;
  const json_t *s;
  json_array_foreach(SECTIONS(r), i, s) {
    g_string_append(o, "<section>\n<h2>");
    esc(o, str(s, "title"));
    g_string_append(o, "</h2>\n");
    if (json_is_true(json_object_get(s, "empty"))) {
      g_string_append(o, "<p>");
      esc(o, str(s, "empty_message"));
      g_string_append(o, "</p>\n</section>\n");
      continue;
    }
    const json_t *chart = json_object_get(s, "chart");
    if (chart != NULL) {
      g_autofree char *svg = chart_svg(chart, error);
      if (svg == NULL) {
        g_string_free(o, TRUE);
        return NULL;
      }
      g_string_append(o, svg);
    }
    g_string_append(o, "<div class=\"how\"><h3>");
    esc(o, _("Sådan læses figuren"));
    g_string_append(o, "</h3><p>");
    esc(o, str(s, "how_to_read"));
    g_string_append(o, "</p></div>\n");
    const json_t *t = json_object_get(s, "table");
    if (t != NULL) {
      g_string_append(o, "<table>\n<thead><tr>");
      size_t j;
      const json_t *col;
      json_array_foreach(json_object_get(t, "columns"), j, col) {
        g_string_append(o, "<th scope=\"col\">");
        esc(o, str(col, "label"));
        g_string_append(o, "</th>");
      }
      g_string_append(o, "</tr></thead>\n<tbody>\n");
      const json_t *row;
      json_array_foreach(json_object_get(t, "rows"), j, row) {
        g_string_append(o, "<tr>");
        size_t c;
        const json_t *cell;
        json_array_foreach(json_object_get(row, "cells"), c, cell) {
          gboolean head = json_is_true(json_object_get(cell, "header"));
          g_string_append(o, head ? "<th scope=\"row\">" : "<td class=\"num\">");
          esc(o, str(cell, "text"));
          g_string_append(o, head ? "</th>" : "</td>");
        }
        g_string_append(o, "</tr>\n");
      }
      g_string_append(o, "</tbody>\n</table>\n");
    }
    size_t k;
    const json_t *note;
    json_array_foreach(json_object_get(s, "notes"), k, note) {
      g_string_append(o, "<p>");
      esc(o, json_string_value(note));
      g_string_append(o, "</p>\n");
    }
    g_string_append(o, "</section>\n");
  }
  g_string_append(o, "</body>\n</html>\n");
  return g_string_free(o, FALSE);
}
