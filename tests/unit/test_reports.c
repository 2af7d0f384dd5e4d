/* test_reports.c — the reports (domain/reports.h) on demo data, on either
 * backend: the change from start to end agrees with the national
 * aggregate computed by the database (store_report_change), a reader who
 * subtracts shown cells from shown totals recovers no hidden cell, every
 * shown count is at least k, an analyst cannot narrow a report to one
 * offer, and each file format is made from the same model. */
#include <math.h>
#include <string.h>

#include "analysis/suppress.h"
#include "domain/demo.h"
#include "domain/instrument.h"
#include "domain/report_export.h"
#include "domain/reports.h"
#include "store/store.h"
#include "testdb.h"

typedef struct {
  TestDb *tdb;
  StoreDb *db;
  gint64 leader;
} Fixture;

static void
setup(Fixture *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  fx->tdb = test_db_new();
  fx->db = store_open(fx->tdb->url, &error);
  g_assert_no_error(error);
  g_assert_true(store_migrate(fx->db, NULL, &error));
  g_assert_true(store_begin(fx->db, STORE_TX_WRITE, &error));
  g_assert_true(instrument_load_builtin(fx->db, NULL, &error));
  g_assert_true(store_commit(fx->db, &error));
  DemoOptions options = {.citizens = 300, .seed = 4, .anchor_date = "2026-06-01"};
  g_assert_true(demo_generate(fx->db, &options, NULL, NULL, &error));
  g_assert_no_error(error);
  g_autoptr(StoreUser) leader = store_user_get_by_username(fx->db, "leder", &error);
  g_assert_nonnull(leader);
  fx->leader = leader->id;
  g_assert_true(store_begin(fx->db, STORE_TX_READ, &error));
}

static void
teardown(Fixture *fx, gconstpointer data)
{
  (void)data;
  store_rollback(fx->db);
  store_close(fx->db);
  test_db_free(fx->tdb);
}

static json_t *
build(Fixture *fx, gint64 actor, const char *name, const char *by, GError **error)
{
  ReportFilter f = {.from = "2000-01-01", .to = "2026-06-01", .by = by, .k = 5};
  return report_build(fx->db, actor, report_find(name), &f, error);
}

static json_t *
section(json_t *report, const char *id)
{
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(report, "sections"), i, s)
    if (g_strcmp0(json_string_value(json_object_get(s, "id")), id) == 0)
      return s;
  return NULL;
}

static json_t *
cell(json_t *row, guint col)
{
  return json_array_get(json_object_get(row, "cells"), col);
}

/* The change table agrees with the database's own sums.  The demo has one
 * course per citizen in the leader's offer, so both count the same pairs. */
static void
test_change_matches_database(Fixture *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  json_t *report = build(fx, fx->leader, "progression", NULL, &error);
  g_assert_no_error(error);
  json_t *change = section(report, "change");
  g_assert_false(json_is_true(json_object_get(change, "empty")));
  json_t *instrument = store_instrument_get_by_key(fx->db, "vum-livsomraader", &error);
  g_assert_nonnull(instrument);
  StoreReportFilter filter = {.offer_id = 0, .respondent = "staff"};
  /* The leader leads one offer: the national figure narrowed to it. */
  json_t *offers = store_reports_offers(fx->db, fx->leader, &error);
  g_assert_cmpuint(json_array_size(offers), ==, 1);
  filter.offer_id = json_integer_value(json_object_get(json_array_get(offers, 0), "id"));
  json_t *rows = store_report_change(fx->db, json_integer_value(json_object_get(instrument, "id")),
                                     &filter, &error);
  g_assert_nonnull(rows);
  size_t i;
  json_t *row;
  guint checked = 0;
  json_array_foreach(json_object_get(json_object_get(change, "table"), "rows"), i, row) {
    const char *item = json_string_value(json_object_get(cell(row, 0), "text"));
    gint64 n = 0, sum_start = 0, sum_end = 0;
    size_t j;
    json_t *agg;
    json_array_foreach(rows, j, agg) {
      if (g_strcmp0(json_string_value(json_object_get(agg, "item_text_da")), item) != 0)
        continue;
      n += json_integer_value(json_object_get(agg, "n"));
      sum_start += json_integer_value(json_object_get(agg, "sum_start"));
      sum_end += json_integer_value(json_object_get(agg, "sum_end"));
    }
    if (json_is_true(json_object_get(cell(row, 1), "suppressed")))
      continue;
    g_assert_cmpint(json_integer_value(json_object_get(cell(row, 1), "value")), ==, n);
    g_assert_cmpfloat_with_epsilon(json_real_value(json_object_get(cell(row, 2), "value")),
                                   (double)sum_start / (double)n, 1e-9);
    g_assert_cmpfloat_with_epsilon(json_real_value(json_object_get(cell(row, 3), "value")),
                                   (double)sum_end / (double)n, 1e-9);
    checked++;
  }
  g_assert_cmpuint(checked, >, 3);
  json_decref(rows);
  json_decref(offers);
  json_decref(instrument);
  json_decref(report);
}

