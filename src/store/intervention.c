/* intervention.c — what an offer's leaders decide about its
 * interventions: the description for the target group with inclusion and
 * exclusion criteria, the phases, the measurement plan (Kapitel 3), and
 * which background questions the offer asks.  Staff of the offer read
 * them; leaders of the offer change them (STORE_SQL_LED_OFFERS). */
#include <string.h>

#include "core/clock.h"
#include "store/internal.h"

#define NOT_FOUND_MSG "indsatsen findes ikke"

static const char *const plan_kinds[] = {"start", "follow_up", "phase_change", "end",
                                         "after_end", NULL};
static const char *const respondents[] = {"citizen", "staff", "relative", "authority", NULL};
static const char *const stages[] = {"start", "during", "end", NULL};

gboolean
store_one_of(const char *value, const char *const *allowed)
{
  for (int i = 0; value != NULL && allowed[i] != NULL; i++)
    if (strcmp(value, allowed[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
conflict(GError **error, const char *message)
{
  g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT, message);
  return FALSE;
}

void
store_rename_not_found(GError **error, const char *message)
{
  if (error == NULL || !g_error_matches(*error, STORE_ERROR, STORE_ERROR_NOT_FOUND))
    return;
  g_clear_error(error);
  g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, message);
}

gboolean
store_offer_require_led(StoreDb *db, gint64 actor_user_id, gint64 offer_id, GError **error)
{
  gint64 n = 0;
  gboolean ok = actor_user_id == 0
    ? store_query_int(db, "SELECT COUNT(*) FROM offer WHERE id = ?",
                      STORE_PARAMS(P_INT(offer_id)), &n, error)
    : store_query_int(db,
                      "SELECT COUNT(*) FROM offer o WHERE o.id = ? AND o.id IN ("
                      STORE_SQL_LED_OFFERS ")",
                      STORE_PARAMS(P_INT(offer_id), P_INT(actor_user_id)), &n, error);
  if (!ok)
    return FALSE;
  if (n == 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "tilbuddet findes ikke");
    return FALSE;
  }
  return TRUE;
}

/* The offer of an intervention the actor works in (actor 0: any). */
static gboolean
intervention_offer(StoreDb *db, gint64 actor_user_id, gint64 intervention_id,
                   gint64 *out_offer_id, GError **error)
{
  GError *local = NULL;
  gboolean ok = actor_user_id == 0
    ? store_query_int(db, "SELECT offer_id FROM intervention WHERE id = ?",
                      STORE_PARAMS(P_INT(intervention_id)), out_offer_id, &local)
    : store_query_int(db,
                      "SELECT i.offer_id FROM intervention i WHERE i.id = ? AND i.offer_id IN ("
                      STORE_SQL_VISIBLE_OFFERS ")",
                      STORE_PARAMS(P_INT(intervention_id), P_INT(actor_user_id)), out_offer_id,
                      &local);
  if (!ok) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, NOT_FOUND_MSG);
    }
    g_propagate_error(error, local);
  }
  return ok;
}

/* NOT_FOUND unless the actor leads the intervention's offer. */
static gboolean
require_led_intervention(StoreDb *db, gint64 actor_user_id, gint64 intervention_id,
                         gint64 *out_offer_id, GError **error)
{
  gint64 offer_id = 0;
  if (!intervention_offer(db, 0, intervention_id, &offer_id, error))
    return FALSE;
  if (!store_offer_require_led(db, actor_user_id, offer_id, error)) {
    store_rename_not_found(error, NOT_FOUND_MSG);
    return FALSE;
  }
  if (out_offer_id != NULL)
    *out_offer_id = offer_id;
  return TRUE;
}

/* ---- Offers ------------------------------------------------------------------- */

json_t *
store_offer_list_led(StoreDb *db, gint64 actor_user_id, GError **error)
{
  return store_query_rows(db,
                          "SELECT o.id, o.name FROM offer o WHERE o.id IN ("
                          STORE_SQL_LED_OFFERS ") ORDER BY o.name, o.id",
                          STORE_PARAMS(P_INT(actor_user_id)), error);
}

