/* interventions.c — what an offer does and when it measures: its
 * interventions (indsatser) described for their target group with
 * inclusion and exclusion criteria, their phases, their measurement plans
 * (Kapitel 3: the measurement points, each with instruments, respondents
 * and a window), and the background questions the offer asks.
 *
 * Staff of the offer read all of it; leaders of the offer change it. */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "pages/common.h"
#include "pages/pages.h"

/* ---- The list --------------------------------------------------------------- */

static const FieldSpec add_fields[] = {
  {"offer_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Tilbud")},
  {"name", FIELD_TEXT, TRUE, 1, 200, NULL, N_("Navn")},
  {"description", FIELD_TEXT, FALSE, 0, 4000, NULL, N_("Beskrivelse")},
};

static json_t *
list_model(HttpRequest *req, GError **error)
{
  json_t *list = store_intervention_list_visible(req->db, req->user->id, error);
  json_t *offers = list ? store_offer_list_visible(req->db, req->user->id, error) : NULL;
  json_t *led = offers ? store_offer_list_led(req->db, req->user->id, error) : NULL;
  if (led == NULL) {
    json_decref(list);
    json_decref(offers);
    return NULL;
  }
  /* Grouped by offer, in the offers' order. */
  size_t i, k;
  json_t *offer, *iv;
  json_array_foreach(offers, i, offer) {
    json_t *mine = json_array();
    json_array_foreach(list, k, iv)
      if (json_integer_value(json_object_get(iv, "offer_id")) ==
          json_integer_value(json_object_get(offer, "id")))
        json_array_append(mine, iv);
    json_object_set_new(offer, "interventions", mine);
  }
  json_decref(list);
  json_t *model = page_model_new(_("Indsatser"));
  json_object_set_new(model, "offers", offers);
  json_object_set_new(model, "led_offers", led);
  json_object_set_new(model, "can_add", json_boolean(json_array_size(led) > 0 &&
                                                     (req->capabilities & CAP_PLAN_WRITE)));
  return model;
}

static void
intervention_list(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *model = list_model(req, &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_page(reply, 200, "interventions", model);
}

static void
intervention_add(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  gint64 offer_id = 0;
  form_int(fields, "offer_id", &offer_id);
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  if (form_result_ok(fields)) {
    StoreInterventionInput in = {.name = form_text(fields, "name"),
                                 .description = form_text(fields, "description")};
    id = store_intervention_add(req->db, req->user->id, offer_id, &in, &error);
    if (id == 0 && g_error_matches(error, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      form_result_add_error(fields, "offer_id", _("Vælg et tilbud, du er leder af."));
      g_clear_error(&error);
    }
  }
  if (!form_result_ok(fields)) {
    json_t *model = list_model(req, &error);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "interventions", model, fields);
    return;
  }
  if (id == 0) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, 0, "intervention.create", NULL);
  g_autofree char *location = g_strdup_printf("/interventions/%" G_GINT64_FORMAT, id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, TRUE);
}

/* ---- One intervention and its plan ---------------------------------------------- */

static const CodeLabel plan_respondents[] = {
  {"staff", N_("Medarbejder")},
  {"citizen", N_("Borger (selvvurdering)")},
  {"relative", N_("Pårørende")},
  {"authority", N_("Myndighed")},
  {NULL, NULL}};

