/* testdb.c — see testdb.h. */
#include "testdb.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* For store_exec_script(): CREATE and DROP DATABASE are no store API. */
#include "store/internal.h"

gboolean
test_db_pg(void)
{
  const char *base = g_getenv("SPOR_TEST_PG");
  return base != NULL && *base != '\0';
}

void
test_remove_tree(const char *dir)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
    g_autofree char *path = g_build_filename(dir, name, NULL);
    if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK))
      test_remove_tree(path);
    else
      g_unlink(path);
  }
  g_rmdir(dir);
}

/* The base URL with its database name replaced by name. */
static char *
url_with_dbname(const char *base, const char *name)
{
  const char *authority = strstr(base, "://");
  g_assert_nonnull(authority);
  authority += 3;
  const char *path = authority + strcspn(authority, "/?");
  const char *rest = path;
  if (*rest == '/')
    rest += 1 + strcspn(rest + 1, "?");
  return g_strdup_printf("%.*s/%s%s", (int)(path - base), base, name, rest);
}

void
test_db_admin(const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StoreDb) admin = store_open(g_getenv("SPOR_TEST_PG"), &error);
  g_assert_no_error(error);
  g_assert_true(store_exec_script(admin, sql, &error));
  g_assert_no_error(error);
}

TestDb *
test_db_new(void)
{
  static gint counter;
  g_autoptr(GError) error = NULL;
  TestDb *db = g_new0(TestDb, 1);
  db->dir = g_dir_make_tmp("spor-test-XXXXXX", &error);
  g_assert_no_error(error);
  if (!test_db_pg()) {
    db->url = g_strdup_printf("sqlite:%s/t.db", db->dir);
    return db;
  }
  db->pg_name = g_strdup_printf("spor_t_%d_%d", (int)getpid(), g_atomic_int_add(&counter, 1));
  g_autofree char *create = g_strdup_printf(
    "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8'"
    " LC_CTYPE 'C.UTF-8'",
    db->pg_name);
  test_db_admin(create);
  db->url = url_with_dbname(g_getenv("SPOR_TEST_PG"), db->pg_name);
  return db;
}

void
test_db_free(TestDb *db)
{
  if (db == NULL)
    return;
  if (db->pg_name != NULL) {
    g_autofree char *drop = g_strdup_printf("DROP DATABASE %s WITH (FORCE)", db->pg_name);
    test_db_admin(drop);
  }
  test_remove_tree(db->dir);
  g_free(db->url);
  g_free(db->dir);
  g_free(db->pg_name);
  g_free(db);
}

char *
test_db_url_with(const TestDb *db, const char *query)
{
  return g_strdup_printf("%s%s%s", db->url, strchr(db->url, '?') ? "&" : "?", query);
}
