/* planning_tool.c — the texts and structure of the planning tools, from
 * Socialstyrelsen (2016): Resultatdokumentation og evaluering – Håndbog for
 * sociale tilbud, kapitel 9.  The Danish is the source's own; two slips of
 * the source's pen in the learning-meeting guide are corrected ("hvem der
 * [har] ansvaret for, at der bliver fu[lg]t op"). */
#include "domain/planning_tool.h"

#include <string.h>

#include "core/i18n.h"

/* ---- Værktøj til udarbejdelse af strategi for dokumentation (s. 96) ------ */

static const char *const strategy_results_prompts[] = {
  N_("Hvilke af resultaterne på kort sigt har vi brug for viden om?"),
  N_("Hvilke af resultaterne på mellemlangt sigt har vi brug for viden om?"),
  N_("Hvilke af resultaterne på langt sigt har vi brug for viden om?"),
  N_("Vil vi vide, om vi når målene for de enkelte indsatser?"),
  NULL,
};
static const char *const strategy_target_prompts[] = {
  N_("Hvad vil vi vide om, hvad der karakteriserer de borgere, der får en indsats hos os?"),
  N_("Har vi brug for at vide, hvilke ressourcer eller støttebehov, de har?"),
  N_("Har vi brug for at vide, hvor mange borgere der er i vores forskellige målgrupper?"),
  NULL,
};
static const char *const strategy_intervention_prompts[] = {
  N_("Har vi brug for at vide, hvilke aktiviteter den enkelte borger gennemfører?"),
  N_("Har vi brug for at vide, hvor høj intensiteten/hyppigheden af aktiviteterne er?"),
  N_("Har vi brug for at vide, hvilke ressourcer der er investeret i indsatserne?"),
  NULL,
};

#define STRATEGY_COLUMNS                                                       \
  {N_("Hvad har vi brug for viden om?"), N_("Hvorfor vil vi vide det?"),      \
   N_("Hvad vil vi bruge denne viden til?")}
#define STRATEGY_HINT                                                          \
  N_("Eksempel: Vi ønsker viden om borgernes progression på sundhed. Fordi det er det " \
     "vigtigste parameter for vores indsats. Vi vil bruge denne viden til løbende at se, " \
     "om tilpasninger i vores indsats giver resultater for borgernes sundhed.")

static const PlanningSection strategy_sections[] = {
  {"results", N_("Viden om jeres resultater"), NULL, strategy_results_prompts, NULL, 0,
   STRATEGY_COLUMNS, STRATEGY_HINT},
  {"target_group", N_("Viden om jeres målgruppe"), NULL, strategy_target_prompts, NULL, 0,
   STRATEGY_COLUMNS, NULL},
  {"interventions", N_("Viden om jeres indsatser"), NULL, strategy_intervention_prompts, NULL, 0,
   STRATEGY_COLUMNS, NULL},
};

/* ---- Værktøj til planlægning af dataindsamling og anvendelse (s. 102) ---- */

static const PlanningQuestion collection_questions[] = {
  {"collect_who", N_("Hvilke medarbejdere udfylder resultatdokumentationen?"),
   N_("Alle medarbejdere? · Særlige grupper (fx kontaktperson, administrativt personale)?"), NULL},
  {"collect_involved", N_("Hvem skal involveres i dokumentationsarbejdet?"),
   N_("Afdelingsleder? · Teammedlemmer? · Andre med regelmæssig kontakt med borgeren?"), NULL},
  {"collect_roles", N_("Hvilken rolle skal de involverede medarbejdere have?"),
   N_("Opnå kendskab til borgerens ressourcer/støttebehov? · Kende til aftaler og mål? · "
      "Kontrol/godkendelse af dokumentationen? · Faglig sparring eller supervision?"), NULL},
  {"collect_when", N_("Hvornår skal de udarbejde dokumentationen?"),
   N_("Skal det gøres med en fast kadence? · Særlige tidspunkter på dagen?"), NULL},
  {"collect_how", N_("Hvordan skal de gøre det?"),
   N_("Hvilke metoder skal bruges (fx interview, dialog osv.)?"), NULL},
  {"collect_inform", N_("Hvem skal orienteres?"),
   N_("Borgeren? · Pårørende/værge? · Kollegaer? · Samarbejdspartnere/ myndighed?"), NULL},
  {"collect_citizen", N_("Hvordan skal borgeren involveres i dokumentationsarbejdet?"),
   N_("Har borger eller medarbejder det sidste ord i forhold til, hvad I dokumenterer? · "
      "Hvordan skal borgeren forberedes? · Hvordan skal borgeren orienteres efterfølgende?"),
   NULL},
  {"collect_it", N_("It-krav"),
   N_("Hvilke krav har I til brug af it? · Må man udfylde på papir og indtaste senere?"), NULL},
};

