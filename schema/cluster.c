/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Embedded PostgreSQL: initdb, start on demand, stop, status.
 *
 * The server is always started with its data folder given as
 * /proc/self/fd/N/pgdata, N being a descriptor of the review's .sieve folder
 * opened by sieve before the server drops privileges. When sieve runs as
 * root, the server runs as an unprivileged user (initdb and postgres refuse
 * root) that may not be allowed to walk the path to the review (a review in
 * /root/...): the descriptor reaches the folder without walking the path.
 * The socket folder is configured relative to the data folder (".."), so a
 * review folder can be moved or renamed and still works. */
#define _GNU_SOURCE
#include "cluster.h"
#include "../lib/strbuf.h"
#include "../lib/xalloc.h"

#include <libpq-fe.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SERVER_DIR_FD 3           /* the descriptor number the server sees */
#define SOCKET_NAME ".s.PGSQL.5432"
#define START_TIMEOUT_S 60
#define STOP_TIMEOUT_S 60

struct server_user {
	uid_t uid;
	gid_t gid;
	char name[64];
	bool drop;  /* running as root: switch to uid/gid in the child */
};

static int server_user_get(struct server_user *u, struct sieve_error *err)
{
	memset(u, 0, sizeof *u);
	if (geteuid() != 0) {
		struct passwd *pw = getpwuid(geteuid());
		u->uid = geteuid();
		u->gid = getegid();
		snprintf(u->name, sizeof u->name, "%s", pw ? pw->pw_name : "?");
		return 0;
	}
	const char *name = getenv("SIEVE_SERVER_USER");
	if (!name || !*name)
		name = "postgres";
	struct passwd *pw = getpwnam(name);
	if (!pw)
		return sieve_error_set(err, SIEVE_ERR_SYSTEM,
			"running as root, sieve runs PostgreSQL as the system user '%s', "
			"which does not exist: install PostgreSQL (make deps) or set SIEVE_SERVER_USER",
			name);
	if (pw->pw_uid == 0)
		return sieve_error_set(err, SIEVE_ERR_SYSTEM,
			"SIEVE_SERVER_USER '%s' is root; PostgreSQL refuses to run as root", name);
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	u->drop = true;
	snprintf(u->name, sizeof u->name, "%s", name);
	return 0;
}

static int version_cmp(const void *a, const void *b)
{
	return atoi(*(char *const *)b) - atoi(*(char *const *)a);
}

/* The folder holding initdb and postgres, for major version `major` (0 =
 * newest installed). malloc'd, or NULL with err set. */
static char *pg_bindir(int major, struct sieve_error *err)
{
	const char *env = getenv("SIEVE_PG_BINDIR");
	if (env && *env)
		return xstrdup(env);
	char *found = NULL;
	DIR *d = opendir("/usr/lib/postgresql");
	if (d) {
		char *names[64];
		size_t n = 0;
		struct dirent *e;
		while ((e = readdir(d)) && n < 64)
			if (e->d_name[0] >= '0' && e->d_name[0] <= '9')
				names[n++] = xstrdup(e->d_name);
		closedir(d);
		qsort(names, n, sizeof *names, version_cmp);
		for (size_t i = 0; i < n && !found; i++) {
			if (major && atoi(names[i]) != major)
				continue;
			char *p = xasprintf("/usr/lib/postgresql/%s/bin/postgres", names[i]);
			if (access(p, X_OK) == 0)
				found = xasprintf("/usr/lib/postgresql/%s/bin", names[i]);
			free(p);
		}
		for (size_t i = 0; i < n; i++)
			free(names[i]);
	}
	if (!found) {
		/* Other distributions put the server programs on PATH. */
		const char *path = getenv("PATH");
		char *copy = xstrdup(path ? path : "/usr/bin:/bin");
		for (char *s = strtok(copy, ":"); s && !found; s = strtok(NULL, ":")) {
			char *p = xasprintf("%s/initdb", s);
			if (access(p, X_OK) == 0)
				found = xstrdup(s);
			free(p);
		}
		free(copy);
	}
	if (!found) {
		if (major)
			sieve_error_set(err, SIEVE_ERR_SYSTEM,
				"the review's database needs PostgreSQL %d server programs, "
				"which are not installed (apt-get install postgresql-%d)", major, major);
		else
			sieve_error_set(err, SIEVE_ERR_SYSTEM,
				"PostgreSQL server programs (initdb, postgres) not found: "
				"run 'make deps' or install postgresql, or set SIEVE_PG_BINDIR");
	}
	return found;
}

