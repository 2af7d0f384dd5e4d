/* test_chart.c — the line chart as SVG and table: structure and exact
 * values, ids, escaping, gaps, lone points, clamping, reference lines,
 * number formats, well-formed XML, and every kind of invalid model. */
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "core/i18n.h"
#include "render/chart.h"

/* Models in this file are written with ' for ", which load() turns back. */
#define BASE_MODEL                                                                  \
  "{'kind': 'line', 'title': 'Livsområder over tid',"                               \
  " 'description': 'Score 0–4 for 2 livsområder', 'x_label': 'Måling',"             \
  " 'y_label': 'Score', 'x': ['03-01-2026', '02-04-2026', '01-07-2026',"            \
  " '01-10-2026'], 'y_min': 0, 'y_max': 4, 'y_step': 1,"                            \
  " 'y_direction': 'lower_is_better', 'series': ["                                  \
  "  {'name': 'Egenomsorg', 'values': [3, 2.5, null, 1]},"                          \
  "  {'name': 'Gennemsnit', 'values': [2.333, 2, 1.5, null]}]}"

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
render(const json_t *model)
{
  GError *error = NULL;
  char *out = chart_line_svg(model, &error);
  g_assert_no_error(error);
  g_assert_nonnull(out);
  return out;
}

static char *
render_text(const char *text)
{
  json_t *m = load(text);
  char *out = render(m);
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

/* The d attribute of the index-th series line. */
static char *
line_d(const char *out, guint index)
{
  const char *p = out;
  for (guint i = 0; i <= index; i++) {
    p = strstr(p, "class=\"chart-line\"");
    g_assert_nonnull(p);
    p++;
  }
  const char *d = strstr(p, " d=\"") + 4;
  return g_strndup(d, strcspn(d, "\""));
}

/* Every coordinate in an SVG (x, y, x1 … cy, path data) must lie within
 * the viewBox; scan collects them while GMarkup checks well-formedness. */
typedef struct {
  double w, h, min_x, max_x, min_y, max_y;
  guint elements, texts, unsafe; /* unsafe: script/style elements, style/on* attributes */
} Scan;

static void
see(Scan *sc, double v, gboolean is_x)
{
  if (is_x)
    sc->min_x = MIN(sc->min_x, v), sc->max_x = MAX(sc->max_x, v);
  else
    sc->min_y = MIN(sc->min_y, v), sc->max_y = MAX(sc->max_y, v);
}

static void
scan_start(G_GNUC_UNUSED GMarkupParseContext *ctx, const char *element, const char **names,
           const char **values, gpointer data, G_GNUC_UNUSED GError **error)
{
  Scan *sc = data;
  sc->elements++;
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
      see(sc, g_ascii_strtod(values[i], NULL), TRUE);
    } else if (strcmp(n, "y") == 0 || strcmp(n, "y1") == 0 || strcmp(n, "y2") == 0 ||
               strcmp(n, "cy") == 0) {
      see(sc, g_ascii_strtod(values[i], NULL), FALSE);
    } else if (strcmp(n, "d") == 0) {
      gboolean is_x = TRUE;
      for (const char *p = values[i]; *p != '\0';) {
        if (g_ascii_isdigit(*p) || *p == '-' || *p == '.') {
          char *end;
          see(sc, g_ascii_strtod(p, &end), is_x);
          is_x = !is_x;
          p = end;
        } else {
          p++;
        }
      }
    }
  }
}

/* Parses text as XML; FALSE with the parser's message when it is not. */
static gboolean
parse_xml(const char *text, Scan *sc, GError **error)
{
  static const GMarkupParser parser = {scan_start, NULL, NULL, NULL, NULL};
  *sc = (Scan){0, 0, G_MAXDOUBLE, -G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, 0, 0, 0};
  GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, sc, NULL);
  gboolean ok = g_markup_parse_context_parse(ctx, text, -1, error) &&
                g_markup_parse_context_end_parse(ctx, error);
  g_markup_parse_context_free(ctx);
  return ok;
}

static char *
svg_part(const char *out)
{
  const char *start = strstr(out, "<svg"), *end = strstr(out, "</svg>");
  g_assert_nonnull(start);
  g_assert_nonnull(end);
  return g_strndup(start, (gsize)(end - start) + strlen("</svg>"));
}

