/* goals.c — goals set with the citizen (Kapitel 3, "Opstilling af mål"):
 * per course, on a life area or parameter of an instrument (baseline from
 * the latest approved measurement, a target on the item's scale, a target
 * date), as GAS goals with five levels and a weight, or in words; with
 * sub-goals, the handleplan goal each serves, and a status.  And the
 * authority's handleplan goals themselves.
 *
 * Staff in the citizen's care write goals; the citizen and an assigned
 * caseworker read them; only the caseworker writes handleplan goals.  A
 * save based on an older version of a goal is refused with what changed
 * (409). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/attainment.h"
#include "domain/instrument.h"
#include "pages/citizen_chart.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "render/chart.h"

static const FieldSpec goal_fields[] = {
  {"kind", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("scale", "gas", "text"), N_("Slags mål")},
  {"goal_type", FIELD_CHOICE, TRUE, 0, 0, PAGE_CODES("improve", "maintain"), N_("Måltype")},
  {"title", FIELD_TEXT, TRUE, 1, 200, NULL, N_("Mål")},
  {"description", FIELD_TEXT, FALSE, 0, 2000, NULL, N_("Beskrivelse")},
  {"instrument", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Instrument")},
  {"item_key", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Livsområde")},
  {"target_score", FIELD_REAL, FALSE, 0, 0, NULL, N_("Målscore")},
  {"set_on", FIELD_DATE, FALSE, 0, 0, NULL, N_("Aftalt den")},
  {"target_date", FIELD_DATE, FALSE, 0, 0, NULL, N_("Måldato")},
  {"status", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("active", "reached", "not_reached", "cancelled"),
   N_("Status")},
  {"action_plan_goal_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Handleplanmål")},
  {"parent_goal_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Delmål af")},
  {"gas_weight", FIELD_REAL, FALSE, 0, 100, NULL, N_("Vægt")},
  {"gas_level_m2", FIELD_TEXT, FALSE, 0, 500, NULL, N_("−2: Meget mindre end forventet")},
  {"gas_level_m1", FIELD_TEXT, FALSE, 0, 500, NULL, N_("−1: Mindre end forventet")},
  {"gas_level_0", FIELD_TEXT, FALSE, 0, 500, NULL, N_("0: Det forventede resultat")},
  {"gas_level_p1", FIELD_TEXT, FALSE, 0, 500, NULL, N_("+1: Mere end forventet")},
  {"gas_level_p2", FIELD_TEXT, FALSE, 0, 500, NULL, N_("+2: Meget mere end forventet")},
  {"version", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Version")},
};

static const char *const gas_keys[5] = {"gas_level_m2", "gas_level_m1", "gas_level_0",
                                        "gas_level_p1", "gas_level_p2"};
static const char *const gas_labels[5] = {N_("−2: Meget mindre end forventet"),
                                          N_("−1: Mindre end forventet"),
                                          N_("0: Det forventede resultat"),
                                          N_("+1: Mere end forventet"),
                                          N_("+2: Meget mere end forventet")};

/* The fields compared when a save meets a newer version. */
static const PageChangeField goal_changes[] = {
  {"title", N_("Mål"), NULL, FALSE, NULL},
  {"description", N_("Beskrivelse"), NULL, FALSE, NULL},
  {"goal_type", N_("Måltype"), page_goal_types, FALSE, NULL},
  {"target_score", N_("Målscore"), NULL, FALSE, NULL},
  {"target_date", N_("Måldato"), NULL, TRUE, NULL},
  {"status", N_("Status"), page_goal_statuses, FALSE, NULL},
  {"action_plan_goal_title", N_("Handleplanmål"), NULL, FALSE, "action_plan_goal_id"},
  {"gas_weight", N_("Vægt"), NULL, FALSE, NULL},
  {"gas_level_m2", N_("−2: Meget mindre end forventet"), NULL, FALSE, NULL},
  {"gas_level_m1", N_("−1: Mindre end forventet"), NULL, FALSE, NULL},
  {"gas_level_0", N_("0: Det forventede resultat"), NULL, FALSE, NULL},
  {"gas_level_p1", N_("+1: Mere end forventet"), NULL, FALSE, NULL},
  {"gas_level_p2", N_("+2: Meget mere end forventet"), NULL, FALSE, NULL},
  {NULL, NULL, NULL, FALSE, NULL},
};

/* ---- The form ------------------------------------------------------------------ */

/* The newest version of an instrument for citizens, or NULL (no error)
 * when there is no such instrument. */
static InstrumentVersion *
load_instrument(HttpRequest *req, const char *key, GError **error)
{
  gint64 id = 0;
  GError *local = NULL;
  if (!store_instrument_find(req->db, key, 0, &id, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_error_free(local);
      return NULL;
    }
    g_propagate_error(error, local);
    return NULL;
  }
  InstrumentVersion *v = instrument_version_load(req->db, id, error);
  if (v != NULL && v->def->kind == INSTRUMENT_KIND_PRACTICE_ASSESSMENT) {
    instrument_version_free(v);
    return NULL;
  }
  return v;
}

/* The regular values of an item's scale: [{value, label, selected}]. */
static json_t *
scale_options(const InstrumentDef *def, int item, const char *selected, SporLang lang)
{
  json_t *options = json_array();
  const InstrumentScale *scale = &def->scales[def->items[item].scale];
  for (guint k = 0; k < scale->n_values; k++) {
    const InstrumentScaleValue *v = &scale->values[k];
    if (v->flagged || v->excluded)
      continue;
    g_autofree char *text = g_strdup_printf("%" G_GINT64_FORMAT, v->value);
    json_array_append_new(options, json_pack(
      "{s:s, s:s, s:b}", "value", text, "label",
      instrument_text(instrument_def_label(def, (guint)item, v->value), lang), "selected",
      selected != NULL && strtod(selected, NULL) == (double)v->value && *selected != '\0'));
  }
  return options;
}

