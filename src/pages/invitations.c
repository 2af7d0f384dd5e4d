/* invitations.c — the citizen's own login ("Herre i egen plan").
 *
 * Staff in the citizen's care make a one-time invitation code; it is
 * shown once and only its hash is kept.  The citizen opens /invitation,
 * types the code, chooses a username (or keeps the one they have) and a
 * password, and is logged in.  A code works once and for
 * INVITATION_DAYS days; a used or expired code gets a page that says so
 * and what to do.  Wrong codes count as failed logins from the address,
 * so codes cannot be guessed faster than passwords. */
#include <sodium.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/auth.h"
#include "pages/common.h"
#include "pages/pages.h"

#define INVITATION_DAYS 14
#define SESSION_COOKIE "spor_session"
/* No 0/O, 1/I/L: a code is read aloud and typed from paper. */
static const char code_alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
#define CODE_GROUPS 3
#define CODE_GROUP_LEN 4

/* A new code "ABCD-EFGH-JKMN"; newly allocated. */
static char *
new_code(void)
{
  GString *code = g_string_new(NULL);
  for (int g = 0; g < CODE_GROUPS; g++) {
    if (g > 0)
      g_string_append_c(code, '-');
    for (int k = 0; k < CODE_GROUP_LEN; k++)
      g_string_append_c(code, code_alphabet[randombytes_uniform(sizeof code_alphabet - 1)]);
  }
  return g_string_free(code, FALSE);
}

/* The code as typed, without spaces and dashes, in capitals: what is
 * hashed.  NULL when it cannot be a code.  Newly allocated. */
static char *
normal_code(const char *typed)
{
  if (typed == NULL)
    return NULL;
  GString *code = g_string_new(NULL);
  for (const char *p = typed; *p != '\0'; p++) {
    if (*p == '-' || *p == ' ')
      continue;
    char c = g_ascii_toupper(*p);
    if (strchr(code_alphabet, c) == NULL || c == '\0') {
      g_string_free(code, TRUE);
      return NULL;
    }
    g_string_append_c(code, c);
  }
  if (code->len != CODE_GROUPS * CODE_GROUP_LEN) {
    g_string_free(code, TRUE);
    return NULL;
  }
  return g_string_free(code, FALSE);
}

/* ---- Staff: the citizen's login and invitations -------------------------------- */

static json_t *
access_model(HttpRequest *req, gint64 citizen_id, GError **error)
{
  json_t *citizen = store_citizen_get(req->db, req->user->id, citizen_id, error);
  json_t *access = citizen ? store_citizen_access(req->db, req->user->id, citizen_id, error)
                           : NULL;
  if (access == NULL) {
    json_decref(citizen);
    return NULL;
  }
  g_autofree char *now = spor_timestamp_now(0);
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(access, "invitations"), i, v) {
    const char *used = json_string_value(json_object_get(v, "used_at"));
    const char *expires = json_string_value(json_object_get(v, "expires_at"));
    const char *state = used ? _("Brugt") : g_strcmp0(expires, now) < 0 ? _("Udløbet") : _("Gyldig");
    json_object_set_new(v, "state", json_string(state));
    page_add_date_display(v, "created_at");
    page_add_date_display(v, "expires_at");
    page_add_date_display(v, "used_at");
  }
  g_autofree char *title = g_strdup_printf(_("Eget login: %s %s"),
    json_string_value(json_object_get(citizen, "first_name")),
    json_string_value(json_object_get(citizen, "last_name")));
  json_t *model = page_model_new(title);
  json_object_set_new(model, "citizen", json_pack("{s:O, s:O, s:O}", "id",
    json_object_get(citizen, "id"), "first_name", json_object_get(citizen, "first_name"),
    "last_name", json_object_get(citizen, "last_name")));
  json_decref(citizen);
  json_object_set(model, "login", json_object_get(access, "login"));
  json_object_set(model, "invitations", json_object_get(access, "invitations"));
  json_object_set_new(model, "has_invitations",
                      json_boolean(json_array_size(json_object_get(access, "invitations")) > 0));
  json_object_set_new(model, "days", json_integer(INVITATION_DAYS));
  json_decref(access);
  return model;
}

static void
access_show(HttpRequest *req, HttpReply *reply)
{
  gint64 citizen_id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *model = access_model(req, citizen_id, &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, citizen_id, "citizen.access.read", NULL);
  reply_page(reply, 200, "citizen_access", model);
}

