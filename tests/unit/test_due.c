/* test_due.c — the expected measurements of a course, against examples
 * worked out by hand (the dates and statuses below were counted on a
 * calendar, not computed). */
#include <glib.h>
#include <string.h>

#include "domain/due.h"

static const DueTask vum_staff[] = {{"vum-livsomraader", "staff"}};
static const DueTask vum_and_who5[] = {{"vum-livsomraader", "staff"}, {"who-5", "citizen"}};

static const DueExpected *
at(const GArray *a, guint i)
{
  g_assert_cmpuint(i, <, a->len);
  return &g_array_index(a, DueExpected, i);
}

static void
assert_expected(const DueExpected *e, DueKind kind, const char *due, const char *from,
                const char *to, DueStatus status, gint64 measurement)
{
  g_assert_cmpstr(due_kind_name(e->kind), ==, due_kind_name(kind));
  g_assert_cmpstr(e->due_on, ==, due);
  g_assert_cmpstr(e->window_from, ==, from);
  g_assert_cmpstr(e->window_to, ==, to);
  g_assert_cmpstr(due_status_name(e->status), ==, due_status_name(status));
  g_assert_cmpint(e->measurement_id, ==, measurement);
}

/* An ended course: start, quarterly follow-ups, end, six months after. */
static void
test_ended_course(void)
{
  const DuePlanPoint plan[] = {
    {.id = 1, .kind = DUE_START, .window_days = 14, .tasks = vum_staff, .n_tasks = 1},
    {.id = 2, .kind = DUE_FOLLOW_UP, .months = 3, .window_days = 21, .tasks = vum_staff,
     .n_tasks = 1},
    {.id = 3, .kind = DUE_END, .window_days = 14, .tasks = vum_staff, .n_tasks = 1},
    {.id = 4, .kind = DUE_AFTER_END, .months = 6, .window_days = 30, .tasks = vum_staff,
     .n_tasks = 1},
  };
  const DueCourse course = {.started_on = "2026-01-15", .ended_on = "2026-09-30"};
  const DueMeasurement ms[] = {
    {101, "vum-livsomraader", "staff", "2026-01-20", TRUE, FALSE},
    {102, "vum-livsomraader", "staff", "2026-05-10", TRUE, FALSE},  /* after FU1's window */
    {103, "vum-livsomraader", "staff", "2026-10-01", TRUE, FALSE},
    {104, "vum-livsomraader", "staff", "2026-07-10", TRUE, TRUE},   /* ad hoc: never counts */
    {105, "vum-livsomraader", "citizen", "2026-07-15", TRUE, FALSE}, /* another respondent */
    {106, "who-5", "staff", "2026-07-15", TRUE, FALSE},              /* another instrument */
  };
  g_autoptr(GArray) e = due_derive(plan, G_N_ELEMENTS(plan), &course, ms, G_N_ELEMENTS(ms),
                                   "2026-11-01", 30);
  g_assert_nonnull(e);
  /* FU3 would be 15-10, after the end; the after-end point (30-03-2027)
   * lies beyond today + 30 days. */
  g_assert_cmpuint(e->len, ==, 4);
  assert_expected(at(e, 0), DUE_START, "2026-01-15", "2026-01-15", "2026-01-29", DUE_STATUS_DONE,
                  101);
  assert_expected(at(e, 1), DUE_FOLLOW_UP, "2026-04-15", "2026-03-25", "2026-05-06",
                  DUE_STATUS_LATE, 102);
  g_assert_cmpint(at(e, 1)->sequence, ==, 1);
  g_assert_cmpint(at(e, 1)->months, ==, 3);
  g_assert_cmpstr(at(e, 1)->measured_on, ==, "2026-05-10");
  /* Nothing from 24-06 to 05-08, nothing late before the end's window
   * opens (16-09), and the end is due by today: missed. */
  assert_expected(at(e, 2), DUE_FOLLOW_UP, "2026-07-15", "2026-06-24", "2026-08-05",
                  DUE_STATUS_MISSED, 0);
  g_assert_cmpint(at(e, 2)->sequence, ==, 2);
  assert_expected(at(e, 3), DUE_END, "2026-09-30", "2026-09-16", "2026-10-14", DUE_STATUS_DONE,
                  103);

  DueCounts counts = {0};
  due_count(e, NULL, NULL, &counts);
  g_assert_cmpuint(counts.done, ==, 2);
  g_assert_cmpuint(counts.late, ==, 1);
  g_assert_cmpuint(counts.missed, ==, 1);
  g_assert_cmpfloat(due_completeness(&counts), ==, 50.0);
  /* The second quarter only: FU1 (late) alone is due. */
  DueCounts q2 = {0};
  due_count(e, "2026-04-01", "2026-06-30", &q2);
  g_assert_cmpuint(q2.late, ==, 1);
  g_assert_cmpuint(q2.done + q2.missed + q2.overdue, ==, 0);
  g_assert_cmpfloat(due_completeness(&q2), ==, 0.0);

  /* Half a year later the after-end measurement is due and open. */
  g_autoptr(GArray) later = due_derive(plan, G_N_ELEMENTS(plan), &course, ms, G_N_ELEMENTS(ms),
                                       "2027-03-15", 30);
  g_assert_cmpuint(later->len, ==, 5);
  assert_expected(at(later, 4), DUE_AFTER_END, "2027-03-30", "2027-02-28", "2027-04-29",
                  DUE_STATUS_OPEN, 0);
}

