/* static.c — the style sheet, script and icons compiled into the program
 * under /spor/static/.  Each file is indexed once at start with a content
 * hash, which is both its ETag and the ?v= version the layout links to, so
 * browsers may keep a versioned file for a year and revalidate the rest. */
#include <string.h>

#include "core/i18n.h"
#include "http/internal.h"
#include "spor-resources.h"

#define STATIC_RESOURCE_DIR "/spor/static/"

static const char *
content_type_for(const char *name)
{
  static const struct {
    const char *suffix;
    const char *type;
  } types[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(types); i++)
    if (g_str_has_suffix(name, types[i].suffix))
      return types[i].type;
  return "application/octet-stream";
}

static void
static_file_free(gpointer p)
{
  StaticFile *file = p;
  g_free(file->name);
  g_bytes_unref(file->data);
  g_free(file->etag);
  g_free(file->version);
  g_free(file);
}

GHashTable *
static_files_load(GError **error)
{
  GHashTable *files = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, static_file_free);
  g_auto(GStrv) names = g_resource_enumerate_children(spor_get_resource(),
                                                      STATIC_RESOURCE_DIR,
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++) {
    if (g_str_has_suffix(names[i], "/"))
      continue; /* no sub-folders */
    g_autofree char *path = g_strconcat(STATIC_RESOURCE_DIR, names[i], NULL);
    GBytes *data = g_resource_lookup_data(spor_get_resource(), path,
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, error);
    if (data == NULL) {
      g_hash_table_destroy(files);
      return NULL;
    }
    g_autofree char *hash = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, data);
    StaticFile *file = g_new0(StaticFile, 1);
    file->name = g_strdup(names[i]);
    file->data = data;
    file->version = g_strndup(hash, 12);
    file->etag = g_strdup_printf("\"%s\"", file->version);
    file->content_type = content_type_for(file->name);
    g_hash_table_insert(files, file->name, file);
  }
  return files;
}

/* TRUE when the If-None-Match header names etag (or is "*"). */
static gboolean
etag_matches(const char *if_none_match, const char *etag)
{
  if (if_none_match == NULL)
    return FALSE;
  g_auto(GStrv) tags = g_strsplit(if_none_match, ",", 0);
  for (guint i = 0; tags[i] != NULL; i++) {
    const char *tag = g_strstrip(tags[i]);
    if (g_str_has_prefix(tag, "W/"))
      tag += 2;
    if (strcmp(tag, "*") == 0 || strcmp(tag, etag) == 0)
      return TRUE;
  }
  return FALSE;
}

HttpResponse *
static_files_serve(GHashTable *files, const char *name, const char *if_none_match,
                   gboolean versioned)
{
  const StaticFile *file = g_hash_table_lookup(files, name);
  if (file == NULL)
    return NULL;
  gboolean fresh = etag_matches(if_none_match, file->etag);
  HttpResponse *response = http_response_new(fresh ? 304 : 200);
  http_response_add_header(response, "ETag", file->etag);
  http_response_add_header(response, "Cache-Control", versioned
                             ? "public, max-age=31536000, immutable"
                             : "public, max-age=3600");
  if (!fresh) {
    http_response_add_header(response, "Content-Type", file->content_type);
    response->body = g_bytes_ref(file->data);
  }
  return response;
}
