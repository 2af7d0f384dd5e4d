/* test_template.c — the mustache engine: every case of the official spec
 * files (comments, delimiters, interpolation, inverted, partials,
 * sections), then spor's own promises: escaping, the {{#_}} translation
 * section, syntax errors with line numbers, and concurrent rendering. */
#include <glib.h>
#include <string.h>

#include "render/template.h"

typedef struct {
  char *file;
  json_t *spec; /* one test object of the spec file */
} SpecCase;

static void
spec_case_free(gpointer data)
{
  SpecCase *c = data;
  g_free(c->file);
  json_decref(c->spec);
  g_free(c);
}

static void
test_spec_case(gconstpointer data)
{
  const SpecCase *c = data;
  json_t *spec = c->spec;
  g_autoptr(TemplateSet) set = template_set_new();
  g_autoptr(GError) error = NULL;
  const char *key;
  json_t *partial;
  json_object_foreach(json_object_get(spec, "partials"), key, partial) {
    g_assert_true(template_set_add(set, key, json_string_value(partial), &error));
    g_assert_no_error(error);
  }
  g_assert_true(template_set_add(set, "spec",
                                 json_string_value(json_object_get(spec, "template")), &error));
  g_assert_no_error(error);
  json_t *stack[] = {json_object_get(spec, "data")};
  GString *out = g_string_new(NULL);
  g_assert_true(template_render(set, "spec", stack, 1, NULL, NULL, out, &error));
  g_assert_no_error(error);
  g_assert_cmpstr(out->str, ==, json_string_value(json_object_get(spec, "expected")));
  g_string_free(out, TRUE);
}

static char *
spec_dir(void)
{
  const char *data = g_getenv("SPOR_TEST_DATA");
  if (data != NULL)
    return g_build_filename(data, "mustache-spec", NULL);
  return g_test_build_filename(G_TEST_DIST, "data", "mustache-spec", NULL);
}

/* Registers one GTest case per spec test; returns how many. */
static guint
add_spec_cases(GPtrArray *keep)
{
  static const char *const files[] = {"comments", "delimiters", "interpolation",
                                      "inverted", "partials",   "sections"};
  g_autofree char *dir = spec_dir();
  guint n = 0;
  for (guint f = 0; f < G_N_ELEMENTS(files); f++) {
    g_autofree char *name = g_strconcat(files[f], ".json", NULL);
    g_autofree char *path = g_build_filename(dir, name, NULL);
    json_error_t json_error;
    json_t *root = json_load_file(path, 0, &json_error);
    if (root == NULL)
      g_error("kan ikke læse %s: %s", path, json_error.text);
    size_t i;
    json_t *spec;
    json_array_foreach(json_object_get(root, "tests"), i, spec) {
      SpecCase *c = g_new0(SpecCase, 1);
      c->file = g_strdup(files[f]);
      c->spec = json_incref(spec);
      g_ptr_array_add(keep, c);
      g_autofree char *test_path = g_strdup_printf(
        "/template/spec/%s/%s", files[f], json_string_value(json_object_get(spec, "name")));
      g_strdelimit(test_path + strlen("/template/spec/"), "/", '-');
      g_test_add_data_func(test_path, c, test_spec_case);
      n++;
    }
    json_decref(root);
  }
  return n;
}

/* Renders source against one JSON context; the result is newly allocated. */
static char *
render_one(const char *source, const char *json, TemplateTranslateFunc translate)
{
  g_autoptr(TemplateSet) set = template_set_new();
  g_autoptr(GError) error = NULL;
  g_assert_true(template_set_add(set, "t", source, &error));
  json_t *data = json_loads(json, 0, NULL);
  g_assert_nonnull(data);
  GString *out = g_string_new(NULL);
  g_assert_true(template_render(set, "t", &data, 1, translate, NULL, out, &error));
  g_assert_no_error(error);
  json_decref(data);
  return g_string_free(out, FALSE);
}

static void
test_escaping(void)
{
  g_autofree char *html = render_one("<p title=\"{{x}}\">{{x}}</p>{{{x}}}",
                                     "{\"x\": \"<script>alert('&\\\"')</script>\"}", NULL);
  g_assert_cmpstr(html, ==,
                  "<p title=\"&lt;script&gt;alert(&#39;&amp;&quot;&#39;)&lt;/script&gt;\">"
                  "&lt;script&gt;alert(&#39;&amp;&quot;&#39;)&lt;/script&gt;</p>"
                  "<script>alert('&\"')</script>");
  GString *out = g_string_new("a");
  template_escape_html(out, "x<y>z", 3);
  g_assert_cmpstr(out->str, ==, "ax&lt;y");
  g_string_free(out, TRUE);
}

