/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of the PubMed XML importer: real NCBI files, synthetic edge
 * cases and hostile input. Expected values were read from the files with
 * grep/zcat, not from the parser. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <zlib.h>

#include "../../importers/pubmed_xml.h"
#include "../../lib/hash.h"
#include "../../lib/strbuf.h"
#include "../../lib/xalloc.h"

/* ---- a sink that keeps deep copies ------------------------------------ */

struct collected {
	struct citation *v;
	size_t n, cap;
	char **deleted;
	size_t n_deleted;
	long long count;       /* records seen (also when not keeping) */
	bool keep;
	long long stop_after;  /* > 0: fail the callback at this record */
};

static char **copy_strv(char **v, size_t n)
{
	if (!n)
		return NULL;
	char **r = xcalloc(n, sizeof *r);
	for (size_t i = 0; i < n; i++)
		r[i] = xstrdup(v[i]);
	return r;
}

static void copy_abstract(struct abstract *d, const struct abstract *s)
{
	d->type = xstrdup(s->type);
	d->language = xstrdup(s->language);
	d->copyright = xstrdup(s->copyright);
	d->n_sections = s->n_sections;
	d->sections = s->n_sections ? xcalloc(s->n_sections, sizeof *d->sections) : NULL;
	for (size_t i = 0; i < s->n_sections; i++) {
		d->sections[i].label = xstrdup(s->sections[i].label);
		d->sections[i].nlm_category = xstrdup(s->sections[i].nlm_category);
		d->sections[i].text = xstrdup(s->sections[i].text);
	}
}

static void copy_citation(struct citation *d, const struct citation *s)
{
	*d = *s;  /* scalars; every pointer is replaced below */
	d->source_format = xstrdup(s->source_format);
	d->pmid = xstrdup(s->pmid);
	d->title = xstrdup(s->title);
	d->vernacular_title = xstrdup(s->vernacular_title);
	copy_abstract(&d->abstract, &s->abstract);
	d->other_abstracts = s->n_other_abstracts ?
		xcalloc(s->n_other_abstracts, sizeof *d->other_abstracts) : NULL;
	for (size_t i = 0; i < s->n_other_abstracts; i++)
		copy_abstract(&d->other_abstracts[i], &s->other_abstracts[i]);
	d->authors = s->n_authors ? xcalloc(s->n_authors, sizeof *d->authors) : NULL;
	for (size_t i = 0; i < s->n_authors; i++) {
		const struct author *a = &s->authors[i];
		struct author *b = &d->authors[i];
		*b = *a;
		b->last_name = xstrdup(a->last_name);
		b->fore_name = xstrdup(a->fore_name);
		b->initials = xstrdup(a->initials);
		b->suffix = xstrdup(a->suffix);
		b->collective_name = xstrdup(a->collective_name);
		b->orcid = xstrdup(a->orcid);
		b->affiliations = copy_strv(a->affiliations, a->n_affiliations);
	}
	d->journal = xstrdup(s->journal);
	d->iso_abbrev = xstrdup(s->iso_abbrev);
	d->issn = xstrdup(s->issn);
	d->volume = xstrdup(s->volume);
	d->issue = xstrdup(s->issue);
	d->pages = xstrdup(s->pages);
	d->pub_month = xstrdup(s->pub_month);
	d->pub_day = xstrdup(s->pub_day);
	d->pub_season = xstrdup(s->pub_season);
	d->medline_date = xstrdup(s->medline_date);
	d->article_date = xstrdup(s->article_date);
	d->languages = copy_strv(s->languages, s->n_languages);
	d->pub_types = copy_strv(s->pub_types, s->n_pub_types);
	d->mesh = s->n_mesh ? xcalloc(s->n_mesh, sizeof *d->mesh) : NULL;
	for (size_t i = 0; i < s->n_mesh; i++) {
		const struct mesh_heading *m = &s->mesh[i];
		struct mesh_heading *n = &d->mesh[i];
		*n = *m;
		n->descriptor = xstrdup(m->descriptor);
		n->ui = xstrdup(m->ui);
		n->qualifiers = m->n_qualifiers ? xcalloc(m->n_qualifiers, sizeof *n->qualifiers) : NULL;
		for (size_t j = 0; j < m->n_qualifiers; j++) {
			n->qualifiers[j] = m->qualifiers[j];
			n->qualifiers[j].name = xstrdup(m->qualifiers[j].name);
			n->qualifiers[j].ui = xstrdup(m->qualifiers[j].ui);
		}
	}
	d->keywords = copy_strv(s->keywords, s->n_keywords);
	d->doi = xstrdup(s->doi);
	d->pmcid = xstrdup(s->pmcid);
	d->pii = xstrdup(s->pii);
	d->date_revised = xstrdup(s->date_revised);
	d->date_completed = xstrdup(s->date_completed);
	d->pub_status = xstrdup(s->pub_status);
	d->comments = s->n_comments ? xcalloc(s->n_comments, sizeof *d->comments) : NULL;
	for (size_t i = 0; i < s->n_comments; i++) {
		d->comments[i].ref_type = xstrdup(s->comments[i].ref_type);
		d->comments[i].ref_source = xstrdup(s->comments[i].ref_source);
		d->comments[i].pmid = xstrdup(s->comments[i].pmid);
	}
	d->raw = xstrdup(s->raw);
}

static int collect_citation(void *ctx, const struct citation *c, struct sieve_error *err)
{
	struct collected *col = ctx;
	col->count++;
	if (col->stop_after > 0 && col->count == col->stop_after)
		return sieve_error_set(err, SIEVE_ERR_DB, "sink refused record %s", c->pmid);
	if (!col->keep)
		return 0;
	if (col->n == col->cap) {
		col->cap = col->cap ? 2 * col->cap : 8;
		col->v = xrealloc(col->v, col->cap * sizeof *col->v);
	}
	copy_citation(&col->v[col->n++], c);
	return 0;
}

static int collect_delete(void *ctx, const char *pmid, struct sieve_error *err)
{
	(void)err;
	struct collected *col = ctx;
	col->deleted = xrealloc(col->deleted, (col->n_deleted + 1) * sizeof *col->deleted);
	col->deleted[col->n_deleted++] = xstrdup(pmid);
	return 0;
}

static void collected_fini(struct collected *col)
{
	for (size_t i = 0; i < col->n; i++)
		citation_fini(&col->v[i]);
	free(col->v);
	for (size_t i = 0; i < col->n_deleted; i++)
		free(col->deleted[i]);
	free(col->deleted);
	memset(col, 0, sizeof *col);
}

static struct citation_sink sink_for(struct collected *col)
{
	struct citation_sink s = { col, collect_citation, collect_delete };
	return s;
}

static const struct citation *find_pmid(const struct collected *col, const char *pmid)
{
	for (size_t i = 0; i < col->n; i++)
		if (strcmp(col->v[i].pmid, pmid) == 0)
			return &col->v[i];
	fail_msg("PMID %s not found", pmid);
	return NULL;
}

/* Parse an in-memory document keeping everything; returns parse_memory's rc. */
static int parse_str(const char *xml, struct collected *col, struct sieve_error *err)
{
	memset(col, 0, sizeof *col);
	col->keep = true;
	sieve_error_clear(err);
	struct citation_sink s = sink_for(col);
	return pubmed_xml_parse_memory(xml, strlen(xml), "test.xml", &s, err);
}