/* The plan for display: labels of kinds, respondents and instruments. */
static void
decorate_plan(json_t *plan, SporLang lang)
{
  size_t i;
  json_t *p;
  json_array_foreach(plan, i, p) {
    const char *kind = json_string_value(json_object_get(p, "kind"));
    json_object_set_new(p, "kind_label", json_string(page_label(page_plan_kinds, kind)));
    gint64 months = json_integer_value(json_object_get(p, "months"));
    const char *phase = json_string_value(json_object_get(p, "phase_name"));
    char *when;
    if (g_strcmp0(kind, "follow_up") == 0)
      when = g_strdup_printf(_("hver %d. måned efter start"), (int)months);
    else if (g_strcmp0(kind, "after_end") == 0)
      when = g_strdup_printf(_("%d md. efter afslutning"), (int)months);
    else if (g_strcmp0(kind, "phase_change") == 0)
      when = phase ? g_strdup_printf(_("når forløbet går ind i fasen %s"), phase)
                   : g_strdup(_("ved hvert faseskift"));
    else if (g_strcmp0(kind, "start") == 0)
      when = g_strdup(_("ved forløbets start"));
    else
      when = g_strdup(_("ved forløbets afslutning"));
    json_object_set_new(p, "when", json_string(when));
    g_free(when);
    size_t k;
    json_t *t;
    json_array_foreach(json_object_get(p, "tasks"), k, t) {
      json_object_set_new(t, "respondent_label", json_string(page_label(plan_respondents,
        json_string_value(json_object_get(t, "respondent")))));
      json_object_set(t, "instrument_name",
                      json_object_get(t, lang == SPOR_LANG_EN ? "instrument_name_en"
                                                              : "instrument_name_da"));
    }
  }
}

/* Instruments for citizens as choices for plan tasks: [{key, name}]. */
static json_t *
instrument_choices(HttpRequest *req, GError **error)
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
    json_t *respondents = store_instrument_respondents(
      req->db, json_integer_value(json_object_get(row, "id")), error);
    if (respondents == NULL) {
      json_decref(list);
      json_decref(out);
      return NULL;
    }
    json_array_append_new(out, json_pack("{s:O, s:O, s:o}", "key", json_object_get(row, "key"),
      "name", json_object_get(row, req->lang == SPOR_LANG_EN ? "name_en" : "name_da"),
      "respondents", respondents));
  }
  json_decref(list);
  return out;
}

/* The instrument choice (of instrument_choices) may be answered by
 * respondent; an instrument that does not say allows everyone. */
static gboolean
choice_allows(const json_t *choice, const char *respondent)
{
  const json_t *allowed = json_object_get(choice, "respondents");
  if (json_array_size(allowed) == 0)
    return TRUE;
  size_t i;
  json_t *r;
  json_array_foreach(allowed, i, r)
    if (g_strcmp0(json_string_value(json_object_get(r, "respondent")), respondent) == 0)
      return TRUE;
  return FALSE;
}

/* The plan-point form's parts: kinds, phases, instruments × respondents
 * (the task checkboxes "task_<key>_<respondent>"), checked from point. */
static json_t *
point_form(HttpRequest *req, const json_t *phases, const json_t *point, GError **error)
{
  json_t *instruments = instrument_choices(req, error);
  if (instruments == NULL)
    return NULL;
  const char *kind = point ? json_string_value(json_object_get(point, "kind")) : "follow_up";
  json_t *form = json_object();
  json_object_set_new(form, "kinds", page_options(page_plan_kinds, kind));
  gint64 phase_id = point ? json_integer_value(json_object_get(point, "phase_id")) : 0;
  json_t *phase_options = json_array();
  size_t i;
  json_t *p;
  json_array_foreach(phases, i, p)
    json_array_append_new(phase_options, json_pack("{s:O, s:O, s:b}", "id", json_object_get(p, "id"),
      "name", json_object_get(p, "name"),
      "selected", json_integer_value(json_object_get(p, "id")) == phase_id));
  json_object_set_new(form, "phases", phase_options);
  json_t *tasks = json_array();
  json_array_foreach(instruments, i, p) {
    json_t *respondents = json_array();
    for (const CodeLabel *r = plan_respondents; r->code != NULL; r++) {
      if (!choice_allows(p, r->code))
        continue;
      gboolean checked = FALSE;
      size_t k;
      json_t *t;
      json_array_foreach(point ? json_object_get(point, "tasks") : NULL, k, t)
        if (g_strcmp0(json_string_value(json_object_get(t, "instrument_key")),
                      json_string_value(json_object_get(p, "key"))) == 0 &&
            g_strcmp0(json_string_value(json_object_get(t, "respondent")), r->code) == 0)
          checked = TRUE;
      g_autofree char *field = g_strdup_printf("task_%s_%s",
                                               json_string_value(json_object_get(p, "key")),
                                               r->code);
      json_array_append_new(respondents, json_pack("{s:s, s:s, s:b}", "field", field, "label",
                                                   _(r->label), "checked", checked));
    }
    json_array_append_new(tasks, json_pack("{s:O, s:O, s:o}", "key", json_object_get(p, "key"),
                                           "name", json_object_get(p, "name"), "respondents",
                                           respondents));
  }
  json_decref(instruments);
  json_object_set_new(form, "instruments", tasks);
  return form;
}

