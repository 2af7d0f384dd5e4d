/* planning_tool.h — the planning tools of the toolbox (Socialstyrelsen's
 * handbook, kapitel 9), as data: the documentation strategy, the plan for
 * data collection and use, the guide to learning and reflection meetings,
 * and the reflection on the whole process.
 *
 * A tool is a list of sections.  A section holds fixed questions, each
 * answered in one text (and, where the tool has the column, a second one
 * for follow-up actions), and may let the user add rows of up to three
 * texts (what we need to know, why, and what for; the meeting's decisions).
 * Every text is the source's Danish, a gettext msgid; the answers live in
 * the store (planning_answer, planning_entry) under the question keys and
 * section keys given here, which never change once released. */
#pragma once

#include <glib.h>

typedef struct PlanningQuestion {
  const char *key;            /* unique within the tool */
  const char *text;           /* the question (msgid) */
  const char *considerations; /* "Overvejelser" of the data-collection plan, or NULL */
  const char *part;           /* a labelled part of a question ("Ledelse"), or NULL */
} PlanningQuestion;

typedef struct PlanningSection {
  const char *key;
  const char *title;                 /* msgid */
  const char *intro;                 /* msgid or NULL */
  const char *const *prompts;        /* example questions (msgids), NULL-terminated, or NULL */
  const PlanningQuestion *questions; /* fixed questions, or NULL */
  guint n_questions;
  const char *entry_labels[3];       /* column labels of added rows; [0] NULL: no rows */
  const char *entry_hint;            /* msgid or NULL */
} PlanningSection;

typedef struct PlanningToolDef {
  const char *kind;            /* "documentation_strategy", … as stored */
  const char *name;            /* msgid */
  const char *purpose;         /* msgid: what the tool is for */
  const char *answer_label;    /* the answer column's heading (msgid) */
  const char *follow_up_label; /* the second answer column's heading, or NULL */
  const PlanningSection *sections;
  guint n_sections;
} PlanningToolDef;

/* Every tool, in the order of the handbook; static storage. */
const PlanningToolDef *planning_tools(guint *out_n);
/* The tool of a stored kind, or NULL. */
const PlanningToolDef *planning_tool_find(const char *kind);
/* The section of a tool with that key, or NULL. */
const PlanningSection *planning_tool_section(const PlanningToolDef *tool, const char *key);
/* The question of a tool with that key, or NULL. */
const PlanningQuestion *planning_tool_question(const PlanningToolDef *tool, const char *key);
