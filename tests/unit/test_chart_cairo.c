/* test_chart_cairo.c — charts drawn with cairo and pango: a PDF that is a
 * real PDF (it starts with %PDF, poppler's pdftoppm renders it to a PNG
 * that is not blank, and pdftotext finds the title, the axis names and the
 * table's numbers in it as text), a PNG of the asked width in the series'
 * colours, both kinds of chart, and an invalid model refused with nothing
 * drawn. */
#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>

#include "core/i18n.h"
#include "render/chart.h"

#define RADAR                                                                              \
  "{\"kind\": \"radar\", \"title\": \"Lovende praksis – spindelvæv\","                     \
  " \"description\": \"Elementernes score i procent af det mulige.\","                     \
  " \"axes\": [\"Teori og viden\", \"Virkning\", \"Beskrivelse\", \"Mål\","                \
  " \"Overførbarhed\", \"Økonomi\"], \"r_min\": 0, \"r_max\": 100, \"r_step\": 20,"        \
  " \"value_label\": \"Score (%)\", \"series\": ["                                          \
  " {\"name\": \"12-03-2025\", \"values\": [40, 55.5, 70, null, 35, 90]},"                 \
  " {\"name\": \"02-03-2026\", \"values\": [60, 65, 80, 45, 50, 95]}]}"

#define LINE                                                                               \
  "{\"kind\": \"line\", \"title\": \"Livsområder over tid\", \"x_label\": \"Måling\","      \
  " \"y_label\": \"Score\", \"x\": [\"03-01-2026\", \"02-04-2026\", \"01-07-2026\"],"      \
  " \"y_min\": 0, \"y_max\": 4, \"y_step\": 1, \"y_direction\": \"lower_is_better\","     \
  " \"series\": [{\"name\": \"Egenomsorg\", \"values\": [3, 2.5, null]}],"                 \
  " \"reference_lines\": [{\"value\": 1, \"label\": \"Mål\"}]}"

static json_t *
load(const char *text)
{
  json_error_t jerr;
  json_t *m = json_loads(text, 0, &jerr);
  if (m == NULL)
    g_error("bad test JSON: %s", jerr.text);
  return m;
}

/* Counts the pixels of a PNG surface that are not (nearly) white, and
 * those close to the colour rgb. */
static void
pixels(cairo_surface_t *png, guint rgb, gsize *out_ink, gsize *out_colour)
{
  g_assert_cmpint(cairo_surface_status(png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush(png);
  int w = cairo_image_surface_get_width(png), h = cairo_image_surface_get_height(png);
  int stride = cairo_image_surface_get_stride(png);
  const guchar *data = cairo_image_surface_get_data(png);
  cairo_format_t format = cairo_image_surface_get_format(png);
  g_assert_true(format == CAIRO_FORMAT_RGB24 || format == CAIRO_FORMAT_ARGB32);
  *out_ink = *out_colour = 0;
  int want_r = (rgb >> 16) & 0xff, want_g = (rgb >> 8) & 0xff, want_b = rgb & 0xff;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      guint32 px = *(const guint32 *)(data + y * stride + x * 4);
      int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
      if (format == CAIRO_FORMAT_ARGB32 && ((px >> 24) & 0xff) == 0)
        continue; /* transparent */
      if (r < 240 || g < 240 || b < 240)
        (*out_ink)++;
      if (ABS(r - want_r) < 24 && ABS(g - want_g) < 24 && ABS(b - want_b) < 24)
        (*out_colour)++;
    }
}

/* Runs a command line; its standard output (newly allocated). */
static char *
run(const char *const *argv)
{
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  GError *error = NULL;
  g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                             &err, &status, &error));
  g_assert_no_error(error);
  if (!g_spawn_check_wait_status(status, &error))
    g_error("%s failed: %s: %s", argv[0], error->message, err);
  return g_steal_pointer(&out);
}

