/* chart_cairo.c — line and radar charts drawn with cairo, text with pango:
 * the PDF and PNG forms of the charts that chart_svg.c and
 * chart_radar_svg.c write as SVG.  The model is checked by the same code
 * (chart_internal.h); the layout is the same in spirit (ticks at round
 * values, one colour, dash and marker shape per series, a legend, the data
 * table as the text alternative on paper) but measures its text with
 * pango instead of estimating it. */
#include "render/chart_cairo.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "core/i18n.h"
#include "render/chart.h"
#include "render/chart_internal.h"

#define FONT "DejaVu Sans, Sans"
#define PDF_WIDTH 595.0 /* A4 in points */
#define PDF_HEIGHT 842.0
#define PDF_MARGIN 48.0
#define PNG_LOGICAL_WIDTH 720.0

/* ---- Text ---------------------------------------------------------------- */

typedef enum { ALIGN_LEFT, ALIGN_CENTRE, ALIGN_RIGHT } Align;

/* A pango layout of text in the font at size points (bold or not),
 * wrapped at wrap_width (0: no wrapping); the caller unrefs. */
static PangoLayout *
text_layout(cairo_t *cr, const char *text, double size, gboolean bold, double wrap_width)
{
  PangoLayout *layout = pango_cairo_create_layout(cr);
  PangoFontDescription *font = pango_font_description_from_string(FONT);
  pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
  pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  if (wrap_width > 0) {
    pango_layout_set_width(layout, (int)(wrap_width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_text(layout, text, -1);
  return layout;
}

/* Draws text with its top at y, aligned at x; returns its height. */
static double
draw_text(cairo_t *cr, const char *text, double x, double y, double size, gboolean bold,
          Align align, double wrap_width)
{
  PangoLayout *layout = text_layout(cr, text, size, bold, wrap_width);
  if (wrap_width > 0)
    pango_layout_set_alignment(layout, align == ALIGN_CENTRE ? PANGO_ALIGN_CENTER
                                       : align == ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                                              : PANGO_ALIGN_LEFT);
  int w, h;
  pango_layout_get_size(layout, &w, &h);
  double width = wrap_width > 0 ? wrap_width : (double)w / PANGO_SCALE;
  double left = align == ALIGN_CENTRE ? x - width / 2 : align == ALIGN_RIGHT ? x - width : x;
  cairo_move_to(cr, left, y);
  pango_cairo_show_layout(cr, layout);
  g_object_unref(layout);
  return (double)h / PANGO_SCALE;
}

static void
text_size(cairo_t *cr, const char *text, double size, double wrap_width, double *w, double *h)
{
  PangoLayout *layout = text_layout(cr, text, size, FALSE, wrap_width);
  int iw, ih;
  pango_layout_get_size(layout, &iw, &ih);
  *w = (double)iw / PANGO_SCALE;
  *h = (double)ih / PANGO_SCALE;
  g_object_unref(layout);
}

/* A number for people, as the SVG prints it (decimal comma in Danish). */
static char *
number(double v)
{
  char buf[64];
  double r = round(v * 100) / 100;
  if (fabs(r - round(r)) < 1e-9)
    g_snprintf(buf, sizeof buf, "%.0f", r);
  else if (fabs(r * 10 - round(r * 10)) < 1e-9)
    g_ascii_formatd(buf, sizeof buf, "%.1f", r);
  else
    g_ascii_formatd(buf, sizeof buf, "%.2f", r);
  if (strcmp(buf, "-0") == 0)
    strcpy(buf, "0");
  if (spor_i18n_current() == SPOR_LANG_DA)
    for (char *p = buf; *p != '\0'; p++)
      if (*p == '.')
        *p = ',';
  return g_strdup(buf);
}

/* ---- Colours, dashes and markers ------------------------------------------- */

static void
set_colour(cairo_t *cr, const char *hex, double alpha)
{
  guint rgb = (guint)g_ascii_strtoull(hex + 1, NULL, 16);
  cairo_set_source_rgba(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0, alpha);
}

static void
set_grey(cairo_t *cr, double level)
{
  cairo_set_source_rgb(cr, level, level, level);
}

static void
set_dash(cairo_t *cr, gboolean dashed)
{
  static const double pattern[] = {7, 4};
  cairo_set_dash(cr, pattern, dashed ? 2 : 0, 0);
}

/* Series s's marker: circle, square, triangle, diamond, by s. */
static void
draw_marker(cairo_t *cr, size_t s, double x, double y)
{
  cairo_new_sub_path(cr);
  switch (s % 4) {
  case 0: cairo_arc(cr, x, y, 3.6, 0, 2 * G_PI); break;
  case 1: cairo_rectangle(cr, x - 3.2, y - 3.2, 6.4, 6.4); break;
  case 2:
    cairo_move_to(cr, x, y - 4.4);
    cairo_line_to(cr, x + 4, y + 2.8);
    cairo_line_to(cr, x - 4, y + 2.8);
    cairo_close_path(cr);
    break;
  default:
    cairo_move_to(cr, x, y - 4.4);
    cairo_line_to(cr, x + 4.4, y);
    cairo_line_to(cr, x, y + 4.4);
    cairo_line_to(cr, x - 4.4, y);
    cairo_close_path(cr);
  }
  set_colour(cr, chart_palette[s % 8], 1);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 0.8);
  set_dash(cr, FALSE);
  cairo_stroke(cr);
}

/* The legend: a short line with the marker and the name per series, in
 * as many columns as fit; returns its height. */
static double
draw_legend(cairo_t *cr, const json_t *series, size_t ns, gboolean dash_odd, double x, double y,
            double width)
{
  double name_w = 0;
  for (size_t s = 0; s < ns; s++) {
    double w, h;
    text_size(cr, json_string_value(json_object_get(json_array_get(series, s), "name")), 8, 0,
              &w, &h);
    name_w = MAX(name_w, MIN(w, 180));
  }
  double col_w = 30 + name_w + 14;
  size_t cols = MAX(1, (size_t)(width / col_w));
  for (size_t s = 0; s < ns; s++) {
    double cx = x + (double)(s % cols) * col_w, cy = y + (double)(s / cols) * 14 + 6;
    set_colour(cr, chart_palette[s % 8], 1);
    cairo_set_line_width(cr, 1.6);
    set_dash(cr, dash_odd ? s % 2 == 1 : (s / 8) % 2 == 1);
    cairo_move_to(cr, cx, cy);
    cairo_line_to(cr, cx + 22, cy);
    cairo_stroke(cr);
    draw_marker(cr, s, cx + 11, cy);
    set_grey(cr, 0.1);
    draw_text(cr, json_string_value(json_object_get(json_array_get(series, s), "name")), cx + 28,
              cy - 5, 8, FALSE, ALIGN_LEFT, 0);
  }
  return (double)((ns + cols - 1) / cols) * 14 + 4;
}

/* The data table: a header row and one row per label, the values right
 * aligned; returns its height. */
static double
draw_table(cairo_t *cr, const char *corner, const json_t *labels, size_t n, const json_t *series,
           size_t ns, double x, double y, double width)
{
  double first = MIN(width * 0.42, 200), col = (width - first) / (double)MAX(ns, 1);
  double top = y;
  set_grey(cr, 0.1);
  draw_text(cr, _("Tabel over data"), x, y, 9, TRUE, ALIGN_LEFT, 0);
  y += 16;
  double head = 0;
  if (corner != NULL)
    head = draw_text(cr, corner, x, y, 8, TRUE, ALIGN_LEFT, first - 6);
  for (size_t s = 0; s < ns; s++)
    head = MAX(head, draw_text(cr, json_string_value(json_object_get(json_array_get(series, s),
                                                                     "name")),
                               x + first + col * (double)(s + 1) - 4, y, 8, TRUE, ALIGN_RIGHT,
                               col - 8));
  y += head + 3;
  set_grey(cr, 0.6);
  cairo_set_line_width(cr, 0.8);
  set_dash(cr, FALSE);
  cairo_move_to(cr, x, y);
  cairo_line_to(cr, x + width, y);
  cairo_stroke(cr);
  y += 3;
  for (size_t i = 0; i < n; i++) {
    set_grey(cr, 0.1);
    double h = draw_text(cr, json_string_value(json_array_get(labels, i)), x, y, 8, FALSE,
                         ALIGN_LEFT, first - 6);
    for (size_t s = 0; s < ns; s++) {
      const json_t *v = json_array_get(json_object_get(json_array_get(series, s), "values"), i);
      g_autofree char *text = json_is_number(v) ? number(json_number_value(v)) : g_strdup("–");
      h = MAX(h, draw_text(cr, text, x + first + col * (double)(s + 1) - 4, y, 8, FALSE,
                           ALIGN_RIGHT, 0));
    }
    y += h + 3;
    set_grey(cr, 0.85);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + width, y);
    cairo_stroke(cr);
    y += 3;
  }
  return y - top;
}

/* ---- Radar ------------------------------------------------------------------ */

static double
draw_radar(cairo_t *cr, const ChartRadarModel *m, double x, double y, double width)
{
  double label_w = MIN(110, width * 0.2);
  double radius = MIN((width - 2 * label_w - 24) / 2, 200);
  double label_h = 0;
  for (size_t i = 0; i < m->n; i++) {
    double w, h;
    text_size(cr, json_string_value(json_array_get(m->axes, i)), 8, label_w, &w, &h);
    label_h = MAX(label_h, h);
  }
  double cx = x + width / 2, cy = y + label_h + 16 + radius;
  double step = m->r_step > 0 && (m->r_max - m->r_min) / m->r_step <= 20
                  ? m->r_step : chart_nice_step(m->r_max - m->r_min, 5);
#define RADAR_POINT(i, v, px, py)                                                          \
  do {                                                                                     \
    double r_ = radius * (CLAMP((v), m->r_min, m->r_max) - m->r_min) / (m->r_max - m->r_min); \
    double a_ = -G_PI / 2 + 2 * G_PI * (double)(i) / (double)m->n;                         \
    *(px) = cx + r_ * cos(a_);                                                             \
    *(py) = cy + r_ * sin(a_);                                                             \
  } while (0)
  set_dash(cr, FALSE);
  for (int k = 1; k <= 20; k++) {
    double v = m->r_min + k * step;
    if (v > m->r_max + step * 1e-9)
      break;
    for (size_t i = 0; i < m->n; i++) {
      double px, py;
      RADAR_POINT(i, v, &px, &py);
      if (i == 0)
        cairo_move_to(cr, px, py);
      else
        cairo_line_to(cr, px, py);
    }
    cairo_close_path(cr);
    set_grey(cr, 0.84);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
  }
  for (size_t i = 0; i < m->n; i++) {
    double px, py;
    RADAR_POINT(i, m->r_max, &px, &py);
    cairo_move_to(cr, cx, cy);
    cairo_line_to(cr, px, py);
    set_grey(cr, 0.35);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
  }
  for (int k = 0; k <= 20; k++) {
    double v = m->r_min + k * step;
    if (v > m->r_max + step * 1e-9)
      break;
    double px, py;
    RADAR_POINT(0, v, &px, &py);
    g_autofree char *t = number(v);
    set_grey(cr, 0.35);
    draw_text(cr, t, px + 4, py + 1, 7, FALSE, ALIGN_LEFT, 0);
  }
  for (size_t i = 0; i < m->n; i++) {
    double a = -G_PI / 2 + 2 * G_PI * (double)i / (double)m->n;
    double lx = cx + (radius + 14) * cos(a), ly = cy + (radius + 14) * sin(a);
    double w, h;
    const char *name = json_string_value(json_array_get(m->axes, i));
    text_size(cr, name, 8, label_w, &w, &h);
    Align align = fabs(cos(a)) < 0.2 ? ALIGN_CENTRE : cos(a) > 0 ? ALIGN_LEFT : ALIGN_RIGHT;
    double top = sin(a) < -0.2 ? ly - h : sin(a) > 0.2 ? ly : ly - h / 2;
    set_grey(cr, 0.1);
    /* Wrapped text is aligned within its box: place the box by hand. */
    double box_x = align == ALIGN_CENTRE ? lx - label_w / 2 : align == ALIGN_RIGHT
                                                                ? lx - label_w : lx;
    PangoLayout *layout = text_layout(cr, name, 8, FALSE, label_w);
    pango_layout_set_alignment(layout, align == ALIGN_CENTRE ? PANGO_ALIGN_CENTER
                                       : align == ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                                              : PANGO_ALIGN_LEFT);
    cairo_move_to(cr, box_x, top);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
  }
  for (size_t s = 0; s < m->ns; s++) {
    const json_t *values = json_object_get(json_array_get(m->series, s), "values");
    size_t present = 0;
    for (size_t i = 0; i < m->n; i++)
      present += !json_is_null(json_array_get(values, i));
    set_dash(cr, s % 2 == 1);
    cairo_set_line_width(cr, 1.6);
    if (present == m->n) {
      for (size_t i = 0; i < m->n; i++) {
        double px, py;
        RADAR_POINT(i, json_number_value(json_array_get(values, i)), &px, &py);
        if (i == 0)
          cairo_move_to(cr, px, py);
        else
          cairo_line_to(cr, px, py);
      }
      cairo_close_path(cr);
      set_colour(cr, chart_palette[s % 8], 0.12);
      cairo_fill_preserve(cr);
      set_colour(cr, chart_palette[s % 8], 1);
      cairo_stroke(cr);
    } else {
      for (size_t i = 0; i < m->n; i++) {
        const json_t *a = json_array_get(values, i), *b = json_array_get(values, (i + 1) % m->n);
        if (json_is_null(a) || json_is_null(b))
          continue;
        double x1, y1, x2, y2;
        RADAR_POINT(i, json_number_value(a), &x1, &y1);
        RADAR_POINT((i + 1) % m->n, json_number_value(b), &x2, &y2);
        cairo_move_to(cr, x1, y1);
        cairo_line_to(cr, x2, y2);
      }
      set_colour(cr, chart_palette[s % 8], 1);
      cairo_stroke(cr);
    }
    for (size_t i = 0; i < m->n; i++) {
      const json_t *v = json_array_get(values, i);
      if (json_is_null(v))
        continue;
      double px, py;
      RADAR_POINT(i, json_number_value(v), &px, &py);
      draw_marker(cr, s, px, py);
    }
  }
#undef RADAR_POINT
  double bottom = cy + radius + 16 + label_h + 8;
  return bottom - y + draw_legend(cr, m->series, m->ns, TRUE, x, bottom, width);
}

/* ---- Line ------------------------------------------------------------------- */

static double
draw_line(cairo_t *cr, const ChartLineModel *m, double x, double y, double width)
{
  double range = m->y_max - m->y_min;
  double step = m->y_step > 0 && range / m->y_step <= 50 ? m->y_step : chart_nice_step(range, 5);
  double y0 = m->y_step > 0 && range / m->y_step <= 50 ? m->y_min
                                                      : ceil(m->y_min / step - 1e-9) * step;
  double tick_w = 0;
  for (int k = 0; k <= 50; k++) {
    double v = y0 + k * step, w, h;
    if (v > m->y_max + step * 1e-9)
      break;
    g_autofree char *t = number(v);
    text_size(cr, t, 8, 0, &w, &h);
    tick_w = MAX(tick_w, w);
  }
  double left = x + (m->y_label != NULL ? 16 : 0) + tick_w + 8, right = x + width - 8;
  double top = y + 14, plot_h = MIN(width * 0.42, 260), bottom = top + plot_h;
  double pad = m->n > 1 && !m->bar ? 10 : 0;
#define LINE_X(i) (m->bar ? left + ((double)(i) + 0.5) * (right - left) / (double)m->n            \
                   : m->n == 1 ? (left + right) / 2                                           \
                             : left + pad + (double)(i) * (right - left - 2 * pad) / (double)(m->n - 1))
#define LINE_Y(v) (top + plot_h * (m->y_max - CLAMP((v), m->y_min, m->y_max)) / range)
  set_dash(cr, FALSE);
  for (int k = 0; k <= 50; k++) {
    double v = y0 + k * step;
    if (v > m->y_max + step * 1e-9)
      break;
    set_grey(cr, 0.84);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, left, LINE_Y(v));
    cairo_line_to(cr, right, LINE_Y(v));
    cairo_stroke(cr);
    g_autofree char *t = number(v);
    set_grey(cr, 0.2);
    draw_text(cr, t, left - 5, LINE_Y(v) - 5, 8, FALSE, ALIGN_RIGHT, 0);
  }
  set_grey(cr, 0.3);
  cairo_set_line_width(cr, 0.8);
  cairo_move_to(cr, left, top);
  cairo_line_to(cr, left, bottom);
  cairo_line_to(cr, right, bottom);
  cairo_stroke(cr);
  if (m->direction != NULL)
    draw_text(cr, strcmp(m->direction, "lower_is_better") == 0 ? _("Lavere er bedre")
                                                                : _("Højere er bedre"),
              right, y, 7, FALSE, ALIGN_RIGHT, 0);
  if (m->y_label != NULL) {
    cairo_save(cr);
    cairo_move_to(cr, x, (top + bottom) / 2);
    cairo_rotate(cr, -G_PI / 2);
    PangoLayout *layout = text_layout(cr, m->y_label, 8, TRUE, 0);
    int w, h;
    pango_layout_get_size(layout, &w, &h);
    cairo_rel_move_to(cr, -(double)w / PANGO_SCALE / 2, 0);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
    cairo_restore(cr);
  }
  /* x labels: every stride-th, rotated when they do not fit. */
  double slot = m->bar ? (right - left) / (double)m->n
               : m->n > 1 ? (right - left - 2 * pad) / (double)(m->n - 1) : right - left;
  double label_w = 0;
  for (size_t i = 0; i < m->n; i++) {
    double w, h;
    text_size(cr, json_string_value(json_array_get(m->x, i)), 7, 0, &w, &h);
    label_w = MAX(label_w, MIN(w, 120));
  }
  gboolean rotate = label_w + 6 > slot;
  size_t stride = rotate ? (size_t)MAX(1, ceil(12 / slot)) : 1;
  double labels_h = rotate ? label_w * 0.72 + 10 : 14;
  for (size_t i = 0; i < m->n; i += stride) {
    const char *t = json_string_value(json_array_get(m->x, i));
    set_grey(cr, 0.2);
    if (!rotate) {
      draw_text(cr, t, LINE_X(i), bottom + 3, 7, FALSE, ALIGN_CENTRE, 0);
      continue;
    }
    cairo_save(cr);
    cairo_move_to(cr, LINE_X(i), bottom + 4);
    cairo_rotate(cr, -G_PI / 4);
    PangoLayout *layout = text_layout(cr, t, 7, FALSE, 0);
    int w, h;
    pango_layout_get_size(layout, &w, &h);
    cairo_rel_move_to(cr, -(double)w / PANGO_SCALE, 0);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
    cairo_restore(cr);
  }
  double after = bottom + labels_h;
  if (m->x_label != NULL)
    after += draw_text(cr, m->x_label, (left + right) / 2, after, 8, TRUE, ALIGN_CENTRE, 0) + 2;
  for (size_t r = 0; r < json_array_size(m->refs); r++) {
    const json_t *ref = json_array_get(m->refs, r);
    double ry = LINE_Y(json_number_value(json_object_get(ref, "value")));
    set_grey(cr, 0.3);
    set_dash(cr, TRUE);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, left, ry);
    cairo_line_to(cr, right, ry);
    cairo_stroke(cr);
    set_dash(cr, FALSE);
    const char *label = json_string_value(json_object_get(ref, "label"));
    if (label != NULL)
      draw_text(cr, label, right - 3, ry - 11, 7, FALSE, ALIGN_RIGHT, 0);
  }
  if (m->bar) {
    double base = m->y_min <= 0 && m->y_max >= 0 ? 0 : m->y_min;
    double group = slot * (m->stacked ? 0.5 : 0.8);
    double bw = m->stacked ? group : group / (double)m->ns;
    for (size_t i = 0; i < m->n; i++) {
      double bx = LINE_X(i) - group / 2, level = base;
      for (size_t s = 0; s < m->ns; s++) {
        const json_t *v = json_array_get(json_object_get(json_array_get(m->series, s), "values"),
                                         i);
        if (json_is_null(v))
          continue;
        double value = json_number_value(v), from = m->stacked ? level : base;
        double to = m->stacked ? level + value : value;
        level = to;
        double y1 = LINE_Y(MAX(from, to)), y2 = LINE_Y(MIN(from, to));
        set_colour(cr, chart_palette[s % 8], 1);
        cairo_rectangle(cr, m->stacked ? bx : bx + (double)s * bw, y1, bw, MAX(y2 - y1, 0.5));
        cairo_fill(cr);
      }
    }
  }
  for (size_t s = 0; s < m->ns && !m->bar; s++) {
    const json_t *values = json_object_get(json_array_get(m->series, s), "values");
    gboolean pen = FALSE;
    set_colour(cr, chart_palette[s % 8], 1);
    set_dash(cr, (s / 8) % 2 == 1);
    cairo_set_line_width(cr, 1.6);
    for (size_t i = 0; i < m->n; i++) {
      const json_t *v = json_array_get(values, i);
      if (json_is_null(v)) {
        pen = FALSE;
        continue;
      }
      if (pen)
        cairo_line_to(cr, LINE_X(i), LINE_Y(json_number_value(v)));
      else
        cairo_move_to(cr, LINE_X(i), LINE_Y(json_number_value(v)));
      pen = TRUE;
    }
    cairo_stroke(cr);
    for (size_t i = 0; i < m->n; i++) {
      const json_t *v = json_array_get(values, i);
      if (!json_is_null(v))
        draw_marker(cr, s, LINE_X(i), LINE_Y(json_number_value(v)));
    }
  }
