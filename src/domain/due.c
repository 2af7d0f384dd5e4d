/* due.c — the expected measurements of a course (due.h). */
#include "domain/due.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
  [DUE_START] = "start",
  [DUE_FOLLOW_UP] = "follow_up",
  [DUE_PHASE_CHANGE] = "phase_change",
  [DUE_END] = "end",
  [DUE_AFTER_END] = "after_end",
};

static const char *const status_names[] = {
  [DUE_STATUS_UPCOMING] = "upcoming", [DUE_STATUS_OPEN] = "open",
  [DUE_STATUS_OVERDUE] = "overdue",   [DUE_STATUS_MISSED] = "missed",
  [DUE_STATUS_DONE] = "done",         [DUE_STATUS_LATE] = "late",
  [DUE_STATUS_DRAFT] = "draft",
};

const char *
due_kind_name(DueKind kind)
{
  return (unsigned)kind < G_N_ELEMENTS(kind_names) ? kind_names[kind] : NULL;
}

gboolean
due_kind_parse(const char *name, DueKind *out_kind)
{
  for (guint k = 0; name != NULL && k < G_N_ELEMENTS(kind_names); k++)
    if (strcmp(name, kind_names[k]) == 0) {
      *out_kind = (DueKind)k;
      return TRUE;
    }
  return FALSE;
}

const char *
due_status_name(DueStatus status)
{
  return (unsigned)status < G_N_ELEMENTS(status_names) ? status_names[status] : NULL;
}

/* ---- Dates ------------------------------------------------------------------ */

/* Parses a strict ISO date into d; FALSE when it is not one. */
static gboolean
parse_date(const char *iso, GDate *d)
{
  if (iso == NULL || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit(iso[i]))
      return FALSE;
  int y = atoi(iso), m = atoi(iso + 5), day = atoi(iso + 8);
  if (!g_date_valid_dmy((GDateDay)day, (GDateMonth)m, (GDateYear)y))
    return FALSE;
  g_date_clear(d, 1);
  g_date_set_dmy(d, (GDateDay)day, (GDateMonth)m, (GDateYear)y);
  return TRUE;
}

static void
format_date(const GDate *d, char out[11])
{
  g_snprintf(out, 11, "%04d-%02d-%02d", g_date_get_year(d), g_date_get_month(d),
             g_date_get_day(d));
}

static GDate
add_days(GDate d, int days)
{
  if (days >= 0)
    g_date_add_days(&d, (guint)days);
  else
    g_date_subtract_days(&d, (guint)-days);
  return d;
}

/* Calendar months later; the 31st becomes the month's last day. */
static GDate
add_months(GDate d, int months)
{
  g_date_add_months(&d, (guint)months);
  return d;
}

static const GDate *
later(const GDate *a, const GDate *b)
{
  return g_date_compare(a, b) >= 0 ? a : b;
}

static const GDate *
earlier(const GDate *a, const GDate *b)
{
  return g_date_compare(a, b) <= 0 ? a : b;
}

/* ---- Deriving ----------------------------------------------------------------- */

/* One expectation under construction, with its plan order for sorting. */
typedef struct Slot {
  DueExpected e;
  GDate due, from, to;
  guint point_index, task_index;
} Slot;

static void
add_slot(GArray *slots, const DuePlanPoint *p, guint point_index, int sequence, int months,
         gint64 phase_id, GDate due, GDate from, GDate to, const GDate *limit)
{
  if (g_date_compare(&due, limit) > 0)
    return;
  for (guint t = 0; t < p->n_tasks; t++) {
    Slot s = {0};
    s.e.plan_point_id = p->id;
    s.e.kind = p->kind;
    s.e.sequence = sequence;
    s.e.months = months;
    s.e.phase_id = phase_id;
    s.e.instrument_key = p->tasks[t].instrument_key;
    s.e.respondent = p->tasks[t].respondent;
    s.due = due;
    s.from = from;
    s.to = to;
    format_date(&due, s.e.due_on);
    format_date(&from, s.e.window_from);
    format_date(&to, s.e.window_to);
    s.point_index = point_index;
    s.task_index = t;
    g_array_append_val(slots, s);
  }
}

static int
compare_slots(gconstpointer a, gconstpointer b)
{
  const Slot *x = a, *y = b;
  int c = g_date_compare(&x->due, &y->due);
  if (c != 0)
    return c;
  if (x->point_index != y->point_index)
    return x->point_index < y->point_index ? -1 : 1;
  return x->task_index < y->task_index ? -1 : x->task_index > y->task_index;
}

