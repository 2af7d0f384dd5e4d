/* test_form.c — declared form fields: form_validate() against FieldSpecs
 * of every type, the Danish error messages, the echo used to refill a
 * form, the typed values and errors added by a handler. */
#include <glib.h>
#include <string.h>

#include "http/http.h"

/* ---- Helpers ---------------------------------------------------------- */

static FormData *
parse(const char *text)
{
  FormData *data = form_data_new();
  g_autoptr(GError) error = NULL;
  gboolean ok = form_data_parse_urlencoded(data, text, strlen(text), 100, &error);
  g_assert_no_error(error);
  g_assert_true(ok);
  return data;
}

/* The error message of field, or NULL. */
static const char *
error_of(const FormResult *result, const char *field)
{
  json_t *errors = form_result_errors(result);
  g_assert_nonnull(errors);
  g_assert_true(json_is_object(errors));
  json_t *message = json_object_get(errors, field);
  if (message == NULL)
    return NULL;
  g_assert_true(json_is_string(message));
  return json_string_value(message);
}

/* The echoed value of field, or NULL. */
static const char *
echo_of(const FormResult *result, const char *field)
{
  json_t *echo = form_result_echo(result);
  g_assert_nonnull(echo);
  g_assert_true(json_is_object(echo));
  json_t *value = json_object_get(echo, field);
  if (value == NULL)
    return NULL;
  g_assert_true(json_is_string(value));
  return json_string_value(value);
}

/* Validates urlencoded text against one spec and asserts that the field's
 * error is expected (NULL: no error), and that the result is ok exactly
 * when there is none. */
static void
check(const FieldSpec *spec, const char *text, const char *expected)
{
  g_autoptr(FormData) data = parse(text);
  g_autoptr(FormResult) result = form_validate(spec, 1, data);
  g_assert_nonnull(result);
  if (g_strcmp0(error_of(result, spec->name), expected) != 0)
    g_test_message("field %s, input \"%s\"", spec->name, text);
  g_assert_cmpstr(error_of(result, spec->name), ==, expected);
  g_assert_cmpint(form_result_ok(result), ==, expected == NULL);
  g_assert_cmpuint(json_object_size(form_result_errors(result)), ==, expected ? 1 : 0);
}

/* Asserts that the field has some error, whatever its message. */
static void
check_fails(const FieldSpec *spec, const char *text)
{
  g_autoptr(FormData) data = parse(text);
  g_autoptr(FormResult) result = form_validate(spec, 1, data);
  if (error_of(result, spec->name) == NULL)
    g_test_message("field %s, input \"%s\" passed", spec->name, text);
  g_assert_nonnull(error_of(result, spec->name));
  g_assert_false(form_result_ok(result));
}

static const FieldSpec name_required = {"fornavn", FIELD_TEXT, TRUE, 0, 50, NULL, "Fornavn"};
static const FieldSpec name_short = {"fornavn", FIELD_TEXT, TRUE, 2, 3, NULL, "Fornavn"};
static const FieldSpec name_optional = {"fornavn", FIELD_TEXT, FALSE, 2, 3, NULL, "Fornavn"};
static const FieldSpec count_optional = {"antal", FIELD_INT, FALSE, 0, 0, NULL, "Antal"};
static const FieldSpec count_required = {"antal", FIELD_INT, TRUE, 0, 0, NULL, "Antal"};
static const FieldSpec score = {"score", FIELD_INT, TRUE, 0, 4, NULL, "Score"};
static const FieldSpec below_zero = {"score", FIELD_INT, TRUE, -5, -1, NULL, "Score"};
static const FieldSpec weight = {"vaegt", FIELD_REAL, FALSE, 0, 0, NULL, "Vægt"};
static const FieldSpec weight_range = {"vaegt", FIELD_REAL, TRUE, 0, 4, NULL, "Vægt"};
static const FieldSpec birth = {"foedt", FIELD_DATE, FALSE, 0, 0, NULL, "Fødselsdato"};
static const FieldSpec birth_required = {"foedt", FIELD_DATE, TRUE, 0, 0, NULL, "Fødselsdato"};
static const char *const states[] = {"aktiv", "afsluttet", NULL};
static const FieldSpec state = {"tilstand", FIELD_CHOICE, FALSE, 0, 0, states, "Tilstand"};
static const FieldSpec state_required = {"tilstand", FIELD_CHOICE, TRUE, 0, 0, states,
                                         "Tilstand"};
