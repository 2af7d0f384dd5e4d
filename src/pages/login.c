/* login.c — logging in and out.
 *
 * The login form is the one form a visitor without a session can post; the
 * dispatcher protects it with a double-submit CSRF cookie.  A successful
 * login always issues a fresh session token (no session fixation), and a
 * failed one is recorded for throttling even though the reply is an error. */
#include <string.h>

#include "core/i18n.h"
#include "domain/auth.h"
#include "pages/common.h"
#include "pages/pages.h"

#define SESSION_COOKIE "spor_session"

static const FieldSpec login_fields[] = {
  {"username", FIELD_TEXT, TRUE, 1, 64, NULL, N_("Brugernavn")},
  {"password", FIELD_TEXT, TRUE, 1, 1024, NULL, N_("Adgangskode")},
  {"next", FIELD_TEXT, FALSE, 0, 500, NULL, N_("Næste side")},
};

/* Only a local path may follow a login: "/citizens/5", never "//evil" or
 * "https://…" (open redirect). */
static const char *
safe_next(const char *next)
{
  if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
      strchr(next, '\r') != NULL || strchr(next, '\n') != NULL ||
      g_str_has_prefix(next, "/login") || g_str_has_prefix(next, "/logout"))
    return "/";
  return next;
}

static json_t *
login_model(const char *next)
{
  json_t *model = page_model_new(_("Log ind"));
  json_object_set_new(model, "next", json_string(safe_next(next)));
  return model;
}

static void
login_form(HttpRequest *req, HttpReply *reply)
{
  /* Also shown to someone logged in: logging in again switches user. */
  const char *next = form_data_get(req->query, "next");
  json_t *model = login_model(next);
  if (req->user != NULL)
    json_object_set_new(model, "logged_in_as", json_string(req->user->display_name));
  reply_page(reply, 200, "login", model);
}

static void
login_submit(HttpRequest *req, HttpReply *reply)
{
  const FormResult *fields = req->fields;
  const char *next = safe_next(form_text(fields, "next"));
  if (!form_result_ok(fields)) {
    reply_form_errors(reply, "login", login_model(next), fields);
    return;
  }
  /* The password as typed: no trimming. */
  const char *password = form_data_get(req->form, "password");
  const char *username = form_text(fields, "username");
  g_autofree char *token = NULL;
  g_autoptr(StoreUser) user = NULL;
  g_autoptr(GError) error = NULL;
  AuthLoginResult result = auth_login(req->db, username, password, req->remote_addr, &token,
                                      &user, &error);
  json_t *model;
  switch (result) {
  case AUTH_LOGIN_OK: {
    const char *old = g_hash_table_lookup(req->cookies, SESSION_COOKIE);
    if ((old != NULL && !auth_logout(req->db, old, &error)) ||
        !store_audit_append(req->db, user->id, 0, "login", NULL, req->remote_addr, &error)) {
      reply_store_error(reply, error);
      return;
    }
    reply_cookie(reply, req, SESSION_COOKIE, token, 0);
    reply_set_model(reply, json_pack("{s:s, s:I}", "next", next, "user_id", (json_int_t)user->id));
    reply_redirect(reply, next, FALSE);
    return;
  }
  case AUTH_LOGIN_BAD_CREDENTIALS:
    model = login_model(next);
    json_object_set_new(model, "error", json_string(_("Forkert brugernavn eller adgangskode.")));
    json_object_set_new(model, "values", json_pack("{s:s}", "username", username));
    reply_page(reply, 422, "login", model);
    reply_keep_writes(reply);
    return;
  case AUTH_LOGIN_THROTTLED:
    model = login_model(next);
    json_object_set_new(model, "error",
                        json_string(_("For mange mislykkede forsøg. Vent 15 minutter, og prøv "
                                      "igen.")));
    json_object_set_new(model, "values", json_pack("{s:s}", "username", username));
    reply_page(reply, 429, "login", model);
    reply_header(reply, "Retry-After", "900");
    return;
  case AUTH_LOGIN_FAILED:
  default:
    reply_store_error(reply, error);
    return;
  }
}

static void
logout(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  const char *token = g_hash_table_lookup(req->cookies, SESSION_COOKIE);
  if (!auth_logout(req->db, token, &error)) {
    reply_store_error(reply, error);
    return;
  }
  reply_cookie(reply, req, SESSION_COOKIE, "", -1);
  reply_redirect(reply, "/login", FALSE);
}

const Route pages_login_routes[] = {
  {"GET", "/login", login_form, CAP_PUBLIC, NULL, 0, ROUTE_HTML_ONLY},
  {"POST", "/login", login_submit, CAP_PUBLIC, login_fields, G_N_ELEMENTS(login_fields), 0},
  {"POST", "/logout", logout, CAP_LOGGED_IN, NULL, 0, 0},
};
const gsize pages_login_n_routes = G_N_ELEMENTS(pages_login_routes);
