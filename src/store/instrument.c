/* instrument.c — instrument definitions (the JSON format of instruments/)
 * stored as immutable versions: the columns queries need, the items, and
 * the whole definition text. */
#include <string.h>

#include "core/clock.h"
#include "store/internal.h"

#define INSTRUMENT_COLUMNS \
  "SELECT id, key, version, name_da, name_en, kind, scale_min, scale_max, higher_is_better"

/* ---- Reading a definition ------------------------------------------------ */

typedef struct {
  const char *key;
  json_int_t version;
  const char *name_da, *name_en, *kind;
  gboolean higher_is_better;
  json_int_t scale_min, scale_max;
  json_t *items; /* borrowed */
} Definition;

static gboolean
invalid(GError **error, const char *format, ...) G_GNUC_PRINTF(2, 3);

static gboolean
invalid(GError **error, const char *format, ...)
{
  va_list ap;
  va_start(ap, format);
  g_autofree char *msg = g_strdup_vprintf(format, ap);
  va_end(ap);
  g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED, "ugyldig instrumentdefinition: %s", msg);
  return FALSE;
}

/* object.da / object.en, English falling back to Danish. */
static gboolean
texts(const json_t *object, const char **da, const char **en)
{
  *da = json_string_value(json_object_get(object, "da"));
  *en = json_string_value(json_object_get(object, "en"));
  if (*en == NULL)
    *en = *da;
  return *da != NULL && **da != '\0';
}

static const json_t *
find_scale(const json_t *scales, const char *id)
{
  size_t i;
  const json_t *scale;
  json_array_foreach(scales, i, scale) {
    const char *sid = json_string_value(json_object_get(scale, "id"));
    if (id == NULL ? json_array_size(scales) == 1 : (sid != NULL && strcmp(sid, id) == 0))
      return scale;
  }
  return NULL;
}

static gboolean
parse_definition(const json_t *def, Definition *out, GError **error)
{
  memset(out, 0, sizeof *out);
  if (!json_is_object(def))
    return invalid(error, "ikke et JSON-objekt");
  out->key = json_string_value(json_object_get(def, "id"));
  if (out->key == NULL || *out->key == '\0')
    return invalid(error, "\"id\" mangler");
  json_t *version = json_object_get(def, "version");
  if (!json_is_integer(version) || json_integer_value(version) < 1)
    return invalid(error, "%s: \"version\" skal være et helt tal fra 1", out->key);
  out->version = json_integer_value(version);
  if (!texts(json_object_get(def, "name"), &out->name_da, &out->name_en))
    return invalid(error, "%s: \"name\" skal have en dansk tekst (\"da\")", out->key);
  out->kind = json_string_value(json_object_get(def, "kind"));
  if (out->kind == NULL || *out->kind == '\0')
    return invalid(error, "%s: \"kind\" mangler", out->key);
  const char *direction = json_string_value(json_object_get(def, "direction"));
  if (direction != NULL && strcmp(direction, "higher_is_better") == 0)
    out->higher_is_better = TRUE;
  else if (direction != NULL && strcmp(direction, "lower_is_better") == 0)
    out->higher_is_better = FALSE;
  else
    return invalid(error, "%s: \"direction\" skal være higher_is_better eller lower_is_better",
                   out->key);

  const json_t *scales = json_object_get(def, "scales");
  out->items = json_object_get(def, "items");
  if (!json_is_array(scales) || json_array_size(scales) == 0)
    return invalid(error, "%s: \"scales\" skal være en liste med mindst én skala", out->key);
  if (!json_is_array(out->items) || json_array_size(out->items) == 0)
    return invalid(error, "%s: \"items\" skal være en liste med mindst ét spørgsmål", out->key);

  gboolean have_range = FALSE;
  g_autoptr(GHashTable) keys = g_hash_table_new(g_str_hash, g_str_equal);
  size_t i;
  json_t *item;
  json_array_foreach(out->items, i, item) {
    const char *key = json_string_value(json_object_get(item, "id"));
    const char *da, *en;
    if (key == NULL || *key == '\0')
      return invalid(error, "%s: spørgsmål %zu mangler \"id\"", out->key, i + 1);
    if (!g_hash_table_add(keys, (gpointer)key))
      return invalid(error, "%s: spørgsmålet %s findes to gange", out->key, key);
    if (!texts(json_object_get(item, "text"), &da, &en))
      return invalid(error, "%s: spørgsmålet %s mangler en dansk tekst", out->key, key);
    json_t *order = json_object_get(item, "order");
    if (order != NULL && !json_is_integer(order))
      return invalid(error, "%s: \"order\" for %s skal være et helt tal", out->key, key);
    const char *scale_id = json_string_value(json_object_get(item, "scale"));
    const json_t *scale = find_scale(scales, scale_id);
    if (scale == NULL)
      return invalid(error, "%s: spørgsmålet %s har ingen kendt skala", out->key, key);
    const json_t *values = json_object_get(scale, "values");
    size_t k;
    const json_t *step;
    json_array_foreach(values, k, step) {
      const json_t *value = json_object_get(step, "value");
      if (!json_is_integer(value))
        return invalid(error, "%s: skalaværdier skal være hele tal", out->key);
      json_int_t v = json_integer_value(value);
      if (!have_range || v < out->scale_min)
        out->scale_min = v;
      if (!have_range || v > out->scale_max)
        out->scale_max = v;
      have_range = TRUE;
    }
  }
  if (!have_range)
    return invalid(error, "%s: skalaerne har ingen værdier", out->key);
  return TRUE;
}

