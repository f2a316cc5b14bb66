/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PubMed XML importer: a libxml2 SAX2 state machine that builds one
 * struct citation per record and hands it to a sink. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L  /* open, dup, fstat; the Makefile sets it too */
#endif
#include "pubmed_xml.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/xmlerror.h>
#include <zlib.h>

#include "../lib/strbuf.h"
#include "../lib/xalloc.h"

/* Element names the state machine reacts to. Everything else is carried
 * into citation.raw and otherwise ignored. */
#define ELEMENTS(X) \
	X(PubmedArticleSet) X(MedlineCitationSet) X(PubmedBookArticleSet) \
	X(PubmedArticle) X(PubmedBookArticle) X(MedlineCitation) \
	X(DeleteCitation) X(BookDocument) X(PubmedData) X(PubmedBookData) \
	X(PMID) X(Article) X(ArticleTitle) X(VernacularTitle) X(Abstract) \
	X(AbstractText) X(CopyrightInformation) X(OtherAbstract) \
	X(AuthorList) X(Author) X(LastName) X(ForeName) X(FirstName) \
	X(Initials) X(Suffix) X(CollectiveName) X(Identifier) \
	X(AffiliationInfo) X(Affiliation) X(Journal) X(Title) \
	X(ISOAbbreviation) X(ISSN) X(JournalIssue) X(Volume) X(Issue) \
	X(Pagination) X(MedlinePgn) X(StartPage) X(EndPage) X(PubDate) \
	X(Year) X(Month) X(Day) X(Season) X(MedlineDate) X(ArticleDate) \
	X(Language) X(PublicationTypeList) X(PublicationType) \
	X(MeshHeadingList) X(MeshHeading) X(DescriptorName) X(QualifierName) \
	X(KeywordList) X(Keyword) X(ELocationID) X(ArticleIdList) X(ArticleId) \
	X(MedlineJournalInfo) X(MedlineTA) X(DateRevised) X(DateCompleted) \
	X(PublicationStatus) X(CommentsCorrectionsList) X(CommentsCorrections) \
	X(RefSource) X(OtherID) X(ReferenceList) X(Book) X(BookTitle) \
	X(Publisher) X(PublisherName)

#define ATTRIBUTES(X) \
	X(Version) X(Label) X(NlmCategory) X(Type) X(Language) X(Source) \
	X(EqualContrib) X(UI) X(MajorTopicYN) X(DateType) X(EIdType) \
	X(ValidYN) X(IdType) X(RefType)

#define AS_ENUM(n) E_##n,
enum elem { E_UNKNOWN, ELEMENTS(AS_ENUM) E_COUNT };
#undef AS_ENUM
#define AS_ENUM(n) A_##n,
enum attr { ATTRIBUTES(AS_ENUM) A_COUNT };
#undef AS_ENUM
#define AS_NAME(n) #n,
static const char *const elem_names[E_COUNT] = { "?", ELEMENTS(AS_NAME) };
static const char *const attr_names[A_COUNT] = { ATTRIBUTES(AS_NAME) };
#undef AS_NAME

/* Where the text being collected goes when its element ends. */
enum field {
	F_NONE, F_PMID, F_DELETE_PMID, F_CC_PMID, F_TITLE, F_VERNACULAR,
	F_ABSTRACT_TEXT, F_COPYRIGHT, F_LAST, F_FORE, F_INITIALS, F_SUFFIX,
	F_COLLECTIVE, F_ORCID, F_AFFILIATION, F_JOURNAL, F_ISO, F_ISSN,
	F_VOLUME, F_ISSUE, F_MEDLINE_PGN, F_START_PAGE, F_END_PAGE,
	F_PUB_YEAR, F_PUB_MONTH, F_PUB_DAY, F_PUB_SEASON, F_MEDLINE_DATE,
	F_DATE_YEAR, F_DATE_MONTH, F_DATE_DAY, F_LANGUAGE, F_PUB_TYPE,
	F_DESCRIPTOR, F_QUALIFIER, F_KEYWORD, F_ELOCATION, F_ARTICLE_ID,
	F_MEDLINE_TA, F_PUB_STATUS, F_REF_SOURCE, F_OTHER_ID, F_BOOK_TITLE,
	F_PUBLISHER,
};

enum id_kind { ID_OTHER, ID_DOI, ID_PII, ID_PMC };

/* MathML elements the flattening treats specially (see math_start). */
enum mkind {
	M_OTHER, M_TOKEN, M_TEXT, M_SUB, M_SUP, M_SUBSUP, M_MULTI, M_PRESCRIPTS,
	M_OVER, M_UNDER, M_UNDEROVER, M_FRAC, M_SQRT, M_SPACE, M_DROP, M_FENCED,
};

#define MAX_DEPTH 1024          /* libxml2 itself stops at 256 without HUGE */
#define NAME_SLOTS 256          /* power of two, > 2 * E_COUNT */
#define PROGRESS_STEP (1 << 20)
#define KEEP_BUFFER (4u << 20)  /* shrink scratch buffers above this */
#define AMPLIFICATION 4LL       /* text allowed per input byte, beyond 4 MiB */

_Static_assert(E_COUNT <= 255, "element ids must fit the unsigned char stack");
_Static_assert(NAME_SLOTS >= 2 * E_COUNT, "name table too full");

/* An element inside <math> in a field being collected. */
struct math_frame {
	unsigned char kind;       /* enum mkind */
	bool drop, has_pre;
	char close;               /* mfenced's closing character */
	int depth, index, nchild, pre_index;
	size_t start;             /* p->text.len when it started */
	size_t cs[3];             /* where its first children started */
	size_t pre;               /* mmultiscripts: where <mprescripts/> was */
};

struct name_slot {
	const xmlChar *name;
	unsigned char id;
};

struct pm_parser {
	xmlParserCtxtPtr ctxt;
	const struct citation_sink *sink;
	const struct import_progress *progress;
	const char *display;
	struct sieve_error *err;
	bool failed;

	/* input: a file read with read(2), inflated here when it is gzip, so
	 * that every byte of the file passes progress->raw (hashing in the same
	 * pass) and progress counts bytes of the file, not of its content */
	int fd;
	bool gzip, gz_done, eof;
	z_stream zs;
	unsigned char *inbuf;
	size_t in_len, in_pos;    /* plain files: sniffed bytes not yet served */
	long long file_bytes;
	const char *mem;
	size_t mem_len, mem_off;
	long long total, bytes_in, next_progress;
	bool saw_content;         /* a byte other than whitespace was read */
	bool at_end;              /* the input is over: the parser's last call */
	long long text_total;     /* characters delivered by the parser */

	/* libxml2 interns names in the parser dictionary: comparing the
	 * pointers is enough once our names are looked up in it too. */
	struct name_slot slots[NAME_SLOTS];
	const xmlChar *attr[A_COUNT];

	unsigned char stack[MAX_DEPTH];
	int depth;
	bool root_seen;

	int rec_depth;            /* depth of the record element, 0 = none */
	int skip_depth;           /* inside ReferenceList: raw only */
	int cap_depth;            /* collecting text of the element at this depth */
	enum field cap_field;
	struct strbuf text, raw;
	struct math_frame math[MAX_DEPTH];  /* open MathML elements in the field */
	int math_n;
	size_t raw_tag_end;       /* raw.len right after the last start tag */
	long rec_line;
	long long records;

	struct citation c;
	size_t cap_authors, cap_other, cap_mesh, cap_comments;
	size_t cap_lang, cap_types, cap_kw;

	/* per-record scratch. Every container that makes state (an author, an
	 * abstract, a MeSH heading, a comment, a date) records the depth of its
	 * element as the state's owner; only a direct child of that element
	 * reads the state, and only the owner's end tag clears it. A container
	 * opens only while none of its kind is open. 0 = none open. */
	int list_depth;           /* the AuthorList authors are added to */
	int author_depth;         /* the Author being filled: c.authors[cur_author] */
	long cur_author;          /* index, -1 = none */
	bool authors_from_book;
	int abs_depth;            /* Abstract / OtherAbstract: *cur_abs */
	struct abstract *cur_abs;
	int mesh_depth;           /* the MeshHeading of c.mesh[cur_mesh] */
	long cur_mesh;
	int cc_depth;             /* CommentsCorrections: c.comments[cur_comment] */
	long cur_comment;
	int date_depth;           /* the date element date_kind */
	char *sec_label, *sec_cat;
	enum id_kind id_kind;
	bool eloc_valid, pmc_from_other_id, pub_date_done, article_date_done;
	enum elem date_kind;      /* container of F_DATE_* parts, E_UNKNOWN = skip */
	char dy[8], dm[16], dd[8];
	char *medline_ta, *start_page, *end_page, *publisher;
	bool have_article_title;
};

/* ---- errors ---------------------------------------------------------- */

static int cur_line(struct pm_parser *p)
{
	return p->ctxt ? xmlSAX2GetLineNumber(p->ctxt) : 0;
}

static int cur_col(struct pm_parser *p)
{
	return p->ctxt ? xmlSAX2GetColumnNumber(p->ctxt) : 0;
}