static const FieldSpec consent = {"samtykke", FIELD_BOOL, FALSE, 0, 0, NULL, "Samtykke"};

/* ---- Cases ------------------------------------------------------------ */

static void
test_no_specs(void)
{
  g_autoptr(FormData) data = parse("a=1&b=x%01");
  g_autoptr(FormResult) result = form_validate(NULL, 0, data);
  g_assert_nonnull(result);
  g_assert_true(form_result_ok(result));
  g_assert_cmpuint(json_object_size(form_result_errors(result)), ==, 0);
  g_assert_cmpuint(json_object_size(form_result_echo(result)), ==, 0);

  g_autoptr(FormData) empty = form_data_new();
  g_autoptr(FormResult) result2 = form_validate(NULL, 0, empty);
  g_assert_true(form_result_ok(result2));
}

static void
test_text_required(void)
{
  check(&name_required, "", "Fornavn skal udfyldes.");
  check(&name_required, "fornavn=", "Fornavn skal udfyldes.");
  check(&name_required, "fornavn=+++", "Fornavn skal udfyldes.");
  check(&name_required, "fornavn=%09%0D%0A+", "Fornavn skal udfyldes.");
  check(&name_required, "fornavn=Bo", NULL);

  g_autoptr(FormData) data = parse("fornavn=++");
  g_autoptr(FormResult) result = form_validate(&name_required, 1, data);
  g_assert_null(form_text(result, "fornavn"));

  /* Optional and empty: no error, no value. */
  check(&name_optional, "", NULL);
  check(&name_optional, "fornavn=+", NULL);
  g_autoptr(FormData) data2 = parse("fornavn=");
  g_autoptr(FormResult) result2 = form_validate(&name_optional, 1, data2);
  g_assert_null(form_text(result2, "fornavn"));
}

static void
test_text_trimmed(void)
{
  g_autoptr(FormData) data = parse("fornavn=++%C3%85se+Bo%09%0D%0A+");
  g_autoptr(FormResult) result = form_validate(&name_required, 1, data);
  g_assert_true(form_result_ok(result));
  g_assert_cmpstr(form_text(result, "fornavn"), ==, "Åse Bo");
  /* The echo is the value as typed. */
  g_assert_cmpstr(echo_of(result, "fornavn"), ==, "  Åse Bo\t\r\n ");
}

static void
test_text_length(void)
{
  /* Lengths are in characters: "Åse" is three, though four bytes. */
  check(&name_short, "fornavn=%C3%85se", NULL);
  check(&name_short, "fornavn=%C3%86%C3%98%C3%85", NULL);
  check(&name_short, "fornavn=Bo", NULL);
  check(&name_short, "fornavn=%C3%85sen", "Fornavn må højst være 3 tegn.");
  check(&name_short, "fornavn=abcd", "Fornavn må højst være 3 tegn.");
  check(&name_short, "fornavn=%C3%85", "Fornavn skal være mindst 2 tegn.");
  check(&name_short, "fornavn=a", "Fornavn skal være mindst 2 tegn.");
  /* Measured after trimming. */
  check(&name_short, "fornavn=++%C3%85se++", NULL);
  check(&name_short, "fornavn=+a+", "Fornavn skal være mindst 2 tegn.");
  /* Optional: empty is fine, too short is not. */
  check(&name_optional, "fornavn=", NULL);
  check(&name_optional, "fornavn=a", "Fornavn skal være mindst 2 tegn.");

  g_autoptr(FormData) data = parse("fornavn=abcd");
  g_autoptr(FormResult) result = form_validate(&name_short, 1, data);
  g_assert_null(form_text(result, "fornavn"));
  g_assert_cmpstr(echo_of(result, "fornavn"), ==, "abcd");
}

