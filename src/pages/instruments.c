/* instruments.c — the administrators' instrument pages: the list, a
 * version previewed as the form a worker will see, importing a definition
 * (spor's JSON format or a FHIR Questionnaire, pasted into the form or
 * read from a file by the page's script) with every problem shown and
 * nothing written unless it is whole, and downloads as JSON or FHIR.
 *
 * The import form takes the definition as text in a textarea field: the
 * request parser reads urlencoded bodies only, within max_body_bytes. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/fhir.h"
#include "domain/instrument.h"
#include "pages/common.h"
#include "pages/instrument_form.h"
#include "pages/pages.h"

static const CodeLabel kinds[] = {
  {"questionnaire", N_("Spørgeskema")},
  {"goal_based", N_("Målbaseret (fx GAS)")},
  {"practice_assessment", N_("Vurdering af praksis")},
  {NULL, NULL}};

static const CodeLabel sources[] = {
  {"builtin", N_("indbygget")},
  {"import", N_("importeret")},
  {"fhir", N_("importeret fra FHIR")},
  {NULL, NULL}};

static char *
export_href(gint64 id, const char *format)
{
  return g_strdup_printf("/instruments/%" G_GINT64_FORMAT "/export?format=%s", id, format);
}

/* ---- The list ------------------------------------------------------------------ */

static void
instrument_list(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *list = store_instrument_list(req->db, &error);
  if (list == NULL) {
    reply_store_error(reply, error);
    return;
  }
  size_t i;
  json_t *row;
  json_array_foreach(list, i, row) {
    gint64 id = json_integer_value(json_object_get(row, "id"));
    g_autofree char *href = g_strdup_printf("/instruments/%" G_GINT64_FORMAT, id);
    g_autofree char *json_href = export_href(id, "json");
    g_autofree char *fhir_href = export_href(id, "fhir");
    json_object_set(row, "name", json_object_get(row, req->lang == SPOR_LANG_EN ? "name_en"
                                                                                : "name_da"));
    json_object_set_new(row, "kind_label",
      json_string(page_label(kinds, json_string_value(json_object_get(row, "kind")))));
    json_object_set_new(row, "href", json_string(href));
    json_object_set_new(row, "json_href", json_string(json_href));
    json_object_set_new(row, "fhir_href", json_string(fhir_href));
  }
  json_t *model = page_model_new(_("Instrumenter"));
  json_object_set_new(model, "instruments", list);
  reply_page(reply, 200, "instruments", model);
}

/* ---- One version ------------------------------------------------------------------ */

static const FieldSpec show_fields[] = {
  {"imported", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("created", "unchanged"), N_("Importeret")},
};

static char *
respondents_label(guint bits)
{
  GString *out = g_string_new(NULL);
  const char *const *names = instrument_respondent_names();
  for (guint i = 0; names[i] != NULL; i++) {
    if (!(bits & (1u << i)))
      continue;
    if (out->len > 0)
      g_string_append(out, ", ");
    g_string_append(out, page_label(page_respondents, names[i]));
  }
  return g_string_free(out, FALSE);
}

