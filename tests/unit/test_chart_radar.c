/* test_chart_radar.c — the radar chart (spider web) as SVG and table:
 * structure and accessibility, exact geometry of rings, spokes and values,
 * gaps, clamping, wrapped and shortened axis names, escaping, number
 * formats in both languages, well-formed XML without inline style or
 * script, two series told apart without colour, and every kind of invalid
 * model. */
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "core/i18n.h"
#include "render/chart.h"

/* Models in this file are written with ' for ", which load() turns back. */
#define BASE_MODEL                                                                        \
  "{'kind': 'radar', 'title': 'Lovende praksis', 'description': 'Score for 4 elementer',"  \
  " 'axes': ['Teori og viden', 'Virkning', 'Beskrivelse', 'Mål'],"                          \
  " 'r_min': 0, 'r_max': 100, 'r_step': 25, 'value_label': 'Score (%)',"                    \
  " 'series': [{'name': '2025', 'values': [100, 50, 0, 62.5]}]}"

/* The geometry the renderer promises (chart_radar_svg.c): the web's
 * centre x and radius, and the centre's y for one-line top labels. */
#define CX 360.0
#define R 190.0
#define CY (28.0 + 14.0 + 12.0 + R)

static json_t *
load(const char *text)
{
  json_error_t jerr;
  g_autofree char *json = g_strdelimit(g_strdup(text), "'", '"');
  json_t *m = json_loads(json, 0, &jerr);
  if (m == NULL)
    g_error("bad test JSON: %s: %s", jerr.text, text);
  return m;
}

static char *
render_text(const char *text)
{
  json_t *m = load(text);
  GError *error = NULL;
  char *out = chart_radar_svg(m, &error);
  g_assert_no_error(error);
  g_assert_nonnull(out);
  json_decref(m);
  return out;
}

static guint
count(const char *haystack, const char *needle)
{
  guint n = 0;
  for (const char *p = strstr(haystack, needle); p != NULL; p = strstr(p + 1, needle))
    n++;
  return n;
}

/* Well-formed XML, nothing unsafe, every coordinate inside the viewBox. */
typedef struct {
  double w, h;
  guint unsafe, outside, texts;
} Scan;

static void
scan_start(G_GNUC_UNUSED GMarkupParseContext *ctx, const char *element, const char **names,
           const char **values, gpointer data, G_GNUC_UNUSED GError **error)
{
  Scan *sc = data;
  if (strcmp(element, "text") == 0)
    sc->texts++;
  if (strcmp(element, "script") == 0 || strcmp(element, "style") == 0 ||
      strcmp(element, "foreignObject") == 0)
    sc->unsafe++;
  for (guint i = 0; names[i] != NULL; i++) {
    const char *n = names[i];
    if (strcmp(n, "style") == 0 || g_str_has_prefix(n, "on") || strstr(n, "href") != NULL)
      sc->unsafe++;
    if (strcmp(element, "svg") == 0 && strcmp(n, "viewBox") == 0) {
      g_assert_cmpint(sscanf(values[i], "0 0 %lf %lf", &sc->w, &sc->h), ==, 2);
    } else if (strcmp(n, "x") == 0 || strcmp(n, "x1") == 0 || strcmp(n, "x2") == 0 ||
               strcmp(n, "cx") == 0) {
      double v = g_ascii_strtod(values[i], NULL);
      sc->outside += v < 0 || v > sc->w;
    } else if (strcmp(n, "y") == 0 || strcmp(n, "y1") == 0 || strcmp(n, "y2") == 0 ||
               strcmp(n, "cy") == 0) {
      double v = g_ascii_strtod(values[i], NULL);
      sc->outside += v < 0 || v > sc->h;
    }
  }
}

