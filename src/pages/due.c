/* due.c — the due list (Kapitel 4: "en liste over borgere, der skal
 * indsamles dokumentation for i den kommende måned") and the completeness
 * of the documentation, per worker, unit and offer.
 *
 * Nothing here decides when a measurement is due: the store gives the
 * courses with their phases and measurements and the plans, and
 * domain/due.c derives the expectations. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/due.h"
#include "pages/common.h"
#include "pages/due_list.h"
#include "pages/pages.h"

/* The measurement point a plan point's measurement is recorded as. */
static const char *
point_of(const char *kind)
{
  if (g_strcmp0(kind, "phase_change") == 0)
    return "follow_up";
  return kind ? kind : "follow_up";
}

char *
due_list_record_href(gint64 citizen_id, gint64 course_id, const json_t *e)
{
  g_autofree char *key = g_uri_escape_string(
    json_string_value(json_object_get(e, "instrument_key")), NULL, FALSE);
  return g_strdup_printf("/citizens/%" G_GINT64_FORMAT "/measurements/new?instrument=%s"
                         "&respondent=%s&point=%s&course=%" G_GINT64_FORMAT,
                         citizen_id, key, json_string_value(json_object_get(e, "respondent")),
                         point_of(json_string_value(json_object_get(e, "kind"))), course_id);
}

json_t *
due_list_courses(HttpRequest *req, const StoreDueFilter *filter, const char *today,
                 int horizon_days, GError **error)
{
  json_t *courses = store_due_courses(req->db, req->user->id, filter, error);
  if (courses == NULL)
    return NULL;
  json_t *plans = store_due_plans(req->db, req->user->id, filter, error);
  if (plans == NULL) {
    json_decref(courses);
    return NULL;
  }
  size_t i;
  json_t *course;
  json_array_foreach(courses, i, course) {
    json_t *expected = due_derive_json(plans, course, today, horizon_days);
    json_object_set_new(course, "expected", expected ? expected : json_array());
  }
  json_decref(plans);
  return courses;
}

/* The name of a phase of the course, or NULL. */
static const char *
phase_name(const json_t *course, const json_t *e)
{
  gint64 id = json_integer_value(json_object_get(e, "phase_id"));
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(course, "phases"), i, p)
    if (json_integer_value(json_object_get(p, "phase_id")) == id)
      return json_string_value(json_object_get(p, "name"));
  return NULL;
}

static json_t *
row_of(HttpRequest *req, const json_t *course, const json_t *e, const json_t *names)
{
  gint64 citizen = json_integer_value(json_object_get(course, "citizen_id"));
  gint64 course_id = json_integer_value(json_object_get(course, "id"));
  g_autofree char *label = page_due_label(e, phase_name(course, e));
  g_autofree char *name = g_strdup_printf("%s %s",
    json_string_value(json_object_get(course, "first_name")),
    json_string_value(json_object_get(course, "last_name")));
  const char *key = json_string_value(json_object_get(e, "instrument_key"));
  const char *respondent = json_string_value(json_object_get(e, "respondent"));
  const char *status = json_string_value(json_object_get(e, "status"));
  g_autofree char *href = due_list_record_href(citizen, course_id, e);
  json_t *row = json_pack(
    "{s:I, s:s, s:I, s:O, s:O, s:O, s:s, s:s?, s:O?, s:s?, s:s, s:O, s:O, s:O, s:s?, s:s, s:s}",
    "citizen_id", (json_int_t)citizen, "citizen_name", name, "course_id", (json_int_t)course_id,
    "intervention_name", json_object_get(course, "intervention_name"), "unit_name",
    json_object_get(course, "unit_name"), "contact_person_name",
    json_object_get(course, "contact_person_name"), "label", label, "instrument_key", key,
    "instrument_name", json_object_get(names, key ? key : ""), "respondent", respondent,
    "respondent_label", page_label(page_respondents, respondent), "due_on",
    json_object_get(e, "due_on"), "window_from", json_object_get(e, "window_from"), "window_to",
    json_object_get(e, "window_to"), "status", status, "status_label",
    page_label(page_due_statuses, status), "record_href", href);
  page_add_date_display(row, "due_on");
  page_add_date_display(row, "window_from");
  page_add_date_display(row, "window_to");
  (void)req;
  return row;
}

