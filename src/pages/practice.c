/* practice.c — Praksisudvikling: the offers whose practice development a
 * user reaches, and one offer's overview: its Lovende praksis assessments
 * and self-evaluations, development points, running trial actions,
 * theories of change, citizen journeys and planning tools, each with the
 * way to the rest.
 *
 * Staff and leaders of an offer see all of it; leaders start and change
 * it, and staff record trial actions too (practice_common.h). */
#include <string.h>

#include "core/i18n.h"
#include "domain/planning_tool.h"
#include "pages/pages.h"
#include "pages/practice_common.h"

static void
practice_offers(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *offers = store_practice_offers(req->db, req->user->id, &error);
  if (offers == NULL) {
    reply_store_error(reply, error);
    return;
  }
  size_t i;
  json_t *offer;
  json_array_foreach(offers, i, offer) {
    g_autofree char *href = g_strdup_printf("/offers/%" JSON_INTEGER_FORMAT "/practice",
                                            json_integer_value(json_object_get(offer, "id")));
    json_object_set_new(offer, "href", json_string(href));
  }
  json_t *model = page_model_new(_("Praksisudvikling"));
  json_object_set_new(model, "has_offers", json_boolean(json_array_size(offers) > 0));
  json_object_set_new(model, "offers", offers);
  reply_page(reply, 200, "practice", model);
}

/* Adds display dates, labels and links to assessment rows. */
static void
decorate_assessments(json_t *rows, SporLang lang)
{
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    page_add_date_display(row, "held_on");
    const char *status = json_string_value(json_object_get(row, "status"));
    json_object_set_new(row, "status_label",
                        json_string(page_label(practice_assessment_statuses, status)));
    json_object_set_new(row, "in_progress", json_boolean(g_strcmp0(status, "in_progress") == 0));
    json_object_set(row, "instrument_name",
                    json_object_get(row, lang == SPOR_LANG_EN ? "instrument_name_en"
                                                              : "instrument_name_da"));
    g_autofree char *href = g_strdup_printf("/assessments/%" JSON_INTEGER_FORMAT,
                                            json_integer_value(json_object_get(row, "id")));
    json_object_set_new(row, "href", json_string(href));
    json_t *score = json_object_get(row, "score");
    if (json_is_number(score)) {
      g_autofree char *shown = practice_number(json_number_value(score), lang);
      json_object_set_new(row, "score_display", json_string(shown));
    }
  }
}

/* The newest assessment of an instrument key among rows (newest first),
 * as a new reference, or JSON null. */
static json_t *
newest_of(const json_t *rows, const char *key, guint *out_count)
{
  json_t *found = NULL;
  guint n = 0;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    if (g_strcmp0(json_string_value(json_object_get(row, "instrument_key")), key) != 0)
      continue;
    if (n++ == 0)
      found = row;
  }
  *out_count = n;
  return found != NULL ? json_incref(found) : json_null();
}