/* The reader's attack on the target-group table (groups × years with
 * totals): every line (a group's years and its total, or a year's groups
 * and its total) with exactly one hidden number gives that number away by
 * subtraction.  There must be none, and shown counts are never under k. */
static void
test_hidden_cells_cannot_be_recovered(Fixture *fx, gconstpointer data)
{
  (void)data;
  const char *const splits[] = {"gender", "age_band", "intervention", "housing"};
  guint hidden_seen = 0;
  for (guint b = 0; b < G_N_ELEMENTS(splits); b++) {
    g_autoptr(GError) error = NULL;
    json_t *report = build(fx, fx->leader, "target-group", splits[b], &error);
    g_assert_no_error(error);
    json_t *t = json_object_get(section(report, "target-group"), "table");
    g_assert_nonnull(t);
    /* (group, year) → count or -1 hidden. */
    GHashTable *groups = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *years = g_hash_table_new(g_str_hash, g_str_equal);
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(t, "rows"), i, row) {
      const char *g = json_string_value(json_object_get(cell(row, 0), "text"));
      const char *y = json_string_value(json_object_get(cell(row, 1), "text"));
      json_t *n = cell(row, 2);
      gboolean hidden = json_is_true(json_object_get(n, "suppressed"));
      hidden_seen += hidden;
      if (!hidden)
        g_assert_cmpint(json_integer_value(json_object_get(n, "value")), >=, 5);
      /* Count the hidden numbers of each line, totals included. */
      g_hash_table_insert(groups, (gpointer)g,
                          GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(groups, g)) +
                                          hidden));
      g_hash_table_insert(years, (gpointer)y,
                          GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(years, y)) +
                                          hidden));
    }
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, groups);
    while (g_hash_table_iter_next(&it, &key, &value))
      g_assert_cmpint(GPOINTER_TO_INT(value), !=, 1);
    g_hash_table_iter_init(&it, years);
    while (g_hash_table_iter_next(&it, &key, &value))
      g_assert_cmpint(GPOINTER_TO_INT(value), !=, 1);
    g_hash_table_destroy(groups);
    g_hash_table_destroy(years);
    json_decref(report);
  }
  g_assert_cmpuint(hidden_seen, >, 0); /* the attack had something to attack */
}

/* Goal attainment: in each parameter's row of five categories and its
 * total, never exactly one hidden number; the shares add up to 100 %. */
static void
test_goal_attainment_rows(Fixture *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  json_t *report = build(fx, fx->leader, "goal-attainment", NULL, &error);
  g_assert_no_error(error);
  json_t *s = section(report, "goal-attainment");
  g_assert_false(json_is_true(json_object_get(s, "empty")));
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(json_object_get(s, "table"), "rows"), i, row) {
    guint hidden = 0;
    gint64 sum = 0;
    for (guint c = 1; c <= 6; c++) {
      json_t *x = cell(row, c);
      if (json_is_true(json_object_get(x, "suppressed")))
        hidden++;
      else if (c < 6)
        sum += json_integer_value(json_object_get(x, "value"));
    }
    g_assert_cmpuint(hidden, !=, 1);
    if (hidden == 0)
      g_assert_cmpint(sum, ==, json_integer_value(json_object_get(cell(row, 6), "value")));
  }
  json_decref(report);
}

