/* reports.c — the rows behind the reports of an offer, or across the
 * offers an analyst covers (domain/reports.h does the counting, the
 * statistics and the small-cell suppression).
 *
 * Reach: a report covers the offers the actor leads (a leader role over
 * the whole offer) or covers as an analyst (an organisation or an offer).
 * Only an offer the actor leads may be picked on its own, or one of its
 * interventions; an analyst sees every offer in reach together, so that
 * the figures never describe one offer's citizens alone.
 *
 * Period: a course belongs to a report when it was under way in the
 * period (started on or before its end, not ended before its start); its
 * measurements count up to the end of the period.
 *
 * The answers come through a callback, never as JSON: an offer report
 * reads tens of thousands of them and must stay well under 50 ms. */
#include <math.h>
#include <string.h>

#include "store/internal.h"

/* Offers in the actor's reach for reports.  One parameter: the actor. */
#define SQL_REPORT_OFFERS                                              \
  "SELECT ro.id FROM role_assignment rra"                              \
  " JOIN offer ro ON ro.organisation_id = rra.organisation_id"         \
  " AND (rra.offer_id IS NULL OR rra.offer_id = ro.id)"                \
  " WHERE rra.user_id = ? AND rra.unit_id IS NULL"                     \
  " AND rra.role IN ('leader', 'analyst')"

/* The subgroup fields, each a column of citizen or the course's answer
 * spelt out here, so that no name from a request ever reaches the SQL
 * text. */
#define COURSE_ANSWER(question)                                                  \
  "(SELECT ba.answer FROM course_answer ba WHERE ba.course_id = k.id"            \
  " AND ba.stage = 'end' AND ba.question = '" question "'"                       \
  " ORDER BY ba.answered_on DESC, ba.id DESC LIMIT 1)"

static const char *
background_column(const char *name)
{
  static const char *const columns[][2] = {
    {"gender", "c.gender"},
    {"referral_basis", "c.referral_basis"},
    {"education", "c.education"},
    {"occupation", "c.occupation"},
    {"housing", "c.housing"},
    {"family_situation", "c.family_situation"},
    {"cohabitation", "c.cohabitation"},
    {"mother_tongue", "c.mother_tongue"},
    {"diagnoses", "c.diagnoses"},
    {"medical_treatment", "c.medical_treatment"},
    {"criminal_record", "c.criminal_record"},
    {"ethnic_background", "c.ethnic_background"},
    /* The course's answers at its end (040_courses.sql), the latest. */
    {"end_reason", COURSE_ANSWER("end_reason")},
    {"discharged_to", COURSE_ANSWER("discharged_to")},
    {"medical_treatment_end", COURSE_ANSWER("medical_treatment")},
    {"cohabitation_end", COURSE_ANSWER("cohabitation")},
    /* Where the citizen is and who is their contact person. */
    {"offer", "(SELECT bo.name FROM offer bo WHERE bo.id = i.offer_id)"},
    {"unit", "(SELECT bu.name FROM unit bu WHERE bu.id = c.unit_id)"},
    {"worker", "(SELECT bw.display_name FROM app_user bw WHERE bw.id = c.contact_person_id)"},
  };
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS(columns); i++)
    if (strcmp(name, columns[i][0]) == 0)
      return columns[i][1];
  return NULL;
}

gboolean
store_reports_background_valid(const char *name)
{
  return background_column(name) != NULL;
}

json_t *
store_reports_offers(StoreDb *db, gint64 actor, GError **error)
{
  json_t *rows = store_query_rows(
    db,
    "SELECT o.id, o.name, o.organisation_id, g.name AS organisation_name,"
    " CASE WHEN o.id IN (" STORE_SQL_LED_OFFERS ") THEN 1 ELSE 0 END AS led"
    " FROM offer o JOIN organisation g ON g.id = o.organisation_id"
    " WHERE o.id IN (" SQL_REPORT_OFFERS ") ORDER BY g.name, o.name, o.id",
    STORE_PARAMS(P_INT(actor), P_INT(actor)), error);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) store_json_to_bool(row, "led");
  return rows;
}

json_t *
store_reports_interventions(StoreDb *db, gint64 actor, GError **error)
{
  return store_query_rows(
    db,
    "SELECT i.id, i.name, i.offer_id, o.name AS offer_name, i.target_group,"
    " i.inclusion_criteria, i.exclusion_criteria"
    " FROM intervention i JOIN offer o ON o.id = i.offer_id"
    " WHERE i.offer_id IN (" STORE_SQL_LED_OFFERS ") ORDER BY o.name, i.name, i.id",
    STORE_PARAMS(P_INT(actor)), error);
}