#undef LINE_X
#undef LINE_Y
  return after + 6 - y + draw_legend(cr, m->series, m->ns, FALSE, left, after + 6, right - left);
}

/* ---- The figure ------------------------------------------------------------- */

double
chart_cairo_draw(cairo_t *cr, const json_t *chart, double x, double y, double width,
                 gboolean with_table, GError **error)
{
  const char *kind = json_string_value(json_object_get(chart, "kind"));
  gboolean radar = kind != NULL && strcmp(kind, "radar") == 0;
  ChartLineModel line;
  ChartRadarModel web;
  if (radar ? !chart_radar_model(chart, &web, error) : !chart_line_model(chart, &line, error))
    return -1;
  const char *title = radar ? web.title : line.title, *desc = radar ? web.desc : line.desc;
  cairo_save(cr);
  double top = y;
  set_grey(cr, 0.1);
  y += draw_text(cr, title, x, y, 14, TRUE, ALIGN_LEFT, width) + 4;
  if (desc != NULL) {
    set_grey(cr, 0.3);
    y += draw_text(cr, desc, x, y, 8.5, FALSE, ALIGN_LEFT, width) + 6;
  }
  if (radar) {
    set_grey(cr, 0.35);
    draw_text(cr, _("Yderkanten er den højeste score"), x + width, y, 7, FALSE, ALIGN_RIGHT, 0);
    y += 10;
  }
  y += radar ? draw_radar(cr, &web, x, y, width) : draw_line(cr, &line, x, y, width);
  if (with_table) {
    y += 12;
    /* One row per axis or point, one column per series (the SVG's line
     * chart has the points across; down fits a page better). */
    y += radar ? draw_table(cr, web.value_label, web.axes, web.n, web.series, web.ns, x, y, width)
               : draw_table(cr, line.x_label, line.x, line.n, line.series, line.ns, x, y, width);
  }
  cairo_restore(cr);
  return y - top;
}

