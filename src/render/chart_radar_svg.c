/* chart_radar_svg.c — a radar-chart model (chart.h) as an accessible HTML
 * fragment: the spider web of the Lovende praksis assessment and the
 * self-evaluation.  One spoke per axis clockwise from the top, rings at
 * round values with the values written beside them, the axis names as
 * real text around the web, one closed outline per series, a legend, and
 * the same numbers as a table.  Like the line chart it depends only on the
 * model and the thread's language and carries no inline style or script. */
#include "render/chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "render/chart_internal.h"

#define MAX_AXES 40
#define MAX_SERIES 20
#define WIDTH 720.0
#define RADIUS 190.0
#define NOTE_H 28.0     /* room above the labels of the top spoke */
#define LABEL_GAP 12.0  /* between the web's edge and an axis name */
#define LINE_H 14.0
#define LABEL_CHARS 20  /* an axis name is wrapped at this many characters */
#define WORD_CHARS 24   /* and a longer word shortened */
#define MAX_LINES 3
#define LEGEND_CHARS 32
#define CHAR_W 6.5

static gboolean G_GNUC_PRINTF(2, 3)
invalid(GError **error, const char *format, ...)
{
  va_list ap;
  va_start(ap, format);
  g_autofree char *msg = g_strdup_vprintf(format, ap);
  va_end(ap);
  g_set_error_literal(error, CHART_ERROR, CHART_ERROR_INVALID, msg);
  return FALSE;
}

static gboolean
opt_string(const json_t *obj, const char *key, const char **out, GError **error)
{
  const json_t *v = json_object_get(obj, key);
  *out = json_string_value(v);
  return v == NULL || json_is_null(v) || json_is_string(v) ||
         invalid(error, "\"%s\" skal være en tekst", key);
}

gboolean
chart_radar_model(const json_t *c, ChartRadarModel *m, GError **error)
{
  const char *kind;
  memset(m, 0, sizeof *m);
  if (!json_is_object(c))
    return invalid(error, "Diagrammodellen skal være et JSON-objekt");
  if (!opt_string(c, "kind", &kind, error) || !opt_string(c, "title", &m->title, error) ||
      !opt_string(c, "description", &m->desc, error) ||
      !opt_string(c, "value_label", &m->value_label, error))
    return FALSE;
  if (kind == NULL || strcmp(kind, "radar") != 0)
    return invalid(error, "\"kind\" skal være \"radar\"");
  if (m->title == NULL || *m->title == '\0')
    return invalid(error, "\"title\" mangler eller er tom");
  m->axes = json_object_get(c, "axes");
  m->n = json_array_size(m->axes);
  if (!json_is_array(m->axes) || m->n < 3 || m->n > MAX_AXES)
    return invalid(error, "\"axes\" skal være en liste med 3 til %d tekster", MAX_AXES);
  for (size_t i = 0; i < m->n; i++)
    if (!json_is_string(json_array_get(m->axes, i)))
      return invalid(error, "\"axes\"[%zu] er ikke en tekst", i);
  const json_t *lo = json_object_get(c, "r_min"), *hi = json_object_get(c, "r_max");
  const json_t *step = json_object_get(c, "r_step");
  if (!json_is_number(lo) || !json_is_number(hi))
    return invalid(error, "\"%s\" mangler eller er ikke et tal",
                   json_is_number(lo) ? "r_max" : "r_min");
  m->r_min = json_number_value(lo);
  m->r_max = json_number_value(hi);
  if (!(m->r_min < m->r_max) || !isfinite(m->r_max - m->r_min))
    return invalid(error, "\"r_min\" skal være mindre end \"r_max\"");
  if (step != NULL && !json_is_null(step) && !(json_is_number(step) && json_number_value(step) > 0))
    return invalid(error, "\"r_step\" skal være et tal større end 0");
  m->r_step = json_number_value(step);
  m->series = json_object_get(c, "series");
  m->ns = json_array_size(m->series);
  if (!json_is_array(m->series) || m->ns == 0 || m->ns > MAX_SERIES)
    return invalid(error, "\"series\" skal være en liste med 1 til %d serier", MAX_SERIES);
  for (size_t s = 0; s < m->ns; s++) {
    const json_t *ser = json_array_get(m->series, s), *values = json_object_get(ser, "values");
    if (!json_is_object(ser))
      return invalid(error, "\"series\"[%zu] er ikke et objekt", s);
    if (!json_is_string(json_object_get(ser, "name")))
      return invalid(error, "\"series\"[%zu].name mangler eller er ikke en tekst", s);
    if (!json_is_array(values) || json_array_size(values) != m->n)
      return invalid(error, "\"series\"[%zu].values skal være en liste med %zu værdier ligesom "
                     "\"axes\"", s, m->n);
    for (size_t i = 0; i < m->n; i++)
      if (!json_is_number(json_array_get(values, i)) && !json_is_null(json_array_get(values, i)))
        return invalid(error, "\"series\"[%zu].values[%zu] er hverken et tal eller null", s, i);
  }
  return TRUE;
}