json_t *
store_reports_units(StoreDb *db, gint64 actor, GError **error)
{
  return store_query_rows(
    db,
    "SELECT u.id, u.name, u.offer_id, o.name AS offer_name"
    " FROM unit u JOIN offer o ON o.id = u.offer_id"
    " WHERE u.offer_id IN (" STORE_SQL_LED_OFFERS ") ORDER BY o.name, u.name, u.id",
    STORE_PARAMS(P_INT(actor)), error);
}

gboolean
store_reports_check_scope(StoreDb *db, const StoreReportsScope *s, GError **error)
{
  gint64 n = 0;
  if (s->offer_id != 0) {
    if (!store_query_int(db,
                         "SELECT COUNT(*) FROM offer o WHERE o.id = ?"
                         " AND o.id IN (" STORE_SQL_LED_OFFERS ")",
                         STORE_PARAMS(P_INT(s->offer_id), P_INT(s->actor)), &n, error))
      return FALSE;
    if (n == 0) {
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "Tilbuddet findes ikke.");
      return FALSE;
    }
  }
  if (s->intervention_id != 0) {
    if (!store_query_int(db,
                         "SELECT COUNT(*) FROM intervention i WHERE i.id = ?"
                         " AND i.offer_id IN (" STORE_SQL_LED_OFFERS ")",
                         STORE_PARAMS(P_INT(s->intervention_id), P_INT(s->actor)), &n, error))
      return FALSE;
    if (n == 0) {
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "Indsatsen findes ikke.");
      return FALSE;
    }
  }
  if (s->unit_id != 0) {
    if (!store_query_int(db,
                         "SELECT COUNT(*) FROM unit u WHERE u.id = ?"
                         " AND u.offer_id IN (" STORE_SQL_LED_OFFERS ")",
                         STORE_PARAMS(P_INT(s->unit_id), P_INT(s->actor)), &n, error))
      return FALSE;
    if (n == 0) {
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "Afdelingen findes ikke.");
      return FALSE;
    }
  }
  return TRUE;
}

/* The courses of the scope: " FROM course k … WHERE …" with its
 * parameters appended. */
static void
append_scope(GString *sql, GArray *params, const StoreReportsScope *s, gboolean citizen)
{
  g_string_append(sql, " FROM course k");
  if (citizen)
    g_string_append(sql, " JOIN citizen c ON c.id = k.citizen_id");
  g_string_append(sql,
                  " JOIN intervention i ON i.id = k.intervention_id"
                  " WHERE i.offer_id IN (" SQL_REPORT_OFFERS ")"
                  " AND k.started_on <= ? AND (k.ended_on IS NULL OR k.ended_on >= ?)");
  StoreParam p[3] = {P_INT(s->actor), P_TEXT(s->to), P_TEXT(s->from)};
  g_array_append_vals(params, p, 3);
  if (s->offer_id != 0) {
    g_string_append(sql, " AND i.offer_id = ?");
    StoreParam q = P_INT(s->offer_id);
    g_array_append_val(params, q);
  }
  if (s->intervention_id != 0) {
    g_string_append(sql, " AND k.intervention_id = ?");
    StoreParam q = P_INT(s->intervention_id);
    g_array_append_val(params, q);
  }
  if (s->unit_id != 0) {
    g_string_append(sql,
                    " AND k.citizen_id IN (SELECT uc.id FROM citizen uc WHERE uc.unit_id = ?)");
    StoreParam q = P_INT(s->unit_id);
    g_array_append_val(params, q);
  }
}

void
store_reports_scope_sql(GString *sql, GArray *params, const StoreReportsScope *s,
                        gboolean citizen)
{
  append_scope(sql, params, s, citizen);
}

json_t *
store_reports_courses(StoreDb *db, const StoreReportsScope *s, GError **error)
{
  const char *grp = background_column(s->background);
  g_autoptr(GString) sql = g_string_new(NULL);
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  g_string_append_printf(sql,
                         "SELECT k.id AS course_id, k.citizen_id, k.intervention_id,"
                         " i.name AS intervention, i.offer_id, c.gender, c.birth_date,"
                         " k.started_on, k.ended_on, %s AS grp",
                         grp != NULL ? grp : "NULL");
  append_scope(sql, params, s, TRUE);
  g_string_append(sql, " ORDER BY k.id");
  return store_query_rows(db, sql->str, (const StoreParam *)params->data, params->len, error);
}

json_t *
store_reports_items(StoreDb *db, const char *instrument_key, GError **error)
{
  return store_query_rows(db,
                          "SELECT it.id, it.key FROM instrument_item it"
                          " JOIN instrument ins ON ins.id = it.instrument_id WHERE ins.key = ?"
                          " ORDER BY it.id",
                          STORE_PARAMS(P_TEXT(instrument_key)), error);
}