/* The goal form's model for a course; values echo what was typed (or
 * the goal being edited), errors the messages. */
static json_t *
form_model(HttpRequest *req, const json_t *course, const char *kind, const json_t *values,
           const json_t *errors, const json_t *goal, GError **error)
{
  gint64 citizen_id = json_integer_value(json_object_get(course, "citizen_id"));
  gint64 course_id = json_integer_value(json_object_get(course, "id"));
  json_t *plan_goals = store_action_plan_goal_list(req->db, req->user->id, citizen_id, error);
  json_t *goals = plan_goals ? store_goal_list(req->db, req->user->id, citizen_id, course_id,
                                               error)
                             : NULL;
  json_t *instruments = goals ? store_instrument_list(req->db, error) : NULL;
  if (instruments == NULL) {
    json_decref(plan_goals);
    json_decref(goals);
    return NULL;
  }
  const char *chosen_ap = json_string_value(json_object_get(values, "action_plan_goal_id"));
  size_t i;
  json_t *row;
  json_array_foreach(plan_goals, i, row) {
    g_autofree char *id = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                          json_integer_value(json_object_get(row, "id")));
    json_object_set_new(row, "selected", json_boolean(chosen_ap && strcmp(chosen_ap, id) == 0));
  }
  const char *chosen_parent = json_string_value(json_object_get(values, "parent_goal_id"));
  json_t *parents = json_array();
  json_array_foreach(goals, i, row) {
    if (!json_is_null(json_object_get(row, "parent_goal_id")))
      continue;
    g_autofree char *id = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                          json_integer_value(json_object_get(row, "id")));
    json_array_append_new(parents, json_pack("{s:O, s:O, s:b}", "id", json_object_get(row, "id"),
                                             "title", json_object_get(row, "title"), "selected",
                                             chosen_parent && strcmp(chosen_parent, id) == 0));
  }
  json_decref(goals);

  const char *key = json_string_value(json_object_get(values, "instrument"));
  if (key == NULL)
    key = goal ? json_string_value(json_object_get(goal, "instrument_key")) : NULL;
  if (key == NULL)
    key = CITIZEN_CHART_INSTRUMENT;
  json_t *choices = json_array();
  json_array_foreach(instruments, i, row) {
    const char *k = json_string_value(json_object_get(row, "key"));
    if (g_strcmp0(json_string_value(json_object_get(row, "kind")), "practice_assessment") == 0 ||
        g_strcmp0(json_string_value(json_object_get(row, "kind")), "goal_based") == 0)
      continue;
    g_autofree char *escaped = g_uri_escape_string(k, NULL, FALSE);
    g_autofree char *href = g_strdup_printf("/courses/%" G_GINT64_FORMAT "/goals/new?kind=scale"
                                            "&instrument=%s", course_id, escaped);
    json_array_append_new(choices, json_pack("{s:s, s:O, s:s, s:b}", "key", k, "name",
      json_object_get(row, req->lang == SPOR_LANG_EN ? "name_en" : "name_da"), "href", href,
      "current", g_strcmp0(k, key) == 0));
  }
  json_decref(instruments);

  json_t *model = page_model_new(goal ? _("Ret mål") : _("Nyt mål"));
  json_object_set(model, "course", (json_t *)course);
  json_object_set_new(model, "kind", json_string(kind));
  json_object_set_new(model, "kind_label", json_string(page_label(page_goal_kinds, kind)));
  json_object_set_new(model, "is_scale", json_boolean(strcmp(kind, "scale") == 0));
  json_object_set_new(model, "is_gas", json_boolean(strcmp(kind, "gas") == 0));
  json_object_set_new(model, "editing", json_boolean(goal != NULL));
  json_object_set_new(model, "action_plan_goals", plan_goals);
  json_object_set_new(model, "parents", parents);
  json_object_set_new(model, "has_parents", json_boolean(json_array_size(parents) > 0));
  json_object_set_new(model, "instruments", choices);
  json_object_set_new(model, "instrument_key", json_string(key));
  json_object_set_new(model, "types", page_options(page_goal_types,
    json_string_value(json_object_get(values, "goal_type"))))
    ;
  json_object_set_new(model, "statuses", page_options(page_goal_statuses,
    json_string_value(json_object_get(values, "status")) ? json_string_value(json_object_get(values, "status"))
                                                         : "active"));
  json_object_set_new(model, "kinds", page_options(page_goal_kinds, kind));
  if (strcmp(kind, "scale") == 0) {
    g_autoptr(InstrumentVersion) v = load_instrument(req, key, error);
    if (v == NULL && error != NULL && *error != NULL) {
      json_decref(model);
      return NULL;
    }
    json_t *items = json_array();
    const char *item_key = json_string_value(json_object_get(values, "item_key"));
    const char *target = json_string_value(json_object_get(values, "target_score"));
    if (v != NULL) {
      for (guint k = 0; k < v->def->n_items; k++) {
        const InstrumentItem *item = &v->def->items[k];
        json_array_append_new(items, json_pack("{s:s, s:s, s:b}", "key", item->id, "text",
          instrument_text(&item->text, req->lang), "selected", g_strcmp0(item_key, item->id) == 0));
      }
      int index = item_key ? instrument_def_item_index(v->def, item_key) : -1;
      json_object_set_new(model, "targets",
                          scale_options(v->def, index >= 0 ? index : 0, target, req->lang));
      json_object_set_new(model, "instrument_name",
                          json_string(instrument_text(&v->def->name, req->lang)));
      json_object_set_new(model, "lower_is_better", json_boolean(!v->def->higher_is_better));
    }
    json_object_set_new(model, "items", items);
  }
  if (strcmp(kind, "gas") == 0) {
    json_t *levels = json_array();
    for (int k = 0; k < 5; k++)
      json_array_append_new(levels, json_pack("{s:s, s:s, s:O?, s:O?}", "name", gas_keys[k],
                                              "label", _(gas_labels[k]), "value",
                                              json_object_get(values, gas_keys[k]), "error",
                                              json_object_get(errors, gas_keys[k])));
    json_object_set_new(model, "levels", levels);
  }
  g_autofree char *today = spor_date_today();
  g_autofree char *today_display = spor_date_iso_to_danish(today);
  json_object_set_new(model, "today", json_string(today_display));
  json_t *shown = json_deep_copy(values);
  /* A fresh form: the target date is the next follow-up with the
   * authority, when the handleplan has one (earliest first). */
  json_array_foreach(plan_goals, i, row) {
    const char *on = json_string_value(json_object_get(row, "follow_up_on"));
    if (goal != NULL || errors != NULL || json_object_get(values, "target_date") != NULL)
      break;
    if (on != NULL && strcmp(on, today) >= 0) {
      g_autofree char *display = spor_date_iso_to_danish(on);
      json_object_set_new(shown, "target_date", json_string(display ? display : on));
      break;
    }
  }
  json_object_set_new(model, "values", shown);
  if (goal != NULL)
    json_object_set(model, "goal", (json_t *)goal);
  return model;
}

