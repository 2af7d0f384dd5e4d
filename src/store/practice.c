/* practice.c — the offers one reaches for practice development, the
 * assessments of an offer's practice with their answers, development
 * points and trial actions.  See store/practice.h for the rules of scope
 * and refusal; theory.c, journey.c and planning.c hold the rest. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "store/practice_scope.h"

/* ---- Scope and refusals (practice_scope.h) ----------------------------- */

gboolean
practice_require_offer(StoreDb *db, gint64 actor_user_id, gint64 offer_id,
                       StorePracticeAccess access, GError **error)
{
  static const char *const sql[] = {
    [STORE_PRACTICE_READ] = "SELECT COUNT(*) FROM offer o WHERE o.id = ? AND o.id IN ("
      STORE_SQL_PRACTICE_OFFERS(STORE_PRACTICE_READ_ROLES) ")",
    [STORE_PRACTICE_WRITE] = "SELECT COUNT(*) FROM offer o WHERE o.id = ? AND o.id IN ("
      STORE_SQL_PRACTICE_OFFERS(STORE_PRACTICE_WRITE_ROLES) ")",
  };
  gint64 n = 0;
  if (!store_query_int(db, sql[access], STORE_PARAMS(P_INT(offer_id), P_INT(actor_user_id)), &n,
                       error))
    return FALSE;
  if (n == 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "tilbuddet findes ikke");
    return FALSE;
  }
  return TRUE;
}

gboolean
practice_require_row(StoreDb *db, gint64 actor_user_id, const char *sql, gint64 id,
                     StorePracticeAccess access, const char *not_found, gint64 *out_offer_id,
                     GError **error)
{
  gint64 offer_id = 0;
  GError *local = NULL;
  if (!store_query_int(db, sql, STORE_PARAMS(P_INT(id)), &offer_id, &local) ||
      !practice_require_offer(db, actor_user_id, offer_id, access, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, not_found);
    }
    g_propagate_error(error, local);
    return FALSE;
  }
  if (out_offer_id != NULL)
    *out_offer_id = offer_id;
  return TRUE;
}

gboolean
practice_refuse(const char **out_field, const char *field, const char *msgid, GError **error)
{
  if (out_field != NULL)
    *out_field = field;
  g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT, msgid);
  return FALSE;
}

gboolean
practice_one_of(const char *value, const char *const *allowed)
{
  for (int i = 0; value != NULL && allowed[i] != NULL; i++)
    if (strcmp(value, allowed[i]) == 0)
      return TRUE;
  return FALSE;
}

const char *
practice_text(const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

gboolean
practice_intervention_ok(StoreDb *db, gint64 offer_id, gint64 intervention_id, gboolean *out_ok,
                         GError **error)
{
  *out_ok = TRUE;
  if (intervention_id == 0)
    return TRUE;
  gint64 n = 0;
  if (!store_query_int(db, "SELECT COUNT(*) FROM intervention WHERE id = ? AND offer_id = ?",
                       STORE_PARAMS(P_INT(intervention_id), P_INT(offer_id)), &n, error))
    return FALSE;
  *out_ok = n > 0;
  return TRUE;
}

/* ---- Offers ------------------------------------------------------------ */

json_t *
store_practice_offers(StoreDb *db, gint64 actor_user_id, GError **error)
{
  json_t *rows = store_query_rows(
    db,
    "SELECT o.id, o.name, o.kind, g.id AS organisation_id, g.name AS organisation_name,"
    " CASE WHEN o.id IN (" STORE_SQL_PRACTICE_OFFERS(STORE_PRACTICE_WRITE_ROLES) ")"
    " THEN 1 ELSE 0 END AS can_write "
    "FROM offer o JOIN organisation g ON g.id = o.organisation_id "
    "WHERE o.id IN (" STORE_SQL_PRACTICE_OFFERS(STORE_PRACTICE_READ_ROLES) ") "
    "ORDER BY g.name, o.name, o.id",
    STORE_PARAMS(P_INT(actor_user_id), P_INT(actor_user_id)), error);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row)
    store_json_to_bool(row, "can_write");
  return rows;
}

