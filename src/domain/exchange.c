/* exchange.c — CSV import and export (exchange.h).
 *
 * Reading goes a physical line at a time into libcsv, so that every row
 * knows the line it started on: a row starts on the first non-blank line
 * fed while no row is open, and libcsv ends rows only at a line break
 * outside quotes, so one line ends at most one row. */
#include "domain/exchange.h"

#include <csv.h>
#include <math.h>
#include <sodium.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/instrument.h"
#include "domain/scoring.h"

static const char *const kind_names[] = {"citizens", "courses", "measurements"};

const char *
csv_kind_name(CsvKind kind)
{
  return (unsigned)kind < G_N_ELEMENTS(kind_names) ? kind_names[kind] : NULL;
}

gboolean
csv_kind_parse(const char *name, CsvKind *out_kind)
{
  for (guint k = 0; name != NULL && k < G_N_ELEMENTS(kind_names); k++)
    if (strcmp(name, kind_names[k]) == 0) {
      *out_kind = (CsvKind)k;
      return TRUE;
    }
  return FALSE;
}

char *
csv_problem_format(const CsvProblem *p)
{
  if (p->line == 0)
    return g_strdup(p->message);
  if (p->column == NULL)
    return g_strdup_printf(_("linje %u: %s"), p->line, p->message);
  return g_strdup_printf(_("linje %u, kolonne %s: %s"), p->line, p->column, p->message);
}

static void
problem_free(gpointer p)
{
  CsvProblem *problem = p;
  g_free(problem->column);
  g_free(problem->message);
  g_free(problem);
}

/* ---- The reader -------------------------------------------------------------- */

struct CsvReader {
  struct csv_parser parser;
  CsvRowFunc fn;
  void *data;
  GPtrArray *fields;   /* of the row being read */
  GString *pending;    /* the start of a line not yet complete */
  guint line;          /* the line being fed */
  guint row_line;      /* the line the open row started on */
  gboolean in_row;
  gboolean row_ended;  /* during one line: a row ended */
  gboolean first;      /* nothing fed yet */
  gboolean stopped;    /* fn said stop, or an error */
  char *error;
  guint error_line;
};

static void
field_cb(void *s, size_t len, void *data)
{
  CsvReader *r = data;
  const char *text = s ? s : "";
  gboolean bad = memchr(text, '\0', len) != NULL || !g_utf8_validate(text, (gssize)len, NULL);
  g_ptr_array_add(r->fields, bad ? NULL : g_strndup(text, len));
}

static void
row_cb(int c, void *data)
{
  CsvReader *r = data;
  (void)c;
  r->row_ended = TRUE;
  r->in_row = FALSE;
  if (!r->stopped && !r->fn(r->row_line, r->fields, r->data))
    r->stopped = TRUE;
  g_ptr_array_set_size(r->fields, 0);
}

CsvReader *
csv_reader_new(CsvRowFunc fn, void *data)
{
  CsvReader *r = g_new0(CsvReader, 1);
  csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI);
  r->fn = fn;
  r->data = data;
  r->fields = g_ptr_array_new_with_free_func(g_free);
  r->pending = g_string_new(NULL);
  r->first = TRUE;
  return r;
}

void
csv_reader_free(CsvReader *r)
{
  if (r == NULL)
    return;
  csv_free(&r->parser);
  g_ptr_array_unref(r->fields);
  g_string_free(r->pending, TRUE);
  g_free(r->error);
  g_free(r);
}

static gboolean
blank(const char *text, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n')
      return FALSE;
  return TRUE;
}

static void
fail(CsvReader *r, guint line, const char *message)
{
  if (r->error == NULL) {
    r->error = g_strdup(message);
    r->error_line = line;
  }
  r->stopped = TRUE;
}

/* The separator of the header line: ';' when it has more of them. */
static void
choose_delimiter(CsvReader *r, const char *text, gsize len)
{
  gsize commas = 0, semicolons = 0;
  gboolean quoted = FALSE;
  for (gsize i = 0; i < len; i++) {
    if (text[i] == '"')
      quoted = !quoted;
    else if (!quoted && text[i] == ',')
      commas++;
    else if (!quoted && text[i] == ';')
      semicolons++;
  }
  csv_set_delim(&r->parser, semicolons > commas ? ';' : ',');
}

static gboolean
feed_line(CsvReader *r, const char *text, gsize len)
{
  r->line++;
  if (r->first) {
    r->first = FALSE;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
      text += 3;
      len -= 3;
    }
    choose_delimiter(r, text, len);
  }
  if (!r->in_row)
    r->row_line = r->line;
  r->row_ended = FALSE;
  if (csv_parse(&r->parser, text, len, field_cb, row_cb, r) != len) {
    fail(r, r->row_line, _("ugyldig CSV: et anførselstegn står forkert"));
    return FALSE;
  }
  if (!r->row_ended && !blank(text, len))
    r->in_row = TRUE;
  return !r->stopped;
}

