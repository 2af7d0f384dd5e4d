/* attainment.c — the goal-attainment categories of Figur 10 (attainment.h). */
#include "domain/attainment.h"

Attainment
goal_attainment(gboolean improve, gboolean higher_is_better, double baseline,
                gboolean has_target, double target, double latest)
{
  /* Change and distance to the target in the direction that is better. */
  double sign = higher_is_better ? 1.0 : -1.0;
  double change = sign * (latest - baseline);
  if (!improve)
    return change >= 0 ? ATTAINMENT_REACHED_MAINTAIN : ATTAINMENT_WORSE;
  if (has_target && sign * (latest - target) >= 0 && change >= 0)
    return ATTAINMENT_REACHED_IMPROVE;
  if (change > 0)
    return ATTAINMENT_IMPROVED;
  if (change == 0)
    return ATTAINMENT_NO_CHANGE;
  return ATTAINMENT_WORSE;
}

const char *
goal_attainment_name(Attainment attainment)
{
  switch (attainment) {
  case ATTAINMENT_REACHED_IMPROVE: return "reached_improve";
  case ATTAINMENT_IMPROVED: return "improved";
  case ATTAINMENT_REACHED_MAINTAIN: return "reached_maintain";
  case ATTAINMENT_NO_CHANGE: return "no_change";
  case ATTAINMENT_WORSE: return "worse";
  case ATTAINMENT_NONE:
  default: return NULL;
  }
}
