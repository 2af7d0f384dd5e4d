/* status_report.c — a citizen's status report for the authority (the
 * caseworker who ordered the intervention), as PDF: the citizen and the
 * courses, the handleplan's goals and the offer's goals, the measurements
 * of the period, the charts (the citizen's own assessment beside the
 * staff's, the life areas, GAS and other instruments' total scores) and
 * the diary excerpts the worker chooses on a form first.
 *
 * GET /citizens/{id}/status-report shows the form (period, a summary in
 * the worker's words, the diary entries to quote); POST to the same path
 * makes the report (a POST, so that the summary never stands in a URL; it
 * writes nothing but the audit line).  For the care team only; both the
 * form and the report are written to the audit log.  The report itself is
 * status_report_pdf_new (status_report.h), which `spor report
 * status-report` calls too. */
#include <math.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "pages/citizen_chart.h"
#include "pages/common.h"
#include "pages/download.h"
#include "pages/pages.h"
#include "pages/status_report.h"
#include "render/chart.h"
#include "render/chart_cairo.h"
#include "render/pdf_doc.h"

/* The width pdf_doc gives a drawing (A4 less its margins), to measure on. */
#define CONTENT_WIDTH (595.276 - 2 * 56.0)
/* Taller than this and a chart's data table goes (it would not fit a page). */
#define MAX_CHART_HEIGHT 690.0
/* The most diary entries offered on the form. */
#define DIARY_LIMIT 200

static const FieldSpec report_fields[] = {
  {"from", FIELD_DATE, FALSE, 0, 0, NULL, N_("Fra dato")},
  {"to", FIELD_DATE, FALSE, 0, 0, NULL, N_("Til og med dato")},
  {"summary", FIELD_TEXT, FALSE, 0, 4000, NULL, N_("Sammenfatning")},
};

/* Everything the report shows, read once (a new reference), or NULL with
 * error (NOT_FOUND for a citizen outside the care). */
static json_t *
report_data(StoreDb *db, gint64 actor, gint64 id, GError **error)
{
  if (!store_citizen_require_care(db, actor, id, error))
    return NULL;
  json_t *data = json_object();
  struct {
    const char *key;
    json_t *value;
  } parts[] = {
    {"citizen", store_citizen_get(db, actor, id, error)},
    {"courses", NULL}, {"goals", NULL}, {"action_plan", NULL}, {"measurements", NULL},
    {"diary", NULL}, {"instrument", NULL},
  };
  if (parts[0].value != NULL)
    parts[1].value = store_course_list(db, actor, id, error);
  if (parts[1].value != NULL)
    parts[2].value = store_goal_list(db, actor, id, 0, error);
  if (parts[2].value != NULL)
    parts[3].value = store_action_plan_goal_list(db, actor, id, error);
  if (parts[3].value != NULL)
    parts[4].value = store_measurement_list(db, actor, id, error);
  if (parts[4].value != NULL)
    parts[5].value = store_diary_list(db, actor, id, 0, DIARY_LIMIT, error);
  if (parts[5].value != NULL)
    parts[6].value = store_instrument_get_by_key(db, CITIZEN_CHART_INSTRUMENT, error);
  gboolean ok = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS(parts); i++) {
    ok = ok && parts[i].value != NULL;
    if (parts[i].value != NULL)
      json_object_set_new(data, parts[i].key, parts[i].value);
  }
  if (!ok) {
    json_decref(data);
    return NULL;
  }
  return data;
}

static char *
citizen_name(const json_t *citizen)
{
  return g_strdup_printf("%s %s", json_string_value(json_object_get(citizen, "first_name")),
                         json_string_value(json_object_get(citizen, "last_name")));
}

/* The period's default: from the start of the latest course (or a half
 * year back) to today.  Newly allocated. */
static char *
default_from(const json_t *courses, const char *today)
{
  const char *start = json_string_value(json_object_get(json_array_get(courses, 0),
                                                        "started_on"));
  if (start != NULL)
    return g_strdup(start);
  GDate date;
  g_date_clear(&date, 1);
  g_date_set_parse(&date, today);
  if (!g_date_valid(&date))
    return g_strdup(today);
  g_date_subtract_months(&date, 6);
  char buf[16];
  g_date_strftime(buf, sizeof buf, "%Y-%m-%d", &date);
  return g_strdup(buf);
}

