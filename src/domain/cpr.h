/* cpr.h — Danish CPR numbers: parsing, sealing at rest, look-up, masking.
 *
 * A CPR number is stored twice, neither time readable: sealed with
 * libsodium's secretbox (XSalsa20-Poly1305, a random nonce per number)
 * under a key from the key file, and as a keyed BLAKE2b hash that finds a
 * citizen by exact number without opening every seal.  Pages show it
 * masked ("010203-****"); the whole number is opened only on a deliberate,
 * audited request. */
#pragma once

#include <glib.h>

#include "domain/secrets.h"

/* Ten digits and a NUL. */
typedef struct {
  char digits[11];
} Cpr;

/* Parses "DDMMYY-SSSS", "DDMMYYSSSS" or with a space; the first six
 * digits must be a real date (the century follows from the seventh digit,
 * as the CPR office assigns it).  FALSE for anything else. */
gboolean cpr_parse(const char *text, Cpr *out);

/* The sealed form for storage: base64 of nonce and ciphertext; newly
 * allocated. */
char *cpr_seal(const SporSecrets *secrets, const Cpr *cpr);
/* Opens a sealed number; FALSE when it is not one sealed under this key. */
gboolean cpr_open(const SporSecrets *secrets, const char *sealed, Cpr *out);

/* The look-up hash (hex); newly allocated. */
char *cpr_lookup_hash(const SporSecrets *secrets, const Cpr *cpr);

/* "010203-1234" and "010203-****"; newly allocated. */
char *cpr_format(const Cpr *cpr);
char *cpr_mask(const Cpr *cpr);
