/* test_costs.c — the cost report's arithmetic (domain/cost.c) on
 * hand-worked figures, and the store's costs and team queries
 * (store/team.h) on the demo's data: entering and correcting costs, the
 * refusals, and who reaches what.  On SQLite, and on PostgreSQL when
 * SPOR_TEST_PG is set. */
#include <math.h>

#include "core/clock.h"
#include "domain/cost.h"
#include "domain/demo.h"
#include "domain/instrument.h"
#include "store/store.h"
#include "store/team.h"
#include "testdb.h"

static void
test_days(void)
{
  g_assert_cmpint(cost_days("2026-01-01", "2026-12-31"), ==, 365);
  g_assert_cmpint(cost_days("2024-01-01", "2024-12-31"), ==, 366);
  g_assert_cmpint(cost_days("2026-03-01", "2026-03-01"), ==, 1);
  g_assert_cmpint(cost_days("2026-03-02", "2026-03-01"), ==, 0);
  g_assert_cmpint(cost_days("2026-02-30", "2026-03-01"), ==, 0);
  g_assert_cmpint(cost_days("26-01-01", "2026-03-01"), ==, 0);
  g_assert_cmpint(cost_days(NULL, "2026-03-01"), ==, 0);
}

/* Two interventions: the first with a year's cost, six courses of which
 * five were measured twice (each 0.5 better on a lower-is-better scale)
 * and one once; the second with three courses, too few to show. */
static json_t *
worked_data(gboolean higher_is_better)
{
  json_t *data = json_pack(
    "{s:[{s:i, s:s, s:s}, {s:i, s:s, s:s}], s:[{s:i, s:s, s:s, s:f}, {s:i, s:s, s:s, s:f}],"
    " s:[], s:[], s:b}",
    "interventions", "id", 1, "name", "Bostøtte", "offer_name", "A", "id", 2, "name", "Efterværn",
    "offer_name", "A",
    "costs", "intervention_id", 1, "period_start", "2026-01-01", "period_end", "2026-12-31",
    "amount", 36500.0, "intervention_id", 2, "period_start", "2025-10-01", "period_end",
    "2026-01-31", "amount", 12300.0,
    "courses", "scores", "higher_is_better", higher_is_better);
  json_t *courses = json_object_get(data, "courses");
  json_t *scores = json_object_get(data, "scores");
  for (int k = 1; k <= 9; k++)
    json_array_append_new(courses, json_pack("{s:i, s:i}", "intervention_id", k <= 6 ? 1 : 2,
                                             "course_id", k));
  for (int k = 1; k <= 6; k++) {
    json_array_append_new(scores, json_pack("{s:i, s:i, s:s, s:f}", "intervention_id", 1,
                                            "course_id", k, "measured_on", "2026-01-10",
                                            "score", 2.5));
    if (k <= 5) {
      json_array_append_new(scores, json_pack("{s:i, s:i, s:s, s:f}", "intervention_id", 1,
                                              "course_id", k, "measured_on", "2026-02-10",
                                              "score", 2.25));
      json_array_append_new(scores, json_pack("{s:i, s:i, s:s, s:f}", "intervention_id", 1,
                                              "course_id", k, "measured_on", "2026-03-10",
                                              "score", 2.0));
    }
  }
  return data;
}

static void
test_rows(void)
{
  json_t *data = worked_data(FALSE);
  json_t *rows = cost_report_rows(data, "2026-01-01", "2026-03-31", 5);
  g_assert_cmpuint(json_array_size(rows), ==, 2);
  json_t *a = json_array_get(rows, 0), *b = json_array_get(rows, 1);
  /* 90 of the year's 365 days. */
  g_assert_cmpfloat_with_epsilon(json_real_value(json_object_get(a, "cost")), 9000.0, 1e-6);
  g_assert_cmpint(json_integer_value(json_object_get(a, "cost_days")), ==, 90);
  g_assert_cmpint(json_integer_value(json_object_get(a, "period_days")), ==, 90);
  g_assert_cmpint(json_integer_value(json_object_get(a, "courses")), ==, 6);
  g_assert_cmpfloat_with_epsilon(json_real_value(json_object_get(a, "cost_per_course")), 1500.0,
                                 1e-6);
  /* First to last: 2.5 → 2.0 in five courses; the sixth has one score. */
  g_assert_cmpint(json_integer_value(json_object_get(a, "measured_courses")), ==, 5);
  g_assert_cmpfloat_with_epsilon(json_real_value(json_object_get(a, "improvement")), 2.5, 1e-9);
  g_assert_cmpfloat_with_epsilon(json_real_value(json_object_get(a, "cost_per_point")), 3600.0,
                                 1e-6);
  g_assert_false(json_is_true(json_object_get(a, "suppressed")));
  /* 31 of 123 days; three courses are too few: withheld, the cost shown. */
  g_assert_cmpfloat_with_epsilon(json_real_value(json_object_get(b, "cost")), 12300.0 * 31 / 123,
                                 1e-6);
  g_assert_true(json_is_null(json_object_get(b, "courses")));
  g_assert_true(json_is_null(json_object_get(b, "cost_per_course")));
  g_assert_true(json_is_null(json_object_get(b, "improvement")));
  g_assert_true(json_is_null(json_object_get(b, "cost_per_point")));
  g_assert_true(json_is_true(json_object_get(b, "suppressed")));
  json_decref(rows);

  /* k 7: the first is withheld too. */
  rows = cost_report_rows(data, "2026-01-01", "2026-03-31", 7);
  g_assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "cost_per_course")));
  json_decref(rows);
  /* A period without any cost: cost null, nothing to divide. */
  rows = cost_report_rows(data, "2027-01-01", "2027-03-31", 5);
  g_assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "cost")));
  g_assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "cost_per_course")));
  json_decref(rows);
  json_decref(data);

  /* On a higher-is-better scale the same scores are a deterioration: no
   * cost per point. */
  data = worked_data(TRUE);
  rows = cost_report_rows(data, "2026-01-01", "2026-03-31", 5);
  a = json_array_get(rows, 0);
  g_assert_cmpfloat_with_epsilon(json_real_value(json_object_get(a, "improvement")), -2.5, 1e-9);
  g_assert_true(json_is_null(json_object_get(a, "cost_per_point")));
  json_decref(rows);
  json_decref(data);
}

