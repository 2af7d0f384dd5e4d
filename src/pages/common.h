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
