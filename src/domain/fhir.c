/* fhir.c — instruments to and from FHIR R4 Questionnaire resources
 * (fhir.h).
 *
 * Export walks the definition's own JSON (already validated, so its shape
 * is known) and copies optional fields only where the definition has
 * them, numbers as they were written; import builds a definition JSON the
 * same way.  That is what makes an exported instrument import back to an
 * equal definition. */
#include "domain/fhir.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

#define EXT "urn:spor:fhir:"
#define INSTRUMENT_SYSTEM "urn:spor:instrument"
#define SCALE_SYSTEM "urn:spor:scale:"
#define TRANSLATION_URL "http://hl7.org/fhir/StructureDefinition/translation"
#define ORDINAL_URL "http://hl7.org/fhir/StructureDefinition/ordinalValue"
#define ITEM_CONTROL_URL "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
#define ITEM_CONTROL_SYSTEM "http://hl7.org/fhir/questionnaire-item-control"

/* ---- Export ------------------------------------------------------------------ */

static json_t *
translation(const char *lang, const char *text)
{
  return json_pack("{s:s, s:[{s:s, s:s}, {s:s, s:s}]}", "url", TRANSLATION_URL, "extension",
                   "url", "lang", "valueCode", lang, "url", "content", "valueString", text);
}

/* obj[key] = the Danish of text ({da, en}); obj["_key"] carries the English. */
static void
put_text(json_t *obj, const char *key, const json_t *text)
{
  json_object_set(obj, key, json_object_get(text, "da"));
  const char *en = json_string_value(json_object_get(text, "en"));
  if (en != NULL) {
    g_autofree char *under = g_strconcat("_", key, NULL);
    json_object_set_new(obj, under, json_pack("{s:[o]}", "extension", translation("en", en)));
  }
}

/* An extension; name is relative inside a complex extension (absolute:
 * with the urn:spor:fhir: prefix).  value is stolen. */
static json_t *
ext(const char *name, gboolean absolute, const char *type, json_t *value)
{
  g_autofree char *url = absolute ? g_strconcat(EXT, name, NULL) : g_strdup(name);
  json_t *e = json_pack("{s:s}", "url", url);
  json_object_set_new(e, type, value);
  return e;
}

/* A text extension: valueString in Danish, the English as a translation. */
static json_t *
ext_text(const char *name, gboolean absolute, const json_t *text)
{
  g_autofree char *url = absolute ? g_strconcat(EXT, name, NULL) : g_strdup(name);
  json_t *e = json_pack("{s:s}", "url", url);
  put_text(e, "valueString", text);
  return e;
}

static json_t *
ext_complex(const char *name, gboolean absolute, json_t *children)
{
  return ext(name, absolute, "extension", children);
}

/* Appends to obj's "extension" list (made when missing); e is stolen. */
static void
add_ext(json_t *obj, json_t *e)
{
  json_t *list = json_object_get(obj, "extension");
  if (list == NULL) {
    list = json_array();
    json_object_set_new(obj, "extension", list);
  }
  json_array_append_new(list, e);
}

/* The scoring of a subscale or the total as one complex extension. */
static json_t *
scoring_ext(const char *name, const json_t *src)
{
  json_t *children = json_array();
  json_array_append_new(children, ext("method", FALSE, "valueCode",
                                      json_copy(json_object_get(src, "method"))));
  static const char *const numbers[][3] = {{"min_answered", "minAnswered", "valueInteger"},
                                           {"factor", "factor", "valueDecimal"},
                                           {"rho", "rho", "valueDecimal"}};
  for (guint i = 0; i < G_N_ELEMENTS(numbers); i++) {
    json_t *value = json_object_get(src, numbers[i][0]);
    if (value != NULL)
      json_array_append_new(children, ext(numbers[i][1], FALSE, numbers[i][2], json_copy(value)));
  }
  size_t k;
  json_t *cut;
  json_array_foreach(json_object_get(src, "cutoffs"), k, cut) {
    json_t *band = json_pack("[o, o]", ext("from", FALSE, "valueDecimal",
                                           json_copy(json_object_get(cut, "from"))),
                             ext_text("label", FALSE, json_object_get(cut, "label")));
    json_array_append_new(children, ext_complex("cutoff", FALSE, band));
  }
  return ext_complex(name, TRUE, children);
}

static json_t *
help_item(const char *owner_id, const json_t *help)
{
  g_autofree char *link = g_strconcat(owner_id, "-help", NULL);
  json_t *item = json_pack("{s:s, s:s}", "linkId", link, "type", "display");
  put_text(item, "text", help);
  add_ext(item, json_pack("{s:s, s:{s:[{s:s, s:s}]}}", "url", ITEM_CONTROL_URL,
                          "valueCodeableConcept", "coding", "system", ITEM_CONTROL_SYSTEM,
                          "code", "help"));
  return item;
}

