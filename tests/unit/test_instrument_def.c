/* test_instrument_def.c — reading instrument definitions: a valid one
 * becomes the typed value it says, and each broken one is refused with
 * exactly the problems expected, each at its JSON path (syntax errors at
 * their line and column), in Danish and in English.  The built-in
 * definitions are read and checked against their sources' counts. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "domain/instrument.h"
#include "domain/instrument_def.h"
#include "domain/scoring.h"

/* A small definition that uses every part of the format. */
static const char *const base_text =
  "{\"id\": \"proeve\", \"version\": 1,"
  " \"name\": {\"da\": \"Prøve\", \"en\": \"Test\"},"
  " \"description\": {\"da\": \"Et skema til prøver.\"},"
  " \"kind\": \"questionnaire\", \"respondents\": [\"citizen\", \"staff\"],"
  " \"direction\": \"higher_is_better\", \"reliability\": 0.8,"
  " \"scales\": ["
  "  {\"id\": \"freq\", \"values\": ["
  "    {\"value\": 0, \"label\": {\"da\": \"Aldrig\", \"en\": \"Never\"}},"
  "    {\"value\": 1, \"label\": {\"da\": \"Sommetider\"}},"
  "    {\"value\": 2, \"label\": {\"da\": \"Altid\"}},"
  "    {\"value\": 8, \"label\": {\"da\": \"Ved ikke\"}, \"flagged\": true, \"score\": 0},"
  "    {\"value\": 9, \"label\": {\"da\": \"Ikke relevant\"}, \"excluded\": true}]},"
  "  {\"id\": \"yn\", \"values\": ["
  "    {\"value\": 0, \"label\": {\"da\": \"Nej\"}},"
  "    {\"value\": 1, \"label\": {\"da\": \"Ja\"}, \"code\": \"Y\"}]}],"
  " \"subscales\": [{\"id\": \"a\", \"name\": {\"da\": \"Del A\"}, \"method\": \"mean\"}],"
  " \"items\": ["
  "  {\"id\": \"q1\", \"text\": {\"da\": \"Et\"}, \"scale\": \"freq\", \"subscale\": \"a\"},"
  "  {\"id\": \"q2\", \"text\": {\"da\": \"To\"}, \"scale\": \"freq\", \"subscale\": \"a\","
  "   \"reverse\": true, \"weight\": 2},"
  "  {\"id\": \"q3\", \"text\": {\"da\": \"Tre\"}, \"scale\": \"yn\","
  "   \"levels\": [{\"value\": 1, \"label\": {\"da\": \"Ja, helt\"}}]},"
  "  {\"id\": \"q4\", \"text\": {\"da\": \"Fire\"}, \"help\": {\"da\": \"Hjælp\"},"
  "   \"scale\": \"freq\"}],"
  " \"total\": {\"method\": \"sum\", \"min_answered\": 2, \"cutoffs\": ["
  "  {\"from\": 0, \"label\": {\"da\": \"Lav\"}}, {\"from\": 4, \"label\": {\"da\": \"Høj\"}}]}}";

/* ---- Changing the base by path ------------------------------------------------ */

/* Sets (value non-NULL, stolen) or removes the value at a path such as
 * "items[3].scale" in root; an index one past the end appends. */
static void
set_path(json_t *root, const char *path, json_t *value)
{
  g_auto(GStrv) keys = g_strsplit(path, ".", -1);
  json_t *node = root;
  for (guint k = 0; keys[k] != NULL; k++) {
    gboolean last_key = keys[k + 1] == NULL;
    char *bracket = strchr(keys[k], '[');
    g_autofree char *name = bracket ? g_strndup(keys[k], (gsize)(bracket - keys[k]))
                                    : g_strdup(keys[k]);
    if (*name != '\0') {
      if (last_key && bracket == NULL) {
        if (value != NULL)
          json_object_set_new(node, name, value);
        else
          json_object_del(node, name);
        return;
      }
      node = json_object_get(node, name);
    }
    for (char *b = bracket; b != NULL; b = strchr(b + 1, '[')) {
      size_t index = (size_t)g_ascii_strtoull(b + 1, NULL, 10);
      gboolean last = last_key && strchr(b + 1, '[') == NULL;
      if (last) {
        if (value == NULL)
          json_array_remove(node, index);
        else if (index == json_array_size(node))
          json_array_append_new(node, value);
        else
          json_array_set_new(node, index, value);
        return;
      }
      node = json_array_get(node, index);
    }
    g_assert_nonnull(node);
  }
}

