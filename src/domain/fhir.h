/* fhir.h — instruments as HL7 FHIR R4 Questionnaire resources, so that
 * tools from the health sector can be brought in and spor's own can be
 * taken out.
 *
 * Export: every item becomes a "choice" question whose answerOption
 * valueCodings list its scale (display = label, code = value, the score in
 * the standard ordinalValue extension); subscales become groups; Danish is
 * the resource's language and English rides in the standard translation
 * extension.  What FHIR has no element for (scoring methods, reversal,
 * flagged and excluded values, weights, cut-offs, direction, respondents)
 * travels in extensions under urn:spor:fhir:, so that an exported
 * instrument imports back to the very same definition.
 *
 * Import: questions with answerOption (valueCoding or valueInteger) become
 * items; a group holding questions becomes a subscale (nested groups give
 * their questions to the innermost group); display items with the "help"
 * item control become help text.  Without spor's extensions a value is the
 * option's code when every code of the question is a whole number, else
 * its position, and the score is the ordinalValue when given; the total is
 * a sum over every item, and a subscale's a sum over its items, with no
 * prorating.  Anything spor cannot score (free text, dates, answerValueSet
 * references) is a problem with its path in the resource, and the result
 * goes through the same validator as any definition. */
#pragma once

#include <glib.h>
#include <jansson.h>

#include "domain/instrument_def.h"

/* The Questionnaire of a definition; a new reference. */
json_t *fhir_questionnaire_from_def(const InstrumentDef *def);
/* The same as an indented JSON text ending in a newline; newly allocated. */
char *fhir_questionnaire_text(const InstrumentDef *def);

/* TRUE when json is an object with "resourceType": "Questionnaire". */
gboolean fhir_is_questionnaire(const json_t *json);
/* The spor definition JSON of a Questionnaire, not yet validated; NULL
 * with problems (paths in the resource) appended.  A new reference. */
json_t *fhir_definition_from_questionnaire(const json_t *questionnaire, GPtrArray *problems);

/* Reads a definition from JSON text in either format: a FHIR
 * Questionnaire (*out_fhir set TRUE, may be NULL) or spor's own.
 * Newly allocated, or NULL with every problem appended. */
InstrumentDef *instrument_def_parse_any(const char *text, gsize len, gboolean *out_fhir,
                                        GPtrArray *problems);