json_t *
store_offer_list_visible(StoreDb *db, gint64 actor_user_id, GError **error)
{
  json_t *rows = store_query_rows(
    db,
    "SELECT o.id, o.name, CASE WHEN o.id IN (" STORE_SQL_LED_OFFERS ") THEN 1 ELSE 0 END"
    " AS can_edit FROM offer o WHERE o.id IN (" STORE_SQL_VISIBLE_OFFERS ")"
    " ORDER BY o.name, o.id",
    STORE_PARAMS(P_INT(actor_user_id), P_INT(actor_user_id)), error);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row)
    store_json_to_bool(row, "can_edit");
  return rows;
}

json_t *
store_offer_get(StoreDb *db, gint64 actor_user_id, gint64 offer_id, GError **error)
{
  json_t *row = store_query_row(
    db,
    "SELECT o.id, o.name, o.kind, CASE WHEN o.id IN (" STORE_SQL_LED_OFFERS ") THEN 1 ELSE 0"
    " END AS can_edit FROM offer o WHERE o.id = ? AND o.id IN (" STORE_SQL_VISIBLE_OFFERS ")",
    STORE_PARAMS(P_INT(actor_user_id), P_INT(offer_id), P_INT(actor_user_id)),
    "tilbuddet findes ikke", error);
  if (row != NULL)
    store_json_to_bool(row, "can_edit");
  return row;
}

/* ---- Interventions ------------------------------------------------------------ */

json_t *
store_intervention_list_visible(StoreDb *db, gint64 actor_user_id, GError **error)
{
  json_t *rows = store_query_rows(
    db,
    "SELECT i.id, i.name, i.description, i.offer_id, o.name AS offer_name,"
    " CASE WHEN i.offer_id IN (" STORE_SQL_LED_OFFERS ") THEN 1 ELSE 0 END AS can_edit,"
    " (SELECT COUNT(*) FROM course k WHERE k.intervention_id = i.id AND k.ended_on IS NULL)"
    " AS running "
    "FROM intervention i JOIN offer o ON o.id = i.offer_id "
    "WHERE i.offer_id IN (" STORE_SQL_VISIBLE_OFFERS ") ORDER BY o.name, i.name, i.id",
    STORE_PARAMS(P_INT(actor_user_id), P_INT(actor_user_id)), error);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row)
    store_json_to_bool(row, "can_edit");
  return rows;
}

json_t *
store_intervention_get(StoreDb *db, gint64 actor_user_id, gint64 intervention_id,
                       GError **error)
{
  gint64 offer_id = 0;
  if (!intervention_offer(db, actor_user_id, intervention_id, &offer_id, error))
    return NULL;
  json_t *row = store_query_row(
    db,
    "SELECT i.id, i.offer_id, o.name AS offer_name, i.name, i.description, i.target_group,"
    " i.inclusion_criteria, i.exclusion_criteria, i.updated_at,"
    " CASE WHEN i.offer_id IN (" STORE_SQL_LED_OFFERS ") THEN 1 ELSE 0 END AS can_edit "
    "FROM intervention i JOIN offer o ON o.id = i.offer_id WHERE i.id = ?",
    STORE_PARAMS(P_INT(actor_user_id), P_INT(intervention_id)), NOT_FOUND_MSG, error);
  if (row == NULL)
    return NULL;
  store_json_to_bool(row, "can_edit");
  json_t *phases = store_query_rows(
    db,
    "SELECT p.id, p.position, p.code, p.name,"
    " CASE WHEN EXISTS (SELECT 1 FROM course_phase cp WHERE cp.phase_id = p.id)"
    " OR EXISTS (SELECT 1 FROM plan_point pp WHERE pp.phase_id = p.id)"
    " OR EXISTS (SELECT 1 FROM course k WHERE k.intervention_id = p.intervention_id"
    " AND k.phase = p.code) THEN 1 ELSE 0 END AS in_use "
    "FROM intervention_phase p WHERE p.intervention_id = ? ORDER BY p.position, p.id",
    STORE_PARAMS(P_INT(intervention_id)), error);
  if (phases == NULL) {
    json_decref(row);
    return NULL;
  }
  size_t i;
  json_t *p;
  json_array_foreach(phases, i, p)
    store_json_to_bool(p, "in_use");
  json_object_set_new(row, "phases", phases);
  return row;
}