gboolean
csv_reader_feed(CsvReader *r, const char *bytes, gsize len)
{
  if (r->stopped)
    return FALSE;
  gsize start = 0;
  for (gsize i = 0; i < len; i++) {
    if (bytes[i] != '\n')
      continue;
    if (r->pending->len > 0) {
      g_string_append_len(r->pending, bytes + start, (gssize)(i + 1 - start));
      gboolean ok = feed_line(r, r->pending->str, r->pending->len);
      g_string_truncate(r->pending, 0);
      if (!ok)
        return FALSE;
    } else if (!feed_line(r, bytes + start, i + 1 - start)) {
      return FALSE;
    }
    start = i + 1;
  }
  g_string_append_len(r->pending, bytes + start, (gssize)(len - start));
  return TRUE;
}

gboolean
csv_reader_finish(CsvReader *r)
{
  if (r->stopped)
    return FALSE;
  if (r->pending->len > 0) {
    gboolean ok = feed_line(r, r->pending->str, r->pending->len);
    g_string_truncate(r->pending, 0);
    if (!ok)
      return FALSE;
  }
  if (csv_fini(&r->parser, field_cb, row_cb, r) != 0) {
    fail(r, r->row_line, _("ugyldig CSV: et felt i anførselstegn slutter aldrig"));
    return FALSE;
  }
  return !r->stopped;
}

const char *
csv_reader_error(const CsvReader *r, guint *out_line)
{
  if (out_line != NULL)
    *out_line = r->error_line;
  return r->error;
}

/* ---- The columns of each kind ----------------------------------------------------- */

typedef enum { COL_TEXT, COL_DATE, COL_ID, COL_CHOICE, COL_INFO } ColType;

typedef struct Column {
  const char *name;
  ColType type;
  gboolean required;
  gint64 max;                 /* text: characters */
  const char *const *choices; /* NULL-terminated */
} Column;

#define CHOICES(...) ((const char *const[]){__VA_ARGS__, NULL})

static const Column citizen_columns[] = {
  {"citizen_ref", COL_TEXT, TRUE, 100, NULL},
  {"unit_id", COL_ID, TRUE, 0, NULL},
  {"first_name", COL_TEXT, TRUE, 100, NULL},
  {"last_name", COL_TEXT, TRUE, 100, NULL},
  {"birth_date", COL_DATE, FALSE, 0, NULL},
  {"gender", COL_CHOICE, FALSE, 0, CHOICES("female", "male", "other", "kvinde", "mand", "andet")},
  {"referral_basis", COL_TEXT, FALSE, 500, NULL},
  {"diagnoses", COL_TEXT, FALSE, 500, NULL},
  {"education", COL_TEXT, FALSE, 500, NULL},
  {"occupation", COL_TEXT, FALSE, 500, NULL},
  {"housing", COL_TEXT, FALSE, 500, NULL},
  {"intervention_goals", COL_TEXT, FALSE, 2000, NULL},
  {"medical_treatment", COL_TEXT, FALSE, 500, NULL},
  {"criminal_record", COL_TEXT, FALSE, 500, NULL},
  {"mother_tongue", COL_TEXT, FALSE, 100, NULL},
  {"ethnic_background", COL_TEXT, FALSE, 100, NULL},
  {"family_situation", COL_TEXT, FALSE, 500, NULL},
  {"cohabitation", COL_TEXT, FALSE, 500, NULL},
  {"unit_name", COL_INFO, FALSE, 0, NULL},
  {"offer_name", COL_INFO, FALSE, 0, NULL},
  {NULL, 0, FALSE, 0, NULL},
};

static const Column course_columns[] = {
  {"citizen_ref", COL_TEXT, TRUE, 100, NULL},
  {"intervention_id", COL_ID, TRUE, 0, NULL},
  {"started_on", COL_DATE, TRUE, 0, NULL},
  {"ended_on", COL_DATE, FALSE, 0, NULL},
  {"end_reason", COL_TEXT, FALSE, 500, NULL},
  {"discharged_to", COL_TEXT, FALSE, 500, NULL},
  {"success_assessment", COL_TEXT, FALSE, 2000, NULL},
  {"intervention_name", COL_INFO, FALSE, 0, NULL},
  {"phase_name", COL_INFO, FALSE, 0, NULL},
  {NULL, 0, FALSE, 0, NULL},
};

static const Column measurement_columns[] = {
  {"citizen_ref", COL_TEXT, TRUE, 100, NULL},
  {"instrument", COL_TEXT, TRUE, 64, NULL},
  {"measured_on", COL_DATE, TRUE, 0, NULL},
  {"point", COL_CHOICE, TRUE, 0, CHOICES("start", "follow_up", "end", "after_end", "ad_hoc")},
  {"respondent", COL_CHOICE, FALSE, 0, CHOICES("staff", "citizen", "relative", "authority")},
  {"collection_method", COL_CHOICE, FALSE, 0,
   CHOICES("self_report", "simple_interview", "dialogue_interview", "observation",
           "observation_conversation")},
  {"status", COL_CHOICE, FALSE, 0, CHOICES("approved", "draft")},
  {"comment", COL_TEXT, FALSE, 0, NULL},
  {"instrument_version", COL_INFO, FALSE, 0, NULL},
  {"score", COL_INFO, FALSE, 0, NULL},
  {NULL, 0, FALSE, 0, NULL},
};

