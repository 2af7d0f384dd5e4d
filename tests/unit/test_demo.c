/* test_demo.c — the demo data: its shape, its variety and its determinism,
 * on either backend (tests/unit/testdb.h), and the same data from the same
 * seed on both. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/attainment.h"
#include "domain/auth.h"
#include "domain/demo.h"
#include "domain/due.h"
#include "domain/instrument.h"
#include "store/internal.h"
#include "store/practice.h"
#include "testdb.h"

/* Opens url, migrates it and stores the instruments. */
static StoreDb *
open_ready(const char *url)
{
  g_autoptr(GError) error = NULL;
  StoreDb *db = store_open(url, &error);
  g_assert_no_error(error);
  g_assert_true(store_migrate(db, NULL, &error));
  g_assert_true(store_begin(db, STORE_TX_WRITE, &error));
  g_assert_true(instrument_load_builtin(db, NULL, &error));
  g_assert_true(store_commit(db, &error));
  g_assert_no_error(error);
  return db;
}

/* A migrated database with instruments, new for the test. */
static StoreDb *
new_db(TestDb **out)
{
  *out = test_db_new();
  return open_ready((*out)->url);
}

/* Everything the demo made that an organisation-wide reader sees, as one
 * JSON text: the citizens and, for each, courses and measurements. */
static char *
dump_all(StoreDb *db)
{
  g_autoptr(GError) error = NULL;
  /* A reader who sees every citizen of both organisations. */
  json_t *tree = store_org_tree(db, &error);
  g_assert_no_error(error);
  g_assert_true(store_begin(db, STORE_TX_WRITE, &error));
  /* Made the first time; a copy of the database has it already. */
  g_autoptr(StoreUser) known = store_user_get_by_username(db, "laeser", NULL);
  StoreUserInput in = {.username = "laeser", .display_name = "Læser"};
  gint64 reader = known != NULL ? known->id : store_user_create(db, &in, &error);
  g_assert_no_error(error);
  size_t i;
  json_t *org;
  json_array_foreach(tree, i, org)
    g_assert_true(store_user_add_role(db, reader, SPOR_ROLE_LEADER, SPOR_SCOPE_ORGANISATION,
                                      json_integer_value(json_object_get(org, "id")), &error));
  g_assert_true(store_commit(db, &error));

  StoreCitizenFilter all = {.limit = 100000};
  json_t *citizens = store_citizen_list(db, reader, &all, &error);
  g_assert_no_error(error);
  json_t *dump = json_pack("{s:o, s:o}", "tree", tree, "citizens", citizens);
  json_t *details = json_array();
  json_t *c;
  json_array_foreach(citizens, i, c) {
    gint64 id = json_integer_value(json_object_get(c, "id"));
    json_t *citizen = store_citizen_get(db, reader, id, &error);
    json_t *courses = store_course_list(db, reader, id, &error);
    json_t *measurements = store_measurement_list(db, reader, id, &error);
    json_t *goals = store_goal_list(db, reader, id, 0, &error);
    json_t *diary = store_diary_list(db, reader, id, 0, 0, &error);
    g_assert_no_error(error);
    json_array_append_new(details, json_pack("{s:o, s:o, s:o, s:o, s:o}", "citizen", citizen,
                                             "courses", courses, "measurements", measurements,
                                             "goals", goals, "diary", diary));
  }
  json_object_set_new(dump, "details", details);
  char *text = json_dumps(dump, JSON_SORT_KEYS | JSON_COMPACT);
  json_decref(dump);
  return text;
}

