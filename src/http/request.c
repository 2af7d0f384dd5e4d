/* request.c — turning the bytes of a request into values: urlencoded
 * forms and query strings, Cookie headers and the path, each with limits
 * and strict checks, so that a handler only ever sees valid UTF-8 text. */
#include <string.h>

#include "core/i18n.h"
#include "http/internal.h"

G_DEFINE_QUARK(spor-http-request-error-quark, http_request_error)
#define REQUEST_ERROR HTTP_REQUEST_ERROR

struct FormData {
  GPtrArray *names;   /* in arrival order (owned) */
  GPtrArray *values;  /* parallel to names (owned) */
  GHashTable *index;  /* name (borrowed) → GPtrArray of values (borrowed) */
};

static GPtrArray *empty_values;

FormData *
form_data_new(void)
{
  FormData *data = g_new0(FormData, 1);
  data->names = g_ptr_array_new_with_free_func(g_free);
  data->values = g_ptr_array_new_with_free_func(g_free);
  data->index = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify)g_ptr_array_unref);
  return data;
}

void
form_data_free(FormData *data)
{
  if (data == NULL)
    return;
  g_hash_table_destroy(data->index);
  g_ptr_array_unref(data->names);
  g_ptr_array_unref(data->values);
  g_free(data);
}

static int
hex_value(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes %XX (and '+' when plus_is_space) of text[0..len); NULL on a bad
 * escape, a NUL byte or invalid UTF-8.  Newly allocated. */
static char *
percent_decode(const char *text, gsize len, gboolean plus_is_space)
{
  char *out = g_malloc(len + 1);
  gsize o = 0;
  for (gsize i = 0; i < len; i++) {
    char c = text[i];
    if (c == '%') {
      int hi = i + 2 < len ? hex_value(text[i + 1]) : -1;
      int lo = i + 2 < len ? hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        g_free(out);
        return NULL;
      }
      c = (char)(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') {
      g_free(out);
      return NULL;
    }
    out[o++] = c;
  }
  out[o] = '\0';
  if (!g_utf8_validate(out, (gssize)o, NULL)) {
    g_free(out);
    return NULL;
  }
  return out;
}

char *
http_path_decode(const char *path, gsize len)
{
  return percent_decode(path, len, FALSE);
}

static void
form_data_add(FormData *data, char *name, char *value)
{
  g_ptr_array_add(data->names, name);
  g_ptr_array_add(data->values, value);
  GPtrArray *values = g_hash_table_lookup(data->index, name);
  if (values == NULL) {
    values = g_ptr_array_new();
    g_hash_table_insert(data->index, name, values);
  }
  g_ptr_array_add(values, value);
}

gboolean
form_data_parse_urlencoded(FormData *data, const char *text, gsize len, guint max_fields,
                           GError **error)
{
  gsize start = 0;
  while (start < len) {
    const char *piece = text + start;
    const char *amp = memchr(piece, '&', len - start);
    gsize piece_len = amp ? (gsize)(amp - piece) : len - start;
    start += piece_len + 1;
    if (piece_len == 0)
      continue;
    if (data->names->len >= max_fields) {
      g_set_error(error, REQUEST_ERROR, 0, _("For mange felter (højst %u)."), max_fields);
      return FALSE;
    }
    const char *eq = memchr(piece, '=', piece_len);
    gsize name_len = eq ? (gsize)(eq - piece) : piece_len;
    char *name = percent_decode(piece, name_len, TRUE);
    char *value = eq ? percent_decode(eq + 1, piece_len - name_len - 1, TRUE) : g_strdup("");
    if (name == NULL || value == NULL) {
      g_free(name);
      g_free(value);
      g_set_error_literal(error, REQUEST_ERROR, 0,
                          _("Forespørgslen indeholder ugyldigt kodede tegn."));
      return FALSE;
    }
    form_data_add(data, name, value);
  }
  return TRUE;
}

const char *
form_data_get(const FormData *data, const char *name)
{
  GPtrArray *values = g_hash_table_lookup(data->index, name);
  return values != NULL ? g_ptr_array_index(values, 0) : NULL;
}

const GPtrArray *
form_data_get_all(const FormData *data, const char *name)
{
  GPtrArray *values = g_hash_table_lookup(data->index, name);
  if (values != NULL)
    return values;
  static gsize once;
  if (g_once_init_enter(&once)) {
    empty_values = g_ptr_array_new();
    g_once_init_leave(&once, 1);
  }
  return empty_values;
}

guint
form_data_size(const FormData *data)
{
  return data->names->len;
}

const char *
form_data_name(const FormData *data, guint i)
{
  return i < data->names->len ? g_ptr_array_index(data->names, i) : NULL;
}

/* ---- Cookies ---------------------------------------------------------- */

static gboolean
cookie_text_ok(const char *text, gsize len)
{
  for (gsize i = 0; i < len; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c < 0x20 || c == 0x7f)
      return FALSE;
  }
  return TRUE;
}

gboolean
http_parse_cookies(const char *header, GHashTable *cookies, GError **error)
{
  if (header == NULL)
    return TRUE;
  /* Control characters (a folded line, an injected CR LF) anywhere make the
   * whole header invalid, also where stripping would hide them. */
  for (const char *c = header; *c != '\0'; c++) {
    if (((guchar)*c < 0x20 && *c != '\t') || *c == 0x7f) {
      g_set_error_literal(error, REQUEST_ERROR, 0, _("Ugyldig Cookie-header."));
      return FALSE;
    }
  }
  g_auto(GStrv) pairs = g_strsplit(header, ";", 0);
  for (guint i = 0; pairs[i] != NULL; i++) {
    char *pair = g_strstrip(pairs[i]);
    if (*pair == '\0')
      continue;
    char *eq = strchr(pair, '=');
    if (eq == NULL || eq == pair) {
      g_set_error_literal(error, REQUEST_ERROR, 0, _("Ugyldig Cookie-header."));
      return FALSE;
    }
    *eq = '\0';
    char *name = g_strstrip(pair);
    char *value = g_strstrip(eq + 1);
    gsize value_len = strlen(value);
    if (value_len >= 2 && value[0] == '"' && value[value_len - 1] == '"') {
      value[value_len - 1] = '\0';
      value++;
      value_len -= 2;
    }
    if (*name == '\0' || !cookie_text_ok(name, strlen(name)) ||
        !cookie_text_ok(value, value_len) || !g_utf8_validate(value, (gssize)value_len, NULL) ||
        !g_utf8_validate(name, -1, NULL)) {
      g_set_error_literal(error, REQUEST_ERROR, 0, _("Ugyldig Cookie-header."));
      return FALSE;
    }
    if (!g_hash_table_contains(cookies, name))
      g_hash_table_insert(cookies, g_strdup(name), g_strdup(value));
  }
  return TRUE;
}

/* ---- The request ------------------------------------------------------ */

gint64
http_request_param(const HttpRequest *req, const char *name)
{
  for (guint i = 0; i < req->n_params; i++)
    if (strcmp(req->param_names[i], name) == 0)
      return req->param_values[i];
  return 0;
}

const char *
http_request_header(const HttpRequest *req, const char *name)
{
  if (req->headers == NULL)
    return NULL;
  g_autofree char *lower = g_ascii_strdown(name, -1);
  return g_hash_table_lookup(req->headers, lower);
}