/* Record a data error at the current input position and stop parsing. */
static void fail_data(struct pm_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void fail_data(struct pm_parser *p, const char *fmt, ...)
{
	if (p->failed)
		return;
	p->failed = true;
	char msg[sizeof p->err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sieve_error_set(p->err, SIEVE_ERR_DATA, "%s", msg);
	sieve_error_detail(p->err, "%s:%d:%d", p->display, cur_line(p), cur_col(p));
	if (p->ctxt)
		xmlStopParser(p->ctxt);
}

/* The sink or a callback already set err: add our location, stop. */
static void fail_set(struct pm_parser *p)
{
	p->failed = true;
	if (p->err && p->err->code == SIEVE_OK)
		sieve_error_set(p->err, SIEVE_ERR_DATA, "import stopped by the consumer");
	sieve_error_detail(p->err, "%s:%d:%d", p->display, cur_line(p), cur_col(p));
	if (p->ctxt)
		xmlStopParser(p->ctxt);
}

/* libxml2's structured error channel: keep the first fatal error (with its
 * own line and column), ignore warnings and recoverable namespace errors.
 * Never calls back into the parser: the read callback ends the input. */
static void note_xml_error(struct pm_parser *p, xmlErrorPtr e)
{
	if (!p || !e || p->failed || e->level != XML_ERR_FATAL)
		return;
	if (e->code == XML_ERR_USER_STOP)
		return;
	p->failed = true;
	char msg[400];
	size_t n = 0;
	for (const char *s = e->message ? e->message : "unknown error"; *s && n + 1 < sizeof msg; s++)
		msg[n++] = (*s == '\n' || *s == '\r' || *s == '\t') ? ' ' : *s;
	while (n && msg[n - 1] == ' ')
		n--;
	msg[n] = '\0';
	/* An error inside an entity's replacement text is located in that
	 * text: report where the document referenced it instead. */
	bool own = e->ctxt == (void *)p->ctxt && e->line > 0;
	int line = own ? e->line : cur_line(p);
	int col = own && e->int2 > 0 ? e->int2 : cur_col(p);
	/* libxml2 uses this code for "no '<' found" in any input */
	/* The push parser's word for any input that ends early: say what
	 * the pull parser said. */
	bool cut = e->code == XML_ERR_DOCUMENT_END && p->at_end && (!p->root_seen || p->depth > 0);
	if ((e->code == XML_ERR_DOCUMENT_EMPTY || cut) && !p->saw_content)
		sieve_error_set(p->err, SIEVE_ERR_DATA, "empty file");
	else if (cut && p->depth > 0 && p->ctxt && p->ctxt->name)
		sieve_error_set(p->err, SIEVE_ERR_DATA,
				"malformed XML: Premature end of data in tag <%s>", p->ctxt->name);
	else if (cut)
		sieve_error_set(p->err, SIEVE_ERR_DATA, "malformed XML: Premature end of data");
	else if (e->code == XML_ERR_ENTITY_LOOP)
		sieve_error_set(p->err, SIEVE_ERR_DATA,
				"malformed XML: %s (entity expansion refused: entity bomb?)", msg);
	else
		sieve_error_set(p->err, SIEVE_ERR_DATA, "malformed XML: %s", msg);
	sieve_error_detail(p->err, "%s:%d:%d", p->display, line, col);
}

/* The context's channel: data is the parser context. */
static void on_ctxt_error(void *ud, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ud;
	note_xml_error(ctxt ? ctxt->_private : NULL, e);
}

/* The thread's channel (errors raised without a parser context). */
static void on_thread_error(void *ud, xmlErrorPtr e)
{
	note_xml_error(ud, e);
}

/* ---- names ----------------------------------------------------------- */

static unsigned slot_of(const xmlChar *name)
{
	return (unsigned)(((uintptr_t)name * UINT64_C(0x9E3779B97F4A7C15)) >> 56) & (NAME_SLOTS - 1);
}

static void names_init(struct pm_parser *p)
{
	memset(p->slots, 0, sizeof p->slots);
	for (int i = 1; i < E_COUNT; i++) {
		const xmlChar *n = xmlDictLookup(p->ctxt->dict, BAD_CAST elem_names[i], -1);
		if (!n)
			continue;
		unsigned s = slot_of(n);
		while (p->slots[s].name)
			s = (s + 1) & (NAME_SLOTS - 1);
		p->slots[s].name = n;
		p->slots[s].id = (unsigned char)i;
	}
	for (int i = 0; i < A_COUNT; i++)
		p->attr[i] = xmlDictLookup(p->ctxt->dict, BAD_CAST attr_names[i], -1);
}

static enum elem elem_id(const struct pm_parser *p, const xmlChar *name)
{
	unsigned s = slot_of(name);
	while (p->slots[s].name) {
		if (p->slots[s].name == name)
			return (enum elem)p->slots[s].id;
		s = (s + 1) & (NAME_SLOTS - 1);
	}
	return E_UNKNOWN;
}

/* ---- attributes ------------------------------------------------------ */

struct attr_val {
	const char *s;
	size_t n;
};

static bool attr_get(const struct pm_parser *p, int nb, const xmlChar **attrs,
		     enum attr which, struct attr_val *v)
{
	for (int i = 0; i < nb; i++) {
		const xmlChar **a = attrs + 5 * i;
		if (a[0] == p->attr[which] && !a[1]) {
			v->s = (const char *)a[3];
			v->n = (size_t)(a[4] - a[3]);
			return true;
		}
	}
	return false;
}

static bool attr_is(const struct pm_parser *p, int nb, const xmlChar **attrs,
		    enum attr which, const char *want)
{
	struct attr_val v;
	return attr_get(p, nb, attrs, which, &v) && strlen(want) == v.n &&
	       memcmp(v.s, want, v.n) == 0;
}

/* Attribute values reach SAX2 with "&" kept as "&#38;" and entity
 * references left as "&name;" (entities are not substituted): decode the
 * character references, leave named references as they are. */
static char *attr_dup(const struct pm_parser *p, int nb, const xmlChar **attrs,
		      enum attr which)
{
	struct attr_val v;
	if (!attr_get(p, nb, attrs, which, &v))
		return NULL;
	if (!memchr(v.s, '&', v.n))
		return xstrndup(v.s, v.n);
	struct strbuf sb = STRBUF_INIT;
	strbuf_grow(&sb, v.n);
	for (size_t i = 0; i < v.n; i++) {
		if (v.s[i] == '&' && i + 2 < v.n && v.s[i + 1] == '#') {
			size_t j = i + 2;
			int base = 10;
			if (j < v.n && v.s[j] == 'x') {
				base = 16;
				j++;
			}
			unsigned long cp = 0;
			size_t start = j;
			while (j < v.n && v.s[j] != ';' && j - start < 8) {
				char ch = v.s[j];
				int d = ch >= '0' && ch <= '9' ? ch - '0' :
					base == 16 && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 :
					base == 16 && ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
				if (d < 0)
					break;
				cp = cp * (unsigned)base + (unsigned)d;
				j++;
			}
			if (j < v.n && v.s[j] == ';' && j > start && cp > 0 && cp <= 0x10FFFF) {
				unsigned char u[4];
				int n;
				if (cp < 0x80) { u[0] = (unsigned char)cp; n = 1; }
				else if (cp < 0x800) { u[0] = (unsigned char)(0xC0 | (cp >> 6)); u[1] = (unsigned char)(0x80 | (cp & 0x3F)); n = 2; }
				else if (cp < 0x10000) { u[0] = (unsigned char)(0xE0 | (cp >> 12)); u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)); u[2] = (unsigned char)(0x80 | (cp & 0x3F)); n = 3; }
				else { u[0] = (unsigned char)(0xF0 | (cp >> 18)); u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F)); u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (unsigned char)(0x80 | (cp & 0x3F)); n = 4; }
				strbuf_add(&sb, (const char *)u, (size_t)n);
				i = j;
				continue;
			}
		}
		strbuf_addc(&sb, v.s[i]);
	}
	return strbuf_take(&sb);
}

/* ---- raw re-serialisation -------------------------------------------- */

/* Appends for the hot path: strbuf_add without the call when it fits. */
static inline void put(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n >= sb->cap)
		strbuf_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static inline void putc_(struct strbuf *sb, char c)
{
	if (sb->len + 1 >= sb->cap)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

static inline void puts_(struct strbuf *sb, const char *s)
{
	put(sb, s, strlen(s));
}

/* Bytes that need escaping: 1 in text and attributes, 2 in attributes only. */
static const unsigned char esc_class[256] = {
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['\r'] = 1,
	['"'] = 2, ['\t'] = 2, ['\n'] = 2,
};

static void raw_escaped(struct strbuf *sb, const char *s, size_t n, bool attr)
{
	const unsigned limit = attr ? 2 : 1;
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned k = esc_class[(unsigned char)s[i]];
		if (!k || k > limit)
			continue;
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '\r': rep = "&#13;"; break;
		case '"': rep = "&quot;"; break;
		case '\t': rep = "&#9;"; break;
		default: rep = "&#10;"; break;
		}
		put(sb, s + start, i - start);
		puts_(sb, rep);
		start = i + 1;
	}
	put(sb, s + start, n - start);
}

/* An attribute value as SAX2 gives it: "&" only starts a character or
 * entity reference (see attr_dup), which stays as written. */
static void raw_attr_value(struct strbuf *sb, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\t': rep = "&#9;"; break;
		case '\n': rep = "&#10;"; break;
		case '\r': rep = "&#13;"; break;
		case '&': if (memchr(s + i, ';', n - i)) continue; rep = "&amp;"; break;
		default: continue;
		}
		put(sb, s + start, i - start);
		puts_(sb, rep);
		start = i + 1;
	}
	put(sb, s + start, n - start);
}

static void raw_name(struct strbuf *sb, const xmlChar *prefix, const xmlChar *local)
{
	if (prefix) {
		puts_(sb, (const char *)prefix);
		putc_(sb, ':');
	}
	puts_(sb, (const char *)local);
}

static void raw_start(struct pm_parser *p, const xmlChar *local, const xmlChar *prefix,
		      int nb_ns, const xmlChar **ns, int nb_attrs, int nb_defaulted,
		      const xmlChar **attrs)
{
	struct strbuf *sb = &p->raw;
	putc_(sb, '<');
	raw_name(sb, prefix, local);
	for (int i = 0; i < nb_ns; i++) {
		puts_(sb, " xmlns");
		if (ns[2 * i]) {
			putc_(sb, ':');
			puts_(sb, (const char *)ns[2 * i]);
		}
		put(sb, "=\"", 2);
		if (ns[2 * i + 1])
			raw_escaped(sb, (const char *)ns[2 * i + 1], strlen((const char *)ns[2 * i + 1]), true);
		putc_(sb, '"');
	}
	for (int i = 0; i < nb_attrs - nb_defaulted; i++) {
		const xmlChar **a = attrs + 5 * i;
		putc_(sb, ' ');
		raw_name(sb, a[1], a[0]);
		put(sb, "=\"", 2);
		raw_attr_value(sb, (const char *)a[3], (size_t)(a[4] - a[3]));
		putc_(sb, '"');
	}
	putc_(sb, '>');
	p->raw_tag_end = sb->len;
}

