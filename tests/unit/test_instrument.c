/* test_instrument.c — instrument versions in a real SQLite database: the
 * built-in definitions stored once, importing by the version rules (the
 * same content is no change, a changed version in use is refused with the
 * hint, otherwise the next version), and old measurements scoring by
 * their own version. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "domain/instrument.h"
#include "domain/scoring.h"
#include "store/internal.h"

typedef struct {
  char *dir;
  StoreDb *db;
  gint64 staff;
  gint64 citizen;
} Fixture;

static void
setup(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  f->dir = g_dir_make_tmp("spor-instrument-XXXXXX", &error);
  g_autofree char *url = g_strdup_printf("sqlite:%s/t.db", f->dir);
  f->db = store_open(url, &error);
  g_assert_no_error(error);
  g_assert_true(store_migrate(f->db, NULL, &error));
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  gint64 org = store_organisation_create(f->db, "Kommune", "municipality", &error);
  gint64 offer = store_offer_create(f->db, org, "Tilbud", "residential_offer", &error);
  gint64 unit = store_unit_create(f->db, offer, "Hus", &error);
  StoreUserInput user = {.username = "mette", .display_name = "Mette"};
  f->staff = store_user_create(f->db, &user, &error);
  g_assert_true(store_user_add_role(f->db, f->staff, SPOR_ROLE_STAFF, SPOR_SCOPE_UNIT, unit,
                                    &error));
  StoreCitizenInput citizen = {.unit_id = unit, .first_name = "Anna", .last_name = "Berg"};
  f->citizen = store_citizen_create(f->db, f->staff, &citizen, &error);
  g_assert_true(store_commit(f->db, &error));
  g_assert_no_error(error);
}

static void
teardown(Fixture *f, gconstpointer data)
{
  (void)data;
  store_close(f->db);
  g_autoptr(GDir) d = g_dir_open(f->dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
    g_autofree char *path = g_build_filename(f->dir, name, NULL);
    g_unlink(path);
  }
  g_rmdir(f->dir);
  g_free(f->dir);
}

/* How many versions of every instrument are stored. */
static gint64
count_versions(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  json_t *list = store_instrument_list(f->db, &error);
  g_assert_no_error(error);
  gint64 n = 0;
  size_t i;
  json_t *row;
  json_array_foreach(list, i, row)
    n += json_integer_value(json_object_get(row, "versions"));
  json_decref(list);
  return n;
}

/* A two-item definition on a 0–3 scale whose second item is reversed
 * when reverse is TRUE; name and version as given. */
static InstrumentDef *
definition(const char *id, gint64 version, const char *name, gboolean reverse)
{
  g_autofree char *text = g_strdup_printf(
    "{\"id\": \"%s\", \"version\": %" G_GINT64_FORMAT ", \"name\": {\"da\": \"%s\"},"
    " \"kind\": \"questionnaire\", \"respondents\": [\"citizen\"],"
    " \"direction\": \"higher_is_better\","
    " \"scales\": [{\"id\": \"s\", \"values\": ["
    "  {\"value\": 0, \"label\": {\"da\": \"nul\"}}, {\"value\": 1, \"label\": {\"da\": \"en\"}},"
    "  {\"value\": 2, \"label\": {\"da\": \"to\"}}, {\"value\": 3, \"label\": {\"da\": \"tre\"}}]}],"
    " \"items\": [{\"id\": \"a\", \"text\": {\"da\": \"A\"}},"
    "  {\"id\": \"b\", \"text\": {\"da\": \"B\"}, \"reverse\": %s}],"
    " \"total\": {\"method\": \"sum\", \"min_answered\": 2}}",
    id, version, name, reverse ? "true" : "false");
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  InstrumentDef *def = instrument_def_parse(text, strlen(text), problems);
  g_assert_cmpuint(problems->len, ==, 0);
  return def;
}

/* Imports in its own transaction; returns FALSE and the problems on a refusal. */
static gboolean
import(Fixture *f, const InstrumentDef *def, gboolean new_version, InstrumentImportResult *out,
       GPtrArray *problems)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  gboolean ok = instrument_import(f->db, def, "import", f->staff, new_version, out, problems,
                                  &error);
  g_assert_no_error(error);
  if (ok)
    g_assert_true(store_commit(f->db, &error));
  else
    store_rollback(f->db);
  return ok;
}

/* Records a measurement with answers a and b; its score is computed from
 * the version it is answered on. */