static const PlanningQuestion use_questions[] = {
  {"use_who", N_("Hvem skal bruge viden fra dokumentationen?"),
   N_("Ledelse? · Afdelingsledelse? · Forskellige grupper af medarbejdere?"), NULL},
  {"use_what", N_("Hvilken viden skal de forskellige medarbejdergrupper have?"),
   N_("Hvilken viden er vigtig/nødvendig for de forskellige grupper?"), NULL},
  {"use_for", N_("Hvad skal de forskellige bruge denne viden til?"),
   N_("Strategisk ledelse? · Innovation? · Udvikling af indsatserne? · Andet?"), NULL},
  {"use_how", N_("Hvordan skal de bruge denne viden?"),
   N_("Hvilken form skal viden præsenteres i?"), NULL},
  {"use_when", N_("Hvornår skal de bruge denne viden?"),
   N_("Skal brugen systematiseres? · På afdelingsmøde? · Temadag eller lignende?"), NULL},
  {"use_follow_up", N_("Hvordan skal der følges op?"),
   N_("Hvem har ansvaret? · Hvordan? · Hvornår? Og hvor ofte?"), NULL},
};

static const PlanningSection collection_sections[] = {
  {"collection", N_("Aftaler om dataindsamling"), NULL, NULL, collection_questions,
   G_N_ELEMENTS(collection_questions), {NULL, NULL, NULL}, NULL},
  {"use", N_("Aftaler om brug af viden"), NULL, NULL, use_questions, G_N_ELEMENTS(use_questions),
   {NULL, NULL, NULL}, NULL},
};

/* ---- Proces- og mødeguide til lærings- og refleksionsmøder (s. 106) ------ */

static const PlanningQuestion meeting_intro_questions[] = {
  {"intro_minutes", N_("Referat"), NULL, NULL},
};

static const PlanningQuestion meeting_results_questions[] = {
  {"results_target_group",
   N_("Er der overensstemmelse mellem jeres reelle målgruppe og den, forandringsteorien er rettet "
      "mod?"), NULL, NULL},
  {"results_expected",
   N_("Har I opnået de forventede resultater – eller er der resultater, som er særligt gode eller "
      "mindre gode?"), NULL, NULL},
  {"results_activities", N_("Har vi gennemført aktiviteterne i indsatsen, som vi gerne ville?"),
   NULL, NULL},
  {"results_effective",
   N_("Hvad kendetegner de virkningsfulde forløb – hvor, hvornår og hvordan virker vores indsats "
      "særlig godt?"), NULL, NULL},
  {"results_not_intended", N_("Hvor, hvornår og hvordan virker vores indsats ikke som tilsigtet?"),
   NULL, NULL},
  {"results_fit",
   N_("Er der indsatser, der egner sig bedre til bestemte dele af vores målgruppe eller bestemte "
      "problemstillinger?"), NULL, NULL},
  {"results_outside_theory",
   N_("Er der forhold, som ikke er indeholdt i forandringsteorien, som vi vurderer har afgørende "
      "betydning for resultaterne?"), NULL, NULL},
  {"results_own_objectives",
   N_("Lever vi op til vores egne målsætninger om vores evne til at understøtte borgeren i at "
      "indfri de opstillede mål? (Gør vi det så godt, som vi har sat os for?)"), NULL, NULL},
  {"results_minutes", N_("Referat"), NULL, NULL},
};

