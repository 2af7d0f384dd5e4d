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

/* Who answered, as the refusal of an instrument not made for them says it. */
static const char *
respondent_label(const char *respondent)
{
  static const char *const labels[][2] = {
    {"citizen", "borgeren selv"},
    {"staff", "en medarbejder"},
    {"relative", "en pårørende"},
    {"authority", "myndigheden"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(labels); i++)
    if (strcmp(respondent, labels[i][0]) == 0)
      return labels[i][1];
  return respondent;
}

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

/* The actor may record this measurement: the citizen is in their care,
 * or it is the citizen's own approved self-assessment by their own login
 * (store_measurement_create).  A rater other than the actor is staff or
 * leader over the citizen's unit. */
static gboolean
validate_access(StoreDb *db, gint64 actor_user_id, const StoreMeasurementInput *in,
                GError **error)
{
  StoreRelation relation = STORE_RELATION_NONE;
  if (!store_citizen_relation(db, actor_user_id, in->citizen_id, &relation, error))
    return FALSE;
  if (relation == STORE_RELATION_SELF) {
    if (in->respondent == NULL || strcmp(in->respondent, "citizen") != 0 ||
        in->collection_method == NULL || strcmp(in->collection_method, "self_report") != 0 ||
        in->status == NULL || strcmp(in->status, "approved") != 0 ||
        (in->rater_user_id != 0 && in->rater_user_id != actor_user_id)) {
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                          "borgeren kan kun registrere sin egen selvvurdering");
      return FALSE;
    }
    return TRUE;
  }
  if (relation != STORE_RELATION_CARE) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "borgeren findes ikke");
    return FALSE;
  }
  if (in->rater_user_id != 0 && in->rater_user_id != actor_user_id) {
    gint64 n = 0;
    if (!store_query_int(db,
                         "SELECT COUNT(*) FROM citizen c WHERE c.id = ? AND c.unit_id IN ("
                         STORE_SQL_SCOPED_UNITS ")",
                         STORE_PARAMS(P_INT(in->citizen_id), P_INT(in->rater_user_id)), &n,
                         error))
      return FALSE;
    if (n == 0) {
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                          "bedømmeren er ikke medarbejder i borgerens afdeling");
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean
validate(StoreDb *db, gint64 actor_user_id, const StoreMeasurementInput *in, GError **error)
{
  if (!validate_access(db, actor_user_id, in, error) ||
      !store_measurement_validate_fields(in, error))
    return FALSE;

  /* allowed: the instrument is made for this respondent (an instrument
   * stored before 090 and not yet completed has no rows and allows all). */
  gint64 allowed = 0;
  GError *local = NULL;
  if (!store_query_int(db,
                       "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM instrument_respondent r"
                       "  WHERE r.instrument_id = i.id)"
                       " OR EXISTS (SELECT 1 FROM instrument_respondent r"
                       "  WHERE r.instrument_id = i.id AND r.respondent = ?)"
                       " THEN 1 ELSE 0 END FROM instrument i WHERE i.id = ?",
                       STORE_PARAMS(P_TEXT(in->respondent), P_INT(in->instrument_id)), &allowed,
                       &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "instrumentet findes ikke");
    }
    g_propagate_error(error, local);
    return FALSE;
  }
  if (!allowed) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                "instrumentet kan ikke besvares af %s", respondent_label(in->respondent));
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

