/* citizen.c — citizens and their background data, scoped to the actor in
 * SQL with STORE_SQL_CITIZEN_VISIBLE (internal.h), and the authority
 * (caseworker) links. */
#include <string.h>

#include "core/clock.h"
#include "store/internal.h"

#define DEFAULT_LIMIT 200

#define NOT_VISIBLE_MSG "borgeren findes ikke"

static void
remember_visible(StoreDb *db, gint64 actor_user_id, gint64 citizen_id)
{
  if (!store_in_transaction(db))
    return;
  db->visible_actor = actor_user_id;
  db->visible_citizen = citizen_id;
}

gboolean
store_citizen_require_visible(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                              GError **error)
{
  if (citizen_id != 0 && db->visible_citizen == citizen_id &&
      db->visible_actor == actor_user_id && store_in_transaction(db))
    return TRUE;
  gint64 n = 0;
  if (!store_query_int(db,
                       "SELECT COUNT(*) FROM citizen c WHERE c.id = ? AND "
                       STORE_SQL_CITIZEN_VISIBLE,
                       STORE_PARAMS(P_INT(citizen_id), STORE_VISIBLE_PARAMS(actor_user_id)), &n,
                       error))
    return FALSE;
  if (n == 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, NOT_VISIBLE_MSG);
    return FALSE;
  }
  remember_visible(db, actor_user_id, citizen_id);
  return TRUE;
}

/* ---- Listing -------------------------------------------------------------- */

/* "%text%" for LIKE … ESCAPE '\', with the pattern characters escaped. */
static char *
like_pattern(const char *text)
{
  GString *s = g_string_new("%");
  for (const char *p = text; *p != '\0'; p++) {
    if (*p == '%' || *p == '_' || *p == '\\')
      g_string_append_c(s, '\\');
    g_string_append_c(s, *p);
  }
  g_string_append_c(s, '%');
  return g_string_free(s, FALSE);
}

/* Appends the WHERE clause shared by list and count, and its parameters.
 * The SQL text depends only on which filters are set, so there are four
 * cached statements per query, never one per search. */
static void
append_where(GString *sql, GArray *params, gint64 actor_user_id,
             const StoreCitizenFilter *filter, const char *pattern)
{
  g_string_append(sql, " WHERE " STORE_SQL_CITIZEN_VISIBLE);
  StoreParam visible[] = {STORE_VISIBLE_PARAMS(actor_user_id)};
  g_array_append_vals(params, visible, G_N_ELEMENTS(visible));
  if (filter != NULL && filter->unit_id != 0) {
    g_string_append(sql, " AND c.unit_id = ?");
    StoreParam p = P_INT(filter->unit_id);
    g_array_append_val(params, p);
  }
  if (filter != NULL && filter->cpr_hash != NULL) {
    g_string_append(sql, " AND c.cpr_hash = ?");
    StoreParam p = P_TEXT(filter->cpr_hash);
    g_array_append_val(params, p);
  }
  if (pattern != NULL) {
    g_string_append(sql, " AND LOWER(c.first_name || ' ' || c.last_name)"
                         " LIKE LOWER(?) ESCAPE '\\'");
    StoreParam p = P_TEXT(pattern);
    g_array_append_val(params, p);
  }
}

static char *
search_pattern(const StoreCitizenFilter *filter)
{
  if (filter == NULL || filter->search == NULL)
    return NULL;
  g_autofree char *trimmed = g_strstrip(g_strdup(filter->search));
  return *trimmed != '\0' ? like_pattern(trimmed) : NULL;
}

