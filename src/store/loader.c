/* loader.c — many new citizens, courses and measurements at once (see
 * store.h, "Loading many rows at once").
 *
 * Rows wait in memory, one array of parameters per table, until the
 * caller flushes them; a flush writes the tables parents first through
 * the backend's bulk path (PostgreSQL: COPY; SQLite: one prepared INSERT)
 * and forgets them, so memory is bounded by the batch, not the data.  What
 * a row is checked against — units, interventions, instruments, contact
 * persons — is read from the database once and kept; what it may refer to
 * among the waiting rows (a citizen's unit, a course's citizen) is kept
 * only until the flush. */
#include <string.h>

#include "core/clock.h"
#include "store/internal.h"

typedef struct {
  const char *table;
  const char *const *columns;
  gsize n_columns;
  GArray *values; /* StoreParam, n_columns per row */
} Pending;

typedef struct {
  GHashTable *rules; /* store_instrument_answer_rules() */
} InstrumentInfo;

struct StoreLoader {
  StoreDb *db;
  GStringChunk *texts; /* the waiting rows' texts */
  char *now;           /* created_at of the rows of this batch */
  Pending citizens, courses, measurements, answers, goals;
  gint64 last_citizen, last_course, last_measurement, last_goal;
  GHashTable *unit_offer;         /* unit id → offer id, every unit */
  GHashTable *intervention_offer; /* intervention id → offer id, as met */
  GHashTable *contacts;           /* "user:unit" → allowed (1) or not (0) */
  GHashTable *instruments;        /* id → InstrumentInfo */
  GHashTable *waiting_citizens;   /* citizen id → unit id, until the flush */
  GHashTable *waiting_courses;    /* course id → citizen id, until the flush */
  GHashTable *waiting_measurements; /* measurement id → WaitingMeasurement, until the flush */
  GHashTable *goal_items;         /* "instrument id:item key" → item id (0: none) */
  GHashTable *goal_scales;        /* "key:item:target" → target checked (1) */
};

/* Where a waiting measurement's row and answers are in the pending arrays. */
typedef struct {
  gsize row;          /* in measurements */
  gsize first_answer; /* in answers */
  gsize n_answers;
} WaitingMeasurement;

static const char *const citizen_columns[] = {
  "id", "unit_id", "first_name", "last_name", "birth_date", "gender", "referral_basis",
  "diagnoses", "education", "occupation", "housing", "intervention_goals", "medical_treatment",
  "criminal_record", "mother_tongue", "ethnic_background", "family_situation", "cohabitation",
  "contact_person_id", "created_at", "updated_at",
};
static const char *const course_columns[] = {
  "id", "citizen_id", "intervention_id", "started_on", "ended_on", "phase", "end_reason",
  "discharged_to", "created_at",
};
static const char *const measurement_columns[] = { /* course_id third: store_loader_flush */
  "id", "citizen_id", "course_id", "instrument_id", "measured_on", "point", "respondent",
  "collection_method", "status", "rater_user_id", "comment", "score", "created_at",
};
static const char *const answer_columns[] = {"measurement_id", "item_id", "value", "comment"};
static const char *const goal_columns[] = {
  "id", "citizen_id", "course_id", "kind", "goal_type", "title", "description",
  "instrument_key", "item_key", "baseline", "baseline_measurement_id", "target_score",
  "set_on", "target_date", "status", "version", "created_by", "created_at", "updated_at",
};

static void
pending_init(Pending *p, const char *table, const char *const *columns, gsize n)
{
  p->table = table;
  p->columns = columns;
  p->n_columns = n;
  p->values = g_array_new(FALSE, FALSE, sizeof(StoreParam));
}

static gsize
pending_rows(const Pending *p)
{
  return p->values->len / p->n_columns;
}

/* A text parameter whose text lives until the next flush. */
static StoreParam
text(StoreLoader *l, const char *s)
{
  return P_TEXT(s != NULL ? g_string_chunk_insert_const(l->texts, s) : NULL);
}

static void
instrument_info_free(gpointer data)
{
  InstrumentInfo *info = data;
  g_hash_table_unref(info->rules);
  g_free(info);
}

