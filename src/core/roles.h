/* roles.h — the six roles a user can hold at a scope in the organisation
 * tree (DESIGN §1), and the capabilities they grant.
 *
 * A route in the web UI demands one capability; the dispatcher checks it
 * against the union of the user's roles before any handler runs.  Which
 * *rows* a capability reaches is the store's business (role_assignment
 * scoping in SQL), never the page's. */
#pragma once

#include <glib.h>

typedef enum {
  SPOR_ROLE_STAFF,
  SPOR_ROLE_LEADER,
  SPOR_ROLE_AUTHORITY,
  SPOR_ROLE_CITIZEN,
  SPOR_ROLE_ANALYST,
  SPOR_ROLE_ADMIN,
  SPOR_ROLE_COUNT
} SporRole;

/* Where in the organisation tree a role applies. */
typedef enum {
  SPOR_SCOPE_ORGANISATION,
  SPOR_SCOPE_OFFER,
  SPOR_SCOPE_UNIT,
} SporScopeKind;

/* A route declares exactly what it needs.  0 is "undeclared", which the
 * router refuses at start; a page anyone may see says CAP_PUBLIC. */
typedef enum {
  CAP_PUBLIC            = 1u << 30, /* no login needed */
  CAP_LOGGED_IN         = 1u << 0, /* any active user */
  CAP_CITIZEN_READ      = 1u << 1, /* staff, leader, authority, citizen (rows scoped by the store) */
  CAP_CITIZEN_WRITE     = 1u << 2, /* staff, leader */
  CAP_MEASUREMENT_WRITE = 1u << 3, /* staff, leader */
  CAP_REPORT            = 1u << 4, /* leader, analyst: aggregated data only */
  CAP_ADMIN             = 1u << 5, /* admin: organisations, users, instruments */
  CAP_AUDIT             = 1u << 6, /* leader: the audit log of what they lead */
  CAP_PRACTICE_READ     = 1u << 7, /* staff, leader: their offers' practice development */
  CAP_PRACTICE_WRITE    = 1u << 8, /* leader: assessments, development points, theories … */
  CAP_TRIAL_WRITE       = 1u << 9, /* staff, leader: trial actions (prøvehandlinger) */
  /* Results documentation (bits from 12 up). */
  CAP_PLAN_WRITE        = 1u << 12, /* leader: interventions, phases, plans, questions */
  CAP_ACTION_PLAN       = 1u << 13, /* authority: the handleplan goals of their citizens */
  CAP_SELF_SERVICE      = 1u << 14, /* citizen: own goals, charts, diary and self-assessments */
  CAP_PRIVACY           = 1u << 20, /* leader: a citizen's export and erasure (GDPR) */
} SporCapability;

/* "staff", "leader", … as stored in the database; NULL for an invalid role. */
const char *spor_role_name(SporRole role);
/* Parses a role name; FALSE when unknown. */
gboolean spor_role_parse(const char *name, SporRole *out_role);
/* Danish label for the UI ("Medarbejder", …), untranslated msgid. */
const char *spor_role_label(SporRole role);

const char *spor_scope_kind_name(SporScopeKind kind);
gboolean spor_scope_kind_parse(const char *name, SporScopeKind *out_kind);

/* Capabilities granted by one role. */
guint spor_role_capabilities(SporRole role);

/* The names of the capability bits in caps ("public", "logged_in",
 * "citizen_read", …), as a newly allocated NULL-terminated vector. */
char **spor_capability_names(guint caps);
