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
  {"measurement_versions",
   "SELECT r.measurement_id, r.version, r.changed_at, r.snapshot"
   " FROM measurement_revision r JOIN measurement m ON m.id = r.measurement_id"
   " WHERE m.citizen_id = ? ORDER BY r.measurement_id, r.version"},
  {"course_phases",
   "SELECT cp.course_id, p.name AS phase_name, cp.started_on"
   " FROM course_phase cp JOIN course k ON k.id = cp.course_id"
   " JOIN intervention_phase p ON p.id = cp.phase_id"
   " WHERE k.citizen_id = ? ORDER BY cp.course_id, cp.started_on, cp.id"},
  {"course_answers",
   "SELECT a.course_id, a.stage, a.question, a.answer, a.answered_on"
   " FROM course_answer a JOIN course k ON k.id = a.course_id"
   " WHERE k.citizen_id = ? ORDER BY a.course_id, a.answered_on, a.id"},
  {"intensity",
   "SELECT e.course_id, e.held_on, e.kind AS session_kind, e.minutes, e.note"
   " FROM intensity_entry e JOIN course k ON k.id = e.course_id"
   " WHERE k.citizen_id = ? ORDER BY e.held_on, e.id"},
  {"action_plan",
   "SELECT a.id, a.title, a.description, a.legal_basis, a.follow_up_on, a.created_at"
   " FROM action_plan_goal a WHERE a.citizen_id = ? ORDER BY a.id"},
  {"goals",
   "SELECT g.id, g.course_id, g.parent_goal_id, g.action_plan_goal_id, g.kind AS goal_kind,"
   " g.goal_type, g.title, g.description, g.instrument_key, g.item_key, g.baseline,"
   " g.target_score, g.set_on, g.target_date, g.status AS goal_status, g.gas_weight,"
   " g.gas_level_m2, g.gas_level_m1, g.gas_level_0, g.gas_level_p1, g.gas_level_p2,"
   " g.created_at"
   " FROM goal g WHERE g.citizen_id = ? ORDER BY g.set_on, g.id"},
  {"goal_versions",
   "SELECT r.goal_id, r.version, r.changed_at, r.snapshot"
   " FROM goal_revision r JOIN goal g ON g.id = r.goal_id"
   " WHERE g.citizen_id = ? ORDER BY r.goal_id, r.version"},
  {"gas_ratings",
   "SELECT r.goal_id, r.rated_on, r.level, r.comment"
   " FROM gas_rating r JOIN goal g ON g.id = r.goal_id"
   " WHERE g.citizen_id = ? ORDER BY r.goal_id, r.rated_on, r.id"},
  {"diary",
   "SELECT d.written_on, d.author_kind, u.display_name AS author, d.goal_id, d.body"
   " FROM diary_entry d JOIN app_user u ON u.id = d.author_user_id"
   " WHERE d.citizen_id = ? ORDER BY d.written_on, d.id"},
  {"invitations",
   "SELECT i.created_at, i.expires_at, i.used_at"
   " FROM invitation i WHERE i.citizen_id = ? ORDER BY i.id"},
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
  "DELETE FROM gas_rating WHERE goal_id IN (SELECT id FROM goal WHERE citizen_id = ?)",
  "DELETE FROM goal_revision WHERE goal_id IN (SELECT id FROM goal WHERE citizen_id = ?)",
  "DELETE FROM diary_entry WHERE citizen_id = ?",
  "DELETE FROM goal WHERE citizen_id = ?",
  "DELETE FROM action_plan_goal WHERE citizen_id = ?",
  "DELETE FROM invitation WHERE citizen_id = ?",
  "DELETE FROM measurement_answer WHERE measurement_id IN"
  " (SELECT id FROM measurement WHERE citizen_id = ?)",
  "DELETE FROM measurement_revision WHERE measurement_id IN"
  " (SELECT id FROM measurement WHERE citizen_id = ?)",
  "DELETE FROM measurement WHERE citizen_id = ?",
  "DELETE FROM course_phase WHERE course_id IN (SELECT id FROM course WHERE citizen_id = ?)",
  "DELETE FROM course_answer WHERE course_id IN (SELECT id FROM course WHERE citizen_id = ?)",
  "DELETE FROM intensity_entry WHERE course_id IN (SELECT id FROM course WHERE citizen_id = ?)",
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
