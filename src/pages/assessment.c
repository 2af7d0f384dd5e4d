/* assessment.c — an offer's assessment of its own practice with a
 * practice-assessment instrument: Lovende praksis (11 elements) or the
 * self-evaluation (5 dimensions).
 *
 *  - Starting one: the instrument (its newest version, which the
 *    assessment keeps), the date, the practice (the offer or one of its
 *    interventions) and who takes part.
 *  - The meeting: one page per element with its questions, the answer
 *    choices and a comment on each (why the group answers as it does; for
 *    the self-evaluation also the development activities of each row),
 *    progress through the elements, and moving between them always saves:
 *    leaving half way loses nothing.  An answer to a question that is not
 *    in the assessment's version is refused whole (422).
 *  - Results: element scores 0–100 (or 1–5) in a table and a spider web,
 *    the source's five steps for discussing them, the reminder that a low
 *    score can be right (element 8), a drill-down to an element's
 *    questions and comments, and the way to a development point.
 *  - History: any two assessments of the same instrument on one spider
 *    web with the change per element; the web as PDF and PNG for print. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/practice.h"
#include "pages/pages.h"
#include "pages/practice_common.h"
#include "render/chart.h"

#define TEXT_MAX 4000 /* a comment or the development activities of a row */

/* ---- Loading -------------------------------------------------------------------- */

typedef struct {
  json_t *row;                /* store_assessment_get */
  InstrumentVersion *version; /* the version it is answered on */
  ScoreAnswer *answers;       /* one per item */
  ScoreResult total;
  ScoreResult *elements;      /* one per subscale */
} Assessment;

static void
assessment_clear(Assessment *a)
{
  json_decref(a->row);
  instrument_version_free(a->version);
  g_free(a->answers);
  g_free(a->elements);
  memset(a, 0, sizeof *a);
}

/* Loads and scores an assessment the actor reaches with access; replies
 * with the error and returns FALSE when it cannot. */
static gboolean
load(HttpRequest *req, HttpReply *reply, gint64 id, StorePracticeAccess access, Assessment *out)
{
  g_autoptr(GError) error = NULL;
  memset(out, 0, sizeof *out);
  out->row = store_assessment_get(req->db, req->user->id, id, access, &error);
  if (out->row != NULL)
    out->version = instrument_version_load(
      req->db, json_integer_value(json_object_get(out->row, "instrument_id")), &error);
  if (out->version == NULL) {
    assessment_clear(out);
    reply_store_error(reply, error);
    return FALSE;
  }
  const InstrumentDef *def = out->version->def;
  out->answers = practice_answers(out->version, json_object_get(out->row, "answers"));
  out->elements = g_new0(ScoreResult, MAX(def->n_subscales, 1));
  practice_score(def, out->answers, &out->total, out->elements);
  return TRUE;
}

/* The stored answer row of an item, or NULL (borrowed). */
static json_t *
answer_row(const Assessment *a, gint64 item_id)
{
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(a->row, "answers"), i, row)
    if (json_integer_value(json_object_get(row, "item_id")) == item_id)
      return row;
  return NULL;
}

static char *
assessment_href(gint64 id, const char *rest)
{
  return g_strdup_printf("/assessments/%" G_GINT64_FORMAT "%s", id, rest ? rest : "");
}

/* The name of a page of the meeting: the element's, or "Øvrige spørgsmål". */
static const char *
page_name(const InstrumentDef *def, guint page, SporLang lang)
{
  int sub = practice_page_subscale(def, page);
  return sub >= 0 ? instrument_text(&def->subscales[sub].name, lang) : _("Øvrige spørgsmål");
}

/* The assessment as pages show it: {id, href, instrument_key, instrument_name,
 * instrument_version, held_on, held_on_display, title, heading, status,
 * status_label, in_progress, intervention_name, participants: [..],
 * participants_text, reflection, created_by_name, score_display, answered,
 * questions, self_evaluation}. */
static json_t *
assessment_ref(const Assessment *a, SporLang lang)
{
  json_t *row = a->row;
  gint64 id = json_integer_value(json_object_get(row, "id"));
  g_autofree char *href = assessment_href(id, NULL);
  g_autofree char *held = spor_date_iso_to_danish(json_string_value(json_object_get(row,
                                                                                    "held_on")));
  const char *status = json_string_value(json_object_get(row, "status"));
  const char *name = practice_name(row, "instrument_name", lang);
  g_autofree char *heading = g_strdup_printf("%s, %s", name, held ? held : "");
  json_t *participants = json_array();
  const char *text = json_string_value(json_object_get(row, "participants"));
  if (text != NULL) {
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
      g_strstrip(lines[i]);
      if (*lines[i] != '\0')
        json_array_append_new(participants, json_string(lines[i]));
    }
  }
  guint answered = 0;
  for (guint i = 0; i < a->version->def->n_items; i++)
    answered += a->answers[i].answered;
  json_t *ref = json_pack(
    "{s:I, s:s, s:O, s:s, s:I, s:O, s:s?, s:s, s:O?, s:s, s:s, s:b, s:O?, s:o, s:b, s:O?,"
    " s:O?, s:i, s:i, s:b}",
    "id", (json_int_t)id, "href", href, "instrument_key", json_object_get(row, "instrument_key"),
    "instrument_name", name, "instrument_version", (json_int_t)a->version->version, "held_on",
    json_object_get(row, "held_on"), "held_on_display", held, "heading", heading, "title",
    json_object_get(row, "title"), "status", status, "status_label",
    page_label(practice_assessment_statuses, status), "in_progress",
    g_strcmp0(status, "in_progress") == 0, "intervention_name",
    json_object_get(row, "intervention_name"), "participants", participants, "has_participants",
    json_array_size(participants) > 0, "participants_text", json_object_get(row, "participants"),
    "reflection", json_object_get(row, "reflection"), "answered", (int)answered, "questions",
    (int)a->version->def->n_items, "self_evaluation",
    practice_has_activities(a->version->def));
  json_object_set(ref, "created_by_name", json_object_get(row, "created_by_name"));
  if (a->total.has_score) {
    g_autofree char *score = practice_number(a->total.score, lang);
    json_object_set_new(ref, "score_display", json_string(score));
  }
  return ref;
}

/* One row per page: {number, key, name, description, answered, total,
 * has_score, score, score_display, range_max_display, low, href, meeting_href}. */
static json_t *
element_rows(const Assessment *a, SporLang lang)
{
  const InstrumentDef *def = a->version->def;
  gint64 id = json_integer_value(json_object_get(a->row, "id"));
  json_t *rows = json_array();
  guint n_pages = practice_n_pages(def);
  for (guint p = 0; p < n_pages; p++) {
    guint total = 0, answered = 0;
    for (guint i = 0; i < def->n_items; i++)
      if (practice_item_page(def, i) == p) {
        total++;
        answered += a->answers[i].answered;
      }
    int sub = practice_page_subscale(def, p);
    g_autofree char *href = g_strdup_printf("/assessments/%" G_GINT64_FORMAT "/element?element=%u",
                                            id, p + 1);
    g_autofree char *meeting = g_strdup_printf("/assessments/%" G_GINT64_FORMAT
                                               "/meeting?element=%u", id, p + 1);
    json_t *row = json_pack("{s:i, s:s?, s:s, s:s?, s:i, s:i, s:b, s:s, s:s}", "number",
                            (int)(p + 1), "key", sub >= 0 ? def->subscales[sub].id : NULL, "name",
                            page_name(def, p, lang), "description",
                            sub >= 0 ? instrument_text(&def->subscales[sub].description, lang)
                                     : NULL,
                            "answered", (int)answered, "total", (int)total, "complete",
                            answered == total, "href", href, "meeting_href", meeting);
    if (sub >= 0 && a->elements[sub].has_score) {
      double lo, hi;
      practice_subscale_range(def, (guint)sub, &lo, &hi);
      double score = a->elements[sub].score;
      g_autofree char *shown = practice_number(score, lang);
      g_autofree char *max = practice_number(hi, lang);
      json_object_set_new(row, "has_score", json_true());
      json_object_set_new(row, "score", json_real(score));
      json_object_set_new(row, "score_display", json_string(shown));
      json_object_set_new(row, "range_max_display", json_string(max));
      /* Close to the centre of the web: the lower half of the range. */
      json_object_set_new(row, "low", json_boolean(score < lo + (hi - lo) / 2));
      json_object_set_new(row, "flagged", json_integer(a->elements[sub].n_flagged));
    } else {
      json_object_set_new(row, "has_score", json_false());
    }
    json_array_append_new(rows, row);
  }
  return rows;
}