static gint64
measure(Fixture *f, gint64 instrument_id, int a, int b, double *out_score)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InstrumentVersion) version = instrument_version_load(f->db, instrument_id, &error);
  g_assert_no_error(error);
  ScoreAnswer answers[] = {{TRUE, a}, {TRUE, b}};
  ScoreResult total;
  g_assert_true(scoring_score(version->def, answers, &total, NULL, NULL));
  StoreAnswerInput in[] = {{.item_id = version->item_ids[0], .has_value = TRUE, .value = a},
                           {.item_id = version->item_ids[1], .has_value = TRUE, .value = b}};
  StoreMeasurementInput m = {
    .citizen_id = f->citizen, .instrument_id = instrument_id, .measured_on = "2026-01-10",
    .point = "start", .respondent = "citizen", .collection_method = "self_report",
    .status = "approved", .has_score = TRUE, .score = total.score, .answers = in, .n_answers = 2,
  };
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  gint64 id = store_measurement_create(f->db, f->staff, &m, &error);
  g_assert_no_error(error);
  g_assert_true(store_commit(f->db, &error));
  *out_score = total.score;
  return id;
}

/* Scores every stored measurement of a version from its stored answers. */
typedef struct {
  const InstrumentVersion *version;
  ScoreAnswer answers[2];
  GArray *scores;
  gint64 current;
} Rescore;

static void
rescore_flush(Rescore *r)
{
  if (r->current == 0)
    return;
  ScoreResult total;
  g_assert_true(scoring_score(r->version->def, r->answers, &total, NULL, NULL));
  g_array_append_val(r->scores, total.score);
  memset(r->answers, 0, sizeof r->answers);
}

static gboolean
rescore_answer(gint64 measurement_id, gint64 item_id, gboolean has_value, gint64 value,
               void *data)
{
  Rescore *r = data;
  if (measurement_id != r->current) {
    rescore_flush(r);
    r->current = measurement_id;
  }
  int index = instrument_version_item_index(r->version, item_id);
  g_assert_cmpint(index, >=, 0);
  r->answers[index] = (ScoreAnswer){has_value, value};
  return TRUE;
}

static GArray *
rescore(Fixture *f, gint64 instrument_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InstrumentVersion) version = instrument_version_load(f->db, instrument_id, &error);
  g_assert_no_error(error);
  Rescore r = {.version = version, .scores = g_array_new(FALSE, FALSE, sizeof(double))};
  g_assert_true(store_measurement_answers_foreach(f->db, instrument_id, rescore_answer, &r,
                                                  &error));
  g_assert_no_error(error);
  rescore_flush(&r);
  return r.scores;
}

/* ---- Tests ---------------------------------------------------------------------------- */