static void
offer_practice(HttpRequest *req, HttpReply *reply)
{
  gint64 offer_id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *offer = store_practice_offer_get(req->db, req->user->id, offer_id, STORE_PRACTICE_READ,
                                           &error);
  json_t *assessments = offer ? store_assessment_list(req->db, req->user->id, offer_id, NULL,
                                                      &error) : NULL;
  json_t *points = assessments ? store_development_point_list(req->db, req->user->id, offer_id,
                                                              &error) : NULL;
  json_t *trials = points ? store_trial_list(req->db, req->user->id, offer_id, &error) : NULL;
  json_t *theories = trials ? store_theory_list(req->db, req->user->id, offer_id, &error) : NULL;
  json_t *journeys = theories ? store_journey_list(req->db, req->user->id, offer_id, &error)
                              : NULL;
  json_t *tools = journeys ? store_planning_list(req->db, req->user->id, offer_id, &error) : NULL;
  if (tools == NULL) {
    json_decref(offer);
    json_decref(assessments);
    json_decref(points);
    json_decref(trials);
    json_decref(theories);
    json_decref(journeys);
    reply_store_error(reply, error);
    return;
  }
  SporLang lang = req->lang;
  decorate_assessments(assessments, lang);
  guint n_lp = 0, n_se = 0;
  json_t *lp = newest_of(assessments, "lovende-praksis", &n_lp);
  json_t *se = newest_of(assessments, "selvevaluering", &n_se);

  /* Open development points and running trial actions first. */
  json_t *open_points = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(points, i, row) {
    const char *status = json_string_value(json_object_get(row, "status"));
    if (g_strcmp0(status, "done") == 0 || g_strcmp0(status, "dropped") == 0)
      continue;
    page_add_date_display(row, "deadline");
    json_object_set_new(row, "status_label", json_string(page_label(practice_point_statuses,
                                                                    status)));
    g_autofree char *href = g_strdup_printf("/development-points/%" JSON_INTEGER_FORMAT,
                                            json_integer_value(json_object_get(row, "id")));
    json_object_set_new(row, "href", json_string(href));
    json_array_append(open_points, row);
  }
  json_t *running = json_array();
  json_array_foreach(trials, i, row) {
    if (g_strcmp0(json_string_value(json_object_get(row, "status")), "running") != 0)
      continue;
    page_add_date_display(row, "ends_on");
    g_autofree char *href = g_strdup_printf("/trials/%" JSON_INTEGER_FORMAT,
                                            json_integer_value(json_object_get(row, "id")));
    json_object_set_new(row, "href", json_string(href));
    json_array_append(running, row);
  }
  json_array_foreach(theories, i, row) {
    page_add_date_display(row, "updated_at");
    g_autofree char *href = g_strdup_printf("/theories/%" JSON_INTEGER_FORMAT,
                                            json_integer_value(json_object_get(row, "id")));
    json_object_set_new(row, "href", json_string(href));
  }
  json_array_foreach(journeys, i, row) {
    json_object_set_new(row, "kind_label", json_string(page_label(practice_journey_kinds,
      json_string_value(json_object_get(row, "kind")))));
    g_autofree char *href = g_strdup_printf("/journeys/%" JSON_INTEGER_FORMAT,
                                            json_integer_value(json_object_get(row, "id")));
    json_object_set_new(row, "href", json_string(href));
  }
  json_array_foreach(tools, i, row) {
    page_add_date_display(row, "held_on");
    const PlanningToolDef *tool = planning_tool_find(json_string_value(json_object_get(row,
                                                                                        "kind")));
    json_object_set_new(row, "kind_label", json_string(tool ? _(tool->name) : ""));
    g_autofree char *href = g_strdup_printf("/tools/%" JSON_INTEGER_FORMAT,
                                            json_integer_value(json_object_get(row, "id")));
    json_object_set_new(row, "href", json_string(href));
  }
  json_t *tool_kinds = json_array();
  guint n_tools = 0;
  const PlanningToolDef *defs = planning_tools(&n_tools);
  for (guint t = 0; t < n_tools; t++) {
    g_autofree char *href = g_strdup_printf("/offers/%" G_GINT64_FORMAT "/tools/new?kind=%s",
                                            offer_id, defs[t].kind);
    json_array_append_new(tool_kinds, json_pack("{s:s, s:s, s:s}", "kind", defs[t].kind, "name",
                                                _(defs[t].name), "href", href));
  }

  g_autofree char *title = g_strdup_printf(_("Praksisudvikling: %s"),
                                           json_string_value(json_object_get(offer, "name")));
  json_t *model = page_model_new(title);
  gboolean can_write = json_is_true(json_object_get(offer, "can_write"));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_object_set_new(model, "can_write", json_boolean(can_write));
  json_object_set_new(model, "can_trial", json_boolean((req->capabilities & CAP_TRIAL_WRITE) &&
                                                       json_array_size(points) > 0));
  json_object_set_new(model, "lovende_praksis", lp);
  json_object_set_new(model, "lovende_praksis_count", json_integer(n_lp));
  json_object_set_new(model, "selvevaluering", se);
  json_object_set_new(model, "selvevaluering_count", json_integer(n_se));
  json_object_set_new(model, "assessments", assessments);
  json_object_set_new(model, "open_points", open_points);
  json_object_set_new(model, "points_count", json_integer((json_int_t)json_array_size(points)));
  json_object_set_new(model, "running_trials", running);
  json_object_set_new(model, "trials_count", json_integer((json_int_t)json_array_size(trials)));
  json_object_set_new(model, "theories", theories);
  json_object_set_new(model, "journeys", journeys);
  json_object_set_new(model, "tools", tools);
  json_object_set_new(model, "tool_kinds", tool_kinds);
  json_decref(points);
  json_decref(trials);
  json_decref(offer);
  practice_add_has(model);
  reply_page(reply, 200, "practice_offer", model);
}

const Route pages_practice_routes[] = {
  {"GET", "/practice", practice_offers, CAP_PRACTICE_READ, NULL, 0, 0},
  {"GET", "/offers/{id}/practice", offer_practice, CAP_PRACTICE_READ, NULL, 0, 0},
};
const gsize pages_practice_n_routes = G_N_ELEMENTS(pages_practice_routes);