/* The course of a goal form, in the user's care (404 otherwise). */
static json_t *
course_in_care(HttpRequest *req, HttpReply *reply, gint64 course_id)
{
  g_autoptr(GError) error = NULL;
  json_t *course = store_course_get(req->db, req->user->id, course_id, &error);
  if (course != NULL &&
      !store_citizen_require_care(req->db, req->user->id,
                                  json_integer_value(json_object_get(course, "citizen_id")),
                                  &error))
    g_clear_pointer(&course, json_decref);
  if (course == NULL)
    reply_store_error(reply, error);
  else
    page_add_date_display(course, "started_on");
  return course;
}

static const FieldSpec new_fields[] = {
  {"kind", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("scale", "gas", "text"), N_("Slags mål")},
  {"instrument", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Instrument")},
  {"parent", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Delmål af")},
};

static void
goal_new(HttpRequest *req, HttpReply *reply)
{
  json_t *course = course_in_care(req, reply, http_request_param(req, "id"));
  if (course == NULL)
    return;
  const char *kind = form_text(req->fields, "kind");
  gint64 parent = 0;
  form_int(req->fields, "parent", &parent);
  json_t *values = json_object();
  if (form_text(req->fields, "instrument") != NULL)
    json_object_set_new(values, "instrument", json_string(form_text(req->fields, "instrument")));
  if (parent != 0)
    json_object_set_new(values, "parent_goal_id", json_sprintf("%" G_GINT64_FORMAT, parent));
  json_object_set_new(values, "goal_type", json_string("improve"));
  g_autoptr(GError) error = NULL;
  json_t *model = form_model(req, course, kind ? kind : (parent ? "text" : "scale"), values,
                             NULL, NULL, &error);
  json_decref(values);
  json_decref(course);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_page(reply, 200, "goal_form", model);
}

/* Reads and checks the form into in (strings borrowed from fields); adds
 * the errors only the page can find.  kind: the goal's kind. */
static void
read_form(HttpRequest *req, const json_t *course, const char *kind, const json_t *goal,
          StoreGoalInput *in)
{
  FormResult *fields = req->fields;
  g_autofree char *today = spor_date_today();
  in->kind = kind;
  in->goal_type = form_text(fields, "goal_type");
  in->title = form_text(fields, "title");
  in->description = form_text(fields, "description");
  in->status = form_text(fields, "status") ? form_text(fields, "status") : "active";
  in->target_date = form_text(fields, "target_date");
  form_int(fields, "action_plan_goal_id", &in->action_plan_goal_id);
  form_int(fields, "parent_goal_id", &in->parent_goal_id);
  const char *set_on = goal ? json_string_value(json_object_get(goal, "set_on"))
                            : form_text(fields, "set_on");
  in->set_on = set_on;
  const char *start = json_string_value(json_object_get(course, "started_on"));
  const char *end = json_string_value(json_object_get(course, "ended_on"));
  if (goal == NULL && set_on != NULL) {
    if (strcmp(set_on, today) > 0)
      form_result_add_error(fields, "set_on", _("Datoen kan ikke ligge efter i dag."));
    else if (strcmp(set_on, start) < 0)
      form_result_add_error(fields, "set_on", _("Datoen ligger før forløbets start."));
    else if (end != NULL && strcmp(set_on, end) > 0)
      form_result_add_error(fields, "set_on", _("Datoen ligger efter forløbets afslutning."));
  }
  const char *from = set_on ? set_on : start;
  if (in->target_date != NULL && from != NULL && strcmp(in->target_date, from) < 0) {
    g_autofree char *shown = spor_date_iso_to_danish(from);
    g_autofree char *msg = g_strdup_printf(_("Måldatoen ligger før datoen, målet blev sat (%s)."),
                                           shown);
    form_result_add_error(fields, "target_date", msg);
  }
  if (strcmp(kind, "gas") == 0) {
    double weight = 1;
    if (form_real(fields, "gas_weight", &weight) && weight <= 0)
      form_result_add_error(fields, "gas_weight", _("Vægten skal være større end 0."));
    in->gas_weight = weight;
    for (int k = 0; k < 5; k++) {
      in->gas_levels[k] = form_text(fields, gas_keys[k]);
      if (in->gas_levels[k] == NULL) {
        g_autofree char *msg = g_strdup_printf(_("%s skal beskrives."), _(gas_labels[k]));
        form_result_add_error(fields, gas_keys[k], msg);
      }
    }
  }
}

/* Checks a scale goal's item and target against the instrument; fills
 * in->instrument_key, item_key and target. */
static gboolean
check_scale(HttpRequest *req, const json_t *course, const json_t *goal, StoreGoalInput *in,
            GError **error)
{
  FormResult *fields = req->fields;
  const char *key = goal ? json_string_value(json_object_get(goal, "instrument_key"))
                         : form_text(fields, "instrument");
  if (key == NULL)
    key = CITIZEN_CHART_INSTRUMENT;
  const char *item_key = goal ? json_string_value(json_object_get(goal, "item_key"))
                              : form_text(fields, "item_key");
  in->instrument_key = key;
  in->item_key = item_key;
  g_autoptr(InstrumentVersion) v = load_instrument(req, key, error);
  if (v == NULL) {
    if (error != NULL && *error != NULL)
      return FALSE;
    form_result_add_error(fields, "instrument", _("Vælg et instrument."));
    return TRUE;
  }
  int index = item_key ? instrument_def_item_index(v->def, item_key) : -1;
  if (index < 0) {
    form_result_add_error(fields, "item_key", _("Vælg det livsområde, målet gælder."));
    return TRUE;
  }
  double target = 0;
  if (!form_real(fields, "target_score", &target)) {
    if (json_object_get(form_result_errors(fields), "target_score") == NULL)
      form_result_add_error(fields, "target_score", _("Vælg målscoren."));
    return TRUE;
  }
  const InstrumentScale *scale = &v->def->scales[v->def->items[index].scale];
  const InstrumentScaleValue *value = target == floor(target)
    ? instrument_def_value(v->def, (guint)index, (gint64)target) : NULL;
  if (value == NULL || value->flagged || value->excluded) {
    g_autofree char *msg = g_strdup_printf(_("Målscoren skal være en værdi på skalaen fra %d "
                                             "til %d."),
                                           (int)scale->value_min, (int)scale->value_max);
    form_result_add_error(fields, "target_score", msg);
    return TRUE;
  }
  in->has_target = TRUE;
  in->target_score = target;
  /* A goal of positive development lies beyond its baseline. */
  double baseline = 0;
  gboolean found = FALSE;
  if (goal != NULL) {
    json_t *b = json_object_get(goal, "baseline");
    found = json_is_number(b);
    baseline = json_number_value(b);
  } else if (in->set_on != NULL &&
             !store_goal_baseline(req->db, req->user->id,
                                  json_integer_value(json_object_get(course, "citizen_id")), key,
                                  item_key, in->set_on, &found, &baseline, error)) {
    return FALSE;
  }
  if (found && g_strcmp0(in->goal_type, "improve") == 0) {
    gboolean better = v->def->higher_is_better ? target > baseline : target < baseline;
    if (!better) {
      g_autofree char *b = g_strdup_printf("%g", baseline);
      g_autofree char *msg = g_strdup_printf(
        v->def->higher_is_better
          ? _("Et mål om positiv udvikling skal ligge over udgangspunktet (%s).")
          : _("Et mål om positiv udvikling skal ligge under udgangspunktet (%s); på denne skala "
              "er lavere bedre."),
        b);
      form_result_add_error(fields, "target_score", msg);
    }
  }
  return TRUE;
}

static void
goal_create(HttpRequest *req, HttpReply *reply)
{
  gint64 course_id = http_request_param(req, "id");
  json_t *course = course_in_care(req, reply, course_id);
  if (course == NULL)
    return;
  FormResult *fields = req->fields;
  const char *kind = form_text(fields, "kind") ? form_text(fields, "kind") : "scale";
  g_autofree char *today = spor_date_today();
  StoreGoalInput in = {.course_id = course_id};
  read_form(req, course, kind, NULL, &in);
  if (in.set_on == NULL && json_object_get(form_result_errors(fields), "set_on") == NULL)
    in.set_on = today;
  g_autoptr(GError) error = NULL;
  gboolean ok = strcmp(kind, "scale") != 0 || check_scale(req, course, NULL, &in, &error);
  gint64 id = 0;
  if (ok && form_result_ok(fields)) {
    id = store_goal_create(req->db, req->user->id, &in, &error);
    if (id == 0 && g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
      form_result_add_error(fields, in.parent_goal_id ? "parent_goal_id" : "action_plan_goal_id",
                            _("Vælg et mål, der hører til borgeren."));
      g_clear_error(&error);
    }
  }
  if (ok && !form_result_ok(fields)) {
    json_t *model = form_model(req, course, kind, form_result_echo(fields),
                               form_result_errors(fields), NULL, &error);
    json_decref(course);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "goal_form", model, fields);
    return;
  }
  gint64 citizen_id = json_integer_value(json_object_get(course, "citizen_id"));
  json_decref(course);
  if (!ok || id == 0) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, citizen_id, "goal.create", NULL);
  g_autofree char *location = g_strdup_printf("/goals/%" G_GINT64_FORMAT, id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, TRUE);
}