/* The entries of diary (newest first) to quote, oldest first: those
 * written in the period when in_period, else those whose id is one of
 * ids.  A new array; *missing (when not NULL) gets how many of ids are
 * not in diary. */
static json_t *
pick_diary(const json_t *diary, gboolean in_period, const char *from, const char *to,
           const gint64 *ids, gsize n_ids, gsize *missing)
{
  json_t *chosen = json_array();
  for (gssize k = (gssize)json_array_size(diary) - 1; k >= 0; k--) {
    json_t *entry = json_array_get(diary, (size_t)k);
    const char *on = json_string_value(json_object_get(entry, "written_on"));
    gint64 id = json_integer_value(json_object_get(entry, "id"));
    gboolean wanted = in_period && g_strcmp0(on, from) >= 0 && g_strcmp0(on, to) <= 0;
    for (gsize i = 0; !in_period && i < n_ids && !wanted; i++)
      wanted = ids[i] == id;
    if (wanted)
      json_array_append(chosen, entry);
  }
  gsize absent = 0;
  for (gsize i = 0; !in_period && i < n_ids; i++) {
    gboolean found = FALSE;
    size_t j;
    json_t *entry;
    json_array_foreach(chosen, j, entry)
      found = found || json_integer_value(json_object_get(entry, "id")) == ids[i];
    absent += !found;
  }
  if (missing != NULL)
    *missing = absent;
  return chosen;
}

/* The ids of the diary entries chosen on the form ("diary" repeated), in
 * *out_ids (newly allocated); adds an error on "diary" for a value that is
 * not one of the citizen's entries.  Returns the chosen entries, oldest
 * first (a new array). */
static json_t *
chosen_diary(HttpRequest *req, const json_t *diary, GArray **out_ids)
{
  const GPtrArray *values = form_data_get_all(strcmp(req->method, "POST") == 0 ? req->form
                                                                               : req->query,
                                              "diary");
  GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
  gboolean bad = FALSE;
  for (guint i = 0; values != NULL && i < values->len; i++) {
    gint64 id = 0;
    if (g_ascii_string_to_signed(g_ptr_array_index(values, i), 10, 1, G_MAXINT64,
                                 &id, NULL))
      g_array_append_val(ids, id);
    else
      bad = TRUE;
  }
  gsize missing = 0;
  json_t *chosen = pick_diary(diary, FALSE, NULL, NULL,
                              ids->len > 0 ? (const gint64 *)(void *)ids->data : NULL,
                              ids->len, &missing);
  if (bad || missing > 0)
    form_result_add_error(req->fields, "diary",
                          _("Vælg dagbogsindlæg fra listen over borgerens dagbog."));
  *out_ids = ids;
  return chosen;
}

/* The measurements of the period (a new array of borrowed rows). */
static json_t *
in_period(const json_t *measurements, const char *from, const char *to)
{
  json_t *out = json_array();
  size_t i;
  json_t *m;
  json_array_foreach(measurements, i, m) {
    const char *on = json_string_value(json_object_get(m, "measured_on"));
    if (g_strcmp0(on, from) >= 0 && g_strcmp0(on, to) <= 0)
      json_array_append(out, m);
  }
  return out;
}

/* ---- The PDF ----------------------------------------------------------------- */

/* Draws a chart model with its data table (without it when too tall);
 * nothing for NULL. */
static void
draw_chart(PdfDoc *doc, json_t *chart)
{
  if (chart == NULL)
    return;
  gboolean with_table = TRUE;
  double h = -1;
  for (int attempt = 0; attempt < 2; attempt++) {
    cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *mc = cairo_create(rec);
    h = chart_cairo_draw(mc, chart, 0, 0, CONTENT_WIDTH, with_table, NULL);
    cairo_destroy(mc);
    cairo_surface_destroy(rec);
    if (h <= MAX_CHART_HEIGHT)
      break;
    with_table = FALSE;
  }
  if (h < 0) {
    json_decref(chart);
    return;
  }
  double x, y, w;
  cairo_t *cr = pdf_doc_reserve(doc, MIN(h, MAX_CHART_HEIGHT) + 12, &x, &y, &w);
  chart_cairo_draw(cr, chart, x, y, w, with_table, NULL);
  json_decref(chart);
}

