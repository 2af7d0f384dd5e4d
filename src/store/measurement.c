/* measurement.c — measurements of a citizen with an instrument and their
 * answers per item: validated whole before anything is written, read back
 * nested in two queries.
 *
 * Unanswered items: an item the caller leaves out of `answers` gets no
 * measurement_answer row; an answer with has_value FALSE is stored as a
 * row with value NULL (it may carry a comment, e.g. why it was not
 * assessed).  Readers treat both as "not answered". */
#include <string.h>

#include "core/clock.h"
#include "store/internal.h"

static const char *const points[] = {"start", "follow_up", "end", "after_end", "ad_hoc", NULL};
static const char *const respondents[] = {"citizen", "staff", "relative", "authority", NULL};
static const char *const methods[] = {"self_report", "simple_interview", "dialogue_interview",
                                      "observation", "observation_conversation", NULL};
static const char *const statuses[] = {"draft", "approved", NULL};

static gboolean
one_of(const char *value, const char *const *allowed)
{
  for (int i = 0; value != NULL && allowed[i] != NULL; i++)
    if (strcmp(value, allowed[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The fields the schema's CHECK constraints guard, checked first so that
 * a bad value is a clear CONFLICT and never a failed statement (which
 * would abort the whole transaction on PostgreSQL). */
gboolean
store_measurement_validate_fields(const StoreMeasurementInput *in, GError **error)
{
  const char *bad = NULL;
  if (in->measured_on == NULL || *in->measured_on == '\0')
    bad = "måledato";
  else if (!one_of(in->point, points))
    bad = "målepunkt";
  else if (!one_of(in->respondent, respondents))
    bad = "besvarer";
  else if (!one_of(in->collection_method, methods))
    bad = "indsamlingsmetode";
  else if (!one_of(in->status, statuses))
    bad = "status";
  if (bad == NULL)
    return TRUE;
  g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT, "målingen har ingen gyldig %s", bad);
  return FALSE;
}

GHashTable *
store_instrument_answer_rules(StoreDb *db, gint64 instrument_id, GError **error)
{
  StoreStmt *stmt = store_stmt_open(
    db,
    "SELECT it.id, sv.value FROM instrument_item it"
    " LEFT JOIN instrument_scale_value sv ON sv.instrument_id = it.instrument_id"
    " AND sv.scale_key = it.scale_key "
    "WHERE it.instrument_id = ?",
    STORE_PARAMS(P_INT(instrument_id)), error);
  if (stmt == NULL)
    return NULL;
  GHashTable *items = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                            (GDestroyNotify)g_array_unref);
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    gint64 id = store_col_int(db, stmt, 0);
    GArray *values = g_hash_table_lookup(items, &id);
    if (values == NULL) {
      values = g_array_new(FALSE, FALSE, sizeof(gint64));
      g_hash_table_insert(items, g_memdup2(&id, sizeof id), values);
    }
    if (!store_col_is_null(db, stmt, 1)) {
      gint64 value = store_col_int(db, stmt, 1);
      g_array_append_val(values, value);
    }
  }
  store_stmt_done(db, stmt);
  if (step != STORE_STEP_DONE) {
    g_hash_table_unref(items);
    return NULL;
  }
  return items;
}

static gboolean
value_allowed(const GArray *values, gint64 value)
{
  for (guint i = 0; i < values->len; i++)
    if (g_array_index(values, gint64, i) == value)
      return TRUE;
  return FALSE;
}

static gboolean
validate(StoreDb *db, gint64 actor_user_id, const StoreMeasurementInput *in, GError **error)
{
  if (!store_citizen_require_visible(db, actor_user_id, in->citizen_id, error) ||
      !store_measurement_validate_fields(in, error))
    return FALSE;

  gint64 found = 0;
  GError *local = NULL;
  if (!store_query_int(db, "SELECT id FROM instrument WHERE id = ?",
                       STORE_PARAMS(P_INT(in->instrument_id)), &found, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "instrumentet findes ikke");
    }
    g_propagate_error(error, local);
    return FALSE;
  }

  if (in->course_id != 0) {
    gint64 owner = 0;
    if (!store_query_int(db, "SELECT citizen_id FROM course WHERE id = ?",
                         STORE_PARAMS(P_INT(in->course_id)), &owner, &local) &&
        !g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_propagate_error(error, local);
      return FALSE;
    }
    g_clear_error(&local);
    if (owner != in->citizen_id) {
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                          "forløbet hører ikke til borgeren");
      return FALSE;
    }
  }

  /* Kept for the rest of the transaction: a batch of measurements with
   * one instrument (the demo, an import) reads its rules once. */
  if (db->tx_answer_rules == NULL)
    db->tx_answer_rules = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                                (GDestroyNotify)g_hash_table_unref);
  GHashTable *rules = g_hash_table_lookup(db->tx_answer_rules, &in->instrument_id);
  if (rules == NULL) {
    rules = store_instrument_answer_rules(db, in->instrument_id, error);
    if (rules == NULL)
      return FALSE;
    g_hash_table_insert(db->tx_answer_rules, g_memdup2(&in->instrument_id, sizeof(gint64)),
                        rules);
  }
  return store_measurement_validate_answers(in, rules, error);
}