static void raw_end(struct pm_parser *p, const xmlChar *local, const xmlChar *prefix)
{
	struct strbuf *sb = &p->raw;
	if (sb->len == p->raw_tag_end && sb->len && sb->buf[sb->len - 1] == '>') {
		/* nothing since the start tag: write <x/> */
		sb->buf[sb->len - 1] = '/';
		putc_(sb, '>');
		p->raw_tag_end = 0;
		return;
	}
	put(sb, "</", 2);
	raw_name(sb, prefix, local);
	putc_(sb, '>');
}

/* ---- text helpers ---------------------------------------------------- */

/* Trim, and fold every whitespace run that contains a line break (the
 * indentation of pretty-printed files) into one space; spaces and tabs
 * inside a line are content and stay as they are. */
static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void normalise(struct strbuf *sb)
{
	char *s = sb->buf;
	size_t n = sb->len, b = 0;
	if (!s)
		return;
	while (n && is_ws(s[n - 1]))
		n--;
	while (b < n && is_ws(s[b]))
		b++;
	if (!memchr(s + b, '\n', n - b) && !memchr(s + b, '\r', n - b)) {
		/* the common case: one line, only the ends to trim */
		if (b)
			memmove(s, s + b, n - b);
		s[n - b] = '\0';
		sb->len = n - b;
		return;
	}
	size_t o = 0, i = b;
	while (i < n) {
		if (!is_ws(s[i])) {
			s[o++] = s[i++];
			continue;
		}
		size_t j = i;
		bool nl = false;
		while (j < n && is_ws(s[j])) {
			nl |= s[j] == '\n' || s[j] == '\r';
			j++;
		}
		if (nl) {
			s[o++] = ' ';
		} else {
			memmove(s + o, s + i, j - i);
			o += j - i;
		}
		i = j;
	}
	s[o] = '\0';
	sb->len = o;
}

static char *text_dup(struct pm_parser *p)
{
	return xstrndup(p->text.buf ? p->text.buf : "", p->text.len);
}

/* Store the collected text in *slot unless a value is there already. */
static void set_once(struct pm_parser *p, char **slot)
{
	if (!*slot)
		*slot = text_dup(p);
}

static void copy_small(char *dst, size_t size, const struct strbuf *sb)
{
	size_t n = sb->len < size - 1 ? sb->len : size - 1;
	memcpy(dst, sb->buf ? sb->buf : "", n);
	dst[n] = '\0';
}

/* Grow *v (of *cap elements) to hold n + 1, returning the new element. */
static void *push(void *v_, size_t *n, size_t *cap, size_t size)
{
	void **v = v_;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		*v = xrealloc(*v, *cap * size);
	}
	char *e = (char *)*v + (*n)++ * size;
	memset(e, 0, size);
	return e;
}

/* Same for arrays nested in a record, whose capacity is implied: 4, then
 * each power of two. */
static void *push_nested(void *v_, size_t *n, size_t size)
{
	void **v = v_;
	size_t k = *n;
	if (k == 0 || (k >= 4 && (k & (k - 1)) == 0))
		*v = xrealloc(*v, (k ? 2 * k : 4) * size);
	char *e = (char *)*v + (*n)++ * size;
	memset(e, 0, size);
	return e;
}

static int month_number(const char *m)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	if (m[0] >= '0' && m[0] <= '9') {
		int v = atoi(m);
		return v >= 1 && v <= 12 ? v : 0;
	}
	if (strlen(m) < 3)
		return 0;
	char l[3];
	for (int i = 0; i < 3; i++)
		l[i] = (char)((m[i] >= 'A' && m[i] <= 'Z') ? m[i] + 32 : m[i]);
	for (int i = 0; i < 12; i++)
		if (memcmp(names + 3 * i, l, 3) == 0)
			return i + 1;
	return 0;
}

/* YYYY-MM-DD from the collected parts, or NULL when one is missing. */
static char *date_string(const struct pm_parser *p)
{
	int y = atoi(p->dy), m = month_number(p->dm), d = atoi(p->dd);
	if (y < 1000 || y > 9999 || m == 0 || d < 1 || d > 31)
		return NULL;
	return xasprintf("%04d-%02d-%02d", y, m, d);
}

static int first_year(const char *s)
{
	for (const char *q = s; *q; q++) {
		if (*q < '0' || *q > '9')
			continue;
		const char *e = q;
		while (*e >= '0' && *e <= '9')
			e++;
		if (e - q == 4)
			return atoi(q);
		q = e - 1;
	}
	return 0;
}

/* "PMC1234567" from "PMC4688250 [Available on 12/22/16]". */
static char *pmc_token(const char *s)
{
	if (strncmp(s, "PMC", 3) != 0)
		return NULL;
	size_t n = 3;
	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n > 3 ? xstrndup(s, n) : NULL;
}

/* A PMID as PubMed writes them: 1 to PUBMED_XML_MAX_PMID, digits only, no
 * sign, no leading zero. */
static bool pmid_valid(const char *s, size_t n)
{
	if (n == 0 || n > 9 || s[0] == '0')
		return false;
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	return v <= PUBMED_XML_MAX_PMID;
}

/* PMID@Version: 1 to PUBMED_XML_MAX_VERSION, digits only; -1 otherwise. */
static int version_value(const char *s, size_t n)
{
	if (n == 0 || n > 4 || s[0] == '0')
		return -1;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= PUBMED_XML_MAX_VERSION ? v : -1;
}

/* A value quoted in a message: at most 40 bytes, control characters as '?'. */
static void quote_value(char *out, size_t size, const char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 4 < size; i++)
		out[o++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	/* cut at a character boundary, not inside a UTF-8 sequence */
	while (o < n && o > 0 && ((unsigned char)s[o] & 0xC0) == 0x80)
		o--;
	if (o < n && o + 4 < size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/* ---- records --------------------------------------------------------- */

static void record_reset(struct pm_parser *p)
{
	citation_fini(&p->c);
	p->cap_authors = p->cap_other = p->cap_mesh = p->cap_comments = 0;
	p->cap_lang = p->cap_types = p->cap_kw = 0;
	p->list_depth = p->author_depth = p->abs_depth = 0;
	p->mesh_depth = p->cc_depth = p->date_depth = 0;
	p->cur_author = p->cur_mesh = p->cur_comment = -1;
	p->authors_from_book = false;
	p->cur_abs = NULL;
	free(p->sec_label);
	free(p->sec_cat);
	p->sec_label = p->sec_cat = NULL;
	p->pmc_from_other_id = p->pub_date_done = p->article_date_done = false;
	p->date_kind = E_UNKNOWN;
	free(p->medline_ta);
	free(p->start_page);
	free(p->end_page);
	free(p->publisher);
	p->medline_ta = p->start_page = p->end_page = p->publisher = NULL;
	p->have_article_title = false;
	strbuf_reset(&p->raw);
	p->raw_tag_end = 0;
	if (p->raw.cap > KEEP_BUFFER) {
		strbuf_fini(&p->raw);
		strbuf_init(&p->raw);
	}
	if (p->text.cap > KEEP_BUFFER) {
		strbuf_fini(&p->text);
		strbuf_init(&p->text);
	}
}

static void record_start(struct pm_parser *p, bool is_book)
{
	record_reset(p);
	p->rec_depth = p->depth;
	p->rec_line = cur_line(p);
	p->c.is_book = is_book;
	p->c.pmid_version = 1;
}

static void record_end(struct pm_parser *p)
{
	struct citation *c = &p->c;
	p->rec_depth = 0;
	if (!c->pmid || !c->pmid[0]) {
		p->failed = true;
		sieve_error_set_at(p->err, SIEVE_ERR_DATA, NULL,
				   "record without PMID (record starting at line %ld)", p->rec_line);
		sieve_error_detail(p->err, "%s:%ld", p->display, p->rec_line);
		xmlStopParser(p->ctxt);
		return;
	}
	if (!c->iso_abbrev && p->medline_ta) {
		c->iso_abbrev = p->medline_ta;
		p->medline_ta = NULL;
	}
	if (!c->pages && p->start_page) {
		c->pages = p->end_page && p->end_page[0] ?
			xasprintf("%s-%s", p->start_page, p->end_page) : xstrdup(p->start_page);
	}
	if (c->is_book && !c->title && c->journal) {
		/* a whole book: its title is the record's title */
		c->title = c->journal;
		c->journal = p->publisher;
		p->publisher = NULL;
	}
	if (!c->pub_year && c->medline_date)
		c->pub_year = first_year(c->medline_date);
	for (size_t i = 0; i < c->n_comments && !c->retracted; i++)
		if (c->comments[i].ref_type && strcmp(c->comments[i].ref_type, "RetractionIn") == 0)
			c->retracted = true;
	for (size_t i = 0; i < c->n_pub_types && !c->retracted; i++)
		if (strcmp(c->pub_types[i], "Retracted Publication") == 0)
			c->retracted = true;
	c->source_format = xstrdup("pubmed-xml");
	c->line = p->rec_line;
	c->raw = p->raw.buf;  /* lent to the sink, taken back below */
	int rc = 0;
	if (p->sink && p->sink->on_citation)
		rc = p->sink->on_citation(p->sink->ctx, c, p->err);
	c->raw = NULL;
	p->records++;
	record_reset(p);
	if (rc != 0)
		fail_set(p);
}

/* ---- MathML ------------------------------------------------------------ */

/* MathML inside a field is flattened to text as it streams by: tokens are
 * joined without the whitespace that indents them, sub- and superscripts
 * become Unicode sub/superscript characters when every character has one
 * (VO₂max, ¹²⁹Xe), an accent over a token becomes a combining mark (V̇),
 * annotations (LaTeX copies) are dropped. Each element inside <math> gets
 * a frame noting where its text starts in p->text. */

#define MATHML_NS "http://www.w3.org/1998/Math/MathML"

static bool is_mathml(const xmlChar *uri, const xmlChar *prefix, const xmlChar *local)
{
	if (uri)
		return strcmp((const char *)uri, MATHML_NS) == 0;
	/* an undeclared "mml:" prefix (a namespace warning, not fatal) */
	return (prefix && strcmp((const char *)prefix, "mml") == 0) ||
	       strncmp((const char *)local, "mml:", 4) == 0;
}

static enum mkind math_kind(const xmlChar *local_)
{
	const char *l = (const char *)local_;
	if (strncmp(l, "mml:", 4) == 0)
		l += 4;
	static const struct { const char *name; enum mkind kind; } k[] = {
		{ "math", M_OTHER }, { "mi", M_TOKEN }, { "mn", M_TOKEN }, { "mo", M_TOKEN },
		{ "mtext", M_TEXT }, { "ms", M_TEXT }, { "msub", M_SUB }, { "msup", M_SUP },
		{ "msubsup", M_SUBSUP }, { "mmultiscripts", M_MULTI },
		{ "mprescripts", M_PRESCRIPTS }, { "mover", M_OVER }, { "munder", M_UNDER },
		{ "munderover", M_UNDEROVER }, { "mfrac", M_FRAC }, { "msqrt", M_SQRT },
		{ "mspace", M_SPACE }, { "annotation", M_DROP }, { "annotation-xml", M_DROP },
		{ "mfenced", M_FENCED },
	};
	for (size_t i = 0; i < sizeof k / sizeof *k; i++)
		if (strcmp(l, k[i].name) == 0)
			return k[i].kind;
	return M_OTHER;
}

/* One code point of s[0..n) at *i (advanced), or -1 for a broken sequence. */
static long utf8_next(const char *s, size_t n, size_t *i)
{
	unsigned char c = (unsigned char)s[*i];
	int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 :
		  (c & 0xF8) == 0xF0 ? 4 : 0;
	if (!len || *i + (size_t)len > n)
		return -1;
	long cp = len == 1 ? c : c & (0x7F >> len);
	for (int k = 1; k < len; k++)
		cp = (cp << 6) | ((unsigned char)s[*i + (size_t)k] & 0x3F);
	*i += (size_t)len;
	return cp;
}

static void put_utf8(struct strbuf *sb, long cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) { u[0] = (char)cp; n = 1; }
	else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
	else if (cp < 0x10000) { u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
	else { u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)); u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4; }
	put(sb, u, n);
}

