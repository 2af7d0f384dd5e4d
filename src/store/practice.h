/* practice.h — the store's practice development: an offer's assessments of
 * its own practice (Lovende praksis, the self-evaluation), development
 * points, trial actions, theories of change with their results maps,
 * citizen journeys and planning tools.
 *
 * Scope.  Everything here belongs to one offer.  A user reaches an offer's
 * practice development through a staff or leader role whose scope holds
 * the offer (its organisation, the offer itself, or a unit of it): staff
 * and leaders read, and record trial actions (STORE_PRACTICE_READ); only
 * leaders change the rest (STORE_PRACTICE_WRITE).  A row of an offer the
 * actor does not reach with the access asked for is STORE_ERROR_NOT_FOUND
 * (404), like a citizen outside one's scope.
 *
 * Refusals.  A write that names something it may not (a question that is
 * not in the assessment's instrument version, an arrow to a box of another
 * theory of change, an owner outside the offer) is STORE_ERROR_CONFLICT,
 * with *out_field (when the function has one and it is not NULL) set to
 * the form field concerned and a message that is a Danish msgid, which a
 * page translates and shows beside that field (422).  Nothing is written
 * then.
 *
 * Every read model is a new JSON reference, as in store.h; dates are ISO,
 * 0/1 columns become booleans. */
#pragma once

#include "store/store.h"

typedef enum {
  STORE_PRACTICE_READ,  /* staff and leaders of the offer */
  STORE_PRACTICE_WRITE, /* leaders of the offer */
} StorePracticeAccess;

/* ---- Offers ------------------------------------------------------------ */

/* The offers whose practice development the actor reads, by organisation
 * and name: [{id, name, kind, organisation_id, organisation_name,
 * can_write}]. */
json_t *store_practice_offers(StoreDb *db, gint64 actor_user_id, GError **error);
/* One such offer {id, name, kind, organisation_name, can_write};
 * NOT_FOUND unless the actor reaches it with the access. */
json_t *store_practice_offer_get(StoreDb *db, gint64 actor_user_id, gint64 offer_id,
                                 StorePracticeAccess access, GError **error);
/* The people of an offer who may own a development point: users with a
 * staff or leader role whose scope holds the offer, [{id, display_name}]
 * by name.  No scoping of its own: callers check the offer first. */
json_t *store_practice_offer_people(StoreDb *db, gint64 offer_id, GError **error);

/* ---- Assessments --------------------------------------------------------- */

typedef struct StoreAssessmentInput {
  gint64 offer_id;        /* create only */
  gint64 instrument_id;   /* create only: a version of kind practice_assessment */
  gint64 intervention_id; /* 0: the whole offer; else one of the offer's */
  const char *title;      /* may be NULL */
  const char *held_on;    /* ISO date */
  const char *participants; /* one per line; may be NULL */
  const char *reflection; /* update only; may be NULL */
} StoreAssessmentInput;

/* Starts an assessment ('in_progress') of an offer the actor leads.
 * Fields: "instrument_id", "intervention_id". */
gint64 store_assessment_create(StoreDb *db, gint64 actor_user_id, const StoreAssessmentInput *in,
                               const char **out_field, GError **error);
/* Changes the date, title, practice, participants and reflection notes. */
gboolean store_assessment_update(StoreDb *db, gint64 actor_user_id, gint64 assessment_id,
                                 const StoreAssessmentInput *in, const char **out_field,
                                 GError **error);
/* Marks the assessment finished (or in progress again). */
gboolean store_assessment_set_status(StoreDb *db, gint64 actor_user_id, gint64 assessment_id,
                                     gboolean finished, GError **error);
/* Records the total as scored from the answers (has_score FALSE: none). */
gboolean store_assessment_set_score(StoreDb *db, gint64 actor_user_id, gint64 assessment_id,
                                    gboolean has_score, double score, GError **error);

/* One assessment: {id, offer_id, offer_name, organisation_name, instrument_id, instrument_key,
 * instrument_version, instrument_name_da, instrument_name_en, intervention_id,
 * intervention_name, title, held_on, status, participants, reflection, score,
 * created_by_name, created_at, updated_at, finished_at,
 * answers: [{item_id, item_key, value, comment, activities, updated_at,
 * updated_by_name}]}. */
