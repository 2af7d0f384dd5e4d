/* journey.c — citizen journeys (borgerrejser): a course drawn as a
 * timeline of weeks, with a row each for the citizen, the offer, the
 * authority, others and the documentation, entries in the cells (the
 * citizen's strengths, weaknesses and what needs attention; activities
 * and assessments of the others) and the points where documentation is
 * collected or used marked on the timeline.  Leaders draw it; staff and
 * leaders read it. */
#include <string.h>

#include "core/i18n.h"
#include "pages/pages.h"
#include "pages/practice_common.h"

static const FieldSpec journey_fields[] = {
  {"title", FIELD_TEXT, TRUE, 1, 200, NULL, N_("Titel")},
  {"kind", FIELD_CHOICE, TRUE, 0, 0, PAGE_CODES("concrete", "generalised", "fictitious"),
   N_("Forløbet")},
  {"description", FIELD_TEXT, FALSE, 0, 4000, NULL, N_("Beskrivelse")},
  {"weeks", FIELD_INT, TRUE, 1, 104, NULL, N_("Antal uger")},
  {"others_label", FIELD_TEXT, FALSE, 0, 100, NULL, N_("Hvem er »andre«")},
};

static json_t *
form_model(const json_t *offer, gint64 journey_id, json_t *values, json_t *errors)
{
  gint64 offer_id = json_integer_value(json_object_get(offer, "id"));
  json_t *model = page_model_new(journey_id ? _("Ret borgerrejse") : _("Ny borgerrejse"));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  g_autofree char *action = journey_id
    ? g_strdup_printf("/journeys/%" G_GINT64_FORMAT, journey_id)
    : g_strdup_printf("/offers/%" G_GINT64_FORMAT "/journeys", offer_id);
  json_object_set_new(model, "action", json_string(action));
  json_object_set_new(model, "editing", json_boolean(journey_id != 0));
  json_object_set_new(model, "kinds", page_options(practice_journey_kinds,
    json_string_value(json_object_get(values, "kind"))));
  json_object_set(model, "values", values);
  if (errors != NULL)
    json_object_set(model, "errors", errors);
  return model;
}

static void
journey_new(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *offer = store_practice_offer_get(req->db, req->user->id, http_request_param(req, "id"),
                                           STORE_PRACTICE_WRITE, &error);
  if (offer == NULL) {
    reply_store_error(reply, error);
    return;
  }
  json_t *values = json_pack("{s:s, s:s}", "kind", "generalised", "weeks", "8");
  reply_page(reply, 200, "journey_form", form_model(offer, 0, values, NULL));
  json_decref(values);
  json_decref(offer);
}

