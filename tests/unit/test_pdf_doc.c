/* test_pdf_doc.c — the printed document: a real PDF (header, trailer,
 * title in the metadata), page breaks when a table runs long (every page
 * read back by poppler), and text that is drawn as text: markup, invalid-looking
 * characters and very long words do not break the layout. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "render/pdf_doc.h"

/* The number of pages as poppler's pdfinfo reads the file: a PDF another
 * program can open.  -1 when it cannot. */
static int
pages_of(GBytes *pdf)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp("spor-pdf-XXXXXX.pdf", &path, NULL);
  g_assert_cmpint(fd, >=, 0);
  close(fd);
  gsize size;
  const char *data = g_bytes_get_data(pdf, &size);
  g_assert_true(g_file_set_contents(path, data, (gssize)size, NULL));
  const char *argv[] = {"pdfinfo", path, NULL};
  g_autofree char *out = NULL;
  int status = 0;
  g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH |
                             G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, NULL));
  g_unlink(path);
  const char *line = out ? strstr(out, "Pages:") : NULL;
  if (!g_spawn_check_wait_status(status, NULL) || line == NULL)
    return -1;
  return atoi(line + strlen("Pages:"));
}

/* How many times needle occurs in the bytes. */
static guint
count(GBytes *bytes, const char *needle)
{
  gsize size;
  const char *data = g_bytes_get_data(bytes, &size);
  gsize n = strlen(needle);
  guint found = 0;
  for (gsize i = 0; i + n <= size; i++)
    if (memcmp(data + i, needle, n) == 0)
      found++;
  return found;
}

static void
test_single_page(void)
{
  PdfDoc *doc = pdf_doc_new("Indsigt: Åse Ørsted", "Udtrukket 23-11-2026");
  pdf_doc_heading(doc, "Borgeren");
  const char *labels[] = {"Fornavn", "Diagnoser"};
  const char *values[] = {"Åse", NULL};
  pdf_doc_fields(doc, labels, values, 2);
  g_autoptr(GBytes) pdf = pdf_doc_finish(doc);
  gsize size;
  const char *data = g_bytes_get_data(pdf, &size);
  g_assert_cmpuint(size, >, 500);
  g_assert_true(g_str_has_prefix(data, "%PDF-"));
  g_assert_cmpuint(count(pdf, "%%EOF"), ==, 1);
  g_assert_cmpint(pages_of(pdf), ==, 1);
}

static void
test_long_table_breaks_pages(void)
{
  PdfDoc *doc = pdf_doc_new("Lang tabel", NULL);
  const char *header[] = {"Nr.", "Tekst", "Dato"};
  enum { ROWS = 300 };
  char **cells = g_new0(char *, ROWS * 3);
  for (int r = 0; r < ROWS; r++) {
    cells[r * 3] = g_strdup_printf("%d", r + 1);
    cells[r * 3 + 1] = r % 7 == 0 ? g_strnfill(400, 'x') /* one word longer than the page */
                                   : g_strdup("<b>ikke fed</b> & \"citeret\" tekst");
    cells[r * 3 + 2] = g_strdup("23-11-2026");
  }
  pdf_doc_table(doc, header, 3, (const char *const *)cells, ROWS);
  g_autofree char *long_text = g_strnfill(20000, 'a');
  pdf_doc_paragraph(doc, long_text);
  double x, y, w;
  cairo_t *cr = pdf_doc_reserve(doc, 200, &x, &y, &w);
  cairo_rectangle(cr, x, y, w, 200);
  cairo_stroke(cr);
  g_autoptr(GBytes) pdf = pdf_doc_finish(doc);
  g_assert_cmpint(pages_of(pdf), >, 5);
  for (int i = 0; i < ROWS * 3; i++)
    g_free(cells[i]);
  g_free(cells);
}

static void
test_empty_table(void)
{
  PdfDoc *doc = pdf_doc_new("Tom", NULL);
  pdf_doc_table(doc, NULL, 0, NULL, 0);
  const char *header[] = {"A"};
  pdf_doc_table(doc, header, 1, NULL, 0);
  g_autoptr(GBytes) pdf = pdf_doc_finish(doc);
  g_assert_cmpint(pages_of(pdf), ==, 1);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/pdf_doc/single_page", test_single_page);
  g_test_add_func("/pdf_doc/long_table_breaks_pages", test_long_table_breaks_pages);
  g_test_add_func("/pdf_doc/empty_table", test_empty_table);
  int status = g_test_run();
  /* Pango and fontconfig keep the fonts they loaded until told to let go;
   * releasing them leaves LeakSanitizer only our own allocations to judge. */
  pango_cairo_font_map_set_default(NULL);
  cairo_debug_reset_static_data();
  FcFini();
  return status;
}
