/* development.c — development points and trial actions.
 *
 * A development point (udviklingspunkt) is a concrete part of the practice
 * the offer wants to improve, often chosen from an element or a question
 * of an assessment; points are prioritised, have an owner, a deadline and
 * a status, and lead to trial actions.  A trial action (prøvehandling)
 * follows the improvement model's circle: plan (a hypothesis data can
 * disprove, an indicator, who, where, when), do, study (the result and
 * what was learned) and act (adopt, adjust or drop).  Leaders keep the
 * development points; staff and leaders record trial actions. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/instrument.h"
#include "pages/pages.h"
#include "pages/practice_common.h"

/* ---- Shared ------------------------------------------------------------------------------ */

static char *
id_text(const json_t *value)
{
  return json_is_integer(value) ? g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                                  json_integer_value(value))
                                : NULL;
}

/* [{id, name, selected}] from rows with id and a name under name_key. */
static json_t *
options_of(const json_t *rows, const char *name_key, const char *selected)
{
  json_t *out = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    g_autofree char *id = id_text(json_object_get(row, "id"));
    json_array_append_new(out, json_pack("{s:s, s:O, s:b}", "id", id, "name",
                                         json_object_get(row, name_key), "selected",
                                         selected != NULL && g_strcmp0(selected, id) == 0));
  }
  return out;
}

/* The offer (with can_write) for a page of it, or NULL after replying. */
static json_t *
offer_or_reply(HttpRequest *req, HttpReply *reply, gint64 offer_id, StorePracticeAccess access)
{
  g_autoptr(GError) error = NULL;
  json_t *offer = store_practice_offer_get(req->db, req->user->id, offer_id, access, &error);
  if (offer == NULL)
    reply_store_error(reply, error);
  return offer;
}

/* ---- Development points ------------------------------------------------------------------- */

static const FieldSpec point_fields[] = {
  {"title", FIELD_TEXT, TRUE, 1, 200, NULL, N_("Udviklingspunkt")},
  {"description", FIELD_TEXT, FALSE, 0, 4000, NULL, N_("Beskrivelse")},
  {"assessment_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Vurdering")},
  {"element_key", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Element")},
  {"item_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Spørgsmål")},
  {"priority", FIELD_INT, TRUE, 1, 99, NULL, N_("Prioritet")},
  {"owner_user_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Ansvarlig")},
  {"deadline", FIELD_DATE, FALSE, 0, 0, NULL, N_("Frist")},
  {"status", FIELD_CHOICE, TRUE, 0, 0, PAGE_CODES("open", "in_progress", "done", "dropped"),
   N_("Status")},
};