static void
table_of(PdfDoc *doc, const json_t *rows, const DownloadColumn *columns, gsize n,
         const char *empty)
{
  if (json_array_size(rows) == 0)
    pdf_doc_paragraph(doc, empty);
  else
    download_pdf_table(doc, rows, columns, n);
}

static const DownloadColumn course_columns[] = {
  {"intervention_name", N_("Indsats")},
  {"started_on", N_("Start")},
  {"ended_on", N_("Slut")},
  {"phase_label", N_("Fase")},
};
static const DownloadColumn action_plan_columns[] = {
  {"title", N_("Mål i handleplanen")},
  {"legal_basis", N_("Lovgrundlag")},
  {"follow_up_on", N_("Opfølgning")},
};
static const DownloadColumn goal_columns[] = {
  {"title", N_("Mål")},
  {"kind_label", N_("Slags")},
  {"type_label", N_("Type")},
  {"baseline", N_("Udgangspunkt")},
  {"target_score", N_("Målscore")},
  {"latest_rating_label", N_("Seneste GAS")},
  {"status_label", N_("Status")},
  {"action_plan_goal_title", N_("Tjener handleplanens mål")},
};
static const DownloadColumn measurement_columns[] = {
  {"measured_on", N_("Dato")},
  {"instrument_name", N_("Instrument")},
  {"point_label", N_("Målepunkt")},
  {"respondent_label", N_("Besvaret af")},
  {"score", N_("Score")},
};

static void
decorate(json_t *data, json_t *measurements, SporLang lang)
{
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(data, "courses"), i, row) {
    page_add_date_display(row, "started_on");
    page_add_date_display(row, "ended_on");
    const char *phase = json_string_value(json_object_get(row, "phase"));
    json_object_set_new(row, "phase_label", phase ? json_string(page_label(page_phases, phase))
                                                  : json_null());
  }
  json_array_foreach(json_object_get(data, "action_plan"), i, row)
    page_add_date_display(row, "follow_up_on");
  json_t *goals = json_object_get(data, "goals");
  page_decorate_goals(goals, lang);
  json_array_foreach(goals, i, row)
    json_object_set(row, "target_score_display", json_object_get(row, "target_display"));
  json_array_foreach(measurements, i, row) {
    page_add_date_display(row, "measured_on");
    json_object_set_new(row, "point_label", json_string(page_label(page_points,
      json_string_value(json_object_get(row, "point")))));
    json_object_set_new(row, "respondent_label", json_string(page_label(page_respondents,
      json_string_value(json_object_get(row, "respondent")))));
    json_object_set(row, "instrument_name",
                    json_object_get(row, lang == SPOR_LANG_EN ? "instrument_name_en"
                                                              : "instrument_name_da"));
    json_t *score = json_object_get(row, "score");
    char *shown = json_is_number(score) ? page_number(score, lang) : NULL;
    if (shown != NULL)
      json_object_set_new(row, "score_display", json_string(shown));
    g_free(shown);
  }
  json_array_foreach(json_object_get(data, "diary"), i, row)
    page_add_date_display(row, "written_on");
}

/* The approved measurements of the period, for the table and the charts. */
static json_t *
approved(const json_t *measurements)
{
  json_t *out = json_array();
  size_t i;
  json_t *m;
  json_array_foreach(measurements, i, m)
    if (g_strcmp0(json_string_value(json_object_get(m, "status")), "approved") == 0)
      json_array_append(out, m);
  return out;
}

/* The report as PDF (newly allocated) from the decorated data, made by
 * author; NULL with error when the store failed. */
