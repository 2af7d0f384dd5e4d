/* instrument_form.c — an instrument version as the form a worker answers
 * (instrument_form.h). */
#include "pages/instrument_form.h"

#include <string.h>

#include "core/i18n.h"
#include "domain/scoring.h"

char *
instrument_form_field(gint64 item_id)
{
  return g_strdup_printf("item_%" G_GINT64_FORMAT, item_id);
}

char *
instrument_form_number(double value, SporLang lang)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(buf, sizeof buf, "%.10g", value);
  if (lang == SPOR_LANG_DA)
    for (char *p = buf; *p != '\0'; p++)
      if (*p == '.')
        *p = ',';
  return g_strdup(buf);
}

static const char *
method_label(ScoreMethod method)
{
  switch (method) {
  case SCORE_METHOD_SUM: return _("Sum");
  case SCORE_METHOD_MEAN: return _("Gennemsnit");
  case SCORE_METHOD_PERCENT_OF_MAX: return _("Procent af det mulige");
  case SCORE_METHOD_GAS_T: return _("GAS T-score");
  default: return "";
  }
}

json_t *
instrument_form_scoring(const InstrumentScoring *scoring, guint n_items, SporLang lang)
{
  GString *details = g_string_new(NULL);
  if (scoring->min_answered >= n_items && n_items > 1)
    g_string_append_printf(details, _("alle %u spørgsmål skal være besvaret"), n_items);
  else
    g_string_append_printf(details, _("mindst %u besvaret"), scoring->min_answered);
  if (scoring->method == SCORE_METHOD_SUM && scoring->min_answered < n_items)
    g_string_append_printf(details, "; %s", _("manglende svar regnes forholdsmæssigt"));
  if (scoring->factor != 1.0) {
    g_autofree char *factor = instrument_form_number(scoring->factor, lang);
    g_string_append(details, "; ");
    g_string_append_printf(details, _("ganget med %s"), factor);
  }
  if (scoring->method == SCORE_METHOD_GAS_T) {
    g_autofree char *rho = instrument_form_number(scoring->rho, lang);
    g_string_append_printf(details, "; ρ = %s", rho);
  }
  if (scoring->has_reliability) {
    g_autofree char *r = instrument_form_number(scoring->reliability, lang);
    g_string_append(details, "; ");
    g_string_append_printf(details, _("reliabilitet %s"), r);
  }
  g_string_append_printf(details, "; %s", scoring->higher_is_better
                                            ? _("højere er bedre") : _("lavere er bedre"));
  json_t *cutoffs = json_array();
  for (guint i = 0; i < scoring->n_cutoffs; i++) {
    g_autofree char *from = instrument_form_number(scoring->cutoffs[i].from, lang);
    json_array_append_new(cutoffs, json_pack("{s:s, s:s}", "from", from, "label",
                                             instrument_text(&scoring->cutoffs[i].label, lang)));
  }
  json_t *model = json_pack("{s:s, s:i, s:s, s:b, s:o}", "method",
                            method_label(scoring->method), "min_answered",
                            (int)scoring->min_answered, "details", details->str, "has_cutoffs",
                            scoring->n_cutoffs > 0, "cutoffs", cutoffs);
  g_string_free(details, TRUE);
  return model;
}

/* What a worker is told about a value besides its label: that it does
 * not count, or what it counts when that is not the value itself (flagged
 * values, scores of their own, reverse-scored items). */
static char *
value_note(const InstrumentDef *def, guint item, const InstrumentScaleValue *value,
           SporLang lang)
{
  double score;
  if (!scoring_item_score(def, item, value->value, &score))
    return g_strdup(_("tæller ikke med"));
  g_autofree char *text = instrument_form_number(score, lang);
  if (value->flagged)
    return g_strdup_printf(_("noteres, tæller %s"), text);
  if (score != (double)value->value)
    return g_strdup_printf(_("tæller %s"), text);
  return NULL;
}

static json_t *
item_model(const InstrumentVersion *version, guint index, SporLang lang, const json_t *values,
           const json_t *errors, gboolean preview)
{
  const InstrumentDef *def = version->def;
  const InstrumentItem *item = &def->items[index];
  const InstrumentScale *scale = &def->scales[item->scale];
  g_autofree char *field = instrument_form_field(version->item_ids[index]);
  const char *chosen = json_string_value(json_object_get(values, field));
  json_t *options = json_array();
  for (guint k = 0; k < scale->n_values; k++) {
    const InstrumentScaleValue *value = &scale->values[k];
    g_autofree char *text = g_strdup_printf("%" G_GINT64_FORMAT, value->value);
    g_autofree char *note = value_note(def, index, value, lang);
    const InstrumentText *label = instrument_def_label(def, index, value->value);
    json_array_append_new(options,
      json_pack("{s:s, s:b, s:s, s:s?, s:b}", "value", text, "show_value",
                !value->flagged && !value->excluded, "label", instrument_text(label, lang),
                "note", note, "checked", chosen != NULL && strcmp(chosen, text) == 0));
  }
  return json_pack("{s:s, s:i, s:s, s:s?, s:b, s:b, s:b, s:o, s:O?}", "field", field, "number",
                   (int)index + 1, "text", instrument_text(&item->text, lang), "help",
                   instrument_text(&item->help, lang), "reverse", item->reverse, "disabled",
                   preview, "unanswered", chosen == NULL || *chosen == '\0', "options", options,
                   "error", json_object_get(errors, field));
}

