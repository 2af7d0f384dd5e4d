/* reply.c — what a handler describes (HttpReply) and what goes out on the
 * wire (HttpResponse), with the headers every response carries. */
#include <string.h>

#include "core/i18n.h"
#include "http/internal.h"

void
http_reply_init(HttpReply *reply, gboolean secure_cookies)
{
  memset(reply, 0, sizeof *reply);
  reply->status = 200;
  reply->headers = g_ptr_array_new_with_free_func(g_free);
  reply->cookies = g_ptr_array_new_with_free_func(g_free);
  reply->secure_cookies = secure_cookies;
}

void
http_reply_clear(HttpReply *reply)
{
  g_free(reply->template_name);
  json_decref(reply->model);
  json_decref(reply->extras);
  json_decref(reply->audits);
  if (reply->body != NULL)
    g_bytes_unref(reply->body);
  g_free(reply->content_type);
  g_free(reply->location);
  g_free(reply->error_message);
  g_ptr_array_unref(reply->headers);
  g_ptr_array_unref(reply->cookies);
  memset(reply, 0, sizeof *reply);
}

static void
reply_replace_model(HttpReply *reply, json_t *model)
{
  if (model == reply->model)
    return;
  json_decref(reply->model);
  reply->model = model;
}

void
reply_page(HttpReply *reply, int status, const char *template_name, json_t *model)
{
  reply->status = status;
  g_free(reply->template_name);
  reply->template_name = g_strdup(template_name);
  reply_replace_model(reply, model);
  reply->is_error = status >= 400;
}

void
reply_set_model(HttpReply *reply, json_t *model)
{
  reply_replace_model(reply, model);
}

void
reply_redirect(HttpReply *reply, const char *location, gboolean created)
{
  reply->status = 303;
  g_free(reply->location);
  reply->location = g_strdup(location);
  reply->created = created;
  reply->is_error = FALSE;
}

void
reply_form_errors(HttpReply *reply, const char *template_name, json_t *model,
                  const FormResult *fields)
{
  json_object_set(model, "errors", form_result_errors(fields));
  if (json_object_get(model, "values") == NULL)
    json_object_set(model, "values", form_result_echo(fields));
  reply_page(reply, 422, template_name, model);
  reply->form_failed = TRUE;
}

void
reply_error(HttpReply *reply, int status, const char *message)
{
  reply->status = status;
  reply->is_error = TRUE;
  g_clear_pointer(&reply->template_name, g_free);
  g_clear_pointer(&reply->location, g_free);
  g_free(reply->error_message);
  reply->error_message = g_strdup(message);
}

void
reply_store_error(HttpReply *reply, const GError *error)
{
  if (error != NULL && error->domain == STORE_ERROR) {
    switch (error->code) {
    case STORE_ERROR_NOT_FOUND:
      reply_error(reply, 404, NULL);
      return;
    case STORE_ERROR_BUSY:
      reply_error(reply, 503, _("Systemet har travlt lige nu. Prøv igen om et øjeblik."));
      reply_header(reply, "Retry-After", "2");
      return;
    case STORE_ERROR_RETRY:
      reply_error(reply, 503, _("Systemet har travlt lige nu. Prøv igen om et øjeblik."));
      reply_header(reply, "Retry-After", "1");
      reply->retryable = TRUE;
      return;
    case STORE_ERROR_UNAVAILABLE:
      /* The operator must hear of it; the message names host and port. */
      g_warning("%s", error->message);
      reply_error(reply, 503, _("Databasen kan ikke nås lige nu. Prøv igen om et øjeblik."));
      reply_header(reply, "Retry-After", "5");
      return;
    case STORE_ERROR_CONFLICT:
      reply_error(reply, 409, _("Ændringen strider mod data, der allerede er gemt."));
      return;
    case STORE_ERROR_READONLY:
      g_warning("%s", error->message);
      reply_error(reply, 503, _("Databasen er skrivebeskyttet lige nu, så intet kan gemmes. "
                                "Intet er ændret. Driften er underrettet."));
      reply_header(reply, "Retry-After", "60");
      return;
    case STORE_ERROR_FULL:
      g_warning("%s", error->message);
      reply_error(reply, 503, _("Disken er fuld eller kan ikke skrives, så intet kan gemmes. "
                                "Intet er ændret. Driften er underrettet."));
      reply_header(reply, "Retry-After", "60");
      return;
    default:
      break;
    }
  }
  g_warning("fejl i databasen: %s", error ? error->message : "(ukendt)");
  reply_error(reply, 500, NULL);
}

void
reply_html_extra(HttpReply *reply, const char *key, char *html)
{
  if (reply->extras == NULL)
    reply->extras = json_object();
  json_object_set_new(reply->extras, key, json_stringn_nocheck(html, strlen(html))); /* spor's own markup */
  g_free(html);
}

