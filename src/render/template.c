/* template.c — spor's mustache engine (see template.h for the contract).
 *
 * A template is compiled once into a tree of nodes: text, escaped and raw
 * variables, sections, inverted sections and partials.  Comments and
 * delimiter changes vanish at compile time, and so do the "standalone"
 * lines of the spec (a section, comment, partial or delimiter tag alone on
 * its line takes its line with it).  Rendering walks the tree against a
 * stack of borrowed jansson values and appends to a GString; it touches no
 * shared state, so one TemplateSet serves every thread at once.
 *
 * Two things are compiled at render time, and only when needed: a partial
 * included on an indented standalone line (the spec indents every line of
 * the partial, so its source is indented and compiled afresh), and a
 * translation from {{#_}}…{{/_}} that itself holds tags.  Neither occurs
 * on a Danish page. */
#include "render/template.h"

#include <string.h>

G_DEFINE_QUARK(spor-template-error-quark, template_error)

/* Deeper than this, a partial including itself is taken to be endless. */
#define MAX_PARTIAL_DEPTH 64
/* Nested sections deeper than this are refused at compile time. */
#define MAX_SECTION_DEPTH 256
/* A render that visits more nodes than this is stopped: nested lists and
 * self-including partials can otherwise grow without bound.  A page of a
 * thousand rows visits some tens of thousands. */
#define MAX_RENDER_STEPS 10000000

typedef enum {
  NODE_TEXT,
  NODE_VARIABLE, /* {{name}}: HTML-escaped */
  NODE_RAW,      /* {{{name}}} and {{&name}} */
  NODE_SECTION,
  NODE_INVERTED,
  NODE_PARTIAL,
  NODE_TRANSLATE /* {{#_}}…{{/_}} */
} NodeKind;

typedef struct Node Node;
struct Node {
  NodeKind kind;
  char *text;        /* TEXT: the text; others: the tag name */
  gsize len;         /* TEXT: its length */
  char **path;       /* VARIABLE, RAW, SECTION, INVERTED: the dotted name split,
                        NULL for the implicit iterator "." */
  GPtrArray *children; /* SECTION, INVERTED, TRANSLATE: owned nodes */
  char *inner;       /* TRANSLATE: the raw inner source, the msgid */
  char *indent;      /* PARTIAL: indentation of a standalone partial, or NULL */
  char *open, *close; /* TRANSLATE: delimiters in force, to compile a translation */
};

typedef struct {
  char *name;
  char *source;
  GPtrArray *nodes; /* owned Node * */
} Template;

struct TemplateSet {
  GHashTable *templates; /* name → Template * */
};

static void
node_free(gpointer data)
{
  Node *node = data;
  g_free(node->text);
  g_strfreev(node->path);
  if (node->children != NULL)
    g_ptr_array_unref(node->children);
  g_free(node->inner);
  g_free(node->indent);
  g_free(node->open);
  g_free(node->close);
  g_free(node);
}

static void
template_free(gpointer data)
{
  Template *template = data;
  g_free(template->name);
  g_free(template->source);
  g_ptr_array_unref(template->nodes);
  g_free(template);
}

TemplateSet *
template_set_new(void)
{
  TemplateSet *set = g_new0(TemplateSet, 1);
  set->templates = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, template_free);
  return set;
}

void
template_set_free(TemplateSet *set)
{
  if (set == NULL)
    return;
  g_hash_table_unref(set->templates);
  g_free(set);
}

gboolean
template_set_has(const TemplateSet *set, const char *name)
{
  return g_hash_table_contains(set->templates, name);
}

/* ---- Compiling ---------------------------------------------------------- */

typedef struct {
  const char *name;   /* for messages */
  const char *source;
  const char *end;
  char *open, *close; /* the delimiters in force; owned */
  GError **error;
} Parser;

typedef struct {
  Node *node;         /* the open section, or NULL at the top */
  GPtrArray *nodes;   /* where children go */
  const char *inner;  /* where the section's inner source starts */
  guint line;         /* where it was opened */
} Frame;

static guint
line_of(const Parser *p, const char *at)
{
  guint line = 1;
  for (const char *c = p->source; c < at; c++)
    line += *c == '\n';
  return line;
}