/* ---- A goal's page ------------------------------------------------------------------- */

static const char *
attainment_label(Attainment a)
{
  switch (a) {
  case ATTAINMENT_REACHED_IMPROVE: return _("Positiv udvikling, målet er nået");
  case ATTAINMENT_IMPROVED: return _("Positiv udvikling, målet er endnu ikke nået");
  case ATTAINMENT_REACHED_MAINTAIN: return _("Fastholdt, målet er nået");
  case ATTAINMENT_NO_CHANGE: return _("Ingen udvikling");
  case ATTAINMENT_WORSE: return _("Forværring");
  case ATTAINMENT_NONE:
  default: return NULL;
  }
}

/* The latest approved staff value of the goal's item; FALSE when none. */
static gboolean
latest_value(const json_t *goal, const json_t *measurements, double *out, const char **out_on)
{
  gboolean found = FALSE;
  size_t i;
  json_t *m;
  json_array_foreach(measurements, i, m) {
    if (g_strcmp0(json_string_value(json_object_get(m, "instrument_key")),
                  json_string_value(json_object_get(goal, "instrument_key"))) != 0 ||
        g_strcmp0(json_string_value(json_object_get(m, "status")), "approved") != 0 ||
        g_strcmp0(json_string_value(json_object_get(m, "respondent")), "citizen") == 0)
      continue;
    size_t a;
    json_t *answer;
    json_array_foreach(json_object_get(m, "answers"), a, answer)
      if (g_strcmp0(json_string_value(json_object_get(answer, "item_key")),
                    json_string_value(json_object_get(goal, "item_key"))) == 0 &&
          json_is_integer(json_object_get(answer, "value"))) {
        *out = (double)json_integer_value(json_object_get(answer, "value"));
        *out_on = json_string_value(json_object_get(m, "measured_on"));
        found = TRUE;
      }
  }
  return found;
}

