/* home.c — the start page: straight to one's work.
 *
 * A citizen goes to their own page, care roles to their citizens; roles
 * without citizen data (admin, analyst) get a page saying where to go. */
#include "core/i18n.h"
#include "pages/common.h"
#include "pages/pages.h"

static void
home(HttpRequest *req, HttpReply *reply)
{
  if (req->user->citizen_id != 0) {
    g_autofree char *own = g_strdup_printf("/citizens/%" G_GINT64_FORMAT, req->user->citizen_id);
    reply_redirect(reply, own, FALSE);
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