/* The spider web of one or two assessments of one instrument: axes by
 * the first one's subscales, values matched by subscale key (the versions
 * may differ).  series: [{name, def, results}].  A new reference. */
static json_t *
radar_model(const char *title, const char *description, const Assessment *const *list, guint n,
            SporLang lang)
{
  const InstrumentDef *def = list[n - 1]->version->def; /* the newest decides the axes */
  json_t *axes = json_array();
  double lo = 0, hi = 100;
  for (guint s = 0; s < def->n_subscales; s++) {
    json_array_append_new(axes, json_string(instrument_text(&def->subscales[s].name, lang)));
    double l, h;
    practice_subscale_range(def, s, &l, &h);
    lo = s == 0 ? l : MIN(lo, l);
    hi = s == 0 ? h : MAX(hi, h);
  }
  json_t *series = json_array();
  for (guint k = 0; k < n; k++) {
    const InstrumentDef *own = list[k]->version->def;
    json_t *values = json_array();
    for (guint s = 0; s < def->n_subscales; s++) {
      json_t *v = json_null();
      for (guint t = 0; t < own->n_subscales; t++)
        if (strcmp(own->subscales[t].id, def->subscales[s].id) == 0 &&
            list[k]->elements[t].has_score)
          v = json_real(round(list[k]->elements[t].score * 10) / 10);
      json_array_append_new(values, v);
    }
    g_autofree char *held = spor_date_iso_to_danish(
      json_string_value(json_object_get(list[k]->row, "held_on")));
    json_array_append_new(series, json_pack("{s:s, s:o}", "name", held ? held : "", "values",
                                            values));
  }
  gboolean percent = def->n_subscales > 0 &&
                     def->subscales[0].scoring.method == SCORE_METHOD_PERCENT_OF_MAX;
  return json_pack("{s:s, s:s, s:s, s:o, s:f, s:f, s:f, s:s, s:o}", "kind", "radar", "title",
                   title, "description", description, "axes", axes, "r_min", lo, "r_max", hi,
                   "r_step", percent ? 20.0 : 1.0, "value_label",
                   percent ? _("Score (%)") : _("Score"), "series", series);
}

/* ---- Starting an assessment ------------------------------------------------------ */

static const FieldSpec new_fields[] = {
  {"instrument", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Instrument")},
};

static const FieldSpec create_fields[] = {
  {"instrument_id", FIELD_INT, TRUE, 1, G_MAXINT64, NULL, N_("Instrument")},
  {"held_on", FIELD_DATE, TRUE, 0, 0, NULL, N_("Dato")},
  {"title", FIELD_TEXT, FALSE, 0, 200, NULL, N_("Titel")},
  {"intervention_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Praksis")},
  {"participants", FIELD_TEXT, FALSE, 0, TEXT_MAX, NULL, N_("Deltagere")},
};

/* [{id, name, selected}] of the practice-assessment instruments (newest
 * versions); selected by id or, failing that, by key. */
static json_t *
instrument_options(HttpRequest *req, const char *id_value, const char *key, GError **error)
{
  json_t *list = store_instrument_list(req->db, error);
  if (list == NULL)
    return NULL;
  json_t *options = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(list, i, row) {
    if (g_strcmp0(json_string_value(json_object_get(row, "kind")), "practice_assessment") != 0)
      continue;
    g_autofree char *id = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                          json_integer_value(json_object_get(row, "id")));
    gboolean selected = id_value != NULL ? strcmp(id_value, id) == 0
                                         : g_strcmp0(key, json_string_value(json_object_get(
                                                            row, "key"))) == 0;
    json_array_append_new(options, json_pack("{s:s, s:s, s:s?, s:b}", "id", id, "key",
                                             json_string_value(json_object_get(row, "key")),
                                             "name", practice_name(row, "name", req->lang),
                                             "selected", selected));
  }
  json_decref(list);
  return options;
}