static void
journey_save(HttpRequest *req, HttpReply *reply, gint64 offer_id, gint64 journey_id)
{
  FormResult *fields = req->fields;
  g_autoptr(GError) error = NULL;
  json_t *offer = store_practice_offer_get(req->db, req->user->id, offer_id, STORE_PRACTICE_WRITE,
                                           &error);
  if (offer == NULL) {
    reply_store_error(reply, error);
    return;
  }
  gint64 id = journey_id;
  if (form_result_ok(fields)) {
    StoreJourneyInput in = {.offer_id = offer_id, .title = form_text(fields, "title"),
                            .kind = form_text(fields, "kind"),
                            .description = form_text(fields, "description"),
                            .others_label = form_text(fields, "others_label")};
    form_int(fields, "weeks", &in.weeks);
    const char *field = NULL;
    gboolean ok = journey_id == 0
      ? (id = store_journey_create(req->db, req->user->id, &in, &field, &error)) != 0
      : store_journey_update(req->db, req->user->id, journey_id, &in, &field, &error);
    if (!ok && !practice_refusal(fields, error, field, "title")) {
      json_decref(offer);
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    reply_form_errors(reply, "journey_form",
                      form_model(offer, journey_id, form_result_echo(fields),
                                 form_result_errors(fields)),
                      fields);
    json_decref(offer);
    return;
  }
  json_decref(offer);
  g_autofree char *detail = g_strdup_printf("journey=%" G_GINT64_FORMAT "%s", id,
                                            journey_id ? "" : " created");
  if (!practice_audit(req, "practice.journey.save", detail, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = g_strdup_printf("/journeys/%" G_GINT64_FORMAT, id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, journey_id == 0);
}

static void
journey_create(HttpRequest *req, HttpReply *reply)
{
  journey_save(req, reply, http_request_param(req, "id"), 0);
}

/* The journey with its timeline: weeks across, a row per lane, entries in
 * the cells.  failed (may be NULL) is the entry form that was refused. */
static void
journey_page(HttpRequest *req, HttpReply *reply, FormResult *failed)
{
  g_autoptr(GError) error = NULL;
  json_t *journey = store_journey_get(req->db, req->user->id, http_request_param(req, "id"),
                                      STORE_PRACTICE_READ, &error);
  json_t *offer = journey ? store_practice_offer_get(req->db, req->user->id,
                                                     json_integer_value(json_object_get(
                                                       journey, "offer_id")),
                                                     STORE_PRACTICE_READ, &error)
                          : NULL;
  if (offer == NULL) {
    json_decref(journey);
    reply_store_error(reply, error);
    return;
  }
  gint64 weeks = json_integer_value(json_object_get(journey, "weeks"));
  gboolean can_write = json_is_true(json_object_get(offer, "can_write"));
  const char *others = json_string_value(json_object_get(journey, "others_label"));
  json_t *entries = json_object_get(journey, "entries");
  json_t *week_list = json_array();
  for (gint64 w = 1; w <= weeks; w++) {
    gboolean documented = FALSE;
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e)
      documented = documented || (json_integer_value(json_object_get(e, "week")) == w &&
                                  g_strcmp0(json_string_value(json_object_get(e, "lane")),
                                            "documentation") == 0);
    g_autofree char *label = g_strdup_printf(_("Uge %d"), (int)w);
    json_array_append_new(week_list, json_pack("{s:I, s:s, s:b}", "number", (json_int_t)w, "label",
                                               label, "documented", documented));
  }
  json_t *lanes = json_array();
  for (const CodeLabel *lane = practice_lanes; lane->code != NULL; lane++) {
    json_t *cells = json_array();
    for (gint64 w = 1; w <= weeks; w++) {
      json_t *list = json_array();
      size_t i;
      json_t *e;
      json_array_foreach(entries, i, e) {
        if (json_integer_value(json_object_get(e, "week")) != w ||
            g_strcmp0(json_string_value(json_object_get(e, "lane")), lane->code) != 0)
          continue;
        const char *kind = json_string_value(json_object_get(e, "kind"));
        json_array_append_new(list, json_pack("{s:O, s:s, s:s, s:O, s:b}", "id",
                                              json_object_get(e, "id"), "kind", kind,
                                              "kind_label",
                                              page_label(practice_entry_kinds, kind), "text",
                                              json_object_get(e, "text"), "can_delete",
                                              can_write));
      }
      json_array_append_new(cells, json_pack("{s:I, s:o, s:b}", "week", (json_int_t)w, "entries",
                                             list, "empty", json_array_size(list) == 0));
    }
    const char *label = strcmp(lane->code, "others") == 0 && others != NULL ? others
                                                                            : _(lane->label);
    json_t *kinds = json_array();
    for (const char *const *k = store_journey_lane_kinds(lane->code); *k != NULL; k++)
      json_array_append_new(kinds, json_pack("{s:s, s:s}", "code", *k, "label",
                                             page_label(practice_entry_kinds, *k)));
    json_array_append_new(lanes, json_pack("{s:s, s:s, s:o, s:o, s:b}", "key", lane->code,
                                           "label", label, "cells", cells, "kinds", kinds,
                                           "documentation",
                                           strcmp(lane->code, "documentation") == 0));
  }
  json_t *lane_options = json_array();
  for (const CodeLabel *lane = practice_lanes; lane->code != NULL; lane++) {
    const char *label = strcmp(lane->code, "others") == 0 && others != NULL ? others
                                                                            : _(lane->label);
    json_array_append_new(lane_options, json_pack("{s:s, s:s}", "code", lane->code, "label",
                                                  label));
  }
  json_t *kind_options = page_options(practice_entry_kinds, NULL);
  json_t *values = failed ? form_result_echo(failed) : NULL;
  const char *chosen_week = json_string_value(json_object_get(values, "week"));
  json_t *week_options = json_array();
  for (gint64 w = 1; w <= weeks; w++) {
    g_autofree char *value = g_strdup_printf("%" G_GINT64_FORMAT, w);
    json_array_append_new(week_options, json_pack("{s:s, s:b}", "value", value, "selected",
                                                  g_strcmp0(chosen_week, value) == 0));
  }
  const char *kind = json_string_value(json_object_get(journey, "kind"));
  json_object_set_new(journey, "kind_label", json_string(page_label(practice_journey_kinds,
                                                                    kind)));
  json_t *model = page_model_new(json_string_value(json_object_get(journey, "title")));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_object_set_new(model, "can_write", json_boolean(can_write));
  json_object_set(model, "entries", entries);
  json_object_del(journey, "entries");
  json_object_set_new(model, "journey", journey);
  json_object_set_new(model, "weeks", week_list);
  json_object_set_new(model, "lanes", lanes);
  json_object_set_new(model, "lane_options", lane_options);
  json_object_set_new(model, "kind_options", kind_options);
  json_object_set_new(model, "week_options", week_options);
  json_decref(offer);
  if (failed != NULL) {
    json_object_set(model, "values", values);
    reply_form_errors(reply, "journey", model, failed);
  } else {
    reply_page(reply, 200, "journey", model);
  }
}

static void
journey_show(HttpRequest *req, HttpReply *reply)
{
  journey_page(req, reply, NULL);
}

static void
journey_edit(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *journey = store_journey_get(req->db, req->user->id, http_request_param(req, "id"),
                                      STORE_PRACTICE_WRITE, &error);
  json_t *offer = journey ? store_practice_offer_get(req->db, req->user->id,
                                                     json_integer_value(json_object_get(
                                                       journey, "offer_id")),
                                                     STORE_PRACTICE_WRITE, &error)
                          : NULL;
  if (offer == NULL) {
    json_decref(journey);
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *weeks = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                           json_integer_value(json_object_get(journey, "weeks")));
  json_t *values = json_pack("{s:O, s:O, s:O?, s:s, s:O?}", "title",
                             json_object_get(journey, "title"), "kind",
                             json_object_get(journey, "kind"), "description",
                             json_object_get(journey, "description"), "weeks", weeks,
                             "others_label", json_object_get(journey, "others_label"));
  reply_page(reply, 200, "journey_form",
             form_model(offer, json_integer_value(json_object_get(journey, "id")), values, NULL));
  json_decref(values);
  json_decref(offer);
  json_decref(journey);
}

static void
journey_update(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  gint64 id = http_request_param(req, "id");
  json_t *journey = store_journey_get(req->db, req->user->id, id, STORE_PRACTICE_WRITE, &error);
  if (journey == NULL) {
    reply_store_error(reply, error);
    return;
  }
  gint64 offer_id = json_integer_value(json_object_get(journey, "offer_id"));
  json_decref(journey);
  journey_save(req, reply, offer_id, id);
}

static const FieldSpec entry_fields[] = {
  {"week", FIELD_INT, TRUE, 1, 104, NULL, N_("Uge")},
  {"lane", FIELD_CHOICE, TRUE, 0, 0,
   PAGE_CODES("citizen", "offer", "authority", "others", "documentation"), N_("Række")},
  {"kind", FIELD_CHOICE, TRUE, 0, 0,
   PAGE_CODES("activity", "strength", "weakness", "attention", "assessment", "collect", "use"),
   N_("Slags")},
  {"text", FIELD_TEXT, TRUE, 1, 1000, NULL, N_("Note")},
};

static void
entry_add(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  gint64 entry = 0;
  if (form_result_ok(fields)) {
    gint64 week = 0;
    form_int(fields, "week", &week);
    const char *field = NULL;
    entry = store_journey_entry_add(req->db, req->user->id, id, week, form_text(fields, "lane"),
                                    form_text(fields, "kind"), form_text(fields, "text"), &field,
                                    &error);
    if (entry == 0 && !practice_refusal(fields, error, field, "text")) {
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    journey_page(req, reply, fields);
    return;
  }
  g_autofree char *detail = g_strdup_printf("journey=%" G_GINT64_FORMAT " entry=%" G_GINT64_FORMAT
                                            " added", id, entry);
  if (!practice_audit(req, "practice.journey.save", detail, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = g_strdup_printf("/journeys/%" G_GINT64_FORMAT "#tidslinje", id);
  reply_set_model(reply, json_pack("{s:I, s:I}", "id", (json_int_t)id, "entry_id",
                                   (json_int_t)entry));
  reply_redirect(reply, location, TRUE);
}

static const FieldSpec entry_delete_fields[] = {
  {"entry_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Note")},
};

static void
entry_delete(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  gint64 entry = 0;
  if (form_int(fields, "entry_id", &entry)) {
    const char *field = NULL;
    if (!store_journey_entry_delete(req->db, req->user->id, id, entry, &field, &error) &&
        !practice_refusal(fields, error, field, "entry_id")) {
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    journey_page(req, reply, fields);
    return;
  }
  g_autofree char *detail = g_strdup_printf("journey=%" G_GINT64_FORMAT " entry=%" G_GINT64_FORMAT
                                            " removed", id, entry);
  if (!practice_audit(req, "practice.journey.save", detail, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = g_strdup_printf("/journeys/%" G_GINT64_FORMAT "#tidslinje", id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, FALSE);
}

const Route pages_journey_routes[] = {
  {"GET", "/offers/{id}/journeys/new", journey_new, CAP_PRACTICE_WRITE, NULL, 0, 0},
  {"POST", "/offers/{id}/journeys", journey_create, CAP_PRACTICE_WRITE, journey_fields,
   G_N_ELEMENTS(journey_fields), 0},
  {"GET", "/journeys/{id}", journey_show, CAP_PRACTICE_READ, NULL, 0, 0},
  {"GET", "/journeys/{id}/edit", journey_edit, CAP_PRACTICE_WRITE, NULL, 0, 0},
  {"POST", "/journeys/{id}", journey_update, CAP_PRACTICE_WRITE, journey_fields,
   G_N_ELEMENTS(journey_fields), 0},
  {"POST", "/journeys/{id}/entries", entry_add, CAP_PRACTICE_WRITE, entry_fields,
   G_N_ELEMENTS(entry_fields), 0},
  {"POST", "/journeys/{id}/entries/delete", entry_delete, CAP_PRACTICE_WRITE,
   entry_delete_fields, G_N_ELEMENTS(entry_delete_fields), 0},
};
const gsize pages_journey_n_routes = G_N_ELEMENTS(pages_journey_routes);