static int parse_path(const char *path, struct collected *col, struct sieve_error *err)
{
	memset(col, 0, sizeof *col);
	col->keep = true;
	sieve_error_clear(err);
	struct citation_sink s = sink_for(col);
	return pubmed_xml_parse_file(path, NULL, &s, NULL, err);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds a "fails fast" case may take: valgrind runs code ~50x slower. */
static double fast_limit(void)
{
	const char *pre = getenv("LD_PRELOAD");
	return pre && strstr(pre, "vgpreload") ? 20.0 : 1.0;
}

/* A temporary file holding len bytes of data; the caller unlink()s and
 * free()s the returned path. */
static char *temp_file(const void *data, size_t len)
{
	char *path = xstrdup("/tmp/sieve-test-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

#define HEAD "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n"
#define TAIL "</PubmedArticleSet>\n"
#define REC_OPEN(pmid) "<PubmedArticle><MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\"><PMID Version=\"1\">" pmid "</PMID>"
#define REC_CLOSE "</MedlineCitation></PubmedArticle>\n"
#define REC_CLOSE_PUBMEDDATA_201 "</MedlineCitation><PubmedData><PublicationStatus>aheadofprint</PublicationStatus>" \
	"<ArticleIdList><ArticleId IdType=\"pubmed\">201</ArticleId><ArticleId IdType=\"doi\">" \
	"10.1000/from-article-id-list</ArticleId><ArticleId IdType=\"pmc\">PMC201</ArticleId>" \
	"</ArticleIdList></PubmedData></PubmedArticle>\n"

/* ---- real NCBI files -------------------------------------------------- */

static char data_dir[1024];
static bool have_data;

static bool data_path(char *buf, size_t size, const char *file)
{
	if (!have_data) {
		print_message("shared test data not found at %s: set SIEVE_SHARED_DATA\n", data_dir);
		return false;
	}
	snprintf(buf, size, "%s/%s", data_dir, file);
	return true;
}

static void test_real_current_medline(void **state)
{
	(void)state;
	char path[1200];
	if (!data_path(path, sizeof path, "test_current_medline.xml"))
		skip();
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_path(path, &col, &err), 0);
	assert_int_equal(col.n, 4);
	assert_string_equal(col.v[0].pmid, "36400559");
	assert_string_equal(col.v[1].pmid, "2930949");
	assert_string_equal(col.v[2].pmid, "11446611");
	assert_string_equal(col.v[3].pmid, "28786991");
	assert_int_equal(col.n_deleted, 0);

	const struct citation *c = &col.v[0];
	assert_string_equal(c->source_format, "pubmed-xml");
	assert_int_equal(c->pmid_version, 1);
	assert_int_equal(c->line, 4);
	assert_string_equal(c->title, "Back Pain: Differential Diagnosis and Management.");
	assert_string_equal(c->journal, "Neurologic clinics");
	assert_string_equal(c->iso_abbrev, "Neurol Clin");
	assert_string_equal(c->issn, "1557-9875");
	assert_string_equal(c->volume, "41");
	assert_string_equal(c->issue, "1");
	assert_string_equal(c->pages, "61-76");
	assert_int_equal(c->pub_year, 2023);
	assert_string_equal(c->pub_month, "Feb");
	assert_null(c->pub_day);
	assert_string_equal(c->article_date, "2022-10-29");
	assert_string_equal(c->date_revised, "2022-11-30");
	assert_string_equal(c->date_completed, "2022-11-22");
	assert_string_equal(c->pub_status, "ppublish");
	/* DOI from ELocationID (also in ArticleIdList) */
	assert_string_equal(c->doi, "10.1016/j.ncl.2022.07.002");
	assert_string_equal(c->pii, "S0733-8619(22)00058-5");
	assert_null(c->pmcid);
	assert_int_equal(c->abstract.n_sections, 1);
	assert_null(c->abstract.sections[0].label);
	assert_non_null(strstr(c->abstract.sections[0].text,
			       "persists for greater than 6\u00a0weeks, imaging"));
	assert_string_equal(c->abstract.copyright,
			    "Copyright \u00a9 2022 Elsevier Inc. All rights reserved.");
	assert_int_equal(c->n_authors, 4);
	assert_string_equal(c->authors[1].last_name, "McGahan");
	assert_string_equal(c->authors[1].fore_name, "Ben G");
	assert_string_equal(c->authors[1].initials, "BG");
	assert_int_equal(c->authors[1].n_affiliations, 1);
	assert_string_equal(c->authors[1].affiliations[0],
			    "Department of Neurological Surgery, The Ohio State Wexner Medical Center, "
			    "410 West 10th Street, Columbus, OH 43210, USA.");
	assert_int_equal(c->n_pub_types, 2);
	assert_string_equal(c->pub_types[1], "Review");
	assert_int_equal(c->n_mesh, 6);
	assert_string_equal(c->mesh[1].descriptor, "Low Back Pain");
	assert_string_equal(c->mesh[1].ui, "D017116");
	assert_true(c->mesh[1].major);
	assert_int_equal(c->mesh[1].n_qualifiers, 3);
	assert_string_equal(c->mesh[1].qualifiers[1].name, "etiology");
	assert_string_equal(c->mesh[1].qualifiers[1].ui, "Q000209");
	assert_false(c->mesh[1].qualifiers[1].major);
	assert_false(c->mesh[0].major);
	assert_int_equal(c->n_keywords, 4);
	assert_string_equal(c->keywords[3], "Outpatient");
	assert_false(c->retracted);

	/* 91 references, none with a DOI; the record has only a PMC id */
	c = &col.v[1];
	assert_null(c->doi);
	assert_string_equal(c->pmcid, "PMC1306303");
	assert_int_equal(c->n_mesh, 7);
	assert_string_equal(c->mesh[1].qualifiers[3].name, "physiopathology");
	assert_true(c->mesh[1].qualifiers[3].major);
	assert_string_equal(c->mesh[1].qualifiers[4].name, "prevention & control");

	/* DOI only in PubmedData/ArticleIdList; a Season instead of a Month */
	c = &col.v[2];
	assert_string_equal(c->doi, "10.7861/clinmedicine.1-3-188");
	assert_string_equal(c->pmcid, "PMC4951901");
	assert_int_equal(c->pub_year, 2001);
	assert_string_equal(c->pub_season, "May-Jun");
	assert_null(c->pub_month);

	/* 48 references carry 19 other DOIs: the record's own one wins */
	c = &col.v[3];
	assert_string_equal(c->doi, "10.1371/journal.pone.0180707");
	assert_string_equal(c->pmcid, "PMC5546677");
	assert_string_equal(c->pii, "e0180707");
	assert_string_equal(c->pub_status, "epublish");
	assert_int_equal(c->abstract.n_sections, 4);
	const char *labels[] = { "OBJECTIVE", "METHODS", "RESULTS", "CONCLUSIONS" };
	for (int i = 0; i < 4; i++) {
		assert_string_equal(c->abstract.sections[i].label, labels[i]);
		assert_string_equal(c->abstract.sections[i].nlm_category, labels[i]);
	}
	assert_string_equal(c->authors[0].last_name, "Malekinejad");
	assert_string_equal(c->authors[0].orcid, "0000-0002-5721-6764");
	assert_int_equal(c->authors[0].n_affiliations, 3);
	assert_null(c->authors[1].orcid);
	assert_int_equal(c->n_pub_types, 4);
	assert_string_equal(c->pub_types[3], "Systematic Review");
	for (size_t i = 0; i < col.n; i++)
		assert_null(strstr(col.v[i].doi ? col.v[i].doi : "", "10.1001/archinternmed"));
	collected_fini(&col);
}

static void test_real_efetch(void **state)
{
	(void)state;
	char path[1200];
	if (!data_path(path, sizeof path, "pubmed-29768149.xml"))
		skip();
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_path(path, &col, &err), 0);
	assert_int_equal(col.n, 1);
	const struct citation *c = &col.v[0];
	assert_string_equal(c->pmid, "29768149");
	assert_int_equal(c->line, 4);
	assert_string_equal(c->title, "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma.");
	assert_string_equal(c->doi, "10.1056/NEJMoa1715274");
	assert_string_equal(c->pages, "1865-1876");
	assert_string_equal(c->pub_month, "05");
	assert_string_equal(c->pub_day, "17");
	assert_int_equal(c->pub_year, 2018);
	assert_string_equal(c->date_completed, "2018-05-24");
	assert_string_equal(c->date_revised, "2022-04-10");
	assert_null(c->article_date);
	/* pretty-printed text with an inline <sub>: indentation folded, the
	 * text after the child element kept */
	assert_int_equal(c->abstract.n_sections, 4);
	assert_string_equal(c->abstract.sections[0].label, "BACKGROUND");
	assert_null(c->abstract.sections[0].nlm_category);
	assert_string_equal(c->abstract.sections[0].text,
			    "In patients with mild asthma, as-needed use of an inhaled glucocorticoid "
			    "plus a fast-acting \u03b2 2-agonist may be an alternative to conventional "
			    "treatment strategies.");
	assert_string_equal(c->abstract.sections[3].label, "CONCLUSIONS");
	assert_int_equal(c->n_authors, 10);
	assert_string_equal(c->authors[0].last_name, "O'Byrne");
	assert_string_equal(c->authors[9].fore_name, "Helen K");
	assert_int_equal(c->n_comments, 2);
	assert_string_equal(c->comments[0].ref_type, "CommentIn");
	assert_string_equal(c->comments[0].ref_source, "N Engl J Med. 2018 May 17;378(20):1940-1942");
	assert_string_equal(c->comments[0].pmid, "29768146");
	assert_string_equal(c->comments[1].pmid, "30242404");
	assert_false(c->retracted);
	assert_int_equal(c->n_pub_types, 6);
	assert_string_equal(c->pub_types[0], "Clinical Trial, Phase III");
	/* MeSH Asthma / drug therapy, qualifier major */
	bool seen = false;
	for (size_t i = 0; i < c->n_mesh; i++) {
		if (strcmp(c->mesh[i].descriptor, "Asthma") != 0)
			continue;
		seen = true;
		assert_string_equal(c->mesh[i].ui, "D001249");
		assert_false(c->mesh[i].major);
		assert_int_equal(c->mesh[i].n_qualifiers, 1);
		assert_string_equal(c->mesh[i].qualifiers[0].name, "drug therapy");
		assert_string_equal(c->mesh[i].qualifiers[0].ui, "Q000188");
		assert_true(c->mesh[i].qualifiers[0].major);
	}
	assert_true(seen);
	assert_int_equal(c->n_mesh, 23);
	assert_non_null(strstr(c->raw, "<PubmedArticle>"));
	assert_non_null(strstr(c->raw, "</PubmedArticle>"));
	assert_non_null(strstr(c->raw, "<AbstractText Label=\"BACKGROUND\">"));
	assert_non_null(strstr(c->raw, "<sub>2</sub>-agonist"));
	collected_fini(&col);
}

struct progress_log {
	long long calls, last_bytes, total, last_records;
	long long raw_bytes;
	struct sha256_stream *sha;
};

/* Every byte of the file, compressed or not, must pass here in order. */
static void on_raw(void *ctx, const void *buf, size_t n)
{
	struct progress_log *l = ctx;
	l->raw_bytes += (long long)n;
	if (l->sha)
		sha256_stream_update(l->sha, buf, n);
}

/* SHA-256 of a whole file read directly, to compare with what the parser
 * showed the raw callback. */
static void file_sha256(const char *path, char out[65])
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct sha256_stream *s = sha256_stream_new();
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sha256_stream_update(s, buf, n);
	fclose(f);
	sha256_stream_final(s, out);
}

static void on_progress(void *ctx, long long bytes, long long total, long long records)
{
	struct progress_log *l = ctx;
	l->calls++;
	assert_true(bytes >= l->last_bytes);
	l->last_bytes = bytes;
	l->total = total;
	l->last_records = records;
}

