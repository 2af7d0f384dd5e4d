/* theory.c — theories of change and their results maps, in versions.
 *
 * Only the newest version of a theory changes; a new version is a copy of
 * the newest one (boxes, their parameters and the arrows, which get the
 * copies' ids), so an earlier map stays exactly as it was.  An arrow joins
 * two boxes of the same version: a box of another theory, or of an older
 * version, is refused before anything is written. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "store/practice_scope.h"

static const char *const columns[] = {"activities", "immediate_results", "medium_term_results",
                                      "long_term_results", NULL};
static const char *const parts[] = {"total", "subscale", "item", NULL};

#define THEORY_OFFER_SQL "SELECT offer_id FROM theory_of_change WHERE id = ?"
#define THEORY_NOT_FOUND "forandringsteorien findes ikke"

/* The id of the newest version of a theory (which exists). */
static gboolean
newest_version(StoreDb *db, gint64 theory_id, gint64 *out_version_id, GError **error)
{
  return store_query_int(db,
                         "SELECT id FROM theory_version WHERE theory_id = ? AND version = "
                         "(SELECT MAX(version) FROM theory_version WHERE theory_id = ?)",
                         STORE_PARAMS(P_INT(theory_id), P_INT(theory_id)), out_version_id,
                         error);
}

/* The theory's offer, checked for writing, and its newest version. */
static gboolean
require_newest(StoreDb *db, gint64 actor_user_id, gint64 theory_id, gint64 *out_version_id,
               GError **error)
{
  return practice_require_row(db, actor_user_id, THEORY_OFFER_SQL, theory_id,
                              STORE_PRACTICE_WRITE, THEORY_NOT_FOUND, NULL, error) &&
         newest_version(db, theory_id, out_version_id, error);
}

gint64
store_theory_create(StoreDb *db, gint64 actor_user_id, const StoreTheoryInput *in,
                    const char **out_field, GError **error)
{
  if (!practice_require_offer(db, actor_user_id, in->offer_id, STORE_PRACTICE_WRITE, error))
    return 0;
  if (practice_text(in->title) == NULL)
    return practice_refuse(out_field, "title", N_("Giv forandringsteorien en titel."), error);
  gboolean ok;
  if (!practice_intervention_ok(db, in->offer_id, in->intervention_id, &ok, error))
    return 0;
  if (!ok)
    return practice_refuse(out_field, "intervention_id", N_("Indsatsen hører ikke til tilbuddet."),
                           error);
  g_autofree char *now = spor_timestamp_now(0);
  gint64 id = store_insert(db,
                           "INSERT INTO theory_of_change (offer_id, intervention_id, title,"
                           " created_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                           STORE_PARAMS(P_INT(in->offer_id), P_ID(in->intervention_id),
                                        P_TEXT(in->title), P_ID(actor_user_id), P_TEXT(now)),
                           error);
  if (id == 0 ||
      store_insert(db,
                   "INSERT INTO theory_version (theory_id, version, target_group, objective,"
                   " narrative, change_note, created_by, created_at, updated_at) "
                   "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   STORE_PARAMS(P_INT(id), P_TEXT(practice_text(in->target_group)),
                                P_TEXT(practice_text(in->objective)),
                                P_TEXT(practice_text(in->narrative)),
                                P_TEXT(practice_text(in->change_note)), P_ID(actor_user_id),
                                P_TEXT(now), P_TEXT(now)),
                   error) == 0)
    return 0;
  return id;
}