typedef struct Patch {
  const char *path;
  const char *json; /* NULL: remove */
} Patch;

typedef struct Case {
  const char *name;
  Patch patches[4];
  const char *expected[6]; /* the problems, in order, as "path: message" */
} Case;

static const Case cases[] = {
  {"unknown-scale", {{"items[3].scale", "\"freq7\""}},
   {"items[3].scale: ukendt skala 'freq7'"}},
  {"unknown-fields", {{"colour", "1"}, {"items[1].farve", "\"rød\""}, {"name.de", "\"x\""}},
   {"colour: ukendt felt", "name.de: ukendt felt", "items[1].farve: ukendt felt"}},
  {"missing-name", {{"name", NULL}}, {"name: mangler"}},
  {"missing-required", {{"id", NULL}, {"kind", NULL}, {"scales[0].values[0].label", NULL}},
   {"id: mangler", "kind: mangler", "scales[0].values[0].label: mangler"}},
  {"empty-text", {{"name.da", "\"   \""}}, {"name.da: må ikke være tom"}},
  {"text-not-object", {{"items[0].text", "\"Et\""}},
   {"items[0].text: skal være et objekt med teksterne \"da\" og \"en\""}},
  {"control-characters", {{"name.da", "\"a\\u0001b\""}}, {"name.da: må ikke indeholde styretegn"}},
  {"no-english-is-fine", {{"name.en", NULL}}, {NULL}},
  {"version-zero", {{"version", "0"}}, {"version: skal ligge mellem 1 og 2147483647"}},
  {"version-text", {{"version", "\"1\""}}, {"version: skal være et helt tal"}},
  {"version-real", {{"version", "1e30"}}, {"version: skal være et helt tal"}},
  {"bad-id", {{"id", "\"hej med dig\""}},
   {"id: skal være 1–64 tegn: bogstaver, cifre, punktum, bindestreg og understregning, og "
    "begynde med et bogstav eller et ciffer"}},
  {"bad-kind", {{"kind", "\"survey\""}},
   {"kind: ukendt art 'survey' (brug questionnaire, goal_based eller practice_assessment)"}},
  {"respondents", {{"respondents", "[\"citizen\", \"citizen\", \"nabo\", 3]"}},
   {"respondents[1]: 'citizen' står der to gange",
    "respondents[2]: ukendt besvarer 'nabo' (brug citizen, staff, relative eller authority)",
    "respondents[3]: skal være en tekst"}},
  {"no-respondents", {{"respondents", "[]"}}, {"respondents: må ikke være en tom liste"}},
  {"direction", {{"direction", "\"up\""}},
   {"direction: ukendt retning 'up' (brug higher_is_better eller lower_is_better)"}},
  {"reliability", {{"reliability", "1.5"}},
   {"reliability: skal være et tal større end 0 og mindre end 1"}},
  {"duplicate-item", {{"items[2].id", "\"q1\""}},
   {"items[2].id: id'et 'q1' findes to gange"}},
  {"duplicate-scale", {{"scales[1].id", "\"freq\""}},
   {"scales[1].id: id'et 'freq' findes to gange", "items[2].scale: ukendt skala 'yn'"}},
  {"duplicate-value", {{"scales[1].values[1].value", "0"}},
   {"scales[1].values[1]: værdien 0 findes to gange i skalaen",
    "scales[1].values: de almindelige værdiers score må ikke alle være ens",
    "items[2].levels[0].value: værdien 1 findes ikke på skalaen 'yn'"}},
  {"flagged-and-excluded", {{"scales[0].values[3].excluded", "true"}},
   {"scales[0].values[3]: en værdi kan ikke både være markeret (flagged) og udeladt (excluded)",
    "scales[0].values[3].score: en udeladt værdi tæller ikke og kan ikke have en score"}},
  {"flagged-score", {{"scales[0].values[3].score", "5"}},
   {"scales[0].values[3]: en markeret værdis score (5) skal ligge mellem de almindelige værdiers "
    "(0 til 2)"}},
  {"one-regular-value", {{"scales[1].values[1]", NULL}},
   {"scales[1].values: skalaen skal have mindst to almindelige værdier (hverken markerede "
    "eller udeladte)",
    "items[2].levels[0].value: værdien 1 findes ikke på skalaen 'yn'"}},
  {"value-range", {{"scales[1].values[1].value", "2000000"}, {"items[2].levels", NULL}},
   {"scales[1].values[1].value: skal ligge mellem -1000000 og 1000000"}},
  {"score-not-number", {{"scales[1].values[1].score", "\"en\""}},
   {"scales[1].values[1].score: skal være et tal"}},
  {"unknown-subscale", {{"items[0].subscale", "\"b\""}},
   {"items[0].subscale: ukendt delskala 'b'"}},
  {"empty-subscale",
   {{"subscales[1]", "{\"id\": \"b\", \"name\": {\"da\": \"B\"}, \"method\": \"sum\"}"}},
   {"subscales[1]: ingen spørgsmål hører til delskalaen"}},
  {"unknown-method", {{"total.method", "\"median\""}},
   {"total.method: ukendt metode 'median' (brug sum, mean, percent_of_max eller gas_t)"}},
  {"min-answered", {{"total.min_answered", "5"}, {"subscales[0].min_answered", "3"}},
   {"subscales[0].min_answered: skal ligge mellem 1 og 2 (antallet af spørgsmål)",
    "total.min_answered: skal ligge mellem 1 og 4 (antallet af spørgsmål)"}},
  {"min-answered-zero", {{"total.min_answered", "0"}},
   {"total.min_answered: skal ligge mellem 1 og 1000"}},
  {"rho-with-sum", {{"total.rho", "0.3"}}, {"total.rho: bruges kun med metoden gas_t"}},
  {"rho-range", {{"total.method", "\"gas_t\""}, {"total.rho", "1"}},
   {"total.rho: skal være mindst 0 og mindre end 1"}},
  {"factor", {{"subscales[0].method", "\"percent_of_max\""}, {"subscales[0].factor", "2"},
              {"total.factor", "-1"}},
   {"subscales[0].factor: bruges kun med metoderne sum og mean",
    "total.factor: skal være større end 0 og højst 1000000"}},
  {"cutoffs", {{"total.cutoffs[1].from", "0"}, {"total.cutoffs[2]", "{\"from\": 9}"}},
   {"total.cutoffs[1].from: skal være større end grænsen før (0)",
    "total.cutoffs[2].label: mangler"}},
  {"weight", {{"items[0].weight", "0"}, {"items[1].weight", "\"tung\""}},
   {"items[0].weight: skal være større end 0 og højst 1000",
    "items[1].weight: skal være et tal"}},
  {"levels", {{"items[2].levels[1]", "{\"value\": 5, \"label\": {\"da\": \"x\"}}"},
              {"items[2].levels[2]", "{\"value\": 1, \"label\": {\"da\": \"y\"}}"}},
   {"items[2].levels[1].value: værdien 5 findes ikke på skalaen 'yn'",
    "items[2].levels[2]: værdien 1 har allerede en tekst"}},
  {"reverse", {{"items[0].reverse", "\"ja\""}},
   {"items[0].reverse: skal være true eller false"}},
  {"scale-missing", {{"items[0].scale", NULL}},
   {"items[0].scale: mangler (definitionen har flere skalaer)"}},
  {"lists", {{"scales", "{}"}, {"items", "[]"}, {"subscales", "7"}},
   {"scales: skal være en liste", "subscales: skal være en liste",
    "items: må ikke være en tom liste"}},
  {"elements-not-objects", {{"items[4]", "\"q5\""}, {"scales[2]", "[]"}},
   {"scales[2]: skal være et JSON-objekt", "items[4]: skal være et JSON-objekt"}},
  {"total-not-object", {{"total", "\"sum\""}}, {"total: skal være et JSON-objekt"}},
  {"several-at-once", {{"items[3].scale", "\"freq7\""}, {"name", NULL}, {"kind", "\"x\""}},
   {"name: mangler",
    "kind: ukendt art 'x' (brug questionnaire, goal_based eller practice_assessment)",
    "items[3].scale: ukendt skala 'freq7'"}},
};

