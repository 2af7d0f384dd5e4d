/* i18n.c — per-thread message language on top of glibc gettext. */
#include "core/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_DOMAIN "spor"

static locale_t lang_locales[SPOR_LANG_COUNT];
static gboolean lang_ready[SPOR_LANG_COUNT];
static _Thread_local SporLang thread_lang = SPOR_LANG_DA;

static const char *const lang_codes[SPOR_LANG_COUNT] = {"da", "en"};

/* Locale names that give gettext an English LC_MESSAGES; any one will do. */
static const char *const english_locales[] = {
  "en_US.UTF-8", "en_GB.UTF-8", "en_DK.UTF-8", "en_US.utf8", "en_GB.utf8",
};

static const char *
pick_localedir(void)
{
  const char *env = g_getenv("SPOR_LOCALEDIR");
  if (env != NULL && *env != '\0')
    return env;
  g_autofree char *built = g_build_filename(SPOR_BUILD_LOCALEDIR, "en", "LC_MESSAGES",
                                            TEXT_DOMAIN ".mo", NULL);
  if (g_file_test(built, G_FILE_TEST_EXISTS))
    return SPOR_BUILD_LOCALEDIR;
  return SPOR_LOCALEDIR;
}

/* base with its character classes set to UTF-8 when the machine has
 * C.UTF-8 (Debian always does); base itself otherwise. */
static locale_t
utf8_ctype(locale_t base)
{
  if (base == (locale_t)0)
    return base;
  locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", base);
  return l != (locale_t)0 ? l : base;
}

void
spor_i18n_init(void)
{
  static gsize done;
  if (!g_once_init_enter(&done))
    return;
  bindtextdomain(TEXT_DOMAIN, pick_localedir());
  bind_textdomain_codeset(TEXT_DOMAIN, "UTF-8");
  textdomain(TEXT_DOMAIN);

  /* Danish: the msgids themselves, which the "C" messages locale returns
   * untranslated.  Characters are UTF-8 in both languages, so that GLib can
   * convert command-line arguments such as "Prøvekommune". */
  lang_locales[SPOR_LANG_DA] = utf8_ctype(newlocale(LC_ALL_MASK, "C", (locale_t)0));
  lang_ready[SPOR_LANG_DA] = lang_locales[SPOR_LANG_DA] != (locale_t)0;

  for (guint i = 0; i < G_N_ELEMENTS(english_locales); i++) {
    locale_t l = newlocale(LC_MESSAGES_MASK, english_locales[i], (locale_t)0);
    if (l != (locale_t)0) {
      l = utf8_ctype(l);
      lang_locales[SPOR_LANG_EN] = l;
      lang_ready[SPOR_LANG_EN] = TRUE;
      break;
    }
  }
  if (!lang_ready[SPOR_LANG_EN])
    g_message("Intet engelsk locale på maskinen (kør scripts/install-deps): "
              "sider vises på dansk");
  g_once_init_leave(&done, 1);
}

void
spor_i18n_use(SporLang lang)
{
  if ((unsigned)lang >= SPOR_LANG_COUNT || !lang_ready[lang])
    lang = SPOR_LANG_DA;
  thread_lang = lang;
  if (lang_ready[lang])
    uselocale(lang_locales[lang]);
}

SporLang
spor_i18n_current(void)
{
  return thread_lang;
}

gboolean
spor_i18n_available(SporLang lang)
{
  return (unsigned)lang < SPOR_LANG_COUNT && lang_ready[lang];
}

const char *
spor_lang_code(SporLang lang)
{
  return (unsigned)lang < SPOR_LANG_COUNT ? lang_codes[lang] : "da";
}

gboolean
spor_lang_parse(const char *text, SporLang *out_lang)
{
  if (text == NULL || strlen(text) < 2)
    return FALSE;
  for (int l = 0; l < SPOR_LANG_COUNT; l++) {
    if (g_ascii_strncasecmp(text, lang_codes[l], 2) == 0 &&
        (text[2] == '\0' || text[2] == '-' || text[2] == '_' || text[2] == '.')) {
      *out_lang = (SporLang)l;
      return TRUE;
    }
  }
  return FALSE;
}

SporLang
spor_lang_from_accept_language(const char *header)
{
  SporLang best = SPOR_LANG_DA;
  double best_q = -1.0;
  if (header == NULL)
    return best;
  g_auto(GStrv) parts = g_strsplit(header, ",", 32);
  for (int i = 0; parts[i] != NULL; i++) {
    g_auto(GStrv) fields = g_strsplit(parts[i], ";", 4);
    if (fields[0] == NULL)
      continue;
    const char *tag = g_strstrip(fields[0]);
    double q = 1.0;
    for (int f = 1; fields[f] != NULL; f++) {
      const char *p = g_strstrip(fields[f]);
      if (strncmp(p, "q=", 2) == 0) {
        char *end = NULL;
        q = g_ascii_strtod(p + 2, &end);
        if (end == p + 2 || *end != '\0' || q < 0.0 || q > 1.0)
          q = 0.0;
      }
    }
    SporLang lang;
    if (q > best_q && q > 0.0 && spor_lang_parse(tag, &lang)) {
      best = lang;
      best_q = q;
    }
  }
  return best;
}

const char *
spor_gettext(const char *msgid)
{
  if (thread_lang == SPOR_LANG_DA || msgid == NULL || *msgid == '\0')
    return msgid;
  return dgettext(TEXT_DOMAIN, msgid);
}
