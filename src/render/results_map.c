/* results_map.c — the results map of a theory of change, laid out once
 * and drawn twice: as SVG (text widths estimated, as SVG cannot measure)
 * and with cairo and pango for the PDF, which draws the same lines of
 * text in the same boxes.  See results_map.h for the model. */
#include "render/results_map.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "render/chart.h"
#include "render/chart_internal.h"

#define MAX_COLUMNS 8
#define MAX_BOXES 400
#define MAX_ARROWS 2000
#define WIDTH 960.0
#define MARGIN 8.0
#define GAP 56.0        /* between columns: room for the arrows */
#define BOX_GAP 18.0
#define PAD 10.0        /* inside a box */
#define LINE_H 15.0
#define NOTE_H 13.0
#define CHAR_W 6.5      /* estimated advance of one 12px character */
#define NOTE_CHAR_W 5.6 /* of one 10px character */
#define HEAD_CHAR_W 7.2 /* of one bold 12px character */
#define LOOP 44.0       /* how far an arrow within or against the columns bulges */

typedef struct {
  gint64 id;
  guint column;
  const char *text, *note;
  GPtrArray *lines, *note_lines;
  double x, y, w, h;
} Box;

typedef struct {
  Box *from, *to;
  gint64 number;
  double p[8];         /* the Bézier curve: start, two controls, end */
  double label_x, label_y; /* where its number stands */
} Arrow;

typedef struct {
  const char *title, *desc;
  guint n_columns;
  const char *columns[MAX_COLUMNS];
  GPtrArray *headings[MAX_COLUMNS];
  double col_w, head_h, height;
  Box *boxes;
  guint n_boxes;
  Arrow *arrows;
  guint n_arrows;
} Map;

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

/* text in lines of at most chars characters, broken at spaces and line
 * breaks; a longer word is split.  Newly allocated strings. */
static GPtrArray *
wrap(const char *text, guint chars)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  g_auto(GStrv) paragraphs = g_strsplit(text != NULL ? text : "", "\n", -1);
  for (guint p = 0; paragraphs[p] != NULL; p++) {
    g_auto(GStrv) words = g_strsplit_set(paragraphs[p], " \t\r", -1);
    GString *line = g_string_new(NULL);
    for (guint w = 0; words[w] != NULL; w++) {
      const char *word = words[w];
      if (*word == '\0')
        continue;
      while ((guint)g_utf8_strlen(word, -1) > chars) { /* a word longer than a line */
        if (line->len > 0) {
          g_ptr_array_add(lines, g_string_free(line, FALSE));
          line = g_string_new(NULL);
        }
        const char *cut = g_utf8_offset_to_pointer(word, chars);
        g_ptr_array_add(lines, g_strndup(word, (gsize)(cut - word)));
        word = cut;
      }
      guint len = (guint)g_utf8_strlen(line->str, -1), wlen = (guint)g_utf8_strlen(word, -1);
      if (line->len > 0 && len + 1 + wlen > chars) {
        g_ptr_array_add(lines, g_string_free(line, FALSE));
        line = g_string_new(NULL);
      }
      if (line->len > 0)
        g_string_append_c(line, ' ');
      g_string_append(line, word);
    }
    if (line->len > 0 || lines->len == 0)
      g_ptr_array_add(lines, g_string_free(line, FALSE));
    else
      g_string_free(line, TRUE);
  }
  return lines;
}

static void
map_clear(Map *m)
{
  for (guint c = 0; c < m->n_columns; c++)
    if (m->headings[c] != NULL)
      g_ptr_array_unref(m->headings[c]);
  for (guint b = 0; b < m->n_boxes; b++) {
    if (m->boxes[b].lines != NULL)
      g_ptr_array_unref(m->boxes[b].lines);
    if (m->boxes[b].note_lines != NULL)
      g_ptr_array_unref(m->boxes[b].note_lines);
  }
  g_free(m->boxes);
  g_free(m->arrows);
}

static Box *
find_box(Map *m, gint64 id)
{
  for (guint b = 0; b < m->n_boxes; b++)
    if (m->boxes[b].id == id)
      return &m->boxes[b];
  return NULL;
}

