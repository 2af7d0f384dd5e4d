/* attainment.h — how far a goal has come (Figur 10, "Når vi vores mål?"):
 * five categories from the goal's type, its baseline, its target and the
 * latest value, read in the direction of the scale.
 *
 *   reached_improve    a goal of positive development, reached
 *   improved           positive development, the goal not (yet) reached
 *   reached_maintain   a goal of maintaining/stabilising, reached: no worse
 *                      than the baseline
 *   no_change          a goal of positive development, no development
 *   worse              deterioration (either type)
 *
 * The handbook does not say where a stabilisation goal that is not kept
 * falls; here it is "worse", since it can only be missed by getting worse. */
#pragma once

#include <glib.h>

typedef enum {
  ATTAINMENT_NONE,             /* not enough to say (no baseline or no value) */
  ATTAINMENT_REACHED_IMPROVE,
  ATTAINMENT_IMPROVED,
  ATTAINMENT_REACHED_MAINTAIN,
  ATTAINMENT_NO_CHANGE,
  ATTAINMENT_WORSE,
} Attainment;

/* improve: TRUE for positive development, FALSE for maintain.  has_target
 * FALSE: a positive-development goal is judged by the direction alone
 * (improved, never reached). */
Attainment goal_attainment(gboolean improve, gboolean higher_is_better, double baseline,
                           gboolean has_target, double target, double latest);
/* "reached_improve", …; NULL for ATTAINMENT_NONE. */
const char *goal_attainment_name(Attainment attainment);