static json_t *
answer_option(const json_t *scale, const json_t *value)
{
  json_t *coding = json_object();
  const char *system = json_string_value(json_object_get(scale, "system"));
  g_autofree char *own_system = g_strconcat(SCALE_SYSTEM,
                                            json_string_value(json_object_get(scale, "id")),
                                            NULL);
  json_object_set_new(coding, "system", json_string(system ? system : own_system));
  const char *code = json_string_value(json_object_get(value, "code"));
  g_autofree char *number = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                            json_integer_value(json_object_get(value, "value")));
  json_object_set_new(coding, "code", json_string(code ? code : number));
  put_text(coding, "display", json_object_get(value, "label"));
  json_t *score = json_object_get(value, "score");
  if (score != NULL)
    add_ext(coding, ext(ORDINAL_URL, FALSE, "valueDecimal", json_copy(score)));
  json_t *option = json_pack("{s:o}", "valueCoding", coding);
  if (code != NULL)
    add_ext(option, ext("value", TRUE, "valueInteger",
                        json_copy(json_object_get(value, "value"))));
  static const char *const flags[] = {"flagged", "excluded"};
  for (guint i = 0; i < G_N_ELEMENTS(flags); i++) {
    json_t *flag = json_object_get(value, flags[i]);
    if (flag != NULL)
      add_ext(option, ext(flags[i], TRUE, "valueBoolean", json_copy(flag)));
  }
  return option;
}

static json_t *
question(const InstrumentDef *def, guint index)
{
  const json_t *src = json_array_get(json_object_get(def->json, "items"), index);
  const json_t *scale = json_array_get(json_object_get(def->json, "scales"),
                                       def->items[index].scale);
  json_t *q = json_pack("{s:O, s:s}", "linkId", json_object_get(src, "id"), "type", "choice");
  put_text(q, "text", json_object_get(src, "text"));
  add_ext(q, ext("scale-ref", TRUE, "valueId", json_copy(json_object_get(scale, "id"))));
  if (json_object_get(src, "scale") == NULL)
    add_ext(q, ext("scale-implicit", TRUE, "valueBoolean", json_true()));
  if (json_object_get(src, "reverse") != NULL)
    add_ext(q, ext("reverse", TRUE, "valueBoolean", json_copy(json_object_get(src, "reverse"))));
  if (json_object_get(src, "weight") != NULL)
    add_ext(q, ext("weight", TRUE, "valueDecimal", json_copy(json_object_get(src, "weight"))));
  size_t i;
  json_t *level;
  json_array_foreach(json_object_get(src, "levels"), i, level) {
    json_t *parts = json_pack("[o, o]", ext("value", FALSE, "valueInteger",
                                            json_copy(json_object_get(level, "value"))),
                              ext_text("label", FALSE, json_object_get(level, "label")));
    add_ext(q, ext_complex("level", TRUE, parts));
  }
  json_t *options = json_array();
  json_t *value;
  json_array_foreach(json_object_get(scale, "values"), i, value)
    json_array_append_new(options, answer_option(scale, value));
  json_object_set_new(q, "answerOption", options);
  if (json_object_get(src, "help") != NULL)
    json_object_set_new(q, "item", json_pack("[o]", help_item(def->items[index].id,
                                                              json_object_get(src, "help"))));
  return q;
}

static json_t *
group(const InstrumentDef *def, guint subscale)
{
  const json_t *src = json_array_get(json_object_get(def->json, "subscales"), subscale);
  json_t *g = json_pack("{s:O, s:s}", "linkId", json_object_get(src, "id"), "type", "group");
  put_text(g, "text", json_object_get(src, "name"));
  add_ext(g, scoring_ext("scoring", src));
  if (json_object_get(src, "direction") != NULL)
    add_ext(g, ext("direction", TRUE, "valueCode", json_copy(json_object_get(src, "direction"))));
  if (json_object_get(src, "reliability") != NULL)
    add_ext(g, ext("reliability", TRUE, "valueDecimal",
                   json_copy(json_object_get(src, "reliability"))));
  if (json_object_get(src, "description") != NULL)
    add_ext(g, ext_text("description", TRUE, json_object_get(src, "description")));
  json_t *children = json_array();
  if (json_object_get(src, "help") != NULL)
    json_array_append_new(children, help_item(def->subscales[subscale].id,
                                              json_object_get(src, "help")));
  json_object_set_new(g, "item", children);
  return g;
}

