/* pdf_doc.c — the printed document of pdf_doc.h: a cursor moving down A4
 * pages, a pango layout per block, and a new page when a block does not
 * fit.  All sizes are in points (1/72 inch). */
#include "render/pdf_doc.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <string.h>

#define PAGE_WIDTH 595.276  /* A4 */
#define PAGE_HEIGHT 841.89
#define MARGIN 56.0
#define FOOTER_HEIGHT 24.0
#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define CONTENT_BOTTOM (PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT)
#define LABEL_WIDTH 150.0
#define CELL_PAD 3.0

struct PdfDoc {
  GByteArray *bytes; /* what cairo has written so far */
  cairo_surface_t *surface;
  cairo_t *cr;
  char *title;
  double y;  /* the cursor: where the next block starts */
  int page;  /* 1-based */
};

static cairo_status_t
write_bytes(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A layout of text in the given font ("Sans 10", "Sans Bold 16") that
 * wraps at width; newly allocated. */
static PangoLayout *
layout_new(PdfDoc *doc, const char *text, const char *font, double width)
{
  PangoLayout *layout = pango_cairo_create_layout(doc->cr);
  PangoFontDescription *desc = pango_font_description_from_string(font);
  pango_layout_set_font_description(layout, desc);
  pango_font_description_free(desc);
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text(layout, text != NULL && *text != '\0' ? text : "–", -1);
  return layout;
}

static double
layout_height(PangoLayout *layout)
{
  int w, h;
  pango_layout_get_size(layout, &w, &h);
  return (double)h / PANGO_SCALE;
}

static void
draw_layout(PdfDoc *doc, PangoLayout *layout, double x, double y)
{
  cairo_move_to(doc->cr, x, y);
  pango_cairo_show_layout(doc->cr, layout);
}

static void
draw_footer(PdfDoc *doc)
{
  g_autofree char *text = g_strdup_printf("%s · side %d", doc->title, doc->page);
  PangoLayout *layout = layout_new(doc, text, "Sans 8", CONTENT_WIDTH);
  cairo_set_source_rgb(doc->cr, 0.35, 0.35, 0.35);
  draw_layout(doc, layout, MARGIN, PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT / 2);
  cairo_set_source_rgb(doc->cr, 0, 0, 0);
  g_object_unref(layout);
}

static void
new_page(PdfDoc *doc)
{
  draw_footer(doc);
  cairo_show_page(doc->cr);
  doc->page++;
  doc->y = MARGIN;
}

/* Moves to a new page unless height more fits on this one (a block taller
 * than a page starts a page of its own and runs over its bottom margin). */
static void
need(PdfDoc *doc, double height)
{
  if (doc->y + height > CONTENT_BOTTOM && doc->y > MARGIN)
    new_page(doc);
}

PdfDoc *
pdf_doc_new(const char *title, const char *subtitle)
{
  PdfDoc *doc = g_new0(PdfDoc, 1);
  doc->bytes = g_byte_array_new();
  doc->surface = cairo_pdf_surface_create_for_stream(write_bytes, doc->bytes, PAGE_WIDTH,
                                                     PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_CREATOR, "spor");
  doc->cr = cairo_create(doc->surface);
  doc->title = g_strdup(title);
  doc->page = 1;
  doc->y = MARGIN;
  PangoLayout *layout = layout_new(doc, title, "Sans Bold 18", CONTENT_WIDTH);
  draw_layout(doc, layout, MARGIN, doc->y);
  doc->y += layout_height(layout) + 4;
  g_object_unref(layout);
  if (subtitle != NULL) {
    layout = layout_new(doc, subtitle, "Sans 10", CONTENT_WIDTH);
    cairo_set_source_rgb(doc->cr, 0.3, 0.3, 0.3);
    draw_layout(doc, layout, MARGIN, doc->y);
    cairo_set_source_rgb(doc->cr, 0, 0, 0);
    doc->y += layout_height(layout);
    g_object_unref(layout);
  }
  doc->y += 14;
  return doc;
}

void
pdf_doc_heading(PdfDoc *doc, const char *text)
{
  PangoLayout *layout = layout_new(doc, text, "Sans Bold 13", CONTENT_WIDTH);
  double h = layout_height(layout);
  need(doc, h + 40); /* a heading never ends a page alone */
  doc->y += 8;
  draw_layout(doc, layout, MARGIN, doc->y);
  doc->y += h + 6;
  g_object_unref(layout);
}

void
pdf_doc_paragraph(PdfDoc *doc, const char *text)
{
  PangoLayout *layout = layout_new(doc, text, "Sans 10", CONTENT_WIDTH);
  double h = layout_height(layout);
  need(doc, h);
  draw_layout(doc, layout, MARGIN, doc->y);
  doc->y += h + 6;
  g_object_unref(layout);
}

void
pdf_doc_fields(PdfDoc *doc, const char *const *labels, const char *const *values, gsize n)
{
  for (gsize i = 0; i < n; i++) {
    PangoLayout *label = layout_new(doc, labels[i], "Sans Bold 9", LABEL_WIDTH - 8);
    PangoLayout *value = layout_new(doc, values[i], "Sans 9", CONTENT_WIDTH - LABEL_WIDTH);
    double h = MAX(layout_height(label), layout_height(value));
    need(doc, h);
    draw_layout(doc, label, MARGIN, doc->y);
    draw_layout(doc, value, MARGIN + LABEL_WIDTH, doc->y);
    doc->y += h + 2;
    g_object_unref(label);
    g_object_unref(value);
  }
  doc->y += 6;
}

/* The height of one table row of cells in font, padding included. */
static double
row_height(PdfDoc *doc, const char *const *cells, const double *widths, gsize n_columns,
           const char *font)
{
  double h = 0;
  for (gsize c = 0; c < n_columns; c++) {
    PangoLayout *layout = layout_new(doc, cells[c], font, widths[c] - 2 * CELL_PAD);
    h = MAX(h, layout_height(layout));
    g_object_unref(layout);
  }
  return h + 2 * CELL_PAD;
}

/* Draws one row of cells at the cursor (shaded for a header) with a rule
 * under it, and moves the cursor below it. */
static void
table_row(PdfDoc *doc, const char *const *cells, const double *widths, gsize n_columns,
          const char *font, gboolean shaded)
{
  double h = row_height(doc, cells, widths, n_columns, font);
  if (shaded) {
    cairo_set_source_rgb(doc->cr, 0.92, 0.92, 0.92);
    cairo_rectangle(doc->cr, MARGIN, doc->y, CONTENT_WIDTH, h);
    cairo_fill(doc->cr);
    cairo_set_source_rgb(doc->cr, 0, 0, 0);
  }
  double x = MARGIN;
  for (gsize c = 0; c < n_columns; c++) {
    PangoLayout *layout = layout_new(doc, cells[c], font, widths[c] - 2 * CELL_PAD);
    draw_layout(doc, layout, x + CELL_PAD, doc->y + CELL_PAD);
    g_object_unref(layout);
    x += widths[c];
  }
  cairo_set_line_width(doc->cr, 0.4);
  cairo_set_source_rgb(doc->cr, 0.7, 0.7, 0.7);
  cairo_move_to(doc->cr, MARGIN, doc->y + h);
  cairo_line_to(doc->cr, MARGIN + CONTENT_WIDTH, doc->y + h);
  cairo_stroke(doc->cr);
  cairo_set_source_rgb(doc->cr, 0, 0, 0);
  doc->y += h;
}

/* The width a text takes on one line in font. */
static double
natural_width(PdfDoc *doc, const char *text, const char *font)
{
  PangoLayout *layout = layout_new(doc, text, font, CONTENT_WIDTH);
  pango_layout_set_width(layout, -1);
  int w, h;
  pango_layout_get_size(layout, &w, &h);
  g_object_unref(layout);
  return (double)w / PANGO_SCALE + 2 * CELL_PAD;
}

/* The width of the longest word of text in font: narrower, a cell would
 * have to break inside a word (a date, a name). */
static double
word_width(PdfDoc *doc, const char *text, const char *font)
{
  PangoLayout *layout = layout_new(doc, text, font, 1);
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
  PangoRectangle ink, logical;
  pango_layout_get_extents(layout, &ink, &logical);
  g_object_unref(layout);
  return (double)logical.width / PANGO_SCALE + 2 * CELL_PAD;
}

/* Column widths that add up to the content width: a column whose widest
 * cell fits in its fair share of what is left keeps that width; the
 * others share the rest in proportion to what they would like, but none
 * gets narrower than its longest word of a row (when the page allows). */
static void
column_widths(PdfDoc *doc, const char *const *header, gsize n_columns,
              const char *const *cells, gsize n_rows, double *widths)
{
  g_autofree gboolean *fixed = g_new0(gboolean, n_columns);
  g_autofree double *words = g_new0(double, n_columns);
  for (gsize c = 0; c < n_columns; c++) {
    double w = natural_width(doc, header[c], "Sans Bold 8");
    for (gsize r = 0; r < n_rows; r++) {
      const char *cell = cells[r * n_columns + c];
      w = MAX(w, natural_width(doc, cell, "Sans 8"));
      words[c] = MAX(words[c], word_width(doc, cell, "Sans 8"));
    }
    widths[c] = w;
  }
  double left = CONTENT_WIDTH;
  gsize open = n_columns;
  for (gboolean changed = TRUE; changed && open > 0;) {
    changed = FALSE;
    double fair = left / (double)open;
    for (gsize c = 0; c < n_columns; c++)
      if (!fixed[c] && widths[c] <= fair) {
        fixed[c] = TRUE;
        left -= widths[c];
        open--;
        changed = TRUE;
      }
  }
  double wanted = 0;
  for (gsize c = 0; c < n_columns; c++)
    if (!fixed[c])
      wanted += widths[c];
  for (gsize c = 0; c < n_columns; c++)
    if (!fixed[c])
      widths[c] *= left / wanted;
    else if (open == 0)
      widths[c] += left / (double)n_columns; /* everything fits: spread the rest */
  /* Widen the columns that would break a word, at the cost of those with
   * room above their own longest word. */
  double deficit = 0, room = 0;
  for (gsize c = 0; c < n_columns; c++) {
    if (widths[c] < words[c])
      deficit += words[c] - widths[c];
    else
      room += widths[c] - words[c];
  }
  if (deficit <= 0 || room <= 0)
    return;
  double take = MIN(deficit, room);
  for (gsize c = 0; c < n_columns; c++) {
    if (widths[c] < words[c])
      widths[c] += (words[c] - widths[c]) * take / deficit;
    else
      widths[c] -= (widths[c] - words[c]) * take / room;
  }
}

void
pdf_doc_table(PdfDoc *doc, const char *const *header, gsize n_columns,
              const char *const *cells, gsize n_rows)
{
  if (n_columns == 0)
    return;
  g_autofree double *widths = g_new(double, n_columns);
  column_widths(doc, header, n_columns, cells, n_rows, widths);
  double header_h = row_height(doc, header, widths, n_columns, "Sans Bold 8");
  need(doc, header_h + 40);
  table_row(doc, header, widths, n_columns, "Sans Bold 8", TRUE);
  for (gsize r = 0; r < n_rows; r++) {
    const char *const *row = cells + r * n_columns;
    double h = row_height(doc, row, widths, n_columns, "Sans 8");
    if (doc->y + h > CONTENT_BOTTOM) {
      /* Every page of a table starts with its header. */
      new_page(doc);
      table_row(doc, header, widths, n_columns, "Sans Bold 8", TRUE);
    }
    table_row(doc, row, widths, n_columns, "Sans 8", FALSE);
  }
  doc->y += 10;
}

cairo_t *
pdf_doc_reserve(PdfDoc *doc, double height, double *out_x, double *out_y, double *out_width)
{
  need(doc, height);
  *out_x = MARGIN;
  *out_y = doc->y;
  *out_width = CONTENT_WIDTH;
  doc->y += height + 10;
  return doc->cr;
}

GBytes *
pdf_doc_finish(PdfDoc *doc)
{
  draw_footer(doc);
  cairo_destroy(doc->cr);
  cairo_surface_finish(doc->surface);
  cairo_surface_destroy(doc->surface);
  g_free(doc->title);
  GBytes *pdf = g_byte_array_free_to_bytes(doc->bytes);
  g_free(doc);
  return pdf;
}
