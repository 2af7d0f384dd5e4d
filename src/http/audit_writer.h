/* audit_writer.h — audit lines for requests that only read.
 *
 * A GET of a citizen's page runs in a read transaction, but reading
 * citizen data must leave a line in the audit log before the data leaves
 * the server.  The writer keeps one connection of its own and one thread
 * that appends the lines of every waiting request in one write
 * transaction (a group commit), so that many readers share one commit
 * instead of queueing for the write lock one by one.  A request waits
 * until its lines are committed; when they cannot be, it is told so and
 * must not answer with the data. */
#pragma once

#include <glib.h>

#include "store/store.h"

typedef struct AuditWriter AuditWriter;

/* Opens the writer's connection to db_url and starts its thread. */
AuditWriter *audit_writer_new(const char *db_url, GError **error);
/* Writes what is waiting, stops the thread, closes the connection. */
void audit_writer_free(AuditWriter *writer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditWriter, audit_writer_free)

/* Appends n lines (copied) and returns once they are committed; FALSE
 * with error when they could not be.  Safe from many threads at once. */
gboolean audit_writer_write(AuditWriter *writer, const StoreAuditEntry *entries, gsize n,
                            GError **error);