static json_t *
base(void)
{
  json_error_t jerr;
  json_t *json = json_loads(base_text, 0, &jerr);
  if (json == NULL)
    g_error("base: %s at %d:%d", jerr.text, jerr.line, jerr.column);
  return json;
}

/* The problems of reading text, one "path: message" string each. */
static GStrv
problems_of_text(const char *text, gsize len)
{
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  InstrumentDef *def = instrument_def_parse(text, len, problems);
  g_assert_true((def == NULL) == (problems->len > 0));
  instrument_def_free(def);
  GPtrArray *lines = g_ptr_array_new();
  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add(lines, instrument_problem_format(g_ptr_array_index(problems, i)));
  g_ptr_array_add(lines, NULL);
  return (GStrv)g_ptr_array_free(lines, FALSE);
}

static void
test_case(gconstpointer data)
{
  const Case *c = data;
  json_t *json = base();
  for (guint i = 0; i < G_N_ELEMENTS(c->patches) && c->patches[i].path != NULL; i++) {
    json_t *value = NULL;
    if (c->patches[i].json != NULL) {
      json_error_t jerr;
      value = json_loads(c->patches[i].json, JSON_DECODE_ANY, &jerr);
      g_assert_nonnull(value);
    }
    set_path(json, c->patches[i].path, value);
  }
  char *text = json_dumps(json, 0);
  json_decref(json);
  g_auto(GStrv) got = problems_of_text(text, strlen(text));
  free(text);
  guint n_expected = 0;
  while (n_expected < G_N_ELEMENTS(c->expected) && c->expected[n_expected] != NULL)
    n_expected++;
  for (guint i = 0; got[i] != NULL; i++)
    g_test_message("%s: %s", c->name, got[i]);
  g_assert_cmpuint(g_strv_length(got), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpstr(got[i], ==, c->expected[i]);
}

/* ---- The valid definition -------------------------------------------------------- */

static void
test_valid(void)
{
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  g_autoptr(InstrumentDef) def = instrument_def_parse(base_text, strlen(base_text), problems);
  g_assert_cmpuint(problems->len, ==, 0);
  g_assert_nonnull(def);
  g_assert_cmpstr(def->id, ==, "proeve");
  g_assert_cmpint(def->version, ==, 1);
  g_assert_cmpstr(instrument_text(&def->name, SPOR_LANG_EN), ==, "Test");
  g_assert_cmpstr(instrument_text(&def->description, SPOR_LANG_EN), ==, "Et skema til prøver.");
  g_assert_null(def->notes.da);
  g_assert_cmpint(def->kind, ==, INSTRUMENT_KIND_QUESTIONNAIRE);
  g_assert_cmpuint(def->respondents, ==,
                   INSTRUMENT_RESPONDENT_CITIZEN | INSTRUMENT_RESPONDENT_STAFF);
  g_assert_true(def->higher_is_better);
  g_assert_true(def->has_reliability);
  g_assert_cmpfloat(def->reliability, ==, 0.8);

  g_assert_cmpuint(def->n_scales, ==, 2);
  const InstrumentScale *freq = &def->scales[0];
  g_assert_cmpuint(freq->n_values, ==, 5);
  g_assert_cmpfloat(freq->score_min, ==, 0);
  g_assert_cmpfloat(freq->score_max, ==, 2);
  g_assert_cmpint(freq->value_min, ==, 0);
  g_assert_cmpint(freq->value_max, ==, 2);
  g_assert_true(freq->values[3].flagged);
  g_assert_cmpfloat(freq->values[3].score, ==, 0);
  g_assert_true(freq->values[4].excluded);
  g_assert_cmpfloat(freq->values[1].score, ==, 1);
  g_assert_cmpstr(def->scales[1].values[1].code, ==, "Y");

  g_assert_cmpuint(def->n_items, ==, 4);
  g_assert_cmpuint(def->items[1].scale, ==, 0);
  g_assert_cmpuint(def->items[2].scale, ==, 1);
  g_assert_cmpint(def->items[0].subscale, ==, 0);
  g_assert_cmpint(def->items[3].subscale, ==, -1);
  g_assert_true(def->items[1].reverse);
  g_assert_cmpfloat(def->items[1].weight, ==, 2);
  g_assert_cmpfloat(def->items[0].weight, ==, 1);
  g_assert_cmpstr(def->items[3].help.da, ==, "Hjælp");
  g_assert_null(def->items[0].help.da);
  g_assert_cmpint(instrument_def_item_index(def, "q3"), ==, 2);
  g_assert_cmpint(instrument_def_item_index(def, "q9"), ==, -1);
  g_assert_cmpstr(instrument_def_label(def, 2, 1)->da, ==, "Ja, helt");
  g_assert_cmpstr(instrument_def_label(def, 2, 0)->da, ==, "Nej");
  g_assert_null(instrument_def_label(def, 2, 7));
  g_assert_null(instrument_def_value(def, 0, 3));
  g_assert_cmpstr(instrument_text(&instrument_def_value(def, 0, 0)->label, SPOR_LANG_EN), ==,
                  "Never");
  g_assert_cmpstr(instrument_text(&instrument_def_value(def, 0, 1)->label, SPOR_LANG_EN), ==,
                  "Sommetider");

  g_assert_cmpuint(def->n_subscales, ==, 1);
  g_assert_cmpuint(def->subscales[0].n_items, ==, 2);
  g_assert_cmpint(def->subscales[0].scoring.method, ==, SCORE_METHOD_MEAN);
  g_assert_cmpuint(def->subscales[0].scoring.min_answered, ==, 1);
  g_assert_true(def->has_total);
  g_assert_cmpint(def->total.method, ==, SCORE_METHOD_SUM);
  g_assert_cmpuint(def->total.min_answered, ==, 2);
  g_assert_cmpfloat(def->total.factor, ==, 1);
  g_assert_cmpfloat(def->total.rho, ==, 0.3);
  g_assert_cmpuint(def->total.n_cutoffs, ==, 2);
  g_assert_cmpfloat(def->total.cutoffs[1].from, ==, 4);
  g_assert_cmpstr(def->total.cutoffs[1].label.da, ==, "Høj");
  g_assert_true(def->total.has_reliability);

  /* The text form reads back to the same definition. */
  g_autofree char *text = instrument_def_to_text(def);
  g_assert_true(g_str_has_suffix(text, "}\n"));
  g_autoptr(InstrumentDef) again = instrument_def_parse(text, strlen(text), problems);
  g_assert_nonnull(again);
  g_assert_true(json_equal(again->json, def->json));
}

/* ---- Text that is not a definition ------------------------------------------------- */

/* len < 0: up to the NUL. */
static void
assert_one_problem(const char *text, gssize len, const char *prefix)
{
  g_auto(GStrv) got = problems_of_text(text, len < 0 ? strlen(text) : (gsize)len);
  g_assert_cmpuint(g_strv_length(got), ==, 1);
  if (!g_str_has_prefix(got[0], prefix))
    g_error("'%s' does not start with '%s'", got[0], prefix);
}

static void
test_syntax(void)
{
  assert_one_problem("{\"id\": \"x\",\n  \"version\": 1,,}", -1,
                     "linje 2, kolonne 16: ugyldig JSON: ");
  assert_one_problem("{\"id\": \"a\", \"id\": \"b\"}", -1, "linje 1, kolonne ");
  g_auto(GStrv) dup = problems_of_text("{\"id\": \"a\", \"id\": \"b\"}", 22);
  g_assert_nonnull(strstr(dup[0], "duplicate"));
  assert_one_problem("{\"name\": \"a\\u0000b\"}", -1, "linje 1, kolonne ");
  assert_one_problem("{\"id\": \"x\"} trailing", -1, "linje 1, kolonne ");
  assert_one_problem("{\"id\": \"\xff\"}", -1, "linje 1, kolonne ");
  assert_one_problem("", -1, "filen er tom");
  assert_one_problem("[1, 2]", -1, "definitionen skal være et JSON-objekt");
  assert_one_problem("\"tekst\"", -1, "linje 1, kolonne ");
  /* A NUL byte inside the text ends it for no one: it is a syntax error. */
  assert_one_problem("{\"id\": \"x\"}\0{}", 14, "linje 1, kolonne ");

  /* Nested without end: refused, never a crash. */
  GString *deep = g_string_new(NULL);
  for (int i = 0; i < 100000; i++)
    g_string_append_c(deep, '[');
  assert_one_problem(deep->str, deep->len, "linje 1, kolonne ");
  g_string_free(deep, TRUE);

  /* Too big to read. */
  gsize big = INSTRUMENT_MAX_BYTES + 1;
  char *huge = g_malloc0(big);
  assert_one_problem(huge, big, "filen er for stor (højst 8 MiB)");
  g_free(huge);
}

/* Every problem is reported, up to a limit, and the rest are counted. */
static void
test_many_problems(void)
{
  json_t *json = base();
  for (int i = 0; i < 600; i++) {
    char key[32];
    g_snprintf(key, sizeof key, "ekstra%03d", i);
    json_object_set_new(json, key, json_true());
  }
  char *text = json_dumps(json, 0);
  json_decref(json);
  g_auto(GStrv) got = problems_of_text(text, strlen(text));
  free(text);
  g_assert_cmpuint(g_strv_length(got), ==, INSTRUMENT_MAX_PROBLEMS + 1);
  g_assert_cmpstr(got[0], ==, "ekstra000: ukendt felt");
  g_assert_cmpstr(got[INSTRUMENT_MAX_PROBLEMS], ==, "100 problemer mere er ikke vist");

  /* Keys that cannot be shown as they are are shown safely. */
  json = base();
  json_object_set_new(json, "a\x01z", json_true());
  g_autofree char *long_key = g_strnfill(100, 'k');
  json_object_set_new(json, long_key, json_true());
  text = json_dumps(json, 0);
  json_decref(json);
  g_auto(GStrv) shown = problems_of_text(text, strlen(text));
  free(text);
  g_assert_cmpuint(g_strv_length(shown), ==, 2);
  g_assert_cmpstr(shown[0], ==, "a?z: ukendt felt");
  g_autofree char *cut = g_strdup_printf("%.*s…: ukendt felt", 64, long_key);
  g_assert_cmpstr(shown[1], ==, cut);
}

/* The same problems in English when the thread's language is English. */
static void
test_english(void)
{
  spor_i18n_init();
  if (!spor_i18n_available(SPOR_LANG_EN)) {
    g_test_skip("no English locale on this machine");
    return;
  }
  json_t *json = base();
  json_object_set_new(json, "colour", json_true());
  set_path(json, "items[3].scale", json_string("freq7"));
  char *text = json_dumps(json, 0);
  json_decref(json);
  spor_i18n_use(SPOR_LANG_EN);
  g_auto(GStrv) got = problems_of_text(text, strlen(text));
  g_auto(GStrv) syntax = problems_of_text("{,}", 3);
  spor_i18n_use(SPOR_LANG_DA);
  free(text);
  g_assert_cmpuint(g_strv_length(got), ==, 2);
  g_assert_cmpstr(got[0], ==, "colour: unknown field");
  g_assert_cmpstr(got[1], ==, "items[3].scale: unknown scale 'freq7'");
  g_assert_true(g_str_has_prefix(syntax[0], "line 1, column 2: invalid JSON: "));
}

/* ---- The built-in definitions ------------------------------------------------------ */

static InstrumentDef *
builtin(const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = instrument_builtin_bytes(name, &error);
  g_assert_no_error(error);
  gsize len;
  const char *text = g_bytes_get_data(bytes, &len);
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  InstrumentDef *def = instrument_def_parse(text, len, problems);
  if (def == NULL) {
    g_autofree char *lines = instrument_problems_join(problems, "  ");
    g_error("%s:\n%s", name, lines);
  }
  return def;
}

/* Every text of a built-in definition is there in both languages. */
static void
assert_bilingual(const InstrumentDef *def)
{
  g_assert_nonnull(def->name.en);
  g_assert_nonnull(def->description.en);
  g_assert_nonnull(def->source.en);
  for (guint i = 0; i < def->n_items; i++) {
    g_assert_nonnull(def->items[i].text.en);
    g_assert_true(def->items[i].help.da == NULL || def->items[i].help.en != NULL);
  }
  for (guint s = 0; s < def->n_scales; s++)
    for (guint v = 0; v < def->scales[s].n_values; v++)
      g_assert_nonnull(def->scales[s].values[v].label.en);
  for (guint s = 0; s < def->n_subscales; s++)
    g_assert_nonnull(def->subscales[s].name.en);
}

static void
test_builtin_all(void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = instrument_builtin_names(&error);
  g_assert_no_error(error);
  const char *const expected[] = {"gas.json", "lovende-praksis.json", "selvevaluering.json",
                                  "vum-livsomraader.json", "who-5.json", NULL};
  g_assert_true(g_strv_equal((const char *const *)names, expected));
  for (guint i = 0; names[i] != NULL; i++) {
    g_autoptr(InstrumentDef) def = builtin(names[i]);
    g_autofree char *id = g_strndup(names[i], strlen(names[i]) - strlen(".json"));
    g_assert_cmpstr(def->id, ==, id);
    assert_bilingual(def);
  }
}

static void
test_builtin_lovende_praksis(void)
{
  g_autoptr(InstrumentDef) def = builtin("lovende-praksis.json");
  g_assert_cmpint(def->kind, ==, INSTRUMENT_KIND_PRACTICE_ASSESSMENT);
  g_assert_cmpuint(def->n_items, ==, 59);
  g_assert_cmpuint(def->n_subscales, ==, 11);
  /* Questions per element, as the source has them (Virkning is cut off). */
  const guint per_element[] = {6, 2, 8, 9, 2, 3, 4, 4, 7, 7, 7};
  const char *const names[] = {"Teori og viden", "Virkning", "Beskrivelse", "Mål",
                               "Overførbarhed", "Økonomi", "Faglig refleksion",
                               "Relationelt samarbejde", "Individuel tilrettelæggelse",
                               "Monitorering", "Opfølgning"};
  for (guint s = 0; s < 11; s++) {
    g_assert_cmpuint(def->subscales[s].n_items, ==, per_element[s]);
    g_assert_cmpstr(def->subscales[s].name.da, ==, names[s]);
    g_assert_cmpint(def->subscales[s].scoring.method, ==, SCORE_METHOD_PERCENT_OF_MAX);
    g_assert_nonnull(def->subscales[s].description.da);
    g_assert_nonnull(def->subscales[s].help.en);
  }
  /* Only Overførbarhed question 2 is reverse-scored. */
  for (guint i = 0; i < def->n_items; i++)
    g_assert_true(def->items[i].reverse == (strcmp(def->items[i].id, "transferability_2") == 0));
  int t2 = instrument_def_item_index(def, "transferability_2");
  g_assert_true(g_str_has_prefix(def->items[t2].text.da,
                                 "Er der specielle forhold ved praksis, der gør det svært for "
                                 "andre at implementere praksis?"));
  /* Verbatim texts, including the source's own spelling. */
  g_assert_cmpstr(def->items[0].text.da, ==,
                  "Er praksis baseret på en eller flere navngivne teorier eller metoder?");
  int g3 = instrument_def_item_index(def, "goals_3");
  g_assert_cmpstr(def->items[g3].text.da, ==,
                  "Er målene for borgerene konkrete? Her tænker vi på, om det er tydeligt, hvad "
                  "målene for borgerne præcist er.");
  int f7 = instrument_def_item_index(def, "follow_up_7");
  g_assert_cmpstr(def->items[f7].text.da, ==,
                  "Drøftes de sammenholdte målinger for hele målgruppen (aggregerede data) med "
                  "relevante samarbejdspartnere?");
  /* The answer scale: Ja 2, Delvist 1, Nej 0, Ved ikke flagged 0, Ikke relevant excluded. */
  g_assert_cmpuint(def->n_scales, ==, 1);
  const InstrumentScale *scale = &def->scales[0];
  g_assert_cmpuint(scale->n_values, ==, 5);
  const char *const labels[] = {"Ja", "Delvist", "Nej", "Ved ikke", "Ikke relevant"};
  const double scores[] = {2, 1, 0, 0};
  for (guint v = 0; v < 5; v++) {
    g_assert_cmpstr(scale->values[v].label.da, ==, labels[v]);
    if (v < 4)
      g_assert_cmpfloat(scale->values[v].score, ==, scores[v]);
    g_assert_true(scale->values[v].flagged == (v == 3));
    g_assert_true(scale->values[v].excluded == (v == 4));
  }
  /* The notes tell what the source lacks and what to do about it. */
  g_assert_nonnull(strstr(def->notes.da, "59"));
  g_assert_nonnull(strstr(def->notes.da, "67"));
  g_assert_nonnull(strstr(def->notes.da, "ny version"));
  g_assert_nonnull(strstr(def->notes.en, "new version"));
}

static void
test_builtin_others(void)
{
  g_autoptr(InstrumentDef) self = builtin("selvevaluering.json");
  g_assert_cmpuint(self->n_items, ==, 24);
  g_assert_cmpuint(self->n_subscales, ==, 5);
  const guint rows[] = {3, 5, 7, 5, 4};
  for (guint s = 0; s < 5; s++) {
    g_assert_cmpuint(self->subscales[s].n_items, ==, rows[s]);
    g_assert_cmpint(self->subscales[s].scoring.method, ==, SCORE_METHOD_MEAN);
  }
  for (guint i = 0; i < self->n_items; i++)
    g_assert_true(self->items[i].reverse == (strcmp(self->items[i].id, "organisation_5") == 0));
  g_assert_cmpstr(self->scales[0].values[0].label.da, ==, "Slet ikke");
  g_assert_cmpstr(self->scales[0].values[4].label.da, ==, "I meget høj grad");

  g_autoptr(InstrumentDef) vum = builtin("vum-livsomraader.json");
  g_assert_false(vum->higher_is_better);
  g_assert_cmpuint(vum->n_items, ==, 7);
  g_assert_cmpint(vum->total.method, ==, SCORE_METHOD_MEAN);
  g_assert_true(g_str_has_prefix(vum->scales[0].values[0].label.da, "Ingen begrænsninger"));
  g_assert_nonnull(strstr(vum->scales[0].values[1].label.da,
                          "mange ressourcer og brug for let støtte"));
  g_assert_nonnull(strstr(vum->scales[0].values[2].label.da,
                          "moderate ressourcer og brug for nogen støtte"));
  g_assert_true(g_str_has_prefix(vum->scales[0].values[4].label.da, "Totale begrænsninger"));

  g_autoptr(InstrumentDef) gas = builtin("gas.json");
  g_assert_cmpint(gas->kind, ==, INSTRUMENT_KIND_GOAL_BASED);
  g_assert_cmpint(gas->total.method, ==, SCORE_METHOD_GAS_T);
  g_assert_cmpfloat(gas->total.rho, ==, 0.3);
  g_assert_cmpint(gas->scales[0].value_min, ==, -2);
  g_assert_cmpint(gas->scales[0].value_max, ==, 2);

  g_autoptr(InstrumentDef) who = builtin("who-5.json");
  g_assert_cmpuint(who->n_items, ==, 5);
  g_assert_cmpint(who->total.method, ==, SCORE_METHOD_SUM);
  g_assert_cmpfloat(who->total.factor, ==, 4);
  g_assert_cmpuint(who->total.min_answered, ==, 5);
  g_assert_nonnull(strstr(who->source.da, "Topp"));
  g_assert_nonnull(strstr(who->source.en, "Free to use"));
}

/* The complete example of docs/instruments.md is valid and scores as the
 * text says. */
static void
test_docs_example(void)
{
  const char *root = g_getenv("SPOR_SOURCE_ROOT");
  if (root == NULL) {
    g_test_skip("SPOR_SOURCE_ROOT is not set");
    return;
  }
  g_autofree char *path = g_build_filename(root, "docs", "instruments.md", NULL);
  g_autofree char *doc = NULL;
  g_assert_true(g_file_get_contents(path, &doc, NULL, NULL));
  const char *section = strstr(doc, "## A complete example");
  g_assert_nonnull(section);
  const char *start = strstr(section, "```json\n");
  g_assert_nonnull(start);
  start += strlen("```json\n");
  const char *end = strstr(start, "```");
  g_assert_nonnull(end);
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  g_autoptr(InstrumentDef) def = instrument_def_parse(start, (gsize)(end - start), problems);
  if (def == NULL) {
    g_autofree char *lines = instrument_problems_join(problems, "  ");
    g_error("the example in docs/instruments.md:\n%s", lines);
  }
  /* rytme 4, indkoeb 9 (not relevant), ensom 2 (reversed), glaede 8 (don't know). */
  ScoreAnswer answers[] = {{TRUE, 4}, {TRUE, 9}, {TRUE, 2}, {TRUE, 8}};
  ScoreResult total, parts[2];
  g_assert_true(scoring_score(def, answers, &total, parts, NULL));
  g_assert_false(parts[0].has_score);
  g_assert_cmpfloat_with_epsilon(parts[1].score, 100.0 * 2.0 / 6.0, 1e-9);
  g_assert_cmpstr(def->subscales[1].scoring.cutoffs[parts[1].cutoff].label.da, ==, "Lav");
  g_assert_cmpuint(parts[1].n_flagged, ==, 1);
  g_assert_cmpfloat(total.score, ==, 8.0);
  g_assert_false(total.prorated);
  g_assert_cmpstr(def->total.cutoffs[total.cutoff].label.da, ==, "Under det forventede");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *path = g_strdup_printf("/instrument-def/broken/%s", cases[i].name);
    g_test_add_data_func(path, &cases[i], test_case);
  }
  g_test_add_func("/instrument-def/valid", test_valid);
  g_test_add_func("/instrument-def/syntax", test_syntax);
  g_test_add_func("/instrument-def/many-problems", test_many_problems);
  g_test_add_func("/instrument-def/english", test_english);
  g_test_add_func("/instrument-def/docs-example", test_docs_example);
  g_test_add_func("/instrument-def/builtin/all", test_builtin_all);
  g_test_add_func("/instrument-def/builtin/lovende-praksis", test_builtin_lovende_praksis);
  g_test_add_func("/instrument-def/builtin/others", test_builtin_others);
  return g_test_run();
}
