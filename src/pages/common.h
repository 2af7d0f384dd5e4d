/* common.h — what several page files share: display labels for stored
 * codes, dates for display, and small view-model helpers.
 *
 * Labels are Danish msgids translated for the request's language, so the
 * view model (and thus the JSON API) carries both the stable code
 * ("follow_up") and its label ("Opfølgningsmåling"). */
#pragma once

#include <jansson.h>

#include "http/http.h"

/* A code and its Danish label (a msgid). */
typedef struct CodeLabel {
  const char *code;
  const char *label;
} CodeLabel;

extern const CodeLabel page_genders[];         /* female, male, other */
extern const CodeLabel page_points[];          /* start, follow_up, end, after_end, ad_hoc */
extern const CodeLabel page_respondents[];     /* citizen, staff, relative, authority */
extern const CodeLabel page_methods[];         /* self_report, … (Tabel 2) */
extern const CodeLabel page_phases[];          /* stabilisation, … */
extern const CodeLabel page_statuses[];        /* draft, approved */

/* The translated label of an audit log action ("citizen.read"), or the
 * action itself (pages/audit.c). */
const char *page_audit_action_label(const char *action);

/* The translated label of code in a NULL-terminated table, or code itself. */
const char *page_label(const CodeLabel *table, const char *code);
/* The codes of a table as a NULL-terminated array for FIELD_CHOICE. */
#define PAGE_CODES(...) ((const char *const[]){__VA_ARGS__, NULL})

/* [{code, label, selected}] for a <select> or radio group. */
json_t *page_options(const CodeLabel *table, const char *selected);

/* Adds key_display = "dd-mm-åååå" next to every ISO date key of object. */
void page_add_date_display(json_t *object, const char *key);

/* A new view model {"title": title}. */
json_t *page_model_new(const char *title);

/* ---- Results documentation ------------------------------------------------ */

extern const CodeLabel page_plan_kinds[];      /* start, follow_up, phase_change, end, after_end */
extern const CodeLabel page_due_statuses[];    /* upcoming, open, overdue, missed, done, late, draft */
extern const CodeLabel page_goal_kinds[];      /* scale, gas, text */
extern const CodeLabel page_goal_types[];      /* improve, maintain */
extern const CodeLabel page_goal_statuses[];   /* active, reached, not_reached, cancelled */
extern const CodeLabel page_intensity_kinds[]; /* individual, group, … */
extern const CodeLabel page_gas_levels[];      /* "-2" … "2" */

/* A background question of the toolbox (resultatdokumentation (e)). */
typedef struct PageQuestion {
  const char *stage;   /* "start", "during", "end" */
  const char *key;
  const char *label;   /* Danish msgid */
  gboolean long_text;
} PageQuestion;

/* Every question: 14 at the start, 5 during, 5 at the end; {NULL} ends it. */
extern const PageQuestion page_questions[];

/* Whether an offer asks a question and requires it, from its settings
 * (store_offer_questions): asked and not required unless a row says so. */
void page_question_setting(const json_t *settings, const char *stage, const char *key,
                           gboolean *out_asked, gboolean *out_required);
/* The questions of a stage with the offer's settings: [{key, label, long,
 * asked, required}]. */
json_t *page_question_list(const json_t *settings, const char *stage);

/* The request user's relation to a citizen; on failure replies (404 or
 * the store's error) and returns FALSE. */
gboolean page_relation(HttpRequest *req, HttpReply *reply, gint64 citizen_id,
                       StoreRelation *out_relation);

/* {key: name} of every instrument's newest version in the request's
 * language; a new reference (NULL with error). */
json_t *page_instrument_names(HttpRequest *req, GError **error);

/* How people say which expectation of a plan it is: "Opfølgning 2 (efter
 * 6 md.)", "Faseskift: Primær indsats", …  Newly allocated. */
char *page_due_label(const json_t *expected, const char *phase_name);

/* A decimal number as people read it in lang ("2,5"); "" for null. */
char *page_number(const json_t *value, SporLang lang);

/* Adds "<key>_display" to every object of array for each ISO date key. */
void page_add_dates(json_t *array, const char *const *keys);

/* Display fields of goal rows (store_goal_list): labels, numbers, dates. */
void page_decorate_goals(json_t *goals, SporLang lang);

/* One field compared when a save meets a newer version. */
typedef struct PageChangeField {
  const char *key;        /* in the snapshots */
  const char *label;      /* Danish msgid */
  const CodeLabel *codes; /* labels of a code field, or NULL */
  gboolean date;          /* an ISO date, shown dd-mm-åååå */
  const char *form_key;   /* the form field holding the user's value; NULL: key */
} PageChangeField;

/* What changed between two versions, field by field ({NULL} ends the
 * list): [{field, label, before, now, yours}], each shown as people read
 * it; yours (the typed form, may be NULL) is what the refused save
 * would have written.  A new reference. */
json_t *page_changes(const json_t *before, const json_t *now, const json_t *yours,
                     const PageChangeField *fields, SporLang lang);

/* The chart models of the total scores (WHO-5 and the like) of every
 * instrument but the life areas that the citizen has approved
 * measurements of, in the order first measured: a new array, or NULL with
 * error when the store failed. */
json_t *page_score_chart_models(StoreDb *db, const json_t *citizen, const json_t *measurements,
                                SporLang lang, GError **error);

/* Charts of the total scores (WHO-5 and the like) of every instrument but
 * the life areas that the citizen has approved measurements of: the model
 * gets "score_charts" (chart models) and has_score_charts, the HTML page
 * their SVG, one after the other, as score_charts_svg.  FALSE with error
 * only when the store failed. */
gboolean page_score_charts(HttpRequest *req, HttpReply *reply, json_t *model,
                           const json_t *citizen, const json_t *measurements, GError **error);