static void test_real_medline_legacy_gz(void **state)
{
	(void)state;
	char path[1200];
	if (!data_path(path, sizeof path, "medline16n0902.xml.gz"))
		skip();
	struct collected col = { .keep = true };
	struct sieve_error err = { 0 };
	struct citation_sink s = sink_for(&col);
	struct progress_log log = { .sha = sha256_stream_new() };
	struct import_progress prog = { &log, on_progress, on_raw };
	assert_int_equal(pubmed_xml_parse_file(path, "medline16n0902.xml.gz", &s, &prog, &err), 0);
	char seen[65], direct[65];
	sha256_stream_final(log.sha, seen);
	file_sha256(path, direct);
	assert_string_equal(seen, direct);
	assert_int_equal(col.n, 604);
	assert_int_equal(col.n_deleted, 1);
	assert_string_equal(col.deleted[0], "26432306");
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(log.calls >= 2);
	assert_int_equal(log.total, st.st_size);
	assert_int_equal(log.last_bytes, st.st_size);
	assert_int_equal(log.raw_bytes, st.st_size);
	assert_int_equal(log.last_records, 604);

	const struct citation *c = &col.v[0];
	assert_string_equal(c->pmid, "17942999");
	assert_int_equal(c->line, 5);
	assert_int_equal(col.v[1].line, 133);
	assert_null(c->pub_status);   /* no PubmedData in the legacy format */
	assert_string_equal(c->iso_abbrev, "Restor. Neurol. Neurosci.");
	assert_string_equal(c->issue, "3-4");
	assert_int_equal(c->abstract.n_sections, 4);
	assert_string_equal(c->abstract.sections[0].label, "PURPOSE");
	assert_string_equal(c->abstract.sections[0].nlm_category, "OBJECTIVE");
	assert_string_equal(c->abstract.sections[0].text,
			    "An auditory electrophysiological study was conducted to explore the influence "
			    "of language experience on the saliency of dimensions underlying cortical pitch "
			    "processing.");
	assert_string_equal(c->authors[0].affiliations[0],
			    "Department of Speech Language & Hearing Sciences, Purdue University, "
			    "West Lafayette, IN 47907-2038, USA.");

	c = find_pmid(&col, "25345997");
	assert_int_equal(c->n_authors, 15);
	assert_string_equal(c->authors[0].collective_name, "Movement Disorder Group");
	assert_null(c->authors[0].last_name);
	assert_string_equal(c->authors[1].last_name, "Chan");
	assert_string_equal(c->authors[1].fore_name, "Anne Y Y");
	assert_string_equal(c->title, "Subthalamic nucleus deep brain stimulation for Parkinson's disease: "
			    "evidence for effectiveness and limitations from 12 years' experience.");

	c = find_pmid(&col, "18621939");
	assert_string_equal(c->medline_date, "2008 Jul-Aug");
	assert_int_equal(c->pub_year, 2008);
	assert_null(c->pub_month);

	c = find_pmid(&col, "26702360");
	assert_int_equal(c->abstract.n_sections, 9);
	assert_string_equal(c->abstract.sections[7].label, "LIMITATIONS");
	assert_string_equal(c->abstract.sections[7].nlm_category, "CONCLUSIONS");
	assert_int_equal(c->n_other_abstracts, 1);
	assert_string_equal(c->other_abstracts[0].type, "Publisher");
	assert_string_equal(c->other_abstracts[0].language, "fre");
	assert_int_equal(c->other_abstracts[0].n_sections, 1);
	assert_string_equal(c->other_abstracts[0].sections[0].text,
			    "Abstract available from the publisher.");

	c = find_pmid(&col, "26407462");
	assert_string_equal(c->title, "[Vaccines are drugs].");
	assert_string_equal(c->vernacular_title, "I vaccini sono farmaci.");
	assert_int_equal(c->n_languages, 1);
	assert_string_equal(c->languages[0], "ita");

	c = find_pmid(&col, "26702309");
	assert_int_equal(c->n_comments, 1);
	assert_string_equal(c->comments[0].ref_type, "ErratumIn");
	assert_string_equal(c->comments[0].ref_source, "Syst Synth Biol. 2015 Dec;9(Suppl 1):55");
	assert_string_equal(c->comments[0].pmid, "26705261");
	assert_false(c->retracted);

	c = find_pmid(&col, "26411977");
	assert_string_equal(c->authors[0].last_name, "Sugrue");
	assert_string_equal(c->authors[0].orcid, "http://orcid.org/0000-0001-9921-6968");
	assert_string_equal(c->authors[0].affiliations[0],
			    "Department of Internal Medicine, Mayo Clinic, Rochester, MN, USA.");
	assert_int_equal(c->n_authors, 12);

	c = find_pmid(&col, "22508830");
	bool bunn = false;
	for (size_t i = 0; i < c->n_authors; i++)
		if (c->authors[i].last_name && strcmp(c->authors[i].last_name, "Bunn") == 0) {
			assert_string_equal(c->authors[i].suffix, "Jr");
			assert_string_equal(c->authors[i].fore_name, "Paul A");
			bunn = true;
		}
	assert_true(bunn);

	/* PMC from <OtherID Source="NLM">PMC4688250 [Available on 12/22/16]</OtherID> */
	c = &col.v[603];
	assert_string_equal(c->pmid, "26109528");
	assert_string_equal(c->pmcid, "PMC4688250");
	size_t with_pmc = 0;
	for (size_t i = 0; i < col.n; i++)
		with_pmc += col.v[i].pmcid != NULL;
	assert_int_equal(with_pmc, 368);
	collected_fini(&col);
}

/* Every record's raw XML parses again to the same fields. */
static void test_real_raw_roundtrip(void **state)
{
	(void)state;
	char path[1200];
	if (!data_path(path, sizeof path, "test_current_medline.xml"))
		skip();
	struct collected col, again;
	struct sieve_error err;
	assert_int_equal(parse_path(path, &col, &err), 0);
	for (size_t i = 0; i < col.n; i++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb, HEAD);
		strbuf_adds(&sb, col.v[i].raw);
		strbuf_adds(&sb, TAIL);
		assert_int_equal(parse_str(sb.buf, &again, &err), 0);
		assert_int_equal(again.n, 1);
		const struct citation *a = &col.v[i], *b = &again.v[0];
		assert_string_equal(a->pmid, b->pmid);
		assert_string_equal(a->title, b->title);
		assert_string_equal(a->raw, b->raw);
		assert_int_equal(a->n_authors, b->n_authors);
		assert_int_equal(a->n_mesh, b->n_mesh);
		assert_int_equal(a->abstract.n_sections, b->abstract.n_sections);
		for (size_t k = 0; k < a->abstract.n_sections; k++)
			assert_string_equal(a->abstract.sections[k].text, b->abstract.sections[k].text);
		collected_fini(&again);
		strbuf_fini(&sb);
	}
	collected_fini(&col);
}

/* ---- synthetic records ------------------------------------------------ */

static void test_inline_markup_title(void **state)
{
	(void)state;
	const char *xml = HEAD REC_OPEN("101")
		"<Article><ArticleTitle>Effect of <i>Escherichia coli</i> on CD4<sup>+</sup> "
		"T cells in H<sub>2</sub>O: <b>bold</b> and <u>under</u> "
		"<mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\"><mml:mrow>"
		"<mml:msup><mml:mi>x</mml:mi><mml:mn>2</mml:mn></mml:msup></mml:mrow></mml:math>\n"
		"   values\n   across <i>in vivo</i> studies.</ArticleTitle>"
		"<Abstract><AbstractText Label=\"RESULTS\" NlmCategory=\"RESULTS\">Mean ADC was "
		"1.2 &#xd7; 10<sup>-3</sup> mm<sup>2</sup>/s in responders.</AbstractText></Abstract>"
		"</Article>" REC_CLOSE TAIL;
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str(xml, &col, &err), 0);
	assert_int_equal(col.n, 1);
	assert_string_equal(col.v[0].title,
			    "Effect of Escherichia coli on CD4+ T cells in H2O: bold and under x\u00b2 "
			    "values across in vivo studies.");
	assert_string_equal(col.v[0].abstract.sections[0].text,
			    "Mean ADC was 1.2 \u00d7 10-3 mm2/s in responders.");
	/* raw keeps the markup and the namespace declaration */
	assert_non_null(strstr(col.v[0].raw,
			       "<mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\"><mml:mrow>"
			       "<mml:msup><mml:mi>x</mml:mi>"));
	assert_non_null(strstr(col.v[0].raw, "CD4<sup>+</sup> T cells"));
	collected_fini(&col);
}

static void test_book_article(void **state)
{
	(void)state;
	const char *xml = HEAD
		"<PubmedBookArticle><BookDocument><PMID Version=\"1\">20301295</PMID>"
		"<ArticleIdList><ArticleId IdType=\"bookaccession\">NBK1116</ArticleId></ArticleIdList>"
		"<Book><Publisher><PublisherName>University of Washington, Seattle</PublisherName>"
		"<PublisherLocation>Seattle (WA)</PublisherLocation></Publisher>"
		"<BookTitle book=\"gene\">GeneReviews<sup>\u00ae</sup></BookTitle>"
		"<PubDate><Year>1993</Year></PubDate><BeginningDate><Year>1993</Year></BeginningDate>"
		"<AuthorList Type=\"editors\"><Author><LastName>Adam</LastName><ForeName>Margaret P</ForeName></Author></AuthorList>"
		"<Medium>Internet</Medium></Book>"
		"<LocationLabel Type=\"chapter\">ch1</LocationLabel>"
		"<ArticleTitle>Hereditary Breast and Ovarian Cancer</ArticleTitle>"
		"<Language>eng</Language>"
		"<AuthorList Type=\"authors\"><Author><LastName>Petrucelli</LastName><ForeName>Nancie</ForeName>"
		"<Initials>N</Initials></Author><Author><LastName>Daly</LastName><ForeName>Mary B</ForeName></Author></AuthorList>"
		"<PublicationType UI=\"D016454\">Review</PublicationType>"
		"<Abstract><AbstractText Label=\"CLINICAL CHARACTERISTICS\">BRCA1- and BRCA2-associated "
		"cancer.</AbstractText><CopyrightInformation>Copyright \u00a9 1993-2024, University of "
		"Washington, Seattle.</CopyrightInformation></Abstract>"
		"<Sections><Section><SectionTitle>Summary</SectionTitle></Section></Sections>"
		"<DateRevised><Year>2023</Year><Month>09</Month><Day>21</Day></DateRevised>"
		"</BookDocument><PubmedBookData><History><PubMedPubDate PubStatus=\"pubmed\"><Year>2010</Year>"
		"<Month>3</Month><Day>20</Day></PubMedPubDate></History><PublicationStatus>ppublish</PublicationStatus>"
		"<ArticleIdList><ArticleId IdType=\"pubmed\">20301295</ArticleId></ArticleIdList></PubmedBookData>"
		"</PubmedBookArticle>\n" TAIL;
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str(xml, &col, &err), 0);
	assert_int_equal(col.n, 1);
	const struct citation *c = &col.v[0];
	assert_true(c->is_book);
	assert_string_equal(c->pmid, "20301295");
	assert_string_equal(c->title, "Hereditary Breast and Ovarian Cancer");
	assert_string_equal(c->journal, "GeneReviews\u00ae");
	assert_int_equal(c->pub_year, 1993);
	assert_int_equal(c->n_authors, 2);   /* editors are not authors */
	assert_string_equal(c->authors[0].last_name, "Petrucelli");
	assert_string_equal(c->authors[1].fore_name, "Mary B");
	assert_string_equal(c->abstract.sections[0].label, "CLINICAL CHARACTERISTICS");
	assert_string_equal(c->abstract.sections[0].text, "BRCA1- and BRCA2-associated cancer.");
	assert_non_null(c->abstract.copyright);
	assert_string_equal(c->pub_types[0], "Review");
	assert_string_equal(c->date_revised, "2023-09-21");
	assert_string_equal(c->pub_status, "ppublish");
	assert_non_null(strstr(c->raw, "<PubmedBookArticle><BookDocument>"));
	assert_non_null(strstr(c->raw, "</PubmedBookArticle>"));
	collected_fini(&col);

	/* a whole book: the book title is the title, the publisher the "journal" */
	const char *whole = HEAD
		"<PubmedBookArticle><BookDocument><PMID Version=\"1\">21413389</PMID>"
		"<Book><Publisher><PublisherName>National Academies Press (US)</PublisherName></Publisher>"
		"<BookTitle>Dietary Reference Intakes</BookTitle><PubDate><Year>2011</Year></PubDate>"
		"<AuthorList Type=\"authors\"><Author><CollectiveName>Institute of Medicine</CollectiveName></Author></AuthorList>"
		"</Book></BookDocument></PubmedBookArticle>" TAIL;
	assert_int_equal(parse_str(whole, &col, &err), 0);
	assert_string_equal(col.v[0].title, "Dietary Reference Intakes");
	assert_string_equal(col.v[0].journal, "National Academies Press (US)");
	assert_string_equal(col.v[0].authors[0].collective_name, "Institute of Medicine");
	collected_fini(&col);
}

