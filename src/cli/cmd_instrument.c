/* cmd_instrument.c — `spor instrument list|show|check|import|export`:
 * instrument definitions from the command line.  check needs no database;
 * import validates the whole file first and writes one version in one
 * transaction, or nothing. */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "domain/fhir.h"
#include "domain/instrument.h"

/* Reads FILE ("-": standard input) up to the definition size limit and
 * one byte more, so that the reader can say it is too big.  Newly
 * allocated; NULL after printing why. */
static char *
read_input(const char *command, const char *file, gsize *out_len)
{
  g_autoptr(GError) error = NULL;
  if (strcmp(file, "-") != 0) {
    GStatBuf st;
    if (g_stat(file, &st) != 0) {
      cli_error(command, "filen %s kan ikke læses", file);
      return NULL;
    }
    if ((guint64)st.st_size > INSTRUMENT_MAX_BYTES) {
      cli_error(command, "%s er for stor (højst %u MiB)", file, INSTRUMENT_MAX_BYTES >> 20);
      return NULL;
    }
    char *text = NULL;
    if (!g_file_get_contents(file, &text, out_len, &error)) {
      cli_error(command, "%s", error->message);
      return NULL;
    }
    return text;
  }
  GString *in = g_string_new(NULL);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0 && in->len <= INSTRUMENT_MAX_BYTES)
    g_string_append_len(in, buf, (gssize)n);
  *out_len = in->len;
  return g_string_free(in, FALSE);
}

/* Prints every problem as "FILE: path: message" on standard output. */
static void
print_problems(const char *file, const GPtrArray *problems)
{
  g_autofree char *prefix = g_strdup_printf("%s: ", file);
  g_autofree char *lines = instrument_problems_join(problems, prefix);
  fputs(lines, stdout);
}

/* The definition in FILE, or NULL after printing its problems. */
static InstrumentDef *
read_definition(const char *command, const char *file, gboolean *out_fhir)
{
  gsize len = 0;
  g_autofree char *text = read_input(command, file, &len);
  if (text == NULL)
    return NULL;
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  InstrumentDef *def = instrument_def_parse_any(text, len, out_fhir, problems);
  if (def == NULL) {
    print_problems(file, problems);
    cli_error(command, "%s har %u problem%s; intet er ændret", file, problems->len,
              problems->len == 1 ? "" : "er");
  }
  return def;
}

/* ---- list ------------------------------------------------------------------ */

static int
sub_list(CliContext *ctx, int argc, char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    {"json", 0, 0, G_OPTION_ARG_NONE, &as_json, "skriv listen som JSON", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "instrument list", "",
                 "Viser instrumenterne med deres nyeste version, antal versioner og målinger.",
                 entries, &argc, &argv, &rc))
    return rc;
  if (argc > 1) {
    cli_error("instrument list", "uventet argument '%s'", argv[1]);
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  json_t *list = store_instrument_list(db, &error);
  if (list == NULL) {
    cli_error("instrument list", "%s", error->message);
    return CLI_FAILED;
  }
  if (as_json) {
    json_dumpf(list, stdout, JSON_INDENT(2));
    putchar('\n');
  } else {
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row)
      printf("%-20s version %-3" JSON_INTEGER_FORMAT " %-19s %3" JSON_INTEGER_FORMAT
             " version%s %5" JSON_INTEGER_FORMAT " målinger  %s\n",
             json_string_value(json_object_get(row, "key")),
             json_integer_value(json_object_get(row, "version")),
             json_string_value(json_object_get(row, "kind")),
             json_integer_value(json_object_get(row, "versions")),
             json_integer_value(json_object_get(row, "versions")) == 1 ? " " : "er",
             json_integer_value(json_object_get(row, "measurements")),
             json_string_value(json_object_get(row, spor_i18n_current() == SPOR_LANG_EN
                                                      ? "name_en" : "name_da")));
  }
  json_decref(list);
  return CLI_OK;
}

/* ---- show and export: one stored version ----------------------------------------- */