/* ---- Layout ----------------------------------------------------------------- */

typedef struct {
  double cx, cy, height, step, legend_y, legend_w;
  size_t legend_cols;
  char **lines[MAX_AXES]; /* each axis name in lines, NULL-terminated */
} Layout;

/* An axis name in lines of at most LABEL_CHARS characters, broken at
 * spaces (a longer word stands alone, shortened later); at most MAX_LINES,
 * the last one ending in "…" when there was more.  Newly allocated. */
static char **
wrap(const char *text)
{
  g_auto(GStrv) words = g_strsplit(text, " ", -1);
  GPtrArray *lines = g_ptr_array_new();
  GString *line = g_string_new(NULL);
  gboolean more = FALSE;
  for (guint w = 0; words[w] != NULL; w++) {
    if (*words[w] == '\0')
      continue;
    glong len = g_utf8_strlen(line->str, -1), wlen = g_utf8_strlen(words[w], -1);
    if (line->len > 0 && len + 1 + wlen > LABEL_CHARS) {
      if (lines->len + 1 == MAX_LINES) {
        more = TRUE;
        break;
      }
      g_ptr_array_add(lines, g_string_free(line, FALSE));
      line = g_string_new(NULL);
    }
    if (line->len > 0)
      g_string_append_c(line, ' ');
    g_string_append(line, words[w]);
  }
  if (more)
    g_string_append(line, " …");
  g_ptr_array_add(lines, g_string_free(line, FALSE));
  g_ptr_array_add(lines, NULL);
  return (char **)g_ptr_array_free(lines, FALSE);
}

static const char *
series_name(const ChartRadarModel *m, size_t s)
{
  return json_string_value(json_object_get(json_array_get(m->series, s), "name"));
}

static void
layout(const ChartRadarModel *m, Layout *L)
{
  memset(L, 0, sizeof *L);
  double range = m->r_max - m->r_min;
  L->step = m->r_step;
  if (L->step == 0 || range / L->step > 20)
    L->step = chart_nice_step(range, 5);
  guint top_lines = 1, bottom_lines = 1;
  for (size_t i = 0; i < m->n; i++) {
    L->lines[i] = wrap(json_string_value(json_array_get(m->axes, i)));
    double angle = -G_PI / 2 + 2 * G_PI * (double)i / (double)m->n;
    guint n_lines = g_strv_length(L->lines[i]);
    if (sin(angle) < -0.2)
      top_lines = MAX(top_lines, n_lines);
    else if (sin(angle) > 0.2)
      bottom_lines = MAX(bottom_lines, n_lines);
  }
  L->cx = WIDTH / 2;
  L->cy = NOTE_H + top_lines * LINE_H + LABEL_GAP + RADIUS;
  size_t name_chars = 1;
  for (size_t s = 0; s < m->ns; s++)
    name_chars = MAX(name_chars, MIN((size_t)g_utf8_strlen(series_name(m, s), -1), LEGEND_CHARS));
  L->legend_w = 36 + (double)name_chars * CHAR_W + 16;
  L->legend_cols = MAX(1, (size_t)((WIDTH - 48) / L->legend_w));
  L->legend_y = L->cy + RADIUS + LABEL_GAP + bottom_lines * LINE_H + 24;
  L->height = L->legend_y + (double)((m->ns + L->legend_cols - 1) / L->legend_cols) * 20;
}