static gboolean
same_task(const DueExpected *e, const DueMeasurement *m)
{
  return !m->ad_hoc && g_strcmp0(e->instrument_key, m->instrument_key) == 0 &&
         g_strcmp0(e->respondent, m->respondent) == 0;
}

/* Whether measurement i already counts for plan point p. */
static gboolean
used_by(GHashTable *used, gint64 point_id, gsize i)
{
  g_autofree char *key = g_strdup_printf("%" G_GINT64_FORMAT ":%zu", point_id, i);
  return g_hash_table_contains(used, key);
}

static void
mark_used(GHashTable *used, gint64 point_id, gsize i)
{
  g_hash_table_add(used, g_strdup_printf("%" G_GINT64_FORMAT ":%zu", point_id, i));
}

static void
take(Slot *s, const DueMeasurement *m, gboolean late)
{
  s->e.measurement_id = m->id;
  g_strlcpy(s->e.measured_on, m->measured_on, sizeof s->e.measured_on);
  s->e.status = !m->approved ? DUE_STATUS_DRAFT : late ? DUE_STATUS_LATE : DUE_STATUS_DONE;
}

/* A window around due, at most w days either side, inside [low, high]. */
static void
window(const GDate *due, int w, const GDate *low, const GDate *high, GDate *out_from,
       GDate *out_to)
{
  GDate from = add_days(*due, -w), to = add_days(*due, w);
  *out_from = *later(&from, low);
  *out_to = *earlier(&to, high);
  if (g_date_compare(out_to, out_from) < 0)
    *out_to = *out_from;
}

