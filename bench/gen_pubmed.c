/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deterministic generator of realistic PubMed XML (2024 DTD shape) for
 * benchmarks and memory tests: gen_pubmed N [SEED] [--pmid-base B] > out.xml */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* splitmix64: tiny, fixed, identical on every platform (unlike rand()). */
static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int rng_range(int lo, int hi)
{
	return lo + (int)(rng_next() % (uint64_t)(hi - lo + 1));
}

#define PICK(arr) (arr[rng_next() % (sizeof arr / sizeof arr[0])])

static const char *const last_names[] = {
	"Müller", "Ødegård", "Kowalski", "王", "García", "Smith", "Nguyen",
	"O'Connor", "Søndergaard", "Takahashi", "Ivanova", "Dubois", "Rossi",
	"Hernández", "Kim", "Öztürk", "Johansson", "Papadopoulos", "Li", "Chen",
	"Schmidt", "Novák", "Eriksen", "Silva", "Patel", "Brown", "Łukaszewicz",
};
static const char *const fore_names[] = {
	"Anna", "Łukasz", "José", "Zoë", "Wei", "Jürgen", "Sören", "Fatima",
	"John A", "Mary K", "Hiroshi", "Olga", "François", "Ingrid", "Chloé",
	"Ahmed", "Priya", "Björn", "Tomasz", "Elena", "Marco", "Yuki",
};
static const char *const depts[] = {
	"Department of Radiology", "Department of Oncology",
	"Department of Surgery", "Institute of Clinical Medicine",
	"Division of Gastroenterology", "Department of Biostatistics",
	"Center for Evidence-Based Medicine",
};
static const char *const places[] = {
	"University of Oslo, Oslo, Norway", "Charité – Universitätsmedizin Berlin, Berlin, Germany",
	"Peking University, Beijing, China", "Jagiellonian University, Kraków, Poland",
	"Karolinska Institutet, Stockholm, Sweden", "University of Toronto, Toronto, ON, Canada",
	"Hospital Clínic de Barcelona, Barcelona, Spain", "Mayo Clinic, Rochester, MN, USA",
	"The University of Tokyo, Tokyo, Japan", "Université Paris Cité, Paris, France",
};
static const char *const words[] = {
	"diffusion", "weighted", "imaging", "apparent", "coefficient", "liver",
	"metastases", "colorectal", "chemotherapy", "response", "patients",
	"baseline", "follow-up", "significantly", "higher", "lower", "cohort",
	"prospective", "retrospective", "analysis", "tumour", "lesions",
	"treatment", "outcome", "survival", "predictive", "value", "magnetic",
	"resonance", "quantitative", "measurements", "interobserver", "agreement",
	"receiver", "operating", "characteristic", "curve", "area", "sensitivity",
	"specificity", "regression", "model", "clinical", "evaluation", "was",
	"were", "the", "of", "and", "in", "with", "for", "to", "a", "between",
};
static const char *const journals[][3] = {
	{ "European radiology", "Eur Radiol", "1432-1084" },
	{ "Radiology", "Radiology", "1527-1315" },
	{ "Journal of magnetic resonance imaging : JMRI", "J Magn Reson Imaging", "1522-2586" },
	{ "Abdominal radiology (New York)", "Abdom Radiol (NY)", "2366-0058" },
	{ "PloS one", "PLoS One", "1932-6203" },
	{ "BMC cancer", "BMC Cancer", "1471-2407" },
	{ "Annals of surgical oncology", "Ann Surg Oncol", "1534-4681" },
};
static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};
static const char *const mesh[][2] = {
	{ "D006801", "Humans" }, { "D008297", "Male" }, { "D005260", "Female" },
	{ "D008875", "Middle Aged" }, { "D000368", "Aged" },
	{ "D038524", "Diffusion Magnetic Resonance Imaging" },
	{ "D008113", "Liver Neoplasms" }, { "D015179", "Colorectal Neoplasms" },
	{ "D016896", "Treatment Outcome" }, { "D012189", "Retrospective Studies" },
	{ "D011379", "Prognosis" }, { "D012372", "ROC Curve" },
	{ "D000971", "Antineoplastic Combined Chemotherapy Protocols" },
};
static const char *const qualifiers[][2] = {
	{ "Q000000981", "diagnostic imaging" }, { "Q000628", "therapy" },
	{ "Q000188", "drug therapy" }, { "Q000473", "pathology" },
	{ "Q000401", "mortality" }, { "Q000627", "therapeutic use" },
	{ "Q000379", "methods" }, { "Q000556", "secondary" },
};
static const char *const keywords[] = {
	"Diffusion-weighted imaging", "Apparent diffusion coefficient",
	"Colorectal liver metastases", "Chemotherapy response", "Biomarker",
	"Magnetic resonance imaging", "Meta-analysis", "Prognosis",
};
static const char *const sections[][2] = {
	{ "BACKGROUND", "BACKGROUND" }, { "METHODS", "METHODS" },
	{ "RESULTS", "RESULTS" }, { "CONCLUSIONS", "CONCLUSIONS" },
};

