/* due_list.h — the due list as a view model, for the due page and the
 * start page: the measurements due in the coming 30 days, the overdue
 * ones, and the drafts waiting to be approved, for the courses a filter
 * picks in the user's care. */
#pragma once

#include <jansson.h>

#include "http/http.h"

#define DUE_LIST_HORIZON_DAYS 30

/* {due: [row], overdue: [row], drafts: [draft], n_due, n_overdue,
 * n_drafts}, where a row is {citizen_id, citizen_name, course_id,
 * intervention_name, unit_name, contact_person_name, label,
 * instrument_key, instrument_name, respondent, respondent_label, due_on,
 * due_on_display, window_from_display, window_to_display, status,
 * status_label, record_href}.  A new reference; NULL with error. */
json_t *due_list_model(HttpRequest *req, const StoreDueFilter *filter, GError **error);

/* The expectations of the courses a filter picks, each course's derived
 * list under "expected" (domain/due.h); a new reference. */
json_t *due_list_courses(HttpRequest *req, const StoreDueFilter *filter, const char *today,
                         int horizon_days, GError **error);

/* The measurement form for an expectation of a course; newly allocated. */
char *due_list_record_href(gint64 citizen_id, gint64 course_id, const json_t *expected);
