/* exchange.c — CSV import and export in the web UI, for leaders: the same
 * checks and formats as `spor import` and `spor export` (domain/exchange.h,
 * docs/csv.md).  An import is checked whole; with one problem nothing is
 * written (422 with every problem by line and column), a dry run writes
 * nothing either, and a clean import is one transaction.  An export is a
 * download; every citizen in it is in the audit log. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/exchange.h"
#include "pages/common.h"
#include "pages/pages.h"

static const CodeLabel kinds[] = {
  {"citizens", N_("Borgere")},
  {"courses", N_("Forløb")},
  {"measurements", N_("Målinger")},
  {NULL, NULL}};

static json_t *
exchange_model(HttpRequest *req, const char *kind, GError **error)
{
  json_t *instruments = store_instrument_list(req->db, error);
  if (instruments == NULL)
    return NULL;
  json_t *choices = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(instruments, i, row)
    if (g_strcmp0(json_string_value(json_object_get(row, "kind")), "practice_assessment") != 0)
      json_array_append_new(choices, json_pack("{s:O, s:O}", "key", json_object_get(row, "key"),
        "name", json_object_get(row, req->lang == SPOR_LANG_EN ? "name_en" : "name_da")));
  json_decref(instruments);
  json_t *model = page_model_new(_("Import og eksport"));
  json_object_set_new(model, "kinds", page_options(kinds, kind ? kind : "citizens"));
  json_object_set_new(model, "instruments", choices);
  return model;
}

static void
exchange_page(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *model = exchange_model(req, NULL, &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  json_object_set_new(model, "values", json_pack("{s:s}", "dry_run", "1"));
  reply_page(reply, 200, "exchange", model);
}

static const FieldSpec import_fields[] = {
  {"kind", FIELD_CHOICE, TRUE, 0, 0, PAGE_CODES("citizens", "courses", "measurements"),
   N_("Hvad")},
  {"csv", FIELD_TEXT, TRUE, 1, 0, NULL, N_("CSV-tekst")},
  {"dry_run", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Kun kontrol")},
};

static void
exchange_import(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  const char *kind_name = form_text(fields, "kind");
  g_autoptr(GError) error = NULL;
  json_t *model = exchange_model(req, kind_name, &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  json_object_set(model, "values", form_result_echo(fields));
  CsvKind kind;
  if (!form_result_ok(fields) || !csv_kind_parse(kind_name, &kind)) {
    reply_form_errors(reply, "exchange", model, fields);
    return;
  }
  /* The text as sent: CSV keeps its own spaces. */
  const char *text = form_data_get(req->form, "csv");
  gboolean dry_run = form_bool(fields, "dry_run");
  CsvImport *imp = csv_import_new(kind, req->db, req->user->id, req->remote_addr);
  gboolean ok = csv_import_feed(imp, text, strlen(text), &error) &&
                csv_import_finish(imp, &error);
  if (!ok) {
    csv_import_free(imp);
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  guint n_problems = csv_import_problem_count(imp);
  json_t *report = json_pack("{s:s, s:s, s:i, s:i, s:i, s:b, s:o}", "kind", kind_name,
                             "kind_label", page_label(kinds, kind_name),
                             "rows", (int)csv_import_rows(imp),
                             "written", (int)csv_import_written(imp), "problems_total",
                             (int)n_problems, "dry_run", dry_run, "problems",
                             csv_import_problems_json(imp));
  json_object_set_new(report, "clean", json_boolean(n_problems == 0));
  json_object_set_new(model, "report", report);
  csv_import_free(imp);
  if (n_problems > 0) {
    /* One bad row: nothing is written. */
    form_result_add_error(fields, "csv", _("Filen har problemer; intet er importeret."));
    reply_form_errors(reply, "exchange", model, fields);
    return;
  }
  if (dry_run) {
    reply_discard_writes(reply);
    reply_page(reply, 200, "exchange", model);
    return;
  }
  g_autofree char *detail = g_strdup_printf("%s rows=%u", kind_name,
    (guint)json_integer_value(json_object_get(report, "rows")));
  reply_audit(reply, 0, "import", detail);
  reply_page(reply, 200, "exchange", model);
}

static const FieldSpec export_fields[] = {
  {"kind", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("citizens", "courses", "measurements"),
   N_("Hvad")},
  {"names", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Med navne")},
  {"instrument", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Instrument")},
  {"drafts", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Kladder med")},
};

static gboolean
append_bytes(const char *bytes, gsize len, void *data)
{
  g_string_append_len(data, bytes, (gssize)len);
  return TRUE;
}

static void
exchange_export(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  const char *kind_name = form_text(fields, "kind") ? form_text(fields, "kind") : "citizens";
  CsvKind kind;
  if (!form_result_ok(fields) || !csv_kind_parse(kind_name, &kind)) {
    g_autoptr(GError) error = NULL;
    json_t *model = exchange_model(req, kind_name, &error);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "exchange", model, fields);
    return;
  }
  gboolean names = form_bool(fields, "names");
  const SporSecrets *secrets = http_app_secrets(req->app);
  if (!names && secrets == NULL) {
    reply_error(reply, 503, _("En eksport uden navne kræver systemets nøglefil. Kontakt "
                              "administratoren."));
    return;
  }
  CsvExportOptions options = {
    .kind = kind, .actor_user_id = req->user->id, .with_names = names, .secrets = secrets,
    .instrument_key = form_text(fields, "instrument") ? form_text(fields, "instrument")
                                                      : "vum-livsomraader",
    .drafts = form_bool(fields, "drafts"),
  };
  GString *csv = g_string_new(NULL);
  g_autoptr(GArray) citizens = NULL;
  g_autoptr(GError) error = NULL;
  if (!csv_export(req->db, &options, append_bytes, csv, &citizens, &error)) {
    g_string_free(csv, TRUE);
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *detail = g_strdup_printf("%s%s", kind_name, names ? " names" : "");
  for (guint i = 0; i < citizens->len; i++)
    reply_audit(reply, g_array_index(citizens, gint64, i), "citizen.csv_export", detail);
  g_autofree char *today = spor_date_today();
  g_autofree char *disposition = g_strdup_printf("attachment; filename=\"spor-%s-%s.csv\"",
                                                 kind_name, today);
  reply_header(reply, "Content-Disposition", disposition);
  gsize len = csv->len;
  reply_body(reply, 200, "text/csv; charset=utf-8",
             g_bytes_new_take(g_string_free(csv, FALSE), len));
}

const Route pages_exchange_routes[] = {
  {"GET", "/exchange", exchange_page, CAP_PLAN_WRITE, NULL, 0, ROUTE_HTML_ONLY},
  {"POST", "/exchange/import", exchange_import, CAP_PLAN_WRITE, import_fields,
   G_N_ELEMENTS(import_fields), 0},
  /* A download: the file is the same for a program, so no JSON twin. */
  {"GET", "/exchange/export", exchange_export, CAP_PLAN_WRITE, export_fields,
   G_N_ELEMENTS(export_fields), ROUTE_HTML_ONLY},
};
const gsize pages_exchange_n_routes = G_N_ELEMENTS(pages_exchange_routes);
