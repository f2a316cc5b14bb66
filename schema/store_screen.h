/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Screening: decisions per reviewer and stage, record status, conflicts,
 * reasons, highlight terms, reviewers, blinding. The CLI and the TUI both
 * use these; no SQL outside schema/. */
#ifndef SIEVE_STORE_SCREEN_H
#define SIEVE_STORE_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

enum screen_stage { STAGE_TA = 0, STAGE_FT = 1 };
enum verdict { VERDICT_NONE = 0, VERDICT_INCLUDE, VERDICT_EXCLUDE, VERDICT_MAYBE };

/* "title-abstract" / "full-text"; parse accepts also "ta", "ft". */
const char *screen_stage_name(enum screen_stage s);
int screen_stage_parse(const char *s, enum screen_stage *out);
/* "include" / "exclude" / "maybe" / "" */
const char *verdict_name(enum verdict v);
int verdict_parse(const char *s, enum verdict *out);

/* A record's status at a stage, from the required decisions and any
 * resolution. */
enum screen_status {
	STATUS_OPEN = 0,      /* fewer decisions than required */
	STATUS_INCLUDED,
	STATUS_EXCLUDED,
	STATUS_MAYBE,         /* agreed "maybe" (when maybe is not a conflict) */
	STATUS_CONFLICT,      /* reviewers disagree, not resolved */
};

struct screen_settings {
	int required[2];       /* decisions needed per stage: 1 or 2 */
	bool blind;            /* reviewers see only their own decisions */
	bool maybe_conflicts;  /* maybe vs anything counts as disagreement */
};
int store_screen_settings(struct db *db, struct screen_settings *s, struct sieve_error *err);
/* Changing the settings needs a lead (reviewer); on a team server the
 * database refuses anyone else too. */
int store_screen_set_required(struct db *db, const char *reviewer, enum screen_stage st, int n,
			      struct sieve_error *err);
/* Whether a maybe against another verdict (or two maybes) is a conflict. */
int store_screen_set_maybe_conflicts(struct db *db, const char *reviewer, bool on,
				     struct sieve_error *err);
/* Lifting or restoring blinding needs a lead. */
int store_screen_set_blind(struct db *db, const char *reviewer, bool blind,
			   struct sieve_error *err);

/* ---- reviewers ---- */

/* Add a reviewer (lead: may resolve conflicts and lift blinding). On a team
 * server also creates the database role if missing and grants it what a
 * reviewer needs (grant_reviewer, 0008); row-level security then hides other
 * reviewers' decisions, extraction and ratings. Adding an existing reviewer
 * changes nothing (REVIEWER_EXISTS), except that lead promotes a reviewer
 * (REVIEWER_PROMOTED); a lead is never demoted. *done may be NULL. */
enum reviewer_added { REVIEWER_ADDED, REVIEWER_EXISTS, REVIEWER_PROMOTED };
int store_reviewer_add(struct db *db, const char *name, bool lead, enum reviewer_added *done,
		       struct sieve_error *err);
/* Who is screening: on a team server the database role (requested must be
 * NULL or equal to it); embedded: requested, else $SIEVE_REVIEWER, else the
 * login name. The reviewer must exist (sieve reviewers add). *name is
 * malloc'd. Embedded, the session then acts for them: what the schema's
 * queries show and what its triggers allow follow that reviewer (0008). */
int store_reviewer_current(struct db *db, const char *requested, char **name, bool *lead,
			   struct sieve_error *err);
/* For commands that only read: act for requested (--reviewer), which must be
 * a reviewer (and, on a team server, the database role); NULL keeps the
 * default ($SIEVE_REVIEWER or the login name embedded, the role on a team
 * server). While the review is blinded, decisions, extraction and ratings
 * of other reviewers are then not shown unless the reviewer is a lead. */
