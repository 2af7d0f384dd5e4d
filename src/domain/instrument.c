/* instrument.c — instruments in the database (instrument.h): turning a
 * validated definition into a stored version by the version rules, the
 * built-in definitions, and loading a stored version back as a typed
 * definition with the row ids of its items. */
#include "domain/instrument.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "spor-resources.h"

#define BUILTIN_DIR "/spor/instruments/"

/* ---- From a definition to the store's input ------------------------------------ */

typedef struct StoreInputBuf {
  StoreInstrumentInput in;
  StoreScaleInput *scales;
  StoreScaleValueInput *values;
  StoreItemInput *items;
  StoreSubscaleInput *subscales;
  const char *respondents[5]; /* static names, NULL-terminated */
} StoreInputBuf;

/* The names of def's respondent bits into out (at least 5 slots). */
static void
respondents_fill(const InstrumentDef *def, const char **out)
{
  const char *const *names = instrument_respondent_names();
  guint n = 0;
  for (guint bit = 0; names[bit] != NULL && n < 4; bit++)
    if (def->respondents & (1u << bit))
      out[n++] = names[bit];
  out[n] = NULL;
}

static StoreScoringInput
scoring_input(const InstrumentScoring *scoring)
{
  return (StoreScoringInput){
    .method = score_method_name(scoring->method),
    .min_answered = scoring->min_answered,
    .factor = scoring->factor,
    .rho = scoring->rho,
  };
}

/* Fills buf from def; texts are borrowed from def, definition_text and
 * source from the caller.  Free with input_clear(). */
static void
input_build(const InstrumentDef *def, const char *definition_text, const char *source,
            gint64 user_id, StoreInputBuf *buf)
{
  memset(buf, 0, sizeof *buf);
  guint n_values = 0;
  for (guint s = 0; s < def->n_scales; s++)
    n_values += def->scales[s].n_values;
  buf->scales = g_new0(StoreScaleInput, def->n_scales);
  buf->values = g_new0(StoreScaleValueInput, MAX(n_values, 1));
  buf->items = g_new0(StoreItemInput, def->n_items);
  buf->subscales = g_new0(StoreSubscaleInput, MAX(def->n_subscales, 1));

  gint64 value_min = 0, value_max = 0;
  StoreScaleValueInput *v = buf->values;
  for (guint s = 0; s < def->n_scales; s++) {
    const InstrumentScale *scale = &def->scales[s];
    buf->scales[s] = (StoreScaleInput){.key = scale->id, .score_min = scale->score_min,
                                       .score_max = scale->score_max, .values = v,
                                       .n_values = scale->n_values};
    for (guint k = 0; k < scale->n_values; k++, v++) {
      const InstrumentScaleValue *value = &scale->values[k];
      *v = (StoreScaleValueInput){.value = value->value, .label_da = value->label.da,
                                  .label_en = value->label.en, .score = value->score,
                                  .flagged = value->flagged, .excluded = value->excluded};
    }
    if (s == 0 || scale->value_min < value_min)
      value_min = scale->value_min;
    if (s == 0 || scale->value_max > value_max)
      value_max = scale->value_max;
  }
  for (guint i = 0; i < def->n_items; i++) {
    const InstrumentItem *item = &def->items[i];
    buf->items[i] = (StoreItemInput){
      .key = item->id, .text_da = item->text.da, .text_en = item->text.en,
      .scale_key = def->scales[item->scale].id,
      .subscale_key = item->subscale >= 0 ? def->subscales[item->subscale].id : NULL,
      .reverse = item->reverse, .weight = item->weight};
  }
  for (guint s = 0; s < def->n_subscales; s++) {
    const InstrumentSubscale *sub = &def->subscales[s];
    buf->subscales[s] = (StoreSubscaleInput){
      .key = sub->id, .name_da = sub->name.da, .name_en = sub->name.en,
      .scoring = scoring_input(&sub->scoring),
      .higher_is_better = sub->scoring.higher_is_better};
  }
  buf->in = (StoreInstrumentInput){
    .key = def->id,
    .version = def->version,
    .name_da = def->name.da,
    .name_en = def->name.en,
    .kind = instrument_kind_name(def->kind),
    .source = source,
    .imported_by = user_id,
    .higher_is_better = def->higher_is_better,
    .scale_min = value_min,
    .scale_max = value_max,
    .has_total = def->has_total,
    .total = def->has_total ? scoring_input(&def->total) : (StoreScoringInput){0},
    .definition = definition_text,
    .scales = buf->scales,
    .n_scales = def->n_scales,
    .items = buf->items,
    .n_items = def->n_items,
    .subscales = buf->subscales,
    .n_subscales = def->n_subscales,
    .respondents = buf->respondents,
  };
  respondents_fill(def, buf->respondents);
}

