/* common.c — labels and view-model helpers shared by the page files. */
#include "pages/common.h"

#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/instrument.h"
#include "pages/citizen_chart.h"
#include "render/chart.h"

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

/* ---- Results documentation ------------------------------------------------ */

const CodeLabel page_plan_kinds[] = {
  {"start", N_("Opstart")},
  {"follow_up", N_("Opfølgning")},
  {"phase_change", N_("Faseskift")},
  {"end", N_("Afslutning")},
  {"after_end", N_("Efter afslutning")},
  {NULL, NULL}};

const CodeLabel page_due_statuses[] = {
  {"upcoming", N_("Kommende")},
  {"open", N_("Skal måles nu")},
  {"overdue", N_("Forsinket")},
  {"missed", N_("Ikke målt")},
  {"done", N_("Målt")},
  {"late", N_("Målt for sent")},
  {"draft", N_("Kladde, afventer godkendelse")},
  {NULL, NULL}};

const CodeLabel page_goal_kinds[] = {
  {"scale", N_("Mål på et livsområde")},
  {"gas", N_("GAS-mål")},
  {"text", N_("Mål i ord")},
  {NULL, NULL}};

const CodeLabel page_goal_types[] = {
  {"improve", N_("Positiv udvikling")},
  {"maintain", N_("Fastholdelse/stabilisering")},
  {NULL, NULL}};

const CodeLabel page_goal_statuses[] = {
  {"active", N_("Aktivt")},
  {"reached", N_("Nået")},
  {"not_reached", N_("Ikke nået")},
  {"cancelled", N_("Opgivet")},
  {NULL, NULL}};

const CodeLabel page_intensity_kinds[] = {
  {"individual", N_("Individuel samtale")},
  {"group", N_("Gruppeforløb")},
  {"family", N_("Familie- eller pårørendesamtale")},
  {"network", N_("Netværksmøde")},
  {"activity", N_("Aktivitet eller træning")},
  {"remote", N_("Telefon eller video")},
  {"other", N_("Andet")},
  {NULL, NULL}};

const CodeLabel page_gas_levels[] = {
  {"-2", N_("Meget mindre end forventet")},
  {"-1", N_("Mindre end forventet")},
  {"0", N_("Det forventede resultat")},
  {"1", N_("Mere end forventet")},
  {"2", N_("Meget mere end forventet")},
  {NULL, NULL}};

const PageQuestion page_questions[] = {
  {"start", "gender", N_("Køn"), FALSE},
  {"start", "birth_date", N_("Alder (fødselsdato)"), FALSE},
  {"start", "referral_basis", N_("Visitationsgrundlag"), FALSE},
  {"start", "diagnoses", N_("Diagnoser"), FALSE},
  {"start", "education", N_("Uddannelse"), FALSE},
  {"start", "occupation", N_("Erhverv"), FALSE},
  {"start", "housing", N_("Bolig"), FALSE},
  {"start", "intervention_goals", N_("Målene for indsatsen"), TRUE},
  {"start", "medical_treatment", N_("Medicinsk behandling"), FALSE},
  {"start", "criminal_record", N_("Kriminalitet"), FALSE},
  {"start", "mother_tongue", N_("Modersmål"), FALSE},
  {"start", "ethnic_background", N_("Etnisk baggrund"), FALSE},
  {"start", "family_situation", N_("Familieforhold"), FALSE},
  {"start", "cohabitation", N_("Samlivssituation"), FALSE},
  {"during", "components", N_("Hvilke delindsatser har indsatsen bestået af?"), TRUE},
  {"during", "intensity", N_("Hvad har volumen/intensiteten været?"), TRUE},
  {"during", "next_phase_goals", N_("Målene for næste fase af indsatsen"), TRUE},
  {"during", "medical_treatment", N_("Medicinsk behandling"), FALSE},
  {"during", "cohabitation", N_("Samlivssituation"), FALSE},
  {"end", "end_reason", N_("Afslutningsårsag"), FALSE},
  {"end", "discharged_to", N_("Udskrevet til ny indsats"), FALSE},
  {"end", "success_assessment", N_("Faglig vurdering af indsatsens succes"), TRUE},
  {"end", "medical_treatment", N_("Medicinsk behandling"), FALSE},
  {"end", "cohabitation", N_("Samlivssituation"), FALSE},
  {NULL, NULL, NULL, FALSE}};

void
page_question_setting(const json_t *settings, const char *stage, const char *key,
                      gboolean *out_asked, gboolean *out_required)
{
  *out_asked = TRUE;
  *out_required = FALSE;
  size_t i;
  json_t *row;
  json_array_foreach(settings, i, row) {
    if (g_strcmp0(json_string_value(json_object_get(row, "stage")), stage) == 0 &&
        g_strcmp0(json_string_value(json_object_get(row, "question")), key) == 0) {
      *out_asked = json_is_true(json_object_get(row, "asked"));
      *out_required = *out_asked && json_is_true(json_object_get(row, "required"));
    }
  }
}

