/* test_core.c — configuration, dates, languages and roles. */
#include <glib.h>
#include <glib/gstdio.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/roles.h"

static void
test_date_parse(void)
{
  static const struct {
    const char *in;
    const char *iso;
  } cases[] = {
    {"2026-11-22", "2026-11-22"}, {"22-11-2026", "2026-11-22"}, {"22.11.2026", "2026-11-22"},
    {"22/11/2026", "2026-11-22"}, {" 01-01-2000 ", "2000-01-01"}, {"29-02-2024", "2024-02-29"},
    {"29-02-2025", NULL},         {"2026-13-01", NULL},         {"2026-00-10", NULL},
    {"31-04-2026", NULL},         {"22-11-26", NULL},           {"22-11.2026", NULL},
    {"", NULL},                   {"abcdefghij", NULL},         {"2026-1-022", NULL},
    {"0000-01-01", NULL},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *got = spor_date_parse_to_iso(cases[i].in);
    g_assert_cmpstr(got, ==, cases[i].iso);
  }
  g_assert_null(spor_date_parse_to_iso(NULL));
  g_assert_true(spor_date_valid_iso("2024-02-29"));
  g_assert_false(spor_date_valid_iso("2023-02-29"));
  g_assert_false(spor_date_valid_iso("2023-02-2"));
}

static void
test_date_danish(void)
{
  g_autofree char *a = spor_date_iso_to_danish("2026-11-22");
  g_assert_cmpstr(a, ==, "22-11-2026");
  g_autofree char *b = spor_date_iso_to_danish("2026-11-22T15:03:00Z");
  g_assert_cmpstr(b, ==, "22-11-2026");
  g_assert_null(spor_date_iso_to_danish("2026-02-30"));
  g_assert_null(spor_date_iso_to_danish("nope"));
}

static void
test_age(void)
{
  g_assert_cmpint(spor_age_years("2000-11-22", "2026-11-22"), ==, 26);
  g_assert_cmpint(spor_age_years("2000-11-23", "2026-11-22"), ==, 25);
  g_assert_cmpint(spor_age_years("2000-12-01", "2026-11-22"), ==, 25);
  g_assert_cmpint(spor_age_years("2027-01-01", "2026-11-22"), ==, -1);
  g_assert_cmpint(spor_age_years("x", "2026-11-22"), ==, -1);
}

static void
test_clock_offset(void)
{
  g_autofree char *before = spor_timestamp_now(0);
  spor_clock_set_offset(-3600 * 24 * 400);
  g_autofree char *shifted = spor_timestamp_now(0);
  spor_clock_set_offset(0);
  g_assert_cmpint(strlen(before), ==, 20);
  g_assert_true(before[19] == 'Z');
  g_assert_cmpstr(shifted, <, before);
  g_autofree char *later = spor_timestamp_now(60);
  g_assert_cmpstr(later, >, before);
}

static void
test_listen_parse(void)
{
  char *host = NULL;
  guint16 port = 0;
  g_assert_true(spor_listen_parse("127.0.0.1:8080", &host, &port));
  g_assert_cmpstr(host, ==, "127.0.0.1");
  g_assert_cmpuint(port, ==, 8080);
  g_clear_pointer(&host, g_free);
  g_assert_true(spor_listen_parse("[::1]:0", &host, &port));
  g_assert_cmpstr(host, ==, "::1");
  g_assert_cmpuint(port, ==, 0);
  g_clear_pointer(&host, g_free);
  g_assert_true(spor_listen_parse("localhost:443", &host, &port));
  g_clear_pointer(&host, g_free);
  const char *bad[] = {"", "8080", ":8080", "host:", "host:65536", "host:80a", "[::1]8080",
                       "host:123456"};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++)
    g_assert_false(spor_listen_parse(bad[i], &host, &port));
  g_assert_null(host);
}

static char *
write_conf(const char *dir, const char *text)
{
  char *path = g_build_filename(dir, "spor.conf", NULL);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  return path;
}