static const Column *
columns_of(CsvKind kind)
{
  switch (kind) {
  case CSV_CITIZENS: return citizen_columns;
  case CSV_COURSES: return course_columns;
  case CSV_MEASUREMENTS:
  default: return measurement_columns;
  }
}

#define ITEM_PREFIX "item:"
#define MAX_COMMENT 2000

/* ---- Importing ---------------------------------------------------------------------- */

struct CsvImport {
  CsvKind kind;
  StoreDb *db;
  gint64 actor;
  char *address;
  CsvReader *reader;
  GError *error;            /* a store failure: the import stops */
  gboolean header_read;
  gboolean header_bad;
  GPtrArray *header;        /* column names (owned) */
  const Column **column_of; /* per header position: its Column, or NULL for item columns */
  guint rows;
  guint written;
  GPtrArray *problems;
  guint n_problems;
  GHashTable *refs;         /* citizen refs of this file (citizens) */
  GHashTable *versions;     /* instrument key → InstrumentVersion (or NULL: none) */
  GArray *audit;            /* StoreAuditEntry: lines waiting to be written */
};

/* Lines of the audit log wait and are written together, in the import's
 * transaction: a few round trips for many rows on PostgreSQL. */
#define AUDIT_BATCH 500

static void
problem(CsvImport *imp, guint line, const char *column, const char *message)
{
  imp->n_problems++;
  if (imp->problems->len >= CSV_MAX_PROBLEMS)
    return;
  CsvProblem *p = g_new0(CsvProblem, 1);
  p->line = line;
  p->column = g_strdup(column);
  p->message = g_strdup(message);
  g_ptr_array_add(imp->problems, p);
}

static void G_GNUC_PRINTF(4, 5)
problemf(CsvImport *imp, guint line, const char *column, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_autofree char *message = g_strdup_vprintf(format, args);
  va_end(args);
  problem(imp, line, column, message);
}

static void
version_free(gpointer p)
{
  instrument_version_free(p);
}

static gboolean read_row(guint line, const GPtrArray *fields, void *data);

CsvImport *
csv_import_new(CsvKind kind, StoreDb *db, gint64 actor_user_id, const char *address)
{
  CsvImport *imp = g_new0(CsvImport, 1);
  imp->kind = kind;
  imp->db = db;
  imp->actor = actor_user_id;
  imp->address = g_strdup(address);
  imp->reader = csv_reader_new(read_row, imp);
  imp->header = g_ptr_array_new_with_free_func(g_free);
  imp->problems = g_ptr_array_new_with_free_func(problem_free);
  imp->refs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  imp->versions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, version_free);
  imp->audit = g_array_new(FALSE, FALSE, sizeof(StoreAuditEntry));
  return imp;
}

void
csv_import_free(CsvImport *imp)
{
  if (imp == NULL)
    return;
  csv_reader_free(imp->reader);
  g_ptr_array_unref(imp->header);
  g_free(imp->column_of);
  g_ptr_array_unref(imp->problems);
  g_hash_table_destroy(imp->refs);
  g_hash_table_destroy(imp->versions);
  g_array_unref(imp->audit);
  g_free(imp->address);
  g_clear_error(&imp->error);
  g_free(imp);
}

/* Reads the header: every column known (or an item column), none twice,
 * every required one there. */
static void
read_header(CsvImport *imp, guint line, const GPtrArray *fields)
{
  const Column *columns = columns_of(imp->kind);
  imp->column_of = g_new0(const Column *, MAX(fields->len, 1));
  for (guint i = 0; i < fields->len; i++) {
    const char *raw = g_ptr_array_index(fields, i);
    g_autofree char *name = raw ? g_strstrip(g_strdup(raw)) : g_strdup("");
    g_ptr_array_add(imp->header, g_strdup(name));
    if (raw == NULL || *name == '\0') {
      problemf(imp, line, NULL, _("kolonne %u har intet navn"), i + 1);
      imp->header_bad = TRUE;
      continue;
    }
    for (guint k = 0; k < i; k++)
      if (strcmp(g_ptr_array_index(imp->header, k), name) == 0) {
        problem(imp, line, name, _("kolonnen står to gange"));
        imp->header_bad = TRUE;
      }
    if (imp->kind == CSV_MEASUREMENTS && g_str_has_prefix(name, ITEM_PREFIX) &&
        name[strlen(ITEM_PREFIX)] != '\0')
      continue;
    for (const Column *c = columns; c->name != NULL; c++)
      if (strcmp(c->name, name) == 0)
        imp->column_of[i] = c;
    if (imp->column_of[i] == NULL) {
      problem(imp, line, name, _("ukendt kolonne"));
      imp->header_bad = TRUE;
    }
  }
  for (const Column *c = columns; c->name != NULL; c++) {
    if (!c->required)
      continue;
    gboolean found = FALSE;
    for (guint i = 0; i < imp->header->len; i++)
      found |= imp->column_of[i] == c;
    if (!found) {
      problem(imp, line, c->name, _("kolonnen mangler"));
      imp->header_bad = TRUE;
    }
  }
}

/* One row's values by column name, checked field by field. */
typedef struct Row {
  guint line;
  GHashTable *values;  /* column name → checked value (trimmed text, ISO date, choice) */
  gboolean bad;
} Row;

