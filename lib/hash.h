/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Digests (OpenSSL's libcrypto, which libpq already loads). */
#ifndef SIEVE_HASH_H
#define SIEVE_HASH_H

#include <stddef.h>

/* A SHA-256 computed piece by piece (e.g. while a file is parsed). */
struct sha256_stream;

/* Returns a new stream; aborts on out-of-memory. */
struct sha256_stream *sha256_stream_new(void);
void sha256_stream_update(struct sha256_stream *s, const void *data, size_t len);
/* Write the digest as 64 hex digits plus NUL to out and free s. */
void sha256_stream_final(struct sha256_stream *s, char out[65]);

/* MD5 of len bytes as 32 hex digits plus NUL in out (change detection only). */
void hash_md5_hex(const void *data, size_t len, char out[33]);

#endif