static void
layout_clear(const ChartRadarModel *m, Layout *L)
{
  for (size_t i = 0; i < m->n; i++)
    g_strfreev(L->lines[i]);
}

/* The point of value v on axis i (clamped to the web). */
static void
point(const ChartRadarModel *m, const Layout *L, size_t i, double v, double *x, double *y)
{
  double r = RADIUS * (CLAMP(v, m->r_min, m->r_max) - m->r_min) / (m->r_max - m->r_min);
  double angle = -G_PI / 2 + 2 * G_PI * (double)i / (double)m->n;
  *x = L->cx + r * cos(angle);
  *y = L->cy + r * sin(angle);
}

/* ---- Drawing ------------------------------------------------------------------ */

static void
put_web(GString *o, const ChartRadarModel *m, const Layout *L)
{
  g_string_append(o, "<g class=\"chart-grid\">");
  for (int k = 1; k <= 20; k++) {
    double v = m->r_min + k * L->step;
    if (v > m->r_max + L->step * 1e-9)
      break;
    g_string_append(o, "<path fill=\"none\" stroke=\"#d5dbe1\" stroke-width=\"1\" d=\"");
    for (size_t i = 0; i < m->n; i++) {
      double x, y;
      point(m, L, i, v, &x, &y);
      svg_put(o, i == 0 ? "M%f,%f" : " L%f,%f", x, y);
    }
    g_string_append(o, " Z\"/>");
  }
  for (size_t i = 0; i < m->n; i++) {
    double x, y;
    point(m, L, i, m->r_max, &x, &y);
    svg_put(o, "<line stroke=\"#4a5560\" stroke-width=\"1\" x1=\"%f\" y1=\"%f\" x2=\"%f\" "
               "y2=\"%f\"/>", L->cx, L->cy, x, y);
  }
  g_string_append(o, "</g>\n<g class=\"chart-ticks\">");
  for (int k = 0; k <= 20; k++) {
    double v = m->r_min + k * L->step;
    if (v > m->r_max + L->step * 1e-9)
      break;
    double x, y;
    point(m, L, 0, v, &x, &y);
    /* Beside the top spoke, just under each ring, clear of the axis name. */
    svg_put(o, "<text text-anchor=\"start\" x=\"%f\" y=\"%f\">%n</text>", x + 5, y + 12, v);
  }
  g_string_append(o, "</g>\n<g class=\"chart-axis-names\">");
  for (size_t i = 0; i < m->n; i++) {
    double angle = -G_PI / 2 + 2 * G_PI * (double)i / (double)m->n;
    double x = L->cx + (RADIUS + LABEL_GAP) * cos(angle);
    double y = L->cy + (RADIUS + LABEL_GAP) * sin(angle);
    guint n_lines = g_strv_length(L->lines[i]);
    const char *anchor = fabs(cos(angle)) < 0.2 ? "middle" : cos(angle) > 0 ? "start" : "end";
    double first = sin(angle) < -0.2 ? y - (n_lines - 1) * LINE_H
                 : sin(angle) > 0.2 ? y + 10
                                    : y + 4 - (n_lines - 1) * LINE_H / 2;
    svg_put(o, "<text text-anchor=\"%s\" x=\"%f\" y=\"%f\">", anchor, x, first);
    for (guint l = 0; l < n_lines; l++) {
      if (l > 0)
        svg_put(o, "<tspan x=\"%f\" dy=\"%d\">", x, (int)LINE_H);
      svg_put_escaped(o, L->lines[i][l], WORD_CHARS);
      if (l > 0)
        g_string_append(o, "</tspan>");
    }
    g_string_append(o, "</text>");
  }
  g_string_append(o, "</g>\n");
}