json_t *store_assessment_get(StoreDb *db, gint64 actor_user_id, gint64 assessment_id,
                             StorePracticeAccess access, GError **error);
/* The offer's assessments, newest first, optionally of one instrument key
 * (NULL: all): [{id, instrument_id, instrument_key, instrument_version,
 * instrument_name_da, instrument_name_en, intervention_name, title,
 * held_on, status, score, answered}] (answered: questions with a value). */
json_t *store_assessment_list(StoreDb *db, gint64 actor_user_id, gint64 offer_id,
                              const char *instrument_key, GError **error);

/* One answer to save: only the parts marked set are changed. */
typedef struct StorePracticeAnswerInput {
  gint64 item_id;
  gboolean set_value;
  gboolean has_value;  /* FALSE: clears the answer */
  gint64 value;
  gboolean set_comment;
  const char *comment; /* NULL or "": none */
  gboolean set_activities;
  const char *activities;
} StorePracticeAnswerInput;

/* Saves answers of an assessment the actor leads, all or none: CONFLICT
 * (*out_item the item id) when an item is not a question of the
 * assessment's instrument version, or a value is not on its scale. */
gboolean store_assessment_save_answers(StoreDb *db, gint64 actor_user_id, gint64 assessment_id,
                                       const StorePracticeAnswerInput *answers, gsize n,
                                       gint64 *out_item, GError **error);

/* ---- Development points and trial actions -------------------------------- */

typedef struct StoreDevelopmentPointInput {
  gint64 offer_id;          /* create only */
  const char *title;
  const char *description;
  gint64 assessment_id;     /* 0: none; else an assessment of the offer */
  const char *element_key;  /* a subscale of its instrument, or NULL */
  gint64 item_id;           /* 0: none; else a question of it (in the element) */
  gint64 priority;          /* 1 is the most important */
  gint64 owner_user_id;     /* 0: none; else one of store_practice_offer_people */
  const char *deadline;     /* ISO date or NULL */
  const char *status;       /* "open", "in_progress", "done", "dropped" */
} StoreDevelopmentPointInput;

/* Fields: "assessment_id", "element_key", "item_id", "owner_user_id", "status". */
gint64 store_development_point_create(StoreDb *db, gint64 actor_user_id,
                                      const StoreDevelopmentPointInput *in,
                                      const char **out_field, GError **error);
gboolean store_development_point_update(StoreDb *db, gint64 actor_user_id, gint64 point_id,
                                        const StoreDevelopmentPointInput *in,
                                        const char **out_field, GError **error);
/* {id, offer_id, offer_name, title, description, assessment_id, assessment_held_on,
 * instrument_key, element_key, item_id, item_key, priority, owner_user_id,
 * owner_name, deadline, status, created_at, updated_at,
 * trials: [{id, title, status, decision, starts_on, ends_on}]}. */
json_t *store_development_point_get(StoreDb *db, gint64 actor_user_id, gint64 point_id,
                                    GError **error);
/* The offer's development points by priority, deadline: the columns of
 * get without trials, plus running (trial actions running). */
json_t *store_development_point_list(StoreDb *db, gint64 actor_user_id, gint64 offer_id,
                                     GError **error);

typedef struct StoreTrialInput {
  gint64 offer_id;             /* create only */
  gint64 development_point_id; /* a development point of the offer */
  const char *title, *hypothesis, *indicator;
  const char *plan_who, *plan_where, *plan_when;
  const char *starts_on, *ends_on; /* ISO dates or NULL */
  const char *status;          /* "planned", "running", "finished" */
  const char *result, *learning;
  const char *decision;        /* "adopt", "adjust", "drop" or NULL */
} StoreTrialInput;

/* Staff and leaders of the offer.  Fields: "development_point_id",
 * "status", "decision". */
gint64 store_trial_create(StoreDb *db, gint64 actor_user_id, const StoreTrialInput *in,
                          const char **out_field, GError **error);
gboolean store_trial_update(StoreDb *db, gint64 actor_user_id, gint64 trial_id,
                            const StoreTrialInput *in, const char **out_field, GError **error);
/* {id, offer_id, offer_name, development_point_id, development_point_title, title,
 * hypothesis, indicator, plan_who, plan_where, plan_when, starts_on, ends_on, status,
 * result, learning, decision, created_by_name, created_at, updated_at}. */
