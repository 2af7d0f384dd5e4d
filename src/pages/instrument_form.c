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