/* The goal page's model; NULL with error.  *out_citizen receives the
 * goal's citizen. */
static json_t *
goal_model(HttpRequest *req, HttpReply *reply, gint64 id, gint64 *out_citizen, GError **error)
{
  json_t *goal = store_goal_get(req->db, req->user->id, id, error);
  if (goal == NULL)
    return NULL;
  gint64 citizen_id = json_integer_value(json_object_get(goal, "citizen_id"));
  *out_citizen = citizen_id;
  StoreRelation relation;
  if (!store_citizen_relation(req->db, req->user->id, citizen_id, &relation, error)) {
    json_decref(goal);
    return NULL;
  }
  gboolean care = relation == STORE_RELATION_CARE;
  json_t *model = page_model_new(json_string_value(json_object_get(goal, "title")));
  json_t *one = json_pack("[O]", goal);
  page_decorate_goals(one, req->lang);
  json_decref(one);
  page_add_date_display(goal, "baseline_measured_on");
  page_add_date_display(goal, "course_started_on");
  size_t i;
  json_t *r;
  json_array_foreach(json_object_get(goal, "ratings"), i, r) {
    page_add_date_display(r, "rated_on");
    g_autofree char *level = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                             json_integer_value(json_object_get(r, "level")));
    json_object_set_new(r, "level_label", json_string(page_label(page_gas_levels, level)));
  }
  json_array_foreach(json_object_get(goal, "sub_goals"), i, r)
    json_object_set_new(r, "status_label", json_string(page_label(page_goal_statuses,
      json_string_value(json_object_get(r, "status")))));
  if (json_is_true(json_object_get(goal, "is_gas"))) {
    json_t *levels = json_array();
    for (int k = 0; k < 5; k++)
      json_array_append_new(levels, json_pack("{s:s, s:O}", "label", _(gas_labels[k]), "text",
                                              json_object_get(goal, gas_keys[k])));
    json_object_set_new(model, "levels", levels);
    json_object_set_new(model, "level_options", page_options(page_gas_levels, "0"));
    json_t *gas = json_pack("[O]", goal);
    json_t *chart = citizen_chart_gas_model(gas, NULL);
    json_decref(gas);
    if (chart != NULL) {
      if (!req->api) {
        g_autoptr(GError) chart_error = NULL;
        char *svg = chart_line_svg(chart, &chart_error);
        if (svg != NULL)
          reply_html_extra(reply, "chart_svg", svg);
      }
      json_object_set_new(model, "chart", chart);
    }
  }
  if (json_is_true(json_object_get(goal, "is_scale"))) {
    json_t *measurements = store_measurement_list(req->db, req->user->id, citizen_id, error);
    json_t *instrument = measurements
      ? store_instrument_get_by_key(req->db, json_string_value(json_object_get(goal,
                                                                               "instrument_key")),
                                    error)
      : NULL;
    if (instrument == NULL) {
      json_decref(measurements);
      json_decref(goal);
      json_decref(model);
      return NULL;
    }
    const char *item_name = NULL;
    json_array_foreach(json_object_get(instrument, "items"), i, r)
      if (g_strcmp0(json_string_value(json_object_get(r, "key")),
                    json_string_value(json_object_get(goal, "item_key"))) == 0)
        item_name = json_string_value(json_object_get(r, req->lang == SPOR_LANG_EN ? "text_en"
                                                                                  : "text_da"));
    json_object_set_new(goal, "item_name", item_name ? json_string(item_name) : json_null());
    json_object_set(goal, "instrument_name",
                    json_object_get(instrument, req->lang == SPOR_LANG_EN ? "name_en" : "name_da"));
    double latest = 0;
    const char *latest_on = NULL;
    json_t *baseline = json_object_get(goal, "baseline");
    if (latest_value(goal, measurements, &latest, &latest_on)) {
      json_t *latest_json = json_real(latest);
      g_autofree char *shown = page_number(latest_json, req->lang);
      json_decref(latest_json);
      json_object_set_new(goal, "latest_display", json_string(shown));
      g_autofree char *on = spor_date_iso_to_danish(latest_on);
      json_object_set_new(goal, "latest_on_display", json_string(on ? on : ""));
      if (json_is_number(baseline)) {
        json_t *target = json_object_get(goal, "target_score");
        gboolean higher = json_is_true(json_object_get(instrument, "higher_is_better")) ||
                          json_integer_value(json_object_get(instrument, "higher_is_better")) == 1;
        Attainment a = goal_attainment(
          g_strcmp0(json_string_value(json_object_get(goal, "goal_type")), "improve") == 0,
          higher, json_number_value(baseline), json_is_number(target),
          json_number_value(target), latest);
        json_object_set_new(goal, "attainment", json_string(goal_attainment_name(a)));
        json_object_set_new(goal, "attainment_label", json_string(attainment_label(a)));
      }
    }
    json_t *chart = citizen_chart_goal_model(goal, measurements, instrument, item_name,
                                             req->lang);
    if (chart != NULL) {
      if (!req->api) {
        g_autoptr(GError) chart_error = NULL;
        char *svg = chart_line_svg(chart, &chart_error);
        if (svg != NULL)
          reply_html_extra(reply, "chart_svg", svg);
      }
      json_object_set_new(model, "chart", chart);
    }
    json_decref(measurements);
    json_decref(instrument);
  }
  if (care || relation == STORE_RELATION_SELF) {
    json_t *diary = store_diary_list(req->db, req->user->id, citizen_id, 0, 500, error);
    if (diary == NULL) {
      json_decref(goal);
      json_decref(model);
      return NULL;
    }
    json_t *entries = json_array();
    json_array_foreach(diary, i, r)
      if (json_integer_value(json_object_get(r, "goal_id")) == id) {
        page_add_date_display(r, "written_on");
        json_array_append(entries, r);
      }
    json_decref(diary);
    json_object_set_new(model, "diary", entries);
    json_object_set_new(model, "has_diary", json_boolean(json_array_size(entries) > 0));
  }
  if (care) {
    json_t *revisions = store_goal_revisions(req->db, id, error);
    if (revisions == NULL) {
      json_decref(goal);
      json_decref(model);
      return NULL;
    }
    json_array_foreach(revisions, i, r) {
      const char *at = json_string_value(json_object_get(r, "changed_at"));
      g_autofree char *day = at ? spor_date_iso_to_danish(at) : NULL;
      json_object_set_new(r, "changed_at_display",
                          json_sprintf("%s %.5s", day ? day : "", at && strlen(at) >= 16 ? at + 11 : ""));
    }
    json_object_set_new(model, "revisions", revisions);
    g_autofree char *today = spor_date_today();
    g_autofree char *today_display = spor_date_iso_to_danish(today);
    json_object_set_new(model, "today", json_string(today_display));
  }
  json_object_set_new(model, "care", json_boolean(care));
  json_object_set_new(model, "self", json_boolean(relation == STORE_RELATION_SELF));
  json_object_set_new(model, "goal", goal);
  return model;
}