/* Loads KEY's version (0: the newest); NULL after printing why. */
static InstrumentVersion *
load_version(const char *command, StoreDb *db, const char *key, gint64 version)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  if (!store_instrument_find(db, key, version, &id, &error)) {
    if (version > 0)
      cli_error(command, "%s findes ikke i version %" G_GINT64_FORMAT " (se spor instrument "
                "show %s)", key, version, key);
    else
      cli_error(command, "instrumentet %s findes ikke (se spor instrument list)", key);
    return NULL;
  }
  InstrumentVersion *v = instrument_version_load(db, id, &error);
  if (v == NULL)
    cli_error(command, "%s", error->message);
  return v;
}

static const char *
method_text(ScoreMethod method)
{
  switch (method) {
  case SCORE_METHOD_SUM: return "sum";
  case SCORE_METHOD_MEAN: return "gennemsnit";
  case SCORE_METHOD_PERCENT_OF_MAX: return "procent af maksimum";
  case SCORE_METHOD_GAS_T: return "GAS T-score";
  default: return "?";
  }
}

static void
print_scoring(const char *label, const InstrumentScoring *s, SporLang lang)
{
  printf("%s%s, mindst %u besvaret", label, method_text(s->method), s->min_answered);
  if (s->factor != 1.0)
    printf(", gange %g", s->factor);
  if (s->method == SCORE_METHOD_GAS_T)
    printf(", rho %g", s->rho);
  if (s->has_reliability)
    printf(", reliabilitet %g", s->reliability);
  printf(", %s er bedst", s->higher_is_better ? "højere" : "lavere");
  for (guint i = 0; i < s->n_cutoffs; i++)
    printf("%s fra %g: %s", i == 0 ? ";" : ",", s->cutoffs[i].from,
           instrument_text(&s->cutoffs[i].label, lang));
  putchar('\n');
}

static void
print_version(const InstrumentVersion *v, json_t *versions, SporLang lang)
{
  const InstrumentDef *def = v->def;
  printf("%s version %" G_GINT64_FORMAT ": %s\n", def->id, v->version,
         instrument_text(&def->name, lang));
  printf("Art: %s. Besvares af:", instrument_kind_name(def->kind));
  const char *const *names = instrument_respondent_names();
  for (guint i = 0; names[i] != NULL; i++)
    if (def->respondents & (1u << i))
      printf(" %s", names[i]);
  printf(". %s score er bedst.\n", def->higher_is_better ? "Højere" : "Lavere");
  size_t i;
  json_t *row;
  printf("Versioner:");
  json_array_foreach(versions, i, row)
    printf(" %" JSON_INTEGER_FORMAT " (%s, %" JSON_INTEGER_FORMAT " målinger)%s",
           json_integer_value(json_object_get(row, "version")),
           json_string_value(json_object_get(row, "source")),
           json_integer_value(json_object_get(row, "measurements")),
           i + 1 < json_array_size(versions) ? "," : "\n");
  if (def->description.da != NULL)
    printf("\n%s\n", instrument_text(&def->description, lang));
  printf("\nSkalaer:\n");
  for (guint s = 0; s < def->n_scales; s++) {
    const InstrumentScale *scale = &def->scales[s];
    printf("  %s:", scale->id);
    for (guint k = 0; k < scale->n_values; k++) {
      const InstrumentScaleValue *value = &scale->values[k];
      printf("%s %" G_GINT64_FORMAT " %s", k == 0 ? "" : " ·", value->value,
             instrument_text(&value->label, lang));
      if (value->excluded)
        printf(" (tæller ikke)");
      else if (value->flagged)
        printf(" (markeret, tæller %g)", value->score);
      else if (value->score != (double)value->value)
        printf(" (tæller %g)", value->score);
    }
    putchar('\n');
  }
  if (def->n_subscales > 0) {
    printf("\nDelskalaer:\n");
    for (guint s = 0; s < def->n_subscales; s++) {
      g_autofree char *label = g_strdup_printf("  %s (%s, %u spørgsmål): ",
                                               def->subscales[s].id,
                                               instrument_text(&def->subscales[s].name, lang),
                                               def->subscales[s].n_items);
      print_scoring(label, &def->subscales[s].scoring, lang);
    }
  }
  if (def->has_total)
    print_scoring("\nTotal: ", &def->total, lang);
  printf("\nSpørgsmål (%u):\n", def->n_items);
  for (guint k = 0; k < def->n_items; k++) {
    const InstrumentItem *item = &def->items[k];
    printf("  %s [%s%s%s]%s %s\n", item->id, def->scales[item->scale].id,
           item->subscale >= 0 ? ", " : "",
           item->subscale >= 0 ? def->subscales[item->subscale].id : "",
           item->reverse ? " (vendt)" : "", instrument_text(&item->text, lang));
  }
  if (def->notes.da != NULL)
    printf("\nNoter: %s\n", instrument_text(&def->notes, lang));
  if (def->source.da != NULL)
    printf("\nKilde: %s\n", instrument_text(&def->source, lang));
}