typedef struct {
  TestDb *tdb;
  StoreDb *db;
  gint64 leader, staff, intervention, foreign_intervention;
} Fixture;

static void
set_up(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  f->tdb = test_db_new();
  f->db = store_open(f->tdb->url, &error);
  g_assert_no_error(error);
  g_assert_true(store_migrate(f->db, NULL, &error));
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_true(instrument_load_builtin(f->db, NULL, &error));
  g_assert_true(store_commit(f->db, &error));
  g_autofree char *today = spor_date_today();
  DemoOptions options = {.citizens = 12, .seed = 4, .anchor_date = today};
  g_assert_true(demo_generate(f->db, &options, NULL, NULL, &error));
  g_assert_no_error(error);
  StoreUser *leader = store_user_get_by_username(f->db, "leder", &error);
  StoreUser *staff = store_user_get_by_username(f->db, "mette", &error);
  g_assert_nonnull(leader);
  g_assert_nonnull(staff);
  f->leader = leader->id;
  f->staff = staff->id;
  store_user_free(leader);
  store_user_free(staff);
  json_t *led = store_offer_list_led(f->db, f->leader, &error);
  g_assert_cmpuint(json_array_size(led), >, 0);
  gint64 offer = json_integer_value(json_object_get(json_array_get(led, 0), "id"));
  json_t *ivs = store_intervention_list(f->db, offer, &error);
  f->intervention = json_integer_value(json_object_get(json_array_get(ivs, 0), "id"));
  json_decref(ivs);
  /* An intervention of an offer the leader does not lead. */
  json_t *tree = store_org_tree(f->db, &error);
  size_t i, j;
  json_t *org, *o;
  json_array_foreach(tree, i, org)
    json_array_foreach(json_object_get(org, "offers"), j, o) {
      gint64 id = json_integer_value(json_object_get(o, "id"));
      gboolean mine = FALSE;
      size_t k;
      json_t *l;
      json_array_foreach(led, k, l)
        mine = mine || json_integer_value(json_object_get(l, "id")) == id;
      if (!mine && f->foreign_intervention == 0) {
        json_t *theirs = store_intervention_list(f->db, id, &error);
        f->foreign_intervention = json_integer_value(json_object_get(json_array_get(theirs, 0), "id"));
        json_decref(theirs);
      }
    }
  json_decref(tree);
  json_decref(led);
  g_assert_cmpint(f->foreign_intervention, >, 0);
}

static void
tear_down(Fixture *f, gconstpointer data)
{
  (void)data;
  store_close(f->db);
  test_db_free(f->tdb);
}

