/* privacy.c — the citizen's rights under the GDPR, for the leader who
 * answers them: a page per citizen with the export (everything held about
 * the citizen, as JSON for a machine and as PDF for the citizen to read;
 * the CPR number only when asked for explicitly) and the erasure (the
 * whole record, after the leader has typed SLET; the audit log keeps that
 * it happened, not what was erased).  Every export and erasure is in the
 * audit log. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/cpr.h"
#include "http/app.h"
#include "pages/common.h"
#include "pages/pages.h"
#include "render/pdf_doc.h"

/* What the leader types to confirm an erasure. */
#define ERASE_WORD "SLET"

/* A column of an export section: the key in the rows and its label. */
typedef struct ExportColumn {
  const char *key;
  const char *label;
} ExportColumn;

#define MAX_COLUMNS 12

/* The sections of store_citizen_export() as the PDF shows them. */
static const struct {
  const char *key;
  const char *title;
  ExportColumn columns[MAX_COLUMNS];
} export_tables[] = {
  {"courses", N_("Forløb"),
   {{"intervention", N_("Indsats")}, {"started_on", N_("Start")}, {"ended_on", N_("Slut")},
    {"phase", N_("Fase")}, {"end_reason", N_("Afslutningsårsag")},
    {"discharged_to", N_("Udskrevet til")}}},
  {"measurements", N_("Målinger"),
   {{"id", N_("Nr.")}, {"instrument", N_("Instrument")}, {"measured_on", N_("Dato")},
    {"point", N_("Målepunkt")}, {"respondent", N_("Besvaret af")}, {"status", N_("Status")},
    {"rater", N_("Registreret af")}, {"score", N_("Score")}, {"comment", N_("Kommentar")}}},
  {"answers", N_("Svar"),
   {{"measurement_id", N_("Måling nr.")}, {"question", N_("Spørgsmål")},
    {"value", N_("Svar")}, {"comment", N_("Kommentar")}}},
  {"course_phases", N_("Faser"),
   {{"course_id", N_("Forløb nr.")}, {"phase_name", N_("Fase")}, {"started_on", N_("Start")}}},
  {"course_answers", N_("Spørgsmål i løbet af og ved afslutningen af forløbet"),
   {{"course_id", N_("Forløb nr.")}, {"answered_on", N_("Dato")}, {"question", N_("Spørgsmål")},
    {"answer", N_("Svar")}}},
  {"intensity", N_("Intensitetslog"),
   {{"course_id", N_("Forløb nr.")}, {"held_on", N_("Dato")}, {"session_kind", N_("Slags")},
    {"minutes", N_("Minutter")}, {"note", N_("Note")}}},
  {"action_plan", N_("Handleplan"),
   {{"id", N_("Nr.")}, {"title", N_("Mål")}, {"description", N_("Beskrivelse")},
    {"legal_basis", N_("Lovgrundlag")}, {"follow_up_on", N_("Opfølgning")}}},
  {"goals", N_("Mål"),
   {{"id", N_("Nr.")}, {"course_id", N_("Forløb nr.")}, {"goal_kind", N_("Slags mål")},
    {"goal_type", N_("Måltype")}, {"title", N_("Mål")}, {"item_key", N_("Livsområde")},
    {"baseline", N_("Udgangspunkt")}, {"target_score", N_("Målscore")},
    {"set_on", N_("Sat")}, {"target_date", N_("Måldato")}, {"goal_status", N_("Status")}}},
  {"gas_ratings", N_("GAS-vurderinger"),
   {{"goal_id", N_("Mål nr.")}, {"rated_on", N_("Dato")}, {"level", N_("Niveau")},
    {"comment", N_("Kommentar")}}},
  {"diary", N_("Dagbog"),
   {{"written_on", N_("Dato")}, {"author", N_("Skrevet af")}, {"body", N_("Tekst")}}},
  {"invitations", N_("Invitationskoder til eget login"),
   {{"created_at", N_("Lavet")}, {"expires_at", N_("Udløber")}, {"used_at", N_("Brugt")}}},
  {"accounts", N_("Egen adgang til spor"),
   {{"username", N_("Brugernavn")}, {"display_name", N_("Navn")},
    {"disabled", N_("Spærret")}, {"created_at", N_("Oprettet")}}},
  {"authorities", N_("Myndighedspersoner med adgang"), {{"authority", N_("Navn")}}},
  {"access_log", N_("Hvem har set eller ændret oplysningerne"),
   {{"at", N_("Tidspunkt")}, {"user_name", N_("Bruger")}, {"action", N_("Handling")}}},
};