json_t *
store_citizen_list(StoreDb *db, gint64 actor_user_id, const StoreCitizenFilter *filter,
                   GError **error)
{
  g_autofree char *pattern = search_pattern(filter);
  g_autoptr(GString) sql = g_string_new(
    "SELECT c.id, c.first_name, c.last_name, c.birth_date, c.gender, c.unit_id,"
    " u.name AS unit_name, o.name AS offer_name, cp.display_name AS contact_person_name,"
    " (SELECT MAX(m.measured_on) FROM measurement m WHERE m.citizen_id = c.id)"
    " AS last_measured_on "
    "FROM citizen c JOIN unit u ON u.id = c.unit_id JOIN offer o ON o.id = u.offer_id"
    " LEFT JOIN app_user cp ON cp.id = c.contact_person_id");
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  append_where(sql, params, actor_user_id, filter, pattern);
  g_string_append(sql, " ORDER BY c.last_name, c.first_name, c.id LIMIT ? OFFSET ?");
  StoreParam page[] = {
    P_INT(filter != NULL && filter->limit > 0 ? filter->limit : DEFAULT_LIMIT),
    P_INT(filter != NULL && filter->offset > 0 ? filter->offset : 0),
  };
  g_array_append_vals(params, page, G_N_ELEMENTS(page));
  return store_query_rows(db, sql->str, (const StoreParam *)params->data, params->len, error);
}

gboolean
store_citizen_count(StoreDb *db, gint64 actor_user_id, const StoreCitizenFilter *filter,
                    gint64 *out_count, GError **error)
{
  g_autofree char *pattern = search_pattern(filter);
  g_autoptr(GString) sql = g_string_new("SELECT COUNT(*) FROM citizen c");
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  append_where(sql, params, actor_user_id, filter, pattern);
  return store_query_int(db, sql->str, (const StoreParam *)params->data, params->len, out_count,
                         error);
}

json_t *
store_citizen_get(StoreDb *db, gint64 actor_user_id, gint64 citizen_id, GError **error)
{
  json_t *citizen = store_query_row(
    db,
    "SELECT c.id, c.unit_id, u.name AS unit_name, o.id AS offer_id, o.name AS offer_name,"
    " o.organisation_id, c.first_name, c.last_name, c.birth_date, c.gender,"
    " c.referral_basis, c.diagnoses, c.education, c.occupation, c.housing,"
    " c.intervention_goals, c.medical_treatment, c.criminal_record, c.mother_tongue,"
    " c.ethnic_background, c.family_situation, c.cohabitation, c.contact_person_id,"
    " cp.display_name AS contact_person_name, c.created_at, c.updated_at "
    "FROM citizen c JOIN unit u ON u.id = c.unit_id JOIN offer o ON o.id = u.offer_id"
    " LEFT JOIN app_user cp ON cp.id = c.contact_person_id "
    "WHERE c.id = ? AND " STORE_SQL_CITIZEN_VISIBLE,
    STORE_PARAMS(P_INT(citizen_id), STORE_VISIBLE_PARAMS(actor_user_id)), NOT_VISIBLE_MSG,
    error);
  if (citizen != NULL)
    remember_visible(db, actor_user_id, citizen_id);
  return citizen;
}

gboolean
store_citizen_cpr_sealed(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                         char **out_sealed, GError **error)
{
  *out_sealed = NULL;
  json_t *row = store_query_row(db,
                                "SELECT c.cpr_sealed FROM citizen c WHERE c.id = ? AND "
                                STORE_SQL_CITIZEN_VISIBLE,
                                STORE_PARAMS(P_INT(citizen_id),
                                             STORE_VISIBLE_PARAMS(actor_user_id)),
                                NOT_VISIBLE_MSG, error);
  if (row == NULL)
    return FALSE;
  *out_sealed = g_strdup(json_string_value(json_object_get(row, "cpr_sealed")));
  json_decref(row);
  return TRUE;
}

/* ---- Writing ---------------------------------------------------------------- */

/* TRUE when user_id holds a staff or leader role whose scope contains the unit. */
static gboolean
unit_in_scope(StoreDb *db, gint64 unit_id, gint64 user_id, gboolean *out, GError **error)
{
  gint64 n = 0;
  if (!store_query_int(db,
                       "SELECT COUNT(*) FROM unit WHERE id = ? AND id IN ("
                       STORE_SQL_SCOPED_UNITS ")",
                       STORE_PARAMS(P_INT(unit_id), P_INT(user_id)), &n, error))
    return FALSE;
  *out = n > 0;
  return TRUE;
}