static const PlanningQuestion meeting_practice_questions[] = {
  {"practice_collecting",
   N_("Hvordan fungerer det praktiske arbejde med at indsamle den planlagte dokumentation?"), NULL,
   NULL},
  {"practice_valid", N_("Sikrer den nuværende indsamlingspraksis god og retvisende dokumentation?"),
   NULL, NULL},
  {"practice_citizens",
   N_("Hvordan fungerer den nuværende måde at bruge dokumentationen på i den direkte dialog med "
      "borgere og/eller pårørende?"), NULL, NULL},
  {"practice_authority",
   N_("Hvordan fungerer den nuværende måde at bruge dokumentationen på i den direkte dialog med "
      "myndighed?"), NULL, NULL},
  {"practice_sharper",
   N_("Hvordan hjælper dokumentationen os til at blive skarpere på, om vores indsats virker?"),
   NULL, NULL},
  {"practice_strengthen",
   N_("Er der behov for, at vi styrker vores dokumentation og i givet fald hvordan?"), NULL, NULL},
  {"practice_minutes", N_("Referat"), NULL, NULL},
};

static const PlanningQuestion meeting_decision_questions[] = {
  {"decisions_interventions",
   N_("Giver refleksionen over de opnåede resultater anledning til at ændre de indsatser, vi "
      "igangsætter for borgerne og i givet fald til hvad?"), NULL, NULL},
  {"decisions_documentation",
   N_("Giver refleksionen over den nuværende dokumentationspraksis anledning til at ændre i den "
      "måde, vi indsamler og bruger dokumentationen på?"), NULL, NULL},
  {"decisions_minutes", N_("Referat"), NULL, NULL},
};

static const PlanningSection meeting_sections[] = {
  {"introduction", N_("1. Indledning og rammesætning af mødet"),
   N_("Mødelederen præsenterer, hvad formålet med mødet er og mødets forløb. Det er vigtigt at "
      "understrege, at der er tale om en fælles læringsproces med henblik på at styrke den "
      "faglige indsats over for borgerne og det interne arbejde med at dokumentere de opnåede "
      "resultater."),
   NULL, meeting_intro_questions, G_N_ELEMENTS(meeting_intro_questions), {NULL, NULL, NULL},
   NULL},
  {"results", N_("2. Refleksion over resultater"),
   N_("Mødelederen faciliterer en fælles drøftelse af de opnåede resultater. Drøftelserne foregår "
      "med udgangspunkt i dokumentationen af jeres resultater på aggregeret niveau, men "
      "suppleres af anden dokumentation, observationer, faglige overvejelser og erfaringer."),
   NULL, meeting_results_questions, G_N_ELEMENTS(meeting_results_questions), {NULL, NULL, NULL},
   NULL},
  {"practice", N_("3. Refleksion over dokumentationspraksis"),
   N_("Mødelederen faciliterer en fælles drøftelse af, hvordan den eksisterende "
      "dokumentationspraksis fungerer i forhold til at understøtte den faglige indsats."),
   NULL, meeting_practice_questions, G_N_ELEMENTS(meeting_practice_questions), {NULL, NULL, NULL},
   NULL},
  {"decisions", N_("4. Opsamling og beslutninger"),
   N_("Mødelederen samler kort op på drøftelser og refleksioner."), NULL,
   meeting_decision_questions, G_N_ELEMENTS(meeting_decision_questions),
   {N_("Beslutning"), N_("Ansvarlig for opfølgning"), N_("Hvornår følges der op?")},
   N_("På baggrund af drøftelserne træffer ledelsen beslutning om, hvilke opfølgende aktiviteter "
      "den ønsker at igangsætte. Herefter fastsætter ledelsen, hvem der har ansvaret for, at der "
      "bliver fulgt op.")},
};

/* ---- Værktøj til opsamling og refleksion over den samlede proces (s. 110) */

#define FIVE_DIMENSIONS N_("Hvilken læring/erfaringer har vi gjort os ift. vores organisations " \
                           "evne til at arbejde med dokumentation og evaluering på de fem "      \
                           "dimensioner?")