static gboolean
optional_text(const json_t *obj, const char *key, const char *where, const char **out,
              GError **error)
{
  const json_t *v = json_object_get(obj, key);
  *out = json_string_value(v);
  return v == NULL || json_is_null(v) || json_is_string(v) ||
         invalid(error, "\"%s%s\" skal være en tekst", where, key);
}

/* Checks the model and fills m (borrowed texts); nothing laid out yet. */
static gboolean
parse(const json_t *j, Map *m, GError **error)
{
  memset(m, 0, sizeof *m);
  if (!json_is_object(j))
    return invalid(error, "Resultatkortet skal være et JSON-objekt");
  if (!optional_text(j, "title", "", &m->title, error) ||
      !optional_text(j, "description", "", &m->desc, error))
    return FALSE;
  if (m->title == NULL || *m->title == '\0')
    return invalid(error, "\"title\" mangler eller er tom");
  const json_t *columns = json_object_get(j, "columns"), *boxes = json_object_get(j, "boxes");
  const json_t *arrows = json_object_get(j, "arrows");
  gsize n_columns = json_array_size(columns);
  if (!json_is_array(columns) || n_columns == 0 || n_columns > MAX_COLUMNS)
    return invalid(error, "\"columns\" skal være en liste med 1 til %d tekster", MAX_COLUMNS);
  m->n_columns = (guint)n_columns;
  for (guint c = 0; c < m->n_columns; c++)
    if ((m->columns[c] = json_string_value(json_array_get(columns, c))) == NULL)
      return invalid(error, "\"columns\"[%u] er ikke en tekst", c);
  if (!json_is_array(boxes) || json_array_size(boxes) > MAX_BOXES)
    return invalid(error, "\"boxes\" skal være en liste med højst %d kasser", MAX_BOXES);
  if (arrows != NULL && !json_is_null(arrows) &&
      (!json_is_array(arrows) || json_array_size(arrows) > MAX_ARROWS))
    return invalid(error, "\"arrows\" skal være en liste med højst %d pile", MAX_ARROWS);
  m->boxes = g_new0(Box, MAX(json_array_size(boxes), 1));
  for (size_t b = 0; b < json_array_size(boxes); b++) {
    const json_t *box = json_array_get(boxes, b);
    g_autofree char *where = g_strdup_printf("boxes[%zu].", b);
    const json_t *id = json_object_get(box, "id"), *column = json_object_get(box, "column");
    Box *out = &m->boxes[m->n_boxes];
    if (!json_is_object(box))
      return invalid(error, "\"boxes\"[%zu] er ikke et objekt", b);
    if (!json_is_integer(id))
      return invalid(error, "\"%sid\" mangler eller er ikke et heltal", where);
    if (!json_is_integer(column) || json_integer_value(column) < 0 ||
        json_integer_value(column) >= (json_int_t)m->n_columns)
      return invalid(error, "\"%scolumn\" skal være et tal fra 0 til %u", where, m->n_columns - 1);
    if (!optional_text(box, "text", where, &out->text, error) ||
        !optional_text(box, "note", where, &out->note, error))
      return FALSE;
    if (out->text == NULL)
      return invalid(error, "\"%stext\" mangler", where);
    if (find_box(m, json_integer_value(id)) != NULL)
      return invalid(error, "\"%sid\" %" JSON_INTEGER_FORMAT " findes to gange", where,
                     json_integer_value(id));
    out->id = json_integer_value(id);
    out->column = (guint)json_integer_value(column);
    m->n_boxes++;
  }
  m->arrows = g_new0(Arrow, MAX(json_array_size(arrows), 1));
  for (size_t a = 0; a < json_array_size(arrows); a++) {
    const json_t *arrow = json_array_get(arrows, a);
    const json_t *from = json_object_get(arrow, "from"), *to = json_object_get(arrow, "to");
    const json_t *number = json_object_get(arrow, "number");
    Arrow *out = &m->arrows[m->n_arrows];
    if (!json_is_integer(from) || !json_is_integer(to))
      return invalid(error, "\"arrows\"[%zu] skal have \"from\" og \"to\" som heltal", a);
    if (number != NULL && !json_is_integer(number))
      return invalid(error, "\"arrows\"[%zu].number skal være et heltal", a);
    out->from = find_box(m, json_integer_value(from));
    out->to = find_box(m, json_integer_value(to));
    if (out->from == NULL || out->to == NULL)
      return invalid(error, "\"arrows\"[%zu] peger på en kasse, der ikke findes", a);
    out->number = number != NULL ? json_integer_value(number) : (gint64)a + 1;
    m->n_arrows++;
  }
  return TRUE;
}

