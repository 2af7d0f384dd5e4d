/* instrument.c — instrument versions: the definition text kept whole, and
 * the rows derived from it (items with their scale, subscale, reversal and
 * weight; scales and their values; subscales and the total's method) that
 * let the store check answers and let SQL aggregate scores.
 *
 * A version is written once and never changed: there is no path here that
 * updates or deletes one (store_instrument_complete() only adds the
 * derived rows of versions stored before they existed).  The store does
 * not read definitions; domain/instrument.c validates them and hands over
 * a StoreInstrumentInput. */
#include <string.h>

#include "core/clock.h"
#include "store/internal.h"

#define INSTRUMENT_COLUMNS                                                        \
  "SELECT i.id, i.key, i.version, i.name_da, i.name_en, i.kind, i.scale_min,"     \
  " i.scale_max, i.higher_is_better, i.source, i.created_at"

/* ---- Storing ------------------------------------------------------------------ */

static const char *
text_or(const char *text, const char *fallback)
{
  return text != NULL ? text : fallback;
}

/* The derived rows of one version: scales with their values, subscales,
 * and (when items_exist) the item columns, else new item rows. */
static gboolean
insert_derived(StoreDb *db, gint64 id, const StoreInstrumentInput *in, gboolean items_exist,
               GError **error)
{
  for (gsize s = 0; s < in->n_scales; s++) {
    const StoreScaleInput *scale = &in->scales[s];
    if (!store_exec(db,
                    "INSERT INTO instrument_scale (instrument_id, key, score_min, score_max) "
                    "VALUES (?, ?, ?, ?)",
                    STORE_PARAMS(P_INT(id), P_TEXT(scale->key), P_REAL(scale->score_min),
                                 P_REAL(scale->score_max)),
                    error))
      return FALSE;
    for (gsize v = 0; v < scale->n_values; v++) {
      const StoreScaleValueInput *value = &scale->values[v];
      if (!store_exec(db,
                      "INSERT INTO instrument_scale_value (instrument_id, scale_key, position,"
                      " value, label_da, label_en, score, flagged, excluded) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      STORE_PARAMS(P_INT(id), P_TEXT(scale->key), P_INT(v + 1),
                                   P_INT(value->value), P_TEXT(value->label_da),
                                   P_TEXT(text_or(value->label_en, value->label_da)),
                                   value->excluded ? P_NULL : P_REAL(value->score),
                                   P_BOOL(value->flagged), P_BOOL(value->excluded)),
                      error))
        return FALSE;
    }
  }
  for (gsize s = 0; s < in->n_subscales; s++) {
    const StoreSubscaleInput *sub = &in->subscales[s];
    if (!store_exec(db,
                    "INSERT INTO instrument_subscale (instrument_id, key, position, name_da,"
                    " name_en, method, min_answered, factor, rho, higher_is_better) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    STORE_PARAMS(P_INT(id), P_TEXT(sub->key), P_INT(s + 1),
                                 P_TEXT(sub->name_da),
                                 P_TEXT(text_or(sub->name_en, sub->name_da)),
                                 P_TEXT(sub->scoring.method), P_INT(sub->scoring.min_answered),
                                 P_REAL(sub->scoring.factor), P_REAL(sub->scoring.rho),
                                 P_BOOL(sub->higher_is_better)),
                    error))
      return FALSE;
  }
  for (gsize i = 0; i < in->n_items; i++) {
    const StoreItemInput *item = &in->items[i];
    gboolean ok;
    if (items_exist)
      ok = store_exec(db,
                      "UPDATE instrument_item SET scale_key = ?, subscale_key = ?, reverse = ?,"
                      " weight = ? WHERE instrument_id = ? AND key = ?",
                      STORE_PARAMS(P_TEXT(item->scale_key), P_TEXT(item->subscale_key),
                                   P_BOOL(item->reverse), P_REAL(item->weight), P_INT(id),
                                   P_TEXT(item->key)),
                      error);
    else
      ok = store_exec(db,
                      "INSERT INTO instrument_item (instrument_id, position, key, text_da,"
                      " text_en, scale_key, subscale_key, reverse, weight) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      STORE_PARAMS(P_INT(id), P_INT(i + 1), P_TEXT(item->key),
                                   P_TEXT(item->text_da),
                                   P_TEXT(text_or(item->text_en, item->text_da)),
                                   P_TEXT(item->scale_key), P_TEXT(item->subscale_key),
                                   P_BOOL(item->reverse), P_REAL(item->weight)),
                      error);
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

