/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The embedded PostgreSQL cluster that lives in a review folder's .sieve/. */
#ifndef SIEVE_CLUSTER_H
#define SIEVE_CLUSTER_H

#include <stdbool.h>
#include <sys/types.h>

#include "../lib/error.h"

/* Name of the folder inside a review that holds the cluster and socket. */
#define CLUSTER_DIRNAME ".sieve"
/* Superuser and database created inside every embedded cluster. */
#define CLUSTER_DB_USER "sieve"
#define CLUSTER_DB_NAME "sieve"

struct cluster_status {
	bool running;
	pid_t pid;            /* postmaster pid when running */
	char server_user[64]; /* the system user the server runs as */
};

/* Walk up from start (a folder) to find the review folder holding .sieve/,
 * like git finds .git. Returns a malloc'd absolute path (free()), or NULL
 * when there is none. */
char *cluster_find_review_dir(const char *start);

/* Whether dir itself is a review folder (has .sieve/pgdata). */
bool cluster_is_review_dir(const char *dir);

/* Create dir (if missing) and dir/.sieve with a fresh cluster (initdb) and
 * its configuration: Unix socket inside dir/.sieve, no TCP listener. When
 * running as root the cluster is owned by and run as an unprivileged system
 * user. On failure removes everything it created. */
int cluster_create(const char *dir, struct sieve_error *err);

/* Start the server of the review in dir unless it is running; wait until it
 * accepts connections. *started (may be NULL) tells whether it was started. */
int cluster_start(const char *dir, bool *started, struct sieve_error *err);

/* Stop the server (fast shutdown) and wait for it to exit. *was_running
 * (may be NULL) tells whether there was anything to stop. */
int cluster_stop(const char *dir, bool *was_running, struct sieve_error *err);

/* Fill st for the review in dir without starting anything. */
int cluster_status(const char *dir, struct cluster_status *st, struct sieve_error *err);

/* The libpq host value for the review's socket folder (malloc'd; free()).
 * Long paths are reached through an open descriptor (/proc/self/fd/N),
 * which then stays open for the life of the process: Unix socket paths are
 * limited to 107 bytes. */
char *cluster_socket_host(const char *dir, struct sieve_error *err);

/* Remove a folder tree (used to undo a failed init). Returns 0 or -1. */
int cluster_remove_tree(const char *path);

#endif
