/* test_page_cache.c — rendered pages by key and revision: hits only at the
 * same revision, stale pages dropped, the byte limit kept by forgetting
 * the least recently used, and many threads at once. */
#include <glib.h>
#include <string.h>

#include "http/page_cache.h"

static GBytes *
page_of(gsize size, char fill)
{
  char *data = g_malloc(size);
  memset(data, fill, size);
  return g_bytes_new_take(data, size);
}

static void
test_hit_and_revision(void)
{
  g_autoptr(PageCache) cache = page_cache_new(1 << 20);
  g_autoptr(GBytes) page = page_of(100, 'a');
  GBytes *content = NULL;
  char *title = NULL;
  json_t *audits = NULL;
  g_assert_false(page_cache_lookup(cache, "k", 1, &content, &title, &audits));
  json_t *read = json_pack("[{s:I, s:s}]", "citizen_id", (json_int_t)7, "action", "citizen.read");
  page_cache_store(cache, "k", 1, "Titel", page, read);
  json_decref(read);
  g_assert_true(page_cache_lookup(cache, "k", 1, &content, &title, &audits));
  g_assert_true(g_bytes_equal(content, page));
  g_assert_cmpstr(title, ==, "Titel");
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(audits, 0), "citizen_id")), ==,
                  7);
  json_decref(audits);
  g_bytes_unref(content);
  g_free(title);

  /* An older reader misses but leaves the newer page alone. */
  g_assert_false(page_cache_lookup(cache, "k", 0, &content, &title, &audits));
  guint pages;
  gsize bytes;
  page_cache_stats(cache, &pages, &bytes);
  g_assert_cmpuint(pages, ==, 1);
  /* A newer revision misses and drops the stale page. */
  g_assert_false(page_cache_lookup(cache, "k", 2, &content, &title, &audits));
  page_cache_stats(cache, &pages, &bytes);
  g_assert_cmpuint(pages, ==, 0);
  g_assert_cmpuint(bytes, ==, 0);

  /* A slow request that read revision 3 does not replace a page of 4. */
  g_autoptr(GBytes) newer = page_of(10, 'n');
  page_cache_store(cache, "k", 4, "Ny", newer, NULL);
  page_cache_store(cache, "k", 3, "Gammel", page, NULL);
  g_assert_true(page_cache_lookup(cache, "k", 4, &content, &title, &audits));
  g_assert_cmpstr(title, ==, "Ny");
  g_bytes_unref(content);
  g_free(title);
}

static void
test_limit_and_order(void)
{
  /* Room for three pages of 1000 bytes and their bookkeeping, not four. */
  g_autoptr(PageCache) cache = page_cache_new(3 * 1300);
  g_autoptr(GBytes) page = page_of(1000, 'p');
  page_cache_store(cache, "a", 1, "A", page, NULL);
  page_cache_store(cache, "b", 1, "B", page, NULL);
  page_cache_store(cache, "c", 1, "C", page, NULL);
  GBytes *content;
  char *title;
  json_t *audits;
  g_assert_true(page_cache_lookup(cache, "a", 1, &content, &title, &audits)); /* a is now newest */
  g_bytes_unref(content);
  g_free(title);
  page_cache_store(cache, "d", 1, "D", page, NULL); /* b goes: least recently used */
  g_assert_false(page_cache_lookup(cache, "b", 1, &content, &title, &audits));
  for (const char *k = "acd"; *k; k++) {
    char key[2] = {*k, 0};
    g_assert_true(page_cache_lookup(cache, key, 1, &content, &title, &audits));
    g_bytes_unref(content);
    g_free(title);
  }
  guint pages;
  gsize bytes;
  page_cache_stats(cache, &pages, &bytes);
  g_assert_cmpuint(pages, ==, 3);
  g_assert_cmpuint(bytes, <=, 3 * 1300);

  /* A page bigger than the whole cache is not kept, and pushes nothing out. */
  g_autoptr(GBytes) huge = page_of(10000, 'h');
  page_cache_store(cache, "huge", 1, "H", huge, NULL);
  g_assert_false(page_cache_lookup(cache, "huge", 1, &content, &title, &audits));
  page_cache_stats(cache, &pages, &bytes);
  g_assert_cmpuint(pages, ==, 3);
}

static void
test_disabled(void)
{
  g_autoptr(PageCache) cache = page_cache_new(0);
  g_autoptr(GBytes) page = page_of(10, 'z');
  page_cache_store(cache, "k", 1, "T", page, NULL);
  GBytes *content;
  char *title;
  json_t *audits;
  g_assert_false(page_cache_lookup(cache, "k", 1, &content, &title, &audits));
}

static gpointer
hammer(gpointer data)
{
  PageCache *cache = data;
  g_autoptr(GBytes) page = page_of(200, 'x');
  for (int i = 0; i < 20000; i++) {
    char key[16];
    g_snprintf(key, sizeof key, "k%d", i % 50);
    GBytes *content;
    char *title;
    json_t *audits;
    if (page_cache_lookup(cache, key, i / 1000, &content, &title, &audits)) {
      g_assert_cmpuint(g_bytes_get_size(content), ==, 200);
      g_bytes_unref(content);
      g_free(title);
    } else {
      page_cache_store(cache, key, i / 1000, "T", page, NULL);
    }
  }
  return NULL;
}

static void
test_threads(void)
{
  g_autoptr(PageCache) cache = page_cache_new(20 * 300);
  GThread *threads[4];
  for (int i = 0; i < 4; i++)
    threads[i] = g_thread_new("cache", hammer, cache);
  for (int i = 0; i < 4; i++)
    g_thread_join(threads[i]);
  guint pages;
  gsize bytes;
  page_cache_stats(cache, &pages, &bytes);
  g_assert_cmpuint(bytes, <=, 20 * 300);
  g_assert_cmpuint(pages, <=, 20);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/page-cache/hit-and-revision", test_hit_and_revision);
  g_test_add_func("/page-cache/limit-and-order", test_limit_and_order);
  g_test_add_func("/page-cache/disabled", test_disabled);
  g_test_add_func("/page-cache/threads", test_threads);
  return g_test_run();
}
