/* pool.c — a fixed set of connections shared by the server's threads:
 * acquire blocks while all are borrowed, release rolls back whatever
 * transaction the borrower left open. */
#include "store/internal.h"

struct StorePool {
  GMutex lock;
  GCond returned;
  GPtrArray *all;  /* every connection, owned */
  GPtrArray *idle; /* borrowed pointers into `all` */
};

static void
close_db(gpointer db)
{
  store_close(db);
}

StorePool *
store_pool_new(const char *url, guint size, GError **error)
{
  if (size == 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED,
                        "forbindelsespuljen skal have mindst én forbindelse");
    return NULL;
  }
  StorePool *pool = g_new0(StorePool, 1);
  g_mutex_init(&pool->lock);
  g_cond_init(&pool->returned);
  pool->all = g_ptr_array_new_full(size, close_db);
  pool->idle = g_ptr_array_new_full(size, NULL);
  for (guint i = 0; i < size; i++) {
    StoreDb *db = store_open(url, error);
    if (db == NULL) {
      store_pool_free(pool);
      return NULL;
    }
    g_ptr_array_add(pool->all, db);
    g_ptr_array_add(pool->idle, db);
  }
  return pool;
}

StoreDb *
store_pool_acquire(StorePool *pool)
{
  g_mutex_lock(&pool->lock);
  while (pool->idle->len == 0)
    g_cond_wait(&pool->returned, &pool->lock);
  StoreDb *db = g_ptr_array_steal_index_fast(pool->idle, pool->idle->len - 1);
  g_mutex_unlock(&pool->lock);
  return db;
}

void
store_pool_release(StorePool *pool, StoreDb *db)
{
  if (db == NULL)
    return;
  /* Outside the lock: a rollback touches the disk. */
  store_rollback(db);
  g_mutex_lock(&pool->lock);
  g_ptr_array_add(pool->idle, db);
  g_cond_signal(&pool->returned);
  g_mutex_unlock(&pool->lock);
}

void
store_pool_free(StorePool *pool)
{
  if (pool == NULL)
    return;
  if (pool->idle->len != pool->all->len)
    g_warning("forbindelsespuljen lukkes med %u lånte forbindelser",
              pool->all->len - pool->idle->len);
  g_ptr_array_unref(pool->idle);
  g_ptr_array_unref(pool->all);
  g_cond_clear(&pool->returned);
  g_mutex_clear(&pool->lock);
  g_free(pool);
}