/* The point a refused form described, to show it again as typed:
 * {kind, phase_id, tasks: [{instrument_key, respondent}]}. */
static json_t *
typed_point(HttpRequest *req)
{
  json_t *point = json_object();
  const char *kind = form_data_get(req->form, "kind");
  json_object_set_new(point, "kind", json_string(kind && g_utf8_validate(kind, -1, NULL) ? kind
                                                                                      : ""));
  const char *phase = form_data_get(req->form, "phase_id");
  json_object_set_new(point, "phase_id", json_integer(phase ? g_ascii_strtoll(phase, NULL, 10)
                                                            : 0));
  json_t *tasks = json_array();
  static const char *const respondents[] = {"staff", "citizen", "relative", "authority"};
  g_autoptr(GError) error = NULL;
  json_t *instruments = instrument_choices(req, &error);
  size_t i;
  json_t *row;
  json_array_foreach(instruments, i, row) {
    const char *key = json_string_value(json_object_get(row, "key"));
    for (guint r = 0; r < G_N_ELEMENTS(respondents); r++) {
      g_autofree char *field = g_strdup_printf("task_%s_%s", key, respondents[r]);
      if (form_data_get(req->form, field) != NULL)
        json_array_append_new(tasks, json_pack("{s:s, s:s}", "instrument_key", key, "respondent",
                                               respondents[r]));
    }
  }
  json_decref(instruments);
  json_object_set_new(point, "tasks", tasks);
  return point;
}

static json_t *
intervention_model(HttpRequest *req, gint64 id, GError **error)
{
  json_t *iv = store_intervention_get(req->db, req->user->id, id, error);
  json_t *plan = iv ? store_plan_list(req->db, req->user->id, id, error) : NULL;
  json_t *typed = req->form != NULL && form_data_size(req->form) > 0 ? typed_point(req) : NULL;
  json_t *form = plan ? point_form(req, json_object_get(iv, "phases"), typed, error) : NULL;
  json_decref(typed);
  if (form == NULL) {
    json_decref(iv);
    json_decref(plan);
    return NULL;
  }
  decorate_plan(plan, req->lang);
  json_t *model = page_model_new(json_string_value(json_object_get(iv, "name")));
  gboolean can_edit = json_is_true(json_object_get(iv, "can_edit")) &&
                      (req->capabilities & CAP_PLAN_WRITE);
  json_object_set_new(model, "can_edit", json_boolean(can_edit));
  json_object_set_new(model, "intervention", iv);
  json_object_set_new(model, "plan", plan);
  json_object_set_new(model, "has_plan", json_boolean(json_array_size(plan) > 0));
  json_object_set_new(model, "point_form", form);
  pages_criteria_attach(req, model, id, NULL, NULL);
  return model;
}

json_t *
pages_intervention_model(HttpRequest *req, gint64 id, GError **error)
{
  return intervention_model(req, id, error);
}