static const PlanningQuestion reflection_1[] = {
  {"p1_leadership", FIVE_DIMENSIONS, NULL, N_("Ledelse")},
  {"p1_strategy", FIVE_DIMENSIONS, NULL, N_("Strategi")},
  {"p1_organisation", FIVE_DIMENSIONS, NULL, N_("Organisering")},
  {"p1_competences", FIVE_DIMENSIONS, NULL, N_("Kompetencer")},
  {"p1_culture", FIVE_DIMENSIONS, NULL, N_("Kultur")},
};
static const PlanningQuestion reflection_2[] = {
  {"p2_theory_practice",
   N_("Er der overensstemmelse mellem vores forandringsteori og den måde, vi gennemfører vores "
      "indsatser i praksis?"), NULL, NULL},
  {"p2_target_group",
   N_("Afspejler vores målgruppebeskrivelse de faktiske borgere, som vi har gennemført indsatser "
      "for?"), NULL, NULL},
  {"p2_new_knowledge",
   N_("Har vi fået ny viden om målgruppen, som giver anledning til at justere "
      "forandringsteorien?"), NULL, NULL},
  {"p2_other_learning",
   N_("Er der andre erfaringer og læring fra de gennemførte indsatser, som giver anledning til at "
      "justere forandringsteorien?"), NULL, NULL},
  {"p2_knowledge_base",
   N_("Hvor stærkt er vidensgrundlaget (jf. kapitel 2) for vores indsatser, og kan vi gøre noget "
      "for at styrke det?"), NULL, NULL},
};
static const PlanningQuestion reflection_3[] = {
  {"p3_timing", N_("Indsamler vi dokumentationen på hensigtsmæssige tidspunkter?"), NULL, NULL},
  {"p3_responsibility",
   N_("Er ansvaret for at indsamle dokumentationen placeret hos de rigtige medarbejdere?"), NULL,
   NULL},
  {"p3_changes",
   N_("Giver erfaringerne fra arbejdet med dokumentation og evaluering anledning til ændringer i "
      "planlægningen af arbejdet?"), NULL, NULL},
  {"p3_goals",
   N_("Opstiller vi mål for den enkelte borger på en måde, som gør os i stand til at arbejde med "
      "målopfyldelse på et aggregeret niveau?"), NULL, NULL},
};
static const PlanningQuestion reflection_4[] = {
  {"p4_tools", N_("Hvilke erfaringer har vi haft med brugen af vores dokumentationsredskab(er)?"),
   NULL, NULL},
  {"p4_involve", N_("Involverer vi borgere og pårørende på en hensigtsmæssig måde?"), NULL, NULL},
  {"p4_methods", N_("Giver de valgte dataindsamlingsmetoder gode og præcise data?"), NULL, NULL},
  {"p4_plan",
   N_("Gennemfører vi indsamlingen af dokumentation i overensstemmelse med vores plan?"), NULL,
   NULL},
  {"p4_consistent", N_("Er vi konsistente i vores indsamling af dokumentation?"), NULL, NULL},
  {"p4_switch",
   N_("Giver erfaringerne anledning til at skifte dokumentationsredskab eller ændre praksis?"),
   NULL, NULL},
};
static const PlanningQuestion reflection_5[] = {
  {"p5_competences",
   N_("Har vi de fornødne kompetencer i organisationen til at analysere og rapportere de relevante "
      "resultater fra den indsamlede dokumentation?"), NULL, NULL},
  {"p5_presentation", N_("Præsenterer vi resultaterne på en god måde?"), NULL, NULL},
  {"p5_understandable",
   N_("Er rapporteringen forståelig og anvendelig for borgere/pårørende og samarbejdspartnere?"),
   NULL, NULL},
  {"p5_more",
   N_("Kan vi øge udbyttet af vores dokumentation ved at foretage andre analyser eller andre "
      "former for afrapportering?"), NULL, NULL},
};
#define PURPOSES N_("Hvordan bruger vi dokumentation til forskellige formål (jf. kapitel 6)?")
static const PlanningQuestion reflection_6[] = {
  {"p6_unused", N_("Indsamler vi dokumentation, som vi ikke anvender?"), NULL, NULL},
  {"p6_missing",
   N_("Er der dokumentation, som vi mangler for at kunne bruge data til det vi gerne vil?"), NULL,
   NULL},
  {"p6_consistent", N_("Er vi konsistente i vores anvendelse af dokumentationen?"), NULL, NULL},
  {"p6_supports", N_("Understøtter vores anvendelse af dokumentation den faglige indsats?"), NULL,
   NULL},
  {"p6_new_uses",
   N_("Har vi taget nye anvendelsesformer i brug i arbejdet med dokumentation og evaluering? (Jf. "
      "figur 3, side 16)."), NULL, NULL},
  {"p6_next", N_("Hvad skal der til, for at vi når næste anvendelsesform?"), NULL, NULL},
  {"p6_dialogue", PURPOSES, NULL, N_("Dialog med borger og myndighed")},
  {"p6_learning", PURPOSES, NULL, N_("Organisatorisk læring og udvikling af indsatser")},
  {"p6_strategic", PURPOSES, NULL, N_("Strategisk ledelsesredskab")},
  {"p6_external", PURPOSES, NULL, N_("Til ekstern information/kommunikation")},
};

