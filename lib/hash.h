/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Digests (OpenSSL's libcrypto, which libpq already loads). */
#ifndef SIEVE_HASH_H
#define SIEVE_HASH_H

#include <stddef.h>

#include "error.h"

/* SHA-256 of a file's bytes as 64 hex digits plus NUL in out. */
int hash_file_sha256(const char *path, char out[65], struct sieve_error *err);

/* MD5 of len bytes as 32 hex digits plus NUL in out (change detection only). */
void hash_md5_hex(const void *data, size_t len, char out[33]);

#endif