static void
intervention_show(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *model = intervention_model(req, http_request_param(req, "id"), &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_page(reply, 200, "intervention", model);
}

/* ---- Editing the description and the phases ------------------------------------------ */

#define MAX_PHASES 12

static const FieldSpec edit_fields[] = {
  {"name", FIELD_TEXT, TRUE, 1, 200, NULL, N_("Navn")},
  {"description", FIELD_TEXT, FALSE, 0, 4000, NULL, N_("Beskrivelse")},
  {"target_group", FIELD_TEXT, FALSE, 0, 4000, NULL, N_("Målgruppe")},
  {"inclusion_criteria", FIELD_TEXT, FALSE, 0, 4000, NULL, N_("Inklusionskriterier")},
  {"exclusion_criteria", FIELD_TEXT, FALSE, 0, 4000, NULL, N_("Eksklusionskriterier")},
  {"new_phase", FIELD_TEXT, FALSE, 0, 100, NULL, N_("Ny fase")},
};

/* The edit form: the intervention's texts and its phases, each with its
 * name ("phase_<id>") and a box to remove it ("remove_<id>"). */
static json_t *
edit_model(HttpRequest *req, json_t *iv, json_t *values, json_t *errors)
{
  json_t *model = page_model_new(_("Ret indsats"));
  json_t *phases = json_array();
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(iv, "phases"), i, p) {
    g_autofree char *field = g_strdup_printf("phase_%" JSON_INTEGER_FORMAT,
                                             json_integer_value(json_object_get(p, "id")));
    g_autofree char *remove = g_strdup_printf("remove_%" JSON_INTEGER_FORMAT,
                                              json_integer_value(json_object_get(p, "id")));
    json_t *typed = values ? json_object_get(values, field) : NULL;
    json_array_append_new(phases, json_pack("{s:s, s:s, s:O, s:O, s:b, s:O?}", "field", field,
      "remove_field", remove, "name", typed ? typed : json_object_get(p, "name"), "in_use",
      json_object_get(p, "in_use"), "remove", values && json_object_get(values, remove) != NULL,
      "error", errors ? json_object_get(errors, field) : NULL));
  }
  json_object_set_new(model, "phases", phases);
  json_object_set(model, "intervention", iv);
  if (values == NULL) {
    json_t *v = json_object();
    static const char *const keys[] = {"name", "description", "target_group",
                                       "inclusion_criteria", "exclusion_criteria", NULL};
    for (int k = 0; keys[k] != NULL; k++)
      if (json_is_string(json_object_get(iv, keys[k])))
        json_object_set(v, keys[k], json_object_get(iv, keys[k]));
    json_object_set_new(model, "values", v);
  } else {
    json_object_set(model, "values", values);
  }
  (void)req;
  return model;
}

/* The intervention for a change by one of its offer's leaders. */
static json_t *
led_intervention(HttpRequest *req, HttpReply *reply, gint64 id)
{
  g_autoptr(GError) error = NULL;
  json_t *iv = store_intervention_get(req->db, req->user->id, id, &error);
  if (iv == NULL) {
    reply_store_error(reply, error);
    return NULL;
  }
  if (!json_is_true(json_object_get(iv, "can_edit"))) {
    json_decref(iv);
    reply_error(reply, 404, NULL);
    return NULL;
  }
  return iv;
}

static void
intervention_edit(HttpRequest *req, HttpReply *reply)
{
  json_t *iv = led_intervention(req, reply, http_request_param(req, "id"));
  if (iv == NULL)
    return;
  json_t *model = edit_model(req, iv, NULL, NULL);
  json_decref(iv);
  reply_page(reply, 200, "intervention_edit", model);
}

