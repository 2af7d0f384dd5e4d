/* fuzz_cookie.c — Cookie headers: arbitrary text (no NUL, at most 16 KiB,
 * like a header from libmicrohttpd) through http_parse_cookies(), then
 * every name and value read back.  Aborts when a parsed cookie breaks the
 * contract (an empty name, a control character, invalid UTF-8). */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A g_critical() or g_warning() from the code under test is a finding. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static gboolean
has_control_characters(const char *text)
{
  for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++)
    if (*p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 16 * 1024 || memchr(data, '\0', size) != NULL)
    return 0;
  g_autofree char *header = g_strndup((const char *)data, size);

  g_autoptr(GHashTable) cookies = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  if (!http_parse_cookies(header, cookies, &error)) {
    if (error == NULL)
      abort();
    return 0;
  }
  if (error != NULL)
    abort();

  GHashTableIter iter;
  gpointer key, value;
  gsize total = 0;
  g_hash_table_iter_init(&iter, cookies);
  while (g_hash_table_iter_next(&iter, &key, &value)) {
    const char *name = key, *text = value;
    if (name == NULL || text == NULL || *name == '\0')
      abort();
    if (has_control_characters(name) || has_control_characters(text))
      abort();
    if (!g_utf8_validate(name, -1, NULL) || !g_utf8_validate(text, -1, NULL))
      abort();
    if (strchr(name, ';') != NULL || strchr(text, ';') != NULL)
      abort();
    total += strlen(name) + strlen(text);
  }
  if (total > size)
    abort();
  return 0;
}
