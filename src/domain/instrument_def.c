/* instrument_def.c — reading an instrument definition (instrument_def.h).
 *
 * One walk over the JSON both checks and builds: each object's fields are
 * read by name, unknown names are reported, and every problem is noted
 * with the path of the value it concerns while the walk goes on.  Only a
 * walk without problems hands out the built value; otherwise the partial
 * value is freed.  Items refer to scales and subscales by id, so those two
 * lists are read before the items, and the counts that depend on items
 * (a subscale's items, min_answered) are checked after them. */
#include "domain/instrument_def.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#define MAX_ID_CHARS 64
#define MAX_SHORT_TEXT 500    /* names, labels */
#define MAX_LONG_TEXT 20000   /* item texts, help, descriptions, notes */
#define MAX_SCALES 100
#define MAX_VALUES 100
#define MAX_ITEMS 1000
#define MAX_SUBSCALES INSTRUMENT_MAX_SUBSCALES
#define MAX_CUTOFFS 50
#define MAX_VALUE 1000000
#define MAX_SCORE 1e9
#define MAX_WEIGHT 1000.0
#define MAX_FACTOR 1e6
#define DEFAULT_RHO 0.3

/* ---- Problems -------------------------------------------------------------- */

static void
problem_free(gpointer data)
{
  InstrumentProblem *p = data;
  g_free(p->path);
  g_free(p->message);
  g_free(p);
}

GPtrArray *
instrument_problems_new(void)
{
  return g_ptr_array_new_with_free_func(problem_free);
}

static void G_GNUC_PRINTF(3, 0)
problem_addv(GPtrArray *problems, const char *path, const char *format, va_list ap)
{
  InstrumentProblem *p = g_new0(InstrumentProblem, 1);
  p->path = g_strdup(path ? path : "");
  p->message = g_strdup_vprintf(format, ap);
  g_ptr_array_add(problems, p);
}

void
instrument_problem_add(GPtrArray *problems, const char *path, const char *format, ...)
{
  va_list ap;
  va_start(ap, format);
  problem_addv(problems, path, format, ap);
  va_end(ap);
}

char *
instrument_problem_format(const InstrumentProblem *problem)
{
  if (problem->path == NULL || *problem->path == '\0')
    return g_strdup(problem->message);
  return g_strdup_printf("%s: %s", problem->path, problem->message);
}

char *
instrument_problems_join(const GPtrArray *problems, const char *prefix)
{
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < problems->len; i++) {
    g_autofree char *line = instrument_problem_format(g_ptr_array_index(problems, i));
    if (prefix != NULL)
      g_string_append(out, prefix);
    g_string_append(out, line);
    g_string_append_c(out, '\n');
  }
  return g_string_free(out, FALSE);
}

/* ---- The walk ---------------------------------------------------------------- */

typedef struct Check {
  GPtrArray *problems;
  GString *path;
  guint found;   /* problems found, including those not kept */
} Check;

static void G_GNUC_PRINTF(2, 3)
problem(Check *c, const char *format, ...)
{
  c->found++;
  if (c->found > INSTRUMENT_MAX_PROBLEMS)
    return;
  va_list ap;
  va_start(ap, format);
  problem_addv(c->problems, c->path->str, format, ap);
  va_end(ap);
}

/* Appends ".key" (or "key" at the top) to the path; returns the length to
 * restore with pop().  Keys are shown safely: control characters become
 * '?', and a very long key is cut. */
static gsize
push_key(Check *c, const char *key)
{
  gsize mark = c->path->len;
  if (mark > 0)
    g_string_append_c(c->path, '.');
  guint chars = 0;
  for (const char *p = key; *p != '\0'; p = g_utf8_next_char(p)) {
    if (++chars > MAX_ID_CHARS) {
      g_string_append(c->path, "…");
      break;
    }
    gunichar ch = g_utf8_get_char(p);
    if (ch < 0x20 || ch == 0x7f)
      g_string_append_c(c->path, '?');
    else
      g_string_append_unichar(c->path, ch);
  }
  return mark;
}

static gsize
push_index(Check *c, size_t index)
{
  gsize mark = c->path->len;
  g_string_append_printf(c->path, "[%zu]", index);
  return mark;
}

static void
pop(Check *c, gsize mark)
{
  g_string_truncate(c->path, mark);
}

/* Reports every key of obj not in allowed (NULL-terminated). */
static void
unknown_fields(Check *c, const json_t *obj, const char *const *allowed)
{
  const char *key;
  json_t *value;
  json_object_foreach((json_t *)obj, key, value) {
    gboolean known = FALSE;
    for (guint i = 0; allowed[i] != NULL && !known; i++)
      known = strcmp(key, allowed[i]) == 0;
    if (!known) {
      gsize mark = push_key(c, key);
      problem(c, _("ukendt felt"));
      pop(c, mark);
    }
  }
}