gboolean
store_theory_update(StoreDb *db, gint64 actor_user_id, gint64 theory_id,
                    const StoreTheoryInput *in, const char **out_field, GError **error)
{
  gint64 offer_id = 0, version_id = 0;
  if (!practice_require_row(db, actor_user_id, THEORY_OFFER_SQL, theory_id, STORE_PRACTICE_WRITE,
                            THEORY_NOT_FOUND, &offer_id, error) ||
      !newest_version(db, theory_id, &version_id, error))
    return FALSE;
  if (practice_text(in->title) == NULL)
    return practice_refuse(out_field, "title", N_("Giv forandringsteorien en titel."), error);
  gboolean ok;
  if (!practice_intervention_ok(db, offer_id, in->intervention_id, &ok, error))
    return FALSE;
  if (!ok)
    return practice_refuse(out_field, "intervention_id", N_("Indsatsen hører ikke til tilbuddet."),
                           error);
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec(db, "UPDATE theory_of_change SET title = ?, intervention_id = ? WHERE id = ?",
                    STORE_PARAMS(P_TEXT(in->title), P_ID(in->intervention_id),
                                 P_INT(theory_id)),
                    error) &&
         store_exec(db,
                    "UPDATE theory_version SET target_group = ?, objective = ?, narrative = ?,"
                    " change_note = ?, updated_at = ? WHERE id = ?",
                    STORE_PARAMS(P_TEXT(practice_text(in->target_group)),
                                 P_TEXT(practice_text(in->objective)),
                                 P_TEXT(practice_text(in->narrative)),
                                 P_TEXT(practice_text(in->change_note)), P_TEXT(now),
                                 P_INT(version_id)),
                    error);
}

gint64
store_theory_new_version(StoreDb *db, gint64 actor_user_id, gint64 theory_id,
                         const char *change_note, GError **error)
{
  gint64 old_id = 0;
  if (!require_newest(db, actor_user_id, theory_id, &old_id, error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  gint64 number = 0;
  if (!store_query_int(db, "SELECT version FROM theory_version WHERE id = ?",
                       STORE_PARAMS(P_INT(old_id)), &number, error))
    return 0;
  number++;
  /* Values, not INSERT … SELECT with parameters in its list: PostgreSQL
   * would have to guess the parameters' types there. */
  json_t *texts = store_query_row(db,
                                  "SELECT target_group, objective, narrative FROM theory_version "
                                  "WHERE id = ?",
                                  STORE_PARAMS(P_INT(old_id)), NULL, error);
  if (texts == NULL)
    return 0;
  gint64 new_id = store_insert(
    db,
    "INSERT INTO theory_version (theory_id, version, target_group, objective, narrative,"
    " change_note, created_by, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    STORE_PARAMS(P_INT(theory_id), P_INT(number),
                 P_TEXT(json_string_value(json_object_get(texts, "target_group"))),
                 P_TEXT(json_string_value(json_object_get(texts, "objective"))),
                 P_TEXT(json_string_value(json_object_get(texts, "narrative"))),
                 P_TEXT(practice_text(change_note)), P_ID(actor_user_id), P_TEXT(now),
                 P_TEXT(now)),
    error);
  json_decref(texts);
  if (new_id == 0)
    return 0;
  json_t *boxes = store_query_rows(db,
                                   "SELECT id, column_key, position, text, knowledge_research,"
                                   " knowledge_practice, knowledge_citizens, knowledge_note "
                                   "FROM theory_box WHERE version_id = ? ORDER BY id",
                                   STORE_PARAMS(P_INT(old_id)), error);
  if (boxes == NULL)
    return 0;
  /* Old box id → new box id, for the parameters and arrows. */
  g_autoptr(GHashTable) map = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
  gboolean ok = TRUE;
  size_t i;
  json_t *box;
  json_array_foreach(boxes, i, box) {
    gint64 old_box = json_integer_value(json_object_get(box, "id"));
    gint64 new_box = store_insert(
      db,
      "INSERT INTO theory_box (version_id, column_key, position, text, knowledge_research,"
      " knowledge_practice, knowledge_citizens, knowledge_note) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      STORE_PARAMS(P_INT(new_id), P_TEXT(json_string_value(json_object_get(box, "column_key"))),
                   P_INT(json_integer_value(json_object_get(box, "position"))),
                   P_TEXT(json_string_value(json_object_get(box, "text"))),
                   P_INT(json_integer_value(json_object_get(box, "knowledge_research"))),
                   P_INT(json_integer_value(json_object_get(box, "knowledge_practice"))),
                   P_INT(json_integer_value(json_object_get(box, "knowledge_citizens"))),
                   P_TEXT(json_string_value(json_object_get(box, "knowledge_note")))),
      error);
    if (new_box == 0 ||
        !store_exec(db,
                    "INSERT INTO theory_box_parameter (box_id, instrument_key, part, part_key) "
                    "SELECT ?, instrument_key, part, part_key FROM theory_box_parameter "
                    "WHERE box_id = ?",
                    STORE_PARAMS(P_INT(new_box), P_INT(old_box)), error)) {
      ok = FALSE;
      break;
    }
    g_hash_table_insert(map, g_memdup2(&old_box, sizeof old_box),
                        g_memdup2(&new_box, sizeof new_box));
  }
  json_decref(boxes);
  if (!ok)
    return 0;
  json_t *arrows = store_query_rows(db,
                                    "SELECT from_box_id, to_box_id, mechanism FROM theory_arrow "
                                    "WHERE version_id = ? ORDER BY id",
                                    STORE_PARAMS(P_INT(old_id)), error);
  if (arrows == NULL)
    return 0;
  json_t *arrow;
  json_array_foreach(arrows, i, arrow) {
    gint64 from = json_integer_value(json_object_get(arrow, "from_box_id"));
    gint64 to = json_integer_value(json_object_get(arrow, "to_box_id"));
    const gint64 *new_from = g_hash_table_lookup(map, &from);
    const gint64 *new_to = g_hash_table_lookup(map, &to);
    if (new_from == NULL || new_to == NULL ||
        !store_exec(db,
                    "INSERT INTO theory_arrow (version_id, from_box_id, to_box_id, mechanism) "
                    "VALUES (?, ?, ?, ?)",
                    STORE_PARAMS(P_INT(new_id), P_INT(*new_from), P_INT(*new_to),
                                 P_TEXT(json_string_value(json_object_get(arrow, "mechanism")))),
                    error)) {
      if (new_from == NULL || new_to == NULL)
        g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED,
                            "intern fejl: en pil peger på en kasse uden for versionen");
      ok = FALSE;
      break;
    }
  }
  json_decref(arrows);
  return ok ? number : 0;
}