static void
intervention_update(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  json_t *iv = led_intervention(req, reply, id);
  if (iv == NULL)
    return;
  FormResult *fields = req->fields;
  /* The phases as edited, in their order, and one new at the end. */
  json_t *phases = json_object_get(iv, "phases");
  gsize n = json_array_size(phases);
  g_autofree StorePhaseEdit *edits = g_new0(StorePhaseEdit, n + 1);
  gsize kept = 0;
  json_t *echo = json_deep_copy(form_result_echo(fields));
  for (gsize i = 0; i < n; i++) {
    json_t *p = json_array_get(phases, i);
    gint64 pid = json_integer_value(json_object_get(p, "id"));
    g_autofree char *field = g_strdup_printf("phase_%" G_GINT64_FORMAT, pid);
    g_autofree char *remove = g_strdup_printf("remove_%" G_GINT64_FORMAT, pid);
    const char *name = form_data_get(req->form, field);
    g_autofree char *trimmed = name ? g_strstrip(g_strdup(name)) : NULL;
    edits[i].id = pid;
    edits[i].remove = form_data_get(req->form, remove) != NULL;
    edits[i].name = json_string_value(json_object_get(p, "name"));
    if (name != NULL)
      json_object_set_new(echo, field, json_string(name));
    if (edits[i].remove) {
      json_object_set_new(echo, remove, json_string("1"));
      if (json_is_true(json_object_get(p, "in_use")))
        form_result_add_error(fields, field, _("Fasen er brugt af et forløb eller en "
                                               "måleplan og kan ikke fjernes."));
      continue;
    }
    if (trimmed != NULL && (*trimmed == '\0' || g_utf8_strlen(trimmed, -1) > 100))
      form_result_add_error(fields, field, _("Fasen skal have et navn på højst 100 tegn."));
    else if (trimmed != NULL) {
      json_object_set_new(echo, field, json_string(trimmed));
      edits[i].name = json_string_value(json_object_get(echo, field));
    }
    kept++;
  }
  const char *new_phase = form_text(fields, "new_phase");
  gsize n_edits = n;
  if (new_phase != NULL) {
    if (n >= MAX_PHASES)
      form_result_add_error(fields, "new_phase", _("En indsats kan højst have 12 faser."));
    edits[n_edits++] = (StorePhaseEdit){.name = new_phase};
    kept++;
  }
  if (kept == 0)
    form_result_add_error(fields, "new_phase", _("Indsatsen skal have mindst én fase."));
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;
  if (form_result_ok(fields)) {
    StoreInterventionInput in = {
      .name = form_text(fields, "name"),
      .description = form_text(fields, "description"),
      .target_group = form_text(fields, "target_group"),
      .inclusion_criteria = form_text(fields, "inclusion_criteria"),
      .exclusion_criteria = form_text(fields, "exclusion_criteria"),
    };
    ok = store_intervention_update(req->db, req->user->id, id, &in, &error) &&
         store_intervention_set_phases(req->db, req->user->id, id, edits, n_edits, &error);
  }
  if (!form_result_ok(fields)) {
    json_t *model = edit_model(req, iv, echo, form_result_errors(fields));
    json_decref(echo);
    json_decref(iv);
    reply_form_errors(reply, "intervention_edit", model, fields);
    return;
  }
  json_decref(echo);
  json_decref(iv);
  if (!ok) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, 0, "intervention.update", NULL);
  g_autofree char *location = g_strdup_printf("/interventions/%" G_GINT64_FORMAT, id);
  reply_redirect(reply, location, FALSE);
}

/* ---- Plan points ------------------------------------------------------------------- */

static const FieldSpec point_fields[] = {
  {"kind", FIELD_CHOICE, TRUE, 0, 0,
   PAGE_CODES("start", "follow_up", "phase_change", "end", "after_end"), N_("Målepunkt")},
  {"months", FIELD_INT, FALSE, 1, 120, NULL, N_("Antal måneder")},
  {"phase_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Fase")},
  {"window_days", FIELD_INT, TRUE, 0, 365, NULL, N_("Vindue i dage")},
};

/* Reads the task checkboxes of the form: one task per checked
 * instrument × respondent.  Strings point into instruments. */
static GArray *
read_tasks(HttpRequest *req, const json_t *instruments)
{
  static const char *const respondents[] = {"staff", "citizen", "relative", "authority"};
  GArray *tasks = g_array_new(FALSE, TRUE, sizeof(StorePlanTaskInput));
  size_t i;
  json_t *p;
  json_array_foreach(instruments, i, p) {
    const char *key = json_string_value(json_object_get(p, "key"));
    for (guint r = 0; r < G_N_ELEMENTS(respondents); r++) {
      g_autofree char *field = g_strdup_printf("task_%s_%s", key, respondents[r]);
      if (form_data_get(req->form, field) != NULL) {
        StorePlanTaskInput t = {.instrument_key = key, .respondent = respondents[r]};
        g_array_append_val(tasks, t);
      }
    }
  }
  return tasks;
}