static void
invitation_create(HttpRequest *req, HttpReply *reply)
{
  gint64 citizen_id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *model = access_model(req, citizen_id, &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *code = new_code();
  g_autofree char *normal = normal_code(code);
  g_autofree char *hash = auth_token_hash(normal);
  g_autofree char *expires = spor_timestamp_now((gint64)INVITATION_DAYS * 24 * 3600);
  gint64 id = store_invitation_create(req->db, req->user->id, citizen_id, hash, expires, &error);
  if (id == 0) {
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *expires_display = spor_date_iso_to_danish(expires);
  json_object_set_new(model, "code", json_string(code));
  json_object_set_new(model, "invitation_id", json_integer(id));
  json_object_set_new(model, "expires_at", json_string(expires));
  json_object_set_new(model, "expires_display", json_string(expires_display));
  json_object_set_new(model, "title", json_string(_("Invitationskode")));
  reply_audit(reply, citizen_id, "invitation.create", NULL);
  reply_page(reply, 200, "invitation_created", model);
}

/* ---- The citizen: using a code ----------------------------------------------------- */

static const FieldSpec use_fields[] = {
  {"code", FIELD_TEXT, TRUE, 1, 40, NULL, N_("Kode")},
  {"username", FIELD_TEXT, FALSE, 3, 64, NULL, N_("Brugernavn")},
  {"password", FIELD_TEXT, TRUE, 1, 1024, NULL, N_("Adgangskode")},
  {"password_repeat", FIELD_TEXT, TRUE, 1, 1024, NULL, N_("Gentag adgangskoden")},
};

/* The form's model; the code and username as typed come back, never a
 * password. */
static json_t *
use_model(const char *code, const char *username)
{
  json_t *model = page_model_new(_("Opret dit eget login"));
  json_object_set_new(model, "values", json_pack("{s:s, s:s}", "code", code ? code : "",
                                                 "username", username ? username : ""));
  return model;
}

static void
invitation_form(HttpRequest *req, HttpReply *reply)
{
  const char *code = form_data_get(req->query, "code");
  if (code != NULL && strlen(code) > 40)
    code = NULL;
  reply_page(reply, 200, "invitation", use_model(code, NULL));
}

/* A clear page for a code that can no longer be used (410). */
static void
gone(HttpReply *reply, const char *heading, const char *message)
{
  json_t *model = page_model_new(heading);
  json_object_set_new(model, "message", json_string(message));
  reply_page(reply, 410, "invitation_gone", model);
}

static gboolean
valid_username(const char *name)
{
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum(*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static void
invitation_use(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = spor_timestamp_now(0);
  g_autofree char *since = spor_timestamp_now(-AUTH_THROTTLE_WINDOW_SECONDS);
  gint64 by_name = 0, by_address = 0;
  if (!store_login_failures_since(req->db, "invitation", req->remote_addr, since, &by_name,
                                  &by_address, &error)) {
    reply_store_error(reply, error);
    return;
  }
  if (by_address >= AUTH_THROTTLE_FAILURES) {
    json_t *model = use_model(form_text(fields, "code"), form_text(fields, "username"));
    json_object_set_new(model, "error", json_string(_("For mange forkerte koder. Vent 15 "
                                                      "minutter, og prøv igen.")));
    reply_page(reply, 429, "invitation", model);
    reply_header(reply, "Retry-After", "900");
    return;
  }
  const char *typed = form_text(fields, "code");
  g_autofree char *code = normal_code(typed);
  json_t *invitation = NULL;
  if (code != NULL) {
    g_autofree char *hash = auth_token_hash(code);
    invitation = store_invitation_find(req->db, hash, &error);
    if (invitation == NULL && !g_error_matches(error, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      reply_store_error(reply, error);
      return;
    }
    g_clear_error(&error);
  }
  if (typed != NULL && invitation == NULL) {
    /* A wrong code counts like a failed login from this address. */
    if (!store_login_attempt_record(req->db, "invitation", req->remote_addr, FALSE, now, &error)) {
      reply_store_error(reply, error);
      return;
    }
    form_result_add_error(fields, "code", _("Koden findes ikke. Tjek, at du har skrevet den "
                                            "rigtigt."));
    reply_form_errors(reply, "invitation", use_model(typed, form_text(fields, "username")), fields);
    reply_keep_writes(reply);
    return;
  }
  if (invitation != NULL && !json_is_null(json_object_get(invitation, "used_at"))) {
    json_decref(invitation);
    gone(reply, _("Koden er allerede brugt"),
         _("En invitationskode virker kun én gang. Har du allerede lavet dit login, så log ind "
           "med dit brugernavn og din adgangskode. Ellers kan personalet give dig en ny kode."));
    return;
  }
  if (invitation != NULL &&
      g_strcmp0(json_string_value(json_object_get(invitation, "expires_at")), now) < 0) {
    json_decref(invitation);
    g_autofree char *message = g_strdup_printf(
      _("En invitationskode virker i %d dage. Bed personalet om en ny kode."), INVITATION_DAYS);
    gone(reply, _("Koden er udløbet"), message);
    return;
  }
  /* The login: the one the citizen has, or a new one. */
  const char *existing = invitation ? json_string_value(json_object_get(invitation,
                                                                        "login_username"))
                                    : NULL;
  const char *username = existing ? existing : form_text(fields, "username");
  if (invitation != NULL && existing == NULL) {
    if (username == NULL && json_object_get(form_result_errors(fields), "username") == NULL)
      form_result_add_error(fields, "username", _("Vælg et brugernavn."));
    else if (username != NULL && !valid_username(username))
      form_result_add_error(fields, "username",
                            _("Brugernavnet må kun have bogstaverne a–z, tal og . _ -"));
    else if (username != NULL) {
      g_autoptr(StoreUser) taken = store_user_get_by_username(req->db, username, &error);
      if (taken != NULL)
        form_result_add_error(fields, "username", _("Brugernavnet er taget. Vælg et andet."));
      else if (!g_error_matches(error, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
        json_decref(invitation);
        reply_store_error(reply, error);
        return;
      }
      g_clear_error(&error);
    }
  }
  const char *password = form_data_get(req->form, "password");
  const char *repeat = form_data_get(req->form, "password_repeat");
  const char *problem = password ? auth_password_problem(password) : NULL;
  if (problem != NULL)
    form_result_add_error(fields, "password", _(problem));
  else if (password != NULL && repeat != NULL && strcmp(password, repeat) != 0)
    form_result_add_error(fields, "password_repeat", _("De to adgangskoder er ikke ens."));
  if (!form_result_ok(fields)) {
    json_t *model = use_model(typed, form_text(fields, "username"));
    if (existing != NULL)
      json_object_set_new(model, "existing_username", json_string(existing));
    json_decref(invitation);
    reply_form_errors(reply, "invitation", model, fields);
    return;
  }
  if (invitation == NULL) {
    form_result_add_error(fields, "code", _("Skriv koden, du har fået."));
    reply_form_errors(reply, "invitation", use_model(typed, form_text(fields, "username")), fields);
    return;
  }
  g_autofree char *hash = auth_password_hash(password, &error);
  gint64 citizen_id = json_integer_value(json_object_get(invitation, "citizen_id"));
  gint64 user_id = json_integer_value(json_object_get(invitation, "login_user_id"));
  gboolean ok = hash != NULL;
  if (ok && user_id != 0) {
    ok = store_user_set_password_hash(req->db, user_id, hash, &error) &&
         store_user_set_disabled(req->db, user_id, FALSE, &error);
  } else if (ok) {
    StoreUserInput in = {.username = username,
                         .display_name = json_string_value(json_object_get(invitation,
                                                                           "first_name")),
                         .password_hash = hash,
                         .citizen_id = citizen_id};
    user_id = store_user_create(req->db, &in, &error);
    ok = user_id != 0 &&
         store_user_add_role(req->db, user_id, SPOR_ROLE_CITIZEN, SPOR_SCOPE_UNIT,
                             json_integer_value(json_object_get(invitation, "unit_id")), &error);
  }
  gint64 invitation_id = json_integer_value(json_object_get(invitation, "id"));
  json_decref(invitation);
  if (ok && !store_invitation_use(req->db, invitation_id, user_id, now, &error)) {
    if (g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
      gone(reply, _("Koden er allerede brugt"),
           _("En invitationskode virker kun én gang. Bed personalet om en ny kode."));
      return;
    }
    ok = FALSE;
  }
  g_autofree char *token = NULL;
  if (ok)
    ok = auth_session_start(req->db, user_id, &token, &error) &&
         store_login_attempt_record(req->db, "invitation", req->remote_addr, TRUE, now, &error);
  if (!ok) {
    reply_store_error(reply, error);
    return;
  }
  /* Logging in this way ends a session this browser had. */
  const char *old = g_hash_table_lookup(req->cookies, SESSION_COOKIE);
  if (old != NULL && !auth_logout(req->db, old, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *detail = g_strdup_printf("user=%" G_GINT64_FORMAT, user_id);
  reply_audit(reply, citizen_id, "invitation.use", detail);
  reply_cookie(reply, req, SESSION_COOKIE, token, 0);
  reply_set_model(reply, json_pack("{s:I}", "user_id", (json_int_t)user_id));
  reply_redirect(reply, "/me", TRUE);
}

const Route pages_invitations_routes[] = {
  {"GET", "/citizens/{id}/access", access_show, CAP_CITIZEN_WRITE, NULL, 0, 0},
  {"POST", "/citizens/{id}/invitations", invitation_create, CAP_CITIZEN_WRITE, NULL, 0, 0},
  {"GET", "/invitation", invitation_form, CAP_PUBLIC, NULL, 0, ROUTE_HTML_ONLY},
  {"POST", "/invitation", invitation_use, CAP_PUBLIC, use_fields, G_N_ELEMENTS(use_fields), 0},
};
const gsize pages_invitations_n_routes = G_N_ELEMENTS(pages_invitations_routes);