static void
test_truthiness(void)
{
  g_autofree char *a = render_one("{{#s}}S{{/s}}{{^s}}-{{/s}}|{{#z}}Z{{/z}}|{{#n}}N{{/n}}",
                                  "{\"s\": \"\", \"z\": 0, \"n\": null}", NULL);
  g_assert_cmpstr(a, ==, "-|Z|");
  g_autofree char *b = render_one("{{#o}}{{k}}{{/o}}{{#a}}[{{.}}]{{/a}}",
                                  "{\"o\": {\"k\": 1.5}, \"a\": [1, \"x\", true]}", NULL);
  g_assert_cmpstr(b, ==, "1.5[1][x][true]");
}

static const char *
translate_upper(const char *msgid, void *user_data)
{
  (void)user_data;
  if (strcmp(msgid, "Borgere") == 0)
    return "Citizens";
  if (strcmp(msgid, "Velkommen, {{name}}") == 0)
    return "Welcome, {{name}}!";
  return msgid;
}

static void
test_translate(void)
{
  const char *source = "<a>{{#_}}Borgere{{/_}}</a> {{#_}}Velkommen, {{name}}{{/_}} "
                       "{{#_}}Log ud{{/_}}";
  const char *data = "{\"name\": \"<Ane>\"}";
  g_autofree char *english = render_one(source, data, translate_upper);
  g_assert_cmpstr(english, ==, "<a>Citizens</a> Welcome, &lt;Ane&gt;! Log ud");
  g_autofree char *danish = render_one(source, data, NULL);
  g_assert_cmpstr(danish, ==, "<a>Borgere</a> Velkommen, &lt;Ane&gt; Log ud");
}

static void
expect_syntax_error(const char *source, const char *message)
{
  g_autoptr(TemplateSet) set = template_set_new();
  g_autoptr(GError) error = NULL;
  g_assert_false(template_set_add(set, "citizen", source, &error));
  g_assert_error(error, TEMPLATE_ERROR, TEMPLATE_ERROR_SYNTAX);
  g_assert_cmpstr(error->message, ==, message);
  g_assert_false(template_set_has(set, "citizen"));
}

static void
test_syntax_errors(void)
{
  expect_syntax_error("a\nb\n{{#courses}}\nx\n", "citizen: linje 3: uafsluttet sektion 'courses'");
  expect_syntax_error("a {{name", "citizen: linje 1: tagget lukkes aldrig");
  expect_syntax_error("{{#a}}\n{{/b}}", "citizen: linje 2: 'b' lukkes, men den åbne sektion er 'a'");
  expect_syntax_error("\n\n{{/a}}", "citizen: linje 3: 'a' lukkes, men er ikke åbnet");
  expect_syntax_error("{{}}", "citizen: linje 1: tagget har intet gyldigt navn");
  expect_syntax_error("{{a b}}", "citizen: linje 1: tagget har intet gyldigt navn");
  expect_syntax_error("{{=<% =}}", "citizen: linje 1: ugyldigt skift af afgrænsere");
  expect_syntax_error("{{={{ x y }}=}}", "citizen: linje 1: ugyldigt skift af afgrænsere");
  expect_syntax_error("{{{x}}", "citizen: linje 1: tagget lukkes aldrig");
  /* The sigil is also the first character of the close delimiter. */
  expect_syntax_error("{{=<% >=}}<%><%a>{{b}", "citizen: linje 1: tagget har intet gyldigt navn");
}