json_t *
store_theory_get(StoreDb *db, gint64 actor_user_id, gint64 theory_id, gint64 version,
                 StorePracticeAccess access, GError **error)
{
  if (!practice_require_row(db, actor_user_id, THEORY_OFFER_SQL, theory_id, access,
                            THEORY_NOT_FOUND, NULL, error))
    return NULL;
  json_t *theory = store_query_row(
    db,
    "SELECT t.id, t.offer_id, o.name AS offer_name, t.intervention_id,"
    " iv.name AS intervention_name, t.title, t.created_at "
    "FROM theory_of_change t JOIN offer o ON o.id = t.offer_id"
    " LEFT JOIN intervention iv ON iv.id = t.intervention_id WHERE t.id = ?",
    STORE_PARAMS(P_INT(theory_id)), THEORY_NOT_FOUND, error);
  if (theory == NULL)
    return NULL;
  json_t *versions = store_query_rows(
    db,
    "SELECT v.id, v.version, v.created_at, v.change_note, u.display_name AS created_by_name "
    "FROM theory_version v LEFT JOIN app_user u ON u.id = v.created_by "
    "WHERE v.theory_id = ? ORDER BY v.version DESC",
    STORE_PARAMS(P_INT(theory_id)), error);
  if (versions == NULL) {
    json_decref(theory);
    return NULL;
  }
  json_object_set_new(theory, "versions", versions);
  gint64 newest = json_integer_value(json_object_get(json_array_get(versions, 0), "version"));
  if (version == 0)
    version = newest;
  json_t *chosen = store_query_row(
    db,
    "SELECT id, version, target_group, objective, narrative, change_note, created_at,"
    " updated_at FROM theory_version WHERE theory_id = ? AND version = ?",
    STORE_PARAMS(P_INT(theory_id), P_INT(version)), "versionen findes ikke", error);
  if (chosen == NULL) {
    json_decref(theory);
    return NULL;
  }
  json_object_set_new(chosen, "newest", json_boolean(version == newest));
  gint64 version_id = json_integer_value(json_object_get(chosen, "id"));
  json_t *boxes = store_query_rows(
    db,
    "SELECT id, column_key, position, text, knowledge_research, knowledge_practice,"
    " knowledge_citizens, knowledge_note FROM theory_box WHERE version_id = ? "
    "ORDER BY CASE column_key WHEN 'activities' THEN 0 WHEN 'immediate_results' THEN 1"
    " WHEN 'medium_term_results' THEN 2 ELSE 3 END, position, id",
    STORE_PARAMS(P_INT(version_id)), error);
  json_t *arrows = NULL;
  gboolean ok = boxes != NULL &&
                store_query_nest(db,
                                 "SELECT pb.box_id, pb.instrument_key, pb.part, pb.part_key "
                                 "FROM theory_box_parameter pb JOIN theory_box b"
                                 " ON b.id = pb.box_id WHERE b.version_id = ? "
                                 "ORDER BY pb.box_id, pb.instrument_key, pb.part, pb.part_key",
                                 STORE_PARAMS(P_INT(version_id)), boxes, "parameters", error) &&
                (arrows = store_query_rows(db,
                                           "SELECT id, from_box_id, to_box_id, mechanism "
                                           "FROM theory_arrow WHERE version_id = ? ORDER BY id",
                                           STORE_PARAMS(P_INT(version_id)), error)) != NULL;
  if (!ok) {
    json_decref(boxes);
    json_decref(chosen);
    json_decref(theory);
    return NULL;
  }
  size_t i;
  json_t *box;
  json_array_foreach(boxes, i, box) {
    store_json_to_bool(box, "knowledge_research");
    store_json_to_bool(box, "knowledge_practice");
    store_json_to_bool(box, "knowledge_citizens");
  }
  json_object_set_new(chosen, "boxes", boxes);
  json_object_set_new(chosen, "arrows", arrows);
  json_object_set_new(theory, "version", chosen);
  return theory;
}

