/* i18n.h — Danish first, English second, through gettext.
 *
 * Every message in the code and the templates is written in Danish; that
 * Danish text is the gettext msgid, so Danish needs no catalogue and can
 * never be missing.  po/en.po translates to English.  The language is
 * chosen per request (user setting, else Accept-Language) and set on the
 * serving thread with uselocale(), so concurrent requests in different
 * languages do not disturb each other. */
#pragma once

#include <glib.h>

typedef enum {
  SPOR_LANG_DA,
  SPOR_LANG_EN,
  SPOR_LANG_COUNT
} SporLang;

/* Binds the "spor" text domain (SPOR_LOCALEDIR, or the build tree's po/
 * when run from there, or $SPOR_LOCALEDIR) and prepares one locale object
 * per language.  Call once at start, before threads. */
void spor_i18n_init(void);

/* Sets the calling thread's message language. */
void spor_i18n_use(SporLang lang);
/* The calling thread's message language (Danish unless set). */
SporLang spor_i18n_current(void);
/* TRUE when lang's catalogue can be used on this machine (Danish always). */
gboolean spor_i18n_available(SporLang lang);

/* "da" / "en". */
const char *spor_lang_code(SporLang lang);
/* Parses "da", "en", "en-GB", "da_DK.UTF-8", …; FALSE for anything else. */
gboolean spor_lang_parse(const char *text, SporLang *out_lang);
/* Picks the best language of an Accept-Language header by q-value;
 * Danish when the header is absent, malformed or names neither. */
SporLang spor_lang_from_accept_language(const char *header);

/* The translation of a Danish msgid in the thread's language. */
const char *spor_gettext(const char *msgid) G_GNUC_FORMAT(1);

#define _(msgid) spor_gettext(msgid)
#define N_(msgid) (msgid)