static void
instrument_show(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  gint64 id = http_request_param(req, "id");
  g_autoptr(InstrumentVersion) version = instrument_version_load(req->db, id, &error);
  if (version == NULL) {
    reply_store_error(reply, error);
    return;
  }
  const InstrumentDef *def = version->def;
  json_t *versions = store_instrument_versions(req->db, def->id, &error);
  if (versions == NULL) {
    reply_store_error(reply, error);
    return;
  }
  SporLang lang = req->lang;
  gint64 measurements = 0;
  size_t i;
  json_t *row;
  json_array_foreach(versions, i, row) {
    gint64 vid = json_integer_value(json_object_get(row, "id"));
    if (vid == id)
      measurements = json_integer_value(json_object_get(row, "measurements"));
    g_autofree char *href = g_strdup_printf("/instruments/%" G_GINT64_FORMAT, vid);
    g_autofree char *day = g_strndup(json_string_value(json_object_get(row, "created_at")), 10);
    g_autofree char *day_display = spor_date_iso_to_danish(day);
    json_object_set_new(row, "href", json_string(href));
    json_object_set_new(row, "current", json_boolean(vid == id));
    json_object_set_new(row, "source_label",
      json_string(page_label(sources, json_string_value(json_object_get(row, "source")))));
    json_object_set_new(row, "created_on_display", json_string(day_display ? day_display : ""));
  }

  g_autofree char *respondents = respondents_label(def->respondents);
  g_autofree char *json_href = export_href(id, "json");
  g_autofree char *fhir_href = export_href(id, "fhir");
  json_t *instrument = json_pack(
    "{s:I, s:s, s:I, s:s, s:s?, s:s?, s:s?, s:s, s:s, s:s, s:s, s:b, s:I, s:s, s:s, s:i, s:i}",
    "id", (json_int_t)id, "key", def->id, "version", (json_int_t)version->version, "name",
    instrument_text(&def->name, lang), "description", instrument_text(&def->description, lang),
    "notes", instrument_text(&def->notes, lang), "source", instrument_text(&def->source, lang),
    "kind", instrument_kind_name(def->kind), "kind_label",
    page_label(kinds, instrument_kind_name(def->kind)), "respondents_label", respondents,
    "direction_label", def->higher_is_better ? _("Højere score er bedre")
                                             : _("Lavere score er bedre"),
    "higher_is_better", def->higher_is_better, "measurements", (json_int_t)measurements,
    "json_href", json_href, "fhir_href", fhir_href, "n_items", (int)def->n_items,
    "n_subscales", (int)def->n_subscales);
  if (def->has_reliability) {
    g_autofree char *r = instrument_form_number(def->reliability, lang);
    json_object_set_new(instrument, "reliability", json_string(r));
  }

  json_t *model = page_model_new(instrument_text(&def->name, lang));
  json_object_set_new(model, "instrument", instrument);
  json_object_set_new(model, "versions", versions);
  json_object_set_new(model, "sections", instrument_form_sections(version, lang, NULL, NULL, TRUE));
  if (def->has_total)
    json_object_set_new(model, "total", instrument_form_scoring(&def->total, def->n_items, lang));
  const char *imported = form_text(req->fields, "imported");
  if (imported != NULL)
    json_object_set_new(model, "imported",
                        json_pack("{s:s, s:b}", "outcome", imported, "created",
                                  strcmp(imported, "created") == 0));
  reply_page(reply, 200, "instrument", model);
}

/* ---- Downloads ------------------------------------------------------------------------ */

static const FieldSpec export_fields[] = {
  {"format", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("json", "fhir"), N_("Format")},
};

static void
instrument_export(HttpRequest *req, HttpReply *reply)
{
  if (!form_result_ok(req->fields)) {
    reply_error(reply, 400, _("Formatet skal være json eller fhir."));
    return;
  }
  g_autoptr(GError) error = NULL;
  gint64 id = http_request_param(req, "id");
  g_autoptr(InstrumentVersion) version = instrument_version_load(req->db, id, &error);
  if (version == NULL) {
    reply_store_error(reply, error);
    return;
  }
  const char *format = form_text(req->fields, "format");
  gboolean fhir = format != NULL && strcmp(format, "fhir") == 0;
  char *text = fhir ? fhir_questionnaire_text(version->def)
                    : instrument_def_to_text(version->def);
  g_autofree char *name = g_strdup_printf("%s-v%" G_GINT64_FORMAT "%s.json", version->def->id,
                                          version->version, fhir ? ".fhir" : "");
  gsize len = strlen(text);
  /* The name holds only the id's characters (A–Z a–z 0–9 . _ -). */
  g_autofree char *disposition = g_strdup_printf("attachment; filename=\"%s\"", name);
  reply_header(reply, "Content-Disposition", disposition);
  reply_body(reply, 200, fhir ? "application/fhir+json; charset=utf-8"
                              : "application/json; charset=utf-8",
             g_bytes_new_take(text, len));
}

/* ---- Importing -------------------------------------------------------------------------- */