int store_viewer(struct db *db, const char *requested, struct sieve_error *err);
/* 0 when reviewer is a lead; else a data error "only a lead WHAT (NAME is
 * not a lead: ...)". The client's check: the database (0008) refuses a
 * non-lead's lead-only writes too. */
int store_require_lead(struct db *db, const char *reviewer, const char *what,
		       struct sieve_error *err);
/* Whether the acting session sees every reviewer's decisions, extraction
 * and ratings: the review is not blinded, or it acts for a lead (or for no
 * reviewer, as the administrator). */
int store_sees_all(struct db *db, bool *all, struct sieve_error *err);
struct reviewer_row { char *name; bool lead; long long decisions; };
int store_reviewers(struct db *db, struct reviewer_row **rows, size_t *n, struct sieve_error *err);
void reviewer_rows_free(struct reviewer_row *rows, size_t n);

/* ---- reasons and terms ---- */

/* Lists of strings: *list malloc'd array of malloc'd strings; free with
 * strings_free (lib/xalloc.h). */
int store_reasons(struct db *db, char ***list, size_t *n, struct sieve_error *err);
int store_reasons_add(struct db *db, char *const *names, size_t n, struct sieve_error *err);
/* kind: "include" or "exclude" */
int store_terms(struct db *db, const char *kind, char ***list, size_t *n, struct sieve_error *err);
int store_terms_add(struct db *db, const char *kind, char *const *terms, size_t n,
		    struct sieve_error *err);

/* ---- the screening list ---- */

enum screen_filter {
	FILTER_ALL = 0,
	FILTER_UNDECIDED,   /* I have not decided (and the record needs me) */
	FILTER_MINE,        /* I have decided */
	FILTER_INCLUDED,    /* status included (blinded: my include) */
	FILTER_EXCLUDED,    /* status excluded (blinded: my exclude) */
	FILTER_MAYBE,       /* my verdict or the status is maybe */
	FILTER_CONFLICTS,
	FILTER_RESCREEN,    /* changed by a re-import after screening */
	FILTER_RETRACTED,
	FILTER_COUNT
};
const char *screen_filter_name(enum screen_filter f);

struct screen_row {
	long long id;          /* record id: the list is ordered by it */
	char *pmid;
	int year;              /* 0 unknown */
	char *first_author;    /* "Müller A" or a collective name */
	char *title;
	enum verdict mine;     /* my current verdict at the stage */
	enum screen_status status;
	bool rescreen, retracted;
};

/* Fill the full-text search vectors of records imported or changed since
 * the last call (imports leave them for screening to build). *indexed (may
 * be NULL) = how many. store_screen_page calls it before a search. */
int store_screen_index(struct db *db, long long *indexed, struct sieve_error *err);

/* Up to limit rows of the stage's list after record id `after` (0 = from
 * the start), or before it when backwards (then in descending order),
 * matching filter and, when search is non-empty, a full-text search of title
 * and abstract (words ANDed). At full text only records included at
 * title/abstract are listed. *rows malloc'd; free with screen_rows_free. */
int store_screen_page(struct db *db, enum screen_stage st, const char *reviewer,
		      enum screen_filter filter, const char *search, long long after,
		      bool backwards, int limit, struct screen_row **rows, size_t *n,
		      struct sieve_error *err);
void screen_rows_free(struct screen_row *rows, size_t n);

struct screen_progress {
	long long total;        /* records at the stage */
	long long mine;         /* decided by me */
	long long complete;     /* with every required decision (or resolved) */
};
int store_screen_progress(struct db *db, enum screen_stage st, const char *reviewer,
			  struct screen_progress *p, struct sieve_error *err);

struct abstract_part { char *label; char *text; };
struct other_decision { char *reviewer; enum verdict verdict; char *reason; char *note; };