/* obj[key]; a problem "mangler" at path.key when required and absent. */
static json_t *
member(Check *c, const json_t *obj, const char *key, gboolean required)
{
  json_t *value = json_object_get(obj, key);
  if (value == NULL && required) {
    gsize mark = push_key(c, key);
    problem(c, _("mangler"));
    pop(c, mark);
  }
  return value;
}

static gboolean
has_control_characters(const char *text, gboolean allow_newlines)
{
  for (const char *p = text; *p != '\0'; p++) {
    unsigned char ch = (unsigned char)*p;
    if ((ch < 0x20 && !(allow_newlines && (ch == '\n' || ch == '\t' || ch == '\r'))) ||
        ch == 0x7f)
      return TRUE;
  }
  return FALSE;
}

/* A non-empty string of at most max_chars characters; newly allocated or
 * NULL after a problem at the current path. */
static char *
read_string_here(Check *c, const json_t *value, guint max_chars, gboolean allow_newlines)
{
  if (!json_is_string(value)) {
    problem(c, _("skal være en tekst"));
    return NULL;
  }
  const char *text = json_string_value(value);
  if (strlen(text) != json_string_length(value)) {
    problem(c, _("må ikke indeholde NUL-tegn"));
    return NULL;
  }
  const char *end = text;
  while (*end != '\0' && g_ascii_isspace(*end))
    end++;
  if (*end == '\0') {
    problem(c, _("må ikke være tom"));
    return NULL;
  }
  if (g_utf8_strlen(text, -1) > (glong)max_chars) {
    problem(c, _("er for lang (højst %u tegn)"), max_chars);
    return NULL;
  }
  if (has_control_characters(text, allow_newlines)) {
    problem(c, _("må ikke indeholde styretegn"));
    return NULL;
  }
  return g_strdup(text);
}

static char *
read_string(Check *c, const json_t *obj, const char *key, gboolean required, guint max_chars)
{
  json_t *value = member(c, obj, key, required);
  if (value == NULL)
    return NULL;
  gsize mark = push_key(c, key);
  char *text = read_string_here(c, value, max_chars, FALSE);
  pop(c, mark);
  return text;
}

