/* journey.c — citizen journeys: a timeline of weeks with a lane each for
 * the citizen, the offer, the authority, others and the documentation, and
 * the entries in its cells.  Which kinds of entry a lane holds is fixed
 * here (store_journey_lane_kinds), so the citizen's lane holds strengths,
 * weaknesses and what needs attention, and the documentation lane the
 * points where documentation is collected or used. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "store/practice_scope.h"

static const char *const journey_kinds[] = {"concrete", "generalised", "fictitious", NULL};
static const char *const citizen_kinds[] = {"activity", "strength", "weakness", "attention", NULL};
static const char *const actor_kinds[] = {"activity", "assessment", NULL};
static const char *const documentation_kinds[] = {"collect", "use", NULL};

#define JOURNEY_OFFER_SQL "SELECT offer_id FROM citizen_journey WHERE id = ?"
#define JOURNEY_NOT_FOUND "borgerrejsen findes ikke"
#define JOURNEY_MAX_WEEKS 104

const char *const *
store_journey_lane_kinds(const char *lane)
{
  if (lane == NULL)
    return NULL;
  if (strcmp(lane, "citizen") == 0)
    return citizen_kinds;
  if (strcmp(lane, "offer") == 0 || strcmp(lane, "authority") == 0 ||
      strcmp(lane, "others") == 0)
    return actor_kinds;
  if (strcmp(lane, "documentation") == 0)
    return documentation_kinds;
  return NULL;
}

static gboolean
journey_validate(const StoreJourneyInput *in, const char **out_field, GError **error)
{
  if (practice_text(in->title) == NULL)
    return practice_refuse(out_field, "title", N_("Giv borgerrejsen en titel."), error);
  if (!practice_one_of(in->kind, journey_kinds))
    return practice_refuse(out_field, "kind", N_("Vælg hvilket slags forløb, rejsen beskriver."),
                           error);
  if (in->weeks < 1 || in->weeks > JOURNEY_MAX_WEEKS)
    return practice_refuse(out_field, "weeks", N_("Antallet af uger skal være mellem 1 og 104."),
                           error);
  return TRUE;
}

gint64
store_journey_create(StoreDb *db, gint64 actor_user_id, const StoreJourneyInput *in,
                     const char **out_field, GError **error)
{
  if (!practice_require_offer(db, actor_user_id, in->offer_id, STORE_PRACTICE_WRITE, error) ||
      !journey_validate(in, out_field, error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(db,
                      "INSERT INTO citizen_journey (offer_id, title, kind, description, weeks,"
                      " others_label, created_by, created_at, updated_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      STORE_PARAMS(P_INT(in->offer_id), P_TEXT(in->title), P_TEXT(in->kind),
                                   P_TEXT(practice_text(in->description)), P_INT(in->weeks),
                                   P_TEXT(practice_text(in->others_label)), P_ID(actor_user_id),
                                   P_TEXT(now), P_TEXT(now)),
                      error);
}

gboolean
store_journey_update(StoreDb *db, gint64 actor_user_id, gint64 journey_id,
                     const StoreJourneyInput *in, const char **out_field, GError **error)
{
  gint64 last_week = 0;
  if (!practice_require_row(db, actor_user_id, JOURNEY_OFFER_SQL, journey_id,
                            STORE_PRACTICE_WRITE, JOURNEY_NOT_FOUND, NULL, error) ||
      !journey_validate(in, out_field, error) ||
      !store_query_int(db, "SELECT COALESCE(MAX(week), 0) FROM journey_entry WHERE journey_id = ?",
                       STORE_PARAMS(P_INT(journey_id)), &last_week, error))
    return FALSE;
  if (in->weeks < last_week)
    return practice_refuse(out_field, "weeks",
                           N_("Der er noter i de sidste uger af rejsen: vælg så mange uger, at de "
                              "er med, eller slet dem først."),
                           error);
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec(db,
                    "UPDATE citizen_journey SET title = ?, kind = ?, description = ?, weeks = ?,"
                    " others_label = ?, updated_at = ? WHERE id = ?",
                    STORE_PARAMS(P_TEXT(in->title), P_TEXT(in->kind),
                                 P_TEXT(practice_text(in->description)), P_INT(in->weeks),
                                 P_TEXT(practice_text(in->others_label)), P_TEXT(now),
                                 P_INT(journey_id)),
                    error);
}

json_t *
store_journey_get(StoreDb *db, gint64 actor_user_id, gint64 journey_id,
                  StorePracticeAccess access, GError **error)
{
  if (!practice_require_row(db, actor_user_id, JOURNEY_OFFER_SQL, journey_id, access,
                            JOURNEY_NOT_FOUND, NULL, error))
    return NULL;
  json_t *journey = store_query_row(
    db,
    "SELECT j.id, j.offer_id, o.name AS offer_name, j.title, j.kind, j.description, j.weeks,"
    " j.others_label, j.created_at, j.updated_at "
    "FROM citizen_journey j JOIN offer o ON o.id = j.offer_id WHERE j.id = ?",
    STORE_PARAMS(P_INT(journey_id)), JOURNEY_NOT_FOUND, error);
  if (journey == NULL)
    return NULL;
  json_t *entries = store_query_rows(db,
                                     "SELECT id, week, lane, kind, text, position "
                                     "FROM journey_entry WHERE journey_id = ? "
                                     "ORDER BY week, position, id",
                                     STORE_PARAMS(P_INT(journey_id)), error);
  if (entries == NULL) {
    json_decref(journey);
    return NULL;
  }
  json_object_set_new(journey, "entries", entries);
  return journey;
}

json_t *
store_journey_list(StoreDb *db, gint64 actor_user_id, gint64 offer_id, GError **error)
{
  if (!practice_require_offer(db, actor_user_id, offer_id, STORE_PRACTICE_READ, error))
    return NULL;
  return store_query_rows(db,
                          "SELECT j.id, j.title, j.kind, j.weeks, j.updated_at,"
                          " (SELECT COUNT(*) FROM journey_entry e WHERE e.journey_id = j.id)"
                          " AS entries "
                          "FROM citizen_journey j WHERE j.offer_id = ? ORDER BY j.title, j.id",
                          STORE_PARAMS(P_INT(offer_id)), error);
}

gint64
store_journey_entry_add(StoreDb *db, gint64 actor_user_id, gint64 journey_id, gint64 week,
                        const char *lane, const char *kind, const char *text,
                        const char **out_field, GError **error)
{
  gint64 weeks = 0, position = 0;
  if (!practice_require_row(db, actor_user_id, JOURNEY_OFFER_SQL, journey_id,
                            STORE_PRACTICE_WRITE, JOURNEY_NOT_FOUND, NULL, error) ||
      !store_query_int(db, "SELECT weeks FROM citizen_journey WHERE id = ?",
                       STORE_PARAMS(P_INT(journey_id)), &weeks, error))
    return 0;
  if (week < 1 || week > weeks)
    return practice_refuse(out_field, "week", N_("Vælg en af rejsens uger."), error);
  const char *const *kinds = store_journey_lane_kinds(lane);
  if (kinds == NULL)
    return practice_refuse(out_field, "lane", N_("Vælg en række."), error);
  if (!practice_one_of(kind, kinds))
    return practice_refuse(out_field, "kind", N_("Den slags note hører ikke til i den række."),
                           error);
  if (practice_text(text) == NULL)
    return practice_refuse(out_field, "text", N_("Skriv noten."), error);
  if (!store_query_int(db,
                       "SELECT COALESCE(MAX(position), 0) FROM journey_entry "
                       "WHERE journey_id = ? AND week = ? AND lane = ?",
                       STORE_PARAMS(P_INT(journey_id), P_INT(week), P_TEXT(lane)), &position,
                       error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  gint64 id = store_insert(db,
                           "INSERT INTO journey_entry (journey_id, week, lane, kind, text,"
                           " position, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           STORE_PARAMS(P_INT(journey_id), P_INT(week), P_TEXT(lane),
                                        P_TEXT(kind), P_TEXT(text), P_INT(position + 1),
                                        P_TEXT(now)),
                           error);
  if (id == 0 ||
      !store_exec(db, "UPDATE citizen_journey SET updated_at = ? WHERE id = ?",
                  STORE_PARAMS(P_TEXT(now), P_INT(journey_id)), error))
    return 0;
  return id;
}

gboolean
store_journey_entry_delete(StoreDb *db, gint64 actor_user_id, gint64 journey_id, gint64 entry_id,
                           const char **out_field, GError **error)
{
  gint64 n = 0;
  if (!practice_require_row(db, actor_user_id, JOURNEY_OFFER_SQL, journey_id,
                            STORE_PRACTICE_WRITE, JOURNEY_NOT_FOUND, NULL, error) ||
      !store_query_int(db, "SELECT COUNT(*) FROM journey_entry WHERE id = ? AND journey_id = ?",
                       STORE_PARAMS(P_INT(entry_id), P_INT(journey_id)), &n, error))
    return FALSE;
  if (n == 0)
    return practice_refuse(out_field, "entry_id", N_("Noten findes ikke på denne borgerrejse."),
                           error);
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec(db, "DELETE FROM journey_entry WHERE id = ?", STORE_PARAMS(P_INT(entry_id)),
                    error) &&
         store_exec(db, "UPDATE citizen_journey SET updated_at = ? WHERE id = ?",
                    STORE_PARAMS(P_TEXT(now), P_INT(journey_id)), error);
}
