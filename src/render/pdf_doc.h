/* pdf_doc.h — a simple printed document as PDF, drawn with cairo and laid
 * out with pango: A4 pages with a title, headings, paragraphs, label and
 * value lines and plain tables, page breaks where the text needs them, and
 * a footer with the title and "side N" on every page.  For exports and
 * reports that are read on paper.
 *
 *   PdfDoc *doc = pdf_doc_new("Indsigt: Anna Jensen", "Udskrevet 23-11-2026");
 *   pdf_doc_heading(doc, "Forløb");
 *   pdf_doc_paragraph(doc, "…");
 *   GBytes *pdf = pdf_doc_finish(doc);   // doc is freed
 *
 * Text is UTF-8 and drawn as text (never markup), so nothing in it can
 * change the layout. */
#pragma once

#include <cairo.h>
#include <glib.h>

typedef struct PdfDoc PdfDoc;

/* A new document; title on the first page and in every footer and the PDF's
 * metadata, subtitle (may be NULL) under the title. */
PdfDoc *pdf_doc_new(const char *title, const char *subtitle);

void pdf_doc_heading(PdfDoc *doc, const char *text);
void pdf_doc_paragraph(PdfDoc *doc, const char *text);
/* Lines of "label   value", labels in a column of their own; a NULL or
 * empty value shows as "–". */
void pdf_doc_fields(PdfDoc *doc, const char *const *labels, const char *const *values, gsize n);
/* A table with a header row; cells[row * n_columns + column], NULL as "–".
 * Columns share the width equally; a long cell wraps. */
void pdf_doc_table(PdfDoc *doc, const char *const *header, gsize n_columns,
                   const char *const *cells, gsize n_rows);

/* Room for a drawing of the given height (points): starts a new page when
 * it does not fit, and returns the cairo context with *out_x, *out_y, and
 * *out_width set to where to draw.  The context belongs to the document. */
cairo_t *pdf_doc_reserve(PdfDoc *doc, double height, double *out_x, double *out_y,
                         double *out_width);

/* Ends the document and frees it; the PDF file's bytes, newly allocated. */
GBytes *pdf_doc_finish(PdfDoc *doc);
