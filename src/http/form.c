/* form.c — checking a submitted form against the fields a route declares.
 *
 * Every declared field is checked at once, so the user sees every problem
 * in one go, each as a Danish sentence naming the field by its label.
 * Valid values are kept typed (trimmed text, ISO dates, numbers) for the
 * handler; what the user typed is kept as typed to fill the form again. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "http/internal.h"

typedef struct TypedValue {
  FieldType type;
  char *text;      /* trimmed text, ISO date or choice; NULL when empty */
  gint64 integer;
  double real;
  gboolean present; /* a valid non-empty number or a true checkbox */
} TypedValue;

struct FormResult {
  json_t *errors; /* {field: message} */
  json_t *echo;   /* {field: value as typed} */
  GHashTable *values; /* name (owned) → TypedValue (owned) */
};

static void
typed_value_free(gpointer p)
{
  TypedValue *value = p;
  g_free(value->text);
  g_free(value);
}

void
form_result_free(FormResult *result)
{
  if (result == NULL)
    return;
  json_decref(result->errors);
  json_decref(result->echo);
  g_hash_table_destroy(result->values);
  g_free(result);
}

void
form_result_add_error(FormResult *result, const char *field, const char *message)
{
  if (json_object_get(result->errors, field) == NULL)
    json_object_set_new(result->errors, field, json_string(message));
}

static void G_GNUC_PRINTF(3, 4)
add_errorf(FormResult *result, const char *field, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_autofree char *message = g_strdup_vprintf(format, args);
  va_end(args);
  form_result_add_error(result, field, message);
}

/* Trims Unicode white space at both ends; newly allocated. */
static char *
trim_text(const char *text)
{
  const char *start = text;
  while (*start != '\0' && g_unichar_isspace(g_utf8_get_char(start)))
    start = g_utf8_next_char(start);
  const char *end = start + strlen(start);
  while (end > start) {
    const char *prev = g_utf8_prev_char(end);
    if (!g_unichar_isspace(g_utf8_get_char(prev)))
      break;
    end = prev;
  }
  return g_strndup(start, (gsize)(end - start));
}

static gboolean
has_control_characters(const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
      return TRUE;
  }
  return FALSE;
}

static gboolean
has_limits(const FieldSpec *spec)
{
  return spec->min != 0 || spec->max != 0;
}

static void
check_range(FormResult *result, const FieldSpec *spec, const char *label, double value)
{
  if (has_limits(spec) && (value < (double)spec->min || value > (double)spec->max))
    add_errorf(result, spec->name, _("%s skal være mellem %lld og %lld."), label,
               (long long)spec->min, (long long)spec->max);
}