G_GNUC_PRINTF(3, 4)
static gboolean
syntax_error(Parser *p, const char *at, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_autofree char *what = g_strdup_vprintf(format, args);
  va_end(args);
  g_set_error(p->error, TEMPLATE_ERROR, TEMPLATE_ERROR_SYNTAX, "%s: linje %u: %s", p->name,
              line_of(p, at), what);
  return FALSE;
}

static gboolean
is_blank(char c)
{
  return c == ' ' || c == '\t';
}

static void
add_text(GPtrArray *nodes, const char *text, gsize len)
{
  if (len == 0)
    return;
  Node *node = g_new0(Node, 1);
  node->kind = NODE_TEXT;
  node->text = g_strndup(text, len);
  node->len = len;
  g_ptr_array_add(nodes, node);
}

/* "a.b.c" → {"a","b","c"}; "." → NULL (the implicit iterator). */
static char **
split_name(const char *name)
{
  if (strcmp(name, ".") == 0)
    return NULL;
  return g_strsplit(name, ".", -1);
}

static gboolean
name_valid(const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *c = name; *c; c++)
    if ((guchar)*c <= ' ')
      return FALSE;
  return TRUE;
}

/* {{=<% %>=}}: the new delimiters are two words without '=' or spaces. */
static gboolean
set_delimiters(Parser *p, const char *at, const char *content)
{
  g_autofree char *body = g_strstrip(g_strdup(content));
  gsize len = strlen(body);
  if (len < 2 || body[len - 1] != '=')
    return syntax_error(p, at, "ugyldigt skift af afgrænsere");
  body[len - 1] = '\0';
  g_auto(GStrv) parts = g_strsplit_set(g_strstrip(body), " \t", -1);
  const char *words[2];
  int n = 0;
  for (int i = 0; parts[i] != NULL; i++) {
    if (parts[i][0] == '\0')
      continue;
    if (n == 2 || strchr(parts[i], '=') != NULL)
      return syntax_error(p, at, "ugyldigt skift af afgrænsere");
    words[n++] = parts[i];
  }
  if (n != 2)
    return syntax_error(p, at, "ugyldigt skift af afgrænsere");
  g_free(p->open);
  g_free(p->close);
  p->open = g_strdup(words[0]);
  p->close = g_strdup(words[1]);
  return TRUE;
}

/* Compiles p->source into nodes (appended to top); FALSE with p->error set
 * on a syntax error. */
