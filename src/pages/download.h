/* download.h — what the report pages share: a report model as a file,
 * tables as CSV and as PDF to download, amounts and numbers for people to
 * read, and the checked period of a report's filter. */
#pragma once

#include <jansson.h>

#include "http/http.h"
#include "render/pdf_doc.h"

/* A column of a downloaded table: the key in the rows and its label (a
 * Danish msgid). */
typedef struct DownloadColumn {
  const char *key;
  const char *label;
} DownloadColumn;

/* The rows (objects) as CSV: a header of the translated labels, then one
 * line per row; strings as they are, numbers plainly ('.' as the decimal
 * point), null and missing keys empty.  Comma-separated, UTF-8 with a
 * byte-order mark (so spreadsheets read æøå), CRLF line ends; a text cell
 * that a spreadsheet would take for a formula (=, +, -, @ first) gets a
 * leading apostrophe.  Newly allocated. */
GBytes *download_csv(const json_t *rows, const DownloadColumn *columns, gsize n_columns);

/* The rows as a table in an open PDF document: the "<key>_display" value
 * of a row when it has one, else the value itself ("–" for none). */
void download_pdf_table(PdfDoc *doc, const json_t *rows, const DownloadColumn *columns,
                        gsize n_columns);

/* Sends a report model (domain/reports.h; stolen) as a download in format
 * ("csv", "xlsx"; anything else is PDF), named by report_file_name();
 * 500 when it cannot be written. */
void download_report(HttpReply *reply, json_t *report, const char *format);

/* Sends body as a download named "<name>-<today>.<ext>". */
void download_reply(HttpReply *reply, GBytes *body, const char *content_type, const char *name,
                    const char *ext);

/* An amount in kroner as people read it in lang: "12.345 kr." (da),
 * "DKK 12,345" (en); "–" for null.  Newly allocated. */
char *download_amount(const json_t *value, SporLang lang);
/* A decimal number with one decimal ("2,5"); "–" for null.  Newly
 * allocated. */
char *download_decimal(const json_t *value, SporLang lang);

/* The period of a report filter: the fields "from" and "to" (FIELD_DATE)
 * or the defaults; adds an error on "to" when it lies before "from".
 * *out_from and *out_to point into fields or at the defaults. */
void download_period(FormResult *fields, const char *default_from, const char *default_to,
                     const char **out_from, const char **out_to);
/* Puts the period into the model: from, to, from_display, to_display and
 * "values" (the typed form, or the period as dd-mm-åååå). */
void download_period_model(json_t *model, const FormResult *fields, const char *from,
                           const char *to);
