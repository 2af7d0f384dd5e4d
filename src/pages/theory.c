/* theory.c — theories of change (forandringsteori) and their results maps
 * (resultatkort), in versions.
 *
 * A theory is shown as its map — boxes in the four columns, numbered
 * arrows, drawn as SVG and as a PDF — with the same content as text: the
 * boxes by column with their knowledge basis and the instrument
 * parameters that measure each result, the arrows with their mechanisms,
 * the target group, the objectives and the written account (referat).
 * Leaders change the newest version on the edit page and keep it as a
 * new version when they want to keep the old one as it was.  A result
 * box links to its own page, where its parameters are named.
 *
 * Each result box shows the latest aggregated figure of each of its
 * parameters (domain/report_theory.h, the same function as the offer
 * report's section on the theory) over the last year, on the page, the
 * box's page and the printed map.  Who may see them: whoever may read the
 * theory (CAP_PRACTICE_READ and the store's access to the offer: its
 * staff and leaders) sees the offer's own figures, because they are
 * aggregates over the offer's citizens with every figure under k hidden
 * (the [reports] min_cell of the installation) — the staff know these
 * citizens by name already, and the figures tell them less than the
 * citizens' own pages do; nothing names a citizen and nothing is
 * audited as a citizen read.  The full report (with its other figures and
 * downloads) stays for those with CAP_REPORT, who get a link. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/instrument.h"
#include "domain/report_theory.h"
#include "http/app.h"
#include "pages/pages.h"
#include "pages/practice_common.h"
#include "render/chart.h"
#include "render/results_map.h"

#define MAX_PARAMETERS 40

/* ---- Parameters: instrument parts that can measure a result ------------------------------- */

/* Every part of the instruments for citizens (newest versions) that a
 * result box can name: [{value "key:part:part_key", label, instrument,
 * part_label}], by instrument. */
static json_t *
parameter_choices(HttpRequest *req, GError **error)
{
  json_t *list = store_instrument_list(req->db, error);
  if (list == NULL)
    return NULL;
  json_t *out = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(list, i, row) {
    if (g_strcmp0(json_string_value(json_object_get(row, "kind")), "practice_assessment") == 0)
      continue;
    g_autoptr(InstrumentVersion) v =
      instrument_version_load(req->db, json_integer_value(json_object_get(row, "id")), error);
    if (v == NULL) {
      json_decref(list);
      json_decref(out);
      return NULL;
    }
    const InstrumentDef *def = v->def;
    const char *name = instrument_text(&def->name, req->lang);
    if (def->has_total) {
      g_autofree char *value = g_strdup_printf("%s:total:", def->id);
      g_autofree char *label = g_strdup_printf("%s – %s", name, _("samlet score"));
      json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s}", "value", value, "label", label,
                                           "instrument", name, "part_label", _("samlet score")));
    }
    for (guint s = 0; s < def->n_subscales; s++) {
      const char *part = instrument_text(&def->subscales[s].name, req->lang);
      g_autofree char *value = g_strdup_printf("%s:subscale:%s", def->id, def->subscales[s].id);
      g_autofree char *label = g_strdup_printf("%s – %s", name, part);
      json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s}", "value", value, "label", label,
                                           "instrument", name, "part_label", part));
    }
    for (guint it = 0; it < def->n_items; it++) {
      const char *part = instrument_text(&def->items[it].text, req->lang);
      g_autofree char *value = g_strdup_printf("%s:item:%s", def->id, def->items[it].id);
      g_autofree char *label = g_strdup_printf("%s – %s", name, part);
      json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s}", "value", value, "label", label,
                                           "instrument", name, "part_label", part));
    }
  }
  json_decref(list);
  return out;
}

/* The choice of a stored parameter row ({instrument_key, part, part_key}),
 * borrowed from choices, or NULL when the instrument no longer has it. */
static json_t *
parameter_choice(const json_t *choices, const json_t *param)
{
  g_autofree char *value = g_strdup_printf(
    "%s:%s:%s", json_string_value(json_object_get(param, "instrument_key")),
    json_string_value(json_object_get(param, "part")),
    json_string_value(json_object_get(param, "part_key")));
  size_t i;
  json_t *c;
  json_array_foreach(choices, i, c)
    if (g_strcmp0(json_string_value(json_object_get(c, "value")), value) == 0)
      return c;
  return NULL;
}

/* ---- The view ------------------------------------------------------------------------------ */

static const char *
column_label(const char *key)
{
  return page_label(practice_columns, key);
}

/* "Forskning · Praksis" of a box's knowledge basis, or NULL; newly allocated. */
static char *
knowledge_label(const json_t *box)
{
  GString *s = g_string_new(NULL);
  static const struct {
    const char *key, *label;
  } kinds[] = {
    {"knowledge_research", N_("Forskning")},
    {"knowledge_practice", N_("Praksis")},
    {"knowledge_citizens", N_("Borgere")},
  };
  for (guint k = 0; k < G_N_ELEMENTS(kinds); k++)
    if (json_is_true(json_object_get(box, kinds[k].key)))
      g_string_append_printf(s, "%s%s", s->len ? " · " : "", _(kinds[k].label));
  return g_string_free(s, s->len == 0);
}

/* The theory's page model (everything but the SVG), from store_theory_get;
 * choices names the parameters.  Adds to model. */