/* [{id, name, selected}] of the offer's interventions. */
static json_t *
intervention_options(HttpRequest *req, gint64 offer_id, const char *selected, GError **error)
{
  json_t *list = store_intervention_list(req->db, offer_id, error);
  if (list == NULL)
    return NULL;
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

static json_t *
new_model(HttpRequest *req, json_t *offer, json_t *values, json_t *errors, GError **error)
{
  const char *key = form_text(req->fields, "instrument");
  json_t *instruments = instrument_options(req, json_string_value(json_object_get(values,
                                                                                  "instrument_id")),
                                           key ? key : "lovende-praksis", error);
  gint64 offer_id = json_integer_value(json_object_get(offer, "id"));
  json_t *interventions = instruments
    ? intervention_options(req, offer_id,
                           json_string_value(json_object_get(values, "intervention_id")), error)
    : NULL;
  if (interventions == NULL) {
    json_decref(instruments);
    return NULL;
  }
  g_autofree char *today = spor_date_today();
  g_autofree char *today_display = spor_date_iso_to_danish(today);
  json_t *model = page_model_new(_("Ny vurdering af praksis"));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_object_set_new(model, "instruments", instruments);
  json_object_set_new(model, "interventions", interventions);
  json_object_set_new(model, "today", json_string(today_display));
  json_object_set(model, "values", values);
  if (errors != NULL)
    json_object_set(model, "errors", errors);
  return model;
}

static void
assessment_new(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *offer = store_practice_offer_get(req->db, req->user->id, http_request_param(req, "id"),
                                           STORE_PRACTICE_WRITE, &error);
  json_t *values = json_object();
  json_t *model = offer ? new_model(req, offer, values, NULL, &error) : NULL;
  json_decref(values);
  json_decref(offer);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_page(reply, 200, "assessment_new", model);
}

static void
assessment_create(HttpRequest *req, HttpReply *reply)
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
  g_autofree char *today = spor_date_today();
  const char *held_on = form_text(fields, "held_on");
  if (held_on != NULL && strcmp(held_on, today) > 0)
    form_result_add_error(fields, "held_on", _("Datoen kan ikke ligge efter i dag."));
  gint64 id = 0;
  if (form_result_ok(fields)) {
    StoreAssessmentInput in = {.offer_id = offer_id, .held_on = held_on,
                               .title = form_text(fields, "title"),
                               .participants = form_text(fields, "participants")};
    form_int(fields, "instrument_id", &in.instrument_id);
    form_int(fields, "intervention_id", &in.intervention_id);
    const char *field = NULL;
    id = store_assessment_create(req->db, req->user->id, &in, &field, &error);
    if (id == 0 && !practice_refusal(fields, error, field, "instrument_id")) {
      json_decref(offer);
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    g_clear_error(&error);
    json_t *model = new_model(req, offer, form_result_echo(fields), form_result_errors(fields),
                              &error);
    json_decref(offer);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "assessment_new", model, fields);
    return;
  }
  json_decref(offer);
  g_autofree char *detail = g_strdup_printf("assessment=%" G_GINT64_FORMAT, id);
  if (!practice_audit(req, "practice.assessment.create", detail, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = assessment_href(id, "/meeting?element=1");
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, TRUE);
}

/* ---- The meeting ---------------------------------------------------------------------- */

static const FieldSpec meeting_fields[] = {
  {"element", FIELD_INT, FALSE, 1, 1000, NULL, N_("Element")},
};

static const FieldSpec answers_fields[] = {
  {"element", FIELD_INT, FALSE, 1, 1000, NULL, N_("Element")},
  {"goto", FIELD_TEXT, FALSE, 1, 16, NULL, N_("Gå til")},
};

/* The first page with an unanswered question, or the first page. */
static guint
resume_page(const Assessment *a)
{
  const InstrumentDef *def = a->version->def;
  for (guint i = 0; i < def->n_items; i++)
    if (!a->answers[i].answered)
      return practice_item_page(def, i);
  return 0;
}

static char *
field_name(const char *prefix, gint64 item_id)
{
  return g_strdup_printf("%s_%" G_GINT64_FORMAT, prefix, item_id);
}

/* The meeting page's model for page (0-based).  echo ({field: typed}, may
 * be NULL) fills the fields after a refusal instead of the stored
 * answers; errors ({field: message}) mark them. */
static json_t *
meeting_model(HttpRequest *req, const Assessment *a, guint page, const json_t *echo,
              json_t *errors)
{
  const InstrumentDef *def = a->version->def;
  SporLang lang = req->lang;
  gboolean activities = practice_has_activities(def);
  guint n_pages = practice_n_pages(def);
  json_t *questions = json_array();
  guint number = 0;
  for (guint i = 0; i < def->n_items; i++) {
    if (practice_item_page(def, i) != page)
      continue;
    number++;
    const InstrumentItem *item = &def->items[i];
    gint64 item_id = a->version->item_ids[i];
    g_autofree char *field = field_name("item", item_id);
    g_autofree char *comment_field = field_name("comment", item_id);
    g_autofree char *activities_field = field_name("activities", item_id);
    const json_t *stored = answer_row(a, item_id);
    const char *typed = echo ? json_string_value(json_object_get(echo, field)) : NULL;
    gboolean from_echo = echo != NULL && json_object_get(echo, field) != NULL;
    const InstrumentScale *scale = &def->scales[item->scale];
    json_t *options = json_array();
    gboolean any = FALSE;
    for (guint v = 0; v < scale->n_values; v++) {
      const InstrumentScaleValue *sv = &scale->values[v];
      g_autofree char *value = g_strdup_printf("%" G_GINT64_FORMAT, sv->value);
      gboolean checked = from_echo ? g_strcmp0(typed, value) == 0
                                   : (a->answers[i].answered && a->answers[i].value == sv->value);
      any = any || checked;
      g_autofree char *id = g_strdup_printf("q%" G_GINT64_FORMAT "-%u", item_id, v);
      json_array_append_new(options, json_pack(
        "{s:s, s:s, s:s, s:b, s:s?}", "value", value, "id", id, "label",
        instrument_text(instrument_def_label(def, i, sv->value), lang), "checked", checked,
        "note", sv->excluded ? _("tæller ikke med") : sv->flagged ? _("markeres") : NULL));
    }
    const char *comment = echo ? json_string_value(json_object_get(echo, comment_field))
                               : json_string_value(json_object_get(stored, "comment"));
    const char *acts = echo ? json_string_value(json_object_get(echo, activities_field))
                            : json_string_value(json_object_get(stored, "activities"));
    g_autofree char *qid = g_strdup_printf("q%" G_GINT64_FORMAT, item_id);
    json_array_append_new(questions, json_pack(
      "{s:s, s:s, s:s, s:s, s:i, s:s, s:s?, s:b, s:o, s:b, s:s?, s:s?, s:O?, s:O?, s:O?}",
      "id", qid, "field", field, "comment_field", comment_field, "activities_field",
      activities_field, "number", (int)number, "text", instrument_text(&item->text, lang),
      "help", instrument_text(&item->help, lang), "reverse", item->reverse, "options", options,
      "unanswered", !any, "comment", comment, "activities_text", acts, "error",
      json_object_get(errors, field), "comment_error", json_object_get(errors, comment_field),
      "activities_error", json_object_get(errors, activities_field)));
  }

  json_t *pages = json_array();
  guint answered = 0;
  for (guint i = 0; i < def->n_items; i++)
    answered += a->answers[i].answered;
  json_t *elements = element_rows(a, lang);
  size_t k;
  json_t *row;
  json_array_foreach(elements, k, row) {
    json_object_set_new(row, "current", json_boolean(k == page));
    json_array_append(pages, row);
  }
  json_decref(elements);

  int sub = practice_page_subscale(def, page);
  json_t *element = json_pack("{s:i, s:i, s:s, s:s?, s:s?}", "number", (int)(page + 1), "of",
                              (int)n_pages, "name", page_name(def, page, lang), "description",
                              sub >= 0 ? instrument_text(&def->subscales[sub].description, lang)
                                       : NULL,
                              "help", sub >= 0 ? instrument_text(&def->subscales[sub].help, lang)
                                               : NULL);
  json_t *ref = assessment_ref(a, lang);
  g_autofree char *title = g_strdup_printf(_("Møde: %s – %s"), json_string_value(json_object_get(
                                                                    ref, "heading")),
                                           page_name(def, page, lang));
  json_t *model = page_model_new(title);
  json_t *offer = json_pack("{s:O, s:O, s:O}", "id", json_object_get(a->row, "offer_id"), "name",
                            json_object_get(a->row, "offer_name"), "organisation_name",
                            json_object_get(a->row, "organisation_name"));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_decref(offer);
  json_object_set_new(model, "assessment", ref);
  json_object_set_new(model, "element", element);
  json_object_set_new(model, "pages", pages);
  json_object_set_new(model, "questions", questions);
  json_object_set_new(model, "has_activities", json_boolean(activities));
  json_object_set_new(model, "progress", json_pack("{s:i, s:i, s:i}", "answered", (int)answered,
                                                   "total", (int)def->n_items, "percent",
                                                   def->n_items ? (int)(answered * 100 /
                                                                        def->n_items) : 0));
  json_object_set_new(model, "previous", page > 0 ? json_integer(page) : json_null());
  json_object_set_new(model, "next", page + 1 < n_pages ? json_integer(page + 2) : json_null());
  if (errors != NULL)
    json_object_set(model, "errors", errors);
  return model;
}

static void
assessment_meeting(HttpRequest *req, HttpReply *reply)
{
  Assessment a;
  if (!load(req, reply, http_request_param(req, "id"), STORE_PRACTICE_WRITE, &a))
    return;
  gint64 element = 0;
  guint n_pages = practice_n_pages(a.version->def);
  guint page = form_int(req->fields, "element", &element) ? (guint)(element - 1) : resume_page(&a);
  if (page >= n_pages) {
    assessment_clear(&a);
    reply_error(reply, 404, _("Vurderingen har ikke så mange elementer."));
    return;
  }
  reply_page(reply, 200, "assessment_meeting", meeting_model(req, &a, page, NULL, NULL));
  assessment_clear(&a);
}

/* Reads "prefix_ID" into *out_id; FALSE for any other name. */
static gboolean
parse_field(const char *name, const char *prefix, gint64 *out_id)
{
  gsize len = strlen(prefix);
  if (strncmp(name, prefix, len) != 0 || name[len] != '_' || !g_ascii_isdigit(name[len + 1]))
    return FALSE;
  char *end = NULL;
  guint64 id = g_ascii_strtoull(name + len + 1, &end, 10);
  if (*end != '\0' || id == 0 || id > G_MAXINT64)
    return FALSE;
  *out_id = (gint64)id;
  return TRUE;
}

static void
assessment_answers(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  gint64 id = http_request_param(req, "id");
  Assessment a;
  if (!load(req, reply, id, STORE_PRACTICE_WRITE, &a))
    return;
  const InstrumentDef *def = a.version->def;
  guint n_pages = practice_n_pages(def);
  gint64 element = 0;
  guint page = form_int(fields, "element", &element) && element <= n_pages ? (guint)(element - 1)
                                                                          : resume_page(&a);

  g_autofree char *location = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) score_error = NULL;
  /* Every answer, comment and activity field, checked whole: a question
   * that is not in this version refuses the lot. */
  GArray *inputs = g_array_new(FALSE, TRUE, sizeof(StorePracticeAnswerInput));
  GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
  json_t *echo = json_object();
  guint n = form_data_size(req->form);
  for (guint f = 0; f < n; f++) {
    const char *name = form_data_name(req->form, f);
    const char *raw = form_data_get(req->form, name);
    gint64 item_id = 0;
    int kind = parse_field(name, "item", &item_id) ? 0
             : parse_field(name, "comment", &item_id) ? 1
             : parse_field(name, "activities", &item_id) ? 2 : -1;
    if (kind < 0)
      continue;
    json_object_set_new(echo, name, json_string(raw));
    int index = instrument_version_item_index(a.version, item_id);
    if (index < 0) {
      g_autofree char *item_text = g_strdup_printf("%" G_GINT64_FORMAT, item_id);
      g_autofree char *version_text = g_strdup_printf("%" G_GINT64_FORMAT, a.version->version);
      g_autofree char *msg = g_strdup_printf(
        _("Spørgsmål %s findes ikke i denne version af instrumentet (version %s); intet er gemt."),
        item_text, version_text);
      form_result_add_error(fields, "items", msg);
      continue;
    }
    if (kind == 2 && !practice_has_activities(def)) {
      form_result_add_error(fields, "items",
                            _("Dette instrument har ingen udviklingsaktiviteter pr. spørgsmål."));
      continue;
    }
    StorePracticeAnswerInput *in = NULL;
    for (guint k = 0; k < inputs->len && in == NULL; k++)
      if (g_array_index(inputs, StorePracticeAnswerInput, k).item_id == item_id)
        in = &g_array_index(inputs, StorePracticeAnswerInput, k);
    if (in == NULL) {
      StorePracticeAnswerInput fresh = {.item_id = item_id};
      g_array_append_val(inputs, fresh);
      in = &g_array_index(inputs, StorePracticeAnswerInput, inputs->len - 1);
    }
    if (kind == 0) {
      in->set_value = TRUE;
      if (*raw == '\0')
        continue; /* "Ikke vurderet": clears the answer */
      char *end = NULL;
      gint64 v = g_ascii_strtoll(raw, &end, 10);
      if (end == raw || *end != '\0' || instrument_def_value(def, (guint)index, v) == NULL) {
        form_result_add_error(fields, name, _("Vælg en af svarmulighederne."));
        continue;
      }
      in->has_value = TRUE;
      in->value = v;
      continue;
    }
    const char *message = NULL;
    char *text = practice_clean_text(raw, TEXT_MAX, &message);
    if (text == NULL) {
      form_result_add_error(fields, name, _(message));
      continue;
    }
    g_ptr_array_add(texts, text);
    if (kind == 1) {
      in->set_comment = TRUE;
      in->comment = text;
    } else {
      in->set_activities = TRUE;
      in->activities = text;
    }
  }

  gint64 bad_item = 0;
  gboolean saved = form_result_ok(fields) &&
                   store_assessment_save_answers(req->db, req->user->id, id,
                                                 (StorePracticeAnswerInput *)inputs->data,
                                                 inputs->len, &bad_item, &error);
  if (!saved && error != NULL) {
    if (!g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
      reply_store_error(reply, error);
      goto done;
    }
    g_autofree char *field = field_name("item", bad_item);
    form_result_add_error(fields, field, _(error->message));
  }
  if (!form_result_ok(fields)) {
    /* The page the answers came from, again, with every message. */
    json_t *model = meeting_model(req, &a, page, echo, form_result_errors(fields));
    json_object_set(model, "errors", form_result_errors(fields));
    reply_form_errors(reply, "assessment_meeting", model, fields);
    goto done;
  }

  /* The total as it now stands, and the audit line. */
  json_t *fresh = store_assessment_get(req->db, req->user->id, id, STORE_PRACTICE_WRITE,
                                       &score_error);
  gboolean ok = fresh != NULL;
  if (ok) {
    g_autofree ScoreAnswer *answers = practice_answers(a.version, json_object_get(fresh,
                                                                                  "answers"));
    g_autofree ScoreResult *subs = g_new0(ScoreResult, MAX(def->n_subscales, 1));
    ScoreResult total;
    practice_score(def, answers, &total, subs);
    json_decref(fresh);
    g_autofree char *detail = g_strdup_printf("assessment=%" G_GINT64_FORMAT " page=%u answers=%u",
                                              id, page + 1, inputs->len);
    ok = store_assessment_set_score(req->db, req->user->id, id, total.has_score, total.score,
                                    &score_error) &&
         practice_audit(req, "practice.assessment.update", detail, &score_error);
  }
  if (!ok) {
    reply_store_error(reply, score_error);
    goto done;
  }
  const char *go = form_text(fields, "goto");
  if (go != NULL && strcmp(go, "results") == 0) {
    location = assessment_href(id, NULL);
  } else {
    gint64 target = page + 1;
    if (go != NULL) {
      char *end = NULL;
      gint64 wanted = g_ascii_strtoll(go, &end, 10);
      if (end != go && *end == '\0' && wanted >= 1 && wanted <= n_pages)
        target = wanted;
    }
    location = g_strdup_printf("/assessments/%" G_GINT64_FORMAT "/meeting?element=%" G_GINT64_FORMAT,
                               id, target);
  }
  reply_set_model(reply, json_pack("{s:I, s:i, s:b}", "id", (json_int_t)id, "saved",
                                   (int)inputs->len, "ok", TRUE));
  reply_redirect(reply, location, FALSE);
done:
  json_decref(echo);
  g_ptr_array_unref(texts);
  g_array_unref(inputs);
  assessment_clear(&a);
}