json_t *
store_theory_list(StoreDb *db, gint64 actor_user_id, gint64 offer_id, GError **error)
{
  if (!practice_require_offer(db, actor_user_id, offer_id, STORE_PRACTICE_READ, error))
    return NULL;
  return store_query_rows(
    db,
    "SELECT t.id, t.title, iv.name AS intervention_name, v.version, v.updated_at,"
    " (SELECT COUNT(*) FROM theory_box b WHERE b.version_id = v.id) AS boxes "
    "FROM theory_of_change t JOIN theory_version v ON v.theory_id = t.id"
    " AND v.version = (SELECT MAX(v2.version) FROM theory_version v2 WHERE v2.theory_id = t.id)"
    " LEFT JOIN intervention iv ON iv.id = t.intervention_id "
    "WHERE t.offer_id = ? ORDER BY t.title, t.id",
    STORE_PARAMS(P_INT(offer_id)), error);
}

/* Checks a box's fields (parameters on result boxes only, each naming a
 * known instrument and one of its parts). */
static gboolean
box_validate(StoreDb *db, const StoreBoxInput *in, const char **out_field, GError **error)
{
  if (!practice_one_of(in->column_key, columns))
    return practice_refuse(out_field, "column_key", N_("Vælg en kolonne."), error);
  if (practice_text(in->text) == NULL)
    return practice_refuse(out_field, "text", N_("Skriv kassens tekst."), error);
  if (in->n_parameters > 0 && strcmp(in->column_key, "activities") == 0)
    return practice_refuse(out_field, "parameters",
                           N_("Kun resultater måles: en aktivitet har ingen parametre."), error);
  for (gsize i = 0; i < in->n_parameters; i++) {
    const StoreBoxParameter *p = &in->parameters[i];
    gint64 n = 0;
    gboolean known = practice_one_of(p->part, parts) && p->part_key != NULL;
    if (known && strcmp(p->part, "total") == 0)
      known = *p->part_key == '\0' &&
              store_query_int(db,
                              "SELECT COUNT(*) FROM instrument WHERE key = ?"
                              " AND total_method IS NOT NULL",
                              STORE_PARAMS(P_TEXT(p->instrument_key)), &n, error);
    else if (known && strcmp(p->part, "subscale") == 0)
      known = store_query_int(db,
                              "SELECT COUNT(*) FROM instrument_subscale s"
                              " JOIN instrument i ON i.id = s.instrument_id"
                              " WHERE i.key = ? AND s.key = ?",
                              STORE_PARAMS(P_TEXT(p->instrument_key), P_TEXT(p->part_key)), &n,
                              error);
    else if (known)
      known = store_query_int(db,
                              "SELECT COUNT(*) FROM instrument_item it"
                              " JOIN instrument i ON i.id = it.instrument_id"
                              " WHERE i.key = ? AND it.key = ?",
                              STORE_PARAMS(P_TEXT(p->instrument_key), P_TEXT(p->part_key)), &n,
                              error);
    if (error != NULL && *error != NULL)
      return FALSE;
    if (!known || n == 0)
      return practice_refuse(out_field, "parameters", N_("Parameteren findes ikke."), error);
  }
  return TRUE;
}