/* Parses the SVG and asserts every coordinate lies inside its viewBox. */
static Scan
check_svg(const char *out)
{
  g_autofree char *svg = svg_part(out);
  GError *error = NULL;
  Scan sc;
  g_assert_true(parse_xml(svg, &sc, &error));
  g_assert_no_error(error);
  g_assert_cmpfloat(sc.w, ==, 720);
  g_assert_cmpfloat(sc.h, >, 300);
  g_assert_cmpfloat(sc.min_x, >=, 0);
  g_assert_cmpfloat(sc.max_x, <=, sc.w);
  g_assert_cmpfloat(sc.min_y, >=, 0);
  g_assert_cmpfloat(sc.max_y, <=, sc.h);
  return sc;
}

static void
test_structure(void)
{
  g_autofree char *out = render_text(BASE_MODEL);
  g_assert_true(g_str_has_prefix(out, "<figure class=\"chart\">\n"
                                      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                                      "class=\"chart-svg\" viewBox=\"0 0 720 "));
  const char *labelled = strstr(out, "aria-labelledby=\"chart-");
  g_assert_nonnull(labelled);
  g_autofree char *id = g_strndup(labelled + strlen("aria-labelledby=\""), 16);
  g_autofree char *aria = g_strdup_printf("aria-labelledby=\"%s-title %s-desc\">", id, id);
  g_autofree char *title =
    g_strdup_printf("<title id=\"%s-title\">Livsområder over tid</title>", id);
  g_autofree char *desc = g_strdup_printf("<desc id=\"%s-desc\">Score 0–4 for 2 livsområder</desc>",
                                          id);
  g_assert_nonnull(strstr(out, aria));
  g_assert_nonnull(strstr(out, title));
  g_assert_nonnull(strstr(out, desc));
  g_assert_nonnull(strstr(out, "</svg>\n<figcaption>Livsområder over tid</figcaption>\n"
                               "</figure>\n<details class=\"chart-table\">"
                               "<summary>Tabel over data</summary>"));
  g_assert_nonnull(strstr(out, "<table class=\"chart-data\">"
                               "<caption>Livsområder over tid</caption>"));
  g_assert_nonnull(strstr(out, "<thead><tr><th scope=\"col\">Måling</th>"
                               "<th scope=\"col\" class=\"num\">03-01-2026</th>"
                               "<th scope=\"col\" class=\"num\">02-04-2026</th>"
                               "<th scope=\"col\" class=\"num\">01-07-2026</th>"
                               "<th scope=\"col\" class=\"num\">01-10-2026</th></tr></thead>"));
  g_assert_nonnull(strstr(out, "<tr><th scope=\"row\">Egenomsorg</th><td class=\"num\">3</td>"
                               "<td class=\"num\">2,5</td><td class=\"num\">–</td>"
                               "<td class=\"num\">1</td></tr>"));
  g_assert_nonnull(strstr(out, "<tr><th scope=\"row\">Gennemsnit</th><td class=\"num\">2,33</td>"
                               "<td class=\"num\">2</td><td class=\"num\">1,5</td>"
                               "<td class=\"num\">–</td></tr>"));
  /* Axis: ticks 0 … 4, the labels and the direction note as real text. */
  for (int t = 0; t <= 4; t++) {
    g_autofree char *tick = g_strdup_printf(">%d</text>", t);
    g_assert_cmpuint(count(out, tick), ==, 1);
  }
  g_assert_cmpuint(count(out, "<line stroke=\"#d5dbe1\""), ==, 5);
  g_assert_nonnull(strstr(out, "<text class=\"chart-note\" text-anchor=\"end\" x=\"696.0\" "
                               "y=\"16\">Lavere er bedre</text>"));
  g_assert_nonnull(strstr(out, ">Måling</text>"));
  g_assert_nonnull(strstr(out, ">Score</text>"));
  g_assert_cmpuint(count(out, ">02-04-2026</text>"), ==, 1);
  /* Series: two lines in different colours, six markers with tooltips. */
  g_assert_cmpuint(count(out, "<g class=\"chart-series\">"), ==, 2);
  g_assert_cmpuint(count(out, "class=\"chart-line\" fill=\"none\" stroke=\"#0072B2\""), ==, 1);
  g_assert_cmpuint(count(out, "class=\"chart-line\" fill=\"none\" stroke=\"#D55E00\""), ==, 1);
  g_assert_cmpuint(count(out, "<title>Egenomsorg: "), ==, 3);
  g_assert_cmpuint(count(out, "<title>Gennemsnit: "), ==, 3);
  g_assert_nonnull(strstr(out, "<title>Egenomsorg: 02-04-2026: 2,5</title></circle>"));
  g_assert_nonnull(strstr(out, "<title>Gennemsnit: 03-01-2026: 2,33</title></path>"));
  /* Legend: both names, each with its line and marker. */
  g_assert_cmpuint(count(out, ">Egenomsorg</text>"), ==, 1);
  g_assert_cmpuint(count(out, ">Gennemsnit</text>"), ==, 1);
  Scan sc = check_svg(out);
  g_assert_cmpuint(sc.texts, ==, 5 + 4 + 2 + 1 + 2);
}