static gboolean
input_valid(const StoreInstrumentInput *in, GError **error)
{
  if (in->key == NULL || *in->key == '\0' || in->version < 1 || in->name_da == NULL ||
      in->kind == NULL || in->source == NULL || in->definition == NULL || in->n_items == 0 ||
      in->n_scales == 0 || (in->has_total && in->total.method == NULL)) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED,
                        "ufuldstændig instrumentversion");
    return FALSE;
  }
  return TRUE;
}

gint64
store_instrument_insert(StoreDb *db, const StoreInstrumentInput *in, GError **error)
{
  if (!input_valid(in, error))
    return 0;
  /* Checked first: a failed INSERT would abort the whole transaction on
   * PostgreSQL, and the caller may want to carry on. */
  gint64 existing = 0;
  GError *local = NULL;
  if (store_instrument_find(db, in->key, in->version, &existing, &local)) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                "instrumentet %s findes allerede i version %" G_GINT64_FORMAT, in->key,
                in->version);
    return 0;
  }
  if (!g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
    g_propagate_error(error, local);
    return 0;
  }
  g_clear_error(&local);

  g_autofree char *now = spor_timestamp_now(0);
  gint64 id = store_insert(
    db,
    "INSERT INTO instrument (key, version, name_da, name_en, kind, scale_min, scale_max,"
    " higher_is_better, definition, created_at, source, imported_by, total_method,"
    " total_min_answered, total_factor, total_rho) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    STORE_PARAMS(P_TEXT(in->key), P_INT(in->version), P_TEXT(in->name_da),
                 P_TEXT(text_or(in->name_en, in->name_da)), P_TEXT(in->kind),
                 P_INT(in->scale_min), P_INT(in->scale_max), P_BOOL(in->higher_is_better),
                 P_TEXT(in->definition), P_TEXT(now), P_TEXT(in->source), P_ID(in->imported_by),
                 in->has_total ? P_TEXT(in->total.method) : P_NULL,
                 in->has_total ? P_INT(in->total.min_answered) : P_NULL,
                 in->has_total ? P_REAL(in->total.factor) : P_NULL,
                 in->has_total ? P_REAL(in->total.rho) : P_NULL),
    error);
  if (id == 0 || !insert_derived(db, id, in, FALSE, error) ||
      !store_instrument_set_respondents(db, id, in->respondents, error))
    return 0;
  return id;
}

gboolean
store_instrument_set_respondents(StoreDb *db, gint64 instrument_id,
                                 const char *const *respondents, GError **error)
{
  for (gsize i = 0; respondents != NULL && respondents[i] != NULL; i++)
    if (!store_exec(db,
                    "INSERT INTO instrument_respondent (instrument_id, respondent) "
                    "VALUES (?, ?)",
                    STORE_PARAMS(P_INT(instrument_id), P_TEXT(respondents[i])), error))
      return FALSE;
  return TRUE;
}

json_t *
store_instrument_respondents(StoreDb *db, gint64 instrument_id, GError **error)
{
  return store_query_rows(db,
                          "SELECT respondent FROM instrument_respondent WHERE instrument_id = ?"
                          " ORDER BY respondent",
                          STORE_PARAMS(P_INT(instrument_id)), error);
}

json_t *
store_instrument_list_without_respondents(StoreDb *db, GError **error)
{
  return store_query_rows(db,
                          "SELECT i.id, i.definition FROM instrument i "
                          "WHERE NOT EXISTS (SELECT 1 FROM instrument_respondent r"
                          " WHERE r.instrument_id = i.id) ORDER BY i.id",
                          STORE_NO_PARAMS, error);
}

json_t *
store_instrument_list_incomplete(StoreDb *db, GError **error)
{
  return store_query_rows(db,
                          "SELECT i.id, i.definition FROM instrument i "
                          "WHERE NOT EXISTS (SELECT 1 FROM instrument_scale s"
                          " WHERE s.instrument_id = i.id) ORDER BY i.id",
                          STORE_NO_PARAMS, error);
}

