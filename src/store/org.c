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
  /* Three queries, nested in C. */
  json_t *orgs = store_query_rows(db,
                                  "SELECT id, name, kind FROM organisation ORDER BY name, id",
                                  STORE_NO_PARAMS, error);
  if (orgs == NULL)
    return NULL;
  if (!store_query_nest(db,
                        "SELECT organisation_id, id, name, kind FROM offer "
                        "ORDER BY organisation_id, name, id",
                        STORE_NO_PARAMS, orgs, "offers", error)) {
    json_decref(orgs);
    return NULL;
  }
  /* Every offer, borrowed from the tree, to hang the units on. */
  json_t *offers = json_array();
  size_t i, k;
  json_t *org, *offer;
  json_array_foreach(orgs, i, org) {
    json_array_foreach(json_object_get(org, "offers"), k, offer)
      json_array_append(offers, offer);
  }
  gboolean ok = store_query_nest(db,
                                 "SELECT offer_id, id, name FROM unit ORDER BY offer_id, name, id",
                                 STORE_NO_PARAMS, offers, "units", error);
  json_decref(offers);
  if (!ok) {
    json_decref(orgs);
    return NULL;
  }
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