static void
theory_view(json_t *model, json_t *theory, const json_t *choices, const json_t *figures)
{
  gint64 theory_id = json_integer_value(json_object_get(theory, "id"));
  json_t *version = json_object_get(theory, "version");
  json_t *boxes = json_object_get(version, "boxes");
  json_t *columns = json_array();
  json_t *map_boxes = json_array();
  GHashTable *texts = g_hash_table_new(g_int64_hash, g_int64_equal);
  GArray *ids = g_array_sized_new(FALSE, FALSE, sizeof(gint64), json_array_size(boxes));
  for (const CodeLabel *c = practice_columns; c->code != NULL; c++) {
    json_t *list = json_array();
    size_t i;
    json_t *box;
    json_array_foreach(boxes, i, box) {
      if (g_strcmp0(json_string_value(json_object_get(box, "column_key")), c->code) != 0)
        continue;
      gint64 id = json_integer_value(json_object_get(box, "id"));
      g_array_append_val(ids, id);
      g_hash_table_insert(texts, &g_array_index(ids, gint64, ids->len - 1),
                          (gpointer)json_string_value(json_object_get(box, "text")));
      g_autofree char *knowledge = knowledge_label(box);
      gboolean result = strcmp(c->code, "activities") != 0;
      json_t *params = json_array();
      size_t k;
      json_t *p;
      g_autofree char *box_key = g_strdup_printf("%" G_GINT64_FORMAT, id);
      const json_t *box_figures = json_object_get(figures, box_key);
      GString *shorts = g_string_new(NULL);
      json_array_foreach(json_object_get(box, "parameters"), k, p) {
        const json_t *choice = parameter_choice(choices, p);
        const json_t *fig = json_array_get(box_figures, k);
        json_array_append_new(params, json_pack(
          "{s:s, s:s?}", "label", choice ? json_string_value(json_object_get(choice, "label"))
                                         : json_string_value(json_object_get(p, "instrument_key")),
          "figure", json_string_value(json_object_get(fig, "text"))));
        if (fig != NULL)
          g_string_append_printf(shorts, "%s%s", shorts->len ? "; " : "",
                                 json_string_value(json_object_get(fig, "short")));
      }
      g_autofree char *href = g_strdup_printf("/theories/%" G_GINT64_FORMAT "/boxes/%"
                                              G_GINT64_FORMAT, theory_id, id);
      GString *note = g_string_new(knowledge ? knowledge : "");
      if (shorts->len > 0)
        g_string_append_printf(note, "%s%s", note->len ? " · " : "", shorts->str);
      else if (json_array_size(params) > 0)
        g_string_append_printf(note, "%s%s %zu", note->len ? " · " : "", _("Parametre:"),
                               json_array_size(params));
      g_string_free(shorts, TRUE);
      json_array_append_new(list, json_pack(
        "{s:I, s:O, s:s?, s:O?, s:o, s:b, s:b, s:s}", "id", (json_int_t)id, "text",
        json_object_get(box, "text"), "knowledge", knowledge, "knowledge_note",
        json_object_get(box, "knowledge_note"), "parameters", params, "has_parameters",
        json_array_size(params) > 0, "result", result, "href", href));
      json_array_append_new(map_boxes, json_pack("{s:I, s:i, s:O, s:s?}", "id", (json_int_t)id,
                                                 "column", (int)(c - practice_columns), "text",
                                                 json_object_get(box, "text"), "note",
                                                 note->len ? note->str : NULL));
      g_string_free(note, TRUE);
    }
    json_array_append_new(columns, json_pack("{s:s, s:s, s:o, s:b}", "key", c->code, "label",
                                             _(c->label), "boxes", list, "empty",
                                             json_array_size(list) == 0));
  }
  json_t *arrows = json_array();
  json_t *map_arrows = json_array();
  size_t i;
  json_t *arrow;
  json_array_foreach(json_object_get(version, "arrows"), i, arrow) {
    gint64 from = json_integer_value(json_object_get(arrow, "from_box_id"));
    gint64 to = json_integer_value(json_object_get(arrow, "to_box_id"));
    json_array_append_new(arrows, json_pack("{s:I, s:i, s:I, s:I, s:s?, s:s?, s:O?}", "id",
                                            json_integer_value(json_object_get(arrow, "id")),
                                            "number", (int)(i + 1), "from", (json_int_t)from,
                                            "to", (json_int_t)to, "from_text",
                                            g_hash_table_lookup(texts, &from), "to_text",
                                            g_hash_table_lookup(texts, &to), "mechanism",
                                            json_object_get(arrow, "mechanism")));
    json_array_append_new(map_arrows, json_pack("{s:I, s:I, s:i}", "from", (json_int_t)from, "to",
                                                (json_int_t)to, "number", (int)(i + 1)));
  }
  g_hash_table_destroy(texts);
  g_array_unref(ids);
  json_t *headings = json_array();
  for (const CodeLabel *c = practice_columns; c->code != NULL; c++)
    json_array_append_new(headings, json_string(_(c->label)));
  gint64 number = json_integer_value(json_object_get(version, "version"));
  g_autofree char *map_title = g_strdup_printf(_("%s, version %d"),
                                               json_string_value(json_object_get(theory, "title")),
                                               (int)number);
  g_autofree char *map_desc = g_strdup_printf(
    _("Resultatkort med %zu kasser i fire kolonner (aktiviteter, umiddelbare resultater, "
      "resultater på mellemlangt og på langt sigt) og %zu pile. Kasserne og pilenes mekanismer "
      "står som tekst under kortet."),
    json_array_size(map_boxes), json_array_size(map_arrows));
  json_t *map = json_pack("{s:s, s:s, s:o, s:o, s:o}", "title", map_title, "description",
                          map_desc, "columns", headings, "boxes", map_boxes, "arrows",
                          map_arrows);
  json_t *versions = json_object_get(theory, "versions");
  json_t *version_list = json_array();
  json_array_foreach(versions, i, arrow) {
    gint64 v = json_integer_value(json_object_get(arrow, "version"));
    g_autofree char *href = g_strdup_printf("/theories/%" G_GINT64_FORMAT "?version=%"
                                            G_GINT64_FORMAT, theory_id, v);
    g_autofree char *day = g_strndup(json_string_value(json_object_get(arrow, "created_at")), 10);
    g_autofree char *shown = spor_date_iso_to_danish(day);
    json_array_append_new(version_list, json_pack("{s:I, s:s, s:s?, s:O?, s:O?, s:b}", "version",
                                                  (json_int_t)v, "href", href, "created_on",
                                                  shown, "change_note",
                                                  json_object_get(arrow, "change_note"),
                                                  "created_by_name",
                                                  json_object_get(arrow, "created_by_name"),
                                                  "current", v == number));
  }
  g_autofree char *day = g_strndup(json_string_value(json_object_get(version, "updated_at")), 10);
  g_autofree char *updated = spor_date_iso_to_danish(day);
  g_autofree char *pdf = g_strdup_printf("/theories/%" G_GINT64_FORMAT "/map.pdf?version=%"
                                         G_GINT64_FORMAT, theory_id, number);
  json_object_set_new(model, "theory", json_pack(
    "{s:I, s:O, s:O?, s:I, s:b, s:O?, s:O?, s:O?, s:O?, s:s?}", "id", (json_int_t)theory_id,
    "title", json_object_get(theory, "title"), "intervention_name",
    json_object_get(theory, "intervention_name"), "version", (json_int_t)number, "newest",
    json_is_true(json_object_get(version, "newest")), "target_group",
    json_object_get(version, "target_group"), "objective", json_object_get(version, "objective"),
    "narrative", json_object_get(version, "narrative"), "change_note",
    json_object_get(version, "change_note"), "updated_on", updated));
  json_object_set_new(model, "versions", version_list);
  json_object_set_new(model, "columns", columns);
  json_object_set_new(model, "arrows", arrows);
  json_object_set_new(model, "has_arrows", json_boolean(json_array_size(arrows) > 0));
  json_object_set_new(model, "map", map);
  json_object_set_new(model, "pdf_href", json_string(pdf));
}

