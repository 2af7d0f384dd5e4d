/* testdb.h — a fresh, empty database for one test, on the backend the run
 * chose: SQLite in a new temporary directory by default, or PostgreSQL
 * when SPOR_TEST_PG names a server (a libpq URL of a database to connect
 * to first, e.g. "postgresql:///postgres"; scripts/test sets it inside
 * its throw-away cluster).  A PostgreSQL database is created for the test
 * (UTF-8, C.UTF-8 collation, so that it sorts and folds case as SQLite
 * does) and dropped after it, connections and all. */
#pragma once

#include <glib.h>

typedef struct TestDb {
  char *url;     /* the database URL for store_open() */
  char *dir;     /* a temporary directory of the test's own (both backends) */
  char *pg_name; /* the PostgreSQL database, or NULL */
} TestDb;

/* TRUE when this run tests PostgreSQL. */
gboolean test_db_pg(void);

/* A new empty (unmigrated) database; aborts the test when it cannot be made. */
TestDb *test_db_new(void);
/* Drops the database and removes the directory. */
void test_db_free(TestDb *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TestDb, test_db_free)

/* The URL of the same database with extra libpq options appended
 * (PostgreSQL: "options=-c lock_timeout=50"), or SQLite's "?busy…";
 * newly allocated. */
char *test_db_url_with(const TestDb *db, const char *query);

/* Runs one statement on the PostgreSQL server outside any test database
 * (CREATE/DROP DATABASE, pg_terminate_backend); aborts on failure. */
void test_db_admin(const char *sql);

/* Removes a directory tree. */
void test_remove_tree(const char *dir);