json_t *store_trial_get(StoreDb *db, gint64 actor_user_id, gint64 trial_id, GError **error);
/* The offer's trial actions, running first, then planned, then finished,
 * each by start date: the columns of get. */
json_t *store_trial_list(StoreDb *db, gint64 actor_user_id, gint64 offer_id, GError **error);

/* ---- Theories of change ------------------------------------------------------- */

typedef struct StoreTheoryInput {
  gint64 offer_id;        /* create only */
  gint64 intervention_id; /* 0: the whole offer */
  const char *title;
  const char *target_group, *objective, *narrative, *change_note;
} StoreTheoryInput;

/* Creates the theory and its version 1.  Fields: "intervention_id". */
gint64 store_theory_create(StoreDb *db, gint64 actor_user_id, const StoreTheoryInput *in,
                           const char **out_field, GError **error);
/* Changes the title and practice of the theory and the texts of its
 * newest version. */
gboolean store_theory_update(StoreDb *db, gint64 actor_user_id, gint64 theory_id,
                             const StoreTheoryInput *in, const char **out_field, GError **error);
/* A new newest version: a copy of the newest, boxes, parameters and
 * arrows included, with change_note.  Gives the new version number. */
gint64 store_theory_new_version(StoreDb *db, gint64 actor_user_id, gint64 theory_id,
                                const char *change_note, GError **error);
/* A theory with one of its versions (0: the newest):
 * {id, offer_id, offer_name, intervention_id, intervention_name, title, created_at,
 *  versions: [{version, created_at, change_note, created_by_name}] newest first,
 *  version: {id, version, newest, target_group, objective, narrative, change_note,
 *            created_at, updated_at,
 *            boxes: [{id, column_key, position, text, knowledge_research,
 *                     knowledge_practice, knowledge_citizens, knowledge_note,
 *                     parameters: [{instrument_key, part, part_key}]}],
 *            arrows: [{id, from_box_id, to_box_id, mechanism}]}}. */
json_t *store_theory_get(StoreDb *db, gint64 actor_user_id, gint64 theory_id, gint64 version,
                         StorePracticeAccess access, GError **error);
/* [{id, title, intervention_name, version, updated_at, boxes}] by title. */
json_t *store_theory_list(StoreDb *db, gint64 actor_user_id, gint64 offer_id, GError **error);

typedef struct StoreBoxParameter {
  const char *instrument_key;
  const char *part;     /* "total", "subscale", "item" */
  const char *part_key; /* "" for the total */
} StoreBoxParameter;

typedef struct StoreBoxInput {
  const char *column_key;
  const char *text;
  gboolean knowledge_research, knowledge_practice, knowledge_citizens;
  const char *knowledge_note;
  const StoreBoxParameter *parameters; /* result boxes only */
  gsize n_parameters;
} StoreBoxInput;

/* Adds a box at the end of its column of the newest version.  Fields:
 * "column_key", "parameters". */
gint64 store_theory_box_add(StoreDb *db, gint64 actor_user_id, gint64 theory_id,
                            const StoreBoxInput *in, const char **out_field, GError **error);
/* Changes a box of the newest version (its parameters replaced); NOT_FOUND
 * (field "box_id") for a box of another theory or an older version. */
gboolean store_theory_box_update(StoreDb *db, gint64 actor_user_id, gint64 theory_id,
                                 gint64 box_id, const StoreBoxInput *in, const char **out_field,
                                 GError **error);
/* Removes a box of the newest version with its arrows and parameters. */
gboolean store_theory_box_delete(StoreDb *db, gint64 actor_user_id, gint64 theory_id,
                                 gint64 box_id, const char **out_field, GError **error);
/* An arrow between two boxes of the newest version: CONFLICT (field
 * "from_box_id" or "to_box_id") for a box of another theory of change or
 * of an older version, an arrow from a box to itself, or one that exists. */
gint64 store_theory_arrow_add(StoreDb *db, gint64 actor_user_id, gint64 theory_id,
                              gint64 from_box_id, gint64 to_box_id, const char *mechanism,
                              const char **out_field, GError **error);
/* The version number a box of the theory belongs to; NOT_FOUND for a box
 * of another theory (or a theory out of reach). */