json_t *
store_practice_offer_get(StoreDb *db, gint64 actor_user_id, gint64 offer_id,
                         StorePracticeAccess access, GError **error)
{
  if (!practice_require_offer(db, actor_user_id, offer_id, access, error))
    return NULL;
  json_t *row = store_query_row(
    db,
    "SELECT o.id, o.name, o.kind, g.name AS organisation_name,"
    " CASE WHEN o.id IN (" STORE_SQL_PRACTICE_OFFERS(STORE_PRACTICE_WRITE_ROLES) ")"
    " THEN 1 ELSE 0 END AS can_write "
    "FROM offer o JOIN organisation g ON g.id = o.organisation_id WHERE o.id = ?",
    STORE_PARAMS(P_INT(actor_user_id), P_INT(offer_id)), "tilbuddet findes ikke", error);
  if (row != NULL)
    store_json_to_bool(row, "can_write");
  return row;
}

json_t *
store_practice_offer_people(StoreDb *db, gint64 offer_id, GError **error)
{
  return store_query_rows(
    db,
    "SELECT u.id, u.display_name FROM app_user u "
    "WHERE u.disabled = 0 AND u.id IN (SELECT ra.user_id FROM role_assignment ra"
    " JOIN offer o ON o.organisation_id = ra.organisation_id"
    " AND (ra.offer_id IS NULL OR ra.offer_id = o.id)"
    " WHERE o.id = ? AND ra.role IN (" STORE_PRACTICE_READ_ROLES ")) "
    "ORDER BY u.display_name, u.id",
    STORE_PARAMS(P_INT(offer_id)), error);
}

/* Whether the user may own a development point of the offer. */
static gboolean
offer_person(StoreDb *db, gint64 offer_id, gint64 user_id, gboolean *out_ok, GError **error)
{
  gint64 n = 0;
  if (!store_query_int(db,
                       "SELECT COUNT(*) FROM role_assignment ra"
                       " JOIN offer o ON o.organisation_id = ra.organisation_id"
                       " AND (ra.offer_id IS NULL OR ra.offer_id = o.id)"
                       " JOIN app_user u ON u.id = ra.user_id AND u.disabled = 0"
                       " WHERE o.id = ? AND ra.user_id = ?"
                       " AND ra.role IN (" STORE_PRACTICE_READ_ROLES ")",
                       STORE_PARAMS(P_INT(offer_id), P_INT(user_id)), &n, error))
    return FALSE;
  *out_ok = n > 0;
  return TRUE;
}

/* ---- Assessments --------------------------------------------------------- */

#define ASSESSMENT_OFFER_SQL "SELECT offer_id FROM practice_assessment WHERE id = ?"
#define ASSESSMENT_NOT_FOUND "vurderingen findes ikke"

gint64
store_assessment_create(StoreDb *db, gint64 actor_user_id, const StoreAssessmentInput *in,
                        const char **out_field, GError **error)
{
  if (!practice_require_offer(db, actor_user_id, in->offer_id, STORE_PRACTICE_WRITE, error))
    return 0;
  if (practice_text(in->held_on) == NULL)
    return practice_refuse(out_field, "held_on", N_("Vælg datoen for vurderingen."), error);
  json_t *instrument = store_query_row(db, "SELECT kind FROM instrument WHERE id = ?",
                                       STORE_PARAMS(P_INT(in->instrument_id)), NULL, error);
  if (instrument == NULL) {
    if (!g_error_matches(*error, STORE_ERROR, STORE_ERROR_NOT_FOUND))
      return 0;
    g_clear_error(error);
    return practice_refuse(out_field, "instrument_id", N_("Instrumentet findes ikke."), error);
  }
  gboolean practice = g_strcmp0(json_string_value(json_object_get(instrument, "kind")),
                                "practice_assessment") == 0;
  json_decref(instrument);
  if (!practice)
    return practice_refuse(out_field, "instrument_id",
                           N_("Instrumentet er ikke et redskab til at vurdere praksis."), error);
  gboolean ok;
  if (!practice_intervention_ok(db, in->offer_id, in->intervention_id, &ok, error))
    return 0;
  if (!ok)
    return practice_refuse(out_field, "intervention_id", N_("Indsatsen hører ikke til tilbuddet."),
                           error);
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(
    db,
    "INSERT INTO practice_assessment (offer_id, instrument_id, intervention_id, title, held_on,"
    " status, participants, created_by, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, 'in_progress', ?, ?, ?, ?) RETURNING id",
    STORE_PARAMS(P_INT(in->offer_id), P_INT(in->instrument_id), P_ID(in->intervention_id),
                 P_TEXT(practice_text(in->title)), P_TEXT(in->held_on),
                 P_TEXT(practice_text(in->participants)), P_ID(actor_user_id), P_TEXT(now),
                 P_TEXT(now)),
    error);
}