static gboolean
put_answers(StoreDb *db, gint64 id, const StoreMeasurementInput *in, GError **error)
{
  for (gsize i = 0; i < in->n_answers; i++) {
    const StoreAnswerInput *a = &in->answers[i];
    if (!store_exec(db,
                    "INSERT INTO measurement_answer (measurement_id, item_id, value, comment) "
                    "VALUES (?, ?, ?, ?)",
                    STORE_PARAMS(P_INT(id), P_INT(a->item_id),
                                 a->has_value ? P_INT(a->value) : P_NULL, P_TEXT(a->comment)),
                    error))
      return FALSE;
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
  gint64 rater = in->rater_user_id != 0 ? in->rater_user_id : actor_user_id;
  gboolean approved = strcmp(in->status, "approved") == 0;
  gint64 id = store_insert(
    db,
    "INSERT INTO measurement (citizen_id, course_id, instrument_id, measured_on, point,"
    " respondent, collection_method, status, rater_user_id, comment, score, created_at,"
    " version, recorded_by, approved_by, approved_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id",
    STORE_PARAMS(P_INT(in->citizen_id), P_ID(in->course_id), P_INT(in->instrument_id),
                 P_TEXT(in->measured_on), P_TEXT(in->point), P_TEXT(in->respondent),
                 P_TEXT(in->collection_method), P_TEXT(in->status), P_ID(rater),
                 P_TEXT(in->comment), in->has_score ? P_REAL(in->score) : P_NULL, P_TEXT(now),
                 P_ID(actor_user_id), approved ? P_ID(actor_user_id) : P_NULL,
                 approved ? P_TEXT(now) : P_NULL, P_TEXT(now)),
    error);
  if (id == 0 || !put_answers(db, id, in, error) ||
      !store_summary_refresh(db, in->course_id, in->course_id, error))
    return 0;
  json_t *snapshot = store_measurement_revision(db, id, 1, error);
  gboolean kept = snapshot != NULL &&
                  store_revision_put(db, STORE_REVISION_MEASUREMENT, id, 1, snapshot,
                                     actor_user_id, error);
  json_decref(snapshot);
  return kept ? id : 0;
}

/* The columns of a measurement as lists and pages read it. */
#define MEASUREMENT_COLUMNS                                                           \
  "m.id, m.course_id, m.instrument_id, i.key AS instrument_key,"                      \
  " i.version AS instrument_version, i.name_da AS instrument_name_da,"                \
  " i.name_en AS instrument_name_en, m.measured_on, m.point, m.respondent,"           \
  " m.collection_method, m.status, m.comment, m.score, r.display_name AS rater_name," \
  " m.rater_user_id, m.version"

json_t *
store_measurement_list(StoreDb *db, gint64 actor_user_id, gint64 citizen_id, GError **error)
{
  StoreRelation relation = STORE_RELATION_NONE;
  if (!store_citizen_relation(db, actor_user_id, citizen_id, &relation, error))
    return NULL;
  /* Drafts are the care team's until approved. */
  gboolean drafts = relation == STORE_RELATION_CARE;
  json_t *measurements = store_query_rows(
    db,
    drafts ? "SELECT " MEASUREMENT_COLUMNS " "
             "FROM measurement m JOIN instrument i ON i.id = m.instrument_id"
             " LEFT JOIN app_user r ON r.id = m.rater_user_id "
             "WHERE m.citizen_id = ? ORDER BY m.measured_on, m.id"
           : "SELECT " MEASUREMENT_COLUMNS " "
             "FROM measurement m JOIN instrument i ON i.id = m.instrument_id"
             " LEFT JOIN app_user r ON r.id = m.rater_user_id "
             "WHERE m.citizen_id = ? AND m.status = 'approved' ORDER BY m.measured_on, m.id",
    STORE_PARAMS(P_INT(citizen_id)), error);
  if (measurements == NULL)
    return NULL;
  /* The second query: every answer of the citizen, nested by measurement
   * (answers of drafts find no parent when drafts are not listed). */
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

/* ---- One measurement, reviewed and corrected ----------------------------------- */

json_t *
store_measurement_get(StoreDb *db, gint64 actor_user_id, gint64 measurement_id, GError **error)
{
  gint64 citizen_id = 0;
  GError *local = NULL;
  if (!store_query_int(db, "SELECT citizen_id FROM measurement WHERE id = ?",
                       STORE_PARAMS(P_INT(measurement_id)), &citizen_id, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "målingen findes ikke");
    }
    g_propagate_error(error, local);
    return NULL;
  }
  StoreRelation relation = STORE_RELATION_NONE;
  if (!store_citizen_relation(db, actor_user_id, citizen_id, &relation, error))
    return NULL;
  json_t *m = store_query_row(
    db,
    "SELECT " MEASUREMENT_COLUMNS ", m.citizen_id, c.first_name, c.last_name, c.unit_id,"
    " rb.display_name AS recorded_by_name, ab.display_name AS approved_by_name,"
    " m.approved_at, m.created_at, m.updated_at, k.started_on AS course_started_on,"
    " k.ended_on AS course_ended_on, iv.name AS intervention_name "
    "FROM measurement m JOIN instrument i ON i.id = m.instrument_id"
    " JOIN citizen c ON c.id = m.citizen_id"
    " LEFT JOIN app_user r ON r.id = m.rater_user_id"
    " LEFT JOIN app_user rb ON rb.id = m.recorded_by"
    " LEFT JOIN app_user ab ON ab.id = m.approved_by"
    " LEFT JOIN course k ON k.id = m.course_id"
    " LEFT JOIN intervention iv ON iv.id = k.intervention_id WHERE m.id = ?",
    STORE_PARAMS(P_INT(measurement_id)), "målingen findes ikke", error);
  if (m == NULL)
    return NULL;
  const char *status = json_string_value(json_object_get(m, "status"));
  if (relation != STORE_RELATION_CARE && g_strcmp0(status, "approved") != 0) {
    json_decref(m);
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "målingen findes ikke");
    return NULL;
  }
  json_t *answers = store_query_rows(
    db,
    "SELECT a.item_id, it.key AS item_key, it.position, a.value, a.comment "
    "FROM measurement_answer a JOIN instrument_item it ON it.id = a.item_id"
    " WHERE a.measurement_id = ? ORDER BY it.position, a.item_id",
    STORE_PARAMS(P_INT(measurement_id)), error);
  if (answers == NULL) {
    json_decref(m);
    return NULL;
  }
  json_object_set_new(m, "answers", answers);
  return m;
}