static const char *
dash(size_t s)
{
  return s % 2 == 1 ? " stroke-dasharray=\"7 4\"" : "";
}

/* One series: a closed, lightly filled outline when every axis has a
 * value, else the segments between neighbouring values; a marker with a
 * tooltip on every value. */
static void
put_series(GString *o, const ChartRadarModel *m, const Layout *L, size_t s)
{
  const json_t *values = json_object_get(json_array_get(m->series, s), "values");
  const char *colour = chart_palette[s % 8];
  size_t present = 0;
  for (size_t i = 0; i < m->n; i++)
    present += !json_is_null(json_array_get(values, i));
  g_string_append(o, "<g class=\"chart-series\">");
  GString *d = g_string_new(NULL);
  if (present == m->n) {
    for (size_t i = 0; i < m->n; i++) {
      double x, y;
      point(m, L, i, json_number_value(json_array_get(values, i)), &x, &y);
      svg_put(d, i == 0 ? "M%f,%f" : " L%f,%f", x, y);
    }
    g_string_append(d, " Z");
    svg_put(o, "<path class=\"chart-line\" fill=\"%s\" fill-opacity=\"0.12\" stroke=\"%s\" "
               "stroke-width=\"2\"%s stroke-linejoin=\"round\" d=\"%s\"/>",
            colour, colour, dash(s), d->str);
  } else if (present > 1) {
    for (size_t i = 0; i < m->n; i++) {
      size_t j = (i + 1) % m->n;
      const json_t *a = json_array_get(values, i), *b = json_array_get(values, j);
      if (json_is_null(a) || json_is_null(b))
        continue;
      double x1, y1, x2, y2;
      point(m, L, i, json_number_value(a), &x1, &y1);
      point(m, L, j, json_number_value(b), &x2, &y2);
      svg_put(d, "%sM%f,%f L%f,%f", d->len > 0 ? " " : "", x1, y1, x2, y2);
    }
    if (d->len > 0)
      svg_put(o, "<path class=\"chart-line\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s "
                 "stroke-linecap=\"round\" d=\"%s\"/>", colour, dash(s), d->str);
  }
  g_string_free(d, TRUE);
  for (size_t i = 0; i < m->n; i++) {
    const json_t *v = json_array_get(values, i);
    if (json_is_null(v))
      continue;
    double x, y;
    point(m, L, i, json_number_value(v), &x, &y);
    const char *tag = svg_put_marker(o, s, x, y);
    svg_put(o, "><title>%e: %e: %n</title></%s>", series_name(m, s),
            json_string_value(json_array_get(m->axes, i)), json_number_value(v), tag);
  }
  g_string_append(o, "</g>\n");
}

static void
put_legend(GString *o, const ChartRadarModel *m, const Layout *L)
{
  g_string_append(o, "<g class=\"chart-legend\">");
  double left = 24;
  for (size_t s = 0; s < m->ns; s++) {
    double x = left + (double)(s % L->legend_cols) * L->legend_w;
    double y = L->legend_y + (double)(s / L->legend_cols) * 20;
    svg_put(o, "<g><line stroke=\"%s\" stroke-width=\"2\"%s x1=\"%f\" y1=\"%f\" x2=\"%f\" "
               "y2=\"%f\"/>", chart_palette[s % 8], dash(s), x, y, x + 28, y);
    svg_put_marker(o, s, x + 14, y);
    svg_put(o, "/><text x=\"%f\" y=\"%f\">", x + 36, y + 4);
    if (svg_put_escaped(o, series_name(m, s), LEGEND_CHARS))
      svg_put(o, "<title>%e</title>", series_name(m, s));
    g_string_append(o, "</text></g>");
  }
  g_string_append(o, "</g>\n");
}

