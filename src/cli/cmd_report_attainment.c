/* cmd_report_attainment.c — `spor report attainment`: the national goal
 * attainment (store_report_attainment), the recorded goals on each item
 * (life area, parameter) of an instrument counted in Figur 10's five
 * categories, across every offer or one organisation or offer.  Rows over
 * fewer than SUPPRESS_BELOW goals show "< 5" and no counts, as the other
 * national aggregates (cmd_report.c). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define SUPPRESS_BELOW 5

static const char *const categories[] = {"reached_improve", "improved", "reached_maintain",
                                         "no_change", "worse"};

static char *
padded(const char *text, glong width)
{
  if (text == NULL)
    text = "";
  glong len = g_utf8_strlen(text, -1);
  if (len > width) {
    g_autofree char *cut = g_utf8_substring(text, 0, width - 1);
    return g_strconcat(cut, "…", NULL);
  }
  g_autofree char *pad = g_strnfill((gsize)(width - len), ' ');
  return g_strconcat(text, pad, NULL);
}

static void
print_rows(json_t *rows)
{
  g_autofree char *h = padded("livsområde", 32);
  printf("%s %6s %9s %9s %9s %9s %9s\n", h, "mål", "nået+", "bedre", "fastholdt", "uændret",
         "værre");
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    g_autofree char *item = padded(json_string_value(json_object_get(row, "item_text_da")), 32);
    if (json_is_true(json_object_get(row, "suppressed"))) {
      printf("%s %6s\n", item, "< 5");
      continue;
    }
    printf("%s %6" JSON_INTEGER_FORMAT, item, json_integer_value(json_object_get(row, "n")));
    for (guint c = 0; c < G_N_ELEMENTS(categories); c++)
      printf(" %9" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(row, categories[c])));
    printf("\n");
  }
  printf("nået+: mål om positiv udvikling nået; bedre: positiv udvikling, målet ikke nået;\n"
         "fastholdt: mål om fastholdelse nået.  Seneste godkendte måling i forløbet mod\n"
         "udgangspunktet, da målet blev sat.\n");
}

int
cmd_report_attainment(CliContext *ctx, const char *instrument_key,
                      const StoreReportFilter *filter, gboolean json)
{
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  json_t *rows = NULL, *instrument = NULL;
  /* One snapshot for the instrument and its figures. */
  if (store_begin(db, STORE_TX_READ, &error) &&
      (instrument = store_instrument_get_by_key(db, instrument_key, &error)) != NULL)
    rows = store_report_attainment(db, json_integer_value(json_object_get(instrument, "id")),
                                   filter, &error);
  store_rollback(db);
  if (rows == NULL) {
    json_decref(instrument);
    cli_error("report", "%s", error->message);
    return CLI_FAILED;
  }
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    if (json_integer_value(json_object_get(row, "n")) >= SUPPRESS_BELOW)
      continue;
    json_object_set_new(row, "n", json_null());
    json_object_set_new(row, "suppressed", json_true());
    for (guint c = 0; c < G_N_ELEMENTS(categories); c++)
      json_object_del(row, categories[c]);
  }
  if (json) {
    json_t *out = json_pack("{s:s, s:s, s:I, s:o}", "report", "attainment", "instrument",
                            instrument_key, "suppress_below", (json_int_t)SUPPRESS_BELOW,
                            "rows", rows);
    char *text = json_dumps(out, JSON_INDENT(1));
    puts(text);
    free(text);
    json_decref(out);
  } else {
    printf("%s (%s): målopfyldelse\n",
           json_string_value(json_object_get(instrument, "name_da")), instrument_key);
    print_rows(rows);
    json_decref(rows);
  }
  json_decref(instrument);
  return CLI_OK;
}