/* ---- Storing ----------------------------------------------------------------- */

gboolean
store_instrument_ensure(StoreDb *db, const json_t *definition, gint64 *out_id, GError **error)
{
  Definition d;
  if (!parse_definition(definition, &d, error))
    return FALSE;

  GError *local = NULL;
  gint64 id = 0;
  if (store_query_int(db, "SELECT id FROM instrument WHERE key = ? AND version = ?",
                      STORE_PARAMS(P_TEXT(d.key), P_INT(d.version)), &id, &local)) {
    *out_id = id;
    return TRUE;
  }
  if (!g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
    g_propagate_error(error, local);
    return FALSE;
  }
  g_clear_error(&local);

  g_autofree char *text = json_dumps(definition, JSON_COMPACT);
  g_autofree char *now = spor_timestamp_now(0);
  id = store_insert(db,
                    "INSERT INTO instrument (key, version, name_da, name_en, kind, scale_min,"
                    " scale_max, higher_is_better, definition, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    STORE_PARAMS(P_TEXT(d.key), P_INT(d.version), P_TEXT(d.name_da),
                                 P_TEXT(d.name_en), P_TEXT(d.kind), P_INT(d.scale_min),
                                 P_INT(d.scale_max), P_BOOL(d.higher_is_better), P_TEXT(text),
                                 P_TEXT(now)),
                    error);
  if (id == 0)
    return FALSE;
  size_t i;
  json_t *item;
  json_array_foreach(d.items, i, item) {
    const char *da, *en;
    texts(json_object_get(item, "text"), &da, &en);
    json_t *order = json_object_get(item, "order");
    gint64 position = order != NULL ? json_integer_value(order) : (gint64)i + 1;
    if (!store_exec(db,
                    "INSERT INTO instrument_item (instrument_id, position, key, text_da, text_en) "
                    "VALUES (?, ?, ?, ?, ?)",
                    STORE_PARAMS(P_INT(id), P_INT(position),
                                 P_TEXT(json_string_value(json_object_get(item, "id"))),
                                 P_TEXT(da), P_TEXT(en)),
                    error))
      return FALSE;
  }
  *out_id = id;
  return TRUE;
}

/* ---- Reading ------------------------------------------------------------------ */

json_t *
store_instrument_list(StoreDb *db, GError **error)
{
  json_t *list = store_query_rows(db,
                                  INSTRUMENT_COLUMNS " FROM instrument i "
                                  "WHERE version = (SELECT MAX(v.version) FROM instrument v"
                                  " WHERE v.key = i.key) "
                                  "ORDER BY key",
                                  STORE_NO_PARAMS, error);
  size_t i;
  json_t *row;
  json_array_foreach(list, i, row)
    store_json_to_bool(row, "higher_is_better");
  return list;
}

/* Adds items, the first scale and the descriptions to an instrument row
 * (which holds the definition text, removed here); consumes row on error. */
static json_t *
complete(StoreDb *db, json_t *row, GError **error)
{
  gint64 id = json_integer_value(json_object_get(row, "id"));
  json_t *items = store_query_rows(db,
                                   "SELECT id, position, key, text_da, text_en "
                                   "FROM instrument_item WHERE instrument_id = ? "
                                   "ORDER BY position, id",
                                   STORE_PARAMS(P_INT(id)), error);
  if (items == NULL) {
    json_decref(row);
    return NULL;
  }
  json_object_set_new(row, "items", items);
  store_json_to_bool(row, "higher_is_better");

  const char *text = json_string_value(json_object_get(row, "definition"));
  json_t *definition = text ? json_loads(text, 0, NULL) : NULL;
  if (definition == NULL) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED,
                "instrument %" G_GINT64_FORMAT " har en ødelagt definition i databasen", id);
    json_decref(row);
    return NULL;
  }
  json_t *scale = json_array();
  const json_t *first = json_array_get(json_object_get(definition, "scales"), 0);
  size_t i;
  const json_t *step;
  json_array_foreach(json_object_get(first, "values"), i, step) {
    const char *da, *en;
    texts(json_object_get(step, "label"), &da, &en);
    json_array_append_new(scale, json_pack("{s:O, s:s?, s:s?}", "value",
                                           json_object_get(step, "value"), "label_da", da,
                                           "label_en", en));
  }
  json_object_set_new(row, "scale", scale);
  const char *description_da, *description_en;
  if (texts(json_object_get(definition, "description"), &description_da, &description_en)) {
    json_object_set_new(row, "description_da", json_string(description_da));
    json_object_set_new(row, "description_en", json_string(description_en));
  }
  json_decref(definition);
  json_object_del(row, "definition");
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
  json_t *row = store_query_row(db, INSTRUMENT_COLUMNS ", definition FROM instrument WHERE id = ?",
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
  GError *local = NULL;
  if (!store_query_int(db, "SELECT id FROM instrument WHERE key = ? ORDER BY version DESC LIMIT 1",
                       STORE_PARAMS(P_TEXT(key)), &id, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "instrumentet findes ikke");
    }
    g_propagate_error(error, local);
    return NULL;
  }
  return store_instrument_get(db, id, error);
}
