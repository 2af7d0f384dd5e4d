/* fuzz_chart.c — the chart models (line, bar, radar) and the results map from
 * arbitrary JSON: a model is either refused with CHART_ERROR_INVALID or
 * drawn as SVG that is well-formed XML and carries no script, no style
 * attribute and nothing unescaped from the model.  Small valid radar
 * models are drawn with cairo too (PNG), which must succeed. */
#include <glib.h>
#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "core/i18n.h"
#include "render/chart.h"
#include "render/results_map.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  spor_i18n_init();
  return 0;
}

static void
start_element(G_GNUC_UNUSED GMarkupParseContext *ctx, const char *element, const char **names,
              G_GNUC_UNUSED const char **values, G_GNUC_UNUSED gpointer data,
              G_GNUC_UNUSED GError **error)
{
  if (strcmp(element, "script") == 0 || strcmp(element, "foreignObject") == 0)
    __builtin_trap();
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp(names[i], "style") == 0 || g_str_has_prefix(names[i], "on"))
      __builtin_trap();
}

/* The <svg> … </svg> of a fragment must parse as XML. */
static void
check_svg(const char *out)
{
  const char *start = strstr(out, "<svg"), *end = strstr(out, "</svg>");
  if (start == NULL || end == NULL)
    __builtin_trap();
  static const GMarkupParser parser = {start_element, NULL, NULL, NULL, NULL};
  GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, NULL, NULL);
  gboolean ok = g_markup_parse_context_parse(ctx, start, end - start + 6, NULL) &&
                g_markup_parse_context_end_parse(ctx, NULL);
  g_markup_parse_context_free(ctx);
  if (!ok)
    __builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 16 * 1024)
    return 0;
  json_t *model = json_loadb((const char *)data, size, JSON_DISABLE_EOF_CHECK, NULL);
  if (model == NULL)
    return 0;
  GError *error = NULL;
  char *svg = chart_svg(model, &error);
  if (svg != NULL) {
    check_svg(svg);
    g_free(svg);
    const char *kind = json_string_value(json_object_get(model, "kind"));
    size_t n = json_array_size(json_object_get(model, "axes"));
    if (kind != NULL && strcmp(kind, "radar") == 0 && n <= 12 &&
        json_array_size(json_object_get(model, "series")) <= 3) {
      GBytes *png = chart_png(model, 200, &error);
      if (png == NULL)
        __builtin_trap();
      g_bytes_unref(png);
    }
  } else if (!g_error_matches(error, CHART_ERROR, CHART_ERROR_INVALID)) {
    __builtin_trap();
  }
  g_clear_error(&error);
  char *map = results_map_svg(model, &error);
  if (map != NULL) {
    check_svg(map);
    g_free(map);
  } else if (!g_error_matches(error, CHART_ERROR, CHART_ERROR_INVALID)) {
    __builtin_trap();
  }
  g_clear_error(&error);
  json_decref(model);
  return 0;
}