static gboolean
compile_into(Parser *p, GPtrArray *top)
{
  GArray *frames = g_array_new(FALSE, FALSE, sizeof(Frame));
  Frame root = {NULL, top, NULL, 0};
  g_array_append_val(frames, root);
  const char *text_start = p->source;
  const char *cursor = p->source;
  gboolean ok = TRUE;

  while (ok) {
    Frame *frame = &g_array_index(frames, Frame, frames->len - 1);
    const char *tag = strstr(cursor, p->open);
    if (tag == NULL || tag >= p->end) {
      add_text(frame->nodes, text_start, (gsize)(p->end - text_start));
      break;
    }
    const char *content = tag + strlen(p->open);
    char sigil = *content;
    const char *content_end;
    const char *after;
    gboolean triple = sigil == '{';
    if (triple) {
      g_autofree char *closing = g_strconcat("}", p->close, NULL);
      content_end = strstr(content + 1, closing);
      after = content_end ? content_end + strlen(closing) : NULL;
    } else {
      content_end = strstr(content, p->close);
      after = content_end ? content_end + strlen(p->close) : NULL;
    }
    if (content_end == NULL) {
      ok = syntax_error(p, tag, "tagget lukkes aldrig");
      break;
    }

    /* Standalone: only blanks before the tag on its line (and no other tag
     * there) and only blanks after it up to the line end. */
    gboolean can_stand_alone = strchr("#^/!>=", sigil) != NULL && sigil != '\0';
    const char *line_start = tag;
    while (line_start > p->source && line_start[-1] != '\n')
      line_start--;
    const char *line_end = after;
    gboolean standalone = FALSE;
    if (can_stand_alone && line_start >= text_start) {
      const char *c = line_start;
      while (c < tag && is_blank(*c))
        c++;
      if (c == tag) {
        c = after;
        while (c < p->end && is_blank(*c))
          c++;
        if (c == p->end) {
          standalone = TRUE;
          line_end = c;
        } else if (*c == '\n') {
          standalone = TRUE;
          line_end = c + 1;
        } else if (*c == '\r' && c + 1 < p->end && c[1] == '\n') {
          standalone = TRUE;
          line_end = c + 2;
        }
      }
    }
    const char *text_end = standalone ? line_start : tag;
    add_text(frame->nodes, text_start, (gsize)(text_end - text_start));
    text_start = cursor = standalone ? line_end : after;

    const char *name_from = strchr("#^/!>=&{", sigil) != NULL && sigil != '\0' ? content + 1
                                                                              : content;
    if (name_from > content_end) /* the sigil was the first character of the close */
      name_from = content_end;
    g_autofree char *raw_name = g_strndup(name_from, (gsize)(content_end - name_from));
    if (sigil == '!')
      continue;
    if (sigil == '=') {
      ok = set_delimiters(p, tag, raw_name);
      continue;
    }
    char *name = g_strstrip(raw_name);
    if (!name_valid(name)) {
      ok = syntax_error(p, tag, "tagget har intet gyldigt navn");
      break;
    }

    Node *node = NULL;
    switch (sigil) {
    case '#':
    case '^':
      if (frames->len > MAX_SECTION_DEPTH) {
        ok = syntax_error(p, tag, "sektionerne er indlejret for dybt");
        break;
      }
      node = g_new0(Node, 1);
      node->kind = sigil == '^' ? NODE_INVERTED
                 : strcmp(name, "_") == 0 ? NODE_TRANSLATE : NODE_SECTION;
      node->text = g_strdup(name);
      node->path = split_name(name);
      node->children = g_ptr_array_new_with_free_func(node_free);
      g_ptr_array_add(frame->nodes, node);
      Frame open = {node, node->children, after, line_of(p, tag)};
      if (node->kind == NODE_TRANSLATE) {
        node->open = g_strdup(p->open);
        node->close = g_strdup(p->close);
      }
      g_array_append_val(frames, open);
      break;
    case '/':
      if (frame->node == NULL || strcmp(frame->node->text, name) != 0) {
        ok = frame->node == NULL
               ? syntax_error(p, tag, "'%s' lukkes, men er ikke åbnet", name)
               : syntax_error(p, tag, "'%s' lukkes, men den åbne sektion er '%s'", name,
                              frame->node->text);
        break;
      }
      if (frame->node->kind == NODE_TRANSLATE)
        frame->node->inner = g_strndup(frame->inner, (gsize)(tag - frame->inner));
      g_array_set_size(frames, frames->len - 1);
      break;
    case '>':
      node = g_new0(Node, 1);
      node->kind = NODE_PARTIAL;
      node->text = g_strdup(name);
      if (standalone && tag > line_start)
        node->indent = g_strndup(line_start, (gsize)(tag - line_start));
      g_ptr_array_add(frame->nodes, node);
      break;
    default:
      node = g_new0(Node, 1);
      node->kind = sigil == '&' || triple ? NODE_RAW : NODE_VARIABLE;
      node->text = g_strdup(name);
      node->path = split_name(name);
      g_ptr_array_add(frame->nodes, node);
      break;
    }
  }

  if (ok && frames->len > 1) {
    Frame *open = &g_array_index(frames, Frame, frames->len - 1);
    g_set_error(p->error, TEMPLATE_ERROR, TEMPLATE_ERROR_SYNTAX,
                "%s: linje %u: uafsluttet sektion '%s'", p->name, open->line, open->node->text);
    ok = FALSE;
  }
  g_array_free(frames, TRUE);
  return ok;
}

/* Compiles source with the given delimiters into a new node array, or
 * NULL with error. */
static GPtrArray *
compile(const char *name, const char *source, gsize len, const char *open, const char *close,
        GError **error)
{
  Parser p = {name, source, source + len, g_strdup(open), g_strdup(close), error};
  GPtrArray *nodes = g_ptr_array_new_with_free_func(node_free);
  if (!compile_into(&p, nodes))
    g_clear_pointer(&nodes, g_ptr_array_unref);
  g_free(p.open);
  g_free(p.close);
  return nodes;
}

gboolean
template_set_add(TemplateSet *set, const char *name, const char *source, GError **error)
{
  GPtrArray *nodes = compile(name, source, strlen(source), "{{", "}}", error);
  if (nodes == NULL)
    return FALSE;
  Template *template = g_new0(Template, 1);
  template->name = g_strdup(name);
  template->source = g_strdup(source);
  template->nodes = nodes;
  g_hash_table_replace(set->templates, template->name, template);
  return TRUE;
}

