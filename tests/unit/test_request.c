/* test_request.c — parsing of request input: urlencoded forms and query
 * strings into FormData (decoding, splitting, limits, rejected input, the
 * length argument) and Cookie headers into a table. */
#include <glib.h>
#include <string.h>

#include "http/http.h"

/* ---- Helpers ---------------------------------------------------------- */

/* Parses text (its whole strlen) and asserts that it succeeded. */
static FormData *
parse_ok(const char *text, guint max_fields)
{
  FormData *data = form_data_new();
  g_autoptr(GError) error = NULL;
  gboolean ok = form_data_parse_urlencoded(data, text, strlen(text), max_fields, &error);
  g_assert_no_error(error);
  g_assert_true(ok);
  return data;
}

/* Asserts that parsing len bytes of text fails with an error set.  The
 * bytes are copied to a block of exactly len bytes, so a read past the end
 * shows under ASan and valgrind. */
static void
assert_parse_fails(const char *text, gsize len, guint max_fields)
{
  g_autoptr(FormData) data = form_data_new();
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_memdup2(text, len);
  gboolean ok = form_data_parse_urlencoded(data, copy, len, max_fields, &error);
  if (ok || error == NULL)
    g_test_message("input that should have failed: \"%.*s\"", (int)len, text);
  g_assert_false(ok);
  g_assert_nonnull(error);
}