static gboolean
box_parameters_insert(StoreDb *db, gint64 box_id, const StoreBoxInput *in, GError **error)
{
  for (gsize i = 0; i < in->n_parameters; i++) {
    const StoreBoxParameter *p = &in->parameters[i];
    if (!store_exec(db,
                    "INSERT INTO theory_box_parameter (box_id, instrument_key, part, part_key) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (box_id, instrument_key, part, part_key)"
                    " DO NOTHING",
                    STORE_PARAMS(P_INT(box_id), P_TEXT(p->instrument_key), P_TEXT(p->part),
                                 P_TEXT(p->part_key)),
                    error))
      return FALSE;
  }
  return TRUE;
}

/* The next position at the end of a column of a version. */
static gboolean
next_position(StoreDb *db, gint64 version_id, const char *column_key, gint64 *out, GError **error)
{
  if (!store_query_int(db,
                       "SELECT COALESCE(MAX(position), 0) FROM theory_box "
                       "WHERE version_id = ? AND column_key = ?",
                       STORE_PARAMS(P_INT(version_id), P_TEXT(column_key)), out, error))
    return FALSE;
  (*out)++;
  return TRUE;
}

/* Marks the version changed now. */
static gboolean
touch_version(StoreDb *db, gint64 version_id, GError **error)
{
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec(db, "UPDATE theory_version SET updated_at = ? WHERE id = ?",
                    STORE_PARAMS(P_TEXT(now), P_INT(version_id)), error);
}

/* Whether the box is one of the version's; FALSE with error only when the
 * store failed. */
static gboolean
box_in_version(StoreDb *db, gint64 box_id, gint64 version_id, gboolean *out_ok, GError **error)
{
  gint64 n = 0;
  if (!store_query_int(db, "SELECT COUNT(*) FROM theory_box WHERE id = ? AND version_id = ?",
                       STORE_PARAMS(P_INT(box_id), P_INT(version_id)), &n, error))
    return FALSE;
  *out_ok = n > 0;
  return TRUE;
}

