/* download.c — CSV and PDF tables, amounts and report periods for the
 * team's, the citizen's and the cost reports; see download.h. */
#include "pages/download.h"

#include <csv.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/report_export.h"
#include "render/pdf_doc.h"

static char *
cell_text(const json_t *value)
{
  if (json_is_string(value))
    return g_strdup(json_string_value(value));
  if (json_is_integer(value))
    return g_strdup_printf("%" JSON_INTEGER_FORMAT, json_integer_value(value));
  if (json_is_real(value)) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return g_strdup(g_ascii_formatd(buf, sizeof buf, "%.2f", json_real_value(value)));
  }
  if (json_is_boolean(value))
    return g_strdup(json_is_true(value) ? _("Ja") : _("Nej"));
  return NULL;
}

static void
put_field(GString *out, const char *text, gboolean is_text)
{
  if (text == NULL)
    return;
  g_autofree char *guarded = NULL;
  if (is_text && strchr("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
    text = guarded = g_strconcat("'", text, NULL);
  gsize len = strlen(text);
  if (strpbrk(text, ",\"\r\n;") == NULL && (len == 0 || (text[0] != ' ' && text[len - 1] != ' '))) {
    g_string_append(out, text);
    return;
  }
  gsize room = len * 2 + 2;
  g_autofree char *quoted = g_malloc(room);
  gsize n = csv_write(quoted, room, text, len);
  g_string_append_len(out, quoted, (gssize)n);
}

GBytes *
download_csv(const json_t *rows, const DownloadColumn *columns, gsize n_columns)
{
  GString *out = g_string_new("\xEF\xBB\xBF");
  for (gsize c = 0; c < n_columns; c++) {
    if (c > 0)
      g_string_append_c(out, ',');
    put_field(out, _(columns[c].label), TRUE);
  }
  g_string_append(out, "\r\n");
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    for (gsize c = 0; c < n_columns; c++) {
      if (c > 0)
        g_string_append_c(out, ',');
      const json_t *v = json_object_get(row, columns[c].key);
      g_autofree char *text = cell_text(v);
      put_field(out, text, json_is_string(v));
    }
    g_string_append(out, "\r\n");
  }
  return g_string_free_to_bytes(out);
}

void
download_pdf_table(PdfDoc *doc, const json_t *rows, const DownloadColumn *columns,
                   gsize n_columns)
{
  gsize n_rows = json_array_size(rows);
  const char **header = g_new0(const char *, n_columns);
  char **cells = g_new0(char *, n_rows * n_columns + 1);
  for (gsize c = 0; c < n_columns; c++)
    header[c] = _(columns[c].label);
  for (gsize r = 0; r < n_rows; r++) {
    const json_t *row = json_array_get(rows, r);
    for (gsize c = 0; c < n_columns; c++) {
      g_autofree char *display = g_strconcat(columns[c].key, "_display", NULL);
      const json_t *v = json_object_get(row, display);
      cells[r * n_columns + c] = cell_text(v ? v : json_object_get(row, columns[c].key));
    }
  }
  pdf_doc_table(doc, header, n_columns, (const char *const *)cells, n_rows);
  for (gsize i = 0; i < n_rows * n_columns; i++)
    g_free(cells[i]);
  g_free(cells);
  g_free(header);
}

void
download_reply(HttpReply *reply, GBytes *body, const char *content_type, const char *name,
               const char *ext)
{
  g_autofree char *today = spor_date_today();
  g_autofree char *disposition =
    g_strdup_printf("attachment; filename=\"%s-%s.%s\"", name, today, ext);
  reply_header(reply, "Content-Disposition", disposition);
  reply_body(reply, 200, content_type, body);
}

/* Digits of a whole number in groups of three, sep between them. */
static char *
grouped(gint64 n, char sep)
{
  g_autofree char *digits = g_strdup_printf("%" G_GINT64_FORMAT, n < 0 ? -n : n);
  GString *out = g_string_new(n < 0 ? "-" : "");
  gsize len = strlen(digits);
  for (gsize i = 0; i < len; i++) {
    if (i > 0 && (len - i) % 3 == 0)
      g_string_append_c(out, sep);
    g_string_append_c(out, digits[i]);
  }
  return g_string_free(out, FALSE);
}

char *
download_amount(const json_t *value, SporLang lang)
{
  if (!json_is_number(value))
    return g_strdup("–");
  double v = json_number_value(value);
  gint64 whole = (gint64)(v < 0 ? v - 0.5 : v + 0.5);
  g_autofree char *digits = grouped(whole, lang == SPOR_LANG_EN ? ',' : '.');
  return lang == SPOR_LANG_EN ? g_strdup_printf("DKK %s", digits)
                              : g_strdup_printf("%s kr.", digits);
}

char *
download_decimal(const json_t *value, SporLang lang)
{
  if (!json_is_number(value))
    return g_strdup("–");
  char *text = g_strdup_printf("%.1f", json_number_value(value));
  if (lang != SPOR_LANG_EN)
    for (char *p = text; *p; p++)
      if (*p == '.')
        *p = ',';
  return text;
}

void
download_period(FormResult *fields, const char *default_from, const char *default_to,
                const char **out_from, const char **out_to)
{
  const char *from = form_text(fields, "from") ? form_text(fields, "from") : default_from;
  const char *to = form_text(fields, "to") ? form_text(fields, "to") : default_to;
  if (form_result_ok(fields) && strcmp(to, from) < 0)
    form_result_add_error(fields, "to", _("Perioden slutter, før den begynder."));
  *out_from = from;
  *out_to = to;
}

void
download_period_model(json_t *model, const FormResult *fields, const char *from, const char *to)
{
  g_autofree char *from_display = spor_date_iso_to_danish(from);
  g_autofree char *to_display = spor_date_iso_to_danish(to);
  json_t *values = json_deep_copy(form_result_echo(fields));
  if (json_object_get(values, "from") == NULL)
    json_object_set_new(values, "from", json_string(from_display));
  if (json_object_get(values, "to") == NULL)
    json_object_set_new(values, "to", json_string(to_display));
  json_object_set_new(model, "values", values);
  json_object_set_new(model, "from", json_string(from));
  json_object_set_new(model, "to", json_string(to));
  json_object_set_new(model, "from_display", json_string(from_display));
  json_object_set_new(model, "to_display", json_string(to_display));
}

void
download_report(HttpReply *reply, json_t *report, const char *format)
{
  g_autoptr(GError) error = NULL;
  GBytes *body = NULL;
  const char *type = "text/csv; charset=utf-8";
  if (strcmp(format, "csv") == 0) {
    body = report_csv(report);
  } else if (strcmp(format, "xlsx") == 0) {
    body = report_xlsx(report, &error);
    type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  } else {
    body = report_pdf(report, &error);
    type = "application/pdf";
  }
  g_autofree char *file = report_file_name(report, format);
  json_decref(report);
  if (body == NULL) {
    g_warning("rapporten kunne ikke skrives som %s: %s", format,
              error != NULL ? error->message : "?");
    reply_error(reply, 500, NULL);
    return;
  }
  g_autofree char *disposition = g_strdup_printf("attachment; filename=\"%s\"", file);
  reply_header(reply, "Content-Disposition", disposition);
  reply_body(reply, 200, type, body);
}
