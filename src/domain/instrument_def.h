/* instrument_def.h — an instrument definition: the JSON format of the
 * files in instruments/ and of imports (docs/instruments.md), read into a
 * typed value and validated whole.
 *
 * Reading never stops at the first problem: every problem is reported
 * with the JSON path it was found at ("items[3].scale: ukendt skala
 * 'freq7'"), syntax errors with their line and column, unknown fields
 * too, in the calling thread's language (the Danish text is the gettext
 * msgid).  A definition comes back only when there was no problem at all,
 * so code that holds an InstrumentDef may rely on every rule below:
 *
 *  - ids are 1–64 characters of A–Z, a–z, 0–9, '.', '_' and '-', starting
 *    with a letter or digit; item, scale and subscale ids are unique;
 *  - every item's scale exists and every subscale has at least one item;
 *  - every scale has at least two regular values (neither flagged nor
 *    excluded) whose scores are not all equal, and a flagged value scores
 *    inside the regular range;
 *  - min_answered lies between 1 and the number of items scored together;
 *  - cut-offs rise strictly.
 *
 * The value is plain data with no reference to the store; scoring.h works
 * on it. */
#pragma once

#include <glib.h>
#include <jansson.h>

#include "core/i18n.h"

/* A text in Danish and (optionally) English; en is NULL when the
 * definition gives none, and readers fall back to Danish. */
typedef struct InstrumentText {
  char *da;
  char *en;
} InstrumentText;

typedef enum {
  INSTRUMENT_KIND_QUESTIONNAIRE,       /* "questionnaire" */
  INSTRUMENT_KIND_GOAL_BASED,          /* "goal_based" (GAS and the like) */
  INSTRUMENT_KIND_PRACTICE_ASSESSMENT, /* "practice_assessment" (the offer, not a citizen) */
} InstrumentKind;

/* Who may answer: bits of the respondents list. */
enum {
  INSTRUMENT_RESPONDENT_CITIZEN = 1u << 0,
  INSTRUMENT_RESPONDENT_STAFF = 1u << 1,
  INSTRUMENT_RESPONDENT_RELATIVE = 1u << 2,
  INSTRUMENT_RESPONDENT_AUTHORITY = 1u << 3,
};

typedef enum {
  SCORE_METHOD_SUM,            /* "sum": prorated to the applicable items */
  SCORE_METHOD_MEAN,           /* "mean" of the answered items */
  SCORE_METHOD_PERCENT_OF_MAX, /* "percent_of_max" over the answered items */
  SCORE_METHOD_GAS_T,          /* "gas_t": Kiresuk–Sherman T-score */
} ScoreMethod;

typedef struct InstrumentScaleValue {
  gint64 value;         /* what is stored as the answer */
  InstrumentText label;
  double score;         /* what it counts (the value unless "score" says otherwise) */
  gboolean flagged;     /* counted with its score, and noted ("Ved ikke") */
  gboolean excluded;    /* not counted at all ("Ikke relevant") */
  char *code;           /* optional code of an outside system (FHIR), or NULL */
} InstrumentScaleValue;

typedef struct InstrumentScale {
  char *id;
  InstrumentText name;  /* da NULL when none */
  char *system;         /* optional code system of the values' codes, or NULL */
  InstrumentScaleValue *values;
  guint n_values;
  /* Over the regular values (neither flagged nor excluded): */
  double score_min, score_max;
  gint64 value_min, value_max;
} InstrumentScale;

/* An item's own description of one scale value (GAS level texts). */
typedef struct InstrumentLevel {
  gint64 value;
  InstrumentText label;
} InstrumentLevel;

typedef struct InstrumentItem {
  char *id;
  InstrumentText text;
  InstrumentText help;  /* da NULL when none */
  guint scale;          /* index into InstrumentDef.scales */
  int subscale;         /* index into InstrumentDef.subscales, or -1 */
  gboolean reverse;
  double weight;        /* 1 unless given; used by gas_t */
  InstrumentLevel *levels;
  guint n_levels;
} InstrumentItem;

typedef struct InstrumentCutoff {
  double from;          /* the band runs from here up to the next cut-off */
  InstrumentText label;
} InstrumentCutoff;

