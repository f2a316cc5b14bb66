/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve: global options and command dispatch. */
#include "cli.h"
#include "../plot/figure.h"
#include "../lib/termsafe.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SIEVE_VERSION
#define SIEVE_VERSION "0.1.0"
#endif

struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *usage;
	const char *summary;
};

static const struct command commands[] = {
#define X(name, summary) { #name, cmd_##name, cmd_##name##_usage, summary },
	SIEVE_COMMANDS(X)
#undef X
};

static const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int cli_fail(const struct sieve_error *err)
{
	/* Messages quote file and database text: escaped on a terminal. */
	if (err->detail[0] && err->code != SIEVE_ERR_DB)
		fprintf(stderr, "sieve: %s: %s\n", term_safe(stderr, err->detail),
			term_safe(stderr, err->msg));
	else
		fprintf(stderr, "sieve: %s\n", term_safe(stderr, err->msg));
	int code = sieve_error_exit_code(err);
	return code ? code : 1;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("sieve: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, " (see 'sieve help %s')\n", cmd);
	else
		fputs(" (see 'sieve help')\n", stderr);
	return 2;
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

static void print_overview(FILE *f)
{
	fputs("sieve: systematic reviews in the terminal, on PostgreSQL\n\n"
	      "usage: sieve [--db CONNINFO] [--review NAME] [--quiet] COMMAND [ARGS]\n\n"
	      "commands:\n", f);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nglobal options:\n"
	      "  --db CONNINFO   use a review on a team PostgreSQL server (also SIEVE_DB,\n"
	      "                  or the PG* variables); default: the review folder you are in\n"
	      "  --review NAME   the review's name on a team server (also SIEVE_REVIEW)\n"
	      "  --quiet         no progress output\n"
	      "  -h, --help      this help; 'sieve help COMMAND' for one command\n\n"
	      "A review folder made by 'sieve init DIR' holds its own PostgreSQL in DIR/.sieve/;\n"
	      "commands run anywhere inside DIR find it and start it when needed.\n", f);
}

int cli_print_help(const char *cmd)
{
	const struct command *c = command_find(cmd);
	if (!c)
		return cli_usage(NULL, "unknown command '%s'", cmd);
	printf("sieve %s: %s\n\n%s", c->name, c->summary, c->usage);
	return 0;
}

const char cmd_help_usage[] =
	"usage: sieve help [COMMAND]\n";

int cmd_help(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	if (argc > 2)
		return cli_usage("help", "help takes at most one command name");
	if (argc == 2)
		return cli_print_help(argv[1]);
	print_overview(stdout);
	return 0;
}

const char cmd_version_usage[] = "usage: sieve version\n";

int cmd_version(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argv;
	if (argc > 1)
		return cli_usage("version", "version takes no arguments");
	printf("sieve %s\n", SIEVE_VERSION);
	return 0;
}

int cli_resolve_target(struct cli *cli, struct db_target *t, struct sieve_error *err)
{
	return db_target_resolve(t, cli->db_opt, cli->review_opt, ".", err);
}

struct db *cli_open_db(struct cli *cli, int flags, struct sieve_error *err)
{
	struct db_target t;
	if (cli_resolve_target(cli, &t, err))
		return NULL;
	struct db *db = db_open(&t, flags, err);
	db_target_fini(&t);
	return db;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "review", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	opterr = 0;
	int c;
	/* "+": stop at the command name; its own options follow it. */
	while ((c = getopt_long(argc, argv, "+:qhV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': cli.db_opt = optarg; break;
		case 'r': cli.review_opt = optarg; break;
		case 'q': cli.quiet = true; break;
		case 'h': print_overview(stdout); return 0;
		case 'V': printf("sieve %s\n", SIEVE_VERSION); return 0;
		case ':':
			return cli_usage(NULL, "option %s needs a value", argv[optind - 1]);
		default:
			if (optopt)
				return cli_usage(NULL, "unknown option -%c", optopt);
			return cli_usage(NULL, "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		print_overview(stderr);
		return 2;
	}
	const struct command *cmd = command_find(argv[optind]);
	if (!cmd)
		return cli_usage(NULL, "unknown command '%s'", argv[optind]);
	int cargc = argc - optind;
	char **cargv = argv + optind;
	if (strcmp(cmd->name, "help") != 0 && cli_wants_help(cargc, cargv))
		return cli_print_help(cmd->name);
	optind = 0; /* reset getopt for the command's own parsing */
	int rc = cmd->run(&cli, cargc, cargv);
	plot_release();
	return rc;
}