json_t *
fhir_questionnaire_from_def(const InstrumentDef *def)
{
  const json_t *src = def->json;
  g_autofree char *fhir_id = g_strdup(def->id);
  for (char *p = fhir_id; *p != '\0'; p++)
    if (*p == '_')
      *p = '-';
  g_autofree char *url = g_strconcat(INSTRUMENT_SYSTEM ":", def->id, NULL);
  g_autofree char *version = g_strdup_printf("%" G_GINT64_FORMAT, def->version);
  json_t *q = json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:s}], s:s}", "resourceType",
                        "Questionnaire", "id", fhir_id, "language", "da", "url", url,
                        "identifier", "system", INSTRUMENT_SYSTEM, "value", def->id, "version",
                        version);
  put_text(q, "title", json_object_get(src, "name"));
  json_object_set_new(q, "status", json_string("active"));
  if (json_object_get(src, "description") != NULL)
    put_text(q, "description", json_object_get(src, "description"));
  if (json_object_get(src, "source") != NULL)
    put_text(q, "copyright", json_object_get(src, "source"));

  add_ext(q, ext("kind", TRUE, "valueCode", json_copy(json_object_get(src, "kind"))));
  size_t i;
  json_t *value;
  json_array_foreach(json_object_get(src, "respondents"), i, value)
    add_ext(q, ext("respondent", TRUE, "valueCode", json_copy(value)));
  add_ext(q, ext("direction", TRUE, "valueCode", json_copy(json_object_get(src, "direction"))));
  if (json_object_get(src, "reliability") != NULL)
    add_ext(q, ext("reliability", TRUE, "valueDecimal",
                   json_copy(json_object_get(src, "reliability"))));
  if (json_object_get(src, "notes") != NULL)
    add_ext(q, ext_text("notes", TRUE, json_object_get(src, "notes")));
  json_t *scale;
  json_array_foreach(json_object_get(src, "scales"), i, scale) {
    json_t *parts = json_pack("[o]", ext("id", FALSE, "valueId",
                                         json_copy(json_object_get(scale, "id"))));
    if (json_object_get(scale, "name") != NULL)
      json_array_append_new(parts, ext_text("name", FALSE, json_object_get(scale, "name")));
    if (json_object_get(scale, "system") != NULL)
      json_array_append_new(parts, ext("system", FALSE, "valueUri",
                                       json_copy(json_object_get(scale, "system"))));
    add_ext(q, ext_complex("scale", TRUE, parts));
  }
  if (json_object_get(src, "total") != NULL)
    add_ext(q, scoring_ext("total", json_object_get(src, "total")));

  /* Items in order; a subscale's group stands where its first item does. */
  json_t *top = json_array();
  g_autofree json_t **groups = g_new0(json_t *, MAX(def->n_subscales, 1));
  for (guint k = 0; k < def->n_items; k++) {
    int s = def->items[k].subscale;
    if (s < 0) {
      json_array_append_new(top, question(def, k));
      continue;
    }
    if (groups[s] == NULL) {
      groups[s] = group(def, (guint)s);
      json_array_append_new(top, groups[s]);
    }
    json_array_append_new(json_object_get(groups[s], "item"), question(def, k));
  }
  json_object_set_new(q, "item", top);
  return q;
}

char *
fhir_questionnaire_text(const InstrumentDef *def)
{
  json_t *q = fhir_questionnaire_from_def(def);
  char *text = json_dumps(q, JSON_INDENT(2));
  json_decref(q);
  char *out = g_strconcat(text, "\n", NULL);
  free(text);
  return out;
}

/* ---- Import ------------------------------------------------------------------ */

typedef struct Import {
  GPtrArray *problems;
  GString *path;
  const char *lang;      /* the resource's language ("da" unless it says) */
  json_t *scale_info;    /* scale id → {name?, system?} from the resource's extensions */
  json_t *scales;        /* the definition's scales, as built */
  json_t *subscales;
  json_t *items;
  guint auto_scales;
} Import;

static void G_GNUC_PRINTF(2, 3)
import_problem(Import *im, const char *format, ...)
{
  va_list ap;
  va_start(ap, format);
  g_autofree char *message = g_strdup_vprintf(format, ap);
  va_end(ap);
  instrument_problem_add(im->problems, im->path->str, "%s", message);
}

static gsize
push(Import *im, const char *key, gssize index)
{
  gsize mark = im->path->len;
  if (key != NULL) {
    if (mark > 0)
      g_string_append_c(im->path, '.');
    g_string_append(im->path, key);
  }
  if (index >= 0)
    g_string_append_printf(im->path, "[%zd]", index);
  return mark;
}

static void
pop(Import *im, gsize mark)
{
  g_string_truncate(im->path, mark);
}

/* The first extension of obj with this url (name under urn:spor:fhir:
 * when absolute), or NULL. */