/* The content a version is compared by: the fields a person edits and
 * the answers by item key.  A new reference. */
static json_t *
snapshot_of(const json_t *m)
{
  static const char *const fields[] = {"measured_on", "point", "respondent",
                                       "collection_method", "status", "comment", "course_id",
                                       "rater_user_id", "rater_name", NULL};
  json_t *snapshot = json_object();
  for (int i = 0; fields[i] != NULL; i++) {
    json_t *v = json_object_get(m, fields[i]);
    json_object_set(snapshot, fields[i], v ? v : json_null());
  }
  json_t *answers = json_object();
  size_t i;
  json_t *a;
  json_array_foreach(json_object_get(m, "answers"), i, a) {
    const char *key = json_string_value(json_object_get(a, "item_key"));
    if (key != NULL)
      json_object_set_new(answers, key, json_pack("{s:O, s:O}", "value",
                                                  json_object_get(a, "value"), "comment",
                                                  json_object_get(a, "comment")));
  }
  json_object_set_new(snapshot, "answers", answers);
  return snapshot;
}

json_t *
store_measurement_revision(StoreDb *db, gint64 measurement_id, gint64 version, GError **error)
{
  GError *local = NULL;
  json_t *kept = store_revision_fetch(db, STORE_REVISION_MEASUREMENT, measurement_id, version,
                                      &local);
  if (kept != NULL || local != NULL) {
    if (local != NULL)
      g_propagate_error(error, local);
    return kept;
  }
  /* Not kept: the current row is that version, or it is gone. */
  json_t *m = store_query_row(
    db,
    "SELECT m.measured_on, m.point, m.respondent, m.collection_method, m.status, m.comment,"
    " m.course_id, m.rater_user_id, r.display_name AS rater_name, m.version "
    "FROM measurement m LEFT JOIN app_user r ON r.id = m.rater_user_id"
    " WHERE m.id = ? AND m.version = ?",
    STORE_PARAMS(P_INT(measurement_id), P_INT(version)), "versionen findes ikke", error);
  if (m == NULL)
    return NULL;
  json_t *answers = store_query_rows(
    db,
    "SELECT it.key AS item_key, a.value, a.comment FROM measurement_answer a"
    " JOIN instrument_item it ON it.id = a.item_id WHERE a.measurement_id = ?",
    STORE_PARAMS(P_INT(measurement_id)), error);
  if (answers == NULL) {
    json_decref(m);
    return NULL;
  }
  json_object_set_new(m, "answers", answers);
  json_t *snapshot = snapshot_of(m);
  json_decref(m);
  return snapshot;
}

json_t *
store_measurement_revisions(StoreDb *db, gint64 measurement_id, GError **error)
{
  return store_revision_list(db, STORE_REVISION_MEASUREMENT, measurement_id, error);
}

/* Makes sure the version a change starts from is kept before it changes. */
static gboolean
keep_current(StoreDb *db, gint64 measurement_id, gint64 version, gint64 actor_user_id,
             GError **error)
{
  GError *local = NULL;
  json_t *kept = store_revision_fetch(db, STORE_REVISION_MEASUREMENT, measurement_id, version,
                                      &local);
  if (local != NULL) {
    g_propagate_error(error, local);
    return FALSE;
  }
  if (kept != NULL) {
    json_decref(kept);
    return TRUE;
  }
  json_t *snapshot = store_measurement_revision(db, measurement_id, version, error);
  gboolean ok = snapshot != NULL && store_revision_put(db, STORE_REVISION_MEASUREMENT,
                                                       measurement_id, version, snapshot,
                                                       actor_user_id, error);
  json_decref(snapshot);
  return ok;
}