static void
input_clear(StoreInputBuf *buf)
{
  g_free(buf->scales);
  g_free(buf->values);
  g_free(buf->items);
  g_free(buf->subscales);
}

/* ---- Versions ------------------------------------------------------------------ */

/* TRUE when two definitions say the same, apart from their version. */
static gboolean
same_content(const json_t *a, const json_t *b)
{
  json_t *x = json_copy((json_t *)a), *y = json_copy((json_t *)b);
  json_object_del(x, "version");
  json_object_del(y, "version");
  gboolean same = json_equal(x, y);
  json_decref(x);
  json_decref(y);
  return same;
}

/* Whether the stored version id has the content of def; FALSE with error
 * when the store failed. */
static gboolean
stored_same(StoreDb *db, gint64 id, const InstrumentDef *def, gboolean *out_same,
            GError **error)
{
  g_autofree char *text = store_instrument_definition(db, id, error);
  if (text == NULL)
    return FALSE;
  json_t *stored = json_loads(text, 0, NULL);
  *out_same = stored != NULL && same_content(stored, def->json);
  json_decref(stored);
  return TRUE;
}

/* A version's id and number, found = FALSE when there is none. */
typedef struct Found {
  gboolean found;
  gint64 id;
  gint64 version;
} Found;

/* Looks up (key, version) (version 0: the newest; source non-NULL: the
 * newest from that source). */
static gboolean
lookup(StoreDb *db, const char *key, gint64 version, const char *source, Found *out,
       GError **error)
{
  GError *local = NULL;
  memset(out, 0, sizeof *out);
  gboolean ok = source != NULL ? store_instrument_find_by_source(db, key, source, &out->id, &local)
                               : store_instrument_find(db, key, version, &out->id, &local);
  if (!ok) {
    if (!g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_propagate_error(error, local);
      return FALSE;
    }
    g_clear_error(&local);
    return TRUE;
  }
  json_t *row = store_instrument_get(db, out->id, error);
  if (row == NULL)
    return FALSE;
  out->found = TRUE;
  out->version = json_integer_value(json_object_get(row, "version"));
  json_decref(row);
  return TRUE;
}

/* Stores def as version `version`. */
static gboolean
store_version(StoreDb *db, const InstrumentDef *def, gint64 version, const char *source,
              gint64 user_id, InstrumentImportResult *out, GError **error)
{
  json_t *json = json_copy(def->json);
  json_object_set_new(json, "version", json_integer(version));
  g_autofree char *text = json_dumps(json, JSON_COMPACT);
  json_decref(json);
  StoreInputBuf buf;
  input_build(def, text, source, user_id, &buf);
  buf.in.version = version;
  gint64 id = store_instrument_insert(db, &buf.in, error);
  input_clear(&buf);
  if (id == 0)
    return FALSE;
  *out = (InstrumentImportResult){.outcome = INSTRUMENT_IMPORT_CREATED, .instrument_id = id,
                                  .version = version};
  return TRUE;
}

/* UNCHANGED into out (and *out_done) when one of the candidates (found
 * ones only) already holds def's content. */
static gboolean
find_same(StoreDb *db, const InstrumentDef *def, const Found *candidates, guint n,
          InstrumentImportResult *out, gboolean *out_done, GError **error)
{
  *out_done = FALSE;
  for (guint i = 0; i < n; i++) {
    if (!candidates[i].found)
      continue;
    gboolean same;
    if (!stored_same(db, candidates[i].id, def, &same, error))
      return FALSE;
    if (same) {
      *out = (InstrumentImportResult){.outcome = INSTRUMENT_IMPORT_UNCHANGED,
                                      .instrument_id = candidates[i].id,
                                      .version = candidates[i].version};
      *out_done = TRUE;
      return TRUE;
    }
  }
  return TRUE;
}