/* Checks the point's form; fills in (tasks in *out_tasks, the caller's). */
static void
read_point(HttpRequest *req, const json_t *instruments, StorePlanPointInput *in,
           GArray **out_tasks)
{
  FormResult *fields = req->fields;
  in->kind = form_text(fields, "kind");
  form_int(fields, "months", &in->months);
  form_int(fields, "phase_id", &in->phase_id);
  form_int(fields, "window_days", &in->window_days);
  gboolean monthly = g_strcmp0(in->kind, "follow_up") == 0 || g_strcmp0(in->kind, "after_end") == 0;
  if (monthly && in->months == 0 && json_object_get(form_result_errors(fields), "months") == NULL)
    form_result_add_error(fields, "months", _("Angiv antal måneder (1–120)."));
  *out_tasks = read_tasks(req, instruments);
  in->tasks = (const StorePlanTaskInput *)(*out_tasks)->data;
  in->n_tasks = (*out_tasks)->len;
  if (in->n_tasks == 0)
    form_result_add_error(fields, "tasks", _("Vælg mindst ét instrument og hvem der besvarer det."));
}

/* The store's refusal of a point (CONFLICT) beside the field it is about. */
static void
point_refusal_to_field(FormResult *fields, GError **error)
{
  if (strstr((*error)->message, "besvares af") != NULL)
    form_result_add_error(fields, "tasks",
                          _("Et af instrumenterne er ikke lavet til at blive besvaret af den "
                            "valgte besvarer."));
  else
    form_result_add_error(fields, "phase_id", _("Vælg en af indsatsens faser."));
  g_clear_error(error);
}

static void
point_failed(HttpRequest *req, HttpReply *reply, gint64 intervention_id)
{
  g_autoptr(GError) error = NULL;
  json_t *model = intervention_model(req, intervention_id, &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_form_errors(reply, "intervention", model, req->fields);
}

static void
plan_point_add(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  json_t *iv = led_intervention(req, reply, id);
  if (iv == NULL)
    return;
  json_decref(iv);
  g_autoptr(GError) error = NULL;
  json_t *instruments = instrument_choices(req, &error);
  if (instruments == NULL) {
    reply_store_error(reply, error);
    return;
  }
  StorePlanPointInput in = {0};
  g_autoptr(GArray) tasks = NULL;
  read_point(req, instruments, &in, &tasks);
  gint64 point = 0;
  if (form_result_ok(req->fields)) {
    point = store_plan_point_create(req->db, req->user->id, id, &in, &error);
    if (point == 0 && g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT))
      point_refusal_to_field(req->fields, &error);
  }
  json_decref(instruments);
  if (!form_result_ok(req->fields)) {
    point_failed(req, reply, id);
    return;
  }
  if (point == 0) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, 0, "plan.update", NULL);
  g_autofree char *location = g_strdup_printf("/interventions/%" G_GINT64_FORMAT "#maaleplan", id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)point));
  reply_redirect(reply, location, TRUE);
}

/* The plan point for a change by a leader of its offer. */
static json_t *
led_point(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *point = store_plan_point_get(req->db, req->user->id, http_request_param(req, "id"),
                                       &error);
  if (point == NULL) {
    reply_store_error(reply, error);
    return NULL;
  }
  if (!json_is_true(json_object_get(point, "can_edit"))) {
    json_decref(point);
    reply_error(reply, 404, NULL);
    return NULL;
  }
  return point;
}

static json_t *
point_model(HttpRequest *req, json_t *point, GError **error)
{
  json_t *iv = store_intervention_get(req->db, req->user->id,
    json_integer_value(json_object_get(point, "intervention_id")), error);
  json_t *form = iv ? point_form(req, json_object_get(iv, "phases"), point, error) : NULL;
  if (form == NULL) {
    json_decref(iv);
    return NULL;
  }
  json_t *model = page_model_new(_("Ret målepunkt"));
  json_object_set(model, "point", point);
  json_object_set_new(model, "intervention", iv);
  json_object_set_new(model, "point_form", form);
  json_t *values = json_object();
  json_object_set_new(values, "window_days", json_sprintf("%" JSON_INTEGER_FORMAT,
    json_integer_value(json_object_get(point, "window_days"))));
  if (json_is_integer(json_object_get(point, "months")))
    json_object_set_new(values, "months", json_sprintf("%" JSON_INTEGER_FORMAT,
      json_integer_value(json_object_get(point, "months"))));
  json_object_set_new(model, "values", values);
  return model;
}

