/* test_fhir.c — FHIR R4 Questionnaires: every built-in instrument (and a
 * definition using every part of the format) exported and imported back
 * to an equal definition that scores the same; a questionnaire from
 * elsewhere (LOINC codes with ordinal values, a group, an integer
 * question, help text, English) imported; what spor cannot score refused
 * with the path of the problem. */
#include <glib.h>
#include <string.h>

#include "domain/fhir.h"
#include "domain/instrument.h"
#include "domain/scoring.h"

static const char *const full_text =
  "{\"id\": \"proeve_1\", \"version\": 3,"
  " \"name\": {\"da\": \"Prøve\", \"en\": \"Test\"},"
  " \"description\": {\"da\": \"Beskrivelse\", \"en\": \"Description\"},"
  " \"notes\": {\"da\": \"Noter\"}, \"source\": {\"da\": \"Kilde\", \"en\": \"Source\"},"
  " \"kind\": \"goal_based\", \"respondents\": [\"staff\", \"relative\"],"
  " \"direction\": \"lower_is_better\", \"reliability\": 0.85,"
  " \"scales\": ["
  "  {\"id\": \"freq\", \"name\": {\"da\": \"Hyppighed\", \"en\": \"Frequency\"}, \"values\": ["
  "    {\"value\": 0, \"label\": {\"da\": \"Aldrig\", \"en\": \"Never\"}},"
  "    {\"value\": 1, \"label\": {\"da\": \"Sommetider\"}, \"score\": 1.5},"
  "    {\"value\": 2, \"label\": {\"da\": \"Altid\"}, \"flagged\": false},"
  "    {\"value\": 8, \"label\": {\"da\": \"Ved ikke\"}, \"flagged\": true, \"score\": 0},"
  "    {\"value\": 9, \"label\": {\"da\": \"Ikke relevant\"}, \"excluded\": true}]},"
  "  {\"id\": \"loinc\", \"system\": \"http://loinc.org\", \"values\": ["
  "    {\"value\": 0, \"label\": {\"da\": \"Nej\"}, \"code\": \"LA32-8\"},"
  "    {\"value\": 1, \"label\": {\"da\": \"Ja\"}, \"code\": \"LA33-6\"}]}],"
  " \"subscales\": ["
  "  {\"id\": \"a\", \"name\": {\"da\": \"Del A\", \"en\": \"Part A\"},"
  "   \"description\": {\"da\": \"Om A\"}, \"help\": {\"da\": \"Hjælp til A\", \"en\": \"Help\"},"
  "   \"method\": \"sum\", \"min_answered\": 1, \"factor\": 2, \"direction\": \"higher_is_better\","
  "   \"reliability\": 0.7, \"cutoffs\": [{\"from\": 0, \"label\": {\"da\": \"Lav\"}},"
  "   {\"from\": 2.5, \"label\": {\"da\": \"Høj\", \"en\": \"High\"}}]},"
  "  {\"id\": \"b\", \"name\": {\"da\": \"Del B\"}, \"method\": \"gas_t\", \"rho\": 0.25}],"
  " \"items\": ["
  "  {\"id\": \"q1\", \"text\": {\"da\": \"Et\", \"en\": \"One\"}, \"scale\": \"freq\","
  "   \"subscale\": \"a\", \"help\": {\"da\": \"Hjælp\"}},"
  "  {\"id\": \"q2\", \"text\": {\"da\": \"To\"}, \"scale\": \"freq\", \"subscale\": \"a\","
  "   \"reverse\": true},"
  "  {\"id\": \"q3\", \"text\": {\"da\": \"Tre\"}, \"scale\": \"loinc\", \"subscale\": \"b\","
  "   \"weight\": 2, \"levels\": [{\"value\": 1, \"label\": {\"da\": \"Ja, helt\", \"en\": \"Yes\"}}]},"
  "  {\"id\": \"q4\", \"text\": {\"da\": \"Fire\"}, \"scale\": \"freq\", \"reverse\": false}],"
  " \"total\": {\"method\": \"mean\", \"cutoffs\": [{\"from\": 1, \"label\": {\"da\": \"Over\"}}]}}";

static InstrumentDef *
parse(const char *text, gsize len)
{
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  InstrumentDef *def = instrument_def_parse_any(text, len, NULL, problems);
  if (def == NULL) {
    g_autofree char *lines = instrument_problems_join(problems, "  ");
    g_error("parse:\n%s", lines);
  }
  return def;
}