static json_t *
find_ext(const json_t *obj, const char *name, gboolean absolute)
{
  g_autofree char *url = absolute ? g_strconcat(EXT, name, NULL) : g_strdup(name);
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(obj, "extension"), i, e)
    if (g_strcmp0(json_string_value(json_object_get(e, "url")), url) == 0)
      return e;
  return NULL;
}

/* A definition text {da, en} from obj[key] and its translations;
 * NULL when obj[key] is not a non-empty string. */
static json_t *
read_text(Import *im, const json_t *obj, const char *key)
{
  const char *primary = json_string_value(json_object_get(obj, key));
  if (primary == NULL || *primary == '\0')
    return NULL;
  const char *da = NULL, *en = NULL;
  g_autofree char *under = g_strconcat("_", key, NULL);
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(json_object_get(obj, under), "extension"), i, e) {
    if (g_strcmp0(json_string_value(json_object_get(e, "url")), TRANSLATION_URL) != 0)
      continue;
    const char *lang = json_string_value(json_object_get(find_ext(e, "lang", FALSE),
                                                         "valueCode"));
    const char *content = json_string_value(json_object_get(find_ext(e, "content", FALSE),
                                                            "valueString"));
    if (lang != NULL && content != NULL && g_str_has_prefix(lang, "da"))
      da = content;
    else if (lang != NULL && content != NULL && g_str_has_prefix(lang, "en"))
      en = content;
  }
  if (g_str_has_prefix(im->lang, "en")) {
    en = primary;
    if (da == NULL)
      da = primary;
  } else {
    da = primary;
  }
  json_t *text = json_pack("{s:s}", "da", da);
  if (en != NULL)
    json_object_set_new(text, "en", json_string(en));
  return text;
}

/* A text extension's value ({da, en}) or NULL. */
static json_t *
ext_text_value(Import *im, const json_t *e)
{
  return e != NULL ? read_text(im, e, "valueString") : NULL;
}

/* A linkId or other name made into a definition id. */
static char *
to_id(const char *text)
{
  GString *id = g_string_new(NULL);
  for (const char *p = text; *p != '\0' && id->len < 64; p++) {
    char c = *p;
    gboolean ok = g_ascii_isalnum(c) || c == '.' || c == '_' || c == '-';
    if (id->len == 0 && !g_ascii_isalnum(c))
      g_string_append_c(id, 'q');
    if (id->len < 64)
      g_string_append_c(id, ok ? c : '-');
  }
  if (id->len == 0)
    g_string_append_c(id, 'q');
  return g_string_free(id, FALSE);
}

/* A scoring object (subscale or total) from a complex extension. */
static json_t *
scoring_from_ext(Import *im, const json_t *e)
{
  json_t *scoring = json_object();
  const char *method = json_string_value(json_object_get(find_ext(e, "method", FALSE),
                                                         "valueCode"));
  json_object_set_new(scoring, "method", json_string(method ? method : "sum"));
  static const char *const numbers[][3] = {{"min_answered", "minAnswered", "valueInteger"},
                                           {"factor", "factor", "valueDecimal"},
                                           {"rho", "rho", "valueDecimal"}};
  for (guint i = 0; i < G_N_ELEMENTS(numbers); i++) {
    json_t *value = json_object_get(find_ext(e, numbers[i][1], FALSE), numbers[i][2]);
    if (value != NULL)
      json_object_set(scoring, numbers[i][0], value);
  }
  json_t *cutoffs = json_array();
  size_t i;
  json_t *part;
  json_array_foreach(json_object_get(e, "extension"), i, part) {
    if (g_strcmp0(json_string_value(json_object_get(part, "url")), "cutoff") != 0)
      continue;
    json_t *band = json_object();
    json_t *from = json_object_get(find_ext(part, "from", FALSE), "valueDecimal");
    if (from != NULL)
      json_object_set(band, "from", from);
    json_t *label = ext_text_value(im, find_ext(part, "label", FALSE));
    if (label != NULL)
      json_object_set_new(band, "label", label);
    json_array_append_new(cutoffs, band);
  }
  if (json_array_size(cutoffs) > 0)
    json_object_set_new(scoring, "cutoffs", cutoffs);
  else
    json_decref(cutoffs);
  return scoring;
}

/* The help text of an item or group: its display child marked "help". */
static json_t *
help_of(Import *im, const json_t *item)
{
  size_t i;
  json_t *child;
  json_array_foreach(json_object_get(item, "item"), i, child) {
    if (g_strcmp0(json_string_value(json_object_get(child, "type")), "display") != 0)
      continue;
    json_t *control = find_ext(child, ITEM_CONTROL_URL, FALSE);
    json_t *coding = json_array_get(json_object_get(json_object_get(control,
                                                                    "valueCodeableConcept"),
                                                    "coding"), 0);
    if (g_strcmp0(json_string_value(json_object_get(coding, "code")), "help") == 0)
      return read_text(im, child, "text");
  }
  return NULL;
}