static const FieldSpec import_fields[] = {
  {"definition", FIELD_TEXT, TRUE, 1, INSTRUMENT_MAX_BYTES, NULL, N_("Definition")},
  {"action", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("check", "import"), N_("Handling")},
  {"new_version", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Gem som ny version")},
};

static json_t *
import_model(void)
{
  json_t *model = page_model_new(_("Importér et instrument"));
  json_object_set_new(model, "problems", json_array());
  json_object_set_new(model, "has_problems", json_false());
  return model;
}

static void
instrument_import_form(HttpRequest *req, HttpReply *reply)
{
  (void)req;
  json_t *model = import_model();
  json_object_set_new(model, "values", json_object());
  json_object_set_new(model, "errors", json_object());
  reply_page(reply, 200, "instrument_import", model);
}

/* 422 with every problem listed; the request writes nothing. */
static void
reply_problems(HttpRequest *req, HttpReply *reply, GPtrArray *problems, const char *heading)
{
  json_t *model = import_model();
  json_t *list = json_object_get(model, "problems");
  GString *all = g_string_new(heading);
  for (guint i = 0; i < problems->len; i++) {
    const InstrumentProblem *p = g_ptr_array_index(problems, i);
    json_array_append_new(list, json_pack("{s:s, s:s}", "path", p->path, "message", p->message));
    g_autofree char *line = instrument_problem_format(p);
    g_string_append_printf(all, "\n%s", line);
  }
  json_object_set_new(model, "has_problems", json_true());
  json_object_set_new(model, "problems_heading", json_string(heading));
  /* The API's error message: the heading and every problem, one a line. */
  json_object_set_new(model, "error", json_string(all->str));
  g_string_free(all, TRUE);
  form_result_add_error(req->fields, "definition", heading);
  reply_form_errors(reply, "instrument_import", model, req->fields);
}

static void
instrument_import_post(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  if (!form_result_ok(fields)) {
    reply_form_errors(reply, "instrument_import", import_model(), fields);
    return;
  }
  const char *text = form_text(fields, "definition");
  const char *action = form_text(fields, "action");
  gboolean check_only = action != NULL && strcmp(action, "check") == 0;
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  gboolean fhir = FALSE;
  g_autoptr(InstrumentDef) def = instrument_def_parse_any(text, strlen(text), &fhir, problems);
  if (def == NULL) {
    g_autofree char *heading =
      problems->len == 1 ? g_strdup(_("Definitionen har 1 problem; intet er gemt."))
                         : g_strdup_printf(_("Definitionen har %u problemer; intet er gemt."),
                                           problems->len);
    reply_problems(req, reply, problems, heading);
    return;
  }
  if (check_only) {
    json_t *model = import_model();
    json_object_set(model, "values", form_result_echo(fields));
    json_object_set_new(model, "errors", json_object());
    json_object_set_new(model, "checked",
      json_pack("{s:s, s:I, s:s, s:i, s:i, s:b}", "key", def->id, "version",
                (json_int_t)def->version, "name", instrument_text(&def->name, req->lang),
                "n_items", (int)def->n_items, "n_subscales", (int)def->n_subscales, "fhir",
                fhir));
    reply_page(reply, 200, "instrument_import", model);
    return;
  }
  g_autoptr(GError) error = NULL;
  InstrumentImportResult result;
  if (!instrument_import(req->db, def, fhir ? "fhir" : "import", req->user->id,
                         form_bool(fields, "new_version"), &result, problems, &error)) {
    if (problems->len > 0)
      reply_problems(req, reply, problems, _("Definitionen er ikke gemt."));
    else
      reply_store_error(reply, error);
    return;
  }
  gboolean created = result.outcome == INSTRUMENT_IMPORT_CREATED;
  g_autofree char *detail = g_strdup_printf("%s version %" G_GINT64_FORMAT, def->id,
                                            result.version);
  if (created && !store_audit_append(req->db, req->user->id, 0, "instrument.import", detail,
                                     req->remote_addr, &error)) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *location = g_strdup_printf("/instruments/%" G_GINT64_FORMAT "?imported=%s",
                                              result.instrument_id,
                                              created ? "created" : "unchanged");
  reply_set_model(reply, json_pack("{s:I, s:s, s:I, s:s}", "id",
                                   (json_int_t)result.instrument_id, "key", def->id, "version",
                                   (json_int_t)result.version, "outcome",
                                   created ? "created" : "unchanged"));
  reply_redirect(reply, location, created);
}

const Route pages_instruments_routes[] = {
  {"GET", "/instruments", instrument_list, CAP_ADMIN, NULL, 0, 0},
  {"GET", "/instruments/import", instrument_import_form, CAP_ADMIN, NULL, 0, ROUTE_HTML_ONLY},
  {"POST", "/instruments/import", instrument_import_post, CAP_ADMIN, import_fields,
   G_N_ELEMENTS(import_fields), 0},
  {"GET", "/instruments/{id}", instrument_show, CAP_ADMIN, show_fields,
   G_N_ELEMENTS(show_fields), 0},
  {"GET", "/instruments/{id}/export", instrument_export, CAP_ADMIN, export_fields,
   G_N_ELEMENTS(export_fields), 0},
};
const gsize pages_instruments_n_routes = G_N_ELEMENTS(pages_instruments_routes);