static const FieldSpec point_new_fields[] = {
  {"assessment", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Vurdering")},
  {"element", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Element")},
  {"item", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Spørgsmål")},
};

/* The source an assessment offers a point: {id, heading, elements:
 * [{key, name, selected}], items: [{id, name, selected}]} for the
 * assessment (of the offer) with values chosen; NULL with error. */
static json_t *
source_model(HttpRequest *req, gint64 offer_id, gint64 assessment_id, const char *element,
             const char *item, GError **error)
{
  json_t *a = store_assessment_get(req->db, req->user->id, assessment_id, STORE_PRACTICE_READ,
                                   error);
  if (a == NULL)
    return NULL;
  if (json_integer_value(json_object_get(a, "offer_id")) != offer_id) {
    json_decref(a);
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "vurderingen findes ikke");
    return NULL;
  }
  g_autoptr(InstrumentVersion) version = instrument_version_load(
    req->db, json_integer_value(json_object_get(a, "instrument_id")), error);
  if (version == NULL) {
    json_decref(a);
    return NULL;
  }
  const InstrumentDef *def = version->def;
  SporLang lang = req->lang;
  json_t *elements = json_array();
  for (guint s = 0; s < def->n_subscales; s++)
    json_array_append_new(elements, json_pack("{s:s, s:s, s:b}", "key", def->subscales[s].id,
                                              "name",
                                              instrument_text(&def->subscales[s].name, lang),
                                              "selected", g_strcmp0(element,
                                                                    def->subscales[s].id) == 0));
  json_t *items = json_array();
  guint numbers[INSTRUMENT_MAX_SUBSCALES + 1] = {0};
  for (guint i = 0; i < def->n_items; i++) {
    int sub = def->items[i].subscale;
    guint n = ++numbers[sub >= 0 ? (guint)sub : def->n_subscales];
    g_autofree char *id = g_strdup_printf("%" G_GINT64_FORMAT, version->item_ids[i]);
    g_autofree char *name = g_strdup_printf("%u.%u %s", sub >= 0 ? (guint)sub + 1 : 0, n,
                                            instrument_text(&def->items[i].text, lang));
    json_array_append_new(items, json_pack("{s:s, s:s, s:b}", "id", id, "name", name, "selected",
                                           g_strcmp0(item, id) == 0));
  }
  g_autofree char *held = spor_date_iso_to_danish(json_string_value(json_object_get(a,
                                                                                    "held_on")));
  g_autofree char *heading = g_strdup_printf("%s, %s", practice_name(a, "instrument_name", lang),
                                             held ? held : "");
  g_autofree char *aid = g_strdup_printf("%" G_GINT64_FORMAT, assessment_id);
  json_decref(a);
  return json_pack("{s:s, s:s, s:o, s:o}", "id", aid, "heading", heading, "elements", elements,
                   "items", items);
}

/* The form's model: values ({field: text}) fill it, errors mark it. */
static json_t *
point_form_model(HttpRequest *req, const json_t *offer, gint64 point_id, json_t *values,
                 json_t *errors, GError **error)
{
  gint64 offer_id = json_integer_value(json_object_get(offer, "id"));
  json_t *people = store_practice_offer_people(req->db, offer_id, error);
  if (people == NULL)
    return NULL;
  json_t *owners = options_of(people, "display_name",
                              json_string_value(json_object_get(values, "owner_user_id")));
  json_decref(people);
  const char *assessment = json_string_value(json_object_get(values, "assessment_id"));
  json_t *source = NULL;
  if (assessment != NULL && *assessment != '\0') {
    gint64 aid = g_ascii_strtoll(assessment, NULL, 10);
    source = source_model(req, offer_id, aid,
                          json_string_value(json_object_get(values, "element_key")),
                          json_string_value(json_object_get(values, "item_id")), error);
    if (source == NULL && !g_error_matches(*error, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      json_decref(owners);
      return NULL;
    }
    g_clear_error(error);
  }
  const char *status = json_string_value(json_object_get(values, "status"));
  json_t *model = page_model_new(point_id ? _("Ret udviklingspunkt") : _("Nyt udviklingspunkt"));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  g_autofree char *action = point_id
    ? g_strdup_printf("/development-points/%" G_GINT64_FORMAT, point_id)
    : g_strdup_printf("/offers/%" G_GINT64_FORMAT "/development-points", offer_id);
  json_object_set_new(model, "action", json_string(action));
  json_object_set_new(model, "editing", json_boolean(point_id != 0));
  json_object_set_new(model, "owners", owners);
  json_object_set_new(model, "source", source ? source : json_null());
  json_object_set_new(model, "statuses", page_options(practice_point_statuses,
                                                      status ? status : "open"));
  json_object_set(model, "values", values);
  if (errors != NULL)
    json_object_set(model, "errors", errors);
  return model;
}

static void
point_new(HttpRequest *req, HttpReply *reply)
{
  gint64 offer_id = http_request_param(req, "id");
  json_t *offer = offer_or_reply(req, reply, offer_id, STORE_PRACTICE_WRITE);
  if (offer == NULL)
    return;
  gint64 assessment = 0, item = 0;
  form_int(req->fields, "assessment", &assessment);
  form_int(req->fields, "item", &item);
  g_autofree char *assessment_text = assessment ? g_strdup_printf("%" G_GINT64_FORMAT, assessment)
                                                : NULL;
  g_autofree char *item_text = item ? g_strdup_printf("%" G_GINT64_FORMAT, item) : NULL;
  /* The next priority after the offer's open points. */
  g_autoptr(GError) error = NULL;
  json_t *points = store_development_point_list(req->db, req->user->id, offer_id, &error);
  gint64 priority = 1;
  size_t i;
  json_t *row;
  json_array_foreach(points, i, row)
    priority = MAX(priority, json_integer_value(json_object_get(row, "priority")) + 1);
  json_decref(points);
  g_autofree char *priority_text = g_strdup_printf("%" G_GINT64_FORMAT, MIN(priority, 99));
  json_t *values = json_pack("{s:s?, s:s?, s:s?, s:s, s:s}", "assessment_id", assessment_text,
                             "element_key", form_text(req->fields, "element"), "item_id",
                             item_text, "priority", priority_text, "status", "open");
  json_t *model = error == NULL ? point_form_model(req, offer, 0, values, NULL, &error) : NULL;
  json_decref(values);
  json_decref(offer);
  if (model == NULL)
    reply_store_error(reply, error);
  else
    reply_page(reply, 200, "development_point_form", model);
}

/* Creates (point_id 0) or updates a development point from the form. */
static void
point_save(HttpRequest *req, HttpReply *reply, gint64 offer_id, gint64 point_id)
{
  FormResult *fields = req->fields;
  json_t *offer = offer_or_reply(req, reply, offer_id, STORE_PRACTICE_WRITE);
  if (offer == NULL)
    return;
  g_autoptr(GError) error = NULL;
  gint64 id = point_id;
  if (form_result_ok(fields)) {
    StoreDevelopmentPointInput in = {
      .offer_id = offer_id,
      .title = form_text(fields, "title"),
      .description = form_text(fields, "description"),
      .element_key = form_text(fields, "element_key"),
      .deadline = form_text(fields, "deadline"),
      .status = form_text(fields, "status"),
    };
    form_int(fields, "assessment_id", &in.assessment_id);
    form_int(fields, "item_id", &in.item_id);
    form_int(fields, "priority", &in.priority);
    form_int(fields, "owner_user_id", &in.owner_user_id);
    const char *field = NULL;
    gboolean ok = point_id == 0
      ? (id = store_development_point_create(req->db, req->user->id, &in, &field, &error)) != 0
      : store_development_point_update(req->db, req->user->id, point_id, &in, &field, &error);
    if (!ok && !practice_refusal(fields, error, field, "title")) {
      json_decref(offer);
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    g_clear_error(&error);
    json_t *model = point_form_model(req, offer, point_id, form_result_echo(fields),
                                     form_result_errors(fields), &error);
    json_decref(offer);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "development_point_form", model, fields);
    return;
  }
  json_decref(offer);
  g_autofree char *detail = g_strdup_printf("development_point=%" G_GINT64_FORMAT "%s", id,
                                            point_id ? "" : " created");
  if (!practice_audit(req, "practice.point.save", detail, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = g_strdup_printf("/development-points/%" G_GINT64_FORMAT, id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, point_id == 0);
}

static void
point_create(HttpRequest *req, HttpReply *reply)
{
  point_save(req, reply, http_request_param(req, "id"), 0);
}

/* Adds labels, display dates and links to a development point row. */
static void
decorate_point(json_t *p)
{
  page_add_date_display(p, "deadline");
  page_add_date_display(p, "assessment_held_on");
  json_object_set_new(p, "status_label", json_string(page_label(practice_point_statuses,
    json_string_value(json_object_get(p, "status")))));
  g_autofree char *href = g_strdup_printf("/development-points/%" JSON_INTEGER_FORMAT,
                                          json_integer_value(json_object_get(p, "id")));
  json_object_set_new(p, "href", json_string(href));
  json_t *assessment = json_object_get(p, "assessment_id");
  if (json_is_integer(assessment)) {
    g_autofree char *ahref = g_strdup_printf("/assessments/%" JSON_INTEGER_FORMAT,
                                             json_integer_value(assessment));
    json_object_set_new(p, "assessment_href", json_string(ahref));
  }
}

/* The name of the point's element and question, from its assessment's
 * version: element_name, item_text (NULL when none). */
static void
name_source(HttpRequest *req, json_t *p)
{
  json_t *assessment = json_object_get(p, "assessment_id");
  if (!json_is_integer(assessment))
    return;
  g_autoptr(GError) error = NULL;
  json_t *a = store_assessment_get(req->db, req->user->id, json_integer_value(assessment),
                                   STORE_PRACTICE_READ, &error);
  if (a == NULL)
    return;
  g_autoptr(InstrumentVersion) version = instrument_version_load(
    req->db, json_integer_value(json_object_get(a, "instrument_id")), &error);
  json_object_set_new(p, "assessment_name", json_string(practice_name(a, "instrument_name",
                                                                      req->lang)));
  json_decref(a);
  if (version == NULL)
    return;
  const InstrumentDef *def = version->def;
  const char *element = json_string_value(json_object_get(p, "element_key"));
  for (guint s = 0; element != NULL && s < def->n_subscales; s++)
    if (strcmp(def->subscales[s].id, element) == 0)
      json_object_set_new(p, "element_name",
                          json_string(instrument_text(&def->subscales[s].name, req->lang)));
  int item = instrument_version_item_index(version,
                                           json_integer_value(json_object_get(p, "item_id")));
  if (item >= 0)
    json_object_set_new(p, "item_text",
                        json_string(instrument_text(&def->items[item].text, req->lang)));
}

static void
point_show(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *p = store_development_point_get(req->db, req->user->id, id, &error);
  json_t *offer = p ? store_practice_offer_get(req->db, req->user->id,
                                               json_integer_value(json_object_get(p, "offer_id")),
                                               STORE_PRACTICE_READ, &error)
                    : NULL;
  if (offer == NULL) {
    json_decref(p);
    reply_store_error(reply, error);
    return;
  }
  decorate_point(p);
  name_source(req, p);
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(p, "trials"), i, t) {
    page_add_date_display(t, "starts_on");
    page_add_date_display(t, "ends_on");
    json_object_set_new(t, "status_label", json_string(page_label(practice_trial_statuses,
      json_string_value(json_object_get(t, "status")))));
    const char *decision = json_string_value(json_object_get(t, "decision"));
    json_object_set_new(t, "decision_label",
                        decision ? json_string(page_label(practice_decisions, decision))
                                 : json_null());
    g_autofree char *href = g_strdup_printf("/trials/%" JSON_INTEGER_FORMAT,
                                            json_integer_value(json_object_get(t, "id")));
    json_object_set_new(t, "href", json_string(href));
  }
  g_autofree char *new_trial = g_strdup_printf("/offers/%" JSON_INTEGER_FORMAT
                                               "/trials/new?development_point=%" G_GINT64_FORMAT,
                                               json_integer_value(json_object_get(offer, "id")),
                                               id);
  json_t *model = page_model_new(json_string_value(json_object_get(p, "title")));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_object_set_new(model, "can_write", json_boolean(json_is_true(json_object_get(offer,
                                                                                    "can_write"))));
  json_object_set_new(model, "can_trial", json_boolean(req->capabilities & CAP_TRIAL_WRITE));
  json_object_set_new(model, "new_trial_href", json_string(new_trial));
  json_decref(offer);
  json_object_set_new(p, "has_trials", json_boolean(json_array_size(json_object_get(p,
                                                                                  "trials")) > 0));
  json_object_set_new(model, "point", p);
  reply_page(reply, 200, "development_point", model);
}

static void
point_edit(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *p = store_development_point_get(req->db, req->user->id, id, &error);
  json_t *offer = p ? offer_or_reply(req, reply, json_integer_value(json_object_get(p,
                                                                                  "offer_id")),
                                     STORE_PRACTICE_WRITE)
                    : NULL;
  if (p == NULL) {
    reply_store_error(reply, error);
    return;
  }
  if (offer == NULL) {
    json_decref(p);
    return;
  }
  g_autofree char *assessment = id_text(json_object_get(p, "assessment_id"));
  g_autofree char *item = id_text(json_object_get(p, "item_id"));
  g_autofree char *owner = id_text(json_object_get(p, "owner_user_id"));
  g_autofree char *priority = id_text(json_object_get(p, "priority"));
  g_autofree char *deadline = spor_date_iso_to_danish(json_string_value(json_object_get(p,
                                                                                        "deadline")));
  json_t *values = json_pack("{s:O, s:O?, s:s?, s:O?, s:s?, s:s?, s:s?, s:s?, s:O}", "title",
                             json_object_get(p, "title"), "description",
                             json_object_get(p, "description"), "assessment_id", assessment,
                             "element_key", json_object_get(p, "element_key"), "item_id", item,
                             "priority", priority, "owner_user_id", owner, "deadline", deadline,
                             "status", json_object_get(p, "status"));
  json_t *model = point_form_model(req, offer, id, values, NULL, &error);
  json_decref(values);
  json_decref(offer);
  json_decref(p);
  if (model == NULL)
    reply_store_error(reply, error);
  else
    reply_page(reply, 200, "development_point_form", model);
}

static void
point_update(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *p = store_development_point_get(req->db, req->user->id, id, &error);
  if (p == NULL) {
    reply_store_error(reply, error);
    return;
  }
  gint64 offer_id = json_integer_value(json_object_get(p, "offer_id"));
  json_decref(p);
  point_save(req, reply, offer_id, id);
}

static void
point_list(HttpRequest *req, HttpReply *reply)
{
  gint64 offer_id = http_request_param(req, "id");
  json_t *offer = offer_or_reply(req, reply, offer_id, STORE_PRACTICE_READ);
  if (offer == NULL)
    return;
  g_autoptr(GError) error = NULL;
  json_t *points = store_development_point_list(req->db, req->user->id, offer_id, &error);
  if (points == NULL) {
    json_decref(offer);
    reply_store_error(reply, error);
    return;
  }
  size_t i;
  json_t *p;
  json_array_foreach(points, i, p) {
    decorate_point(p);
    name_source(req, p);
  }
  json_t *model = page_model_new(_("Udviklingspunkter"));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_object_set_new(model, "can_write", json_boolean(json_is_true(json_object_get(offer,
                                                                                    "can_write"))));
  json_decref(offer);
  json_object_set_new(model, "has_points", json_boolean(json_array_size(points) > 0));
  json_object_set_new(model, "points", points);
  reply_page(reply, 200, "development_points", model);
}

/* ---- Trial actions ---------------------------------------------------------------------------- */

static const FieldSpec trial_fields[] = {
  {"development_point_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Udviklingspunkt")},
  {"title", FIELD_TEXT, TRUE, 1, 200, NULL, N_("Titel")},
  {"hypothesis", FIELD_TEXT, TRUE, 1, 2000, NULL, N_("Hypotese")},
  {"indicator", FIELD_TEXT, TRUE, 1, 2000, NULL, N_("Indikator")},
  {"plan_who", FIELD_TEXT, FALSE, 0, 500, NULL, N_("Hvem")},
  {"plan_where", FIELD_TEXT, FALSE, 0, 500, NULL, N_("Hvor")},
  {"plan_when", FIELD_TEXT, FALSE, 0, 500, NULL, N_("Hvornår")},
  {"starts_on", FIELD_DATE, FALSE, 0, 0, NULL, N_("Start")},
  {"ends_on", FIELD_DATE, FALSE, 0, 0, NULL, N_("Slut")},
  {"status", FIELD_CHOICE, TRUE, 0, 0, PAGE_CODES("planned", "running", "finished"),
   N_("Status")},
  {"result", FIELD_TEXT, FALSE, 0, 4000, NULL, N_("Resultat")},
  {"learning", FIELD_TEXT, FALSE, 0, 4000, NULL, N_("Det lærte vi")},
  {"decision", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("adopt", "adjust", "drop"),
   N_("Beslutning")},
};

static const FieldSpec trial_new_fields[] = {
  {"development_point", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Udviklingspunkt")},
};

static json_t *
trial_form_model(HttpRequest *req, const json_t *offer, gint64 trial_id, json_t *values,
                 json_t *errors, GError **error)
{
  gint64 offer_id = json_integer_value(json_object_get(offer, "id"));
  json_t *points = store_development_point_list(req->db, req->user->id, offer_id, error);
  if (points == NULL)
    return NULL;
  json_t *point_options = options_of(points, "title",
                                     json_string_value(json_object_get(values,
                                                                       "development_point_id")));
  json_decref(points);
  const char *status = json_string_value(json_object_get(values, "status"));
  const char *decision = json_string_value(json_object_get(values, "decision"));
  json_t *model = page_model_new(trial_id ? _("Ret prøvehandling") : _("Ny prøvehandling"));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  g_autofree char *action = trial_id
    ? g_strdup_printf("/trials/%" G_GINT64_FORMAT, trial_id)
    : g_strdup_printf("/offers/%" G_GINT64_FORMAT "/trials", offer_id);
  json_object_set_new(model, "action", json_string(action));
  json_object_set_new(model, "editing", json_boolean(trial_id != 0));
  json_object_set_new(model, "has_points", json_boolean(json_array_size(point_options) > 0));
  json_object_set_new(model, "points", point_options);
  json_object_set_new(model, "statuses", page_options(practice_trial_statuses,
                                                      status ? status : "planned"));
  json_object_set_new(model, "decisions", page_options(practice_decisions, decision));
  json_object_set(model, "values", values);
  if (errors != NULL)
    json_object_set(model, "errors", errors);
  return model;
}

static void
trial_new(HttpRequest *req, HttpReply *reply)
{
  json_t *offer = offer_or_reply(req, reply, http_request_param(req, "id"), STORE_PRACTICE_READ);
  if (offer == NULL)
    return;
  gint64 point = 0;
  form_int(req->fields, "development_point", &point);
  g_autofree char *point_text = point ? g_strdup_printf("%" G_GINT64_FORMAT, point) : NULL;
  json_t *values = json_pack("{s:s?, s:s}", "development_point_id", point_text, "status",
                             "planned");
  g_autoptr(GError) error = NULL;
  json_t *model = trial_form_model(req, offer, 0, values, NULL, &error);
  json_decref(values);
  json_decref(offer);
  if (model == NULL)
    reply_store_error(reply, error);
  else
    reply_page(reply, 200, "trial_form", model);
}

static void
trial_save(HttpRequest *req, HttpReply *reply, gint64 offer_id, gint64 trial_id)
{
  FormResult *fields = req->fields;
  json_t *offer = offer_or_reply(req, reply, offer_id, STORE_PRACTICE_READ);
  if (offer == NULL)
    return;
  g_autoptr(GError) error = NULL;
  gint64 id = trial_id;
  if (form_result_ok(fields)) {
    StoreTrialInput in = {
      .offer_id = offer_id,
      .title = form_text(fields, "title"),
      .hypothesis = form_text(fields, "hypothesis"),
      .indicator = form_text(fields, "indicator"),
      .plan_who = form_text(fields, "plan_who"),
      .plan_where = form_text(fields, "plan_where"),
      .plan_when = form_text(fields, "plan_when"),
      .starts_on = form_text(fields, "starts_on"),
      .ends_on = form_text(fields, "ends_on"),
      .status = form_text(fields, "status"),
      .result = form_text(fields, "result"),
      .learning = form_text(fields, "learning"),
      .decision = form_text(fields, "decision"),
    };
    form_int(fields, "development_point_id", &in.development_point_id);
    const char *field = NULL;
    gboolean ok = trial_id == 0
      ? (id = store_trial_create(req->db, req->user->id, &in, &field, &error)) != 0
      : store_trial_update(req->db, req->user->id, trial_id, &in, &field, &error);
    if (!ok && !practice_refusal(fields, error, field, "title")) {
      json_decref(offer);
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    g_clear_error(&error);
    json_t *model = trial_form_model(req, offer, trial_id, form_result_echo(fields),
                                     form_result_errors(fields), &error);
    json_decref(offer);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "trial_form", model, fields);
    return;
  }
  json_decref(offer);
  g_autofree char *detail = g_strdup_printf("trial=%" G_GINT64_FORMAT "%s", id,
                                            trial_id ? "" : " created");
  if (!practice_audit(req, "practice.trial.save", detail, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = g_strdup_printf("/trials/%" G_GINT64_FORMAT, id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, trial_id == 0);
}

static void
trial_create(HttpRequest *req, HttpReply *reply)
{
  trial_save(req, reply, http_request_param(req, "id"), 0);
}

static void
decorate_trial(json_t *t)
{
  page_add_date_display(t, "starts_on");
  page_add_date_display(t, "ends_on");
  json_object_set_new(t, "status_label", json_string(page_label(practice_trial_statuses,
    json_string_value(json_object_get(t, "status")))));
  const char *decision = json_string_value(json_object_get(t, "decision"));
  json_object_set_new(t, "decision_label", decision ? json_string(page_label(practice_decisions,
                                                                             decision))
                                                    : json_null());
  g_autofree char *href = g_strdup_printf("/trials/%" JSON_INTEGER_FORMAT,
                                          json_integer_value(json_object_get(t, "id")));
  g_autofree char *point = g_strdup_printf("/development-points/%" JSON_INTEGER_FORMAT,
                                           json_integer_value(json_object_get(
                                             t, "development_point_id")));
  json_object_set_new(t, "href", json_string(href));
  json_object_set_new(t, "point_href", json_string(point));
}

static void
trial_show(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *t = store_trial_get(req->db, req->user->id, http_request_param(req, "id"), &error);
  json_t *offer = t ? store_practice_offer_get(req->db, req->user->id,
                                               json_integer_value(json_object_get(t, "offer_id")),
                                               STORE_PRACTICE_READ, &error)
                    : NULL;
  if (offer == NULL) {
    json_decref(t);
    reply_store_error(reply, error);
    return;
  }
  decorate_trial(t);
  json_t *model = page_model_new(json_string_value(json_object_get(t, "title")));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_decref(offer);
  json_object_set_new(model, "can_trial", json_boolean(req->capabilities & CAP_TRIAL_WRITE));
  json_object_set_new(model, "trial", t);
  reply_page(reply, 200, "trial", model);
}

static void
trial_edit(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *t = store_trial_get(req->db, req->user->id, id, &error);
  if (t == NULL) {
    reply_store_error(reply, error);
    return;
  }
  json_t *offer = offer_or_reply(req, reply, json_integer_value(json_object_get(t, "offer_id")),
                                 STORE_PRACTICE_READ);
  if (offer == NULL) {
    json_decref(t);
    return;
  }
  g_autofree char *point = id_text(json_object_get(t, "development_point_id"));
  g_autofree char *starts = spor_date_iso_to_danish(json_string_value(json_object_get(t,
                                                                                      "starts_on")));
  g_autofree char *ends = spor_date_iso_to_danish(json_string_value(json_object_get(t, "ends_on")));
  json_t *values = json_pack(
    "{s:s?, s:O, s:O, s:O, s:O?, s:O?, s:O?, s:s?, s:s?, s:O, s:O?, s:O?, s:O?}",
    "development_point_id", point, "title", json_object_get(t, "title"), "hypothesis",
    json_object_get(t, "hypothesis"), "indicator", json_object_get(t, "indicator"), "plan_who",
    json_object_get(t, "plan_who"), "plan_where", json_object_get(t, "plan_where"), "plan_when",
    json_object_get(t, "plan_when"), "starts_on", starts, "ends_on", ends, "status",
    json_object_get(t, "status"), "result", json_object_get(t, "result"), "learning",
    json_object_get(t, "learning"), "decision", json_object_get(t, "decision"));
  json_t *model = trial_form_model(req, offer, id, values, NULL, &error);
  json_decref(values);
  json_decref(offer);
  json_decref(t);
  if (model == NULL)
    reply_store_error(reply, error);
  else
    reply_page(reply, 200, "trial_form", model);
}

static void
trial_update(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *t = store_trial_get(req->db, req->user->id, id, &error);
  if (t == NULL) {
    reply_store_error(reply, error);
    return;
  }
  gint64 offer_id = json_integer_value(json_object_get(t, "offer_id"));
  json_decref(t);
  trial_save(req, reply, offer_id, id);
}

static void
trial_list(HttpRequest *req, HttpReply *reply)
{
  gint64 offer_id = http_request_param(req, "id");
  json_t *offer = offer_or_reply(req, reply, offer_id, STORE_PRACTICE_READ);
  if (offer == NULL)
    return;
  g_autoptr(GError) error = NULL;
  json_t *trials = store_trial_list(req->db, req->user->id, offer_id, &error);
  json_t *points = trials ? store_development_point_list(req->db, req->user->id, offer_id,
                                                         &error) : NULL;
  if (points == NULL) {
    json_decref(trials);
    json_decref(offer);
    reply_store_error(reply, error);
    return;
  }
  json_t *running = json_array(), *planned = json_array(), *finished = json_array();
  size_t i;
  json_t *t;
  json_array_foreach(trials, i, t) {
    decorate_trial(t);
    const char *status = json_string_value(json_object_get(t, "status"));
    json_array_append(g_strcmp0(status, "running") == 0 ? running
                      : g_strcmp0(status, "planned") == 0 ? planned : finished, t);
  }
  g_autofree char *new_href = g_strdup_printf("/offers/%" G_GINT64_FORMAT "/trials/new", offer_id);
  json_t *model = page_model_new(_("Prøvehandlinger"));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_decref(offer);
  json_object_set_new(model, "can_trial", json_boolean((req->capabilities & CAP_TRIAL_WRITE) &&
                                                       json_array_size(points) > 0));
  json_decref(points);
  json_object_set_new(model, "new_href", json_string(new_href));
  json_object_set_new(model, "running", running);
  json_object_set_new(model, "planned", planned);
  json_object_set_new(model, "finished", finished);
  json_object_set_new(model, "trials", trials);
  practice_add_has(model);
  reply_page(reply, 200, "trials", model);
}

const Route pages_development_routes[] = {
  {"GET", "/offers/{id}/development-points", point_list, CAP_PRACTICE_READ, NULL, 0, 0},
  {"GET", "/offers/{id}/development-points/new", point_new, CAP_PRACTICE_WRITE, point_new_fields,
   G_N_ELEMENTS(point_new_fields), 0},
  {"POST", "/offers/{id}/development-points", point_create, CAP_PRACTICE_WRITE, point_fields,
   G_N_ELEMENTS(point_fields), 0},
  {"GET", "/development-points/{id}", point_show, CAP_PRACTICE_READ, NULL, 0, 0},
  {"GET", "/development-points/{id}/edit", point_edit, CAP_PRACTICE_WRITE, NULL, 0, 0},
  {"POST", "/development-points/{id}", point_update, CAP_PRACTICE_WRITE, point_fields,
   G_N_ELEMENTS(point_fields), 0},
  {"GET", "/offers/{id}/trials", trial_list, CAP_PRACTICE_READ, NULL, 0, 0},
  {"GET", "/offers/{id}/trials/new", trial_new, CAP_TRIAL_WRITE, trial_new_fields,
   G_N_ELEMENTS(trial_new_fields), 0},
  {"POST", "/offers/{id}/trials", trial_create, CAP_TRIAL_WRITE, trial_fields,
   G_N_ELEMENTS(trial_fields), 0},
  {"GET", "/trials/{id}", trial_show, CAP_PRACTICE_READ, NULL, 0, 0},
  {"GET", "/trials/{id}/edit", trial_edit, CAP_TRIAL_WRITE, NULL, 0, 0},
  {"POST", "/trials/{id}", trial_update, CAP_TRIAL_WRITE, trial_fields, G_N_ELEMENTS(trial_fields),
   0},
};
const gsize pages_development_n_routes = G_N_ELEMENTS(pages_development_routes);
