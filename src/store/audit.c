/* audit.c — the audit log: who read or changed what, when, as a hash
 * chain that `spor check` verifies.
 *
 * Line n carries seq = n and hash = SHA-256 of
 *     previous hash, "|", then for each field in the order seq, at,
 *     user_id, citizen_id, action, detail, address:
 *     "<byte length>:<bytes>;" or "-;" for NULL
 * (the lengths make the text unambiguous whatever a detail holds).  The
 * first line after the anchor (0 and "" until a retention cut) starts from
 * the anchor's hash.  A changed, removed or inserted line breaks the chain
 * from there on; a line removed from the end shows against audit_head.
 *
 * Appending takes the row lock of audit_head first (a no-op UPDATE, the
 * portable SELECT … FOR UPDATE), so that writers on several servers form
 * one chain.  There is no path that changes a line; the only path that
 * removes lines is the retention cut, which removes the oldest lines
 * together and moves the anchor. */
#include <string.h>

#include "core/clock.h"
#include "store/internal.h"

#define DEFAULT_LIMIT 100
#define MAX_LIMIT 1000

static void
put_field(GString *text, const char *value)
{
  if (value == NULL)
    g_string_append(text, "-;");
  else
    g_string_append_printf(text, "%zu:%s;", strlen(value), value);
}

static void
put_id(GString *text, gint64 id)
{
  if (id == 0) {
    put_field(text, NULL);
    return;
  }
  char buf[24];
  g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, id);
  put_field(text, buf);
}

/* The hash of a line given the previous one; newly allocated hex. */
static char *
line_hash(const char *prev_hash, gint64 seq, const char *at, gint64 user_id, gint64 citizen_id,
          const char *action, const char *detail, const char *address)
{
  GString *text = g_string_sized_new(256);
  g_string_append(text, prev_hash);
  g_string_append_c(text, '|');
  put_id(text, seq);
  put_field(text, at);
  put_id(text, user_id);
  put_id(text, citizen_id);
  put_field(text, action);
  put_field(text, detail);
  put_field(text, address);
  char *hash = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)text->str,
                                           text->len);
  g_string_free(text, TRUE);
  return hash;
}

/* Locks the chain's head for this transaction and reads it. */
static gboolean
head_lock(StoreDb *db, gint64 *out_seq, char **out_hash, GError **error)
{
  if (!store_exec_bookkeeping(db, "UPDATE audit_head SET last_seq = last_seq WHERE id = 1",
                              STORE_NO_PARAMS, error))
    return FALSE;
  json_t *head = store_query_row(db, "SELECT last_seq, last_hash FROM audit_head WHERE id = 1",
                                 STORE_NO_PARAMS, "revisionslogens hoved mangler", error);
  if (head == NULL)
    return FALSE;
  *out_seq = json_integer_value(json_object_get(head, "last_seq"));
  *out_hash = g_strdup(json_string_value(json_object_get(head, "last_hash")));
  json_decref(head);
  return TRUE;
}

static gboolean
head_store(StoreDb *db, gint64 seq, const char *hash, GError **error)
{
  return store_exec_bookkeeping(db,
                                "UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1",
                                STORE_PARAMS(P_INT(seq), P_TEXT(hash)), error);
}

#define AUDIT_ROWS_PER_INSERT 100

gboolean
store_audit_append_many(StoreDb *db, const StoreAuditEntry *entries, gsize n, GError **error)
{
  for (gsize i = 0; i < n; i++) {
    if (entries[i].action == NULL || *entries[i].action == '\0') {
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED,
                          "intern fejl: en linje i revisionsloggen skal have en handling");
      return FALSE;
    }
  }
  if (n == 0)
    return TRUE;
  gint64 seq;
  g_autofree char *hash = NULL;
  if (!head_lock(db, &seq, &hash, error))
    return FALSE;
  g_autofree char *now = spor_timestamp_now(0);
  /* Up to AUDIT_ROWS_PER_INSERT lines per statement: one round trip for
   * many lines of a large import on PostgreSQL. */
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  g_autoptr(GString) sql = g_string_new(NULL);
  for (gsize first = 0; first < n; first += AUDIT_ROWS_PER_INSERT) {
    gsize rows = MIN(n - first, (gsize)AUDIT_ROWS_PER_INSERT);
    g_array_set_size(params, 0);
    g_string_assign(sql, "INSERT INTO audit_log (seq, hash, at, user_id, citizen_id, action,"
                         " detail, address) VALUES ");
    for (gsize i = first; i < first + rows; i++) {
      const StoreAuditEntry *e = &entries[i];
      seq++;
      char *next = line_hash(hash, seq, now, e->user_id, e->citizen_id, e->action, e->detail,
                             e->address);
      g_ptr_array_add(hashes, hash);
      hash = next;
      StoreParam row[] = {P_INT(seq), P_TEXT(hash), P_TEXT(now), P_ID(e->user_id),
                          P_ID(e->citizen_id), P_TEXT(e->action), P_TEXT(e->detail),
                          P_TEXT(e->address)};
      g_array_append_vals(params, row, G_N_ELEMENTS(row));
      g_string_append(sql, i == first ? "(?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?)");
    }
    if (!store_exec_bookkeeping(db, sql->str, (const StoreParam *)params->data, params->len,
                                error))
      return FALSE;
  }
  return head_store(db, seq, hash, error);
}