static gboolean
max_id(StoreDb *db, const char *sql, gint64 *out, GError **error)
{
  return store_query_int(db, sql, STORE_NO_PARAMS, out, error);
}

StoreLoader *
store_loader_new(StoreDb *db, GError **error)
{
  g_autoptr(GHashTable) units = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
  StoreStmt *stmt = store_stmt_open(db, "SELECT id, offer_id FROM unit", STORE_NO_PARAMS, error);
  if (stmt == NULL)
    return NULL;
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    gint64 unit = store_col_int(db, stmt, 0), offer = store_col_int(db, stmt, 1);
    g_hash_table_insert(units, g_memdup2(&unit, sizeof unit), g_memdup2(&offer, sizeof offer));
  }
  store_stmt_done(db, stmt);
  if (step != STORE_STEP_DONE)
    return NULL;
  gint64 citizen = 0, course = 0, measurement = 0, goal = 0;
  if (!max_id(db, "SELECT MAX(id) FROM citizen", &citizen, error) ||
      !max_id(db, "SELECT MAX(id) FROM course", &course, error) ||
      !max_id(db, "SELECT MAX(id) FROM measurement", &measurement, error) ||
      !max_id(db, "SELECT MAX(id) FROM goal", &goal, error))
    return NULL;

  StoreLoader *l = g_new0(StoreLoader, 1);
  l->db = db;
  l->texts = g_string_chunk_new(64 * 1024);
  l->now = spor_timestamp_now(0);
  l->last_citizen = citizen;
  l->last_course = course;
  l->last_measurement = measurement;
  l->last_goal = goal;
  pending_init(&l->citizens, "citizen", citizen_columns, G_N_ELEMENTS(citizen_columns));
  pending_init(&l->courses, "course", course_columns, G_N_ELEMENTS(course_columns));
  pending_init(&l->measurements, "measurement", measurement_columns,
               G_N_ELEMENTS(measurement_columns));
  pending_init(&l->answers, "measurement_answer", answer_columns, G_N_ELEMENTS(answer_columns));
  pending_init(&l->goals, "goal", goal_columns, G_N_ELEMENTS(goal_columns));
  l->unit_offer = g_steal_pointer(&units);
  l->intervention_offer = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
  l->contacts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  l->instruments = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                         instrument_info_free);
  l->waiting_citizens = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
  l->waiting_courses = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
  l->waiting_measurements = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
  l->goal_items = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  l->goal_scales = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  return l;
}

void
store_loader_free(StoreLoader *l)
{
  if (l == NULL)
    return;
  g_string_chunk_free(l->texts);
  g_free(l->now);
  Pending *all[] = {&l->citizens, &l->courses, &l->measurements, &l->answers, &l->goals};
  for (guint i = 0; i < G_N_ELEMENTS(all); i++)
    g_array_unref(all[i]->values);
  g_hash_table_unref(l->unit_offer);
  g_hash_table_unref(l->intervention_offer);
  g_hash_table_unref(l->contacts);
  g_hash_table_unref(l->instruments);
  g_hash_table_unref(l->waiting_citizens);
  g_hash_table_unref(l->waiting_courses);
  g_hash_table_unref(l->waiting_measurements);
  g_hash_table_unref(l->goal_items);
  g_hash_table_unref(l->goal_scales);
  g_free(l);
}

gsize
store_loader_pending(const StoreLoader *l)
{
  return pending_rows(&l->citizens) + pending_rows(&l->courses) +
         pending_rows(&l->measurements) + pending_rows(&l->answers) + pending_rows(&l->goals);
}

static void
remember(GHashTable *map, gint64 key, gint64 value)
{
  g_hash_table_insert(map, g_memdup2(&key, sizeof key), g_memdup2(&value, sizeof value));
}

static gboolean
lookup(GHashTable *map, gint64 key, gint64 *out)
{
  const gint64 *value = g_hash_table_lookup(map, &key);
  if (value != NULL)
    *out = *value;
  return value != NULL;
}

