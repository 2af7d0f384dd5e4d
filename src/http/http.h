/* http.h — what a page handler sees of HTTP.
 *
 * One request, one straight path (DESIGN §3):
 *
 *   libmicrohttpd → server.c builds an HttpRequest (query, form, cookies
 *   parsed with size limits; 400 for bad encoding, 413 for a body too big)
 *   → dispatch.c finds the Route (404/405), resumes the session, picks the
 *   language, checks login (→ /login or 401), capability (403) and CSRF on
 *   every POST (403), validates the route's declared form fields, opens one
 *   transaction, calls the handler, commits or rolls back
 *   → the handler fills an HttpReply with a view model (a jansson value)
 *   → dispatch.c renders it: the very same value as JSON for /api/v1/… (or
 *   Accept: application/json), else through the page's mustache template
 *   inside templates/layout.mustache; security headers on every response;
 *   one log line per request.
 *
 * Handlers never check permissions, never open transactions and never
 * write HTML; they read typed fields, call the store and describe a reply. */
#pragma once

#include <glib.h>
#include <jansson.h>

#include "core/i18n.h"
#include "core/roles.h"
#include "store/store.h"

/* ---- Parsed input ----------------------------------------------------- */

/* Name → values, in the order they came (a form may repeat a name). */
typedef struct FormData FormData;