static gboolean
id_valid(const char *id)
{
  gsize len = strlen(id);
  if (len == 0 || len > MAX_ID_CHARS || !g_ascii_isalnum(id[0]))
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum(*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

/* An id field (required); newly allocated or NULL after a problem. */
static char *
read_id(Check *c, const json_t *obj, const char *key)
{
  json_t *value = member(c, obj, key, TRUE);
  if (value == NULL)
    return NULL;
  gsize mark = push_key(c, key);
  char *id = NULL;
  if (!json_is_string(value))
    problem(c, _("skal være en tekst"));
  else if (strlen(json_string_value(value)) != json_string_length(value) ||
           !id_valid(json_string_value(value)))
    problem(c, _("skal være 1–64 tegn: bogstaver, cifre, punktum, bindestreg og understregning, "
                 "og begynde med et bogstav eller et ciffer"));
  else
    id = g_strdup(json_string_value(value));
  pop(c, mark);
  return id;
}

/* A text object {"da": …, "en": …} under key; FALSE after a problem or
 * when absent (absent and optional leaves out zeroed, no problem). */
static gboolean
read_text(Check *c, const json_t *obj, const char *key, gboolean required, guint max_chars,
          InstrumentText *out)
{
  static const char *const fields[] = {"da", "en", NULL};
  json_t *value = member(c, obj, key, required);
  if (value == NULL)
    return FALSE;
  gsize mark = push_key(c, key);
  gboolean ok = FALSE;
  if (!json_is_object(value)) {
    problem(c, _("skal være et objekt med teksterne \"da\" og \"en\""));
  } else {
    unknown_fields(c, value, fields);
    gboolean multiline = max_chars > MAX_SHORT_TEXT;
    json_t *da = member(c, value, "da", TRUE);
    json_t *en = json_object_get(value, "en");
    if (da != NULL) {
      gsize m = push_key(c, "da");
      out->da = read_string_here(c, da, max_chars, multiline);
      pop(c, m);
    }
    if (en != NULL) {
      gsize m = push_key(c, "en");
      out->en = read_string_here(c, en, max_chars, multiline);
      pop(c, m);
    }
    ok = out->da != NULL && (en == NULL || out->en != NULL);
  }
  pop(c, mark);
  return ok;
}

static gboolean
read_bool(Check *c, const json_t *obj, const char *key, gboolean fallback)
{
  json_t *value = json_object_get(obj, key);
  if (value == NULL)
    return fallback;
  if (!json_is_boolean(value)) {
    gsize mark = push_key(c, key);
    problem(c, _("skal være true eller false"));
    pop(c, mark);
    return fallback;
  }
  return json_is_true(value);
}

/* An integer field; FALSE (after a problem) when present and not one, or
 * outside [min, max]. */
static gboolean
read_int(Check *c, const json_t *obj, const char *key, gboolean required, gint64 min,
         gint64 max, gint64 *out)
{
  json_t *value = member(c, obj, key, required);
  if (value == NULL)
    return FALSE;
  gsize mark = push_key(c, key);
  gboolean ok = FALSE;
  if (!json_is_integer(value))
    problem(c, _("skal være et helt tal"));
  else if (json_integer_value(value) < min || json_integer_value(value) > max)
    problem(c, _("skal ligge mellem %lld og %lld"), (long long)min, (long long)max);
  else {
    *out = json_integer_value(value);
    ok = TRUE;
  }
  pop(c, mark);
  return ok;
}

/* A number field (integer or real); FALSE when absent or after a problem. */
static gboolean
read_number(Check *c, const json_t *obj, const char *key, gboolean required, double *out)
{
  json_t *value = member(c, obj, key, required);
  if (value == NULL)
    return FALSE;
  if (!json_is_number(value) || !isfinite(json_number_value(value)) ||
      fabs(json_number_value(value)) > MAX_SCORE) {
    gsize mark = push_key(c, key);
    problem(c, _("skal være et tal"));
    pop(c, mark);
    return FALSE;
  }
  *out = json_number_value(value);
  return TRUE;
}

/* A list under key with at most max elements; NULL when absent or after a
 * problem. */
static json_t *
read_list(Check *c, const json_t *obj, const char *key, gboolean required, gboolean non_empty,
          size_t max)
{
  json_t *value = member(c, obj, key, required);
  if (value == NULL)
    return NULL;
  gsize mark = push_key(c, key);
  json_t *list = NULL;
  if (!json_is_array(value))
    problem(c, _("skal være en liste"));
  else if (non_empty && json_array_size(value) == 0)
    problem(c, _("må ikke være en tom liste"));
  else if (json_array_size(value) > max)
    problem(c, _("har for mange elementer (højst %zu)"), max);
  else
    list = value;
  pop(c, mark);
  return list;
}

/* A direction field; TRUE for higher is better. */
static gboolean
read_direction(Check *c, const json_t *obj, gboolean required, gboolean fallback)
{
  json_t *value = member(c, obj, "direction", required);
  if (value == NULL)
    return fallback;
  const char *text = json_string_value(value);
  if (text != NULL && strcmp(text, "higher_is_better") == 0)
    return TRUE;
  if (text != NULL && strcmp(text, "lower_is_better") == 0)
    return FALSE;
  gsize mark = push_key(c, "direction");
  if (text == NULL)
    problem(c, _("skal være en tekst"));
  else
    problem(c, _("ukendt retning '%s' (brug higher_is_better eller lower_is_better)"), text);
  pop(c, mark);
  return fallback;
}

static void
read_reliability(Check *c, const json_t *obj, gboolean *has, double *out)
{
  double r;
  if (!read_number(c, obj, "reliability", FALSE, &r))
    return;
  if (r <= 0.0 || r >= 1.0) {
    gsize mark = push_key(c, "reliability");
    problem(c, _("skal være et tal større end 0 og mindre end 1"));
    pop(c, mark);
    return;
  }
  *has = TRUE;
  *out = r;
}

/* ---- Scales ------------------------------------------------------------------ */

/* Reads one scale value; FALSE when its value or score is unusable (the
 * scale's own checks then leave it out). */
static gboolean
read_value(Check *c, const json_t *obj, InstrumentScaleValue *out)
{
  static const char *const fields[] = {"value", "label", "score", "flagged", "excluded", "code",
                                       NULL};
  if (!json_is_object(obj)) {
    problem(c, _("skal være et JSON-objekt"));
    return FALSE;
  }
  unknown_fields(c, obj, fields);
  gboolean ok = read_int(c, obj, "value", TRUE, -MAX_VALUE, MAX_VALUE, &out->value);
  read_text(c, obj, "label", TRUE, MAX_SHORT_TEXT, &out->label);
  out->flagged = read_bool(c, obj, "flagged", FALSE);
  out->excluded = read_bool(c, obj, "excluded", FALSE);
  out->code = read_string(c, obj, "code", FALSE, MAX_ID_CHARS * 4);
  out->score = (double)out->value;
  json_t *score = json_object_get(obj, "score");
  gboolean has_score = read_number(c, obj, "score", FALSE, &out->score);
  if (score != NULL && !has_score)
    ok = FALSE;
  if (out->flagged && out->excluded)
    problem(c, _("en værdi kan ikke både være markeret (flagged) og udeladt (excluded)"));
  if (out->excluded && has_score) {
    gsize mark = push_key(c, "score");
    problem(c, _("en udeladt værdi tæller ikke og kan ikke have en score"));
    pop(c, mark);
  }
  return ok;
}

static void
read_scale(Check *c, const json_t *obj, InstrumentScale *out)
{
  static const char *const fields[] = {"id", "name", "system", "values", NULL};
  if (!json_is_object(obj)) {
    problem(c, _("skal være et JSON-objekt"));
    return;
  }
  unknown_fields(c, obj, fields);
  out->id = read_id(c, obj, "id");
  read_text(c, obj, "name", FALSE, MAX_SHORT_TEXT, &out->name);
  out->system = read_string(c, obj, "system", FALSE, MAX_SHORT_TEXT);
  json_t *values = read_list(c, obj, "values", TRUE, TRUE, MAX_VALUES);
  if (values == NULL)
    return;
  gsize mark = push_key(c, "values");
  out->n_values = (guint)json_array_size(values);
  out->values = g_new0(InstrumentScaleValue, out->n_values);
  guint regular = 0;
  gboolean all_usable = TRUE;
  g_autofree gboolean *usable = g_new0(gboolean, out->n_values);
  for (guint i = 0; i < out->n_values; i++) {
    gsize m = push_index(c, i);
    InstrumentScaleValue *v = &out->values[i];
    usable[i] = read_value(c, json_array_get(values, i), v);
    all_usable = all_usable && usable[i];
    for (guint k = 0; usable[i] && k < i; k++) {
      if (usable[k] && out->values[k].value == v->value) {
        problem(c, _("værdien %lld findes to gange i skalaen"), (long long)v->value);
        break;
      }
    }
    pop(c, m);
    if (!usable[i] || v->flagged || v->excluded)
      continue;
    if (regular == 0 || v->score < out->score_min)
      out->score_min = v->score;
    if (regular == 0 || v->score > out->score_max)
      out->score_max = v->score;
    if (regular == 0 || v->value < out->value_min)
      out->value_min = v->value;
    if (regular == 0 || v->value > out->value_max)
      out->value_max = v->value;
    regular++;
  }
  /* With a value already reported as unusable, the range of the rest
   * would mislead: the checks below need every value. */
  if (!all_usable) {
    pop(c, mark);
    return;
  }
  if (regular < 2)
    problem(c, _("skalaen skal have mindst to almindelige værdier (hverken markerede eller "
                 "udeladte)"));
  else if (out->score_min == out->score_max)
    problem(c, _("de almindelige værdiers score må ikke alle være ens"));
  else {
    for (guint i = 0; i < out->n_values; i++) {
      const InstrumentScaleValue *v = &out->values[i];
      if (v->flagged && (v->score < out->score_min || v->score > out->score_max)) {
        gsize m = push_index(c, i);
        problem(c, _("en markeret værdis score (%g) skal ligge mellem de almindelige værdiers "
                     "(%g til %g)"),
                v->score, out->score_min, out->score_max);
        pop(c, m);
      }
    }
  }
  pop(c, mark);
}

/* ---- Scoring (subscales and the total) ---------------------------------------- */

static gboolean
parse_method(const char *name, ScoreMethod *out)
{
  static const char *const names[] = {"sum", "mean", "percent_of_max", "gas_t"};
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS(names); i++) {
    if (strcmp(name, names[i]) == 0) {
      *out = (ScoreMethod)i;
      return TRUE;
    }
  }
  return FALSE;
}

static void
read_cutoffs(Check *c, const json_t *obj, InstrumentScoring *out)
{
  static const char *const fields[] = {"from", "label", NULL};
  json_t *list = read_list(c, obj, "cutoffs", FALSE, FALSE, MAX_CUTOFFS);
  if (list == NULL)
    return;
  gsize mark = push_key(c, "cutoffs");
  out->n_cutoffs = (guint)json_array_size(list);
  out->cutoffs = g_new0(InstrumentCutoff, MAX(out->n_cutoffs, 1));
  for (guint i = 0; i < out->n_cutoffs; i++) {
    gsize m = push_index(c, i);
    json_t *cut = json_array_get(list, i);
    InstrumentCutoff *band = &out->cutoffs[i];
    if (!json_is_object(cut)) {
      problem(c, _("skal være et JSON-objekt"));
    } else {
      unknown_fields(c, cut, fields);
      gboolean have = read_number(c, cut, "from", TRUE, &band->from);
      read_text(c, cut, "label", TRUE, MAX_SHORT_TEXT, &band->label);
      if (have && i > 0 && json_is_number(json_object_get(json_array_get(list, i - 1), "from")) &&
          band->from <= out->cutoffs[i - 1].from) {
        gsize k = push_key(c, "from");
        problem(c, _("skal være større end grænsen før (%g)"), out->cutoffs[i - 1].from);
        pop(c, k);
      }
    }
    pop(c, m);
  }
  pop(c, mark);
}

/* The scoring fields of a subscale or the total (min_answered is checked
 * against the item count later). */
static void
read_scoring(Check *c, const json_t *obj, gboolean higher_is_better, InstrumentScoring *out)
{
  out->factor = 1.0;
  out->rho = DEFAULT_RHO;
  out->min_answered = 1;
  out->higher_is_better = higher_is_better;
  json_t *method = member(c, obj, "method", TRUE);
  if (method != NULL && !parse_method(json_string_value(method), &out->method)) {
    gsize mark = push_key(c, "method");
    if (!json_is_string(method))
      problem(c, _("skal være en tekst"));
    else
      problem(c, _("ukendt metode '%s' (brug sum, mean, percent_of_max eller gas_t)"),
              json_string_value(method));
    pop(c, mark);
  }
  gint64 min_answered;
  if (read_int(c, obj, "min_answered", FALSE, 1, MAX_ITEMS, &min_answered))
    out->min_answered = (guint)min_answered;
  if (read_number(c, obj, "factor", FALSE, &out->factor)) {
    gsize mark = push_key(c, "factor");
    if (out->method != SCORE_METHOD_SUM && out->method != SCORE_METHOD_MEAN)
      problem(c, _("bruges kun med metoderne sum og mean"));
    else if (out->factor <= 0.0 || out->factor > MAX_FACTOR)
      problem(c, _("skal være større end 0 og højst 1000000"));
    pop(c, mark);
  }
  if (read_number(c, obj, "rho", FALSE, &out->rho)) {
    gsize mark = push_key(c, "rho");
    if (out->method != SCORE_METHOD_GAS_T)
      problem(c, _("bruges kun med metoden gas_t"));
    else if (out->rho < 0.0 || out->rho >= 1.0)
      problem(c, _("skal være mindst 0 og mindre end 1"));
    pop(c, mark);
  }
  read_cutoffs(c, obj, out);
}

static void
read_subscale(Check *c, const json_t *obj, gboolean higher_is_better, InstrumentSubscale *out)
{
  static const char *const fields[] = {"id", "name", "description", "help", "method",
                                       "min_answered", "factor", "rho", "cutoffs", "direction",
                                       "reliability", NULL};
  if (!json_is_object(obj)) {
    problem(c, _("skal være et JSON-objekt"));
    return;
  }
  unknown_fields(c, obj, fields);
  out->id = read_id(c, obj, "id");
  read_text(c, obj, "name", TRUE, MAX_SHORT_TEXT, &out->name);
  read_text(c, obj, "description", FALSE, MAX_LONG_TEXT, &out->description);
  read_text(c, obj, "help", FALSE, MAX_LONG_TEXT, &out->help);
  read_scoring(c, obj, read_direction(c, obj, FALSE, higher_is_better), &out->scoring);
  read_reliability(c, obj, &out->scoring.has_reliability, &out->scoring.reliability);
}

/* ---- Items ------------------------------------------------------------------- */

static int
find_scale(const InstrumentDef *def, const char *id)
{
  for (guint i = 0; i < def->n_scales; i++)
    if (def->scales[i].id != NULL && strcmp(def->scales[i].id, id) == 0)
      return (int)i;
  return -1;
}

static int
find_subscale(const InstrumentDef *def, const char *id)
{
  for (guint i = 0; i < def->n_subscales; i++)
    if (def->subscales[i].id != NULL && strcmp(def->subscales[i].id, id) == 0)
      return (int)i;
  return -1;
}

static gboolean
scale_has_value(const InstrumentScale *scale, gint64 value)
{
  for (guint i = 0; i < scale->n_values; i++)
    if (scale->values[i].value == value)
      return TRUE;
  return FALSE;
}

static void
read_levels(Check *c, const json_t *obj, const InstrumentScale *scale, InstrumentItem *out)
{
  static const char *const fields[] = {"value", "label", NULL};
  json_t *list = read_list(c, obj, "levels", FALSE, FALSE, MAX_VALUES);
  if (list == NULL)
    return;
  gsize mark = push_key(c, "levels");
  out->n_levels = (guint)json_array_size(list);
  out->levels = g_new0(InstrumentLevel, MAX(out->n_levels, 1));
  for (guint i = 0; i < out->n_levels; i++) {
    gsize m = push_index(c, i);
    json_t *level = json_array_get(list, i);
    if (!json_is_object(level)) {
      problem(c, _("skal være et JSON-objekt"));
    } else {
      unknown_fields(c, level, fields);
      gboolean have = read_int(c, level, "value", TRUE, -MAX_VALUE, MAX_VALUE,
                               &out->levels[i].value);
      read_text(c, level, "label", TRUE, MAX_LONG_TEXT, &out->levels[i].label);
      if (have && scale != NULL && !scale_has_value(scale, out->levels[i].value)) {
        gsize k = push_key(c, "value");
        problem(c, _("værdien %lld findes ikke på skalaen '%s'"),
                (long long)out->levels[i].value, scale->id);
        pop(c, k);
      }
      for (guint k = 0; have && k < i; k++) {
        if (json_is_integer(json_object_get(json_array_get(list, k), "value")) &&
            out->levels[k].value == out->levels[i].value) {
          problem(c, _("værdien %lld har allerede en tekst"),
                  (long long)out->levels[i].value);
          break;
        }
      }
    }
    pop(c, m);
  }
  pop(c, mark);
}

static void
read_item(Check *c, const json_t *obj, InstrumentDef *def, InstrumentItem *out)
{
  static const char *const fields[] = {"id", "text", "help", "scale", "reverse", "subscale",
                                       "weight", "levels", NULL};
  out->subscale = -1;
  out->weight = 1.0;
  if (!json_is_object(obj)) {
    problem(c, _("skal være et JSON-objekt"));
    return;
  }
  unknown_fields(c, obj, fields);
  out->id = read_id(c, obj, "id");
  read_text(c, obj, "text", TRUE, MAX_LONG_TEXT, &out->text);
  read_text(c, obj, "help", FALSE, MAX_LONG_TEXT, &out->help);
  out->reverse = read_bool(c, obj, "reverse", FALSE);

  const InstrumentScale *scale = NULL;
  json_t *scale_id = json_object_get(obj, "scale");
  gsize mark = push_key(c, "scale");
  if (scale_id == NULL) {
    if (def->n_scales == 1)
      scale = &def->scales[0];
    else if (def->n_scales > 1)
      problem(c, _("mangler (definitionen har flere skalaer)"));
  } else if (!json_is_string(scale_id)) {
    problem(c, _("skal være en tekst"));
  } else {
    int index = find_scale(def, json_string_value(scale_id));
    if (index < 0)
      problem(c, _("ukendt skala '%s'"), json_string_value(scale_id));
    else
      scale = &def->scales[index];
  }
  pop(c, mark);
  if (scale != NULL)
    out->scale = (guint)(scale - def->scales);

  json_t *subscale_id = json_object_get(obj, "subscale");
  if (subscale_id != NULL) {
    mark = push_key(c, "subscale");
    if (!json_is_string(subscale_id)) {
      problem(c, _("skal være en tekst"));
    } else {
      out->subscale = find_subscale(def, json_string_value(subscale_id));
      if (out->subscale < 0)
        problem(c, _("ukendt delskala '%s'"), json_string_value(subscale_id));
      else
        def->subscales[out->subscale].n_items++;
    }
    pop(c, mark);
  }
  if (read_number(c, obj, "weight", FALSE, &out->weight) &&
      (out->weight <= 0.0 || out->weight > MAX_WEIGHT)) {
    mark = push_key(c, "weight");
    problem(c, _("skal være større end 0 og højst 1000"));
    pop(c, mark);
  }
  read_levels(c, obj, scale, out);
}

/* Reports ids used twice in a list of n elements whose id is at stride. */
static void
unique_ids(Check *c, const char *list_key, const char *const *ids, guint n)
{
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++) {
    if (ids[i] == NULL)
      continue;
    if (!g_hash_table_add(seen, (gpointer)ids[i])) {
      gsize mark = push_key(c, list_key);
      push_index(c, i);
      push_key(c, "id");
      problem(c, _("id'et '%s' findes to gange"), ids[i]);
      pop(c, mark);
    }
  }
}