static char *path_join(const char *a, const char *b)
{
	size_t n = strlen(a);
	return xasprintf("%s%s%s", a, (n && a[n - 1] == '/') ? "" : "/", b);
}

bool cluster_is_review_dir(const char *dir)
{
	char *p = xasprintf("%s/" CLUSTER_DIRNAME "/pgdata", dir);
	struct stat st;
	bool ok = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
	free(p);
	return ok;
}

char *cluster_find_review_dir(const char *start)
{
	char *dir = realpath(start, NULL);
	if (!dir)
		return NULL;
	for (;;) {
		if (cluster_is_review_dir(dir))
			return dir;
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			bool root = cluster_is_review_dir("/");
			free(dir);
			return root ? xstrdup("/") : NULL;
		}
		*slash = '\0';
	}
}

/* Run argv (argv[0] an absolute path) as the server user with the review's
 * .sieve folder on SERVER_DIR_FD and stdout/stderr appended to log_path.
 * detach: start it in its own session and don't wait (returns 0 once
 * forked); otherwise wait and return the exit status (or -1). */
static int run_server_program(const struct server_user *u, int sieve_fd,
			      char *const argv[], const char *log_path, bool detach,
			      struct sieve_error *err)
{
	int log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (log_fd < 0)
		return sieve_error_set(err, SIEVE_ERR_IO, "cannot open %s: %s", log_path,
				       strerror(errno));
	if (u->drop && fchown(log_fd, u->uid, u->gid) != 0) {
		close(log_fd);
		return sieve_error_set(err, SIEVE_ERR_SYSTEM, "cannot chown %s: %s",
				       log_path, strerror(errno));
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(log_fd);
		return sieve_error_set(err, SIEVE_ERR_SYSTEM, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		if (detach) {
			setsid();
			/* Second fork: the server is nobody's zombie. */
			if (fork() != 0)
				_exit(0);
		}
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(log_fd, 1) < 0 ||
		    dup2(log_fd, 2) < 0)
			_exit(126);
		/* dup2 onto itself keeps O_CLOEXEC: clear it explicitly. */
		if (sieve_fd == SERVER_DIR_FD) {
			if (fcntl(sieve_fd, F_SETFD, 0) < 0)
				_exit(126);
		} else if (dup2(sieve_fd, SERVER_DIR_FD) < 0) {
			_exit(126);
		}
		/* Close everything else: the server must not hold our libpq
		 * sockets or the terminal. */
		for (int fd = SERVER_DIR_FD + 1; fd < 1024; fd++)
			close(fd);
		if (chdir("/") != 0)
			_exit(126);
		if (u->drop) {
			if (setgroups(0, NULL) != 0 || setgid(u->gid) != 0 ||
			    setuid(u->uid) != 0) {
				dprintf(2, "sieve: cannot switch to user %s: %s\n", u->name,
					strerror(errno));
				_exit(126);
			}
			struct passwd *pw = getpwuid(u->uid);
			if (pw) {
				setenv("HOME", pw->pw_dir, 1);
				setenv("USER", pw->pw_name, 1);
				setenv("LOGNAME", pw->pw_name, 1);
			}
		}
		unsetenv("PGDATA");
		unsetenv("PGHOST");
		unsetenv("PGPORT");
		setenv("LC_ALL", "C.UTF-8", 1);
		execv(argv[0], argv);
		dprintf(2, "sieve: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(log_fd);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return sieve_error_set(err, SIEVE_ERR_SYSTEM, "waitpid: %s", strerror(errno));
	if (detach)
		return 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The size of a file, 0 when it cannot be read. */
static off_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : 0;
}

/* The last line of a log file from byte offset `from` on (what the current
 * attempt wrote) that looks like an error, for messages; else its last
 * line; else "no message in the log". */
static void log_last_error(const char *path, off_t from, char *out, size_t outsz)
{
	snprintf(out, outsz, "no message in the log");
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	out[0] = '\0';
	if (from > 0 && fseeko(f, from, SEEK_SET) != 0)
		rewind(f);
	char line[1024];
	char any[1024] = "";
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		snprintf(any, sizeof any, "%s", line);
		if (strstr(line, "FATAL") || strstr(line, "ERROR") || strstr(line, "error") ||
		    strstr(line, "PANIC") || strstr(line, "sieve:"))
			snprintf(out, outsz, "%s", line);
	}
	if (!out[0])
		snprintf(out, outsz, "%s", any[0] ? any : "no message in the log");
	fclose(f);
}

static int write_config(const char *pgdata, struct sieve_error *err)
{
	/* Appended to postgresql.conf, not postgresql.auto.conf, so that
	 * ALTER SYSTEM still works and can override it. */
	char *conf = path_join(pgdata, "postgresql.conf");
	FILE *f = fopen(conf, "a");
	if (!f) {
		sieve_error_set(err, SIEVE_ERR_IO, "cannot write %s: %s", conf, strerror(errno));
		free(conf);
		return -1;
	}
	fputs("\n# Written by sieve init: a private server for one review.\n"
	      "listen_addresses = ''\n"
	      "unix_socket_directories = '..'\n"
	      "unix_socket_permissions = 0700\n"
	      "max_connections = 40\n"
	      "shared_buffers = 64MB\n"
	      "max_wal_size = 1GB\n"
	      "jit = off\n"
	      "# No replicas of a private server: an import's new table is then\n"
	      "# loaded without WAL and synced at commit.\n"
	      "wal_level = minimal\n"
	      "max_wal_senders = 0\n"
	      "log_min_messages = warning\n"
	      "log_line_prefix = '%m [%p] '\n", f);
	int rc = fclose(f);
	if (rc != 0)
		sieve_error_set(err, SIEVE_ERR_IO, "cannot write %s: %s", conf, strerror(errno));
	free(conf);
	return rc ? -1 : 0;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

int cluster_remove_tree(const char *path)
{
	return nftw(path, rm_entry, 32, FTW_DEPTH | FTW_PHYS);
}

int cluster_create(const char *dir, struct sieve_error *err)
{
	struct server_user u;
	if (server_user_get(&u, err))
		return -1;
	char *bindir = pg_bindir(0, err);
	if (!bindir)
		return -1;

	/* Like mkdir -p, remembering the topmost folder made, to undo it. */
	char *made_top = NULL;
	struct stat st;
	if (stat(dir, &st) != 0) {
		char *p = xstrdup(dir);
		for (char *s = p + 1;; s++) {
			if (*s != '/' && *s != '\0')
				continue;
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) == 0) {
				if (!made_top)
					made_top = xstrdup(p);
			} else if (errno != EEXIST) {
				sieve_error_set(err, SIEVE_ERR_IO, "cannot create %s: %s", p,
						strerror(errno));
				*s = c;
				free(p);
				if (made_top)
					cluster_remove_tree(made_top);
				free(made_top);
				free(bindir);
				return -1;
			}
			*s = c;
			if (!c)
				break;
		}
		free(p);
	} else if (!S_ISDIR(st.st_mode)) {
		free(bindir);
		return sieve_error_set(err, SIEVE_ERR_DATA, "%s exists and is not a folder", dir);
	}
	char *sdir = path_join(dir, CLUSTER_DIRNAME);
	char *pgdata = path_join(sdir, "pgdata");
	char *log = path_join(sdir, "initdb.log");
	int rc = -1, sfd = -1;
	if (mkdir(sdir, 0700) != 0) {
		if (errno == EEXIST)
			sieve_error_set(err, SIEVE_ERR_DATA,
				"%s is already a sieve review (it has %s/); use it, or choose another folder",
				dir, CLUSTER_DIRNAME);
		else
			sieve_error_set(err, SIEVE_ERR_IO, "cannot create %s: %s", sdir, strerror(errno));
		goto out_nosdir;
	}
	if (mkdir(pgdata, 0700) != 0) {
		sieve_error_set(err, SIEVE_ERR_IO, "cannot create %s: %s", pgdata, strerror(errno));
		goto out;
	}
	if (u.drop && (chown(sdir, u.uid, u.gid) != 0 || chown(pgdata, u.uid, u.gid) != 0)) {
		sieve_error_set(err, SIEVE_ERR_SYSTEM, "cannot give %s to user %s: %s", sdir,
				u.name, strerror(errno));
		goto out;
	}
	sfd = open(sdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sfd < 0) {
		sieve_error_set(err, SIEVE_ERR_IO, "cannot open %s: %s", sdir, strerror(errno));
		goto out;
	}
	char *initdb = path_join(bindir, "initdb");
	char dflag[64];
	snprintf(dflag, sizeof dflag, "/proc/self/fd/%d/pgdata", SERVER_DIR_FD);
	char *argv[] = { initdb, "-D", dflag, "-U", CLUSTER_DB_USER, "-A", "trust",
			 "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions", NULL };
	off_t log_from = file_size(log);
	int st_init = run_server_program(&u, sfd, argv, log, false, err);
	free(initdb);
	if (st_init != 0) {
		if (st_init > 0) {
			char last[512];
			log_last_error(log, log_from, last, sizeof last);
			sieve_error_set(err, SIEVE_ERR_SYSTEM, "initdb failed: %s", last);
		}
		goto out;
	}
	if (write_config(pgdata, err))
		goto out;
	if (cluster_start(dir, NULL, err))
		goto out;