static double
box_x(const Map *m, guint column)
{
  return MARGIN + (double)column * (m->col_w + GAP);
}

/* The point of the arrow's curve at t. */
static void
curve_at(const double *p, double t, double *x, double *y)
{
  double u = 1 - t;
  *x = u * u * u * p[0] + 3 * u * u * t * p[2] + 3 * u * t * t * p[4] + t * t * t * p[6];
  *y = u * u * u * p[1] + 3 * u * u * t * p[3] + 3 * u * t * t * p[5] + t * t * t * p[7];
}

/* Places headings, boxes and arrows, and each arrow's number on its
 * curve where it does not cover an earlier one. */
static void
layout(Map *m)
{
  m->col_w = (WIDTH - 2 * MARGIN - (double)(m->n_columns - 1) * GAP) / (double)m->n_columns;
  guint head_chars = (guint)MAX(8, (m->col_w - 8) / HEAD_CHAR_W);
  guint text_chars = (guint)MAX(8, (m->col_w - 2 * PAD) / CHAR_W);
  guint note_chars = (guint)MAX(8, (m->col_w - 2 * PAD) / NOTE_CHAR_W);
  guint head_lines = 1;
  for (guint c = 0; c < m->n_columns; c++) {
    m->headings[c] = wrap(m->columns[c], head_chars);
    head_lines = MAX(head_lines, m->headings[c]->len);
  }
  m->head_h = MARGIN + head_lines * LINE_H + 12;
  double bottom[MAX_COLUMNS];
  for (guint c = 0; c < m->n_columns; c++)
    bottom[c] = m->head_h + 4;
  for (guint b = 0; b < m->n_boxes; b++) {
    Box *box = &m->boxes[b];
    box->lines = wrap(box->text, text_chars);
    box->note_lines = box->note != NULL && *box->note != '\0' ? wrap(box->note, note_chars) : NULL;
    box->w = m->col_w;
    box->h = PAD + box->lines->len * LINE_H +
             (box->note_lines != NULL ? 4 + box->note_lines->len * NOTE_H : 0) + PAD - 2;
    box->x = box_x(m, box->column);
    box->y = bottom[box->column];
    bottom[box->column] += box->h + BOX_GAP;
  }
  double lowest = m->head_h + 40;
  for (guint c = 0; c < m->n_columns; c++)
    lowest = MAX(lowest, bottom[c]);
  gboolean loops_below = FALSE;
  for (guint a = 0; a < m->n_arrows; a++) {
    Arrow *arrow = &m->arrows[a];
    const Box *f = arrow->from, *t = arrow->to;
    double fy = f->y + f->h / 2, ty = t->y + t->h / 2;
    double *p = arrow->p;
    if (t->column > f->column) { /* forwards: right edge to left edge */
      double sx = f->x + f->w, ex = t->x, dx = MAX(24, (ex - sx) / 2);
      double q[8] = {sx, fy, sx + dx, fy, ex - dx, ty, ex - 2, ty};
      memcpy(p, q, sizeof q);
    } else if (t->column == f->column) { /* within a column: round the right side */
      double sx = f->x + f->w, ex = t->x + t->w;
      double q[8] = {sx, fy, sx + LOOP, fy, ex + LOOP, ty, ex + 2, ty};
      memcpy(p, q, sizeof q);
    } else { /* backwards (feedback): left edge round below to the right edge */
      double sx = f->x, ex = t->x + t->w, dip = MAX(fy, ty) + LOOP;
      double q[8] = {sx, fy, sx - LOOP, dip, ex + LOOP, dip, ex + 2, ty};
      memcpy(p, q, sizeof q);
      loops_below = TRUE;
    }
  }
  m->height = lowest + (loops_below ? LOOP : 0) + MARGIN;
  static const double tries[] = {0.5, 0.35, 0.65, 0.25, 0.75, 0.15, 0.85};
  for (guint a = 0; a < m->n_arrows; a++) {
    Arrow *arrow = &m->arrows[a];
    for (guint k = 0; k < G_N_ELEMENTS(tries); k++) {
      curve_at(arrow->p, tries[k], &arrow->label_x, &arrow->label_y);
      gboolean free_spot = TRUE;
      for (guint e = 0; e < a && free_spot; e++)
        free_spot = hypot(m->arrows[e].label_x - arrow->label_x,
                          m->arrows[e].label_y - arrow->label_y) >= 20;
      if (free_spot)
        break;
      if (k + 1 == G_N_ELEMENTS(tries)) /* crowded: the middle after all */
        curve_at(arrow->p, 0.5, &arrow->label_x, &arrow->label_y);
    }
  }
}