static void
test_missing_and_replaced(void)
{
  g_autoptr(TemplateSet) set = template_set_new();
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new(NULL);
  g_assert_false(template_render(set, "nope", NULL, 0, NULL, NULL, out, &error));
  g_assert_error(error, TEMPLATE_ERROR, TEMPLATE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_true(template_set_add(set, "p", "one", &error));
  g_assert_true(template_set_add(set, "p", "two", &error));
  g_assert_true(template_render(set, "p", NULL, 0, NULL, NULL, out, &error));
  g_assert_cmpstr(out->str, ==, "two");
  g_string_free(out, TRUE);
}

static void
test_endless_partial(void)
{
  g_autoptr(TemplateSet) set = template_set_new();
  g_autoptr(GError) error = NULL;
  g_assert_true(template_set_add(set, "loop", "x{{>loop}}", &error));
  GString *out = g_string_new(NULL);
  g_assert_false(template_render(set, "loop", NULL, 0, NULL, NULL, out, &error));
  g_assert_error(error, TEMPLATE_ERROR, TEMPLATE_ERROR_LIMIT);
  g_string_free(out, TRUE);
}

/* Two lists of four nested 30 deep would visit 4^30 nodes. */
static void
test_runaway_render_stopped(void)
{
  GString *source = g_string_new(NULL);
  for (int i = 0; i < 30; i++)
    g_string_append(source, "{{#l}}");
  for (int i = 0; i < 30; i++)
    g_string_append(source, "{{/l}}");
  g_autoptr(TemplateSet) set = template_set_new();
  g_autoptr(GError) error = NULL;
  g_assert_true(template_set_add(set, "wide", source->str, &error));
  json_t *data = json_loads("{\"l\": [1, 2, 3, 4]}", 0, NULL);
  GString *out = g_string_new(NULL);
  g_assert_false(template_render(set, "wide", &data, 1, NULL, NULL, out, &error));
  g_assert_error(error, TEMPLATE_ERROR, TEMPLATE_ERROR_LIMIT);
  json_decref(data);
  g_string_free(out, TRUE);
  g_string_free(source, TRUE);
}

static void
test_deep_nesting_refused(void)
{
  GString *source = g_string_new(NULL);
  for (int i = 0; i < 1000; i++)
    g_string_append(source, "{{#a}}");
  g_autoptr(TemplateSet) set = template_set_new();
  g_autoptr(GError) error = NULL;
  g_assert_false(template_set_add(set, "deep", source->str, &error));
  g_assert_error(error, TEMPLATE_ERROR, TEMPLATE_ERROR_SYNTAX);
  g_string_free(source, TRUE);
}

typedef struct {
  const TemplateSet *set;
  json_t *data;
  char *expected;
  gboolean all_equal;
} ThreadJob;

static gpointer
render_many(gpointer user_data)
{
  ThreadJob *job = user_data;
  for (int i = 0; i < 200; i++) {
    GString *out = g_string_new(NULL);
    gboolean ok = template_render(job->set, "page", &job->data, 1, NULL, NULL, out, NULL);
    if (!ok || strcmp(out->str, job->expected) != 0)
      job->all_equal = FALSE;
    g_string_free(out, TRUE);
  }
  return NULL;
}

static void
test_threads(void)
{
  g_autoptr(TemplateSet) set = template_set_new();
  g_assert_true(template_set_add(set, "row", "<li>{{name}}</li>", NULL));
  g_assert_true(template_set_add(set, "page", "<ul>\n  {{>row}}\n{{#rows}}{{>row}}{{/rows}}</ul>",
                                 NULL));
  json_t *data = json_loads("{\"name\": \"top\", \"rows\": [{\"name\": \"a&b\"}, {\"name\": "
                            "\"c\"}]}", 0, NULL);
  ThreadJob jobs[4];
  GThread *threads[4];
  for (int i = 0; i < 4; i++) {
    jobs[i] = (ThreadJob){set, data, "<ul>\n  <li>top</li><li>a&amp;b</li><li>c</li></ul>", TRUE};
    threads[i] = g_thread_new("render", render_many, &jobs[i]);
  }
  for (int i = 0; i < 4; i++) {
    g_thread_join(threads[i]);
    g_assert_true(jobs[i].all_equal);
  }
  json_decref(data);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func(spec_case_free);
  guint n = add_spec_cases(cases);
  g_assert_cmpuint(n, >=, 130);
  g_test_add_func("/template/escaping", test_escaping);
  g_test_add_func("/template/truthiness", test_truthiness);
  g_test_add_func("/template/translate", test_translate);
  g_test_add_func("/template/syntax-errors", test_syntax_errors);
  g_test_add_func("/template/missing-and-replaced", test_missing_and_replaced);
  g_test_add_func("/template/endless-partial", test_endless_partial);
  g_test_add_func("/template/deep-nesting-refused", test_deep_nesting_refused);
  g_test_add_func("/template/runaway-render-stopped", test_runaway_render_stopped);
  g_test_add_func("/template/threads", test_threads);
  return g_test_run();
}