gboolean
store_audit_append(StoreDb *db, gint64 user_id, gint64 citizen_id, const char *action,
                   const char *detail, const char *address, GError **error)
{
  StoreAuditEntry entry = {user_id, citizen_id, action, detail, address};
  return store_audit_append_many(db, &entry, 1, error);
}

/* One line of audit_log as read for chaining or checking. */
typedef struct {
  gint64 id, seq, user_id, citizen_id;
  const char *at, *action, *detail, *address, *hash;
} Line;

static void
read_line(StoreDb *db, StoreStmt *stmt, Line *line)
{
  line->id = store_col_int(db, stmt, 0);
  line->seq = store_col_is_null(db, stmt, 1) ? 0 : store_col_int(db, stmt, 1);
  line->hash = store_col_text(db, stmt, 2);
  line->at = store_col_text(db, stmt, 3);
  line->user_id = store_col_is_null(db, stmt, 4) ? 0 : store_col_int(db, stmt, 4);
  line->citizen_id = store_col_is_null(db, stmt, 5) ? 0 : store_col_int(db, stmt, 5);
  line->action = store_col_text(db, stmt, 6);
  line->detail = store_col_text(db, stmt, 7);
  line->address = store_col_text(db, stmt, 8);
}

#define LINE_COLUMNS "id, seq, hash, at, user_id, citizen_id, action, detail, address"

gboolean
store_audit_chain_legacy(StoreDb *db, guint *out_n, GError **error)
{
  *out_n = 0;
  gint64 seq;
  g_autofree char *hash = NULL;
  if (!head_lock(db, &seq, &hash, error))
    return FALSE;
  /* Read first, write after: one statement at a time per connection. */
  GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
  GPtrArray *hashes = g_ptr_array_new_with_free_func(g_free);
  StoreStmt *stmt = store_stmt_open(db, "SELECT " LINE_COLUMNS " FROM audit_log "
                                        "WHERE seq IS NULL ORDER BY id",
                                    STORE_NO_PARAMS, error);
  if (stmt == NULL) {
    g_array_unref(ids);
    g_ptr_array_unref(hashes);
    return FALSE;
  }
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    Line line;
    read_line(db, stmt, &line);
    seq++;
    char *next = line_hash(hash, seq, line.at, line.user_id, line.citizen_id, line.action,
                           line.detail, line.address);
    g_free(hash);
    hash = next;
    g_array_append_val(ids, line.id);
    g_ptr_array_add(hashes, g_strdup(hash));
  }
  store_stmt_done(db, stmt);
  gboolean ok = step == STORE_STEP_DONE;
  gint64 first_seq = seq - (gint64)ids->len;
  for (guint i = 0; ok && i < ids->len; i++)
    ok = store_exec_bookkeeping(db, "UPDATE audit_log SET seq = ?, hash = ? "
                                    "WHERE id = ? AND seq IS NULL",
                                STORE_PARAMS(P_INT(first_seq + 1 + i),
                                             P_TEXT(g_ptr_array_index(hashes, i)),
                                             P_INT(g_array_index(ids, gint64, i))),
                                error);
  if (ok && ids->len > 0)
    ok = head_store(db, seq, hash, error);
  *out_n = ok ? ids->len : 0;
  g_array_unref(ids);
  g_ptr_array_unref(hashes);
  return ok;
}