static const char *
value(const Row *row, const char *name)
{
  return g_hash_table_lookup(row->values, name);
}

static gboolean
has_control(const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7f)
      return TRUE;
  }
  return FALSE;
}

/* Checks one field against its column; the checked value goes into row. */
static void
check_field(CsvImport *imp, Row *row, const Column *c, const char *name, const char *raw)
{
  if (raw == NULL) {
    problem(imp, row->line, name, _("feltet er ikke gyldig tekst (UTF-8)"));
    row->bad = TRUE;
    return;
  }
  g_autofree char *text = g_strstrip(g_strdup(raw));
  if (*text == '\0') {
    if (c != NULL && c->required) {
      problem(imp, row->line, name, _("skal udfyldes"));
      row->bad = TRUE;
    }
    return;
  }
  if (has_control(text)) {
    problem(imp, row->line, name, _("indeholder ugyldige tegn"));
    row->bad = TRUE;
    return;
  }
  if (c == NULL) {
    /* An item column: a whole number; the instrument says the rest. */
    char *end = NULL;
    gint64 v = g_ascii_strtoll(text, &end, 10);
    if (end == text || *end != '\0' || v < G_MININT32 || v > G_MAXINT32) {
      problem(imp, row->line, name, _("skal være et helt tal"));
      row->bad = TRUE;
      return;
    }
    g_hash_table_replace(row->values, g_strdup(name), g_steal_pointer(&text));
    return;
  }
  switch (c->type) {
  case COL_INFO:
    return;
  case COL_TEXT: {
    if (text[0] == '\'' && text[1] != '\0' && strchr("=+-@", text[1]) != NULL)
      memmove(text, text + 1, strlen(text)); /* the export's guard against formulas */
    gint64 max = c->max > 0 ? c->max : MAX_COMMENT;
    if (g_utf8_strlen(text, -1) > max) {
      problemf(imp, row->line, name, _("må højst være %d tegn"), (int)max);
      row->bad = TRUE;
      return;
    }
    break;
  }
  case COL_ID: {
    char *end = NULL;
    gint64 v = g_ascii_strtoll(text, &end, 10);
    if (end == text || *end != '\0' || v < 1) {
      problem(imp, row->line, name, _("skal være et id (et positivt helt tal)"));
      row->bad = TRUE;
      return;
    }
    break;
  }
  case COL_DATE: {
    char *iso = spor_date_parse_to_iso(text);
    if (iso == NULL) {
      problem(imp, row->line, name, _("skal være en dato (åååå-mm-dd eller dd-mm-åååå)"));
      row->bad = TRUE;
      return;
    }
    g_free(text);
    text = iso;
    break;
  }
  case COL_CHOICE: {
    gboolean known = FALSE;
    for (guint k = 0; c->choices[k] != NULL; k++)
      known |= strcmp(c->choices[k], text) == 0;
    if (!known) {
      g_autofree char *allowed = g_strjoinv(", ", (char **)c->choices);
      problemf(imp, row->line, name, _("skal være en af: %s"), allowed);
      row->bad = TRUE;
      return;
    }
    break;
  }
  default:
    return;
  }
  g_hash_table_replace(row->values, g_strdup(name), g_steal_pointer(&text));
}

/* Dates that cannot be: in the future, before 1900, or out of order. */
static void
check_dates(CsvImport *imp, Row *row)
{
  g_autofree char *today = spor_date_today();
  static const char *const names[] = {"birth_date", "started_on", "ended_on", "measured_on"};
  for (guint k = 0; k < G_N_ELEMENTS(names); k++) {
    const char *d = value(row, names[k]);
    if (d == NULL)
      continue;
    if (strcmp(d, today) > 0) {
      problem(imp, row->line, names[k], _("datoen ligger efter i dag"));
      row->bad = TRUE;
    } else if (strcmp(d, "1900-01-01") < 0) {
      problem(imp, row->line, names[k], _("datoen ligger før 1900"));
      row->bad = TRUE;
    }
  }
  const char *start = value(row, "started_on"), *end = value(row, "ended_on");
  if (start != NULL && end != NULL && strcmp(end, start) < 0) {
    problem(imp, row->line, "ended_on", _("slutdatoen ligger før startdatoen"));
    row->bad = TRUE;
  }
}

/* Writes the waiting audit lines. */
static gboolean
audit_flush(CsvImport *imp)
{
  if (imp->audit->len == 0)
    return TRUE;
  gboolean ok = store_audit_append_many(imp->db, (const StoreAuditEntry *)imp->audit->data,
                                        imp->audit->len, &imp->error);
  g_array_set_size(imp->audit, 0);
  return ok;
}

/* An audit line for a written row (action is a literal). */
static gboolean
audit(CsvImport *imp, gint64 citizen_id, const char *action)
{
  StoreAuditEntry entry = {imp->actor, citizen_id, action, "import", imp->address};
  g_array_append_val(imp->audit, entry);
  return imp->audit->len < AUDIT_BATCH || audit_flush(imp);
}