gboolean
store_assessment_update(StoreDb *db, gint64 actor_user_id, gint64 assessment_id,
                        const StoreAssessmentInput *in, const char **out_field, GError **error)
{
  gint64 offer_id = 0;
  if (!practice_require_row(db, actor_user_id, ASSESSMENT_OFFER_SQL, assessment_id,
                            STORE_PRACTICE_WRITE, ASSESSMENT_NOT_FOUND, &offer_id, error))
    return FALSE;
  if (practice_text(in->held_on) == NULL)
    return practice_refuse(out_field, "held_on", N_("Vælg datoen for vurderingen."), error);
  gboolean ok;
  if (!practice_intervention_ok(db, offer_id, in->intervention_id, &ok, error))
    return FALSE;
  if (!ok)
    return practice_refuse(out_field, "intervention_id", N_("Indsatsen hører ikke til tilbuddet."),
                           error);
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec(
    db,
    "UPDATE practice_assessment SET intervention_id = ?, title = ?, held_on = ?,"
    " participants = ?, reflection = ?, updated_at = ? WHERE id = ?",
    STORE_PARAMS(P_ID(in->intervention_id), P_TEXT(practice_text(in->title)),
                 P_TEXT(in->held_on), P_TEXT(practice_text(in->participants)),
                 P_TEXT(practice_text(in->reflection)), P_TEXT(now), P_INT(assessment_id)),
    error);
}

gboolean
store_assessment_set_status(StoreDb *db, gint64 actor_user_id, gint64 assessment_id,
                            gboolean finished, GError **error)
{
  if (!practice_require_row(db, actor_user_id, ASSESSMENT_OFFER_SQL, assessment_id,
                            STORE_PRACTICE_WRITE, ASSESSMENT_NOT_FOUND, NULL, error))
    return FALSE;
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec(db,
                    "UPDATE practice_assessment SET status = ?, finished_at = ?, updated_at = ? "
                    "WHERE id = ?",
                    STORE_PARAMS(P_TEXT(finished ? "finished" : "in_progress"),
                                 finished ? P_TEXT(now) : P_NULL, P_TEXT(now),
                                 P_INT(assessment_id)),
                    error);
}

gboolean
store_assessment_set_score(StoreDb *db, gint64 actor_user_id, gint64 assessment_id,
                           gboolean has_score, double score, GError **error)
{
  if (!practice_require_row(db, actor_user_id, ASSESSMENT_OFFER_SQL, assessment_id,
                            STORE_PRACTICE_WRITE, ASSESSMENT_NOT_FOUND, NULL, error))
    return FALSE;
  return store_exec(db, "UPDATE practice_assessment SET score = ? WHERE id = ?",
                    STORE_PARAMS(has_score ? P_REAL(score) : P_NULL, P_INT(assessment_id)),
                    error);
}

#define ASSESSMENT_COLUMNS                                                              \
  "SELECT a.id, a.offer_id, o.name AS offer_name, g.name AS organisation_name,"         \
  " a.instrument_id, i.key AS instrument_key, i.version AS instrument_version,"        \
  " i.name_da AS instrument_name_da, i.name_en AS instrument_name_en,"                 \
  " a.intervention_id, iv.name AS intervention_name, a.title, a.held_on, a.status,"    \
  " a.participants, a.reflection, a.score, u.display_name AS created_by_name,"         \
  " a.created_at, a.updated_at, a.finished_at "                                        \
  "FROM practice_assessment a JOIN offer o ON o.id = a.offer_id"                       \
  " JOIN organisation g ON g.id = o.organisation_id"                                   \
  " JOIN instrument i ON i.id = a.instrument_id"                                       \
  " LEFT JOIN intervention iv ON iv.id = a.intervention_id"                            \
  " LEFT JOIN app_user u ON u.id = a.created_by "

json_t *
store_assessment_get(StoreDb *db, gint64 actor_user_id, gint64 assessment_id,
                     StorePracticeAccess access, GError **error)
{
  if (!practice_require_row(db, actor_user_id, ASSESSMENT_OFFER_SQL, assessment_id, access,
                            ASSESSMENT_NOT_FOUND, NULL, error))
    return NULL;
  json_t *row = store_query_row(db, ASSESSMENT_COLUMNS "WHERE a.id = ?",
                                STORE_PARAMS(P_INT(assessment_id)), ASSESSMENT_NOT_FOUND, error);
  if (row == NULL)
    return NULL;
  json_t *answers = store_query_rows(
    db,
    "SELECT pa.item_id, it.key AS item_key, pa.value, pa.comment, pa.activities,"
    " pa.updated_at, u.display_name AS updated_by_name "
    "FROM practice_answer pa JOIN instrument_item it ON it.id = pa.item_id"
    " LEFT JOIN app_user u ON u.id = pa.updated_by "
    "WHERE pa.assessment_id = ? ORDER BY it.position, pa.item_id",
    STORE_PARAMS(P_INT(assessment_id)), error);
  if (answers == NULL) {
    json_decref(row);
    return NULL;
  }
  json_object_set_new(row, "answers", answers);
  return row;
}