static void
test_builtin(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  guint n = 0, created = 0;
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_true(instrument_builtin_sync(f->db, &n, &created, &error));
  g_assert_true(store_commit(f->db, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(n, ==, 5);
  g_assert_cmpuint(created, ==, 5);
  /* Loading again stores nothing new. */
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_true(instrument_builtin_sync(f->db, &n, &created, &error));
  g_assert_true(store_commit(f->db, &error));
  g_assert_cmpuint(created, ==, 0);
  g_assert_cmpint(count_versions(f), ==, 5);

  json_t *list = store_instrument_list(f->db, &error);
  const char *const keys[] = {"gas", "lovende-praksis", "selvevaluering", "vum-livsomraader",
                              "who-5"};
  for (guint i = 0; i < 5; i++) {
    json_t *row = json_array_get(list, i);
    g_assert_cmpstr(json_string_value(json_object_get(row, "key")), ==, keys[i]);
    g_assert_cmpstr(json_string_value(json_object_get(row, "source")), ==, "builtin");
    g_assert_cmpint(json_integer_value(json_object_get(row, "version")), ==, 1);
  }
  json_decref(list);

  /* An administrator's own version of a built-in is not undone by the
   * next load: the built-in file is compared with the built-in version. */
  g_autoptr(GBytes) bytes = instrument_builtin_bytes("who-5.json", &error);
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  g_autoptr(InstrumentDef) who = instrument_def_parse(g_bytes_get_data(bytes, NULL),
                                                      g_bytes_get_size(bytes), problems);
  json_object_set_new(json_object_get(who->json, "name"), "da", json_string("WHO-5 (vores)"));
  g_autoptr(InstrumentDef) ours = instrument_def_from_json(who->json, problems);
  InstrumentImportResult result;
  g_assert_true(import(f, ours, FALSE, &result, problems));
  g_assert_cmpint(result.outcome, ==, INSTRUMENT_IMPORT_CREATED);
  g_assert_cmpint(result.version, ==, 2);
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_true(instrument_builtin_sync(f->db, &n, &created, &error));
  g_assert_true(store_commit(f->db, &error));
  g_assert_cmpuint(created, ==, 0);
  json_t *newest = store_instrument_get_by_key(f->db, "who-5", &error);
  g_assert_cmpstr(json_string_value(json_object_get(newest, "name_da")), ==, "WHO-5 (vores)");
  g_assert_cmpstr(json_string_value(json_object_get(newest, "source")), ==, "import");
  json_decref(newest);
}

static void
test_versions(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  InstrumentImportResult r;

  /* New: stored as the file's version. */
  g_autoptr(InstrumentDef) v1 = definition("skema", 1, "Skema", FALSE);
  g_assert_true(import(f, v1, FALSE, &r, problems));
  g_assert_cmpint(r.outcome, ==, INSTRUMENT_IMPORT_CREATED);
  g_assert_cmpint(r.version, ==, 1);
  gint64 id1 = r.instrument_id;

  /* The same again, even reformatted or with another version number: no change. */
  g_assert_true(import(f, v1, FALSE, &r, problems));
  g_assert_cmpint(r.outcome, ==, INSTRUMENT_IMPORT_UNCHANGED);
  g_assert_cmpint(r.instrument_id, ==, id1);
  g_autoptr(InstrumentDef) v1_as_5 = definition("skema", 5, "Skema", FALSE);
  g_assert_true(import(f, v1_as_5, FALSE, &r, problems));
  g_assert_cmpint(r.outcome, ==, INSTRUMENT_IMPORT_UNCHANGED);
  g_assert_cmpint(r.version, ==, 1);
  g_assert_cmpint(count_versions(f), ==, 1);

  /* Changed while not in use: the next version. */
  g_autoptr(InstrumentDef) renamed = definition("skema", 1, "Skema to", FALSE);
  g_assert_true(import(f, renamed, FALSE, &r, problems));
  g_assert_cmpint(r.outcome, ==, INSTRUMENT_IMPORT_CREATED);
  g_assert_cmpint(r.version, ==, 2);
  gint64 id2 = r.instrument_id;
  g_autofree char *stored = store_instrument_definition(f->db, id2, &error);
  json_t *stored_json = json_loads(stored, 0, NULL);
  g_assert_cmpint(json_integer_value(json_object_get(stored_json, "version")), ==, 2);
  json_decref(stored_json);

  /* In use: a changed version 2 is refused with the reason and the hint,
   * and nothing is written. */
  double score_v2;
  measure(f, id2, 3, 1, &score_v2);
  g_assert_cmpfloat(score_v2, ==, 4.0); /* 3 + 1, nothing reversed */
  g_autoptr(InstrumentDef) reversed = definition("skema", 2, "Skema to", TRUE);
  g_assert_false(import(f, reversed, FALSE, &r, problems));
  g_assert_cmpuint(problems->len, ==, 1);
  g_autofree char *message = instrument_problem_format(g_ptr_array_index(problems, 0));
  g_assert_cmpstr(message, ==,
                  "version: version 2 af 'skema' er allerede brugt i 1 målinger og kan ikke "
                  "ændres. Importér definitionen som en ny version: sæt \"version\" til 3, "
                  "eller vælg at gemme den som ny version.");
  g_ptr_array_set_size(problems, 0);
  g_assert_cmpint(count_versions(f), ==, 2);

  /* Asked for as a new version, it becomes version 3. */
  g_assert_true(import(f, reversed, TRUE, &r, problems));
  g_assert_cmpint(r.outcome, ==, INSTRUMENT_IMPORT_CREATED);
  g_assert_cmpint(r.version, ==, 3);
  gint64 id3 = r.instrument_id;

  /* Old measurements keep scoring by their own version: 3 + 1 on version
   * 2, whereas version 3 reverses b (0 + 3 − 1 = 2): 3 + 2 = 5. */
  double score_v3;
  measure(f, id3, 3, 1, &score_v3);
  g_assert_cmpfloat(score_v3, ==, 5.0);
  g_autoptr(GArray) old_scores = rescore(f, id2);
  g_assert_cmpuint(old_scores->len, ==, 1);
  g_assert_cmpfloat(g_array_index(old_scores, double, 0), ==, 4.0);
  g_autoptr(GArray) new_scores = rescore(f, id3);
  g_assert_cmpfloat(g_array_index(new_scores, double, 0), ==, 5.0);
  /* What is stored with each measurement agrees with rescoring it. */
  json_t *list = store_measurement_list(f->db, f->staff, f->citizen, &error);
  g_assert_cmpuint(json_array_size(list), ==, 2);
  g_assert_cmpfloat(json_number_value(json_object_get(json_array_get(list, 0), "score")), ==,
                    4.0);
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(list, 0),
                                                     "instrument_version")), ==, 2);
  g_assert_cmpfloat(json_number_value(json_object_get(json_array_get(list, 1), "score")), ==,
                    5.0);
  json_decref(list);

  /* A file ahead of the database keeps its own number. */
  g_autoptr(InstrumentDef) ahead = definition("skema", 7, "Skema syv", FALSE);
  g_assert_true(import(f, ahead, FALSE, &r, problems));
  g_assert_cmpint(r.version, ==, 7);
  /* An unused older version changed: the next after the newest. */
  g_autoptr(InstrumentDef) old_changed = definition("skema", 1, "Skema otte", FALSE);
  g_assert_true(import(f, old_changed, FALSE, &r, problems));
  g_assert_cmpint(r.version, ==, 8);
  json_t *versions = store_instrument_versions(f->db, "skema", &error);
  g_assert_cmpuint(json_array_size(versions), ==, 5);
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(versions, 2),
                                                     "measurements")), ==, 1);
  json_decref(versions);
}