static void
check_min_answered(Check *c, const InstrumentScoring *scoring, guint n_items)
{
  if (scoring->min_answered > n_items) {
    gsize mark = push_key(c, "min_answered");
    problem(c, _("skal ligge mellem 1 og %u (antallet af spørgsmål)"), n_items);
    pop(c, mark);
  }
}

/* ---- The definition ----------------------------------------------------------- */

static void
text_clear(InstrumentText *text)
{
  g_free(text->da);
  g_free(text->en);
}

static void
scoring_clear(InstrumentScoring *scoring)
{
  for (guint i = 0; i < scoring->n_cutoffs; i++)
    text_clear(&scoring->cutoffs[i].label);
  g_free(scoring->cutoffs);
}

void
instrument_def_free(InstrumentDef *def)
{
  if (def == NULL)
    return;
  g_free(def->id);
  text_clear(&def->name);
  text_clear(&def->description);
  text_clear(&def->notes);
  text_clear(&def->source);
  for (guint i = 0; i < def->n_scales; i++) {
    InstrumentScale *s = &def->scales[i];
    g_free(s->id);
    g_free(s->system);
    text_clear(&s->name);
    for (guint k = 0; k < s->n_values; k++) {
      text_clear(&s->values[k].label);
      g_free(s->values[k].code);
    }
    g_free(s->values);
  }
  g_free(def->scales);
  for (guint i = 0; i < def->n_items; i++) {
    InstrumentItem *item = &def->items[i];
    g_free(item->id);
    text_clear(&item->text);
    text_clear(&item->help);
    for (guint k = 0; k < item->n_levels; k++)
      text_clear(&item->levels[k].label);
    g_free(item->levels);
  }
  g_free(def->items);
  for (guint i = 0; i < def->n_subscales; i++) {
    InstrumentSubscale *s = &def->subscales[i];
    g_free(s->id);
    text_clear(&s->name);
    text_clear(&s->description);
    text_clear(&s->help);
    scoring_clear(&s->scoring);
  }
  g_free(def->subscales);
  scoring_clear(&def->total);
  if (def->json != NULL)
    json_decref(def->json);
  g_free(def);
}

