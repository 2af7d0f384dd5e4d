/* fuzz_template.c — the mustache engine: arbitrary bytes compiled as a
 * template (and as a partial it may include), then rendered against a
 * context with strings, numbers, lists and nested objects, with and
 * without a translate function.  A compile that succeeds must render
 * without error except for endless partial recursion; a failed compile
 * must leave the set without the template. */
#include <glib.h>
#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "render/template.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *context;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  context = json_loads("{\"a\": \"<x&y>\", \"n\": 3, \"r\": 1.25, \"t\": true, \"f\": false,"
                       " \"z\": null, \"list\": [1, {\"a\": \"in\"}, [2, 3], \"s\"],"
                       " \"o\": {\"b\": {\"c\": \"deep\"}}, \"_\": \"u\"}", 0, NULL);
  return 0;
}

static const char *
translate_twice(const char *msgid, void *user_data)
{
  GString *keep = user_data;
  g_string_assign(keep, msgid);
  g_string_append(keep, msgid);
  return keep->str;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 16 * 1024)
    return 0;
  g_autofree char *source = g_strndup((const char *)data, size); /* stops at a NUL */
  g_autoptr(TemplateSet) set = template_set_new();
  g_autoptr(GError) error = NULL;
  if (!template_set_add(set, "t", source, &error)) {
    if (template_set_has(set, "t") || error == NULL)
      __builtin_trap();
    return 0;
  }
  template_set_add(set, "p", source, NULL);
  json_t *stack[] = {context};
  for (int pass = 0; pass < 2; pass++) {
    GString *out = g_string_new(NULL);
    GString *keep = g_string_new(NULL);
    g_autoptr(GError) render_error = NULL;
    if (!template_render(set, "t", stack, 1, pass ? translate_twice : NULL, keep, out,
                         &render_error) &&
        render_error == NULL)
      __builtin_trap();
    g_string_free(keep, TRUE);
    g_string_free(out, TRUE);
  }
  return 0;
}
