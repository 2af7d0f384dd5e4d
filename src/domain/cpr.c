/* cpr.c — CPR numbers (see cpr.h). */
#include "domain/cpr.h"

#include <sodium.h>
#include <string.h>

/* The year of birth from the two year digits and the seventh digit. */
static int
birth_year(int yy, int seventh)
{
  if (seventh <= 3)
    return 1900 + yy;
  if (seventh == 4 || seventh == 9)
    return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy; /* 5 to 8 */
}

gboolean
cpr_parse(const char *text, Cpr *out)
{
  if (text == NULL)
    return FALSE;
  char digits[11];
  int n = 0;
  gboolean separated = FALSE;
  const char *p = text;
  while (*p == ' ')
    p++;
  for (; *p != '\0'; p++) {
    if (g_ascii_isdigit(*p)) {
      if (n == 10)
        return FALSE;
      digits[n++] = *p;
    } else if ((*p == '-' || *p == ' ') && n == 6 && !separated) {
      separated = TRUE; /* the one separator after the date */
    } else if (*p == ' ' && n == 10) {
      continue; /* trailing spaces */
    } else {
      return FALSE;
    }
  }
  if (n != 10)
    return FALSE;
  digits[10] = '\0';
  int day = (digits[0] - '0') * 10 + digits[1] - '0';
  int month = (digits[2] - '0') * 10 + digits[3] - '0';
  int yy = (digits[4] - '0') * 10 + digits[5] - '0';
  int year = birth_year(yy, digits[6] - '0');
  if (month < 1 || month > 12 || day < 1 ||
      day > g_date_get_days_in_month((GDateMonth)month, (GDateYear)year))
    return FALSE;
  memcpy(out->digits, digits, sizeof digits);
  return TRUE;
}

char *
cpr_seal(const SporSecrets *secrets, const Cpr *cpr)
{
  guint8 sealed[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 10];
  randombytes_buf(sealed, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(sealed + crypto_secretbox_NONCEBYTES, (const guint8 *)cpr->digits, 10,
                        sealed, spor_secrets_cpr_box_key(secrets));
  return g_base64_encode(sealed, sizeof sealed);
}

gboolean
cpr_open(const SporSecrets *secrets, const char *sealed, Cpr *out)
{
  if (sealed == NULL)
    return FALSE;
  gsize len = 0;
  g_autofree guint8 *bytes = g_base64_decode(sealed, &len);
  if (len != crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 10)
    return FALSE;
  guint8 plain[10];
  if (crypto_secretbox_open_easy(plain, bytes + crypto_secretbox_NONCEBYTES,
                                 len - crypto_secretbox_NONCEBYTES, bytes,
                                 spor_secrets_cpr_box_key(secrets)) != 0)
    return FALSE;
  memcpy(out->digits, plain, 10);
  out->digits[10] = '\0';
  sodium_memzero(plain, sizeof plain);
  for (int i = 0; i < 10; i++)
    if (!g_ascii_isdigit(out->digits[i]))
      return FALSE;
  return TRUE;
}

char *
cpr_lookup_hash(const SporSecrets *secrets, const Cpr *cpr)
{
  guint8 hash[32];
  crypto_generichash(hash, sizeof hash, (const guint8 *)cpr->digits, 10,
                     spor_secrets_cpr_hash_key(secrets), SECRETS_KEY_BYTES);
  char hex[sizeof hash * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return g_strdup(hex);
}

char *
cpr_format(const Cpr *cpr)
{
  return g_strdup_printf("%.6s-%.4s", cpr->digits, cpr->digits + 6);
}

char *
cpr_mask(const Cpr *cpr)
{
  return g_strdup_printf("%.6s-****", cpr->digits);
}
