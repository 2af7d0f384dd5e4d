/* home.c — the start page: straight to one's work.
 *
 * Staff and leaders see their own citizens' measurements that are due in
 * the coming month, those that are overdue, and drafts waiting for
 * approval; a caseworker goes to their citizens, a citizen to their own
 * page; roles without citizen data (admin, analyst) get a page saying
 * where to go. */
#include "core/i18n.h"
#include "pages/common.h"
#include "pages/due_list.h"
#include "pages/pages.h"

static void
home(HttpRequest *req, HttpReply *reply)
{
  if (req->user->citizen_id != 0 && (req->capabilities & CAP_SELF_SERVICE)) {
    reply_redirect(reply, "/me", FALSE);
    return;
  }
  if (req->capabilities & CAP_MEASUREMENT_WRITE) {
    StoreDueFilter filter = {.contact_person_id = req->user->id};
    g_autoptr(GError) error = NULL;
    json_t *list = due_list_model(req, &filter, &error);
    if (list == NULL) {
      reply_store_error(reply, error);
      return;
    }
    json_t *model = page_model_new(_("Forside"));
    json_object_update(model, list);
    json_decref(list);
    json_object_set_new(model, "horizon", json_integer(DUE_LIST_HORIZON_DAYS));
    reply_audit(reply, 0, "due.list", "home");
    reply_page(reply, 200, "home_care", model);
    return;
  }
  if (req->capabilities & CAP_CITIZEN_READ) {
    reply_redirect(reply, "/citizens", FALSE);
    return;
  }
  json_t *model = page_model_new(_("Forside"));
  json_object_set_new(model, "admin", json_boolean(req->capabilities & CAP_ADMIN));
  json_object_set_new(model, "report", json_boolean(req->capabilities & CAP_REPORT));
  reply_page(reply, 200, "home", model);
}

const Route pages_home_routes[] = {
  {"GET", "/", home, CAP_LOGGED_IN, NULL, 0, 0},
};
const gsize pages_home_n_routes = G_N_ELEMENTS(pages_home_routes);