static gboolean
valid_gender(const char *gender)
{
  return gender == NULL || strcmp(gender, "female") == 0 || strcmp(gender, "male") == 0 ||
         strcmp(gender, "other") == 0;
}

gboolean
store_citizen_validate_fields(const StoreCitizenInput *input, GError **error)
{
  if (input->first_name == NULL || *input->first_name == '\0' || input->last_name == NULL ||
      *input->last_name == '\0') {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "borgeren skal have fornavn og efternavn");
    return FALSE;
  }
  if (!valid_gender(input->gender)) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                "ukendt køn '%s' (female, male eller other)", input->gender);
    return FALSE;
  }
  return TRUE;
}

gint64
store_citizen_create(StoreDb *db, gint64 actor_user_id, const StoreCitizenInput *input,
                     GError **error)
{
  gboolean ok = FALSE;
  if (!unit_in_scope(db, input->unit_id, actor_user_id, &ok, error))
    return 0;
  if (!ok) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND,
                        "afdelingen findes ikke, eller du kan ikke registrere borgere i den");
    return 0;
  }
  if (input->contact_person_id != 0) {
    if (!unit_in_scope(db, input->unit_id, input->contact_person_id, &ok, error))
      return 0;
    if (!ok) {
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                          "kontaktpersonen er ikke medarbejder i borgerens afdeling");
      return 0;
    }
  }
  if (!store_citizen_validate_fields(input, error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(
    db,
    "INSERT INTO citizen (unit_id, first_name, last_name, birth_date, gender, referral_basis,"
    " diagnoses, education, occupation, housing, intervention_goals, medical_treatment,"
    " criminal_record, mother_tongue, ethnic_background, family_situation, cohabitation,"
    " contact_person_id, cpr_sealed, cpr_hash, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    STORE_PARAMS(P_INT(input->unit_id), P_TEXT(input->first_name), P_TEXT(input->last_name),
                 P_TEXT(input->birth_date), P_TEXT(input->gender), P_TEXT(input->referral_basis),
                 P_TEXT(input->diagnoses), P_TEXT(input->education), P_TEXT(input->occupation),
                 P_TEXT(input->housing), P_TEXT(input->intervention_goals),
                 P_TEXT(input->medical_treatment), P_TEXT(input->criminal_record),
                 P_TEXT(input->mother_tongue), P_TEXT(input->ethnic_background),
                 P_TEXT(input->family_situation), P_TEXT(input->cohabitation),
                 P_ID(input->contact_person_id), P_TEXT(input->cpr_sealed),
                 P_TEXT(input->cpr_hash), P_TEXT(now), P_TEXT(now)),
    error);
}

gboolean
store_authority_assign(StoreDb *db, gint64 authority_user_id, gint64 citizen_id, GError **error)
{
  gint64 users = 0, citizens = 0, links = 0;
  if (!store_query_int(db, "SELECT COUNT(*) FROM app_user WHERE id = ?",
                       STORE_PARAMS(P_INT(authority_user_id)), &users, error) ||
      !store_query_int(db, "SELECT COUNT(*) FROM citizen WHERE id = ?",
                       STORE_PARAMS(P_INT(citizen_id)), &citizens, error))
    return FALSE;
  if (users == 0 || citizens == 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND,
                        users == 0 ? "brugeren findes ikke" : NOT_VISIBLE_MSG);
    return FALSE;
  }
  if (!store_query_int(db,
                       "SELECT COUNT(*) FROM authority_assignment WHERE user_id = ? "
                       "AND citizen_id = ?",
                       STORE_PARAMS(P_INT(authority_user_id), P_INT(citizen_id)), &links, error))
    return FALSE;
  if (links > 0)
    return TRUE;
  return store_exec(db, "INSERT INTO authority_assignment (user_id, citizen_id) VALUES (?, ?)",
                    STORE_PARAMS(P_INT(authority_user_id), P_INT(citizen_id)), error);
}
