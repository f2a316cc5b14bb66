/* SPDX-License-Identifier: GPL-3.0-or-later */
/* First-error-wins error reporting. */
#include "error.h"

#include <stdio.h>
#include <string.h>

static int set_v(struct sieve_error *err, enum sieve_errcode code,
		 const char *detail, const char *fmt, va_list ap)
{
	if (!err || err->code != SIEVE_OK)
		return -1;
	err->code = code;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	if (detail)
		snprintf(err->detail, sizeof err->detail, "%s", detail);
	return -1;
}

int sieve_error_set(struct sieve_error *err, enum sieve_errcode code,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_v(err, code, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int sieve_error_set_at(struct sieve_error *err, enum sieve_errcode code,
		       const char *detail, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_v(err, code, detail, fmt, ap);
	va_end(ap);
	return -1;
}

void sieve_error_detail(struct sieve_error *err, const char *fmt, ...)
{
	va_list ap;
	if (!err || err->detail[0])
		return;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof err->detail, fmt, ap);
	va_end(ap);
}

void sieve_error_locate(struct sieve_error *err, const char *file, long line)
{
	if (!err || err->code == SIEVE_OK)
		return;
	if (err->code != SIEVE_ERR_DB && err->code != SIEVE_ERR_DB_DOWN) {
		sieve_error_detail(err, "%s:%ld", file, line);
		return;
	}
	size_t n = strlen(file);
	if (strncmp(err->msg, file, n) == 0 && err->msg[n] == ':')
		return;
	char msg[sizeof err->msg];
	snprintf(msg, sizeof msg, "%s:%ld: %s%s%s", file, line, err->field,
		 err->field[0] ? ": " : "", err->msg);
	memcpy(err->msg, msg, sizeof msg);
}

void sieve_error_clear(struct sieve_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

int sieve_error_exit_code(const struct sieve_error *err)
{
	if (!err)
		return 0;
	switch (err->code) {
	case SIEVE_OK:
		return 0;
	case SIEVE_ERR_USAGE:
		return 2;
	case SIEVE_ERR_DB_DOWN:
		return 3;
	default:
		return 1;
	}
}
