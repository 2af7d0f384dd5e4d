/* cost.c — the cost report's arithmetic; see cost.h. */
#include "domain/cost.h"

#include <string.h>

/* An ISO date "YYYY-MM-DD" as a day number, or 0 when invalid. */
static guint32
julian(const char *iso)
{
  if (iso == NULL || strlen(iso) != 10)
    return 0;
  GDate date;
  g_date_clear(&date, 1);
  guint y = 0, m = 0, d = 0;
  if (sscanf(iso, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy(d, m, y))
    return 0;
  g_date_set_dmy(&date, d, m, y);
  return g_date_get_julian(&date);
}

gint64
cost_days(const char *from, const char *to)
{
  guint32 a = julian(from), b = julian(to);
  if (a == 0 || b == 0 || b < a)
    return 0;
  return (gint64)(b - a) + 1;
}

static gint64
id_of(const json_t *row, const char *key)
{
  return json_integer_value(json_object_get(row, key));
}

json_t *
cost_report_rows(const json_t *data, const char *from, const char *to, guint k)
{
  json_t *out = json_array();
  gint64 period_days = cost_days(from, to);
  guint32 p_from = julian(from), p_to = julian(to);
  gboolean higher = json_is_true(json_object_get(data, "higher_is_better"));
  size_t i, j;
  json_t *iv;
  json_array_foreach(json_object_get(data, "interventions"), i, iv) {
    gint64 id = id_of(iv, "id");

    double cost = 0;
    gint64 covered = 0;
    gboolean any_cost = FALSE;
    json_t *c;
    json_array_foreach(json_object_get(data, "costs"), j, c) {
      if (id_of(c, "intervention_id") != id)
        continue;
      const char *s = json_string_value(json_object_get(c, "period_start"));
      const char *e = json_string_value(json_object_get(c, "period_end"));
      gint64 days = cost_days(s, e);
      if (days == 0 || p_from == 0 || p_to == 0)
        continue;
      guint32 a = MAX(julian(s), p_from), b = MIN(julian(e), p_to);
      if (b < a)
        continue;
      gint64 overlap = (gint64)(b - a) + 1;
      cost += json_number_value(json_object_get(c, "amount")) * (double)overlap / (double)days;
      covered += overlap;
      any_cost = TRUE;
    }

    gint64 courses = 0;
    json_array_foreach(json_object_get(data, "courses"), j, c)
      if (id_of(c, "intervention_id") == id)
        courses++;

    /* Scores come by course and day: the first and last of each course. */
    gint64 measured = 0, current = 0, n_scores = 0;
    double first = 0, last = 0, improvement = 0;
    const json_t *scores = json_object_get(data, "scores");
    for (j = 0; j <= json_array_size(scores); j++) {
      const json_t *s = json_array_get(scores, j); /* NULL past the end */
      gint64 course = s ? id_of(s, "course_id") : -1;
      if (course != current) {
        if (n_scores >= 2) {
          measured++;
          improvement += higher ? last - first : first - last;
        }
        current = course;
        n_scores = 0;
      }
      if (s == NULL || id_of(s, "intervention_id") != id)
        continue;
      double v = json_number_value(json_object_get(s, "score"));
      if (n_scores++ == 0)
        first = v;
      last = v;
    }

    gboolean few_courses = courses < (gint64)k;
    gboolean few_measured = measured < (gint64)k;
    json_t *row = json_object();
    json_object_set_new(row, "intervention_id", json_integer(id));
    json_object_set(row, "name", json_object_get(iv, "name"));
    json_object_set(row, "offer_name", json_object_get(iv, "offer_name"));
    json_object_set_new(row, "cost", any_cost ? json_real(cost) : json_null());
    json_object_set_new(row, "cost_days", json_integer(covered));
    json_object_set_new(row, "period_days", json_integer(period_days));
    json_object_set_new(row, "courses", few_courses ? json_null() : json_integer(courses));
    json_object_set_new(row, "cost_per_course",
                        any_cost && !few_courses && courses > 0 ? json_real(cost / courses)
                                                                : json_null());
    json_object_set_new(row, "measured_courses",
                        few_measured ? json_null() : json_integer(measured));
    json_object_set_new(row, "improvement", few_measured ? json_null() : json_real(improvement));
    json_object_set_new(row, "cost_per_point",
                        any_cost && !few_measured && improvement > 0
                          ? json_real(cost / improvement) : json_null());
    json_object_set_new(row, "suppressed", json_boolean(few_courses || few_measured));
    json_array_append_new(out, row);
  }
  return out;
}