static void
test_ids(void)
{
  g_autofree char *a = render_text(BASE_MODEL);
  g_autofree char *b = render_text(BASE_MODEL);
  g_assert_cmpstr(a, ==, b); /* no hidden counter */
  json_t *m = load(BASE_MODEL);
  json_object_set_new(m, "title", json_string("Andet diagram"));
  g_autofree char *c = render(m);
  g_autofree char *id_a = g_strndup(strstr(a, "<title id=\"") + strlen("<title id=\""), 16);
  g_autofree char *id_c = g_strndup(strstr(c, "<title id=\"") + strlen("<title id=\""), 16);
  g_assert_true(g_str_has_prefix(id_a, "chart-"));
  g_assert_cmpstr(id_a, !=, id_c); /* another chart on the page, other ids */

  json_object_del(m, "description");
  g_autofree char *d = render(m);
  const char *title = strstr(d, "<title id=\"");
  g_assert_nonnull(title);
  g_autofree char *id = g_strndup(title + strlen("<title id=\""), strlen("chart-0123456789"));
  g_autofree char *expected = g_strdup_printf(
    "aria-labelledby=\"%s-title\">\n<title id=\"%s-title\">Andet diagram</title>\n<g ", id, id);
  g_assert_nonnull(strstr(d, expected));
  g_assert_null(strstr(d, "<desc"));
  json_decref(m);
}

static void
test_escaping(void)
{
  static const char nasty[] = "<script>alert(1)</script>&\"'";
  static const char escaped[] = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;";
  json_t *m = load(BASE_MODEL);
  json_object_set_new(m, "title", json_string(nasty));
  json_object_set_new(m, "description", json_string(nasty));
  json_object_set_new(m, "x_label", json_string(nasty));
  json_object_set_new(m, "y_label", json_string(nasty));
  json_array_set_new(json_object_get(m, "x"), 1, json_string(nasty));
  json_object_set_new(json_array_get(json_object_get(m, "series"), 0), "name", json_string(nasty));
  json_object_set_new(m, "reference_lines",
                      json_pack("[{s:i, s:s}]", "value", 1, "label", nasty));
  g_autofree char *out = render(m);
  json_decref(m);
  g_assert_null(strstr(out, "<script"));
  g_assert_null(strstr(out, "&\""));
  /* title ×3 (title, figcaption, caption), description, x_label ×2 (axis,
   * table corner), y_label, x[1] in the table and in two tooltips, the
   * series name in legend, table and three tooltips, reference label.  The
   * x label on the axis is shortened to 24 characters and so not counted. */
  g_assert_cmpuint(count(out, escaped), ==, 3 + 1 + 2 + 1 + 3 + 5 + 1);
  g_assert_nonnull(strstr(out, ">&lt;script&gt;alert(1)&lt;/scrip…</text>"));
  g_autofree char *tooltip = g_strdup_printf("<title>%s: %s: 2,5</title>", escaped, escaped);
  g_assert_nonnull(strstr(out, tooltip));
  /* Control characters are not XML; they become spaces. */
  json_t *c = load(BASE_MODEL);
  json_object_set_new(c, "title", json_string("a\x01" "b\x1f" "c"));
  g_autofree char *cout = render(c);
  json_decref(c);
  g_assert_nonnull(strstr(cout, "<figcaption>a b c</figcaption>"));
  g_autofree char *wrapped = g_strconcat("<root>", out, "</root>", NULL);
  Scan sc;
  GError *error = NULL;
  g_assert_true(parse_xml(wrapped, &sc, &error));
  g_assert_no_error(error);
}