/* ---- Details and status ------------------------------------------------------------ */

static const FieldSpec update_fields[] = {
  {"held_on", FIELD_DATE, TRUE, 0, 0, NULL, N_("Dato")},
  {"title", FIELD_TEXT, FALSE, 0, 200, NULL, N_("Titel")},
  {"intervention_id", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Praksis")},
  {"participants", FIELD_TEXT, FALSE, 0, TEXT_MAX, NULL, N_("Deltagere")},
  {"reflection", FIELD_TEXT, FALSE, 0, 20000, NULL, N_("Noter fra drøftelsen af resultaterne")},
};

static json_t *
edit_model(HttpRequest *req, const Assessment *a, json_t *values, json_t *errors, GError **error)
{
  gint64 offer_id = json_integer_value(json_object_get(a->row, "offer_id"));
  json_t *interventions = intervention_options(
    req, offer_id, json_string_value(json_object_get(values, "intervention_id")), error);
  if (interventions == NULL)
    return NULL;
  json_t *ref = assessment_ref(a, req->lang);
  g_autofree char *title = g_strdup_printf(_("Ret %s"), json_string_value(json_object_get(ref,
                                                                                     "heading")));
  json_t *model = page_model_new(title);
  json_t *offer = json_pack("{s:O, s:O, s:O}", "id", json_object_get(a->row, "offer_id"), "name",
                            json_object_get(a->row, "offer_name"), "organisation_name",
                            json_object_get(a->row, "organisation_name"));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_decref(offer);
  json_object_set_new(model, "assessment", ref);
  json_object_set_new(model, "interventions", interventions);
  json_object_set(model, "values", values);
  if (errors != NULL)
    json_object_set(model, "errors", errors);
  return model;
}

static void
assessment_edit(HttpRequest *req, HttpReply *reply)
{
  Assessment a;
  if (!load(req, reply, http_request_param(req, "id"), STORE_PRACTICE_WRITE, &a))
    return;
  json_t *row = a.row;
  g_autofree char *held = spor_date_iso_to_danish(json_string_value(json_object_get(row,
                                                                                    "held_on")));
  json_t *iv = json_object_get(row, "intervention_id");
  g_autofree char *iv_text = json_is_integer(iv) ? g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                                                   json_integer_value(iv)) : NULL;
  json_t *values = json_pack("{s:s?, s:O?, s:s?, s:O?, s:O?}", "held_on", held, "title",
                             json_object_get(row, "title"), "intervention_id", iv_text,
                             "participants", json_object_get(row, "participants"), "reflection",
                             json_object_get(row, "reflection"));
  g_autoptr(GError) error = NULL;
  json_t *model = edit_model(req, &a, values, NULL, &error);
  json_decref(values);
  if (model == NULL)
    reply_store_error(reply, error);
  else
    reply_page(reply, 200, "assessment_edit", model);
  assessment_clear(&a);
}

