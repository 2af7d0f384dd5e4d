/* audit_writer.c — the group commit of audit lines for reading requests
 * (see audit_writer.h). */
#include "http/audit_writer.h"

/* One request's lines and, once written, the outcome. */
typedef struct {
  const StoreAuditEntry *entries; /* the caller's, valid while it waits */
  gsize n;
  gboolean done;
  gboolean ok;
  GError *error;
} Pending;

struct AuditWriter {
  StoreDb *db;
  GThread *thread;
  GMutex lock;
  GCond wake;      /* the thread: something to write, or stop */
  GCond written;   /* the callers: a batch is done */
  GPtrArray *queue; /* Pending *, waiting for the next batch */
  gboolean stopping;
};

/* Writes one batch in one transaction; every request of it shares the
 * outcome.  A busy database is tried again a few times. */
static void
write_batch(AuditWriter *writer, GPtrArray *batch)
{
  GError *error = NULL;
  gboolean ok = FALSE;
  for (int attempt = 0; attempt < 3 && !ok; attempt++) {
    g_clear_error(&error);
    ok = store_begin(writer->db, STORE_TX_WRITE, &error);
    for (guint i = 0; ok && i < batch->len; i++) {
      const Pending *p = g_ptr_array_index(batch, i);
      ok = store_audit_append_many(writer->db, p->entries, p->n, &error);
    }
    ok = ok && store_commit(writer->db, &error);
    if (!ok)
      store_rollback(writer->db);
    if (!ok && !g_error_matches(error, STORE_ERROR, STORE_ERROR_BUSY))
      break;
  }
  g_mutex_lock(&writer->lock);
  for (guint i = 0; i < batch->len; i++) {
    Pending *p = g_ptr_array_index(batch, i);
    p->ok = ok;
    if (!ok)
      p->error = g_error_copy(error);
    p->done = TRUE;
  }
  g_cond_broadcast(&writer->written);
  g_mutex_unlock(&writer->lock);
  g_clear_error(&error);
}

static gpointer
run(gpointer data)
{
  AuditWriter *writer = data;
  g_mutex_lock(&writer->lock);
  for (;;) {
    while (writer->queue->len == 0 && !writer->stopping)
      g_cond_wait(&writer->wake, &writer->lock);
    if (writer->queue->len == 0 && writer->stopping)
      break;
    /* Everything waiting now goes in one commit; what arrives meanwhile
     * forms the next. */
    GPtrArray *batch = writer->queue;
    writer->queue = g_ptr_array_new();
    g_mutex_unlock(&writer->lock);
    write_batch(writer, batch);
    g_ptr_array_unref(batch);
    g_mutex_lock(&writer->lock);
  }
  g_mutex_unlock(&writer->lock);
  return NULL;
}

AuditWriter *
audit_writer_new(const char *db_url, GError **error)
{
  StoreDb *db = store_open(db_url, error);
  if (db == NULL)
    return NULL;
  AuditWriter *writer = g_new0(AuditWriter, 1);
  writer->db = db;
  g_mutex_init(&writer->lock);
  g_cond_init(&writer->wake);
  g_cond_init(&writer->written);
  writer->queue = g_ptr_array_new();
  writer->thread = g_thread_new("spor-audit", run, writer);
  return writer;
}

void
audit_writer_free(AuditWriter *writer)
{
  if (writer == NULL)
    return;
  g_mutex_lock(&writer->lock);
  writer->stopping = TRUE;
  g_cond_signal(&writer->wake);
  g_mutex_unlock(&writer->lock);
  g_thread_join(writer->thread);
  g_ptr_array_unref(writer->queue);
  store_close(writer->db);
  g_mutex_clear(&writer->lock);
  g_cond_clear(&writer->wake);
  g_cond_clear(&writer->written);
  g_free(writer);
}

gboolean
audit_writer_write(AuditWriter *writer, const StoreAuditEntry *entries, gsize n, GError **error)
{
  if (n == 0)
    return TRUE;
  Pending pending = {entries, n, FALSE, FALSE, NULL};
  g_mutex_lock(&writer->lock);
  g_ptr_array_add(writer->queue, &pending);
  g_cond_signal(&writer->wake);
  while (!pending.done)
    g_cond_wait(&writer->written, &writer->lock);
  g_mutex_unlock(&writer->lock);
  if (!pending.ok)
    g_propagate_error(error, pending.error);
  return pending.ok;
}
