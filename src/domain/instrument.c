/* instrument.c — loading the built-in instrument definitions. */
#include "domain/instrument.h"

#include <string.h>

#include "spor-resources.h"

#define BUILTIN_DIR "/spor/instruments/"

gboolean
instrument_load_builtin(StoreDb *db, guint *out_count, GError **error)
{
  g_auto(GStrv) names = g_resource_enumerate_children(spor_get_resource(), BUILTIN_DIR,
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return FALSE;
  guint count = 0;
  for (int i = 0; names[i] != NULL; i++) {
    if (!g_str_has_suffix(names[i], ".json"))
      continue;
    g_autofree char *path = g_strconcat(BUILTIN_DIR, names[i], NULL);
    g_autoptr(GBytes) bytes = g_resource_lookup_data(spor_get_resource(), path,
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, error);
    if (bytes == NULL)
      return FALSE;
    gsize len;
    const char *text = g_bytes_get_data(bytes, &len);
    json_error_t jerr;
    json_t *definition = json_loadb(text, len, 0, &jerr);
    if (definition == NULL) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED,
                  "det indbyggede instrument %s kan ikke læses: linje %d: %s", names[i],
                  jerr.line, jerr.text);
      return FALSE;
    }
    gint64 id;
    gboolean ok = store_instrument_ensure(db, definition, &id, error);
    json_decref(definition);
    if (!ok)
      return FALSE;
    count++;
  }
  if (out_count != NULL)
    *out_count = count;
  return TRUE;
}
