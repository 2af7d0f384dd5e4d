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
  "DELETE FROM course_summary WHERE course_id IN (SELECT id FROM course WHERE citizen_id = ?)",
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

/* ---- Free text that mentions the citizen ------------------------------------ */

/* "col holds the name": as written, or in lower case (SQLite's LOWER()
 * folds ASCII only, PostgreSQL's LIKE is case-sensitive).  Two parameters. */
#define MENTIONS(col) "(" col " LIKE ? OR LOWER(" col ") LIKE ?)"

typedef enum { SCOPE_CITIZENS, SCOPE_OFFERS } MentionScope;

/* One kind of place where staff write free text.  sql's first parameters
 * are its scope (SCOPE_CITIZENS: the citizen, who is left out, and the
 * actor's units; SCOPE_OFFERS: the actor's led offers), then n_matches
 * MENTIONS pairs.  Columns: kind, ref_id, on_date, about. */
typedef struct MentionPlace {
  MentionScope scope;
  guint n_matches;
  const char *sql;
} MentionPlace;

#define OTHER_CITIZEN(alias)                                            \
  " JOIN citizen oc ON oc.id = " alias ".citizen_id"                    \
  " WHERE " alias ".citizen_id <> ? AND oc.unit_id IN (" STORE_SQL_SCOPED_UNITS ")"
#define OTHER_NAME "oc.first_name || ' ' || oc.last_name"

static const MentionPlace mention_places[] = {
  {SCOPE_CITIZENS, 1,
   "SELECT CASE WHEN d.course_id IS NULL THEN 'diary_citizen' ELSE 'diary' END AS kind,"
   " COALESCE(d.course_id, d.citizen_id) AS ref_id, d.written_on AS on_date, " OTHER_NAME
   " AS about FROM diary_entry d" OTHER_CITIZEN("d") " AND " MENTIONS("d.body")},
  {SCOPE_CITIZENS, 2,
   "SELECT 'measurement', m.id, m.measured_on, " OTHER_NAME " FROM measurement m"
   OTHER_CITIZEN("m") " AND (" MENTIONS("m.comment") " OR EXISTS (SELECT 1 FROM"
   " measurement_answer ma WHERE ma.measurement_id = m.id AND " MENTIONS("ma.comment") "))"},
  {SCOPE_CITIZENS, 2,
   "SELECT 'goal', g.id, g.set_on, " OTHER_NAME " FROM goal g" OTHER_CITIZEN("g")
   " AND (" MENTIONS("g.title") " OR " MENTIONS("g.description") ")"},
  {SCOPE_CITIZENS, 1,
   "SELECT 'intensity', k.id, ie.held_on, " OTHER_NAME " FROM intensity_entry ie"
   " JOIN course k ON k.id = ie.course_id" OTHER_CITIZEN("k") " AND " MENTIONS("ie.note")},
  {SCOPE_OFFERS, 5,
   "SELECT 'assessment', a.id, a.held_on, o.name FROM practice_assessment a"
   " JOIN offer o ON o.id = a.offer_id WHERE a.offer_id IN (" STORE_SQL_LED_OFFERS ")"
   " AND (" MENTIONS("a.title") " OR " MENTIONS("a.participants") " OR "
   MENTIONS("a.reflection") " OR EXISTS (SELECT 1 FROM practice_answer pa"
   " WHERE pa.assessment_id = a.id AND (" MENTIONS("pa.comment") " OR "
   MENTIONS("pa.activities") ")))"},
  {SCOPE_OFFERS, 2,
   "SELECT 'development_point', p.id, p.created_at, o.name FROM development_point p"
   " JOIN offer o ON o.id = p.offer_id WHERE p.offer_id IN (" STORE_SQL_LED_OFFERS ")"
   " AND (" MENTIONS("p.title") " OR " MENTIONS("p.description") ")"},
  {SCOPE_OFFERS, 6,
   "SELECT 'trial', t.id, t.created_at, o.name FROM trial_action t"
   " JOIN offer o ON o.id = t.offer_id WHERE t.offer_id IN (" STORE_SQL_LED_OFFERS ")"
   " AND (" MENTIONS("t.title") " OR " MENTIONS("t.hypothesis") " OR "
   MENTIONS("t.indicator") " OR " MENTIONS("t.plan_who") " OR " MENTIONS("t.result") " OR "
   MENTIONS("t.learning") ")"},
  {SCOPE_OFFERS, 6,
   "SELECT 'theory', th.id, th.created_at, o.name FROM theory_of_change th"
   " JOIN offer o ON o.id = th.offer_id WHERE th.offer_id IN (" STORE_SQL_LED_OFFERS ")"
   " AND EXISTS (SELECT 1 FROM theory_version tv WHERE tv.theory_id = th.id AND ("
   MENTIONS("tv.change_note") " OR " MENTIONS("tv.narrative") " OR " MENTIONS("tv.objective")
   " OR " MENTIONS("tv.target_group") " OR EXISTS (SELECT 1 FROM theory_box tb"
   " WHERE tb.version_id = tv.id AND (" MENTIONS("tb.text") " OR "
   MENTIONS("tb.knowledge_note") "))))"},
  {SCOPE_OFFERS, 3,
   "SELECT 'journey', j.id, j.created_at, o.name FROM citizen_journey j"
   " JOIN offer o ON o.id = j.offer_id WHERE j.offer_id IN (" STORE_SQL_LED_OFFERS ")"
   " AND (" MENTIONS("j.title") " OR " MENTIONS("j.description") " OR EXISTS (SELECT 1"
   " FROM journey_entry je WHERE je.journey_id = j.id AND " MENTIONS("je.text") "))"},
  {SCOPE_OFFERS, 5,
   "SELECT 'planning', pt.id, pt.held_on, o.name FROM planning_tool pt"
   " JOIN offer o ON o.id = pt.offer_id WHERE pt.offer_id IN (" STORE_SQL_LED_OFFERS ")"
   " AND (EXISTS (SELECT 1 FROM planning_entry pe WHERE pe.tool_id = pt.id AND ("
   MENTIONS("pe.text_a") " OR " MENTIONS("pe.text_b") " OR " MENTIONS("pe.text_c") "))"
   " OR EXISTS (SELECT 1 FROM planning_answer pn WHERE pn.tool_id = pt.id AND ("
   MENTIONS("pn.answer") " OR " MENTIONS("pn.follow_up") ")))"},
};

