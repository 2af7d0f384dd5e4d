/* page_cache.h — rendered pages kept by `spor serve`, valid for one data
 * revision.
 *
 * A page that routes mark ROUTE_PAGE_CACHE is a pure function of who asks
 * (the user, their language), what they ask (path and query), the day,
 * and the data at one revision of store_data_revision().  The dispatcher
 * keeps the rendered content of such a page under a key naming all but
 * the revision, tagged with the revision it was read at; while the
 * database still reads that revision, the same request gets the same
 * content without running the handler.  The layout around it (the user's
 * name, the CSRF token) is rendered anew for every request, and the
 * session, capability and row checks run as before: a hit only replaces
 * reading and rendering what those checks allow.
 *
 * The cache is bounded in bytes and forgets the least recently used page
 * first; a page seen at an older revision is dropped when found.  All
 * functions are safe to call from many threads at once. */
#pragma once

#include <glib.h>
#include <jansson.h>

typedef struct PageCache PageCache;

/* A cache that keeps at most max_bytes of pages; with 0 it keeps nothing
 * (every lookup misses). */
PageCache *page_cache_new(gsize max_bytes);
void page_cache_free(PageCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PageCache, page_cache_free)

/* On a hit (key present at exactly this revision) returns TRUE with a new
 * reference to the content, a newly allocated title and a new reference
 * to the audit lines the page's reading leaves (json array, or NULL). */
gboolean page_cache_lookup(PageCache *cache, const char *key, gint64 revision,
                           GBytes **out_content, char **out_title, json_t **out_audits);

/* Keeps content and audits (new references are taken; audits may be NULL
 * and must not change afterwards) and title under key for revision,
 * replacing what was there.  Content larger than the whole cache is not
 * kept. */
void page_cache_store(PageCache *cache, const char *key, gint64 revision, const char *title,
                      GBytes *content, json_t *audits);

/* Pages and bytes kept now, and lookups that hit and missed since the
 * start (tests and metrics). */
void page_cache_stats(PageCache *cache, guint *out_pages, gsize *out_bytes);
void page_cache_counts(PageCache *cache, guint64 *out_hits, guint64 *out_misses);
