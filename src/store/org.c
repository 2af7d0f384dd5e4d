/* org.c — the organisation tree (organisation → offer → unit) and the
 * units an actor may register citizens in. */
#include <string.h>

#include "core/clock.h"
#include "store/internal.h"

static gboolean
require_text(const char *value, const char *what, GError **error)
{
  if (value != NULL && *value != '\0')
    return TRUE;
  g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT, "%s mangler", what);
  return FALSE;
}

gint64
store_organisation_create(StoreDb *db, const char *name, const char *kind, GError **error)
{
  if (!require_text(name, "organisationens navn", error))
    return 0;
  if (kind == NULL || (strcmp(kind, "municipality") != 0 && strcmp(kind, "region") != 0 &&
                       strcmp(kind, "private") != 0)) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                "ukendt organisationstype '%s' (municipality, region eller private)",
                kind ? kind : "");
    return 0;
  }
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(db,
                      "INSERT INTO organisation (name, kind, created_at) VALUES (?, ?, ?) "
                      "RETURNING id",
                      STORE_PARAMS(P_TEXT(name), P_TEXT(kind), P_TEXT(now)), error);
}

gint64
store_offer_create(StoreDb *db, gint64 organisation_id, const char *name, const char *kind,
                   GError **error)
{
  if (!require_text(name, "tilbuddets navn", error) ||
      !require_text(kind, "tilbuddets type", error))
    return 0;
  gint64 n = 0;
  if (!store_query_int(db, "SELECT COUNT(*) FROM organisation WHERE id = ?",
                       STORE_PARAMS(P_INT(organisation_id)), &n, error))
    return 0;
  if (n == 0) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND,
                "organisation %" G_GINT64_FORMAT " findes ikke", organisation_id);
    return 0;
  }
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(db,
                      "INSERT INTO offer (organisation_id, name, kind, created_at) "
                      "VALUES (?, ?, ?, ?) RETURNING id",
                      STORE_PARAMS(P_INT(organisation_id), P_TEXT(name), P_TEXT(kind),
                                   P_TEXT(now)),
                      error);
}

gint64
store_unit_create(StoreDb *db, gint64 offer_id, const char *name, GError **error)
{
  if (!require_text(name, "afdelingens navn", error))
    return 0;
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
                      "INSERT INTO unit (offer_id, name, created_at) VALUES (?, ?, ?) "
                      "RETURNING id",
                      STORE_PARAMS(P_INT(offer_id), P_TEXT(name), P_TEXT(now)), error);
}

json_t *
store_org_tree(StoreDb *db, GError **error)
{
  /* Three queries, nested in C: children are grouped by parent id. */
  json_t *orgs = store_query_rows(db,
                                  "SELECT id, name, kind FROM organisation ORDER BY name, id",
                                  STORE_NO_PARAMS, error);
  if (orgs == NULL)
    return NULL;
  json_t *offers = store_query_rows(db,
                                    "SELECT id, organisation_id, name, kind FROM offer "
                                    "ORDER BY organisation_id, name, id",
                                    STORE_NO_PARAMS, error);
  json_t *units = offers ? store_query_rows(db,
                                            "SELECT id, offer_id, name FROM unit "
                                            "ORDER BY offer_id, name, id",
                                            STORE_NO_PARAMS, error)
                         : NULL;
  if (units == NULL) {
    json_decref(orgs);
    json_decref(offers);
    return NULL;
  }
  GHashTable *units_by_offer = store_group_rows(units, "offer_id");
  size_t i;
  json_t *row;
  json_array_foreach(offers, i, row) {
    gint64 id = json_integer_value(json_object_get(row, "id"));
    json_object_set_new(row, "units", store_group_take(units_by_offer, id));
  }
  GHashTable *offers_by_org = store_group_rows(offers, "organisation_id");
  json_array_foreach(orgs, i, row) {
    gint64 id = json_integer_value(json_object_get(row, "id"));
    json_object_set_new(row, "offers", store_group_take(offers_by_org, id));
  }
  g_hash_table_unref(units_by_offer);
  g_hash_table_unref(offers_by_org);
  json_decref(units);
  json_decref(offers);
  return orgs;
}

json_t *
store_unit_list_writable(StoreDb *db, gint64 actor_user_id, GError **error)
{
  return store_query_rows(db,
                          "SELECT u.id, u.name, o.id AS offer_id, o.name AS offer_name "
                          "FROM unit u JOIN offer o ON o.id = u.offer_id "
                          "WHERE u.id IN (" STORE_SQL_SCOPED_UNITS ") "
                          "ORDER BY u.name, o.name, u.id",
                          STORE_PARAMS(P_INT(actor_user_id)), error);
}