/* A store refusal of a row becomes a problem; any other failure stops. */
static gboolean
refused(CsvImport *imp, guint line, const char *column, const char *message)
{
  if (imp->error == NULL || imp->error->domain != STORE_ERROR ||
      (imp->error->code != STORE_ERROR_NOT_FOUND && imp->error->code != STORE_ERROR_CONFLICT))
    return FALSE;
  g_clear_error(&imp->error);
  problem(imp, line, column, message);
  return TRUE;
}

static const char *
gender_code(const char *g)
{
  if (g == NULL)
    return NULL;
  if (strcmp(g, "kvinde") == 0)
    return "female";
  if (strcmp(g, "mand") == 0)
    return "male";
  if (strcmp(g, "andet") == 0)
    return "other";
  return g;
}

static gboolean
import_citizen(CsvImport *imp, Row *row)
{
  const char *ref = value(row, "citizen_ref");
  if (ref != NULL) {
    if (g_hash_table_contains(imp->refs, ref)) {
      problem(imp, row->line, "citizen_ref", _("referencen står før i filen"));
      row->bad = TRUE;
    } else {
      g_hash_table_add(imp->refs, g_strdup(ref));
    }
  }
  if (row->bad || imp->db == NULL)
    return TRUE;
  gint64 existing = 0;
  if (store_citizen_find_ref(imp->db, imp->actor, ref, &existing, &imp->error)) {
    problem(imp, row->line, "citizen_ref", _("der findes allerede en borger med den reference"));
    return TRUE;
  }
  if (!g_error_matches(imp->error, STORE_ERROR, STORE_ERROR_NOT_FOUND))
    return FALSE;
  g_clear_error(&imp->error);
  StoreCitizenInput in = {
    .unit_id = g_ascii_strtoll(value(row, "unit_id"), NULL, 10),
    .first_name = value(row, "first_name"),
    .last_name = value(row, "last_name"),
    .birth_date = value(row, "birth_date"),
    .gender = gender_code(value(row, "gender")),
    .referral_basis = value(row, "referral_basis"),
    .diagnoses = value(row, "diagnoses"),
    .education = value(row, "education"),
    .occupation = value(row, "occupation"),
    .housing = value(row, "housing"),
    .intervention_goals = value(row, "intervention_goals"),
    .medical_treatment = value(row, "medical_treatment"),
    .criminal_record = value(row, "criminal_record"),
    .mother_tongue = value(row, "mother_tongue"),
    .ethnic_background = value(row, "ethnic_background"),
    .family_situation = value(row, "family_situation"),
    .cohabitation = value(row, "cohabitation"),
    .external_ref = g_str_has_prefix(ref, "spor-") ? NULL : ref,
  };
  gint64 id = store_citizen_create(imp->db, imp->actor, &in, &imp->error);
  if (id == 0)
    return refused(imp, row->line, "unit_id",
                   _("afdelingen findes ikke, eller du kan ikke registrere borgere i den"));
  imp->written++;
  return audit(imp, id, "citizen.create");
}

/* The citizen of a row, in the actor's care; 0 after a problem. */
static gint64
citizen_of(CsvImport *imp, Row *row, gboolean *out_failed)
{
  gint64 id = 0;
  *out_failed = FALSE;
  if (store_citizen_find_ref(imp->db, imp->actor, value(row, "citizen_ref"), &id, &imp->error))
    return id;
  if (g_error_matches(imp->error, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
    g_clear_error(&imp->error);
    problem(imp, row->line, "citizen_ref", _("ingen af dine borgere har den reference"));
  } else {
    *out_failed = TRUE;
  }
  return 0;
}

static gboolean
import_course(CsvImport *imp, Row *row)
{
  if (row->bad || imp->db == NULL)
    return TRUE;
  gboolean failed;
  gint64 citizen = citizen_of(imp, row, &failed);
  if (citizen == 0)
    return !failed;
  StoreCourseInput in = {
    .citizen_id = citizen,
    .intervention_id = g_ascii_strtoll(value(row, "intervention_id"), NULL, 10),
    .started_on = value(row, "started_on"),
    .ended_on = value(row, "ended_on"),
    .end_reason = value(row, "end_reason"),
    .discharged_to = value(row, "discharged_to"),
    .success_assessment = value(row, "success_assessment"),
  };
  gint64 id = store_course_start(imp->db, imp->actor, &in, &imp->error);
  if (id == 0)
    return refused(imp, row->line, "intervention_id",
                   _("indsatsen findes ikke i borgerens tilbud"));
  imp->written++;
  return audit(imp, citizen, "course.create");
}

/* The newest version of an instrument for citizens, cached; NULL (no
 * error) when there is none. */
static InstrumentVersion *
version_of(CsvImport *imp, const char *key)
{
  InstrumentVersion *v = NULL;
  if (g_hash_table_lookup_extended(imp->versions, key, NULL, (gpointer *)&v))
    return v;
  gint64 id = 0;
  GError *local = NULL;
  if (store_instrument_find(imp->db, key, 0, &id, &local))
    v = instrument_version_load(imp->db, id, &local);
  if (v != NULL && v->def->kind == INSTRUMENT_KIND_PRACTICE_ASSESSMENT)
    g_clear_pointer(&v, instrument_version_free);
  if (local != NULL && !g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND))
    g_propagate_error(&imp->error, local);
  else
    g_clear_error(&local);
  g_hash_table_insert(imp->versions, g_strdup(key), v);
  return v;
}