/* The Unicode subscript (sup = false) or superscript of cp, or 0. */
static long script_of(long cp, bool sup)
{
	static const long sup_digit[10] = { 0x2070, 0xB9, 0xB2, 0xB3, 0x2074, 0x2075,
					    0x2076, 0x2077, 0x2078, 0x2079 };
	if (cp >= '0' && cp <= '9')
		return sup ? sup_digit[cp - '0'] : 0x2080 + (cp - '0');
	switch (cp) {
	case '+': return sup ? 0x207A : 0x208A;
	case '-': case 0x2212: case 0x2013: return sup ? 0x207B : 0x208B;
	case '=': return sup ? 0x207C : 0x208C;
	case '(': return sup ? 0x207D : 0x208D;
	case ')': return sup ? 0x207E : 0x208E;
	default: break;
	}
	if (sup)
		return cp == 'n' ? 0x207F : cp == 'i' ? 0x2071 : 0;
	static const char sub_letters[] = "aeoxhklmnpst";
	static const long sub_cp[] = { 0x2090, 0x2091, 0x2092, 0x2093, 0x2095, 0x2096, 0x2097,
				       0x2098, 0x2099, 0x209A, 0x209B, 0x209C };
	const char *q = cp > 0 && cp < 0x80 ? strchr(sub_letters, (int)cp) : NULL;
	if (q)
		return sub_cp[q - sub_letters];
	return cp == 'i' ? 0x1D62 : cp == 'r' ? 0x1D63 : cp == 'u' ? 0x1D64 : cp == 'v' ? 0x1D65 :
	       cp == 'j' ? 0x2C7C : 0;
}

/* Turn p->text[from..] into sub/superscript characters when every one of
 * them has such a form; otherwise leave it as it is. */
static void math_script(struct pm_parser *p, size_t from, bool sup)
{
	if (!p->text.buf || from >= p->text.len)
		return;
	const char *s = p->text.buf + from;
	size_t n = p->text.len - from;
	for (size_t i = 0; i < n;) {
		long cp = utf8_next(s, n, &i);
		if (cp < 0 || !script_of(cp, sup))
			return;
	}
	char *copy = xmalloc(n);
	memcpy(copy, s, n);
	p->text.len = from;
	for (size_t i = 0; i < n;)
		put_utf8(&p->text, script_of(utf8_next(copy, n, &i), sup));
	free(copy);
}

/* The combining mark for an accent written over (or under) a base, or 0. */
static long accent_mark(const char *s, size_t n)
{
	size_t i = 0;
	long cp = n ? utf8_next(s, n, &i) : -1;
	if (cp < 0 || i != n)
		return 0;
	switch (cp) {
	case 0x2D9: case 0x307: case '.': case 0xB7: case 0x22C5: case 0x2022: return 0x307;
	case 0xA8: case 0x308: return 0x308;                   /* diaeresis: two dots */
	case 0xAF: case 0x203E: case 0x304: case '_': case 0x2015: return 0x304;  /* bar */
	case '^': case 0x2C6: case 0x302: return 0x302;
	case '~': case 0x2DC: case 0x303: return 0x303;
	case 0x2192: case 0x20D7: return 0x20D7;                /* vector arrow */
	default: return 0;
	}
}

static struct math_frame *math_top(struct pm_parser *p)
{
	return p->math_n ? &p->math[p->math_n - 1] : NULL;
}

/* An element starts inside a field: <math> opens the flattening, anything
 * inside it gets a frame. */
static void math_start(struct pm_parser *p, const xmlChar *local, const xmlChar *prefix,
		       const xmlChar *uri, int nb_attrs, const xmlChar **attrs)
{
	const char *bare = (const char *)local;
	if (!uri && strncmp(bare, "mml:", 4) == 0)
		bare += 4;
	bool mml = is_mathml(uri, prefix, local);
	if (!p->math_n && (!mml || strcmp(bare, "math") != 0))
		return;
	if (p->math_n == MAX_DEPTH)
		return;    /* cannot happen: MAX_DEPTH bounds the element stack */
	enum mkind kind = mml ? math_kind(local) : M_OTHER;
	struct math_frame *parent = math_top(p);
	int index = 0;
	if (parent) {
		index = parent->nchild++;
		if (parent->kind == M_FRAC && index == 1)
			putc_(&p->text, '/');
		if (parent->kind == M_MULTI && kind == M_PRESCRIPTS && !parent->has_pre) {
			parent->has_pre = true;
			parent->pre = p->text.len;
			parent->pre_index = index;
		}
		if (index < 3)
			parent->cs[index] = p->text.len;
	}
	struct math_frame *f = &p->math[p->math_n++];
	memset(f, 0, sizeof *f);
	f->kind = (unsigned char)kind;
	f->depth = p->depth;
	f->index = index;
	f->start = p->text.len;
	f->drop = kind == M_DROP || (parent && parent->drop);
	if (kind == M_SQRT) {
		puts_(&p->text, "\u221a");
	} else if (kind == M_FENCED) {
		struct attr_val v = { "(", 1 };
		for (int i = 0; i < nb_attrs; i++)
			if (!attrs[5 * i + 1] && strcmp((const char *)attrs[5 * i], "open") == 0)
				v = (struct attr_val){ (const char *)attrs[5 * i + 3],
						       (size_t)(attrs[5 * i + 4] - attrs[5 * i + 3]) };
		put(&p->text, v.s, v.n);
		f->close = ')';
		for (int i = 0; i < nb_attrs; i++)
			if (!attrs[5 * i + 1] && strcmp((const char *)attrs[5 * i], "close") == 0)
				f->close = attrs[5 * i + 4] > attrs[5 * i + 3] ? (char)attrs[5 * i + 3][0] : 0;
	}
}

/* The element at depth ends: finish its frame. */
static void math_end(struct pm_parser *p, int depth)
{
	struct math_frame *f = math_top(p);
	if (!f || f->depth != depth)
		return;
	struct strbuf *t = &p->text;
	switch (t->buf && f->start <= t->len ? (enum mkind)f->kind : M_OTHER) {
	case M_DROP:
		t->len = f->start;
		t->buf[t->len] = '\0';
		break;
	case M_SPACE:
		if (t->len && t->buf[t->len - 1] != ' ')
			putc_(t, ' ');
		break;
	case M_FENCED:
		if (f->close && (unsigned char)f->close < 0x80)
			putc_(t, f->close);
		break;
	case M_MULTI:
		if (f->has_pre && f->pre >= f->start && f->pre <= t->len) {
			/* prescripts go before the base: ¹²⁹Xe */
			size_t a = f->pre - f->start, b = t->len - f->pre;
			char *seg = xmalloc(a + b + 1);
			memcpy(seg, t->buf + f->start, a + b);
			memcpy(t->buf + f->start, seg + a, b);
			memcpy(t->buf + f->start + b, seg, a);
			free(seg);
		}
		break;
	case M_OVER:
	case M_UNDER:
	case M_UNDEROVER: {
		int k = f->kind == M_UNDEROVER ? 2 : 1;
		if (f->nchild == k + 1 && f->cs[k] >= f->start && f->cs[k] <= t->len) {
			long mark = accent_mark(t->buf + f->cs[k], t->len - f->cs[k]);
			if (mark && f->kind == M_UNDER)
				mark = mark == 0x304 ? 0x331 : mark == 0x307 ? 0x323 : 0;
			if (mark && f->cs[k] > f->start) {
				t->len = f->cs[k];
				put_utf8(t, mark);
			}
		}
		break;
	}
	default:
		break;
	}
	p->math_n--;
	struct math_frame *parent = math_top(p);
	if (!parent)
		return;
	/* this element as a script of its parent */
	int i = f->index, sub = -1;
	if (parent->kind == M_SUB && i == 1)
		sub = 1;
	else if (parent->kind == M_SUP && i == 1)
		sub = 0;
	else if (parent->kind == M_SUBSUP && (i == 1 || i == 2))
		sub = i == 1;
	else if (parent->kind == M_MULTI && i >= 1 && f->kind != M_PRESCRIPTS) {
		int k = parent->has_pre && i > parent->pre_index ? i - parent->pre_index - 1 : i - 1;
		sub = k % 2 == 0;
	}
	if (sub >= 0 && f->start <= t->len)
		math_script(p, f->start, sub == 0);
}

