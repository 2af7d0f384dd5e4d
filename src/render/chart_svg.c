/* chart_svg.c — a line-chart model (chart.h) as an accessible HTML
 * fragment: an inline SVG with real text, a distinct colour and marker
 * shape per series, and the same numbers as a table.  The output depends
 * only on the model and the thread's language; it carries no inline style
 * or script, only presentation attributes and classes from spor.css. */
#include "render/chart.h"

#include <math.h>
#include <string.h>

#include "core/i18n.h"
#include "render/chart_internal.h"

G_DEFINE_QUARK(spor-chart-error-quark, chart_error)

#define MAX_POINTS 10000
#define MAX_SERIES 100
#define MAX_VALUES 100000 /* points × series: bounds the size of the output */
#define MAX_REFERENCES 20
#define MAX_TICKS 50
#define WIDTH 720.0       /* viewBox width; the height follows the content */
#define TOP 28.0          /* room for the direction note and reference labels */
#define RIGHT 24.0
#define PLOT_H 260.0
#define CHAR_W 6.5        /* estimated advance of one 12px character */
#define X_CHARS 24        /* longer x labels are shortened in the SVG, */
#define LEGEND_CHARS 32   /* and so are longer series names in the legend */
#define AXIS " stroke=\"#4a5560\" stroke-width=\"1\""
#define GRID " stroke=\"#d5dbe1\" stroke-width=\"1\""

/* Okabe–Ito, distinguishable with the common colour-vision deficiencies.
 * Yellow, faint on white, comes late; the marker shapes carry the rest. */
static const char *const palette[8] = {
  "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
};

/* Marker outlines around the point: circle (no outline: a <circle>),
 * square, triangle, diamond, triangle down, plus, cross, star. */
static const struct {
  size_t n;
  double p[24];
} shapes[8] = {
  {0, {0}}, {4, {-4, -4, 4, -4, 4, 4, -4, 4}}, {3, {0, -5.5, 5, 3.5, -5, 3.5}},
  {4, {0, -5.5, 5.5, 0, 0, 5.5, -5.5, 0}}, {3, {0, 5.5, 5, -3.5, -5, -3.5}},
  {12, {-1.75, -5, 1.75, -5, 1.75, -1.75, 5, -1.75, 5, 1.75, 1.75, 1.75, 1.75, 5, -1.75, 5,
        -1.75, 1.75, -5, 1.75, -5, -1.75, -1.75, -1.75}},
  {12, {2.3, -4.8, 4.8, -2.3, 2.5, 0, 4.8, 2.3, 2.3, 4.8, 0, 2.5, -2.3, 4.8, -4.8, 2.3, -2.5, 0,
        -4.8, -2.3, -2.3, -4.8, 0, -2.5}},
  {10, {0, -6, 1.5, -2.1, 5.7, -1.9, 2.5, 0.8, 3.5, 4.9, 0, 2.6, -3.5, 4.9, -2.5, 0.8, -5.7, -1.9,
        -1.5, -2.1}},
};

typedef ChartLineModel Model;

typedef struct {
  double left, pw, pad, height; /* plot: x left … left+pw, y TOP … TOP+PLOT_H */
  double step, y0;              /* y ticks: y0 + k·step up to y_max */
  double slot, xlab_h;          /* distance between points; room for x labels */
  gboolean rotate;
  size_t stride;                /* label every stride-th point */
  double legend_y, legend_w;
  size_t legend_cols;
} Layout;

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

/* An optional string member of obj: absent or null leaves *out NULL. */
static gboolean
opt_string(const json_t *obj, const char *where, const char *key, const char **out,
           GError **error)
{
  const json_t *v = json_object_get(obj, key);
  *out = json_string_value(v);
  return v == NULL || json_is_null(v) || json_is_string(v) ||
         invalid(error, "\"%s%s\" skal være en tekst", where, key);
}

