/* test_reports_team.c — the team, caseload and cost reports in the report
 * model, the figures of a theory of change's result boxes, and small
 * cells that cannot be recovered from totals: a reader who subtracts the
 * shown cells of a column from its shown total must not learn a hidden
 * cell (the offer report's interventions, the cost report's courses).
 * Demo data on either backend. */
#include <math.h>
#include <string.h>

#include "domain/demo.h"
#include "domain/instrument.h"
#include "domain/report_export.h"
#include "domain/report_theory.h"
#include "domain/reports.h"
#include "domain/reports_team.h"
#include "store/practice.h"
#include "store/store.h"
#include "store/internal.h"
#include "testdb.h"

typedef struct {
  TestDb *tdb;
  StoreDb *db;
  gint64 leader, staff, analyst;
} Fixture;

static gint64
user_id(StoreDb *db, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StoreUser) u = store_user_get_by_username(db, name, &error);
  g_assert_nonnull(u);
  return u->id;
}

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
  DemoOptions options = {.citizens = 80, .seed = 5, .anchor_date = "2026-06-01"};
  g_assert_true(demo_generate(fx->db, &options, NULL, NULL, &error));
  g_assert_no_error(error);
  fx->leader = user_id(fx->db, "leder");
  fx->staff = user_id(fx->db, "mette");
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
section(json_t *report, const char *id)
{
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(report, "sections"), i, s)
    if (g_strcmp0(json_string_value(json_object_get(s, "id")), id) == 0)
      return s;
  return NULL;
}

/* Tries to recover a hidden cell of column col from the table's total row
 * (the row whose header is "I alt"): with the total shown, the hidden
 * cells sum to the total minus the shown ones; one hidden cell alone, or
 * hidden cells whose sum is 0, would be recovered.  Counts the columns
 * where a hidden cell sat beside a shown total in *out_tried. */
static void
assert_unrecoverable(json_t *table, guint col, guint k, guint *out_tried)
{
  json_t *rows = json_object_get(table, "rows");
  gsize n = json_array_size(rows);
  g_assert_cmpuint(n, >=, 2);
  json_t *total_row = json_object_get(json_array_get(rows, n - 1), "cells");
  json_t *total = json_object_get(json_array_get(total_row, col), "value");
  gint64 shown = 0;
  guint hidden = 0;
  for (gsize r = 0; r + 1 < n; r++) {
    json_t *c = json_array_get(json_object_get(json_array_get(rows, r), "cells"), col);
    if (json_is_true(json_object_get(c, "suppressed"))) {
      hidden++;
      g_assert_true(json_is_null(json_object_get(c, "value")));
    } else {
      g_assert_true(json_is_integer(json_object_get(c, "value")));
      gint64 v = json_integer_value(json_object_get(c, "value"));
      g_assert_cmpint(v, >=, (gint64)k); /* no shown count under k */
      shown += v;
    }
  }
  if (!json_is_integer(total) || hidden == 0)
    return;
  (*out_tried)++;
  gint64 rest = json_integer_value(total) - shown;
  /* The attempt: one hidden cell is the rest. */
  g_assert_cmpuint(hidden, >=, 2);
  /* Nor may the rest pin every hidden cell to 0. */
  g_assert_cmpint(rest, >, 0);
}

/* The offer report's interventions: a hidden count cannot be worked out
 * as the offer's total minus the others, for any k. */
static void
test_offer_intro_unrecoverable(Fixture *fx, gconstpointer data)
{
  (void)data;
  guint tried = 0;
  for (guint k = 3; k <= 40; k++) {
    ReportFilter f = {.from = "2026-01-01", .to = "2026-06-01", .k = k};
    g_autoptr(GError) error = NULL;
    json_t *r = report_build(fx->db, fx->leader, report_find("offer"), &f, &error);
    g_assert_no_error(error);
    json_t *table = json_object_get(section(r, "offer-intro"), "table");
    g_assert_nonnull(table);
    for (guint col = 4; col <= 6; col++)
      assert_unrecoverable(table, col, k, &tried);
    json_decref(r);
  }
  /* The test tried: some k hid a cell beside a shown total. */
  g_assert_cmpuint(tried, >, 0);
}