static InstrumentDef *
builtin(const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = instrument_builtin_bytes(name, &error);
  g_assert_no_error(error);
  return parse(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
}

/* Exports def, imports the text back, and checks the two are equal and
 * score the same answers the same. */
static void
assert_round_trip(const InstrumentDef *def)
{
  g_autofree char *text = fhir_questionnaire_text(def);
  gboolean was_fhir = FALSE;
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  g_autoptr(InstrumentDef) back = instrument_def_parse_any(text, strlen(text), &was_fhir,
                                                           problems);
  if (back == NULL) {
    g_autofree char *lines = instrument_problems_join(problems, "  ");
    g_error("%s did not import back:\n%s", def->id, lines);
  }
  g_assert_true(was_fhir);
  if (!json_equal(def->json, back->json)) {
    char *a = json_dumps(def->json, JSON_SORT_KEYS | JSON_INDENT(1));
    char *b = json_dumps(back->json, JSON_SORT_KEYS | JSON_INDENT(1));
    g_error("%s changed on the way:\n%s\n---\n%s", def->id, a, b);
  }
  /* The same answers (the first, then the second regular value, …) score
   * the same by both. */
  g_autofree ScoreAnswer *answers = g_new0(ScoreAnswer, def->n_items);
  for (guint i = 0; i < def->n_items; i++) {
    const InstrumentScale *scale = &def->scales[def->items[i].scale];
    answers[i] = (ScoreAnswer){TRUE, scale->values[i % scale->n_values].value};
  }
  ScoreResult t1, t2;
  g_autofree ScoreResult *s1 = g_new0(ScoreResult, MAX(def->n_subscales, 1));
  g_autofree ScoreResult *s2 = g_new0(ScoreResult, MAX(def->n_subscales, 1));
  g_assert_true(scoring_score(def, answers, &t1, s1, NULL));
  g_assert_true(scoring_score(back, answers, &t2, s2, NULL));
  g_assert_true(t1.has_score == t2.has_score);
  g_assert_cmpfloat(t1.score, ==, t2.score);
  for (guint s = 0; s < def->n_subscales; s++)
    g_assert_cmpfloat(s1[s].score, ==, s2[s].score);
}

static void
test_round_trip_builtin(void)
{
  const char *const names[] = {"gas.json", "lovende-praksis.json", "selvevaluering.json",
                               "vum-livsomraader.json", "who-5.json"};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autoptr(InstrumentDef) def = builtin(names[i]);
    assert_round_trip(def);
  }
}

static void
test_round_trip_full(void)
{
  g_autoptr(InstrumentDef) def = parse(full_text, strlen(full_text));
  assert_round_trip(def);
}

/* What the export looks like to a FHIR reader. */
static void
test_export_shape(void)
{
  g_autoptr(InstrumentDef) def = builtin("lovende-praksis.json");
  json_t *q = fhir_questionnaire_from_def(def);
  g_assert_cmpstr(json_string_value(json_object_get(q, "resourceType")), ==, "Questionnaire");
  g_assert_cmpstr(json_string_value(json_object_get(q, "id")), ==, "lovende-praksis");
  g_assert_cmpstr(json_string_value(json_object_get(q, "version")), ==, "1");
  g_assert_cmpstr(json_string_value(json_object_get(q, "status")), ==, "active");
  g_assert_cmpstr(json_string_value(json_object_get(q, "language")), ==, "da");
  g_assert_cmpstr(json_string_value(json_object_get(q, "title")), ==,
                  "Lovende praksis – måleredskab");
  json_t *translation = json_array_get(json_object_get(json_object_get(q, "_title"),
                                                       "extension"), 0);
  g_assert_cmpstr(json_string_value(json_object_get(translation, "url")), ==,
                  "http://hl7.org/fhir/StructureDefinition/translation");
  json_t *groups = json_object_get(q, "item");
  g_assert_cmpuint(json_array_size(groups), ==, 11);
  guint questions = 0;
  size_t i;
  json_t *g;
  json_array_foreach(groups, i, g) {
    g_assert_cmpstr(json_string_value(json_object_get(g, "type")), ==, "group");
    size_t k;
    json_t *child;
    json_array_foreach(json_object_get(g, "item"), k, child)
      questions += g_strcmp0(json_string_value(json_object_get(child, "type")), "choice") == 0;
  }
  g_assert_cmpuint(questions, ==, 59);
  /* The first element: its help (Uddybning) first, then question 1. */
  json_t *first = json_array_get(json_object_get(json_array_get(groups, 0), "item"), 1);
  g_assert_cmpstr(json_string_value(json_object_get(first, "linkId")), ==,
                  "theory_and_knowledge_1");
  json_t *options = json_object_get(first, "answerOption");
  g_assert_cmpuint(json_array_size(options), ==, 5);
  json_t *ja = json_object_get(json_array_get(options, 0), "valueCoding");
  g_assert_cmpstr(json_string_value(json_object_get(ja, "code")), ==, "2");
  g_assert_cmpstr(json_string_value(json_object_get(ja, "display")), ==, "Ja");
  json_t *ved_ikke = json_object_get(json_array_get(options, 3), "valueCoding");
  json_t *ordinal = json_array_get(json_object_get(ved_ikke, "extension"), 0);
  g_assert_cmpstr(json_string_value(json_object_get(ordinal, "url")), ==,
                  "http://hl7.org/fhir/StructureDefinition/ordinalValue");
  g_assert_cmpint(json_integer_value(json_object_get(ordinal, "valueDecimal")), ==, 0);
  json_decref(q);
}

