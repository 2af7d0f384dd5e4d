/* template.h — spor's mustache engine.
 *
 * Templates are compiled once into a tree (at start, from the resources)
 * and rendered many times, concurrently, against a stack of jansson
 * contexts.  It implements the mustache spec's required modules (comments,
 * delimiters, interpolation, inverted, partials, sections) and passes the
 * spec files in tests/data/mustache-spec/.
 *
 * Escaping is the default: {{name}} HTML-escapes & < > " '; only {{{name}}}
 * and {{&name}} print raw, and spor uses them solely for values it made
 * itself and already escaped (rendered page bodies, chart SVG).
 *
 * One extension for translation: the section {{#_}}Danish text{{/_}} passes
 * its raw inner text through the render's translate function and renders
 * the result in the current context, so a translated string may hold tags
 * ({{#_}}Velkommen, {{name}}{{/_}}).  Without a translate function it
 * renders the inner text as written. */
#pragma once

#include <glib.h>
#include <jansson.h>

#define TEMPLATE_ERROR (template_error_quark())
GQuark template_error_quark(void);

typedef enum {
  TEMPLATE_ERROR_SYNTAX,   /* unclosed tag or section, bad delimiters, … */
  TEMPLATE_ERROR_NOT_FOUND, /* no template of that name */
  TEMPLATE_ERROR_LIMIT      /* a render ran past its limits (partials including
                               themselves, lists nested without end) */
} TemplateError;

typedef struct TemplateSet TemplateSet;

/* Returns the translation of msgid (or msgid); the result must live at
 * least until the render returns. */
typedef const char *(*TemplateTranslateFunc)(const char *msgid, void *user_data);

TemplateSet *template_set_new(void);
void template_set_free(TemplateSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TemplateSet, template_set_free)

/* Compiles source under name (replacing any template of that name).  The
 * same set resolves partials ({{>name}}) by name at render time; a missing
 * partial renders as nothing, as the spec says.  Syntax errors name the
 * line: "citizen: linje 12: uafsluttet sektion 'courses'". */
gboolean template_set_add(TemplateSet *set, const char *name, const char *source,
                          GError **error);
gboolean template_set_has(const TemplateSet *set, const char *name);

/* Renders name against the context stack (stack[n_stack-1] is the top,
 * searched first), appending to out.  translate may be NULL.  Safe to call
 * from many threads at once on the same set. */
gboolean template_render(const TemplateSet *set, const char *name,
                         json_t *const *stack, gsize n_stack,
                         TemplateTranslateFunc translate, void *translate_data,
                         GString *out, GError **error);

/* Appends text to out with & < > " ' escaped for HTML. */
void template_escape_html(GString *out, const char *text, gssize len);