static void test_legacy_set_otherid_delete(void **state)
{
	(void)state;
	const char *xml = "<?xml version=\"1.0\"?>\n<MedlineCitationSet>\n"
		"<MedlineCitation Owner=\"NLM\" Status=\"MEDLINE\">\n<PMID Version=\"1\">111</PMID>\n"
		"<Article><Journal><JournalIssue><PubDate><Year>2015</Year><Season>Winter</Season></PubDate>"
		"</JournalIssue></Journal><ArticleTitle>t</ArticleTitle></Article>"
		"<MedlineJournalInfo><MedlineTA>J Test</MedlineTA></MedlineJournalInfo>"
		"<OtherID Source=\"NLM\">NIHMS1 [Available on 1/1/17]</OtherID>"
		"<OtherID Source=\"NLM\">PMC777 [Available on 1/1/17]</OtherID>"
		"</MedlineCitation>\n"
		"<DeleteCitation>\n<PMID Version=\"1\">5</PMID>\n<PMID Version=\"1\">6</PMID>\n</DeleteCitation>\n"
		"</MedlineCitationSet>\n";
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str(xml, &col, &err), 0);
	assert_int_equal(col.n, 1);
	assert_string_equal(col.v[0].pmcid, "PMC777");
	assert_string_equal(col.v[0].pub_season, "Winter");
	assert_int_equal(col.v[0].pub_year, 2015);
	assert_string_equal(col.v[0].iso_abbrev, "J Test");   /* MedlineTA fallback */
	assert_int_equal(col.v[0].line, 3);
	assert_int_equal(col.n_deleted, 2);
	assert_string_equal(col.deleted[0], "5");
	assert_string_equal(col.deleted[1], "6");
	collected_fini(&col);

	/* DeleteCitation inside a PubmedArticleSet (update files) */
	const char *upd = HEAD REC_OPEN("1") REC_CLOSE
		"<DeleteCitation><PMID Version=\"1\">99</PMID></DeleteCitation>" TAIL;
	assert_int_equal(parse_str(upd, &col, &err), 0);
	assert_int_equal(col.n, 1);
	assert_int_equal(col.n_deleted, 1);
	assert_string_equal(col.deleted[0], "99");
	collected_fini(&col);
}

static void test_identifiers_and_retraction(void **state)
{
	(void)state;
	const char *xml = HEAD
		REC_OPEN("201") "<Article><Journal><JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate>"
		"</PubDate></JournalIssue></Journal><ArticleTitle>x</ArticleTitle>"
		"<Pagination><StartPage>e12</StartPage><EndPage>e19</EndPage></Pagination>"
		"<ELocationID EIdType=\"doi\" ValidYN=\"N\">10.9999/invalid</ELocationID>"
		"<AuthorList><Author EqualContrib=\"Y\"><LastName>A</LastName></Author></AuthorList>"
		"<PublicationTypeList><PublicationType UI=\"D016428\">Journal Article</PublicationType></PublicationTypeList>"
		"</Article><CommentsCorrectionsList>"
		"<CommentsCorrections RefType=\"RetractionIn\"><RefSource>J X. 2020;1:2</RefSource><PMID Version=\"1\">300</PMID></CommentsCorrections>"
		"<CommentsCorrections RefType=\"ExpressionOfConcernIn\"><RefSource>J X. 2019</RefSource></CommentsCorrections>"
		"<CommentsCorrections RefType=\"UpdateIn\"><RefSource>J Y</RefSource><PMID Version=\"1\">301</PMID></CommentsCorrections>"
		"</CommentsCorrectionsList>" REC_CLOSE_PUBMEDDATA_201
		REC_OPEN("202") "<Article><ArticleTitle>y</ArticleTitle><PublicationTypeList>"
		"<PublicationType UI=\"D016441\">Retracted Publication</PublicationType></PublicationTypeList>"
		"</Article>" REC_CLOSE
		REC_OPEN("203") "<Article><ArticleTitle>no own DOI</ArticleTitle></Article></MedlineCitation>"
		"<PubmedData><ArticleIdList><ArticleId IdType=\"pubmed\">203</ArticleId></ArticleIdList>"
		"<ReferenceList><Title>References</Title><Reference><Citation>Other paper.</Citation>"
		"<ArticleIdList><ArticleId IdType=\"doi\">10.1000/ref-doi</ArticleId>"
		"<ArticleId IdType=\"pmc\">PMC1</ArticleId><ArticleId IdType=\"pii\">REFPII</ArticleId>"
		"</ArticleIdList></Reference></ReferenceList></PubmedData></PubmedArticle>\n"
		TAIL;
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str(xml, &col, &err), 0);
	assert_int_equal(col.n, 3);
	const struct citation *c = &col.v[0];
	assert_string_equal(c->medline_date, "1998 Dec-1999 Jan");
	assert_int_equal(c->pub_year, 1998);
	assert_string_equal(c->pages, "e12-e19");
	assert_string_equal(c->doi, "10.1000/from-article-id-list");   /* ValidYN="N" skipped */
	assert_string_equal(c->pmcid, "PMC201");
	assert_true(c->authors[0].equal_contrib);
	assert_true(c->retracted);
	assert_int_equal(c->n_comments, 3);
	assert_string_equal(c->comments[0].ref_type, "RetractionIn");
	assert_string_equal(c->comments[0].pmid, "300");
	assert_string_equal(c->comments[1].ref_type, "ExpressionOfConcernIn");
	assert_null(c->comments[1].pmid);
	assert_string_equal(c->comments[2].ref_type, "UpdateIn");
	assert_string_equal(c->pub_status, "aheadofprint");
	assert_true(col.v[1].retracted);
	c = &col.v[2];
	assert_false(c->retracted);
	assert_null(c->doi);
	assert_null(c->pmcid);
	assert_null(c->pii);
	assert_non_null(strstr(c->raw, "10.1000/ref-doi"));   /* raw still has it */
	collected_fini(&col);
}

/* Text that must come through byte for byte (the database layer escapes). */
static void test_special_characters_roundtrip(void **state)
{
	(void)state;
	const char *title = "Robert'); DROP TABLE record;-- \"quoted\" a\tb back\\slash "
			    "\\N \U0001F9EA emoji, e\u0301 combining, \u200b zero-width, \u0645\u0631\u062d\u0628\u0627";
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, HEAD REC_OPEN("301") "<Article><ArticleTitle>");
	/* escape for XML */
	for (const char *p = title; *p; p++) {
		if (*p == '"')
			strbuf_adds(&sb, "&quot;");
		else if (*p == '\'')
			strbuf_adds(&sb, "&apos;");
		else
			strbuf_addc(&sb, *p);
	}
	strbuf_adds(&sb, "</ArticleTitle><Abstract><AbstractText Label=\"A &amp; B &lt;&quot;x&quot;&gt;\">"
		    "&lt;tag&gt; &amp;amp; &#38; 5 &gt; 3</AbstractText></Abstract></Article>" REC_CLOSE TAIL);
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str(sb.buf, &col, &err), 0);
	assert_string_equal(col.v[0].title, title);
	assert_string_equal(col.v[0].abstract.sections[0].label, "A & B <\"x\">");
	assert_string_equal(col.v[0].abstract.sections[0].text, "<tag> &amp; & 5 > 3");
	/* and the raw record parses back to the same text */
	struct strbuf again = STRBUF_INIT;
	strbuf_adds(&again, HEAD);
	strbuf_adds(&again, col.v[0].raw);
	strbuf_adds(&again, TAIL);
	struct collected col2;
	assert_int_equal(parse_str(again.buf, &col2, &err), 0);
	assert_string_equal(col2.v[0].title, title);
	assert_string_equal(col2.v[0].abstract.sections[0].label, "A & B <\"x\">");
	assert_string_equal(col2.v[0].abstract.sections[0].text, "<tag> &amp; & 5 > 3");
	collected_fini(&col2);
	collected_fini(&col);
	strbuf_fini(&again);
	strbuf_fini(&sb);
}

