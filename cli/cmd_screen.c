/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve screen: the screening TUI, and its headless replay for tests and
 * benchmarks. */
#include "cli.h"
#include "../lib/progress.h"
#include "../lib/strbuf.h"
#include "../schema/store_screen.h"
#include "../tui/app.h"
#include "../tui/source.h"
#include "../tui/view_screen.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_screen_usage[] =
	"usage: sieve screen [--stage title-abstract|full-text] [--reviewer NAME]\n"
	"       sieve screen --replay KEYS [--size WxH]     (headless: print the final screen)\n\n"
	"Screen records in the terminal: i include, e exclude (pick a reason), m maybe,\n"
	"u undo, n/p or arrows next/previous, / search, f filter, o note, ? help,\n"
	"q quit. The reviewer is --reviewer, SIEVE_REVIEWER or your login name (on a\n"
	"team server: your database role). Needs a terminal; --replay runs the same\n"
	"screen on scripted keys without one and prints the result.\n";

int cmd_screen(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "stage", required_argument, NULL, 's' },
		{ "reviewer", required_argument, NULL, 'R' },
		{ "replay", required_argument, NULL, 'k' },
		{ "size", required_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 },
	};
	enum screen_stage st = STAGE_TA;
	const char *reviewer = NULL, *keys = NULL;
	int w = 80, h = 24, c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (screen_stage_parse(optarg, &st))
				return cli_usage("screen", "unknown stage '%s'", optarg);
			break;
		case 'R': reviewer = optarg; break;
		case 'k': keys = optarg; break;
		case 'z':
			if (sscanf(optarg, "%dx%d", &w, &h) != 2 || w < 20 || h < 6 || w > 1000 || h > 1000)
				return cli_usage("screen", "--size wants WxH, e.g. 80x24");
			break;
		case ':': return cli_usage("screen", "option %s needs a value", argv[optind - 1]);
		default: return cli_usage("screen", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage("screen", "screen takes no arguments");
	if (!keys && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		struct sieve_error e = { 0 };
		sieve_error_set(&e, SIEVE_ERR_USAGE,
			"sieve screen needs a terminal (use 'sieve decide' in scripts, or --replay)");
		return cli_fail(&e);
	}
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	char *who = NULL;
	bool lead;
	int rc = 0;
	if (store_reviewer_current(db, reviewer, &who, &lead, &err)) {
		db_close(db);
		return cli_fail(&err);
	}
	/* Imports leave search vectors for screening to build. */
	long long indexed = 0;
	if (!keys && !cli->quiet && isatty(STDERR_FILENO))
		fputs("preparing search...\r", stderr);
	if (store_screen_index(db, &indexed, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	struct screen_source *src = screen_source_db_new(db, st, who);
	struct view *v = view_screen_new(src, screen_stage_name(st), who);
	if (keys) {
		struct strbuf dump = STRBUF_INIT;
		if (tui_view_headless(v, w, h, keys, &dump, &err))
			rc = cli_fail(&err);
		else
			fputs(dump.buf ? dump.buf : "", stdout);
		strbuf_fini(&dump);
	} else if (tui_view_run(v, &err)) {
		rc = cli_fail(&err);
	}
	view_screen_free(v);
	screen_source_free(src);
out:
	free(who);
	db_close(db);
	return rc;
}
