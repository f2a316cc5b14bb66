/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Digests through OpenSSL EVP. */
#include "hash.h"
#include "xalloc.h"

#include <openssl/evp.h>

#include <stdio.h>
#include <stdlib.h>

struct sha256_stream {
	EVP_MD_CTX *ctx;
};

static void to_hex(const unsigned char *d, unsigned n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (unsigned i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

struct sha256_stream *sha256_stream_new(void)
{
	struct sha256_stream *s = xmalloc(sizeof *s);
	s->ctx = EVP_MD_CTX_new();
	if (!s->ctx || !EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL)) {
		fputs("sieve: SHA-256 unavailable in libcrypto\n", stderr);
		abort();
	}
	return s;
}

void sha256_stream_update(struct sha256_stream *s, const void *data, size_t len)
{
	EVP_DigestUpdate(s->ctx, data, len);
}

void sha256_stream_final(struct sha256_stream *s, char out[65])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dn = 0;
	EVP_DigestFinal_ex(s->ctx, d, &dn);
	to_hex(d, dn, out);
	EVP_MD_CTX_free(s->ctx);
	free(s);
}

void hash_md5_hex(const void *data, size_t len, char out[33])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dn = 0;
	EVP_Digest(data, len, d, &dn, EVP_md5(), NULL);
	to_hex(d, dn > 16 ? 16 : dn, out);
}
