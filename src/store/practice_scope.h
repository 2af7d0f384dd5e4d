/* practice_scope.h — private to src/store: the offer scoping and the
 * refusals shared by the practice-development files (practice.c,
 * theory.c, journey.c, planning.c).  See store/practice.h. */
#pragma once

#include "store/internal.h"
#include "store/practice.h"

/* Offers whose practice development the user `?` reaches through a role
 * in roles (an SQL list of quoted role names): one in the offer's
 * organisation, and in the offer itself when the role names one (a unit
 * role names its offer too).  One parameter: the user id. */
#define STORE_SQL_PRACTICE_OFFERS(roles)                                         \
  "SELECT po.id FROM offer po JOIN role_assignment pra"                          \
  " ON pra.organisation_id = po.organisation_id"                                 \
  " AND (pra.offer_id IS NULL OR pra.offer_id = po.id)"                          \
  " WHERE pra.user_id = ? AND pra.role IN (" roles ")"
#define STORE_PRACTICE_READ_ROLES "'staff', 'leader'"
#define STORE_PRACTICE_WRITE_ROLES "'leader'"

/* NOT_FOUND unless the offer exists and the actor reaches it with access. */
gboolean practice_require_offer(StoreDb *db, gint64 actor_user_id, gint64 offer_id,
                                StorePracticeAccess access, GError **error);
/* The offer of one row: sql selects the row's offer id by one id
 * parameter; NOT_FOUND (with not_found) when there is no row or the actor
 * does not reach its offer with access.  *out_offer_id may be NULL. */
gboolean practice_require_row(StoreDb *db, gint64 actor_user_id, const char *sql, gint64 id,
                              StorePracticeAccess access, const char *not_found,
                              gint64 *out_offer_id, GError **error);
/* Sets a CONFLICT refusal with msgid as its message and field in
 * *out_field (may be NULL); always FALSE. */
gboolean practice_refuse(const char **out_field, const char *field, const char *msgid,
                         GError **error);
/* TRUE when value is one of the NULL-terminated allowed. */
gboolean practice_one_of(const char *value, const char *const *allowed);
/* text, or NULL when it is NULL or empty. */
const char *practice_text(const char *text);
/* Whether the intervention (0: none) belongs to the offer; FALSE with
 * error only when the store failed. */
gboolean practice_intervention_ok(StoreDb *db, gint64 offer_id, gint64 intervention_id,
                                  gboolean *out_ok, GError **error);