static void test_gzip_input(void **state)
{
	(void)state;
	const char *xml = HEAD REC_OPEN("401") "<Article><ArticleTitle>zipped \u00fc</ArticleTitle></Article>"
		REC_CLOSE REC_OPEN("402") REC_CLOSE TAIL;
	char *path = xstrdup("/tmp/sieve-test-gz-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	gzFile gz = gzdopen(fd, "wb");
	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, xml, (unsigned)strlen(xml)), (int)strlen(xml));
	assert_int_equal(gzclose(gz), Z_OK);
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_path(path, &col, &err), 0);
	assert_int_equal(col.n, 2);
	assert_string_equal(col.v[0].title, "zipped \u00fc");
	collected_fini(&col);

	/* the same gzip cut in half */
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(truncate(path, st.st_size / 2), 0);
	assert_int_equal(parse_path(path, &col, &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	print_message("truncated gzip: %s (%s)\n", err.msg, err.detail);
	collected_fini(&col);
	unlink(path);
	free(path);
}

/* ---- hostile and broken input ----------------------------------------- */

static void test_truncated(void **state)
{
	(void)state;
	const char *xml = HEAD REC_OPEN("1") "<Article><ArticleTitle>ok</ArticleTitle></Article>" REC_CLOSE
		"<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTitle>cut he";
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str(xml, &col, &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_non_null(strstr(err.msg, "malformed XML: "));
	assert_non_null(strstr(err.msg, "Premature end of data"));
	assert_string_equal(err.detail, "test.xml:4:76");   /* just past the last byte */
	assert_int_equal(col.n, 1);   /* handed before the error: the caller rolls back */
	collected_fini(&col);

	/* malformed: mismatched tag, located */
	const char *bad = HEAD REC_OPEN("1") "<Article>\n<ArticleTitle>x</Title></Article>" REC_CLOSE TAIL;
	assert_int_equal(parse_str(bad, &col, &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_non_null(strstr(err.msg, "malformed XML: "));
	assert_non_null(strstr(err.detail, "test.xml:4:"));
	collected_fini(&col);
}

static void test_wrong_root(void **state)
{
	(void)state;
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str("<!DOCTYPE html>\n<html><body><p>Not XML</p></body></html>", &col, &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_string_equal(err.msg, "not PubMed XML: root element <html>");
	assert_string_equal(err.detail, "test.xml:2:6");
	collected_fini(&col);
	assert_int_equal(parse_str("<rss version=\"2.0\"><channel/></rss>", &col, &err), -1);
	assert_string_equal(err.msg, "not PubMed XML: root element <rss>");
	collected_fini(&col);
	/* RIS or MEDLINE text is not XML at all */
	assert_int_equal(parse_str("TY  - JOUR\nTI  - x\nER  - \n", &col, &err), -1);
	assert_non_null(strstr(err.msg, "malformed XML: "));
	collected_fini(&col);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	const char *xml = HEAD REC_OPEN("1") "<Article>\n<ArticleTitle>caf\xc3\x28 latin1 \xe9</ArticleTitle></Article>" REC_CLOSE TAIL;
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str(xml, &col, &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_non_null(strstr(err.msg, "malformed XML: Input is not proper UTF-8"));
	assert_string_equal(err.detail, "test.xml:4:18");   /* the bad byte */
	assert_int_equal(col.n, 0);
	collected_fini(&col);

	/* a declared Latin-1 file is converted, not rejected */
	const char *latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<PubmedArticleSet>"
		REC_OPEN("2") "<Article><ArticleTitle>caf\xe9</ArticleTitle></Article>" REC_CLOSE TAIL;
	assert_int_equal(parse_str(latin, &col, &err), 0);
	assert_string_equal(col.v[0].title, "caf\u00e9");
	collected_fini(&col);
}

static void test_external_entities(void **state)
{
	(void)state;
	const char *secret = "TOP-SECRET-7d41a9";
	char *spath = temp_file(secret, strlen(secret));
	char xml[2048];
	struct collected col;
	struct sieve_error err;

	/* general external entity in content */
	snprintf(xml, sizeof xml, "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n"
		 "<!ENTITY xxe SYSTEM \"file://%s\">\n]>\n<PubmedArticleSet>" REC_OPEN("1")
		 "<Article><ArticleTitle>A &xxe; B</ArticleTitle><Abstract><AbstractText>&xxe;</AbstractText>"
		 "</Abstract></Article>" REC_CLOSE TAIL, spath);
	int rc = parse_str(xml, &col, &err);
	if (rc == 0) {
		assert_int_equal(col.n, 1);
		assert_string_equal(col.v[0].title, "A &xxe; B");   /* left unexpanded */
		assert_null(strstr(col.v[0].raw, secret));
		assert_null(strstr(col.v[0].abstract.sections[0].text, secret));
	}
	assert_null(strstr(err.msg, secret));
	collected_fini(&col);

	/* external parameter entity in the internal subset */
	snprintf(xml, sizeof xml, "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n"
		 "<!ENTITY %% ext SYSTEM \"file://%s\"> %%ext;\n]>\n<PubmedArticleSet>" REC_OPEN("1")
		 "<Article><ArticleTitle>t</ArticleTitle></Article>" REC_CLOSE TAIL, spath);
	rc = parse_str(xml, &col, &err);
	for (size_t i = 0; i < col.n; i++)
		assert_null(strstr(col.v[i].raw, secret));
	assert_null(strstr(err.msg, secret));
	collected_fini(&col);

	/* external DTD */
	snprintf(xml, sizeof xml, "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet SYSTEM \"file://%s\">\n"
		 "<PubmedArticleSet>" REC_OPEN("1") "<Article><ArticleTitle>t</ArticleTitle></Article>"
		 REC_CLOSE TAIL, spath);
	assert_int_equal(parse_str(xml, &col, &err), 0);
	assert_string_equal(col.v[0].title, "t");
	collected_fini(&col);

	/* in an attribute value it is an error, never a read */
	snprintf(xml, sizeof xml, "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n"
		 "<!ENTITY xxe SYSTEM \"file://%s\">\n]>\n<PubmedArticleSet>" REC_OPEN("1")
		 "<Article><ArticleTitle>t</ArticleTitle><Abstract><AbstractText Label=\"&xxe;\">x"
		 "</AbstractText></Abstract></Article>" REC_CLOSE TAIL, spath);
	assert_int_equal(parse_str(xml, &col, &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_null(strstr(err.msg, secret));
	collected_fini(&col);

	/* internal entities are ordinary XML and expand */
	const char *internal = "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n"
		"<!ENTITY adc \"apparent diffusion coefficient\">\n]>\n<PubmedArticleSet>" REC_OPEN("1")
		"<Article><ArticleTitle>The &adc; (ADC)</ArticleTitle></Article>" REC_CLOSE TAIL;
	assert_int_equal(parse_str(internal, &col, &err), 0);
	assert_string_equal(col.v[0].title, "The apparent diffusion coefficient (ADC)");
	collected_fini(&col);

	unlink(spath);
	free(spath);
}

static void test_billion_laughs(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n<!ENTITY lol \"lol\">\n");
	for (int i = 1; i <= 9; i++) {
		strbuf_addf(&sb, "<!ENTITY lol%d \"", i);
		for (int k = 0; k < 10; k++) {
			if (i == 1)
				strbuf_adds(&sb, "&lol;");
			else
				strbuf_addf(&sb, "&lol%d;", i - 1);
		}
		strbuf_adds(&sb, "\">\n");
	}
	strbuf_adds(&sb, "]>\n<PubmedArticleSet>" REC_OPEN("1")
		    "<Article><ArticleTitle>&lol9;</ArticleTitle></Article>" REC_CLOSE TAIL);
	struct collected col;
	struct sieve_error err;
	double t0 = now();
	assert_int_equal(parse_str(sb.buf, &col, &err), -1);
	double dt = now() - t0;
	assert_true(dt < fast_limit());
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_non_null(strstr(err.msg, "entity"));
	assert_non_null(strstr(err.detail, "test.xml:"));
	assert_int_equal(col.n, 0);
	print_message("billion laughs: %s (%s) in %.3f s\n", err.msg, err.detail, dt);
	collected_fini(&col);

	/* quadratic blowup: one 100 KB entity referenced 20,000 times (2 GB) */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n<!ENTITY a \"");
	for (int i = 0; i < 100000; i++)
		strbuf_addc(&sb, 'a');
	strbuf_adds(&sb, "\">\n]>\n<PubmedArticleSet>" REC_OPEN("1") "<Article><ArticleTitle>");
	for (int i = 0; i < 20000; i++)
		strbuf_adds(&sb, "&a;");
	strbuf_adds(&sb, "</ArticleTitle></Article>" REC_CLOSE TAIL);
	t0 = now();
	assert_int_equal(parse_str(sb.buf, &col, &err), -1);
	dt = now() - t0;
	assert_true(dt < fast_limit());
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	print_message("quadratic blowup: %s in %.3f s\n", err.msg, dt);
	collected_fini(&col);

	/* the same between records and in fields nobody keeps */
	const char *places[][2] = {
		{ "<PubmedArticleSet>", REC_OPEN("1") REC_CLOSE TAIL },
		{ "<PubmedArticleSet>" REC_OPEN("1") "<CoiStatement>", "</CoiStatement>" REC_CLOSE TAIL },
	};
	for (size_t k = 0; k < 2; k++) {
		strbuf_reset(&sb);
		strbuf_adds(&sb, "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n<!ENTITY a \"");
		for (int i = 0; i < 100000; i++)
			strbuf_addc(&sb, 'a');
		strbuf_adds(&sb, "\">\n]>\n");
		strbuf_adds(&sb, places[k][0]);
		for (int i = 0; i < 20000; i++)
			strbuf_adds(&sb, "&a;");
		strbuf_adds(&sb, places[k][1]);
		t0 = now();
		assert_int_equal(parse_str(sb.buf, &col, &err), -1);
		dt = now() - t0;
		assert_true(dt < fast_limit());
		assert_non_null(strstr(err.msg, "entity expansion too large"));
		collected_fini(&col);
	}
	strbuf_fini(&sb);
}

/* 50 MB of abstract: refused (PMID and field named) as soon as the field
 * passes PUBMED_XML_MAX_FIELD, without reading the rest. */
static void test_huge_abstract(void **state)
{
	(void)state;
	size_t big = 50u * 1024 * 1024;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, HEAD REC_OPEN("424242") "<Article><ArticleTitle>t</ArticleTitle><Abstract><AbstractText>");
	strbuf_grow(&sb, big + 200);
	for (size_t i = 0; i < big; i += 10)
		strbuf_add(&sb, "lorem ips ", 10);
	strbuf_adds(&sb, "</AbstractText></Abstract></Article>" REC_CLOSE TAIL);
	char *path = temp_file(sb.buf, sb.len);
	strbuf_fini(&sb);
	struct collected col;
	struct sieve_error err;
	double t0 = now();
	assert_int_equal(parse_path(path, &col, &err), -1);
	double dt = now() - t0;
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_non_null(strstr(err.msg, "PMID 424242"));
	assert_non_null(strstr(err.msg, "<AbstractText>"));
	assert_non_null(strstr(err.detail, ":3:"));
	assert_true(dt < 2 * fast_limit());
	assert_int_equal(col.n, 0);
	print_message("50 MB abstract: %s (%s) in %.3f s\n", err.msg, err.detail, dt);
	collected_fini(&col);
	unlink(path);
	free(path);

	/* just under the limit is fine */
	strbuf_init(&sb);
	strbuf_adds(&sb, HEAD REC_OPEN("424243") "<Article><ArticleTitle>t</ArticleTitle><Abstract><AbstractText>");
	for (size_t i = 0; i + 10 <= PUBMED_XML_MAX_FIELD; i += 10)
		strbuf_add(&sb, "lorem ips ", 10);
	strbuf_adds(&sb, "</AbstractText></Abstract></Article>" REC_CLOSE TAIL);
	assert_int_equal(parse_str(sb.buf, &col, &err), 0);
	assert_int_equal(strlen(col.v[0].abstract.sections[0].text), PUBMED_XML_MAX_FIELD - 7);
	collected_fini(&col);
	strbuf_fini(&sb);
}

static void test_empty_and_missing(void **state)
{
	(void)state;
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str("", &col, &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_string_equal(err.msg, "empty file");
	collected_fini(&col);

	char *path = temp_file("", 0);
	assert_int_equal(parse_path(path, &col, &err), -1);
	assert_string_equal(err.msg, "empty file");
	assert_string_equal(err.detail, path);
	collected_fini(&col);
	unlink(path);
	free(path);

	assert_int_equal(parse_str("  \n\t\n", &col, &err), -1);
	assert_string_equal(err.msg, "empty file");
	collected_fini(&col);

	assert_int_equal(parse_path("/nonexistent/sieve/none.xml", &col, &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_IO);
	assert_non_null(strstr(err.msg, "No such file"));
	collected_fini(&col);

	/* a set with no records is valid and empty */
	assert_int_equal(parse_str(HEAD TAIL, &col, &err), 0);
	assert_int_equal(col.n, 0);
	collected_fini(&col);
}

static void test_record_without_pmid(void **state)
{
	(void)state;
	const char *xml = HEAD REC_OPEN("1") REC_CLOSE
		"<PubmedArticle>\n<MedlineCitation><Article><ArticleTitle>x</ArticleTitle></Article>"
		"</MedlineCitation></PubmedArticle>" TAIL;
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str(xml, &col, &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DATA);
	assert_non_null(strstr(err.msg, "without PMID"));
	assert_string_equal(err.detail, "test.xml:4");
	assert_int_equal(col.n, 1);
	collected_fini(&col);
}

static void test_unknown_elements_ignored(void **state)
{
	(void)state;
	const char *xml = HEAD "<FutureThing a=\"1\"><x/></FutureThing>"
		REC_OPEN("7") "<NewElement2030 Foo=\"bar\"><PMID>999</PMID><Title>not a journal</Title></NewElement2030>"
		"<Article NewAttr=\"x\"><ArticleTitle Lang=\"en\">kept</ArticleTitle></Article>"
		"<!-- a comment --><?pi data?><![CDATA[ignored <cdata> text]]>" REC_CLOSE TAIL;
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str(xml, &col, &err), 0);
	assert_int_equal(col.n, 1);
	assert_string_equal(col.v[0].pmid, "7");
	assert_null(col.v[0].journal);
	assert_string_equal(col.v[0].title, "kept");
	assert_non_null(strstr(col.v[0].raw, "<NewElement2030 Foo=\"bar\"><PMID>999</PMID>"));
	assert_non_null(strstr(col.v[0].raw, "ignored &lt;cdata&gt; text"));
	collected_fini(&col);

	/* with an (unread) external DTD an undeclared entity is not fatal: it
	 * stays as written */
	const char *dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "
		"\"-//NLM//DTD PubMedArticle, 1st January 2024//EN\" "
		"\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd\">\n<PubmedArticleSet>"
		REC_OPEN("8") "<Article><ArticleTitle>a&nbsp;b</ArticleTitle></Article>" REC_CLOSE TAIL;
	assert_int_equal(parse_str(dtd, &col, &err), 0);
	assert_string_equal(col.v[0].title, "a&nbsp;b");
	collected_fini(&col);
}

/* ---- unexpected but well-formed nesting (state machine safety) -------- */

#define BOOK_OPEN(pmid) "<PubmedBookArticle><BookDocument><PMID Version=\"1\">" pmid "</PMID>"
#define BOOK_CLOSE "</BookDocument></PubmedBookArticle>\n"

/* A book AuthorList holding a nested BookDocument/AuthorList, then
 * Affiliations: the nested list used to free the open author's
 * affiliations while keeping the count and the current author (heap
 * use-after-free, then a double free). */
static void test_nested_book_author_list(void **state)
{
	(void)state;
	for (int k = 0; k < 6; k++) {
		int n_aff = 1 + k / 2;
		struct strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb, HEAD BOOK_OPEN("31") "<Book><BookTitle>B</BookTitle>"
			    "<AuthorList Type=\"authors\"><Author><LastName>Roe</LastName>"
			    "<AffiliationInfo><Affiliation>U0</Affiliation></AffiliationInfo>"
			    "<BookDocument><AuthorList>");
		if (k % 2)
			strbuf_adds(&sb, "<Author><LastName>Inner</LastName></Author>");
		strbuf_adds(&sb, "</AuthorList></BookDocument>");
		for (int i = 1; i <= n_aff; i++)
			strbuf_addf(&sb, "<AffiliationInfo><Affiliation>U%d</Affiliation></AffiliationInfo>", i);
		strbuf_adds(&sb, "</Author></AuthorList></Book>" BOOK_CLOSE
			    BOOK_OPEN("32") "<ArticleTitle>next</ArticleTitle>" BOOK_CLOSE TAIL);
		struct collected col;
		struct sieve_error err;
		assert_int_equal(parse_str(sb.buf, &col, &err), 0);
		assert_int_equal(col.n, 2);
		const struct citation *c = &col.v[0];
		assert_int_equal(c->n_authors, 1);
		assert_string_equal(c->authors[0].last_name, "Roe");
		assert_int_equal(c->authors[0].n_affiliations, (size_t)n_aff + 1);
		for (int i = 0; i <= n_aff; i++) {
			char want[8];
			snprintf(want, sizeof want, "U%d", i);
			assert_string_equal(c->authors[0].affiliations[i], want);
		}
		assert_int_equal(col.v[1].n_authors, 0);
		assert_string_equal(col.v[1].title, "next");
		collected_fini(&col);
		strbuf_fini(&sb);
	}

	/* the chapter's own list still replaces the book's */
	const char *xml = HEAD BOOK_OPEN("33") "<Book><BookTitle>B</BookTitle><AuthorList>"
		"<Author><LastName>BookAuthor</LastName><AffiliationInfo><Affiliation>X</Affiliation>"
		"</AffiliationInfo></Author></AuthorList></Book><ArticleTitle>ch</ArticleTitle>"
		"<AuthorList><Author><LastName>Chapter</LastName></Author></AuthorList>" BOOK_CLOSE TAIL;
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str(xml, &col, &err), 0);
	assert_int_equal(col.v[0].n_authors, 1);
	assert_string_equal(col.v[0].authors[0].last_name, "Chapter");
	assert_int_equal(col.v[0].authors[0].n_affiliations, 0);
	collected_fini(&col);
}

/* An element nested where it does not belong, inside a field being
 * collected: its end handler used to reset state its start never set, and
 * the field's end then dereferenced NULL (or index -1). The nested markup
 * is inline text of the field. */
static void test_unexpected_nesting(void **state)
{
	(void)state;
	struct collected col;
	struct sieve_error err;
	const struct citation *c;

#define ARTICLE(inner) HEAD REC_OPEN("41") "<Article><ArticleTitle>t</ArticleTitle>" inner \
	"</Article>" REC_CLOSE TAIL
	assert_int_equal(parse_str(ARTICLE("<AuthorList><Author><LastName>Smith<Author/></LastName>"
					   "<ForeName>Jo</ForeName></Author></AuthorList>"), &col, &err), 0);
	c = &col.v[0];
	assert_int_equal(c->n_authors, 1);
	assert_string_equal(c->authors[0].last_name, "Smith");
	assert_string_equal(c->authors[0].fore_name, "Jo");
	collected_fini(&col);

	assert_int_equal(parse_str(ARTICLE("<AuthorList><Author><LastName>Smith</LastName>"
					   "<ForeName>Jo<Author/></ForeName><Initials>J<Author/></Initials>"
					   "</Author></AuthorList>"), &col, &err), 0);
	c = &col.v[0];
	assert_int_equal(c->n_authors, 1);
	assert_string_equal(c->authors[0].fore_name, "Jo");
	assert_string_equal(c->authors[0].initials, "J");
	collected_fini(&col);

	assert_int_equal(parse_str(ARTICLE("<AuthorList><Author><LastName>Smith</LastName>"
					   "<AffiliationInfo><Affiliation>U<Author/></Affiliation>"
					   "</AffiliationInfo><Affiliation>V</Affiliation></Author></AuthorList>"),
				   &col, &err), 0);
	c = &col.v[0];
	assert_int_equal(c->n_authors, 1);
	assert_int_equal(c->authors[0].n_affiliations, 2);
	assert_string_equal(c->authors[0].affiliations[0], "U");
	assert_string_equal(c->authors[0].affiliations[1], "V");
	collected_fini(&col);

	assert_int_equal(parse_str(ARTICLE("<Abstract><AbstractText>x<Abstract/></AbstractText>"
					   "<AbstractText>y</AbstractText></Abstract>"), &col, &err), 0);
	c = &col.v[0];
	assert_int_equal(c->abstract.n_sections, 2);
	assert_string_equal(c->abstract.sections[0].text, "x");
	assert_string_equal(c->abstract.sections[1].text, "y");
	collected_fini(&col);

	assert_int_equal(parse_str(ARTICLE("<Abstract><AbstractText>x</AbstractText>"
					   "<CopyrightInformation>c<Abstract/></CopyrightInformation>"
					   "</Abstract>"), &col, &err), 0);
	c = &col.v[0];
	assert_string_equal(c->abstract.copyright, "c");
	collected_fini(&col);
#undef ARTICLE

	/* a MeshHeadingList inside a QualifierName: the inner heading used to
	 * be pushed, leaving the qualifier's heading with none (index -1) */
	const char *mesh = HEAD REC_OPEN("42") "<MeshHeadingList><MeshHeading>"
		"<DescriptorName UI=\"D1\">Humans</DescriptorName><QualifierName UI=\"Q1\">therapy"
		"<MeshHeadingList><MeshHeading><DescriptorName UI=\"D2\">Inner</DescriptorName>"
		"</MeshHeading></MeshHeadingList></QualifierName></MeshHeading>"
		"<MeshHeading><QualifierName>orphan</QualifierName></MeshHeading>"
		"</MeshHeadingList>" REC_CLOSE TAIL;
	assert_int_equal(parse_str(mesh, &col, &err), 0);
	c = &col.v[0];
	assert_int_equal(c->n_mesh, 1);
	assert_string_equal(c->mesh[0].descriptor, "Humans");
	assert_int_equal(c->mesh[0].n_qualifiers, 1);
	assert_string_equal(c->mesh[0].qualifiers[0].name, "therapyInner");
	collected_fini(&col);

	/* structure-making elements nested in odd places create nothing */
	const char *odd = HEAD REC_OPEN("43") "<Article><ArticleTitle>t</ArticleTitle>"
		"<Abstract><AbstractText>a</AbstractText><OtherAbstract><AbstractText>o</AbstractText>"
		"</OtherAbstract></Abstract>"
		"<AuthorList><AuthorList><Author><LastName>Deep</LastName></Author></AuthorList>"
		"<Author><LastName>Top</LastName></Author></AuthorList></Article>"
		"<CommentsCorrectionsList><CommentsCorrections RefType=\"ErratumIn\"><RefSource>r"
		"<CommentsCorrections RefType=\"X\"/></RefSource><PMID>7</PMID></CommentsCorrections>"
		"</CommentsCorrectionsList>" REC_CLOSE TAIL;
	assert_int_equal(parse_str(odd, &col, &err), 0);
	c = &col.v[0];
	assert_int_equal(c->abstract.n_sections, 1);
	assert_int_equal(c->n_other_abstracts, 0);
	assert_int_equal(c->n_authors, 1);
	assert_string_equal(c->authors[0].last_name, "Top");
	assert_int_equal(c->n_comments, 1);
	assert_string_equal(c->comments[0].ref_source, "r");
	assert_string_equal(c->comments[0].pmid, "7");
	collected_fini(&col);
}

/* PMIDs are digits, 1 to 99999999; Version 1 to 999. Anything else
 * refuses the file (the import is atomic), naming file:line:col, the field
 * and the value. */
static void test_invalid_pmid(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"abc", "-5", "0", "+5", "007", "12a", "1 2", "123456789",
		"1234567890123456789012345678901234567890", "1'); DROP TABLE record; --",
	};
	struct collected col;
	struct sieve_error err;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb, HEAD REC_OPEN("5") REC_CLOSE "<PubmedArticle><MedlineCitation>"
			    "<PMID Version=\"1\">");
		strbuf_adds(&sb, bad[i]);  /* none needs escaping */
		strbuf_adds(&sb, "</PMID><Article><ArticleTitle>t</ArticleTitle></Article>" REC_CLOSE TAIL);
		assert_int_equal(parse_str(sb.buf, &col, &err), -1);
		assert_int_equal(err.code, SIEVE_ERR_DATA);
		assert_non_null(strstr(err.msg, "PMID"));
		assert_non_null(strstr(err.msg, "invalid"));
		char want[64];
		snprintf(want, sizeof want, "\"%.20s", bad[i]);
		assert_non_null(strstr(err.msg, want));
		assert_non_null(strstr(err.msg, "record at line 4"));
		assert_true(strncmp(err.detail, "test.xml:4:", 11) == 0);
		assert_int_equal(col.n, 1);   /* only the good record before it */
		collected_fini(&col);
		strbuf_fini(&sb);
	}

	/* a long value is quoted cut short, at a character boundary */
	{
		struct strbuf sb = STRBUF_INIT, want = STRBUF_INIT;
		strbuf_adds(&sb, HEAD "<PubmedArticle><MedlineCitation><PMID>");
		strbuf_adds(&want, "PMID \"");
		for (int i = 0; i < 30; i++) {
			strbuf_adds(&sb, "\u20ac");
			if (i < 14)
				strbuf_adds(&want, "\u20ac");
		}
		strbuf_adds(&sb, "</PMID>" REC_CLOSE TAIL);
		strbuf_adds(&want, "...\" is invalid");
		assert_int_equal(parse_str(sb.buf, &col, &err), -1);
		assert_non_null(strstr(err.msg, want.buf));
		collected_fini(&col);
		strbuf_fini(&sb);
		strbuf_fini(&want);
	}

	/* the range's ends are fine; Version is read as given */
	assert_int_equal(parse_str(HEAD REC_OPEN("1") REC_CLOSE
				   "<PubmedArticle><MedlineCitation><PMID Version=\"2\">99999999</PMID>"
				   REC_CLOSE TAIL, &col, &err), 0);
	assert_int_equal(col.n, 2);
	assert_string_equal(col.v[1].pmid, "99999999");
	assert_int_equal(col.v[1].pmid_version, 2);
	assert_int_equal(col.v[0].pmid_version, 1);
	collected_fini(&col);

	static const char *const bad_version[] = { "99999999999999", "0", "-1", "abc", "1000", "" };
	for (size_t i = 0; i < sizeof bad_version / sizeof *bad_version; i++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, HEAD "<PubmedArticle><MedlineCitation><PMID Version=\"%s\">12</PMID>"
			    REC_CLOSE TAIL, bad_version[i]);
		assert_int_equal(parse_str(sb.buf, &col, &err), -1);
		assert_int_equal(err.code, SIEVE_ERR_DATA);
		assert_non_null(strstr(err.msg, "invalid PMID Version"));
		char want[64];
		snprintf(want, sizeof want, "\"%s\"", bad_version[i]);
		assert_non_null(strstr(err.msg, want));
		assert_true(strncmp(err.detail, "test.xml:3:", 11) == 0);
		assert_int_equal(col.n, 0);
		collected_fini(&col);
		strbuf_fini(&sb);
	}

	/* DeleteCitation and CommentsCorrections PMIDs too */
	assert_int_equal(parse_str(HEAD "<DeleteCitation><PMID Version=\"1\">1</PMID>\n"
				   "<PMID Version=\"1\">x1</PMID></DeleteCitation>" TAIL, &col, &err), -1);
	assert_non_null(strstr(err.msg, "DeleteCitation PMID \"x1\" is invalid"));
	assert_true(strncmp(err.detail, "test.xml:4:", 11) == 0);
	collected_fini(&col);
	assert_int_equal(parse_str(HEAD REC_OPEN("9") "<CommentsCorrectionsList><CommentsCorrections "
				   "RefType=\"ErratumIn\"><RefSource>r</RefSource><PMID>0</PMID>"
				   "</CommentsCorrections></CommentsCorrectionsList>" REC_CLOSE TAIL, &col, &err), -1);
	assert_non_null(strstr(err.msg, "CommentsCorrections PMID \"0\" is invalid"));
	assert_int_equal(col.n, 0);
	collected_fini(&col);
}