gboolean
instrument_import(StoreDb *db, const InstrumentDef *def, const char *source, gint64 user_id,
                  gboolean new_version, InstrumentImportResult *out, GPtrArray *problems,
                  GError **error)
{
  Found named, newest;
  if (!lookup(db, def->id, def->version, NULL, &named, error) ||
      !lookup(db, def->id, 0, NULL, &newest, error))
    return FALSE;
  Found candidates[] = {named, newest};
  gboolean done;
  if (!find_same(db, def, candidates, G_N_ELEMENTS(candidates), out, &done, error))
    return FALSE;
  if (done)
    return TRUE;
  if (named.found && !new_version) {
    gint64 uses = 0;
    if (!store_instrument_measurement_count(db, named.id, &uses, error))
      return FALSE;
    if (uses > 0) {
      instrument_problem_add(
        problems, "version",
        _("version %lld af '%s' er allerede brugt i %lld målinger og kan ikke ændres. "
          "Importér definitionen som en ny version: sæt \"version\" til %lld, eller vælg at "
          "gemme den som ny version."),
        (long long)def->version, def->id, (long long)uses, (long long)(newest.version + 1));
      return FALSE;
    }
  }
  gint64 version = newest.found ? MAX(def->version, newest.version + 1) : def->version;
  return store_version(db, def, version, source, user_id, out, error);
}

/* ---- Built-in definitions --------------------------------------------------------- */

