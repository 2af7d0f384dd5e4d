/* practice_common.h — what the practice-development pages share: the
 * labels of their stored codes, the offer every page belongs to, turning
 * the store's refusals into messages beside form fields, and the audit
 * line of a change.
 *
 * Who may do what is the route's capability (CAP_PRACTICE_READ,
 * CAP_PRACTICE_WRITE, CAP_TRIAL_WRITE) together with the store's scope
 * (store/practice.h): a page never offers a form its user cannot send. */
#pragma once

#include <jansson.h>

#include "pages/common.h"
#include "store/practice.h"

extern const CodeLabel practice_assessment_statuses[]; /* in_progress, finished */
extern const CodeLabel practice_point_statuses[];      /* open, in_progress, done, dropped */
extern const CodeLabel practice_trial_statuses[];      /* planned, running, finished */
extern const CodeLabel practice_decisions[];           /* adopt, adjust, drop */
extern const CodeLabel practice_journey_kinds[];       /* concrete, generalised, fictitious */
extern const CodeLabel practice_lanes[];               /* citizen, offer, authority, others, documentation */
extern const CodeLabel practice_entry_kinds[];         /* activity, strength, … collect, use */
extern const CodeLabel practice_columns[];             /* activities … long_term_results */

/* {id, name, organisation_name, href} of an offer row (id, name,
 * organisation_name) for breadcrumbs; a new reference. */
json_t *practice_offer_ref(const json_t *offer);

/* The instrument's name in the request's language from a row with
 * name_da/name_en under prefix ("instrument_name"); borrowed. */
const char *practice_name(const json_t *row, const char *prefix, SporLang lang);

/* When error is the store's refusal (CONFLICT), adds its message, in the
 * request's language, to the form field named (the store's, or fallback
 * when the store named none) and returns TRUE; else FALSE. */
gboolean practice_refusal(FormResult *fields, const GError *error, const char *field,
                          const char *fallback);

/* Appends the audit line of a change to practice development (no citizen)
 * in the request's transaction; detail names what changed by id. */
gboolean practice_audit(HttpRequest *req, const char *action, const char *detail,
                        GError **error);

/* Checks a free text sent in a field no FieldSpec declares (answers whose
 * names carry ids): at most max characters, no control characters but
 * tabs and line breaks.  The trimmed text, newly allocated, or NULL with
 * *out_msgid set to a Danish msgid. */
char *practice_clean_text(const char *raw, glong max, const char **out_msgid);

/* For every list at the top of model, a boolean "has_KEY" saying whether
 * it holds anything (templates show a table, or a line saying there is
 * none). */
void practice_add_has(json_t *model);

/* A number for people in lang, at most one decimal; newly allocated. */
char *practice_number(double value, SporLang lang);
