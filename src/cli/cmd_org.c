/* cmd_org.c — `spor org list|add`: the organisation tree (organisations,
 * offers, units) that users' roles are scoped to. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static int
org_list(CliContext *ctx, int argc, char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    {"json", 0, 0, G_OPTION_ARG_NONE, &as_json, "skriv træet som JSON", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "org list", "", "Viser organisationer, tilbud og afdelinger med id'er.",
                 entries, &argc, &argv, &rc))
    return rc;
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  json_t *tree = store_org_tree(db, &error);
  if (tree == NULL) {
    cli_error("org list", "%s", error->message);
    return CLI_FAILED;
  }
  if (as_json) {
    json_dumpf(tree, stdout, JSON_INDENT(2));
    putchar('\n');
  } else {
    size_t i, j, k;
    json_t *org, *offer, *unit;
    json_array_foreach(tree, i, org) {
      printf("organisation %" JSON_INTEGER_FORMAT "  %s (%s)\n",
             json_integer_value(json_object_get(org, "id")),
             json_string_value(json_object_get(org, "name")),
             json_string_value(json_object_get(org, "kind")));
      json_array_foreach(json_object_get(org, "offers"), j, offer) {
        printf("  tilbud %" JSON_INTEGER_FORMAT "  %s\n",
               json_integer_value(json_object_get(offer, "id")),
               json_string_value(json_object_get(offer, "name")));
        json_array_foreach(json_object_get(offer, "units"), k, unit)
          printf("    afdeling %" JSON_INTEGER_FORMAT "  %s\n",
                 json_integer_value(json_object_get(unit, "id")),
                 json_string_value(json_object_get(unit, "name")));
      }
    }
  }
  json_decref(tree);
  return CLI_OK;
}

static int
org_add(CliContext *ctx, int argc, char **argv)
{
  g_autofree char *organisation = NULL, *offer = NULL, *unit = NULL, *kind = NULL;
  gint64 in = 0;
  const GOptionEntry entries[] = {
    {"organisation", 0, 0, G_OPTION_ARG_STRING, &organisation, "ny organisation", "NAVN"},
    {"offer", 0, 0, G_OPTION_ARG_STRING, &offer, "nyt tilbud i organisationen --in", "NAVN"},
    {"unit", 0, 0, G_OPTION_ARG_STRING, &unit, "ny afdeling i tilbuddet --in", "NAVN"},
    {"kind", 0, 0, G_OPTION_ARG_STRING, &kind,
     "organisation: municipality, region eller private; tilbud: fx residential_offer", "ART"},
    {"in", 0, 0, G_OPTION_ARG_INT64, &in, "id på den organisation/det tilbud, der ejer", "ID"},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "org add", "",
                 "Opretter en organisation, et tilbud eller en afdeling og skriver dens id.",
                 entries, &argc, &argv, &rc))
    return rc;
  int given = (organisation != NULL) + (offer != NULL) + (unit != NULL);
  if (given != 1 || argc > 1) {
    cli_error("org add", "angiv præcis én af --organisation, --offer og --unit");
    return CLI_USAGE;
  }
  const char *name = organisation ? organisation : offer ? offer : unit;
  if (!g_utf8_validate(name, -1, NULL) || *g_strstrip((char *)name) == '\0') {
    cli_error("org add", "navnet skal udfyldes");
    return CLI_USAGE;
  }
  if (organisation != NULL && (kind == NULL || (strcmp(kind, "municipality") != 0 &&
                                                strcmp(kind, "region") != 0 &&
                                                strcmp(kind, "private") != 0))) {
    cli_error("org add", "--kind skal være municipality, region eller private");
    return CLI_USAGE;
  }
  if (organisation == NULL && in <= 0) {
    cli_error("org add", "--in skal give id'et på %s (se spor org list)",
              offer ? "organisationen" : "tilbuddet");
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  if (store_begin(db, STORE_TX_WRITE, &error)) {
    if (organisation != NULL)
      id = store_organisation_create(db, name, kind, &error);
    else if (offer != NULL)
      id = store_offer_create(db, in, name, kind ? kind : "other", &error);
    else
      id = store_unit_create(db, in, name, &error);
    if (id == 0 || !store_commit(db, &error))
      id = 0;
  }
  if (id == 0) {
    store_rollback(db);
    cli_error("org add", "%s", error->message);
    return CLI_FAILED;
  }
  printf("%s %" G_GINT64_FORMAT " oprettet: %s\n",
         organisation ? "organisation" : offer ? "tilbud" : "afdeling", id, name);
  return CLI_OK;
}

int
cmd_org(CliContext *ctx, int argc, char **argv)
{
  static const CliSubcommand subs[] = {{"list", org_list}, {"add", org_add}};
  return cli_run_subcommand(ctx, "org", "Brug: spor org list|add … (se spor org KOMMANDO --help)",
                            NULL, subs, G_N_ELEMENTS(subs), argc, argv);
}