static const char *const respondent_names[] = {"citizen", "staff", "relative", "authority", NULL};

static void
read_respondents(Check *c, const json_t *root, InstrumentDef *def)
{
  json_t *list = read_list(c, root, "respondents", TRUE, TRUE, 16);
  if (list == NULL)
    return;
  gsize mark = push_key(c, "respondents");
  for (guint i = 0; i < json_array_size(list); i++) {
    gsize m = push_index(c, i);
    const char *name = json_string_value(json_array_get(list, i));
    guint bit = 0;
    for (guint k = 0; name != NULL && respondent_names[k] != NULL; k++)
      if (strcmp(name, respondent_names[k]) == 0)
        bit = 1u << k;
    if (name == NULL)
      problem(c, _("skal være en tekst"));
    else if (bit == 0)
      problem(c, _("ukendt besvarer '%s' (brug citizen, staff, relative eller authority)"), name);
    else if (def->respondents & bit)
      problem(c, _("'%s' står der to gange"), name);
    def->respondents |= bit;
    pop(c, m);
  }
  pop(c, mark);
}

static void
read_kind(Check *c, const json_t *root, InstrumentDef *def)
{
  static const char *const kinds[] = {"questionnaire", "goal_based", "practice_assessment"};
  json_t *kind = member(c, root, "kind", TRUE);
  if (kind == NULL)
    return;
  const char *name = json_string_value(kind);
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS(kinds); i++) {
    if (strcmp(name, kinds[i]) == 0) {
      def->kind = (InstrumentKind)i;
      return;
    }
  }
  gsize mark = push_key(c, "kind");
  if (name == NULL)
    problem(c, _("skal være en tekst"));
  else
    problem(c, _("ukendt art '%s' (brug questionnaire, goal_based eller practice_assessment)"),
            name);
  pop(c, mark);
}