gboolean
store_instrument_complete(StoreDb *db, gint64 instrument_id, const StoreInstrumentInput *in,
                          GError **error)
{
  if (!input_valid(in, error))
    return FALSE;
  if (!store_exec(db,
                  "UPDATE instrument SET total_method = ?, total_min_answered = ?,"
                  " total_factor = ?, total_rho = ?, scale_min = ?, scale_max = ? "
                  "WHERE id = ?",
                  STORE_PARAMS(in->has_total ? P_TEXT(in->total.method) : P_NULL,
                               in->has_total ? P_INT(in->total.min_answered) : P_NULL,
                               in->has_total ? P_REAL(in->total.factor) : P_NULL,
                               in->has_total ? P_REAL(in->total.rho) : P_NULL,
                               P_INT(in->scale_min), P_INT(in->scale_max),
                               P_INT(instrument_id)),
                  error))
    return FALSE;
  return insert_derived(db, instrument_id, in, TRUE, error);
}

/* ---- Reading ------------------------------------------------------------------ */

json_t *
store_instrument_list(StoreDb *db, GError **error)
{
  json_t *list = store_query_rows(
    db,
    INSTRUMENT_COLUMNS ","
    " (SELECT COUNT(*) FROM instrument v WHERE v.key = i.key) AS versions,"
    " (SELECT COUNT(*) FROM measurement m JOIN instrument mi ON mi.id = m.instrument_id"
    "  WHERE mi.key = i.key) AS measurements "
    "FROM instrument i "
    "WHERE i.version = (SELECT MAX(v.version) FROM instrument v WHERE v.key = i.key) "
    "ORDER BY i.key",
    STORE_NO_PARAMS, error);
  size_t i;
  json_t *row;
  json_array_foreach(list, i, row)
    store_json_to_bool(row, "higher_is_better");
  return list;
}

json_t *
store_instrument_versions(StoreDb *db, const char *key, GError **error)
{
  return store_query_rows(
    db,
    "SELECT i.id, i.version, i.source, i.created_at, u.display_name AS imported_by_name,"
    " (SELECT COUNT(*) FROM measurement m WHERE m.instrument_id = i.id) AS measurements "
    "FROM instrument i LEFT JOIN app_user u ON u.id = i.imported_by "
    "WHERE i.key = ? ORDER BY i.version DESC",
    STORE_PARAMS(P_TEXT(key)), error);
}

/* NOT_FOUND with the message the pages show. */
static gboolean
find(StoreDb *db, const char *sql, const StoreParam *params, gsize n_params, gint64 *out_id,
     GError **error)
{
  GError *local = NULL;
  if (store_query_int(db, sql, params, n_params, out_id, &local))
    return TRUE;
  if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
    g_clear_error(&local);
    g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "instrumentet findes ikke");
  }
  g_propagate_error(error, local);
  return FALSE;
}

gboolean
store_instrument_find(StoreDb *db, const char *key, gint64 version, gint64 *out_id,
                      GError **error)
{
  if (version > 0)
    return find(db, "SELECT id FROM instrument WHERE key = ? AND version = ?",
                STORE_PARAMS(P_TEXT(key), P_INT(version)), out_id, error);
  return find(db, "SELECT id FROM instrument WHERE key = ? ORDER BY version DESC LIMIT 1",
              STORE_PARAMS(P_TEXT(key)), out_id, error);
}

gboolean
store_instrument_find_by_source(StoreDb *db, const char *key, const char *source,
                                gint64 *out_id, GError **error)
{
  return find(db,
              "SELECT id FROM instrument WHERE key = ? AND source = ? "
              "ORDER BY version DESC LIMIT 1",
              STORE_PARAMS(P_TEXT(key), P_TEXT(source)), out_id, error);
}

gboolean
store_instrument_measurement_count(StoreDb *db, gint64 instrument_id, gint64 *out_count,
                                   GError **error)
{
  return store_query_int(db, "SELECT COUNT(*) FROM measurement WHERE instrument_id = ?",
                         STORE_PARAMS(P_INT(instrument_id)), out_count, error);
}