static void
assessment_update(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  gint64 id = http_request_param(req, "id");
  Assessment a;
  if (!load(req, reply, id, STORE_PRACTICE_WRITE, &a))
    return;
  g_autofree char *today = spor_date_today();
  const char *held_on = form_text(fields, "held_on");
  if (held_on != NULL && strcmp(held_on, today) > 0)
    form_result_add_error(fields, "held_on", _("Datoen kan ikke ligge efter i dag."));
  g_autoptr(GError) error = NULL;
  if (form_result_ok(fields)) {
    StoreAssessmentInput in = {.held_on = held_on, .title = form_text(fields, "title"),
                               .participants = form_text(fields, "participants"),
                               .reflection = form_text(fields, "reflection")};
    form_int(fields, "intervention_id", &in.intervention_id);
    const char *field = NULL;
    if (!store_assessment_update(req->db, req->user->id, id, &in, &field, &error) &&
        !practice_refusal(fields, error, field, "held_on")) {
      reply_store_error(reply, error);
      assessment_clear(&a);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    g_clear_error(&error);
    json_t *model = edit_model(req, &a, form_result_echo(fields), form_result_errors(fields),
                               &error);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "assessment_edit", model, fields);
    assessment_clear(&a);
    return;
  }
  assessment_clear(&a);
  g_autofree char *detail = g_strdup_printf("assessment=%" G_GINT64_FORMAT " details", id);
  if (!practice_audit(req, "practice.assessment.update", detail, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = assessment_href(id, NULL);
  reply_set_model(reply, json_pack("{s:I}", "id", (json_int_t)id));
  reply_redirect(reply, location, FALSE);
}

static const FieldSpec finish_fields[] = {
  {"status", FIELD_CHOICE, TRUE, 0, 0, PAGE_CODES("finished", "in_progress"), N_("Status")},
};

static void
assessment_finish(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  if (!form_result_ok(req->fields)) {
    /* Nothing to show a form on: the status is the whole request. */
    json_t *exists = store_assessment_get(req->db, req->user->id, id, STORE_PRACTICE_WRITE,
                                          &error);
    if (exists == NULL) {
      reply_store_error(reply, error);
      return;
    }
    json_decref(exists);
    reply_error(reply, 422, _("Vælg om vurderingen er afsluttet eller i gang."));
    return;
  }
  gboolean finished = g_strcmp0(form_text(req->fields, "status"), "finished") == 0;
  g_autofree char *detail = g_strdup_printf("assessment=%" G_GINT64_FORMAT " status=%s", id,
                                            finished ? "finished" : "in_progress");
  if (!store_assessment_set_status(req->db, req->user->id, id, finished, &error) ||
      !practice_audit(req, "practice.assessment.update", detail, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = assessment_href(id, NULL);
  reply_set_model(reply, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
                                   finished ? "finished" : "in_progress"));
  reply_redirect(reply, location, FALSE);
}

/* ---- Results ----------------------------------------------------------------------------- */

/* The source's five steps for discussing the results (Håndbog i lovende
 * praksis, hæfte 1, 4.1). */
static const char *const steps[] = {
  N_("Alle reflekterer individuelt over, hvad der springer i øjnene: Hvad er jeres styrker? Hvor "
     "er jeres udviklingspotentialer? Og hvor er der noget, der overrasker?"),
  N_("Tag en runde ved bordet, hvor I drøfter disse spørgsmål."),
  N_("For de områder, hvor I har en lav score (scoren er tæt på midten af spindelvævet), kan I gå "
     "tilbage til besvarelserne af de konkrete spørgsmål og drøfte mulighederne for at få en "
     "højere score. På den måde kan I få hjælp til, hvad der skal til – og I kan se, om det er "
     "væsentligt, eller om der er noget, der med god grund ikke er relevant for netop jeres "
     "praksis."),
  N_("Afslut med at identificere potentielle udviklingspunkter, og prioritér disse i fællesskab "
     "– evt. på et opfølgende møde."),
  N_("Gentag målingen på et senere tidspunkt i udviklingsarbejdet for at se, hvor meget jeres "
     "praksis har rykket sig – fx efter et år. Det har givet motivation for det videre arbejde i "
     "de kommuner, der har prøvet det."),
};

/* Other assessments of the same instrument key in the offer, newest first:
 * [{id, held_on_display, selected}] with the one before this selected. */
static json_t *
comparable(HttpRequest *req, const Assessment *a, gint64 *out_previous, GError **error)
{
  gint64 id = json_integer_value(json_object_get(a->row, "id"));
  const char *held_on = json_string_value(json_object_get(a->row, "held_on"));
  json_t *list = store_assessment_list(req->db, req->user->id,
                                       json_integer_value(json_object_get(a->row, "offer_id")),
                                       json_string_value(json_object_get(a->row,
                                                                         "instrument_key")),
                                       error);
  if (list == NULL)
    return NULL;
  json_t *out = json_array();
  *out_previous = 0;
  size_t i;
  json_t *row;
  json_array_foreach(list, i, row) {
    gint64 other = json_integer_value(json_object_get(row, "id"));
    if (other == id)
      continue;
    const char *when = json_string_value(json_object_get(row, "held_on"));
    gboolean before = g_strcmp0(when, held_on) < 0 || (g_strcmp0(when, held_on) == 0 && other < id);
    gboolean pick = *out_previous == 0 && before;
    if (pick)
      *out_previous = other;
    g_autofree char *shown = spor_date_iso_to_danish(when);
    g_autofree char *label = g_strdup_printf("%s (%s)", shown ? shown : "",
      page_label(practice_assessment_statuses, json_string_value(json_object_get(row,
                                                                                 "status"))));
    json_array_append_new(out, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)other, "label",
                                         label, "selected", pick));
  }
  json_decref(list);
  return out;
}

static void
assessment_show(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  Assessment a;
  if (!load(req, reply, id, STORE_PRACTICE_READ, &a))
    return;
  SporLang lang = req->lang;
  const InstrumentDef *def = a.version->def;
  g_autoptr(GError) error = NULL;
  gint64 previous = 0;
  json_t *others = comparable(req, &a, &previous, &error);
  json_t *points = others ? store_development_point_list(
                              req->db, req->user->id,
                              json_integer_value(json_object_get(a.row, "offer_id")), &error)
                          : NULL;
  json_t *offer = points ? store_practice_offer_get(
                             req->db, req->user->id,
                             json_integer_value(json_object_get(a.row, "offer_id")),
                             STORE_PRACTICE_READ, &error)
                         : NULL;
  if (offer == NULL) {
    json_decref(others);
    json_decref(points);
    assessment_clear(&a);
    reply_store_error(reply, error);
    return;
  }
  json_t *mine = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(points, i, row) {
    if (json_integer_value(json_object_get(row, "assessment_id")) != id)
      continue;
    g_autofree char *href = g_strdup_printf("/development-points/%" JSON_INTEGER_FORMAT,
                                            json_integer_value(json_object_get(row, "id")));
    json_object_set_new(row, "href", json_string(href));
    json_object_set_new(row, "status_label", json_string(page_label(
      practice_point_statuses, json_string_value(json_object_get(row, "status")))));
    json_array_append(mine, row);
  }
  json_decref(points);

  json_t *ref = assessment_ref(&a, lang);
  json_t *model = page_model_new(json_string_value(json_object_get(ref, "heading")));
  json_t *elements = element_rows(&a, lang);
  gboolean lovende = strcmp(def->id, "lovende-praksis") == 0;
  g_autofree char *chart_title = g_strdup_printf("%s – %s", json_string_value(
                                                   json_object_get(ref, "instrument_name")),
                                                 json_string_value(json_object_get(offer,
                                                                                   "name")));
  g_autofree char *chart_desc = g_strdup_printf(
    lovende ? _("Elementernes score i procent af det mulige ved vurderingen %s. Jo tættere på "
                "yderkanten, desto mere lovende er praksis på elementet.")
            : _("Dimensionernes gennemsnit på skalaen ved vurderingen %s. Jo tættere på "
                "yderkanten, desto stærkere er kapaciteten på dimensionen."),
    json_string_value(json_object_get(ref, "held_on_display")));
  const Assessment *list[] = {&a};
  json_t *chart = def->n_subscales >= 3 ? radar_model(chart_title, chart_desc, list, 1, lang)
                                        : NULL;
  if (chart != NULL && !req->api) {
    g_autoptr(GError) chart_error = NULL;
    char *svg = chart_radar_svg(chart, &chart_error);
    if (svg != NULL)
      reply_html_extra(reply, "chart_svg", svg);
    else
      g_warning("spindelvævet kunne ikke tegnes: %s", chart_error->message);
  }
  json_t *step_list = json_array();
  for (guint s = 0; s < G_N_ELEMENTS(steps); s++)
    json_array_append_new(step_list, json_pack("{s:i, s:s}", "number", (int)(s + 1), "text",
                                               _(steps[s])));
  gboolean can_write = json_is_true(json_object_get(offer, "can_write"));
  g_autofree char *pdf = assessment_href(id, "/chart.pdf");
  g_autofree char *png = assessment_href(id, "/chart.png");
  g_autofree char *compare = previous != 0
    ? g_strdup_printf("/assessments/%" G_GINT64_FORMAT "/compare?with=%" G_GINT64_FORMAT, id,
                      previous)
    : NULL;
  g_autofree char *new_point = g_strdup_printf("/offers/%" JSON_INTEGER_FORMAT
                                               "/development-points/new?assessment=%"
                                               G_GINT64_FORMAT,
                                               json_integer_value(json_object_get(offer, "id")),
                                               id);
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_decref(offer);
  json_object_set_new(model, "assessment", ref);
  json_object_set_new(model, "elements", elements);
  json_object_set_new(model, "lovende_praksis", json_boolean(lovende));
  json_object_set_new(model, "steps", step_list);
  /* The self-evaluation's rows with development activities, as in the
   * tool's last column. */
  json_t *activities = json_array();
  if (practice_has_activities(def))
    for (guint k = 0; k < def->n_items; k++) {
      const json_t *stored = answer_row(&a, a.version->item_ids[k]);
      const char *text = json_string_value(json_object_get(stored, "activities"));
      if (text == NULL)
        continue;
      const InstrumentScaleValue *sv = a.answers[k].answered
        ? instrument_def_value(def, k, a.answers[k].value) : NULL;
      int sub = def->items[k].subscale;
      json_array_append_new(activities, json_pack(
        "{s:s?, s:s, s:s?, s:s}", "dimension",
        sub >= 0 ? instrument_text(&def->subscales[sub].name, lang) : NULL, "question",
        instrument_text(&def->items[k].text, lang), "rating",
        sv ? instrument_text(instrument_def_label(def, k, sv->value), lang) : NULL,
        "activities", text));
    }
  json_object_set_new(model, "activities", activities);
  json_object_set_new(model, "development_points", mine);
  json_object_set_new(model, "others", others);
  json_object_set_new(model, "has_others", json_boolean(json_array_size(others) > 0));
  json_object_set_new(model, "compare_href", compare ? json_string(compare) : json_null());
  json_object_set_new(model, "pdf_href", json_string(pdf));
  json_object_set_new(model, "png_href", json_string(png));
  json_object_set_new(model, "new_point_href", json_string(new_point));
  json_object_set_new(model, "can_write", json_boolean(can_write));
  if (chart != NULL)
    json_object_set_new(model, "chart", chart);
  practice_add_has(model);
  reply_page(reply, 200, "assessment", model);
  assessment_clear(&a);
}

/* ---- One element: its questions, answers and comments ------------------------------------ */

static void
assessment_element(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  Assessment a;
  if (!load(req, reply, id, STORE_PRACTICE_READ, &a))
    return;
  const InstrumentDef *def = a.version->def;
  SporLang lang = req->lang;
  gint64 element = 1;
  form_int(req->fields, "element", &element);
  guint page = (guint)(element - 1);
  if (page >= practice_n_pages(def)) {
    assessment_clear(&a);
    reply_error(reply, 404, _("Vurderingen har ikke så mange elementer."));
    return;
  }
  g_autoptr(GError) error = NULL;
  json_t *offer = store_practice_offer_get(req->db, req->user->id,
                                           json_integer_value(json_object_get(a.row, "offer_id")),
                                           STORE_PRACTICE_READ, &error);
  if (offer == NULL) {
    assessment_clear(&a);
    reply_store_error(reply, error);
    return;
  }
  gint64 offer_id = json_integer_value(json_object_get(offer, "id"));
  int sub = practice_page_subscale(def, page);
  json_t *questions = json_array();
  guint number = 0;
  for (guint i = 0; i < def->n_items; i++) {
    if (practice_item_page(def, i) != page)
      continue;
    number++;
    gint64 item_id = a.version->item_ids[i];
    const json_t *stored = answer_row(&a, item_id);
    const char *answer = NULL;
    const InstrumentScaleValue *sv = a.answers[i].answered
      ? instrument_def_value(def, i, a.answers[i].value) : NULL;
    if (sv != NULL)
      answer = instrument_text(instrument_def_label(def, i, sv->value), lang);
    g_autofree char *point = g_strdup_printf(
      "/offers/%" G_GINT64_FORMAT "/development-points/new?assessment=%" G_GINT64_FORMAT
      "&item=%" G_GINT64_FORMAT, offer_id, id, item_id);
    json_array_append_new(questions, json_pack(
      "{s:i, s:I, s:s, s:s?, s:b, s:s?, s:b, s:O?, s:O?, s:O?, s:s}", "number", (int)number,
      "item_id", (json_int_t)item_id, "text", instrument_text(&def->items[i].text, lang), "answer",
      answer, "answered", a.answers[i].answered, "help",
      instrument_text(&def->items[i].help, lang), "reverse", def->items[i].reverse, "comment",
      json_object_get(stored, "comment"), "activities", json_object_get(stored, "activities"),
      "updated_by_name", json_object_get(stored, "updated_by_name"), "new_point_href", point));
  }
  json_t *ref = assessment_ref(&a, lang);
  json_t *rows = element_rows(&a, lang);
  json_t *row = json_incref(json_array_get(rows, page));
  json_decref(rows);
  g_autofree char *element_point = sub >= 0
    ? g_strdup_printf("/offers/%" G_GINT64_FORMAT "/development-points/new?assessment=%"
                      G_GINT64_FORMAT "&element=%s", offer_id, id, def->subscales[sub].id)
    : NULL;
  json_object_set_new(row, "help", sub >= 0 && def->subscales[sub].help.da != NULL
                                     ? json_string(instrument_text(&def->subscales[sub].help,
                                                                   lang))
                                     : json_null());
  g_autofree char *title = g_strdup_printf("%s: %s", json_string_value(json_object_get(ref,
                                                                                   "heading")),
                                           page_name(def, page, lang));
  json_t *model = page_model_new(title);
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_object_set_new(model, "can_write", json_boolean(json_is_true(json_object_get(offer,
                                                                                    "can_write"))));
  json_decref(offer);
  json_object_set_new(model, "assessment", ref);
  json_object_set_new(model, "element", row);
  json_object_set_new(model, "questions", questions);
  json_object_set_new(model, "new_point_href", element_point ? json_string(element_point)
                                                             : json_null());
  json_object_set_new(model, "relational_note",
                      json_boolean(strcmp(def->id, "lovende-praksis") == 0 && sub >= 0 &&
                                   strcmp(def->subscales[sub].id, "relational_collaboration") ==
                                     0));
  reply_page(reply, 200, "assessment_element", model);
  assessment_clear(&a);
}

/* ---- History: two assessments compared ------------------------------------------------- */

static const FieldSpec compare_fields[] = {
  {"with", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Sammenlign med")},
};

/* Loads the assessment of the path and the one to compare it with
 * (?with=, or the one before it), older first in pair[0].  FALSE after
 * replying; *out_none TRUE (and TRUE returned) when there is no other. */
static gboolean
load_pair(HttpRequest *req, HttpReply *reply, Assessment *pair, gboolean *out_none)
{
  gint64 id = http_request_param(req, "id");
  *out_none = FALSE;
  Assessment self;
  if (!load(req, reply, id, STORE_PRACTICE_READ, &self))
    return FALSE;
  gint64 other = 0;
  if (!form_int(req->fields, "with", &other)) {
    g_autoptr(GError) error = NULL;
    json_t *others = comparable(req, &self, &other, &error);
    if (others == NULL) {
      assessment_clear(&self);
      reply_store_error(reply, error);
      return FALSE;
    }
    json_decref(others);
    if (other == 0) {
      pair[0] = self;
      *out_none = TRUE;
      return TRUE;
    }
  }
  Assessment with;
  if (other == id || !load(req, reply, other, STORE_PRACTICE_READ, &with)) {
    if (other == id)
      reply_error(reply, 422, _("Vælg en anden vurdering at sammenligne med."));
    assessment_clear(&self);
    return FALSE;
  }
  if (strcmp(self.version->def->id, with.version->def->id) != 0 ||
      json_integer_value(json_object_get(self.row, "offer_id")) !=
        json_integer_value(json_object_get(with.row, "offer_id"))) {
    assessment_clear(&self);
    assessment_clear(&with);
    reply_error(reply, 422, _("Kun vurderinger af samme tilbud med samme instrument kan "
                              "sammenlignes."));
    return FALSE;
  }
  const char *a_on = json_string_value(json_object_get(self.row, "held_on"));
  const char *b_on = json_string_value(json_object_get(with.row, "held_on"));
  gboolean self_first = g_strcmp0(a_on, b_on) < 0 || (g_strcmp0(a_on, b_on) == 0 && id < other);
  pair[0] = self_first ? self : with;
  pair[1] = self_first ? with : self;
  return TRUE;
}

static void
assessment_compare(HttpRequest *req, HttpReply *reply)
{
  Assessment pair[2] = {{0}};
  gboolean none = FALSE;
  if (!load_pair(req, reply, pair, &none))
    return;
  SporLang lang = req->lang;
  json_t *newer_ref = assessment_ref(none ? &pair[0] : &pair[1], lang);
  json_t *model = page_model_new(_("Sammenligning af vurderinger"));
  json_t *offer = json_pack("{s:O, s:O, s:O}", "id", json_object_get(pair[0].row, "offer_id"),
                            "name", json_object_get(pair[0].row, "offer_name"),
                            "organisation_name", json_object_get(pair[0].row,
                                                                 "organisation_name"));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_decref(offer);
  if (none) {
    json_object_set_new(model, "assessment", newer_ref);
    json_object_set_new(model, "none", json_true());
    reply_page(reply, 200, "assessment_compare", model);
    assessment_clear(&pair[0]);
    return;
  }
  json_t *older_ref = assessment_ref(&pair[0], lang);
  const InstrumentDef *def = pair[1].version->def, *old = pair[0].version->def;
  json_t *rows = json_array();
  for (guint s = 0; s < def->n_subscales; s++) {
    const ScoreResult *now = &pair[1].elements[s];
    const ScoreResult *then = NULL;
    for (guint t = 0; t < old->n_subscales; t++)
      if (strcmp(old->subscales[t].id, def->subscales[s].id) == 0)
        then = &pair[0].elements[t];
    json_t *row = json_pack("{s:i, s:s, s:s}", "number", (int)(s + 1), "key", def->subscales[s].id,
                            "name", instrument_text(&def->subscales[s].name, lang));
    if (then != NULL && then->has_score) {
      g_autofree char *shown = practice_number(then->score, lang);
      json_object_set_new(row, "older", json_real(then->score));
      json_object_set_new(row, "older_display", json_string(shown));
    }
    if (now->has_score) {
      g_autofree char *shown = practice_number(now->score, lang);
      json_object_set_new(row, "newer", json_real(now->score));
      json_object_set_new(row, "newer_display", json_string(shown));
    }
    if (then != NULL && then->has_score && now->has_score) {
      double change = round((now->score - then->score) * 10) / 10;
      g_autofree char *shown = practice_number(fabs(change), lang);
      g_autofree char *signed_text = g_strdup_printf("%s%s", change > 0 ? "+" : change < 0 ? "−"
                                                                                           : "±",
                                                     shown);
      json_object_set_new(row, "change", json_real(change));
      json_object_set_new(row, "change_display", json_string(signed_text));
      json_object_set_new(row, "direction", json_string(change > 0 ? "up" : change < 0 ? "down"
                                                                                       : "same"));
      json_object_set_new(row, "direction_label",
                          json_string(change > 0 ? _("højere") : change < 0 ? _("lavere")
                                                                            : _("uændret")));
    }
    json_array_append_new(rows, row);
  }
  g_autofree char *chart_title = g_strdup_printf(
    _("%s – %s og %s"), json_string_value(json_object_get(newer_ref, "instrument_name")),
    json_string_value(json_object_get(older_ref, "held_on_display")),
    json_string_value(json_object_get(newer_ref, "held_on_display")));
  g_autofree char *chart_desc = g_strdup_printf(
    _("To vurderinger i samme spindelvæv: %s (fuld linje) og %s (stiplet linje). Jo tættere på "
      "yderkanten, desto højere score."),
    json_string_value(json_object_get(older_ref, "held_on_display")),
    json_string_value(json_object_get(newer_ref, "held_on_display")));
  const Assessment *list[] = {&pair[0], &pair[1]};
  json_t *chart = def->n_subscales >= 3 ? radar_model(chart_title, chart_desc, list, 2, lang)
                                        : NULL;
  if (chart != NULL && !req->api) {
    g_autoptr(GError) chart_error = NULL;
    char *svg = chart_radar_svg(chart, &chart_error);
    if (svg != NULL)
      reply_html_extra(reply, "chart_svg", svg);
  }
  gint64 newer_id = json_integer_value(json_object_get(pair[1].row, "id"));
  gint64 older_id = json_integer_value(json_object_get(pair[0].row, "id"));
  g_autofree char *pdf = g_strdup_printf("/assessments/%" G_GINT64_FORMAT "/chart.pdf?with=%"
                                         G_GINT64_FORMAT, newer_id, older_id);
  g_autofree char *png = g_strdup_printf("/assessments/%" G_GINT64_FORMAT "/chart.png?with=%"
                                         G_GINT64_FORMAT, newer_id, older_id);
  json_object_set_new(model, "older", older_ref);
  json_object_set_new(model, "assessment", newer_ref);
  json_object_set_new(model, "rows", rows);
  json_object_set_new(model, "pdf_href", json_string(pdf));
  json_object_set_new(model, "png_href", json_string(png));
  if (chart != NULL)
    json_object_set_new(model, "chart", chart);
  reply_page(reply, 200, "assessment_compare", model);
  assessment_clear(&pair[0]);
  assessment_clear(&pair[1]);
}

/* ---- The spider web for print ------------------------------------------------------------ */

static void
chart_download(HttpRequest *req, HttpReply *reply, gboolean pdf)
{
  Assessment pair[2] = {{0}};
  gboolean none = TRUE;
  gint64 with = 0;
  if (form_int(req->fields, "with", &with)) {
    if (!load_pair(req, reply, pair, &none))
      return;
  } else if (!load(req, reply, http_request_param(req, "id"), STORE_PRACTICE_READ, &pair[0])) {
    return;
  }
  SporLang lang = req->lang;
  guint n = none ? 1 : 2;
  const Assessment *list[] = {&pair[0], &pair[1]};
  json_t *ref = assessment_ref(&pair[n - 1], lang);
  g_autofree char *title = g_strdup_printf(
    "%s – %s", json_string_value(json_object_get(ref, "instrument_name")),
    json_string_value(json_object_get(pair[0].row, "offer_name")));
  GString *desc = g_string_new(NULL);
  for (guint k = 0; k < n; k++) {
    g_autofree char *held = spor_date_iso_to_danish(json_string_value(json_object_get(list[k]->row,
                                                                                      "held_on")));
    g_string_append_printf(desc, k == 0 ? _("Vurderingen %s") : _(" og vurderingen %s"),
                           held ? held : "");
  }
  g_string_append(desc, _(". Jo tættere på yderkanten, desto højere score."));
  json_t *chart = radar_model(title, desc->str, list, n, lang);
  g_string_free(desc, TRUE);
  json_decref(ref);
  g_autoptr(GError) error = NULL;
  GBytes *body = pdf ? chart_pdf(chart, &error) : chart_png(chart, 1200, &error);
  json_decref(chart);
  gint64 id = json_integer_value(json_object_get(pair[n - 1].row, "id"));
  for (guint k = 0; k < n; k++)
    assessment_clear(&pair[k]);
  if (body == NULL) {
    g_warning("spindelvævet kunne ikke tegnes: %s", error ? error->message : "?");
    reply_error(reply, 500, NULL);
    return;
  }
  g_autofree char *disposition = g_strdup_printf("inline; filename=\"spindelvaev-%" G_GINT64_FORMAT
                                                 ".%s\"", id, pdf ? "pdf" : "png");
  reply_header(reply, "Content-Disposition", disposition);
  reply_body(reply, 200, pdf ? "application/pdf" : "image/png", body);
}

static void
chart_pdf_route(HttpRequest *req, HttpReply *reply)
{
  chart_download(req, reply, TRUE);
}

static void
chart_png_route(HttpRequest *req, HttpReply *reply)
{
  chart_download(req, reply, FALSE);
}

/* ---- The offer's assessments ------------------------------------------------------------- */

static const FieldSpec list_fields[] = {
  {"instrument", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Instrument")},
};

static void
assessment_list(HttpRequest *req, HttpReply *reply)
{
  gint64 offer_id = http_request_param(req, "id");
  const char *key = form_text(req->fields, "instrument");
  g_autoptr(GError) error = NULL;
  json_t *offer = store_practice_offer_get(req->db, req->user->id, offer_id, STORE_PRACTICE_READ,
                                           &error);
  json_t *list = offer ? store_assessment_list(req->db, req->user->id, offer_id, key, &error)
                       : NULL;
  if (list == NULL) {
    json_decref(offer);
    reply_store_error(reply, error);
    return;
  }
  size_t i;
  json_t *row;
  json_array_foreach(list, i, row) {
    page_add_date_display(row, "held_on");
    const char *status = json_string_value(json_object_get(row, "status"));
    json_object_set_new(row, "status_label",
                        json_string(page_label(practice_assessment_statuses, status)));
    json_object_set(row, "instrument_name", json_object_get(row, req->lang == SPOR_LANG_EN
                                                                   ? "instrument_name_en"
                                                                   : "instrument_name_da"));
    g_autofree char *href = assessment_href(json_integer_value(json_object_get(row, "id")), NULL);
    json_object_set_new(row, "href", json_string(href));
    json_t *score = json_object_get(row, "score");
    if (json_is_number(score)) {
      g_autofree char *shown = practice_number(json_number_value(score), req->lang);
      json_object_set_new(row, "score_display", json_string(shown));
    }
  }
  json_t *model = page_model_new(_("Vurderinger af praksis"));
  json_object_set_new(model, "can_write", json_boolean(json_is_true(json_object_get(offer,
                                                                                    "can_write"))));
  json_object_set_new(model, "offer", practice_offer_ref(offer));
  json_decref(offer);
  json_object_set_new(model, "instrument", key ? json_string(key) : json_null());
  json_object_set_new(model, "has_assessments", json_boolean(json_array_size(list) > 0));
  json_object_set_new(model, "assessments", list);
  reply_page(reply, 200, "assessments", model);
}

const Route pages_assessment_routes[] = {
  {"GET", "/offers/{id}/assessments", assessment_list, CAP_PRACTICE_READ, list_fields,
   G_N_ELEMENTS(list_fields), 0},
  {"GET", "/offers/{id}/assessments/new", assessment_new, CAP_PRACTICE_WRITE, new_fields,
   G_N_ELEMENTS(new_fields), 0},
  {"POST", "/offers/{id}/assessments", assessment_create, CAP_PRACTICE_WRITE, create_fields,
   G_N_ELEMENTS(create_fields), 0},
  {"GET", "/assessments/{id}", assessment_show, CAP_PRACTICE_READ, NULL, 0, 0},
  {"POST", "/assessments/{id}", assessment_update, CAP_PRACTICE_WRITE, update_fields,
   G_N_ELEMENTS(update_fields), 0},
  {"GET", "/assessments/{id}/edit", assessment_edit, CAP_PRACTICE_WRITE, NULL, 0, 0},
  {"GET", "/assessments/{id}/meeting", assessment_meeting, CAP_PRACTICE_WRITE, meeting_fields,
   G_N_ELEMENTS(meeting_fields), 0},
  {"POST", "/assessments/{id}/answers", assessment_answers, CAP_PRACTICE_WRITE, answers_fields,
   G_N_ELEMENTS(answers_fields), 0},
  {"POST", "/assessments/{id}/finish", assessment_finish, CAP_PRACTICE_WRITE, finish_fields,
   G_N_ELEMENTS(finish_fields), 0},
  {"GET", "/assessments/{id}/element", assessment_element, CAP_PRACTICE_READ, meeting_fields,
   G_N_ELEMENTS(meeting_fields), 0},
  {"GET", "/assessments/{id}/compare", assessment_compare, CAP_PRACTICE_READ, compare_fields,
   G_N_ELEMENTS(compare_fields), 0},
  /* Files, not pages: the chart's model is in the results' and the
   * comparison's API twin. */
  {"GET", "/assessments/{id}/chart.pdf", chart_pdf_route, CAP_PRACTICE_READ, compare_fields,
   G_N_ELEMENTS(compare_fields), ROUTE_HTML_ONLY},
  {"GET", "/assessments/{id}/chart.png", chart_png_route, CAP_PRACTICE_READ, compare_fields,
   G_N_ELEMENTS(compare_fields), ROUTE_HTML_ONLY},
};
const gsize pages_assessment_n_routes = G_N_ELEMENTS(pages_assessment_routes);
