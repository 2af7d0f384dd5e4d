/* diary.c — the diary (dagbog): dated entries by staff and by the
 * citizen, optionally tied to a course and a goal.  Both the care team and
 * the citizen read and write it ("Herre i egen plan"); the authority does
 * not see it. */
#include "core/clock.h"
#include "store/internal.h"

gint64
store_diary_add(StoreDb *db, gint64 actor_user_id, const StoreDiaryInput *in, GError **error)
{
  if (in->body == NULL || *in->body == '\0' || in->written_on == NULL) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "indlægget skal have en dato og en tekst");
    return 0;
  }
  StoreRelation relation = STORE_RELATION_NONE;
  if (!store_citizen_relation(db, actor_user_id, in->citizen_id, &relation, error))
    return 0;
  if (relation == STORE_RELATION_AUTHORITY) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "borgeren findes ikke");
    return 0;
  }
  gint64 n = 0;
  if (in->course_id != 0) {
    if (!store_query_int(db, "SELECT COUNT(*) FROM course WHERE id = ? AND citizen_id = ?",
                         STORE_PARAMS(P_INT(in->course_id), P_INT(in->citizen_id)), &n, error))
      return 0;
    if (n == 0) {
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                          "forløbet hører ikke til borgeren");
      return 0;
    }
  }
  if (in->goal_id != 0) {
    if (!store_query_int(db, "SELECT COUNT(*) FROM goal WHERE id = ? AND citizen_id = ?",
                         STORE_PARAMS(P_INT(in->goal_id), P_INT(in->citizen_id)), &n, error))
      return 0;
    if (n == 0) {
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT, "målet hører ikke til borgeren");
      return 0;
    }
  }
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(
    db,
    "INSERT INTO diary_entry (citizen_id, course_id, goal_id, written_on, body, author_user_id,"
    " author_kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    STORE_PARAMS(P_INT(in->citizen_id), P_ID(in->course_id), P_ID(in->goal_id),
                 P_TEXT(in->written_on), P_TEXT(in->body), P_INT(actor_user_id),
                 P_TEXT(relation == STORE_RELATION_SELF ? "citizen" : "staff"), P_TEXT(now)),
    error);
}

json_t *
store_diary_list(StoreDb *db, gint64 actor_user_id, gint64 citizen_id, gint64 course_id,
                 int limit, GError **error)
{
  StoreRelation relation = STORE_RELATION_NONE;
  if (!store_citizen_relation(db, actor_user_id, citizen_id, &relation, error))
    return NULL;
  if (relation == STORE_RELATION_AUTHORITY) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "dagbogen findes ikke");
    return NULL;
  }
#define DIARY_SELECT                                                                   \
  "SELECT d.id, d.course_id, d.goal_id, g.title AS goal_title, d.written_on, d.body,"  \
  " u.display_name AS author_name, d.author_kind, d.created_at FROM diary_entry d"     \
  " JOIN app_user u ON u.id = d.author_user_id LEFT JOIN goal g ON g.id = d.goal_id"   \
  " WHERE d.citizen_id = ?"
#define DIARY_ORDER " ORDER BY d.written_on DESC, d.id DESC LIMIT ?"
  gint64 n = limit > 0 ? limit : 200;
  if (course_id != 0)
    return store_query_rows(db, DIARY_SELECT " AND d.course_id = ?" DIARY_ORDER,
                            STORE_PARAMS(P_INT(citizen_id), P_INT(course_id), P_INT(n)), error);
  return store_query_rows(db, DIARY_SELECT DIARY_ORDER, STORE_PARAMS(P_INT(citizen_id), P_INT(n)),
                          error);
#undef DIARY_SELECT
#undef DIARY_ORDER
}