/* Text inside <math>: whitespace between and inside tokens goes (it is
 * indentation), mtext keeps its own; annotations are dropped. */
static void math_text(struct pm_parser *p, const char *s, size_t n)
{
	struct math_frame *f = math_top(p);
	if (f->drop)
		return;
	if (f->kind == M_TEXT) {
		put(&p->text, s, n);
		return;
	}
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && !is_ws(s[i]))
			continue;
		put(&p->text, s + start, i - start);
		start = i + 1;
	}
}

/* ---- SAX callbacks --------------------------------------------------- */

/* Callbacks get the parser context (libxml2's own SAX2 handlers, kept for
 * the internal subset, need userData == ctxt); our state hangs off it. */
static struct pm_parser *state(void *ud)
{
	return ((xmlParserCtxtPtr)ud)->_private;
}

static void capture(struct pm_parser *p, enum field f)
{
	if (p->cap_depth)
		return;       /* nested (inline) element: its text is already ours */
	p->cap_depth = p->depth;
	p->cap_field = f;
	p->math_n = 0;
	strbuf_reset(&p->text);
}

/* Free the record's authors (a chapter's list replaces the book's). Only
 * called while no author list, hence no author, is open. */
static void authors_clear(struct pm_parser *p)
{
	struct citation *c = &p->c;
	for (size_t i = 0; i < c->n_authors; i++) {
		struct author *a = &c->authors[i];
		free(a->last_name); free(a->fore_name); free(a->initials);
		free(a->suffix); free(a->collective_name); free(a->orcid);
		for (size_t j = 0; j < a->n_affiliations; j++)
			free(a->affiliations[j]);
		free(a->affiliations);
		memset(a, 0, sizeof *a);
	}
	c->n_authors = 0;
	p->cur_author = -1;
	p->author_depth = 0;
}

static bool is_root(enum elem id)
{
	return id == E_PubmedArticleSet || id == E_MedlineCitationSet ||
	       id == E_PubmedBookArticleSet || id == E_PubmedArticle ||
	       id == E_PubmedBookArticle || id == E_MedlineCitation;
}

static void start_fields(struct pm_parser *p, enum elem id, enum elem parent,
			 int nb_attrs, const xmlChar **attrs)
{
	struct citation *c = &p->c;
	enum elem grand = p->depth >= 3 ? (enum elem)p->stack[p->depth - 3] : E_UNKNOWN;
	/* a direct child of the Author being filled */
	bool in_author = parent == E_Author && p->author_depth && p->author_depth == p->depth - 1;

	switch (id) {
	case E_PMID:
		if (parent == E_DeleteCitation) {
			capture(p, F_DELETE_PMID);
		} else if (!p->rec_depth) {
			break;
		} else if (parent == E_MedlineCitation || parent == E_BookDocument) {
			if (!c->pmid) {
				struct attr_val v;
				if (attr_get(p, nb_attrs, attrs, A_Version, &v)) {
					int ver = version_value(v.s, v.n);
					if (ver < 0) {
						char q[48];
						quote_value(q, sizeof q, v.s, v.n);
						fail_data(p, "record at line %ld: invalid PMID Version \"%s\" "
							  "(expected a number from 1 to %d)", p->rec_line, q,
							  PUBMED_XML_MAX_VERSION);
						break;
					}
					c->pmid_version = ver;
				}
				capture(p, F_PMID);
			}
		} else if (parent == E_CommentsCorrections && p->cc_depth == p->depth - 1) {
			capture(p, F_CC_PMID);
		}
		break;
	case E_ArticleTitle:
		if (parent == E_Article || parent == E_BookDocument) {
			p->have_article_title = true;
			capture(p, F_TITLE);
		}
		break;
	case E_VernacularTitle:
		if (parent == E_Article || parent == E_BookDocument)
			capture(p, F_VERNACULAR);
		break;
	case E_Abstract:
		if ((parent == E_Article || parent == E_BookDocument) && !p->abs_depth) {
			p->cur_abs = &c->abstract;
			p->abs_depth = p->depth;
		}
		break;
	case E_OtherAbstract:
		if ((parent == E_MedlineCitation || parent == E_BookDocument) && !p->abs_depth) {
			struct abstract *a = push(&c->other_abstracts, &c->n_other_abstracts,
						  &p->cap_other, sizeof *a);
			a->type = attr_dup(p, nb_attrs, attrs, A_Type);
			a->language = attr_dup(p, nb_attrs, attrs, A_Language);
			p->cur_abs = a;
			p->abs_depth = p->depth;
		}
		break;
	case E_AbstractText:
		if ((parent == E_Abstract || parent == E_OtherAbstract) && p->abs_depth == p->depth - 1) {
			free(p->sec_label);
			free(p->sec_cat);
			p->sec_label = attr_dup(p, nb_attrs, attrs, A_Label);
			p->sec_cat = attr_dup(p, nb_attrs, attrs, A_NlmCategory);
			capture(p, F_ABSTRACT_TEXT);
		}
		break;
	case E_CopyrightInformation:
		if ((parent == E_Abstract || parent == E_OtherAbstract) && p->abs_depth == p->depth - 1)
			capture(p, F_COPYRIGHT);
		break;
	case E_AuthorList:
		/* One list at a time: a list nested in an open one (in an author,
		 * a book's list holding a BookDocument...) is not a list. No list
		 * is open, so no author is. */
		if (p->list_depth)
			break;
		if (parent == E_Article) {
			p->list_depth = p->depth;
		} else if ((parent == E_BookDocument || parent == E_Book) &&
			   !attr_is(p, nb_attrs, attrs, A_Type, "editors")) {
			p->list_depth = p->depth;
			if (parent == E_BookDocument && p->authors_from_book) {
				/* chapter authors replace the book's */
				authors_clear(p);
				p->authors_from_book = false;
			}
			if (parent == E_Book)
				p->authors_from_book = true;
		}
		break;
	case E_Author:
		if (parent == E_AuthorList && p->list_depth == p->depth - 1 && !p->author_depth) {
			struct author *a = push(&c->authors, &c->n_authors, &p->cap_authors, sizeof *a);
			a->equal_contrib = attr_is(p, nb_attrs, attrs, A_EqualContrib, "Y");
			p->cur_author = (long)c->n_authors - 1;
			p->author_depth = p->depth;
		}
		break;
	case E_LastName: if (in_author) capture(p, F_LAST); break;
	case E_ForeName:
	case E_FirstName: if (in_author) capture(p, F_FORE); break;
	case E_Initials: if (in_author) capture(p, F_INITIALS); break;
	case E_Suffix: if (in_author) capture(p, F_SUFFIX); break;
	case E_CollectiveName: if (in_author) capture(p, F_COLLECTIVE); break;
	case E_Identifier:
		if (in_author && attr_is(p, nb_attrs, attrs, A_Source, "ORCID"))
			capture(p, F_ORCID);
		break;
	case E_Affiliation:
		if (in_author || (parent == E_AffiliationInfo && grand == E_Author &&
				  p->author_depth && p->author_depth == p->depth - 2))
			capture(p, F_AFFILIATION);
		break;
	case E_Title: if (parent == E_Journal) capture(p, F_JOURNAL); break;
	case E_ISOAbbreviation: if (parent == E_Journal) capture(p, F_ISO); break;
	case E_ISSN: if (parent == E_Journal) capture(p, F_ISSN); break;
	case E_Volume: if (parent == E_JournalIssue || parent == E_Book) capture(p, F_VOLUME); break;
	case E_Issue: if (parent == E_JournalIssue) capture(p, F_ISSUE); break;
	case E_MedlinePgn: if (parent == E_Pagination) capture(p, F_MEDLINE_PGN); break;
	case E_StartPage: if (parent == E_Pagination) capture(p, F_START_PAGE); break;
	case E_EndPage: if (parent == E_Pagination) capture(p, F_END_PAGE); break;
	case E_PubDate:
		if ((parent == E_JournalIssue || parent == E_Book) && !p->pub_date_done &&
		    !p->date_depth) {
			p->date_kind = E_PubDate;
			p->date_depth = p->depth;
		}
		break;
	case E_ArticleDate:
		if (parent == E_Article && !p->article_date_done && !p->date_depth) {
			struct attr_val v;
			if (!attr_get(p, nb_attrs, attrs, A_DateType, &v) ||
			    (v.n == 10 && memcmp(v.s, "Electronic", 10) == 0)) {
				p->date_kind = E_ArticleDate;
				p->date_depth = p->depth;
				p->dy[0] = p->dm[0] = p->dd[0] = '\0';
			}
		}
		break;
	case E_DateRevised:
	case E_DateCompleted:
		if ((parent == E_MedlineCitation || parent == E_BookDocument) && !p->date_depth) {
			p->date_kind = id;
			p->date_depth = p->depth;
			p->dy[0] = p->dm[0] = p->dd[0] = '\0';
		}
		break;
	case E_Year:
	case E_Month:
	case E_Day:
	case E_Season:
	case E_MedlineDate:
		if (!p->date_depth || p->date_depth != p->depth - 1 || parent != p->date_kind)
			break;
		if (p->date_kind == E_PubDate)
			capture(p, id == E_Year ? F_PUB_YEAR : id == E_Month ? F_PUB_MONTH :
				id == E_Day ? F_PUB_DAY : id == E_Season ? F_PUB_SEASON : F_MEDLINE_DATE);
		else if (id == E_Year || id == E_Month || id == E_Day)
			capture(p, id == E_Year ? F_DATE_YEAR : id == E_Month ? F_DATE_MONTH : F_DATE_DAY);
		break;
	case E_Language:
		if (parent == E_Article || parent == E_BookDocument)
			capture(p, F_LANGUAGE);
		break;
	case E_PublicationType:
		if (parent == E_PublicationTypeList || parent == E_BookDocument)
			capture(p, F_PUB_TYPE);
		break;
	case E_DescriptorName:
		if (parent == E_MeshHeading && grand == E_MeshHeadingList && !p->mesh_depth) {
			struct mesh_heading *m = push(&c->mesh, &c->n_mesh, &p->cap_mesh, sizeof *m);
			p->cur_mesh = (long)c->n_mesh - 1;
			p->mesh_depth = p->depth - 1;   /* owned by the MeshHeading */
			m->ui = attr_dup(p, nb_attrs, attrs, A_UI);
			m->major = attr_is(p, nb_attrs, attrs, A_MajorTopicYN, "Y");
			capture(p, F_DESCRIPTOR);
		}
		break;
	case E_QualifierName:
		if (parent == E_MeshHeading && p->mesh_depth && p->mesh_depth == p->depth - 1) {
			struct mesh_heading *m = &c->mesh[p->cur_mesh];
			struct mesh_qualifier *q = push_nested(&m->qualifiers, &m->n_qualifiers, sizeof *q);
			q->ui = attr_dup(p, nb_attrs, attrs, A_UI);
			q->major = attr_is(p, nb_attrs, attrs, A_MajorTopicYN, "Y");
			capture(p, F_QUALIFIER);
		}
		break;
	case E_Keyword:
		if (parent == E_KeywordList)
			capture(p, F_KEYWORD);
		break;
	case E_ELocationID:
		if (parent == E_Article || parent == E_BookDocument) {
			p->id_kind = attr_is(p, nb_attrs, attrs, A_EIdType, "doi") ? ID_DOI :
				     attr_is(p, nb_attrs, attrs, A_EIdType, "pii") ? ID_PII : ID_OTHER;
			p->eloc_valid = !attr_is(p, nb_attrs, attrs, A_ValidYN, "N");
			if (p->id_kind != ID_OTHER && p->eloc_valid)
				capture(p, F_ELOCATION);
		}
		break;
	case E_ArticleId:
		/* Only the record's own list: Reference lists are skipped whole,
		 * this guards against any other nesting. */
		if (parent == E_ArticleIdList &&
		    (grand == E_PubmedData || grand == E_BookDocument || grand == E_PubmedBookData)) {
			p->id_kind = attr_is(p, nb_attrs, attrs, A_IdType, "doi") ? ID_DOI :
				     attr_is(p, nb_attrs, attrs, A_IdType, "pii") ? ID_PII :
				     attr_is(p, nb_attrs, attrs, A_IdType, "pmc") ? ID_PMC : ID_OTHER;
			if (p->id_kind != ID_OTHER)
				capture(p, F_ARTICLE_ID);
		}
		break;
	case E_MedlineTA: if (parent == E_MedlineJournalInfo) capture(p, F_MEDLINE_TA); break;
	case E_PublicationStatus:
		if (parent == E_PubmedData || parent == E_PubmedBookData)
			capture(p, F_PUB_STATUS);
		break;
	case E_CommentsCorrections:
		if (parent == E_CommentsCorrectionsList && !p->cc_depth) {
			struct comment_correction *cc = push(&c->comments, &c->n_comments,
							     &p->cap_comments, sizeof *cc);
			p->cur_comment = (long)c->n_comments - 1;
			p->cc_depth = p->depth;
			cc->ref_type = attr_dup(p, nb_attrs, attrs, A_RefType);
		}
		break;
	case E_RefSource:
		if (parent == E_CommentsCorrections && p->cc_depth == p->depth - 1)
			capture(p, F_REF_SOURCE);
		break;
	case E_OtherID:
		if (parent == E_MedlineCitation && attr_is(p, nb_attrs, attrs, A_Source, "NLM"))
			capture(p, F_OTHER_ID);
		break;
	case E_BookTitle: if (parent == E_Book) capture(p, F_BOOK_TITLE); break;
	case E_PublisherName: if (parent == E_Publisher) capture(p, F_PUBLISHER); break;
	default:
		break;
	}
}

