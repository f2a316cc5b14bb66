/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File and buffer digests through OpenSSL EVP. */
#include "hash.h"

#include <openssl/evp.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void to_hex(const unsigned char *d, unsigned n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (unsigned i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

int hash_file_sha256(const char *path, char out[65], struct sieve_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return sieve_error_set(err, SIEVE_ERR_IO, "cannot read %s: %s", path, strerror(errno));
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		fclose(f);
		EVP_MD_CTX_free(ctx);
		return sieve_error_set(err, SIEVE_ERR_SYSTEM, "SHA-256 unavailable");
	}
	enum { BUF = 1 << 16 };
	unsigned char *buf = malloc(BUF);
	int rc = 0;
	size_t n;
	while (buf && (n = fread(buf, 1, BUF, f)) > 0)
		EVP_DigestUpdate(ctx, buf, n);
	if (!buf || ferror(f)) {
		rc = sieve_error_set(err, SIEVE_ERR_IO, "cannot read %s: %s", path,
				     buf ? strerror(errno) : "out of memory");
	} else {
		unsigned char d[EVP_MAX_MD_SIZE];
		unsigned dn = 0;
		EVP_DigestFinal_ex(ctx, d, &dn);
		to_hex(d, dn, out);
	}
	free(buf);
	EVP_MD_CTX_free(ctx);
	fclose(f);
	return rc;
}

void hash_md5_hex(const void *data, size_t len, char out[33])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dn = 0;
	EVP_Digest(data, len, d, &dn, EVP_md5(), NULL);
	to_hex(d, dn > 16 ? 16 : dn, out);
}