gboolean store_theory_box_version(StoreDb *db, gint64 actor_user_id, gint64 theory_id,
                                  gint64 box_id, gint64 *out_version, GError **error);
gboolean store_theory_arrow_delete(StoreDb *db, gint64 actor_user_id, gint64 theory_id,
                                   gint64 arrow_id, const char **out_field, GError **error);

/* ---- Citizen journeys ------------------------------------------------------------ */

typedef struct StoreJourneyInput {
  gint64 offer_id; /* create only */
  const char *title;
  const char *kind; /* "concrete", "generalised", "fictitious" */
  const char *description;
  gint64 weeks;     /* 1–104 */
  const char *others_label;
} StoreJourneyInput;

/* Fields: "kind", "weeks" (fewer weeks than an entry's week). */
gint64 store_journey_create(StoreDb *db, gint64 actor_user_id, const StoreJourneyInput *in,
                            const char **out_field, GError **error);
gboolean store_journey_update(StoreDb *db, gint64 actor_user_id, gint64 journey_id,
                              const StoreJourneyInput *in, const char **out_field,
                              GError **error);
/* {id, offer_id, offer_name, title, kind, description, weeks, others_label, created_at,
 *  updated_at, entries: [{id, week, lane, kind, text, position}]} */
json_t *store_journey_get(StoreDb *db, gint64 actor_user_id, gint64 journey_id,
                          StorePracticeAccess access, GError **error);
/* [{id, title, kind, weeks, entries, updated_at}] by title. */
json_t *store_journey_list(StoreDb *db, gint64 actor_user_id, gint64 offer_id, GError **error);
/* Fields: "week", "lane", "kind" (a kind the lane does not hold). */
gint64 store_journey_entry_add(StoreDb *db, gint64 actor_user_id, gint64 journey_id,
                               gint64 week, const char *lane, const char *kind,
                               const char *text, const char **out_field, GError **error);
/* Field "entry_id": not an entry of this journey. */
gboolean store_journey_entry_delete(StoreDb *db, gint64 actor_user_id, gint64 journey_id,
                                    gint64 entry_id, const char **out_field, GError **error);

/* The kinds an entry of a lane may have (NULL-terminated, static), or NULL
 * for an unknown lane. */
const char *const *store_journey_lane_kinds(const char *lane);

/* ---- Planning tools ---------------------------------------------------------------- */

typedef struct StorePlanningAnswer {
  const char *question_key;
  const char *answer;    /* NULL or "": none */
  const char *follow_up; /* NULL or "": none */
} StorePlanningAnswer;

/* kind: "documentation_strategy", "data_collection_plan", "learning_meeting",
 * "process_reflection".  Fields: "kind". */
gint64 store_planning_create(StoreDb *db, gint64 actor_user_id, gint64 offer_id,
                             const char *kind, const char *title, const char *held_on,
                             const char **out_field, GError **error);
/* Changes title and date, and replaces the answers named in answers (the
 * caller checked the keys against the tool). */
gboolean store_planning_update(StoreDb *db, gint64 actor_user_id, gint64 tool_id,
                               const char *title, const char *held_on,
                               const StorePlanningAnswer *answers, gsize n, GError **error);
/* {id, offer_id, offer_name, kind, title, held_on, created_by_name, created_at, updated_at,
 *  answers: [{question_key, answer, follow_up}],
 *  entries: [{id, section, position, text_a, text_b, text_c}]} */
json_t *store_planning_get(StoreDb *db, gint64 actor_user_id, gint64 tool_id,
                           StorePracticeAccess access, GError **error);
/* [{id, kind, title, held_on, updated_at}], newest date first. */
json_t *store_planning_list(StoreDb *db, gint64 actor_user_id, gint64 offer_id, GError **error);
/* A row of a section (the caller checked that the section takes rows). */
gint64 store_planning_entry_add(StoreDb *db, gint64 actor_user_id, gint64 tool_id,
                                const char *section, const char *text_a, const char *text_b,
                                const char *text_c, GError **error);
/* Field "entry_id": not a row of this tool. */
gboolean store_planning_entry_delete(StoreDb *db, gint64 actor_user_id, gint64 tool_id,
                                     gint64 entry_id, const char **out_field, GError **error);