/* Loads a theory and the offer with access; NULL after replying. */
static json_t *
load_theory(HttpRequest *req, HttpReply *reply, gint64 version, StorePracticeAccess access,
            json_t **out_offer)
{
  g_autoptr(GError) error = NULL;
  json_t *theory = store_theory_get(req->db, req->user->id, http_request_param(req, "id"), version,
                                    access, &error);
  json_t *offer = theory ? store_practice_offer_get(req->db, req->user->id,
                                                    json_integer_value(json_object_get(theory,
                                                                                       "offer_id")),
                                                    access, &error)
                         : NULL;
  if (offer == NULL) {
    json_decref(theory);
    reply_store_error(reply, error);
    return NULL;
  }
  *out_offer = offer;
  return theory;
}

/* The latest figures of the theory's result boxes (report_theory.h) over
 * the last year, for the offer (the theory's intervention when it names
 * one); see the top of this file for who sees them.  NULL after replying. */
static json_t *
theory_figures(HttpRequest *req, HttpReply *reply, const json_t *theory)
{
  g_autofree char *today = spor_date_today();
  g_autoptr(GDateTime) now = spor_clock_now();
  g_autoptr(GDateTime) year_ago = g_date_time_add_days(now, -365);
  g_autofree char *from = g_date_time_format(year_ago, "%Y-%m-%d");
  ReportTheoryScope scope = {
    .offer_id = json_integer_value(json_object_get(theory, "offer_id")),
    .intervention_id = json_integer_value(json_object_get(theory, "intervention_id")),
    .from = from, .to = today, .k = http_app_config(req->app)->report_min_cell};
  g_autoptr(GError) error = NULL;
  json_t *figures = report_theory_figures(
    req->db, &scope, json_object_get(json_object_get(theory, "version"), "boxes"), &error);
  if (figures == NULL)
    reply_store_error(reply, error);
  return figures;
}

/* What the figures cover, and the link to the full report for those who
 * may read reports. */
static void
figures_model(HttpRequest *req, json_t *model, const json_t *theory)
{
  g_autoptr(GDateTime) now = spor_clock_now();
  g_autoptr(GDateTime) year_ago = g_date_time_add_days(now, -365);
  g_autofree char *from = g_date_time_format(year_ago, "%d-%m-%Y");
  g_autofree char *to = g_date_time_format(now, "%d-%m-%Y");
  g_autofree char *about = g_strdup_printf(
    _("Tallene under resultaterne gælder borgere i tilbuddet fra %s til %s: ændringen fra "
      "opstart til seneste måling. Tal for færre end %u borgere vises ikke."), from, to,
    MAX(http_app_config(req->app)->report_min_cell, 3u));
  json_object_set_new(model, "figures_about", json_string(about));
  if (req->capabilities & CAP_REPORT) {
    g_autofree char *href = g_strdup_printf(
      "/reports/offer?offer=%" JSON_INTEGER_FORMAT "&from=%s&to=%s",
      json_integer_value(json_object_get(theory, "offer_id")), from, to);
    json_object_set_new(model, "report_href", json_string(href));
  }
}

static const FieldSpec show_fields[] = {
  {"version", FIELD_INT, FALSE, 1, 100000, NULL, N_("Version")},
};