static void
test_config_file_and_env(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("spor-test-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree char *path = write_conf(dir,
    "[database]\nurl=sqlite:/tmp/x.db\npool_size=3\n"
    "[server]\nlisten=0.0.0.0:9000\nthreads=2\nsecure_cookies=true\n"
    "trusted_proxies=127.0.0.1; ::1\n");

  g_unsetenv("SPOR_DB");
  g_autoptr(SporConfig) c = spor_config_load(path, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(c->db_url, ==, "sqlite:/tmp/x.db");
  g_assert_cmpuint(c->pool_size, ==, 3);
  g_assert_cmpstr(c->listen, ==, "0.0.0.0:9000");
  g_assert_cmpuint(c->threads, ==, 2);
  g_assert_true(c->secure_cookies);
  g_assert_cmpuint(c->session_idle_minutes, ==, 60);
  g_assert_cmpuint(g_strv_length(c->trusted_proxies), ==, 2);
  g_assert_cmpstr(c->trusted_proxies[1], ==, "::1");

  g_setenv("SPOR_DB", "sqlite:/tmp/env.db", TRUE);
  g_autoptr(SporConfig) c2 = spor_config_load(path, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(c2->db_url, ==, "sqlite:/tmp/env.db");
  g_unsetenv("SPOR_DB");

  g_unlink(path);
  g_rmdir(dir);
}

static void
test_config_defaults(void)
{
  g_unsetenv("SPOR_DB");
  g_unsetenv("SPOR_CONF");
  g_autofree char *cwd = g_get_current_dir();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("spor-test-XXXXXX", &error);
  g_assert_no_error(error);
  g_assert_cmpint(g_chdir(dir), ==, 0);
  g_autoptr(SporConfig) c = spor_config_load(NULL, &error);
  g_assert_cmpint(g_chdir(cwd), ==, 0);
  g_assert_no_error(error);
  g_assert_cmpstr(c->db_url, ==, "sqlite:var/spor.db");
  g_assert_cmpstr(c->listen, ==, "127.0.0.1:8080");
  g_assert_false(c->secure_cookies);
  g_assert_null(c->source_path);
  g_assert_null(c->trusted_proxies);
  g_rmdir(dir);
}

static void
test_config_errors(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("spor-test-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree char *missing = g_build_filename(dir, "none.conf", NULL);
  g_assert_null(spor_config_load(missing, &error));
  g_assert_nonnull(error);
  g_assert_nonnull(strstr(error->message, "none.conf"));
  g_clear_error(&error);

  const char *bad[] = {
    "[server\nlisten=x\n",
    "[server]\nthreads=0\n",
    "[server]\nthreads=many\n",
    "[database]\npool_size=100000\n",
    "[server]\nsecure_cookies=maybe\n",
    "[server]\ntrusted_proxies=nginx.local\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autofree char *path = write_conf(dir, bad[i]);
    SporConfig *c = spor_config_load(path, &error);
    g_assert_null(c);
    g_assert_nonnull(error);
    g_clear_error(&error);
    g_unlink(path);
  }
  g_rmdir(dir);
}

static void
test_accept_language(void)
{
  g_assert_cmpint(spor_lang_from_accept_language(NULL), ==, SPOR_LANG_DA);
  g_assert_cmpint(spor_lang_from_accept_language("en-GB,en;q=0.9,da;q=0.8"), ==, SPOR_LANG_EN);
  g_assert_cmpint(spor_lang_from_accept_language("da, en;q=0.5"), ==, SPOR_LANG_DA);
  g_assert_cmpint(spor_lang_from_accept_language("fr-FR, en;q=0.3"), ==, SPOR_LANG_EN);
  g_assert_cmpint(spor_lang_from_accept_language("fr"), ==, SPOR_LANG_DA);
  g_assert_cmpint(spor_lang_from_accept_language("en;q=0"), ==, SPOR_LANG_DA);
  g_assert_cmpint(spor_lang_from_accept_language("da;q=0.2, en;q=0.7"), ==, SPOR_LANG_EN);
  g_assert_cmpint(spor_lang_from_accept_language(";;;,,,q=x"), ==, SPOR_LANG_DA);
  g_assert_cmpint(spor_lang_from_accept_language("en;q=abc"), ==, SPOR_LANG_DA);
  SporLang l;
  g_assert_true(spor_lang_parse("da_DK.UTF-8", &l));
  g_assert_cmpint(l, ==, SPOR_LANG_DA);
  g_assert_true(spor_lang_parse("EN", &l));
  g_assert_cmpint(l, ==, SPOR_LANG_EN);
  g_assert_false(spor_lang_parse("eng", &l));
  g_assert_false(spor_lang_parse("e", &l));
}

static void
test_english_catalogue(void)
{
  spor_i18n_init();
  if (!spor_i18n_available(SPOR_LANG_EN)) {
    g_test_skip("no English locale on this machine");
    return;
  }
  spor_i18n_use(SPOR_LANG_EN);
  g_assert_cmpstr(_("Borgere"), ==, "Citizens");
  spor_i18n_use(SPOR_LANG_DA);
  g_assert_cmpstr(_("Borgere"), ==, "Borgere");
}

static void
test_roles(void)
{
  for (int r = 0; r < SPOR_ROLE_COUNT; r++) {
    SporRole back;
    g_assert_true(spor_role_parse(spor_role_name((SporRole)r), &back));
    g_assert_cmpint(back, ==, r);
    g_assert_true(spor_role_capabilities((SporRole)r) & CAP_LOGGED_IN);
  }
  SporRole r;
  g_assert_false(spor_role_parse("root", &r));
  g_assert_false(spor_role_parse(NULL, &r));
  g_assert_true(spor_role_capabilities(SPOR_ROLE_STAFF) & CAP_CITIZEN_WRITE);
  g_assert_false(spor_role_capabilities(SPOR_ROLE_AUTHORITY) & CAP_CITIZEN_WRITE);
  g_assert_false(spor_role_capabilities(SPOR_ROLE_ANALYST) & CAP_CITIZEN_READ);
  g_assert_false(spor_role_capabilities(SPOR_ROLE_ADMIN) & CAP_CITIZEN_READ);
  g_assert_true(spor_role_capabilities(SPOR_ROLE_ADMIN) & CAP_ADMIN);
  /* Practice development: staff read it and run trial actions, leaders
   * run the rest; no other role reaches it. */
  g_assert_true(spor_role_capabilities(SPOR_ROLE_STAFF) & CAP_TRIAL_WRITE);
  g_assert_false(spor_role_capabilities(SPOR_ROLE_STAFF) & CAP_PRACTICE_WRITE);
  g_assert_true(spor_role_capabilities(SPOR_ROLE_LEADER) & CAP_PRACTICE_WRITE);
  for (SporRole other = SPOR_ROLE_AUTHORITY; other < SPOR_ROLE_COUNT; other++)
    g_assert_false(spor_role_capabilities(other) & (CAP_PRACTICE_READ | CAP_PRACTICE_WRITE |
                                                    CAP_TRIAL_WRITE));
  SporScopeKind k;
  g_assert_true(spor_scope_kind_parse("unit", &k));
  g_assert_cmpint(k, ==, SPOR_SCOPE_UNIT);
  g_assert_false(spor_scope_kind_parse("team", &k));
}

static void
test_capability_names(void)
{
  g_auto(GStrv) none = spor_capability_names(0);
  g_assert_cmpuint(g_strv_length(none), ==, 0);
  g_auto(GStrv) staff = spor_capability_names(spor_role_capabilities(SPOR_ROLE_STAFF));
  const char *const expected[] = {"logged_in", "citizen_read", "citizen_write",
                                  "measurement_write", "practice_read", "trial_write", NULL};
  g_assert_true(g_strv_equal((const char *const *)staff, expected));
  g_auto(GStrv) pub = spor_capability_names(CAP_PUBLIC | CAP_ADMIN);
  const char *const expected_pub[] = {"public", "admin", NULL};
  g_assert_true(g_strv_equal((const char *const *)pub, expected_pub));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/core/date/parse", test_date_parse);
  g_test_add_func("/core/date/danish", test_date_danish);
  g_test_add_func("/core/date/age", test_age);
  g_test_add_func("/core/clock/offset", test_clock_offset);
  g_test_add_func("/core/config/listen", test_listen_parse);
  g_test_add_func("/core/config/file-and-env", test_config_file_and_env);
  g_test_add_func("/core/config/defaults", test_config_defaults);
  g_test_add_func("/core/config/errors", test_config_errors);
  g_test_add_func("/core/i18n/accept-language", test_accept_language);
  g_test_add_func("/core/i18n/english", test_english_catalogue);
  g_test_add_func("/core/roles", test_roles);
  g_test_add_func("/core/capability-names", test_capability_names);
  return g_test_run();
}