json_t *
instrument_form_sections(const InstrumentVersion *version, SporLang lang, const json_t *values,
                         const json_t *errors, gboolean preview)
{
  const InstrumentDef *def = version->def;
  json_t *sections = json_array();
  json_t *items = NULL;
  int current = -2;
  for (guint i = 0; i < def->n_items; i++) {
    int sub = def->items[i].subscale;
    if (items == NULL || sub != current) {
      json_t *subscale = json_null();
      if (sub >= 0) {
        const InstrumentSubscale *s = &def->subscales[sub];
        subscale = json_pack("{s:s, s:s, s:s?, s:s?}", "id", s->id, "name",
                             instrument_text(&s->name, lang), "description",
                             instrument_text(&s->description, lang), "help",
                             instrument_text(&s->help, lang));
        if (preview)
          json_object_set_new(subscale, "scoring",
                              instrument_form_scoring(&s->scoring, s->n_items, lang));
      }
      items = json_array();
      json_array_append_new(sections, json_pack("{s:o, s:o}", "subscale", subscale, "items",
                                                items));
      current = sub;
    }
    json_array_append_new(items, item_model(version, i, lang, values, errors, preview));
  }
  return sections;
}

char *
instrument_form_comment_field(gint64 item_id)
{
  return g_strdup_printf("comment_%" G_GINT64_FORMAT, item_id);
}

void
instrument_form_add_comments(json_t *sections, const json_t *values, const json_t *errors)
{
  size_t s;
  json_t *section;
  json_array_foreach(sections, s, section) {
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(section, "items"), i, item) {
      const char *field = json_string_value(json_object_get(item, "field"));
      if (field == NULL || !g_str_has_prefix(field, "item_"))
        continue;
      g_autofree char *comment = g_strconcat("comment_", field + strlen("item_"), NULL);
      json_object_set_new(item, "comment_field", json_string(comment));
      json_t *typed = json_object_get(values, comment);
      if (typed != NULL)
        json_object_set(item, "comment", typed);
      else
        json_object_set_new(item, "comment", json_string(""));
      json_t *error = json_object_get(errors, comment);
      if (error != NULL)
        json_object_set(item, "comment_error", error);
    }
  }
}

/* The message for a value not on the item's scale. */
static char *
off_scale_message(const InstrumentScale *scale)
{
  gboolean plain = scale->value_max - scale->value_min + 1 == (gint64)scale->n_values;
  if (plain)
    return g_strdup_printf(_("Vælg en værdi mellem %d og %d."), (int)scale->value_min,
                           (int)scale->value_max);
  return g_strdup(_("Vælg en af svarmulighederne."));
}

guint
instrument_form_read(const InstrumentVersion *version, const FormData *form, FormResult *fields,
                     json_t *echo, StoreAnswerInput *answers, ScoreResult *total)
{
  const InstrumentDef *def = version->def;
  g_autofree ScoreAnswer *scored = g_new0(ScoreAnswer, MAX(def->n_items, 1));
  guint given = 0;
  for (guint i = 0; i < def->n_items; i++) {
    g_autofree char *field = instrument_form_field(version->item_ids[i]);
    g_autofree char *comment_field = instrument_form_comment_field(version->item_ids[i]);
    const char *raw = form_data_get(form, field);
    const char *comment = form_data_get(form, comment_field);
    answers[i] = (StoreAnswerInput){.item_id = version->item_ids[i]};
    if (comment != NULL) {
      json_object_set_new(echo, comment_field, json_string(comment));
      g_autofree char *trimmed = g_strstrip(g_strdup(comment));
      if (g_utf8_strlen(trimmed, -1) > 1000)
        form_result_add_error(fields, comment_field, _("Kommentaren må højst være 1000 tegn."));
      else if (*trimmed != '\0')
        answers[i].comment = comment;
    }
    if (raw == NULL || *raw == '\0')
      continue;
    json_object_set_new(echo, field, json_string(raw));
    char *end = NULL;
    gint64 v = g_ascii_strtoll(raw, &end, 10);
    if (end == raw || *end != '\0' || instrument_def_value(def, i, v) == NULL) {
      g_autofree char *msg = off_scale_message(&def->scales[def->items[i].scale]);
      form_result_add_error(fields, field, msg);
      continue;
    }
    answers[i].has_value = TRUE;
    answers[i].value = (int)v;
    scored[i] = (ScoreAnswer){TRUE, v};
    given++;
  }
  memset(total, 0, sizeof *total);
  scoring_score(def, scored, total, NULL, NULL);
  if (form_result_ok(fields)) {
    if (given == 0)
      form_result_add_error(fields, "items", _("Besvar mindst ét spørgsmål."));
    else if (def->has_total && !total->has_score && def->total.min_answered >= def->n_items) {
      g_autofree char *msg = g_strdup_printf(_("Besvar alle %u spørgsmål."), def->n_items);
      form_result_add_error(fields, "items", msg);
    } else if (def->has_total && !total->has_score) {
      g_autofree char *msg = g_strdup_printf(_("Besvar mindst %u af spørgsmålene."),
                                             def->total.min_answered);
      form_result_add_error(fields, "items", msg);
    }
  }
  return given;
}
