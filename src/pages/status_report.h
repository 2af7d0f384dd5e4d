/* status_report.h — a citizen's status report for the authority as PDF,
 * made by one function for the web page (POST /citizens/{id}/status-report)
 * and the command line (`spor report status-report`). */
#pragma once

#include <glib.h>

#include "core/i18n.h"
#include "store/store.h"

#define STATUS_REPORT_ERROR (status_report_error_quark())
GQuark status_report_error_quark(void);

typedef enum {
  STATUS_REPORT_ERROR_PERIOD, /* the period ends before it starts */
  STATUS_REPORT_ERROR_DIARY,  /* a diary entry that is not the citizen's */
} StatusReportError;

/* What the report holds beyond the citizen's own data. */
typedef struct StatusReportInput {
  gint64 citizen_id;
  const char *from;          /* ISO date; NULL: the start of the latest course
                              * (without one, half a year before to) */
  const char *to;            /* ISO date; NULL: today */
  const char *summary;       /* the worker's words; NULL: no summary */
  gboolean diary_in_period;  /* quote every diary entry written in the period */
  const gint64 *diary_ids;   /* else these entries of the citizen's diary */
  gsize n_diary;
} StatusReportInput;

/* The status report as PDF (newly allocated), made for actor in lang: the
 * citizen, the courses, the goals, the approved measurements of the
 * period, the charts and the diary excerpts, oldest first.  Reads only,
 * inside the caller's transaction, and writes no audit line (the caller
 * does, with "status_report.pdf").  *out_from and *out_to (when not NULL)
 * get the period used, newly allocated.  NULL with error: NOT_FOUND for a
 * citizen outside the actor's care, STATUS_REPORT_ERROR for a period that
 * ends before it starts or a diary entry that is not the citizen's (a
 * Danish message), or the store's error. */
GBytes *status_report_pdf_new(StoreDb *db, gint64 actor, const StatusReportInput *input,
                              SporLang lang, char **out_from, char **out_to, GError **error);