gint64
store_theory_box_add(StoreDb *db, gint64 actor_user_id, gint64 theory_id, const StoreBoxInput *in,
                     const char **out_field, GError **error)
{
  gint64 version_id = 0, position = 0;
  if (!require_newest(db, actor_user_id, theory_id, &version_id, error) ||
      !box_validate(db, in, out_field, error) ||
      !next_position(db, version_id, in->column_key, &position, error))
    return 0;
  gint64 id = store_insert(
    db,
    "INSERT INTO theory_box (version_id, column_key, position, text, knowledge_research,"
    " knowledge_practice, knowledge_citizens, knowledge_note) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    STORE_PARAMS(P_INT(version_id), P_TEXT(in->column_key), P_INT(position), P_TEXT(in->text),
                 P_BOOL(in->knowledge_research), P_BOOL(in->knowledge_practice),
                 P_BOOL(in->knowledge_citizens), P_TEXT(practice_text(in->knowledge_note))),
    error);
  if (id == 0 || !box_parameters_insert(db, id, in, error) ||
      !touch_version(db, version_id, error))
    return 0;
  return id;
}

gboolean
store_theory_box_update(StoreDb *db, gint64 actor_user_id, gint64 theory_id, gint64 box_id,
                        const StoreBoxInput *in, const char **out_field, GError **error)
{
  gint64 version_id = 0;
  gboolean ok = FALSE;
  if (!require_newest(db, actor_user_id, theory_id, &version_id, error) ||
      !box_in_version(db, box_id, version_id, &ok, error))
    return FALSE;
  if (!ok)
    return practice_refuse(out_field, "box_id",
                           N_("Kassen findes ikke i den nyeste version af forandringsteorien."),
                           error);
  if (!box_validate(db, in, out_field, error))
    return FALSE;
  /* A box moved to another column goes to the end of it. */
  gint64 moved = 0, position = 0;
  if (!store_query_int(db, "SELECT COUNT(*) FROM theory_box WHERE id = ? AND column_key <> ?",
                       STORE_PARAMS(P_INT(box_id), P_TEXT(in->column_key)), &moved, error))
    return FALSE;
  if (moved > 0 && !next_position(db, version_id, in->column_key, &position, error))
    return FALSE;
  return store_exec(db,
                    "UPDATE theory_box SET column_key = ?, position = CASE WHEN ? > 0 THEN ?"
                    " ELSE position END, text = ?, knowledge_research = ?,"
                    " knowledge_practice = ?, knowledge_citizens = ?, knowledge_note = ? "
                    "WHERE id = ?",
                    STORE_PARAMS(P_TEXT(in->column_key), P_INT(moved), P_INT(position),
                                 P_TEXT(in->text), P_BOOL(in->knowledge_research),
                                 P_BOOL(in->knowledge_practice), P_BOOL(in->knowledge_citizens),
                                 P_TEXT(practice_text(in->knowledge_note)), P_INT(box_id)),
                    error) &&
         store_exec(db, "DELETE FROM theory_box_parameter WHERE box_id = ?",
                    STORE_PARAMS(P_INT(box_id)), error) &&
         box_parameters_insert(db, box_id, in, error) && touch_version(db, version_id, error);
}

gboolean
store_theory_box_delete(StoreDb *db, gint64 actor_user_id, gint64 theory_id, gint64 box_id,
                        const char **out_field, GError **error)
{
  gint64 version_id = 0;
  gboolean ok = FALSE;
  if (!require_newest(db, actor_user_id, theory_id, &version_id, error) ||
      !box_in_version(db, box_id, version_id, &ok, error))
    return FALSE;
  if (!ok)
    return practice_refuse(out_field, "box_id",
                           N_("Kassen findes ikke i den nyeste version af forandringsteorien."),
                           error);
  return store_exec(db, "DELETE FROM theory_arrow WHERE from_box_id = ? OR to_box_id = ?",
                    STORE_PARAMS(P_INT(box_id), P_INT(box_id)), error) &&
         store_exec(db, "DELETE FROM theory_box_parameter WHERE box_id = ?",
                    STORE_PARAMS(P_INT(box_id)), error) &&
         store_exec(db, "DELETE FROM theory_box WHERE id = ?", STORE_PARAMS(P_INT(box_id)),
                    error) &&
         touch_version(db, version_id, error);
}