static int
sub_show(CliContext *ctx, int argc, char **argv)
{
  gint64 version = 0;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    {"version", 0, 0, G_OPTION_ARG_INT64, &version, "en bestemt version (standard: nyeste)", "N"},
    {"json", 0, 0, G_OPTION_ARG_NONE, &as_json, "skriv definitionen som JSON", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "instrument show", "ID",
                 "Viser et instrument: versioner, skalaer, delskalaer, scoring og spørgsmål.",
                 entries, &argc, &argv, &rc))
    return rc;
  if (argc != 2 || version < 0) {
    cli_error("instrument show", "angiv ét instrument-id (se spor instrument list)");
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(InstrumentVersion) v = load_version("instrument show", db, argv[1], version);
  if (v == NULL)
    return CLI_FAILED;
  if (as_json) {
    g_autofree char *text = instrument_def_to_text(v->def);
    fputs(text, stdout);
    return CLI_OK;
  }
  g_autoptr(GError) error = NULL;
  json_t *versions = store_instrument_versions(db, argv[1], &error);
  if (versions == NULL) {
    cli_error("instrument show", "%s", error->message);
    return CLI_FAILED;
  }
  print_version(v, versions, spor_i18n_current());
  json_decref(versions);
  return CLI_OK;
}

static int
sub_export(CliContext *ctx, int argc, char **argv)
{
  gint64 version = 0;
  g_autofree char *format = NULL, *output = NULL;
  const GOptionEntry entries[] = {
    {"version", 0, 0, G_OPTION_ARG_INT64, &version, "en bestemt version (standard: nyeste)", "N"},
    {"format", 0, 0, G_OPTION_ARG_STRING, &format,
     "json (spors format, standard) eller fhir (FHIR R4 Questionnaire)", "FORMAT"},
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "skriv til FIL i stedet for standard "
     "output", "FIL"},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "instrument export", "ID",
                 "Skriver en version af et instrument som spors JSON-format eller som en\n"
                 "FHIR R4 Questionnaire, der kan importeres igen.",
                 entries, &argc, &argv, &rc))
    return rc;
  gboolean fhir = format != NULL && strcmp(format, "fhir") == 0;
  if (argc != 2 || version < 0 || (format != NULL && !fhir && strcmp(format, "json") != 0)) {
    cli_error("instrument export", "brug: spor instrument export ID [--version N] "
              "[--format json|fhir]");
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(InstrumentVersion) v = load_version("instrument export", db, argv[1], version);
  if (v == NULL)
    return CLI_FAILED;
  g_autofree char *text = fhir ? fhir_questionnaire_text(v->def) : instrument_def_to_text(v->def);
  if (output == NULL) {
    fputs(text, stdout);
    return CLI_OK;
  }
  g_autoptr(GError) error = NULL;
  if (!g_file_set_contents(output, text, -1, &error)) {
    cli_error("instrument export", "%s", error->message);
    return CLI_FAILED;
  }
  return CLI_OK;
}

/* ---- check and import ------------------------------------------------------------- */

static void
print_summary(const char *file, const InstrumentDef *def, gboolean fhir)
{
  printf("%s: gyldig %s: %s version %" G_GINT64_FORMAT ", %u spørgsmål, %u delskala%s, %u "
         "skala%s\n",
         file, fhir ? "FHIR Questionnaire" : "definition", def->id, def->version, def->n_items,
         def->n_subscales, def->n_subscales == 1 ? "" : "er", def->n_scales,
         def->n_scales == 1 ? "" : "er");
}