static gboolean
is_help(const json_t *item)
{
  json_t *control = find_ext(item, ITEM_CONTROL_URL, FALSE);
  json_t *coding = json_array_get(json_object_get(json_object_get(control,
                                                                  "valueCodeableConcept"),
                                                  "coding"), 0);
  return g_strcmp0(json_string_value(json_object_get(coding, "code")), "help") == 0;
}

static gboolean
parse_integer(const char *text, gint64 *out)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  char *end = NULL;
  gint64 v = g_ascii_strtoll(text, &end, 10);
  if (*end != '\0' || v < -1000000 || v > 1000000)
    return FALSE;
  *out = v;
  return TRUE;
}

/* The scale values of a question's answerOptions; NULL after a problem. */
static json_t *
scale_values(Import *im, const json_t *options, const char **out_system)
{
  size_t n = json_array_size(options);
  /* First: can every option give a whole-number value? */
  gboolean numbers = TRUE;
  for (size_t i = 0; i < n && numbers; i++) {
    const json_t *option = json_array_get(options, i);
    gint64 v;
    numbers = json_is_integer(json_object_get(option, "valueInteger")) ||
              find_ext(option, "value", TRUE) != NULL ||
              parse_integer(json_string_value(json_object_get(json_object_get(option,
                                                                               "valueCoding"),
                                                              "code")),
                            &v);
  }
  json_t *values = json_array();
  const char *system = NULL;
  gboolean one_system = TRUE;
  for (size_t i = 0; i < n; i++) {
    gsize mark = push(im, "answerOption", (gssize)i);
    const json_t *option = json_array_get(options, i);
    json_t *coding = json_object_get(option, "valueCoding");
    json_t *integer = json_object_get(option, "valueInteger");
    json_t *value = json_object();
    if (coding == NULL && !json_is_integer(integer)) {
      import_problem(im, _("svarmuligheden skal være en valueCoding eller en valueInteger"));
      pop(im, mark);
      json_decref(value);
      continue;
    }
    if (coding != NULL) {
      const char *code = json_string_value(json_object_get(coding, "code"));
      const char *this_system = json_string_value(json_object_get(coding, "system"));
      if (i == 0)
        system = this_system;
      else if (g_strcmp0(system, this_system) != 0)
        one_system = FALSE;
      json_t *own = json_object_get(find_ext(option, "value", TRUE), "valueInteger");
      gint64 v = (gint64)i;
      if (own != NULL && json_is_integer(own))
        v = json_integer_value(own);
      else if (numbers)
        parse_integer(code, &v);
      json_object_set_new(value, "value", json_integer(v));
      json_t *label = read_text(im, coding, "display");
      if (label == NULL)
        label = json_pack("{s:s}", "da", code != NULL ? code : "?");
      json_object_set_new(value, "label", label);
      /* The code is kept when it is not just the value written out. */
      g_autofree char *written = g_strdup_printf("%" G_GINT64_FORMAT, v);
      if (code != NULL && strcmp(code, written) != 0)
        json_object_set_new(value, "code", json_string(code));
      json_t *ordinal = json_object_get(find_ext(coding, ORDINAL_URL, FALSE), "valueDecimal");
      if (ordinal != NULL)
        json_object_set(value, "score", ordinal);
    } else {
      json_object_set(value, "value", integer);
      g_autofree char *label = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                               json_integer_value(integer));
      json_object_set_new(value, "label", json_pack("{s:s}", "da", label));
      json_t *ordinal = json_object_get(find_ext(option, ORDINAL_URL, FALSE), "valueDecimal");
      if (ordinal != NULL)
        json_object_set(value, "score", ordinal);
    }
    static const char *const flags[] = {"flagged", "excluded"};
    for (guint f = 0; f < G_N_ELEMENTS(flags); f++) {
      json_t *flag = json_object_get(find_ext(option, flags[f], TRUE), "valueBoolean");
      if (flag != NULL)
        json_object_set(value, flags[f], flag);
    }
    json_array_append_new(values, value);
    pop(im, mark);
  }
  *out_system = one_system && system != NULL && !g_str_has_prefix(system, SCALE_SYSTEM)
                  ? system : NULL;
  return values;
}

/* The id of the scale a question's options make: the one it names, one
 * already made with the same values, or a new one. */