static const PlanningSection reflection_sections[] = {
  {"clarification", N_("1. Afklaring"), NULL, NULL, reflection_1, G_N_ELEMENTS(reflection_1),
   {NULL, NULL, NULL}, NULL},
  {"description", N_("2. Beskrivelse af metoder og indsatser"), NULL, NULL, reflection_2,
   G_N_ELEMENTS(reflection_2), {NULL, NULL, NULL}, NULL},
  {"planning", N_("3. Planlægning"), NULL, NULL, reflection_3, G_N_ELEMENTS(reflection_3),
   {NULL, NULL, NULL}, NULL},
  {"collection", N_("4. Indsamling af dokumentation"), NULL, NULL, reflection_4,
   G_N_ELEMENTS(reflection_4), {NULL, NULL, NULL}, NULL},
  {"analysis", N_("5. Analyse og rapportering"), NULL, NULL, reflection_5,
   G_N_ELEMENTS(reflection_5), {NULL, NULL, NULL}, NULL},
  {"use", N_("6. Anvendelse af indsamlet dokumentation"), NULL, NULL, reflection_6,
   G_N_ELEMENTS(reflection_6), {NULL, NULL, NULL}, NULL},
};

/* ---- The tools ------------------------------------------------------------ */

static const PlanningToolDef tools[] = {
  {"documentation_strategy", N_("Strategi for dokumentation"),
   N_("Redskabet er bygget op om tre spørgsmål: Hvad har I brug for viden om? Hvorfor vil I vide "
      "det? Hvad vil I bruge denne viden til? Disse spørgsmål skal I stille jer for hvert af de "
      "overordnede temaer i jeres forandringsteori: Hvad ønsker I at opnå (resultater) for hvem "
      "(målgruppe) og hvordan (indsatser). Udarbejdelsen af strategien bør være en "
      "ledelsesopgave."),
   NULL, NULL, strategy_sections, G_N_ELEMENTS(strategy_sections)},
  {"data_collection_plan", N_("Planlægning af dataindsamling og anvendelse af dokumentationen"),
   N_("Værktøjet består af et skema, I kan udfylde og bruge som plan for, hvem der skal gøre hvad "
      "og hvornår."),
   N_("Vores aftale"), NULL, collection_sections, G_N_ELEMENTS(collection_sections)},
  {"learning_meeting", N_("Lærings- og refleksionsmøde"),
   N_("Proces- og mødeguide til møder eller faglige dage, som har til formål at uddrage læring og "
      "faglig udvikling på baggrund af den indsamlede dokumentation. Forbered en god "
      "afrapportering af progressions- og resultatdata for jeres indsatser."),
   N_("Noter"), NULL, meeting_sections, G_N_ELEMENTS(meeting_sections)},
  {"process_reflection", N_("Opsamling og refleksion over den samlede proces"),
   N_("Når I er gået hele vejen rundt i fasemodellen, eller når I har dokumenteret tilstrækkeligt "
      "mange forløb, kan I samle op på jeres erfaringer – fx i forbindelse med en faglig dag én "
      "gang om året."),
   N_("Erfaringer og læring"), N_("Evt. opfølgende handlinger"), reflection_sections,
   G_N_ELEMENTS(reflection_sections)},
};

const PlanningToolDef *
planning_tools(guint *out_n)
{
  *out_n = G_N_ELEMENTS(tools);
  return tools;
}

const PlanningToolDef *
planning_tool_find(const char *kind)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS(tools); i++)
    if (strcmp(tools[i].kind, kind) == 0)
      return &tools[i];
  return NULL;
}

const PlanningSection *
planning_tool_section(const PlanningToolDef *tool, const char *key)
{
  for (guint s = 0; key != NULL && s < tool->n_sections; s++)
    if (strcmp(tool->sections[s].key, key) == 0)
      return &tool->sections[s];
  return NULL;
}

const PlanningQuestion *
planning_tool_question(const PlanningToolDef *tool, const char *key)
{
  for (guint s = 0; key != NULL && s < tool->n_sections; s++)
    for (guint q = 0; q < tool->sections[s].n_questions; q++)
      if (strcmp(tool->sections[s].questions[q].key, key) == 0)
        return &tool->sections[s].questions[q];
  return NULL;
}