static void
test_text_control(void)
{
  check(&name_required, "fornavn=a%01b", "Fornavn indeholder ugyldige tegn.");
  check(&name_required, "fornavn=%1Bab", "Fornavn indeholder ugyldige tegn.");
  check(&name_required, "fornavn=ab%08", "Fornavn indeholder ugyldige tegn.");
  check(&name_required, "fornavn=a%1Fb", "Fornavn indeholder ugyldige tegn.");

  /* Tab, carriage return and line feed are allowed inside. */
  g_autoptr(FormData) data = parse("fornavn=a%09b%0D%0Ac");
  g_autoptr(FormResult) result = form_validate(&name_required, 1, data);
  g_assert_true(form_result_ok(result));
  g_assert_cmpstr(form_text(result, "fornavn"), ==, "a\tb\r\nc");

  g_autoptr(FormData) bad = parse("fornavn=a%01b");
  g_autoptr(FormResult) bad_result = form_validate(&name_required, 1, bad);
  g_assert_null(form_text(bad_result, "fornavn"));
}

static void
test_int(void)
{
  static const struct {
    const char *text;
    gint64 value;
  } good[] = {
      {"antal=12", 12}, {"antal=+12+", 12}, {"antal=0", 0}, {"antal=-3", -3},
      {"antal=%0912%0A", 12},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(good); i++) {
    g_autoptr(FormData) data = parse(good[i].text);
    g_autoptr(FormResult) result = form_validate(&count_required, 1, data);
    g_assert_true(form_result_ok(result));
    gint64 value = 999;
    g_assert_true(form_int(result, "antal", &value));
    g_assert_cmpint(value, ==, good[i].value);
  }

  check(&count_required, "antal=12a", "Antal skal være et helt tal.");
  check(&count_required, "antal=1.5", "Antal skal være et helt tal.");
  check(&count_required, "antal=abc", "Antal skal være et helt tal.");
  check(&count_required, "antal=1+2", "Antal skal være et helt tal.");
  check(&count_required, "antal=-", "Antal skal være et helt tal.");
  check(&count_required, "antal=", "Antal skal udfyldes.");
  check(&count_required, "antal=++", "Antal skal udfyldes.");
  check(&count_required, "", "Antal skal udfyldes.");

  /* Optional and absent or empty: no error, no value. */
  static const char *const empty[] = {"", "antal=", "antal=+"};
  for (gsize i = 0; i < G_N_ELEMENTS(empty); i++) {
    g_autoptr(FormData) data = parse(empty[i]);
    g_autoptr(FormResult) result = form_validate(&count_optional, 1, data);
    g_assert_true(form_result_ok(result));
    gint64 value = 0;
    g_assert_false(form_int(result, "antal", &value));
  }

  /* An invalid value has no typed value. */
  g_autoptr(FormData) data = parse("antal=12a");
  g_autoptr(FormResult) result = form_validate(&count_optional, 1, data);
  gint64 value = 0;
  g_assert_false(form_int(result, "antal", &value));
  g_assert_cmpstr(echo_of(result, "antal"), ==, "12a");
}

static void
test_int_range(void)
{
  check(&score, "score=0", NULL);
  check(&score, "score=4", NULL);
  check(&score, "score=5", "Score skal være mellem 0 og 4.");
  check(&score, "score=-1", "Score skal være mellem 0 og 4.");
  check(&score, "score=1000", "Score skal være mellem 0 og 4.");
  check(&below_zero, "score=-3", NULL);
  check(&below_zero, "score=0", "Score skal være mellem -5 og -1.");
  check(&below_zero, "score=-6", "Score skal være mellem -5 og -1.");

  /* Overflow is an error (either message), with no value. */
  check_fails(&count_required, "antal=99999999999999999999");
  check_fails(&count_required, "antal=-99999999999999999999");
  check_fails(&score, "score=18446744073709551620");
  g_autoptr(FormData) data = parse("antal=99999999999999999999");
  g_autoptr(FormResult) result = form_validate(&count_optional, 1, data);
  gint64 value = 0;
  g_assert_false(form_int(result, "antal", &value));

  g_autoptr(FormData) out = parse("score=5");
  g_autoptr(FormResult) out_result = form_validate(&score, 1, out);
  g_assert_false(form_int(out_result, "score", &value));
}