FormData *form_data_new(void);
void form_data_free(FormData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(FormData, form_data_free)

/* Parses application/x-www-form-urlencoded text (also a query string)
 * into data.  Fails (→ 400) on a bad %-escape, invalid UTF-8 or a NUL
 * byte in a name or value, or more than max_fields fields. */
gboolean form_data_parse_urlencoded(FormData *data, const char *text, gsize len,
                                    guint max_fields, GError **error);
/* The first value of name, or NULL. */
const char *form_data_get(const FormData *data, const char *name);
/* Every value of name (possibly none); owned by data. */
const GPtrArray *form_data_get_all(const FormData *data, const char *name);
guint form_data_size(const FormData *data);
/* The name of the i-th field in arrival order (i < form_data_size()), or
 * NULL; owned by data.  For forms whose field names carry ids. */
const char *form_data_name(const FormData *data, guint i);

/* Parses a Cookie header into name → value (both newly allocated in the
 * table, which must free them: g_hash_table_new_full(g_str_hash,
 * g_str_equal, g_free, g_free)).  Fails on a malformed header. */
gboolean http_parse_cookies(const char *header, GHashTable *cookies, GError **error);

/* ---- Declared form fields --------------------------------------------- */

typedef enum {
  FIELD_TEXT,   /* trimmed UTF-8; min/max are lengths in characters */
  FIELD_INT,    /* a whole number; min/max are values */
  FIELD_REAL,   /* a decimal number, '.' or ','; min/max are values */
  FIELD_DATE,   /* "YYYY-MM-DD" or "DD-MM-YYYY"; typed value is ISO */
  FIELD_CHOICE, /* one of choices */
  FIELD_BOOL,   /* a checkbox: present and "1"/"on"/"true" is TRUE */
} FieldType;

typedef struct FieldSpec {
  const char *name;
  FieldType type;
  gboolean required;
  gint64 min, max;             /* both 0: no limit */
  const char *const *choices;  /* NULL-terminated, for FIELD_CHOICE */
  const char *label;           /* Danish msgid, used in the messages */
} FieldSpec;

/* The outcome of validating a form against its FieldSpecs. */
typedef struct FormResult FormResult;

/* Validates every declared field (undeclared ones are ignored).  Never
 * fails: problems go to form_result_errors().  The caller frees. */
FormResult *form_validate(const FieldSpec *specs, gsize n_specs, const FormData *data);
void form_result_free(FormResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(FormResult, form_result_free)

gboolean form_result_ok(const FormResult *result);
/* {field: "Danish message"} for the fields that failed; borrowed. */
json_t *form_result_errors(const FormResult *result);
/* {field: "value as typed"} to fill the form again; borrowed. */
json_t *form_result_echo(const FormResult *result);
/* Typed values of valid fields.  Text and dates: NULL when empty or
 * invalid; numbers: FALSE when empty or invalid. */
const char *form_text(const FormResult *result, const char *name);
gboolean form_int(const FormResult *result, const char *name, gint64 *out_value);
gboolean form_real(const FormResult *result, const char *name, double *out_value);
gboolean form_bool(const FormResult *result, const char *name);
/* Adds a message for a field, for checks only the handler can make. */
void form_result_add_error(FormResult *result, const char *field, const char *message);

/* ---- Requests and replies --------------------------------------------- */

typedef struct HttpApp HttpApp;
typedef struct HttpRequest HttpRequest;
typedef struct HttpReply HttpReply;

struct HttpRequest {
  const char *method;          /* "GET", "HEAD", "POST" */
  const char *path;            /* decoded; without query and /api/v1 */
  gboolean api;                /* reply as JSON */
  const FormData *query;
  const FormData *form;        /* an urlencoded POST body, else empty */
  FormResult *fields;          /* the route's declared fields, validated;
                                  handlers may add errors of their own */
  GHashTable *cookies;         /* name → value */
  GHashTable *headers;         /* lower-case name → value */
  const char *remote_addr;     /* "127.0.0.1" */

  const StoreUser *user;       /* NULL when not logged in */
  const StoreSession *session; /* NULL when not logged in */
  guint capabilities;          /* of user, 0 when not logged in */
  SporLang lang;
  StoreDb *db;                 /* inside this request's transaction */
  HttpApp *app;

  /* Path parameters, in pattern order ("/citizens/{id}" → "id"). */
  const char *param_names[4];
  gint64 param_values[4];
  guint n_params;
};

/* A path parameter by name; 0 when absent.  Patterns match positive
 * integers only, so a handler never sees a malformed id. */
gint64 http_request_param(const HttpRequest *req, const char *name);
/* A request header by (case-insensitive) name, or NULL. */
const char *http_request_header(const HttpRequest *req, const char *name);

typedef void (*RouteHandler)(HttpRequest *req, HttpReply *reply);

enum {
  ROUTE_HTML_ONLY = 1u << 0,  /* no /api/v1 twin (login form, logout) */
  ROUTE_NO_SESSION = 1u << 1, /* static-like: skip the session lookup */
  /* The page is a pure function of the user, language, path, query, day
   * and the data revision: its rendered content may be kept and reused
   * while the revision stands (http/page_cache.h).  Only for pages built
   * from revisioned data (not the audit log, not sessions), that set no
   * header or cookie and hold no form that posts (the CSRF token is out of
   * reach while they render). */
  ROUTE_PAGE_CACHE = 1u << 2
};

typedef struct Route {
  const char *method;          /* "GET" (also answers HEAD) or "POST" */
  const char *pattern;         /* "/citizens/{id}/measurements" */
  RouteHandler handler;
  guint capability;            /* SporCapability bits all required */
  const FieldSpec *fields;     /* declared form (or query, for GET) fields */
  gsize n_fields;
  guint flags;
} Route;

/* A page: the template under templates/NAME.mustache and its view model
 * (stolen).  The JSON API answers with the model itself. */
void reply_page(HttpReply *reply, int status, const char *template_name, json_t *model);
/* After a successful POST: 303 See Other to location for a browser; for
 * the API, 201 Created (or 200 when created is FALSE) with the model set
 * by reply_page() or reply_set_model(), and a Location header. */
void reply_redirect(HttpReply *reply, const char *location, gboolean created);
/* Sets the model without a template (API-only replies, redirects). */
void reply_set_model(HttpReply *reply, json_t *model);
/* A form with errors: 422 and the page again, with the model holding
 * "errors" (form_result_errors) and "values" (form_result_echo).  Nothing
 * the request wrote is kept. */
void reply_form_errors(HttpReply *reply, const char *template_name, json_t *model,
                       const FormResult *fields);
/* An error page (or JSON error): status with a Danish message; NULL
 * message gives the status's standard text. */
void reply_error(HttpReply *reply, int status, const char *message);
/* Maps a store error: NOT_FOUND → 404, BUSY, UNAVAILABLE and RETRY → 503
 * with Retry-After, READONLY and FULL → 503 saying so (and logged),
 * CONFLICT → 409, anything else → 500 (logged).  After
 * RETRY (a serialization failure or deadlock) the dispatcher runs the
 * whole request again a few times before the 503 goes out. */
void reply_store_error(HttpReply *reply, const GError *error);
/* HTML made by spor itself (a chart's SVG, already escaped) that the page
 * template prints with {{{key}}}; ignored for the API.  html is stolen. */
void reply_html_extra(HttpReply *reply, const char *key, char *html);
/* Adds a response header (copied). */
void reply_header(HttpReply *reply, const char *name, const char *value);
/* A body sent as it is, with its content type, for the page and its API
 * twin alike (files to download, plain-text health and metrics).  body is
 * stolen. */
void reply_body(HttpReply *reply, int status, const char *content_type, GBytes *body);
/* Records that this request read (or changed) a citizen's data — or, with
 * citizen_id 0, did something else the audit log must hold.  action is a
 * short code ("citizen.read"); detail may be NULL and never holds personal
 * data.  The dispatcher writes the lines for a successful request: a POST
 * in its own transaction, a GET before the answer leaves (if they cannot
 * be written, the answer is 503 instead of the data). */
void reply_audit(HttpReply *reply, gint64 citizen_id, const char *action, const char *detail);
/* The audit lines of this GET are committed before the answer leaves even
 * when [audit] read_lines = async: for answers that take a whole record out
 * of the system (the citizen's GDPR export). */
void reply_audit_before_answer(HttpReply *reply);
/* Keeps the request's writes even though the reply is an error (a failed
 * login must still be counted for throttling). */
void reply_keep_writes(HttpReply *reply);
/* A success whose writes are not kept: the request's transaction is
 * rolled back all the same (a dry run that did the real work to check it). */
void reply_discard_writes(HttpReply *reply);

/* Sets a cookie: HttpOnly, SameSite=Strict, Path=/, Secure when the
 * server is configured for TLS; max_age_seconds < 0 deletes it. */
void reply_cookie(HttpReply *reply, const HttpRequest *req, const char *name,
                  const char *value, gint64 max_age_seconds);
