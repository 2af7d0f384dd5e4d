/* secrets.c — the key file and the keys derived from it (see secrets.h). */
#include "domain/secrets.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KDF_CONTEXT "spor-key" /* crypto_kdf contexts are 8 bytes */
enum { SUBKEY_CPR_BOX = 1, SUBKEY_CPR_HASH = 2, SUBKEY_PSEUDONYM = 3 };

struct SporSecrets {
  guint8 *cpr_box;  /* sodium_malloc'd */
  guint8 *cpr_hash;
  guint8 *pseudonym;
};

char *
spor_secrets_path(const SporConfig *config)
{
  if (config->key_file != NULL)
    return g_strdup(config->key_file);
  const char *url = config->db_url;
  if (url != NULL && g_str_has_prefix(url, "sqlite:")) {
    const char *path = url + strlen("sqlite:");
    g_autofree char *file = g_strndup(path, strcspn(path, "?"));
    g_autofree char *dir = g_path_get_dirname(file);
    return g_build_filename(dir, "spor.key", NULL);
  }
  return g_strdup("var/spor.key");
}

/* Writes a new random key to path, readable by the owner only. */
static gboolean
create_key_file(const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname(path);
  if (g_mkdir_with_parents(dir, 0700) != 0) {
    int e = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
                "nøglefilens mappe %s kan ikke oprettes: %s", dir, g_strerror(e));
    return FALSE;
  }
  guint8 key[SECRETS_KEY_BYTES];
  crypto_kdf_keygen(key);
  char hex[SECRETS_KEY_BYTES * 2 + 2];
  sodium_bin2hex(hex, sizeof hex - 1, key, sizeof key);
  sodium_memzero(key, sizeof key);
  strcat(hex, "\n");
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    int e = errno;
    sodium_memzero(hex, sizeof hex);
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
                "nøglefilen %s kan ikke oprettes: %s", path, g_strerror(e));
    return FALSE;
  }
  gsize len = strlen(hex);
  gboolean ok = write(fd, hex, len) == (ssize_t)len && fsync(fd) == 0;
  int e = errno;
  sodium_memzero(hex, sizeof hex);
  if (close(fd) != 0 || !ok) {
    g_unlink(path);
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
                "nøglefilen %s kan ikke skrives: %s", path, g_strerror(e));
    return FALSE;
  }
  return TRUE;
}

SporSecrets *
spor_secrets_load(const char *path, gboolean create, GError **error)
{
  if (create && !g_file_test(path, G_FILE_TEST_EXISTS) && !create_key_file(path, error))
    return NULL;
  GStatBuf st;
  if (g_stat(path, &st) != 0) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                "nøglefilen %s findes ikke (spor init eller spor migrate laver den)", path);
    return NULL;
  }
  if ((st.st_mode & 0077) != 0) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                "nøglefilen %s kan læses af andre end ejeren (ret det med chmod 600 %s)", path,
                path);
    return NULL;
  }
  g_autofree char *text = NULL;
  gsize len = 0;
  if (!g_file_get_contents(path, &text, &len, error)) {
    g_prefix_error(error, "nøglefilen: ");
    return NULL;
  }
  guint8 master[SECRETS_KEY_BYTES];
  size_t bin_len = 0;
  const char *end = NULL;
  gboolean ok = sodium_hex2bin(master, sizeof master, text, len, "\n\r ", &bin_len, &end) == 0 &&
                bin_len == sizeof master;
  for (const char *rest = end; ok && rest != NULL && rest < text + len; rest++)
    ok = g_ascii_isspace(*rest);
  sodium_memzero(text, len);
  if (!ok) {
    sodium_memzero(master, sizeof master);
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                "nøglefilen %s er ikke en spor-nøgle (64 hex-tegn)", path);
    return NULL;
  }
  SporSecrets *secrets = g_new0(SporSecrets, 1);
  secrets->cpr_box = sodium_malloc(SECRETS_KEY_BYTES);
  secrets->cpr_hash = sodium_malloc(SECRETS_KEY_BYTES);
  secrets->pseudonym = sodium_malloc(SECRETS_KEY_BYTES);
  crypto_kdf_derive_from_key(secrets->cpr_box, SECRETS_KEY_BYTES, SUBKEY_CPR_BOX, KDF_CONTEXT,
                             master);
  crypto_kdf_derive_from_key(secrets->cpr_hash, SECRETS_KEY_BYTES, SUBKEY_CPR_HASH, KDF_CONTEXT,
                             master);
  crypto_kdf_derive_from_key(secrets->pseudonym, SECRETS_KEY_BYTES, SUBKEY_PSEUDONYM, KDF_CONTEXT,
                             master);
  sodium_memzero(master, sizeof master);
  sodium_mprotect_readonly(secrets->cpr_box);
  sodium_mprotect_readonly(secrets->cpr_hash);
  sodium_mprotect_readonly(secrets->pseudonym);
  return secrets;
}

void
spor_secrets_free(SporSecrets *secrets)
{
  if (secrets == NULL)
    return;
  sodium_free(secrets->cpr_box);
  sodium_free(secrets->cpr_hash);
  sodium_free(secrets->pseudonym);
  g_free(secrets);
}

const guint8 *
spor_secrets_cpr_box_key(const SporSecrets *secrets)
{
  return secrets->cpr_box;
}

const guint8 *
spor_secrets_cpr_hash_key(const SporSecrets *secrets)
{
  return secrets->cpr_hash;
}

const guint8 *
spor_secrets_pseudonym_key(const SporSecrets *secrets)
{
  return secrets->pseudonym;
}