static GResource *
resources(void)
{
  static gsize done = 0;
  if (g_once_init_enter(&done)) {
    if (spor_get_resource() == NULL)
      spor_register_resource();
    g_once_init_leave(&done, 1);
  }
  return spor_get_resource();
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

GStrv
instrument_builtin_names(GError **error)
{
  g_auto(GStrv) all = g_resource_enumerate_children(resources(), BUILTIN_DIR,
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (all == NULL)
    return NULL;
  GPtrArray *names = g_ptr_array_new();
  for (guint i = 0; all[i] != NULL; i++)
    if (g_str_has_suffix(all[i], ".json"))
      g_ptr_array_add(names, g_strdup(all[i]));
  g_ptr_array_sort(names, compare_names);
  g_ptr_array_add(names, NULL);
  return (GStrv)g_ptr_array_free(names, FALSE);
}

GBytes *
instrument_builtin_bytes(const char *name, GError **error)
{
  g_autofree char *path = g_strconcat(BUILTIN_DIR, name, NULL);
  return g_resource_lookup_data(resources(), path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

/* Parses a built-in file; a problem in one is a fault of this build. */
static InstrumentDef *
builtin_def(const char *name, GError **error)
{
  g_autoptr(GBytes) bytes = instrument_builtin_bytes(name, error);
  if (bytes == NULL)
    return NULL;
  gsize len;
  const char *text = g_bytes_get_data(bytes, &len);
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  InstrumentDef *def = instrument_def_parse(text, len, problems);
  if (def == NULL) {
    g_autofree char *lines = instrument_problems_join(problems, "  ");
    g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED,
                "det indbyggede instrument %s er ugyldigt:\n%s", name, lines);
  }
  return def;
}

static gboolean
builtin_store(StoreDb *db, const InstrumentDef *def, gboolean *out_created, GError **error)
{
  Found from_builtin, newest;
  if (!lookup(db, def->id, 0, "builtin", &from_builtin, error) ||
      !lookup(db, def->id, 0, NULL, &newest, error))
    return FALSE;
  Found candidates[] = {from_builtin, newest};
  InstrumentImportResult result;
  gboolean done;
  if (!find_same(db, def, candidates, G_N_ELEMENTS(candidates), &result, &done, error))
    return FALSE;
  *out_created = !done;
  if (done)
    return TRUE;
  gint64 version = newest.found ? MAX(def->version, newest.version + 1) : def->version;
  return store_version(db, def, version, "builtin", 0, &result, error);
}

gboolean
instrument_builtin_sync(StoreDb *db, guint *out_count, guint *out_created, GError **error)
{
  if (!instrument_complete_stored(db, error))
    return FALSE;
  g_auto(GStrv) names = instrument_builtin_names(error);
  if (names == NULL)
    return FALSE;
  guint count = 0, created = 0;
  for (guint i = 0; names[i] != NULL; i++) {
    g_autoptr(InstrumentDef) def = builtin_def(names[i], error);
    gboolean made = FALSE;
    if (def == NULL || !builtin_store(db, def, &made, error))
      return FALSE;
    count++;
    created += made;
  }
  if (out_count != NULL)
    *out_count = count;
  if (out_created != NULL)
    *out_created = created;
  return TRUE;
}

gboolean
instrument_load_builtin(StoreDb *db, guint *out_count, GError **error)
{
  return instrument_builtin_sync(db, out_count, NULL, error);
}

/* What is done to one stored version ({id, definition}) whose derived
 * rows are missing, given its parsed definition. */
typedef gboolean (*CompleteFunc)(StoreDb *db, gint64 id, const char *text,
                                 const InstrumentDef *def, GError **error);

/* Parses each stored version of rows and hands it to complete; stops at
 * the first definition that cannot be read or the first failure. */
static gboolean
complete_each(StoreDb *db, json_t *rows, CompleteFunc complete, GError **error)
{
  if (rows == NULL)
    return FALSE;
  gboolean ok = TRUE;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    gint64 id = json_integer_value(json_object_get(row, "id"));
    const char *text = json_string_value(json_object_get(row, "definition"));
    g_autoptr(GPtrArray) problems = instrument_problems_new();
    g_autoptr(InstrumentDef) def = instrument_def_parse(text, text ? strlen(text) : 0, problems);
    if (def == NULL) {
      g_autofree char *lines = instrument_problems_join(problems, "  ");
      g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED,
                  "den gemte definition af instrument %" G_GINT64_FORMAT
                  " kan ikke læses:\n%s", id, lines);
      ok = FALSE;
      break;
    }
    if (!complete(db, id, text, def, error)) {
      ok = FALSE;
      break;
    }
  }
  json_decref(rows);
  return ok;
}

/* A version stored before its scoring rows existed gets them. */
static gboolean
complete_scoring(StoreDb *db, gint64 id, const char *text, const InstrumentDef *def,
                 GError **error)
{
  StoreInputBuf buf;
  input_build(def, text, "builtin", 0, &buf);
  gboolean ok = store_instrument_complete(db, id, &buf.in, error);
  input_clear(&buf);
  return ok;
}

/* A version stored before who may answer it was kept gets its rows. */
static gboolean
complete_respondents(StoreDb *db, gint64 id, const char *text, const InstrumentDef *def,
                     GError **error)
{
  (void)text;
  const char *names[5];
  respondents_fill(def, names);
  return store_instrument_set_respondents(db, id, names, error);
}

gboolean
instrument_complete_stored(StoreDb *db, GError **error)
{
  return complete_each(db, store_instrument_list_incomplete(db, error), complete_scoring,
                       error) &&
         complete_each(db, store_instrument_list_without_respondents(db, error),
                       complete_respondents, error);
}

/* ---- Stored versions ------------------------------------------------------------------ */

void
instrument_version_free(InstrumentVersion *version)
{
  if (version == NULL)
    return;
  instrument_def_free(version->def);
  g_free(version->item_ids);
  g_free(version);
}

InstrumentVersion *
instrument_version_load(StoreDb *db, gint64 instrument_id, GError **error)
{
  json_t *row = store_instrument_get(db, instrument_id, error);
  if (row == NULL)
    return NULL;
  g_autofree char *text = store_instrument_definition(db, instrument_id, error);
  if (text == NULL) {
    json_decref(row);
    return NULL;
  }
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  g_autoptr(InstrumentVersion) version = g_new0(InstrumentVersion, 1);
  version->id = instrument_id;
  version->version = json_integer_value(json_object_get(row, "version"));
  version->def = instrument_def_parse(text, strlen(text), problems);
  if (version->def == NULL) {
    g_autofree char *lines = instrument_problems_join(problems, "  ");
    g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED,
                "den gemte definition af instrument %" G_GINT64_FORMAT " kan ikke læses:\n%s",
                instrument_id, lines);
    json_decref(row);
    return NULL;
  }
  version->item_ids = g_new0(gint64, version->def->n_items);
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(row, "items"), i, item) {
    int index = instrument_def_item_index(version->def,
                                          json_string_value(json_object_get(item, "key")));
    if (index >= 0)
      version->item_ids[index] = json_integer_value(json_object_get(item, "id"));
  }
  json_decref(row);
  for (guint k = 0; k < version->def->n_items; k++) {
    if (version->item_ids[k] == 0) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED,
                  "instrument %" G_GINT64_FORMAT " mangler spørgsmålet %s i databasen",
                  instrument_id, version->def->items[k].id);
      return NULL;
    }
  }
  return g_steal_pointer(&version);
}

int
instrument_version_item_index(const InstrumentVersion *version, gint64 item_id)
{
  for (guint i = 0; i < version->def->n_items; i++)
    if (version->item_ids[i] == item_id)
      return (int)i;
  return -1;
}

char *
instrument_def_to_text(const InstrumentDef *def)
{
  char *text = json_dumps(def->json, JSON_INDENT(2));
  char *out = g_strconcat(text, "\n", NULL);
  free(text);
  return out;
}
