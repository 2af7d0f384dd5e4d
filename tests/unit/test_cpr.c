/* test_cpr.c — CPR numbers and the key file: parsing with the century
 * rules, sealing and opening, the look-up hash, masking; the key file's
 * creation, permissions and format. */
#include <glib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/cpr.h"
#include "domain/secrets.h"

static void
test_parse(void)
{
  static const struct {
    const char *text;
    const char *digits; /* NULL: refused */
  } cases[] = {
    {"010203-1234", "0102031234"}, {"0102031234", "0102031234"}, {"010203 1234", "0102031234"},
    {" 010203-1234 ", "0102031234"}, {"290200-4001", "2902004001"}, /* 2000: leap year */
    {"290201-4001", NULL},           /* 2001 is not */
    {"290200-0001", NULL},           /* 1900 was not a leap year … */
    {"290200-5001", "2902005001"},   /* … but seventh digit 5, yy 00 is 2000 */
    {"290296-3001", "2902963001"},   {"310403-1234", NULL}, {"001203-1234", NULL},
    {"011303-1234", NULL},           {"010203-123", NULL},  {"010203-12345", NULL},
    {"01-0203-1234", NULL},          {"abcdef-ghij", NULL}, {"", NULL},
    {"010203--1234", NULL},          {"0102031234x", NULL},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    Cpr cpr;
    gboolean ok = cpr_parse(cases[i].text, &cpr);
    if (ok != (cases[i].digits != NULL))
      g_test_message("case \"%s\"", cases[i].text);
    g_assert_cmpint(ok, ==, cases[i].digits != NULL);
    if (ok)
      g_assert_cmpstr(cpr.digits, ==, cases[i].digits);
  }
  g_assert_false(cpr_parse(NULL, NULL));
}

typedef struct {
  char *dir;
  char *path;
} KeyDir;

static void
key_dir_set_up(KeyDir *k, gconstpointer data)
{
  (void)data;
  k->dir = g_dir_make_tmp("spor-key-XXXXXX", NULL);
  k->path = g_build_filename(k->dir, "sub", "spor.key", NULL);
}

static void
key_dir_tear_down(KeyDir *k, gconstpointer data)
{
  (void)data;
  g_unlink(k->path);
  g_autofree char *sub = g_path_get_dirname(k->path);
  g_rmdir(sub);
  g_rmdir(k->dir);
  g_free(k->path);
  g_free(k->dir);
}

static void
test_key_file(KeyDir *k, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_assert_null(spor_secrets_load(k->path, FALSE, &error));
  g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull(strstr(error->message, "spor init"));
  g_clear_error(&error);

  g_autoptr(SporSecrets) made = spor_secrets_load(k->path, TRUE, &error);
  g_assert_no_error(error);
  GStatBuf st;
  g_assert_cmpint(g_stat(k->path, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_autofree char *text = NULL;
  g_assert_true(g_file_get_contents(k->path, &text, NULL, NULL));
  g_assert_cmpuint(strlen(text), ==, 65);

  /* Loading again gives the same keys: a number sealed before opens. */
  g_autoptr(SporSecrets) again = spor_secrets_load(k->path, TRUE, &error);
  g_assert_no_error(error);
  Cpr cpr, opened;
  g_assert_true(cpr_parse("010203-1234", &cpr));
  g_autofree char *sealed = cpr_seal(made, &cpr);
  g_assert_true(cpr_open(again, sealed, &opened));
  g_assert_cmpstr(opened.digits, ==, "0102031234");

  /* Readable by others: refused. */
  g_chmod(k->path, 0644);
  g_assert_null(spor_secrets_load(k->path, FALSE, &error));
  g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_PERM);
  g_assert_nonnull(strstr(error->message, "chmod 600"));
  g_clear_error(&error);
  g_chmod(k->path, 0600);

  /* Not a key. */
  g_assert_true(g_file_set_contents(k->path, "not a key\n", -1, NULL));
  g_chmod(k->path, 0600);
  g_assert_null(spor_secrets_load(k->path, FALSE, &error));
  g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
}

static void
test_seal_hash_mask(KeyDir *k, gconstpointer data)
{
  (void)data;
  g_autoptr(SporSecrets) secrets = spor_secrets_load(k->path, TRUE, NULL);
  g_assert_nonnull(secrets);
  Cpr cpr, other, opened;
  g_assert_true(cpr_parse("0102031234", &cpr));
  g_assert_true(cpr_parse("010203-1235", &other));

  g_autofree char *a = cpr_seal(secrets, &cpr);
  g_autofree char *b = cpr_seal(secrets, &cpr);
  g_assert_cmpstr(a, !=, b); /* a fresh nonce each time */
  g_assert_null(strstr(a, "0102031234"));
  g_assert_true(cpr_open(secrets, a, &opened));
  g_assert_cmpstr(opened.digits, ==, "0102031234");

  /* A changed byte, a foreign text, nothing: not opened. */
  gsize len;
  g_autofree guchar *raw = g_base64_decode(a, &len);
  raw[len - 1] ^= 1;
  g_autofree char *tampered = g_base64_encode(raw, len);
  g_assert_false(cpr_open(secrets, tampered, &opened));
  g_assert_false(cpr_open(secrets, "bm90IGEgc2VhbA==", &opened));
  g_assert_false(cpr_open(secrets, NULL, &opened));

  /* The look-up hash: the same for the same number, another for another,
   * 64 hex characters, and not the number. */
  g_autofree char *h1 = cpr_lookup_hash(secrets, &cpr);
  g_autofree char *h2 = cpr_lookup_hash(secrets, &cpr);
  g_autofree char *h3 = cpr_lookup_hash(secrets, &other);
  g_assert_cmpstr(h1, ==, h2);
  g_assert_cmpstr(h1, !=, h3);
  g_assert_cmpuint(strlen(h1), ==, 64);

  g_autofree char *whole = cpr_format(&cpr);
  g_autofree char *masked = cpr_mask(&cpr);
  g_assert_cmpstr(whole, ==, "010203-1234");
  g_assert_cmpstr(masked, ==, "010203-****");
}

/* Another installation's key opens nothing and hashes differently. */
static void
test_other_key(KeyDir *k, gconstpointer data)
{
  (void)data;
  g_autoptr(SporSecrets) mine = spor_secrets_load(k->path, TRUE, NULL);
  g_autofree char *other_path = g_build_filename(k->dir, "other.key", NULL);
  g_autoptr(SporSecrets) theirs = spor_secrets_load(other_path, TRUE, NULL);
  Cpr cpr, opened;
  g_assert_true(cpr_parse("010203-1234", &cpr));
  g_autofree char *sealed = cpr_seal(mine, &cpr);
  g_assert_false(cpr_open(theirs, sealed, &opened));
  g_autofree char *h1 = cpr_lookup_hash(mine, &cpr);
  g_autofree char *h2 = cpr_lookup_hash(theirs, &cpr);
  g_assert_cmpstr(h1, !=, h2);
  g_unlink(other_path);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(sodium_init(), >=, 0);
  g_test_add_func("/cpr/parse", test_parse);
  g_test_add("/cpr/key-file", KeyDir, NULL, key_dir_set_up, test_key_file, key_dir_tear_down);
  g_test_add("/cpr/seal-hash-mask", KeyDir, NULL, key_dir_set_up, test_seal_hash_mask,
             key_dir_tear_down);
  g_test_add("/cpr/other-key", KeyDir, NULL, key_dir_set_up, test_other_key, key_dir_tear_down);
  return g_test_run();
}