/* The text alternative: one row per axis, one column per series. */
static void
put_table(GString *o, const ChartRadarModel *m)
{
  svg_put(o, "<details class=\"chart-table\"><summary>%e</summary>\n<div class=\"table-wrap\">"
             "<table class=\"chart-data\"><caption>%e</caption>\n<thead><tr>",
          _("Tabel over data"), m->title);
  if (m->value_label != NULL)
    svg_put(o, "<td>%e</td>", m->value_label);
  else
    g_string_append(o, "<td></td>");
  for (size_t s = 0; s < m->ns; s++)
    svg_put(o, "<th scope=\"col\" class=\"num\">%e</th>", series_name(m, s));
  g_string_append(o, "</tr></thead>\n<tbody>\n");
  for (size_t i = 0; i < m->n; i++) {
    svg_put(o, "<tr><th scope=\"row\">%e</th>", json_string_value(json_array_get(m->axes, i)));
    for (size_t s = 0; s < m->ns; s++) {
      const json_t *v = json_array_get(json_object_get(json_array_get(m->series, s), "values"), i);
      if (json_is_null(v))
        g_string_append(o, "<td class=\"num\">–</td>");
      else
        svg_put(o, "<td class=\"num\">%n</td>", json_number_value(v));
    }
    g_string_append(o, "</tr>\n");
  }
  g_string_append(o, "</tbody></table></div></details>\n");
}

/* The ids of <title> and <desc>, from the whole model's text. */
static char *
radar_id(const json_t *chart)
{
  char *text = json_dumps(chart, JSON_COMPACT | JSON_SORT_KEYS);
  char *id = svg_figure_id(text != NULL ? text : "");
  free(text);
  return id;
}

char *
chart_radar_svg(const json_t *chart, GError **error)
{
  ChartRadarModel m;
  Layout L;
  if (!chart_radar_model(chart, &m, error))
    return NULL;
  layout(&m, &L);
  g_autofree char *id = radar_id(chart);
  g_autofree char *labelled = m.desc != NULL ? g_strdup_printf("%s-title %s-desc", id, id)
                                              : g_strdup_printf("%s-title", id);
  GString *o = g_string_sized_new(8192);
  svg_put(o, "<figure class=\"chart chart-radar\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
             "role=\"img\" class=\"chart-svg\" viewBox=\"0 0 %d %d\" aria-labelledby=\"%s\">\n"
             "<title id=\"%s-title\">%e</title>\n",
          (int)WIDTH, (int)ceil(L.height), labelled, id, m.title);
  if (m.desc != NULL)
    svg_put(o, "<desc id=\"%s-desc\">%e</desc>\n", id, m.desc);
  svg_put(o, "<text class=\"chart-note\" text-anchor=\"end\" x=\"%f\" y=\"16\">%e</text>\n",
          WIDTH - 24, _("Yderkanten er den højeste score"));
  put_web(o, &m, &L);
  for (size_t s = 0; s < m.ns; s++)
    put_series(o, &m, &L, s);
  put_legend(o, &m, &L);
  svg_put(o, "</svg>\n<figcaption>%e</figcaption>\n</figure>\n", m.title);
  put_table(o, &m);
  layout_clear(&m, &L);
  return g_string_free(o, FALSE);
}

char *
chart_svg(const json_t *chart, GError **error)
{
  const char *kind = json_string_value(json_object_get(chart, "kind"));
  if (kind != NULL && strcmp(kind, "radar") == 0)
    return chart_radar_svg(chart, error);
  return chart_line_svg(chart, error);
}