static void
read_definition(Check *c, const json_t *root, InstrumentDef *def)
{
  static const char *const fields[] = {"id", "version", "name", "description", "notes",
                                       "source", "kind", "respondents", "direction",
                                       "reliability", "scales", "items", "subscales", "total",
                                       NULL};
  unknown_fields(c, root, fields);
  def->id = read_id(c, root, "id");
  read_int(c, root, "version", TRUE, 1, G_MAXINT32, &def->version);
  read_text(c, root, "name", TRUE, MAX_SHORT_TEXT, &def->name);
  read_text(c, root, "description", FALSE, MAX_LONG_TEXT, &def->description);
  read_text(c, root, "notes", FALSE, MAX_LONG_TEXT, &def->notes);
  read_text(c, root, "source", FALSE, MAX_LONG_TEXT, &def->source);
  read_kind(c, root, def);
  read_respondents(c, root, def);
  def->higher_is_better = read_direction(c, root, TRUE, TRUE);
  read_reliability(c, root, &def->has_reliability, &def->reliability);

  json_t *scales = read_list(c, root, "scales", TRUE, TRUE, MAX_SCALES);
  if (scales != NULL) {
    gsize mark = push_key(c, "scales");
    def->n_scales = (guint)json_array_size(scales);
    def->scales = g_new0(InstrumentScale, def->n_scales);
    for (guint i = 0; i < def->n_scales; i++) {
      gsize m = push_index(c, i);
      read_scale(c, json_array_get(scales, i), &def->scales[i]);
      pop(c, m);
    }
    pop(c, mark);
    g_autofree const char **ids = g_new0(const char *, def->n_scales);
    for (guint i = 0; i < def->n_scales; i++)
      ids[i] = def->scales[i].id;
    unique_ids(c, "scales", ids, def->n_scales);
  }

  json_t *subscales = read_list(c, root, "subscales", FALSE, FALSE, MAX_SUBSCALES);
  if (subscales != NULL) {
    gsize mark = push_key(c, "subscales");
    def->n_subscales = (guint)json_array_size(subscales);
    def->subscales = g_new0(InstrumentSubscale, MAX(def->n_subscales, 1));
    for (guint i = 0; i < def->n_subscales; i++) {
      gsize m = push_index(c, i);
      read_subscale(c, json_array_get(subscales, i), def->higher_is_better, &def->subscales[i]);
      pop(c, m);
    }
    pop(c, mark);
    g_autofree const char **ids = g_new0(const char *, MAX(def->n_subscales, 1));
    for (guint i = 0; i < def->n_subscales; i++)
      ids[i] = def->subscales[i].id;
    unique_ids(c, "subscales", ids, def->n_subscales);
  }

  json_t *items = read_list(c, root, "items", TRUE, TRUE, MAX_ITEMS);
  if (items != NULL) {
    gsize mark = push_key(c, "items");
    def->n_items = (guint)json_array_size(items);
    def->items = g_new0(InstrumentItem, def->n_items);
    for (guint i = 0; i < def->n_items; i++) {
      gsize m = push_index(c, i);
      read_item(c, json_array_get(items, i), def, &def->items[i]);
      pop(c, m);
    }
    pop(c, mark);
    g_autofree const char **ids = g_new0(const char *, def->n_items);
    for (guint i = 0; i < def->n_items; i++)
      ids[i] = def->items[i].id;
    unique_ids(c, "items", ids, def->n_items);
  }

  for (guint i = 0; items != NULL && i < def->n_subscales; i++) {
    gsize mark = push_key(c, "subscales");
    push_index(c, i);
    if (def->subscales[i].n_items == 0)
      problem(c, _("ingen spørgsmål hører til delskalaen"));
    else
      check_min_answered(c, &def->subscales[i].scoring, def->subscales[i].n_items);
    pop(c, mark);
  }

  json_t *total = json_object_get(root, "total");
  if (total != NULL) {
    static const char *const total_fields[] = {"method", "min_answered", "factor", "rho",
                                               "cutoffs", NULL};
    gsize mark = push_key(c, "total");
    if (!json_is_object(total)) {
      problem(c, _("skal være et JSON-objekt"));
    } else {
      unknown_fields(c, total, total_fields);
      def->has_total = TRUE;
      read_scoring(c, total, def->higher_is_better, &def->total);
      def->total.has_reliability = def->has_reliability;
      def->total.reliability = def->reliability;
      if (items != NULL)
        check_min_answered(c, &def->total, def->n_items);
    }
    pop(c, mark);
  }
}