static void sax_start(void *ud, const xmlChar *local, const xmlChar *prefix,
		      const xmlChar *uri, int nb_ns, const xmlChar **ns,
		      int nb_attrs, int nb_defaulted, const xmlChar **attrs)
{
	struct pm_parser *p = state(ud);
	if (p->failed)
		return;
	enum elem id = uri ? E_UNKNOWN : elem_id(p, local);
	enum elem parent = p->depth > 0 ? (enum elem)p->stack[p->depth - 1] : E_UNKNOWN;
	if (p->depth >= MAX_DEPTH) {
		fail_data(p, "malformed XML: elements nested too deeply");
		return;
	}
	p->stack[p->depth++] = (unsigned char)id;

	if (!p->root_seen) {
		p->root_seen = true;
		if (!is_root(id)) {
			fail_data(p, "not PubMed XML: root element <%s%s%s>",
				  prefix ? (const char *)prefix : "", prefix ? ":" : "",
				  (const char *)local);
			return;
		}
	}
	if (!p->rec_depth && !p->cap_depth &&
	    (id == E_PubmedArticle || id == E_PubmedBookArticle || id == E_MedlineCitation))
		record_start(p, id == E_PubmedBookArticle);
	if (p->rec_depth) {
		raw_start(p, local, prefix, nb_ns, ns, nb_attrs, nb_defaulted, attrs);
		if (p->raw.len > PUBMED_XML_MAX_RECORD) {
			fail_data(p, "record %s%s is larger than %u MiB; refusing it",
				  p->c.pmid ? "PMID " : "at line ", p->c.pmid ? p->c.pmid : "?",
				  PUBMED_XML_MAX_RECORD >> 20);
			return;
		}
	}
	if (p->skip_depth)
		return;
	if (id == E_ReferenceList) {
		p->skip_depth = p->depth;
		return;
	}
	if (p->cap_depth)
		math_start(p, local, prefix, uri, nb_attrs, attrs);
	/* Inside a field being collected every element is inline markup: it
	 * adds its text to the field and never makes or changes state. */
	if (id != E_UNKNOWN && !p->cap_depth && (p->rec_depth || id == E_PMID))
		start_fields(p, id, parent, nb_attrs, attrs);
}

/* Whether the collected text is a valid PMID; if not, fail naming where
 * (what: "record", "DeleteCitation"...) and the value. */
static bool check_pmid(struct pm_parser *p, const char *what)
{
	if (pmid_valid(p->text.buf, p->text.len))
		return true;
	char q[48];
	quote_value(q, sizeof q, p->text.buf, p->text.len);
	if (p->rec_depth)
		fail_data(p, "%s PMID \"%s\" is invalid (record at line %ld; expected digits, "
			  "1 to %ld)", what, q, p->rec_line, PUBMED_XML_MAX_PMID);
	else
		fail_data(p, "%s PMID \"%s\" is invalid (expected digits, 1 to %ld)", what, q,
			  PUBMED_XML_MAX_PMID);
	return false;
}