/* ---- Rendering ---------------------------------------------------------- */

typedef struct {
  const TemplateSet *set;
  GPtrArray *stack; /* borrowed json_t *, top last */
  TemplateTranslateFunc translate;
  void *translate_data;
  guint partial_depth;
  guint64 steps;
  GError **error;
} Render;

void
template_escape_html(GString *out, const char *text, gssize len)
{
  const char *end = len < 0 ? text + strlen(text) : text + len;
  const char *run = text;
  for (const char *c = text; c < end; c++) {
    const char *entity;
    switch (*c) {
    case '&': entity = "&amp;"; break;
    case '<': entity = "&lt;"; break;
    case '>': entity = "&gt;"; break;
    case '"': entity = "&quot;"; break;
    case '\'': entity = "&#39;"; break;
    default: continue;
    }
    g_string_append_len(out, run, c - run);
    g_string_append(out, entity);
    run = c + 1;
  }
  g_string_append_len(out, run, end - run);
}

/* The value a name stands for: the first part is looked up from the top
 * of the stack down, the rest only inside what that found.  NULL when
 * missing. */
static json_t *
lookup(const Render *r, char **path)
{
  if (path == NULL)
    return r->stack->len > 0 ? g_ptr_array_index(r->stack, r->stack->len - 1) : NULL;
  json_t *value = NULL;
  for (guint i = r->stack->len; i > 0; i--) {
    json_t *context = g_ptr_array_index(r->stack, i - 1);
    if (json_is_object(context) && (value = json_object_get(context, path[0])) != NULL)
      break;
  }
  for (int i = 1; value != NULL && path[i] != NULL; i++)
    value = json_is_object(value) ? json_object_get(value, path[i]) : NULL;
  return value;
}

/* Mustache's falsey: missing, null, false, "" and the empty list. */
static gboolean
truthy(const json_t *value)
{
  if (value == NULL)
    return FALSE;
  switch (json_typeof(value)) {
  case JSON_NULL:
  case JSON_FALSE:
    return FALSE;
  case JSON_ARRAY:
    return json_array_size(value) > 0;
  case JSON_STRING:
    return json_string_length(value) > 0;
  default:
    return TRUE;
  }
}

/* The shortest decimal that reads back as the same double: 1.21, not
 * 1.2099999999999999. */
static void
append_real(GString *out, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  for (int precision = 1; precision <= 17; precision++) {
    char format[8];
    g_snprintf(format, sizeof format, "%%.%dg", precision);
    g_ascii_formatd(buffer, sizeof buffer, format, value);
    if (g_ascii_strtod(buffer, NULL) == value)
      break;
  }
  g_string_append(out, buffer);
}

static void
append_value(GString *out, const json_t *value, gboolean escape)
{
  if (value == NULL)
    return;
  switch (json_typeof(value)) {
  case JSON_STRING:
    if (escape)
      template_escape_html(out, json_string_value(value), (gssize)json_string_length(value));
    else
      g_string_append_len(out, json_string_value(value), (gssize)json_string_length(value));
    break;
  case JSON_INTEGER:
    g_string_append_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
    break;
  case JSON_REAL:
    append_real(out, json_real_value(value));
    break;
  case JSON_TRUE:
    g_string_append(out, "true");
    break;
  case JSON_FALSE:
    g_string_append(out, "false");
    break;
  default: /* null, objects and lists print nothing */
    break;
  }
}

static gboolean render_nodes(Render *r, const GPtrArray *nodes, GString *out);

static gboolean
render_section(Render *r, const Node *node, GString *out)
{
  json_t *value = lookup(r, node->path);
  if (!truthy(value))
    return TRUE;
  if (json_is_array(value)) {
    for (size_t i = 0; i < json_array_size(value); i++) {
      g_ptr_array_add(r->stack, json_array_get(value, i));
      gboolean ok = render_nodes(r, node->children, out);
      g_ptr_array_set_size(r->stack, r->stack->len - 1);
      if (!ok)
        return FALSE;
    }
    return TRUE;
  }
  g_ptr_array_add(r->stack, value);
  gboolean ok = render_nodes(r, node->children, out);
  g_ptr_array_set_size(r->stack, r->stack->len - 1);
  return ok;
}

