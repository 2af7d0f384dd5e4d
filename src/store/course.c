/* course.c — interventions (indsatser) of an offer and citizens' courses
 * (forløb) in them. */
#include <string.h>

#include "core/clock.h"
#include "store/internal.h"

gint64
store_intervention_create(StoreDb *db, gint64 offer_id, const char *name,
                          const char *description, GError **error)
{
  if (name == NULL || *name == '\0') {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT, "indsatsen skal have et navn");
    return 0;
  }
  gint64 n = 0;
  if (!store_query_int(db, "SELECT COUNT(*) FROM offer WHERE id = ?",
                       STORE_PARAMS(P_INT(offer_id)), &n, error))
    return 0;
  if (n == 0) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND,
                "tilbud %" G_GINT64_FORMAT " findes ikke", offer_id);
    return 0;
  }
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(db,
                      "INSERT INTO intervention (offer_id, name, description, created_at) "
                      "VALUES (?, ?, ?, ?) RETURNING id",
                      STORE_PARAMS(P_INT(offer_id), P_TEXT(name), P_TEXT(description),
                                   P_TEXT(now)),
                      error);
}

json_t *
store_intervention_list(StoreDb *db, gint64 offer_id, GError **error)
{
  return store_query_rows(db,
                          "SELECT id, name, description FROM intervention WHERE offer_id = ? "
                          "ORDER BY name, id",
                          STORE_PARAMS(P_INT(offer_id)), error);
}

static gboolean
valid_phase(const char *phase)
{
  return phase == NULL || strcmp(phase, "stabilisation") == 0 ||
         strcmp(phase, "primary_intervention") == 0 || strcmp(phase, "aftercare") == 0;
}

gboolean
store_course_validate_fields(const StoreCourseInput *input, GError **error)
{
  if (input->started_on == NULL || *input->started_on == '\0' || !valid_phase(input->phase)) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "forløbet skal have en startdato og en gyldig fase");
    return FALSE;
  }
  return TRUE;
}

gint64
store_course_create(StoreDb *db, const StoreCourseInput *input, GError **error)
{
  if (!store_course_validate_fields(input, error))
    return 0;
  /* 1 when the intervention is one of the citizen's offer, 0 when not,
   * no row when there is no such citizen. */
  gint64 same_offer = 0;
  GError *local = NULL;
  if (!store_query_int(db,
                       "SELECT COUNT(i.id) FROM citizen c JOIN unit u ON u.id = c.unit_id"
                       " LEFT JOIN intervention i ON i.offer_id = u.offer_id AND i.id = ? "
                       "WHERE c.id = ? GROUP BY c.id",
                       STORE_PARAMS(P_INT(input->intervention_id), P_INT(input->citizen_id)),
                       &same_offer, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "borgeren findes ikke");
    }
    g_propagate_error(error, local);
    return 0;
  }
  if (same_offer == 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "indsatsen hører ikke til borgerens tilbud");
    return 0;
  }
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(db,
                      "INSERT INTO course (citizen_id, intervention_id, started_on, ended_on,"
                      " phase, end_reason, discharged_to, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      STORE_PARAMS(P_INT(input->citizen_id), P_INT(input->intervention_id),
                                   P_TEXT(input->started_on), P_TEXT(input->ended_on),
                                   P_TEXT(input->phase), P_TEXT(input->end_reason),
                                   P_TEXT(input->discharged_to), P_TEXT(now)),
                      error);
}

json_t *
store_course_list(StoreDb *db, gint64 actor_user_id, gint64 citizen_id, GError **error)
{
  if (!store_citizen_require_visible(db, actor_user_id, citizen_id, error))
    return NULL;
  return store_query_rows(db,
                          "SELECT k.id, k.intervention_id, i.name AS intervention_name,"
                          " k.started_on, k.ended_on, k.phase, k.end_reason, k.discharged_to "
                          "FROM course k JOIN intervention i ON i.id = k.intervention_id "
                          "WHERE k.citizen_id = ? ORDER BY k.started_on DESC, k.id DESC",
                          STORE_PARAMS(P_INT(citizen_id)), error);
}