/* The citizen's own fields, in the order the PDF shows them. */
static const ExportColumn citizen_fields[] = {
  {"first_name", N_("Fornavn")},
  {"last_name", N_("Efternavn")},
  {"birth_date", N_("Fødselsdato")},
  {"cpr", N_("CPR-nummer")},
  {"gender", N_("Køn")},
  {"offer", N_("Tilbud")},
  {"unit", N_("Afdeling")},
  {"referral_basis", N_("Visitationsgrundlag")},
  {"diagnoses", N_("Diagnoser")},
  {"education", N_("Uddannelse")},
  {"occupation", N_("Erhverv")},
  {"housing", N_("Bolig")},
  {"intervention_goals", N_("Målene for indsatsen")},
  {"medical_treatment", N_("Medicinsk behandling")},
  {"criminal_record", N_("Kriminalitet")},
  {"mother_tongue", N_("Modersmål")},
  {"ethnic_background", N_("Etnisk baggrund")},
  {"family_situation", N_("Familieforhold")},
  {"cohabitation", N_("Samlivssituation")},
  {"created_at", N_("Oprettet i spor")},
};

/* A JSON value as text for a cell: strings as they are, numbers plainly,
 * null as NULL ("–" when drawn).  Newly allocated. */
static char *
value_text(const json_t *value)
{
  if (json_is_string(value))
    return g_strdup(json_string_value(value));
  if (json_is_integer(value))
    return g_strdup_printf("%" JSON_INTEGER_FORMAT, json_integer_value(value));
  if (json_is_real(value))
    return g_strdup_printf("%.2f", json_real_value(value));
  if (json_is_boolean(value))
    return g_strdup(json_is_true(value) ? _("Ja") : _("Nej"));
  return NULL;
}

/* A cell of an export table: codes as their labels, dates as dd-mm-åååå.
 * Newly allocated, or NULL for none. */
static char *
cell_text(const char *key, const json_t *value)
{
  static const struct {
    const char *key;
    const CodeLabel *labels;
  } coded[] = {
    {"point", page_points}, {"respondent", page_respondents}, {"status", page_statuses},
    {"phase", page_phases}, {"gender", page_genders}, {"goal_kind", page_goal_kinds},
    {"goal_type", page_goal_types}, {"goal_status", page_goal_statuses},
    {"session_kind", page_intensity_kinds},
  };
  const char *text = json_string_value(value);
  if (text != NULL) {
    for (gsize i = 0; i < G_N_ELEMENTS(coded); i++)
      if (strcmp(key, coded[i].key) == 0)
        return g_strdup(page_label(coded[i].labels, text));
    if (strcmp(key, "action") == 0)
      return g_strdup(page_audit_action_label(text));
    gsize len = strlen(text);
    if (len >= 10 && text[4] == '-' && text[7] == '-') {
      g_autofree char *date = g_strndup(text, 10);
      g_autofree char *day = spor_date_iso_to_danish(date);
      if (day != NULL && len == 10)
        return g_steal_pointer(&day);
      if (day != NULL && len == 20 && text[10] == 'T' && text[19] == 'Z')
        return g_strdup_printf("%s %.5s UTC", day, text + 11);
    }
  }
  if (strcmp(key, "disabled") == 0 && json_is_integer(value))
    return g_strdup(json_integer_value(value) ? _("Ja") : _("Nej"));
  return value_text(value);
}

static const char *
citizen_name(const json_t *citizen, char **out_owned)
{
  *out_owned = g_strdup_printf("%s %s", json_string_value(json_object_get(citizen, "first_name")),
                               json_string_value(json_object_get(citizen, "last_name")));
  return *out_owned;
}