/* A temporary file: head, then n bytes of whitespace (blank lines and
 * indentation, or spaces and tabs only), then tail. */
static char *temp_file_ws(const char *head, size_t n, bool lines, const char *tail)
{
	char *path = xstrdup("/tmp/sieve-test-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t hl = strlen(head), tl = strlen(tail);
	assert_int_equal(write(fd, head, hl), (ssize_t)hl);
	char block[65536];
	for (size_t i = 0; i < sizeof block; i++)
		block[i] = lines && i % 64 == 63 ? '\n' : i % 3 ? ' ' : '\t';
	for (size_t done = 0; done < n;) {
		size_t k = n - done < sizeof block ? n - done : sizeof block;
		assert_int_equal(write(fd, block, k), (ssize_t)k);
		done += k;
	}
	assert_int_equal(write(fd, tail, tl), (ssize_t)tl);
	close(fd);
	return path;
}

/* Parse path (as stdin when as_stdin) in a child process; returns how many
 * KiB its peak RSS grew by while parsing, and *records, *rc from the child. */
static long parse_in_child(const char *path, bool as_stdin, int *rc, long long *records)
{
	int pfd[2];
	assert_int_equal(pipe(pfd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(pfd[0]);
		struct rusage ru0, ru1;
		getrusage(RUSAGE_SELF, &ru0);
		if (as_stdin) {
			int fd = open(path, O_RDONLY);
			if (fd < 0 || dup2(fd, STDIN_FILENO) < 0)
				_exit(3);
			close(fd);
		}
		struct collected col = { 0 };
		struct sieve_error err = { 0 };
		struct citation_sink s = sink_for(&col);
		long out[3];
		out[0] = pubmed_xml_parse_file(as_stdin ? "-" : path, NULL, &s, NULL, &err);
		getrusage(RUSAGE_SELF, &ru1);
		out[1] = ru1.ru_maxrss - ru0.ru_maxrss;
		out[2] = (long)col.count;
		if (out[0])
			fprintf(stderr, "child: %s (%s)\n", err.msg, err.detail);
		if (write(pfd[1], out, sizeof out) != (ssize_t)sizeof out)
			_exit(4);
		_exit(0);
	}
	close(pfd[1]);
	long out[3] = { -9, -9, -9 };
	assert_int_equal(read(pfd[0], out, sizeof out), (ssize_t)sizeof out);
	close(pfd[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	*rc = (int)out[0];
	*records = out[2];
	return out[1];
}

/* Whitespace around the document costs no memory: 50 MB before it (read
 * from stdin) and 20 MB after it used to be buffered whole (1.6 GB peak for
 * a large file) or refused with "Huge input lookup" past 10 MB. */
static void test_whitespace_memory(void **state)
{
	(void)state;
	const char *doc = "<PubmedArticleSet>\n" REC_OPEN("77") "<Article><ArticleTitle>ws"
		"</ArticleTitle></Article>" REC_CLOSE TAIL;

	/* trailing: through the memory API and from a file */
	size_t n = 20u * 1024 * 1024;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "<?xml version=\"1.0\"?>\n");
	strbuf_adds(&sb, doc);
	strbuf_grow(&sb, n);
	memset(sb.buf + sb.len, ' ', n);
	for (size_t i = 80; i < n; i += 80)
		sb.buf[sb.len + i] = '\n';
	sb.len += n;
	sb.buf[sb.len] = '\0';
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str(sb.buf, &col, &err), 0);
	assert_int_equal(col.n, 1);
	assert_string_equal(col.v[0].title, "ws");
	collected_fini(&col);
	strbuf_fini(&sb);

	int rc;
	long long records;
	/* KiB; valgrind's own bookkeeping grows the process more */
	long limit = fast_limit() > 1.0 ? 64 * 1024 : 16 * 1024;
	char *path = temp_file_ws("<?xml version=\"1.0\"?>\n" "<PubmedArticleSet>\n" REC_OPEN("77")
				  REC_CLOSE TAIL, n, true, "");
	long grew = parse_in_child(path, false, &rc, &records);
	print_message("20 MB trailing whitespace: rc %d, %lld records, peak RSS +%ld KiB\n",
		      rc, records, grew);
	assert_int_equal(rc, 0);
	assert_int_equal(records, 1);
	assert_true(grew < limit);
	unlink(path);
	free(path);

	/* leading, on stdin, one 50 MB line (the old parser's buffer grew with
	 * it: 205 MB peak RSS for 200 MB): no XML declaration may follow
	 * whitespace, the document itself may */
	n = 50u * 1024 * 1024;
	path = temp_file_ws("", n, false, doc);
	grew = parse_in_child(path, true, &rc, &records);
	print_message("50 MB leading whitespace on stdin: rc %d, %lld records, peak RSS +%ld KiB\n",
		      rc, records, grew);
	assert_int_equal(rc, 0);
	assert_int_equal(records, 1);
	assert_true(grew < limit);
	unlink(path);
	free(path);
}

/* MathML in titles and abstracts flattens to readable text: tokens joined
 * without the indentation between them, scripts as Unicode sub/superscripts
 * where every character has one, accents as combining marks. (Before:
 * "V . O 2 m a x", "He 3 / Xe 129".) */
static void test_mathml(void **state)
{
	(void)state;
	const char *xml = HEAD REC_OPEN("51") "<Article><ArticleTitle>Peak "
		"<mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\" id=\"M1\">\n"
		"  <mml:mrow>\n"
		"    <mml:mover accent=\"true\">\n"
		"      <mml:mi>V</mml:mi>\n"
		"      <mml:mo>.</mml:mo>\n"
		"    </mml:mover>\n"
		"    <mml:msub>\n"
		"      <mml:mi mathvariant=\"normal\">O</mml:mi>\n"
		"      <mml:mn>2</mml:mn>\n"
		"    </mml:msub>\n"
		"    <mml:mi>m</mml:mi>\n    <mml:mi>a</mml:mi>\n    <mml:mi>x</mml:mi>\n"
		"  </mml:mrow>\n"
		"</mml:math> in athletes: hyperpolarized "
		"<mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\"><mml:mrow>"
		"<mml:mmultiscripts><mml:mtext>He</mml:mtext><mml:mprescripts/><mml:none/><mml:mn>3</mml:mn>"
		"</mml:mmultiscripts><mml:mo>/</mml:mo><mml:mmultiscripts><mml:mtext>Xe</mml:mtext>"
		"<mml:mprescripts/><mml:none/><mml:mn>129</mml:mn></mml:mmultiscripts></mml:mrow></mml:math>"
		" MRI</ArticleTitle>"
		"<Abstract><AbstractText>Glucose (<mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\">"
		"<mml:semantics><mml:mrow><mml:msub><mml:mi>C</mml:mi><mml:mn>6</mml:mn></mml:msub>"
		"<mml:msub><mml:mi>H</mml:mi><mml:mn>12</mml:mn></mml:msub><mml:msub><mml:mi>O</mml:mi>"
		"<mml:mn>6</mml:mn></mml:msub></mml:mrow><mml:annotation encoding=\"application/x-tex\">"
		"C_6H_{12}O_6</mml:annotation></mml:semantics></mml:math>), "
		"<mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\"><mml:msup><mml:mrow>"
		"<mml:mi>Ca</mml:mi></mml:mrow><mml:mrow><mml:mn>2</mml:mn><mml:mo>+</mml:mo></mml:mrow>"
		"</mml:msup></mml:math>, <mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\">"
		"<mml:msubsup><mml:mi>x</mml:mi><mml:mi>i</mml:mi><mml:mn>2</mml:mn></mml:msubsup>"
		"</mml:math>, <mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\"><mml:msub>"
		"<mml:mi>T</mml:mi><mml:mi>g</mml:mi></mml:msub></mml:math> and "
		"<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mfrac><mn>1</mn><mn>2</mn></mfrac>"
		"<mspace width=\"0.2em\"/><mtext>mg/kg</mtext><mo>&#x2264;</mo><msqrt><mi>n</mi></msqrt>"
		"</math>; <mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\"><mml:mover>"
		"<mml:mi>x</mml:mi><mml:mo>&#xaf;</mml:mo></mml:mover></mml:math> "
		"<mml:math><mml:msup><mml:mi>r</mml:mi><mml:mn>2</mml:mn></mml:msup></mml:math>.</AbstractText>"
		"</Abstract></Article>" REC_CLOSE TAIL;
	struct collected col;
	struct sieve_error err;
	assert_int_equal(parse_str(xml, &col, &err), 0);
	const struct citation *c = &col.v[0];
	assert_string_equal(c->title, "Peak V\u0307O\u2082max in athletes: hyperpolarized "
			    "\u00b3He/\u00b9\u00b2\u2079Xe MRI");
	/* subscripts, superscripts with a sign, a subscript letter without a
	 * Unicode form (g) stays plain, annotations dropped, fraction, space,
	 * root, a bar accent, an undeclared mml: prefix */
	assert_string_equal(c->abstract.sections[0].text,
			    "Glucose (C\u2086H\u2081\u2082O\u2086), Ca\u00b2\u207a, x\u1d62\u00b2, Tg and "
			    "1/2 mg/kg\u2264\u221an; x\u0304 r\u00b2.");
	/* raw keeps the MathML as written */
	assert_non_null(strstr(c->raw, "<mml:mprescripts/><mml:none/><mml:mn>129</mml:mn>"));
	collected_fini(&col);
}

static void test_sink_error_stops(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, HEAD);
	for (int i = 1; i <= 10; i++)
		strbuf_addf(&sb, "<PubmedArticle><MedlineCitation><PMID>%d</PMID></MedlineCitation></PubmedArticle>\n", i);
	strbuf_adds(&sb, TAIL);
	struct collected col = { .stop_after = 3 };
	struct sieve_error err = { 0 };
	struct citation_sink s = sink_for(&col);
	assert_int_equal(pubmed_xml_parse_memory(sb.buf, sb.len, "s.xml", &s, &err), -1);
	assert_int_equal(err.code, SIEVE_ERR_DB);
	assert_string_equal(err.msg, "sink refused record 3");
	assert_string_equal(err.detail, "s.xml:5:81");
	assert_int_equal(col.count, 3);
	collected_fini(&col);
	strbuf_fini(&sb);
}

/* Many records through a counting sink: run under valgrind/ASan, memory
 * stays flat (one record at a time). */
static void test_many_records(void **state)
{
	(void)state;
	const int n = 5000;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, HEAD);
	for (int i = 0; i < n; i++) {
		strbuf_addf(&sb, REC_OPEN("%d") "<DateRevised><Year>2024</Year><Month>01</Month><Day>%02d</Day></DateRevised>"
			    "<Article><Journal><ISSN>1234-5678</ISSN><JournalIssue><Volume>%d</Volume><PubDate><Year>20%02d</Year>"
			    "<Month>Mar</Month></PubDate></JournalIssue><Title>J</Title></Journal>"
			    "<ArticleTitle>Title <i>%d</i></ArticleTitle><Abstract>", 10000000 + i, 1 + i % 28, i, i % 25, i);
		for (int k = 0; k < 4; k++)
			strbuf_addf(&sb, "<AbstractText Label=\"L%d\" NlmCategory=\"METHODS\">Sentence %d of record %d "
				    "with &amp; entity and \u00fc.</AbstractText>", k, k, i);
		strbuf_adds(&sb, "</Abstract><AuthorList>");
		for (int k = 0; k < 1 + i % 7; k++)
			strbuf_addf(&sb, "<Author><LastName>M\u00fcller%d</LastName><ForeName>A</ForeName>"
				    "<AffiliationInfo><Affiliation>Dept %d</Affiliation></AffiliationInfo></Author>", k, k);
		strbuf_adds(&sb, "</AuthorList><Language>eng</Language><PublicationTypeList><PublicationType>"
			    "Journal Article</PublicationType></PublicationTypeList></Article><MeshHeadingList>"
			    "<MeshHeading><DescriptorName UI=\"D1\" MajorTopicYN=\"Y\">Humans</DescriptorName>"
			    "<QualifierName UI=\"Q1\" MajorTopicYN=\"N\">q</QualifierName></MeshHeading></MeshHeadingList>"
			    "<KeywordList><Keyword>k1</Keyword><Keyword>k2</Keyword></KeywordList></MedlineCitation>"
			    "<PubmedData><ArticleIdList><ArticleId IdType=\"doi\">10.1/x</ArticleId></ArticleIdList>"
			    "<ReferenceList><Reference><Citation>c</Citation><ArticleIdList><ArticleId IdType=\"doi\">"
			    "10.2/y</ArticleId></ArticleIdList></Reference></ReferenceList></PubmedData></PubmedArticle>\n");
	}
	strbuf_adds(&sb, TAIL);
	char *path = temp_file(sb.buf, sb.len);

	struct collected col = { 0 };
	struct sieve_error err = { 0 };
	struct citation_sink s = sink_for(&col);
	assert_int_equal(pubmed_xml_parse_memory(sb.buf, sb.len, "many.xml", &s, &err), 0);
	assert_int_equal(col.count, n);
	col.count = 0;
	struct progress_log log = { 0 };
	struct import_progress prog = { &log, on_progress, on_raw };
	assert_int_equal(pubmed_xml_parse_file(path, NULL, &s, &prog, &err), 0);
	assert_int_equal(col.count, n);
	assert_int_equal(log.total, (long long)sb.len);
	assert_int_equal(log.last_bytes, (long long)sb.len);
	assert_int_equal(log.last_records, n);
	assert_true(log.calls >= 2);
	collected_fini(&col);
	unlink(path);
	free(path);
	strbuf_fini(&sb);
}