void
reply_body(HttpReply *reply, int status, const char *content_type, GBytes *body)
{
  reply->status = status;
  reply->is_error = status >= 400;
  if (reply->body != NULL)
    g_bytes_unref(reply->body);
  reply->body = body;
  g_free(reply->content_type);
  reply->content_type = g_strdup(content_type);
}

void
reply_audit(HttpReply *reply, gint64 citizen_id, const char *action, const char *detail)
{
  if (reply->audits == NULL)
    reply->audits = json_array();
  json_array_append_new(reply->audits, json_pack("{s:I, s:s, s:s?}", "citizen_id",
                                                 (json_int_t)citizen_id, "action", action,
                                                 "detail", detail));
}

void
reply_audit_before_answer(HttpReply *reply)
{
  reply->audit_before_answer = TRUE;
}

void
reply_header(HttpReply *reply, const char *name, const char *value)
{
  g_ptr_array_add(reply->headers, g_strdup(name));
  g_ptr_array_add(reply->headers, g_strdup(value));
}

void
reply_keep_writes(HttpReply *reply)
{
  reply->keep_writes = TRUE;
}

void
reply_discard_writes(HttpReply *reply)
{
  reply->discard_writes = TRUE;
}

void
reply_cookie(HttpReply *reply, const HttpRequest *req, const char *name, const char *value,
             gint64 max_age_seconds)
{
  (void)req;
  GString *cookie = g_string_new(NULL);
  g_string_append_printf(cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict", name,
                         max_age_seconds < 0 ? "" : value);
  if (max_age_seconds < 0)
    g_string_append(cookie, "; Max-Age=0");
  else if (max_age_seconds > 0)
    g_string_append_printf(cookie, "; Max-Age=%" G_GINT64_FORMAT, max_age_seconds);
  if (reply->secure_cookies)
    g_string_append(cookie, "; Secure");
  g_ptr_array_add(reply->cookies, g_string_free(cookie, FALSE));
}

const char *
http_status_text(int status)
{
  switch (status) {
  case 400: return N_("Forespørgslen kunne ikke forstås.");
  case 401: return N_("Du skal logge ind.");
  case 403: return N_("Du har ikke adgang til denne side.");
  case 404: return N_("Siden findes ikke.");
  case 405: return N_("Metoden er ikke tilladt her.");
  case 409: return N_("Ændringen strider mod data, der allerede er gemt.");
  case 413: return N_("Det sendte er for stort.");
  case 415: return N_("Indholdstypen understøttes ikke.");
  case 422: return N_("Formularen har fejl. Ret de markerede felter.");
  case 429: return N_("For mange forsøg. Vent lidt, og prøv igen.");
  case 503: return N_("Systemet har travlt lige nu. Prøv igen om et øjeblik.");
  default: return N_("Der skete en fejl hos os. Prøv igen, og kontakt jeres administrator, hvis "
                     "det bliver ved.");
  }
}

/* ---- Responses -------------------------------------------------------- */

HttpResponse *
http_response_new(int status)
{
  HttpResponse *response = g_new0(HttpResponse, 1);
  response->status = status;
  response->headers = g_ptr_array_new_with_free_func(g_free);
  return response;
}

void
http_response_free(HttpResponse *response)
{
  if (response == NULL)
    return;
  g_ptr_array_unref(response->headers);
  if (response->body != NULL)
    g_bytes_unref(response->body);
  g_free(response);
}

void
http_response_add_header(HttpResponse *response, const char *name, const char *value)
{
  g_ptr_array_add(response->headers, g_strdup(name));
  g_ptr_array_add(response->headers, g_strdup(value));
}

const char *
http_response_header(const HttpResponse *response, const char *name)
{
  for (guint i = 0; i + 1 < response->headers->len; i += 2)
    if (g_ascii_strcasecmp(g_ptr_array_index(response->headers, i), name) == 0)
      return g_ptr_array_index(response->headers, i + 1);
  return NULL;
}

void
http_response_add_security_headers(HttpResponse *response, gboolean secure)
{
  http_response_add_header(response, "Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                           "script-src 'self'; object-src 'none'; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'");
  http_response_add_header(response, "X-Content-Type-Options", "nosniff");
  http_response_add_header(response, "X-Frame-Options", "DENY");
  http_response_add_header(response, "Referrer-Policy", "same-origin");
  http_response_add_header(response, "Cross-Origin-Opener-Policy", "same-origin");
  http_response_add_header(response, "Permissions-Policy",
                           "camera=(), microphone=(), geolocation=()");
  if (secure)
    http_response_add_header(response, "Strict-Transport-Security",
                             "max-age=31536000; includeSubDomains");
}