InstrumentDef *
instrument_def_from_json(json_t *json, GPtrArray *problems)
{
  Check c = {.problems = problems, .path = g_string_new(NULL)};
  InstrumentDef *def = g_new0(InstrumentDef, 1);
  if (!json_is_object(json))
    problem(&c, _("definitionen skal være et JSON-objekt"));
  else
    read_definition(&c, json, def);
  if (c.found > INSTRUMENT_MAX_PROBLEMS)
    instrument_problem_add(problems, "", _("%u problemer mere er ikke vist"),
                           c.found - INSTRUMENT_MAX_PROBLEMS);
  g_string_free(c.path, TRUE);
  if (c.found > 0) {
    instrument_def_free(def);
    return NULL;
  }
  def->json = json_incref(json);
  return def;
}

json_t *
instrument_json_parse(const char *text, gsize len, GPtrArray *problems)
{
  if (len == 0) {
    instrument_problem_add(problems, "", _("filen er tom"));
    return NULL;
  }
  if (len > INSTRUMENT_MAX_BYTES) {
    instrument_problem_add(problems, "", _("filen er for stor (højst %u MiB)"),
                           INSTRUMENT_MAX_BYTES >> 20);
    return NULL;
  }
  json_error_t jerr;
  json_t *json = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (json == NULL) {
    g_autofree char *where = g_strdup_printf(_("linje %d, kolonne %d"), jerr.line, jerr.column);
    instrument_problem_add(problems, where, _("ugyldig JSON: %s"), jerr.text);
  }
  return json;
}

