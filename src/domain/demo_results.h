/* demo_results.h — the results-documentation part of the demo data (for
 * demo.c only): measurement plans for the demo interventions with their
 * target groups, measurements that follow each course's plan (done on
 * time mostly, now and then late, missed, overdue or left as a draft; the
 * citizen's own assessments beside the staff's; several raters in the
 * youth home), and afterwards the courses' phases, goals (on life areas,
 * GAS), handleplan goals, diary entries and intensity logs.
 *
 * Everything is drawn from the demo's GRand in a fixed order, so the same
 * seed and anchor date give the same data. */
#pragma once

#include <glib.h>

#include "store/store.h"

typedef struct DemoResults DemoResults;

/* What the intervention is, which decides its plan and its goals. */
typedef enum {
  DEMO_STYLE_RESIDENTIAL,  /* bosted, botræning: quarterly, self-assessment, phase change */
  DEMO_STYLE_RECOVERY,     /* recovery: quarterly, WHO-5 as the citizen's own */
  DEMO_STYLE_SUPPORT,      /* bostøtte, efterværn: half-yearly */
  DEMO_STYLE_YOUTH_HOME,   /* opholdssted: quarterly, several raters, GAS */
  DEMO_STYLE_TREATMENT,    /* rusmiddelbehandling: quarterly, GAS, a year after */
} DemoStyle;

/* Writes one measurement (store_measurement_create, or a bulk loader);
 * returns its id, 0 with error. */
typedef gint64 (*DemoAddMeasurement)(void *data, gint64 rater_user_id,
                                     const StoreMeasurementInput *input, GError **error);

/* anchor: the demo's today.  Loads the instruments the demo measures with. */
DemoResults *demo_results_new(StoreDb *db, GRand *rand, const GDate *anchor, GError **error);
void demo_results_free(DemoResults *dr);

/* An intervention's description, target group and measurement plan. */
gboolean demo_results_intervention(DemoResults *dr, gint64 intervention_id, DemoStyle style,
                                   GError **error);
/* The background questions an offer asks (kind: the offer's kind). */
gboolean demo_results_offer(DemoResults *dr, gint64 offer_id, const char *kind, GError **error);

typedef struct DemoCourse {
  gint64 citizen_id;
  gint64 course_id;
  gint64 intervention_id;
  int start_offset;          /* days from the anchor (negative) */
  int end_offset;            /* when ended */
  gboolean ended;
  gint64 staff_id;           /* the contact person, who measures */
  gint64 other_staff[2];     /* colleagues in the offer (0: none), extra raters */
  gint64 calibration_staff;  /* a colleague or leader who may rate the start too, or 0 */
  gint64 caseworker_id;      /* an assigned caseworker, or 0 */
  gboolean own_login;        /* the citizen has the demo citizen login */
} DemoCourse;

/* The measurements of one course, following its plan, through add; the
 * course is kept for demo_results_finish(). */
gboolean demo_results_course(DemoResults *dr, const DemoCourse *course, DemoAddMeasurement add,
                             void *add_data, GError **error);
/* Once every kept course and its measurements are in the database: their
 * phases, goals, handleplan goals, GAS ratings, diaries and intensity
 * logs; citizen_user_id (0: none) writes the own-login citizen's diary. */
gboolean demo_results_finish(DemoResults *dr, gint64 citizen_user_id, GError **error);
