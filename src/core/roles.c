/* roles.c — role names and the role → capability table. */
#include "core/roles.h"

#include <string.h>

static const struct {
  const char *name;
  const char *label;
  guint caps;
} role_table[SPOR_ROLE_COUNT] = {
  [SPOR_ROLE_STAFF] = {"staff", "Medarbejder",
    CAP_LOGGED_IN | CAP_CITIZEN_READ | CAP_CITIZEN_WRITE | CAP_MEASUREMENT_WRITE |
    CAP_PRACTICE_READ | CAP_TRIAL_WRITE},
  [SPOR_ROLE_LEADER] = {"leader", "Leder",
    CAP_LOGGED_IN | CAP_CITIZEN_READ | CAP_CITIZEN_WRITE | CAP_MEASUREMENT_WRITE | CAP_REPORT |
    CAP_AUDIT | CAP_PRIVACY | CAP_PRACTICE_READ | CAP_PRACTICE_WRITE | CAP_TRIAL_WRITE |
    CAP_PLAN_WRITE},
  [SPOR_ROLE_AUTHORITY] = {"authority", "Myndighed",
    CAP_LOGGED_IN | CAP_CITIZEN_READ | CAP_ACTION_PLAN},
  [SPOR_ROLE_CITIZEN] = {"citizen", "Borger",
    CAP_LOGGED_IN | CAP_CITIZEN_READ | CAP_SELF_SERVICE},
  [SPOR_ROLE_ANALYST] = {"analyst", "Analytiker",
    CAP_LOGGED_IN | CAP_REPORT},
  [SPOR_ROLE_ADMIN] = {"admin", "Administrator",
    CAP_LOGGED_IN | CAP_ADMIN},
};

static const char *const scope_names[] = {
  [SPOR_SCOPE_ORGANISATION] = "organisation",
  [SPOR_SCOPE_OFFER] = "offer",
  [SPOR_SCOPE_UNIT] = "unit",
};

const char *
spor_role_name(SporRole role)
{
  return (unsigned)role < SPOR_ROLE_COUNT ? role_table[role].name : NULL;
}

const char *
spor_role_label(SporRole role)
{
  return (unsigned)role < SPOR_ROLE_COUNT ? role_table[role].label : NULL;
}

gboolean
spor_role_parse(const char *name, SporRole *out_role)
{
  if (name == NULL)
    return FALSE;
  for (int r = 0; r < SPOR_ROLE_COUNT; r++)
    if (strcmp(name, role_table[r].name) == 0) {
      *out_role = (SporRole)r;
      return TRUE;
    }
  return FALSE;
}

char **
spor_capability_names(guint caps)
{
  static const struct {
    guint bit;
    const char *name;
  } names[] = {
    {CAP_PUBLIC, "public"},
    {CAP_LOGGED_IN, "logged_in"},
    {CAP_CITIZEN_READ, "citizen_read"},
    {CAP_CITIZEN_WRITE, "citizen_write"},
    {CAP_MEASUREMENT_WRITE, "measurement_write"},
    {CAP_REPORT, "report"},
    {CAP_ADMIN, "admin"},
    {CAP_AUDIT, "audit"},
    {CAP_PRACTICE_READ, "practice_read"},
    {CAP_PRACTICE_WRITE, "practice_write"},
    {CAP_TRIAL_WRITE, "trial_write"},
    {CAP_PLAN_WRITE, "plan_write"},
    {CAP_ACTION_PLAN, "action_plan"},
    {CAP_SELF_SERVICE, "self_service"},
    {CAP_PRIVACY, "privacy"},
  };
  GStrvBuilder *builder = g_strv_builder_new();
  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    if (caps & names[i].bit)
      g_strv_builder_add(builder, names[i].name);
  char **out = g_strv_builder_end(builder);
  g_strv_builder_unref(builder);
  return out;
}

guint
spor_role_capabilities(SporRole role)
{
  return (unsigned)role < SPOR_ROLE_COUNT ? role_table[role].caps : 0;
}

const char *
spor_scope_kind_name(SporScopeKind kind)
{
  return (unsigned)kind < G_N_ELEMENTS(scope_names) ? scope_names[kind] : NULL;
}

gboolean
spor_scope_kind_parse(const char *name, SporScopeKind *out_kind)
{
  if (name == NULL)
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS(scope_names); k++)
    if (strcmp(name, scope_names[k]) == 0) {
      *out_kind = (SporScopeKind)k;
      return TRUE;
    }
  return FALSE;
}