/* A running course: monthly follow-ups from the 31st (clamped to the
 * month's last day), two tasks, a phase change, a draft. */
static void
test_running_course(void)
{
  const DuePlanPoint plan[] = {
    {.id = 1, .kind = DUE_START, .window_days = 7, .tasks = vum_staff, .n_tasks = 1},
    {.id = 2, .kind = DUE_FOLLOW_UP, .months = 1, .window_days = 5, .tasks = vum_and_who5,
     .n_tasks = 2},
    {.id = 3, .kind = DUE_PHASE_CHANGE, .phase_id = 20, .window_days = 10, .tasks = vum_staff,
     .n_tasks = 1},
  };
  const DuePhase phases[] = {{10, "2026-01-31"}, {20, "2026-03-10"}, {30, "2026-04-02"}};
  const DueCourse course = {.started_on = "2026-01-31", .phases = phases, .n_phases = 3};
  const DueMeasurement ms[] = {
    {1, "vum-livsomraader", "staff", "2026-02-03", TRUE, FALSE},
    {2, "vum-livsomraader", "staff", "2026-03-08", FALSE, FALSE}, /* a draft */
    {3, "who-5", "citizen", "2026-03-01", TRUE, FALSE},
    {4, "vum-livsomraader", "staff", "2026-01-20", TRUE, FALSE},  /* before the course */
  };
  g_autoptr(GArray) e = due_derive(plan, G_N_ELEMENTS(plan), &course, ms, G_N_ELEMENTS(ms),
                                   "2026-04-03", 30);
  g_assert_nonnull(e);
  g_assert_cmpuint(e->len, ==, 8);
  assert_expected(at(e, 0), DUE_START, "2026-01-31", "2026-01-31", "2026-02-07", DUE_STATUS_DONE,
                  1);
  /* 31-01 + 1 month = 28-02.  The draft of 08-03 lies outside the window,
   * and the phase change's window opened (28-02) before this one closed:
   * nothing late; the phase change is due by today, so it is missed. */
  assert_expected(at(e, 1), DUE_FOLLOW_UP, "2026-02-28", "2026-02-23", "2026-03-05",
                  DUE_STATUS_MISSED, 0);
  g_assert_cmpstr(at(e, 1)->instrument_key, ==, "vum-livsomraader");
  assert_expected(at(e, 2), DUE_FOLLOW_UP, "2026-02-28", "2026-02-23", "2026-03-05",
                  DUE_STATUS_DONE, 3);
  g_assert_cmpstr(at(e, 2)->respondent, ==, "citizen");
  /* Entering phase 20 on 10-03; entering phase 30 is no such point. */
  assert_expected(at(e, 3), DUE_PHASE_CHANGE, "2026-03-10", "2026-02-28", "2026-03-20",
                  DUE_STATUS_DRAFT, 2);
  g_assert_cmpint(at(e, 3)->phase_id, ==, 20);
  assert_expected(at(e, 4), DUE_FOLLOW_UP, "2026-03-31", "2026-03-26", "2026-04-05",
                  DUE_STATUS_OPEN, 0);
  assert_expected(at(e, 5), DUE_FOLLOW_UP, "2026-03-31", "2026-03-26", "2026-04-05",
                  DUE_STATUS_OPEN, 0);
  /* 31-01 + 3 months = 30-04; 31-05 lies beyond 03-05 (today + 30). */
  assert_expected(at(e, 6), DUE_FOLLOW_UP, "2026-04-30", "2026-04-25", "2026-05-05",
                  DUE_STATUS_UPCOMING, 0);
  assert_expected(at(e, 7), DUE_FOLLOW_UP, "2026-04-30", "2026-04-25", "2026-05-05",
                  DUE_STATUS_UPCOMING, 0);
  g_assert_cmpint(at(e, 7)->sequence, ==, 3);

  DueCounts counts = {0};
  due_count(e, NULL, NULL, &counts);
  g_assert_cmpuint(counts.done, ==, 2);
  g_assert_cmpuint(counts.draft, ==, 1);
  g_assert_cmpuint(counts.missed, ==, 1);
  g_assert_cmpuint(counts.open, ==, 2);
  g_assert_cmpuint(counts.upcoming, ==, 2);
  g_assert_cmpfloat(due_completeness(&counts), ==, 50.0);
}

