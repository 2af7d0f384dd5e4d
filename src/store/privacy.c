/* privacy.c — the citizen's rights under the GDPR, as the store sees
 * them: everything held about one citizen (the right of access), erasing
 * one citizen whole (the right to erasure), and finding the citizens whose
 * every course ended before a date (the retention job).
 *
 * What belongs to a citizen is listed here, table by table, in one place:
 * the export reads the sections below, the erasure deletes the same rows
 * children first.  The foreign keys make a forgotten table visible: the
 * citizen's row cannot be deleted while a row still points at it.  The
 * audit log is kept (it is append-only and chained); its lines keep the
 * bare citizen id, and one more line records the erasure itself. */
#include "store/internal.h"

/* One section of a citizen's export: the rows of one kind, in a stable
 * order.  Each statement takes the citizen id as its only parameter. */
typedef struct ExportSection {
  const char *key;
  const char *sql;
} ExportSection;

static const ExportSection export_sections[] = {
  {"courses",
   "SELECT k.id, i.name AS intervention, k.started_on, k.ended_on, k.phase, k.end_reason,"
   " k.discharged_to, k.created_at"
   " FROM course k JOIN intervention i ON i.id = k.intervention_id"
   " WHERE k.citizen_id = ? ORDER BY k.started_on, k.id"},
  {"measurements",
   "SELECT m.id, m.course_id, ins.name_da AS instrument, ins.version AS instrument_version,"
   " m.measured_on, m.point, m.respondent, m.collection_method, m.status,"
   " r.display_name AS rater, m.score, m.comment, m.created_at"
   " FROM measurement m JOIN instrument ins ON ins.id = m.instrument_id"
   " LEFT JOIN app_user r ON r.id = m.rater_user_id"
   " WHERE m.citizen_id = ? ORDER BY m.measured_on, m.id"},
  {"answers",
   "SELECT a.measurement_id, it.key AS item, it.text_da AS question, a.value, a.comment"
   " FROM measurement_answer a JOIN measurement m ON m.id = a.measurement_id"
   " JOIN instrument_item it ON it.id = a.item_id"
   " WHERE m.citizen_id = ? ORDER BY a.measurement_id, it.position"},
  {"accounts",
   "SELECT u.username, u.display_name, u.language, u.disabled, u.created_at"
   " FROM app_user u WHERE u.citizen_id = ? ORDER BY u.id"},
  {"authorities",
   "SELECT u.display_name AS authority FROM authority_assignment a"
   " JOIN app_user u ON u.id = a.user_id WHERE a.citizen_id = ? ORDER BY u.display_name"},
  {"access_log",
   "SELECT a.at, COALESCE(u.display_name, '') AS user_name, a.action, a.detail"
   " FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id"
   " WHERE a.citizen_id = ? ORDER BY a.id"},
};

/* The rows an erasure removes or blanks, children before parents.  Each
 * statement takes the citizen id as its only parameter.  The citizen's
 * own login is kept as a disabled, nameless account, because the audit
 * log names accounts by id. */
static const char *const erase_statements[] = {
  "DELETE FROM measurement_answer WHERE measurement_id IN"
  " (SELECT id FROM measurement WHERE citizen_id = ?)",
  "DELETE FROM measurement WHERE citizen_id = ?",
  "DELETE FROM course WHERE citizen_id = ?",
  "DELETE FROM authority_assignment WHERE citizen_id = ?",
  "DELETE FROM session WHERE user_id IN (SELECT id FROM app_user WHERE citizen_id = ?)",
  "DELETE FROM role_assignment WHERE user_id IN (SELECT id FROM app_user WHERE citizen_id = ?)",
  "UPDATE app_user SET username = 'slettet-' || CAST(id AS TEXT),"
  " display_name = 'Slettet borger', password_hash = NULL, disabled = 1, citizen_id = NULL"
  " WHERE citizen_id = ?",
  "DELETE FROM citizen WHERE id = ?",
};

json_t *
store_citizen_export(StoreDb *db, gint64 actor_user_id, gint64 citizen_id, GError **error)
{
  if (!store_citizen_require_visible(db, actor_user_id, citizen_id, error))
    return NULL;
  json_t *citizen = store_query_row(
    db,
    "SELECT c.id, c.first_name, c.last_name, c.birth_date, c.gender, c.cpr_sealed,"
    " u.name AS unit, o.name AS offer, c.referral_basis, c.diagnoses, c.education,"
    " c.occupation, c.housing, c.intervention_goals, c.medical_treatment, c.criminal_record,"
    " c.mother_tongue, c.ethnic_background, c.family_situation, c.cohabitation,"
    " c.created_at, c.updated_at"
    " FROM citizen c JOIN unit u ON u.id = c.unit_id JOIN offer o ON o.id = u.offer_id"
    " WHERE c.id = ?",
    STORE_PARAMS(P_INT(citizen_id)), NULL, error);
  if (citizen == NULL)
    return NULL;
  json_t *export = json_pack("{s:o}", "citizen", citizen);
  for (gsize i = 0; i < G_N_ELEMENTS(export_sections); i++) {
    json_t *rows = store_query_rows(db, export_sections[i].sql,
                                    STORE_PARAMS(P_INT(citizen_id)), error);
    if (rows == NULL) {
      json_decref(export);
      return NULL;
    }
    json_object_set_new(export, export_sections[i].key, rows);
  }
  return export;
}

/* Erases without asking who may; the callers below do. */
static gboolean
erase_citizen(StoreDb *db, gint64 actor_user_id, gint64 citizen_id, const char *action,
              const char *address, GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS(erase_statements); i++)
    if (!store_exec(db, erase_statements[i], STORE_PARAMS(P_INT(citizen_id)), error))
      return FALSE;
  return store_audit_append(db, actor_user_id, citizen_id, action, NULL, address, error);
}

gboolean
store_citizen_erase(StoreDb *db, gint64 actor_user_id, gint64 citizen_id, const char *address,
                    GError **error)
{
  return store_citizen_require_visible(db, actor_user_id, citizen_id, error) &&
         erase_citizen(db, actor_user_id, citizen_id, "citizen.erase", address, error);
}

json_t *
store_retention_due(StoreDb *db, const char *ended_before, GError **error)
{
  return store_query_rows(
    db,
    "SELECT c.id, MAX(k.ended_on) AS last_ended_on, COUNT(*) AS courses"
    " FROM citizen c JOIN course k ON k.citizen_id = c.id"
    " GROUP BY c.id"
    " HAVING COUNT(k.ended_on) = COUNT(*) AND MAX(k.ended_on) < ?"
    " ORDER BY c.id",
    STORE_PARAMS(P_TEXT(ended_before)), error);
}

gboolean
store_citizen_erase_retained(StoreDb *db, gint64 citizen_id, const char *ended_before,
                             GError **error)
{
  gint64 due = 0;
  if (!store_query_int(db,
                       "SELECT COUNT(*) FROM citizen c WHERE c.id = ?"
                       " AND EXISTS (SELECT 1 FROM course k WHERE k.citizen_id = c.id)"
                       " AND NOT EXISTS (SELECT 1 FROM course k WHERE k.citizen_id = c.id"
                       " AND (k.ended_on IS NULL OR k.ended_on >= ?))",
                       STORE_PARAMS(P_INT(citizen_id), P_TEXT(ended_before)), &due, error))
    return FALSE;
  if (due == 0) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND,
                "borger %" G_GINT64_FORMAT " har ikke kun forløb, der sluttede før %s",
                citizen_id, ended_before);
    return FALSE;
  }
  return erase_citizen(db, 0, citizen_id, "citizen.erase.retention", NULL, error);
}