static GBytes *
report_pdf(StoreDb *db, gint64 actor, const char *author, SporLang lang, json_t *data,
           json_t *measurements, const json_t *diary, const char *from, const char *to,
           const char *summary, GError **error)
{
  const json_t *citizen = json_object_get(data, "citizen");
  const json_t *instrument = json_object_get(data, "instrument");
  g_autofree char *name = citizen_name(citizen);
  g_autofree char *title = g_strdup_printf(_("Statusrapport: %s"), name);
  g_autofree char *from_display = spor_date_iso_to_danish(from);
  g_autofree char *to_display = spor_date_iso_to_danish(to);
  g_autofree char *today = spor_date_today();
  g_autofree char *today_display = spor_date_iso_to_danish(today);
  g_autofree char *subtitle = g_strdup_printf(
    _("Til myndigheden. Perioden %s – %s, udarbejdet %s af %s."), from_display, to_display,
    today_display, author);
  PdfDoc *doc = pdf_doc_new(title, subtitle);

  pdf_doc_heading(doc, _("Borgeren"));
  g_autofree char *birth = spor_date_iso_to_danish(
    json_string_value(json_object_get(citizen, "birth_date")));
  const char *labels[] = {_("Navn"), _("Fødselsdato"), _("Tilbud"), _("Afdeling"),
                          _("Kontaktperson")};
  const char *values[] = {name, birth, json_string_value(json_object_get(citizen, "offer_name")),
                          json_string_value(json_object_get(citizen, "unit_name")),
                          json_string_value(json_object_get(citizen, "contact_person_name"))};
  pdf_doc_fields(doc, labels, values, G_N_ELEMENTS(labels));

  if (summary != NULL) {
    pdf_doc_heading(doc, _("Sammenfatning"));
    pdf_doc_paragraph(doc, summary);
  }

  pdf_doc_heading(doc, _("Forløb"));
  table_of(doc, json_object_get(data, "courses"), course_columns, G_N_ELEMENTS(course_columns),
           _("Borgeren har ingen forløb."));
  pdf_doc_heading(doc, _("Handleplanens mål"));
  table_of(doc, json_object_get(data, "action_plan"), action_plan_columns,
           G_N_ELEMENTS(action_plan_columns), _("Der er ingen mål i handleplanen."));
  pdf_doc_heading(doc, _("Mål sat med borgeren"));
  table_of(doc, json_object_get(data, "goals"), goal_columns, G_N_ELEMENTS(goal_columns),
           _("Der er ikke sat mål."));

  json_t *shown = approved(measurements);
  pdf_doc_heading(doc, _("Målinger i perioden"));
  table_of(doc, shown, measurement_columns, G_N_ELEMENTS(measurement_columns),
           _("Ingen godkendte målinger i perioden."));

  pdf_doc_heading(doc, _("Borgerens egen vurdering ved siden af personalets"));
  json_t *compare = citizen_chart_compare_model(citizen, shown, instrument, 0, lang);
  if (compare == NULL)
    pdf_doc_paragraph(doc, _("Borgeren har ikke selv vurderet sine livsområder i perioden."));
  draw_chart(doc, compare);

  pdf_doc_heading(doc, _("Livsområder over tid"));
  json_t *areas = citizen_chart_model(citizen, shown, instrument, lang);
  if (areas == NULL)
    pdf_doc_paragraph(doc, _("Personalet har ikke målt livsområderne i perioden."));
  draw_chart(doc, areas);

  /* GAS goals with their ratings, for the T-score. */
  json_t *gas_goals = json_array();
  size_t i;
  json_t *g;
  json_array_foreach(json_object_get(data, "goals"), i, g) {
    if (g_strcmp0(json_string_value(json_object_get(g, "kind")), "gas") != 0)
      continue;
    json_t *full = store_goal_get(db, actor,
                                  json_integer_value(json_object_get(g, "id")), error);
    if (full == NULL) {
      json_decref(gas_goals);
      json_decref(shown);
      g_bytes_unref(pdf_doc_finish(doc));
      return NULL;
    }
    json_t *ratings = json_array();
    size_t r;
    json_t *rating;
    json_array_foreach(json_object_get(full, "ratings"), r, rating) {
      const char *on = json_string_value(json_object_get(rating, "rated_on"));
      if (g_strcmp0(on, from) >= 0 && g_strcmp0(on, to) <= 0)
        json_array_append(ratings, rating);
    }
    json_object_set_new(full, "ratings", ratings);
    json_array_append_new(gas_goals, full);
  }
  json_t *gas = citizen_chart_gas_model(gas_goals, NULL);
  json_decref(gas_goals);
  if (gas != NULL) {
    pdf_doc_heading(doc, _("Målopfyldelse (GAS)"));
    draw_chart(doc, gas);
  }

  /* Other instruments' total scores (WHO-5 and the like). */
  json_t *charts = page_score_chart_models(db, citizen, shown, lang, error);
  if (charts == NULL) {
    json_decref(shown);
    g_bytes_unref(pdf_doc_finish(doc));
    return NULL;
  }
  json_t *chart;
  json_array_foreach(charts, i, chart) {
    if (i == 0)
      pdf_doc_heading(doc, _("Andre instrumenter"));
    draw_chart(doc, json_incref(chart));
  }
  json_decref(charts);
  json_decref(shown);

  pdf_doc_heading(doc, _("Uddrag af dagbogen"));
  if (json_array_size(diary) == 0)
    pdf_doc_paragraph(doc, _("Der er ikke valgt uddrag af dagbogen."));
  json_t *entry;
  json_array_foreach(diary, i, entry) {
    const char *kind = json_string_value(json_object_get(entry, "author_kind"));
    g_autofree char *head = g_strdup_printf(
      "%s · %s (%s)", json_string_value(json_object_get(entry, "written_on_display")),
      json_string_value(json_object_get(entry, "author_name")),
      g_strcmp0(kind, "citizen") == 0 ? _("borgeren selv") : _("personale"));
    pdf_doc_paragraph(doc, head);
    pdf_doc_paragraph(doc, json_string_value(json_object_get(entry, "body")));
  }
  return pdf_doc_finish(doc);
}

