/* fuzz_form.c — urlencoded forms and query strings: arbitrary bytes through
 * form_data_parse_urlencoded(), then, when they parse, form_validate()
 * against fields of every type, every typed value read back and the
 * errors and echo serialized.  Aborts when the result contradicts itself
 * (ok with errors, a typed value for a field with an error). */
#include <glib.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "http/http.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const kinds[] = {"a", "b", "aktiv", NULL};

static const FieldSpec specs[] = {
    {"navn", FIELD_TEXT, TRUE, 2, 40, NULL, "Navn"},
    {"antal", FIELD_INT, FALSE, -5, 100, NULL, "Antal"},
    {"tal", FIELD_INT, FALSE, 0, 0, NULL, "Tal"},
    {"vaegt", FIELD_REAL, FALSE, 0, 500, NULL, "Vægt"},
    {"dato", FIELD_DATE, FALSE, 0, 0, NULL, "Dato"},
    {"type", FIELD_CHOICE, TRUE, 0, 0, kinds, "Type"},
    {"ja", FIELD_BOOL, FALSE, 0, 0, NULL, "Ja"},
};

/* A g_critical() or g_warning() from the code under test is a finding. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
dump_and_free(json_t *value)
{
  char *text = json_dumps(value, JSON_SORT_KEYS | JSON_COMPACT);
  if (text == NULL)
    abort();
  free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autoptr(FormData) form = form_data_new();
  g_autoptr(GError) error = NULL;
  if (!form_data_parse_urlencoded(form, (const char *)data, size, 1000, &error)) {
    if (error == NULL)
      abort();
    return 0;
  }
  if (error != NULL || form_data_size(form) > 1000)
    abort();

  for (gsize i = 0; i < G_N_ELEMENTS(specs); i++) {
    const char *first = form_data_get(form, specs[i].name);
    const GPtrArray *all = form_data_get_all(form, specs[i].name);
    if (all == NULL || (first == NULL) != (all->len == 0) ||
        (first != NULL && !g_utf8_validate(first, -1, NULL)))
      abort();
  }

  g_autoptr(FormResult) result = form_validate(specs, G_N_ELEMENTS(specs), form);
  json_t *errors = form_result_errors(result);
  json_t *echo = form_result_echo(result);
  if (!json_is_object(errors) || !json_is_object(echo))
    abort();
  if (form_result_ok(result) != (json_object_size(errors) == 0))
    abort();

  for (gsize i = 0; i < G_N_ELEMENTS(specs); i++) {
    const char *name = specs[i].name;
    gboolean failed = json_object_get(errors, name) != NULL;
    const char *text = form_text(result, name);
    gint64 integer = 0;
    double real = 0;
    gboolean has_int = form_int(result, name, &integer);
    gboolean has_real = form_real(result, name, &real);
    gboolean flag = form_bool(result, name);
    if (failed && (text != NULL || has_int || has_real))
      abort();
    if (text != NULL && !g_utf8_validate(text, -1, NULL))
      abort();
    if (has_int && specs[i].min != specs[i].max &&
        (integer < specs[i].min || integer > specs[i].max))
      abort();
    (void)flag;
  }

  dump_and_free(errors);
  dump_and_free(echo);

  form_result_add_error(result, "navn", "Fejl fra siden.");
  if (form_result_ok(result))
    abort();
  dump_and_free(form_result_errors(result));
  return 0;
}
