/* reports.h — the handbook's reports (chapter 5, Figur 6–10) for an offer
 * or across offers: what each report computes, from which rows, and the
 * one model every output is made from.
 *
 * A report is built once into a JSON model and every output reads that
 * model alone: the web page (pages/reports.c), its /api/v1 twin, CSV, XLSX,
 * PDF and the stand-alone HTML of `spor report` (domain/report_export.h).
 * Small cells are suppressed while the model is built (analysis/suppress.h),
 * so no output can show what the model does not hold.
 *
 * The model:
 *   {
 *     "report": "progression", "title": "…", "summary": "…",
 *     "period": {"from", "to", "from_display", "to_display"},
 *     "instrument": {"key", "name"}, "k": 5,
 *     "sections": [
 *       {"id", "title", "how_to_read",           "Sådan læses figuren"
 *        "empty": bool, "empty_message",        no data under the filters
 *        "chart": {…chart.h model…},            optional
 *        "table": {"columns": [{"label", "num"}],
 *                  "rows": [{"cells": [{"text", "value", "header",
 *                                       "suppressed"}]}]},
 *        "notes": ["…"]}
 *     ]
 *   }
 * A suppressed cell has "text": "< k" (or "–" for figures that rest on
 * it), "value": null and "suppressed": true; its chart value is null. */
#pragma once

#include <glib.h>
#include <jansson.h>

#include "store/store.h"

typedef enum {
  REPORT_TARGET_GROUP,    /* 1: the target group at start by subgroup and year (Figur 6) */
  REPORT_PROGRESSION,     /* 2: a group over the measurement points (Figur 7) */
  REPORT_COMPARISON,      /* 3: interventions or subgroups at start, end, after (Figur 8–9) */
  REPORT_GOAL_ATTAINMENT, /* 4: goal attainment in five categories (Figur 10) */
  REPORT_OFFER,           /* 6: the offer report for management and the socialtilsyn */
  REPORT_STAFF_SELF,      /* 8: the staff's assessment beside the citizen's own */
  REPORT_TEAM,            /* 5: the team's result list (reports_team.h) */
  REPORT_CASELOAD,        /* 5: the caseload per worker (reports_team.h) */
  REPORT_COSTS,           /* 9: costs per citizen-course and point (reports_team.h) */
  REPORT_INTER_RATER,     /* 8: agreement between raters of the same point (reports_quality.c) */
  REPORT_COMPLETENESS,    /* 8: measurements planned, on time, late and missing */
  REPORT_TARGET_FIT,      /* 8: inclusion criteria vs who started (Figur 14) */
  REPORT_CITIZEN_PROGRESSION, /* 2: one citizen over the measurement points (not listed) */
} ReportKind;

typedef struct ReportDef {
  ReportKind kind;
  const char *name;    /* "target-group": in URLs and on the command line */
  const char *title;   /* Danish msgid */
  const char *summary; /* Danish msgid: one sentence for the list of reports */
} ReportDef;

/* Every report, in the order the list shows them; static storage. */
const ReportDef *report_defs(gsize *out_n);
/* The report of that name, or NULL. */
const ReportDef *report_find(const char *name);

/* The subgroups a report may be split by ("none", "gender", "age_band",
 * "intervention" and the background fields of store_reports_background_valid):
 * TRUE for a known one. */
gboolean report_by_valid(const char *by);
/* [{code, label}] of every subgroup, labels translated. */
json_t *report_by_options(void);

typedef struct ReportFilter {
  const char *from, *to;    /* ISO dates, from <= to (the caller checks) */
  gint64 offer_id;          /* 0: every offer in reach */
  gint64 intervention_id;   /* 0: every intervention */
  gint64 unit_id;           /* 0: every unit; else one unit's citizens */
  const char *instrument;   /* key; NULL: vum-livsomraader */
  const char *item;         /* an item key, or NULL: every item (or their mean) */
  const char *by;           /* subgroup; NULL: the report's own default */
  const char *respondent;   /* whose answers; NULL: staff */
  gboolean reliable_only;   /* goal attainment: a change counts only when reliable */
  guint k;                  /* small-cell limit, at least SUPPRESS_K_MIN */
  gint64 citizen_id;        /* REPORT_CITIZEN_PROGRESSION: the citizen (in the actor's care) */
} ReportFilter;

/* Builds the report for actor inside the caller's (read) transaction;
 * a new reference.  NOT_FOUND for an offer, intervention or instrument out
 * of reach (the page answers 404); a report without data is a model whose
 * sections say so, never an error. */
json_t *report_build(StoreDb *db, gint64 actor, const ReportDef *def, const ReportFilter *f,
                     GError **error);