static gboolean
lookup_text(GHashTable *map, const char *key, gint64 *out)
{
  const gint64 *value = g_hash_table_lookup(map, key);
  if (value != NULL)
    *out = *value;
  return value != NULL;
}

/* ---- Citizens ------------------------------------------------------------ */

/* Whether user holds a staff or leader role whose scope contains unit. */
static gboolean
contact_allowed(StoreLoader *l, gint64 user, gint64 unit, gboolean *out, GError **error)
{
  g_autofree char *key = g_strdup_printf("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, user, unit);
  gpointer known;
  if (g_hash_table_lookup_extended(l->contacts, key, NULL, &known)) {
    *out = GPOINTER_TO_INT(known);
    return TRUE;
  }
  gint64 n = 0;
  if (!store_query_int(l->db,
                       "SELECT COUNT(*) FROM unit WHERE id = ? AND id IN ("
                       STORE_SQL_SCOPED_UNITS ")",
                       STORE_PARAMS(P_INT(unit), P_INT(user)), &n, error))
    return FALSE;
  *out = n > 0;
  g_hash_table_insert(l->contacts, g_steal_pointer(&key), GINT_TO_POINTER(*out));
  return TRUE;
}

gint64
store_loader_add_citizen(StoreLoader *l, const StoreCitizenInput *in, GError **error)
{
  if (!store_citizen_validate_fields(in, error))
    return 0;
  if (!g_hash_table_contains(l->unit_offer, &in->unit_id)) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND,
                "afdeling %" G_GINT64_FORMAT " findes ikke", in->unit_id);
    return 0;
  }
  if (in->contact_person_id != 0) {
    gboolean ok = FALSE;
    if (!contact_allowed(l, in->contact_person_id, in->unit_id, &ok, error))
      return 0;
    if (!ok) {
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                          "kontaktpersonen er ikke medarbejder i borgerens afdeling");
      return 0;
    }
  }
  gint64 id = ++l->last_citizen;
  StoreParam row[] = {
    P_INT(id), P_INT(in->unit_id), text(l, in->first_name), text(l, in->last_name),
    text(l, in->birth_date), text(l, in->gender), text(l, in->referral_basis),
    text(l, in->diagnoses), text(l, in->education), text(l, in->occupation),
    text(l, in->housing), text(l, in->intervention_goals), text(l, in->medical_treatment),
    text(l, in->criminal_record), text(l, in->mother_tongue), text(l, in->ethnic_background),
    text(l, in->family_situation), text(l, in->cohabitation), P_ID(in->contact_person_id),
    text(l, l->now), text(l, l->now),
  };
  G_STATIC_ASSERT(G_N_ELEMENTS(row) == G_N_ELEMENTS(citizen_columns));
  g_array_append_vals(l->citizens.values, row, G_N_ELEMENTS(row));
  remember(l->waiting_citizens, id, in->unit_id);
  return id;
}

/* The unit of a citizen waiting here or stored; FALSE (without error)
 * when there is no such citizen. */
static gboolean
citizen_unit(StoreLoader *l, gint64 citizen, gint64 *out_unit, GError **error)
{
  if (lookup(l->waiting_citizens, citizen, out_unit))
    return TRUE;
  GError *local = NULL;
  if (store_query_int(l->db, "SELECT unit_id FROM citizen WHERE id = ?",
                      STORE_PARAMS(P_INT(citizen)), out_unit, &local))
    return TRUE;
  if (!g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND))
    g_propagate_error(error, local);
  else
    g_error_free(local);
  *out_unit = 0;
  return FALSE;
}

/* ---- Courses --------------------------------------------------------------- */

static gboolean
intervention_offer(StoreLoader *l, gint64 intervention, gint64 *out_offer, GError **error)
{
  if (lookup(l->intervention_offer, intervention, out_offer))
    return TRUE;
  GError *local = NULL;
  if (!store_query_int(l->db, "SELECT offer_id FROM intervention WHERE id = ?",
                       STORE_PARAMS(P_INT(intervention)), out_offer, &local)) {
    if (!g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_propagate_error(error, local);
      return FALSE;
    }
    g_error_free(local);
    *out_offer = 0;
  }
  remember(l->intervention_offer, intervention, *out_offer);
  return TRUE;
}