/* The name as a LIKE pattern ("%Name%"), with LIKE's own wildcards taken
 * out; newly allocated, NULL when nothing is left to search for. */
static char *
name_pattern(const char *name)
{
  if (name == NULL)
    return NULL;
  g_autofree char *clean = g_strdup(name);
  g_strdelimit(clean, "%_\\", ' ');
  g_strstrip(clean);
  if (g_utf8_strlen(clean, -1) < 2)
    return NULL;
  return g_strconcat("%", clean, "%", NULL);
}

json_t *
store_citizen_mentions(StoreDb *db, gint64 actor_user_id, gint64 citizen_id, GError **error)
{
  json_t *citizen = store_query_row(db, "SELECT first_name FROM citizen WHERE id = ?",
                                    STORE_PARAMS(P_INT(citizen_id)), "borgeren findes ikke",
                                    error);
  if (citizen == NULL)
    return NULL;
  g_autofree char *pattern = name_pattern(json_string_value(json_object_get(citizen,
                                                                            "first_name")));
  json_decref(citizen);
  if (pattern == NULL)
    return json_array();
  g_autofree char *lower = g_utf8_strdown(pattern, -1);

  g_autoptr(GString) sql = g_string_new(NULL);
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  for (guint i = 0; i < G_N_ELEMENTS(mention_places); i++) {
    const MentionPlace *place = &mention_places[i];
    if (i > 0)
      g_string_append(sql, " UNION ALL ");
    g_string_append(sql, place->sql);
    if (place->scope == SCOPE_CITIZENS) {
      StoreParam scope[] = {P_INT(citizen_id), P_INT(actor_user_id)};
      g_array_append_vals(params, scope, G_N_ELEMENTS(scope));
    } else {
      StoreParam scope = P_INT(actor_user_id);
      g_array_append_val(params, scope);
    }
    for (guint m = 0; m < place->n_matches; m++) {
      StoreParam match[] = {P_TEXT(pattern), P_TEXT(lower)};
      g_array_append_vals(params, match, G_N_ELEMENTS(match));
    }
  }
  g_string_append(sql, " ORDER BY 1, 3 DESC, 2 LIMIT 200");
  return store_query_rows(db, sql->str, (const StoreParam *)params->data, params->len, error);
}
