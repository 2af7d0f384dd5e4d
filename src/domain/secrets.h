/* secrets.h — spor's key file: the one secret that is not in the
 * database, so that a copy of the database alone does not disclose CPR
 * numbers.
 *
 * The file holds a 256-bit master key (64 hex characters and a newline),
 * readable by its owner only (mode 0600; spor refuses a file that others
 * can read).  `spor init` and `spor migrate` create it when it is missing;
 * every server of an installation must use the same file.  Subkeys for
 * each purpose are derived from the master key (libsodium's crypto_kdf),
 * and all key material lives in guarded, locked memory. */
#pragma once

#include <glib.h>

#include "core/config.h"

#define SECRETS_KEY_BYTES 32

typedef struct SporSecrets SporSecrets;

/* Where the key file is: [security] key_file, or beside a SQLite database
 * ("sqlite:var/spor.db" → "var/spor.key"), or var/spor.key.  Newly
 * allocated. */
char *spor_secrets_path(const SporConfig *config);

/* Reads the key file at path; with create, makes it (and its directory)
 * when it is missing.  NULL with a Danish message when it is missing,
 * unreadable, readable by others, or malformed. */
SporSecrets *spor_secrets_load(const char *path, gboolean create, GError **error);
void spor_secrets_free(SporSecrets *secrets);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SporSecrets, spor_secrets_free)

/* The secretbox key for CPR numbers, and the key of their look-up hash
 * (SECRETS_KEY_BYTES each; borrowed). */
const guint8 *spor_secrets_cpr_box_key(const SporSecrets *secrets);
const guint8 *spor_secrets_cpr_hash_key(const SporSecrets *secrets);
/* The key of the pseudonyms in exports (SECRETS_KEY_BYTES; borrowed). */
const guint8 *spor_secrets_pseudonym_key(const SporSecrets *secrets);
