/* citizen_chart.h — the chart on a citizen's page: the life-area scores of
 * every approved measurement, one line per life area plus the mean. */
#pragma once

#include <jansson.h>

#include "core/i18n.h"

/* The instrument whose measurements the citizen page draws. */
#define CITIZEN_CHART_INSTRUMENT "vum-livsomraader"

/* A line-chart model (render/chart.h) of the approved measurements with
 * instrument (any of its versions; answers are matched to the newest
 * version's items by item key), in the order given (oldest first),
 * labelled in lang; NULL
 * when there is no such measurement.  measurements must carry
 * measured_on_display (pages/common.h).  New reference. */
json_t *citizen_chart_model(const json_t *citizen, const json_t *measurements,
                            const json_t *instrument, SporLang lang);