static void
theory_show(HttpRequest *req, HttpReply *reply)
{
  gint64 version = 0;
  form_int(req->fields, "version", &version);
  json_t *offer = NULL;
  json_t *theory = load_theory(req, reply, version, STORE_PRACTICE_READ, &offer);
  if (theory == NULL)
    return;
  g_autoptr(GError) error = NULL;
  json_t *choices = parameter_choices(req, &error);
  if (choices == NULL) {
    json_decref(theory);
    json_decref(offer);
    reply_store_error(reply, error);
    return;
  }
  json_t *figures = theory_figures(req, reply, theory);
  if (figures == NULL) {
    json_decref(choices);
    json_decref(theory);
    json_decref(offer);
    return;
  }
  json_t *model = page_model_new(json_string_value(json_object_get(theory, "title")));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_object_set_new(model, "can_write", json_boolean(json_is_true(json_object_get(offer,
                                                                                    "can_write"))));
  theory_view(model, theory, choices, figures);
  figures_model(req, model, theory);
  json_decref(figures);
  if (!req->api) {
    g_autoptr(GError) map_error = NULL;
    char *svg = results_map_svg(json_object_get(model, "map"), &map_error);
    if (svg != NULL)
      reply_html_extra(reply, "map_svg", svg);
    else
      g_warning("resultatkortet kunne ikke tegnes: %s", map_error->message);
  }
  json_decref(choices);
  json_decref(theory);
  json_decref(offer);
  reply_page(reply, 200, "theory", model);
}

static void
theory_pdf(HttpRequest *req, HttpReply *reply)
{
  gint64 version = 0;
  form_int(req->fields, "version", &version);
  json_t *offer = NULL;
  json_t *theory = load_theory(req, reply, version, STORE_PRACTICE_READ, &offer);
  if (theory == NULL)
    return;
  g_autoptr(GError) error = NULL;
  json_t *choices = parameter_choices(req, &error);
  if (choices == NULL) {
    json_decref(theory);
    json_decref(offer);
    reply_store_error(reply, error);
    return;
  }
  json_t *figures = theory_figures(req, reply, theory);
  if (figures == NULL) {
    json_decref(choices);
    json_decref(theory);
    json_decref(offer);
    return;
  }
  json_t *model = json_object();
  theory_view(model, theory, choices, figures);
  figures_model(req, model, theory);
  /* Under the map: the mechanisms, then the target group, objectives and
   * the referat. */
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  size_t i;
  json_t *arrow;
  json_array_foreach(json_object_get(model, "arrows"), i, arrow) {
    const char *mechanism = json_string_value(json_object_get(arrow, "mechanism"));
    g_ptr_array_add(lines, g_strdup_printf(
      "%d. %s → %s%s%s", (int)json_integer_value(json_object_get(arrow, "number")),
      json_string_value(json_object_get(arrow, "from_text")),
      json_string_value(json_object_get(arrow, "to_text")), mechanism ? ": " : "",
      mechanism ? mechanism : ""));
  }
  json_t *t = json_object_get(model, "theory");
  static const struct {
    const char *key, *label;
  } texts[] = {
    {"target_group", N_("Målgruppe")},
    {"objective", N_("Strategiske målsætninger")},
    {"narrative", N_("Referat")},
  };
  for (guint k = 0; k < G_N_ELEMENTS(texts); k++) {
    const char *text = json_string_value(json_object_get(t, texts[k].key));
    if (text != NULL)
      g_ptr_array_add(lines, g_strdup_printf("%s: %s", _(texts[k].label), text));
  }
  /* Each result's figures in full, after what they cover. */
  g_ptr_array_add(lines, g_strdup(json_string_value(json_object_get(model, "figures_about"))));
  json_t *column;
  json_array_foreach(json_object_get(model, "columns"), i, column) {
    size_t b, q;
    json_t *box, *param;
    json_array_foreach(json_object_get(column, "boxes"), b, box)
      json_array_foreach(json_object_get(box, "parameters"), q, param)
        if (json_is_string(json_object_get(param, "figure")))
          g_ptr_array_add(lines, g_strdup_printf(
            "%s – %s: %s", json_string_value(json_object_get(box, "text")),
            json_string_value(json_object_get(param, "label")),
            json_string_value(json_object_get(param, "figure"))));
  }
  json_decref(figures);
  g_ptr_array_add(lines, NULL);
  GBytes *body = results_map_pdf(json_object_get(model, "map"), (const char *const *)lines->pdata,
                                 &error);
  g_ptr_array_unref(lines);
  gint64 id = json_integer_value(json_object_get(theory, "id"));
  json_decref(model);
  json_decref(choices);
  json_decref(theory);
  json_decref(offer);
  if (body == NULL) {
    g_warning("resultatkortet kunne ikke tegnes: %s", error->message);
    reply_error(reply, 500, NULL);
    return;
  }
  g_autofree char *disposition = g_strdup_printf("inline; filename=\"resultatkort-%" G_GINT64_FORMAT
                                                 ".pdf\"", id);
  reply_header(reply, "Content-Disposition", disposition);
  reply_body(reply, 200, "application/pdf", body);
}

/* ---- A result box's page ----------------------------------------------------------------------- */