static const char *
scale_for(Import *im, const json_t *question, json_t *values, const char *system)
{
  const char *named = json_string_value(json_object_get(find_ext(question, "scale-ref", TRUE),
                                                        "valueId"));
  size_t i;
  json_t *scale;
  json_array_foreach(im->scales, i, scale) {
    const char *id = json_string_value(json_object_get(scale, "id"));
    if (named != NULL ? strcmp(id, named) == 0
                      : json_equal(json_object_get(scale, "values"), values))
      return id;
  }
  g_autofree char *made = NULL;
  if (named == NULL)
    made = g_strdup_printf("scale-%u", ++im->auto_scales);
  scale = json_pack("{s:s}", "id", named ? named : made);
  json_t *info = named ? json_object_get(im->scale_info, named) : NULL;
  if (json_object_get(info, "name") != NULL)
    json_object_set(scale, "name", json_object_get(info, "name"));
  if (json_object_get(info, "system") != NULL)
    json_object_set(scale, "system", json_object_get(info, "system"));
  else if (system != NULL)
    json_object_set_new(scale, "system", json_string(system));
  json_object_set(scale, "values", values);
  json_array_append_new(im->scales, scale);
  return json_string_value(json_object_get(scale, "id"));
}

static void walk(Import *im, const json_t *items, int subscale);

static void
add_question(Import *im, const json_t *q, int subscale)
{
  const char *link = json_string_value(json_object_get(q, "linkId"));
  if (link == NULL) {
    gsize mark = push(im, "linkId", -1);
    import_problem(im, _("mangler"));
    pop(im, mark);
    return;
  }
  json_t *options = json_object_get(q, "answerOption");
  if (!json_is_array(options) || json_array_size(options) == 0) {
    if (json_object_get(q, "answerValueSet") != NULL)
      import_problem(im, _("spørgsmålet '%s' henviser til et ValueSet (answerValueSet); spor "
                           "kan kun bruge svarmuligheder i selve spørgeskemaet (answerOption)"),
                     link);
    else
      import_problem(im, _("spørgsmålet '%s' har ingen svarmuligheder (answerOption)"), link);
    return;
  }
  const char *system = NULL;
  json_t *values = scale_values(im, options, &system);
  g_autofree char *id = to_id(link);
  json_t *item = json_pack("{s:s}", "id", id);
  json_t *text = read_text(im, q, "text");
  json_object_set_new(item, "text", text ? text : json_pack("{s:s}", "da", link));
  json_t *help = help_of(im, q);
  if (help != NULL)
    json_object_set_new(item, "help", help);
  const char *scale = scale_for(im, q, values, system);
  if (find_ext(q, "scale-implicit", TRUE) == NULL)
    json_object_set_new(item, "scale", json_string(scale));
  json_decref(values);
  if (subscale >= 0)
    json_object_set(item, "subscale",
                    json_object_get(json_array_get(im->subscales, (size_t)subscale), "id"));
  json_t *reverse = json_object_get(find_ext(q, "reverse", TRUE), "valueBoolean");
  if (reverse != NULL)
    json_object_set(item, "reverse", reverse);
  json_t *weight = json_object_get(find_ext(q, "weight", TRUE), "valueDecimal");
  if (weight != NULL)
    json_object_set(item, "weight", weight);
  json_t *levels = json_array();
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(q, "extension"), i, e) {
    if (g_strcmp0(json_string_value(json_object_get(e, "url")), EXT "level") != 0)
      continue;
    json_t *level = json_object();
    json_t *value = json_object_get(find_ext(e, "value", FALSE), "valueInteger");
    if (value != NULL)
      json_object_set(level, "value", value);
    json_t *label = ext_text_value(im, find_ext(e, "label", FALSE));
    if (label != NULL)
      json_object_set_new(level, "label", label);
    json_array_append_new(levels, level);
  }
  if (json_array_size(levels) > 0)
    json_object_set_new(item, "levels", levels);
  else
    json_decref(levels);
  json_array_append_new(im->items, item);
}

/* A group that holds questions itself becomes a subscale; returns its
 * index, or -1 for a group of groups only. */
static int
add_group(Import *im, const json_t *g, int parent)
{
  size_t i;
  json_t *child;
  gboolean has_questions = FALSE;
  json_array_foreach(json_object_get(g, "item"), i, child) {
    const char *type = json_string_value(json_object_get(child, "type"));
    if (g_strcmp0(type, "group") != 0 && g_strcmp0(type, "display") != 0)
      has_questions = TRUE;
  }
  if (!has_questions)
    return parent;
  const char *link = json_string_value(json_object_get(g, "linkId"));
  g_autofree char *id = to_id(link ? link : "group");
  json_t *sub = json_pack("{s:s}", "id", id);
  json_t *name = read_text(im, g, "text");
  json_object_set_new(sub, "name", name ? name : json_pack("{s:s}", "da", id));
  json_t *description = ext_text_value(im, find_ext(g, "description", TRUE));
  if (description != NULL)
    json_object_set_new(sub, "description", description);
  json_t *help = help_of(im, g);
  if (help != NULL)
    json_object_set_new(sub, "help", help);
  json_t *scoring_e = find_ext(g, "scoring", TRUE);
  json_t *scoring = scoring_e ? scoring_from_ext(im, scoring_e) : json_pack("{s:s}", "method",
                                                                            "sum");
  json_object_update(sub, scoring);
  json_decref(scoring);
  if (scoring_e == NULL) /* set to the group's item count once it is known */
    json_object_set_new(sub, "min_answered", json_integer(0));
  json_t *direction = json_object_get(find_ext(g, "direction", TRUE), "valueCode");
  if (direction != NULL)
    json_object_set(sub, "direction", direction);
  json_t *reliability = json_object_get(find_ext(g, "reliability", TRUE), "valueDecimal");
  if (reliability != NULL)
    json_object_set(sub, "reliability", reliability);
  json_array_append_new(im->subscales, sub);
  return (int)json_array_size(im->subscales) - 1;
}