static void
test_gaps(void)
{
  g_autofree char *out = render_text(
    "{'title': 'T', 'x': ['a', 'b', 'c', 'd', 'e'], 'y_min': 0, 'y_max': 4,"
    " 'series': [{'name': 'S', 'values': [1, 2, null, 3, 4]},"
    "              {'name': 'U', 'values': [1, null, 2, null, 3]}]}");
  g_autofree char *d0 = line_d(out, 0);
  g_autofree char *d1 = line_d(out, 1);
  g_assert_cmpuint(count(d0, "M"), ==, 2);
  g_assert_cmpuint(count(d0, "L"), ==, 2);
  g_assert_true(g_str_has_prefix(d0, "M"));
  g_assert_nonnull(strstr(d0, " M"));
  g_assert_cmpuint(count(d1, "M"), ==, 3);
  g_assert_cmpuint(count(d1, "L"), ==, 0);
  /* The lone points of U still show: three markers. */
  g_assert_cmpuint(count(out, "<title>U: "), ==, 3);
  g_assert_nonnull(strstr(out, "<td class=\"num\">–</td>"));
  check_svg(out);
}

static void
test_single_point(void)
{
  /* One point in all: the marker sits in the middle of the plot. */
  g_autofree char *one = render_text(
    "{'title': 'T', 'x': ['03-01-2026'], 'y_min': 0, 'y_max': 4, 'y_step': 1,"
    " 'series': [{'name': 'S', 'values': [2]}]}");
  g_assert_cmpuint(count(one, "<circle "), ==, 2); /* plot and legend */
  g_assert_nonnull(strstr(one, "<title>S: 03-01-2026: 2</title></circle>"));
  Scan sc = check_svg(one);
  g_assert_cmpuint(sc.elements, >, 10);
  /* A measured point between two gaps, and a series never measured. */
  g_autofree char *out = render_text(
    "{'title': 'T', 'x': ['a', 'b', 'c'], 'y_min': 0, 'y_max': 4,"
    " 'series': [{'name': 'S', 'values': [null, 2, null]},"
    "              {'name': 'N', 'values': [null, null, null]}]}");
  g_assert_nonnull(strstr(out, "<title>S: b: 2</title></circle>"));
  g_autofree char *d = line_d(out, 0);
  g_assert_cmpuint(count(d, "M"), ==, 1);
  g_assert_cmpuint(count(d, "L"), ==, 0);
  g_assert_cmpuint(count(out, "class=\"chart-line\""), ==, 1);
  g_assert_cmpuint(count(out, "<title>N: "), ==, 0);
  g_assert_nonnull(strstr(out, "<tr><th scope=\"row\">N</th><td class=\"num\">–</td>"
                               "<td class=\"num\">–</td><td class=\"num\">–</td></tr>"));
  g_assert_nonnull(strstr(out, ">N</text>")); /* still in the legend */
}

/* Bars: one rect per non-null value with its tooltip, a swatch per series
 * in the legend, the data table; stacked bars sit on top of each other. */
static void
test_bar(void)
{
  g_autofree char *grouped = render_text(
    "{'kind': 'bar', 'title': 'Målgruppen', 'x': ['Kvinde', 'Mand'], 'y_min': 0, 'y_max': 4,"
    " 'series': [{'name': '2025', 'values': [2.5, null]}, {'name': '2026', 'values': [3, 1]}]}");
  g_assert_cmpuint(count(grouped, "<rect fill="), ==, 3 + 2); /* bars + legend swatches */
  g_assert_nonnull(strstr(grouped, "<title>2025: Kvinde: 2,5</title>"));
  g_assert_nonnull(strstr(grouped, "<table class=\"chart-data\">"));
  g_assert_null(strstr(grouped, "class=\"chart-line\""));
  check_svg(grouped);
  /* Stacked to 100: the second segment starts where the first ends, at
   * the top of the plot. */
  g_autofree char *stacked = render_text(
    "{'kind': 'bar', 'title': 'Mål', 'x': ['A'], 'y_min': 0, 'y_max': 100, 'stacked': true,"
    " 'series': [{'name': 'Nået', 'values': [40]}, {'name': 'Ikke nået', 'values': [60]}]}");
  g_assert_cmpuint(count(stacked, "<rect fill="), ==, 2 + 2);
  const char *first = strstr(stacked, "<title>Nået: A: 40</title>");
  const char *second = strstr(stacked, "<title>Ikke nået: A: 60</title>");
  g_assert_nonnull(first);
  g_assert_nonnull(second);
  check_svg(stacked);
}

