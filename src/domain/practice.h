/* practice.h — what practice development needs of an instrument version
 * beyond scoring one measurement: an assessment's meeting pages (one per
 * element or dimension, in the definition's order), its answers as
 * ScoreAnswers, the element scores and their range for the spider web,
 * and which instruments ask for development activities per row.
 *
 * Pure functions of a loaded InstrumentVersion and a JSON list of answers
 * as the store gives them; no I/O. */
#pragma once

#include <jansson.h>

#include "domain/instrument.h"
#include "domain/scoring.h"

/* The meeting has one page per subscale, in order, and one more for the
 * items of no subscale when there are such items. */
guint practice_n_pages(const InstrumentDef *def);
/* The subscale of page (0-based), or -1 for the page of items of no
 * subscale. */
int practice_page_subscale(const InstrumentDef *def, guint page);
/* The 0-based page an item is asked on. */
guint practice_item_page(const InstrumentDef *def, guint item);

/* One ScoreAnswer per item of the version from answers ([{item_id,
 * value}], value null for not answered); items whose rows are not in
 * answers are unanswered.  Newly allocated, def->n_items long. */
ScoreAnswer *practice_answers(const InstrumentVersion *version, const json_t *answers);

/* Scores answers: the total (has_score FALSE when the definition has
 * none) and one result per subscale (room for def->n_subscales). */
void practice_score(const InstrumentDef *def, const ScoreAnswer *answers, ScoreResult *total,
                    ScoreResult *subscales);

/* The lowest and highest score a subscale can have (percent_of_max: 0 to
 * 100), for the rings of the spider web. */
void practice_subscale_range(const InstrumentDef *def, guint subscale, double *out_min,
                             double *out_max);

/* TRUE when the instrument's rows have a column for development
 * activities (the self-evaluation: "Udviklingsaktiviteter"). */
gboolean practice_has_activities(const InstrumentDef *def);