	/* The review's own database. */
	char *host = cluster_socket_host(dir, err);
	if (!host)
		goto out;
	const char *keys[] = { "host", "dbname", "user", NULL };
	const char *vals[] = { host, "postgres", CLUSTER_DB_USER, NULL };
	PGconn *c = PQconnectdbParams(keys, vals, 0);
	if (PQstatus(c) != CONNECTION_OK) {
		sieve_error_set(err, SIEVE_ERR_DB_DOWN, "cannot connect to the new server: %s",
				PQerrorMessage(c));
	} else {
		PGresult *r = PQexec(c, "CREATE DATABASE " CLUSTER_DB_NAME);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			sieve_error_set(err, SIEVE_ERR_DB, "cannot create the review database: %s",
					PQresultErrorMessage(r));
		else
			rc = 0;
		PQclear(r);
	}
	PQfinish(c);
	free(host);
out:
	if (rc != 0) {
		cluster_stop(dir, NULL, NULL);
		cluster_remove_tree(sdir);
	}
out_nosdir:
	if (rc != 0 && made_top)
		cluster_remove_tree(made_top);
	free(made_top);
	if (sfd >= 0)
		close(sfd);
	free(sdir);
	free(pgdata);
	free(log);
	free(bindir);
	return rc;
}

/* Whether process pid is gone for our purposes: no such process, or a
 * zombie (exited, not yet reaped: it serves nothing). */