char *
store_instrument_definition(StoreDb *db, gint64 instrument_id, GError **error)
{
  StoreStmt *stmt = store_stmt_open(db, "SELECT definition FROM instrument WHERE id = ?",
                                    STORE_PARAMS(P_INT(instrument_id)), error);
  if (stmt == NULL)
    return NULL;
  char *text = NULL;
  StoreStep step = store_stmt_step(db, stmt, error);
  if (step == STORE_STEP_ROW)
    text = store_col_strdup(db, stmt, 0);
  store_stmt_done(db, stmt);
  if (step == STORE_STEP_DONE)
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "instrumentet findes ikke");
  return text;
}

/* Adds items and the first item's scale to an instrument row; consumes
 * row on error. */
static json_t *
complete(StoreDb *db, json_t *row, GError **error)
{
  gint64 id = json_integer_value(json_object_get(row, "id"));
  json_t *items = store_query_rows(db,
                                   "SELECT id, position, key, text_da, text_en, scale_key,"
                                   " subscale_key, reverse, weight "
                                   "FROM instrument_item WHERE instrument_id = ? "
                                   "ORDER BY position, id",
                                   STORE_PARAMS(P_INT(id)), error);
  if (items == NULL) {
    json_decref(row);
    return NULL;
  }
  size_t i;
  json_t *item;
  json_array_foreach(items, i, item)
    store_json_to_bool(item, "reverse");
  const char *first_scale = json_string_value(json_object_get(json_array_get(items, 0),
                                                              "scale_key"));
  json_t *scale = store_query_rows(db,
                                   "SELECT value, label_da, label_en, score, flagged, excluded "
                                   "FROM instrument_scale_value "
                                   "WHERE instrument_id = ? AND scale_key = ? ORDER BY position",
                                   STORE_PARAMS(P_INT(id), P_TEXT(first_scale)), error);
  if (scale == NULL) {
    json_decref(items);
    json_decref(row);
    return NULL;
  }
  json_t *value;
  json_array_foreach(scale, i, value) {
    store_json_to_bool(value, "flagged");
    store_json_to_bool(value, "excluded");
  }
  json_object_set_new(row, "items", items);
  json_object_set_new(row, "scale", scale);
  store_json_to_bool(row, "higher_is_better");
  return row;
}

/* An instrument version never changes once committed (the store has no
 * path that updates or deletes one), and the citizen page asks for it on
 * every request, so each connection keeps the finished read model by id.
 * Only rows read outside a write transaction are kept: those are
 * committed, whereas a row inserted in a transaction that is later rolled
 * back could see its id reused.  Callers get a deep copy they may change. */
static json_t *
cache_get(StoreDb *db, gint64 id)
{
  json_t *cached = db->immutable ? g_hash_table_lookup(db->immutable, &id) : NULL;
  return cached ? json_deep_copy(cached) : NULL;
}

static void
drop_json(gpointer value)
{
  json_decref(value);
}

static json_t *
cache_put(StoreDb *db, gint64 id, json_t *instrument)
{
  if (store_in_write_transaction(db))
    return instrument;
  if (db->immutable == NULL)
    db->immutable = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, drop_json);
  g_hash_table_replace(db->immutable, g_memdup2(&id, sizeof id), instrument);
  return json_deep_copy(instrument);
}

json_t *
store_instrument_get(StoreDb *db, gint64 instrument_id, GError **error)
{
  json_t *copy = cache_get(db, instrument_id);
  if (copy != NULL)
    return copy;
  json_t *row = store_query_row(db, INSTRUMENT_COLUMNS " FROM instrument i WHERE i.id = ?",
                                STORE_PARAMS(P_INT(instrument_id)), "instrumentet findes ikke",
                                error);
  json_t *instrument = row ? complete(db, row, error) : NULL;
  return instrument ? cache_put(db, instrument_id, instrument) : NULL;
}

json_t *
store_instrument_get_by_key(StoreDb *db, const char *key, GError **error)
{
  /* The newest version may be new since last time; the rest is cached. */
  gint64 id = 0;
  if (!store_instrument_find(db, key, 0, &id, error))
    return NULL;
  return store_instrument_get(db, id, error);
}
