/* internal.h — what the files of src/http/ share and nobody else sees:
 * the reply being built, the static-file table and the application
 * value itself. */
#pragma once

#include <gio/gio.h>
#include <glib.h>
#include <jansson.h>

#include "core/config.h"
#include "domain/auth.h"
#include "http/app.h"
#include "http/http.h"
#include "render/template.h"

#define HTTP_SESSION_COOKIE "spor_session"
#define HTTP_CSRF_COOKIE "spor_csrf"
#define HTTP_MAX_QUERY_FIELDS 100
#define HTTP_MAX_FORM_FIELDS 1000
/* How often a request whose transaction must be retried runs at most. */
#define HTTP_MAX_ATTEMPTS 4

struct HttpReply {
  int status;
  char *template_name; /* NULL: no page (redirect, error, API-only) */
  json_t *model;       /* owned; NULL until set */
  json_t *extras;      /* {key: html} printed raw by the page; owned */
  char *location;      /* redirect target */
  gboolean created;    /* 201 for the API after a redirect */
  char *error_message; /* for reply_error; NULL: the status's text */
  gboolean keep_writes;
  gboolean discard_writes; /* reply_discard_writes: roll back even a success */
  gboolean is_error;
  gboolean form_failed; /* reply_form_errors: the API lists the fields */
  gboolean retryable;   /* a store error that running again may cure */
  GPtrArray *headers;  /* alternating name, value (owned) */
  GPtrArray *cookies;  /* whole Set-Cookie values (owned) */
  json_t *audits;      /* [{citizen_id, action, detail}] for reply_audit; owned */
  gboolean audit_before_answer; /* reply_audit_before_answer */
  GBytes *body;        /* reply_body: sent as it is, page and API alike */
  char *content_type;  /* of body */
  gboolean secure_cookies;
};

void http_reply_init(HttpReply *reply, gboolean secure_cookies);
void http_reply_clear(HttpReply *reply);
/* The standard reason text of a status, in Danish (a msgid). */
const char *http_status_text(int status);

/* Errors of parsing a request (bad encoding, too many fields). */
#define HTTP_REQUEST_ERROR (http_request_error_quark())
GQuark http_request_error_quark(void);

/* ---- Static files (static.c) ------------------------------------------ */

typedef struct StaticFile {
  char *name;         /* "spor.css" */
  GBytes *data;
  char *etag;         /* "\"<hash>\"" */
  char *version;      /* short hash for ?v= */
  const char *content_type;
} StaticFile;

/* Every file under the resource folder /spor/static/, by name. */
GHashTable *static_files_load(GError **error);
/* Serves name for GET/HEAD with ETag and long caching. */
HttpResponse *static_files_serve(GHashTable *files, const char *name,
                                 const char *if_none_match, gboolean versioned);

/* ---- Responses -------------------------------------------------------- */

HttpResponse *http_response_new(int status);
void http_response_add_header(HttpResponse *response, const char *name, const char *value);
/* The headers every response carries (CSP, nosniff, frame, referrer). */
void http_response_add_security_headers(HttpResponse *response, gboolean secure);

/* Percent-decodes a URL path; NULL for a bad escape, NUL or bad UTF-8. */
char *http_path_decode(const char *path, gsize len);

/* The largest request body the app accepts. */
gsize http_app_max_body(const HttpApp *app);