G_DEFINE_QUARK(spor-status-report-error-quark, status_report_error)

GBytes *
status_report_pdf_new(StoreDb *db, gint64 actor, const StatusReportInput *input, SporLang lang,
                      char **out_from, char **out_to, GError **error)
{
  g_autoptr(StoreUser) author = store_user_get(db, actor, error);
  if (author == NULL)
    return NULL;
  json_t *data = report_data(db, actor, input->citizen_id, error);
  if (data == NULL)
    return NULL;
  g_autofree char *today = spor_date_today();
  g_autofree char *to = g_strdup(input->to != NULL ? input->to : today);
  g_autofree char *from = input->from != NULL
                            ? g_strdup(input->from)
                            : default_from(json_object_get(data, "courses"), to);
  if (strcmp(to, from) < 0) {
    json_decref(data);
    g_set_error_literal(error, STATUS_REPORT_ERROR, STATUS_REPORT_ERROR_PERIOD,
                        _("Perioden slutter, før den begynder."));
    return NULL;
  }
  gsize missing = 0;
  json_t *chosen = pick_diary(json_object_get(data, "diary"), input->diary_in_period, from, to,
                              input->diary_ids, input->n_diary, &missing);
  if (missing > 0) {
    json_decref(chosen);
    json_decref(data);
    g_set_error_literal(error, STATUS_REPORT_ERROR, STATUS_REPORT_ERROR_DIARY,
                        _("Vælg dagbogsindlæg fra listen over borgerens dagbog."));
    return NULL;
  }
  json_t *measurements = in_period(json_object_get(data, "measurements"), from, to);
  decorate(data, measurements, lang);
  GBytes *pdf = report_pdf(db, actor, author->display_name, lang, data, measurements, chosen,
                           from, to, input->summary, error);
  json_decref(chosen);
  json_decref(measurements);
  json_decref(data);
  if (pdf != NULL && out_from != NULL)
    *out_from = g_steal_pointer(&from);
  if (pdf != NULL && out_to != NULL)
    *out_to = g_steal_pointer(&to);
  return pdf;
}

/* ---- The form and the report ------------------------------------------------- */