static gboolean
import_measurement(CsvImport *imp, Row *row)
{
  if (row->bad || imp->db == NULL)
    return TRUE;
  const char *key = value(row, "instrument");
  InstrumentVersion *v = version_of(imp, key);
  if (v == NULL) {
    if (imp->error != NULL)
      return FALSE;
    problem(imp, row->line, "instrument", _("instrumentet findes ikke"));
    return TRUE;
  }
  const InstrumentDef *def = v->def;
  g_autofree StoreAnswerInput *answers = g_new0(StoreAnswerInput, MAX(def->n_items, 1));
  g_autofree ScoreAnswer *scored = g_new0(ScoreAnswer, MAX(def->n_items, 1));
  guint given = 0;
  gboolean bad = FALSE;
  /* Every item column with a value names an item of this instrument. */
  for (guint i = 0; i < imp->header->len; i++) {
    const char *name = g_ptr_array_index(imp->header, i);
    const char *text = imp->column_of[i] == NULL ? value(row, name) : NULL;
    if (text == NULL)
      continue;
    int item = instrument_def_item_index(def, name + strlen(ITEM_PREFIX));
    gint64 v_value = g_ascii_strtoll(text, NULL, 10);
    if (item < 0) {
      problemf(imp, row->line, name, _("%s har intet spørgsmål med den nøgle"), key);
      bad = TRUE;
    } else if (instrument_def_value(def, (guint)item, v_value) == NULL) {
      const InstrumentScale *scale = &def->scales[def->items[item].scale];
      problemf(imp, row->line, name, _("værdien findes ikke på skalaen (%d–%d)"),
               (int)scale->value_min, (int)scale->value_max);
      bad = TRUE;
    } else {
      answers[item].has_value = TRUE;
      answers[item].value = (int)v_value;
      scored[item] = (ScoreAnswer){TRUE, v_value};
      given++;
    }
  }
  for (guint i = 0; i < def->n_items; i++)
    answers[i].item_id = v->item_ids[i];
  ScoreResult total = {0};
  scoring_score(def, scored, &total, NULL, NULL);
  if (!bad && given == 0) {
    problem(imp, row->line, NULL, _("rækken har ingen svar (kolonner item:…)"));
    bad = TRUE;
  } else if (!bad && def->has_total && !total.has_score) {
    problemf(imp, row->line, NULL, _("for få svar: mindst %u skal besvares"),
             def->total.min_answered);
    bad = TRUE;
  }
  if (bad)
    return TRUE;
  gboolean failed;
  gint64 citizen = citizen_of(imp, row, &failed);
  if (citizen == 0)
    return !failed;
  const char *point = value(row, "point");
  gint64 course = 0;
  if (!store_course_at(imp->db, citizen, value(row, "measured_on"),
                       g_strcmp0(point, "after_end") == 0, &course, &imp->error))
    return FALSE;
  const char *respondent = value(row, "respondent") ? value(row, "respondent") : "staff";
  const char *method = value(row, "collection_method");
  if (method == NULL)
    method = strcmp(respondent, "citizen") == 0 ? "self_report" : "dialogue_interview";
  StoreMeasurementInput in = {
    .citizen_id = citizen,
    .course_id = course,
    .instrument_id = v->id,
    .measured_on = value(row, "measured_on"),
    .point = point,
    .respondent = respondent,
    .collection_method = method,
    .status = value(row, "status") ? value(row, "status") : "approved",
    .comment = value(row, "comment"),
    .has_score = total.has_score,
    .score = total.score,
    .answers = answers,
    .n_answers = def->n_items,
  };
  if (store_measurement_create(imp->db, imp->actor, &in, &imp->error) == 0)
    return refused(imp, row->line, NULL, _("målingen kunne ikke registreres for borgeren"));
  imp->written++;
  return audit(imp, citizen, "measurement.create");
}

static gboolean
read_row(guint line, const GPtrArray *fields, void *data)
{
  CsvImport *imp = data;
  if (!imp->header_read) {
    imp->header_read = TRUE;
    read_header(imp, line, fields);
    /* Without the right columns the rows cannot be read. */
    return !imp->header_bad;
  }
  imp->rows++;
  if (fields->len != imp->header->len) {
    problemf(imp, line, NULL, _("rækken har %u felter, overskriften %u"), fields->len,
             imp->header->len);
    return TRUE;
  }
  Row row = {.line = line,
             .values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free)};
  for (guint i = 0; i < fields->len; i++)
    check_field(imp, &row, imp->column_of[i], g_ptr_array_index(imp->header, i),
                g_ptr_array_index(fields, i));
  check_dates(imp, &row);
  gboolean ok;
  switch (imp->kind) {
  case CSV_CITIZENS: ok = import_citizen(imp, &row); break;
  case CSV_COURSES: ok = import_course(imp, &row); break;
  case CSV_MEASUREMENTS:
  default: ok = import_measurement(imp, &row); break;
  }
  g_hash_table_destroy(row.values);
  return ok && imp->error == NULL;
}