static void
box_show(HttpRequest *req, HttpReply *reply)
{
  gint64 theory_id = http_request_param(req, "id");
  gint64 box_id = http_request_param(req, "box");
  gint64 version = 0;
  g_autoptr(GError) error = NULL;
  if (!store_theory_box_version(req->db, req->user->id, theory_id, box_id, &version, &error)) {
    reply_store_error(reply, error);
    return;
  }
  json_t *offer = NULL;
  json_t *theory = load_theory(req, reply, version, STORE_PRACTICE_READ, &offer);
  if (theory == NULL)
    return;
  json_t *choices = parameter_choices(req, &error);
  if (choices == NULL) {
    json_decref(theory);
    json_decref(offer);
    reply_store_error(reply, error);
    return;
  }
  json_t *figures = theory_figures(req, reply, theory);
  if (figures == NULL) {
    json_decref(choices);
    json_decref(theory);
    json_decref(offer);
    return;
  }
  json_t *v = json_object_get(theory, "version");
  json_t *box = NULL;
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(v, "boxes"), i, row)
    if (json_integer_value(json_object_get(row, "id")) == box_id)
      box = row;
  g_autofree char *box_key = g_strdup_printf("%" G_GINT64_FORMAT, box_id);
  json_t *params = json_array();
  json_array_foreach(json_object_get(box, "parameters"), i, row) {
    const json_t *choice = parameter_choice(choices, row);
    json_t *fig = json_array_get(json_object_get(figures, box_key), i);
    json_array_append_new(params, json_pack(
      "{s:O, s:O, s:O, s:s?, s:s?, s:O?}", "instrument_key", json_object_get(row, "instrument_key"),
      "part", json_object_get(row, "part"), "part_key", json_object_get(row, "part_key"),
      "instrument", choice ? json_string_value(json_object_get(choice, "instrument")) : NULL,
      "part_label", choice ? json_string_value(json_object_get(choice, "part_label")) : NULL,
      "figure", fig));
  }
  json_decref(figures);
  json_t *into = json_array(), *out_of = json_array();
  json_array_foreach(json_object_get(v, "arrows"), i, row) {
    gint64 from = json_integer_value(json_object_get(row, "from_box_id"));
    gint64 to = json_integer_value(json_object_get(row, "to_box_id"));
    if (from != box_id && to != box_id)
      continue;
    gint64 other = from == box_id ? to : from;
    const char *text = NULL;
    size_t k;
    json_t *b;
    json_array_foreach(json_object_get(v, "boxes"), k, b)
      if (json_integer_value(json_object_get(b, "id")) == other)
        text = json_string_value(json_object_get(b, "text"));
    json_array_append_new(from == box_id ? out_of : into,
                          json_pack("{s:s?, s:O?}", "text", text, "mechanism",
                                    json_object_get(row, "mechanism")));
  }
  const char *column = json_string_value(json_object_get(box, "column_key"));
  g_autofree char *knowledge = knowledge_label(box);
  g_autofree char *theory_href = g_strdup_printf("/theories/%" G_GINT64_FORMAT "?version=%"
                                                 G_GINT64_FORMAT, theory_id, version);
  json_t *model = page_model_new(json_string_value(json_object_get(box, "text")));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_object_set_new(model, "theory", json_pack("{s:I, s:O, s:I, s:s}", "id",
                                                 (json_int_t)theory_id, "title",
                                                 json_object_get(theory, "title"), "version",
                                                 (json_int_t)version, "href", theory_href));
  json_object_set_new(model, "box", json_pack(
    "{s:I, s:O, s:s, s:s, s:b, s:s?, s:O?, s:o, s:b, s:o, s:o}", "id", (json_int_t)box_id,
    "text", json_object_get(box, "text"), "column_key", column, "column_label",
    column_label(column), "result", g_strcmp0(column, "activities") != 0, "knowledge", knowledge,
    "knowledge_note", json_object_get(box, "knowledge_note"), "parameters", params,
    "has_parameters", json_array_size(params) > 0, "arrows_in", into, "arrows_out", out_of));
  figures_model(req, model, theory);
  json_decref(choices);
  json_decref(theory);
  json_decref(offer);
  reply_page(reply, 200, "theory_box", model);
}

/* ---- Creating and changing -------------------------------------------------------------------- */

static const FieldSpec theory_fields[] = {
  {"title", FIELD_TEXT, TRUE, 1, 200, NULL, N_("Titel")},
  {"intervention_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Indsats")},
  {"target_group", FIELD_TEXT, FALSE, 0, 4000, NULL, N_("Målgruppe")},
  {"objective", FIELD_TEXT, FALSE, 0, 4000, NULL, N_("Strategiske målsætninger")},
  {"narrative", FIELD_TEXT, FALSE, 0, 20000, NULL, N_("Referat")},
  {"change_note", FIELD_TEXT, FALSE, 0, 1000, NULL, N_("Hvad er ændret i denne version")},
};

static json_t *
intervention_options(HttpRequest *req, gint64 offer_id, const char *selected, GError **error)
{
  json_t *list = store_intervention_list(req->db, offer_id, error);
  size_t i;
  json_t *row;
  json_array_foreach(list, i, row) {
    g_autofree char *id = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                          json_integer_value(json_object_get(row, "id")));
    json_object_set_new(row, "id", json_string(id));
    json_object_set_new(row, "selected", json_boolean(selected && strcmp(selected, id) == 0));
  }
  return list;
}

static void
theory_new_page(HttpRequest *req, HttpReply *reply, const json_t *offer, json_t *values,
                FormResult *fields)
{
  g_autoptr(GError) error = NULL;
  gint64 offer_id = json_integer_value(json_object_get(offer, "id"));
  json_t *interventions = intervention_options(
    req, offer_id, json_string_value(json_object_get(values, "intervention_id")), &error);
  if (interventions == NULL) {
    reply_store_error(reply, error);
    return;
  }
  json_t *model = page_model_new(_("Ny forandringsteori"));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_object_set_new(model, "interventions", interventions);
  json_object_set(model, "values", values);
  if (fields != NULL)
    reply_form_errors(reply, "theory_new", model, fields);
  else
    reply_page(reply, 200, "theory_new", model);
}

static void
theory_new(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *offer = store_practice_offer_get(req->db, req->user->id, http_request_param(req, "id"),
                                           STORE_PRACTICE_WRITE, &error);
  if (offer == NULL) {
    reply_store_error(reply, error);
    return;
  }
  json_t *values = json_object();
  theory_new_page(req, reply, offer, values, NULL);
  json_decref(values);
  json_decref(offer);
}