/* ---- A questionnaire from elsewhere --------------------------------------------------- */

static const char *const foreign =
  "{\"resourceType\": \"Questionnaire\", \"id\": \"phq-2\", \"name\": \"PHQ2\","
  " \"title\": \"Patient Health Questionnaire-2\", \"language\": \"en\", \"status\": \"active\","
  " \"item\": ["
  "  {\"linkId\": \"g1\", \"type\": \"group\", \"text\": \"Over the last 2 weeks\", \"item\": ["
  "   {\"linkId\": \"44250-9\", \"type\": \"choice\","
  "    \"text\": \"Little interest or pleasure in doing things\", \"answerOption\": ["
  "     {\"valueCoding\": {\"system\": \"http://loinc.org\", \"code\": \"LA6568-5\","
  "      \"display\": \"Not at all\", \"extension\": [{\"url\":"
  "      \"http://hl7.org/fhir/StructureDefinition/ordinalValue\", \"valueDecimal\": 0}]}},"
  "     {\"valueCoding\": {\"system\": \"http://loinc.org\", \"code\": \"LA6569-3\","
  "      \"display\": \"Several days\", \"extension\": [{\"url\":"
  "      \"http://hl7.org/fhir/StructureDefinition/ordinalValue\", \"valueDecimal\": 1}]}},"
  "     {\"valueCoding\": {\"system\": \"http://loinc.org\", \"code\": \"LA6570-1\","
  "      \"display\": \"More than half the days\", \"extension\": [{\"url\":"
  "      \"http://hl7.org/fhir/StructureDefinition/ordinalValue\", \"valueDecimal\": 2}]}},"
  "     {\"valueCoding\": {\"system\": \"http://loinc.org\", \"code\": \"LA6571-9\","
  "      \"display\": \"Nearly every day\", \"extension\": [{\"url\":"
  "      \"http://hl7.org/fhir/StructureDefinition/ordinalValue\", \"valueDecimal\": 3}]}}]},"
  "   {\"linkId\": \"44255-8\", \"type\": \"choice\","
  "    \"text\": \"Feeling down, depressed, or hopeless\","
  "    \"_text\": {\"extension\": [{\"url\": \"http://hl7.org/fhir/StructureDefinition/translation\","
  "     \"extension\": [{\"url\": \"lang\", \"valueCode\": \"da\"},"
  "     {\"url\": \"content\", \"valueString\": \"Følt dig nedtrykt\"}]}]},"
  "    \"item\": [{\"linkId\": \"h1\", \"type\": \"display\", \"text\": \"Think of two weeks\","
  "     \"extension\": [{\"url\": \"http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl\","
  "      \"valueCodeableConcept\": {\"coding\": [{\"system\":"
  "      \"http://hl7.org/fhir/questionnaire-item-control\", \"code\": \"help\"}]}}]}],"
  "    \"answerOption\": ["
  "     {\"valueCoding\": {\"system\": \"http://loinc.org\", \"code\": \"LA6568-5\","
  "      \"display\": \"Not at all\", \"extension\": [{\"url\":"
  "      \"http://hl7.org/fhir/StructureDefinition/ordinalValue\", \"valueDecimal\": 0}]}},"
  "     {\"valueCoding\": {\"system\": \"http://loinc.org\", \"code\": \"LA6569-3\","
  "      \"display\": \"Several days\", \"extension\": [{\"url\":"
  "      \"http://hl7.org/fhir/StructureDefinition/ordinalValue\", \"valueDecimal\": 1}]}},"
  "     {\"valueCoding\": {\"system\": \"http://loinc.org\", \"code\": \"LA6570-1\","
  "      \"display\": \"More than half the days\", \"extension\": [{\"url\":"
  "      \"http://hl7.org/fhir/StructureDefinition/ordinalValue\", \"valueDecimal\": 2}]}},"
  "     {\"valueCoding\": {\"system\": \"http://loinc.org\", \"code\": \"LA6571-9\","
  "      \"display\": \"Nearly every day\", \"extension\": [{\"url\":"
  "      \"http://hl7.org/fhir/StructureDefinition/ordinalValue\", \"valueDecimal\": 3}]}}]}]},"
  "  {\"linkId\": \"sleep 1\", \"type\": \"integer\", \"text\": \"Sleep quality\","
  "   \"answerOption\": [{\"valueInteger\": 1}, {\"valueInteger\": 2}, {\"valueInteger\": 3}]},"
  "  {\"linkId\": \"thanks\", \"type\": \"display\", \"text\": \"Thank you\"}]}";