/* After the reader stopped: a store failure, or a syntax problem. */
static gboolean
after_read(CsvImport *imp, gboolean ok, GError **error)
{
  if (imp->error != NULL) {
    g_propagate_error(error, imp->error);
    imp->error = NULL;
    return FALSE;
  }
  guint line = 0;
  const char *message = csv_reader_error(imp->reader, &line);
  if (!ok && message != NULL) {
    problem(imp, line, NULL, message);
    /* Reported once: the reader stays stopped. */
    g_free(imp->reader->error);
    imp->reader->error = NULL;
  }
  return TRUE;
}

gboolean
csv_import_feed(CsvImport *imp, const char *bytes, gsize len, GError **error)
{
  if (imp->reader->stopped)
    return after_read(imp, TRUE, error);
  return after_read(imp, csv_reader_feed(imp->reader, bytes, len), error);
}

gboolean
csv_import_finish(CsvImport *imp, GError **error)
{
  gboolean ok = imp->reader->stopped ? TRUE : csv_reader_finish(imp->reader);
  if (!after_read(imp, ok, error))
    return FALSE;
  if (imp->db != NULL && !audit_flush(imp)) {
    g_propagate_error(error, imp->error);
    imp->error = NULL;
    return FALSE;
  }
  if (!imp->header_read)
    problem(imp, 0, NULL, _("filen er tom: den skal mindst have en linje med kolonnernes navne"));
  return TRUE;
}

guint
csv_import_rows(const CsvImport *imp)
{
  return imp->rows;
}

guint
csv_import_written(const CsvImport *imp)
{
  return imp->written;
}

const GPtrArray *
csv_import_problems(const CsvImport *imp)
{
  return imp->problems;
}

guint
csv_import_problem_count(const CsvImport *imp)
{
  return imp->n_problems;
}

json_t *
csv_import_problems_json(const CsvImport *imp)
{
  json_t *out = json_array();
  for (guint i = 0; i < imp->problems->len; i++) {
    const CsvProblem *p = g_ptr_array_index(imp->problems, i);
    g_autofree char *text = csv_problem_format(p);
    json_array_append_new(out, json_pack("{s:i, s:s?, s:s, s:s}", "line", (int)p->line, "column",
                                         p->column, "message", p->message, "text", text));
  }
  return out;
}

/* ---- Exporting ----------------------------------------------------------------------- */

typedef struct Writer {
  CsvWriteFunc write;
  void *data;
  GString *line;
  gboolean stopped;
  const CsvExportOptions *options;
  GArray *citizens;
  GHashTable *seen;      /* citizen ids already in citizens */
  char **item_keys;      /* measurements: the instrument's items */
  const Column *columns;
} Writer;

/* A spreadsheet would run a cell that starts with = + - @ (or a tab or
 * carriage return) as a formula: such text is written with a ' in front
 * (which spreadsheets hide), and the import takes it off again.  Numbers,
 * negative ones too, are written as they are. */
#define FORMULA_STARTS "=+-@\t\r"

static gboolean
looks_like_formula(const char *text)
{
  if (text[0] == '\0' || strchr(FORMULA_STARTS, text[0]) == NULL)
    return FALSE;
  char *end = NULL;
  g_ascii_strtod(text, &end);
  return end == text || *end != '\0';
}

static void
put_field(Writer *w, const char *field, gboolean first)
{
  if (!first)
    g_string_append_c(w->line, ',');
  if (field == NULL)
    return;
  g_autofree char *guarded = looks_like_formula(field) ? g_strconcat("'", field, NULL) : NULL;
  const char *text = guarded != NULL ? guarded : field;
  gsize len = strlen(text);
  gboolean plain = len > 0 && strpbrk(text, ",\"\r\n;") == NULL && text[0] != ' ' &&
                   text[len - 1] != ' ';
  if (plain || len == 0) {
    g_string_append(w->line, text);
    return;
  }
  gsize room = len * 2 + 2;
  char *quoted = g_malloc(room);
  gsize n = csv_write(quoted, room, text, len);
  g_string_append_len(w->line, quoted, (gssize)n);
  g_free(quoted);
}

static void
end_line(Writer *w)
{
  g_string_append_c(w->line, '\n');
  if (!w->stopped && !w->write(w->line->str, w->line->len, w->data))
    w->stopped = TRUE;
  g_string_truncate(w->line, 0);
}

/* The citizen's reference in the export: their own with names, else a
 * keyed pseudonym that stays the same between exports. */