#define ASSESSMENT_LIST_SQL                                                              \
  "SELECT a.id, a.instrument_id, i.key AS instrument_key, i.version AS instrument_version,"\
  " i.name_da AS instrument_name_da, i.name_en AS instrument_name_en,"                   \
  " iv.name AS intervention_name, a.title, a.held_on, a.status, a.score,"                \
  " (SELECT COUNT(*) FROM practice_answer pa WHERE pa.assessment_id = a.id"              \
  " AND pa.value IS NOT NULL) AS answered "                                              \
  "FROM practice_assessment a JOIN instrument i ON i.id = a.instrument_id"               \
  " LEFT JOIN intervention iv ON iv.id = a.intervention_id "
#define ASSESSMENT_LIST_ORDER " ORDER BY a.held_on DESC, a.id DESC"

json_t *
store_assessment_list(StoreDb *db, gint64 actor_user_id, gint64 offer_id,
                      const char *instrument_key, GError **error)
{
  if (!practice_require_offer(db, actor_user_id, offer_id, STORE_PRACTICE_READ, error))
    return NULL;
  if (instrument_key == NULL)
    return store_query_rows(db, ASSESSMENT_LIST_SQL "WHERE a.offer_id = ?" ASSESSMENT_LIST_ORDER,
                            STORE_PARAMS(P_INT(offer_id)), error);
  return store_query_rows(db,
                          ASSESSMENT_LIST_SQL "WHERE a.offer_id = ? AND i.key = ?"
                          ASSESSMENT_LIST_ORDER,
                          STORE_PARAMS(P_INT(offer_id), P_TEXT(instrument_key)), error);
}

gboolean
store_assessment_save_answers(StoreDb *db, gint64 actor_user_id, gint64 assessment_id,
                              const StorePracticeAnswerInput *answers, gsize n, gint64 *out_item,
                              GError **error)
{
  if (!practice_require_row(db, actor_user_id, ASSESSMENT_OFFER_SQL, assessment_id,
                            STORE_PRACTICE_WRITE, ASSESSMENT_NOT_FOUND, NULL, error))
    return FALSE;
  gint64 instrument_id = 0;
  if (!store_query_int(db, "SELECT instrument_id FROM practice_assessment WHERE id = ?",
                       STORE_PARAMS(P_INT(assessment_id)), &instrument_id, error))
    return FALSE;
  g_autoptr(GHashTable) rules = store_instrument_answer_rules(db, instrument_id, error);
  if (rules == NULL)
    return FALSE;
  /* Whole before anything is written. */
  for (gsize i = 0; i < n; i++) {
    const StorePracticeAnswerInput *a = &answers[i];
    const GArray *values = g_hash_table_lookup(rules, &a->item_id);
    gboolean on_scale = FALSE;
    for (guint k = 0; values != NULL && k < values->len; k++)
      on_scale = on_scale || g_array_index(values, gint64, k) == a->value;
    if (values == NULL || (a->set_value && a->has_value && !on_scale)) {
      if (out_item != NULL)
        *out_item = a->item_id;
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                          values == NULL
                            ? N_("Spørgsmålet findes ikke i vurderingens version af instrumentet.")
                            : N_("Svaret findes ikke blandt spørgsmålets svarmuligheder."));
      return FALSE;
    }
  }
  g_autofree char *now = spor_timestamp_now(0);
  for (gsize i = 0; i < n; i++) {
    const StorePracticeAnswerInput *a = &answers[i];
    if (!store_exec(db,
                    "INSERT INTO practice_answer (assessment_id, item_id, updated_by, updated_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (assessment_id, item_id) DO NOTHING",
                    STORE_PARAMS(P_INT(assessment_id), P_INT(a->item_id), P_ID(actor_user_id),
                                 P_TEXT(now)),
                    error))
      return FALSE;
    if (a->set_value &&
        !store_exec(db,
                    "UPDATE practice_answer SET value = ?, updated_by = ?, updated_at = ?"
                    " WHERE assessment_id = ? AND item_id = ?",
                    STORE_PARAMS(a->has_value ? P_INT(a->value) : P_NULL, P_ID(actor_user_id),
                                 P_TEXT(now), P_INT(assessment_id), P_INT(a->item_id)),
                    error))
      return FALSE;
    if (a->set_comment &&
        !store_exec(db,
                    "UPDATE practice_answer SET comment = ?, updated_by = ?, updated_at = ?"
                    " WHERE assessment_id = ? AND item_id = ?",
                    STORE_PARAMS(P_TEXT(practice_text(a->comment)), P_ID(actor_user_id),
                                 P_TEXT(now), P_INT(assessment_id), P_INT(a->item_id)),
                    error))
      return FALSE;
    if (a->set_activities &&
        !store_exec(db,
                    "UPDATE practice_answer SET activities = ?, updated_by = ?, updated_at = ?"
                    " WHERE assessment_id = ? AND item_id = ?",
                    STORE_PARAMS(P_TEXT(practice_text(a->activities)), P_ID(actor_user_id),
                                 P_TEXT(now), P_INT(assessment_id), P_INT(a->item_id)),
                    error))
      return FALSE;
  }
  return store_exec(db, "UPDATE practice_assessment SET updated_at = ? WHERE id = ?",
                    STORE_PARAMS(P_TEXT(now), P_INT(assessment_id)), error);
}