gint64
store_loader_add_course(StoreLoader *l, const StoreCourseInput *in, GError **error)
{
  if (!store_course_validate_fields(in, error))
    return 0;
  gint64 unit = 0, offer = 0, wanted = 0;
  GError *local = NULL;
  if (!citizen_unit(l, in->citizen_id, &unit, &local)) {
    if (local != NULL)
      g_propagate_error(error, local);
    else
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "borgeren findes ikke");
    return 0;
  }
  if (!intervention_offer(l, in->intervention_id, &offer, error))
    return 0;
  lookup(l->unit_offer, unit, &wanted);
  if (offer == 0 || offer != wanted) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "indsatsen hører ikke til borgerens tilbud");
    return 0;
  }
  gint64 id = ++l->last_course;
  StoreParam row[] = {
    P_INT(id), P_INT(in->citizen_id), P_INT(in->intervention_id), text(l, in->started_on),
    text(l, in->ended_on), text(l, in->phase), text(l, in->end_reason),
    text(l, in->discharged_to), text(l, l->now),
  };
  G_STATIC_ASSERT(G_N_ELEMENTS(row) == G_N_ELEMENTS(course_columns));
  g_array_append_vals(l->courses.values, row, G_N_ELEMENTS(row));
  remember(l->waiting_courses, id, in->citizen_id);
  return id;
}

/* ---- Measurements ------------------------------------------------------------ */

static InstrumentInfo *
instrument_info(StoreLoader *l, gint64 instrument, GError **error)
{
  InstrumentInfo *info = g_hash_table_lookup(l->instruments, &instrument);
  if (info != NULL)
    return info;
  GHashTable *rules = store_instrument_answer_rules(l->db, instrument, error);
  if (rules == NULL)
    return NULL;
  if (g_hash_table_size(rules) == 0) {
    g_hash_table_unref(rules);
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "instrumentet findes ikke");
    return NULL;
  }
  info = g_new0(InstrumentInfo, 1);
  info->rules = rules;
  g_hash_table_insert(l->instruments, g_memdup2(&instrument, sizeof instrument), info);
  return info;
}

gint64
store_loader_add_measurement(StoreLoader *l, gint64 rater_user_id,
                             const StoreMeasurementInput *in, GError **error)
{
  if (!store_measurement_validate_fields(in, error))
    return 0;
  gint64 unit = 0;
  GError *local = NULL;
  if (!citizen_unit(l, in->citizen_id, &unit, &local)) {
    if (local != NULL)
      g_propagate_error(error, local);
    else
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "borgeren findes ikke");
    return 0;
  }
  if (in->course_id != 0) {
    gint64 owner = 0;
    if (!lookup(l->waiting_courses, in->course_id, &owner) &&
        !store_query_int(l->db, "SELECT citizen_id FROM course WHERE id = ?",
                         STORE_PARAMS(P_INT(in->course_id)), &owner, &local)) {
      if (!g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
        g_propagate_error(error, local);
        return 0;
      }
      g_clear_error(&local);
    }
    if (owner != in->citizen_id) {
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                          "forløbet hører ikke til borgeren");
      return 0;
    }
  }
  InstrumentInfo *info = instrument_info(l, in->instrument_id, error);
  if (info == NULL ||
      !store_measurement_validate_answers(in, info->rules, error))
    return 0;

  gint64 id = ++l->last_measurement;
  WaitingMeasurement waiting = {.row = pending_rows(&l->measurements),
                                .first_answer = pending_rows(&l->answers),
                                .n_answers = in->n_answers};
  g_hash_table_insert(l->waiting_measurements, g_memdup2(&id, sizeof id),
                      g_memdup2(&waiting, sizeof waiting));
  StoreParam row[] = {
    P_INT(id), P_INT(in->citizen_id), P_ID(in->course_id), P_INT(in->instrument_id),
    text(l, in->measured_on), text(l, in->point), text(l, in->respondent),
    text(l, in->collection_method), text(l, in->status), P_ID(rater_user_id),
    text(l, in->comment), in->has_score ? P_REAL(in->score) : P_NULL, text(l, l->now),
  };
  G_STATIC_ASSERT(G_N_ELEMENTS(row) == G_N_ELEMENTS(measurement_columns));
  g_array_append_vals(l->measurements.values, row, G_N_ELEMENTS(row));
  for (gsize i = 0; i < in->n_answers; i++) {
    const StoreAnswerInput *a = &in->answers[i];
    StoreParam answer[] = {
      P_INT(id), P_INT(a->item_id), a->has_value ? P_INT(a->value) : P_NULL,
      text(l, a->comment),
    };
    g_array_append_vals(l->answers.values, answer, G_N_ELEMENTS(answer));
  }
  return id;
}