/* The measurement's citizen, instrument and version, for a change by the
 * actor, who must care for the citizen. */
static json_t *
editable(StoreDb *db, gint64 actor_user_id, gint64 measurement_id, GError **error)
{
  json_t *row = store_query_row(db,
                                "SELECT citizen_id, course_id, instrument_id, version, status"
                                " FROM measurement WHERE id = ?",
                                STORE_PARAMS(P_INT(measurement_id)), "målingen findes ikke",
                                error);
  if (row == NULL)
    return NULL;
  if (!store_citizen_require_care(db, actor_user_id,
                                  json_integer_value(json_object_get(row, "citizen_id")),
                                  error)) {
    json_decref(row);
    store_rename_not_found(error, "målingen findes ikke");
    return NULL;
  }
  return row;
}

/* After a change: the new version's snapshot is kept. */
static gboolean
keep_new(StoreDb *db, gint64 measurement_id, gint64 version, gint64 actor_user_id,
         GError **error)
{
  json_t *snapshot = store_measurement_revision(db, measurement_id, version, error);
  gboolean ok = snapshot != NULL && store_revision_put(db, STORE_REVISION_MEASUREMENT,
                                                       measurement_id, version, snapshot,
                                                       actor_user_id, error);
  json_decref(snapshot);
  return ok;
}

static gboolean
stale(GError **error)
{
  g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                      "målingen er ændret af en anden i mellemtiden");
  return FALSE;
}

gboolean
store_measurement_update(StoreDb *db, gint64 actor_user_id, gint64 measurement_id,
                         gint64 base_version, const StoreMeasurementInput *in, GError **error)
{
  json_t *row = editable(db, actor_user_id, measurement_id, error);
  if (row == NULL)
    return FALSE;
  StoreMeasurementInput checked = *in;
  checked.citizen_id = json_integer_value(json_object_get(row, "citizen_id"));
  checked.instrument_id = json_integer_value(json_object_get(row, "instrument_id"));
  gint64 version = json_integer_value(json_object_get(row, "version"));
  gint64 old_course = json_integer_value(json_object_get(row, "course_id"));
  json_decref(row);
  if (version != base_version)
    return stale(error);
  if (!validate(db, actor_user_id, &checked, error) ||
      !keep_current(db, measurement_id, version, actor_user_id, error))
    return FALSE;
  g_autofree char *now = spor_timestamp_now(0);
  gboolean approved = strcmp(checked.status, "approved") == 0;
  gint64 updated = 0;
  GError *local = NULL;
  /* The version guard is in the statement: a concurrent change that won
   * leaves no row to update. */
  if (!store_query_int(
        db,
        "UPDATE measurement SET course_id = ?, measured_on = ?, point = ?, respondent = ?,"
        " collection_method = ?, status = ?, comment = ?, score = ?, rater_user_id = ?,"
        " approved_by = CASE WHEN ? = 1 THEN COALESCE(approved_by, ?) ELSE NULL END,"
        " approved_at = CASE WHEN ? = 1 THEN COALESCE(approved_at, ?) ELSE NULL END,"
        " updated_at = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
        STORE_PARAMS(P_ID(checked.course_id), P_TEXT(checked.measured_on), P_TEXT(checked.point),
                     P_TEXT(checked.respondent), P_TEXT(checked.collection_method),
                     P_TEXT(checked.status), P_TEXT(checked.comment),
                     checked.has_score ? P_REAL(checked.score) : P_NULL,
                     P_INT(checked.rater_user_id != 0 ? checked.rater_user_id : actor_user_id),
                     P_BOOL(approved), P_INT(actor_user_id), P_BOOL(approved), P_TEXT(now),
                     P_TEXT(now), P_INT(measurement_id), P_INT(base_version)),
        &updated, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      return stale(error);
    }
    g_propagate_error(error, local);
    return FALSE;
  }
  return store_exec(db, "DELETE FROM measurement_answer WHERE measurement_id = ?",
                    STORE_PARAMS(P_INT(measurement_id)), error) &&
         put_answers(db, measurement_id, &checked, error) &&
         store_summary_refresh(db, old_course, old_course, error) &&
         (checked.course_id == old_course ||
          store_summary_refresh(db, checked.course_id, checked.course_id, error)) &&
         keep_new(db, measurement_id, base_version + 1, actor_user_id, error);
}