/* ---- SVG ----------------------------------------------------------------------- */

char *
results_map_svg(const json_t *model, GError **error)
{
  Map m;
  if (!parse(model, &m, error)) {
    map_clear(&m);
    return NULL;
  }
  layout(&m);
  char *text = json_dumps(model, JSON_COMPACT | JSON_SORT_KEYS);
  g_autofree char *id = svg_figure_id(text != NULL ? text : "");
  free(text);
  g_autofree char *labelled = m.desc != NULL ? g_strdup_printf("%s-title %s-desc", id, id)
                                              : g_strdup_printf("%s-title", id);
  GString *o = g_string_sized_new(8192);
  svg_put(o, "<figure class=\"results-map\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
             "role=\"img\" class=\"map-svg\" viewBox=\"0 0 %d %d\" aria-labelledby=\"%s\">\n"
             "<title id=\"%s-title\">%e</title>\n",
          (int)WIDTH, (int)ceil(m.height), labelled, id, m.title);
  if (m.desc != NULL)
    svg_put(o, "<desc id=\"%s-desc\">%e</desc>\n", id, m.desc);
  svg_put(o, "<defs><marker id=\"%s-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
             "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
             "<path d=\"M0,0 L10,5 L0,10 Z\" fill=\"#4a5560\"/></marker></defs>\n", id);
  g_string_append(o, "<g class=\"map-columns\">");
  for (guint c = 0; c < m.n_columns; c++) {
    double x = box_x(&m, c);
    svg_put(o, "<rect fill=\"#f5f7f9\" x=\"%f\" y=\"%f\" width=\"%f\" height=\"%f\" rx=\"6\"/>",
            x - 4, MARGIN - 4, m.col_w + 8, m.height - MARGIN);
    svg_put(o, "<text class=\"map-heading\" font-weight=\"bold\" x=\"%f\" y=\"%f\">", x,
            MARGIN + 12);
    for (guint l = 0; l < m.headings[c]->len; l++) {
      if (l > 0)
        svg_put(o, "<tspan x=\"%f\" dy=\"%d\">", x, (int)LINE_H);
      svg_put_escaped(o, g_ptr_array_index(m.headings[c], l), 0);
      if (l > 0)
        g_string_append(o, "</tspan>");
    }
    g_string_append(o, "</text>");
  }
  g_string_append(o, "</g>\n<g class=\"map-arrows\">");
  for (guint a = 0; a < m.n_arrows; a++) {
    const double *p = m.arrows[a].p;
    svg_put(o, "<path fill=\"none\" stroke=\"#4a5560\" stroke-width=\"1.5\" "
               "marker-end=\"url(#%s-arrow)\" d=\"M%f,%f C%f,%f %f,%f %f,%f\"/>",
            id, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
  }
  g_string_append(o, "</g>\n<g class=\"map-boxes\">");
  for (guint b = 0; b < m.n_boxes; b++) {
    const Box *box = &m.boxes[b];
    svg_put(o, "<g><rect fill=\"#ffffff\" stroke=\"#1d4e74\" stroke-width=\"1.5\" rx=\"6\" "
               "x=\"%f\" y=\"%f\" width=\"%f\" height=\"%f\"/>", box->x, box->y, box->w, box->h);
    double y = box->y + PAD + 11;
    svg_put(o, "<text x=\"%f\" y=\"%f\">", box->x + PAD, y);
    for (guint l = 0; l < box->lines->len; l++) {
      if (l > 0)
        svg_put(o, "<tspan x=\"%f\" dy=\"%d\">", box->x + PAD, (int)LINE_H);
      svg_put_escaped(o, g_ptr_array_index(box->lines, l), 0);
      if (l > 0)
        g_string_append(o, "</tspan>");
    }
    g_string_append(o, "</text>");
    if (box->note_lines != NULL) {
      y += (box->lines->len - 1) * LINE_H + 4 + NOTE_H;
      svg_put(o, "<text class=\"map-note\" x=\"%f\" y=\"%f\">", box->x + PAD, y);
      for (guint l = 0; l < box->note_lines->len; l++) {
        if (l > 0)
          svg_put(o, "<tspan x=\"%f\" dy=\"%d\">", box->x + PAD, (int)NOTE_H);
        svg_put_escaped(o, g_ptr_array_index(box->note_lines, l), 0);
        if (l > 0)
          g_string_append(o, "</tspan>");
      }
      g_string_append(o, "</text>");
    }
    g_string_append(o, "</g>");
  }
  g_string_append(o, "</g>\n<g class=\"map-numbers\">");
  for (guint a = 0; a < m.n_arrows; a++) {
    double x = m.arrows[a].label_x, y = m.arrows[a].label_y;
    svg_put(o, "<g><circle fill=\"#ffffff\" stroke=\"#4a5560\" stroke-width=\"1\" r=\"9\" "
               "cx=\"%f\" cy=\"%f\"/><text text-anchor=\"middle\" x=\"%f\" y=\"%f\">%d</text></g>",
            x, y, x, y + 4, (int)m.arrows[a].number);
  }
  g_string_append(o, "</g>\n</svg>\n</figure>\n");
  map_clear(&m);
  return g_string_free(o, FALSE);
}

/* ---- PDF ------------------------------------------------------------------------ */

#define PDF_W 842.0 /* A4 landscape, points */
#define PDF_H 595.0
#define PDF_MARGIN 36.0

static double
pdf_text(cairo_t *cr, const char *text, double x, double y, double size, gboolean bold,
         double wrap_width)
{
  PangoLayout *layout = pango_cairo_create_layout(cr);
  PangoFontDescription *font = pango_font_description_from_string("DejaVu Sans, Sans");
  pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
  pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  if (wrap_width > 0) {
    pango_layout_set_width(layout, (int)(wrap_width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_text(layout, text, -1);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
  int w, h;
  pango_layout_get_size(layout, &w, &h);
  g_object_unref(layout);
  return (double)h / PANGO_SCALE;
}

/* The diagram in layout units; cr is already scaled. */
static void
pdf_map(cairo_t *cr, const Map *m)
{
  for (guint c = 0; c < m->n_columns; c++) {
    double x = box_x(m, c);
    cairo_set_source_rgb(cr, 0xf5 / 255.0, 0xf7 / 255.0, 0xf9 / 255.0);
    cairo_rectangle(cr, x - 4, MARGIN - 4, m->col_w + 8, m->height - MARGIN);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    for (guint l = 0; l < m->headings[c]->len; l++)
      pdf_text(cr, g_ptr_array_index(m->headings[c], l), x, MARGIN + l * LINE_H, 12, TRUE, 0);
  }
  cairo_set_line_width(cr, 1.5);
  for (guint a = 0; a < m->n_arrows; a++) {
    const double *p = m->arrows[a].p;
    cairo_set_source_rgb(cr, 0.29, 0.33, 0.38);
    cairo_new_path(cr);
    cairo_move_to(cr, p[0], p[1]);
    cairo_curve_to(cr, p[2], p[3], p[4], p[5], p[6], p[7]);
    cairo_stroke(cr);
    /* The head, along the curve's last tangent. */
    double angle = atan2(p[7] - p[5], p[6] - p[4]);
    cairo_move_to(cr, p[6] + 2 * cos(angle), p[7] + 2 * sin(angle));
    cairo_line_to(cr, p[6] - 8 * cos(angle - 0.45), p[7] - 8 * sin(angle - 0.45));
    cairo_line_to(cr, p[6] - 8 * cos(angle + 0.45), p[7] - 8 * sin(angle + 0.45));
    cairo_close_path(cr);
    cairo_fill(cr);
  }
  for (guint b = 0; b < m->n_boxes; b++) {
    const Box *box = &m->boxes[b];
    cairo_new_sub_path(cr);
    double r = 6, x = box->x, y = box->y, w = box->w, h = box->h;
    cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
    cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
    cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
    cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0x1d / 255.0, 0x4e / 255.0, 0x74 / 255.0);
    cairo_set_line_width(cr, 1.5);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    double ty = y + PAD - 2;
    for (guint l = 0; l < box->lines->len; l++)
      pdf_text(cr, g_ptr_array_index(box->lines, l), x + PAD, ty + l * LINE_H, 11, FALSE, 0);
    if (box->note_lines != NULL) {
      ty += box->lines->len * LINE_H + 4;
      cairo_set_source_rgb(cr, 0.29, 0.33, 0.38);
      for (guint l = 0; l < box->note_lines->len; l++)
        pdf_text(cr, g_ptr_array_index(box->note_lines, l), x + PAD, ty + l * NOTE_H, 9, FALSE,
                 0);
    }
  }
  for (guint a = 0; a < m->n_arrows; a++) {
    double x = m->arrows[a].label_x, y = m->arrows[a].label_y;
    cairo_new_path(cr);
    cairo_arc(cr, x, y, 9, 0, 2 * G_PI);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.29, 0.33, 0.38);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    g_autofree char *number = g_strdup_printf("%d", (int)m->arrows[a].number);
    PangoLayout *layout = pango_cairo_create_layout(cr);
    PangoFontDescription *font = pango_font_description_from_string("DejaVu Sans, Sans");
    pango_font_description_set_absolute_size(font, 10 * PANGO_SCALE);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    pango_layout_set_text(layout, number, -1);
    int w, h;
    pango_layout_get_size(layout, &w, &h);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, x - (double)w / PANGO_SCALE / 2, y - (double)h / PANGO_SCALE / 2);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
  }
}

static cairo_status_t
append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
results_map_pdf(const json_t *model, const char *const *lines, GError **error)
{
  Map m;
  if (!parse(model, &m, error)) {
    map_clear(&m);
    return NULL;
  }
  layout(&m);
  GByteArray *out = g_byte_array_new();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(append_bytes, out, PDF_W, PDF_H);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, m.title);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "spor");
  cairo_t *cr = cairo_create(surface);
  double y = PDF_MARGIN, width = PDF_W - 2 * PDF_MARGIN;
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  y += pdf_text(cr, m.title, PDF_MARGIN, y, 14, TRUE, width) + 8;
  /* The diagram fits the page: scaled to the width, or down to the height. */
  double scale = MIN(width / WIDTH, (PDF_H - y - PDF_MARGIN) / m.height);
  cairo_save(cr);
  cairo_translate(cr, PDF_MARGIN, y);
  cairo_scale(cr, scale, scale);
  pdf_map(cr, &m);
  cairo_restore(cr);
  y += m.height * scale + 12;
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++) {
    if (y > PDF_H - PDF_MARGIN - 24) { /* the rest on the next page */
      cairo_show_page(cr);
      y = PDF_MARGIN;
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    y += pdf_text(cr, lines[i], PDF_MARGIN, y, 9, FALSE, width) + 4;
  }
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  map_clear(&m);
  if (status != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, CHART_ERROR, CHART_ERROR_INVALID, "cairo: %s",
                cairo_status_to_string(status));
    g_byte_array_unref(out);
    return NULL;
  }
  return g_byte_array_free_to_bytes(out);
}