static void
check_svg(const char *out, Scan *sc)
{
  const char *start = strstr(out, "<svg"), *end = strstr(out, "</svg>");
  g_assert_nonnull(start);
  g_assert_nonnull(end);
  g_autofree char *svg = g_strndup(start, (gsize)(end - start) + strlen("</svg>"));
  static const GMarkupParser parser = {scan_start, NULL, NULL, NULL, NULL};
  *sc = (Scan){0};
  GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, sc, NULL);
  GError *error = NULL;
  g_assert_true(g_markup_parse_context_parse(ctx, svg, -1, &error) &&
                g_markup_parse_context_end_parse(ctx, &error));
  g_assert_no_error(error);
  g_markup_parse_context_free(ctx);
  g_assert_cmpuint(sc->unsafe, ==, 0);
  g_assert_cmpuint(sc->outside, ==, 0);
}

/* The (cx, cy) of the index-th circle marker. */
static void
marker(const char *out, guint index, double *x, double *y)
{
  const char *p = out;
  for (guint i = 0; i <= index; i++) {
    p = strstr(p, "<circle ");
    g_assert_nonnull(p);
    p++;
  }
  const char *cx = strstr(p, " cx=\""), *cy = strstr(p, " cy=\"");
  *x = g_ascii_strtod(cx + 5, NULL);
  *y = g_ascii_strtod(cy + 5, NULL);
}

static void
test_structure(void)
{
  spor_i18n_use(SPOR_LANG_DA);
  g_autofree char *out = render_text(BASE_MODEL);
  g_assert_true(g_str_has_prefix(out, "<figure class=\"chart chart-radar\">"));
  g_assert_nonnull(strstr(out, "role=\"img\""));
  /* title and desc, named by aria-labelledby with matching ids */
  const char *lab = strstr(out, "aria-labelledby=\"") + strlen("aria-labelledby=\"");
  g_autofree char *ids = g_strndup(lab, strcspn(lab, "\""));
  g_auto(GStrv) parts = g_strsplit(ids, " ", -1);
  g_assert_cmpuint(g_strv_length(parts), ==, 2);
  g_autofree char *title_tag = g_strdup_printf("<title id=\"%s\">Lovende praksis</title>", parts[0]);
  g_autofree char *desc_tag = g_strdup_printf("<desc id=\"%s\">Score for 4 elementer</desc>",
                                              parts[1]);
  g_assert_nonnull(strstr(out, title_tag));
  g_assert_nonnull(strstr(out, desc_tag));
  /* Axis names, ring values and the edge note are real text. */
  g_assert_nonnull(strstr(out, ">Teori og viden</text>"));
  g_assert_nonnull(strstr(out, ">Mål</text>"));
  g_assert_nonnull(strstr(out, ">25</text>"));
  g_assert_nonnull(strstr(out, ">100</text>"));
  g_assert_nonnull(strstr(out, "Yderkanten er den højeste score"));
  /* Four rings (25, 50, 75, 100) and four spokes. */
  g_assert_cmpuint(count(out, "<path fill=\"none\" stroke=\"#d5dbe1\""), ==, 4);
  g_assert_cmpuint(count(out, "<line stroke=\"#4a5560\""), ==, 4);
  /* The table: axes down, the series across, Danish numbers. */
  g_assert_nonnull(strstr(out, "<caption>Lovende praksis</caption>"));
  g_assert_nonnull(strstr(out, "<td>Score (%)</td><th scope=\"col\" class=\"num\">2025</th>"));
  g_assert_nonnull(strstr(out, "<tr><th scope=\"row\">Mål</th><td class=\"num\">62,5</td></tr>"));
  g_assert_cmpuint(count(out, "<th scope=\"row\">"), ==, 4);
  g_assert_nonnull(strstr(out, "<title>2025: Mål: 62,5</title>"));
  Scan sc;
  check_svg(out, &sc);
  g_assert_cmpfloat(sc.w, ==, 720);
  g_assert_cmpuint(sc.texts, >=, 4 + 5 + 1 + 1);
}