static void
test_real(void)
{
  static const struct {
    const char *text;
    double value;
  } good[] = {
      {"vaegt=2.5", 2.5}, {"vaegt=2%2C5", 2.5}, {"vaegt=+2.5+", 2.5},
      {"vaegt=3", 3.0},   {"vaegt=-0.5", -0.5}, {"vaegt=0%2C25", 0.25},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(good); i++) {
    g_autoptr(FormData) data = parse(good[i].text);
    g_autoptr(FormResult) result = form_validate(&weight, 1, data);
    g_assert_true(form_result_ok(result));
    double value = 999;
    g_assert_true(form_real(result, "vaegt", &value));
    g_assert_cmpfloat(value, ==, good[i].value);
  }

  check(&weight, "vaegt=abc", "Vægt skal være et tal.");
  check(&weight, "vaegt=2.5kg", "Vægt skal være et tal.");
  check(&weight, "vaegt=2.5.1", "Vægt skal være et tal.");
  check(&weight, "vaegt=2%2C5%2C1", "Vægt skal være et tal.");
  check(&weight, "vaegt=", NULL);
  check(&weight_range, "vaegt=", "Vægt skal udfyldes.");

  check(&weight_range, "vaegt=0", NULL);
  check(&weight_range, "vaegt=4", NULL);
  check(&weight_range, "vaegt=3%2C9", NULL);
  check(&weight_range, "vaegt=4.5", "Vægt skal være mellem 0 og 4.");
  check(&weight_range, "vaegt=-0.1", "Vægt skal være mellem 0 og 4.");

  g_autoptr(FormData) empty = parse("vaegt=");
  g_autoptr(FormResult) empty_result = form_validate(&weight, 1, empty);
  double value = 0;
  g_assert_false(form_real(empty_result, "vaegt", &value));
  g_autoptr(FormData) bad = parse("vaegt=abc");
  g_autoptr(FormResult) bad_result = form_validate(&weight, 1, bad);
  g_assert_false(form_real(bad_result, "vaegt", &value));
}