/* ---- PDF and PNG --------------------------------------------------------------- */

static cairo_status_t
append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
surface_ok(cairo_surface_t *surface, GError **error)
{
  cairo_status_t status = cairo_surface_status(surface);
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error(error, CHART_ERROR, CHART_ERROR_INVALID, "cairo: %s",
              cairo_status_to_string(status));
  return FALSE;
}

GBytes *
chart_pdf(const json_t *chart, GError **error)
{
  GByteArray *out = g_byte_array_new();
  cairo_surface_t *surface =
    cairo_pdf_surface_create_for_stream(append_bytes, out, PDF_WIDTH, PDF_HEIGHT);
  g_autofree char *title = g_strdup(json_string_value(json_object_get(chart, "title")));
  if (title != NULL)
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "spor");
  cairo_t *cr = cairo_create(surface);
  double h = chart_cairo_draw(cr, chart, PDF_MARGIN, PDF_MARGIN, PDF_WIDTH - 2 * PDF_MARGIN, TRUE,
                              error);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  gboolean ok = h >= 0 && surface_ok(surface, error);
  cairo_surface_destroy(surface);
  if (!ok) {
    g_byte_array_unref(out);
    return NULL;
  }
  return g_byte_array_free_to_bytes(out);
}

GBytes *
chart_png(const json_t *chart, int width_px, GError **error)
{
  width_px = CLAMP(width_px, 200, 4000);
  double scale = width_px / PNG_LOGICAL_WIDTH;
  /* Measure first on a recording surface, then draw at the height needed. */
  cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *mc = cairo_create(rec);
  double h = chart_cairo_draw(mc, chart, 16, 16, PNG_LOGICAL_WIDTH - 32, FALSE, error);
  cairo_destroy(mc);
  cairo_surface_destroy(rec);
  if (h < 0)
    return NULL;
  int height_px = (int)ceil((h + 32) * scale);
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_px, height_px);
  cairo_t *cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  chart_cairo_draw(cr, chart, 16, 16, PNG_LOGICAL_WIDTH - 32, FALSE, NULL);
  cairo_destroy(cr);
  GByteArray *out = g_byte_array_new();
  gboolean ok = surface_ok(surface, error) &&
                cairo_surface_write_to_png_stream(surface, append_bytes, out) ==
                  CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(surface);
  if (!ok) {
    if (error != NULL && *error == NULL)
      g_set_error_literal(error, CHART_ERROR, CHART_ERROR_INVALID, "cairo: PNG");
    g_byte_array_unref(out);
    return NULL;
  }
  return g_byte_array_free_to_bytes(out);
}
