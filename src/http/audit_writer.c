/* audit_writer.c — the group commit of audit lines for reading requests
 * (see audit_writer.h). */
#include "http/audit_writer.h"

#define RETRY_PAUSE_MS 50

/* One request's lines, owned, and, for a waiting request, the outcome. */
typedef struct {
  StoreAuditEntry *entries; /* strings owned below */
  gsize n;
  GPtrArray *strings;
  gint64 queued_at;   /* monotonic µs */
  gboolean waiting;   /* sync: a caller waits for done */
  gboolean done;
  gboolean ok;
  GError *error;
} Pending;

struct AuditWriter {
  AuditWriterOptions options;
  StoreDb *db;
  GThread *thread;
  GMutex lock;
  GCond wake;        /* the thread: something to write, or stop */
  GCond written;     /* the callers: a batch is done */
  GQueue queue;      /* Pending *, oldest first */
  gsize queued_lines;   /* waiting or being written */
  gboolean writing;     /* a batch is being written */
  gint64 writing_since; /* queued_at of the oldest line of that batch */
  guint64 written_lines, failed_batches;
  gboolean stopping;
};

static const char *
keep(Pending *p, const char *text)
{
  if (text == NULL)
    return NULL;
  char *copy = g_strdup(text);
  g_ptr_array_add(p->strings, copy);
  return copy;
}

static Pending *
pending_new(const StoreAuditEntry *entries, gsize n, gboolean waiting)
{
  Pending *p = g_new0(Pending, 1);
  p->entries = g_new0(StoreAuditEntry, n);
  p->n = n;
  p->strings = g_ptr_array_new_with_free_func(g_free);
  for (gsize i = 0; i < n; i++) {
    p->entries[i].user_id = entries[i].user_id;
    p->entries[i].citizen_id = entries[i].citizen_id;
    p->entries[i].action = keep(p, entries[i].action);
    p->entries[i].detail = keep(p, entries[i].detail);
    p->entries[i].address = keep(p, entries[i].address);
  }
  p->queued_at = g_get_monotonic_time();
  p->waiting = waiting;
  return p;
}

static void
pending_free(Pending *p)
{
  g_free(p->entries);
  g_ptr_array_unref(p->strings);
  g_clear_error(&p->error);
  g_free(p);
}

/* Writes the batch in one transaction; FALSE with error when it failed
 * (nothing of it is written then). */
static gboolean
write_batch(AuditWriter *writer, GPtrArray *batch, GError **error)
{
  gboolean ok = store_begin(writer->db, STORE_TX_WRITE, error);
  for (guint i = 0; ok && i < batch->len; i++) {
    const Pending *p = g_ptr_array_index(batch, i);
    ok = store_audit_append_many(writer->db, p->entries, p->n, error);
  }
  ok = ok && store_commit(writer->db, error);
  if (!ok)
    store_rollback(writer->db);
  return ok;
}

static gpointer
run(gpointer data)
{
  AuditWriter *writer = data;
  g_mutex_lock(&writer->lock);
  for (;;) {
    while (writer->queue.length == 0 && !writer->stopping)
      g_cond_wait(&writer->wake, &writer->lock);
    if (writer->queue.length == 0)
      break; /* stopping, and nothing left */
    /* Everything waiting now goes in one commit; what arrives meanwhile
     * forms the next. */
    GPtrArray *batch = g_ptr_array_new();
    while (writer->queue.length > 0)
      g_ptr_array_add(batch, g_queue_pop_head(&writer->queue));
    writer->writing = TRUE;
    writer->writing_since = ((Pending *)g_ptr_array_index(batch, 0))->queued_at;
    g_mutex_unlock(&writer->lock);

    GError *error = NULL;
    gboolean ok = write_batch(writer, batch, &error);

    g_mutex_lock(&writer->lock);
    writer->writing = FALSE;
    if (!ok)
      writer->failed_batches++;
    for (guint i = batch->len; i > 0; i--) {
      Pending *p = g_ptr_array_index(batch, i - 1);
      if (ok || p->waiting) {
        /* Written, or refused to a caller who will answer 503: either way
         * no longer queued. */
        writer->queued_lines -= p->n;
        if (ok)
          writer->written_lines += p->n;
        if (p->waiting) {
          p->ok = ok;
          p->error = ok ? NULL : g_error_copy(error);
          p->done = TRUE; /* the caller frees it */
        } else {
          pending_free(p);
        }
      } else {
        g_queue_push_head(&writer->queue, p); /* tried again, in order */
      }
    }
    g_cond_broadcast(&writer->written);
    g_ptr_array_unref(batch);
    if (!ok) {
      g_warning("revisionsloggen kunne ikke skrives (prøver igen): %s", error->message);
      gint64 until = g_get_monotonic_time() + RETRY_PAUSE_MS * G_TIME_SPAN_MILLISECOND;
      while (!writer->stopping && g_cond_wait_until(&writer->wake, &writer->lock, until))
        ;
    }
    g_clear_error(&error);
  }
  g_mutex_unlock(&writer->lock);
  return NULL;
}

