/* test_practice.c — the store's practice development against a real
 * database: which offers a user reaches and how; assessments answered
 * against one instrument version (a question of another version refused
 * whole, values on the scale, partial saves, clearing); development
 * points and their links; trial actions; theories of change in versions
 * (copies, only the newest changes, arrows only inside one version);
 * citizen journeys; planning tools; and the data revision — on either
 * backend (tests/unit/testdb.h). */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "domain/instrument.h"
#include "store/practice.h"
#include "testdb.h"

typedef struct {
  TestDb *tdb;
  StoreDb *db;
  gint64 org_a, org_b, offer_a, offer_a2, offer_b, unit_a, intervention_a, intervention_b;
  gint64 leader_a, staff_a, leader_b, unit_leader, admin;
  gint64 lp, se, vum; /* instrument versions */
} Fixture;

static gint64
user(StoreDb *db, const char *name, SporRole role, SporScopeKind kind, gint64 scope)
{
  g_autoptr(GError) error = NULL;
  StoreUserInput in = {.username = name, .display_name = name};
  gint64 id = store_user_create(db, &in, &error);
  g_assert_no_error(error);
  g_assert_true(store_user_add_role(db, id, role, kind, scope, &error));
  g_assert_no_error(error);
  return id;
}

static void
setup(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  f->tdb = test_db_new();
  f->db = store_open(f->tdb->url, &error);
  g_assert_no_error(error);
  g_assert_true(store_migrate(f->db, NULL, &error));
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_true(instrument_load_builtin(f->db, NULL, &error));
  f->org_a = store_organisation_create(f->db, "Kommune A", "municipality", &error);
  f->org_b = store_organisation_create(f->db, "Fonden B", "private", &error);
  f->offer_a = store_offer_create(f->db, f->org_a, "Botilbud A", "residential_offer", &error);
  f->offer_a2 = store_offer_create(f->db, f->org_a, "Bostøtte A", "home_support", &error);
  f->offer_b = store_offer_create(f->db, f->org_b, "Opholdssted B", "residential_institution",
                                  &error);
  f->unit_a = store_unit_create(f->db, f->offer_a, "Hus 1", &error);
  store_unit_create(f->db, f->offer_b, "Afdeling", &error);
  f->intervention_a = store_intervention_create(f->db, f->offer_a, "Botræning", NULL, &error);
  f->intervention_b = store_intervention_create(f->db, f->offer_b, "Døgnophold", NULL, &error);
  f->leader_a = user(f->db, "leder_a", SPOR_ROLE_LEADER, SPOR_SCOPE_OFFER, f->offer_a);
  f->staff_a = user(f->db, "staff_a", SPOR_ROLE_STAFF, SPOR_SCOPE_UNIT, f->unit_a);
  f->leader_b = user(f->db, "leder_b", SPOR_ROLE_LEADER, SPOR_SCOPE_ORGANISATION, f->org_b);
  f->admin = user(f->db, "admin", SPOR_ROLE_ADMIN, SPOR_SCOPE_ORGANISATION, f->org_a);
  f->unit_leader = user(f->db, "teamleder", SPOR_ROLE_LEADER, SPOR_SCOPE_UNIT, f->unit_a);
  g_assert_true(store_instrument_find(f->db, "lovende-praksis", 0, &f->lp, &error));
  g_assert_true(store_instrument_find(f->db, "selvevaluering", 0, &f->se, &error));
  g_assert_true(store_instrument_find(f->db, "vum-livsomraader", 0, &f->vum, &error));
  g_assert_true(store_commit(f->db, &error));
  g_assert_no_error(error);
}

static void
teardown(Fixture *f, gconstpointer data)
{
  (void)data;
  store_close(f->db);
  test_db_free(f->tdb);
}

static void
begin(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
}

static void
commit(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(store_commit(f->db, &error));
  g_assert_no_error(error);
}