static void
goal_show(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  gint64 citizen_id = 0;
  g_autoptr(GError) error = NULL;
  json_t *model = goal_model(req, reply, id, &citizen_id, &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *detail = g_strdup_printf("goal=%" G_GINT64_FORMAT, id);
  reply_audit(reply, citizen_id, "goal.read", detail);
  reply_page(reply, 200, "goal", model);
}

/* ---- Changing a goal -------------------------------------------------------------------- */

/* The goal and its course for a change by the care team (404 otherwise). */
static gboolean
load_for_change(HttpRequest *req, HttpReply *reply, json_t **out_goal, json_t **out_course)
{
  g_autoptr(GError) error = NULL;
  json_t *goal = store_goal_get(req->db, req->user->id, http_request_param(req, "id"), &error);
  json_t *course = NULL;
  if (goal != NULL &&
      store_citizen_require_care(req->db, req->user->id,
                                 json_integer_value(json_object_get(goal, "citizen_id")), &error))
    course = store_course_get(req->db, req->user->id,
                              json_integer_value(json_object_get(goal, "course_id")), &error);
  if (course == NULL) {
    json_decref(goal);
    reply_store_error(reply, error);
    return FALSE;
  }
  page_add_date_display(course, "started_on");
  *out_goal = goal;
  *out_course = course;
  return TRUE;
}

/* The form's values of a stored goal. */
static json_t *
values_of(const json_t *goal)
{
  json_t *values = json_object();
  static const char *const texts[] = {"goal_type", "title", "description", "status",
                                      "gas_level_m2", "gas_level_m1", "gas_level_0",
                                      "gas_level_p1", "gas_level_p2", "item_key", NULL};
  for (int k = 0; texts[k] != NULL; k++) {
    json_t *v = json_object_get(goal, texts[k]);
    if (json_is_string(v))
      json_object_set(values, texts[k], v);
  }
  static const char *const dates[] = {"target_date", NULL};
  for (int k = 0; dates[k] != NULL; k++) {
    g_autofree char *shown = spor_date_iso_to_danish(json_string_value(json_object_get(goal,
                                                                                       dates[k])));
    if (shown != NULL)
      json_object_set_new(values, dates[k], json_string(shown));
  }
  static const char *const numbers[] = {"target_score", "gas_weight", NULL};
  for (int k = 0; numbers[k] != NULL; k++) {
    json_t *v = json_object_get(goal, numbers[k]);
    if (json_is_number(v))
      json_object_set_new(values, numbers[k], json_sprintf("%g", json_number_value(v)));
  }
  static const char *const ids[] = {"action_plan_goal_id", "version", NULL};
  for (int k = 0; ids[k] != NULL; k++) {
    json_t *v = json_object_get(goal, ids[k]);
    if (json_is_integer(v))
      json_object_set_new(values, ids[k], json_sprintf("%" JSON_INTEGER_FORMAT,
                                                       json_integer_value(v)));
  }
  return values;
}

static void
goal_edit(HttpRequest *req, HttpReply *reply)
{
  json_t *goal, *course;
  if (!load_for_change(req, reply, &goal, &course))
    return;
  json_t *values = values_of(goal);
  g_autoptr(GError) error = NULL;
  json_t *model = form_model(req, course, json_string_value(json_object_get(goal, "kind")), values,
                             NULL, goal, &error);
  json_decref(values);
  json_decref(goal);
  json_decref(course);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_page(reply, 200, "goal_form", model);
}

static void
goal_update(HttpRequest *req, HttpReply *reply)
{
  json_t *goal, *course;
  if (!load_for_change(req, reply, &goal, &course))
    return;
  gint64 id = http_request_param(req, "id");
  FormResult *fields = req->fields;
  g_autofree char *kind = g_strdup(json_string_value(json_object_get(goal, "kind")));
  gint64 base = 0;
  if (!form_int(fields, "version", &base))
    form_result_add_error(fields, "version", _("Formularen mangler sin version. Genindlæs siden."));
  StoreGoalInput in = {0};
  read_form(req, course, kind, goal, &in);
  g_autoptr(GError) error = NULL;
  gboolean ok = strcmp(kind, "scale") != 0 || check_scale(req, course, goal, &in, &error);
  gint64 current = json_integer_value(json_object_get(goal, "version"));
  gint64 citizen_id = json_integer_value(json_object_get(goal, "citizen_id"));
  if (ok && form_result_ok(fields) && base != current) {
    /* Someone saved meanwhile: show what changed, write nothing. */
    json_t *before = store_goal_revision(req->db, id, base, &error);
    json_t *now = before ? store_goal_revision(req->db, id, current, &error) : NULL;
    if (now == NULL) {
      json_decref(before);
      json_decref(goal);
      json_decref(course);
      if (g_error_matches(error, STORE_ERROR, STORE_ERROR_NOT_FOUND))
        reply_error(reply, 409, _("Målet er ændret, mens du redigerede det. Genindlæs siden."));
      else
        reply_store_error(reply, error);
      return;
    }
    json_t *changes = page_changes(before, now, form_result_echo(fields), goal_changes, req->lang);
    json_decref(before);
    json_decref(now);
    json_t *values = values_of(goal);
    json_t *model = form_model(req, course, kind, values, NULL, goal, &error);
    json_decref(values);
    json_decref(goal);
    json_decref(course);
    if (model == NULL) {
      json_decref(changes);
      reply_store_error(reply, error);
      return;
    }
    json_object_set_new(model, "conflict", json_pack("{s:I, s:I, s:o}", "your_version",
                                                     (json_int_t)base, "current_version",
                                                     (json_int_t)current, "changes", changes));
    json_object_set_new(model, "title", json_string(_("Målet er ændret af en anden")));
    reply_page(reply, 409, "goal_form", model);
    return;
  }
  if (ok && form_result_ok(fields) &&
      !store_goal_update(req->db, req->user->id, id, base, &in, &error)) {
    if (g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
      form_result_add_error(fields, "action_plan_goal_id", _("Vælg et mål, der hører til borgeren."));
      g_clear_error(&error);
    } else {
      ok = FALSE;
    }
  }
  if (ok && !form_result_ok(fields)) {
    json_t *model = form_model(req, course, kind, form_result_echo(fields),
                               form_result_errors(fields), goal, &error);
    json_decref(goal);
    json_decref(course);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "goal_form", model, fields);
    return;
  }
  json_decref(goal);
  json_decref(course);
  if (!ok) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, citizen_id, "goal.update", NULL);
  g_autofree char *location = g_strdup_printf("/goals/%" G_GINT64_FORMAT, id);
  reply_set_model(reply, json_pack("{s:I, s:I}", "id", (json_int_t)id, "version",
                                   (json_int_t)(base + 1)));
  reply_redirect(reply, location, FALSE);
}