static void
plan_point_edit(HttpRequest *req, HttpReply *reply)
{
  json_t *point = led_point(req, reply);
  if (point == NULL)
    return;
  g_autoptr(GError) error = NULL;
  json_t *model = point_model(req, point, &error);
  json_decref(point);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_page(reply, 200, "plan_point", model);
}

static void
plan_point_update(HttpRequest *req, HttpReply *reply)
{
  json_t *point = led_point(req, reply);
  if (point == NULL)
    return;
  gint64 intervention_id = json_integer_value(json_object_get(point, "intervention_id"));
  g_autoptr(GError) error = NULL;
  json_t *instruments = instrument_choices(req, &error);
  if (instruments == NULL) {
    json_decref(point);
    reply_store_error(reply, error);
    return;
  }
  StorePlanPointInput in = {0};
  g_autoptr(GArray) tasks = NULL;
  read_point(req, instruments, &in, &tasks);
  gboolean ok = TRUE;
  if (form_result_ok(req->fields) &&
      !store_plan_point_update(req->db, req->user->id, http_request_param(req, "id"), &in,
                               &error)) {
    if (g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
      point_refusal_to_field(req->fields, &error);
    } else {
      ok = FALSE;
    }
  }
  json_decref(instruments);
  if (ok && !form_result_ok(req->fields)) {
    json_t *model = point_model(req, point, &error);
    json_decref(point);
    if (model == NULL) {
      reply_store_error(reply, error);
      return;
    }
    json_object_set(model, "values", form_result_echo(req->fields));
    reply_form_errors(reply, "plan_point", model, req->fields);
    return;
  }
  json_decref(point);
  if (!ok) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, 0, "plan.update", NULL);
  g_autofree char *location = g_strdup_printf("/interventions/%" G_GINT64_FORMAT "#maaleplan",
                                              intervention_id);
  reply_redirect(reply, location, FALSE);
}

static const FieldSpec delete_fields[] = {
  {"confirm", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Bekræft")},
};

static void
plan_point_delete(HttpRequest *req, HttpReply *reply)
{
  json_t *point = led_point(req, reply);
  if (point == NULL)
    return;
  gint64 intervention_id = json_integer_value(json_object_get(point, "intervention_id"));
  g_autoptr(GError) error = NULL;
  if (!form_bool(req->fields, "confirm")) {
    form_result_add_error(req->fields, "confirm", _("Sæt hak for at bekræfte, at målepunktet "
                                                    "skal slettes."));
    json_t *model = point_model(req, point, &error);
    json_decref(point);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "plan_point", model, req->fields);
    return;
  }
  json_decref(point);
  if (!store_plan_point_delete(req->db, req->user->id, http_request_param(req, "id"), &error)) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, 0, "plan.update", "delete");
  g_autofree char *location = g_strdup_printf("/interventions/%" G_GINT64_FORMAT "#maaleplan",
                                              intervention_id);
  reply_redirect(reply, location, FALSE);
}

/* ---- Background questions per offer ------------------------------------------------ */

static const char *const stage_names[] = {"start", "during", "end"};
static const char *const stage_labels[] = {N_("Spørgsmål ved opstart af indsats"),
                                           N_("Spørgsmål i løbet af indsats"),
                                           N_("Spørgsmål ved afslutning på indsats")};

static json_t *
questions_model(HttpRequest *req, gint64 offer_id, GError **error)
{
  json_t *offer = store_offer_get(req->db, req->user->id, offer_id, error);
  json_t *settings = offer ? store_offer_questions(req->db, offer_id, error) : NULL;
  if (settings == NULL) {
    json_decref(offer);
    return NULL;
  }
  json_t *stages = json_array();
  for (guint s = 0; s < G_N_ELEMENTS(stage_names); s++) {
    json_t *questions = page_question_list(settings, stage_names[s]);
    size_t i;
    json_t *q;
    json_array_foreach(questions, i, q) {
      const char *key = json_string_value(json_object_get(q, "key"));
      json_object_set_new(q, "asked_field", json_sprintf("asked_%s_%s", stage_names[s], key));
      json_object_set_new(q, "required_field",
                          json_sprintf("required_%s_%s", stage_names[s], key));
    }
    json_array_append_new(stages, json_pack("{s:s, s:s, s:o}", "stage", stage_names[s], "label",
                                            _(stage_labels[s]), "questions", questions));
  }
  json_decref(settings);
  g_autofree char *title = g_strdup_printf(_("Baggrundsspørgsmål: %s"),
                                           json_string_value(json_object_get(offer, "name")));
  json_t *model = page_model_new(title);
  json_object_set_new(model, "can_edit", json_boolean(json_is_true(json_object_get(offer,
                                                                                   "can_edit")) &&
                                                      (req->capabilities & CAP_PLAN_WRITE)));
  json_object_set_new(model, "offer", offer);
  json_object_set_new(model, "stages", stages);
  return model;
}