static bool pid_gone(pid_t pid)
{
	if (kill(pid, 0) != 0 && errno == ESRCH)
		return true;
	char path[64];
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return errno == ENOENT;
	char buf[512];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "pid (comm) S ...": comm may hold ')' itself, so take the last one. */
	char *rp = strrchr(buf, ')');
	return rp && rp[1] == ' ' && (rp[2] == 'Z' || rp[2] == 'X');
}

enum pid_owner {
	PID_NONE,     /* no pid file, or its process is gone or a zombie */
	PID_OURS,     /* a postgres process serving this very data folder */
	PID_FOREIGN,  /* a live process that is not this review's server */
	PID_UNKNOWN,  /* a live process sieve may not inspect */
};

/* Who the pid in dir's postmaster.pid is. The pid alone proves nothing: in
 * a copied review folder it names the original review's server, and after
 * a reboot any process may have it. Ours means: alive, not a zombie, named
 * postgres, and its working folder (postgres runs in its data folder) is
 * the same inode as our pgdata. */
static enum pid_owner postmaster_owner(const char *dir, pid_t *pid_out)
{
	*pid_out = 0;
	char *p = xasprintf("%s/" CLUSTER_DIRNAME "/pgdata/postmaster.pid", dir);
	FILE *f = fopen(p, "r");
	free(p);
	if (!f)
		return PID_NONE;
	long pid = 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	if (pid <= 0 || pid > INT_MAX)
		return PID_NONE;
	*pid_out = (pid_t)pid;
	if (pid_gone((pid_t)pid))
		return PID_NONE;
	char path[64];
	snprintf(path, sizeof path, "/proc/%ld/comm", pid);
	f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? PID_NONE : PID_UNKNOWN;
	char comm[64] = "";
	if (!fgets(comm, sizeof comm, f))
		comm[0] = '\0';
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	if (strcmp(comm, "postgres") && strcmp(comm, "postmaster"))
		return PID_FOREIGN;
	snprintf(path, sizeof path, "/proc/%ld/cwd", pid);
	struct stat cwd, mine;
	if (stat(path, &cwd) != 0)
		return errno == ENOENT ? PID_NONE : PID_UNKNOWN;
	char *pgdata = xasprintf("%s/" CLUSTER_DIRNAME "/pgdata", dir);
	int r = stat(pgdata, &mine);
	free(pgdata);
	if (r != 0)
		return PID_UNKNOWN;
	return cwd.st_dev == mine.st_dev && cwd.st_ino == mine.st_ino ? PID_OURS : PID_FOREIGN;
}