static void
walk(Import *im, const json_t *items, int subscale)
{
  size_t i;
  json_t *item;
  json_array_foreach(items, i, item) {
    gsize mark = push(im, "item", (gssize)i);
    const char *type = json_string_value(json_object_get(item, "type"));
    if (!json_is_object(item) || type == NULL) {
      import_problem(im, _("et spørgsmål skal være et objekt med en \"type\""));
    } else if (strcmp(type, "group") == 0) {
      int inner = add_group(im, item, subscale);
      walk(im, json_object_get(item, "item"), inner);
    } else if (strcmp(type, "display") == 0) {
      if (!is_help(item))
        walk(im, json_object_get(item, "item"), subscale);
    } else if (strcmp(type, "choice") == 0 || strcmp(type, "open-choice") == 0 ||
               strcmp(type, "integer") == 0 || strcmp(type, "coding") == 0) {
      add_question(im, item, subscale);
      walk(im, json_object_get(item, "item"), subscale);
    } else {
      const char *link = json_string_value(json_object_get(item, "linkId"));
      import_problem(im, _("spørgsmålet '%s' har typen '%s', som spor ikke kan score; spor tager "
                           "spørgsmål med svarmuligheder (choice eller integer med answerOption)"),
                     link ? link : "?", type);
    }
    pop(im, mark);
  }
}

gboolean
fhir_is_questionnaire(const json_t *json)
{
  return json_is_object(json) &&
         g_strcmp0(json_string_value(json_object_get(json, "resourceType")), "Questionnaire") == 0;
}

/* The instrument id: spor's identifier, else the name, else the id. */
static char *
questionnaire_id(const json_t *q)
{
  size_t i;
  json_t *identifier;
  json_array_foreach(json_object_get(q, "identifier"), i, identifier) {
    const char *system = json_string_value(json_object_get(identifier, "system"));
    const char *value = json_string_value(json_object_get(identifier, "value"));
    if (g_strcmp0(system, INSTRUMENT_SYSTEM) == 0 && value != NULL)
      return g_strdup(value);
  }
  const char *name = json_string_value(json_object_get(q, "name"));
  if (name == NULL)
    name = json_string_value(json_object_get(q, "id"));
  if (name == NULL)
    return NULL;
  g_autofree char *lower = g_ascii_strdown(name, -1);
  return to_id(lower);
}