typedef struct InstrumentScoring {
  ScoreMethod method;
  guint min_answered;   /* fewer answered items give no score */
  double factor;        /* sum and mean are multiplied by it (1 unless given) */
  double rho;           /* gas_t: the assumed correlation between goals (0.3) */
  gboolean higher_is_better;
  gboolean has_reliability;
  double reliability;   /* r, for reliable change */
  InstrumentCutoff *cutoffs;
  guint n_cutoffs;
} InstrumentScoring;

typedef struct InstrumentSubscale {
  char *id;
  InstrumentText name;
  InstrumentText description; /* da NULL when none */
  InstrumentText help;        /* da NULL when none */
  InstrumentScoring scoring;
  guint n_items;              /* items that belong to it */
} InstrumentSubscale;

typedef struct InstrumentDef {
  char *id;
  gint64 version;
  InstrumentText name;
  InstrumentText description; /* da NULL when none, likewise notes and source */
  InstrumentText notes;
  InstrumentText source;
  InstrumentKind kind;
  guint respondents;          /* INSTRUMENT_RESPONDENT_… bits */
  gboolean higher_is_better;
  gboolean has_reliability;
  double reliability;
  InstrumentScale *scales;
  guint n_scales;
  InstrumentItem *items;
  guint n_items;
  InstrumentSubscale *subscales;
  guint n_subscales;
  gboolean has_total;
  InstrumentScoring total;    /* over every item */
  json_t *json;               /* the definition as read; a reference the value holds */
} InstrumentDef;

void instrument_def_free(InstrumentDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(InstrumentDef, instrument_def_free)

/* ---- Problems ------------------------------------------------------------ */

typedef struct InstrumentProblem {
  char *path;    /* "items[3].scale", "linje 2, kolonne 5", or "" for the whole */
  char *message; /* translated */
} InstrumentProblem;

/* A new, empty list of InstrumentProblem (g_ptr_array_unref frees it). */
GPtrArray *instrument_problems_new(void);
/* Appends one problem; format is a Danish msgid already passed through _(). */
void instrument_problem_add(GPtrArray *problems, const char *path, const char *format, ...)
  G_GNUC_PRINTF(3, 4);
/* "path: message" (or just the message when the path is empty); newly allocated. */
char *instrument_problem_format(const InstrumentProblem *problem);
/* Every problem on its own line, each after prefix (may be NULL); newly allocated. */
char *instrument_problems_join(const GPtrArray *problems, const char *prefix);
/* The most problems one reading reports; the rest are counted in a last line. */
#define INSTRUMENT_MAX_PROBLEMS 500

/* ---- Reading --------------------------------------------------------------- */

/* The most subscales a definition may have. */
#define INSTRUMENT_MAX_SUBSCALES 200

/* The largest definition text read, in bytes. */
#define INSTRUMENT_MAX_BYTES (8u << 20)

/* Parses JSON text (duplicate keys refused) into a JSON value; syntax
 * errors go to problems with their line and column.  New reference or
 * NULL. */
json_t *instrument_json_parse(const char *text, gsize len, GPtrArray *problems);
/* Reads and validates a definition from JSON text.  Newly allocated, or
 * NULL with every problem appended to problems. */
InstrumentDef *instrument_def_parse(const char *text, gsize len, GPtrArray *problems);
/* The same from a parsed value (a reference is taken when it succeeds). */
InstrumentDef *instrument_def_from_json(json_t *json, GPtrArray *problems);

/* ---- Using a definition ------------------------------------------------------ */

/* The text in lang, falling back to Danish; NULL when there is none. */
const char *instrument_text(const InstrumentText *text, SporLang lang);
/* The index of the item with that id, or -1. */
int instrument_def_item_index(const InstrumentDef *def, const char *item_id);
/* The scale value of the item's scale with that stored value, or NULL. */
const InstrumentScaleValue *instrument_def_value(const InstrumentDef *def, guint item,
                                                 gint64 value);
/* The label an item shows for a value: the item's own level text when it
 * has one, else the scale's label. */
const InstrumentText *instrument_def_label(const InstrumentDef *def, guint item, gint64 value);

/* Names as written in definitions: "questionnaire", "sum", "citizen", … */
const char *instrument_kind_name(InstrumentKind kind);
const char *score_method_name(ScoreMethod method);
/* The respondent names of the bits, in the order citizen, staff,
 * relative, authority; NULL-terminated and static. */
const char *const *instrument_respondent_names(void);