/* ---- Goals ------------------------------------------------------------------------ */

/* A text parameter's text, or NULL for SQL NULL. */
static const char *
param_text(const StoreParam *p)
{
  return p->type == 's' ? p->v.s : NULL;
}

/* The id of the item called key of the instrument (id), when the
 * instrument is called instrument_key; cached; 0 (no error) when not. */
static gboolean
goal_item(StoreLoader *l, gint64 instrument, const char *instrument_key, const char *key,
          gint64 *out, GError **error)
{
  g_autofree char *k = g_strdup_printf("%" G_GINT64_FORMAT ":%s:%s", instrument,
                                       instrument_key, key);
  if (lookup_text(l->goal_items, k, out))
    return TRUE;
  GError *local = NULL;
  *out = 0;
  if (!store_query_int(l->db,
                       "SELECT it.id FROM instrument_item it JOIN instrument i"
                       " ON i.id = it.instrument_id WHERE i.id = ? AND i.key = ? AND it.key = ?",
                       STORE_PARAMS(P_INT(instrument), P_TEXT(instrument_key), P_TEXT(key)), out,
                       &local)) {
    if (!g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_propagate_error(error, local);
      return FALSE;
    }
    g_error_free(local);
    *out = 0;
  }
  g_hash_table_insert(l->goal_items, g_steal_pointer(&k), g_memdup2(out, sizeof *out));
  return TRUE;
}

gint64
store_loader_add_goal(StoreLoader *l, gint64 actor_user_id, gint64 baseline_measurement_id,
                      const StoreGoalInput *input, GError **error)
{
  const WaitingMeasurement *w = g_hash_table_lookup(l->waiting_measurements,
                                                    &baseline_measurement_id);
  if (w == NULL) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND,
                        "målingen, målet tager udgangspunkt i, venter ikke på at blive skrevet");
    return 0;
  }
  const StoreParam *m = (const StoreParam *)l->measurements.values->data +
                        w->row * l->measurements.n_columns;
  /* measurement_columns: citizen 1, course 2, instrument 3, measured_on 4, status 8. */
  StoreGoalInput in = *input;
  in.course_id = m[2].type == 'i' ? m[2].v.i : 0;
  in.set_on = param_text(&m[4]);
  if (g_strcmp0(in.kind, "scale") != 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "indlæsningen tager kun mål på et område af et instrument");
    return 0;
  }
  if (!store_goal_validate_fields(&in, error))
    return 0;
  if (in.course_id == 0 || g_strcmp0(param_text(&m[8]), "approved") != 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "udgangspunktet skal være en godkendt måling i forløbet");
    return 0;
  }
  /* The instrument, item and target: checked once for each combination. */
  g_autofree char *scale_key = g_strdup_printf(
    "%s:%s:%d:%.17g", in.instrument_key ? in.instrument_key : "", in.item_key ? in.item_key : "",
    in.has_target, in.has_target ? in.target_score : 0.0);
  if (!g_hash_table_contains(l->goal_scales, scale_key)) {
    if (!store_goal_validate_scale(l->db, &in, error))
      return 0;
    g_hash_table_add(l->goal_scales, g_steal_pointer(&scale_key));
  }
  gint64 item = 0;
  if (!goal_item(l, m[3].v.i, in.instrument_key, in.item_key, &item, error))
    return 0;
  if (item == 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "udgangspunktets måling er ikke på målets instrument og område");
    return 0;
  }
  StoreParam baseline = P_NULL;
  const StoreParam *answers = (const StoreParam *)l->answers.values->data;
  for (gsize a = 0; a < w->n_answers; a++) {
    const StoreParam *answer = answers + (w->first_answer + a) * l->answers.n_columns;
    if (answer[1].v.i == item && answer[2].type == 'i')
      baseline = P_REAL((double)answer[2].v.i);
  }
  gint64 citizen = m[1].v.i;
  gint64 id = ++l->last_goal;
  StoreParam row[] = {
    P_INT(id), P_INT(citizen), P_INT(in.course_id), text(l, "scale"), text(l, in.goal_type),
    text(l, in.title), text(l, in.description), text(l, in.instrument_key), text(l, in.item_key),
    baseline, baseline.type == 'n' ? P_NULL : P_INT(baseline_measurement_id),
    in.has_target ? P_REAL(in.target_score) : P_NULL, text(l, in.set_on),
    text(l, in.target_date), text(l, in.status), P_INT(1), P_ID(actor_user_id), text(l, l->now),
    text(l, l->now),
  };
  G_STATIC_ASSERT(G_N_ELEMENTS(row) == G_N_ELEMENTS(goal_columns));
  g_array_append_vals(l->goals.values, row, G_N_ELEMENTS(row));
  return id;
}