static void
validate_field(FormResult *result, const FieldSpec *spec, const char *raw, TypedValue *value)
{
  const char *label = _(spec->label ? spec->label : spec->name);
  if (spec->type == FIELD_BOOL) {
    value->present = raw != NULL && (strcmp(raw, "1") == 0 || strcmp(raw, "on") == 0 ||
                                     strcmp(raw, "true") == 0);
    return;
  }
  g_autofree char *text = raw ? trim_text(raw) : g_strdup("");
  if (*text == '\0') {
    if (spec->required)
      add_errorf(result, spec->name, _("%s skal udfyldes."), label);
    return;
  }
  if (has_control_characters(text)) {
    add_errorf(result, spec->name, _("%s indeholder ugyldige tegn."), label);
    return;
  }
  switch (spec->type) {
  case FIELD_TEXT: {
    glong chars = g_utf8_strlen(text, -1);
    if (spec->max > 0 && chars > spec->max) {
      add_errorf(result, spec->name, _("%s må højst være %d tegn."), label, (int)spec->max);
      return;
    }
    if (spec->min > 1 && chars < spec->min) {
      add_errorf(result, spec->name, _("%s skal være mindst %d tegn."), label, (int)spec->min);
      return;
    }
    value->text = g_steal_pointer(&text);
    return;
  }
  case FIELD_INT: {
    char *end = NULL;
    errno = 0;
    gint64 number = g_ascii_strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0') {
      add_errorf(result, spec->name, _("%s skal være et helt tal."), label);
      return;
    }
    if (has_limits(spec) && (number < spec->min || number > spec->max)) {
      check_range(result, spec, label, (double)number);
      return;
    }
    value->integer = number;
    value->present = TRUE;
    return;
  }
  case FIELD_REAL: {
    g_strdelimit(text, ",", '.');
    char *end = NULL;
    errno = 0;
    double number = g_ascii_strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !isfinite(number) ||
        strpbrk(text, "xXnNiI") != NULL) {
      add_errorf(result, spec->name, _("%s skal være et tal."), label);
      return;
    }
    if (has_limits(spec) && (number < (double)spec->min || number > (double)spec->max)) {
      check_range(result, spec, label, number);
      return;
    }
    value->real = number;
    value->present = TRUE;
    return;
  }
  case FIELD_DATE: {
    char *iso = spor_date_parse_to_iso(text);
    if (iso == NULL) {
      add_errorf(result, spec->name, _("%s skal være en dato (dd-mm-åååå)."), label);
      return;
    }
    value->text = iso;
    return;
  }
  case FIELD_CHOICE:
    for (guint i = 0; spec->choices != NULL && spec->choices[i] != NULL; i++) {
      if (strcmp(spec->choices[i], text) == 0) {
        value->text = g_steal_pointer(&text);
        return;
      }
    }
    add_errorf(result, spec->name, _("%s: vælg en af mulighederne."), label);
    return;
  case FIELD_BOOL:
  default:
    return;
  }
}

FormResult *
form_validate(const FieldSpec *specs, gsize n_specs, const FormData *data)
{
  FormResult *result = g_new0(FormResult, 1);
  result->errors = json_object();
  result->echo = json_object();
  result->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, typed_value_free);
  for (gsize i = 0; i < n_specs; i++) {
    const FieldSpec *spec = &specs[i];
    const char *raw = data ? form_data_get(data, spec->name) : NULL;
    if (raw != NULL)
      json_object_set_new(result->echo, spec->name, json_string(raw));
    TypedValue *value = g_new0(TypedValue, 1);
    value->type = spec->type;
    validate_field(result, spec, raw, value);
    g_hash_table_replace(result->values, g_strdup(spec->name), value);
  }
  return result;
}

gboolean
form_result_ok(const FormResult *result)
{
  return json_object_size(result->errors) == 0;
}

json_t *
form_result_errors(const FormResult *result)
{
  return result->errors;
}

json_t *
form_result_echo(const FormResult *result)
{
  return result->echo;
}

/* A typed value, unless its field has an error. */
static const TypedValue *
valid_value(const FormResult *result, const char *name)
{
  if (result == NULL || json_object_get(result->errors, name) != NULL)
    return NULL;
  return g_hash_table_lookup(result->values, name);
}

const char *
form_text(const FormResult *result, const char *name)
{
  const TypedValue *value = valid_value(result, name);
  return value ? value->text : NULL;
}

gboolean
form_int(const FormResult *result, const char *name, gint64 *out_value)
{
  const TypedValue *value = valid_value(result, name);
  if (value == NULL || value->type != FIELD_INT || !value->present)
    return FALSE;
  *out_value = value->integer;
  return TRUE;
}

gboolean
form_real(const FormResult *result, const char *name, double *out_value)
{
  const TypedValue *value = valid_value(result, name);
  if (value == NULL || !value->present)
    return FALSE;
  if (value->type == FIELD_REAL)
    *out_value = value->real;
  else if (value->type == FIELD_INT)
    *out_value = (double)value->integer;
  else
    return FALSE;
  return TRUE;
}

gboolean
form_bool(const FormResult *result, const char *name)
{
  const TypedValue *value = valid_value(result, name);
  return value != NULL && value->type == FIELD_BOOL && value->present;
}
