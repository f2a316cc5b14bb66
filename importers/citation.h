/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The parsed bibliographic record every importer produces, and the sink
 * interface importers hand records to. */
#ifndef SIEVE_CITATION_H
#define SIEVE_CITATION_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/error.h"

struct abstract_section {
	char *label;          /* "METHODS", or NULL */
	char *nlm_category;   /* "METHODS", "UNASSIGNED", or NULL */
	char *text;           /* inline markup flattened to text */
};

struct abstract {
	char *type;           /* NULL for <Abstract>; OtherAbstract@Type ("Publisher", ...) */
	char *language;       /* OtherAbstract@Language, or NULL */
	char *copyright;      /* CopyrightInformation, or NULL */
	struct abstract_section *sections;
	size_t n_sections;
};

struct author {
	char *last_name, *fore_name, *initials, *suffix;
	char *collective_name;  /* set instead of the names for a group author */
	char *orcid;            /* Identifier@Source="ORCID", as given */
	char **affiliations;
	size_t n_affiliations;
	bool equal_contrib;
};

struct mesh_qualifier {
	char *name;
	char *ui;
	bool major;
};

struct mesh_heading {
	char *descriptor;
	char *ui;
	bool major;
	struct mesh_qualifier *qualifiers;
	size_t n_qualifiers;
};

struct comment_correction {
	char *ref_type;   /* "RetractionIn", "ErratumIn", ... */
	char *ref_source; /* free-text citation, or NULL */
	char *pmid;       /* the other record's PMID, or NULL */
};

struct citation {
	char *source_format;    /* "pubmed-xml", "medline", "ris" */
	char *pmid;
	int pmid_version;       /* 1 unless PMID@Version says otherwise */
	bool is_book;           /* PubmedBookArticle */
	char *title;            /* ArticleTitle, or BookTitle for whole books */
	char *vernacular_title;
	struct abstract abstract;          /* the main abstract (may have no sections) */
	struct abstract *other_abstracts;
	size_t n_other_abstracts;
	struct author *authors;
	size_t n_authors;
	char *journal;          /* Journal/Title (book: publisher/book title) */
	char *iso_abbrev;       /* ISOAbbreviation, falling back to MedlineTA */
	char *issn;
	char *volume, *issue, *pages;
	int pub_year;           /* 0 when unknown */
	char *pub_month;        /* as written ("Dec", "12") or NULL */
	char *pub_day;
	char *pub_season;
	char *medline_date;     /* free-text date, e.g. "1998 Dec-1999 Jan" */
	char *article_date;     /* electronic ArticleDate as YYYY-MM-DD, or NULL */
	char **languages;
	size_t n_languages;
	char **pub_types;
	size_t n_pub_types;
	struct mesh_heading *mesh;
	size_t n_mesh;
	char **keywords;
	size_t n_keywords;
	char *doi;
	char *pmcid;            /* "PMC1234567" */
	char *pii;
	char *date_revised;     /* YYYY-MM-DD, or NULL */
	char *date_completed;
	char *pub_status;       /* PubmedData/PublicationStatus, e.g. "ppublish" */
	struct comment_correction *comments;
	size_t n_comments;
	bool retracted;         /* RetractionIn, or "Retracted Publication" type */
	char *raw;              /* the original record (XML or text), as read */
	long line;              /* input line where the record starts */
};

/* Free everything c owns and zero it; c itself is not freed. */
void citation_fini(struct citation *c);

/* A consumer of parsed records (ncdu's "output sink" pattern). The citation
 * and pmid passed to the callbacks are borrowed for the duration of the call
 * only; a sink that keeps them must copy. A callback returning non-zero
 * (having set err) stops the import. */
struct citation_sink {
	void *ctx;
	int (*on_citation)(void *ctx, const struct citation *c, struct sieve_error *err);
	/* A DeleteCitation entry: pmid is to be marked deleted. */
	int (*on_delete)(void *ctx, const char *pmid, struct sieve_error *err);
};

/* Called now and then while reading: bytes consumed so far of total (total
 * is 0 when unknown, e.g. stdin), and records handed to the sink so far. */
struct import_progress {
	void *ctx;
	void (*update)(void *ctx, long long bytes, long long total, long long records);
	/* Optional: every byte read from the file, before any decompression,
	 * in order (to hash the file in the same pass). */
	void (*raw)(void *ctx, const void *buf, size_t n);
};

#endif