/* ---- Writing ------------------------------------------------------------------- */

static gboolean
write_pending(StoreDb *db, Pending *p, GError **error)
{
  gsize rows = pending_rows(p);
  if (rows == 0)
    return TRUE;
  StoreBulk *bulk = db->backend->bulk_begin(db->conn, p->table, p->columns, p->n_columns,
                                             error);
  if (bulk == NULL)
    return FALSE;
  gboolean ok = TRUE;
  const StoreParam *values = (const StoreParam *)p->values->data;
  for (gsize r = 0; r < rows && ok; r++)
    ok = db->backend->bulk_row(bulk, values + r * p->n_columns, error);
  return db->backend->bulk_end(bulk, ok, ok ? error : NULL) && ok;
}

gboolean
store_loader_flush(StoreLoader *l, GError **error)
{
  StoreDb *db = l->db;
  if (!store_in_write_transaction(db)) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED,
                        "intern fejl: indlæsning kræver en skrivetransaktion");
    return FALSE;
  }
  if (store_loader_pending(l) == 0)
    return TRUE;
  Pending *order[] = {&l->citizens, &l->courses, &l->measurements, &l->answers, &l->goals};
  for (guint i = 0; i < G_N_ELEMENTS(order); i++)
    if (!write_pending(db, order[i], error))
      return FALSE;
  /* The course summary of the courses measured in this batch. */
  g_autoptr(GArray) courses = g_array_new(FALSE, FALSE, sizeof(gint64));
  const StoreParam *m = (const StoreParam *)l->measurements.values->data;
  for (gsize r = 0; r < pending_rows(&l->measurements); r++) {
    const StoreParam *course = &m[r * l->measurements.n_columns + 2]; /* "course_id" */
    if (course->type == 'i' && (courses->len == 0 ||
                                g_array_index(courses, gint64, courses->len - 1) != course->v.i))
      g_array_append_val(courses, course->v.i);
  }
  if (!store_summary_refresh_many(db, courses, error))
    return FALSE;
  /* New rows from elsewhere get ids after these (PostgreSQL's sequences). */
  const char *const tables[] = {"citizen", "course", "measurement", "goal"};
  for (guint i = 0; i < G_N_ELEMENTS(tables); i++)
    if (!db->backend->sync_ids(db->conn, tables[i], error))
      return FALSE;
  db->tx_changed = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS(order); i++)
    g_array_set_size(order[i]->values, 0);
  g_hash_table_remove_all(l->waiting_citizens);
  g_hash_table_remove_all(l->waiting_courses);
  g_hash_table_remove_all(l->waiting_measurements);
  g_string_chunk_clear(l->texts);
  g_free(l->now);
  l->now = spor_timestamp_now(0);
  return TRUE;
}
