/* audit.c — the audit log for leaders: who read or changed which
 * citizen's data, and who logged in, searchable by citizen, user and
 * period.  The store decides which lines a leader sees (those about the
 * citizens and staff of what they lead); searching is itself audited. */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "pages/common.h"
#include "pages/pages.h"

#define PAGE_SIZE 50

static const CodeLabel actions[] = {
  {"login", N_("Loggede ind")},
  {"citizen.read", N_("Så borgerens oplysninger")},
  {"citizen.list", N_("Så borgerlisten")},
  {"citizen.cpr.read", N_("Så hele CPR-nummeret")},
  {"citizen.create", N_("Oprettede en borger")},
  {"measurement.create", N_("Registrerede en måling")},
  {"audit.search", N_("Søgte i revisionsloggen")},
  {"audit.prune", N_("Slettede gamle linjer (opbevaringsperiode)")},
  {"user.add", N_("Oprettede en bruger")},
  {"user.grant", N_("Gav en bruger en rolle")},
  {"demo.generate", N_("Lagde demodata ind")},
  {"course.read", N_("Så et forløb")},
  {"course.create", N_("Startede et forløb")},
  {"course.phase", N_("Skiftede forløbets fase")},
  {"course.intensity", N_("Registrerede en session i intensitetsloggen")},
  {"course.answers", N_("Besvarede spørgsmål i løbet af forløbet")},
  {"course.end", N_("Afsluttede et forløb")},
  {"goal.read", N_("Så et mål")},
  {"goal.create", N_("Satte et mål")},
  {"goal.update", N_("Ændrede et mål")},
  {"goal.rating", N_("Vurderede et GAS-mål")},
  {"action_plan.read", N_("Så handleplanen")},
  {"action_plan.create", N_("Skrev et mål i handleplanen")},
  {"measurement.read", N_("Så en måling")},
  {"measurement.update", N_("Rettede en måling")},
  {"measurement.approve", N_("Godkendte en måling")},
  {"measurement.self", N_("Besvarede sin egen vurdering")},
  {"diary.create", N_("Skrev i dagbogen")},
  {"citizen.self.read", N_("Så sit eget forløb")},
  {"citizen.access.read", N_("Så borgerens login og invitationer")},
  {"invitation.create", N_("Lavede en invitationskode")},
  {"invitation.use", N_("Oprettede eget login med en invitationskode")},
  {"due.list", N_("Så målinger, der skal foretages")},
  {"due.completeness", N_("Så rettidighed og fuldstændighed")},
  {"intervention.create", N_("Oprettede en indsats")},
  {"intervention.update", N_("Ændrede en indsats")},
  {"plan.update", N_("Ændrede en måleplan")},
  {"offer.questions", N_("Ændrede tilbuddets baggrundsspørgsmål")},
  {"import", N_("Importerede en CSV-fil")},
  {"citizen.csv_export", N_("Eksporterede borgeren til CSV")},
  {"practice.assessment.create", N_("Startede en vurdering af praksis")},
  {"practice.assessment.update", N_("Ændrede en vurdering af praksis")},
  {"practice.point.save", N_("Gemte et udviklingspunkt")},
  {"practice.trial.save", N_("Gemte en prøvehandling")},
  {"practice.theory.save", N_("Ændrede en forandringsteori")},
  {"practice.journey.save", N_("Ændrede en borgerrejse")},
  {"practice.tool.save", N_("Gemte et planlægningsværktøj")},
  {"citizen.export", N_("Udtrak alle borgerens oplysninger (indsigt)")},
  {"citizen.erase", N_("Slettede borgeren")},
  {"citizen.erase.retention", N_("Slettede borgeren (opbevaringsperioden udløb)")},
  {"status_report.form", N_("Forberedte en statusrapport til myndigheden")},
  {"status_report.pdf", N_("Hentede en statusrapport til myndigheden")},
  {"team.results", N_("Så teamets resultatliste")},
  {"team.caseload", N_("Så sagsbelastningen pr. medarbejder")},
  {"cost.set", N_("Angav en indsats' omkostning")},
  {"cost.report", N_("Så omkostningerne pr. indsats")},
  {"report.view", N_("Så en rapport (kun samlede tal)")},
  {"report.export", N_("Hentede en rapport som fil (kun samlede tal)")},
  {"citizen.report", N_("Så borgerens udvikling over målepunkterne")},
  {"citizen.report.export", N_("Hentede borgerens udvikling som fil")},
  {"intervention.criterion", N_("Ændrede en indsats' inklusionskriterier")},
  {NULL, NULL},
};

const char *
page_audit_action_label(const char *action)
{
  return page_label(actions, action);
}

