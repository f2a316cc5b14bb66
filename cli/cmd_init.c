/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve init: create a review. */
#include "cli.h"
#include "../lib/xalloc.h"

#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_init_usage[] =
	"usage: sieve init [DIR] [--title TITLE]\n"
	"       sieve --db CONNINFO --review NAME init [--title TITLE]\n\n"
	"Without --db, creates the folder DIR (default: the current folder) with a\n"
	"private PostgreSQL server in DIR/.sieve/ (Unix socket only, no TCP port) and\n"
	"the review's schema. Every later sieve command run inside DIR uses it and\n"
	"starts the server when needed.\n\n"
	"With --db (or SIEVE_DB), creates the review as the schema NAME on an existing\n"
	"PostgreSQL server, so several reviews and reviewers share one server.\n\n"
	"options:\n"
	"  --title TITLE   the review's title (default: the folder or review name)\n";

int cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "title", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *title = NULL;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:", opts, NULL)) != -1) {
		switch (c) {
		case 't': title = optarg; break;
		case ':': return cli_usage("init", "option %s needs a value", argv[optind - 1]);
		default: return cli_usage("init", "unknown option %s", argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return cli_usage("init", "init takes one folder, got %d", argc - optind);
	const char *dir = optind < argc ? argv[optind] : NULL;

	struct sieve_error err = { 0 };
	struct db_target t;
	const char *conninfo = cli->db_opt ? cli->db_opt : getenv("SIEVE_DB");
	bool team = (conninfo && *conninfo) ||
		    (!dir && (getenv("PGHOST") || getenv("PGDATABASE") || getenv("PGSERVICE")));
	if (team) {
		if (dir)
			return cli_usage("init", "a review on a team server (--db) has no folder; "
					 "drop DIR or drop --db");
		const char *review = cli->review_opt ? cli->review_opt : getenv("SIEVE_REVIEW");
		if (db_target_team(&t, conninfo ? conninfo : "", review, &err))
			return cli_fail(&err);
	} else {
		if (cli->review_opt)
			return cli_usage("init", "--review names a review on a team server; "
					 "give --db CONNINFO too, or drop --review");
		if (db_target_embedded(&t, dir ? dir : ".", &err))
			return cli_fail(&err);
	}
	char *def_title = NULL;
	if (!title) {
		if (team) {
			def_title = xstrdup(t.review);
		} else {
			char *copy = xstrdup(t.dir);
			def_title = xstrdup(basename(copy));
			free(copy);
		}
		title = def_title;
	}
	if (!*title) {
		free(def_title);
		db_target_fini(&t);
		return cli_usage("init", "the title must not be empty");
	}
	int rc = 0;
	if (db_review_create(&t, title, &err)) {
		rc = cli_fail(&err);
	} else if (team) {
		printf("created review \"%s\" as schema \"%s\" on %s\n", title, t.review,
		       t.conninfo[0] ? t.conninfo : "the server of the PG* variables");
	} else {
		printf("created review \"%s\" in %s\n"
		       "its database lives in %s/.sieve (PostgreSQL, Unix socket only); "
		       "run sieve commands inside %s\n", title, t.dir, t.dir, t.dir);
	}
	free(def_title);
	db_target_fini(&t);
	return rc;
}
