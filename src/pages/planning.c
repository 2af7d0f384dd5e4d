/* planning.c — the planning tools of the toolbox, kept per offer with
 * their dates: the documentation strategy (what we need to know, why,
 * and what for — about results, target group and interventions), the
 * plan for data collection and use (the agreements), the guide to
 * learning and reflection meetings (four phases with their questions,
 * minutes and decisions) and the reflection on the whole process.  The
 * questions are the source's (domain/planning_tool.c); leaders write the
 * answers, staff and leaders read them. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/planning_tool.h"
#include "pages/pages.h"
#include "pages/practice_common.h"

#define ANSWER_MAX 4000

static const FieldSpec new_fields[] = {
  {"kind", FIELD_CHOICE, FALSE, 0, 0,
   PAGE_CODES("documentation_strategy", "data_collection_plan", "learning_meeting",
              "process_reflection"), N_("Værktøj")},
};

static const FieldSpec create_fields[] = {
  {"kind", FIELD_CHOICE, TRUE, 0, 0,
   PAGE_CODES("documentation_strategy", "data_collection_plan", "learning_meeting",
              "process_reflection"), N_("Værktøj")},
  {"title", FIELD_TEXT, TRUE, 1, 200, NULL, N_("Titel")},
  {"held_on", FIELD_DATE, TRUE, 0, 0, NULL, N_("Dato")},
};

/* [{kind, name, purpose, selected}] of the tools. */
static json_t *
tool_options(const char *selected)
{
  guint n = 0;
  const PlanningToolDef *tools = planning_tools(&n);
  json_t *out = json_array();
  for (guint t = 0; t < n; t++)
    json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:b}", "kind", tools[t].kind, "name",
                                         _(tools[t].name), "purpose", _(tools[t].purpose),
                                         "selected", g_strcmp0(selected, tools[t].kind) == 0));
  return out;
}

static json_t *
new_model(const json_t *offer, json_t *values, json_t *errors)
{
  json_t *model = page_model_new(_("Nyt planlægningsværktøj"));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_object_set_new(model, "tools", tool_options(json_string_value(json_object_get(values,
                                                                                     "kind"))));
  json_object_set(model, "values", values);
  if (errors != NULL)
    json_object_set(model, "errors", errors);
  return model;
}

static void
tool_new(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *offer = store_practice_offer_get(req->db, req->user->id, http_request_param(req, "id"),
                                           STORE_PRACTICE_WRITE, &error);
  if (offer == NULL) {
    reply_store_error(reply, error);
    return;
  }
  const char *kind = form_text(req->fields, "kind");
  const PlanningToolDef *tool = planning_tool_find(kind ? kind : "documentation_strategy");
  g_autofree char *today = spor_date_today();
  g_autofree char *today_display = spor_date_iso_to_danish(today);
  json_t *values = json_pack("{s:s, s:s, s:s}", "kind", tool->kind, "title", _(tool->name),
                             "held_on", today_display);
  reply_page(reply, 200, "tool_new", new_model(offer, values, NULL));
  json_decref(values);
  json_decref(offer);
}