static void
questions_show(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *model = questions_model(req, http_request_param(req, "id"), &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_page(reply, 200, "offer_questions", model);
}

static const FieldSpec question_fields[] = {
  {"questions", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Spørgsmål")},
};

static void
questions_update(HttpRequest *req, HttpReply *reply)
{
  gint64 offer_id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  if (!store_offer_require_led(req->db, req->user->id, offer_id, &error)) {
    reply_store_error(reply, error);
    return;
  }
  /* Unchecked boxes are not sent: only a whole form says "none asked". */
  if (!form_bool(req->fields, "questions")) {
    form_result_add_error(req->fields, "questions",
                          _("Formularen er ufuldstændig. Genindlæs siden, og prøv igen."));
    json_t *model = questions_model(req, offer_id, &error);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "offer_questions", model, req->fields);
    return;
  }
  for (const PageQuestion *q = page_questions; q->key != NULL; q++) {
    g_autofree char *asked_field = g_strdup_printf("asked_%s_%s", q->stage, q->key);
    g_autofree char *required_field = g_strdup_printf("required_%s_%s", q->stage, q->key);
    gboolean asked = form_data_get(req->form, asked_field) != NULL;
    gboolean required = form_data_get(req->form, required_field) != NULL;
    if (!store_offer_question_set(req->db, req->user->id, offer_id, q->stage, q->key, asked,
                                  required, &error)) {
      reply_store_error(reply, error);
      return;
    }
  }
  reply_audit(reply, 0, "offer.questions", NULL);
  g_autofree char *location = g_strdup_printf("/offers/%" G_GINT64_FORMAT "/questions",
                                              offer_id);
  reply_redirect(reply, location, FALSE);
}

const Route pages_interventions_routes[] = {
  {"GET", "/interventions", intervention_list, CAP_CITIZEN_WRITE, NULL, 0, 0},
  {"POST", "/interventions", intervention_add, CAP_PLAN_WRITE, add_fields,
   G_N_ELEMENTS(add_fields), 0},
  {"GET", "/interventions/{id}", intervention_show, CAP_CITIZEN_WRITE, NULL, 0, 0},
  {"GET", "/interventions/{id}/edit", intervention_edit, CAP_PLAN_WRITE, NULL, 0,
   ROUTE_HTML_ONLY},
  {"POST", "/interventions/{id}", intervention_update, CAP_PLAN_WRITE, edit_fields,
   G_N_ELEMENTS(edit_fields), 0},
  {"POST", "/interventions/{id}/plan", plan_point_add, CAP_PLAN_WRITE, point_fields,
   G_N_ELEMENTS(point_fields), 0},
  {"GET", "/plan-points/{id}", plan_point_edit, CAP_PLAN_WRITE, NULL, 0, 0},
  {"POST", "/plan-points/{id}", plan_point_update, CAP_PLAN_WRITE, point_fields,
   G_N_ELEMENTS(point_fields), 0},
  {"POST", "/plan-points/{id}/delete", plan_point_delete, CAP_PLAN_WRITE, delete_fields,
   G_N_ELEMENTS(delete_fields), 0},
  {"GET", "/offers/{id}/questions", questions_show, CAP_CITIZEN_WRITE, NULL, 0, 0},
  {"POST", "/offers/{id}/questions", questions_update, CAP_PLAN_WRITE, question_fields,
   G_N_ELEMENTS(question_fields), 0},
};
const gsize pages_interventions_n_routes = G_N_ELEMENTS(pages_interventions_routes);
