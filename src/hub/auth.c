/*
 * Secrets: station tokens and session ids are random (GnuTLS's key-grade
 * generator) and stored only as SHA-256 hashes; dashboard passwords are
 * stored as yescrypt hashes (libxcrypt), the Debian default. Also the
 * person key the hub shares between roster imports and events.
 */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "hub_int.h"

static void
hex(const unsigned char *v, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = d[v[i] >> 4];
		out[2 * i + 1] = d[v[i] & 15];
	}
	out[2 * n] = '\0';
}

void
hub_sha256_hex(const char *s, char out[65])
{
	unsigned char h[32];

	gnutls_hash_fast(GNUTLS_DIG_SHA256, s, strlen(s), h);
	hex(h, sizeof(h), out);
}

int
hub_random_hex(char *out, size_t nbytes)
{
	unsigned char v[64];

	if (nbytes > sizeof(v) || gnutls_rnd(GNUTLS_RND_KEY, v, nbytes) < 0)
		return -1;
	hex(v, nbytes, out);
	return 0;
}

bool
hub_str_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char d = la != lb;

	for (i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

char *
hub_password_hash(const char *pw)
{
	struct crypt_data *cd = dot_xcalloc(1, sizeof(*cd));
	char *salt = crypt_gensalt_ra("$y$", 0, NULL, 0);
	char *out = NULL, *h;

	if (salt) {
		h = crypt_r(pw, salt, cd);
		if (h && h[0] == '$')
			out = dot_xstrdup(h);
	}
	free(salt);
	free(cd);
	return out;
}

bool
hub_password_verify(const char *pw, const char *hash)
{
	struct crypt_data *cd = dot_xcalloc(1, sizeof(*cd));
	char *h = crypt_r(pw, hash, cd);
	bool ok = h && h[0] == '$' && hub_str_equal(h, hash);

	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return ok;
}

char *
hub_person_key(const char *ext_id, const char *ine, const char *last,
	       const char *first, const char *birth)
{
	char *who, *k;

	if (ext_id && *ext_id)
		return dot_xasprintf("x:%s", ext_id);
	if (ine && *ine)
		return dot_xasprintf("i:%s", ine);
	/* the station's identity of a person by name (core) */
	who = dot_person_identity_key(last, first, birth);
	k = dot_xasprintf("n:%s", who);
	free(who);
	return k;
}