json_t *
page_question_list(const json_t *settings, const char *stage)
{
  json_t *list = json_array();
  for (const PageQuestion *q = page_questions; q->key != NULL; q++) {
    if (strcmp(q->stage, stage) != 0)
      continue;
    gboolean asked, required;
    page_question_setting(settings, stage, q->key, &asked, &required);
    json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:b, s:b}", "key", q->key, "label",
                                          _(q->label), "long", q->long_text, "asked", asked,
                                          "required", required));
  }
  return list;
}

gboolean
page_relation(HttpRequest *req, HttpReply *reply, gint64 citizen_id, StoreRelation *out)
{
  g_autoptr(GError) error = NULL;
  if (store_citizen_relation(req->db, req->user->id, citizen_id, out, &error))
    return TRUE;
  reply_store_error(reply, error);
  return FALSE;
}

json_t *
page_instrument_names(HttpRequest *req, GError **error)
{
  json_t *list = store_instrument_list(req->db, error);
  if (list == NULL)
    return NULL;
  json_t *names = json_object();
  size_t i;
  json_t *row;
  json_array_foreach(list, i, row) {
    const char *key = json_string_value(json_object_get(row, "key"));
    if (key != NULL)
      json_object_set(names, key,
                      json_object_get(row, req->lang == SPOR_LANG_EN ? "name_en" : "name_da"));
  }
  json_decref(list);
  return names;
}

char *
page_due_label(const json_t *e, const char *phase_name)
{
  const char *kind = json_string_value(json_object_get(e, "kind"));
  gint64 months = json_integer_value(json_object_get(e, "months"));
  gint64 sequence = json_integer_value(json_object_get(e, "sequence"));
  if (g_strcmp0(kind, "follow_up") == 0)
    return g_strdup_printf(_("Opfølgning %d (efter %d md.)"), (int)sequence, (int)months);
  if (g_strcmp0(kind, "phase_change") == 0)
    return phase_name ? g_strdup_printf(_("Faseskift: %s"), phase_name)
                      : g_strdup(_("Faseskift"));
  if (g_strcmp0(kind, "after_end") == 0)
    return g_strdup_printf(_("%d md. efter afslutning"), (int)months);
  return g_strdup(page_label(page_plan_kinds, kind));
}

char *
page_number(const json_t *value, SporLang lang)
{
  if (!json_is_number(value))
    return g_strdup("");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(buf, sizeof buf, "%.2f", json_number_value(value));
  /* 2.50 → 2,5; 3.00 → 3 */
  char *dot = strchr(buf, '.');
  if (dot != NULL) {
    char *end = buf + strlen(buf) - 1;
    while (end > dot && *end == '0')
      *end-- = '\0';
    if (end == dot)
      *end = '\0';
    else if (lang == SPOR_LANG_DA)
      *dot = ',';
  }
  return g_strdup(buf);
}

void
page_add_dates(json_t *array, const char *const *keys)
{
  size_t i;
  json_t *row;
  json_array_foreach(array, i, row)
    for (int k = 0; keys[k] != NULL; k++)
      page_add_date_display(row, keys[k]);
}

/* Display fields of a goal row. */
static void
decorate_goal(json_t *g, SporLang lang)
{
  const char *kind = json_string_value(json_object_get(g, "kind"));
  json_object_set_new(g, "kind_label", json_string(page_label(page_goal_kinds, kind)));
  json_object_set_new(g, "type_label", json_string(page_label(page_goal_types,
    json_string_value(json_object_get(g, "goal_type")))));
  json_object_set_new(g, "status_label", json_string(page_label(page_goal_statuses,
    json_string_value(json_object_get(g, "status")))));
  json_object_set_new(g, "is_scale", json_boolean(g_strcmp0(kind, "scale") == 0));
  json_object_set_new(g, "is_gas", json_boolean(g_strcmp0(kind, "gas") == 0));
  json_object_set_new(g, "is_sub", json_boolean(!json_is_null(json_object_get(g, "parent_goal_id")) &&
                                               json_object_get(g, "parent_goal_id") != NULL));
  g_autofree char *baseline = page_number(json_object_get(g, "baseline"), lang);
  g_autofree char *target = page_number(json_object_get(g, "target_score"), lang);
  json_object_set_new(g, "baseline_display", json_string(baseline));
  json_object_set_new(g, "target_display", json_string(target));
  json_t *rating = json_object_get(g, "latest_rating");
  if (json_is_integer(rating)) {
    g_autofree char *level = g_strdup_printf("%" JSON_INTEGER_FORMAT, json_integer_value(rating));
    json_object_set_new(g, "latest_rating_label",
                        json_string(page_label(page_gas_levels, level)));
  }
  page_add_date_display(g, "set_on");
  page_add_date_display(g, "target_date");
}