static void
test_shape_and_variety(void)
{
  g_autoptr(TestDb) tdb = NULL;
  StoreDb *db = new_db(&tdb);
  g_autoptr(GError) error = NULL;
  DemoOptions options = {.citizens = 60, .seed = 7, .anchor_date = "2026-11-01"};
  g_assert_true(demo_generate(db, &options, NULL, NULL, &error));
  g_assert_no_error(error);

  json_t *tree = store_org_tree(db, &error);
  g_assert_cmpint(json_array_size(tree), ==, 2);
  size_t offers = 0, i;
  json_t *org;
  json_array_foreach(tree, i, org)
    offers += json_array_size(json_object_get(org, "offers"));
  g_assert_cmpint(offers, ==, 4);
  json_decref(tree);

  json_t *users = store_user_list(db, &error);
  g_assert_cmpint(json_array_size(users), ==, 16); /* 12 staff + admin, leader, caseworker, citizen */
  json_decref(users);

  /* Every demo login exists and the demo password opens it. */
  gsize n;
  const DemoLogin *logins = demo_logins(&n);
  g_assert_cmpint(n, ==, 6);
  for (gsize k = 0; k < n; k++) {
    g_autoptr(StoreUser) u = store_user_get_by_username(db, logins[k].username, &error);
    g_assert_no_error(error);
    g_assert_true(auth_password_verify(u->password_hash, DEMO_PASSWORD));
    g_assert_cmpuint(u->roles->len, ==, 1);
  }

  /* Staff "mette" sees citizens of Hus A only, among them the citizen login's. */
  g_autoptr(StoreUser) mette = store_user_get_by_username(db, "mette", &error);
  g_autoptr(StoreUser) borger = store_user_get_by_username(db, "borger", &error);
  g_assert_cmpint(borger->citizen_id, >, 0);
  json_t *hers = store_citizen_get(db, mette->id, borger->citizen_id, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(json_string_value(json_object_get(hers, "unit_name")), ==, "Hus A");
  json_decref(hers);

  /* Staff measurements on the life areas follow the plan: the start and
   * (where one is due) the first follow-up always; trajectories go both
   * ways.  Citizens assess themselves beside the staff. */
  g_autofree char *text = dump_all(db);
  json_t *dump = json_loads(text, 0, NULL);
  json_t *details = json_object_get(dump, "details");
  g_assert_cmpint(json_array_size(details), ==, 60);
  int better = 0, worse = 0, own = 0, drafts = 0;
  json_t *d;
  json_array_foreach(details, i, d) {
    json_t *ms = json_object_get(d, "measurements");
    json_t *staff = json_array();
    size_t k;
    json_t *m;
    json_array_foreach(ms, k, m) {
      const char *respondent = json_string_value(json_object_get(m, "respondent"));
      if (g_strcmp0(respondent, "citizen") == 0)
        own++;
      if (g_strcmp0(json_string_value(json_object_get(m, "status")), "draft") == 0)
        drafts++;
      if (g_strcmp0(respondent, "staff") == 0 &&
          g_strcmp0(json_string_value(json_object_get(m, "instrument_key")), "vum-livsomraader") == 0 &&
          g_strcmp0(json_string_value(json_object_get(m, "status")), "approved") == 0)
        json_array_append(staff, m);
    }
    g_assert_cmpint(json_array_size(staff), >=, 1);
    g_assert_cmpint(json_array_size(staff), <=, 40);
    g_assert_cmpint(json_array_size(json_object_get(d, "courses")), ==, 1);
    double first = json_number_value(json_object_get(json_array_get(staff, 0), "score"));
    double last = json_number_value(json_object_get(json_array_get(staff, json_array_size(staff) - 1),
                                                    "score"));
    g_assert_cmpfloat(first, >=, 0.0);
    g_assert_cmpfloat(last, <=, 4.0);
    better += last < first - 0.4;
    worse += last > first + 0.4;
    g_assert_cmpstr(json_string_value(json_object_get(json_array_get(ms, 0), "point")), ==,
                    "start");
    json_decref(staff);
  }
  g_assert_cmpint(better, >, 5);
  g_assert_cmpint(worse, >, 1);
  g_assert_cmpint(own, >, 20);
  g_assert_cmpint(drafts, >, 0);
  json_decref(dump);

  /* Plans, goals and what is due: every intervention measures by a plan;
   * some measurements are overdue, some due now; the citizen login has a
   * self-assessment to answer and goals and a diary of its own. */
  g_autoptr(StoreUser) leader = store_user_get_by_username(db, "leder", &error);
  json_t *interventions = store_intervention_list_visible(db, leader->id, &error);
  g_assert_cmpint(json_array_size(interventions), ==, 2);
  json_t *iv;
  json_array_foreach(interventions, i, iv) {
    json_t *plan = store_plan_list(db, leader->id, json_integer_value(json_object_get(iv, "id")),
                                   &error);
    g_assert_cmpint(json_array_size(plan), >=, 3);
    json_decref(plan);
  }
  json_decref(interventions);
  StoreDueFilter everyone = {0};
  json_t *courses = store_due_courses(db, leader->id, &everyone, &error);
  json_t *plans = store_due_plans(db, leader->id, &everyone, &error);
  g_assert_no_error(error);
  int overdue = 0, open = 0;
  json_t *course;
  json_array_foreach(courses, i, course) {
    json_t *expected = due_derive_json(plans, course, "2026-11-01", 30);
    size_t k;
    json_t *e;
    json_array_foreach(expected, k, e) {
      overdue += g_strcmp0(json_string_value(json_object_get(e, "status")), "overdue") == 0;
      open += g_strcmp0(json_string_value(json_object_get(e, "status")), "open") == 0;
    }
    json_decref(expected);
  }
  g_assert_cmpint(overdue, >, 0);
  g_assert_cmpint(open, >, 0);
  json_decref(courses);
  json_decref(plans);
  StoreDueFilter own_filter = {.citizen_id = borger->citizen_id};
  courses = store_due_courses(db, borger->id, &own_filter, &error);
  plans = store_due_plans(db, borger->id, &own_filter, &error);
  g_assert_no_error(error);
  g_assert_cmpint(json_array_size(courses), ==, 1);
  json_t *own_expected = due_derive_json(plans, json_array_get(courses, 0), "2026-11-01", 30);
  int answerable = 0;
  json_t *e;
  json_array_foreach(own_expected, i, e)
    answerable += g_strcmp0(json_string_value(json_object_get(e, "respondent")), "citizen") == 0 &&
                  g_strcmp0(json_string_value(json_object_get(e, "status")), "open") == 0;
  g_assert_cmpint(answerable, ==, 1);
  json_decref(own_expected);
  json_decref(courses);
  json_decref(plans);
  json_t *goals = store_goal_list(db, borger->id, borger->citizen_id, 0, &error);
  g_assert_cmpint(json_array_size(goals), >=, 2);
  json_decref(goals);
  json_t *diary = store_diary_list(db, borger->id, borger->citizen_id, 0, 0, &error);
  g_assert_no_error(error);
  int by_citizen = 0;
  json_array_foreach(diary, i, e)
    by_citizen += g_strcmp0(json_string_value(json_object_get(e, "author_kind")), "citizen") == 0;
  g_assert_cmpint(by_citizen, ==, 2);
  json_decref(diary);

  /* A second run refuses a database that is no longer empty. */
  g_assert_false(demo_generate(db, &options, NULL, NULL, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  store_close(db);
}

static void
test_deterministic(void)
{
  g_autoptr(TestDb) ta = NULL;
  g_autoptr(TestDb) tb = NULL;
  g_autoptr(TestDb) tc = NULL;
  StoreDb *a = new_db(&ta), *b = new_db(&tb), *c = new_db(&tc);
  g_autoptr(GError) error = NULL;
  DemoOptions options = {.citizens = 25, .seed = 42, .anchor_date = "2026-06-30"};
  g_assert_true(demo_generate(a, &options, NULL, NULL, &error));
  g_assert_true(demo_generate(b, &options, NULL, NULL, &error));
  options.seed = 43;
  g_assert_true(demo_generate(c, &options, NULL, NULL, &error));
  g_assert_no_error(error);
  g_autofree char *text_a = dump_all(a);
  g_autofree char *text_b = dump_all(b);
  g_autofree char *text_c = dump_all(c);
  /* Timestamps of creation differ between runs; compare without them. */
  g_autoptr(GRegex) stamps = g_regex_new("\"(created_at|updated_at)\":\"[^\"]*\"", 0, 0, NULL);
  g_autofree char *clean_a = g_regex_replace_literal(stamps, text_a, -1, 0, "", 0, NULL);
  g_autofree char *clean_b = g_regex_replace_literal(stamps, text_b, -1, 0, "", 0, NULL);
  g_autofree char *clean_c = g_regex_replace_literal(stamps, text_c, -1, 0, "", 0, NULL);
  g_assert_cmpstr(clean_a, ==, clean_b);
  g_assert_cmpstr(clean_a, !=, clean_c);
  store_close(a);
  store_close(b);
  store_close(c);
}

/* The dump without the moments of creation, which differ between runs. */
static char *
dump_without_stamps(StoreDb *db)
{
  g_autofree char *text = dump_all(db);
  g_autoptr(GRegex) stamps = g_regex_new("\"(created_at|updated_at)\":\"[^\"]*\"", 0, 0, NULL);
  return g_regex_replace_literal(stamps, text, -1, 0, "", 0, NULL);
}

/* PostgreSQL run: the same seed gives the same data (ids included) on
 * PostgreSQL and on SQLite. */
static void
test_same_on_both_backends(void)
{
  g_autoptr(TestDb) pg = NULL;
  StoreDb *on_pg = new_db(&pg);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("spor-demo-XXXXXX", &error);
  g_autofree char *url = g_strdup_printf("sqlite:%s/t.db", dir);
  StoreDb *on_sqlite = open_ready(url);
  DemoOptions options = {.citizens = 40, .seed = 11, .anchor_date = "2026-03-15"};
  g_assert_true(demo_generate(on_pg, &options, NULL, NULL, &error));
  g_assert_true(demo_generate(on_sqlite, &options, NULL, NULL, &error));
  g_assert_no_error(error);
  g_autofree char *a = dump_without_stamps(on_pg);
  g_autofree char *b = dump_without_stamps(on_sqlite);
  g_assert_cmpstr(a, ==, b);
  store_close(on_pg);
  store_close(on_sqlite);
  test_remove_tree(dir);
}

static void
count_progress(guint done, guint total, void *data)
{
  guint *calls = data;
  g_assert_cmpuint(done, <=, total);
  (*calls)++;
}

static gint64
count(StoreDb *db, const char *sql)
{
  g_autoptr(GError) error = NULL;
  json_t *rows = store_table_counts(db, &error);
  g_assert_no_error(error);
  gint64 n = json_integer_value(json_object_get(rows, sql));
  json_decref(rows);
  return n;
}

/* The national goal attainment (store_report_attainment) agrees with
 * domain/attainment.c's judgement of each goal, made here from the goals
 * and each course's latest approved measurement found another way (no
 * later approved measurement of the course exists). */
static void
check_attainment(StoreDb *db)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(store_begin(db, STORE_TX_READ, &error));
  json_t *instrument = store_instrument_get_by_key(db, "vum-livsomraader", &error);
  g_assert_no_error(error);
  gint64 instrument_id = json_integer_value(json_object_get(instrument, "id"));
  gboolean higher = json_is_true(json_object_get(instrument, "higher_is_better")) ||
                    json_integer_value(json_object_get(instrument, "higher_is_better")) == 1;
  json_decref(instrument);
  json_t *goals = store_query_rows(
    db,
    "SELECT g.course_id, g.goal_type, g.item_key, g.baseline, g.target_score FROM goal g"
    " WHERE g.kind = 'scale' AND g.status <> 'cancelled' AND g.instrument_key = ?",
    STORE_PARAMS(P_TEXT("vum-livsomraader")), &error);
  json_t *latest = store_query_rows(
    db,
    "SELECT m.course_id, it.key, a.value FROM measurement m"
    " JOIN measurement_answer a ON a.measurement_id = m.id"
    " JOIN instrument_item it ON it.id = a.item_id"
    " WHERE m.instrument_id = ? AND m.status = 'approved' AND NOT EXISTS (SELECT 1"
    " FROM measurement n WHERE n.course_id = m.course_id AND n.instrument_id = m.instrument_id"
    " AND n.status = 'approved' AND (n.measured_on > m.measured_on"
    " OR (n.measured_on = m.measured_on AND n.id > m.id)))",
    STORE_PARAMS(P_INT(instrument_id)), &error);
  json_t *report = store_report_attainment(db, instrument_id, NULL, &error);
  g_assert_no_error(error);
  store_rollback(db);

  g_autoptr(GHashTable) values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  size_t i;
  json_t *row;
  json_array_foreach(latest, i, row) {
    json_t *v = json_object_get(row, "value");
    if (json_is_integer(v))
      g_hash_table_insert(values,
                          g_strdup_printf("%" JSON_INTEGER_FORMAT ":%s",
                                          json_integer_value(json_object_get(row, "course_id")),
                                          json_string_value(json_object_get(row, "key"))),
                          GINT_TO_POINTER((int)json_integer_value(v) + 1));
  }
  static const char *const names[] = {"reached_improve", "improved", "reached_maintain",
                                      "no_change", "worse"};
  g_autoptr(GHashTable) expected = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                                         g_free);
  guint judged = 0, categories_seen = 0;
  json_array_foreach(goals, i, row) {
    g_autofree char *k = g_strdup_printf(
      "%" JSON_INTEGER_FORMAT ":%s", json_integer_value(json_object_get(row, "course_id")),
      json_string_value(json_object_get(row, "item_key")));
    gpointer found = g_hash_table_lookup(values, k);
    json_t *baseline = json_object_get(row, "baseline");
    json_t *target = json_object_get(row, "target_score");
    if (found == NULL || !json_is_number(baseline))
      continue;
    Attainment a = goal_attainment(
      g_strcmp0(json_string_value(json_object_get(row, "goal_type")), "improve") == 0, higher,
      json_number_value(baseline), json_is_number(target), json_number_value(target),
      (double)(GPOINTER_TO_INT(found) - 1));
    const char *name = goal_attainment_name(a);
    g_assert_nonnull(name);
    g_autofree char *key = g_strdup_printf("%s:%s",
                                           json_string_value(json_object_get(row, "item_key")),
                                           name);
    gint64 *n = g_hash_table_lookup(expected, key);
    if (n == NULL) {
      n = g_new0(gint64, 1);
      g_hash_table_insert(expected, g_strdup(key), n);
      categories_seen++;
    }
    (*n)++;
    judged++;
  }
  g_assert_cmpuint(judged, >, 1000);
  g_assert_cmpuint(categories_seen, >=, 7 * 4); /* every item, most categories */
  gint64 total = 0;
  json_array_foreach(report, i, row) {
    const char *item = json_string_value(json_object_get(row, "item_key"));
    gint64 n = 0;
    for (guint c = 0; c < G_N_ELEMENTS(names); c++) {
      g_autofree char *key = g_strdup_printf("%s:%s", item, names[c]);
      gint64 *want = g_hash_table_lookup(expected, key);
      g_assert_cmpint(json_integer_value(json_object_get(row, names[c])), ==,
                      want != NULL ? *want : 0);
      n += json_integer_value(json_object_get(row, names[c]));
    }
    g_assert_cmpint(json_integer_value(json_object_get(row, "n")), ==, n);
    total += n;
  }
  g_assert_cmpint(total, ==, judged);
  json_decref(goals);
  json_decref(latest);
  json_decref(report);
}

/* From 2,500 citizens on, the national data set: more offers in more
 * municipalities, longer courses, and a commit every 2,000 citizens. */
static void
test_national(void)
{
  g_autoptr(TestDb) tdb = NULL;
  StoreDb *db = new_db(&tdb);
  g_autoptr(GError) error = NULL;
  gint64 revision_before = 0, revision_after = 0;
  g_assert_true(store_begin(db, STORE_TX_READ, &error));
  g_assert_true(store_data_revision(db, &revision_before, &error));
  store_rollback(db);
  guint calls = 0;
  DemoOptions options = {.citizens = 3000, .seed = 2, .anchor_date = "2026-01-01"};
  g_assert_true(demo_generate(db, &options, count_progress, &calls, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(calls, ==, 3000 / 50);
  g_assert_true(store_begin(db, STORE_TX_READ, &error));
  g_assert_true(store_data_revision(db, &revision_after, &error));
  store_rollback(db);
  g_assert_cmpint(revision_after - revision_before, ==, 2); /* two batches */

  json_t *tree = store_org_tree(db, &error);
  g_assert_cmpuint(json_array_size(tree), ==, 3); /* the two hand-made and one more */
  size_t offers = 0, i;
  json_t *org;
  json_array_foreach(tree, i, org)
    offers += json_array_size(json_object_get(org, "offers"));
  g_assert_cmpuint(offers, ==, 3000 / 500);
  json_decref(tree);
  g_assert_cmpint(count(db, "citizen"), ==, 3000);
  g_assert_cmpint(count(db, "course"), ==, 3000);
  gint64 measurements = count(db, "measurement");
  g_assert_cmpint(measurements, >, 3000 * 8);
  g_assert_cmpint(measurements, <, 3000 * 12);
  g_assert_cmpint(count(db, "measurement_answer"), ==, measurements * 7);
  g_assert_cmpint(count(db, "app_user"), ==, 6 * 3 + 4);
  /* One or two goals per course, set at its start. */
  gint64 goals = count(db, "goal");
  g_assert_cmpint(goals, >=, 3000);
  g_assert_cmpint(goals, <=, 2 * 3000);
  check_attainment(db);

  /* New rows after the loaded ones get the next ids. */
  g_autoptr(StoreUser) mette = store_user_get_by_username(db, "mette", &error);
  g_assert_true(store_begin(db, STORE_TX_WRITE, &error));
  json_t *units = store_unit_list_writable(db, mette->id, &error);
  gint64 unit = json_integer_value(json_object_get(json_array_get(units, 0), "id"));
  StoreCitizenInput in = {.unit_id = unit,
                          .first_name = "Ny", .last_name = "Efter"};
  json_decref(units);
  g_assert_cmpint(store_citizen_create(db, mette->id, &in, &error), ==, 3001);
  /* …goals too; and a goal of the loaded data reads as any goal. */
  json_t *courses = store_course_list(db, mette->id, 1, &error);
  g_assert_no_error(error);
  gint64 course = json_integer_value(json_object_get(json_array_get(courses, 0), "id"));
  json_decref(courses);
  StoreGoalInput goal = {.course_id = course, .kind = "text", .goal_type = "improve",
                         .title = "Efter indlæsningen", .set_on = "2026-01-01",
                         .status = "active"};
  g_assert_cmpint(store_goal_create(db, mette->id, &goal, &error), ==, goals + 1);
  json_t *first = store_goal_get(db, mette->id, 1, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(json_string_value(json_object_get(first, "kind")), ==, "scale");
  g_assert_true(json_is_number(json_object_get(first, "baseline")));
  json_decref(first);
  g_assert_true(store_commit(db, &error));
  g_assert_no_error(error);
  store_close(db);
}

static char *
sums_text(StoreDb *db)
{
  g_autoptr(GError) error = NULL;
  json_t *sums = store_table_sums(db, NULL, NULL, &error);
  g_assert_no_error(error);
  json_object_del(sums, "schema_migrations"); /* its applied_at is the target's own */
  char *text = json_dumps(sums, JSON_COMPACT);
  json_decref(sums);
  return text;
}

static gint64
next_citizen(StoreDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StoreUser) mette = store_user_get_by_username(db, "mette", &error);
  g_assert_no_error(error);
  g_assert_true(store_begin(db, STORE_TX_WRITE, &error));
  json_t *units = store_unit_list_writable(db, mette->id, &error);
  gint64 unit = json_integer_value(json_object_get(json_array_get(units, 0), "id"));
  StoreCitizenInput in = {.unit_id = unit,
                          .first_name = "Ny", .last_name = "Borger"};
  json_decref(units);
  gint64 id = store_citizen_create(db, mette->id, &in, &error);
  g_assert_no_error(error);
  store_rollback(db);
  return id;
}

/* spor copy: the whole installation to another database (PostgreSQL run:
 * to SQLite and back to PostgreSQL), every table's rows and checksum the
 * same, the same pages from it, new rows numbered after the copied ones;
 * a target that is not empty is refused and left alone. */
static void
test_copy(void)
{
  g_autoptr(TestDb) tsrc = NULL;
  StoreDb *src = new_db(&tsrc);
  g_autoptr(GError) error = NULL;
  DemoOptions options = {.citizens = 30, .seed = 4, .anchor_date = "2026-02-01"};
  g_assert_true(demo_generate(src, &options, NULL, NULL, &error));
  g_assert_no_error(error);
  g_autofree char *src_dump = dump_all(src);
  g_autofree char *src_sums = sums_text(src);

  g_autofree char *dir = g_dir_make_tmp("spor-copy-XXXXXX", &error);
  g_autofree char *lite_url = g_strdup_printf("sqlite:%s/kopi.db", dir);
  StoreDb *lite = store_open(lite_url, &error);
  g_assert_no_error(error);
  json_t *sums = store_copy(src, lite, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_nonnull(sums);
  g_assert_cmpint(json_integer_value(json_object_get(json_object_get(sums, "citizen"), "rows")),
                  ==, 30);
  g_assert_cmpint(json_integer_value(json_object_get(json_object_get(sums, "data_revision"),
                                                     "rows")), ==, 1);
  g_assert_null(json_object_get(sums, "schema_migrations"));
  /* Parents first. */
  const char *first_key = NULL;
  void *iter = json_object_iter(sums);
  first_key = json_object_iter_key(iter);
  g_assert_cmpstr(first_key, !=, "measurement_answer");
  json_decref(sums);
  g_autofree char *lite_sums = sums_text(lite);
  g_assert_cmpstr(lite_sums, ==, src_sums);
  g_autofree char *lite_dump = dump_all(lite);
  g_assert_cmpstr(lite_dump, ==, src_dump);
  g_assert_cmpint(next_citizen(lite), ==, 31);

  /* A second copy into it is refused and changes nothing. */
  g_assert_null(store_copy(src, lite, NULL, NULL, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_assert_nonnull(strstr(error->message, "ikke tom"));
  g_clear_error(&error);
  g_autofree char *still = sums_text(lite);
  g_assert_cmpstr(still, ==, lite_sums);

  if (test_db_pg()) {
    /* And back to a new PostgreSQL database. */
    g_autoptr(TestDb) tback = test_db_new();
    StoreDb *back = store_open(tback->url, &error);
    g_assert_no_error(error);
    sums = store_copy(lite, back, NULL, NULL, &error);
    g_assert_no_error(error);
    json_decref(sums);
    g_autofree char *back_sums = sums_text(back);
    g_assert_cmpstr(back_sums, ==, src_sums);
    g_autofree char *back_dump = dump_all(back);
    g_assert_cmpstr(back_dump, ==, src_dump);
    g_assert_cmpint(next_citizen(back), ==, 31);
    store_close(back);
  }
  store_close(lite);
  store_close(src);
  test_remove_tree(dir);
}

/* Everything of practice development a leader of the demo's offer reads,
 * as one JSON text without the times rows were written. */
static char *
dump_practice(StoreDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StoreUser) leader = store_user_get_by_username(db, "leder", &error);
  g_assert_no_error(error);
  json_t *offers = store_practice_offers(db, leader->id, &error);
  g_assert_cmpuint(json_array_size(offers), ==, 1);
  gint64 offer = json_integer_value(json_object_get(json_array_get(offers, 0), "id"));
  json_t *assessments = store_assessment_list(db, leader->id, offer, NULL, &error);
  json_t *full = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(assessments, i, row)
    json_array_append_new(full, store_assessment_get(db, leader->id,
                                                     json_integer_value(json_object_get(row, "id")),
                                                     STORE_PRACTICE_READ, &error));
  json_t *theories = store_theory_list(db, leader->id, offer, &error);
  json_t *maps = json_array();
  json_array_foreach(theories, i, row)
    json_array_append_new(maps, store_theory_get(db, leader->id,
                                                 json_integer_value(json_object_get(row, "id")), 0,
                                                 STORE_PRACTICE_READ, &error));
  json_t *journeys = store_journey_list(db, leader->id, offer, &error);
  json_t *timelines = json_array();
  json_array_foreach(journeys, i, row)
    json_array_append_new(timelines, store_journey_get(db, leader->id,
                                                       json_integer_value(json_object_get(row,
                                                                                          "id")),
                                                       STORE_PRACTICE_READ, &error));
  json_t *tools = store_planning_list(db, leader->id, offer, &error);
  json_t *answers = json_array();
  json_array_foreach(tools, i, row)
    json_array_append_new(answers, store_planning_get(db, leader->id,
                                                      json_integer_value(json_object_get(row,
                                                                                         "id")),
                                                      STORE_PRACTICE_READ, &error));
  json_t *dump = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "offers", offers,
                           "assessments", full, "points",
                           store_development_point_list(db, leader->id, offer, &error), "trials",
                           store_trial_list(db, leader->id, offer, &error), "theories", maps,
                           "journeys", timelines, "tools", answers, "journey_list", journeys,
                           "tool_list", tools);
  g_assert_no_error(error);
  json_decref(assessments);
  json_decref(theories);
  char *text = json_dumps(dump, JSON_SORT_KEYS | JSON_COMPACT);
  json_decref(dump);
  char *copy = g_strdup(text);
  free(text);
  return copy;
}

/* The dump without the times rows were written (not JSON any more). */
static char *
without_times(const char *text)
{
  g_autoptr(GRegex) stamps =
    g_regex_new("\"(created_at|updated_at|finished_at)\":\"[^\"]*\"", 0, 0, NULL);
  return g_regex_replace_literal(stamps, text, -1, 0, "", 0, NULL);
}

/* The demo's practice development: last year's and this year's Lovende
 * praksis assessments, a self-evaluation, development points from last
 * year's, a running trial action, the theory of change, a journey and
 * planning tools — the same for the same seed, and monitoring and
 * follow-up better this year than last. */
static void
test_practice(void)
{
  g_autoptr(TestDb) ta = NULL;
  g_autoptr(TestDb) tb = NULL;
  g_autoptr(TestDb) tc = NULL;
  StoreDb *a = new_db(&ta), *b = new_db(&tb), *c = new_db(&tc);
  g_autoptr(GError) error = NULL;
  DemoOptions options = {.citizens = 5, .seed = 9, .anchor_date = "2026-06-30"};
  g_assert_true(demo_generate(a, &options, NULL, NULL, &error));
  g_assert_true(demo_generate(b, &options, NULL, NULL, &error));
  options.seed = 10;
  g_assert_true(demo_generate(c, &options, NULL, NULL, &error));
  g_assert_no_error(error);
  g_autofree char *text_a = dump_practice(a);
  g_autofree char *text_b = dump_practice(b);
  g_autofree char *text_c = dump_practice(c);
  g_autofree char *clean_a = without_times(text_a);
  g_autofree char *clean_b = without_times(text_b);
  g_autofree char *clean_c = without_times(text_c);
  g_assert_cmpstr(clean_a, ==, clean_b);
  g_assert_cmpstr(clean_a, !=, clean_c);

  json_t *dump = json_loads(text_a, 0, NULL);
  g_assert_nonnull(dump);
  json_t *assessments = json_object_get(dump, "assessments");
  g_assert_cmpuint(json_array_size(assessments), ==, 3);
  guint lovende = 0;
  size_t i;
  json_t *row;
  json_array_foreach(assessments, i, row) {
    g_assert_cmpstr(json_string_value(json_object_get(row, "status")), ==, "finished");
    if (g_strcmp0(json_string_value(json_object_get(row, "instrument_key")), "lovende-praksis") == 0) {
      lovende++;
      g_assert_cmpuint(json_array_size(json_object_get(row, "answers")), ==, 59);
    }
  }
  g_assert_cmpuint(lovende, ==, 2);
  /* Newest first: this year (2026-06-09), last year (2025-06-23). */
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(assessments, 0), "held_on")),
                  ==, "2026-06-09");
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(assessments, 2), "held_on")),
                  ==, "2025-06-23");
  g_assert_cmpfloat(json_number_value(json_object_get(json_array_get(assessments, 0), "score")),
                    >, json_number_value(json_object_get(json_array_get(assessments, 2),
                                                         "score")));
  g_assert_cmpuint(json_array_size(json_object_get(dump, "points")), ==, 3);
  json_t *trials = json_object_get(dump, "trials");
  g_assert_cmpuint(json_array_size(trials), ==, 2);
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(trials, 0), "status")), ==,
                  "running");
  json_t *map = json_object_get(json_array_get(json_object_get(dump, "theories"), 0), "version");
  g_assert_cmpuint(json_array_size(json_object_get(map, "boxes")), ==, 9);
  g_assert_cmpuint(json_array_size(json_object_get(map, "arrows")), ==, 9);
  g_assert_cmpuint(json_array_size(json_object_get(json_array_get(json_object_get(dump, "journeys"),
                                                                  0), "entries")), ==, 18);
  g_assert_cmpuint(json_array_size(json_object_get(dump, "tool_list")), ==, 2);
  json_decref(dump);
  store_close(a);
  store_close(b);
  store_close(c);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_assert_true(auth_init());
  g_test_add_func("/demo/shape-and-variety", test_shape_and_variety);
  g_test_add_func("/demo/deterministic", test_deterministic);
  g_test_add_func("/demo/practice", test_practice);
  g_test_add_func("/demo/national", test_national);
  g_test_add_func("/demo/copy", test_copy);
  if (test_db_pg())
    g_test_add_func("/demo/same-on-both-backends", test_same_on_both_backends);
  return g_test_run();
}