/* The export as the citizen reads it on paper. */
static GBytes *
export_pdf(const json_t *export)
{
  const json_t *citizen = json_object_get(export, "citizen");
  g_autofree char *name = NULL;
  citizen_name(citizen, &name);
  g_autofree char *title = g_strdup_printf(_("Indsigt: %s"), name);
  g_autofree char *when = spor_date_iso_to_danish(
    json_string_value(json_object_get(export, "exported_on")));
  g_autofree char *subtitle = g_strdup_printf(
    _("Alle oplysninger, spor har om borgeren, udtrukket %s af %s."), when,
    json_string_value(json_object_get(export, "exported_by")));
  PdfDoc *doc = pdf_doc_new(title, subtitle);

  pdf_doc_heading(doc, _("Borgeren"));
  const char *labels[G_N_ELEMENTS(citizen_fields)];
  char *values[G_N_ELEMENTS(citizen_fields)];
  gsize n = 0;
  for (gsize i = 0; i < G_N_ELEMENTS(citizen_fields); i++) {
    const json_t *v = json_object_get(citizen, citizen_fields[i].key);
    if (v == NULL)
      continue; /* the CPR number, when not asked for */
    labels[n] = _(citizen_fields[i].label);
    values[n++] = cell_text(citizen_fields[i].key, v);
  }
  pdf_doc_fields(doc, labels, (const char *const *)values, n);
  for (gsize i = 0; i < n; i++)
    g_free(values[i]);

  for (gsize t = 0; t < G_N_ELEMENTS(export_tables); t++) {
    const json_t *rows = json_object_get(export, export_tables[t].key);
    pdf_doc_heading(doc, _(export_tables[t].title));
    if (json_array_size(rows) == 0) {
      pdf_doc_paragraph(doc, _("Ingen."));
      continue;
    }
    gsize n_columns = 0;
    const char *header[MAX_COLUMNS];
    while (n_columns < MAX_COLUMNS && export_tables[t].columns[n_columns].key != NULL) {
      header[n_columns] = _(export_tables[t].columns[n_columns].label);
      n_columns++;
    }
    gsize n_rows = json_array_size(rows);
    char **cells = g_new0(char *, n_rows * n_columns);
    for (gsize r = 0; r < n_rows; r++)
      for (gsize c = 0; c < n_columns; c++)
        cells[r * n_columns + c] = cell_text(
          export_tables[t].columns[c].key,
          json_object_get(json_array_get(rows, r), export_tables[t].columns[c].key));
    pdf_doc_table(doc, header, n_columns, (const char *const *)cells, n_rows);
    for (gsize i = 0; i < n_rows * n_columns; i++)
      g_free(cells[i]);
    g_free(cells);
  }
  return pdf_doc_finish(doc);
}

/* ---- The page ------------------------------------------------------------ */

/* Where each kind of mention (store_citizen_mentions) is read and edited. */
static const struct {
  const char *kind, *label, *path, *suffix; /* the link: path, ref_id, suffix */
} mention_kinds[] = {
  {"diary", N_("Dagbog"), "/courses/", ""},
  {"diary_citizen", N_("Dagbog"), "/citizens/", ""},
  {"measurement", N_("Måling"), "/measurements/", ""},
  {"goal", N_("Mål"), "/goals/", ""},
  {"intensity", N_("Indsatsens intensitet"), "/courses/", ""},
  {"assessment", N_("Lovende praksis-vurdering"), "/assessments/", ""},
  {"development_point", N_("Udviklingspunkt"), "/development-points/", ""},
  {"trial", N_("Prøvehandling"), "/trials/", ""},
  {"theory", N_("Forandringsteori"), "/theories/", ""},
  {"journey", N_("Borgerrejse"), "/journeys/", ""},
  {"planning", N_("Planlægningsværktøj"), "/tools/", ""},
};

/* The rows of store_citizen_mentions() with their label, link and date as
 * the page shows them; a new reference. */
static json_t *
mentions_model(const json_t *rows)
{
  json_t *out = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    const char *kind = json_string_value(json_object_get(row, "kind"));
    gint64 ref = json_integer_value(json_object_get(row, "ref_id"));
    for (guint k = 0; k < G_N_ELEMENTS(mention_kinds); k++) {
      if (g_strcmp0(kind, mention_kinds[k].kind) != 0)
        continue;
      g_autofree char *href = g_strdup_printf("%s%" G_GINT64_FORMAT "%s", mention_kinds[k].path,
                                              ref, mention_kinds[k].suffix);
      const char *on = json_string_value(json_object_get(row, "on_date"));
      g_autofree char *day = on != NULL ? g_strndup(on, 10) : NULL;
      g_autofree char *on_display = spor_date_iso_to_danish(day);
      json_array_append_new(out, json_pack("{s:s, s:s, s:O, s:s?}", "label",
                                           _(mention_kinds[k].label), "href", href, "about",
                                           json_object_get(row, "about"), "on_display",
                                           on_display));
    }
  }
  return out;
}

static json_t *
privacy_model(HttpRequest *req, gint64 id, GError **error)
{
  json_t *citizen = store_citizen_get(req->db, req->user->id, id, error);
  if (citizen == NULL)
    return NULL;
  g_autofree char *name = NULL;
  json_t *model = page_model_new(_("Persondata"));
  json_object_set_new(model, "citizen_name", json_string(citizen_name(citizen, &name)));
  json_object_set_new(model, "citizen", citizen);
  json_object_set_new(model, "erase_word", json_string(ERASE_WORD));
  json_t *mentions = store_citizen_mentions(req->db, req->user->id, id, error);
  if (mentions == NULL) {
    json_decref(model);
    return NULL;
  }
  json_object_set_new(model, "mentions", mentions_model(mentions));
  json_object_set_new(model, "has_mentions", json_boolean(json_array_size(mentions) > 0));
  json_decref(mentions);
  return model;
}

