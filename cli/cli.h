/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every command gets: global options, error printing, opening the review. */
#ifndef SIEVE_CLI_H
#define SIEVE_CLI_H

#include <stdbool.h>

#include "../lib/error.h"
#include "../schema/db.h"

/* The command list: name, summary. One list generates the dispatch table,
 * the prototypes, and the help overview, so they cannot drift apart. */
#define SIEVE_COMMANDS(X)                                                            \
	X(init, "create a review (embedded database, or a schema on a team server)")    \
	X(status, "show the review: title, where its data lives, what it holds")       \
	X(import, "import a database search (PubMed XML)")                             \
	X(searches, "list every import: source, query, date, file, counts")            \
	X(show, "show one record with all its fields")                                  \
	X(reviewers, "list or add reviewers (on a team server: database roles)")        \
	X(reasons, "list or add exclusion reasons")                                     \
	X(terms, "list or add highlight terms for screening")                           \
	X(screen, "screen records in the terminal (title/abstract, full text)")         \
	X(decide, "record a screening decision")                                        \
	X(undo, "undo your last change to a decision")                                  \
	X(conflicts, "records where reviewers disagree")                                \
	X(agreement, "percent agreement and Cohen's/Fleiss' kappa per stage")          \
	X(resolve, "a lead's final verdict on a conflict")                              \
	X(blind, "turn blinding between reviewers on or off (leads)")                   \
	X(settings, "screening settings: decisions needed per stage")                   \
	X(decisions, "export every decision as CSV")                                    \
	X(studies, "list included studies; add a study or group reports as one")       \
	X(lesions, "import and summarise per-lesion ADC and response data")            \
	X(quadas, "QUADAS-2 risk of bias: form, ratings, consensus, report and figures")    \
	X(extract, "extracted group statistics: form, template, import, export, compare")      \
	X(meta, "meta-analysis of the extracted data: pooled mean difference, figures")  \
	X(predict, "per-lesion ADC as a predictor of response: ROC, cut-off, logistic model")  \
	X(convert, "estimate mean and SD from a median with range and/or IQR")         \
	X(db, "the review's database: status, migrate, start, stop")                   \
	X(help, "show help for sieve or one command")                                   \
	X(version, "print sieve's version")

struct cli {
	const char *db_opt;      /* --db */
	const char *review_opt;  /* --review */
	bool quiet;              /* --quiet */
};

#define X(name, summary)                                              \
	int cmd_##name(struct cli *cli, int argc, char **argv);       \
	extern const char cmd_##name##_usage[];
SIEVE_COMMANDS(X)
#undef X

/* Print err as one line on stderr and return its exit code. */
int cli_fail(const struct sieve_error *err);

/* Print a usage error for cmd as one line and return 2. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Whether argv has -h/--help before any "--": then print cmd's help. */
bool cli_wants_help(int argc, char **argv);
int cli_print_help(const char *cmd);

/* Find and open the review the command is run for (cwd or --db/--review). */
struct db *cli_open_db(struct cli *cli, int flags, struct sieve_error *err);
int cli_resolve_target(struct cli *cli, struct db_target *t, struct sieve_error *err);

#endif