static int
by_due(const void *a, const void *b)
{
  const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
  int c = g_strcmp0(json_string_value(json_object_get(x, "due_on")),
                    json_string_value(json_object_get(y, "due_on")));
  return c != 0 ? c : g_strcmp0(json_string_value(json_object_get(x, "citizen_name")),
                                json_string_value(json_object_get(y, "citizen_name")));
}

/* The array sorted by due date, then citizen; a new reference. */
static json_t *
sorted(json_t *rows)
{
  gsize n = json_array_size(rows);
  g_autofree json_t **items = g_new(json_t *, MAX(n, 1));
  for (gsize i = 0; i < n; i++)
    items[i] = json_array_get(rows, i);
  qsort(items, n, sizeof *items, by_due);
  json_t *out = json_array();
  for (gsize i = 0; i < n; i++)
    json_array_append(out, items[i]);
  json_decref(rows);
  return out;
}

json_t *
due_list_model(HttpRequest *req, const StoreDueFilter *filter, GError **error)
{
  g_autofree char *today = spor_date_today();
  json_t *names = page_instrument_names(req, error);
  if (names == NULL)
    return NULL;
  json_t *courses = due_list_courses(req, filter, today, DUE_LIST_HORIZON_DAYS, error);
  json_t *drafts = courses ? store_measurement_drafts(req->db, req->user->id, filter, error)
                           : NULL;
  if (drafts == NULL) {
    json_decref(names);
    json_decref(courses);
    return NULL;
  }
  json_t *due = json_array(), *overdue = json_array();
  size_t i;
  json_t *course;
  json_array_foreach(courses, i, course) {
    size_t k;
    json_t *e;
    json_array_foreach(json_object_get(course, "expected"), k, e) {
      const char *status = json_string_value(json_object_get(e, "status"));
      if (g_strcmp0(status, "overdue") == 0)
        json_array_append_new(overdue, row_of(req, course, e, names));
      else if (g_strcmp0(status, "open") == 0 || g_strcmp0(status, "upcoming") == 0)
        json_array_append_new(due, row_of(req, course, e, names));
    }
  }
  json_array_foreach(drafts, i, course) {
    page_add_date_display(course, "measured_on");
    json_object_set_new(course, "point_label",
      json_string(page_label(page_points, json_string_value(json_object_get(course, "point")))));
    json_object_set(course, "instrument_name",
                    json_object_get(course, req->lang == SPOR_LANG_EN ? "instrument_name_en"
                                                                      : "instrument_name_da"));
  }
  json_t *model = json_object();
  json_object_set_new(model, "n_due", json_integer((json_int_t)json_array_size(due)));
  json_object_set_new(model, "n_overdue", json_integer((json_int_t)json_array_size(overdue)));
  json_object_set_new(model, "n_drafts", json_integer((json_int_t)json_array_size(drafts)));
  json_object_set_new(model, "has_due", json_boolean(json_array_size(due) > 0));
  json_object_set_new(model, "has_overdue", json_boolean(json_array_size(overdue) > 0));
  json_object_set_new(model, "has_drafts", json_boolean(json_array_size(drafts) > 0));
  json_object_set_new(model, "due", sorted(due));
  json_object_set_new(model, "overdue", sorted(overdue));
  json_object_set_new(model, "drafts", drafts);
  json_decref(courses);
  json_decref(names);
  return model;
}

/* ---- The due page ------------------------------------------------------------ */