InstrumentDef *
instrument_def_parse(const char *text, gsize len, GPtrArray *problems)
{
  json_t *json = instrument_json_parse(text, len, problems);
  if (json == NULL)
    return NULL;
  InstrumentDef *def = instrument_def_from_json(json, problems);
  json_decref(json);
  return def;
}

/* ---- Using a definition -------------------------------------------------------- */

const char *
instrument_text(const InstrumentText *text, SporLang lang)
{
  if (lang == SPOR_LANG_EN && text->en != NULL)
    return text->en;
  return text->da;
}

int
instrument_def_item_index(const InstrumentDef *def, const char *item_id)
{
  for (guint i = 0; item_id != NULL && i < def->n_items; i++)
    if (strcmp(def->items[i].id, item_id) == 0)
      return (int)i;
  return -1;
}

const InstrumentScaleValue *
instrument_def_value(const InstrumentDef *def, guint item, gint64 value)
{
  if (item >= def->n_items)
    return NULL;
  const InstrumentScale *scale = &def->scales[def->items[item].scale];
  for (guint i = 0; i < scale->n_values; i++)
    if (scale->values[i].value == value)
      return &scale->values[i];
  return NULL;
}

const InstrumentText *
instrument_def_label(const InstrumentDef *def, guint item, gint64 value)
{
  if (item >= def->n_items)
    return NULL;
  const InstrumentItem *it = &def->items[item];
  for (guint i = 0; i < it->n_levels; i++)
    if (it->levels[i].value == value)
      return &it->levels[i].label;
  const InstrumentScaleValue *v = instrument_def_value(def, item, value);
  return v ? &v->label : NULL;
}

const char *
instrument_kind_name(InstrumentKind kind)
{
  switch (kind) {
  case INSTRUMENT_KIND_QUESTIONNAIRE: return "questionnaire";
  case INSTRUMENT_KIND_GOAL_BASED: return "goal_based";
  case INSTRUMENT_KIND_PRACTICE_ASSESSMENT: return "practice_assessment";
  default: return "questionnaire";
  }
}

const char *
score_method_name(ScoreMethod method)
{
  switch (method) {
  case SCORE_METHOD_SUM: return "sum";
  case SCORE_METHOD_MEAN: return "mean";
  case SCORE_METHOD_PERCENT_OF_MAX: return "percent_of_max";
  case SCORE_METHOD_GAS_T: return "gas_t";
  default: return "sum";
  }
}

const char *const *
instrument_respondent_names(void)
{
  return respondent_names;
}