gboolean
store_audit_verify(StoreDb *db, GString *report, gboolean *out_ok, GError **error)
{
  json_t *head = store_query_row(db, "SELECT last_seq, last_hash, anchor_seq, anchor_hash "
                                     "FROM audit_head WHERE id = 1",
                                 STORE_NO_PARAMS, "revisionslogens hoved mangler", error);
  if (head == NULL)
    return FALSE;
  gint64 anchor_seq = json_integer_value(json_object_get(head, "anchor_seq"));
  gint64 expected = anchor_seq + 1;
  g_autofree char *prev = g_strdup(json_string_value(json_object_get(head, "anchor_hash")));
  gint64 last_seq = json_integer_value(json_object_get(head, "last_seq"));
  g_autofree char *last_hash = g_strdup(json_string_value(json_object_get(head, "last_hash")));
  json_decref(head);

  gboolean ok = TRUE;
  guint findings = 0;
  StoreStmt *stmt = store_stmt_open(db, "SELECT " LINE_COLUMNS " FROM audit_log ORDER BY seq",
                                    STORE_NO_PARAMS, error);
  if (stmt == NULL)
    return FALSE;
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    Line line;
    read_line(db, stmt, &line);
    if (line.seq == 0) {
      if (findings++ < 10)
        g_string_append_printf(report, "revisionslog: linje id %" G_GINT64_FORMAT
                                       " er ikke i kæden (kør spor migrate)\n", line.id);
      ok = FALSE;
      continue;
    }
    if (line.seq != expected && findings++ < 10) {
      g_string_append_printf(report, "revisionslog: linje %" G_GINT64_FORMAT " mangler%s\n",
                             expected,
                             line.seq > expected + 1 ? " (og flere efter den)" : "");
    }
    if (line.seq != expected)
      ok = FALSE;
    g_autofree char *hash = line_hash(prev, line.seq, line.at, line.user_id, line.citizen_id,
                                      line.action, line.detail, line.address);
    if (line.hash == NULL || strcmp(hash, line.hash) != 0) {
      if (findings++ < 10)
        g_string_append_printf(report, "revisionslog: linje %" G_GINT64_FORMAT
                                       " er ændret eller passer ikke til linjen før\n",
                               line.seq);
      ok = FALSE;
    }
    g_free(prev);
    prev = g_strdup(line.hash ? line.hash : "");
    expected = line.seq + 1;
  }
  store_stmt_done(db, stmt);
  if (step != STORE_STEP_DONE)
    return FALSE;
  if (expected - 1 != last_seq || strcmp(prev, last_hash) != 0) {
    g_string_append_printf(report, "revisionslog: kæden ender ved linje %" G_GINT64_FORMAT
                                   ", men hovedet siger %" G_GINT64_FORMAT
                                   " (linjer fjernet fra enden)\n",
                           expected - 1, last_seq);
    ok = FALSE;
  }
  if (findings > 10)
    g_string_append_printf(report, "revisionslog: … og %u fund mere\n", findings - 10);
  if (ok)
    g_string_append_printf(report, "revisionslog: %" G_GINT64_FORMAT
                                   " linjer i ubrudt kæde; sidste hash %s\n",
                           last_seq - anchor_seq, last_hash[0] ? last_hash : "(tom)");
  *out_ok = ok;
  return TRUE;
}

gboolean
store_audit_prune(StoreDb *db, const char *before, gboolean dry_run, gint64 *out_n,
                  GError **error)
{
  *out_n = 0;
  if (!spor_date_valid_iso(before)) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED, "ugyldig dato '%s'", before);
    return FALSE;
  }
  gint64 seq;
  g_autofree char *head_hash = NULL;
  if (!dry_run && !head_lock(db, &seq, &head_hash, error))
    return FALSE;
  /* The cut: the lines before the first line written on or after
   * `before` (a prefix of the chain, so no line is left without the one
   * before it). */
  gint64 first_kept = 0;
  GError *local = NULL;
  if (!store_query_int(db, "SELECT MIN(seq) FROM audit_log WHERE at >= ?",
                       STORE_PARAMS(P_TEXT(before)), &first_kept, &local)) {
    g_propagate_error(error, local);
    return FALSE;
  }
  gint64 last = 0;
  if (first_kept > 0)
    last = first_kept - 1;
  else if (!store_query_int(db, "SELECT MAX(seq) FROM audit_log", STORE_NO_PARAMS, &last, error))
    return FALSE;
  gint64 n = 0;
  if (!store_query_int(db, "SELECT COUNT(*) FROM audit_log WHERE seq <= ?",
                       STORE_PARAMS(P_INT(last)), &n, error))
    return FALSE;
  *out_n = n;
  if (dry_run || n == 0)
    return TRUE;
  json_t *anchor = store_query_row(db, "SELECT hash FROM audit_log WHERE seq = ?",
                                   STORE_PARAMS(P_INT(last)), NULL, error);
  if (anchor == NULL)
    return FALSE;
  gboolean ok =
    store_exec_bookkeeping(db,
                           "UPDATE audit_head SET anchor_seq = ?, anchor_hash = ?, "
                           "pruned_before = ? WHERE id = 1",
                           STORE_PARAMS(P_INT(last),
                                        P_TEXT(json_string_value(json_object_get(anchor, "hash"))),
                                        P_TEXT(before)),
                           error) &&
    store_exec_bookkeeping(db, "DELETE FROM audit_log WHERE seq <= ?", STORE_PARAMS(P_INT(last)),
                           error);
  json_decref(anchor);
  return ok;
}