json_t *
fhir_definition_from_questionnaire(const json_t *q, GPtrArray *problems)
{
  if (!fhir_is_questionnaire(q)) {
    instrument_problem_add(problems, "resourceType", _("skal være \"Questionnaire\""));
    return NULL;
  }
  guint before = problems->len;
  Import im = {
    .problems = problems,
    .path = g_string_new(NULL),
    .lang = json_string_value(json_object_get(q, "language")),
    .scale_info = json_object(),
    .scales = json_array(),
    .subscales = json_array(),
    .items = json_array(),
  };
  if (im.lang == NULL)
    im.lang = "da";

  json_t *def = json_object();
  g_autofree char *id = questionnaire_id(q);
  if (id == NULL)
    instrument_problem_add(problems, "identifier",
                           _("spørgeskemaet har hverken et identifier fra spor, et name eller et "
                             "id at kende instrumentet på"));
  else
    json_object_set_new(def, "id", json_string(id));
  gint64 version = 1;
  const char *version_text = json_string_value(json_object_get(q, "version"));
  if (version_text == NULL ||
      !g_ascii_string_to_signed(version_text, 10, 1, G_MAXINT32, &version, NULL))
    version = 1;
  json_object_set_new(def, "version", json_integer(version));
  json_t *name = read_text(&im, q, "title");
  if (name == NULL && json_string_value(json_object_get(q, "name")) != NULL)
    name = json_pack("{s:s}", "da", json_string_value(json_object_get(q, "name")));
  if (name == NULL && id != NULL)
    name = json_pack("{s:s}", "da", id);
  if (name != NULL)
    json_object_set_new(def, "name", name);
  json_t *description = read_text(&im, q, "description");
  if (description != NULL)
    json_object_set_new(def, "description", description);
  json_t *notes = ext_text_value(&im, find_ext(q, "notes", TRUE));
  if (notes != NULL)
    json_object_set_new(def, "notes", notes);
  json_t *source = read_text(&im, q, "copyright");
  if (source != NULL)
    json_object_set_new(def, "source", source);

  const char *kind = json_string_value(json_object_get(find_ext(q, "kind", TRUE), "valueCode"));
  json_object_set_new(def, "kind", json_string(kind ? kind : "questionnaire"));
  json_t *respondents = json_array();
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(q, "extension"), i, e) {
    if (g_strcmp0(json_string_value(json_object_get(e, "url")), EXT "respondent") == 0)
      json_array_append(respondents, json_object_get(e, "valueCode"));
    if (g_strcmp0(json_string_value(json_object_get(e, "url")), EXT "scale") == 0) {
      const char *scale_id = json_string_value(json_object_get(find_ext(e, "id", FALSE),
                                                               "valueId"));
      if (scale_id == NULL)
        continue;
      json_t *info = json_object();
      json_t *scale_name = ext_text_value(&im, find_ext(e, "name", FALSE));
      if (scale_name != NULL)
        json_object_set_new(info, "name", scale_name);
      json_t *system = json_object_get(find_ext(e, "system", FALSE), "valueUri");
      if (system != NULL)
        json_object_set(info, "system", system);
      json_object_set_new(im.scale_info, scale_id, info);
    }
  }
  if (json_array_size(respondents) == 0)
  {
    json_array_append_new(respondents, json_string("citizen"));
    json_array_append_new(respondents, json_string("staff"));
  }
  json_object_set_new(def, "respondents", respondents);
  const char *direction = json_string_value(json_object_get(find_ext(q, "direction", TRUE),
                                                            "valueCode"));
  json_object_set_new(def, "direction", json_string(direction ? direction : "higher_is_better"));
  json_t *reliability = json_object_get(find_ext(q, "reliability", TRUE), "valueDecimal");
  if (reliability != NULL)
    json_object_set(def, "reliability", reliability);

  walk(&im, json_object_get(q, "item"), -1);
  if (json_array_size(im.items) == 0 && problems->len == before)
    instrument_problem_add(problems, "item", _("spørgeskemaet har ingen spørgsmål, spor kan score"));

  /* Groups without scoring of their own: a sum over all their items. */
  json_t *sub;
  json_array_foreach(im.subscales, i, sub) {
    json_t *min = json_object_get(sub, "min_answered");
    if (json_is_integer(min) && json_integer_value(min) == 0) {
      gint64 n = 0;
      size_t k;
      json_t *item;
      json_array_foreach(im.items, k, item)
        n += json_equal(json_object_get(item, "subscale"), json_object_get(sub, "id"));
      json_object_set_new(sub, "min_answered", json_integer(MAX(n, 1)));
    }
  }
  json_object_set(def, "scales", im.scales);
  if (json_array_size(im.subscales) > 0)
    json_object_set(def, "subscales", im.subscales);
  json_object_set(def, "items", im.items);
  json_t *total = find_ext(q, "total", TRUE);
  if (total != NULL)
    json_object_set_new(def, "total", scoring_from_ext(&im, total));
  else if (find_ext(q, "kind", TRUE) == NULL && json_array_size(im.items) > 0)
    json_object_set_new(def, "total", json_pack("{s:s, s:I}", "method", "sum", "min_answered",
                                                (json_int_t)json_array_size(im.items)));

  json_decref(im.scale_info);
  json_decref(im.scales);
  json_decref(im.subscales);
  json_decref(im.items);
  g_string_free(im.path, TRUE);
  if (problems->len > before) {
    json_decref(def);
    return NULL;
  }
  return def;
}

InstrumentDef *
instrument_def_parse_any(const char *text, gsize len, gboolean *out_fhir, GPtrArray *problems)
{
  if (out_fhir != NULL)
    *out_fhir = FALSE;
  json_t *json = instrument_json_parse(text, len, problems);
  if (json == NULL)
    return NULL;
  InstrumentDef *def = NULL;
  if (fhir_is_questionnaire(json)) {
    if (out_fhir != NULL)
      *out_fhir = TRUE;
    json_t *converted = fhir_definition_from_questionnaire(json, problems);
    if (converted != NULL) {
      def = instrument_def_from_json(converted, problems);
      json_decref(converted);
    }
  } else {
    def = instrument_def_from_json(json, problems);
  }
  json_decref(json);
  return def;
}