gboolean
store_measurement_approve(StoreDb *db, gint64 actor_user_id, gint64 measurement_id,
                          gint64 base_version, GError **error)
{
  json_t *row = editable(db, actor_user_id, measurement_id, error);
  if (row == NULL)
    return FALSE;
  gint64 version = json_integer_value(json_object_get(row, "version"));
  gint64 course = json_integer_value(json_object_get(row, "course_id"));
  gboolean draft = g_strcmp0(json_string_value(json_object_get(row, "status")), "draft") == 0;
  json_decref(row);
  if (version != base_version)
    return stale(error);
  if (!draft) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT, "målingen er allerede godkendt");
    return FALSE;
  }
  if (!keep_current(db, measurement_id, version, actor_user_id, error))
    return FALSE;
  g_autofree char *now = spor_timestamp_now(0);
  gint64 updated = 0;
  GError *local = NULL;
  if (!store_query_int(db,
                       "UPDATE measurement SET status = 'approved', approved_by = ?,"
                       " approved_at = ?, updated_at = ?, version = version + 1"
                       " WHERE id = ? AND version = ? AND status = 'draft' RETURNING id",
                       STORE_PARAMS(P_INT(actor_user_id), P_TEXT(now), P_TEXT(now),
                                    P_INT(measurement_id), P_INT(base_version)),
                       &updated, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      return stale(error);
    }
    g_propagate_error(error, local);
    return FALSE;
  }
  return store_summary_refresh(db, course, course, error) &&
         keep_new(db, measurement_id, base_version + 1, actor_user_id, error);
}

json_t *
store_measurement_drafts(StoreDb *db, gint64 actor_user_id, const StoreDueFilter *filter,
                         GError **error)
{
  g_autoptr(GString) sql = g_string_new(
    "SELECT m.id, m.citizen_id, c.first_name, c.last_name, u.name AS unit_name, m.measured_on,"
    " m.point, m.respondent, i.name_da AS instrument_name_da, i.name_en AS instrument_name_en,"
    " r.display_name AS rater_name, m.course_id, m.version "
    "FROM measurement m JOIN citizen c ON c.id = m.citizen_id JOIN unit u ON u.id = c.unit_id"
    " JOIN instrument i ON i.id = m.instrument_id"
    " LEFT JOIN app_user r ON r.id = m.rater_user_id"
    " WHERE m.status = 'draft' AND " STORE_SQL_CITIZEN_CARE);
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  StoreParam p = P_INT(actor_user_id);
  g_array_append_val(params, p);
  if (filter != NULL && filter->contact_person_id != 0) {
    g_string_append(sql, " AND c.contact_person_id = ?");
    p = P_INT(filter->contact_person_id);
    g_array_append_val(params, p);
  }
  if (filter != NULL && filter->unit_id != 0) {
    g_string_append(sql, " AND c.unit_id = ?");
    p = P_INT(filter->unit_id);
    g_array_append_val(params, p);
  }
  if (filter != NULL && filter->offer_id != 0) {
    g_string_append(sql, " AND u.offer_id = ?");
    p = P_INT(filter->offer_id);
    g_array_append_val(params, p);
  }
  if (filter != NULL && filter->citizen_id != 0) {
    g_string_append(sql, " AND c.id = ?");
    p = P_INT(filter->citizen_id);
    g_array_append_val(params, p);
  }
  g_string_append(sql, " ORDER BY m.measured_on, m.id");
  return store_query_rows(db, sql->str, (const StoreParam *)params->data, params->len, error);
}

json_t *
store_unit_raters(StoreDb *db, gint64 unit_id, GError **error)
{
  return store_query_rows(db,
                          "SELECT DISTINCT u.id, u.display_name FROM app_user u"
                          " JOIN role_assignment sra ON sra.user_id = u.id"
                          " AND sra.role IN ('staff', 'leader')"
                          " JOIN offer so ON so.organisation_id = sra.organisation_id"
                          " AND (sra.offer_id IS NULL OR sra.offer_id = so.id)"
                          " JOIN unit su ON su.offer_id = so.id"
                          " AND (sra.unit_id IS NULL OR sra.unit_id = su.id)"
                          " WHERE su.id = ? AND u.disabled = 0 ORDER BY u.display_name, u.id",
                          STORE_PARAMS(P_INT(unit_id)), error);
}
