/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Streaming PubMed XML importer (PubmedArticleSet, MedlineCitationSet,
 * PubmedBookArticle, DeleteCitation) built on the libxml2 SAX2 interface. */
#ifndef SIEVE_PUBMED_XML_H
#define SIEVE_PUBMED_XML_H

#include <stddef.h>

#include "../lib/error.h"
#include "citation.h"

/* Longest text of one field (an AbstractText, a title, an affiliation...)
 * accepted before the record is refused: far above any real record (the
 * longest PubMed abstracts are a few tens of KB), low enough that a broken or
 * hostile file cannot make us buffer hundreds of MB. */
#define PUBMED_XML_MAX_FIELD (1024u * 1024u)
/* Longest re-serialised record (citation.raw) accepted. Records with very
 * long reference or investigator lists reach a few MB. */
#define PUBMED_XML_MAX_RECORD (64u * 1024u * 1024u)

/* PMIDs are digits only, without leading zeros, from 1 to PUBMED_XML_MAX_PMID
 * (PubMed's are 8 digits at most); PMID@Version runs from 1 to
 * PUBMED_XML_MAX_VERSION. Anything else refuses the file. */
#define PUBMED_XML_MAX_PMID 99999999L
#define PUBMED_XML_MAX_VERSION 999

/* Parse PubMed XML from path ("-" = stdin; gzip is detected by content and
 * read through zlib), handing each record to sink->on_citation and each
 * DeleteCitation PMID to sink->on_delete, one record at a time (memory does
 * not grow with the file). The citation passed to the sink is borrowed for
 * the call only. progress may be NULL; its update() is called about every
 * MiB of input and once at the end (bytes = compressed bytes read, total =
 * file size or 0 for a pipe). display_name names the input in error
 * locations (NULL = path, "stdin" for "-").
 *
 * Inline markup in a field is flattened to its text; MathML becomes readable
 * text (tokens joined, scripts as Unicode sub/superscripts where they exist:
 * "V̇O₂max", "¹²⁹Xe"). Whitespace around the document is skipped without
 * being buffered.
 *
 * Never loads external entities, DTDs or network resources; external entity
 * references are left unexpanded (their "&name;" stays as literal text).
 *
 * Returns 0, or -1 with err set: SIEVE_ERR_IO when the file cannot be read,
 * SIEVE_ERR_DATA for malformed XML, invalid UTF-8, an empty file, a wrong
 * root element, a record without PMID, an invalid PMID (of a record, a
 * DeleteCitation or a CommentsCorrections) or PMID@Version, or a field over
 * PUBMED_XML_MAX_FIELD (err->detail = "FILE:LINE:COL"), or whatever a sink callback set. Records
 * handed to the sink before an error stay handed: the caller rolls back. */
int pubmed_xml_parse_file(const char *path, const char *display_name,
			  const struct citation_sink *sink,
			  const struct import_progress *progress,
			  struct sieve_error *err);

/* Same as pubmed_xml_parse_file from the len bytes at buf (plain XML, not
 * gzip), without progress reports. buf is borrowed for the call. */
int pubmed_xml_parse_memory(const char *buf, size_t len, const char *display_name,
			    const struct citation_sink *sink, struct sieve_error *err);

#endif