/* ---- GAS ratings ------------------------------------------------------------------------ */

static const FieldSpec rating_fields[] = {
  {"rated_on", FIELD_DATE, TRUE, 0, 0, NULL, N_("Dato")},
  {"level", FIELD_CHOICE, TRUE, 0, 0, PAGE_CODES("-2", "-1", "0", "1", "2"), N_("Niveau")},
  {"comment", FIELD_TEXT, FALSE, 0, 1000, NULL, N_("Kommentar")},
};

static void
goal_rate(HttpRequest *req, HttpReply *reply)
{
  json_t *goal, *course;
  if (!load_for_change(req, reply, &goal, &course))
    return;
  gint64 id = http_request_param(req, "id");
  FormResult *fields = req->fields;
  const char *on = form_text(fields, "rated_on");
  g_autofree char *today = spor_date_today();
  if (g_strcmp0(json_string_value(json_object_get(goal, "kind")), "gas") != 0)
    form_result_add_error(fields, "level", _("Kun GAS-mål vurderes på niveauer."));
  else if (on != NULL && strcmp(on, today) > 0)
    form_result_add_error(fields, "rated_on", _("Datoen kan ikke ligge efter i dag."));
  else if (on != NULL && strcmp(on, json_string_value(json_object_get(goal, "set_on"))) < 0)
    form_result_add_error(fields, "rated_on", _("Datoen ligger før datoen, målet blev sat."));
  gint64 citizen_id = json_integer_value(json_object_get(goal, "citizen_id"));
  json_decref(goal);
  json_decref(course);
  g_autoptr(GError) error = NULL;
  if (!form_result_ok(fields)) {
    /* The goal page again, with the errors beside the rating form. */
    gint64 ignored = 0;
    json_t *model = goal_model(req, reply, id, &ignored, &error);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "goal", model, fields);
    return;
  }
  gint64 level = strtol(form_text(fields, "level"), NULL, 10);
  gint64 rating = store_gas_rating_add(req->db, req->user->id, id, on, level,
                                       form_text(fields, "comment"), &error);
  if (rating == 0) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, citizen_id, "goal.rating", NULL);
  g_autofree char *location = g_strdup_printf("/goals/%" G_GINT64_FORMAT "#vurderinger", id);
  reply_set_model(reply, json_pack("{s:I, s:I}", "id", (json_int_t)rating, "goal_id",
                                   (json_int_t)id));
  reply_redirect(reply, location, TRUE);
}