/* The scope's approved measurements of the instrument up to the end of
 * the period, as " FROM … WHERE …" with its parameters appended; with
 * the answers joined when answers is TRUE.  Each course's measurements
 * are a range of the covering index measurement_course_latest (course,
 * …, respondent, point), their answers a range of
 * measurement_answer_value: no row is read.  "m.instrument_id + 0" and
 * "m.status || ''" keep SQLite's planner, which has no statistics, from
 * starting at every approved measurement of the installation
 * (measurement_status) or of the instrument instead of at the offer's
 * courses; both mean the same on PostgreSQL. */
static void
append_measurements(GString *sql, GArray *params, const StoreReportsScope *s,
                    const char *instrument_key, gboolean answers)
{
  g_autoptr(GString) scope = g_string_new(NULL);
  append_scope(scope, params, s, FALSE);
  /* " FROM course k JOIN … WHERE …": the joins go before the WHERE. */
  const char *where = strstr(scope->str, " WHERE ");
  g_string_append_len(sql, scope->str, where - scope->str);
  g_string_append(sql,
                  " JOIN measurement m ON m.course_id = k.id"
                  " JOIN instrument ins ON ins.id = m.instrument_id + 0");
  if (answers)
    g_string_append(sql, " JOIN measurement_answer a ON a.measurement_id = m.id");
  g_string_append(sql, where);
  g_string_append(sql, " AND ins.key = ? AND m.status || '' = 'approved' AND m.measured_on <= ?");
  StoreParam tail[2] = {P_TEXT(instrument_key), P_TEXT(s->to)};
  g_array_append_vals(params, tail, 2);
}

gboolean
store_reports_answers(StoreDb *db, const StoreReportsScope *s, const char *instrument_key,
                      StoreReportsMeasurementFunc measurement_fn,
                      StoreReportsAnswerFunc answer_fn, void *data, GError **error)
{
  /* Two passes over the same measurements, driven by the scope's courses
   * (course_intervention): first the measurements, then their answers,
   * three numbers a row instead of the measurement's text repeated on
   * each of its answers. */
  g_autoptr(GString) sql = g_string_new("SELECT m.id, m.course_id, m.point, m.measured_on,"
                                        " m.respondent");
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  append_measurements(sql, params, s, instrument_key, FALSE);
  StoreStmt *stmt = store_stmt_open(db, sql->str, (const StoreParam *)params->data, params->len,
                                    error);
  if (stmt == NULL)
    return FALSE;
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    StoreReportsMeasurement m = {
      .id = store_col_int(db, stmt, 0),
      .course_id = store_col_int(db, stmt, 1),
      .point = store_col_text(db, stmt, 2),
      .measured_on = store_col_text(db, stmt, 3),
      .respondent = store_col_text(db, stmt, 4),
    };
    measurement_fn(&m, data);
  }
  store_stmt_done(db, stmt);
  if (step != STORE_STEP_DONE)
    return FALSE;

  g_string_assign(sql, "SELECT m.id, a.item_id, a.value");
  g_array_set_size(params, 0);
  append_measurements(sql, params, s, instrument_key, TRUE);
  stmt = store_stmt_open(db, sql->str, (const StoreParam *)params->data, params->len, error);
  if (stmt == NULL)
    return FALSE;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    StoreReportsAnswer a = {
      .measurement_id = store_col_int(db, stmt, 0),
      .item_id = store_col_int(db, stmt, 1),
      .value = store_col_is_null(db, stmt, 2) ? NAN : (double)store_col_int(db, stmt, 2),
    };
    answer_fn(&a, data);
  }
  store_stmt_done(db, stmt);
  return step == STORE_STEP_DONE;
}

/* The newest version of every instrument: [{key, name_da, name_en, kind}]. */
json_t *
store_reports_instruments(StoreDb *db, GError **error)
{
  return store_query_rows(db,
                          "SELECT i.key, i.name_da, i.name_en, i.kind FROM instrument i"
                          " WHERE i.version = (SELECT MAX(v.version) FROM instrument v"
                          " WHERE v.key = i.key) ORDER BY i.name_da, i.key",
                          STORE_NO_PARAMS, error);
}

json_t *
store_reports_goals(StoreDb *db, const StoreReportsScope *s, const char *instrument_key,
                    GError **error)
{
  g_autoptr(GString) sql = g_string_new(
    "SELECT g.course_id, g.goal_type, g.item_key, g.baseline, g.target_score"
    " FROM goal g WHERE g.kind = 'scale' AND g.status <> 'cancelled'"
    " AND g.instrument_key = ? AND g.course_id IN (SELECT k.id");
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  StoreParam key = P_TEXT(instrument_key);
  g_array_append_val(params, key);
  append_scope(sql, params, s, FALSE);
  g_string_append(sql, ") ORDER BY g.course_id, g.id");
  return store_query_rows(db, sql->str, (const StoreParam *)params->data, params->len, error);
}
