/* practice_common.c — labels and helpers shared by the practice-development
 * pages (practice.c, assessment.c, development.c, theory.c, journey.c,
 * planning.c). */
#include "pages/practice_common.h"

#include <math.h>
#include <string.h>

#include "core/i18n.h"

const CodeLabel practice_assessment_statuses[] = {
  {"in_progress", N_("I gang")},
  {"finished", N_("Afsluttet")},
  {NULL, NULL}};

const CodeLabel practice_point_statuses[] = {
  {"open", N_("Ikke startet")},
  {"in_progress", N_("I gang")},
  {"done", N_("Gennemført")},
  {"dropped", N_("Opgivet")},
  {NULL, NULL}};

const CodeLabel practice_trial_statuses[] = {
  {"planned", N_("Planlagt")},
  {"running", N_("I gang")},
  {"finished", N_("Afsluttet")},
  {NULL, NULL}};

const CodeLabel practice_decisions[] = {
  {"adopt", N_("Indfør: gør det til fast praksis")},
  {"adjust", N_("Tilpas: justér og afprøv igen")},
  {"drop", N_("Opgiv: afprøv noget andet")},
  {NULL, NULL}};

const CodeLabel practice_journey_kinds[] = {
  {"concrete", N_("Et konkret indsatsforløb for en konkret borger")},
  {"generalised", N_("Et generaliseret indsatsforløb for en bestemt målgruppe")},
  {"fictitious", N_("Et fiktivt forløb, der viser, hvordan en ny indsats må forventes at forløbe")},
  {NULL, NULL}};

const CodeLabel practice_lanes[] = {
  {"citizen", N_("Borgeren")},
  {"offer", N_("Tilbuddet")},
  {"authority", N_("Myndighed")},
  {"others", N_("Andre")},
  {"documentation", N_("Dokumentation")},
  {NULL, NULL}};

const CodeLabel practice_entry_kinds[] = {
  {"activity", N_("Aktivitet")},
  {"strength", N_("Styrke")},
  {"weakness", N_("Svaghed")},
  {"attention", N_("Opmærksomhed")},
  {"assessment", N_("Vurdering")},
  {"collect", N_("Dokumentation indsamles")},
  {"use", N_("Dokumentation anvendes")},
  {NULL, NULL}};

const CodeLabel practice_columns[] = {
  {"activities", N_("Aktiviteter")},
  {"immediate_results", N_("Umiddelbare resultater")},
  {"medium_term_results", N_("Resultater på mellemlangt sigt")},
  {"long_term_results", N_("Resultater på langt sigt")},
  {NULL, NULL}};

json_t *
practice_offer_ref(const json_t *offer)
{
  json_int_t id = json_integer_value(json_object_get(offer, "id"));
  g_autofree char *href = g_strdup_printf("/offers/%" JSON_INTEGER_FORMAT "/practice", id);
  return json_pack("{s:I, s:O?, s:O?, s:s}", "id", id, "name", json_object_get(offer, "name"),
                   "organisation_name", json_object_get(offer, "organisation_name"), "href",
                   href);
}

const char *
practice_name(const json_t *row, const char *prefix, SporLang lang)
{
  g_autofree char *key = g_strconcat(prefix, lang == SPOR_LANG_EN ? "_en" : "_da", NULL);
  return json_string_value(json_object_get(row, key));
}

gboolean
practice_refusal(FormResult *fields, const GError *error, const char *field, const char *fallback)
{
  if (!g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT))
    return FALSE;
  form_result_add_error(fields, field != NULL ? field : fallback, _(error->message));
  return TRUE;
}

gboolean
practice_audit(HttpRequest *req, const char *action, const char *detail, GError **error)
{
  return store_audit_append(req->db, req->user->id, 0, action, detail, req->remote_addr, error);
}

char *
practice_number(double value, SporLang lang)
{
  char buf[32];
  double r = round(value * 10) / 10;
  if (fabs(r - round(r)) < 1e-9)
    g_snprintf(buf, sizeof buf, "%.0f", r);
  else
    g_ascii_formatd(buf, sizeof buf, "%.1f", r);
  if (strcmp(buf, "-0") == 0)
    strcpy(buf, "0");
  if (lang == SPOR_LANG_DA)
    for (char *p = buf; *p != '\0'; p++)
      if (*p == '.')
        *p = ',';
  return g_strdup(buf);
}

char *
practice_clean_text(const char *raw, glong max, const char **out_msgid)
{
  g_autofree char *text = g_strstrip(g_strdup(raw != NULL ? raw : ""));
  if (g_utf8_strlen(text, -1) > max) {
    *out_msgid = max == 4000 ? N_("Teksten må højst være 4000 tegn.")
                             : N_("Teksten er for lang.");
    return NULL;
  }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      *out_msgid = N_("Teksten indeholder ugyldige tegn.");
      return NULL;
    }
  }
  return g_steal_pointer(&text);
}

void
practice_add_has(json_t *model)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
  const char *key;
  json_t *value;
  json_object_foreach(model, key, value)
    if (json_is_array(value))
      g_ptr_array_add(keys, g_strdup(key));
  for (guint i = 0; i < keys->len; i++) {
    const char *k = g_ptr_array_index(keys, i);
    g_autofree char *flag = g_strconcat("has_", k, NULL);
    json_object_set_new(model, flag, json_boolean(json_array_size(json_object_get(model, k)) > 0));
  }
  g_ptr_array_unref(keys);
}