/* The cost report's courses and measured courses, against their totals. */
static void
test_costs_unrecoverable(Fixture *fx, gconstpointer data)
{
  (void)data;
  guint tried = 0;
  for (guint k = 3; k <= 40; k++) {
    ReportFilter f = {.from = "2025-06-01", .to = "2026-06-01", .k = k};
    g_autoptr(GError) error = NULL;
    json_t *r = report_team_build(fx->db, fx->leader, report_find("costs"), &f, 0, NULL, &error);
    g_assert_no_error(error);
    json_t *s = section(r, "costs");
    json_t *table = json_object_get(s, "table");
    if (table != NULL) {
      assert_unrecoverable(table, 4, k, &tried);
      assert_unrecoverable(table, 6, k, &tried);
    }
    /* The rows the page lists hide what the table hides. */
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(r, "rows"), i, row) {
      if (json_is_null(json_object_get(row, "courses")))
        g_assert_true(json_is_null(json_object_get(row, "cost_per_course")));
      if (json_is_null(json_object_get(row, "measured_courses")))
        g_assert_true(json_is_null(json_object_get(row, "cost_per_point")));
    }
    json_decref(r);
  }
  g_assert_cmpuint(tried, >, 0);
}

/* The team's result list names citizens only when the caller takes the
 * list of them to audit; the model is a report every file is made from. */