static void
tool_create(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  gint64 offer_id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *offer = store_practice_offer_get(req->db, req->user->id, offer_id, STORE_PRACTICE_WRITE,
                                           &error);
  if (offer == NULL) {
    reply_store_error(reply, error);
    return;
  }
  gint64 id = 0;
  if (form_result_ok(fields)) {
    const char *field = NULL;
    id = store_planning_create(req->db, req->user->id, offer_id, form_text(fields, "kind"),
                               form_text(fields, "title"), form_text(fields, "held_on"), &field,
                               &error);
    if (id == 0 && !practice_refusal(fields, error, field, "kind")) {
      json_decref(offer);
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    reply_form_errors(reply, "tool_new",
                      new_model(offer, form_result_echo(fields), form_result_errors(fields)),
                      fields);
    json_decref(offer);
    return;
  }
  json_decref(offer);
  g_autofree char *detail = g_strdup_printf("tool=%" G_GINT64_FORMAT " created", id);
  if (!practice_audit(req, "practice.tool.save", detail, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = g_strdup_printf("/tools/%" G_GINT64_FORMAT "/edit", id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, TRUE);
}

/* ---- A tool: its sections, questions, answers and rows -------------------------------- */

/* The answer row of a question key in the stored tool, or NULL. */
static json_t *
stored_answer(const json_t *tool, const char *key)
{
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(tool, "answers"), i, row)
    if (g_strcmp0(json_string_value(json_object_get(row, "question_key")), key) == 0)
      return row;
  return NULL;
}

/* The sections of a tool with their questions (answers from the stored
 * tool, or from values after a refusal) and rows. */
static json_t *
sections_model(const PlanningToolDef *def, const json_t *tool, const json_t *values,
               const json_t *errors)
{
  json_t *sections = json_array();
  for (guint s = 0; s < def->n_sections; s++) {
    const PlanningSection *sec = &def->sections[s];
    json_t *questions = json_array();
    const char *last_text = NULL;
    for (guint q = 0; q < sec->n_questions; q++) {
      const PlanningQuestion *qu = &sec->questions[q];
      g_autofree char *answer_field = g_strconcat("answer_", qu->key, NULL);
      g_autofree char *follow_field = g_strconcat("follow_up_", qu->key, NULL);
      const json_t *row = stored_answer(tool, qu->key);
      const json_t *answer = values ? json_object_get(values, answer_field)
                                    : json_object_get(row, "answer");
      const json_t *follow = values ? json_object_get(values, follow_field)
                                    : json_object_get(row, "follow_up");
      /* A question in parts (Ledelse:, Strategi: …) is asked once. */
      gboolean repeat = qu->part != NULL && last_text != NULL && strcmp(last_text, qu->text) == 0;
      last_text = qu->text;
      json_array_append_new(questions, json_pack(
        "{s:s, s:s, s:b, s:s?, s:s?, s:s, s:s, s:O?, s:O?, s:O?, s:O?, s:b}", "key", qu->key,
        "text", _(qu->text), "show_text", !repeat, "part", qu->part ? _(qu->part) : NULL,
        "considerations", qu->considerations ? _(qu->considerations) : NULL, "answer_field",
        answer_field, "follow_up_field", follow_field, "answer", answer, "follow_up", follow,
        "error", json_object_get(errors, answer_field), "follow_up_error",
        json_object_get(errors, follow_field), "has_follow_up", def->follow_up_label != NULL));
    }
    gboolean considerations = FALSE;
    for (guint q = 0; q < sec->n_questions; q++)
      considerations = considerations || sec->questions[q].considerations != NULL;
    json_t *prompts = json_array();
    for (guint p = 0; sec->prompts != NULL && sec->prompts[p] != NULL; p++)
      json_array_append_new(prompts, json_string(_(sec->prompts[p])));
    json_t *entries = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(tool, "entries"), i, row)
      if (g_strcmp0(json_string_value(json_object_get(row, "section")), sec->key) == 0)
        json_array_append(entries, row);
    json_t *labels = json_array();
    for (guint c = 0; c < 3 && sec->entry_labels[c] != NULL; c++)
      json_array_append_new(labels, json_pack("{s:s, s:s}", "field",
                                              c == 0 ? "text_a" : c == 1 ? "text_b" : "text_c",
                                              "label", _(sec->entry_labels[c])));
    json_array_append_new(sections, json_pack(
      "{s:s, s:s, s:s?, s:o, s:b, s:o, s:b, s:o, s:o, s:b, s:s?, s:b}", "key", sec->key, "title",
      _(sec->title), "intro", sec->intro ? _(sec->intro) : NULL, "prompts", prompts,
      "has_prompts", json_array_size(prompts) > 0, "questions", questions, "has_questions",
      sec->n_questions > 0, "entry_labels", labels, "entries", entries, "has_entries",
      sec->entry_labels[0] != NULL, "entry_hint", sec->entry_hint ? _(sec->entry_hint) : NULL,
      "any_entries", json_array_size(entries) > 0));
    json_object_set_new(json_array_get(sections, json_array_size(sections) - 1),
                        "has_considerations", json_boolean(considerations));
  }
  return sections;
}

/* The tool's page (read, or edit) model; NULL after replying. */
static json_t *
tool_model(HttpRequest *req, HttpReply *reply, StorePracticeAccess access, const json_t *values,
           const json_t *errors)
{
  g_autoptr(GError) error = NULL;
  json_t *tool = store_planning_get(req->db, req->user->id, http_request_param(req, "id"), access,
                                    &error);
  json_t *offer = tool ? store_practice_offer_get(req->db, req->user->id,
                                                  json_integer_value(json_object_get(tool,
                                                                                     "offer_id")),
                                                  access, &error)
                       : NULL;
  if (offer == NULL) {
    json_decref(tool);
    reply_store_error(reply, error);
    return NULL;
  }
  const PlanningToolDef *def = planning_tool_find(json_string_value(json_object_get(tool,
                                                                                    "kind")));
  page_add_date_display(tool, "held_on");
  json_t *model = page_model_new(json_string_value(json_object_get(tool, "title")));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_object_set_new(model, "can_write", json_boolean(json_is_true(json_object_get(offer,
                                                                                    "can_write"))));
  json_object_set_new(model, "tool_name", json_string(def ? _(def->name) : ""));
  json_object_set_new(model, "purpose", json_string(def ? _(def->purpose) : ""));
  json_object_set_new(model, "answer_label", def && def->answer_label
                                               ? json_string(_(def->answer_label)) : json_null());
  json_object_set_new(model, "follow_up_label", def && def->follow_up_label
                                                  ? json_string(_(def->follow_up_label))
                                                  : json_null());
  json_object_set_new(model, "sections", def ? sections_model(def, tool, values, errors)
                                             : json_array());
  json_object_set_new(model, "tool", tool);
  json_decref(offer);
  return model;
}

static void
tool_show(HttpRequest *req, HttpReply *reply)
{
  json_t *model = tool_model(req, reply, STORE_PRACTICE_READ, NULL, NULL);
  if (model != NULL)
    reply_page(reply, 200, "tool", model);
}

static void
tool_edit(HttpRequest *req, HttpReply *reply)
{
  json_t *model = tool_model(req, reply, STORE_PRACTICE_WRITE, NULL, NULL);
  if (model == NULL)
    return;
  json_t *tool = json_object_get(model, "tool");
  json_object_set_new(model, "values", json_pack("{s:O, s:O}", "title",
                                                 json_object_get(tool, "title"), "held_on",
                                                 json_object_get(tool, "held_on_display")));
  reply_page(reply, 200, "tool_edit", model);
}

static const FieldSpec update_fields[] = {
  {"title", FIELD_TEXT, TRUE, 1, 200, NULL, N_("Titel")},
  {"held_on", FIELD_DATE, TRUE, 0, 0, NULL, N_("Dato")},
};

static void
tool_update(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *tool = store_planning_get(req->db, req->user->id, id, STORE_PRACTICE_WRITE, &error);
  if (tool == NULL) {
    reply_store_error(reply, error);
    return;
  }
  const PlanningToolDef *def = planning_tool_find(json_string_value(json_object_get(tool,
                                                                                    "kind")));
  json_decref(tool);
  /* Every answer field names a question of the tool; checked whole. */
  GArray *answers = g_array_new(FALSE, TRUE, sizeof(StorePlanningAnswer));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
  json_t *echo = json_deep_copy(form_result_echo(fields));
  guint n = form_data_size(req->form);
  for (guint f = 0; f < n; f++) {
    const char *name = form_data_name(req->form, f);
    gboolean follow = g_str_has_prefix(name, "follow_up_");
    if (!follow && !g_str_has_prefix(name, "answer_"))
      continue;
    const char *key = name + (follow ? strlen("follow_up_") : strlen("answer_"));
    const char *raw = form_data_get(req->form, name);
    json_object_set_new(echo, name, json_string(raw));
    const PlanningQuestion *q = def ? planning_tool_question(def, key) : NULL;
    if (q == NULL || (follow && def->follow_up_label == NULL)) {
      form_result_add_error(fields, name, _("Spørgsmålet findes ikke i dette værktøj."));
      continue;
    }
    const char *message = NULL;
    char *text = practice_clean_text(raw, ANSWER_MAX, &message);
    if (text == NULL) {
      form_result_add_error(fields, name, _(message));
      continue;
    }
    g_ptr_array_add(texts, text);
    StorePlanningAnswer *a = NULL;
    for (guint k = 0; k < answers->len && a == NULL; k++)
      if (strcmp(g_array_index(answers, StorePlanningAnswer, k).question_key, q->key) == 0)
        a = &g_array_index(answers, StorePlanningAnswer, k);
    if (a == NULL) {
      StorePlanningAnswer fresh = {.question_key = q->key};
      g_array_append_val(answers, fresh);
      a = &g_array_index(answers, StorePlanningAnswer, answers->len - 1);
    }
    if (follow)
      a->follow_up = text;
    else
      a->answer = text;
  }
  /* A question sent with only one of its two answers keeps the other. */
  json_t *stored = store_planning_get(req->db, req->user->id, id, STORE_PRACTICE_WRITE, &error);
  for (guint k = 0; stored != NULL && k < answers->len; k++) {
    StorePlanningAnswer *a = &g_array_index(answers, StorePlanningAnswer, k);
    const json_t *row = stored_answer(stored, a->question_key);
    g_autofree char *answer_field = g_strconcat("answer_", a->question_key, NULL);
    g_autofree char *follow_field = g_strconcat("follow_up_", a->question_key, NULL);
    if (form_data_get(req->form, answer_field) == NULL)
      a->answer = json_string_value(json_object_get(row, "answer"));
    if (form_data_get(req->form, follow_field) == NULL)
      a->follow_up = json_string_value(json_object_get(row, "follow_up"));
  }
  if (stored == NULL) {
    json_decref(echo);
    g_array_unref(answers);
    reply_store_error(reply, error);
    return;
  }
  if (form_result_ok(fields) &&
      !store_planning_update(req->db, req->user->id, id, form_text(fields, "title"),
                             form_text(fields, "held_on"),
                             (StorePlanningAnswer *)answers->data, answers->len, &error) &&
      !practice_refusal(fields, error, NULL, "title")) {
    json_decref(stored);
    json_decref(echo);
    g_array_unref(answers);
    reply_store_error(reply, error);
    return;
  }
  json_decref(stored);
  guint saved = answers->len;
  g_array_unref(answers);
  if (!form_result_ok(fields)) {
    json_t *model = tool_model(req, reply, STORE_PRACTICE_WRITE, echo, form_result_errors(fields));
    if (model != NULL) {
      json_object_set(model, "values", echo);
      reply_form_errors(reply, "tool_edit", model, fields);
    }
    json_decref(echo);
    return;
  }
  json_decref(echo);
  g_autofree char *detail = g_strdup_printf("tool=%" G_GINT64_FORMAT " answers=%u", id, saved);
  if (!practice_audit(req, "practice.tool.save", detail, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = g_strdup_printf("/tools/%" G_GINT64_FORMAT, id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, FALSE);
}

static const FieldSpec entry_fields[] = {
  {"section", FIELD_TEXT, TRUE, 1, 64, NULL, N_("Afsnit")},
  {"text_a", FIELD_TEXT, TRUE, 1, ANSWER_MAX, NULL, N_("Første kolonne")},
  {"text_b", FIELD_TEXT, FALSE, 0, ANSWER_MAX, NULL, N_("Anden kolonne")},
  {"text_c", FIELD_TEXT, FALSE, 0, ANSWER_MAX, NULL, N_("Tredje kolonne")},
};

/* The edit page again after a refused row. */
static void
entry_failed(HttpRequest *req, HttpReply *reply, FormResult *fields)
{
  json_t *model = tool_model(req, reply, STORE_PRACTICE_WRITE, NULL, NULL);
  if (model == NULL)
    return;
  json_t *tool = json_object_get(model, "tool");
  json_object_set_new(model, "values", json_pack("{s:O, s:O}", "title",
                                                 json_object_get(tool, "title"), "held_on",
                                                 json_object_get(tool, "held_on_display")));
  json_object_set(model, "entry_errors", form_result_errors(fields));
  json_object_set(model, "entry_values", form_result_echo(fields));
  reply_form_errors(reply, "tool_edit", model, fields);
}

static void
entry_add(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *tool = store_planning_get(req->db, req->user->id, id, STORE_PRACTICE_WRITE, &error);
  if (tool == NULL) {
    reply_store_error(reply, error);
    return;
  }
  const PlanningToolDef *def = planning_tool_find(json_string_value(json_object_get(tool,
                                                                                    "kind")));
  json_decref(tool);
  const char *section_key = form_text(fields, "section");
  const PlanningSection *section = def && section_key ? planning_tool_section(def, section_key)
                                                      : NULL;
  if (section_key != NULL && (section == NULL || section->entry_labels[0] == NULL))
    form_result_add_error(fields, "section", _("Dette afsnit af værktøjet har ingen rækker."));
  gint64 entry = 0;
  if (form_result_ok(fields)) {
    entry = store_planning_entry_add(req->db, req->user->id, id, section_key,
                                     form_text(fields, "text_a"), form_text(fields, "text_b"),
                                     form_text(fields, "text_c"), &error);
    if (entry == 0 && !practice_refusal(fields, error, NULL, "text_a")) {
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    entry_failed(req, reply, fields);
    return;
  }
  g_autofree char *detail = g_strdup_printf("tool=%" G_GINT64_FORMAT " entry=%" G_GINT64_FORMAT
                                            " added", id, entry);
  if (!practice_audit(req, "practice.tool.save", detail, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = g_strdup_printf("/tools/%" G_GINT64_FORMAT "/edit#%s", id,
                                              section_key);
  reply_set_model(reply, json_pack("{s:I, s:I}", "id", (json_int_t)id, "entry_id",
                                   (json_int_t)entry));
  reply_redirect(reply, location, TRUE);
}

static const FieldSpec entry_delete_fields[] = {
  {"entry_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Række")},
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
    if (!store_planning_entry_delete(req->db, req->user->id, id, entry, &field, &error) &&
        !practice_refusal(fields, error, field, "entry_id")) {
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    entry_failed(req, reply, fields);
    return;
  }
  g_autofree char *detail = g_strdup_printf("tool=%" G_GINT64_FORMAT " entry=%" G_GINT64_FORMAT
                                            " removed", id, entry);
  if (!practice_audit(req, "practice.tool.save", detail, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = g_strdup_printf("/tools/%" G_GINT64_FORMAT "/edit", id);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, FALSE);
}

const Route pages_planning_routes[] = {
  {"GET", "/offers/{id}/tools/new", tool_new, CAP_PRACTICE_WRITE, new_fields,
   G_N_ELEMENTS(new_fields), 0},
  {"POST", "/offers/{id}/tools", tool_create, CAP_PRACTICE_WRITE, create_fields,
   G_N_ELEMENTS(create_fields), 0},
  {"GET", "/tools/{id}", tool_show, CAP_PRACTICE_READ, NULL, 0, 0},
  {"GET", "/tools/{id}/edit", tool_edit, CAP_PRACTICE_WRITE, NULL, 0, 0},
  {"POST", "/tools/{id}", tool_update, CAP_PRACTICE_WRITE, update_fields,
   G_N_ELEMENTS(update_fields), 0},
  {"POST", "/tools/{id}/entries", entry_add, CAP_PRACTICE_WRITE, entry_fields,
   G_N_ELEMENTS(entry_fields), 0},
  {"POST", "/tools/{id}/entries/delete", entry_delete, CAP_PRACTICE_WRITE, entry_delete_fields,
   G_N_ELEMENTS(entry_delete_fields), 0},
};
const gsize pages_planning_n_routes = G_N_ELEMENTS(pages_planning_routes);