/* The second half of validate(): "series" and "reference_lines". */
static gboolean
validate_lines(Model *m, GError **error)
{
  if (!json_is_array(m->series) || m->ns == 0)
    return invalid(error, "\"series\" skal være en ikke-tom liste");
  if (m->ns > MAX_SERIES || m->ns * m->n > MAX_VALUES)
    return invalid(error, "\"series\" har %zu serier med %zu værdier i alt; højst %d serier og %d "
                   "værdier er tilladt", m->ns, m->ns * m->n, MAX_SERIES, MAX_VALUES);
  for (size_t s = 0; s < m->ns; s++) {
    const json_t *ser = json_array_get(m->series, s), *values = json_object_get(ser, "values");
    if (!json_is_object(ser))
      return invalid(error, "\"series\"[%zu] er ikke et objekt", s);
    if (!json_is_string(json_object_get(ser, "name")))
      return invalid(error, "\"series\"[%zu].name mangler eller er ikke en tekst", s);
    if (!json_is_array(values) || json_array_size(values) != m->n)
      return invalid(error, "\"series\"[%zu].values skal være en liste med %zu værdier ligesom "
                     "\"x\"", s, m->n);
    for (size_t i = 0; i < m->n; i++)
      if (!json_is_number(json_array_get(values, i)) && !json_is_null(json_array_get(values, i)))
        return invalid(error, "\"series\"[%zu].values[%zu] er hverken et tal eller null", s, i);
  }
  m->refs = json_is_null(m->refs) ? NULL : m->refs;
  if (m->refs != NULL && (!json_is_array(m->refs) || json_array_size(m->refs) > MAX_REFERENCES))
    return invalid(error, "\"reference_lines\" skal være en liste med højst %d linjer",
                   MAX_REFERENCES);
  for (size_t r = 0; r < json_array_size(m->refs); r++) {
    const json_t *ref = json_array_get(m->refs, r);
    g_autofree char *where = g_strdup_printf("reference_lines[%zu].", r);
    const char *label;
    if (!json_is_number(json_object_get(ref, "value")))
      return invalid(error, "\"%svalue\" mangler eller er ikke et tal", where);
    if (!opt_string(ref, where, "label", &label, error))
      return FALSE;
  }
  return TRUE;
}

/* Checks every field of the model and fills m (chart_internal.h). */
gboolean
chart_line_model(const json_t *c, Model *m, GError **error)
{
  const char *kind;
  memset(m, 0, sizeof *m);
  if (!json_is_object(c))
    return invalid(error, "Diagrammodellen skal være et JSON-objekt");
  if (!opt_string(c, "", "kind", &kind, error) || !opt_string(c, "", "title", &m->title, error) ||
      !opt_string(c, "", "description", &m->desc, error) ||
      !opt_string(c, "", "x_label", &m->x_label, error) ||
      !opt_string(c, "", "y_label", &m->y_label, error) ||
      !opt_string(c, "", "y_direction", &m->direction, error))
    return FALSE;
  if (kind != NULL && strcmp(kind, "line") != 0 && strcmp(kind, "bar") != 0)
    return invalid(error, "\"kind\" skal være \"line\" eller \"bar\"");
  m->bar = kind != NULL && strcmp(kind, "bar") == 0;
  const json_t *stacked = json_object_get(c, "stacked");
  if (stacked != NULL && !json_is_boolean(stacked) && !json_is_null(stacked))
    return invalid(error, "\"stacked\" skal være true eller false");
  m->stacked = m->bar && json_is_true(stacked);
  if (m->title == NULL || *m->title == '\0')
    return invalid(error, "\"title\" mangler eller er tom");
  if (m->direction != NULL && strcmp(m->direction, "lower_is_better") != 0 &&
      strcmp(m->direction, "higher_is_better") != 0)
    return invalid(error, "\"y_direction\" skal være \"lower_is_better\" eller "
                   "\"higher_is_better\"");

  m->x = json_object_get(c, "x");
  m->n = json_array_size(m->x);
  if (!json_is_array(m->x) || m->n == 0 || m->n > MAX_POINTS)
    return invalid(error, "\"x\" skal være en liste med 1 til %d tekster", MAX_POINTS);
  for (size_t i = 0; i < m->n; i++)
    if (!json_is_string(json_array_get(m->x, i)))
      return invalid(error, "\"x\"[%zu] er ikke en tekst", i);

  const json_t *lo = json_object_get(c, "y_min"), *hi = json_object_get(c, "y_max");
  const json_t *step = json_object_get(c, "y_step");
  if (!json_is_number(lo) || !json_is_number(hi))
    return invalid(error, "\"%s\" mangler eller er ikke et tal",
                   json_is_number(lo) ? "y_max" : "y_min");
  m->y_min = json_number_value(lo);
  m->y_max = json_number_value(hi);
  if (!(m->y_min < m->y_max) || !isfinite(m->y_max - m->y_min))
    return invalid(error, "\"y_min\" skal være mindre end \"y_max\"");
  if (step != NULL && !json_is_null(step) && !(json_is_number(step) && json_number_value(step) > 0))
    return invalid(error, "\"y_step\" skal være et tal større end 0");
  m->y_step = json_number_value(step);

  m->series = json_object_get(c, "series");
  m->ns = json_array_size(m->series);
  m->refs = json_object_get(c, "reference_lines");
  return validate_lines(m, error);
}

