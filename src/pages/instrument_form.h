/* instrument_form.h — the items of an instrument version as a form, the
 * way a worker answers it: one group of radio buttons per item with its
 * scale's labels spelled out, in sections by subscale.  The measurement
 * form fills and checks it; the administrators' preview shows it with
 * every button disabled.  Rendered by templates/instrument_items.mustache. */
#pragma once

#include <jansson.h>

#include "domain/instrument.h"
#include "domain/scoring.h"
#include "http/http.h"

/* The form field of an item row: "item_12"; newly allocated. */
char *instrument_form_field(gint64 item_id);

/* [{subscale: {id, name, description, help, scoring} or null,
 *   items: [{field, number, text, help, reverse, disabled, unanswered, error,
 *            options: [{value, show_value, label, note, checked}]}]}]
 * for version in lang; values ({field: "value"}) check the chosen options,
 * errors ({field: message}) mark items; preview disables every input and
 * describes each section's scoring.  A new reference. */
json_t *instrument_form_sections(const InstrumentVersion *version, SporLang lang,
                                 const json_t *values, const json_t *errors, gboolean preview);

/* A scoring described for people: {method, min_answered, details,
 * has_cutoffs, cutoffs: [{from, label}]}, in the thread's language.  A new
 * reference. */
json_t *instrument_form_scoring(const InstrumentScoring *scoring, guint n_items, SporLang lang);

/* A number as people read it in lang (decimal comma in Danish); newly
 * allocated. */
char *instrument_form_number(double value, SporLang lang);

/* The comment field of an item row: "comment_12"; newly allocated. */
char *instrument_form_comment_field(gint64 item_id);

/* Adds a comment box to every item of sections (instrument_form_sections):
 * comment_field, comment (from values) and comment_error (from errors). */
void instrument_form_add_comments(json_t *sections, const json_t *values, const json_t *errors);

/* Reads a filled-in form: for each item of version its answer
 * ("item_<id>": a value of the item's scale, or nothing) and its comment
 * ("comment_<id>", at most 1000 characters) into answers (room for
 * def->n_items; comment strings point into form), what was typed into
 * echo, and the total into *total.  A value off the scale is a message on
 * its item; no answer at all, or fewer than the total needs, a message on
 * "items".  Returns how many items were answered. */
guint instrument_form_read(const InstrumentVersion *version, const FormData *form,
                           FormResult *fields, json_t *echo, StoreAnswerInput *answers,
                           ScoreResult *total);