static const FieldSpec due_fields[] = {
  {"who", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("mine", "all"), N_("Hvis borgere")},
  {"unit", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Afdeling")},
  {"offer", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Tilbud")},
};

/* Units and offers to filter by, with the chosen ones marked. */
static gboolean
filter_options(HttpRequest *req, json_t *model, gint64 unit, gint64 offer, GError **error)
{
  json_t *units = store_unit_list_writable(req->db, req->user->id, error);
  json_t *offers = units ? store_offer_list_visible(req->db, req->user->id, error) : NULL;
  if (offers == NULL) {
    json_decref(units);
    return FALSE;
  }
  size_t i;
  json_t *row;
  json_array_foreach(units, i, row)
    json_object_set_new(row, "selected",
                        json_boolean(json_integer_value(json_object_get(row, "id")) == unit));
  json_array_foreach(offers, i, row)
    json_object_set_new(row, "selected",
                        json_boolean(json_integer_value(json_object_get(row, "id")) == offer));
  json_object_set_new(model, "units", units);
  json_object_set_new(model, "offers", offers);
  json_object_set_new(model, "several_units", json_boolean(json_array_size(units) > 1));
  json_object_set_new(model, "several_offers", json_boolean(json_array_size(offers) > 1));
  return TRUE;
}

static void
due_page(HttpRequest *req, HttpReply *reply)
{
  const FormResult *fields = req->fields;
  json_t *model = page_model_new(_("Opgaver: målinger"));
  json_object_set(model, "values", form_result_echo(fields));
  if (!form_result_ok(fields)) {
    reply_form_errors(reply, "due", model, fields);
    return;
  }
  const char *who = form_text(fields, "who");
  gint64 unit = 0, offer = 0;
  form_int(fields, "unit", &unit);
  form_int(fields, "offer", &offer);
  gboolean mine = who == NULL || strcmp(who, "mine") == 0;
  /* A filter by unit or offer means the whole team unless "mine" is asked. */
  if (who == NULL && (unit != 0 || offer != 0))
    mine = FALSE;
  StoreDueFilter filter = {.contact_person_id = mine ? req->user->id : 0, .unit_id = unit,
                           .offer_id = offer};
  g_autoptr(GError) error = NULL;
  json_t *list = due_list_model(req, &filter, &error);
  if (list == NULL || !filter_options(req, model, unit, offer, &error)) {
    json_decref(list);
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  json_object_update(model, list);
  json_decref(list);
  json_object_set_new(model, "mine", json_boolean(mine));
  json_object_set_new(model, "horizon", json_integer(DUE_LIST_HORIZON_DAYS));
  g_autofree char *detail = g_strdup_printf("due=%" JSON_INTEGER_FORMAT " overdue=%"
                                            JSON_INTEGER_FORMAT,
                                            json_integer_value(json_object_get(model, "n_due")),
                                            json_integer_value(json_object_get(model, "n_overdue")));
  reply_audit(reply, 0, "due.list", detail);
  reply_page(reply, 200, "due", model);
}

/* ---- Completeness -------------------------------------------------------------- */

static const FieldSpec completeness_fields[] = {
  {"from", FIELD_DATE, FALSE, 0, 0, NULL, N_("Fra dato")},
  {"to", FIELD_DATE, FALSE, 0, 0, NULL, N_("Til og med dato")},
  {"by", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("unit", "worker", "offer"), N_("Opdelt på")},
};

/* An ISO date days from today; newly allocated. */
static char *
days_from_today(int days)
{
  g_autoptr(GDateTime) now = spor_clock_now();
  g_autoptr(GDateTime) then = g_date_time_add_days(now, days);
  return g_date_time_format(then, "%Y-%m-%d");
}

static json_t *
count_row(const char *name, const DueCounts *c)
{
  guint due = c->done + c->late + c->draft + c->missed + c->overdue;
  double pct = due_completeness(c);
  json_t *row = json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:i}", "name", name, "due", (int)due,
                          "done", (int)c->done, "late", (int)c->late, "draft", (int)c->draft,
                          "missed", (int)c->missed, "overdue", (int)c->overdue);
  if (pct >= 0) {
    json_object_set_new(row, "completeness", json_integer((json_int_t)(pct + 0.5)));
    json_object_set_new(row, "completeness_display",
                        json_sprintf("%d %%", (int)(pct + 0.5)));
  } else {
    json_object_set_new(row, "completeness", json_null());
    json_object_set_new(row, "completeness_display", json_string("–"));
  }
  return row;
}

static void
completeness_page(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  json_t *model = page_model_new(_("Rettidighed og fuldstændighed"));
  g_autofree char *today = spor_date_today();
  g_autofree char *default_from = days_from_today(-90);
  const char *from = form_text(fields, "from") ? form_text(fields, "from") : default_from;
  const char *to = form_text(fields, "to") ? form_text(fields, "to") : today;
  if (form_result_ok(fields) && strcmp(to, from) < 0)
    form_result_add_error(fields, "to", _("Til-datoen ligger før fra-datoen."));
  if (form_result_ok(fields) && strcmp(to, today) > 0)
    form_result_add_error(fields, "to", _("Perioden kan ikke gå ud over i dag."));
  g_autofree char *from_display = spor_date_iso_to_danish(from);
  g_autofree char *to_display = spor_date_iso_to_danish(to);
  json_t *values = json_deep_copy(form_result_echo(fields));
  if (json_object_get(values, "from") == NULL)
    json_object_set_new(values, "from", json_string(from_display));
  if (json_object_get(values, "to") == NULL)
    json_object_set_new(values, "to", json_string(to_display));
  json_object_set_new(model, "values", values);
  const char *by = form_text(fields, "by") ? form_text(fields, "by") : "unit";
  json_object_set_new(model, "by_options", json_pack(
    "[{s:s, s:s, s:b}, {s:s, s:s, s:b}, {s:s, s:s, s:b}]",
    "code", "unit", "label", _("Afdeling"), "selected", strcmp(by, "unit") == 0,
    "code", "worker", "label", _("Kontaktperson"), "selected", strcmp(by, "worker") == 0,
    "code", "offer", "label", _("Tilbud"), "selected", strcmp(by, "offer") == 0));
  if (!form_result_ok(fields)) {
    reply_form_errors(reply, "completeness", model, fields);
    return;
  }
  StoreDueFilter filter = {0};
  g_autoptr(GError) error = NULL;
  json_t *courses = due_list_courses(req, &filter, today, 0, &error);
  if (courses == NULL) {
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  const char *group_key = strcmp(by, "worker") == 0 ? "contact_person_name"
                        : strcmp(by, "offer") == 0  ? "offer_name"
                                                    : "unit_name";
  g_autoptr(GHashTable) groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  DueCounts total = {0};
  size_t i;
  json_t *course;
  json_array_foreach(courses, i, course) {
    json_t *expected = json_object_get(course, "expected");
    /* Rebuild the counts from the JSON statuses of this course. */
    DueCounts c = {0};
    size_t k;
    json_t *e;
    json_array_foreach(expected, k, e) {
      const char *due_on = json_string_value(json_object_get(e, "due_on"));
      if (due_on == NULL || strcmp(due_on, from) < 0 || strcmp(due_on, to) > 0)
        continue;
      const char *status = json_string_value(json_object_get(e, "status"));
      if (g_strcmp0(status, "done") == 0) c.done++;
      else if (g_strcmp0(status, "late") == 0) c.late++;
      else if (g_strcmp0(status, "draft") == 0) c.draft++;
      else if (g_strcmp0(status, "missed") == 0) c.missed++;
      else if (g_strcmp0(status, "overdue") == 0) c.overdue++;
    }
    const char *name = json_string_value(json_object_get(course, group_key));
    if (name == NULL)
      name = _("Ingen kontaktperson");
    DueCounts *g = g_hash_table_lookup(groups, name);
    if (g == NULL) {
      g = g_new0(DueCounts, 1);
      g_hash_table_insert(groups, g_strdup(name), g);
    }
    g->done += c.done;
    g->late += c.late;
    g->draft += c.draft;
    g->missed += c.missed;
    g->overdue += c.overdue;
    total.done += c.done;
    total.late += c.late;
    total.draft += c.draft;
    total.missed += c.missed;
    total.overdue += c.overdue;
  }
  json_decref(courses);
  g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(groups), (GCompareFunc)g_utf8_collate);
  json_t *rows = json_array();
  for (GList *l = keys; l != NULL; l = l->next)
    json_array_append_new(rows, count_row(l->data, g_hash_table_lookup(groups, l->data)));
  json_object_set_new(model, "rows", rows);
  json_object_set_new(model, "has_rows", json_boolean(json_array_size(rows) > 0));
  json_object_set_new(model, "total", count_row(_("I alt"), &total));
  json_object_set_new(model, "from", json_string(from));
  json_object_set_new(model, "to", json_string(to));
  json_object_set_new(model, "from_display", json_string(from_display));
  json_object_set_new(model, "to_display", json_string(to_display));
  json_object_set_new(model, "by", json_string(by));
  json_object_set_new(model, "can_report", json_boolean(req->capabilities & CAP_REPORT));
  reply_audit(reply, 0, "due.completeness", by);
  reply_page(reply, 200, "completeness", model);
}

const Route pages_due_routes[] = {
  {"GET", "/due", due_page, CAP_MEASUREMENT_WRITE, due_fields, G_N_ELEMENTS(due_fields), 0},
  {"GET", "/completeness", completeness_page, CAP_MEASUREMENT_WRITE, completeness_fields,
   G_N_ELEMENTS(completeness_fields), 0},
};
const gsize pages_due_n_routes = G_N_ELEMENTS(pages_due_routes);