/* Appends s escaped for XML and HTML text and attribute values, shortened
 * to max characters with "…" when max > 0; TRUE when it was shortened.  C0
 * controls other than tab and newlines (not XML 1.0) become spaces; jansson
 * strings are valid UTF-8, so every other byte passes as it is. */
static gboolean
put_esc(GString *o, const char *s, size_t max)
{
  g_autofree char *head = NULL;
  gboolean cut = max > 0 && (size_t)g_utf8_strlen(s, -1) > max;
  if (cut)
    s = head = g_utf8_substring(s, 0, (glong)max - 1);
  const char *run = s; /* characters since the last one replaced */
  for (; *s != '\0'; s++) {
    const char *entity;
    switch (*s) {
    case '&': entity = "&amp;"; break;
    case '<': entity = "&lt;"; break;
    case '>': entity = "&gt;"; break;
    case '"': entity = "&quot;"; break;
    case '\'': entity = "&#39;"; break;
    default:
      if ((guchar)*s >= 0x20 || *s == '\t' || *s == '\n' || *s == '\r')
        continue;
      entity = " "; /* other control characters */
    }
    g_string_append_len(o, run, s - run);
    g_string_append(o, entity);
    run = s + 1;
  }
  g_string_append_len(o, run, s - run);
  if (cut)
    g_string_append(o, "…");
  return cut;
}