static int
sub_check(CliContext *ctx, int argc, char **argv)
{
  int rc;
  if (!cli_parse(ctx, "instrument check", "FIL",
                 "Kontrollerer en instrumentdefinition (spors JSON-format eller en FHIR R4\n"
                 "Questionnaire) uden at skrive noget, og viser hvert problem med dets sti.\n"
                 "FIL - læser fra standard input.",
                 NULL, &argc, &argv, &rc))
    return rc;
  if (argc != 2) {
    cli_error("instrument check", "angiv én fil");
    return CLI_USAGE;
  }
  gboolean fhir = FALSE;
  g_autoptr(InstrumentDef) def = read_definition("instrument check", argv[1], &fhir);
  if (def == NULL)
    return CLI_FAILED;
  print_summary(argv[1], def, fhir);
  return CLI_OK;
}

static int
sub_import(CliContext *ctx, int argc, char **argv)
{
  gboolean new_version = FALSE;
  const GOptionEntry entries[] = {
    {"new-version", 0, 0, G_OPTION_ARG_NONE, &new_version,
     "gem en ændret definition som ny version, også når dens version er i brug", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "instrument import", "FIL",
                 "Importerer en instrumentdefinition (spors JSON-format eller en FHIR R4\n"
                 "Questionnaire).  En ny definition gemmes; en uændret gemmes ikke igen; en\n"
                 "ændret gemmes som næste version.  En version, der er brugt i målinger,\n"
                 "kan ikke ændres: importér den som ny version (--new-version).",
                 entries, &argc, &argv, &rc))
    return rc;
  if (argc != 2) {
    cli_error("instrument import", "angiv én fil");
    return CLI_USAGE;
  }
  gboolean fhir = FALSE;
  g_autoptr(InstrumentDef) def = read_definition("instrument import", argv[1], &fhir);
  if (def == NULL)
    return CLI_FAILED;
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  InstrumentImportResult result;
  if (!store_begin(db, STORE_TX_WRITE, &error) ||
      !instrument_import(db, def, fhir ? "fhir" : "import", 0, new_version, &result, problems,
                         &error)) {
    store_rollback(db);
    if (problems->len > 0) {
      print_problems(argv[1], problems);
      cli_error("instrument import", "%s er ikke importeret", argv[1]);
    } else {
      cli_error("instrument import", "%s", error->message);
    }
    return CLI_FAILED;
  }
  g_autofree char *detail = g_strdup_printf("%s version %" G_GINT64_FORMAT, def->id,
                                            result.version);
  if (result.outcome == INSTRUMENT_IMPORT_CREATED &&
      !store_audit_append(db, 0, 0, "instrument.import", detail, "cli", &error)) {
    store_rollback(db);
    cli_error("instrument import", "%s", error->message);
    return CLI_FAILED;
  }
  if (!store_commit(db, &error)) {
    store_rollback(db);
    cli_error("instrument import", "%s", error->message);
    return CLI_FAILED;
  }
  if (result.outcome == INSTRUMENT_IMPORT_CREATED)
    printf("Importeret: %s version %" G_GINT64_FORMAT " (id %" G_GINT64_FORMAT ")\n", def->id,
           result.version, result.instrument_id);
  else
    printf("Uændret: %s findes allerede som version %" G_GINT64_FORMAT "\n", def->id,
           result.version);
  return CLI_OK;
}

int
cmd_instrument(CliContext *ctx, int argc, char **argv)
{
  static const CliSubcommand subs[] = {{"list", sub_list},     {"show", sub_show},
                                       {"check", sub_check},   {"import", sub_import},
                                       {"export", sub_export}};
  return cli_run_subcommand(
    ctx, "instrument",
    "Brug: spor instrument list|show|check|import|export … (se spor instrument KOMMANDO --help)",
    "  list                       instrumenterne og deres nyeste version\n"
    "  show ID [--version N]      et instrument i detaljer\n"
    "  check FIL                  kontrollér en definition uden at gemme den\n"
    "  import FIL [--new-version] importér en definition som version\n"
    "  export ID [--version N] [--format json|fhir]\n"
    "                             skriv en version ud\n",
    subs, G_N_ELEMENTS(subs), argc, argv);
}