GArray *
due_derive(const DuePlanPoint *points, gsize n_points, const DueCourse *course,
           const DueMeasurement *measurements, gsize n_measurements, const char *today,
           int horizon_days)
{
  GDate start, end, now;
  gboolean ended = course->ended_on != NULL;
  if (!parse_date(course->started_on, &start) || !parse_date(today, &now) ||
      (ended && !parse_date(course->ended_on, &end)))
    return NULL;
  GDate limit = add_days(now, MAX(horizon_days, 0));
  /* Windows of the points during the course end with it; a running
   * course has no end (a day far beyond anything derived stands for it). */
  GDate far = add_days(limit, 36600);
  const GDate *course_end = ended ? &end : &far;

  GArray *slots = g_array_new(FALSE, TRUE, sizeof(Slot));
  for (gsize i = 0; i < n_points; i++) {
    const DuePlanPoint *p = &points[i];
    int w = MAX(p->window_days, 0);
    GDate from, to;
    switch (p->kind) {
    case DUE_START:
      window(&start, w, &start, course_end, &from, &to);
      add_slot(slots, p, (guint)i, 1, 0, 0, start, from, to, &limit);
      break;
    case DUE_FOLLOW_UP:
      if (p->months < 1)
        break;
      for (int k = 1; k < 2400; k++) {
        GDate due = add_months(start, k * p->months);
        if ((ended && g_date_compare(&due, &end) >= 0) || g_date_compare(&due, &limit) > 0)
          break;
        window(&due, w, &start, course_end, &from, &to);
        add_slot(slots, p, (guint)i, k, k * p->months, 0, due, from, to, &limit);
      }
      break;
    case DUE_PHASE_CHANGE: {
      int sequence = 0;
      for (gsize k = 1; k < course->n_phases; k++) {
        const DuePhase *ph = &course->phases[k];
        GDate due;
        if ((p->phase_id != 0 && ph->phase_id != p->phase_id) ||
            !parse_date(ph->started_on, &due))
          continue;
        window(&due, w, &start, course_end, &from, &to);
        add_slot(slots, p, (guint)i, ++sequence, 0, ph->phase_id, due, from, to, &limit);
      }
      break;
    }
    case DUE_END:
      if (ended) {
        window(&end, w, &start, &far, &from, &to);
        add_slot(slots, p, (guint)i, 1, 0, 0, end, from, to, &limit);
      }
      break;
    case DUE_AFTER_END:
      if (ended && p->months >= 1) {
        GDate due = add_months(end, p->months);
        window(&due, w, &end, &far, &from, &to);
        add_slot(slots, p, (guint)i, 1, p->months, 0, due, from, to, &limit);
      }
      break;
    default:
      break;
    }
  }
  g_array_sort(slots, compare_slots);

  /* In-window matches first, for every expectation, so that a late match
   * never takes a measurement that belongs in a later window. */
  g_autoptr(GHashTable) used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint k = 0; k < slots->len; k++) {
    Slot *s = &g_array_index(slots, Slot, k);
    gssize best = -1;
    gint64 best_distance = 0;
    for (gsize i = 0; i < n_measurements; i++) {
      const DueMeasurement *m = &measurements[i];
      GDate on;
      if (!same_task(&s->e, m) || used_by(used, s->e.plan_point_id, i) ||
          !parse_date(m->measured_on, &on) || g_date_compare(&on, &s->from) < 0 ||
          g_date_compare(&on, &s->to) > 0)
        continue;
      gint64 distance = llabs((gint64)g_date_days_between(&s->due, &on));
      const DueMeasurement *b = best >= 0 ? &measurements[best] : NULL;
      if (b == NULL || distance < best_distance ||
          (distance == best_distance &&
           (strcmp(m->measured_on, b->measured_on) < 0 ||
            (strcmp(m->measured_on, b->measured_on) == 0 && m->id < b->id)))) {
        best = (gssize)i;
        best_distance = distance;
      }
    }
    if (best >= 0) {
      take(s, &measurements[best], FALSE);
      mark_used(used, s->e.plan_point_id, (gsize)best);
    }
  }

  /* The rest: late, or by where today stands. */
  for (guint k = 0; k < slots->len; k++) {
    Slot *s = &g_array_index(slots, Slot, k);
    if (s->e.measurement_id != 0)
      continue;
    if (g_date_compare(&now, &s->from) < 0) {
      s->e.status = DUE_STATUS_UPCOMING;
      continue;
    }
    if (g_date_compare(&now, &s->to) <= 0) {
      s->e.status = DUE_STATUS_OPEN;
      continue;
    }
    /* The next expectation of the same instrument and respondent. */
    const Slot *next = NULL;
    for (guint j = k + 1; j < slots->len && next == NULL; j++) {
      const Slot *o = &g_array_index(slots, Slot, j);
      if (g_date_compare(&o->due, &s->due) > 0 &&
          g_strcmp0(o->e.instrument_key, s->e.instrument_key) == 0 &&
          g_strcmp0(o->e.respondent, s->e.respondent) == 0)
        next = o;
    }
    gssize late = -1;
    for (gsize i = 0; i < n_measurements; i++) {
      const DueMeasurement *m = &measurements[i];
      GDate on;
      if (!same_task(&s->e, m) || used_by(used, s->e.plan_point_id, i) ||
          !parse_date(m->measured_on, &on) || g_date_compare(&on, &s->to) <= 0 ||
          (next != NULL && g_date_compare(&on, &next->from) >= 0))
        continue;
      if (late < 0 || strcmp(m->measured_on, measurements[late].measured_on) < 0 ||
          (strcmp(m->measured_on, measurements[late].measured_on) == 0 &&
           m->id < measurements[late].id))
        late = (gssize)i;
    }
    if (late >= 0) {
      take(s, &measurements[late], TRUE);
      mark_used(used, s->e.plan_point_id, (gsize)late);
    } else {
      s->e.status = next != NULL && g_date_compare(&next->due, &now) <= 0 ? DUE_STATUS_MISSED
                                                                          : DUE_STATUS_OVERDUE;
    }
  }

  GArray *out = g_array_sized_new(FALSE, TRUE, sizeof(DueExpected), slots->len);
  for (guint k = 0; k < slots->len; k++)
    g_array_append_val(out, g_array_index(slots, Slot, k).e);
  g_array_free(slots, TRUE);
  return out;
}

void
due_count(const GArray *expected, const char *from, const char *to, DueCounts *counts)
{
  for (guint k = 0; k < expected->len; k++) {
    const DueExpected *e = &g_array_index(expected, DueExpected, k);
    if ((from != NULL && strcmp(e->due_on, from) < 0) || (to != NULL && strcmp(e->due_on, to) > 0))
      continue;
    switch (e->status) {
    case DUE_STATUS_DONE: counts->done++; break;
    case DUE_STATUS_LATE: counts->late++; break;
    case DUE_STATUS_DRAFT: counts->draft++; break;
    case DUE_STATUS_MISSED: counts->missed++; break;
    case DUE_STATUS_OVERDUE: counts->overdue++; break;
    case DUE_STATUS_OPEN: counts->open++; break;
    case DUE_STATUS_UPCOMING: counts->upcoming++; break;
    default: break;
    }
  }
}