gint64
store_theory_arrow_add(StoreDb *db, gint64 actor_user_id, gint64 theory_id, gint64 from_box_id,
                       gint64 to_box_id, const char *mechanism, const char **out_field,
                       GError **error)
{
  gint64 version_id = 0;
  gboolean from_ok = FALSE, to_ok = FALSE;
  if (!require_newest(db, actor_user_id, theory_id, &version_id, error) ||
      !box_in_version(db, from_box_id, version_id, &from_ok, error) ||
      !box_in_version(db, to_box_id, version_id, &to_ok, error))
    return 0;
  if (!from_ok || !to_ok)
    return practice_refuse(out_field, from_ok ? "to_box_id" : "from_box_id",
                           N_("En pil kan kun gå mellem kasser i den samme forandringsteori (og "
                              "dens nyeste version)."),
                           error);
  if (from_box_id == to_box_id)
    return practice_refuse(out_field, "to_box_id", N_("En pil kan ikke gå fra en kasse til sig "
                                                      "selv."),
                           error);
  gint64 n = 0;
  if (!store_query_int(db,
                       "SELECT COUNT(*) FROM theory_arrow WHERE version_id = ? AND from_box_id = ?"
                       " AND to_box_id = ?",
                       STORE_PARAMS(P_INT(version_id), P_INT(from_box_id), P_INT(to_box_id)),
                       &n, error))
    return 0;
  if (n > 0)
    return practice_refuse(out_field, "to_box_id",
                           N_("Der er allerede en pil mellem de to kasser."), error);
  gint64 id = store_insert(db,
                           "INSERT INTO theory_arrow (version_id, from_box_id, to_box_id,"
                           " mechanism) VALUES (?, ?, ?, ?) RETURNING id",
                           STORE_PARAMS(P_INT(version_id), P_INT(from_box_id), P_INT(to_box_id),
                                        P_TEXT(practice_text(mechanism))),
                           error);
  if (id == 0 || !touch_version(db, version_id, error))
    return 0;
  return id;
}

gboolean
store_theory_arrow_delete(StoreDb *db, gint64 actor_user_id, gint64 theory_id, gint64 arrow_id,
                          const char **out_field, GError **error)
{
  gint64 version_id = 0, n = 0;
  if (!require_newest(db, actor_user_id, theory_id, &version_id, error) ||
      !store_query_int(db, "SELECT COUNT(*) FROM theory_arrow WHERE id = ? AND version_id = ?",
                       STORE_PARAMS(P_INT(arrow_id), P_INT(version_id)), &n, error))
    return FALSE;
  if (n == 0)
    return practice_refuse(out_field, "arrow_id",
                           N_("Pilen findes ikke i den nyeste version af forandringsteorien."),
                           error);
  return store_exec(db, "DELETE FROM theory_arrow WHERE id = ?", STORE_PARAMS(P_INT(arrow_id)),
                    error) &&
         touch_version(db, version_id, error);
}

gboolean
store_theory_box_version(StoreDb *db, gint64 actor_user_id, gint64 theory_id, gint64 box_id,
                         gint64 *out_version, GError **error)
{
  if (!practice_require_row(db, actor_user_id, THEORY_OFFER_SQL, theory_id, STORE_PRACTICE_READ,
                            THEORY_NOT_FOUND, NULL, error))
    return FALSE;
  GError *local = NULL;
  if (!store_query_int(db,
                       "SELECT v.version FROM theory_box b JOIN theory_version v"
                       " ON v.id = b.version_id WHERE b.id = ? AND v.theory_id = ?",
                       STORE_PARAMS(P_INT(box_id), P_INT(theory_id)), out_version, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "kassen findes ikke");
    }
    g_propagate_error(error, local);
    return FALSE;
  }
  return TRUE;
}