static char *
reference(Writer *w, const json_t *row, const char *id_key)
{
  gint64 id = json_integer_value(json_object_get(row, id_key));
  if (w->options->with_names) {
    const char *ref = json_string_value(json_object_get(row, "external_ref"));
    return ref ? g_strdup(ref) : g_strdup_printf("spor-%" G_GINT64_FORMAT, id);
  }
  g_autofree char *text = g_strdup_printf("%" G_GINT64_FORMAT, id);
  guint8 hash[16];
  crypto_generichash(hash, sizeof hash, (const guint8 *)text, strlen(text),
                     spor_secrets_pseudonym_key(w->options->secrets), SECRETS_KEY_BYTES);
  char hex[sizeof hash * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return g_strdup_printf("P%.16s", hex);
}

static void
note_citizen(Writer *w, gint64 id)
{
  if (g_hash_table_contains(w->seen, &id))
    return;
  g_hash_table_add(w->seen, g_memdup2(&id, sizeof id));
  g_array_append_val(w->citizens, id);
}

/* A JSON value as a field: strings as they are, numbers as text. */
static char *
field_text(const json_t *v)
{
  if (json_is_string(v))
    return g_strdup(json_string_value(v));
  if (json_is_integer(v))
    return g_strdup_printf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
  if (json_is_real(v)) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return g_strdup(g_ascii_formatd(buf, sizeof buf, "%.4g", json_real_value(v)));
  }
  return NULL;
}

static const char *const pseudonymised_drop[] = {"first_name", "last_name", "birth_date", NULL};

static gboolean
dropped(const Writer *w, const char *name)
{
  if (w->options->with_names)
    return FALSE;
  for (int k = 0; pseudonymised_drop[k] != NULL; k++)
    if (strcmp(pseudonymised_drop[k], name) == 0)
      return TRUE;
  return FALSE;
}

static void
write_header(Writer *w)
{
  gboolean first = TRUE;
  for (const Column *c = w->columns; c->name != NULL; c++) {
    if (dropped(w, c->name))
      continue;
    put_field(w, c->name, first);
    first = FALSE;
    if (!w->options->with_names && strcmp(c->name, "unit_id") == 0)
      put_field(w, "birth_year", FALSE);
  }
  for (int k = 0; w->item_keys != NULL && w->item_keys[k] != NULL; k++) {
    g_autofree char *name = g_strconcat(ITEM_PREFIX, w->item_keys[k], NULL);
    put_field(w, name, FALSE);
  }
  end_line(w);
}

static gboolean
export_row(const json_t *row, void *data)
{
  Writer *w = data;
  const char *id_key = w->options->kind == CSV_CITIZENS ? "id" : "citizen_id";
  note_citizen(w, json_integer_value(json_object_get(row, id_key)));
  gboolean first = TRUE;
  for (const Column *c = w->columns; c->name != NULL; c++) {
    if (dropped(w, c->name))
      continue;
    g_autofree char *text = NULL;
    if (strcmp(c->name, "citizen_ref") == 0)
      text = reference(w, row, id_key);
    else if (strcmp(c->name, "instrument") == 0)
      text = g_strdup(w->options->instrument_key);
    else
      text = field_text(json_object_get(row, c->name));
    put_field(w, text, first);
    first = FALSE;
    if (!w->options->with_names && strcmp(c->name, "unit_id") == 0) {
      const char *birth = json_string_value(json_object_get(row, "birth_date"));
      g_autofree char *year = birth && strlen(birth) >= 4 ? g_strndup(birth, 4) : NULL;
      put_field(w, year, FALSE);
    }
  }
  json_t *answers = json_object_get(row, "answers");
  for (int k = 0; w->item_keys != NULL && w->item_keys[k] != NULL; k++) {
    g_autofree char *text = field_text(json_object_get(answers, w->item_keys[k]));
    put_field(w, text, FALSE);
  }
  end_line(w);
  return !w->stopped;
}

gboolean
csv_export(StoreDb *db, const CsvExportOptions *o, CsvWriteFunc write, void *data,
           GArray **out_citizens, GError **error)
{
  if (!o->with_names && o->secrets == NULL) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED,
                        _("en eksport uden navne kræver nøglefilen (til pseudonymerne)"));
    return FALSE;
  }
  Writer w = {.write = write, .data = data, .line = g_string_new(NULL), .options = o,
              .citizens = g_array_new(FALSE, FALSE, sizeof(gint64)),
              .seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
              .columns = columns_of(o->kind)};
  gboolean ok = TRUE;
  if (o->kind == CSV_MEASUREMENTS) {
    g_autoptr(InstrumentVersion) v = NULL;
    gint64 id = 0;
    ok = store_instrument_find(db, o->instrument_key, 0, &id, error) &&
         (v = instrument_version_load(db, id, error)) != NULL;
    if (ok) {
      w.item_keys = g_new0(char *, v->def->n_items + 1);
      for (guint i = 0; i < v->def->n_items; i++)
        w.item_keys[i] = g_strdup(v->def->items[i].id);
    }
  }
  if (ok) {
    write_header(&w);
    switch (o->kind) {
    case CSV_CITIZENS:
      ok = store_export_citizens(db, o->actor_user_id, export_row, &w, error);
      break;
    case CSV_COURSES:
      ok = store_export_courses(db, o->actor_user_id, export_row, &w, error);
      break;
    case CSV_MEASUREMENTS:
    default:
      ok = store_export_measurements(db, o->actor_user_id, o->instrument_key, o->drafts,
                                     export_row, &w, error);
      break;
    }
  }
  g_string_free(w.line, TRUE);
  g_strfreev(w.item_keys);
  g_hash_table_destroy(w.seen);
  if (ok && out_citizens != NULL)
    *out_citizens = w.citizens;
  else
    g_array_free(w.citizens, TRUE);
  return ok;
}