static void
theory_create(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  g_autoptr(GError) error = NULL;
  gint64 offer_id = http_request_param(req, "id");
  json_t *offer = store_practice_offer_get(req->db, req->user->id, offer_id, STORE_PRACTICE_WRITE,
                                           &error);
  if (offer == NULL) {
    reply_store_error(reply, error);
    return;
  }
  gint64 id = 0;
  if (form_result_ok(fields)) {
    StoreTheoryInput in = {.offer_id = offer_id, .title = form_text(fields, "title"),
                           .target_group = form_text(fields, "target_group"),
                           .objective = form_text(fields, "objective"),
                           .narrative = form_text(fields, "narrative"),
                           .change_note = form_text(fields, "change_note")};
    form_int(fields, "intervention_id", &in.intervention_id);
    const char *field = NULL;
    id = store_theory_create(req->db, req->user->id, &in, &field, &error);
    if (id == 0 && !practice_refusal(fields, error, field, "title")) {
      json_decref(offer);
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    theory_new_page(req, reply, offer, form_result_echo(fields), fields);
    json_decref(offer);
    return;
  }
  json_decref(offer);
  g_autofree char *detail = g_strdup_printf("theory=%" G_GINT64_FORMAT " created", id);
  if (!practice_audit(req, "practice.theory.save", detail, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = g_strdup_printf("/theories/%" G_GINT64_FORMAT "/edit", id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, TRUE);
}

/* The edit page: the texts, the boxes (each with its own form), the
 * arrows, and a new version.  errors and values (may be NULL) belong to
 * the form that failed, named by "form". */
static void
theory_edit_page(HttpRequest *req, HttpReply *reply, FormResult *failed, const char *form)
{
  json_t *offer = NULL;
  json_t *theory = load_theory(req, reply, 0, STORE_PRACTICE_WRITE, &offer);
  if (theory == NULL)
    return;
  g_autoptr(GError) error = NULL;
  json_t *choices = parameter_choices(req, &error);
  json_t *values = failed ? form_result_echo(failed) : NULL;
  json_t *version = json_object_get(theory, "version");
  g_autofree char *iv = json_is_integer(json_object_get(theory, "intervention_id"))
    ? g_strdup_printf("%" JSON_INTEGER_FORMAT,
                      json_integer_value(json_object_get(theory, "intervention_id")))
    : NULL;
  json_t *interventions = choices ? intervention_options(
    req, json_integer_value(json_object_get(offer, "id")),
    failed && strcmp(form, "theory") == 0
      ? json_string_value(json_object_get(values, "intervention_id")) : iv,
    &error) : NULL;
  if (interventions == NULL) {
    json_decref(choices);
    json_decref(theory);
    json_decref(offer);
    reply_store_error(reply, error);
    return;
  }
  json_t *model = page_model_new(json_string_value(json_object_get(theory, "title")));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  theory_view(model, theory, choices, NULL);
  /* Each box with its own form: its values, the parameters checked. */
  json_t *box_forms = json_array();
  size_t i;
  json_t *box;
  json_array_foreach(json_object_get(version, "boxes"), i, box) {
    gint64 id = json_integer_value(json_object_get(box, "id"));
    json_t *params = json_array();
    size_t k;
    json_t *c;
    json_array_foreach(choices, k, c) {
      gboolean checked = FALSE;
      size_t q;
      json_t *p;
      json_array_foreach(json_object_get(box, "parameters"), q, p)
        checked = checked || parameter_choice(choices, p) == c;
      g_autofree char *pid = g_strdup_printf("b%" G_GINT64_FORMAT "-p%zu", id, k);
      json_array_append_new(params, json_pack("{s:s, s:O, s:O, s:b}", "id", pid, "value",
                                              json_object_get(c, "value"), "label",
                                              json_object_get(c, "label"), "checked", checked));
    }
    const char *column = json_string_value(json_object_get(box, "column_key"));
    json_array_append_new(box_forms, json_pack(
      "{s:I, s:O, s:o, s:b, s:b, s:b, s:O?, s:o, s:b}", "id", (json_int_t)id, "text",
      json_object_get(box, "text"), "columns", page_options(practice_columns, column),
      "research", json_is_true(json_object_get(box, "knowledge_research")), "practice",
      json_is_true(json_object_get(box, "knowledge_practice")), "citizens",
      json_is_true(json_object_get(box, "knowledge_citizens")), "knowledge_note",
      json_object_get(box, "knowledge_note"), "parameters", params, "result",
      g_strcmp0(column, "activities") != 0));
  }
  json_t *box_options = json_array();
  json_array_foreach(json_object_get(version, "boxes"), i, box) {
    g_autofree char *label = g_strdup_printf("%s: %s", column_label(json_string_value(
                                               json_object_get(box, "column_key"))),
                                             json_string_value(json_object_get(box, "text")));
    json_array_append_new(box_options, json_pack("{s:O, s:s}", "id", json_object_get(box, "id"),
                                                 "label", label));
  }
  json_t *new_params = json_array();
  size_t k;
  json_t *c;
  json_array_foreach(choices, k, c) {
    g_autofree char *pid = g_strdup_printf("new-p%zu", k);
    json_array_append_new(new_params, json_pack("{s:s, s:O, s:O}", "id", pid, "value",
                                                json_object_get(c, "value"), "label",
                                                json_object_get(c, "label")));
  }
  json_t *theory_values = failed && strcmp(form, "theory") == 0
    ? json_incref(values)
    : json_pack("{s:O, s:O?, s:O?, s:O?, s:O?}", "title", json_object_get(theory, "title"),
                "target_group", json_object_get(version, "target_group"), "objective",
                json_object_get(version, "objective"), "narrative",
                json_object_get(version, "narrative"), "change_note",
                json_object_get(version, "change_note"));
  json_object_set_new(model, "values", theory_values);
  json_object_set_new(model, "interventions", interventions);
  json_object_set_new(model, "box_forms", box_forms);
  json_object_set_new(model, "box_options", box_options);
  json_object_set_new(model, "has_boxes", json_boolean(json_array_size(box_options) > 0));
  json_object_set_new(model, "enough_boxes", json_boolean(json_array_size(box_options) > 1));
  json_object_set_new(model, "new_box_parameters", new_params);
  json_object_set_new(model, "column_options", page_options(practice_columns, "activities"));
  if (failed != NULL) {
    json_t *err = json_object();
    json_object_set(err, form, form_result_errors(failed));
    json_object_set_new(model, "form_errors", err);
    json_object_set_new(model, "failed_values", json_pack("{s:O}", form, values));
  }
  json_decref(choices);
  json_decref(theory);
  json_decref(offer);
  if (failed != NULL)
    reply_form_errors(reply, "theory_edit", model, failed);
  else
    reply_page(reply, 200, "theory_edit", model);
}

static void
theory_edit(HttpRequest *req, HttpReply *reply)
{
  theory_edit_page(req, reply, NULL, NULL);
}

static void
theory_audited_redirect(HttpRequest *req, HttpReply *reply, const char *detail, gint64 created)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strdup_printf("theory=%" G_GINT64_FORMAT " %s", id, detail);
  if (!practice_audit(req, "practice.theory.save", line, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = g_strdup_printf("/theories/%" G_GINT64_FORMAT "/edit", id);
  reply_set_model(reply, json_pack("{s:I, s:I}", "id", (json_int_t)id, "created",
                                   (json_int_t)created));
  reply_redirect(reply, location, created != 0);
}

static void
theory_update(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  g_autoptr(GError) error = NULL;
  if (form_result_ok(fields)) {
    StoreTheoryInput in = {.title = form_text(fields, "title"),
                           .target_group = form_text(fields, "target_group"),
                           .objective = form_text(fields, "objective"),
                           .narrative = form_text(fields, "narrative"),
                           .change_note = form_text(fields, "change_note")};
    form_int(fields, "intervention_id", &in.intervention_id);
    const char *field = NULL;
    if (!store_theory_update(req->db, req->user->id, http_request_param(req, "id"), &in, &field,
                             &error) &&
        !practice_refusal(fields, error, field, "title")) {
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    theory_edit_page(req, reply, fields, "theory");
    return;
  }
  theory_audited_redirect(req, reply, "texts", 0);
}

static const FieldSpec version_fields[] = {
  {"change_note", FIELD_TEXT, FALSE, 0, 1000, NULL, N_("Hvad ændrer I i den nye version")},
};

static void
theory_version_create(HttpRequest *req, HttpReply *reply)
{
  if (!form_result_ok(req->fields)) {
    theory_edit_page(req, reply, req->fields, "version");
    return;
  }
  g_autoptr(GError) error = NULL;
  gint64 number = store_theory_new_version(req->db, req->user->id, http_request_param(req, "id"),
                                           form_text(req->fields, "change_note"), &error);
  if (number == 0) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *detail = g_strdup_printf("version=%" G_GINT64_FORMAT, number);
  theory_audited_redirect(req, reply, detail, number);
}

static const FieldSpec box_fields[] = {
  {"box_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Kasse")},
  {"column_key", FIELD_CHOICE, TRUE, 0, 0,
   PAGE_CODES("activities", "immediate_results", "medium_term_results", "long_term_results"),
   N_("Kolonne")},
  {"text", FIELD_TEXT, TRUE, 1, 500, NULL, N_("Tekst")},
  {"knowledge_research", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Forskning")},
  {"knowledge_practice", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Praksis")},
  {"knowledge_citizens", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Borgere")},
  {"knowledge_note", FIELD_TEXT, FALSE, 0, 500, NULL, N_("Om vidensgrundlaget")},
};

/* Adds (box_id 0) or changes a box from the form. */
static void
box_save(HttpRequest *req, HttpReply *reply, gboolean update)
{
  FormResult *fields = req->fields;
  gint64 box_id = 0;
  if (update && !form_int(fields, "box_id", &box_id))
    form_result_add_error(fields, "box_id", _("Vælg en kasse."));
  /* The parameters: "instrument:part:key" values, checked by the store. */
  const GPtrArray *raw = form_data_get_all(req->form, "parameters");
  g_autofree StoreBoxParameter *params = g_new0(StoreBoxParameter, MAX(raw->len, 1));
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
  guint n = 0;
  if (raw->len > MAX_PARAMETERS)
    form_result_add_error(fields, "parameters", _("Vælg højst 40 parametre."));
  for (guint i = 0; i < raw->len && i < MAX_PARAMETERS; i++) {
    const char *value = g_ptr_array_index(raw, i);
    if (*value == '\0')
      continue;
    char **split = g_strsplit(value, ":", 3);
    g_ptr_array_add(parts, split);
    if (g_strv_length(split) != 3) {
      form_result_add_error(fields, "parameters", _("Parameteren findes ikke."));
      break;
    }
    params[n++] = (StoreBoxParameter){split[0], split[1], split[2]};
  }
  g_autoptr(GError) error = NULL;
  gint64 created = 0;
  if (form_result_ok(fields)) {
    StoreBoxInput in = {.column_key = form_text(fields, "column_key"),
                        .text = form_text(fields, "text"),
                        .knowledge_research = form_bool(fields, "knowledge_research"),
                        .knowledge_practice = form_bool(fields, "knowledge_practice"),
                        .knowledge_citizens = form_bool(fields, "knowledge_citizens"),
                        .knowledge_note = form_text(fields, "knowledge_note"),
                        .parameters = params,
                        .n_parameters = n};
    const char *field = NULL;
    gint64 theory_id = http_request_param(req, "id");
    gboolean ok = update
      ? store_theory_box_update(req->db, req->user->id, theory_id, box_id, &in, &field, &error)
      : (created = store_theory_box_add(req->db, req->user->id, theory_id, &in, &field, &error)) != 0;
    if (!ok && !practice_refusal(fields, error, field, "text")) {
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    theory_edit_page(req, reply, fields, update ? "box" : "new_box");
    return;
  }
  g_autofree char *detail = g_strdup_printf("box=%" G_GINT64_FORMAT " %s",
                                            update ? box_id : created,
                                            update ? "changed" : "added");
  theory_audited_redirect(req, reply, detail, created);
}

static void
box_add(HttpRequest *req, HttpReply *reply)
{
  box_save(req, reply, FALSE);
}

static void
box_update(HttpRequest *req, HttpReply *reply)
{
  box_save(req, reply, TRUE);
}

static const FieldSpec box_delete_fields[] = {
  {"box_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Kasse")},
};

static void
box_delete(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  g_autoptr(GError) error = NULL;
  gint64 box_id = 0;
  if (form_int(fields, "box_id", &box_id)) {
    const char *field = NULL;
    if (!store_theory_box_delete(req->db, req->user->id, http_request_param(req, "id"), box_id,
                                 &field, &error) &&
        !practice_refusal(fields, error, field, "box_id")) {
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    theory_edit_page(req, reply, fields, "box");
    return;
  }
  g_autofree char *detail = g_strdup_printf("box=%" G_GINT64_FORMAT " removed", box_id);
  theory_audited_redirect(req, reply, detail, 0);
}

static const FieldSpec arrow_fields[] = {
  {"from_box_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Fra kassen")},
  {"to_box_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Til kassen")},
  {"mechanism", FIELD_TEXT, FALSE, 0, 2000, NULL, N_("Mekanisme")},
};

static void
arrow_add(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  if (form_result_ok(fields)) {
    gint64 from = 0, to = 0;
    form_int(fields, "from_box_id", &from);
    form_int(fields, "to_box_id", &to);
    const char *field = NULL;
    id = store_theory_arrow_add(req->db, req->user->id, http_request_param(req, "id"), from, to,
                                form_text(fields, "mechanism"), &field, &error);
    if (id == 0 && !practice_refusal(fields, error, field, "to_box_id")) {
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    theory_edit_page(req, reply, fields, "arrow");
    return;
  }
  g_autofree char *detail = g_strdup_printf("arrow=%" G_GINT64_FORMAT " added", id);
  theory_audited_redirect(req, reply, detail, id);
}

static const FieldSpec arrow_delete_fields[] = {
  {"arrow_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Pil")},
};

static void
arrow_delete(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  g_autoptr(GError) error = NULL;
  gint64 arrow_id = 0;
  if (form_int(fields, "arrow_id", &arrow_id)) {
    const char *field = NULL;
    if (!store_theory_arrow_delete(req->db, req->user->id, http_request_param(req, "id"),
                                   arrow_id, &field, &error) &&
        !practice_refusal(fields, error, field, "arrow_id")) {
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    theory_edit_page(req, reply, fields, "arrow");
    return;
  }
  g_autofree char *detail = g_strdup_printf("arrow=%" G_GINT64_FORMAT " removed", arrow_id);
  theory_audited_redirect(req, reply, detail, 0);
}

const Route pages_theory_routes[] = {
  {"GET", "/offers/{id}/theories/new", theory_new, CAP_PRACTICE_WRITE, NULL, 0, 0},
  {"POST", "/offers/{id}/theories", theory_create, CAP_PRACTICE_WRITE, theory_fields,
   G_N_ELEMENTS(theory_fields), 0},
  {"GET", "/theories/{id}", theory_show, CAP_PRACTICE_READ, show_fields,
   G_N_ELEMENTS(show_fields), 0},
  {"GET", "/theories/{id}/map.pdf", theory_pdf, CAP_PRACTICE_READ, show_fields,
   G_N_ELEMENTS(show_fields), ROUTE_HTML_ONLY},
  {"GET", "/theories/{id}/boxes/{box}", box_show, CAP_PRACTICE_READ, NULL, 0, 0},
  {"GET", "/theories/{id}/edit", theory_edit, CAP_PRACTICE_WRITE, NULL, 0, 0},
  {"POST", "/theories/{id}", theory_update, CAP_PRACTICE_WRITE, theory_fields,
   G_N_ELEMENTS(theory_fields), 0},
  {"POST", "/theories/{id}/versions", theory_version_create, CAP_PRACTICE_WRITE, version_fields,
   G_N_ELEMENTS(version_fields), 0},
  {"POST", "/theories/{id}/boxes", box_add, CAP_PRACTICE_WRITE, box_fields,
   G_N_ELEMENTS(box_fields), 0},
  {"POST", "/theories/{id}/boxes/update", box_update, CAP_PRACTICE_WRITE, box_fields,
   G_N_ELEMENTS(box_fields), 0},
  {"POST", "/theories/{id}/boxes/delete", box_delete, CAP_PRACTICE_WRITE, box_delete_fields,
   G_N_ELEMENTS(box_delete_fields), 0},
  {"POST", "/theories/{id}/arrows", arrow_add, CAP_PRACTICE_WRITE, arrow_fields,
   G_N_ELEMENTS(arrow_fields), 0},
  {"POST", "/theories/{id}/arrows/delete", arrow_delete, CAP_PRACTICE_WRITE, arrow_delete_fields,
   G_N_ELEMENTS(arrow_delete_fields), 0},
};
const gsize pages_theory_n_routes = G_N_ELEMENTS(pages_theory_routes);