static void
status_report(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  FormResult *fields = req->fields;
  g_autoptr(GError) error = NULL;
  json_t *data = report_data(req->db, req->user->id, id, &error);
  if (data == NULL) {
    reply_store_error(reply, error);
    return;
  }
  g_autofree char *today = spor_date_today();
  g_autofree char *start = default_from(json_object_get(data, "courses"), today);
  const char *from, *to;
  download_period(fields, start, today, &from, &to);
  json_t *diary = json_object_get(data, "diary");
  g_autoptr(GArray) diary_ids = NULL;
  json_t *chosen = chosen_diary(req, diary, &diary_ids);
  json_t *measurements = in_period(json_object_get(data, "measurements"), from, to);
  decorate(data, measurements, req->lang);

  const json_t *citizen = json_object_get(data, "citizen");
  g_autofree char *name = citizen_name(citizen);
  gboolean pdf = strcmp(req->method, "POST") == 0;
  if (pdf && form_result_ok(fields)) {
    StatusReportInput input = {
      .citizen_id = id, .from = from, .to = to, .summary = form_text(fields, "summary"),
      .diary_ids = diary_ids->len > 0 ? (const gint64 *)(void *)diary_ids->data : NULL,
      .n_diary = diary_ids->len};
    GBytes *body = status_report_pdf_new(req->db, req->user->id, &input, req->lang, NULL, NULL,
                                         &error);
    json_decref(chosen);
    json_decref(measurements);
    json_decref(data);
    if (body == NULL) {
      reply_store_error(reply, error);
      return;
    }
    g_autofree char *detail = g_strdup_printf("pdf, %s – %s", from, to);
    reply_audit(reply, id, "status_report.pdf", detail);
    g_autofree char *file = g_strdup_printf("statusrapport-%" G_GINT64_FORMAT, id);
    download_reply(reply, body, "application/pdf", file, "pdf");
    return;
  }

  /* The form: the period, a summary and the diary entries to quote. */
  json_t *model = page_model_new(_("Statusrapport"));
  json_object_set_new(model, "citizen_name", json_string(name));
  json_object_set(model, "citizen", (json_t *)citizen);
  download_period_model(model, fields, from, to);
  json_t *entries = json_array();
  size_t i;
  json_t *entry;
  json_array_foreach(diary, i, entry) {
    json_t *e = json_pack("{s:O, s:O, s:O, s:O, s:b, s:b}", "id", json_object_get(entry, "id"),
                          "written_on_display", json_object_get(entry, "written_on_display"),
                          "author_name", json_object_get(entry, "author_name"),
                          "body", json_object_get(entry, "body"),
                          "by_citizen", g_strcmp0(json_string_value(json_object_get(
                                          entry, "author_kind")), "citizen") == 0,
                          "chosen", FALSE);
    size_t j;
    json_t *c;
    json_array_foreach(chosen, j, c)
      if (json_equal(json_object_get(c, "id"), json_object_get(entry, "id")))
        json_object_set_new(e, "chosen", json_true());
    const char *on = json_string_value(json_object_get(entry, "written_on"));
    json_object_set_new(e, "in_period",
                        json_boolean(g_strcmp0(on, from) >= 0 && g_strcmp0(on, to) <= 0));
    json_array_append_new(entries, e);
  }
  json_object_set_new(model, "diary", entries);
  json_object_set_new(model, "has_diary", json_boolean(json_array_size(entries) > 0));
  json_t *shown = approved(measurements);
  json_object_set_new(model, "measurement_count", json_integer((json_int_t)json_array_size(shown)));
  json_decref(shown);
  json_object_set_new(model, "goal_count",
                      json_integer((json_int_t)json_array_size(json_object_get(data, "goals"))));
  json_decref(chosen);
  json_decref(measurements);
  json_decref(data);
  reply_audit(reply, id, "status_report.form", NULL);
  if (!form_result_ok(fields))
    reply_form_errors(reply, "status_report", model, fields);
  else
    reply_page(reply, 200, "status_report", model);
}

const Route pages_status_report_routes[] = {
  {"GET", "/citizens/{id}/status-report", status_report, CAP_CITIZEN_WRITE, report_fields,
   G_N_ELEMENTS(report_fields), 0},
  {"POST", "/citizens/{id}/status-report", status_report, CAP_CITIZEN_WRITE, report_fields,
   G_N_ELEMENTS(report_fields), 0},
};
const gsize pages_status_report_n_routes = G_N_ELEMENTS(pages_status_report_routes);