/* Asserts that get_all(name) holds exactly the n values given. */
static void
assert_values(const FormData *data, const char *name, guint n, const char *const *values)
{
  const GPtrArray *all = form_data_get_all(data, name);
  g_assert_nonnull(all);
  g_assert_cmpuint(all->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr(g_ptr_array_index(all, i), ==, values[i]);
}

static GHashTable *
cookie_table(void)
{
  return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

/* Parses header into a new table and asserts that it succeeded. */
static GHashTable *
cookies_ok(const char *header)
{
  GHashTable *cookies = cookie_table();
  g_autoptr(GError) error = NULL;
  gboolean ok = http_parse_cookies(header, cookies, &error);
  g_assert_no_error(error);
  g_assert_true(ok);
  return cookies;
}

static void
assert_cookies_fail(const char *header)
{
  g_autoptr(GHashTable) cookies = cookie_table();
  g_autoptr(GError) error = NULL;
  gboolean ok = http_parse_cookies(header, cookies, &error);
  if (ok || error == NULL)
    g_test_message("header that should have failed: \"%s\"", header);
  g_assert_false(ok);
  g_assert_nonnull(error);
}

/* ---- FormData --------------------------------------------------------- */

static void
test_form_repeated_names(void)
{
  g_autoptr(FormData) data = parse_ok("a=1&b=2&a=3", 100);
  g_assert_cmpuint(form_data_size(data), ==, 3);
  g_assert_cmpstr(form_data_get(data, "a"), ==, "1");
  g_assert_cmpstr(form_data_get(data, "b"), ==, "2");
  assert_values(data, "a", 2, (const char *const[]){"1", "3"});
  assert_values(data, "b", 1, (const char *const[]){"2"});
}

static void
test_form_decoding(void)
{
  g_autoptr(FormData) data =
      parse_ok("q=hello+world&pct=%41%62%2b%2B%26%3d&upper=%C3%85se&lower=%c3%a6%c3%b8"
               "&first+name=%C3%85se+Bo&%C3%A6=1&plain=%25",
               100);
  g_assert_cmpuint(form_data_size(data), ==, 7);
  g_assert_cmpstr(form_data_get(data, "q"), ==, "hello world");
  g_assert_cmpstr(form_data_get(data, "pct"), ==, "Ab++&=");
  g_assert_cmpstr(form_data_get(data, "upper"), ==, "Åse");
  g_assert_cmpstr(form_data_get(data, "lower"), ==, "æø");
  g_assert_cmpstr(form_data_get(data, "first name"), ==, "Åse Bo");
  g_assert_cmpstr(form_data_get(data, "æ"), ==, "1");
  g_assert_cmpstr(form_data_get(data, "plain"), ==, "%");
  /* Raw (already valid) UTF-8 passes through unchanged. */
  g_autoptr(FormData) raw = parse_ok("navn=Søren", 100);
  g_assert_cmpstr(form_data_get(raw, "navn"), ==, "Søren");
}

static void
test_form_pieces(void)
{
  /* A name without '=' has the empty value; "x=" too. */
  g_autoptr(FormData) bare = parse_ok("a&b=&c=3", 100);
  g_assert_cmpuint(form_data_size(bare), ==, 3);
  g_assert_cmpstr(form_data_get(bare, "a"), ==, "");
  g_assert_cmpstr(form_data_get(bare, "b"), ==, "");
  g_assert_cmpstr(form_data_get(bare, "c"), ==, "3");

  /* Empty pieces are skipped, wherever they are. */
  g_autoptr(FormData) gaps = parse_ok("&&a=1&&&b=2&", 100);
  g_assert_cmpuint(form_data_size(gaps), ==, 2);
  g_assert_cmpstr(form_data_get(gaps, "a"), ==, "1");
  g_assert_cmpstr(form_data_get(gaps, "b"), ==, "2");

  /* No text, no fields. */
  g_autoptr(FormData) empty = parse_ok("", 100);
  g_assert_cmpuint(form_data_size(empty), ==, 0);
  g_autoptr(FormData) only_amps = parse_ok("&&&", 100);
  g_assert_cmpuint(form_data_size(only_amps), ==, 0);

  /* ';' is not a separator: it stays in the value. */
  g_autoptr(FormData) semi = parse_ok("a=1;b=2", 100);
  g_assert_cmpuint(form_data_size(semi), ==, 1);
  g_assert_cmpstr(form_data_get(semi, "a"), ==, "1;b=2");
  g_assert_null(form_data_get(semi, "b"));
}

static void
test_form_bad_escapes(void)
{
  static const char *const bad[] = {
      "a=%zz", "a=%4", "a=%", "a=1&b=%", "a=%4g", "a=%g4", "%zz=1", "a%=1", "a=%%41",
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++)
    assert_parse_fails(bad[i], strlen(bad[i]), 100);
}

static void
test_form_bad_utf8(void)
{
  static const char *const bad[] = {
      "a=%E2%28%A1", "a=%FF", "%FF=1", "a=%C3", "a=%C0%AF", "a=\xff", "a=x\xc3",
      "a=1&b=%ED%A0%80", /* a UTF-16 surrogate */
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++)
    assert_parse_fails(bad[i], strlen(bad[i]), 100);
}

static void
test_form_nul(void)
{
  assert_parse_fails("a=%00", 5, 100);
  assert_parse_fails("a=x%00y", 7, 100);
  assert_parse_fails("%00=1", 5, 100);
  assert_parse_fails("a%00b=1", 7, 100);
  /* Raw NUL bytes inside the given length. */
  assert_parse_fails("a=x\0y", 5, 100);
  assert_parse_fails("a\0b=1", 5, 100);
  assert_parse_fails("a=1&\0", 5, 100);
}

static void
test_form_max_fields(void)
{
  g_autoptr(FormData) three = parse_ok("a=1&b=2&c=3", 3);
  g_assert_cmpuint(form_data_size(three), ==, 3);
  /* Skipped empty pieces are not fields. */
  g_autoptr(FormData) gaps = parse_ok("a=1&&b=2&&c=3&&", 3);
  g_assert_cmpuint(form_data_size(gaps), ==, 3);
  /* Repeated names count each time. */
  assert_parse_fails("a=1&a=2&a=3&a=4", 15, 3);
  assert_parse_fails("a&b&c&d", 7, 3);
  assert_parse_fails("a=1", 3, 0);
  g_autoptr(FormData) none = parse_ok("", 0);
  g_assert_cmpuint(form_data_size(none), ==, 0);
}

static void
test_form_length(void)
{
  /* Only the first len bytes count; the rest is not looked at. */
  static const char text[] = "a=1&b=2";
  g_autoptr(FormData) data = form_data_new();
  g_autoptr(GError) error = NULL;
  g_assert_true(form_data_parse_urlencoded(data, text, 3, 100, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(form_data_size(data), ==, 1);
  g_assert_cmpstr(form_data_get(data, "a"), ==, "1");
  g_assert_null(form_data_get(data, "b"));

  /* Text that is not NUL-terminated at len: an exact-size block, so a
   * read past its end shows under ASan and valgrind. */
  static const char unterminated[] = {'x', '=', '%', '4', '1', '&', 'y', '+', 'z'};
  g_autofree char *block = g_memdup2(unterminated, sizeof unterminated);
  g_autoptr(FormData) data2 = form_data_new();
  g_assert_true(form_data_parse_urlencoded(data2, block, sizeof unterminated, 100, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(form_data_size(data2), ==, 2);
  g_assert_cmpstr(form_data_get(data2, "x"), ==, "A");
  g_assert_cmpstr(form_data_get(data2, "y z"), ==, "");

  /* Cut in the middle of an escape: "a=%4" of "a=%41". */
  assert_parse_fails("a=%41", 4, 100);

  /* len 0 is an empty text. */
  g_autoptr(FormData) data3 = form_data_new();
  g_assert_true(form_data_parse_urlencoded(data3, "a=1", 0, 100, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(form_data_size(data3), ==, 0);
}

static void
test_form_absent(void)
{
  g_autoptr(FormData) fresh = form_data_new();
  g_assert_cmpuint(form_data_size(fresh), ==, 0);
  g_assert_null(form_data_get(fresh, "a"));
  const GPtrArray *none = form_data_get_all(fresh, "a");
  g_assert_nonnull(none);
  g_assert_cmpuint(none->len, ==, 0);

  g_autoptr(FormData) data = parse_ok("a=1", 100);
  g_assert_null(form_data_get(data, "b"));
  g_assert_null(form_data_get(data, "A"));
  g_assert_null(form_data_get(data, ""));
  const GPtrArray *none2 = form_data_get_all(data, "b");
  g_assert_nonnull(none2);
  g_assert_cmpuint(none2->len, ==, 0);
}

/* ---- Cookies ---------------------------------------------------------- */

static void
test_cookies_basic(void)
{
  g_autoptr(GHashTable) cookies = cookies_ok("a=1; b=two");
  g_assert_cmpuint(g_hash_table_size(cookies), ==, 2);
  g_assert_cmpstr(g_hash_table_lookup(cookies, "a"), ==, "1");
  g_assert_cmpstr(g_hash_table_lookup(cookies, "b"), ==, "two");

  g_autoptr(GHashTable) one = cookies_ok("spor_session=AbC-123_xyz");
  g_assert_cmpuint(g_hash_table_size(one), ==, 1);
  g_assert_cmpstr(g_hash_table_lookup(one, "spor_session"), ==, "AbC-123_xyz");
}

static void
test_cookies_whitespace(void)
{
  g_autoptr(GHashTable) cookies = cookies_ok("  a=1 ;   b=two ;c=3  ");
  g_assert_cmpuint(g_hash_table_size(cookies), ==, 3);
  g_assert_cmpstr(g_hash_table_lookup(cookies, "a"), ==, "1");
  g_assert_cmpstr(g_hash_table_lookup(cookies, "b"), ==, "two");
  g_assert_cmpstr(g_hash_table_lookup(cookies, "c"), ==, "3");
}

static void
test_cookies_quoted(void)
{
  g_autoptr(GHashTable) cookies = cookies_ok("x=\"v\"; y=\"\"; z=w");
  g_assert_cmpuint(g_hash_table_size(cookies), ==, 3);
  g_assert_cmpstr(g_hash_table_lookup(cookies, "x"), ==, "v");
  g_assert_cmpstr(g_hash_table_lookup(cookies, "y"), ==, "");
  g_assert_cmpstr(g_hash_table_lookup(cookies, "z"), ==, "w");
}

static void
test_cookies_duplicate(void)
{
  g_autoptr(GHashTable) cookies = cookies_ok("a=first; b=2; a=second");
  g_assert_cmpuint(g_hash_table_size(cookies), ==, 2);
  g_assert_cmpstr(g_hash_table_lookup(cookies, "a"), ==, "first");
  g_assert_cmpstr(g_hash_table_lookup(cookies, "b"), ==, "2");
}

static void
test_cookies_empty(void)
{
  g_autoptr(GHashTable) cookies = cookies_ok("");
  g_assert_cmpuint(g_hash_table_size(cookies), ==, 0);
}

static void
test_cookies_malformed(void)
{
  assert_cookies_fail("a");
  assert_cookies_fail("a=1; b");
  assert_cookies_fail("flag; a=1");
}

static void
test_cookies_control(void)
{
  assert_cookies_fail("a=\x01");
  assert_cookies_fail("a=x\x01y; b=2");
  assert_cookies_fail("a=1\nb=2");
  assert_cookies_fail("a=1;\n b=2");
  assert_cookies_fail("a\x7f=1");
  assert_cookies_fail("a=1\r\nSet-Cookie: b=2");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);

  g_test_add_func("/request/form/repeated-names", test_form_repeated_names);
  g_test_add_func("/request/form/decoding", test_form_decoding);
  g_test_add_func("/request/form/pieces", test_form_pieces);
  g_test_add_func("/request/form/bad-escapes", test_form_bad_escapes);
  g_test_add_func("/request/form/bad-utf8", test_form_bad_utf8);
  g_test_add_func("/request/form/nul", test_form_nul);
  g_test_add_func("/request/form/max-fields", test_form_max_fields);
  g_test_add_func("/request/form/length", test_form_length);
  g_test_add_func("/request/form/absent", test_form_absent);

  g_test_add_func("/request/cookies/basic", test_cookies_basic);
  g_test_add_func("/request/cookies/whitespace", test_cookies_whitespace);
  g_test_add_func("/request/cookies/quoted", test_cookies_quoted);
  g_test_add_func("/request/cookies/duplicate", test_cookies_duplicate);
  g_test_add_func("/request/cookies/empty", test_cookies_empty);
  g_test_add_func("/request/cookies/malformed", test_cookies_malformed);
  g_test_add_func("/request/cookies/control", test_cookies_control);

  return g_test_run();
}