static const FieldSpec search_fields[] = {
  {"citizen", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Borger-id")},
  {"user", FIELD_TEXT, FALSE, 1, 64, NULL, N_("Brugernavn")},
  {"from", FIELD_DATE, FALSE, 0, 0, NULL, N_("Fra dato")},
  {"to", FIELD_DATE, FALSE, 0, 0, NULL, N_("Til og med dato")},
  {"page", FIELD_INT, FALSE, 1, 100000, NULL, N_("Side")},
};

/* "2026-11-22T15:03:00Z" → "22-11-2026 15:03 UTC"; newly allocated. */
static char *
time_display(const char *at)
{
  g_autofree char *date = at ? spor_date_iso_to_danish(at) : NULL;
  if (date == NULL || strlen(at) < 16)
    return g_strdup(at ? at : "");
  return g_strdup_printf("%s %.5s UTC", date, at + 11);
}

/* The day after an ISO date, for an inclusive "to"; newly allocated. */
static char *
day_after(const char *iso)
{
  g_autoptr(GDateTime) day = g_date_time_new_utc(atoi(iso), atoi(iso + 5), atoi(iso + 8), 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days(day, 1);
  return g_date_time_format(next, "%Y-%m-%d");
}

static void
audit_search(HttpRequest *req, HttpReply *reply)
{
  const FormResult *fields = req->fields;
  json_t *model = page_model_new(_("Revisionslog"));
  json_object_set(model, "values", form_result_echo(fields));
  if (!form_result_ok(fields)) {
    reply_form_errors(reply, "audit", model, fields);
    return;
  }
  gint64 citizen = 0, page = 1;
  form_int(fields, "citizen", &citizen);
  form_int(fields, "page", &page);
  const char *from = form_text(fields, "from");
  const char *to = form_text(fields, "to");
  if (from != NULL && to != NULL && strcmp(to, from) < 0) {
    form_result_add_error(req->fields, "to", _("Til-datoen ligger før fra-datoen."));
    reply_form_errors(reply, "audit", model, fields);
    return;
  }
  g_autofree char *until = to ? day_after(to) : NULL;
  StoreAuditFilter filter = {
    .citizen_id = citizen,
    .username = form_text(fields, "user"),
    .from = from,
    .until = until,
    .limit = PAGE_SIZE,
    .offset = (int)((page - 1) * PAGE_SIZE),
  };
  g_autoptr(GError) error = NULL;
  json_t *found = store_audit_search(req->db, req->user->id, &filter, &error);
  if (found == NULL) {
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  json_t *entries = json_object_get(found, "entries");
  size_t i;
  json_t *e;
  json_array_foreach(entries, i, e) {
    g_autofree char *when = time_display(json_string_value(json_object_get(e, "at")));
    json_object_set_new(e, "at_display", json_string(when));
    json_object_set_new(e, "action_label",
                        json_string(page_label(actions,
                                               json_string_value(json_object_get(e, "action")))));
  }
  gint64 total = json_integer_value(json_object_get(found, "total"));
  json_object_set(model, "total", json_object_get(found, "total"));
  json_object_set(model, "entries", entries);
  json_object_set_new(model, "has_entries", json_boolean(json_array_size(entries) > 0));
  json_object_set_new(model, "page", json_integer(page));
  gint64 pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
  json_object_set_new(model, "pages", json_integer(MAX(pages, 1)));
  /* Links to the neighbouring pages keep the filter. */
  GString *query = g_string_new(NULL);
  if (citizen)
    g_string_append_printf(query, "&citizen=%" G_GINT64_FORMAT, citizen);
  const char *keys[] = {"user", "from", "to"};
  for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
    const char *v = json_string_value(json_object_get(form_result_echo(fields), keys[k]));
    if (v != NULL && *v != '\0') {
      g_autofree char *escaped = g_uri_escape_string(v, NULL, FALSE);
      g_string_append_printf(query, "&%s=%s", keys[k], escaped);
    }
  }
  if (page > 1)
    json_object_set_new(model, "previous_href",
                        json_sprintf("/audit?page=%" G_GINT64_FORMAT "%s", page - 1, query->str));
  if (page < pages)
    json_object_set_new(model, "next_href",
                        json_sprintf("/audit?page=%" G_GINT64_FORMAT "%s", page + 1, query->str));
  g_string_free(query, TRUE);
  json_decref(found);
  reply_audit(reply, citizen, "audit.search", NULL);
  reply_page(reply, 200, "audit", model);
}

const Route pages_audit_routes[] = {
  {"GET", "/audit", audit_search, CAP_AUDIT, search_fields, G_N_ELEMENTS(search_fields), 0},
};
const gsize pages_audit_n_routes = G_N_ELEMENTS(pages_audit_routes);