gboolean
store_intervention_add_default_phases(StoreDb *db, gint64 intervention_id, GError **error)
{
  static const struct {
    const char *code, *name;
  } defaults[] = {
    {"stabilisation", "Stabilisering"},
    {"primary_intervention", "Primær indsats"},
    {"aftercare", "Efterbehandling"},
  };
  g_autofree char *now = spor_timestamp_now(0);
  for (guint k = 0; k < G_N_ELEMENTS(defaults); k++)
    if (!store_exec(db,
                    "INSERT INTO intervention_phase (intervention_id, position, code, name,"
                    " created_at) VALUES (?, ?, ?, ?, ?)",
                    STORE_PARAMS(P_INT(intervention_id), P_INT(k + 1), P_TEXT(defaults[k].code),
                                 P_TEXT(defaults[k].name), P_TEXT(now)),
                    error))
      return FALSE;
  return TRUE;
}

gint64
store_intervention_add(StoreDb *db, gint64 actor_user_id, gint64 offer_id,
                       const StoreInterventionInput *in, GError **error)
{
  if (in->name == NULL || *in->name == '\0') {
    conflict(error, "indsatsen skal have et navn");
    return 0;
  }
  if (!store_offer_require_led(db, actor_user_id, offer_id, error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  gint64 id = store_insert(
    db,
    "INSERT INTO intervention (offer_id, name, description, target_group, inclusion_criteria,"
    " exclusion_criteria, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    STORE_PARAMS(P_INT(offer_id), P_TEXT(in->name), P_TEXT(in->description),
                 P_TEXT(in->target_group), P_TEXT(in->inclusion_criteria),
                 P_TEXT(in->exclusion_criteria), P_TEXT(now), P_TEXT(now)),
    error);
  if (id == 0 || !store_intervention_add_default_phases(db, id, error))
    return 0;
  return id;
}

gboolean
store_intervention_update(StoreDb *db, gint64 actor_user_id, gint64 intervention_id,
                          const StoreInterventionInput *in, GError **error)
{
  if (in->name == NULL || *in->name == '\0')
    return conflict(error, "indsatsen skal have et navn");
  if (!require_led_intervention(db, actor_user_id, intervention_id, NULL, error))
    return FALSE;
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec(db,
                    "UPDATE intervention SET name = ?, description = ?, target_group = ?,"
                    " inclusion_criteria = ?, exclusion_criteria = ?, updated_at = ? WHERE id = ?",
                    STORE_PARAMS(P_TEXT(in->name), P_TEXT(in->description),
                                 P_TEXT(in->target_group), P_TEXT(in->inclusion_criteria),
                                 P_TEXT(in->exclusion_criteria), P_TEXT(now),
                                 P_INT(intervention_id)),
                    error);
}

/* ---- Phases ------------------------------------------------------------------- */

gboolean
store_intervention_set_phases(StoreDb *db, gint64 actor_user_id, gint64 intervention_id,
                              const StorePhaseEdit *edits, gsize n_edits, GError **error)
{
  if (!require_led_intervention(db, actor_user_id, intervention_id, NULL, error))
    return FALSE;
  json_t *current = store_intervention_get(db, 0, intervention_id, error);
  if (current == NULL)
    return FALSE;
  json_t *phases = json_object_get(current, "phases");
  /* Check the whole list before changing anything. */
  gsize kept = 0;
  gboolean ok = TRUE;
  for (gsize i = 0; i < n_edits && ok; i++) {
    const StorePhaseEdit *e = &edits[i];
    json_t *found = NULL;
    size_t k;
    json_t *p;
    json_array_foreach(phases, k, p)
      if (json_integer_value(json_object_get(p, "id")) == e->id)
        found = p;
    if (e->id != 0 && found == NULL)
      ok = conflict(error, "fasen hører ikke til indsatsen");
    else if (e->remove && found != NULL && json_is_true(json_object_get(found, "in_use")))
      ok = conflict(error, "en fase, der er brugt, kan ikke fjernes");
    else if (!e->remove && (e->name == NULL || *e->name == '\0'))
      ok = conflict(error, "fasen skal have et navn");
    else if (!e->remove)
      kept++;
  }
  if (ok && kept == 0)
    ok = conflict(error, "indsatsen skal have mindst én fase");
  json_decref(current);
  if (!ok)
    return FALSE;
  g_autofree char *now = spor_timestamp_now(0);
  gint64 position = 0;
  for (gsize i = 0; i < n_edits; i++) {
    const StorePhaseEdit *e = &edits[i];
    if (e->remove) {
      if (e->id != 0 &&
          !store_exec(db, "DELETE FROM intervention_phase WHERE id = ? AND intervention_id = ?",
                      STORE_PARAMS(P_INT(e->id), P_INT(intervention_id)), error))
        return FALSE;
      continue;
    }
    position++;
    if (e->id != 0) {
      if (!store_exec(db,
                      "UPDATE intervention_phase SET name = ?, position = ?"
                      " WHERE id = ? AND intervention_id = ?",
                      STORE_PARAMS(P_TEXT(e->name), P_INT(position), P_INT(e->id),
                                   P_INT(intervention_id)),
                      error))
        return FALSE;
    } else if (!store_exec(db,
                           "INSERT INTO intervention_phase (intervention_id, position, code, name,"
                           " created_at) VALUES (?, ?, NULL, ?, ?)",
                           STORE_PARAMS(P_INT(intervention_id), P_INT(position), P_TEXT(e->name),
                                        P_TEXT(now)),
                           error)) {
      return FALSE;
    }
  }
  return TRUE;
}

/* ---- Measurement plans ---------------------------------------------------------- */

/* The SELECT list of a plan point; the callers add FROM … WHERE. */
#define PLAN_POINT_COLUMNS                                                         \
  "pp.id, pp.intervention_id, pp.kind, pp.months, pp.phase_id, ph.name AS phase_name," \
  " pp.window_days"

#define PLAN_ORDER                                                                 \
  " ORDER BY CASE pp.kind WHEN 'start' THEN 1 WHEN 'follow_up' THEN 2"             \
  " WHEN 'phase_change' THEN 3 WHEN 'end' THEN 4 ELSE 5 END, pp.months, pp.id"

json_t *
store_plan_list(StoreDb *db, gint64 actor_user_id, gint64 intervention_id, GError **error)
{
  gint64 offer_id = 0;
  if (!intervention_offer(db, actor_user_id, intervention_id, &offer_id, error))
    return NULL;
  json_t *points = store_query_rows(
    db,
    "SELECT " PLAN_POINT_COLUMNS " FROM plan_point pp"
    " LEFT JOIN intervention_phase ph ON ph.id = pp.phase_id"
    " WHERE pp.intervention_id = ?" PLAN_ORDER,
    STORE_PARAMS(P_INT(intervention_id)), error);
  if (points == NULL)
    return NULL;
  if (!store_query_nest(
        db,
        "SELECT t.plan_point_id, t.instrument_key, t.respondent,"
        " (SELECT i.name_da FROM instrument i WHERE i.key = t.instrument_key"
        " ORDER BY i.version DESC LIMIT 1) AS instrument_name_da,"
        " (SELECT i.name_en FROM instrument i WHERE i.key = t.instrument_key"
        " ORDER BY i.version DESC LIMIT 1) AS instrument_name_en "
        "FROM plan_point_task t JOIN plan_point pp ON pp.id = t.plan_point_id"
        " WHERE pp.intervention_id = ?"
        " ORDER BY t.plan_point_id, t.instrument_key, t.respondent",
        STORE_PARAMS(P_INT(intervention_id)), points, "tasks", error)) {
    json_decref(points);
    return NULL;
  }
  return points;
}

json_t *
store_plan_point_get(StoreDb *db, gint64 actor_user_id, gint64 point_id, GError **error)
{
  json_t *point = store_query_row(
    db,
    "SELECT " PLAN_POINT_COLUMNS ", i.offer_id, i.name AS intervention_name,"
    " CASE WHEN i.offer_id IN (" STORE_SQL_LED_OFFERS ") THEN 1 ELSE 0 END AS can_edit "
    "FROM plan_point pp JOIN intervention i ON i.id = pp.intervention_id"
    " LEFT JOIN intervention_phase ph ON ph.id = pp.phase_id"
    " WHERE pp.id = ? AND i.offer_id IN (" STORE_SQL_VISIBLE_OFFERS ")",
    STORE_PARAMS(P_INT(actor_user_id), P_INT(point_id), P_INT(actor_user_id)),
    "målepunktet findes ikke", error);
  if (point == NULL)
    return NULL;
  store_json_to_bool(point, "can_edit");
  json_t *tasks = store_query_rows(db,
                                   "SELECT instrument_key, respondent FROM plan_point_task"
                                   " WHERE plan_point_id = ? ORDER BY instrument_key, respondent",
                                   STORE_PARAMS(P_INT(point_id)), error);
  if (tasks == NULL) {
    json_decref(point);
    return NULL;
  }
  json_object_set_new(point, "tasks", tasks);
  return point;
}

/* Checks a plan point against the intervention before anything is written. */
static gboolean
validate_point(StoreDb *db, gint64 intervention_id, const StorePlanPointInput *in,
               GError **error)
{
  if (!store_one_of(in->kind, plan_kinds))
    return conflict(error, "ukendt slags målepunkt");
  gboolean monthly = strcmp(in->kind, "follow_up") == 0 || strcmp(in->kind, "after_end") == 0;
  if (monthly && (in->months < 1 || in->months > 120))
    return conflict(error, "antal måneder skal være mellem 1 og 120");
  if (in->window_days < 0 || in->window_days > 365)
    return conflict(error, "vinduet skal være mellem 0 og 365 dage");
  if (in->n_tasks == 0)
    return conflict(error, "målepunktet skal have mindst ét instrument");
  if (strcmp(in->kind, "phase_change") == 0 && in->phase_id != 0) {
    gint64 n = 0;
    if (!store_query_int(db,
                         "SELECT COUNT(*) FROM intervention_phase WHERE id = ?"
                         " AND intervention_id = ?",
                         STORE_PARAMS(P_INT(in->phase_id), P_INT(intervention_id)), &n, error))
      return FALSE;
    if (n == 0)
      return conflict(error, "fasen hører ikke til indsatsen");
  }
  for (gsize i = 0; i < in->n_tasks; i++) {
    const StorePlanTaskInput *t = &in->tasks[i];
    if (!store_one_of(t->respondent, respondents))
      return conflict(error, "ukendt besvarer");
    gint64 n = 0;
    if (!store_query_int(db,
                         "SELECT COUNT(*) FROM instrument WHERE key = ?"
                         " AND kind <> 'practice_assessment'",
                         STORE_PARAMS(P_TEXT(t->instrument_key)), &n, error))
      return FALSE;
    if (n == 0)
      return conflict(error, "instrumentet findes ikke");
    /* The newest version is the one the due list offers for recording. */
    if (!store_query_int(db,
                         "SELECT COUNT(*) FROM instrument i WHERE i.key = ?"
                         " AND i.version = (SELECT MAX(v.version) FROM instrument v"
                         "  WHERE v.key = i.key)"
                         " AND (NOT EXISTS (SELECT 1 FROM instrument_respondent r"
                         "   WHERE r.instrument_id = i.id)"
                         "  OR EXISTS (SELECT 1 FROM instrument_respondent r"
                         "   WHERE r.instrument_id = i.id AND r.respondent = ?))",
                         STORE_PARAMS(P_TEXT(t->instrument_key), P_TEXT(t->respondent)), &n,
                         error))
      return FALSE;
    if (n == 0)
      return conflict(error, "instrumentet kan ikke besvares af den valgte besvarer");
    for (gsize k = 0; k < i; k++)
      if (strcmp(in->tasks[k].instrument_key, t->instrument_key) == 0 &&
          strcmp(in->tasks[k].respondent, t->respondent) == 0)
        return conflict(error, "det samme instrument og den samme besvarer er valgt to gange");
  }
  return TRUE;
}

static gboolean
put_tasks(StoreDb *db, gint64 point_id, const StorePlanPointInput *in, GError **error)
{
  for (gsize i = 0; i < in->n_tasks; i++)
    if (!store_exec(db,
                    "INSERT INTO plan_point_task (plan_point_id, instrument_key, respondent)"
                    " VALUES (?, ?, ?)",
                    STORE_PARAMS(P_INT(point_id), P_TEXT(in->tasks[i].instrument_key),
                                 P_TEXT(in->tasks[i].respondent)),
                    error))
      return FALSE;
  return TRUE;
}

static StoreParam
months_param(const StorePlanPointInput *in)
{
  gboolean monthly = strcmp(in->kind, "follow_up") == 0 || strcmp(in->kind, "after_end") == 0;
  return monthly ? P_INT(in->months) : P_NULL;
}

static StoreParam
phase_param(const StorePlanPointInput *in)
{
  return strcmp(in->kind, "phase_change") == 0 ? P_ID(in->phase_id) : P_NULL;
}

gint64
store_plan_point_create(StoreDb *db, gint64 actor_user_id, gint64 intervention_id,
                        const StorePlanPointInput *in, GError **error)
{
  if (!require_led_intervention(db, actor_user_id, intervention_id, NULL, error) ||
      !validate_point(db, intervention_id, in, error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  gint64 id = store_insert(db,
                           "INSERT INTO plan_point (intervention_id, kind, months, phase_id,"
                           " window_days, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                           " RETURNING id",
                           STORE_PARAMS(P_INT(intervention_id), P_TEXT(in->kind),
                                        months_param(in), phase_param(in), P_INT(in->window_days),
                                        P_TEXT(now), P_TEXT(now)),
                           error);
  if (id == 0 || !put_tasks(db, id, in, error))
    return 0;
  return id;
}

/* The intervention of a plan point the actor leads. */
static gboolean
led_point(StoreDb *db, gint64 actor_user_id, gint64 point_id, gint64 *out_intervention,
          GError **error)
{
  GError *local = NULL;
  if (!store_query_int(db, "SELECT intervention_id FROM plan_point WHERE id = ?",
                       STORE_PARAMS(P_INT(point_id)), out_intervention, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "målepunktet findes ikke");
    }
    g_propagate_error(error, local);
    return FALSE;
  }
  return require_led_intervention(db, actor_user_id, *out_intervention, NULL, error);
}

gboolean
store_plan_point_update(StoreDb *db, gint64 actor_user_id, gint64 point_id,
                        const StorePlanPointInput *in, GError **error)
{
  gint64 intervention_id = 0;
  if (!led_point(db, actor_user_id, point_id, &intervention_id, error) ||
      !validate_point(db, intervention_id, in, error))
    return FALSE;
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec(db,
                    "UPDATE plan_point SET kind = ?, months = ?, phase_id = ?, window_days = ?,"
                    " updated_at = ? WHERE id = ?",
                    STORE_PARAMS(P_TEXT(in->kind), months_param(in), phase_param(in),
                                 P_INT(in->window_days), P_TEXT(now), P_INT(point_id)),
                    error) &&
         store_exec(db, "DELETE FROM plan_point_task WHERE plan_point_id = ?",
                    STORE_PARAMS(P_INT(point_id)), error) &&
         put_tasks(db, point_id, in, error);
}

gboolean
store_plan_point_delete(StoreDb *db, gint64 actor_user_id, gint64 point_id, GError **error)
{
  gint64 intervention_id = 0;
  return led_point(db, actor_user_id, point_id, &intervention_id, error) &&
         store_exec(db, "DELETE FROM plan_point_task WHERE plan_point_id = ?",
                    STORE_PARAMS(P_INT(point_id)), error) &&
         store_exec(db, "DELETE FROM plan_point WHERE id = ?", STORE_PARAMS(P_INT(point_id)),
                    error);
}

/* ---- Background questions per offer ------------------------------------------- */

json_t *
store_offer_questions(StoreDb *db, gint64 offer_id, GError **error)
{
  json_t *rows = store_query_rows(db,
                                  "SELECT stage, question, asked, required FROM offer_question"
                                  " WHERE offer_id = ? ORDER BY stage, question",
                                  STORE_PARAMS(P_INT(offer_id)), error);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    store_json_to_bool(row, "asked");
    store_json_to_bool(row, "required");
  }
  return rows;
}

gboolean
store_offer_question_set(StoreDb *db, gint64 actor_user_id, gint64 offer_id, const char *stage,
                         const char *question, gboolean asked, gboolean required,
                         GError **error)
{
  if (!store_one_of(stage, stages) || question == NULL || *question == '\0')
    return conflict(error, "ukendt spørgsmål");
  if (!store_offer_require_led(db, actor_user_id, offer_id, error))
    return FALSE;
  return store_exec(db,
                    "DELETE FROM offer_question WHERE offer_id = ? AND stage = ? AND question = ?",
                    STORE_PARAMS(P_INT(offer_id), P_TEXT(stage), P_TEXT(question)), error) &&
         store_exec(db,
                    "INSERT INTO offer_question (offer_id, stage, question, asked, required)"
                    " VALUES (?, ?, ?, ?, ?)",
                    STORE_PARAMS(P_INT(offer_id), P_TEXT(stage), P_TEXT(question),
                                 P_BOOL(asked), P_BOOL(asked && required)),
                    error);
}