/* Appends a whole number in decimal, without printf. */
static void
put_int(GString *o, long long v)
{
  char digits[24];
  int n = 0;
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  do {
    digits[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0)
    g_string_append_c(o, '-');
  while (n > 0)
    g_string_append_c(o, digits[--n]);
}

/* Appends v rounded to `decimals` (1 or 2) places, using point as the
 * decimal mark; with trim, trailing zeros (and a bare point) are dropped.
 * Integer arithmetic: printf of doubles was most of the time a chart
 * took.  |v| must be below 1e12. */
static void
put_fixed(GString *o, double v, int decimals, char point, gboolean trim)
{
  const long long scale = decimals == 1 ? 10 : 100;
  long long units = llround(v * (double)scale);
  if (units < 0) {
    g_string_append_c(o, '-');
    units = -units;
  }
  put_int(o, units / scale);
  long long fraction = units % scale;
  if (trim && fraction == 0)
    return;
  g_string_append_c(o, point);
  if (decimals == 2) {
    g_string_append_c(o, (char)('0' + fraction / 10));
    fraction %= 10;
    if (trim && fraction == 0)
      return;
  }
  g_string_append_c(o, (char)('0' + fraction));
}

/* An SVG coordinate: one decimal, a point, whatever the language. */
static void
put_coordinate(GString *o, double v)
{
  if (fabs(v) < 1e12) {
    put_fixed(o, v, 1, '.', FALSE);
    return;
  }
  char buf[400];
  g_string_append(o, g_ascii_formatd(buf, sizeof buf, "%.1f", v));
}

/* Appends v for people: at most two decimals, no trailing zeros, no "-0",
 * and a decimal comma in Danish ("3", "2,5", "-0,33"). */
static void
put_num(GString *o, double v)
{
  if (fabs(v) < 1e12) {
    put_fixed(o, v, 2, spor_i18n_current() == SPOR_LANG_DA ? ',' : '.', TRUE);
    return;
  }
  char buf[400]; /* room for the 309 digits of DBL_MAX */
  g_ascii_formatd(buf, sizeof buf, "%.0f", v);
  g_string_append(o, buf);
}

/* A small printf for markup, as coordinates need a dot whatever the locale
 * and texts need escaping: %s a string as it is, %e a string escaped, %f a
 * coordinate (double, one decimal), %n a number for people (double, see
 * put_num), %d an int.  Every %f and %n must be given a double. */
static void
put_va(GString *o, const char *format, va_list ap)
{
  for (const char *p = format;; p += 2) {
    const char *pc = strchrnul(p, '%');
    g_string_append_len(o, p, pc - p);
    if (*pc == '\0')
      break;
    p = pc;
    switch (p[1]) {
    case 's': g_string_append(o, va_arg(ap, const char *)); break;
    case 'e': put_esc(o, va_arg(ap, const char *), 0); break;
    case 'f': put_coordinate(o, va_arg(ap, double)); break;
    case 'n': put_num(o, va_arg(ap, double)); break;
    case 'd': put_int(o, va_arg(ap, int)); break;
    default: g_assert_not_reached();
    }
  }
}

static void
put(GString *o, const char *format, ...)
{
  va_list ap;
  va_start(ap, format);
  put_va(o, format, ap);
  va_end(ap);
}

static double
x_pos(const Model *m, const Layout *L, size_t i)
{
  if (m->bar)
    return L->left + ((double)i + 0.5) * L->pw / (double)m->n;
  if (m->n == 1)
    return L->left + L->pw / 2;
  return L->left + L->pad + (double)i * (L->pw - 2 * L->pad) / (double)(m->n - 1);
}

/* Values outside [y_min, y_max] are drawn on the edge of the plot. */
static double
y_pos(const Model *m, double v)
{
  v = CLAMP(v, m->y_min, m->y_max);
  return TOP + PLOT_H * (m->y_max - v) / (m->y_max - m->y_min);
}

/* The k-th y tick, or NAN past y_max. */
static double
tick(const Model *m, const Layout *L, int k)
{
  double v = L->y0 + k * L->step;
  return k <= MAX_TICKS && v <= m->y_max + L->step * 1e-9 ? v : NAN;
}

static size_t
chars(const char *s, size_t max)
{
  return MIN((size_t)g_utf8_strlen(s, -1), max);
}

static const char *
series_name(const Model *m, size_t s)
{
  return json_string_value(json_object_get(json_array_get(m->series, s), "name"));
}

static const char *
x_text(const Model *m, size_t i)
{
  return json_string_value(json_array_get(m->x, i));
}

/* Places everything from estimated text widths, as SVG cannot measure. */
static void
layout(const Model *m, Layout *L)
{
  double range = m->y_max - m->y_min;
  L->step = m->y_step;
  L->y0 = m->y_min;
  if (L->step == 0 || range / L->step > MAX_TICKS) { /* about five round ticks */
    double raw = range / 5, mag = pow(10, floor(log10(raw))), f = raw / mag;
    L->step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    L->step = L->step > 0 && isfinite(L->step) ? L->step : range;
    L->y0 = ceil(m->y_min / L->step - 1e-9) * L->step;
  }
  size_t tick_chars = 1, x_chars = 1, name_chars = 1;
  GString *tmp = g_string_new(NULL);
  for (int k = 0; !isnan(tick(m, L, k)); k++) {
    g_string_truncate(tmp, 0);
    put_num(tmp, tick(m, L, k));
    tick_chars = MAX(tick_chars, MIN(tmp->len, 12));
  }
  g_string_free(tmp, TRUE);
  L->left = (m->y_label != NULL ? 30 : 10) + (double)tick_chars * CHAR_W + 8;
  L->pw = WIDTH - L->left - RIGHT;
  L->pad = m->n > 1 && !m->bar ? 16 : 0;
  L->slot = m->bar ? L->pw / (double)m->n
          : m->n > 1 ? (L->pw - 2 * L->pad) / (double)(m->n - 1) : L->pw;

  for (size_t i = 0; i < m->n; i++)
    x_chars = MAX(x_chars, chars(x_text(m, i), X_CHARS));
  L->rotate = (double)x_chars * CHAR_W + 8 > L->slot;
  L->stride = L->rotate ? (size_t)ceil(18 / L->slot) : 1; /* at 45°, 18px apart ≈ 13px gap */
  L->xlab_h = L->rotate ? 20 + (double)x_chars * CHAR_W * 0.71 : 24;

  for (size_t s = 0; s < m->ns; s++)
    name_chars = MAX(name_chars, chars(series_name(m, s), LEGEND_CHARS));
  L->legend_w = 36 + (double)name_chars * CHAR_W + 16;
  L->legend_cols = MAX(1, (size_t)((WIDTH - L->left - RIGHT + 16) / L->legend_w));
  L->legend_y = TOP + PLOT_H + L->xlab_h + (m->x_label != NULL ? 22 : 0) + 14;
  L->height = L->legend_y + (double)((m->ns + L->legend_cols - 1) / L->legend_cols) * 20;
}

/* Series s's lines are dashed from the ninth series on, when the colours
 * start over. */
static const char *
dash(size_t s)
{
  return (s / 8) % 2 == 1 ? " stroke-dasharray=\"6 3\"" : "";
}

/* Appends the opening of series s's marker at (x, y), the tag left open
 * for a <title> or "/>", and returns the tag's name.  The shape shifts
 * against the colour, so that no two of the first 64 series look alike. */
static const char *
put_marker(GString *o, size_t s, double x, double y)
{
  size_t shape = (s + s / 8) % 8;
  if (shapes[shape].n == 0) {
    put(o, "<circle fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1\" r=\"4.5\" "
           "cx=\"%f\" cy=\"%f\"", palette[s % 8], x, y);
    return "circle";
  }
  put(o, "<path fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1\" d=\"", palette[s % 8]);
  for (size_t i = 0; i < shapes[shape].n; i++)
    put(o, i == 0 ? "M%f,%f" : " L%f,%f", x + shapes[shape].p[2 * i],
        y + shapes[shape].p[2 * i + 1]);
  g_string_append(o, " Z\"");
  return "path";
}

/* Grid, axes, tick and axis labels, the direction note, reference lines. */
static void
put_axes(GString *o, const Model *m, const Layout *L)
{
  double bottom = TOP + PLOT_H, right = L->left + L->pw;
  g_string_append(o, "<g class=\"chart-grid\">");
  for (int k = 0; !isnan(tick(m, L, k)); k++) {
    double v = tick(m, L, k), y = y_pos(m, v);
    put(o, "<line" GRID " x1=\"%f\" y1=\"%f\" x2=\"%f\" y2=\"%f\"/>"
           "<text text-anchor=\"end\" x=\"%f\" y=\"%f\">%n</text>",
        L->left, y, right, y, L->left - 8, y + 4, v);
  }
  put(o, "</g>\n<g class=\"chart-axes\">"
         "<line" AXIS " x1=\"%f\" y1=\"%f\" x2=\"%f\" y2=\"%f\"/>"
         "<line" AXIS " x1=\"%f\" y1=\"%f\" x2=\"%f\" y2=\"%f\"/></g>\n"
         "<g class=\"chart-x-labels\">",
      L->left, TOP, L->left, bottom, L->left, bottom, right, bottom);
  for (size_t i = 0; i < m->n; i += L->stride) {
    double x = x_pos(m, L, i), y = bottom + (L->rotate ? 12 : 18);
    put(o, "<line" AXIS " x1=\"%f\" y1=\"%f\" x2=\"%f\" y2=\"%f\"/>", x, bottom, x, bottom + 4);
    if (L->rotate)
      put(o, "<text text-anchor=\"end\" transform=\"rotate(-45 %f %f)\"", x, y);
    else
      g_string_append(o, "<text text-anchor=\"middle\"");
    put(o, " x=\"%f\" y=\"%f\">", x, y);
    put_esc(o, x_text(m, i), X_CHARS);
    g_string_append(o, "</text>");
  }
  g_string_append(o, "</g>\n");
  if (m->x_label != NULL)
    put(o, "<text class=\"chart-axis-label\" text-anchor=\"middle\" x=\"%f\" y=\"%f\">%e</text>\n",
        L->left + L->pw / 2, bottom + L->xlab_h + 14, m->x_label);
  if (m->y_label != NULL)
    put(o, "<text class=\"chart-axis-label\" text-anchor=\"middle\" "
           "transform=\"rotate(-90 14 %f)\" x=\"14\" y=\"%f\">%e</text>\n",
        TOP + PLOT_H / 2, TOP + PLOT_H / 2, m->y_label);
  if (m->direction != NULL)
    put(o, "<text class=\"chart-note\" text-anchor=\"end\" x=\"%f\" y=\"16\">%e</text>\n",
        WIDTH - RIGHT, strcmp(m->direction, "lower_is_better") == 0 ? _("Lavere er bedre")
                                                                     : _("Højere er bedre"));
  for (size_t r = 0; r < json_array_size(m->refs); r++) {
    const json_t *ref = json_array_get(m->refs, r);
    const char *label = json_string_value(json_object_get(ref, "label"));
    double y = y_pos(m, json_number_value(json_object_get(ref, "value")));
    put(o, "<g class=\"chart-reference\"><line stroke=\"#4a5560\" stroke-width=\"1.5\" "
           "stroke-dasharray=\"6 4\" x1=\"%f\" y1=\"%f\" x2=\"%f\" y2=\"%f\"/>",
        L->left, y, right, y);
    if (label != NULL)
      put(o, "<text text-anchor=\"end\" x=\"%f\" y=\"%f\">%e</text>", right - 4, y - 5, label);
    g_string_append(o, "</g>\n");
  }
}

/* One series: a path in which a null value starts a new subpath, then a
 * marker with a tooltip ("name: x: value") on every measured point, so
 * that a point without neighbours shows too. */
static void
put_series(GString *o, const Model *m, const Layout *L, size_t s)
{
  const json_t *values = json_object_get(json_array_get(m->series, s), "values");
  GString *d = g_string_new(NULL);
  gboolean pen = FALSE;
  for (size_t i = 0; i < m->n; i++) {
    const json_t *v = json_array_get(values, i);
    if (!json_is_null(v))
      put(d, pen ? " L%f,%f" : d->len > 0 ? " M%f,%f" : "M%f,%f", x_pos(m, L, i),
          y_pos(m, json_number_value(v)));
    pen = !json_is_null(v);
  }
  g_string_append(o, "<g class=\"chart-series\">");
  if (d->len > 0) /* else never measured: no line, no markers */
    put(o, "<path class=\"chart-line\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s "
           "stroke-linejoin=\"round\" stroke-linecap=\"round\" d=\"%s\"/>",
        palette[s % 8], dash(s), d->str);
  g_string_free(d, TRUE);
  for (size_t i = 0; i < m->n; i++) {
    const json_t *v = json_array_get(values, i);
    if (json_is_null(v))
      continue;
    const char *tag = put_marker(o, s, x_pos(m, L, i), y_pos(m, json_number_value(v)));
    put(o, "><title>%e: %e: %n</title></%s>", series_name(m, s), x_text(m, i),
        json_number_value(v), tag);
  }
  g_string_append(o, "</g>\n");
}

/* The bars of every series: side by side in a group per x label, or
 * stacked; each with a tooltip "name: x: value". */
static void
put_bars(GString *o, const Model *m, const Layout *L)
{
  double base = m->y_min <= 0 && m->y_max >= 0 ? 0 : m->y_min;
  double group = L->slot * (m->stacked ? 0.5 : 0.8);
  double bw = m->stacked ? group : group / (double)m->ns;
  g_string_append(o, "<g class=\"chart-bars\">");
  for (size_t i = 0; i < m->n; i++) {
    double left = x_pos(m, L, i) - group / 2, level = base;
    for (size_t s = 0; s < m->ns; s++) {
      const json_t *v = json_array_get(json_object_get(json_array_get(m->series, s), "values"), i);
      if (json_is_null(v))
        continue;
      double value = json_number_value(v), from = m->stacked ? level : base;
      double to = m->stacked ? level + value : value;
      level = to;
      double y1 = y_pos(m, MAX(from, to)), y2 = y_pos(m, MIN(from, to));
      double x = m->stacked ? left : left + (double)s * bw;
      put(o, "<rect fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1\" x=\"%f\" y=\"%f\" "
             "width=\"%f\" height=\"%f\"><title>%e: %e: %n</title></rect>",
          palette[s % 8], x, y1, bw, MAX(y2 - y1, 0.5), series_name(m, s), x_text(m, i), value);
    }
  }
  g_string_append(o, "</g>\n");
}

static void
put_legend(GString *o, const Model *m, const Layout *L)
{
  g_string_append(o, "<g class=\"chart-legend\">");
  for (size_t s = 0; s < m->ns; s++) {
    double x = L->left + (double)(s % L->legend_cols) * L->legend_w;
    double y = L->legend_y + (double)(s / L->legend_cols) * 20;
    if (m->bar) {
      put(o, "<g><rect fill=\"%s\" x=\"%f\" y=\"%f\" width=\"28\" height=\"12\"/>",
          palette[s % 8], x, y - 6);
      put(o, "<text x=\"%f\" y=\"%f\">", x + 36, y + 4);
    } else {
      put(o, "<g><line stroke=\"%s\" stroke-width=\"2\"%s x1=\"%f\" y1=\"%f\" x2=\"%f\" "
             "y2=\"%f\"/>", palette[s % 8], dash(s), x, y, x + 28, y);
      put_marker(o, s, x + 14, y);
      put(o, "/><text x=\"%f\" y=\"%f\">", x + 36, y + 4);
    }
    if (put_esc(o, series_name(m, s), LEGEND_CHARS)) /* the whole name as a tooltip */
      put(o, "<title>%e</title>", series_name(m, s));
    g_string_append(o, "</text></g>");
  }
  g_string_append(o, "</g>\n");
}

/* The text alternative: x labels across, one row per series. */
static void
put_table(GString *o, const Model *m)
{
  put(o, "<details class=\"chart-table\"><summary>%e</summary>\n<div class=\"table-wrap\">"
         "<table class=\"chart-data\"><caption>%e</caption>\n<thead><tr>",
      _("Tabel over data"), m->title);
  if (m->x_label != NULL)
    put(o, "<th scope=\"col\">%e</th>", m->x_label);
  else
    g_string_append(o, "<td></td>");
  for (size_t i = 0; i < m->n; i++)
    put(o, "<th scope=\"col\" class=\"num\">%e</th>", x_text(m, i));
  g_string_append(o, "</tr></thead>\n<tbody>\n");
  for (size_t s = 0; s < m->ns; s++) {
    const json_t *values = json_object_get(json_array_get(m->series, s), "values");
    put(o, "<tr><th scope=\"row\">%e</th>", series_name(m, s));
    for (size_t i = 0; i < m->n; i++) {
      const json_t *v = json_array_get(values, i);
      if (json_is_null(v))
        g_string_append(o, "<td class=\"num\">–</td>");
      else
        put(o, "<td class=\"num\">%n</td>", json_number_value(v));
    }
    g_string_append(o, "</tr>\n");
  }
  g_string_append(o, "</tbody></table></div></details>\n");
}

static guint64
fnv1a(guint64 hash, const char *text)
{
  for (const char *c = text ? text : ""; *c != '\0'; c++)
    hash = (hash ^ (guchar)*c) * 0x100000001b3ULL;
  return (hash ^ 0xff) * 0x100000001b3ULL; /* a separator between texts */
}

/* The ids of <title> and <desc>: "chart-" and a digest of the texts and
 * numbers of the model, so that different charts on one page do not share
 * them, without any counter; newly allocated. */
static char *
chart_id(const Model *m)
{
  guint64 hash = 0xcbf29ce484222325ULL;
  hash = fnv1a(hash, m->title);
  hash = fnv1a(hash, m->desc);
  for (size_t i = 0; i < m->n; i++)
    hash = fnv1a(hash, json_string_value(json_array_get(m->x, i)));
  for (size_t s = 0; s < m->ns; s++) {
    const json_t *series = json_array_get(m->series, s);
    hash = fnv1a(hash, json_string_value(json_object_get(series, "name")));
    const json_t *values = json_object_get(series, "values");
    for (size_t i = 0; i < m->n; i++) {
      const json_t *v = json_array_get(values, i);
      double d = json_is_number(v) ? json_number_value(v) : -1e300;
      guint64 bits;
      memcpy(&bits, &d, sizeof bits);
      hash = (hash ^ bits) * 0x100000001b3ULL;
    }
  }
  return g_strdup_printf("chart-%010" G_GINT64_MODIFIER "x", (guint64)(hash & 0xffffffffffULL));
}

char *
chart_line_svg(const json_t *chart, GError **error)
{
  Model m;
  Layout L;
  if (!chart_line_model(chart, &m, error))
    return NULL;
  layout(&m, &L);

  g_autofree char *id = chart_id(&m);

  g_autofree char *labelled = m.desc != NULL ? g_strdup_printf("%s-title %s-desc", id, id)
                                              : g_strdup_printf("%s-title", id);

  GString *o = g_string_sized_new(4096 + MIN(m.n * m.ns * 200, 1 << 20));
  put(o, "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
         "class=\"chart-svg\" viewBox=\"0 0 %d %d\" aria-labelledby=\"%s\">\n"
         "<title id=\"%s-title\">%e</title>\n",
      (int)WIDTH, (int)ceil(L.height), labelled, id, m.title);
  if (m.desc != NULL)
    put(o, "<desc id=\"%s-desc\">%e</desc>\n", id, m.desc);
  put_axes(o, &m, &L);
  if (m.bar)
    put_bars(o, &m, &L);
  else
    for (size_t s = 0; s < m.ns; s++)
      put_series(o, &m, &L, s);
  put_legend(o, &m, &L);
  put(o, "</svg>\n<figcaption>%e</figcaption>\n</figure>\n", m.title);
  put_table(o, &m);
  return g_string_free(o, FALSE);
}

/* ---- Shared with the other SVG renderers (chart_internal.h) ---------------- */

const char *const chart_palette[8] = {
  "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
};

void
svg_put(GString *o, const char *format, ...)
{
  va_list ap;
  va_start(ap, format);
  put_va(o, format, ap);
  va_end(ap);
}

gboolean
svg_put_escaped(GString *o, const char *s, size_t max)
{
  return put_esc(o, s, max);
}

const char *
svg_put_marker(GString *o, size_t s, double x, double y)
{
  return put_marker(o, s, x, y);
}

char *
svg_figure_id(const char *text)
{
  guint64 hash = fnv1a(0xcbf29ce484222325ULL, text);
  return g_strdup_printf("chart-%010" G_GINT64_MODIFIER "x", (guint64)(hash & 0xffffffffffULL));
}

double
chart_nice_step(double range, int wanted)
{
  double raw = range / MAX(wanted, 1), mag = pow(10, floor(log10(raw))), f = raw / mag;
  double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
  return step > 0 && isfinite(step) ? step : range;
}
