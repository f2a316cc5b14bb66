/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the CSV reader of lib/csv.h, through its public API
 * only. The first input byte picks the mode (header mapping or plain
 * records); the rest is the file, written to a temporary file once per run
 * (csv_reader_open reads files). The line splitter and the "not reported"
 * test are fed each line too. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "../lib/csv.h"
#include "../lib/error.h"

static char path[64];
static int fd = -1;

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_csv: broken promise: %s\n", what);
		abort();
	}
}

static void cleanup(void)
{
	if (fd >= 0)
		unlink(path);
}

/* Column names of the CSV files sieve reads (meta, predict, lesions,
 * extract, screening), so the fuzzer meets matching headers. */
static const char *const names[] = {
	"study", "n1", "mean1", "sd1", "n2", "mean2", "sd2", "subgroup",
	"lesion_id", "patient_id", "adc", "response", "record_id", "title",
	"abstract", "label_included",
};

static void split_lines(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	struct csv_field *fields = NULL;
	size_t cap = 0;
	long lineno = 1;
	for (char *line = buf; line && line < buf + size; lineno++) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		/* a CR before the LF stays for csv_clean_line to strip */
		csv_clean_line(line, lineno);
		size_t len = strlen(line);
		int nf = csv_split_line(line, &fields, &cap);
		check(nf >= -1, "field count or -1");
		for (int i = 0; i < nf; i++) {
			check(fields[i].text >= line && fields[i].text <= line + len, "field inside the line");
			check(fields[i].col >= 1, "columns count from 1");
			(void)csv_is_na(fields[i].text);
		}
		line = nl ? nl + 1 : NULL;
	}
	free(fields);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (fd < 0) {
		snprintf(path, sizeof path, "/tmp/sieve-fuzz-csv-%ld", (long)getpid());
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		check(fd >= 0, "temporary file");
		atexit(cleanup);
	}
	unsigned mode = data[0];
	data++;
	size--;
	check(ftruncate(fd, 0) == 0 && pwrite(fd, data, size, 0) == (ssize_t)size, "write input");

	struct csv_reader r;
	struct sieve_error err;
	sieve_error_clear(&err);
	if (csv_reader_open(&r, path, &err) != 0)
		abort();
	int rc = 0;
	if (mode & 1) {
		int nnames = 1 + (int)((mode >> 1) % (sizeof names / sizeof *names));
		int nrequired = (int)((mode >> 5) % (unsigned)(nnames + 1));
		int at[sizeof names / sizeof *names];
		rc = csv_reader_header(&r, names, nnames, nrequired, at, &err);
		if (rc == 0)
			for (int k = 0; k < nnames; k++)
				check(at[k] >= -1 && at[k] < r.nf, "header index in range");
	}
	long last = 0;
	for (int n = 0; rc == 0 && n < 100000; n++) {
		rc = csv_reader_next(&r, &err);
		if (rc != 1)
			break;
		rc = 0;
		check(r.nf >= 0, "field count");
		check(r.ncols == 0 || r.nf == r.ncols, "header's field count kept");
		check(r.lineno > last, "line numbers grow");
		last = r.lineno;
		for (int i = 0; i < r.nf; i++) {
			check(r.fields[i].text != NULL, "field text");
			check(r.fields[i].col >= 1, "columns count from 1");
			(void)strlen(r.fields[i].text);
		}
	}
	if (rc < 0)
		check(err.code != SIEVE_OK && err.msg[0], "an error says why");
	csv_reader_close(&r);
	split_lines(data, size);
	return 0;
}