static void end_capture(struct pm_parser *p)
{
	struct citation *c = &p->c;
	/* The state a field lands in is owned by an ancestor of the field's
	 * element, which is still open; the checks below are a second line. */
	struct author *au = p->author_depth && p->cur_author >= 0 &&
		(size_t)p->cur_author < c->n_authors ? &c->authors[p->cur_author] : NULL;
	struct abstract *ab = p->abs_depth ? p->cur_abs : NULL;
	struct mesh_heading *mh = p->mesh_depth && p->cur_mesh >= 0 &&
		(size_t)p->cur_mesh < c->n_mesh ? &c->mesh[p->cur_mesh] : NULL;
	struct comment_correction *cc = p->cc_depth && p->cur_comment >= 0 &&
		(size_t)p->cur_comment < c->n_comments ? &c->comments[p->cur_comment] : NULL;
	enum field f = p->cap_field;
	p->cap_depth = 0;
	p->cap_field = F_NONE;
	normalise(&p->text);

	switch (f) {
	case F_NONE: break;
	case F_PMID:
		if (p->text.len && !check_pmid(p, "record"))
			break;
		set_once(p, &c->pmid);
		break;
	case F_DELETE_PMID:
		if (p->text.len && !check_pmid(p, "DeleteCitation"))
			break;
		if (p->text.len && p->sink && p->sink->on_delete &&
		    p->sink->on_delete(p->sink->ctx, p->text.buf, p->err) != 0)
			fail_set(p);
		break;
	case F_CC_PMID:
		if (cc && (!p->text.len || check_pmid(p, "CommentsCorrections")))
			set_once(p, &cc->pmid);
		break;
	case F_TITLE: set_once(p, &c->title); break;
	case F_VERNACULAR: set_once(p, &c->vernacular_title); break;
	case F_ABSTRACT_TEXT: {
		if (!ab)
			break;
		struct abstract_section *s = push_nested(&ab->sections, &ab->n_sections, sizeof *s);
		s->label = p->sec_label;
		s->nlm_category = p->sec_cat;
		p->sec_label = p->sec_cat = NULL;
		s->text = text_dup(p);
		break;
	}
	case F_COPYRIGHT: if (ab) set_once(p, &ab->copyright); break;
	case F_LAST: if (au) set_once(p, &au->last_name); break;
	case F_FORE: if (au) set_once(p, &au->fore_name); break;
	case F_INITIALS: if (au) set_once(p, &au->initials); break;
	case F_SUFFIX: if (au) set_once(p, &au->suffix); break;
	case F_COLLECTIVE: if (au) set_once(p, &au->collective_name); break;
	case F_ORCID: if (au) set_once(p, &au->orcid); break;
	case F_AFFILIATION:
		if (au && p->text.len) {
			char **a = push_nested(&au->affiliations, &au->n_affiliations, sizeof *a);
			*a = text_dup(p);
		}
		break;
	case F_JOURNAL: set_once(p, &c->journal); break;
	case F_ISO: set_once(p, &c->iso_abbrev); break;
	case F_ISSN: set_once(p, &c->issn); break;
	case F_VOLUME: set_once(p, &c->volume); break;
	case F_ISSUE: set_once(p, &c->issue); break;
	case F_MEDLINE_PGN: if (p->text.len) set_once(p, &c->pages); break;
	case F_START_PAGE: set_once(p, &p->start_page); break;
	case F_END_PAGE: set_once(p, &p->end_page); break;
	case F_PUB_YEAR: if (!c->pub_year) c->pub_year = first_year(p->text.buf); break;
	case F_PUB_MONTH: set_once(p, &c->pub_month); break;
	case F_PUB_DAY: set_once(p, &c->pub_day); break;
	case F_PUB_SEASON: set_once(p, &c->pub_season); break;
	case F_MEDLINE_DATE: set_once(p, &c->medline_date); break;
	case F_DATE_YEAR: copy_small(p->dy, sizeof p->dy, &p->text); break;
	case F_DATE_MONTH: copy_small(p->dm, sizeof p->dm, &p->text); break;
	case F_DATE_DAY: copy_small(p->dd, sizeof p->dd, &p->text); break;
	case F_LANGUAGE: {
		char **s = push(&c->languages, &c->n_languages, &p->cap_lang, sizeof *s);
		*s = text_dup(p);
		break;
	}
	case F_PUB_TYPE: {
		char **s = push(&c->pub_types, &c->n_pub_types, &p->cap_types, sizeof *s);
		*s = text_dup(p);
		break;
	}
	case F_DESCRIPTOR: if (mh) set_once(p, &mh->descriptor); break;
	case F_QUALIFIER:
		if (mh && mh->n_qualifiers)
			set_once(p, &mh->qualifiers[mh->n_qualifiers - 1].name);
		break;
	case F_KEYWORD:
		if (p->text.len) {
			char **s = push(&c->keywords, &c->n_keywords, &p->cap_kw, sizeof *s);
			*s = text_dup(p);
		}
		break;
	case F_ELOCATION:
	case F_ARTICLE_ID:
		if (!p->text.len)
			break;
		if (p->id_kind == ID_DOI) {
			set_once(p, &c->doi);
		} else if (p->id_kind == ID_PII) {
			set_once(p, &c->pii);
		} else if (p->id_kind == ID_PMC && (!c->pmcid || p->pmc_from_other_id)) {
			free(c->pmcid);
			c->pmcid = text_dup(p);
			p->pmc_from_other_id = false;
		}
		break;
	case F_MEDLINE_TA: set_once(p, &p->medline_ta); break;
	case F_PUB_STATUS: set_once(p, &c->pub_status); break;
	case F_REF_SOURCE: if (cc) set_once(p, &cc->ref_source); break;
	case F_OTHER_ID:
		if (!c->pmcid) {
			c->pmcid = pmc_token(p->text.buf);
			p->pmc_from_other_id = c->pmcid != NULL;
		}
		break;
	case F_BOOK_TITLE: set_once(p, &c->journal); break;
	case F_PUBLISHER: set_once(p, &p->publisher); break;
	}
	strbuf_reset(&p->text);
}

static void sax_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct pm_parser *p = state(ud);
	(void)uri;
	if (p->failed || p->depth == 0)
		return;
	int depth = p->depth;
	enum elem id = (enum elem)p->stack[depth - 1];

	if (p->rec_depth)
		raw_end(p, local, prefix);
	if (p->skip_depth) {
		if (p->skip_depth == depth)
			p->skip_depth = 0;
	} else if (p->cap_depth && p->cap_depth < depth) {
		/* inline markup inside a field: no state of its own */
		if (p->math_n)
			math_end(p, depth);
	} else {
		if (p->cap_depth == depth)
			end_capture(p);
		/* Each end tag clears only the state its own start tag made. */
		switch (id) {
		case E_Author:
			if (p->author_depth == depth) {
				p->author_depth = 0;
				p->cur_author = -1;
			}
			break;
		case E_AuthorList:
			if (p->list_depth == depth)
				p->list_depth = 0;
			break;
		case E_Abstract:
		case E_OtherAbstract:
			if (p->abs_depth == depth) {
				p->abs_depth = 0;
				p->cur_abs = NULL;
			}
			break;
		case E_MeshHeading:
			if (p->mesh_depth == depth) {
				p->mesh_depth = 0;
				p->cur_mesh = -1;
			}
			break;
		case E_CommentsCorrections:
			if (p->cc_depth == depth) {
				p->cc_depth = 0;
				p->cur_comment = -1;
			}
			break;
		case E_PubDate:
			if (p->date_depth == depth && p->date_kind == E_PubDate) {
				p->date_kind = E_UNKNOWN;
				p->date_depth = 0;
				p->pub_date_done = true;
			}
			break;
		case E_ArticleDate:
		case E_DateRevised:
		case E_DateCompleted:
			if (p->date_depth == depth && p->date_kind == id) {
				char **slot = id == E_ArticleDate ? &p->c.article_date :
					      id == E_DateRevised ? &p->c.date_revised : &p->c.date_completed;
				if (!*slot)
					*slot = date_string(p);
				if (id == E_ArticleDate)
					p->article_date_done = true;
				p->date_kind = E_UNKNOWN;
				p->date_depth = 0;
			}
			break;
		default:
			break;
		}
	}
	p->depth--;
	if (p->rec_depth == depth && !p->failed)
		record_end(p);
}

static void add_text(struct pm_parser *p, const char *s, size_t n)
{
	if (p->rec_depth) {
		raw_escaped(&p->raw, s, n, false);
		if (p->raw.len > PUBMED_XML_MAX_RECORD) {
			fail_data(p, "record %s%s is larger than %u MiB; refusing it",
				  p->c.pmid ? "PMID " : "", p->c.pmid ? p->c.pmid : "without PMID yet",
				  PUBMED_XML_MAX_RECORD >> 20);
			return;
		}
	}
	if (p->cap_depth) {
		if (p->math_n)
			math_text(p, s, n);
		else
			put(&p->text, s, n);
		if (p->text.len > PUBMED_XML_MAX_FIELD) {
			enum elem id = (enum elem)p->stack[p->cap_depth - 1];
			fail_data(p, "record %s%s: <%s> is longer than %u MiB; refusing the file "
				  "(not a real PubMed record?)",
				  p->c.pmid ? "PMID " : "", p->c.pmid ? p->c.pmid : "without PMID yet",
				  elem_names[id], PUBMED_XML_MAX_FIELD >> 20);
		}
	}
}

static void sax_characters(void *ud, const xmlChar *ch, int len)
{
	struct pm_parser *p = state(ud);
	if (p->failed || len <= 0)
		return;
	/* Without entities the text can never outgrow the input: more than
	 * that is internal entities expanding (libxml2 stops the exponential
	 * kind; this stops the quadratic kind wherever the text lands). */
	p->text_total += len;
	if (p->text_total > AMPLIFICATION * p->bytes_in + (4LL << 20)) {
		fail_data(p, "malformed XML: entity expansion too large (%lld bytes of text from "
			  "%lld bytes of input; entity bomb?)", p->text_total, p->bytes_in);
		return;
	}
	if (!p->rec_depth && !p->cap_depth)
		return;
	add_text(p, (const char *)ch, (size_t)len);
}

/* Entities are looked up only among the predefined ones and those declared
 * in the document's internal subset; nothing external is ever fetched (the
 * default handler would load external entities when validating or
 * substituting). */
static xmlEntityPtr sax_get_entity(void *ud, const xmlChar *name)
{
	struct pm_parser *p = state(ud);
	if (!p->ctxt->inSubset) {
		xmlEntityPtr e = xmlGetPredefinedEntity(name);
		if (e)
			return e;
	}
	return p->ctxt->myDoc ? xmlGetDocEntity(p->ctxt->myDoc, name) : NULL;
}

/* Called for entity references left unexpanded. The content of internal
 * entities has already come through the characters callback (within
 * libxml2's amplification limits); an external entity is never read: its
 * reference stays as literal text "&name;". */
static void sax_reference(void *ud, const xmlChar *name)
{
	struct pm_parser *p = state(ud);
	if (p->failed)
		return;
	xmlEntityPtr e = sax_get_entity(p->ctxt, name);
	if (e && (e->etype == XML_INTERNAL_GENERAL_ENTITY ||
		  e->etype == XML_INTERNAL_PREDEFINED_ENTITY))
		return;
	size_t n = strlen((const char *)name);
	if (!p->rec_depth && !p->cap_depth)
		return;
	char buf[128];
	if (n + 3 > sizeof buf)
		n = sizeof buf - 3;
	buf[0] = '&';
	memcpy(buf + 1, name, n);
	buf[n + 1] = ';';
	add_text(p, buf, n + 2);
}

static xmlParserInputPtr sax_resolve_entity(void *ud, const xmlChar *public_id,
					    const xmlChar *system_id)
{
	(void)ud;
	(void)public_id;
	(void)system_id;
	return NULL;
}

/* ---- input ----------------------------------------------------------- */

static void report_progress(struct pm_parser *p)
{
	if (!p->progress || !p->progress->update)
		return;
	long long pos = p->mem ? (long long)p->mem_off : p->file_bytes;
	p->progress->update(p->progress->ctx, pos, p->total, p->records);
}

#define INBUF_SIZE (256 * 1024)
#define CHUNK_SIZE (64 * 1024)  /* fed to the push parser at a time */

static int read_fail(struct pm_parser *p, enum sieve_errcode code, const char *msg,
		     const char *why)
{
	p->failed = true;
	sieve_error_set(p->err, code, "%s%s%s", msg, why ? ": " : "", why ? why : "");
	sieve_error_detail(p->err, "%s", p->display);
	return -1;
}