gboolean
store_measurement_validate_answers(const StoreMeasurementInput *in, GHashTable *rules,
                                   GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new(g_int64_hash, g_int64_equal);
  for (gsize i = 0; i < in->n_answers; i++) {
    const StoreAnswerInput *a = &in->answers[i];
    const GArray *values = g_hash_table_lookup(rules, &a->item_id);
    if (values == NULL) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                  "spørgsmål %" G_GINT64_FORMAT " hører ikke til instrumentet", a->item_id);
      return FALSE;
    }
    if (!g_hash_table_add(seen, (gpointer)&a->item_id)) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                  "spørgsmål %" G_GINT64_FORMAT " er besvaret to gange", a->item_id);
      return FALSE;
    }
    if (a->has_value && !value_allowed(values, a->value)) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                  "svaret %d findes ikke på skalaen for spørgsmål %" G_GINT64_FORMAT, a->value,
                  a->item_id);
      return FALSE;
    }
  }
  return TRUE;
}

gint64
store_measurement_create(StoreDb *db, gint64 actor_user_id, const StoreMeasurementInput *in,
                         GError **error)
{
  if (!validate(db, actor_user_id, in, error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  gint64 id = store_insert(
    db,
    "INSERT INTO measurement (citizen_id, course_id, instrument_id, measured_on, point,"
    " respondent, collection_method, status, rater_user_id, comment, score, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    STORE_PARAMS(P_INT(in->citizen_id), P_ID(in->course_id), P_INT(in->instrument_id),
                 P_TEXT(in->measured_on), P_TEXT(in->point), P_TEXT(in->respondent),
                 P_TEXT(in->collection_method), P_TEXT(in->status), P_ID(actor_user_id),
                 P_TEXT(in->comment), in->has_score ? P_REAL(in->score) : P_NULL, P_TEXT(now)),
    error);
  if (id == 0)
    return 0;
  for (gsize i = 0; i < in->n_answers; i++) {
    const StoreAnswerInput *a = &in->answers[i];
    if (!store_exec(db,
                    "INSERT INTO measurement_answer (measurement_id, item_id, value, comment) "
                    "VALUES (?, ?, ?, ?)",
                    STORE_PARAMS(P_INT(id), P_INT(a->item_id),
                                 a->has_value ? P_INT(a->value) : P_NULL, P_TEXT(a->comment)),
                    error))
      return 0;
  }
  return id;
}

json_t *
store_measurement_list(StoreDb *db, gint64 actor_user_id, gint64 citizen_id, GError **error)
{
  if (!store_citizen_require_visible(db, actor_user_id, citizen_id, error))
    return NULL;
  json_t *measurements = store_query_rows(
    db,
    "SELECT m.id, m.course_id, m.instrument_id, i.key AS instrument_key,"
    " i.version AS instrument_version, i.name_da AS instrument_name_da, i.name_en AS instrument_name_en, m.measured_on,"
    " m.point, m.respondent, m.collection_method, m.status, m.comment, m.score,"
    " r.display_name AS rater_name "
    "FROM measurement m JOIN instrument i ON i.id = m.instrument_id"
    " LEFT JOIN app_user r ON r.id = m.rater_user_id "
    "WHERE m.citizen_id = ? ORDER BY m.measured_on, m.id",
    STORE_PARAMS(P_INT(citizen_id)), error);
  if (measurements == NULL)
    return NULL;
  /* The second query: every answer of the citizen, nested by measurement. */
  if (!store_query_nest(
        db,
        "SELECT a.measurement_id, a.item_id, it.key AS item_key, it.position, a.value,"
        " a.comment "
        "FROM measurement m JOIN measurement_answer a ON a.measurement_id = m.id"
        " JOIN instrument_item it ON it.id = a.item_id "
        "WHERE m.citizen_id = ? ORDER BY a.measurement_id, it.position, a.item_id",
        STORE_PARAMS(P_INT(citizen_id)), measurements, "answers", error)) {
    json_decref(measurements);
    return NULL;
  }
  return measurements;
}

gboolean
store_measurement_answers_foreach(StoreDb *db, gint64 instrument_id, StoreAnswerFunc fn,
                                  void *data, GError **error)
{
  StoreStmt *stmt = store_stmt_open(
    db,
    "SELECT a.measurement_id, a.item_id, a.value "
    "FROM measurement m JOIN measurement_answer a ON a.measurement_id = m.id "
    "WHERE m.instrument_id = ? ORDER BY a.measurement_id",
    STORE_PARAMS(P_INT(instrument_id)), error);
  if (stmt == NULL)
    return FALSE;
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    gboolean has_value = !store_col_is_null(db, stmt, 2);
    if (!fn(store_col_int(db, stmt, 0), store_col_int(db, stmt, 1), has_value,
            has_value ? store_col_int(db, stmt, 2) : 0, data)) {
      step = STORE_STEP_DONE;
      break;
    }
  }
  store_stmt_done(db, stmt);
  return step == STORE_STEP_DONE;
}