/* ---- Handleplan goals --------------------------------------------------------------------- */

static const FieldSpec action_plan_fields[] = {
  {"title", FIELD_TEXT, TRUE, 1, 200, NULL, N_("Mål i handleplanen")},
  {"description", FIELD_TEXT, FALSE, 0, 2000, NULL, N_("Beskrivelse")},
  {"legal_basis", FIELD_TEXT, FALSE, 0, 100, NULL, N_("Lovgrundlag")},
  {"follow_up_on", FIELD_DATE, FALSE, 0, 0, NULL, N_("Næste opfølgning")},
};

static json_t *
action_plan_model(HttpRequest *req, gint64 citizen_id, StoreRelation relation, GError **error)
{
  json_t *citizen = store_citizen_get(req->db, req->user->id, citizen_id, error);
  json_t *goals = citizen ? store_action_plan_goal_list(req->db, req->user->id, citizen_id, error)
                          : NULL;
  if (goals == NULL) {
    json_decref(citizen);
    return NULL;
  }
  size_t i;
  json_t *g;
  json_array_foreach(goals, i, g)
    page_add_date_display(g, "follow_up_on");
  g_autofree char *title = g_strdup_printf(_("Handleplan: %s %s"),
    json_string_value(json_object_get(citizen, "first_name")),
    json_string_value(json_object_get(citizen, "last_name")));
  json_t *model = page_model_new(title);
  json_object_set_new(model, "citizen", json_pack("{s:O, s:O, s:O}", "id",
    json_object_get(citizen, "id"), "first_name", json_object_get(citizen, "first_name"),
    "last_name", json_object_get(citizen, "last_name")));
  json_decref(citizen);
  json_object_set_new(model, "goals", goals);
  json_object_set_new(model, "has_goals", json_boolean(json_array_size(goals) > 0));
  json_object_set_new(model, "can_write", json_boolean(relation == STORE_RELATION_AUTHORITY &&
                                                       (req->capabilities & CAP_ACTION_PLAN)));
  json_object_set_new(model, "care", json_boolean(relation == STORE_RELATION_CARE));
  return model;
}

static void
action_plan_show(HttpRequest *req, HttpReply *reply)
{
  gint64 citizen_id = http_request_param(req, "id");
  StoreRelation relation;
  if (!page_relation(req, reply, citizen_id, &relation))
    return;
  if (relation == STORE_RELATION_SELF) {
    reply_redirect(reply, "/me", FALSE);
    return;
  }
  g_autoptr(GError) error = NULL;
  json_t *model = action_plan_model(req, citizen_id, relation, &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, citizen_id, "action_plan.read", NULL);
  reply_page(reply, 200, "action_plan", model);
}

static void
action_plan_create(HttpRequest *req, HttpReply *reply)
{
  gint64 citizen_id = http_request_param(req, "id");
  StoreRelation relation;
  if (!page_relation(req, reply, citizen_id, &relation))
    return;
  if (relation != STORE_RELATION_AUTHORITY) {
    reply_error(reply, 404, NULL);
    return;
  }
  FormResult *fields = req->fields;
  g_autofree char *today = spor_date_today();
  const char *follow_up = form_text(fields, "follow_up_on");
  if (follow_up != NULL && strcmp(follow_up, today) < 0)
    form_result_add_error(fields, "follow_up_on", _("Næste opfølgning kan ikke ligge før i dag."));
  g_autoptr(GError) error = NULL;
  if (!form_result_ok(fields)) {
    json_t *model = action_plan_model(req, citizen_id, relation, &error);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "action_plan", model, fields);
    return;
  }
  StoreActionPlanGoalInput in = {.title = form_text(fields, "title"),
                                 .description = form_text(fields, "description"),
                                 .legal_basis = form_text(fields, "legal_basis"),
                                 .follow_up_on = follow_up};
  gint64 id = store_action_plan_goal_create(req->db, req->user->id, citizen_id, &in, &error);
  if (id == 0) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, citizen_id, "action_plan.create", NULL);
  g_autofree char *location = g_strdup_printf("/citizens/%" G_GINT64_FORMAT "/action-plan",
                                              citizen_id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, TRUE);
}

const Route pages_goals_routes[] = {
  {"GET", "/courses/{id}/goals/new", goal_new, CAP_CITIZEN_WRITE, new_fields,
   G_N_ELEMENTS(new_fields), ROUTE_HTML_ONLY},
  {"POST", "/courses/{id}/goals", goal_create, CAP_CITIZEN_WRITE, goal_fields,
   G_N_ELEMENTS(goal_fields), 0},
  {"GET", "/goals/{id}", goal_show, CAP_CITIZEN_READ, NULL, 0, 0},
  {"GET", "/goals/{id}/edit", goal_edit, CAP_CITIZEN_WRITE, NULL, 0, ROUTE_HTML_ONLY},
  {"POST", "/goals/{id}", goal_update, CAP_CITIZEN_WRITE, goal_fields, G_N_ELEMENTS(goal_fields),
   0},
  {"POST", "/goals/{id}/ratings", goal_rate, CAP_CITIZEN_WRITE, rating_fields,
   G_N_ELEMENTS(rating_fields), 0},
  {"GET", "/citizens/{id}/action-plan", action_plan_show, CAP_CITIZEN_READ, NULL, 0, 0},
  {"POST", "/citizens/{id}/action-plan", action_plan_create, CAP_ACTION_PLAN, action_plan_fields,
   G_N_ELEMENTS(action_plan_fields), 0},
};
const gsize pages_goals_n_routes = G_N_ELEMENTS(pages_goals_routes);