/* An analyst sees figures across offers, never one offer or intervention. */
static void
test_analyst_scope(Fixture *fx, gconstpointer data)
{
  (void)data;
  store_rollback(fx->db);
  g_autoptr(GError) error = NULL;
  g_assert_true(store_begin(fx->db, STORE_TX_WRITE, &error));
  StoreUserInput in = {.username = "analytiker", .display_name = "Analytiker"};
  gint64 analyst = store_user_create(fx->db, &in, &error);
  g_assert_cmpint(analyst, >, 0);
  json_t *offers = store_reports_offers(fx->db, fx->leader, &error);
  gint64 offer = json_integer_value(json_object_get(json_array_get(offers, 0), "id"));
  gint64 organisation = json_integer_value(
    json_object_get(json_array_get(offers, 0), "organisation_id"));
  g_assert_true(store_user_add_role(fx->db, analyst, SPOR_ROLE_ANALYST, SPOR_SCOPE_ORGANISATION,
                                    organisation, &error));
  g_assert_true(store_commit(fx->db, &error));
  g_assert_true(store_begin(fx->db, STORE_TX_READ, &error));
  json_t *report = build(fx, analyst, "progression", NULL, &error);
  g_assert_no_error(error);
  g_assert_false(json_is_true(json_object_get(section(report, "progression"), "empty")));
  json_decref(report);
  ReportFilter f = {.from = "2000-01-01", .to = "2026-06-01", .offer_id = offer, .k = 5};
  report = report_build(fx->db, analyst, report_find("offer"), &f, &error);
  g_assert_null(report);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  json_decref(offers);
}

/* A period without courses: every section says so, and the files are made. */
static void
test_empty_and_files(Fixture *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  ReportFilter f = {.from = "1990-01-01", .to = "1990-12-31", .k = 5};
  json_t *report = report_build(fx->db, fx->leader, report_find("offer"), &f, &error);
  g_assert_no_error(error);
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(report, "sections"), i, s) {
    if (g_strcmp0(json_string_value(json_object_get(s, "id")), "offer-intro") == 0)
      continue;
    /* A theory of change keeps its boxes; a note says there are no figures. */
    if (g_str_has_prefix(json_string_value(json_object_get(s, "id")), "theory-")) {
      g_assert_cmpuint(json_array_size(json_object_get(s, "notes")), >, 0);
      g_assert_null(json_object_get(s, "chart"));
      continue;
    }
    g_assert_true(json_is_true(json_object_get(s, "empty")));
    g_assert_null(json_object_get(s, "chart"));
  }
  g_autoptr(GBytes) pdf = report_pdf(report, &error);
  g_assert_no_error(error);
  g_assert_cmpmem(g_bytes_get_data(pdf, NULL), 5, "%PDF-", 5);
  g_autoptr(GBytes) xlsx = report_xlsx(report, &error);
  g_assert_no_error(error);
  g_assert_cmpmem(g_bytes_get_data(xlsx, NULL), 2, "PK", 2);
  g_autoptr(GBytes) csv = report_csv(report);
  g_assert_nonnull(strstr(g_bytes_get_data(csv, NULL), "Ingen borgere"));
  json_decref(report);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add("/reports/change-matches-database", Fixture, NULL, setup,
             test_change_matches_database, teardown);
  g_test_add("/reports/hidden-cells-cannot-be-recovered", Fixture, NULL, setup,
             test_hidden_cells_cannot_be_recovered, teardown);
  g_test_add("/reports/goal-attainment-rows", Fixture, NULL, setup, test_goal_attainment_rows,
             teardown);
  g_test_add("/reports/analyst-scope", Fixture, NULL, setup, test_analyst_scope, teardown);
  g_test_add("/reports/empty-and-files", Fixture, NULL, setup, test_empty_and_files, teardown);
  return g_test_run();
}