static void
test_import_foreign(void)
{
  gboolean was_fhir = FALSE;
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  g_autoptr(InstrumentDef) def = instrument_def_parse_any(foreign, strlen(foreign), &was_fhir,
                                                          problems);
  if (def == NULL) {
    g_autofree char *lines = instrument_problems_join(problems, "  ");
    g_error("%s", lines);
  }
  g_assert_true(was_fhir);
  g_assert_cmpstr(def->id, ==, "phq2");
  g_assert_cmpint(def->version, ==, 1);
  /* An English resource: the text stands for both languages unless a
   * Danish translation is given. */
  g_assert_cmpstr(def->name.da, ==, "Patient Health Questionnaire-2");
  g_assert_cmpstr(def->name.en, ==, "Patient Health Questionnaire-2");
  g_assert_cmpint(def->kind, ==, INSTRUMENT_KIND_QUESTIONNAIRE);
  g_assert_true(def->higher_is_better);

  g_assert_cmpuint(def->n_items, ==, 3);
  g_assert_cmpstr(def->items[0].id, ==, "44250-9");
  g_assert_cmpstr(def->items[1].text.da, ==, "Følt dig nedtrykt");
  g_assert_cmpstr(def->items[1].text.en, ==, "Feeling down, depressed, or hopeless");
  g_assert_cmpstr(def->items[1].help.en, ==, "Think of two weeks");
  g_assert_cmpstr(def->items[2].id, ==, "sleep-1");

  /* Both LOINC questions share one scale: values by position, the LOINC
   * code kept, the ordinal value as score. */
  g_assert_cmpuint(def->n_scales, ==, 2);
  g_assert_cmpuint(def->items[0].scale, ==, def->items[1].scale);
  const InstrumentScale *loinc = &def->scales[def->items[0].scale];
  g_assert_cmpstr(loinc->system, ==, "http://loinc.org");
  g_assert_cmpuint(loinc->n_values, ==, 4);
  g_assert_cmpint(loinc->values[3].value, ==, 3);
  g_assert_cmpstr(loinc->values[3].code, ==, "LA6571-9");
  g_assert_cmpfloat(loinc->values[3].score, ==, 3);
  g_assert_cmpstr(loinc->values[3].label.en, ==, "Nearly every day");
  const InstrumentScale *sleep = &def->scales[def->items[2].scale];
  g_assert_cmpint(sleep->values[0].value, ==, 1);
  g_assert_cmpstr(sleep->values[0].label.da, ==, "1");

  /* The group is a subscale: a sum over its two questions, all needed. */
  g_assert_cmpuint(def->n_subscales, ==, 1);
  g_assert_cmpstr(def->subscales[0].id, ==, "g1");
  g_assert_cmpstr(def->subscales[0].name.en, ==, "Over the last 2 weeks");
  g_assert_cmpint(def->subscales[0].scoring.method, ==, SCORE_METHOD_SUM);
  g_assert_cmpuint(def->subscales[0].scoring.min_answered, ==, 2);
  g_assert_cmpint(def->items[2].subscale, ==, -1);
  g_assert_true(def->has_total);
  g_assert_cmpuint(def->total.min_answered, ==, 3);

  /* Nearly every day (3) + Several days (1) = 4; with sleep 2, 6 in all. */
  ScoreAnswer answers[] = {{TRUE, 3}, {TRUE, 1}, {TRUE, 2}};
  ScoreResult total, part;
  g_assert_true(scoring_score(def, answers, &total, &part, NULL));
  g_assert_cmpfloat(part.score, ==, 4);
  g_assert_cmpfloat(total.score, ==, 6);

  /* Exported and imported again, it stays the same. */
  assert_round_trip(def);
}