/* Overdue until the next one of its kind is due, then missed. */
static void
test_overdue_then_missed(void)
{
  const DuePlanPoint plan[] = {
    {.id = 1, .kind = DUE_START, .window_days = 14, .tasks = vum_staff, .n_tasks = 1},
    {.id = 2, .kind = DUE_FOLLOW_UP, .months = 1, .window_days = 3, .tasks = vum_staff,
     .n_tasks = 1},
  };
  const DueCourse course = {.started_on = "2026-03-01"};
  g_autoptr(GArray) e = due_derive(plan, 2, &course, NULL, 0, "2026-03-20", 30);
  g_assert_cmpuint(e->len, ==, 2);
  assert_expected(at(e, 0), DUE_START, "2026-03-01", "2026-03-01", "2026-03-15",
                  DUE_STATUS_OVERDUE, 0);
  assert_expected(at(e, 1), DUE_FOLLOW_UP, "2026-04-01", "2026-03-29", "2026-04-04",
                  DUE_STATUS_UPCOMING, 0);
  DueCounts counts = {0};
  due_count(e, NULL, NULL, &counts);
  g_assert_cmpfloat(due_completeness(&counts), ==, 0.0);

  g_autoptr(GArray) later = due_derive(plan, 2, &course, NULL, 0, "2026-04-02", 0);
  g_assert_cmpuint(later->len, ==, 2);
  g_assert_cmpint(at(later, 0)->status, ==, DUE_STATUS_MISSED);
  g_assert_cmpint(at(later, 1)->status, ==, DUE_STATUS_OPEN);

  /* A late measurement before the follow-up's window opens makes up for it. */
  const DueMeasurement late[] = {{7, "vum-livsomraader", "staff", "2026-03-22", TRUE, FALSE}};
  g_autoptr(GArray) made_up = due_derive(plan, 2, &course, late, 1, "2026-04-02", 0);
  g_assert_cmpint(at(made_up, 0)->status, ==, DUE_STATUS_LATE);
  g_assert_cmpint(at(made_up, 0)->measurement_id, ==, 7);
  g_assert_cmpint(at(made_up, 1)->status, ==, DUE_STATUS_OPEN);
  /* Without a start measurement nothing was due yet on the start day
   * itself: the window is open. */
  g_autoptr(GArray) first_day = due_derive(plan, 2, &course, NULL, 0, "2026-03-01", 0);
  g_assert_cmpuint(first_day->len, ==, 1);
  g_assert_cmpint(at(first_day, 0)->status, ==, DUE_STATUS_OPEN);
  DueCounts none = {0};
  due_count(first_day, NULL, NULL, &none);
  g_assert_cmpfloat(due_completeness(&none), ==, -1.0);
}

/* Several raters in one window: the one nearest the due date counts;
 * one measurement counts for two points that share a window. */