double
due_completeness(const DueCounts *c)
{
  guint due = c->done + c->late + c->draft + c->missed + c->overdue;
  return due == 0 ? -1.0 : 100.0 * c->done / due;
}

/* ---- From the store's JSON ------------------------------------------------------ */

json_t *
due_derive_json(const json_t *plans, const json_t *course, const char *today, int horizon_days)
{
  gint64 intervention = json_integer_value(json_object_get(course, "intervention_id"));
  g_autoptr(GArray) points = g_array_new(FALSE, TRUE, sizeof(DuePlanPoint));
  g_autoptr(GPtrArray) task_lists = g_ptr_array_new_with_free_func(g_free);
  size_t i;
  json_t *p;
  json_array_foreach(plans, i, p) {
    DuePlanPoint point = {0};
    if (json_integer_value(json_object_get(p, "intervention_id")) != intervention ||
        !due_kind_parse(json_string_value(json_object_get(p, "kind")), &point.kind))
      continue;
    point.id = json_integer_value(json_object_get(p, "id"));
    point.months = (int)json_integer_value(json_object_get(p, "months"));
    point.phase_id = json_integer_value(json_object_get(p, "phase_id"));
    point.window_days = (int)json_integer_value(json_object_get(p, "window_days"));
    json_t *tasks = json_object_get(p, "tasks");
    DueTask *list = g_new0(DueTask, MAX(json_array_size(tasks), 1));
    size_t t;
    json_t *task;
    json_array_foreach(tasks, t, task) {
      list[t].instrument_key = json_string_value(json_object_get(task, "instrument_key"));
      list[t].respondent = json_string_value(json_object_get(task, "respondent"));
    }
    g_ptr_array_add(task_lists, list);
    point.tasks = list;
    point.n_tasks = json_array_size(tasks);
    g_array_append_val(points, point);
  }

  json_t *phase_rows = json_object_get(course, "phases");
  g_autofree DuePhase *phases = g_new0(DuePhase, MAX(json_array_size(phase_rows), 1));
  json_array_foreach(phase_rows, i, p) {
    phases[i].phase_id = json_integer_value(json_object_get(p, "phase_id"));
    phases[i].started_on = json_string_value(json_object_get(p, "started_on"));
  }
  json_t *m_rows = json_object_get(course, "measurements");
  g_autofree DueMeasurement *ms = g_new0(DueMeasurement, MAX(json_array_size(m_rows), 1));
  json_array_foreach(m_rows, i, p) {
    ms[i].id = json_integer_value(json_object_get(p, "id"));
    ms[i].instrument_key = json_string_value(json_object_get(p, "instrument_key"));
    ms[i].respondent = json_string_value(json_object_get(p, "respondent"));
    ms[i].measured_on = json_string_value(json_object_get(p, "measured_on"));
    ms[i].approved = g_strcmp0(json_string_value(json_object_get(p, "status")), "approved") == 0;
    ms[i].ad_hoc = g_strcmp0(json_string_value(json_object_get(p, "point")), "ad_hoc") == 0;
  }
  DueCourse c = {
    .started_on = json_string_value(json_object_get(course, "started_on")),
    .ended_on = json_string_value(json_object_get(course, "ended_on")),
    .phases = phases,
    .n_phases = json_array_size(phase_rows),
  };
  g_autoptr(GArray) expected = due_derive((const DuePlanPoint *)points->data, points->len, &c, ms,
                                          json_array_size(m_rows), today, horizon_days);
  if (expected == NULL)
    return NULL;
  json_t *out = json_array();
  for (guint k = 0; k < expected->len; k++) {
    const DueExpected *e = &g_array_index(expected, DueExpected, k);
    json_t *row = json_pack(
      "{s:I, s:s, s:i, s:i, s:s, s:s, s:s, s:s?, s:s?, s:s}", "plan_point_id",
      (json_int_t)e->plan_point_id, "kind", due_kind_name(e->kind), "sequence", e->sequence,
      "months", e->months, "due_on", e->due_on, "window_from", e->window_from, "window_to",
      e->window_to, "instrument_key", e->instrument_key, "respondent", e->respondent, "status",
      due_status_name(e->status));
    json_object_set_new(row, "phase_id", e->phase_id ? json_integer(e->phase_id) : json_null());
    json_object_set_new(row, "measurement_id",
                        e->measurement_id ? json_integer(e->measurement_id) : json_null());
    json_object_set_new(row, "measured_on",
                        e->measured_on[0] ? json_string(e->measured_on) : json_null());
    json_array_append_new(out, row);
  }
  return out;
}