static void
test_version_load(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_true(instrument_load_builtin(f->db, NULL, &error));
  g_assert_true(store_commit(f->db, &error));
  gint64 id = 0;
  g_assert_true(store_instrument_find(f->db, "lovende-praksis", 0, &id, &error));
  g_autoptr(InstrumentVersion) version = instrument_version_load(f->db, id, &error);
  g_assert_no_error(error);
  g_assert_cmpint(version->version, ==, 1);
  g_assert_cmpuint(version->def->n_items, ==, 59);
  json_t *row = store_instrument_get(f->db, id, &error);
  json_t *items = json_object_get(row, "items");
  for (guint i = 0; i < 59; i++) {
    json_t *item = json_array_get(items, i);
    g_assert_cmpint(version->item_ids[i], ==, json_integer_value(json_object_get(item, "id")));
    g_assert_cmpint(instrument_version_item_index(version, version->item_ids[i]), ==, (int)i);
    g_assert_cmpstr(json_string_value(json_object_get(item, "subscale_key")), ==,
                    version->def->subscales[version->def->items[i].subscale].id);
  }
  json_decref(row);
  g_assert_cmpint(instrument_version_item_index(version, 999999), ==, -1);
  g_assert_null(instrument_version_load(f->db, 999999, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
}

/* Who may answer a version is kept beside it; versions stored before that
 * (here: their rows removed) get it back from their definition on the next
 * load, and WHO-5 stays the citizen's own. */
static void
test_respondents(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  guint n = 0;
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_true(instrument_builtin_sync(f->db, &n, NULL, &error));
  g_assert_true(store_commit(f->db, &error));
  json_t *missing = store_instrument_list_without_respondents(f->db, &error);
  g_assert_cmpuint(json_array_size(missing), ==, 0);
  json_decref(missing);

  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_true(store_exec(f->db, "DELETE FROM instrument_respondent", STORE_NO_PARAMS, &error));
  g_assert_true(store_commit(f->db, &error));
  missing = store_instrument_list_without_respondents(f->db, &error);
  g_assert_cmpuint(json_array_size(missing), ==, 5);
  json_decref(missing);

  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_true(instrument_builtin_sync(f->db, &n, NULL, &error));
  g_assert_true(store_commit(f->db, &error));
  gint64 who = 0, citizen = 0, total = 0;
  g_assert_true(store_instrument_find(f->db, "who-5", 0, &who, &error));
  g_assert_true(store_begin(f->db, STORE_TX_READ, &error));
  g_assert_true(store_query_int(f->db,
                                "SELECT COUNT(*) FROM instrument_respondent WHERE instrument_id = ?",
                                STORE_PARAMS(P_INT(who)), &total, &error));
  g_assert_true(store_query_int(f->db,
                                "SELECT COUNT(*) FROM instrument_respondent"
                                " WHERE instrument_id = ? AND respondent = 'citizen'",
                                STORE_PARAMS(P_INT(who)), &citizen, &error));
  g_assert_true(store_commit(f->db, &error));
  g_assert_cmpint(total, ==, 1);
  g_assert_cmpint(citizen, ==, 1);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, setup, fn, teardown)
  ADD("/instrument/builtin", test_builtin);
  ADD("/instrument/versions", test_versions);
  ADD("/instrument/version-load", test_version_load);
  ADD("/instrument/respondents", test_respondents);
  return g_test_run();
}
