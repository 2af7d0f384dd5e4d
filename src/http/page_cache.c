/* page_cache.c — rendered pages by key and data revision, least recently
 * used first out (see page_cache.h). */
#include "http/page_cache.h"

#include <string.h>

typedef struct {
  char *key;
  gint64 revision;
  char *title;
  GBytes *content;
  json_t *audits; /* the reading the page stands for; may be NULL */
  gsize bytes; /* what the entry counts against the limit */
  GList link;  /* in PageCache.order; data points back at the entry */
} Entry;

struct PageCache {
  GMutex lock;
  gsize max_bytes;
  gsize bytes;
  GHashTable *entries; /* key (owned by the entry) → Entry */
  GQueue order;        /* most recently used at the head */
  guint64 hits, misses;
};

static void
entry_free(Entry *entry)
{
  g_free(entry->key);
  g_free(entry->title);
  g_bytes_unref(entry->content);
  json_decref(entry->audits);
  g_free(entry);
}

PageCache *
page_cache_new(gsize max_bytes)
{
  PageCache *cache = g_new0(PageCache, 1);
  g_mutex_init(&cache->lock);
  cache->max_bytes = max_bytes;
  cache->entries = g_hash_table_new(g_str_hash, g_str_equal);
  g_queue_init(&cache->order);
  return cache;
}

/* Takes entry out of the table and the order and frees it; lock held. */
static void
drop(PageCache *cache, Entry *entry)
{
  g_hash_table_remove(cache->entries, entry->key);
  g_queue_unlink(&cache->order, &entry->link);
  cache->bytes -= entry->bytes;
  entry_free(entry);
}

void
page_cache_free(PageCache *cache)
{
  if (cache == NULL)
    return;
  while (cache->order.head != NULL)
    drop(cache, cache->order.head->data);
  g_hash_table_destroy(cache->entries);
  g_mutex_clear(&cache->lock);
  g_free(cache);
}

gboolean
page_cache_lookup(PageCache *cache, const char *key, gint64 revision, GBytes **out_content,
                  char **out_title, json_t **out_audits)
{
  gboolean hit = FALSE;
  g_mutex_lock(&cache->lock);
  Entry *entry = g_hash_table_lookup(cache->entries, key);
  if (entry != NULL && entry->revision == revision) {
    g_queue_unlink(&cache->order, &entry->link);
    g_queue_push_head_link(&cache->order, &entry->link);
    *out_content = g_bytes_ref(entry->content);
    *out_title = g_strdup(entry->title);
    *out_audits = json_incref(entry->audits);
    hit = TRUE;
    cache->hits++;
  } else if (entry != NULL && entry->revision < revision) {
    drop(cache, entry); /* stale for good: revisions only grow */
  }
  if (!hit)
    cache->misses++;
  g_mutex_unlock(&cache->lock);
  return hit;
}

void
page_cache_store(PageCache *cache, const char *key, gint64 revision, const char *title,
                 GBytes *content, json_t *audits)
{
  gsize bytes = g_bytes_get_size(content) + strlen(key) + (title ? strlen(title) : 0) +
                sizeof(Entry) + 64;
  if (bytes > cache->max_bytes)
    return;
  Entry *fresh = g_new0(Entry, 1);
  fresh->key = g_strdup(key);
  fresh->revision = revision;
  fresh->title = g_strdup(title);
  fresh->content = g_bytes_ref(content);
  fresh->audits = json_incref(audits);
  fresh->bytes = bytes;
  fresh->link.data = fresh;

  g_mutex_lock(&cache->lock);
  Entry *old = g_hash_table_lookup(cache->entries, key);
  if (old != NULL && old->revision > revision) {
    /* A slower request read an older snapshot: keep the newer page. */
    g_mutex_unlock(&cache->lock);
    entry_free(fresh);
    return;
  }
  if (old != NULL)
    drop(cache, old);
  while (cache->bytes + bytes > cache->max_bytes && cache->order.tail != NULL)
    drop(cache, cache->order.tail->data);
  g_hash_table_insert(cache->entries, fresh->key, fresh);
  g_queue_push_head_link(&cache->order, &fresh->link);
  cache->bytes += bytes;
  g_mutex_unlock(&cache->lock);
}

void
page_cache_stats(PageCache *cache, guint *out_pages, gsize *out_bytes)
{
  g_mutex_lock(&cache->lock);
  *out_pages = g_hash_table_size(cache->entries);
  *out_bytes = cache->bytes;
  g_mutex_unlock(&cache->lock);
}

void
page_cache_counts(PageCache *cache, guint64 *out_hits, guint64 *out_misses)
{
  g_mutex_lock(&cache->lock);
  *out_hits = cache->hits;
  *out_misses = cache->misses;
  g_mutex_unlock(&cache->lock);
}