/* ---- Development points --------------------------------------------------- */

static const char *const point_statuses[] = {"open", "in_progress", "done", "dropped", NULL};

#define POINT_OFFER_SQL "SELECT offer_id FROM development_point WHERE id = ?"
#define POINT_NOT_FOUND "udviklingspunktet findes ikke"

/* Checks the links of a development point of offer_id; fills *element
 * with the element of a given question when none is given (newly
 * allocated, or NULL).  FALSE with a refusal or a store error. */
static gboolean
point_validate(StoreDb *db, gint64 offer_id, const StoreDevelopmentPointInput *in,
               char **element, const char **out_field, GError **error)
{
  *element = g_strdup(practice_text(in->element_key));
  if (practice_text(in->title) == NULL)
    return practice_refuse(out_field, "title", N_("Skriv udviklingspunktet."), error);
  if (!practice_one_of(in->status, point_statuses))
    return practice_refuse(out_field, "status", N_("Vælg en status."), error);
  if (in->priority < 1)
    return practice_refuse(out_field, "priority", N_("Prioriteten skal være 1 eller mere."),
                           error);
  gint64 instrument_id = 0;
  if (in->assessment_id != 0) {
    json_t *a = store_query_row(db,
                                "SELECT offer_id, instrument_id FROM practice_assessment "
                                "WHERE id = ?",
                                STORE_PARAMS(P_INT(in->assessment_id)), NULL, error);
    if (a == NULL && !g_error_matches(*error, STORE_ERROR, STORE_ERROR_NOT_FOUND))
      return FALSE;
    g_clear_error(error);
    gboolean same = a != NULL && json_integer_value(json_object_get(a, "offer_id")) == offer_id;
    instrument_id = json_integer_value(json_object_get(a, "instrument_id"));
    json_decref(a);
    if (!same)
      return practice_refuse(out_field, "assessment_id",
                             N_("Vurderingen hører ikke til tilbuddet."), error);
  } else if (*element != NULL || in->item_id != 0) {
    return practice_refuse(out_field, *element != NULL ? "element_key" : "item_id",
                           N_("Et element eller spørgsmål kræver den vurdering, det kommer fra."),
                           error);
  }
  if (in->item_id != 0) {
    json_t *item = store_query_row(db,
                                   "SELECT subscale_key FROM instrument_item "
                                   "WHERE id = ? AND instrument_id = ?",
                                   STORE_PARAMS(P_INT(in->item_id), P_INT(instrument_id)), NULL,
                                   error);
    if (item == NULL && !g_error_matches(*error, STORE_ERROR, STORE_ERROR_NOT_FOUND))
      return FALSE;
    g_clear_error(error);
    if (item == NULL)
      return practice_refuse(out_field, "item_id",
                             N_("Spørgsmålet findes ikke i vurderingens version af "
                                "instrumentet."),
                             error);
    const char *sub = json_string_value(json_object_get(item, "subscale_key"));
    gboolean mismatch = *element != NULL && g_strcmp0(sub, *element) != 0;
    if (*element == NULL && sub != NULL)
      *element = g_strdup(sub);
    json_decref(item);
    if (mismatch)
      return practice_refuse(out_field, "item_id", N_("Spørgsmålet hører ikke til elementet."),
                             error);
  }
  if (*element != NULL) {
    gint64 n = 0;
    if (!store_query_int(db,
                         "SELECT COUNT(*) FROM instrument_subscale WHERE instrument_id = ? "
                         "AND key = ?",
                         STORE_PARAMS(P_INT(instrument_id), P_TEXT(*element)), &n, error))
      return FALSE;
    if (n == 0)
      return practice_refuse(out_field, "element_key",
                             N_("Elementet findes ikke i vurderingens instrument."), error);
  }
  if (in->owner_user_id != 0) {
    gboolean ok = FALSE;
    if (!offer_person(db, offer_id, in->owner_user_id, &ok, error))
      return FALSE;
    if (!ok)
      return practice_refuse(out_field, "owner_user_id",
                             N_("Den ansvarlige skal være medarbejder eller leder i tilbuddet."),
                             error);
  }
  return TRUE;
}