json_t *
store_audit_list(StoreDb *db, int limit, GError **error)
{
  return store_query_rows(db,
                          "SELECT a.id, a.seq, a.at, a.user_id, u.username, a.citizen_id, a.action,"
                          " a.detail, a.address "
                          "FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id "
                          "ORDER BY a.seq DESC LIMIT ?",
                          STORE_PARAMS(P_INT(limit > 0 ? limit : DEFAULT_LIMIT)), error);
}

json_t *
store_audit_search(StoreDb *db, gint64 actor_user_id, const StoreAuditFilter *filter,
                   GError **error)
{
  /* Lines about citizens the actor may see, and lines without a citizen
   * (logins) by users who work where the actor leads. */
  GString *where = g_string_new(
    " WHERE ((a.citizen_id IS NOT NULL AND " STORE_SQL_CITIZEN_VISIBLE ")"
    " OR (a.citizen_id IS NULL AND a.user_id IN ("
    "SELECT cra.user_id FROM role_assignment cra JOIN unit cu"
    " ON cu.id = cra.unit_id OR (cra.unit_id IS NULL AND cu.offer_id = cra.offer_id)"
    " WHERE cu.id IN (" STORE_SQL_SCOPED_UNITS "))))");
  StoreParam params[16];
  gsize n = 0;
  params[n++] = P_INT(actor_user_id);
  params[n++] = P_INT(actor_user_id);
  params[n++] = P_INT(actor_user_id);
  params[n++] = P_INT(actor_user_id);
  if (filter->citizen_id != 0) {
    g_string_append(where, " AND a.citizen_id = ?");
    params[n++] = P_INT(filter->citizen_id);
  }
  if (filter->username != NULL) {
    g_string_append(where, " AND u.username = ?");
    params[n++] = P_TEXT(filter->username);
  }
  if (filter->from != NULL) {
    g_string_append(where, " AND a.at >= ?");
    params[n++] = P_TEXT(filter->from);
  }
  if (filter->until != NULL) {
    g_string_append(where, " AND a.at < ?");
    params[n++] = P_TEXT(filter->until);
  }
  const char *from = " FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id"
                     " LEFT JOIN citizen c ON c.id = a.citizen_id";
  g_autofree char *count_sql = g_strconcat("SELECT COUNT(*)", from, where->str, NULL);
  gint64 total = 0;
  if (!store_query_int(db, count_sql, params, n, &total, error)) {
    g_string_free(where, TRUE);
    return NULL;
  }
  int limit = filter->limit > 0 ? MIN(filter->limit, MAX_LIMIT) : DEFAULT_LIMIT;
  params[n++] = P_INT(limit);
  params[n++] = P_INT(MAX(filter->offset, 0));
  g_autofree char *sql = g_strconcat(
    "SELECT a.seq, a.at, a.user_id, u.username, u.display_name AS user_name, a.citizen_id,"
    " c.first_name AS citizen_first_name, c.last_name AS citizen_last_name, a.action, a.detail,"
    " a.address",
    from, where->str, " ORDER BY a.seq DESC LIMIT ? OFFSET ?", NULL);
  g_string_free(where, TRUE);
  json_t *entries = store_query_rows(db, sql, params, n, error);
  if (entries == NULL)
    return NULL;
  return json_pack("{s:I, s:i, s:i, s:o}", "total", (json_int_t)total, "limit", limit, "offset",
                   MAX(filter->offset, 0), "entries", entries);
}