AuditWriter *
audit_writer_new(const char *db_url, const AuditWriterOptions *options, GError **error)
{
  StoreDb *db = store_open(db_url, error);
  if (db == NULL)
    return NULL;
  AuditWriter *writer = g_new0(AuditWriter, 1);
  writer->options = *options;
  writer->db = db;
  g_mutex_init(&writer->lock);
  g_cond_init(&writer->wake);
  g_cond_init(&writer->written);
  g_queue_init(&writer->queue);
  writer->thread = g_thread_new("spor-audit", run, writer);
  return writer;
}

gboolean
audit_writer_flush(AuditWriter *writer, guint timeout_ms)
{
  gint64 until = g_get_monotonic_time() + (gint64)timeout_ms * G_TIME_SPAN_MILLISECOND;
  g_mutex_lock(&writer->lock);
  while (writer->queue.length > 0 || writer->writing) {
    if (!g_cond_wait_until(&writer->written, &writer->lock, until))
      break;
  }
  gboolean empty = writer->queue.length == 0 && !writer->writing;
  g_mutex_unlock(&writer->lock);
  return empty;
}

void
audit_writer_free(AuditWriter *writer)
{
  if (writer == NULL)
    return;
  if (!audit_writer_flush(writer, 5000))
    g_warning("%zu linjer til revisionsloggen kunne ikke skrives før stop",
              writer->queued_lines);
  g_mutex_lock(&writer->lock);
  writer->stopping = TRUE;
  /* What could not be written by now is given up. */
  while (writer->queue.length > 0) {
    Pending *p = g_queue_pop_head(&writer->queue);
    pending_free(p);
  }
  g_cond_signal(&writer->wake);
  g_mutex_unlock(&writer->lock);
  g_thread_join(writer->thread);
  /* A batch that failed while stopping came back to the queue. */
  while (writer->queue.length > 0)
    pending_free(g_queue_pop_head(&writer->queue));
  store_close(writer->db);
  g_mutex_clear(&writer->lock);
  g_cond_clear(&writer->wake);
  g_cond_clear(&writer->written);
  g_free(writer);
}

/* How long the oldest line not yet committed has waited (ms): in the
 * batch being written, or else at the head of the queue.  Lock held. */
static gint64
lag_ms(AuditWriter *writer)
{
  Pending *head = g_queue_peek_head(&writer->queue);
  gint64 since = writer->writing ? writer->writing_since : head ? head->queued_at : 0;
  return since ? (g_get_monotonic_time() - since) / 1000 : 0;
}

void
audit_writer_stats(AuditWriter *writer, guint64 *out_waiting, guint64 *out_written,
                   guint64 *out_failed_batches, gint64 *out_lag_ms)
{
  g_mutex_lock(&writer->lock);
  *out_waiting = writer->queued_lines;
  *out_written = writer->written_lines;
  *out_failed_batches = writer->failed_batches;
  *out_lag_ms = lag_ms(writer);
  g_mutex_unlock(&writer->lock);
}

gboolean
audit_writer_write(AuditWriter *writer, const StoreAuditEntry *entries, gsize n,
                   gboolean must_wait, GError **error)
{
  if (n == 0)
    return TRUE;
  gboolean sync = writer->options.sync || must_wait;
  g_mutex_lock(&writer->lock);
  if (!sync) {
    gint64 waited_ms = lag_ms(writer);
    if (writer->queued_lines + n > writer->options.max_queued ||
        waited_ms > (gint64)writer->options.max_delay_ms) {
      g_mutex_unlock(&writer->lock);
      g_set_error(error, STORE_ERROR, STORE_ERROR_BUSY,
                  "revisionsloggen er bagud (%zu linjer venter, den ældste i %" G_GINT64_FORMAT
                  " ms)", writer->queued_lines, waited_ms);
      return FALSE;
    }
  }
  Pending *p = pending_new(entries, n, sync);
  g_queue_push_tail(&writer->queue, p);
  writer->queued_lines += n;
  g_cond_signal(&writer->wake);
  if (!sync) {
    g_mutex_unlock(&writer->lock);
    return TRUE;
  }
  while (!p->done)
    g_cond_wait(&writer->written, &writer->lock);
  g_mutex_unlock(&writer->lock);
  gboolean ok = p->ok;
  if (!ok)
    g_propagate_error(error, g_steal_pointer(&p->error));
  pending_free(p);
  return ok;
}