/* One record as the screening view shows it. */
struct screen_record {
	long long id;
	char *pmid, *title, *authors, *journal, *pub_types, *keywords, *mesh, *doi;
	int year;
	struct abstract_part *abstract;
	size_t n_abstract;
	enum verdict mine;
	char *my_reason, *my_note;
	enum screen_status status;
	bool rescreen, retracted, deleted;
	/* others' current decisions: empty while blinded */
	struct other_decision *others;
	size_t n_others;
};
int store_screen_record(struct db *db, long long id, enum screen_stage st, const char *reviewer,
			struct screen_record *r, struct sieve_error *err);
void screen_record_fini(struct screen_record *r);

/* ---- decisions ---- */

/* The record id for a PMID or DOI; 0 when there is none. */
int store_record_id(struct db *db, const char *pmid_or_doi, long long *id, struct sieve_error *err);

/* Record reviewer's verdict (reason required for exclude at full text, and
 * must be one of the review's reasons when given). Appends to the history;
 * clears the record's re-screen flag for this reviewer's stage. */
int store_decide(struct db *db, long long record, enum screen_stage st, const char *reviewer,
		 enum verdict v, const char *reason, const char *note, struct sieve_error *err);
/* Undo the reviewer's last change on the record at the stage: restores the
 * state before it (which may be "undecided"). *restored (may be NULL) gets
 * the verdict now current. Returns 1 if there was something to undo, 0 if
 * not, -1 on error. */
int store_undo(struct db *db, long long record, enum screen_stage st, const char *reviewer,
	       enum verdict *restored, struct sieve_error *err);
/* Set or change the note of the reviewer's current decision. */
int store_note(struct db *db, long long record, enum screen_stage st, const char *reviewer,
	       const char *note, struct sieve_error *err);

/* ---- conflicts, resolution, agreement ---- */

struct conflict_row {
	long long id;
	char *pmid, *title;
	char *verdicts;          /* "alice: include; bob: exclude (wrong population)" */
};
/* Empty for a reviewer who is not a lead while the review is blinded. */
int store_conflicts(struct db *db, enum screen_stage st, struct conflict_row **rows, size_t *n,
		    struct sieve_error *err);
void conflict_rows_free(struct conflict_row *rows, size_t n);
/* A lead's final verdict on a record at a stage. Overturning a verdict two
 * or more reviewers agreed on needs force, and the resolution records that
 * it was forced. The database refuses a resolution by anyone but a lead, or
 * in another's name (0008). */
int store_resolve(struct db *db, long long record, enum screen_stage st, const char *resolver,
		  enum verdict v, const char *reason, bool force, struct sieve_error *err);

/* Pairs of current verdicts for records that two reviewers both decided at
 * a stage: rater names and an n x 2 array of verdicts, for kappa. Also
 * per-record rating counts for Fleiss (counts[i*3 + v-1]). All malloc'd. */
struct agreement_data {
	char **reviewers;
	size_t n_reviewers;
	/* Cohen, for each pair of reviewers (a, b): the records both decided */
	size_t n_pairs;
	struct agreement_pair { size_t a, b; size_t n; int *va, *vb; } *pairs;
	/* Fleiss: records decided by every reviewer: counts per category */
	size_t n_fleiss;
	int *fleiss_counts;    /* n_fleiss rows x 3 (include, exclude, maybe) */
};
/* While the review is blinded, only a lead (or the administrator) sees it:
 * an error for anyone else. */
int store_agreement(struct db *db, enum screen_stage st, struct agreement_data *d,
		    struct sieve_error *err);
void agreement_data_fini(struct agreement_data *d);

/* Every decision ever made (history included), oldest first; while the
 * review is blinded, a reviewer who is not a lead gets only their own. */
struct decision_export_row {
	long long id;
	char *pmid, *stage, *reviewer, *verdict, *reason, *note, *at;
};
int store_decisions_export(struct db *db, struct decision_export_row **rows, size_t *n,
			   struct sieve_error *err);
void decision_export_rows_free(struct decision_export_row *rows, size_t n);

#endif