static void
test_store_costs(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  json_t *list = store_cost_list(f->db, f->leader, f->intervention, &error);
  g_assert_no_error(error);
  gsize before = json_array_size(json_object_get(list, "costs"));
  g_assert_cmpuint(before, ==, 9); /* the demo's quarters */
  json_decref(list);

  StoreCostInput in = {"1999-01-01", "1999-12-31", 1000.0, "Løn"};
  gboolean replaced = TRUE;
  gint64 id = store_cost_set(f->db, f->leader, f->intervention, &in, &replaced, &error);
  g_assert_no_error(error);
  g_assert_cmpint(id, >, 0);
  g_assert_false(replaced);
  /* The same period corrects; a period sharing one day is refused. */
  in.amount = 2000.0;
  g_assert_cmpint(store_cost_set(f->db, f->leader, f->intervention, &in, &replaced, &error), ==, id);
  g_assert_true(replaced);
  StoreCostInput overlap = {"1999-12-31", "2000-01-31", 5.0, NULL};
  g_assert_cmpint(store_cost_set(f->db, f->leader, f->intervention, &overlap, NULL, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  StoreCostInput reversed = {"1998-02-01", "1998-01-01", 5.0, NULL};
  g_assert_cmpint(store_cost_set(f->db, f->leader, f->intervention, &reversed, NULL, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  StoreCostInput negative = {"1998-01-01", "1998-01-31", -1.0, NULL};
  g_assert_cmpint(store_cost_set(f->db, f->leader, f->intervention, &negative, NULL, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  /* Staff and a leader of another offer are not found. */
  StoreCostInput other = {"1997-01-01", "1997-01-31", 1.0, NULL};
  g_assert_cmpint(store_cost_set(f->db, f->staff, f->intervention, &other, NULL, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_cmpint(store_cost_set(f->db, f->leader, f->foreign_intervention, &other, NULL, &error),
                  ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_null(store_cost_list(f->db, f->leader, f->foreign_intervention, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);

  list = store_cost_list(f->db, f->leader, f->intervention, &error);
  json_t *costs = json_object_get(list, "costs");
  g_assert_cmpuint(json_array_size(costs), ==, before + 1);
  /* Latest period first: the 1999 row is last. */
  json_t *last = json_array_get(costs, json_array_size(costs) - 1);
  g_assert_cmpstr(json_string_value(json_object_get(last, "period_start")), ==, "1999-01-01");
  g_assert_cmpfloat(json_number_value(json_object_get(last, "amount")), ==, 2000.0);
  json_decref(list);

  /* The report's data: the leader's interventions only, the 1999 cost
   * when asked for 1999, the demo's courses and scores for this year. */
  json_t *d = store_cost_report_data(f->db, f->leader, "1999-03-01", "1999-03-31",
                                     "vum-livsomraader", &error);
  g_assert_no_error(error);
  size_t i;
  json_t *row;
  gboolean has_foreign = FALSE;
  json_array_foreach(json_object_get(d, "interventions"), i, row)
    has_foreign = has_foreign ||
                  json_integer_value(json_object_get(row, "id")) == f->foreign_intervention;
  g_assert_false(has_foreign);
  g_assert_cmpuint(json_array_size(json_object_get(d, "costs")), ==, 1);
  g_assert_cmpuint(json_array_size(json_object_get(d, "courses")), ==, 0);
  g_assert_false(json_is_true(json_object_get(d, "higher_is_better")));
  json_decref(d);
  g_autofree char *today = spor_date_today();
  d = store_cost_report_data(f->db, f->leader, "2000-01-01", today, "vum-livsomraader", &error);
  g_assert_cmpuint(json_array_size(json_object_get(d, "courses")), >, 0);
  g_assert_cmpuint(json_array_size(json_object_get(d, "scores")), >, 0);
  json_decref(d);
  /* Staff lead nothing and are no analysts: nothing. */
  d = store_cost_report_data(f->db, f->staff, "2000-01-01", today, "vum-livsomraader", &error);
  g_assert_cmpuint(json_array_size(json_object_get(d, "interventions")), ==, 0);
  json_decref(d);
  store_rollback(f->db);
}

static void
test_store_team(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_assert_true(store_begin(f->db, STORE_TX_READ, &error));
  g_autofree char *today = spor_date_today();
  json_t *rows = store_team_phases_finished(f->db, f->staff, "2000-01-01", today, 0, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(rows), >, 0);
  size_t i;
  json_t *row;
  const char *previous = "";
  json_array_foreach(rows, i, row) {
    const char *finished = json_string_value(json_object_get(row, "finished_on"));
    const char *started = json_string_value(json_object_get(row, "phase_started_on"));
    g_assert_cmpstr(started, <=, finished);
    g_assert_cmpstr(previous, <=, finished);
    g_assert_cmpint(json_integer_value(json_object_get(row, "goals_reached")), <=,
                    json_integer_value(json_object_get(row, "goals")));
    previous = finished;
  }
  json_decref(rows);
  /* An empty month is empty, not an error. */
  rows = store_team_phases_finished(f->db, f->staff, "1990-01-01", "1990-01-31", 0, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(rows), ==, 0);
  json_decref(rows);
  json_t *load = store_team_caseload(f->db, f->staff, "2000-01-01", today, 0, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(json_object_get(load, "key_workers")), >, 0);
  g_assert_cmpuint(json_array_size(json_object_get(load, "activity")), >, 0);
  json_decref(load);
  json_t *units = store_team_units(f->db, f->staff, &error);
  g_assert_cmpuint(json_array_size(units), >, 0);
  gint64 unit = json_integer_value(json_object_get(json_array_get(units, 0), "id"));
  json_decref(units);
  rows = store_team_phases_finished(f->db, f->staff, "2000-01-01", today, unit, &error);
  g_assert_no_error(error);
  json_array_foreach(rows, i, row)
    g_assert_cmpint(json_integer_value(json_object_get(row, "unit_id")), ==, unit);
  json_decref(rows);
  store_rollback(f->db);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/cost/days", test_days);
  g_test_add_func("/cost/rows", test_rows);
  g_test_add("/cost/store", Fixture, NULL, set_up, test_store_costs, tear_down);
  g_test_add("/team/store", Fixture, NULL, set_up, test_store_team, tear_down);
  return g_test_run();
}