gint64
store_development_point_create(StoreDb *db, gint64 actor_user_id,
                               const StoreDevelopmentPointInput *in, const char **out_field,
                               GError **error)
{
  g_autofree char *element = NULL;
  if (!practice_require_offer(db, actor_user_id, in->offer_id, STORE_PRACTICE_WRITE, error) ||
      !point_validate(db, in->offer_id, in, &element, out_field, error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(
    db,
    "INSERT INTO development_point (offer_id, title, description, assessment_id, element_key,"
    " item_id, priority, owner_user_id, deadline, status, created_by, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    STORE_PARAMS(P_INT(in->offer_id), P_TEXT(in->title), P_TEXT(practice_text(in->description)),
                 P_ID(in->assessment_id), P_TEXT(element), P_ID(in->item_id),
                 P_INT(in->priority), P_ID(in->owner_user_id),
                 P_TEXT(practice_text(in->deadline)), P_TEXT(in->status), P_ID(actor_user_id),
                 P_TEXT(now), P_TEXT(now)),
    error);
}

gboolean
store_development_point_update(StoreDb *db, gint64 actor_user_id, gint64 point_id,
                               const StoreDevelopmentPointInput *in, const char **out_field,
                               GError **error)
{
  gint64 offer_id = 0;
  g_autofree char *element = NULL;
  if (!practice_require_row(db, actor_user_id, POINT_OFFER_SQL, point_id, STORE_PRACTICE_WRITE,
                            POINT_NOT_FOUND, &offer_id, error) ||
      !point_validate(db, offer_id, in, &element, out_field, error))
    return FALSE;
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec(
    db,
    "UPDATE development_point SET title = ?, description = ?, assessment_id = ?,"
    " element_key = ?, item_id = ?, priority = ?, owner_user_id = ?, deadline = ?, status = ?,"
    " updated_at = ? WHERE id = ?",
    STORE_PARAMS(P_TEXT(in->title), P_TEXT(practice_text(in->description)),
                 P_ID(in->assessment_id), P_TEXT(element), P_ID(in->item_id),
                 P_INT(in->priority), P_ID(in->owner_user_id),
                 P_TEXT(practice_text(in->deadline)), P_TEXT(in->status), P_TEXT(now),
                 P_INT(point_id)),
    error);
}

#define POINT_SELECT                                                                     \
  "SELECT p.id, p.offer_id, o.name AS offer_name, p.title, p.description,"              \
  " p.assessment_id, a.held_on AS assessment_held_on, i.key AS instrument_key,"         \
  " p.element_key, p.item_id, it.key AS item_key, p.priority, p.owner_user_id,"         \
  " u.display_name AS owner_name, p.deadline, p.status, p.created_at, p.updated_at "
#define POINT_FROM                                                                       \
  "FROM development_point p JOIN offer o ON o.id = p.offer_id"                          \
  " LEFT JOIN practice_assessment a ON a.id = p.assessment_id"                          \
  " LEFT JOIN instrument i ON i.id = a.instrument_id"                                   \
  " LEFT JOIN instrument_item it ON it.id = p.item_id"                                  \
  " LEFT JOIN app_user u ON u.id = p.owner_user_id "

json_t *
store_development_point_get(StoreDb *db, gint64 actor_user_id, gint64 point_id, GError **error)
{
  if (!practice_require_row(db, actor_user_id, POINT_OFFER_SQL, point_id, STORE_PRACTICE_READ,
                            POINT_NOT_FOUND, NULL, error))
    return NULL;
  json_t *row = store_query_row(db, POINT_SELECT POINT_FROM "WHERE p.id = ?",
                                STORE_PARAMS(P_INT(point_id)), POINT_NOT_FOUND, error);
  if (row == NULL)
    return NULL;
  json_t *trials = store_query_rows(db,
                                    "SELECT id, title, status, decision, starts_on, ends_on "
                                    "FROM trial_action WHERE development_point_id = ? "
                                    "ORDER BY CASE WHEN starts_on IS NULL THEN 1 ELSE 0 END,"
                                    " starts_on, id",
                                    STORE_PARAMS(P_INT(point_id)), error);
  if (trials == NULL) {
    json_decref(row);
    return NULL;
  }
  json_object_set_new(row, "trials", trials);
  return row;
}

json_t *
store_development_point_list(StoreDb *db, gint64 actor_user_id, gint64 offer_id, GError **error)
{
  if (!practice_require_offer(db, actor_user_id, offer_id, STORE_PRACTICE_READ, error))
    return NULL;
  /* Open points first, by priority and deadline (none last); done and
   * dropped ones after. */
  return store_query_rows(
    db,
    POINT_SELECT ", (SELECT COUNT(*) FROM trial_action t WHERE t.development_point_id = p.id"
    " AND t.status = 'running') AS running " POINT_FROM "WHERE p.offer_id = ? "
    "ORDER BY CASE WHEN p.status IN ('open', 'in_progress') THEN 0 ELSE 1 END, p.priority,"
    " CASE WHEN p.deadline IS NULL THEN 1 ELSE 0 END, p.deadline, p.id",
    STORE_PARAMS(P_INT(offer_id)), error);
}

/* ---- Trial actions ---------------------------------------------------------- */

static const char *const trial_statuses[] = {"planned", "running", "finished", NULL};
static const char *const trial_decisions[] = {"adopt", "adjust", "drop", NULL};

#define TRIAL_OFFER_SQL "SELECT offer_id FROM trial_action WHERE id = ?"
#define TRIAL_NOT_FOUND "prøvehandlingen findes ikke"

static gboolean
trial_validate(StoreDb *db, gint64 offer_id, const StoreTrialInput *in, const char **out_field,
               GError **error)
{
  if (practice_text(in->title) == NULL)
    return practice_refuse(out_field, "title", N_("Giv prøvehandlingen en titel."), error);
  if (practice_text(in->hypothesis) == NULL)
    return practice_refuse(out_field, "hypothesis", N_("Skriv hypotesen."), error);
  if (practice_text(in->indicator) == NULL)
    return practice_refuse(out_field, "indicator", N_("Skriv indikatoren."), error);
  if (!practice_one_of(in->status, trial_statuses))
    return practice_refuse(out_field, "status", N_("Vælg en status."), error);
  if (in->decision != NULL && !practice_one_of(in->decision, trial_decisions))
    return practice_refuse(out_field, "decision", N_("Vælg en beslutning."), error);
  if (in->decision != NULL && practice_text(in->result) == NULL)
    return practice_refuse(out_field, "result",
                           N_("Skriv resultatet, før I træffer en beslutning."), error);
  if (strcmp(in->status, "finished") == 0 && in->decision == NULL)
    return practice_refuse(out_field, "decision",
                           N_("En afsluttet prøvehandling skal have en beslutning: tilpas, "
                              "indfør eller opgiv."),
                           error);
  if (in->starts_on != NULL && in->ends_on != NULL && strcmp(in->ends_on, in->starts_on) < 0)
    return practice_refuse(out_field, "ends_on", N_("Slutdatoen ligger før startdatoen."), error);
  gint64 n = 0;
  if (!store_query_int(db, "SELECT COUNT(*) FROM development_point WHERE id = ? AND offer_id = ?",
                       STORE_PARAMS(P_INT(in->development_point_id), P_INT(offer_id)), &n,
                       error))
    return FALSE;
  if (n == 0)
    return practice_refuse(out_field, "development_point_id",
                           N_("Vælg et af tilbuddets udviklingspunkter."), error);
  return TRUE;
}

gint64
store_trial_create(StoreDb *db, gint64 actor_user_id, const StoreTrialInput *in,
                   const char **out_field, GError **error)
{
  if (!practice_require_offer(db, actor_user_id, in->offer_id, STORE_PRACTICE_READ, error) ||
      !trial_validate(db, in->offer_id, in, out_field, error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(
    db,
    "INSERT INTO trial_action (offer_id, development_point_id, title, hypothesis, indicator,"
    " plan_who, plan_where, plan_when, starts_on, ends_on, status, result, learning, decision,"
    " created_by, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    STORE_PARAMS(P_INT(in->offer_id), P_INT(in->development_point_id), P_TEXT(in->title),
                 P_TEXT(in->hypothesis), P_TEXT(in->indicator),
                 P_TEXT(practice_text(in->plan_who)), P_TEXT(practice_text(in->plan_where)),
                 P_TEXT(practice_text(in->plan_when)), P_TEXT(practice_text(in->starts_on)),
                 P_TEXT(practice_text(in->ends_on)), P_TEXT(in->status),
                 P_TEXT(practice_text(in->result)), P_TEXT(practice_text(in->learning)),
                 P_TEXT(in->decision), P_ID(actor_user_id), P_TEXT(now), P_TEXT(now)),
    error);
}

gboolean
store_trial_update(StoreDb *db, gint64 actor_user_id, gint64 trial_id, const StoreTrialInput *in,
                   const char **out_field, GError **error)
{
  gint64 offer_id = 0;
  if (!practice_require_row(db, actor_user_id, TRIAL_OFFER_SQL, trial_id, STORE_PRACTICE_READ,
                            TRIAL_NOT_FOUND, &offer_id, error) ||
      !trial_validate(db, offer_id, in, out_field, error))
    return FALSE;
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec(
    db,
    "UPDATE trial_action SET development_point_id = ?, title = ?, hypothesis = ?,"
    " indicator = ?, plan_who = ?, plan_where = ?, plan_when = ?, starts_on = ?, ends_on = ?,"
    " status = ?, result = ?, learning = ?, decision = ?, updated_at = ? WHERE id = ?",
    STORE_PARAMS(P_INT(in->development_point_id), P_TEXT(in->title), P_TEXT(in->hypothesis),
                 P_TEXT(in->indicator), P_TEXT(practice_text(in->plan_who)),
                 P_TEXT(practice_text(in->plan_where)), P_TEXT(practice_text(in->plan_when)),
                 P_TEXT(practice_text(in->starts_on)), P_TEXT(practice_text(in->ends_on)),
                 P_TEXT(in->status), P_TEXT(practice_text(in->result)),
                 P_TEXT(practice_text(in->learning)), P_TEXT(in->decision), P_TEXT(now),
                 P_INT(trial_id)),
    error);
}

#define TRIAL_COLUMNS                                                                     \
  "SELECT t.id, t.offer_id, o.name AS offer_name, t.development_point_id,"               \
  " p.title AS development_point_title, t.title, t.hypothesis, t.indicator, t.plan_who,"  \
  " t.plan_where, t.plan_when, t.starts_on, t.ends_on, t.status, t.result, t.learning,"   \
  " t.decision, u.display_name AS created_by_name, t.created_at, t.updated_at "          \
  "FROM trial_action t JOIN offer o ON o.id = t.offer_id"                                \
  " JOIN development_point p ON p.id = t.development_point_id"                           \
  " LEFT JOIN app_user u ON u.id = t.created_by "

json_t *
store_trial_get(StoreDb *db, gint64 actor_user_id, gint64 trial_id, GError **error)
{
  if (!practice_require_row(db, actor_user_id, TRIAL_OFFER_SQL, trial_id, STORE_PRACTICE_READ,
                            TRIAL_NOT_FOUND, NULL, error))
    return NULL;
  return store_query_row(db, TRIAL_COLUMNS "WHERE t.id = ?", STORE_PARAMS(P_INT(trial_id)),
                         TRIAL_NOT_FOUND, error);
}

json_t *
store_trial_list(StoreDb *db, gint64 actor_user_id, gint64 offer_id, GError **error)
{
  if (!practice_require_offer(db, actor_user_id, offer_id, STORE_PRACTICE_READ, error))
    return NULL;
  return store_query_rows(
    db,
    TRIAL_COLUMNS "WHERE t.offer_id = ? "
    "ORDER BY CASE t.status WHEN 'running' THEN 0 WHEN 'planned' THEN 1 ELSE 2 END,"
    " CASE WHEN t.starts_on IS NULL THEN 1 ELSE 0 END, t.starts_on, t.id",
    STORE_PARAMS(P_INT(offer_id)), error);
}