static void
test_geometry(void)
{
  g_autofree char *out = render_text(BASE_MODEL);
  double x, y;
  /* 100 on the first axis: the top of the web, straight above the centre. */
  marker(out, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon(x, CX, 0.051);
  g_assert_cmpfloat_with_epsilon(y, CY - R, 0.051);
  /* 50 on the second (pointing right): half the radius to the right. */
  marker(out, 1, &x, &y);
  g_assert_cmpfloat_with_epsilon(x, CX + R / 2, 0.051);
  g_assert_cmpfloat_with_epsilon(y, CY, 0.051);
  /* 0 on the third: the centre. */
  marker(out, 2, &x, &y);
  g_assert_cmpfloat_with_epsilon(x, CX, 0.051);
  g_assert_cmpfloat_with_epsilon(y, CY, 0.051);
  /* 62.5 on the fourth (pointing left). */
  marker(out, 3, &x, &y);
  g_assert_cmpfloat_with_epsilon(x, CX - R * 0.625, 0.051);
  g_assert_cmpfloat_with_epsilon(y, CY, 0.051);
  /* Every value present: one closed, lightly filled outline. */
  const char *line = strstr(out, "class=\"chart-line\"");
  g_assert_nonnull(line);
  g_assert_nonnull(strstr(line, "fill-opacity=\"0.12\""));
  const char *d = strstr(line, " d=\"") + 4;
  g_autofree char *path = g_strndup(d, strcspn(d, "\""));
  /* Coordinates have one decimal, rounded half away from zero. */
#define D1(v) (llround((v) * 10) / 10.0)
  g_autofree char *expected = g_strdup_printf("M360.0,%.1f L%.1f,%.1f L360.0,%.1f L%.1f,%.1f Z",
                                              D1(CY - R), D1(CX + R / 2), D1(CY), D1(CY),
                                              D1(CX - R * 0.625), D1(CY));
#undef D1
  g_assert_cmpstr(path, ==, expected);
}

static void
test_gaps_and_clamping(void)
{
  g_autofree char *out = render_text(
    "{'kind': 'radar', 'title': 'T', 'axes': ['A', 'B', 'C', 'D', 'E'], 'r_min': 1, 'r_max': 5,"
    " 'series': [{'name': 'S', 'values': [3, null, 9, 2, 0]}]}");
  /* No value on B: no closed outline, only the segments C–D, D–E, E–A. */
  const char *line = strstr(out, "class=\"chart-line\"");
  g_assert_nonnull(line);
  g_assert_nonnull(strstr(line, "fill=\"none\""));
  const char *d = strstr(line, " d=\"") + 4;
  g_autofree char *path = g_strndup(d, strcspn(d, "\""));
  g_assert_null(strchr(path, 'Z'));
  g_assert_cmpuint(count(path, "M"), ==, 3);
  /* Four markers; the missing value is a dash in the table. */
  g_assert_cmpuint(count(out, "<circle "), ==, 4 + 1 /* the legend's */);
  g_assert_nonnull(strstr(out, "<tr><th scope=\"row\">B</th><td class=\"num\">–</td></tr>"));
  /* 9 is drawn on the edge (5), 0 at the centre (1), but the table and
   * tooltips keep the values as given. */
  double x, y;
  marker(out, 1, &x, &y);
  double angle = -G_PI / 2 + 2 * G_PI * 2 / 5;
  g_assert_cmpfloat_with_epsilon(x, CX + R * cos(angle), 0.061);
  g_assert_cmpfloat_with_epsilon(y, CY + R * sin(angle), 0.061);
  marker(out, 3, &x, &y);
  g_assert_cmpfloat_with_epsilon(x, CX, 0.051);
  g_assert_cmpfloat_with_epsilon(y, CY, 0.051);
  g_assert_nonnull(strstr(out, "<title>S: C: 9</title>"));
  /* Rings at round values of a step chosen when none is given. */
  g_assert_nonnull(strstr(out, ">1</text>"));
  g_assert_nonnull(strstr(out, ">5</text>"));
  Scan sc;
  check_svg(out, &sc);
}

static void
test_two_series(void)
{
  g_autofree char *out = render_text(
    "{'kind': 'radar', 'title': 'Sammenligning', 'axes': ['A', 'B', 'C'], 'r_min': 0,"
    " 'r_max': 100, 'series': [{'name': '12-03-2025', 'values': [10, 20, 30]},"
    " {'name': '02-03-2026', 'values': [40, 50, 60]}]}");
  /* Told apart by colour, dash and marker shape, and both in the legend. */
  g_assert_cmpuint(count(out, "class=\"chart-line\""), ==, 2);
  g_assert_cmpuint(count(out, "stroke-dasharray=\"7 4\""), ==, 2); /* outline and legend */
  g_assert_nonnull(strstr(out, "stroke=\"#0072B2\""));
  g_assert_nonnull(strstr(out, "stroke=\"#D55E00\""));
  g_assert_cmpuint(count(out, "<circle "), ==, 3 + 1);
  g_assert_nonnull(strstr(out, ">12-03-2025</text>"));
  g_assert_nonnull(strstr(out, ">02-03-2026</text>"));
  g_assert_nonnull(strstr(out, "<th scope=\"col\" class=\"num\">12-03-2025</th>"
                               "<th scope=\"col\" class=\"num\">02-03-2026</th>"));
  g_assert_nonnull(strstr(out, "<tr><th scope=\"row\">B</th><td class=\"num\">20</td>"
                               "<td class=\"num\">50</td></tr>"));
}

static void
test_labels_escaping_and_language(void)
{
  gboolean english = spor_i18n_available(SPOR_LANG_EN);
  spor_i18n_use(english ? SPOR_LANG_EN : SPOR_LANG_DA);
  g_autofree char *out = render_text(
    "{'kind': 'radar', 'title': '<b>T</b> & co', 'axes': ['Individuel tilrettelæggelse af"
    " praksis sammen med borgeren', 'Relationelt samarbejde', '<script>x</script>',"
    " 'Overførbarhedsundersøgelsesprocedurerne'], 'r_min': 0, 'r_max': 5,"
    " 'series': [{'name': 'A \\\"quote\\\"', 'values': [1.25, 2.5, 3, 4]}]}");
  spor_i18n_use(SPOR_LANG_DA);
  /* A long name in up to three lines of tspans, cut with … at the end. */
  g_assert_nonnull(strstr(out, ">Individuel<tspan"));
  g_assert_nonnull(strstr(out, "tilrettelæggelse af</tspan>"));
  g_assert_true(strstr(out, "sammen med borgeren …</tspan>") != NULL ||
                strstr(out, "praksis sammen med …</tspan>") != NULL);
  /* A single long word shortened, whole in the table. */
  g_assert_nonnull(strstr(out, ">Overførbarhedsundersøge…</text>"));
  g_assert_nonnull(strstr(out, "<th scope=\"row\">Overførbarhedsundersøgelsesprocedurerne</th>"));
  /* Everything escaped; English numbers with a point. */
  g_assert_null(strstr(out, "<script>"));
  g_assert_nonnull(strstr(out, "&lt;script&gt;x&lt;/script&gt;"));
  g_assert_nonnull(strstr(out, "&lt;b&gt;T&lt;/b&gt; &amp; co"));
  g_assert_nonnull(strstr(out, "A &quot;quote&quot;"));
  g_assert_nonnull(strstr(out, english ? "<td class=\"num\">1.25</td>"
                                       : "<td class=\"num\">1,25</td>"));
  Scan sc;
  check_svg(out, &sc);
}

static void
test_dispatch_by_kind(void)
{
  json_t *radar = load(BASE_MODEL);
  json_t *line = load("{'title': 'L', 'x': ['a', 'b'], 'y_min': 0, 'y_max': 4,"
                      " 'series': [{'name': 's', 'values': [1, 2]}]}");
  GError *error = NULL;
  g_autofree char *a = chart_svg(radar, &error);
  g_assert_no_error(error);
  g_autofree char *b = chart_svg(line, &error);
  g_assert_no_error(error);
  g_assert_nonnull(strstr(a, "chart-radar"));
  g_assert_null(strstr(b, "chart-radar"));
  g_assert_nonnull(strstr(b, "<figure class=\"chart\">"));
  json_decref(radar);
  json_decref(line);
}

static void
test_invalid(void)
{
  static const struct {
    const char *model;
    const char *message;
  } cases[] = {
    {"[]", "Diagrammodellen skal være et JSON-objekt"},
    {"{'title': 'T', 'axes': ['a','b','c'], 'r_min': 0, 'r_max': 1, 'series': []}",
     "\"kind\" skal være \"radar\""},
    {"{'kind': 'radar', 'axes': ['a','b','c'], 'r_min': 0, 'r_max': 1}",
     "\"title\" mangler eller er tom"},
    {"{'kind': 'radar', 'title': 'T', 'axes': ['a','b'], 'r_min': 0, 'r_max': 1}",
     "\"axes\" skal være en liste med 3 til 40 tekster"},
    {"{'kind': 'radar', 'title': 'T', 'axes': ['a','b',3], 'r_min': 0, 'r_max': 1}",
     "\"axes\"[2] er ikke en tekst"},
    {"{'kind': 'radar', 'title': 'T', 'axes': ['a','b','c'], 'r_max': 1}",
     "\"r_min\" mangler eller er ikke et tal"},
    {"{'kind': 'radar', 'title': 'T', 'axes': ['a','b','c'], 'r_min': 2, 'r_max': 1}",
     "\"r_min\" skal være mindre end \"r_max\""},
    {"{'kind': 'radar', 'title': 'T', 'axes': ['a','b','c'], 'r_min': 0, 'r_max': 1,"
     " 'r_step': 0}", "\"r_step\" skal være et tal større end 0"},
    {"{'kind': 'radar', 'title': 'T', 'axes': ['a','b','c'], 'r_min': 0, 'r_max': 1,"
     " 'series': []}", "\"series\" skal være en liste med 1 til 20 serier"},
    {"{'kind': 'radar', 'title': 'T', 'axes': ['a','b','c'], 'r_min': 0, 'r_max': 1,"
     " 'series': [{'values': [1,2,3]}]}", "\"series\"[0].name mangler eller er ikke en tekst"},
    {"{'kind': 'radar', 'title': 'T', 'axes': ['a','b','c'], 'r_min': 0, 'r_max': 1,"
     " 'series': [{'name': 's', 'values': [1,2]}]}",
     "\"series\"[0].values skal være en liste med 3 værdier ligesom \"axes\""},
    {"{'kind': 'radar', 'title': 'T', 'axes': ['a','b','c'], 'r_min': 0, 'r_max': 1,"
     " 'series': [{'name': 's', 'values': [1,'2',3]}]}",
     "\"series\"[0].values[1] er hverken et tal eller null"},
    {"{'kind': 'radar', 'title': 7, 'axes': ['a','b','c'], 'r_min': 0, 'r_max': 1}",
     "\"title\" skal være en tekst"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    json_t *m = load(cases[i].model);
    GError *error = NULL;
    char *out = chart_radar_svg(m, &error);
    g_assert_null(out);
    g_assert_error(error, CHART_ERROR, CHART_ERROR_INVALID);
    g_assert_cmpstr(error->message, ==, cases[i].message);
    g_error_free(error);
    json_decref(m);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  spor_i18n_init();
  g_test_add_func("/chart/radar/structure", test_structure);
  g_test_add_func("/chart/radar/geometry", test_geometry);
  g_test_add_func("/chart/radar/gaps-and-clamping", test_gaps_and_clamping);
  g_test_add_func("/chart/radar/two-series", test_two_series);
  g_test_add_func("/chart/radar/labels-escaping-language", test_labels_escaping_and_language);
  g_test_add_func("/chart/radar/dispatch", test_dispatch_by_kind);
  g_test_add_func("/chart/radar/invalid", test_invalid);
  return g_test_run();
}