/* The pid of this review's running server, or 0. */
static pid_t postmaster_pid(const char *dir)
{
	pid_t pid;
	return postmaster_owner(dir, &pid) == PID_OURS ? pid : 0;
}

/* Remove the lock files a server of another folder (a copy's original) or a
 * dead one left in dir: postgres refuses to start while they name a live
 * process. Only called once postmaster_owner said the pid is not ours. */
static int remove_stale_locks(const char *dir, struct sieve_error *err)
{
	static const char *const names[] = { "pgdata/postmaster.pid", SOCKET_NAME ".lock" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char *p = xasprintf("%s/" CLUSTER_DIRNAME "/%s", dir, names[i]);
		if (unlink(p) != 0 && errno != ENOENT) {
			sieve_error_set(err, SIEVE_ERR_IO, "cannot remove the stale %s: %s", p,
					strerror(errno));
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

char *cluster_socket_host(const char *dir, struct sieve_error *err)
{
	char *sdir = path_join(dir, CLUSTER_DIRNAME);
	if (strlen(sdir) + sizeof "/" SOCKET_NAME <= 107)
		return sdir;
	int fd = open(sdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		sieve_error_set(err, SIEVE_ERR_IO, "cannot open %s: %s", sdir, strerror(errno));
		free(sdir);
		return NULL;
	}
	free(sdir);
	return xasprintf("/proc/self/fd/%d", fd);
}

static int ping(const char *host)
{
	const char *keys[] = { "host", "dbname", "user", "connect_timeout", NULL };
	const char *vals[] = { host, "postgres", CLUSTER_DB_USER, "5", NULL };
	return PQpingParams(keys, vals, 0);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static int pg_major(const char *dir)
{
	char *p = xasprintf("%s/" CLUSTER_DIRNAME "/pgdata/PG_VERSION", dir);
	FILE *f = fopen(p, "r");
	free(p);
	int v = 0;
	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

int cluster_start(const char *dir, bool *started, struct sieve_error *err)
{
	if (started)
		*started = false;
	if (!cluster_is_review_dir(dir))
		return sieve_error_set(err, SIEVE_ERR_DATA, "%s is not a sieve review", dir);
	char *host = cluster_socket_host(dir, err);
	if (!host)
		return -1;
	int rc = -1;
	char *sdir = path_join(dir, CLUSTER_DIRNAME);
	char *log = path_join(sdir, "server.log");
	char *bindir = NULL;
	int sfd = -1, lockfd = -1;
	off_t log_from = file_size(log);
	int pr = ping(host);
	if (pr == PQPING_OK) {
		rc = 0;
		goto out;
	}
	/* One sieve at a time decides whether to start the server and clears
	 * stale lock files: the lock is on a descriptor of our own (the server
	 * gets another), released when we return. */
	lockfd = open(sdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lockfd < 0 || flock(lockfd, LOCK_EX) != 0) {
		sieve_error_set(err, SIEVE_ERR_IO, "cannot lock %s: %s", sdir, strerror(errno));
		goto out;
	}
	pid_t pid;
	enum pid_owner owner = postmaster_owner(dir, &pid);
	if (owner == PID_UNKNOWN) {
		sieve_error_set_at(err, SIEVE_ERR_SYSTEM, log,
			"%s/pgdata/postmaster.pid names process %ld, which sieve may not inspect: "
			"if no server runs for this review, remove that file", sdir, (long)pid);
		goto out;
	}
	if (owner != PID_OURS) {
		/* No server of ours: a pid file naming a dead process, a zombie,
		 * or another folder's server (this folder is a copy) is stale. */
		if (remove_stale_locks(dir, err))
			goto out;
		struct server_user u;
		if (server_user_get(&u, err))
			goto out;
		bindir = pg_bindir(pg_major(dir), err);
		if (!bindir)
			goto out;
		sfd = open(sdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sfd < 0) {
			sieve_error_set(err, SIEVE_ERR_IO, "cannot open %s: %s", sdir, strerror(errno));
			goto out;
		}
		char *postgres = path_join(bindir, "postgres");
		char dflag[64];
		snprintf(dflag, sizeof dflag, "/proc/self/fd/%d/pgdata", SERVER_DIR_FD);
		char *argv[] = { postgres, "-D", dflag, NULL };
		log_from = file_size(log);
		int r = run_server_program(&u, sfd, argv, log, true, err);
		free(postgres);
		if (r != 0)
			goto out;
		if (started)
			*started = true;
	}
	/* Wait for it to accept connections (or to fail). */
	for (int i = 0; i < START_TIMEOUT_S * 20; i++) {
		pr = ping(host);
		if (pr == PQPING_OK) {
			rc = 0;
			goto out;
		}
		if (pr == PQPING_NO_ATTEMPT)
			break;
		/* A server that died leaves no pid behind: report its log. */
		if (i > 10 && !postmaster_pid(dir))
			break;
		sleep_ms(50);
	}
	char last[512];
	log_last_error(log, log_from, last, sizeof last);
	sieve_error_set_at(err, SIEVE_ERR_DB_DOWN, log,
		"the review's database server did not start: %s (see %s)", last, log);
out:
	if (lockfd >= 0)
		close(lockfd);
	if (sfd >= 0)
		close(sfd);
	free(bindir);
	free(host);
	free(sdir);
	free(log);
	return rc;
}

int cluster_stop(const char *dir, bool *was_running, struct sieve_error *err)
{
	if (was_running)
		*was_running = false;
	/* Only a server serving this very folder: in a copied review the pid
	 * file names the original's server, which is left alone. */
	pid_t pid = postmaster_pid(dir);
	if (!pid)
		return 0;
	if (was_running)
		*was_running = true;
	if (kill(pid, SIGINT) != 0)
		return sieve_error_set(err, SIEVE_ERR_SYSTEM, "cannot stop server (pid %ld): %s",
				       (long)pid, strerror(errno));
	for (int i = 0; i < STOP_TIMEOUT_S * 20; i++) {
		if (pid_gone(pid))
			return 0;
		sleep_ms(50);
	}
	return sieve_error_set(err, SIEVE_ERR_SYSTEM,
		"the server (pid %ld) did not stop within %d s", (long)pid, STOP_TIMEOUT_S);
}

int cluster_status(const char *dir, struct cluster_status *st, struct sieve_error *err)
{
	memset(st, 0, sizeof *st);
	struct server_user u;
	if (server_user_get(&u, err))
		return -1;
	snprintf(st->server_user, sizeof st->server_user, "%s", u.name);
	st->pid = postmaster_pid(dir);
	st->running = st->pid != 0;
	return 0;
}
