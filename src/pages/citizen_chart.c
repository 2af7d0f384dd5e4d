/* citizen_chart.c — from a citizen's measurements to a chart model. */
#include "pages/citizen_chart.h"

#include <string.h>

json_t *
citizen_chart_model(const json_t *citizen, const json_t *measurements,
                    const json_t *instrument, SporLang lang)
{
  const char *key = json_string_value(json_object_get(instrument, "key"));
  json_t *chosen = json_array();
  size_t i;
  json_t *m;
  json_array_foreach(measurements, i, m) {
    const char *mkey = json_string_value(json_object_get(m, "instrument_key"));
    const char *status = json_string_value(json_object_get(m, "status"));
    if (mkey && key && strcmp(mkey, key) == 0 && status && strcmp(status, "approved") == 0)
      json_array_append(chosen, m);
  }
  size_t n = json_array_size(chosen);
  if (n == 0) {
    json_decref(chosen);
    return NULL;
  }

  json_t *x = json_array();
  json_array_foreach(chosen, i, m)
    json_array_append(x, json_object_get(m, "measured_on_display"));

  const char *text_key = lang == SPOR_LANG_EN ? "text_en" : "text_da";
  json_t *series = json_array();
  size_t k;
  json_t *item;
  json_array_foreach(json_object_get(instrument, "items"), k, item) {
    /* By key, not row id: older measurements were answered on older
     * versions of the instrument, whose items have rows of their own. */
    const char *item_key = json_string_value(json_object_get(item, "key"));
    json_t *values = json_array();
    json_array_foreach(chosen, i, m) {
      json_t *value = json_null();
      size_t a;
      json_t *answer;
      json_array_foreach(json_object_get(m, "answers"), a, answer) {
        const char *answer_key = json_string_value(json_object_get(answer, "item_key"));
        if (item_key != NULL && answer_key != NULL && strcmp(answer_key, item_key) == 0) {
          json_t *v = json_object_get(answer, "value");
          if (json_is_integer(v))
            value = json_integer(json_integer_value(v));
          break;
        }
      }
      json_array_append_new(values, value);
    }
    json_array_append_new(series, json_pack("{s:O, s:o}", "name", json_object_get(item, text_key),
                                            "values", values));
  }
  json_t *means = json_array();
  json_array_foreach(chosen, i, m) {
    json_t *score = json_object_get(m, "score");
    json_array_append_new(means, json_is_number(score) ? json_real(json_number_value(score))
                                                       : json_null());
  }
  json_array_append_new(series, json_pack("{s:s, s:o}", "name", _("Gennemsnit"), "values", means));

  gboolean higher_better = json_is_true(json_object_get(instrument, "higher_is_better")) ||
                           json_integer_value(json_object_get(instrument, "higher_is_better")) == 1;
  const char *first = json_string_value(json_array_get(x, 0));
  const char *last = json_string_value(json_array_get(x, n - 1));
  g_autofree char *description = g_strdup_printf(
    _("%s: score for %zu livsområder ved %zu målinger fra %s til %s. %s"),
    json_string_value(json_object_get(citizen, "first_name")),
    json_array_size(json_object_get(instrument, "items")), n, first ? first : "",
    last ? last : "",
    higher_better ? _("En højere score er bedre.")
                  : _("En lavere score betyder flere ressourcer og mindre brug for støtte."));
  json_t *chart = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:O, s:O, s:i, s:s, s:o}",
    "kind", "line",
    "title", _("Livsområder over tid"),
    "description", description,
    "x_label", _("Måling"),
    "y_label", _("Score"),
    "x", x,
    "y_min", json_object_get(instrument, "scale_min"),
    "y_max", json_object_get(instrument, "scale_max"),
    "y_step", 1,
    "y_direction", higher_better ? "higher_is_better" : "lower_is_better",
    "series", series);
  json_decref(chosen);
  return chart;
}