/* {{#_}}msgid{{/_}}: the translation, as template text in the current
 * context.  Untranslated text renders the compiled children. */
static gboolean
render_translation(Render *r, const Node *node, GString *out)
{
  const char *translated = r->translate ? r->translate(node->inner, r->translate_data) : NULL;
  if (translated == NULL || translated == node->inner || strcmp(translated, node->inner) == 0)
    return render_nodes(r, node->children, out);
  if (strstr(translated, node->open) == NULL) {
    g_string_append(out, translated);
    return TRUE;
  }
  g_autoptr(GPtrArray) nodes = compile("oversættelse", translated, strlen(translated),
                                       node->open, node->close, r->error);
  return nodes != NULL && render_nodes(r, nodes, out);
}

/* Each line of source with indent before it (the spec's standalone
 * partial); newly allocated. */
static char *
indent_source(const char *source, const char *indent)
{
  GString *indented = g_string_sized_new(strlen(source) + 64);
  const char *line = source;
  while (*line != '\0') {
    const char *newline = strchr(line, '\n');
    const char *next = newline ? newline + 1 : line + strlen(line);
    g_string_append(indented, indent);
    g_string_append_len(indented, line, next - line);
    line = next;
  }
  return g_string_free(indented, FALSE);
}

static gboolean
render_partial(Render *r, const Node *node, GString *out)
{
  const Template *partial = g_hash_table_lookup(r->set->templates, node->text);
  if (partial == NULL)
    return TRUE; /* the spec: a missing partial is empty */
  if (r->partial_depth >= MAX_PARTIAL_DEPTH) {
    g_set_error(r->error, TEMPLATE_ERROR, TEMPLATE_ERROR_LIMIT,
                "%s: partials inkluderer hinanden for dybt", node->text);
    return FALSE;
  }
  r->partial_depth++;
  gboolean ok;
  if (node->indent == NULL) {
    ok = render_nodes(r, partial->nodes, out);
  } else {
    g_autofree char *source = indent_source(partial->source, node->indent);
    g_autoptr(GPtrArray) nodes = compile(partial->name, source, strlen(source), "{{", "}}",
                                         r->error);
    ok = nodes != NULL && render_nodes(r, nodes, out);
  }
  r->partial_depth--;
  return ok;
}

static gboolean
render_nodes(Render *r, const GPtrArray *nodes, GString *out)
{
  if ((r->steps += nodes->len) > MAX_RENDER_STEPS) {
    g_set_error_literal(r->error, TEMPLATE_ERROR, TEMPLATE_ERROR_LIMIT,
                        "skabelonen gentager sig for mange gange");
    return FALSE;
  }
  for (guint i = 0; i < nodes->len; i++) {
    const Node *node = g_ptr_array_index(nodes, i);
    gboolean ok = TRUE;
    switch (node->kind) {
    case NODE_TEXT:
      g_string_append_len(out, node->text, (gssize)node->len);
      break;
    case NODE_VARIABLE:
    case NODE_RAW:
      append_value(out, lookup(r, node->path), node->kind == NODE_VARIABLE);
      break;
    case NODE_SECTION:
      ok = render_section(r, node, out);
      break;
    case NODE_INVERTED:
      if (!truthy(lookup(r, node->path)))
        ok = render_nodes(r, node->children, out);
      break;
    case NODE_PARTIAL:
      ok = render_partial(r, node, out);
      break;
    case NODE_TRANSLATE:
      ok = render_translation(r, node, out);
      break;
    }
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

gboolean
template_render(const TemplateSet *set, const char *name, json_t *const *stack, gsize n_stack,
                TemplateTranslateFunc translate, void *translate_data, GString *out,
                GError **error)
{
  const Template *template = g_hash_table_lookup(set->templates, name);
  if (template == NULL) {
    g_set_error(error, TEMPLATE_ERROR, TEMPLATE_ERROR_NOT_FOUND, "skabelonen '%s' findes ikke",
                name);
    return FALSE;
  }
  Render r = {set, g_ptr_array_sized_new((guint)n_stack + 16), translate, translate_data, 0,
              0, error};
  for (gsize i = 0; i < n_stack; i++)
    g_ptr_array_add(r.stack, stack[i]);
  gboolean ok = render_nodes(&r, template->nodes, out);
  g_ptr_array_unref(r.stack);
  return ok;
}
