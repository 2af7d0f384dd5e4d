/* planning.c — the planning tools of an offer with their dates, their
 * answers to the tools' fixed questions and the rows a tool lets one add.
 * The questions themselves are the program's (domain/planning_tool.c);
 * the page checks question and section keys against them. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "store/practice_scope.h"

static const char *const tool_kinds[] = {"documentation_strategy", "data_collection_plan",
                                         "learning_meeting", "process_reflection", NULL};

#define TOOL_OFFER_SQL "SELECT offer_id FROM planning_tool WHERE id = ?"
#define TOOL_NOT_FOUND "værktøjet findes ikke"

gint64
store_planning_create(StoreDb *db, gint64 actor_user_id, gint64 offer_id, const char *kind,
                      const char *title, const char *held_on, const char **out_field,
                      GError **error)
{
  if (!practice_require_offer(db, actor_user_id, offer_id, STORE_PRACTICE_WRITE, error))
    return 0;
  if (!practice_one_of(kind, tool_kinds))
    return practice_refuse(out_field, "kind", N_("Vælg et værktøj."), error);
  if (practice_text(title) == NULL)
    return practice_refuse(out_field, "title", N_("Giv arbejdet en titel."), error);
  if (practice_text(held_on) == NULL)
    return practice_refuse(out_field, "held_on", N_("Vælg en dato."), error);
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(db,
                      "INSERT INTO planning_tool (offer_id, kind, title, held_on, created_by,"
                      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      STORE_PARAMS(P_INT(offer_id), P_TEXT(kind), P_TEXT(title),
                                   P_TEXT(held_on), P_ID(actor_user_id), P_TEXT(now),
                                   P_TEXT(now)),
                      error);
}

gboolean
store_planning_update(StoreDb *db, gint64 actor_user_id, gint64 tool_id, const char *title,
                      const char *held_on, const StorePlanningAnswer *answers, gsize n,
                      GError **error)
{
  if (!practice_require_row(db, actor_user_id, TOOL_OFFER_SQL, tool_id, STORE_PRACTICE_WRITE,
                            TOOL_NOT_FOUND, NULL, error))
    return FALSE;
  if (practice_text(title) == NULL || practice_text(held_on) == NULL)
    return practice_refuse(NULL, NULL, N_("Giv arbejdet en titel og en dato."), error);
  g_autofree char *now = spor_timestamp_now(0);
  if (!store_exec(db, "UPDATE planning_tool SET title = ?, held_on = ?, updated_at = ? WHERE id = ?",
                  STORE_PARAMS(P_TEXT(title), P_TEXT(held_on), P_TEXT(now), P_INT(tool_id)),
                  error))
    return FALSE;
  for (gsize i = 0; i < n; i++) {
    const StorePlanningAnswer *a = &answers[i];
    if (!store_exec(db,
                    "INSERT INTO planning_answer (tool_id, question_key, answer, follow_up) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (tool_id, question_key) DO UPDATE SET"
                    " answer = excluded.answer, follow_up = excluded.follow_up",
                    STORE_PARAMS(P_INT(tool_id), P_TEXT(a->question_key),
                                 P_TEXT(practice_text(a->answer)),
                                 P_TEXT(practice_text(a->follow_up))),
                    error))
      return FALSE;
  }
  return TRUE;
}

json_t *
store_planning_get(StoreDb *db, gint64 actor_user_id, gint64 tool_id, StorePracticeAccess access,
                   GError **error)
{
  if (!practice_require_row(db, actor_user_id, TOOL_OFFER_SQL, tool_id, access, TOOL_NOT_FOUND,
                            NULL, error))
    return NULL;
  json_t *tool = store_query_row(
    db,
    "SELECT t.id, t.offer_id, o.name AS offer_name, t.kind, t.title, t.held_on,"
    " u.display_name AS created_by_name, t.created_at, t.updated_at "
    "FROM planning_tool t JOIN offer o ON o.id = t.offer_id"
    " LEFT JOIN app_user u ON u.id = t.created_by WHERE t.id = ?",
    STORE_PARAMS(P_INT(tool_id)), TOOL_NOT_FOUND, error);
  if (tool == NULL)
    return NULL;
  json_t *answers = store_query_rows(db,
                                     "SELECT question_key, answer, follow_up FROM planning_answer"
                                     " WHERE tool_id = ? ORDER BY question_key",
                                     STORE_PARAMS(P_INT(tool_id)), error);
  json_t *entries = answers == NULL ? NULL
    : store_query_rows(db,
                       "SELECT id, section, position, text_a, text_b, text_c FROM planning_entry"
                       " WHERE tool_id = ? ORDER BY section, position, id",
                       STORE_PARAMS(P_INT(tool_id)), error);
  if (entries == NULL) {
    json_decref(answers);
    json_decref(tool);
    return NULL;
  }
  json_object_set_new(tool, "answers", answers);
  json_object_set_new(tool, "entries", entries);
  return tool;
}

json_t *
store_planning_list(StoreDb *db, gint64 actor_user_id, gint64 offer_id, GError **error)
{
  if (!practice_require_offer(db, actor_user_id, offer_id, STORE_PRACTICE_READ, error))
    return NULL;
  return store_query_rows(db,
                          "SELECT id, kind, title, held_on, updated_at FROM planning_tool "
                          "WHERE offer_id = ? ORDER BY held_on DESC, id DESC",
                          STORE_PARAMS(P_INT(offer_id)), error);
}

gint64
store_planning_entry_add(StoreDb *db, gint64 actor_user_id, gint64 tool_id, const char *section,
                         const char *text_a, const char *text_b, const char *text_c,
                         GError **error)
{
  gint64 position = 0;
  if (!practice_require_row(db, actor_user_id, TOOL_OFFER_SQL, tool_id, STORE_PRACTICE_WRITE,
                            TOOL_NOT_FOUND, NULL, error))
    return 0;
  if (practice_text(section) == NULL || practice_text(text_a) == NULL)
    return practice_refuse(NULL, "text_a", N_("Udfyld den første kolonne."), error);
  if (!store_query_int(db,
                       "SELECT COALESCE(MAX(position), 0) FROM planning_entry "
                       "WHERE tool_id = ? AND section = ?",
                       STORE_PARAMS(P_INT(tool_id), P_TEXT(section)), &position, error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  gint64 id = store_insert(db,
                           "INSERT INTO planning_entry (tool_id, section, position, text_a,"
                           " text_b, text_c, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           STORE_PARAMS(P_INT(tool_id), P_TEXT(section), P_INT(position + 1),
                                        P_TEXT(text_a), P_TEXT(practice_text(text_b)),
                                        P_TEXT(practice_text(text_c)), P_TEXT(now)),
                           error);
  if (id == 0 ||
      !store_exec(db, "UPDATE planning_tool SET updated_at = ? WHERE id = ?",
                  STORE_PARAMS(P_TEXT(now), P_INT(tool_id)), error))
    return 0;
  return id;
}

gboolean
store_planning_entry_delete(StoreDb *db, gint64 actor_user_id, gint64 tool_id, gint64 entry_id,
                            const char **out_field, GError **error)
{
  gint64 n = 0;
  if (!practice_require_row(db, actor_user_id, TOOL_OFFER_SQL, tool_id, STORE_PRACTICE_WRITE,
                            TOOL_NOT_FOUND, NULL, error) ||
      !store_query_int(db, "SELECT COUNT(*) FROM planning_entry WHERE id = ? AND tool_id = ?",
                       STORE_PARAMS(P_INT(entry_id), P_INT(tool_id)), &n, error))
    return FALSE;
  if (n == 0)
    return practice_refuse(out_field, "entry_id", N_("Rækken findes ikke i dette værktøj."),
                           error);
  g_autofree char *now = spor_timestamp_now(0);
  return store_exec(db, "DELETE FROM planning_entry WHERE id = ?", STORE_PARAMS(P_INT(entry_id)),
                    error) &&
         store_exec(db, "UPDATE planning_tool SET updated_at = ? WHERE id = ?",
                    STORE_PARAMS(P_TEXT(now), P_INT(tool_id)), error);
}