static void
assert_problems(const char *text, const char *const *expected)
{
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  g_autoptr(InstrumentDef) def = instrument_def_parse_any(text, strlen(text), NULL, problems);
  g_assert_null(def);
  guint n = g_strv_length((char **)expected);
  for (guint i = 0; i < problems->len; i++) {
    g_autofree char *line = instrument_problem_format(g_ptr_array_index(problems, i));
    g_test_message("%s", line);
  }
  g_assert_cmpuint(problems->len, ==, n);
  for (guint i = 0; i < n; i++) {
    g_autofree char *line = instrument_problem_format(g_ptr_array_index(problems, i));
    g_assert_cmpstr(line, ==, expected[i]);
  }
}

static void
test_import_problems(void)
{
  const char *unscorable =
    "{\"resourceType\": \"Questionnaire\", \"id\": \"x\", \"item\": ["
    " {\"linkId\": \"a\", \"type\": \"string\", \"text\": \"Navn\"},"
    " {\"linkId\": \"b\", \"type\": \"choice\", \"answerValueSet\": \"http://x/vs\"},"
    " {\"linkId\": \"c\", \"type\": \"choice\", \"answerOption\": ["
    "  {\"valueCoding\": {\"code\": \"1\"}}, {\"valueString\": \"to\"}]},"
    " {\"linkId\": \"d\", \"type\": \"choice\"},"
    " {\"type\": \"choice\", \"answerOption\": [{\"valueInteger\": 1}]},"
    " \"løs tekst\"]}";
  const char *const expected[] = {
    "item[0]: spørgsmålet 'a' har typen 'string', som spor ikke kan score; spor tager spørgsmål "
    "med svarmuligheder (choice eller integer med answerOption)",
    "item[1]: spørgsmålet 'b' henviser til et ValueSet (answerValueSet); spor kan kun bruge "
    "svarmuligheder i selve spørgeskemaet (answerOption)",
    "item[2].answerOption[1]: svarmuligheden skal være en valueCoding eller en valueInteger",
    "item[3]: spørgsmålet 'd' har ingen svarmuligheder (answerOption)",
    "item[4].linkId: mangler",
    "item[5]: et spørgsmål skal være et objekt med en \"type\"",
    NULL};
  assert_problems(unscorable, expected);

  const char *const empty[] = {"item: spørgeskemaet har ingen spørgsmål, spor kan score", NULL};
  assert_problems("{\"resourceType\": \"Questionnaire\", \"id\": \"x\"}", empty);
  const char *const nameless[] = {
    "identifier: spørgeskemaet har hverken et identifier fra spor, et name eller et id at kende "
    "instrumentet på",
    NULL};
  assert_problems("{\"resourceType\": \"Questionnaire\", \"item\": [{\"linkId\": \"a\","
                  " \"type\": \"integer\", \"answerOption\": [{\"valueInteger\": 0},"
                  " {\"valueInteger\": 1}]}]}",
                  nameless);
  /* After conversion the definition is validated like any other. */
  const char *const one_value[] = {
    "scales[0].values: skalaen skal have mindst to almindelige værdier (hverken markerede eller "
    "udeladte)",
    NULL};
  assert_problems("{\"resourceType\": \"Questionnaire\", \"id\": \"x\", \"item\": [{\"linkId\":"
                  " \"a\", \"type\": \"integer\", \"answerOption\": [{\"valueInteger\": 0}]}]}",
                  one_value);

  g_autoptr(GPtrArray) problems = instrument_problems_new();
  json_t *patient = json_pack("{s:s}", "resourceType", "Patient");
  g_assert_null(fhir_definition_from_questionnaire(patient, problems));
  json_decref(patient);
  g_autofree char *line = instrument_problem_format(g_ptr_array_index(problems, 0));
  g_assert_cmpstr(line, ==, "resourceType: skal være \"Questionnaire\"");
  /* Not a Questionnaire as text: read as spor's own format. */
  gboolean was_fhir = TRUE;
  g_ptr_array_set_size(problems, 0);
  g_assert_null(instrument_def_parse_any("{\"resourceType\": \"Patient\"}", 27, &was_fhir,
                                         problems));
  g_assert_false(was_fhir);
  g_assert_cmpuint(problems->len, >, 1);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/fhir/round-trip/builtin", test_round_trip_builtin);
  g_test_add_func("/fhir/round-trip/full", test_round_trip_full);
  g_test_add_func("/fhir/export-shape", test_export_shape);
  g_test_add_func("/fhir/import/foreign", test_import_foreign);
  g_test_add_func("/fhir/import/problems", test_import_problems);
  return g_test_run();
}
