/* audit_writer.h — audit lines for requests that only read.
 *
 * A GET of a citizen's page runs in a read transaction, but reading
 * citizen data must leave a line in the audit log.  The writer keeps one
 * connection of its own and one thread that appends the waiting lines of
 * many requests in one write transaction (a group commit).
 *
 * Two ways to wait, chosen by [audit] read_lines:
 *   - "sync": the request waits until its lines are committed and is
 *     refused (503) when they cannot be.  No read is ever unlogged, at the
 *     price of one commit's latency on every read.
 *   - "async" (the default): the lines are queued and the request goes on;
 *     the thread commits them within milliseconds.  While the log cannot
 *     be written, lines stay queued and are tried again; once the oldest
 *     waits longer than [audit] read_max_delay_ms, or the queue is full,
 *     reads are refused (503) until the log catches up, so data never
 *     flows while the log is stuck.  A clean stop writes the queue; only a
 *     hard crash can lose the lines of the last moments' reads.
 * Changes are never written here: their lines go into the changing
 * transaction itself. */
#pragma once

#include <glib.h>

#include "store/store.h"

typedef struct AuditWriter AuditWriter;

typedef struct AuditWriterOptions {
  gboolean sync;        /* wait for the commit of every read's lines */
  guint max_delay_ms;   /* async: refuse reads when the oldest line waits longer */
  guint max_queued;     /* async: refuse reads when this many lines wait */
} AuditWriterOptions;

/* Opens the writer's connection to db_url and starts its thread. */
AuditWriter *audit_writer_new(const char *db_url, const AuditWriterOptions *options,
                              GError **error);
/* Writes what is waiting (trying for a few seconds), stops the thread,
 * closes the connection. */
void audit_writer_free(AuditWriter *writer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditWriter, audit_writer_free)

/* Hands n lines (copied) to the writer.  sync (the writer's option, or
 * must_wait for this answer): returns once they are committed, FALSE with
 * error when they could not be.  async: returns at once, FALSE with error
 * when the log is behind (see above).  Safe from many threads at once. */
gboolean audit_writer_write(AuditWriter *writer, const StoreAuditEntry *entries, gsize n,
                            gboolean must_wait,
                            GError **error);

/* Lines waiting now (queued or being written), lines written and batches
 * that failed since the start; and how long the oldest waiting line has
 * waited (ms, 0 when none). */
void audit_writer_stats(AuditWriter *writer, guint64 *out_waiting, guint64 *out_written,
                        guint64 *out_failed_batches, gint64 *out_lag_ms);

/* Waits until every line handed over so far is committed (or fails after
 * timeout_ms); for tests and a clean stop. */
gboolean audit_writer_flush(AuditWriter *writer, guint timeout_ms);