/* read(2) up to n bytes of the file into b, showing them to progress->raw. */
static ssize_t raw_read(struct pm_parser *p, void *b, size_t n)
{
	ssize_t r;
	do
		r = read(p->fd, b, n);
	while (r < 0 && errno == EINTR);
	if (r > 0) {
		p->file_bytes += r;
		if (p->progress && p->progress->raw)
			p->progress->raw(p->progress->ctx, b, (size_t)r);
	}
	return r;
}

/* The next bytes of the document: the file itself, or its gzip content
 * (several gzip members in a row are read as one stream, as gzip does). */
static int file_read(struct pm_parser *p, char *buf, int len)
{
	if (!p->gzip) {
		if (p->in_pos < p->in_len) {
			size_t n = p->in_len - p->in_pos;
			if (n > (size_t)len)
				n = (size_t)len;
			memcpy(buf, p->inbuf + p->in_pos, n);
			p->in_pos += n;
			return (int)n;
		}
		ssize_t r = raw_read(p, buf, (size_t)len);
		if (r < 0)
			return read_fail(p, SIEVE_ERR_IO, "cannot read", strerror(errno));
		return (int)r;
	}
	for (;;) {
		if (p->gz_done)
			return 0;
		if (p->zs.avail_in == 0 && !p->eof) {
			ssize_t r = raw_read(p, p->inbuf, INBUF_SIZE);
			if (r < 0)
				return read_fail(p, SIEVE_ERR_IO, "cannot read", strerror(errno));
			p->eof = r == 0;
			p->zs.next_in = p->inbuf;
			p->zs.avail_in = (uInt)r;
		}
		p->zs.next_out = (unsigned char *)buf;
		p->zs.avail_out = (uInt)len;
		int z = inflate(&p->zs, Z_NO_FLUSH);
		int produced = len - (int)p->zs.avail_out;
		if (z == Z_STREAM_END) {
			/* Another member may follow. */
			if (p->zs.avail_in == 0 && !p->eof) {
				ssize_t r = raw_read(p, p->inbuf, INBUF_SIZE);
				if (r < 0)
					return read_fail(p, SIEVE_ERR_IO, "cannot read", strerror(errno));
				p->eof = r == 0;
				p->zs.next_in = p->inbuf;
				p->zs.avail_in = (uInt)r;
			}
			if (p->zs.avail_in > 0)
				inflateReset(&p->zs);
			else
				p->gz_done = true;
		} else if (z == Z_BUF_ERROR) {
			if (p->eof && p->zs.avail_in == 0 && produced == 0)
				return read_fail(p, SIEVE_ERR_DATA, "truncated gzip file", NULL);
		} else if (z != Z_OK) {
			return read_fail(p, SIEVE_ERR_DATA, "corrupt gzip data",
					 p->zs.msg ? p->zs.msg : "inflate failed");
		}
		if (produced > 0)
			return produced;
		if (p->eof && p->zs.avail_in == 0 && !p->gz_done)
			return read_fail(p, SIEVE_ERR_DATA, "truncated gzip file", NULL);
	}
}

/* Up to len bytes of the document into buf: 0 at the end, -1 after an
 * error (err set). */
static int io_read(struct pm_parser *p, char *buf, int len)
{
	if (p->failed)
		return -1;    /* end the input: fail fast after an error */
	int n = 0;
	if (!p->mem) {
		n = file_read(p, buf, len);
		if (n < 0)
			return -1;
	} else {
		size_t left = p->mem_len - p->mem_off;
		n = left < (size_t)len ? (int)left : len;
		memcpy(buf, p->mem + p->mem_off, (size_t)n);
		p->mem_off += (size_t)n;
	}
	for (int i = 0; i < n && !p->saw_content; i++)
		p->saw_content = !is_ws(buf[i]);
	p->bytes_in += n;
	if (p->bytes_in >= p->next_progress) {
		p->next_progress = p->bytes_in + PROGRESS_STEP;
		report_progress(p);
	}
	return n;
}

static int run(struct pm_parser *p)
{
	xmlInitParser();

	xmlSAXHandler h;
	memset(&h, 0, sizeof h);
	xmlSAXVersion(&h, 2);
	/* Keep libxml2's handlers that record the internal subset (so
	 * internal entities work, under its amplification checks); replace
	 * everything that could load or build something. */
	h.startElementNs = sax_start;
	h.endElementNs = sax_end;
	h.startElement = NULL;
	h.endElement = NULL;
	h.characters = sax_characters;
	h.ignorableWhitespace = sax_characters;
	h.cdataBlock = sax_characters;
	h.reference = sax_reference;
	h.getEntity = sax_get_entity;
	h.resolveEntity = sax_resolve_entity;
	h.externalSubset = NULL;
	h.comment = NULL;
	h.processingInstruction = NULL;
	h.warning = NULL;
	h.error = NULL;
	h.fatalError = NULL;
	h.serror = on_ctxt_error;

	/* The push parser, fed CHUNK_SIZE bytes at a time: it lets go of the
	 * input it has consumed, whitespace outside the root element included
	 * (the pull parser kept all of it: leading whitespace grew without
	 * bound, trailing whitespace over 10 MB was "Huge input lookup"). */
	xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&h, NULL, NULL, 0, NULL);
	if (!ctxt)
		return sieve_error_set(p->err, SIEVE_ERR_NOMEM, "cannot create the XML parser");
	/* No NOENT (substitution), DTDLOAD, DTDVALID or HUGE: libxml2 then
	 * reads no external entity or DTD and keeps its size and
	 * entity-amplification limits. */
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
	ctxt->replaceEntities = 0;
	ctxt->loadsubset = 0;
	ctxt->validate = 0;
	ctxt->_private = p;
	p->ctxt = ctxt;
	names_init(p);
	strbuf_init(&p->text);
	strbuf_init(&p->raw);
	p->cur_author = p->cur_mesh = p->cur_comment = -1;
	p->next_progress = PROGRESS_STEP;

	/* Errors raised outside the parser context (encoding conversion) go to
	 * the thread's structured handler: route them to us too, then restore. */
	xmlStructuredErrorFunc old_fn = xmlStructuredError;
	void *old_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(p, on_thread_error);
	char *chunk = xmalloc(CHUNK_SIZE);
	for (;;) {
		int n = io_read(p, chunk, CHUNK_SIZE);
		if (n < 0 || p->failed)
			break;
		p->at_end = n == 0;
		xmlParseChunk(ctxt, chunk, n, n == 0);
		if (n == 0 || p->failed || ctxt->disableSAX)
			break;
	}
	free(chunk);
	xmlSetStructuredErrorFunc(old_ctx, old_fn);

	if (!p->failed && !p->root_seen)
		fail_data(p, "empty file");
	if (!p->failed && !ctxt->wellFormed)
		fail_data(p, "malformed XML");
	if (!p->failed)
		report_progress(p);

	if (ctxt->myDoc) {
		xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	p->ctxt = NULL;
	record_reset(p);
	strbuf_fini(&p->text);
	strbuf_fini(&p->raw);
	return p->failed ? -1 : 0;
}

int pubmed_xml_parse_memory(const char *buf, size_t len, const char *display_name,
			    const struct citation_sink *sink, struct sieve_error *err)
{
	struct pm_parser *p = xcalloc(1, sizeof *p);
	p->sink = sink;
	p->err = err;
	p->display = display_name ? display_name : "<memory>";
	p->mem = buf ? buf : "";
	p->mem_len = buf ? len : 0;
	p->total = (long long)p->mem_len;
	int rc = 0;
	if (p->mem_len == 0) {
		sieve_error_set_at(err, SIEVE_ERR_DATA, p->display, "empty file");
		rc = -1;
	} else {
		rc = run(p);
	}
	free(p);
	return rc;
}

int pubmed_xml_parse_file(const char *path, const char *display_name,
			  const struct citation_sink *sink,
			  const struct import_progress *progress,
			  struct sieve_error *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *display = display_name ? display_name : is_stdin ? "stdin" : path;
	int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sieve_error_set_at(err, SIEVE_ERR_IO, display, "cannot open %s: %s",
					  display, strerror(errno));
	struct stat st;
	long long total = 0;
	bool regular = false;
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			close(fd);
			return sieve_error_set_at(err, SIEVE_ERR_IO, display,
						  "cannot read %s: is a directory", display);
		}
		regular = S_ISREG(st.st_mode);
		if (regular)
			total = (long long)st.st_size;
	}
	if (regular && total == 0) {
		close(fd);
		return sieve_error_set_at(err, SIEVE_ERR_DATA, display, "empty file");
	}
	struct pm_parser *p = xcalloc(1, sizeof *p);
	p->sink = sink;
	p->progress = progress;
	p->err = err;
	p->display = display;
	p->fd = fd;
	p->total = total;
	p->inbuf = xmalloc(INBUF_SIZE);
	/* Sniff the gzip magic from the first block. */
	ssize_t first = raw_read(p, p->inbuf, INBUF_SIZE);
	if (first < 0) {
		sieve_error_set_at(err, SIEVE_ERR_IO, display, "cannot read %s: %s", display,
				   strerror(errno));
		free(p->inbuf);
		free(p);
		close(fd);
		return -1;
	}
	p->in_len = (size_t)first;
	if (first >= 2 && p->inbuf[0] == 0x1f && p->inbuf[1] == 0x8b) {
		p->gzip = true;
		/* 16 + MAX_WBITS: a gzip header and trailer, checked by zlib. */
		if (inflateInit2(&p->zs, 16 + MAX_WBITS) != Z_OK) {
			free(p->inbuf);
			free(p);
			close(fd);
			return sieve_error_set_at(err, SIEVE_ERR_NOMEM, display, "out of memory");
		}
		p->zs.next_in = p->inbuf;
		p->zs.avail_in = (uInt)first;
		p->eof = first == 0;
	}
	int rc = run(p);
	if (rc == 0 && p->bytes_in == 0) {
		sieve_error_set_at(err, SIEVE_ERR_DATA, display, "empty file");
		rc = -1;
	}
	if (p->gzip)
		inflateEnd(&p->zs);
	free(p->inbuf);
	close(fd);
	free(p);
	return rc;
}
