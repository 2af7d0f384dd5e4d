/* common.c — labels and view-model helpers shared by the page files. */
#include "pages/common.h"

#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"

const CodeLabel page_genders[] = {
  {"female", N_("Kvinde")}, {"male", N_("Mand")}, {"other", N_("Andet")}, {NULL, NULL}};

const CodeLabel page_points[] = {
  {"start", N_("Opstartsmåling")},
  {"follow_up", N_("Opfølgningsmåling")},
  {"end", N_("Afslutningsmåling")},
  {"after_end", N_("Måling efter afslutning")},
  {"ad_hoc", N_("Løbende måling")},
  {NULL, NULL}};

const CodeLabel page_respondents[] = {
  {"staff", N_("Medarbejder")},
  {"citizen", N_("Borger")},
  {"relative", N_("Pårørende")},
  {"authority", N_("Myndighed")},
  {NULL, NULL}};

const CodeLabel page_methods[] = {
  {"dialogue_interview", N_("Dialogisk interview")},
  {"simple_interview", N_("Simpelt interview")},
  {"self_report", N_("Spørgeskema udfyldt af borger eller pårørende")},
  {"observation", N_("Observation/professionel vurdering")},
  {"observation_conversation", N_("Observationsbaseret samtale")},
  {NULL, NULL}};

const CodeLabel page_phases[] = {
  {"stabilisation", N_("Stabilisering")},
  {"primary_intervention", N_("Primær indsats")},
  {"aftercare", N_("Efterbehandling")},
  {NULL, NULL}};

const CodeLabel page_statuses[] = {
  {"draft", N_("Kladde")}, {"approved", N_("Godkendt")}, {NULL, NULL}};

const char *
page_label(const CodeLabel *table, const char *code)
{
  if (code == NULL)
    return NULL;
  for (const CodeLabel *c = table; c->code != NULL; c++)
    if (strcmp(c->code, code) == 0)
      return _(c->label);
  return code;
}

json_t *
page_options(const CodeLabel *table, const char *selected)
{
  json_t *options = json_array();
  for (const CodeLabel *c = table; c->code != NULL; c++)
    json_array_append_new(options,
                          json_pack("{s:s, s:s, s:b}", "code", c->code, "label", _(c->label),
                                    "selected", selected != NULL && strcmp(selected, c->code) == 0));
  return options;
}

void
page_add_date_display(json_t *object, const char *key)
{
  const char *iso = json_string_value(json_object_get(object, key));
  g_autofree char *display = spor_date_iso_to_danish(iso);
  g_autofree char *display_key = g_strconcat(key, "_display", NULL);
  json_object_set_new(object, display_key, display ? json_string(display) : json_null());
}

json_t *
page_model_new(const char *title)
{
  return json_pack("{s:s}", "title", title);
}