static void
test_raters_and_shared_windows(void)
{
  const DuePlanPoint plan[] = {
    {.id = 1, .kind = DUE_FOLLOW_UP, .months = 2, .window_days = 10, .tasks = vum_staff,
     .n_tasks = 1},
    {.id = 2, .kind = DUE_PHASE_CHANGE, .window_days = 10, .tasks = vum_staff, .n_tasks = 1},
  };
  const DuePhase phases[] = {{1, "2026-01-10"}, {2, "2026-03-12"}};
  const DueCourse course = {.started_on = "2026-01-10", .phases = phases, .n_phases = 2};
  const DueMeasurement ms[] = {
    {11, "vum-livsomraader", "staff", "2026-03-04", TRUE, FALSE},
    {12, "vum-livsomraader", "staff", "2026-03-11", TRUE, FALSE},
    {13, "vum-livsomraader", "staff", "2026-03-11", TRUE, FALSE},
  };
  g_autoptr(GArray) e = due_derive(plan, 2, &course, ms, 3, "2026-03-31", 0);
  g_assert_cmpuint(e->len, ==, 2);
  /* Due 10-03: 11-03 (one day off) beats 04-03 (six); of the two on
   * 11-03 the lower id. */
  assert_expected(at(e, 0), DUE_FOLLOW_UP, "2026-03-10", "2026-02-28", "2026-03-20",
                  DUE_STATUS_DONE, 12);
  /* Any phase change, due 12-03: the same measurement counts again. */
  assert_expected(at(e, 1), DUE_PHASE_CHANGE, "2026-03-12", "2026-03-02", "2026-03-22",
                  DUE_STATUS_DONE, 12);
}

static void
test_bad_input(void)
{
  const DuePlanPoint plan[] = {
    {.id = 1, .kind = DUE_START, .window_days = 7, .tasks = vum_staff, .n_tasks = 1}};
  DueCourse course = {.started_on = "2026-02-30"};
  g_assert_null(due_derive(plan, 1, &course, NULL, 0, "2026-03-01", 30));
  course.started_on = "2026-02-01";
  g_assert_null(due_derive(plan, 1, &course, NULL, 0, "01-03-2026", 30));
  course.ended_on = "x";
  g_assert_null(due_derive(plan, 1, &course, NULL, 0, "2026-03-01", 30));
  /* A measurement with a broken date simply never counts. */
  course.ended_on = NULL;
  const DueMeasurement ms[] = {{1, "vum-livsomraader", "staff", "soon", TRUE, FALSE}};
  g_autoptr(GArray) e = due_derive(plan, 1, &course, ms, 1, "2026-03-01", 30);
  g_assert_cmpint(at(e, 0)->status, ==, DUE_STATUS_OVERDUE);
}

/* The JSON adapter picks the course's own plan and reads the store's rows. */
static void
test_json(void)
{
  json_t *plans = json_loads(
    "[{\"id\": 5, \"intervention_id\": 2, \"kind\": \"start\", \"months\": null,"
    "  \"phase_id\": null, \"window_days\": 7,"
    "  \"tasks\": [{\"instrument_key\": \"who-5\", \"respondent\": \"citizen\"}]},"
    " {\"id\": 6, \"intervention_id\": 3, \"kind\": \"start\", \"months\": null,"
    "  \"phase_id\": null, \"window_days\": 7,"
    "  \"tasks\": [{\"instrument_key\": \"vum-livsomraader\", \"respondent\": \"staff\"}]}]",
    0, NULL);
  json_t *course = json_loads(
    "{\"id\": 9, \"intervention_id\": 2, \"started_on\": \"2026-05-01\", \"ended_on\": null,"
    " \"phases\": [{\"phase_id\": 1, \"started_on\": \"2026-05-01\"}],"
    " \"measurements\": [{\"id\": 40, \"instrument_key\": \"who-5\", \"respondent\": \"citizen\","
    "   \"measured_on\": \"2026-05-03\", \"status\": \"approved\", \"point\": \"start\"}]}",
    0, NULL);
  g_assert_nonnull(plans);
  g_assert_nonnull(course);
  json_t *out = due_derive_json(plans, course, "2026-05-20", 30);
  g_assert_cmpuint(json_array_size(out), ==, 1);
  json_t *e = json_array_get(out, 0);
  g_assert_cmpint(json_integer_value(json_object_get(e, "plan_point_id")), ==, 5);
  g_assert_cmpstr(json_string_value(json_object_get(e, "status")), ==, "done");
  g_assert_cmpint(json_integer_value(json_object_get(e, "measurement_id")), ==, 40);
  g_assert_cmpstr(json_string_value(json_object_get(e, "window_to")), ==, "2026-05-08");
  g_assert_true(json_is_null(json_object_get(e, "phase_id")));
  json_decref(out);
  json_decref(plans);
  json_decref(course);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/due/ended-course", test_ended_course);
  g_test_add_func("/due/running-course", test_running_course);
  g_test_add_func("/due/overdue-then-missed", test_overdue_then_missed);
  g_test_add_func("/due/raters-and-shared-windows", test_raters_and_shared_windows);
  g_test_add_func("/due/bad-input", test_bad_input);
  g_test_add_func("/due/json", test_json);
  return g_test_run();
}