/* Display fields of every goal in a list (also for the citizen's pages). */
void
page_decorate_goals(json_t *goals, SporLang lang)
{
  size_t i;
  json_t *g;
  json_array_foreach(goals, i, g)
    decorate_goal(g, lang);
}


json_t *
page_changes(const json_t *before, const json_t *now, const json_t *yours,
             const PageChangeField *fields, SporLang lang)
{
  json_t *rows = json_array();
  for (const PageChangeField *f = fields; f->key != NULL; f++) {
    json_t *b = json_object_get(before, f->key), *n = json_object_get(now, f->key);
    if (b == NULL)
      b = json_null();
    if (n == NULL)
      n = json_null();
    if (json_equal(b, n))
      continue;
    json_t *values[3] = {b, n, yours ? json_object_get(yours, f->form_key ? f->form_key : f->key)
                                     : NULL};
    char *shown[3];
    for (int k = 0; k < 3; k++) {
      json_t *v = values[k];
      if (v == NULL || json_is_null(v))
        shown[k] = g_strdup("–");
      else if (json_is_number(v))
        shown[k] = page_number(v, lang);
      else if (json_is_string(v) && f->codes != NULL)
        shown[k] = g_strdup(page_label(f->codes, json_string_value(v)));
      else if (json_is_string(v) && f->date) {
        char *d = spor_date_iso_to_danish(json_string_value(v));
        shown[k] = d ? d : g_strdup(json_string_value(v));
      } else if (json_is_string(v))
        shown[k] = g_strdup(json_string_value(v));
      else
        shown[k] = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    }
    json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s}", "field", f->key, "label",
                                          _(f->label), "before", shown[0], "now", shown[1],
                                          "yours", shown[2]));
    for (int k = 0; k < 3; k++)
      g_free(shown[k]);
  }
  return rows;
}

json_t *
page_score_chart_models(StoreDb *db, const json_t *citizen, const json_t *measurements,
                        SporLang lang, GError **error)
{
  /* The instruments measured, in the order first met. */
  g_autoptr(GPtrArray) keys = g_ptr_array_new();
  size_t i;
  json_t *m;
  json_array_foreach(measurements, i, m) {
    const char *key = json_string_value(json_object_get(m, "instrument_key"));
    if (key == NULL || strcmp(key, CITIZEN_CHART_INSTRUMENT) == 0 ||
        g_strcmp0(json_string_value(json_object_get(m, "status")), "approved") != 0)
      continue;
    gboolean seen = FALSE;
    for (guint k = 0; k < keys->len && !seen; k++)
      seen = strcmp(g_ptr_array_index(keys, k), key) == 0;
    if (!seen)
      g_ptr_array_add(keys, (gpointer)key);
  }
  json_t *charts = json_array();
  for (guint k = 0; k < keys->len; k++) {
    const char *key = g_ptr_array_index(keys, k);
    gint64 id = 0;
    if (!store_instrument_find(db, key, 0, &id, error)) {
      json_decref(charts);
      return NULL;
    }
    InstrumentVersion *v = instrument_version_load(db, id, error);
    if (v == NULL) {
      json_decref(charts);
      return NULL;
    }
    json_t *chart = v->def->kind == INSTRUMENT_KIND_QUESTIONNAIRE
      ? citizen_chart_score_model(citizen, measurements, v->def, key, lang)
      : NULL;
    instrument_version_free(v);
    if (chart != NULL)
      json_array_append_new(charts, chart);
  }
  return charts;
}

gboolean
page_score_charts(HttpRequest *req, HttpReply *reply, json_t *model, const json_t *citizen,
                  const json_t *measurements, GError **error)
{
  json_t *charts = page_score_chart_models(req->db, citizen, measurements, req->lang, error);
  if (charts == NULL)
    return FALSE;
  g_autoptr(GString) svgs = g_string_new(NULL);
  size_t i;
  json_t *chart;
  json_array_foreach(charts, i, chart) {
    if (req->api)
      break;
    g_autoptr(GError) chart_error = NULL;
    g_autofree char *svg = chart_line_svg(chart, &chart_error);
    if (svg != NULL)
      g_string_append(svgs, svg);
  }
  json_object_set_new(model, "has_score_charts", json_boolean(json_array_size(charts) > 0));
  json_object_set_new(model, "score_charts", charts);
  if (svgs->len > 0)
    reply_html_extra(reply, "score_charts_svg", g_string_free(g_steal_pointer(&svgs), FALSE));
  return TRUE;
}