static void
privacy_show(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  json_t *model = privacy_model(req, id, &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_audit(reply, id, "citizen.read", NULL);
  reply_page(reply, 200, "privacy", model);
}

static const FieldSpec export_fields[] = {
  {"format", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("pdf", "json"), N_("Format")}, /* default pdf */
  {"cpr", FIELD_BOOL, FALSE, 0, 0, NULL, N_("Medtag det fulde CPR-nummer")},
};

static void
privacy_export(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  if (!form_result_ok(req->fields)) {
    json_t *model = privacy_model(req, id, &error);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "privacy", model, req->fields);
    return;
  }
  json_t *export = store_citizen_export(req->db, req->user->id, id, &error);
  if (export == NULL) {
    reply_store_error(reply, error);
    return;
  }
  json_t *citizen = json_object_get(export, "citizen");
  gboolean with_cpr = form_bool(req->fields, "cpr");
  const char *sealed = json_string_value(json_object_get(citizen, "cpr_sealed"));
  const SporSecrets *secrets = http_app_secrets(req->app);
  Cpr cpr;
  if (sealed != NULL && secrets != NULL && cpr_open(secrets, sealed, &cpr)) {
    g_autofree char *shown = with_cpr ? cpr_format(&cpr) : cpr_mask(&cpr);
    json_object_set_new(citizen, "cpr", json_string(shown));
  }
  json_object_del(citizen, "cpr_sealed");
  g_autofree char *today = spor_date_today();
  json_object_set_new(export, "format", json_string("spor-citizen-export/1"));
  json_object_set_new(export, "exported_on", json_string(today));
  json_object_set_new(export, "exported_by", json_string(req->user->display_name));

  gboolean pdf = g_strcmp0(form_text(req->fields, "format"), "json") != 0;
  GBytes *body;
  if (pdf) {
    body = export_pdf(export);
  } else {
    char *text = json_dumps(export, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    body = g_bytes_new_take(text, strlen(text));
  }
  json_decref(export);
  g_autofree char *disposition = g_strdup_printf(
    "attachment; filename=\"borger-%" G_GINT64_FORMAT "-%s.%s\"", id, today, pdf ? "pdf" : "json");
  reply_header(reply, "Content-Disposition", disposition);
  reply_audit_before_answer(reply);
  reply_audit(reply, id, "citizen.export",
              pdf ? (with_cpr ? "pdf, med CPR" : "pdf") : (with_cpr ? "json, med CPR" : "json"));
  reply_body(reply, 200, pdf ? "application/pdf" : "application/json; charset=utf-8", body);
}

static const FieldSpec erase_fields[] = {
  {"confirm", FIELD_TEXT, TRUE, 1, 20, NULL, N_("Bekræftelse")},
};

static void
privacy_erase(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  g_autoptr(GError) error = NULL;
  const char *confirm = form_text(req->fields, "confirm");
  if (confirm != NULL && strcmp(confirm, ERASE_WORD) != 0)
    form_result_add_error(req->fields, "confirm",
                          _("Skriv SLET med store bogstaver for at slette borgeren."));
  if (!form_result_ok(req->fields)) {
    json_t *model = privacy_model(req, id, &error);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "privacy", model, req->fields);
    return;
  }
  if (!store_citizen_erase(req->db, req->user->id, id, req->remote_addr, &error)) {
    reply_store_error(reply, error);
    return;
  }
  reply_set_model(reply, json_pack("{s:I, s:b}", "citizen_id", (json_int_t)id, "erased", 1));
  reply_redirect(reply, "/citizens?erased=1", FALSE);
}

const Route pages_privacy_routes[] = {
  {"GET", "/citizens/{id}/privacy", privacy_show, CAP_PRIVACY, NULL, 0, 0},
  {"GET", "/citizens/{id}/export", privacy_export, CAP_PRIVACY, export_fields,
   G_N_ELEMENTS(export_fields), ROUTE_HTML_ONLY},
  {"POST", "/citizens/{id}/erase", privacy_erase, CAP_PRIVACY, erase_fields,
   G_N_ELEMENTS(erase_fields), 0},
};
const gsize pages_privacy_n_routes = G_N_ELEMENTS(pages_privacy_routes);
