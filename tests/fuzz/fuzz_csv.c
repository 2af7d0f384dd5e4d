/* fuzz_csv.c — the CSV import's reading and checking (domain/exchange.h)
 * on arbitrary bytes, without a database: the first byte picks the kind
 * (citizens, courses, measurements) and the size of the pieces the rest
 * is fed in, so that lines, quotes and multi-byte characters are split at
 * every place.  The same text read whole must give the same rows and the
 * same problems, and every problem must name a line within the text. */
#include <glib.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/exchange.h"

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

/* The problems of an import as one text, to compare two readings. */
static char *
run(CsvKind kind, const char *text, size_t len, size_t piece, guint *out_rows)
{
  CsvImport *imp = csv_import_new(kind, NULL, 0, NULL);
  GError *error = NULL;
  for (size_t at = 0; at < len; at += piece)
    if (!csv_import_feed(imp, text + at, MIN(piece, len - at), &error))
      abort(); /* without a store nothing can fail */
  if (!csv_import_finish(imp, &error))
    abort();
  if (csv_import_written(imp) != 0)
    abort();
  const GPtrArray *problems = csv_import_problems(imp);
  if (csv_import_problem_count(imp) < problems->len || problems->len > CSV_MAX_PROBLEMS)
    abort();
  guint lines = 1;
  for (size_t i = 0; i < len; i++)
    lines += text[i] == '\n';
  GString *all = g_string_new(NULL);
  for (guint i = 0; i < problems->len; i++) {
    const CsvProblem *p = g_ptr_array_index(problems, i);
    if (p->line > lines || p->message == NULL || !g_utf8_validate(p->message, -1, NULL) ||
        (p->column != NULL && !g_utf8_validate(p->column, -1, NULL)))
      abort();
    char *line = csv_problem_format(p);
    g_string_append_printf(all, "%s\n", line);
    g_free(line);
  }
  json_t *as_json = csv_import_problems_json(imp);
  char *dumped = json_dumps(as_json, JSON_COMPACT);
  if (dumped == NULL)
    abort();
  free(dumped);
  json_decref(as_json);
  *out_rows = csv_import_rows(imp);
  csv_import_free(imp);
  return g_string_free(all, FALSE);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  CsvKind kind = (CsvKind)(data[0] % 3);
  size_t piece = 1 + (data[0] >> 2);
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  guint rows_whole = 0, rows_pieces = 0;
  char *whole = run(kind, text, len, len > 0 ? len : 1, &rows_whole);
  char *pieces = run(kind, text, len, piece, &rows_pieces);
  if (strcmp(whole, pieces) != 0 || rows_whole != rows_pieces)
    abort();
  g_free(whole);
  g_free(pieces);
  return 0;
}