/* The answer rows of every assessment of offer A, through the read model. */
static gint64
answer_rows(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;
  json_t *list = store_assessment_list(f->db, f->leader_a, f->offer_a, NULL, &error);
  g_assert_no_error(error);
  size_t i;
  json_t *row;
  json_array_foreach(list, i, row) {
    json_t *a = store_assessment_get(f->db, f->leader_a,
                                     json_integer_value(json_object_get(row, "id")),
                                     STORE_PRACTICE_READ, &error);
    g_assert_no_error(error);
    n += (gint64)json_array_size(json_object_get(a, "answers"));
    json_decref(a);
  }
  json_decref(list);
  return n;
}

/* The item id of an instrument version's item key. */
static gint64
item(Fixture *f, gint64 instrument, const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InstrumentVersion) v = instrument_version_load(f->db, instrument, &error);
  g_assert_no_error(error);
  int i = instrument_def_item_index(v->def, key);
  g_assert_cmpint(i, >=, 0);
  return v->item_ids[i];
}

/* ---- Scope -------------------------------------------------------------------- */

static void
test_offers_and_scope(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  json_t *a = store_practice_offers(f->db, f->leader_a, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(a), ==, 1);
  g_assert_true(json_is_true(json_object_get(json_array_get(a, 0), "can_write")));
  json_decref(a);
  /* Staff of a unit read their offer's practice development, and write none of it. */
  json_t *s = store_practice_offers(f->db, f->staff_a, &error);
  g_assert_cmpuint(json_array_size(s), ==, 1);
  g_assert_false(json_is_true(json_object_get(json_array_get(s, 0), "can_write")));
  json_decref(s);
  json_t *o = store_practice_offer_get(f->db, f->staff_a, f->offer_a, STORE_PRACTICE_WRITE,
                                       &error);
  g_assert_null(o);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  /* A leader of a whole organisation reaches all its offers; a team
   * leader the offer of the team; an admin none; no one another
   * organisation's. */
  json_t *b = store_practice_offers(f->db, f->leader_b, &error);
  g_assert_cmpuint(json_array_size(b), ==, 1);
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(b, 0), "id")), ==,
                  f->offer_b);
  json_decref(b);
  json_t *t = store_practice_offer_get(f->db, f->unit_leader, f->offer_a, STORE_PRACTICE_WRITE,
                                       &error);
  g_assert_no_error(error);
  json_decref(t);
  json_t *none = store_practice_offers(f->db, f->admin, &error);
  g_assert_cmpuint(json_array_size(none), ==, 0);
  json_decref(none);
  g_assert_null(store_practice_offer_get(f->db, f->leader_b, f->offer_a, STORE_PRACTICE_READ,
                                         &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_null(store_practice_offer_get(f->db, f->leader_a, f->offer_a2, STORE_PRACTICE_READ,
                                         &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  /* The people who may own a development point of the offer. */
  json_t *people = store_practice_offer_people(f->db, f->offer_a, &error);
  g_assert_cmpuint(json_array_size(people), ==, 3); /* leader, staff, team leader */
  json_decref(people);
}

/* ---- Assessments ----------------------------------------------------------------- */

static gint64
new_assessment(Fixture *f, gint64 instrument)
{
  g_autoptr(GError) error = NULL;
  StoreAssessmentInput in = {.offer_id = f->offer_a, .instrument_id = instrument,
                             .held_on = "2026-03-01", .participants = "Lone\nMette"};
  begin(f);
  gint64 id = store_assessment_create(f->db, f->leader_a, &in, NULL, &error);
  g_assert_no_error(error);
  commit(f);
  return id;
}

static void
test_assessment_refusals(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  const char *field = NULL;
  begin(f);
  StoreAssessmentInput in = {.offer_id = f->offer_a, .instrument_id = f->vum,
                             .held_on = "2026-03-01"};
  g_assert_cmpint(store_assessment_create(f->db, f->leader_a, &in, &field, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_assert_cmpstr(field, ==, "instrument_id");
  g_clear_error(&error);
  in.instrument_id = f->lp;
  in.intervention_id = f->intervention_b;
  g_assert_cmpint(store_assessment_create(f->db, f->leader_a, &in, &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "intervention_id");
  g_clear_error(&error);
  in.intervention_id = f->intervention_a;
  g_assert_cmpint(store_assessment_create(f->db, f->staff_a, &in, &field, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  gint64 id = store_assessment_create(f->db, f->leader_a, &in, &field, &error);
  g_assert_no_error(error);
  g_assert_cmpint(id, >, 0);
  commit(f);
  /* The other organisation's leader does not see it at all. */
  g_assert_null(store_assessment_get(f->db, f->leader_b, id, STORE_PRACTICE_READ, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
}

static void
test_assessment_answers(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  gint64 id = new_assessment(f, f->lp);
  gint64 t1 = item(f, f->lp, "theory_and_knowledge_1");
  gint64 t2 = item(f, f->lp, "theory_and_knowledge_2");
  gint64 foreign = item(f, f->se, "strategy_1");

  /* A question of another instrument refuses the whole batch. */
  begin(f);
  StorePracticeAnswerInput bad[] = {
    {.item_id = t1, .set_value = TRUE, .has_value = TRUE, .value = 2},
    {.item_id = foreign, .set_value = TRUE, .has_value = TRUE, .value = 3},
  };
  gint64 bad_item = 0;
  g_assert_false(store_assessment_save_answers(f->db, f->leader_a, id, bad, 2, &bad_item, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_assert_cmpint(bad_item, ==, foreign);
  g_clear_error(&error);
  store_rollback(f->db);
  g_assert_cmpint(answer_rows(f), ==, 0);

  /* A value off the scale (Ja 2, Delvist 1, Nej 0, 8, 9). */
  begin(f);
  StorePracticeAnswerInput off[] = {{.item_id = t1, .set_value = TRUE, .has_value = TRUE,
                                     .value = 5}};
  g_assert_false(store_assessment_save_answers(f->db, f->leader_a, id, off, 1, &bad_item, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  store_rollback(f->db);

  /* Staff may not answer. */
  begin(f);
  StorePracticeAnswerInput one[] = {{.item_id = t1, .set_value = TRUE, .has_value = TRUE,
                                     .value = 2}};
  g_assert_false(store_assessment_save_answers(f->db, f->staff_a, id, one, 1, NULL, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  store_rollback(f->db);

  /* Partial saves: a value and a comment, then only a comment, then a
   * cleared value keeping the comment. */
  begin(f);
  StorePracticeAnswerInput first[] = {
    {.item_id = t1, .set_value = TRUE, .has_value = TRUE, .value = 2, .set_comment = TRUE,
     .comment = "Recovery"},
    {.item_id = t2, .set_value = TRUE, .has_value = TRUE, .value = 8},
  };
  g_assert_true(store_assessment_save_answers(f->db, f->leader_a, id, first, 2, NULL, &error));
  StorePracticeAnswerInput comment_only[] = {{.item_id = t2, .set_comment = TRUE,
                                              .comment = "Ved ikke hvem"}};
  g_assert_true(store_assessment_save_answers(f->db, f->leader_a, id, comment_only, 1, NULL,
                                              &error));
  StorePracticeAnswerInput cleared[] = {{.item_id = t1, .set_value = TRUE, .has_value = FALSE}};
  g_assert_true(store_assessment_save_answers(f->db, f->leader_a, id, cleared, 1, NULL, &error));
  g_assert_no_error(error);
  commit(f);
  json_t *a = store_assessment_get(f->db, f->staff_a, id, STORE_PRACTICE_READ, &error);
  g_assert_no_error(error);
  json_t *answers = json_object_get(a, "answers");
  g_assert_cmpuint(json_array_size(answers), ==, 2);
  json_t *r1 = json_array_get(answers, 0), *r2 = json_array_get(answers, 1);
  g_assert_cmpstr(json_string_value(json_object_get(r1, "item_key")), ==,
                  "theory_and_knowledge_1");
  g_assert_true(json_is_null(json_object_get(r1, "value")));
  g_assert_cmpstr(json_string_value(json_object_get(r1, "comment")), ==, "Recovery");
  g_assert_cmpint(json_integer_value(json_object_get(r2, "value")), ==, 8);
  g_assert_cmpstr(json_string_value(json_object_get(r2, "comment")), ==, "Ved ikke hvem");
  g_assert_cmpstr(json_string_value(json_object_get(a, "participants")), ==, "Lone\nMette");
  g_assert_cmpstr(json_string_value(json_object_get(a, "status")), ==, "in_progress");
  json_decref(a);
  json_t *list = store_assessment_list(f->db, f->staff_a, f->offer_a, "lovende-praksis", &error);
  g_assert_cmpuint(json_array_size(list), ==, 1);
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(list, 0), "answered")), ==, 1);
  json_decref(list);
  list = store_assessment_list(f->db, f->staff_a, f->offer_a, "selvevaluering", &error);
  g_assert_cmpuint(json_array_size(list), ==, 0);
  json_decref(list);

  begin(f);
  g_assert_true(store_assessment_set_score(f->db, f->leader_a, id, TRUE, 62.5, &error));
  g_assert_true(store_assessment_set_status(f->db, f->leader_a, id, TRUE, &error));
  commit(f);
  a = store_assessment_get(f->db, f->leader_a, id, STORE_PRACTICE_READ, &error);
  g_assert_cmpstr(json_string_value(json_object_get(a, "status")), ==, "finished");
  g_assert_cmpfloat(json_real_value(json_object_get(a, "score")), ==, 62.5);
  g_assert_true(json_is_string(json_object_get(a, "finished_at")));
  json_decref(a);
}

/* ---- Development points and trials ------------------------------------------------ */

static void
test_points_and_trials(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  const char *field = NULL;
  gint64 lp = new_assessment(f, f->lp);
  gint64 se = new_assessment(f, f->se);
  gint64 monitoring_3 = item(f, f->lp, "monitoring_3");
  begin(f);
  StoreDevelopmentPointInput in = {.offer_id = f->offer_a, .title = "Faste procedurer",
                                   .assessment_id = lp, .item_id = item(f, f->se, "culture_1"),
                                   .priority = 2, .status = "open"};
  g_assert_cmpint(store_development_point_create(f->db, f->leader_a, &in, &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "item_id");
  g_clear_error(&error);
  in.item_id = monitoring_3;
  in.element_key = "goals";
  g_assert_cmpint(store_development_point_create(f->db, f->leader_a, &in, &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "item_id");
  g_clear_error(&error);
  in.element_key = NULL;
  in.owner_user_id = f->leader_b;
  g_assert_cmpint(store_development_point_create(f->db, f->leader_a, &in, &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "owner_user_id");
  g_clear_error(&error);
  in.owner_user_id = f->staff_a;
  in.status = "maybe";
  g_assert_cmpint(store_development_point_create(f->db, f->leader_a, &in, &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "status");
  g_clear_error(&error);
  in.status = "in_progress";
  gint64 p1 = store_development_point_create(f->db, f->leader_a, &in, &field, &error);
  g_assert_no_error(error);
  StoreDevelopmentPointInput from_self = {.offer_id = f->offer_a, .title = "Kurser",
                                          .assessment_id = se, .element_key = "competences",
                                          .priority = 1, .deadline = "2026-06-01",
                                          .status = "open"};
  gint64 p2 = store_development_point_create(f->db, f->leader_a, &from_self, &field, &error);
  StoreDevelopmentPointInput plain = {.offer_id = f->offer_a, .title = "Gammelt", .priority = 1,
                                      .status = "done"};
  gint64 p3 = store_development_point_create(f->db, f->leader_a, &plain, &field, &error);
  StoreDevelopmentPointInput undated = {.offer_id = f->offer_a, .title = "Uden frist",
                                        .priority = 2, .status = "open"};
  gint64 p4 = store_development_point_create(f->db, f->leader_a, &undated, &field, &error);
  g_assert_no_error(error);
  commit(f);
  json_t *p = store_development_point_get(f->db, f->staff_a, p1, &error);
  g_assert_cmpstr(json_string_value(json_object_get(p, "element_key")), ==, "monitoring");
  g_assert_cmpstr(json_string_value(json_object_get(p, "item_key")), ==, "monitoring_3");
  json_decref(p);
  /* Open points by priority, those without a deadline last; done after. */
  json_t *list = store_development_point_list(f->db, f->staff_a, f->offer_a, &error);
  g_assert_cmpuint(json_array_size(list), ==, 4);
  gint64 order[] = {p2, p1, p4, p3};
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint(json_integer_value(json_object_get(json_array_get(list, i), "id")), ==,
                    order[i]);
  json_decref(list);

  /* Trials: staff record them; a finished one needs a result and a decision. */
  begin(f);
  StoreTrialInput t = {.offer_id = f->offer_a, .development_point_id = p1, .title = "Teammøde",
                       .hypothesis = "H", .indicator = "I", .status = "finished"};
  g_assert_cmpint(store_trial_create(f->db, f->staff_a, &t, &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "decision");
  g_clear_error(&error);
  t.decision = "adopt";
  g_assert_cmpint(store_trial_create(f->db, f->staff_a, &t, &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "result");
  g_clear_error(&error);
  t.result = "Virkede";
  t.starts_on = "2026-03-10";
  t.ends_on = "2026-03-01";
  g_assert_cmpint(store_trial_create(f->db, f->staff_a, &t, &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "ends_on");
  g_clear_error(&error);
  t.ends_on = "2026-04-01";
  gint64 done = store_trial_create(f->db, f->staff_a, &t, &field, &error);
  StoreTrialInput running = {.offer_id = f->offer_a, .development_point_id = p2,
                             .title = "Kursusdag", .hypothesis = "H", .indicator = "I",
                             .status = "running"};
  gint64 run = store_trial_create(f->db, f->staff_a, &running, &field, &error);
  g_assert_no_error(error);
  /* A development point of another offer is refused; another
   * organisation's leader does not reach the offer. */
  running.development_point_id = 999999;
  g_assert_cmpint(store_trial_create(f->db, f->staff_a, &running, &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "development_point_id");
  g_clear_error(&error);
  running.development_point_id = p1;
  g_assert_cmpint(store_trial_create(f->db, f->leader_b, &running, &field, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  commit(f);
  json_t *trials = store_trial_list(f->db, f->leader_a, f->offer_a, &error);
  g_assert_cmpuint(json_array_size(trials), ==, 2);
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(trials, 0), "id")), ==, run);
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(trials, 1), "id")), ==, done);
  json_decref(trials);
  json_t *with = store_development_point_get(f->db, f->leader_a, p1, &error);
  g_assert_cmpuint(json_array_size(json_object_get(with, "trials")), ==, 1);
  json_decref(with);
}

/* ---- Theories of change ------------------------------------------------------------- */

static gint64
box(Fixture *f, gint64 theory, const char *column, const char *text, const StoreBoxParameter *p,
    gsize n)
{
  g_autoptr(GError) error = NULL;
  StoreBoxInput in = {.column_key = column, .text = text, .knowledge_research = TRUE,
                      .parameters = p, .n_parameters = n};
  gint64 id = store_theory_box_add(f->db, f->leader_a, theory, &in, NULL, &error);
  g_assert_no_error(error);
  return id;
}

static void
test_theory_versions(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  const char *field = NULL;
  begin(f);
  StoreTheoryInput in = {.offer_id = f->offer_a, .title = "Sundhed", .target_group = "Voksne"};
  gint64 theory = store_theory_create(f->db, f->leader_a, &in, &field, &error);
  StoreTheoryInput other_in = {.offer_id = f->offer_a, .title = "Andet"};
  gint64 other = store_theory_create(f->db, f->leader_a, &other_in, &field, &error);
  g_assert_no_error(error);
  StoreBoxParameter health = {"vum-livsomraader", "item", "sundhed"};
  StoreBoxParameter bogus = {"vum-livsomraader", "item", "nope"};
  gint64 a = box(f, theory, "activities", "Vejledning om kost", NULL, 0);
  gint64 b = box(f, theory, "immediate_results", "Motivation", NULL, 0);
  gint64 c = box(f, theory, "long_term_results", "Bedre sundhed", &health, 1);
  gint64 x = box(f, other, "activities", "Andet", NULL, 0);
  StoreBoxInput wrong = {.column_key = "activities", .text = "y", .parameters = &health,
                         .n_parameters = 1};
  g_assert_cmpint(store_theory_box_add(f->db, f->leader_a, theory, &wrong, &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "parameters");
  g_clear_error(&error);
  wrong.column_key = "long_term_results";
  wrong.parameters = &bogus;
  g_assert_cmpint(store_theory_box_add(f->db, f->leader_a, theory, &wrong, &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "parameters");
  g_clear_error(&error);
  g_assert_cmpint(store_theory_arrow_add(f->db, f->leader_a, theory, a, b, "spejling", &field,
                                         &error), >, 0);
  g_assert_cmpint(store_theory_arrow_add(f->db, f->leader_a, theory, b, c, NULL, &field, &error),
                  >, 0);
  g_assert_no_error(error);
  /* An arrow to a box of another theory of change. */
  g_assert_cmpint(store_theory_arrow_add(f->db, f->leader_a, theory, a, x, NULL, &field, &error),
                  ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_assert_cmpstr(field, ==, "to_box_id");
  g_clear_error(&error);
  g_assert_cmpint(store_theory_arrow_add(f->db, f->leader_a, theory, a, a, NULL, &field, &error),
                  ==, 0);
  g_clear_error(&error);
  g_assert_cmpint(store_theory_arrow_add(f->db, f->leader_a, theory, a, b, NULL, &field, &error),
                  ==, 0);
  g_clear_error(&error);
  /* Staff read theories and change none. */
  g_assert_cmpint(store_theory_arrow_add(f->db, f->staff_a, theory, a, c, NULL, &field, &error),
                  ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);

  /* Version 2 is a copy with boxes of its own. */
  gint64 number = store_theory_new_version(f->db, f->leader_a, theory, "Ny version", &error);
  g_assert_cmpint(number, ==, 2);
  commit(f);
  json_t *v2 = store_theory_get(f->db, f->staff_a, theory, 0, STORE_PRACTICE_READ, &error);
  g_assert_no_error(error);
  json_t *version = json_object_get(v2, "version");
  g_assert_cmpint(json_integer_value(json_object_get(version, "version")), ==, 2);
  g_assert_true(json_is_true(json_object_get(version, "newest")));
  g_assert_cmpstr(json_string_value(json_object_get(version, "target_group")), ==, "Voksne");
  json_t *boxes = json_object_get(version, "boxes");
  g_assert_cmpuint(json_array_size(boxes), ==, 3);
  gint64 a2 = json_integer_value(json_object_get(json_array_get(boxes, 0), "id"));
  gint64 c2 = json_integer_value(json_object_get(json_array_get(boxes, 2), "id"));
  g_assert_cmpint(a2, !=, a);
  g_assert_cmpuint(json_array_size(json_object_get(json_array_get(boxes, 2), "parameters")), ==,
                   1);
  json_t *arrows = json_object_get(version, "arrows");
  g_assert_cmpuint(json_array_size(arrows), ==, 2);
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(arrows, 0), "from_box_id")),
                  ==, a2);
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(arrows, 0), "mechanism")), ==,
                  "spejling");
  g_assert_cmpuint(json_array_size(json_object_get(v2, "versions")), ==, 2);
  json_decref(v2);

  /* Only the newest version changes: version 1's boxes are refused. */
  begin(f);
  StoreBoxInput change = {.column_key = "medium_term_results", .text = "Mere aktive"};
  g_assert_false(store_theory_box_update(f->db, f->leader_a, theory, a, &change, &field, &error));
  g_assert_cmpstr(field, ==, "box_id");
  g_clear_error(&error);
  g_assert_cmpint(store_theory_arrow_add(f->db, f->leader_a, theory, a2, c, NULL, &field, &error),
                  ==, 0);
  g_clear_error(&error);
  g_assert_true(store_theory_box_update(f->db, f->leader_a, theory, a2, &change, &field, &error));
  g_assert_true(store_theory_box_delete(f->db, f->leader_a, theory, c2, &field, &error));
  g_assert_no_error(error);
  commit(f);
  json_t *v1 = store_theory_get(f->db, f->leader_a, theory, 1, STORE_PRACTICE_READ, &error);
  json_t *one = json_object_get(v1, "version");
  g_assert_false(json_is_true(json_object_get(one, "newest")));
  g_assert_cmpuint(json_array_size(json_object_get(one, "boxes")), ==, 3);
  g_assert_cmpuint(json_array_size(json_object_get(one, "arrows")), ==, 2);
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(json_object_get(one, "boxes"),
                                                                   0), "text")), ==,
                  "Vejledning om kost");
  json_decref(v1);
  json_t *now = store_theory_get(f->db, f->leader_a, theory, 0, STORE_PRACTICE_READ, &error);
  json_t *two = json_object_get(now, "version");
  g_assert_cmpuint(json_array_size(json_object_get(two, "boxes")), ==, 2);
  g_assert_cmpuint(json_array_size(json_object_get(two, "arrows")), ==, 1);
  json_decref(now);
  gint64 found = 0;
  g_assert_true(store_theory_box_version(f->db, f->staff_a, theory, a, &found, &error));
  g_assert_cmpint(found, ==, 1);
  g_assert_false(store_theory_box_version(f->db, f->staff_a, theory, x, &found, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  json_t *list = store_theory_list(f->db, f->staff_a, f->offer_a, &error);
  g_assert_cmpuint(json_array_size(list), ==, 2);
  json_decref(list);
}

/* ---- Journeys and planning tools ------------------------------------------------------ */

static void
test_journeys(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  const char *field = NULL;
  begin(f);
  StoreJourneyInput in = {.offer_id = f->offer_a, .title = "Indflytning", .kind = "concrete",
                          .weeks = 4};
  gint64 j = store_journey_create(f->db, f->leader_a, &in, &field, &error);
  StoreJourneyInput other_in = {.offer_id = f->offer_a, .title = "Andet", .kind = "fictitious",
                                .weeks = 2};
  gint64 other = store_journey_create(f->db, f->leader_a, &other_in, &field, &error);
  g_assert_no_error(error);
  gint64 e = store_journey_entry_add(f->db, f->leader_a, j, 3, "citizen", "weakness",
                                     "Svært at tage bussen", &field, &error);
  g_assert_no_error(error);
  g_assert_cmpint(store_journey_entry_add(f->db, f->leader_a, j, 5, "citizen", "strength", "x",
                                          &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "week");
  g_clear_error(&error);
  g_assert_cmpint(store_journey_entry_add(f->db, f->leader_a, j, 1, "documentation", "strength",
                                          "x", &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "kind");
  g_clear_error(&error);
  g_assert_cmpint(store_journey_entry_add(f->db, f->leader_a, j, 1, "weather", "activity", "x",
                                          &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "lane");
  g_clear_error(&error);
  in.weeks = 2;
  g_assert_false(store_journey_update(f->db, f->leader_a, j, &in, &field, &error));
  g_assert_cmpstr(field, ==, "weeks");
  g_clear_error(&error);
  g_assert_false(store_journey_entry_delete(f->db, f->leader_a, other, e, &field, &error));
  g_assert_cmpstr(field, ==, "entry_id");
  g_clear_error(&error);
  commit(f);
  json_t *journey = store_journey_get(f->db, f->staff_a, j, STORE_PRACTICE_READ, &error);
  g_assert_cmpuint(json_array_size(json_object_get(journey, "entries")), ==, 1);
  json_decref(journey);
  g_assert_null(store_journey_get(f->db, f->staff_a, j, STORE_PRACTICE_WRITE, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
}

static void
test_planning(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  const char *field = NULL;
  begin(f);
  g_assert_cmpint(store_planning_create(f->db, f->leader_a, f->offer_a, "wishlist", "x",
                                        "2026-03-01", &field, &error), ==, 0);
  g_assert_cmpstr(field, ==, "kind");
  g_clear_error(&error);
  gint64 t = store_planning_create(f->db, f->leader_a, f->offer_a, "learning_meeting", "Møde",
                                   "2026-03-01", &field, &error);
  gint64 other = store_planning_create(f->db, f->leader_a, f->offer_a, "documentation_strategy",
                                       "Strategi", "2026-02-01", &field, &error);
  g_assert_no_error(error);
  StorePlanningAnswer first[] = {{"results_expected", "Ja, mest", NULL}};
  g_assert_true(store_planning_update(f->db, f->leader_a, t, "Møde", "2026-03-01", first, 1,
                                      &error));
  StorePlanningAnswer second[] = {{"results_expected", "Ja", "Følg op i maj"},
                                  {"results_minutes", "Referat", NULL}};
  g_assert_true(store_planning_update(f->db, f->leader_a, t, "Læringsmøde", "2026-03-02", second,
                                      2, &error));
  gint64 row = store_planning_entry_add(f->db, f->leader_a, t, "decisions", "Ny måling", "Lone",
                                        NULL, &error);
  g_assert_no_error(error);
  g_assert_false(store_planning_entry_delete(f->db, f->leader_a, other, row, &field, &error));
  g_assert_cmpstr(field, ==, "entry_id");
  g_clear_error(&error);
  commit(f);
  json_t *tool = store_planning_get(f->db, f->staff_a, t, STORE_PRACTICE_READ, &error);
  g_assert_cmpstr(json_string_value(json_object_get(tool, "title")), ==, "Læringsmøde");
  json_t *answers = json_object_get(tool, "answers");
  g_assert_cmpuint(json_array_size(answers), ==, 2);
  json_t *expected = json_array_get(answers, 0);
  g_assert_cmpstr(json_string_value(json_object_get(expected, "question_key")), ==,
                  "results_expected");
  g_assert_cmpstr(json_string_value(json_object_get(expected, "answer")), ==, "Ja");
  g_assert_cmpstr(json_string_value(json_object_get(expected, "follow_up")), ==, "Følg op i maj");
  g_assert_cmpuint(json_array_size(json_object_get(tool, "entries")), ==, 1);
  json_decref(tool);
  json_t *list = store_planning_list(f->db, f->staff_a, f->offer_a, &error);
  g_assert_cmpuint(json_array_size(list), ==, 2);
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(list, 0), "id")), ==, t);
  json_decref(list);
  /* Another organisation's leader does not reach it. */
  g_assert_null(store_planning_get(f->db, f->leader_b, t, STORE_PRACTICE_READ, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
}

/* Every write of practice development advances the data revision, so kept
 * pages do not outlive it; reading does not. */
static void
test_data_revision(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  gint64 before = 0, mid = 0, after = 0;
  g_assert_true(store_data_revision(f->db, &before, &error));
  new_assessment(f, f->se);
  g_assert_true(store_data_revision(f->db, &mid, &error));
  g_assert_cmpint(mid, >, before);
  begin(f);
  json_decref(store_practice_offers(f->db, f->leader_a, &error));
  commit(f);
  g_assert_true(store_data_revision(f->db, &after, &error));
  g_assert_cmpint(after, ==, mid);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, setup, fn, teardown)
  ADD("/practice/offers-and-scope", test_offers_and_scope);
  ADD("/practice/assessment/refusals", test_assessment_refusals);
  ADD("/practice/assessment/answers", test_assessment_answers);
  ADD("/practice/points-and-trials", test_points_and_trials);
  ADD("/practice/theory/versions", test_theory_versions);
  ADD("/practice/journeys", test_journeys);
  ADD("/practice/planning", test_planning);
  ADD("/practice/data-revision", test_data_revision);
#undef ADD
  return g_test_run();
}