static void
test_date(void)
{
  static const struct {
    const char *text, *iso;
  } good[] = {
      {"foedt=2026-03-14", "2026-03-14"},
      {"foedt=14-03-2026", "2026-03-14"},
      {"foedt=29-02-2024", "2024-02-29"},
      {"foedt=2000-02-29", "2000-02-29"},
      {"foedt=31-12-1999", "1999-12-31"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(good); i++) {
    g_autoptr(FormData) data = parse(good[i].text);
    g_autoptr(FormResult) result = form_validate(&birth, 1, data);
    g_assert_true(form_result_ok(result));
    g_assert_cmpstr(form_text(result, "foedt"), ==, good[i].iso);
  }

  static const char *const bad[] = {
      "foedt=31-02-1990", "foedt=2026-13-01", "foedt=abc",        "foedt=14%2F03%2F26",
      "foedt=29-02-2023", "foedt=1900-02-29", "foedt=32-01-2026", "foedt=2026-00-10",
      "foedt=2026-03-14x",
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++)
    check(&birth, bad[i], "Fødselsdato skal være en dato (dd-mm-åååå).");

  g_autoptr(FormData) data = parse("foedt=31-02-1990");
  g_autoptr(FormResult) result = form_validate(&birth, 1, data);
  g_assert_null(form_text(result, "foedt"));
  g_assert_cmpstr(echo_of(result, "foedt"), ==, "31-02-1990");

  /* Optional and empty: fine, no value; required and absent: an error. */
  check(&birth, "foedt=", NULL);
  g_autoptr(FormData) empty = parse("foedt=");
  g_autoptr(FormResult) empty_result = form_validate(&birth, 1, empty);
  g_assert_null(form_text(empty_result, "foedt"));
  check_fails(&birth_required, "");
}

static void
test_choice(void)
{
  check(&state, "tilstand=aktiv", NULL);
  check(&state, "tilstand=afsluttet", NULL);
  check(&state, "tilstand=andet", "Tilstand: vælg en af mulighederne.");
  check(&state, "tilstand=aktivt", "Tilstand: vælg en af mulighederne.");
  check(&state, "tilstand=akti", "Tilstand: vælg en af mulighederne.");
  check(&state, "", NULL);
  check_fails(&state_required, "");

  g_autoptr(FormData) data = parse("tilstand=afsluttet");
  g_autoptr(FormResult) result = form_validate(&state, 1, data);
  g_assert_cmpstr(form_text(result, "tilstand"), ==, "afsluttet");

  g_autoptr(FormData) absent = parse("");
  g_autoptr(FormResult) absent_result = form_validate(&state, 1, absent);
  g_assert_null(form_text(absent_result, "tilstand"));

  g_autoptr(FormData) bad = parse("tilstand=andet");
  g_autoptr(FormResult) bad_result = form_validate(&state, 1, bad);
  g_assert_null(form_text(bad_result, "tilstand"));
}

static void
test_bool(void)
{
  static const struct {
    const char *text;
    gboolean value;
  } cases[] = {
      {"", FALSE},           {"samtykke=1", TRUE},    {"samtykke=on", TRUE},
      {"samtykke=true", TRUE}, {"samtykke=0", FALSE}, {"samtykke=", FALSE},
      {"samtykke=off", FALSE}, {"samtykke=nej", FALSE}, {"samtykke=%01", FALSE},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(FormData) data = parse(cases[i].text);
    g_autoptr(FormResult) result = form_validate(&consent, 1, data);
    g_assert_true(form_result_ok(result));
    g_assert_cmpuint(json_object_size(form_result_errors(result)), ==, 0);
    if (form_bool(result, "samtykke") != cases[i].value)
      g_test_message("input \"%s\"", cases[i].text);
    g_assert_cmpint(form_bool(result, "samtykke"), ==, cases[i].value);
  }
}

static void
test_undeclared_and_repeated(void)
{
  const FieldSpec specs[] = {name_required, count_optional};

  g_autoptr(FormData) data = parse("ekstra=%01&fornavn=Bo&antal=1&antal=zz&fornavn=x%01");
  g_autoptr(FormResult) result = form_validate(specs, G_N_ELEMENTS(specs), data);
  g_assert_true(form_result_ok(result));
  g_assert_cmpuint(json_object_size(form_result_errors(result)), ==, 0);
  g_assert_cmpstr(form_text(result, "fornavn"), ==, "Bo");
  gint64 value = 0;
  g_assert_true(form_int(result, "antal", &value));
  g_assert_cmpint(value, ==, 1);
  /* Undeclared: not validated, not echoed, no typed value. */
  g_assert_null(error_of(result, "ekstra"));
  g_assert_null(echo_of(result, "ekstra"));
  g_assert_null(form_text(result, "ekstra"));
  g_assert_false(form_int(result, "ekstra", &value));
  g_assert_false(form_bool(result, "ekstra"));
  g_assert_cmpuint(json_object_size(form_result_echo(result)), ==, 2);

  /* Only the first of a repeated name counts. */
  g_autoptr(FormData) data2 = parse("fornavn=Bo&antal=zz&antal=1");
  g_autoptr(FormResult) result2 = form_validate(specs, G_N_ELEMENTS(specs), data2);
  g_assert_false(form_result_ok(result2));
  g_assert_cmpstr(error_of(result2, "antal"), ==, "Antal skal være et helt tal.");
  g_assert_false(form_int(result2, "antal", &value));
}

static void
test_several_fields(void)
{
  const FieldSpec specs[] = {name_required, score, birth, state, consent, weight};

  /* Only the failing fields have messages; every present field is echoed
   * exactly as typed, valid or not. */
  g_autoptr(FormData) data =
      parse("fornavn=+Bo+&score=7&foedt=14-03-2026&tilstand=andet&samtykke=on");
  g_autoptr(FormResult) result = form_validate(specs, G_N_ELEMENTS(specs), data);
  g_assert_false(form_result_ok(result));
  g_assert_cmpuint(json_object_size(form_result_errors(result)), ==, 2);
  g_assert_cmpstr(error_of(result, "score"), ==, "Score skal være mellem 0 og 4.");
  g_assert_cmpstr(error_of(result, "tilstand"), ==, "Tilstand: vælg en af mulighederne.");
  g_assert_null(error_of(result, "fornavn"));
  g_assert_null(error_of(result, "foedt"));

  json_t *echo = form_result_echo(result);
  g_assert_cmpuint(json_object_size(echo), ==, 5);
  g_assert_cmpstr(echo_of(result, "fornavn"), ==, " Bo ");
  g_assert_cmpstr(echo_of(result, "score"), ==, "7");
  g_assert_cmpstr(echo_of(result, "foedt"), ==, "14-03-2026");
  g_assert_cmpstr(echo_of(result, "tilstand"), ==, "andet");
  g_assert_cmpstr(echo_of(result, "samtykke"), ==, "on");
  g_assert_null(echo_of(result, "vaegt"));

  /* Valid fields keep their typed values beside the failed ones. */
  g_assert_cmpstr(form_text(result, "fornavn"), ==, "Bo");
  g_assert_cmpstr(form_text(result, "foedt"), ==, "2026-03-14");
  g_assert_true(form_bool(result, "samtykke"));

  /* All valid. */
  g_autoptr(FormData) good = parse("fornavn=Bo&score=3&vaegt=1%2C5");
  g_autoptr(FormResult) good_result = form_validate(specs, G_N_ELEMENTS(specs), good);
  g_assert_true(form_result_ok(good_result));
  g_assert_cmpuint(json_object_size(form_result_errors(good_result)), ==, 0);
  g_assert_cmpuint(json_object_size(form_result_echo(good_result)), ==, 3);
  double real = 0;
  g_assert_true(form_real(good_result, "vaegt", &real));
  g_assert_cmpfloat(real, ==, 1.5);
}

static void
test_add_error(void)
{
  g_autoptr(FormData) data = parse("fornavn=Bo&antal=x");
  const FieldSpec specs[] = {name_required, count_optional};
  g_autoptr(FormResult) result = form_validate(specs, 1, data);
  g_assert_true(form_result_ok(result));

  form_result_add_error(result, "fornavn", "Navnet er optaget.");
  g_assert_false(form_result_ok(result));
  g_assert_cmpstr(error_of(result, "fornavn"), ==, "Navnet er optaget.");
  g_assert_cmpuint(json_object_size(form_result_errors(result)), ==, 1);

  /* A second message for the same field keeps the first. */
  form_result_add_error(result, "fornavn", "Anden besked.");
  g_assert_cmpstr(error_of(result, "fornavn"), ==, "Navnet er optaget.");
  g_assert_cmpuint(json_object_size(form_result_errors(result)), ==, 1);

  /* Any field name, declared or not. */
  form_result_add_error(result, "x", "msg");
  g_assert_cmpstr(error_of(result, "x"), ==, "msg");
  g_assert_cmpuint(json_object_size(form_result_errors(result)), ==, 2);

  /* A validation message stays ahead of one added later. */
  g_autoptr(FormResult) failed = form_validate(specs, G_N_ELEMENTS(specs), data);
  g_assert_cmpstr(error_of(failed, "antal"), ==, "Antal skal være et helt tal.");
  form_result_add_error(failed, "antal", "Anden besked.");
  g_assert_cmpstr(error_of(failed, "antal"), ==, "Antal skal være et helt tal.");

  /* With no specs at all. */
  g_autoptr(FormResult) bare = form_validate(NULL, 0, data);
  g_assert_true(form_result_ok(bare));
  form_result_add_error(bare, "x", "msg");
  g_assert_false(form_result_ok(bare));
  g_assert_cmpstr(error_of(bare, "x"), ==, "msg");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);

  g_test_add_func("/form/no-specs", test_no_specs);
  g_test_add_func("/form/text/required", test_text_required);
  g_test_add_func("/form/text/trimmed", test_text_trimmed);
  g_test_add_func("/form/text/length", test_text_length);
  g_test_add_func("/form/text/control", test_text_control);
  g_test_add_func("/form/int", test_int);
  g_test_add_func("/form/int/range", test_int_range);
  g_test_add_func("/form/real", test_real);
  g_test_add_func("/form/date", test_date);
  g_test_add_func("/form/choice", test_choice);
  g_test_add_func("/form/bool", test_bool);
  g_test_add_func("/form/undeclared-and-repeated", test_undeclared_and_repeated);
  g_test_add_func("/form/several-fields", test_several_fields);
  g_test_add_func("/form/add-error", test_add_error);

  return g_test_run();
}