static void
test_invalid(void)
{
  static const struct {
    const char *json;
    const char *field; /* the message names it (with ' for ") */
  } cases[] = {
    {"[]", "JSON-objekt"},
    {"{'x': ['a'], 'y_min': 0, 'y_max': 1, 'series': [{'name': 's', 'values': [1]}]}", "'title'"},
    {"{'title': 3}", "'title'"},
    {"{'title': ''}", "'title'"},
    {"{'title': 'T', 'kind': 'pie'}", "'kind'"},
    {"{'title': 'T', 'kind': 'bar', 'stacked': 'yes'}", "'stacked'"},
    {"{'title': 'T', 'description': 1}", "'description'"},
    {"{'title': 'T', 'x_label': []}", "'x_label'"},
    {"{'title': 'T', 'y_label': true}", "'y_label'"},
    {"{'title': 'T', 'y_direction': 'sideways'}", "'y_direction'"},
    {"{'title': 'T'}", "'x'"},
    {"{'title': 'T', 'x': 'a'}", "'x'"},
    {"{'title': 'T', 'x': []}", "'x'"},
    {"{'title': 'T', 'x': ['a', 2]}", "'x'[1]"},
    {"{'title': 'T', 'x': ['a'], 'y_max': 1}", "'y_min'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': '0', 'y_max': 1}", "'y_min'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0}", "'y_max'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 1, 'y_max': 1}", "'y_min'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 2, 'y_max': 1}", "'y_min'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': -1e308, 'y_max': 1e308}", "'y_min'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1, 'y_step': 0}", "'y_step'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1, 'y_step': -1}", "'y_step'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1, 'y_step': '1'}", "'y_step'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1}", "'series'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1, 'series': []}", "'series'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1, 'series': {}}", "'series'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1, 'series': [1]}", "'series'[0]"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1, 'series': [{'values': [1]}]}",
     "'series'[0].name"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1, 'series': [{'name': 5, 'values': [1]}]}",
     "'series'[0].name"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1, 'series': [{'name': 's',"
     " 'values': [1]}, {'name': 't'}]}", "'series'[1].values skal"},
    {"{'title': 'T', 'x': ['a', 'b'], 'y_min': 0, 'y_max': 1, 'series': [{'name': 's',"
     " 'values': [1]}]}", "'series'[0].values skal"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1, 'series': [{'name': 's',"
     " 'values': ['1']}]}", "'series'[0].values[0]"},
    {"{'title': 'T', 'x': ['a', 'b'], 'y_min': 0, 'y_max': 1, 'series': [{'name': 's',"
     " 'values': [1, true]}]}", "'series'[0].values[1]"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1, 'series': [{'name': 's',"
     " 'values': [1]}], 'reference_lines': {}}", "'reference_lines'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1, 'series': [{'name': 's',"
     " 'values': [1]}], 'reference_lines': [{'label': 'M'}]}", "'reference_lines[0].value'"},
    {"{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 1, 'series': [{'name': 's',"
     " 'values': [1]}], 'reference_lines': [{'value': 1, 'label': 2}]}",
     "'reference_lines[0].label'"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    json_t *m = load(cases[i].json);
    g_autofree char *before = json_dumps(m, JSON_SORT_KEYS | JSON_ENCODE_ANY);
    GError *error = NULL;
    char *out = chart_line_svg(m, &error);
    g_autofree char *after = json_dumps(m, JSON_SORT_KEYS | JSON_ENCODE_ANY);
    if (out != NULL || !g_error_matches(error, CHART_ERROR, CHART_ERROR_INVALID))
      g_error("case %u (%s) was accepted or gave the wrong error", i, cases[i].json);
    g_autofree char *field = g_strdelimit(g_strdup(cases[i].field), "'", '"');
    if (strstr(error->message, field) == NULL)
      g_error("case %u: message \"%s\" does not name %s", i, error->message, field);
    g_assert_cmpstr(before, ==, after);
    g_assert_null(chart_line_svg(m, NULL)); /* no error wanted: still NULL */
    g_clear_error(&error);
    json_decref(m);
  }
  GError *error = NULL;
  g_assert_null(chart_line_svg(NULL, &error));
  g_assert_error(error, CHART_ERROR, CHART_ERROR_INVALID);
  g_clear_error(&error);
}

/* A model with n points and ns series of a rising line. */
static json_t *
big_model(size_t n, size_t ns)
{
  json_t *m = load("{'title': 'Mange', 'y_min': 0, 'y_max': 100}");
  json_t *x = json_array(), *series = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(x, json_sprintf("%02zu-01-2026", i % 28 + 1));
  for (size_t s = 0; s < ns; s++) {
    json_t *values = json_array();
    for (size_t i = 0; i < n; i++)
      json_array_append_new(values, json_integer((json_int_t)((i * 7 + s * 13) % 101)));
    json_array_append_new(series, json_pack("{s:s+, s:o}", "name", "Serie ",
                                            s % 2 ? "ulige" : "lige", "values", values));
  }
  json_object_set_new(m, "x", x);
  json_object_set_new(m, "series", series);
  return m;
}

static void
test_limits(void)
{
  static const size_t sizes[][3] = {{10001, 1, 0}, {1, 101, 0}, {2000, 60, 0}, {10000, 1, 1},
                                    {1, 100, 1}};
  for (guint i = 0; i < G_N_ELEMENTS(sizes); i++) {
    json_t *m = big_model(sizes[i][0], sizes[i][1]);
    GError *error = NULL;
    char *out = chart_line_svg(m, &error);
    if (sizes[i][2]) {
      g_assert_no_error(error);
      g_assert_nonnull(out);
    } else {
      g_assert_error(error, CHART_ERROR, CHART_ERROR_INVALID);
      g_assert_null(out);
      g_clear_error(&error);
    }
    g_free(out);
    json_decref(m);
  }
}

static void
test_many_points(void)
{
  json_t *m = big_model(200, 3);
  g_autofree char *out = render(m);
  json_decref(m);
  /* 200 labels cannot stand side by side: turned and thinned out. */
  guint labels = count(out, "transform=\"rotate(-45 ");
  g_assert_cmpuint(labels, >, 10);
  g_assert_cmpuint(labels, <, 200);
  g_assert_cmpuint(count(out, "<th scope=\"col\" class=\"num\">"), ==, 200); /* all in the table */
  /* A few points get upright labels, all of them. */
  g_autofree char *few = render_text(BASE_MODEL);
  g_assert_null(strstr(few, "rotate(-45"));
  check_svg(out);
}

static void
test_clamped(void)
{
  g_autofree char *out = render_text(
    "{'title': 'T', 'x': ['a', 'b', 'c'], 'y_min': 0, 'y_max': 4, 'y_step': 1,"
    " 'series': [{'name': 'S', 'values': [-100, 1000000000, 2]}],"
    " 'reference_lines': [{'value': 9}]}");
  Scan sc = check_svg(out);
  /* Plot from y 28 (y_max) to 288 (y_min): the outliers sit on its edges,
   * the tooltips keep the real values. */
  g_assert_cmpfloat(sc.min_y, >=, 28 - 6);
  g_assert_nonnull(strstr(out, "cy=\"288.0\"><title>S: a: -100</title>"));
  g_assert_nonnull(strstr(out, "cy=\"28.0\"><title>S: b: 1000000000</title>"));
  g_assert_nonnull(strstr(out, "cy=\"158.0\"><title>S: c: 2</title>"));
  g_assert_nonnull(strstr(out, "y1=\"28.0\" x2=\"696.0\" y2=\"28.0\"/></g>"));
}

static void
test_reference_line(void)
{
  json_t *m = load(BASE_MODEL);
  json_object_set_new(m, "reference_lines", json_pack("[{s:i, s:s}, {s:f}]", "value", 1,
                                                      "label", "Mål", "value", 2.5));
  g_autofree char *out = render(m);
  json_decref(m);
  g_assert_cmpuint(count(out, "<g class=\"chart-reference\">"), ==, 2);
  /* Value 1 of 0 … 4 on a 260-high plot from 28: y = 28 + 260·3/4. */
  g_assert_nonnull(strstr(out, "<g class=\"chart-reference\"><line stroke=\"#4a5560\" "
                               "stroke-width=\"1.5\" stroke-dasharray=\"6 4\""));
  g_assert_nonnull(strstr(out, " y1=\"223.0\""));
  g_assert_nonnull(strstr(out, "y=\"218.0\">Mål</text></g>"));
  g_assert_nonnull(strstr(out, " y1=\"125.5\""));
  check_svg(out);
}

static void
test_no_style_or_script(void)
{
  json_t *m = big_model(30, 12);
  json_object_set_new(m, "y_direction", json_string("higher_is_better"));
  json_object_set_new(m, "reference_lines", json_pack("[{s:i, s:s}]", "value", 50,
                                                      "label", "<b onload=x style=\"y\">"));
  g_autofree char *out = render(m);
  json_decref(m);
  g_autofree char *plain = render_text(BASE_MODEL);
  const char *outs[] = {out, plain};
  for (guint i = 0; i < G_N_ELEMENTS(outs); i++) {
    g_autofree char *wrapped = g_strconcat("<root>", outs[i], "</root>", NULL);
    Scan sc;
    GError *error = NULL;
    g_assert_true(parse_xml(wrapped, &sc, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(sc.unsafe, ==, 0);
    g_assert_null(strstr(outs[i], "<script"));
    g_assert_null(strstr(outs[i], "<style"));
    g_assert_null(strstr(outs[i], "javascript:"));
  }
  g_assert_null(strstr(plain, "style="));
  g_assert_nonnull(strstr(out, ">&lt;b onload=x style=&quot;y&quot;&gt;</text>"));
  g_assert_nonnull(strstr(out, ">Højere er bedre</text>"));
  /* The checker does see an inline style. */
  Scan sc;
  g_assert_true(parse_xml("<svg><text style=\"x\">a</text></svg>", &sc, NULL));
  g_assert_cmpuint(sc.unsafe, ==, 1);
}

/* The outline of the first marker after p, relative to its first vertex,
 * or "circle": equal strings mean equal shapes. */
static char *
marker_shape(const char *p)
{
  const char *marker = strstr(p, "<circle ");
  const char *path = strstr(p, "<path fill=");
  if (marker != NULL && (path == NULL || marker < path))
    return g_strdup("circle");
  g_assert_nonnull(path);
  const char *d = strstr(path, " d=\"") + 4;
  GString *sig = g_string_new(NULL);
  double first[2] = {0, 0};
  guint k = 0;
  for (const char *q = d; *q != '"';) {
    if (g_ascii_isdigit(*q) || *q == '-' || *q == '.') {
      char *end;
      double v = g_ascii_strtod(q, &end);
      if (k < 2)
        first[k] = v;
      g_string_append_printf(sig, "%.1f ", v - first[k % 2]);
      k++;
      q = end;
    } else {
      q++;
    }
  }
  return g_string_free(sig, FALSE);
}

static void
test_distinct_series(void)
{
  json_t *m = big_model(4, 9);
  g_autofree char *out = render(m);
  json_decref(m);
  static const char *const colours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                        "#E69F00", "#56B4E9", "#F0E442", "#000000"};
  for (guint c = 0; c < G_N_ELEMENTS(colours); c++) {
    g_autofree char *line = g_strdup_printf("class=\"chart-line\" fill=\"none\" stroke=\"%s\"",
                                            colours[c]);
    g_assert_cmpuint(count(out, line), ==, c == 0 ? 2 : 1);
  }
  /* Series 0 and 8 share blue, so they differ in marker and dash. */
  g_assert_cmpuint(count(out, "stroke-dasharray=\"6 3\""), ==, 2); /* line and legend */
  g_assert_cmpuint(count(out, "<circle fill=\"#0072B2\""), ==, 4 + 1); /* series 0 only */
  g_assert_cmpuint(count(out, "<path fill=\"#0072B2\""), ==, 4 + 1);   /* series 8 */
  /* Eight different marker shapes; the ninth series repeats the second's
   * square, in blue and dashed. */
  g_autoptr(GHashTable) shapes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  guint series = 0;
  for (const char *p = strstr(out, "<g class=\"chart-series\">"); p != NULL;
       p = strstr(p + 1, "<g class=\"chart-series\">"), series++)
    g_hash_table_add(shapes, marker_shape(p));
  g_assert_cmpuint(series, ==, 9);
  g_assert_cmpuint(g_hash_table_size(shapes), ==, 8);
  g_assert_cmpuint(count(out, ">Serie lige</text>"), ==, 5);
  g_assert_cmpuint(count(out, ">Serie ulige</text>"), ==, 4);
  check_svg(out);
}

static void
test_numbers(void)
{
  g_autofree char *da = render_text(
    "{'title': 'T', 'x': ['a', 'b', 'c', 'd', 'e'], 'y_min': -1, 'y_max': 2,"
    " 'y_step': 0.5, 'series': [{'name': 'S',"
    " 'values': [-0.001, 1234.5678, 3.10, -2.25, 1.999]}]}");
  g_assert_nonnull(strstr(da, "<tr><th scope=\"row\">S</th><td class=\"num\">0</td>"
                              "<td class=\"num\">1234,57</td><td class=\"num\">3,1</td>"
                              "<td class=\"num\">-2,25</td><td class=\"num\">2</td></tr>"));
  g_assert_nonnull(strstr(da, ">-0,5</text>"));
  g_assert_nonnull(strstr(da, ">1,5</text>"));

  if (!spor_i18n_available(SPOR_LANG_EN)) {
    g_test_skip("no English locale on this machine");
    return;
  }
  spor_i18n_use(SPOR_LANG_EN);
  g_autofree char *en = render_text(BASE_MODEL);
  spor_i18n_use(SPOR_LANG_DA);
  g_assert_nonnull(strstr(en, "<td class=\"num\">2.5</td>"));
  g_assert_nonnull(strstr(en, "<td class=\"num\">2.33</td>"));
  g_assert_null(strstr(en, "2,5"));
}

static void
test_default_step(void)
{
  /* No step: about five round ticks.  An absurd step: the same. */
  const char *models[] = {
    "{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 100,"
    " 'series': [{'name': 'S', 'values': [50]}]}",
    "{'title': 'T', 'x': ['a'], 'y_min': 0, 'y_max': 100, 'y_step': 0.0001,"
    " 'series': [{'name': 'S', 'values': [50]}]}",
  };
  for (guint i = 0; i < G_N_ELEMENTS(models); i++) {
    g_autofree char *out = render_text(models[i]);
    g_assert_cmpuint(count(out, "<line stroke=\"#d5dbe1\""), ==, 6);
    for (int t = 0; t <= 100; t += 20) {
      g_autofree char *tick = g_strdup_printf(">%d</text>", t);
      g_assert_nonnull(strstr(out, tick));
    }
  }
}

static void
test_xml_checker(void)
{
  /* The well-formedness check itself rejects what is not XML. */
  Scan sc;
  GError *error = NULL;
  g_assert_false(parse_xml("<svg viewBox=\"0 0 1 1\"><g><text>x</g></text></svg>", &sc, &error));
  g_assert_nonnull(error);
  g_clear_error(&error);
  g_assert_false(parse_xml("<svg><text>a & b</text></svg>", &sc, &error));
  g_clear_error(&error);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  spor_i18n_init();
  g_test_add_func("/chart/bar", test_bar);
  g_test_add_func("/chart/structure", test_structure);
  g_test_add_func("/chart/ids", test_ids);
  g_test_add_func("/chart/escaping", test_escaping);
  g_test_add_func("/chart/gaps", test_gaps);
  g_test_add_func("/chart/single-point", test_single_point);
  g_test_add_func("/chart/invalid", test_invalid);
  g_test_add_func("/chart/limits", test_limits);
  g_test_add_func("/chart/many-points", test_many_points);
  g_test_add_func("/chart/clamped", test_clamped);
  g_test_add_func("/chart/reference-line", test_reference_line);
  g_test_add_func("/chart/no-style-or-script", test_no_style_or_script);
  g_test_add_func("/chart/distinct-series", test_distinct_series);
  g_test_add_func("/chart/numbers", test_numbers);
  g_test_add_func("/chart/default-step", test_default_step);
  g_test_add_func("/chart/xml-checker", test_xml_checker);
  return g_test_run();
}