static void
check_pdf(const char *model, const char *const *texts)
{
  json_t *m = load(model);
  GError *error = NULL;
  g_autoptr(GBytes) pdf = chart_pdf(m, &error);
  json_decref(m);
  g_assert_no_error(error);
  g_assert_nonnull(pdf);
  gsize len;
  const char *data = g_bytes_get_data(pdf, &len);
  g_assert_cmpuint(len, >, 1000);
  g_assert_true(len > 5 && memcmp(data, "%PDF-", 5) == 0);
  g_assert_nonnull(memmem(data + len - MIN(len, 32), MIN(len, 32), "%%EOF", 5));

  g_autofree char *dir = g_dir_make_tmp("spor-cairo-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree char *file = g_build_filename(dir, "chart.pdf", NULL);
  g_autofree char *stem = g_build_filename(dir, "page", NULL);
  g_autofree char *png_file = g_build_filename(dir, "page.png", NULL);
  g_assert_true(g_file_set_contents(file, data, (gssize)len, &error));
  /* poppler renders the page… */
  const char *const render[] = {"pdftoppm", "-png", "-r", "60", "-singlefile", file, stem, NULL};
  g_free(run(render));
  cairo_surface_t *page = cairo_image_surface_create_from_png(png_file);
  gsize ink = 0, blue = 0;
  pixels(page, 0x0072B2, &ink, &blue);
  int w = cairo_image_surface_get_width(page), h = cairo_image_surface_get_height(page);
  cairo_surface_destroy(page);
  g_assert_cmpint(w, >, 400);                     /* A4 at 60 dpi: 496 × 702 */
  g_assert_cmpint(h, >, w);
  g_assert_cmpuint(ink, >, (gsize)(w * h) / 100); /* not blank */
  g_assert_cmpuint(blue, >, 20);                  /* the first series */
  /* …and finds the text as text. */
  const char *const totext[] = {"pdftotext", "-enc", "UTF-8", file, "-", NULL};
  g_autofree char *text = run(totext);
  for (guint i = 0; texts[i] != NULL; i++)
    if (strstr(text, texts[i]) == NULL)
      g_error("'%s' is not in the PDF's text:\n%s", texts[i], text);
  g_unlink(file);
  g_unlink(png_file);
  g_rmdir(dir);
}

static void
test_radar_pdf(void)
{
  spor_i18n_use(SPOR_LANG_DA);
  check_pdf(RADAR, (const char *const[]){"Lovende praksis – spindelvæv", "Teori og viden",
                                         "Overførbarhed", "Økonomi", "12-03-2025", "02-03-2026",
                                         "Tabel over data", "55,5", "Score (%)", NULL});
}

static void
test_line_pdf(void)
{
  spor_i18n_use(SPOR_LANG_DA);
  check_pdf(LINE, (const char *const[]){"Livsområder over tid", "Egenomsorg", "03-01-2026",
                                        "2,5", "Lavere er bedre", "Mål", NULL});
}

static void
test_png(void)
{
  for (guint k = 0; k < 2; k++) {
    json_t *m = load(k == 0 ? RADAR : LINE);
    GError *error = NULL;
    g_autoptr(GBytes) png = chart_png(m, 900, &error);
    json_decref(m);
    g_assert_no_error(error);
    gsize len;
    const guchar *data = g_bytes_get_data(png, &len);
    static const guchar signature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    g_assert_true(len > sizeof signature && memcmp(data, signature, sizeof signature) == 0);
    g_autofree char *dir = g_dir_make_tmp("spor-cairo-XXXXXX", &error);
    g_autofree char *file = g_build_filename(dir, "chart.png", NULL);
    g_assert_true(g_file_set_contents(file, (const char *)data, (gssize)len, &error));
    cairo_surface_t *surface = cairo_image_surface_create_from_png(file);
    g_assert_cmpint(cairo_image_surface_get_width(surface), ==, 900);
    g_assert_cmpint(cairo_image_surface_get_height(surface), >, 300);
    gsize ink = 0, blue = 0, orange = 0;
    pixels(surface, 0x0072B2, &ink, &blue);
    if (k == 0)
      pixels(surface, 0xD55E00, &ink, &orange);
    cairo_surface_destroy(surface);
    g_assert_cmpuint(ink, >, 5000);
    g_assert_cmpuint(blue, >, 50);
    if (k == 0)
      g_assert_cmpuint(orange, >, 50); /* the second series of the web */
    g_unlink(file);
    g_rmdir(dir);
  }
}

static void
test_invalid(void)
{
  json_t *m = load("{\"kind\": \"radar\", \"title\": \"T\", \"axes\": [\"a\", \"b\"],"
                   " \"r_min\": 0, \"r_max\": 1, \"series\": []}");
  GError *error = NULL;
  g_assert_null(chart_pdf(m, &error));
  g_assert_error(error, CHART_ERROR, CHART_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_null(chart_png(m, 600, &error));
  g_assert_error(error, CHART_ERROR, CHART_ERROR_INVALID);
  g_clear_error(&error);
  json_decref(m);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  spor_i18n_init();
  g_test_add_func("/chart/cairo/radar-pdf", test_radar_pdf);
  g_test_add_func("/chart/cairo/line-pdf", test_line_pdf);
  g_test_add_func("/chart/cairo/png", test_png);
  g_test_add_func("/chart/cairo/invalid", test_invalid);
  return g_test_run();
}
