/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve db: status, migrate, start, stop. */
#include "cli.h"
#include "../schema/cluster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_db_usage[] =
	"usage: sieve db status    where the data lives, server state, schema version\n"
	"       sieve db migrate   apply schema migrations this sieve has and the review lacks\n"
	"       sieve db start     start the review's embedded server\n"
	"       sieve db stop      stop it (it is started again by the next command)\n";

static int db_status(struct cli *cli)
{
	struct sieve_error err = { 0 };
	struct db_target t;
	if (cli_resolve_target(cli, &t, &err))
		return cli_fail(&err);
	char *where = db_target_describe(&t);
	printf("review:     %s\n", where);
	free(where);
	int flags = DB_OPEN_ANY_VERSION;
	if (t.mode == DB_EMBEDDED) {
		struct cluster_status st;
		if (cluster_status(t.dir, &st, &err)) {
			db_target_fini(&t);
			return cli_fail(&err);
		}
		printf("folder:     %s/%s\n", t.dir, CLUSTER_DIRNAME);
		if (st.running)
			printf("server:     running (pid %ld, as user %s)\n", (long)st.pid,
			       st.server_user);
		else
			printf("server:     stopped (the next sieve command starts it)\n");
		printf("log:        %s/%s/server.log\n", t.dir, CLUSTER_DIRNAME);
		if (!st.running) {
			db_target_fini(&t);
			return 0;
		}
		flags |= DB_OPEN_NO_START;
	}
	struct db *db = db_open(&t, flags, &err);
	db_target_fini(&t);
	if (!db)
		return cli_fail(&err);
	struct db_schema_info info;
	int rc = 0;
	if (db_schema_info(db, &info, &err)) {
		rc = cli_fail(&err);
	} else {
		printf("postgresql: %s\n", info.server_version);
		printf("schema:     version %d (this sieve knows %d", info.applied, info.known);
		if (info.pending)
			printf("; %d migration%s pending: run 'sieve db migrate'", info.pending,
			       info.pending == 1 ? "" : "s");
		printf(")\n");
	}
	db_close(db);
	return rc;
}

static int db_migrate_cmd(struct cli *cli)
{
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_ANY_VERSION, &err);
	if (!db)
		return cli_fail(&err);
	int applied = 0;
	struct db_schema_info info;
	int rc = 0;
	if (db_migrate(db, &applied, &err) || db_schema_info(db, &info, &err))
		rc = cli_fail(&err);
	else if (!cli->quiet)
		printf("schema at version %d (%d migration%s applied now)\n", info.applied, applied,
		       applied == 1 ? "" : "s");
	db_close(db);
	return rc;
}

static int db_start_stop(struct cli *cli, bool start)
{
	struct sieve_error err = { 0 };
	struct db_target t;
	if (cli_resolve_target(cli, &t, &err))
		return cli_fail(&err);
	if (t.mode != DB_EMBEDDED) {
		db_target_fini(&t);
		sieve_error_set(&err, SIEVE_ERR_DATA,
			"this review is on a team server, which sieve does not start or stop");
		return cli_fail(&err);
	}
	bool changed = false;
	int rc = start ? cluster_start(t.dir, &changed, &err) : cluster_stop(t.dir, &changed, &err);
	if (rc == 0 && !cli->quiet) {
		if (start)
			printf(changed ? "started the database server of %s\n"
				       : "the database server of %s is already running\n", t.dir);
		else
			printf(changed ? "stopped the database server of %s\n"
				       : "the database server of %s is not running\n", t.dir);
	}
	db_target_fini(&t);
	return rc ? cli_fail(&err) : 0;
}

int cmd_db(struct cli *cli, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage("db", "db needs one of: status, migrate, start, stop");
	if (strcmp(argv[1], "status") == 0)
		return db_status(cli);
	if (strcmp(argv[1], "migrate") == 0)
		return db_migrate_cmd(cli);
	if (strcmp(argv[1], "start") == 0)
		return db_start_stop(cli, true);
	if (strcmp(argv[1], "stop") == 0)
		return db_start_stop(cli, false);
	return cli_usage("db", "unknown db subcommand '%s'", argv[1]);
}