static int setup(void **state)
{
	(void)state;
	const char *env = getenv("SIEVE_SHARED_DATA");
	snprintf(data_dir, sizeof data_dir, "%s/pubmed", env && *env ? env : "../shared/data");
	struct stat st;
	have_data = stat(data_dir, &st) == 0 && S_ISDIR(st.st_mode);
	if (!have_data)
		print_message("shared test data not found at %s: set SIEVE_SHARED_DATA\n", data_dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_current_medline),
		cmocka_unit_test(test_real_efetch),
		cmocka_unit_test(test_real_medline_legacy_gz),
		cmocka_unit_test(test_real_raw_roundtrip),
		cmocka_unit_test(test_inline_markup_title),
		cmocka_unit_test(test_book_article),
		cmocka_unit_test(test_legacy_set_otherid_delete),
		cmocka_unit_test(test_identifiers_and_retraction),
		cmocka_unit_test(test_special_characters_roundtrip),
		cmocka_unit_test(test_gzip_input),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_wrong_root),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_external_entities),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_huge_abstract),
		cmocka_unit_test(test_empty_and_missing),
		cmocka_unit_test(test_record_without_pmid),
		cmocka_unit_test(test_unknown_elements_ignored),
		cmocka_unit_test(test_nested_book_author_list),
		cmocka_unit_test(test_unexpected_nesting),
		cmocka_unit_test(test_invalid_pmid),
		cmocka_unit_test(test_whitespace_memory),
		cmocka_unit_test(test_mathml),
		cmocka_unit_test(test_sink_error_stops),
		cmocka_unit_test(test_many_records),
	};
	return cmocka_run_group_tests_name("pubmed_xml", tests, setup, NULL);
}