static void
test_team_and_caseload(Fixture *fx, gconstpointer data)
{
  (void)data;
  ReportFilter f = {.from = "2024-01-01", .to = "2026-06-01", .k = 5};
  g_autoptr(GError) error = NULL;
  g_assert_null(report_team_build(fx->db, fx->staff, report_find("team"), &f, 0, NULL, &error));
  g_assert_nonnull(error);
  g_clear_error(&error);
  g_autoptr(GArray) named = g_array_new(FALSE, FALSE, sizeof(gint64));
  json_t *r = report_team_build(fx->db, fx->staff, report_find("team"), &f, 0, named, &error);
  g_assert_no_error(error);
  gsize rows = json_array_size(json_object_get(r, "rows"));
  g_assert_cmpuint(rows, >, 0);
  g_assert_cmpuint(named->len, >, 0);
  g_assert_cmpuint(named->len, <=, rows);
  json_t *s = section(r, "team-results");
  g_assert_nonnull(json_object_get(s, "chart"));
  g_assert_cmpuint(json_array_size(json_object_get(json_object_get(s, "table"), "rows")), ==,
                   rows);
  g_autoptr(GBytes) pdf = report_pdf(r, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(g_bytes_get_size(pdf), >, 1000);
  g_autoptr(GBytes) xlsx = report_xlsx(r, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(g_bytes_get_size(xlsx), >, 1000);
  json_decref(r);
  /* An analyst has no care: the caseload is empty, not an error. */
  r = report_team_build(fx->db, fx->leader, report_find("caseload"), &f, 0, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(json_object_get(r, "rows")), >, 0);
  json_decref(r);
  g_assert_cmpuint(report_capability(report_find("team")), !=,
                   report_capability(report_find("costs")));
}

/* A result box's figure: the same in the offer report's section and from
 * report_theory_figure(), hidden under k, and never more than the data. */
static void
test_theory_figures(Fixture *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  json_t *offers = store_reports_offers(fx->db, fx->leader, &error);
  g_assert_no_error(error);
  gint64 offer = json_integer_value(json_object_get(json_array_get(offers, 0), "id"));
  json_decref(offers);
  json_t *list = store_theory_list(fx->db, fx->leader, offer, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(list), >, 0);
  gint64 id = json_integer_value(json_object_get(json_array_get(list, 0), "id"));
  json_decref(list);
  json_t *theory = store_theory_get(fx->db, fx->leader, id, 0, STORE_PRACTICE_READ, &error);
  g_assert_no_error(error);
  json_t *boxes = json_object_get(json_object_get(theory, "version"), "boxes");
  ReportTheoryScope scope = {.offer_id = offer, .from = "2025-06-01", .to = "2026-06-01", .k = 5};
  json_t *figures = report_theory_figures(fx->db, &scope, boxes, &error);
  g_assert_no_error(error);
  guint with_n = 0;
  const char *key;
  json_t *arr;
  json_object_foreach(figures, key, arr) {
    size_t i;
    json_t *fig;
    json_array_foreach(arr, i, fig) {
      json_t *n = json_object_get(fig, "n");
      if (json_is_integer(n)) {
        with_n++;
        g_assert_cmpint(json_integer_value(n), >=, 5);
        g_assert_true(json_is_number(json_object_get(fig, "change")));
      } else {
        g_assert_true(json_is_null(json_object_get(fig, "change")));
      }
    }
  }
  g_assert_cmpuint(with_n, >, 0); /* the demo's theory shows numbers */
  /* With a k above every group, nothing is shown. */
  ReportTheoryScope strict = scope;
  strict.k = 100000;
  json_t *hidden = report_theory_figures(fx->db, &strict, boxes, &error);
  g_assert_no_error(error);
  json_object_foreach(hidden, key, arr) {
    size_t i;
    json_t *fig;
    json_array_foreach(arr, i, fig) {
      g_assert_true(json_is_null(json_object_get(fig, "n")));
      g_assert_true(json_is_null(json_object_get(fig, "mean_start")));
      g_assert_true(json_is_null(json_object_get(fig, "improved_pct")));
    }
  }
  json_decref(hidden);
  /* The offer report narrowed to the offer has the theory's section with
   * the same numbers. */
  ReportFilter f = {.from = "2025-06-01", .to = "2026-06-01", .offer_id = offer, .k = 5};
  json_t *r = report_build(fx->db, fx->leader, report_find("offer"), &f, &error);
  g_assert_no_error(error);
  g_autofree char *sid = g_strdup_printf("theory-%" G_GINT64_FORMAT, id);
  json_t *s = section(r, sid);
  g_assert_nonnull(s);
  g_autofree char *csv = NULL;
  g_autoptr(GBytes) bytes = report_csv(r);
  csv = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
  json_object_foreach(figures, key, arr) {
    size_t i;
    json_t *fig;
    json_array_foreach(arr, i, fig) {
      if (!json_is_integer(json_object_get(fig, "n")))
        continue;
      g_autofree char *n = g_strdup_printf(",%" JSON_INTEGER_FORMAT ",",
                                           json_integer_value(json_object_get(fig, "n")));
      g_assert_nonnull(strstr(csv, json_string_value(json_object_get(fig, "label"))));
      g_assert_nonnull(strstr(csv, n));
    }
  }
  json_decref(r);
  json_decref(figures);
  json_decref(theory);
}

/* The figures the offer report shows in its theory section are the
 * theory page's to the last digit, whether the report reads them from the
 * answers it has loaded or from the store: over the whole reach, one
 * offer, and one intervention, with citizens who have had more than one
 * course (the latest counts) and ad hoc measurements (they count as the
 * latest, never as the start). */
static void
test_theory_figures_same(Fixture *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  store_rollback(fx->db);
  g_assert_true(store_begin(fx->db, STORE_TX_WRITE, &error));
  /* The staff's last follow-up of half the courses becomes an ad hoc
   * measurement; every seventh course moves to the citizen of the course
   * before it in its intervention. */
  g_assert_true(store_exec(fx->db,
                           "UPDATE measurement SET point = 'ad_hoc' WHERE id IN"
                           " (SELECT MAX(m.id) FROM measurement m WHERE m.point = 'follow_up'"
                           " AND m.respondent = 'staff' GROUP BY m.course_id) AND id % 2 = 0",
                           STORE_NO_PARAMS, &error));
  g_assert_true(store_exec(fx->db,
                           "UPDATE course SET citizen_id = (SELECT p.citizen_id FROM course p"
                           " WHERE p.intervention_id = course.intervention_id AND p.id < course.id"
                           " ORDER BY p.id DESC LIMIT 1) WHERE id % 7 = 0 AND EXISTS"
                           " (SELECT 1 FROM course p WHERE p.intervention_id = course.intervention_id"
                           " AND p.id < course.id)",
                           STORE_NO_PARAMS, &error));
  json_t *offers = store_reports_offers(fx->db, fx->leader, &error);
  g_assert_no_error(error);
  gint64 offer = json_integer_value(json_object_get(json_array_get(offers, 0), "id"));
  json_decref(offers);
  json_t *list = store_theory_list(fx->db, fx->leader, offer, &error);
  g_assert_no_error(error);
  gint64 id = json_integer_value(json_object_get(json_array_get(list, 0), "id"));
  json_decref(list);
  json_t *theory = store_theory_get(fx->db, fx->leader, id, 0, STORE_PRACTICE_READ, &error);
  g_assert_no_error(error);
  json_t *boxes = json_object_get(json_object_get(theory, "version"), "boxes");
  json_t *jiv = json_object_get(theory, "intervention_id");
  gint64 theory_iv = json_is_integer(jiv) ? json_integer_value(jiv) : 0;
  json_t *ivs = store_reports_interventions(fx->db, fx->leader, &error);
  g_assert_no_error(error);
  gint64 some_iv = theory_iv != 0 ? theory_iv
                                  : json_integer_value(json_object_get(json_array_get(ivs, 0), "id"));
  json_decref(ivs);
  g_autofree char *sid = g_strdup_printf("theory-%" G_GINT64_FORMAT, id);
  const struct {
    gint64 offer, intervention;
  } scopes[] = {{0, 0}, {offer, 0}, {offer, some_iv}};
  guint compared = 0;
  for (guint sc = 0; sc < G_N_ELEMENTS(scopes); sc++) {
    ReportFilter f = {.from = "2020-01-01", .to = "2026-06-01", .offer_id = scopes[sc].offer,
                      .intervention_id = scopes[sc].intervention, .k = 3};
    json_t *r = report_build(fx->db, fx->leader, report_find("offer"), &f, &error);
    g_assert_no_error(error);
    json_t *s = section(r, sid);
    g_assert_nonnull(s);
    ReportTheoryScope scope = {.offer_id = offer,
                               .intervention_id = theory_iv != 0 ? theory_iv
                                                                 : scopes[sc].intervention,
                               .from = f.from, .to = f.to, .k = 3};
    json_t *figures = report_theory_figures(fx->db, &scope, boxes, &error);
    g_assert_no_error(error);
    json_t *rows = json_object_get(json_object_get(s, "table"), "rows");
    const char *key;
    json_t *arr;
    json_object_foreach(figures, key, arr) {
      size_t i, j;
      json_t *fig, *row;
      json_array_foreach(arr, i, fig) {
        if (!json_is_integer(json_object_get(fig, "n")))
          continue;
        gboolean found = FALSE;
        json_array_foreach(rows, j, row) {
          json_t *cells = json_object_get(row, "cells");
          const char *label = json_string_value(json_object_get(json_array_get(cells, 2), "text"));
          if (g_strcmp0(label, json_string_value(json_object_get(fig, "label"))) != 0)
            continue;
          found = TRUE;
          const char *const fields[] = {"n", "mean_start", "mean_latest", "change"};
          for (guint c = 0; c < G_N_ELEMENTS(fields); c++) {
            json_t *want = json_object_get(fig, fields[c]);
            json_t *got = json_object_get(json_array_get(cells, 3 + c), "value");
            g_assert_true(json_is_number(got));
            g_assert_cmpfloat(json_number_value(got), ==, json_number_value(want));
          }
          json_t *pct = json_object_get(fig, "improved_pct");
          json_t *got = json_object_get(json_array_get(cells, 8), "value");
          g_assert_true(json_is_number(pct) == json_is_number(got));
          if (json_is_number(pct))
            g_assert_cmpfloat(json_number_value(got), ==, json_number_value(pct));
          compared++;
        }
        g_assert_true(found);
      }
    }
    json_decref(figures);
    json_decref(r);
  }
  g_assert_cmpuint(compared, >=, 3);
  json_decref(theory);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add("/reports-team/theory-figures-same", Fixture, NULL, setup, test_theory_figures_same,
             teardown);
  g_test_add("/reports-team/offer-intro-unrecoverable", Fixture, NULL, setup,
             test_offer_intro_unrecoverable, teardown);
  g_test_add("/reports-team/costs-unrecoverable", Fixture, NULL, setup, test_costs_unrecoverable,
             teardown);
  g_test_add("/reports-team/team-and-caseload", Fixture, NULL, setup, test_team_and_caseload,
             teardown);
  g_test_add("/reports-team/theory-figures", Fixture, NULL, setup, test_theory_figures, teardown);
  return g_test_run();
}
