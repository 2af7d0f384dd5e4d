/* due.h — the expected measurements of a course: derived from its
 * intervention's measurement plan, its dates and its phases, and matched
 * against the measurements made.  This is the due list of Kapitel 4 ("en
 * liste over borgere, der skal indsamles dokumentation for i den kommende
 * måned") and the completeness of the documentation.  Pure: no I/O, the
 * caller passes today's date.
 *
 * The expectations of a plan point (041_measurement_plans.sql):
 *   start         due the day the course starts;
 *   follow_up     due every N months after the start (the start day plus
 *                 k·N calendar months; the 31st becomes the month's last
 *                 day) while the course runs: none on or after its end;
 *   phase_change  due the day the course enters the phase (any phase when
 *                 the point names none); the phase at the start is no
 *                 change;
 *   end           due the day the course ends, once it has;
 *   after_end     due N months after the end.
 * Each task of the point (instrument and respondent) is one expectation.
 * Expectations due later than today + horizon are not made.
 *
 * The window is the due date ± the point's window days, never before the
 * course starts (nor, after the end, before the end) and, for points
 * during the course, never after its end.
 *
 * Matching.  A measurement counts for an expectation when it has the same
 * instrument and respondent, was not ad hoc, and lies in the window; of
 * several, the one nearest the due date (then the earlier, then the lower
 * id).  One measurement counts at most once per plan point, so a
 * measurement at a phase change can also be a follow-up.  An expectation
 * without one whose window has closed takes the first measurement after
 * its window and before the next expectation of the same instrument and
 * respondent opens (done late).
 *
 * Status of an expectation:
 *   done      approved, in the window
 *   late      approved, after the window
 *   draft     a draft counts for it, in the window or late
 *   upcoming  not done, the window has not opened
 *   open      not done, the window is open today
 *   overdue   not done, the window has closed, and no later expectation
 *             of the same instrument and respondent is due yet
 *   missed    not done, and a later one is already due: it can no
 *             longer be made up for
 *
 * Completeness (per unit and period) = done / (done + late + draft +
 * missed + overdue), over the expectations due in the period; upcoming
 * and open ones are not due yet. */
#pragma once

#include <glib.h>
#include <jansson.h>

typedef enum {
  DUE_START,
  DUE_FOLLOW_UP,
  DUE_PHASE_CHANGE,
  DUE_END,
  DUE_AFTER_END,
} DueKind;

typedef struct DueTask {
  const char *instrument_key;
  const char *respondent;
} DueTask;

typedef struct DuePlanPoint {
  gint64 id;
  DueKind kind;
  int months;          /* follow_up, after_end */
  gint64 phase_id;     /* phase_change: the phase entered; 0 for any */
  int window_days;
  const DueTask *tasks;
  gsize n_tasks;
} DuePlanPoint;

typedef struct DuePhase {
  gint64 phase_id;
  const char *started_on;
} DuePhase;

typedef struct DueCourse {
  const char *started_on;
  const char *ended_on;   /* NULL while it runs */
  const DuePhase *phases; /* oldest first; the first is the phase at the start */
  gsize n_phases;
} DueCourse;

typedef struct DueMeasurement {
  gint64 id;
  const char *instrument_key;
  const char *respondent;
  const char *measured_on;
  gboolean approved;
  gboolean ad_hoc;
} DueMeasurement;

typedef enum {
  DUE_STATUS_UPCOMING,
  DUE_STATUS_OPEN,
  DUE_STATUS_OVERDUE,
  DUE_STATUS_MISSED,
  DUE_STATUS_DONE,
  DUE_STATUS_LATE,
  DUE_STATUS_DRAFT,
} DueStatus;

typedef struct DueExpected {
  gint64 plan_point_id;
  DueKind kind;
  int sequence;             /* follow_up: 1, 2, …; phase_change: the change (1, 2, …); else 1 */
  int months;               /* follow_up: months after the start; after_end: after the end */
  gint64 phase_id;          /* phase_change: the phase entered */
  char due_on[11];
  char window_from[11];
  char window_to[11];
  const char *instrument_key; /* borrowed from the plan */
  const char *respondent;
  DueStatus status;
  gint64 measurement_id;    /* the measurement that counts, or 0 */
  char measured_on[11];     /* its date, or "" */
} DueExpected;

/* The expectations of course under the plan points, matched against the
 * measurements, by due date (then plan order, then task order).  today is
 * an ISO date.  Newly allocated array of DueExpected; NULL when a date
 * given is not a date. */
GArray *due_derive(const DuePlanPoint *points, gsize n_points, const DueCourse *course,
                   const DueMeasurement *measurements, gsize n_measurements, const char *today,
                   int horizon_days);

typedef struct DueCounts {
  guint done, late, draft, missed, overdue;
  guint open, upcoming;
} DueCounts;

/* Adds the expectations due between from and to (ISO dates, inclusive;
 * NULL: unbounded) to counts. */
void due_count(const GArray *expected, const char *from, const char *to, DueCounts *counts);
/* done / due in percent; -1 when nothing was due. */
double due_completeness(const DueCounts *counts);

/* "start", "follow_up", "phase_change", "end", "after_end". */
const char *due_kind_name(DueKind kind);
gboolean due_kind_parse(const char *name, DueKind *out_kind);
/* "upcoming", "open", "overdue", "missed", "done", "late", "draft". */
const char *due_status_name(DueStatus status);

/* The same derivation over the store's JSON (store_due_courses and
 * store_due_plans): the plan points of the course's intervention are
 * picked from plans.  [{plan_point_id, kind, sequence, months, phase_id,
 * due_on, window_from, window_to, instrument_key, respondent, status,
 * measurement_id, measured_on}] (a new reference), or NULL when the
 * course's dates are broken. */
json_t *due_derive_json(const json_t *plans, const json_t *course, const char *today,
                        int horizon_days);