/* n pseudo-random words (a sentence fragment); returns bytes written. */
static int put_words(int n)
{
	int len = 0;
	for (int i = 0; i < n; i++) {
		const char *w = PICK(words);
		if (i) {
			putchar(' ');
			len++;
		}
		fputs(w, stdout);
		len += (int)strlen(w);
	}
	return len;
}

/* Sentences until about chars bytes are written. */
static void put_sentences(int chars)
{
	int written = 0;
	while (written < chars) {
		const char *w = PICK(words);
		putchar(w[0] >= 'a' && w[0] <= 'z' ? w[0] - 32 : w[0]);
		fputs(w + 1, stdout);
		putchar(' ');
		written += (int)strlen(w) + 1 + put_words(rng_range(6, 16));
		if (rng_range(0, 4) == 0)
			written += printf(" (n = %d, P &lt; 0.0%d)", rng_range(12, 480), rng_range(1, 5));
		fputs(". ", stdout);
		written += 2;
	}
}

static void put_date(const char *tag, int y, int m, int d)
{
	printf("<%s><Year>%d</Year><Month>%02d</Month><Day>%02d</Day></%s>", tag, y, m, d, tag);
}

static void put_record(uint64_t pmid)
{
	int year = rng_range(1998, 2024);
	int j = (int)(rng_next() % (sizeof journals / sizeof journals[0]));
	int vol = rng_range(1, 400), iss = rng_range(1, 12), page = rng_range(1, 3000);
	char doi[64];
	snprintf(doi, sizeof doi, "10.%d/j.%s.%d.%05" PRIu64, rng_range(1000, 9999),
		 journals[j][1][0] == 'P' ? "pone" : "xyz", year, pmid % 100000);

	printf("<PubmedArticle><MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\" IndexingMethod=\"Automated\">"
	       "<PMID Version=\"1\">%" PRIu64 "</PMID>", pmid);
	put_date("DateCompleted", year, rng_range(1, 12), rng_range(1, 28));
	put_date("DateRevised", rng_range(year, 2024), rng_range(1, 12), rng_range(1, 28));
	printf("<Article PubModel=\"Print-Electronic\"><Journal><ISSN IssnType=\"Electronic\">%s</ISSN>"
	       "<JournalIssue CitedMedium=\"Internet\"><Volume>%d</Volume><Issue>%d</Issue>"
	       "<PubDate><Year>%d</Year><Month>%s</Month></PubDate></JournalIssue>"
	       "<Title>%s</Title><ISOAbbreviation>%s</ISOAbbreviation></Journal>",
	       journals[j][2], vol, iss, year, PICK(months), journals[j][0], journals[j][1]);

	fputs("<ArticleTitle>", stdout);
	int style = rng_range(0, 5);
	put_words(rng_range(3, 7));
	if (style == 0)
		fputs(" in <i>Escherichia coli</i> ", stdout);
	else if (style == 1)
		fputs(" at 3.0 T (b = 800 s/mm<sup>2</sup>) ", stdout);
	else
		putchar(' ');
	put_words(rng_range(3, 8));
	fputs(".</ArticleTitle>", stdout);
	printf("<Pagination><StartPage>%d</StartPage><EndPage>%d</EndPage><MedlinePgn>%d-%d</MedlinePgn></Pagination>",
	       page, page + 9, page, page + 9);
	printf("<ELocationID EIdType=\"doi\" ValidYN=\"Y\">%s</ELocationID>", doi);

	fputs("<Abstract>", stdout);
	for (size_t s = 0; s < 4; s++) {
		printf("<AbstractText Label=\"%s\" NlmCategory=\"%s\">", sections[s][0], sections[s][1]);
		put_sentences(rng_range(280, 420));
		fputs("</AbstractText>", stdout);
	}
	printf("<CopyrightInformation>© %d The Author(s).</CopyrightInformation></Abstract>", year);

	fputs("<AuthorList CompleteYN=\"Y\">", stdout);
	int n_auth = rng_range(3, 12);
	for (int a = 0; a < n_auth; a++) {
		const char *fore = PICK(fore_names);
		printf("<Author ValidYN=\"Y\"%s><LastName>%s</LastName><ForeName>%s</ForeName><Initials>%c</Initials>",
		       a < 2 && rng_range(0, 9) == 0 ? " EqualContrib=\"Y\"" : "",
		       PICK(last_names), fore, fore[0] & 0x80 ? 'X' : fore[0]);
		if (rng_range(0, 3) == 0)
			printf("<Identifier Source=\"ORCID\">0000-000%d-%04d-%04d</Identifier>",
			       rng_range(1, 3), rng_range(0, 9999), rng_range(0, 9999));
		int n_aff = rng_range(0, 5) ? 1 : 2;
		for (int f = 0; f < n_aff; f++)
			printf("<AffiliationInfo><Affiliation>%s, %s.</Affiliation></AffiliationInfo>",
			       PICK(depts), PICK(places));
		fputs("</Author>", stdout);
	}
	fputs("</AuthorList><Language>eng</Language>", stdout);
	fputs("<PublicationTypeList><PublicationType UI=\"D016428\">Journal Article</PublicationType>", stdout);
	if (rng_range(0, 2) == 0)
		fputs("<PublicationType UI=\"D013485\">Research Support, Non-U.S. Gov't</PublicationType>", stdout);
	fputs("</PublicationTypeList>", stdout);
	printf("<ArticleDate DateType=\"Electronic\"><Year>%d</Year><Month>%02d</Month><Day>%02d</Day></ArticleDate>",
	       year, rng_range(1, 12), rng_range(1, 28));
	printf("</Article><MedlineJournalInfo><Country>Germany</Country><MedlineTA>%s</MedlineTA>"
	       "<NlmUniqueID>%d</NlmUniqueID><ISSNLinking>%s</ISSNLinking></MedlineJournalInfo>",
	       journals[j][1], rng_range(1000000, 9999999), journals[j][2]);
	fputs("<CitationSubset>IM</CitationSubset><MeshHeadingList>", stdout);
	int n_mesh = rng_range(4, 10);
	for (int m = 0; m < n_mesh; m++) {
		int k = (int)(rng_next() % (sizeof mesh / sizeof mesh[0]));
		printf("<MeshHeading><DescriptorName UI=\"%s\" MajorTopicYN=\"%c\">%s</DescriptorName>",
		       mesh[k][0], rng_range(0, 3) ? 'N' : 'Y', mesh[k][1]);
		int n_q = rng_range(0, 2);
		for (int q = 0; q < n_q; q++) {
			int l = (int)(rng_next() % (sizeof qualifiers / sizeof qualifiers[0]));
			printf("<QualifierName UI=\"%s\" MajorTopicYN=\"%c\">%s</QualifierName>",
			       qualifiers[l][0], rng_range(0, 2) ? 'N' : 'Y', qualifiers[l][1]);
		}
		fputs("</MeshHeading>", stdout);
	}
	fputs("</MeshHeadingList><KeywordList Owner=\"NOTNLM\">", stdout);
	int n_kw = rng_range(3, 6);
	for (int k = 0; k < n_kw; k++)
		printf("<Keyword MajorTopicYN=\"N\">%s</Keyword>", PICK(keywords));
	fputs("</KeywordList><CoiStatement>The authors declare no conflicts of interest.</CoiStatement>"
	      "</MedlineCitation><PubmedData><History>", stdout);
	printf("<PubMedPubDate PubStatus=\"received\"><Year>%d</Year><Month>%d</Month><Day>%d</Day></PubMedPubDate>"
	       "<PubMedPubDate PubStatus=\"pubmed\"><Year>%d</Year><Month>%d</Month><Day>%d</Day><Hour>6</Hour><Minute>0</Minute></PubMedPubDate>",
	       year, rng_range(1, 12), rng_range(1, 28), year, rng_range(1, 12), rng_range(1, 28));
	printf("</History><PublicationStatus>ppublish</PublicationStatus><ArticleIdList>"
	       "<ArticleId IdType=\"pubmed\">%" PRIu64 "</ArticleId><ArticleId IdType=\"doi\">%s</ArticleId>",
	       pmid, doi);
	if (rng_range(0, 1))
		printf("<ArticleId IdType=\"pmc\">PMC%d</ArticleId>", rng_range(1000000, 9999999));
	fputs("</ArticleIdList><ReferenceList>", stdout);
	int n_ref = rng_range(10, 40);
	for (int r = 0; r < n_ref; r++) {
		int ry = rng_range(1980, year);
		printf("<Reference><Citation>%s %c, et al. ", PICK(last_names), 'A' + rng_range(0, 25));
		put_words(rng_range(3, 6));
		printf(". %s. %d;%d:%d.</Citation>", journals[rng_range(0, 6)][1], ry,
		       rng_range(1, 300), rng_range(1, 999));
		if (rng_range(0, 4)) {
			fputs("<ArticleIdList>", stdout);
			if (rng_range(0, 2))
				printf("<ArticleId IdType=\"doi\">10.%d/ref.%d.%d</ArticleId>",
				       rng_range(1000, 9999), ry, rng_range(1, 99999));
			printf("<ArticleId IdType=\"pubmed\">%d</ArticleId></ArticleIdList>",
			       rng_range(100000, 39999999));
		}
		fputs("</Reference>", stdout);
	}
	fputs("</ReferenceList></PubmedData></PubmedArticle>\n", stdout);
}

static int usage(void)
{
	fputs("usage: gen_pubmed N [SEED] [--pmid-base B] > file.xml\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	long long n = -1;
	uint64_t seed = 1, base = 30000000;
	int positional = 0;
	for (int i = 1; i < argc; i++) {
		char *end;
		if (strcmp(argv[i], "--pmid-base") == 0 && i + 1 < argc) {
			base = strtoull(argv[++i], &end, 10);
			if (*end)
				return usage();
		} else if (positional == 0) {
			n = strtoll(argv[i], &end, 10);
			if (*end || n < 0)
				return usage();
			positional++;
		} else if (positional == 1) {
			seed = strtoull(argv[i], &end, 10);
			if (*end)
				return usage();
			positional++;
		} else {
			return usage();
		}
	}
	if (n < 0)
		return usage();
	rng_state = seed;
	fputs("<?xml version=\"1.0\" ?>\n"
	      "<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2024//EN\" "
	      "\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd\">\n"
	      "<PubmedArticleSet>\n", stdout);
	for (long long i = 0; i < n; i++)
		put_record(base + (uint64_t)i);
	fputs("</PubmedArticleSet>\n", stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen_pubmed: write");
		return 1;
	}
	return 0;
}
