/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve quadas: QUADAS-2 risk of bias: the form, ratings, tailoring the
 * instrument, consensus with agreement, reports and figures. */
#include "cli.h"
#include "../analysis/agreement.h"
#include "../lib/termsafe.h"
#include "../lib/csv.h"
#include "../lib/strbuf.h"
#include "../lib/text.h"
#include "../lib/xalloc.h"
#include "../plot/quadas_plot.h"
#include "../quadas/consensus.h"
#include "../quadas/departure.h"
#include "../quadas/report.h"
#include "../schema/store_quadas.h"
#include "../schema/store_screen.h"
#include "../schema/store_study.h"
#include "../tui/app.h"
#include "../tui/view_quadas.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_quadas_usage[] =
	"usage: sieve quadas [--study S] [--consensus]    the QUADAS-2 form in the terminal (as you,\n"
	"                                                 or recording the consensus)\n"
	"       sieve quadas --replay KEYS [--size WxH]   the form on scripted keys, headless\n"
	"       sieve quadas questions                    the review's instrument and guidance\n"
	"       sieve quadas tailor --add D2 TEXT | --drop 1.3 | --reword 1.2 TEXT | --guidance 1.1 TEXT\n"
	"       sieve quadas index-test STUDY NAME        an index test (domain 2 is rated per test)\n"
	"       sieve quadas set STUDY DOMAIN [--q 1.1=yes]... [--risk low|high|unclear]\n"
	"                        [--applicability low|high|unclear] [--support TEXT] [--index-test T]\n"
	"       sieve quadas show STUDY                   the ratings of a study\n"
	"       sieve quadas consensus                    disagreements, and agreement (kappa) per domain\n"
	"       sieve quadas consensus STUDY --use NAME   NAME's ratings become the consensus\n"
	"       sieve quadas consensus STUDY DOMAIN --risk R [--applicability A] [--q ...] [--support T]\n"
	"       sieve quadas report [-o FILE]             studies x domains; figure .svg .pdf .png\n"
	"       sieve quadas export --csv\n\n"
	"Domains: D1 patient selection, D2 index test, D3 reference standard (risk of\n"
	"bias and applicability concerns), D4 flow and timing (risk of bias). Answers\n"
	"are yes, no or unclear; all yes suggests low risk, a no flags potential bias\n"
	"and the reviewer judges; a judgement that departs from the suggestion needs\n"
	"--support. Overall: low only if every domain is low. No summary score.\n"
	"Reviewers rate independently (--reviewer or SIEVE_REVIEWER); while the review\n"
	"is blinded ('sieve blind') they see only their own ratings until consensus.\n";

struct qopts {
	const char *reviewer, *study, *index_test, *support, *use, *out, *keys;
	const char *add, *drop, *reword, *guidance;
	enum quadas_level risk, applicability;
	struct quadas_answer_row answers[32];
	size_t nanswers;
	bool csv, consensus;
	int w, h;
};

static int parse_opts(int argc, char **argv, struct qopts *o)
{
	static const struct option opts[] = {
		{ "reviewer", required_argument, NULL, 'R' },
		{ "study", required_argument, NULL, 's' },
		{ "index-test", required_argument, NULL, 'i' },
		{ "support", required_argument, NULL, 'S' },
		{ "use", required_argument, NULL, 'u' },
		{ "q", required_argument, NULL, 'q' },
		{ "risk", required_argument, NULL, 'r' },
		{ "applicability", required_argument, NULL, 'a' },
		{ "add", required_argument, NULL, 'A' },
		{ "drop", required_argument, NULL, 'D' },
		{ "reword", required_argument, NULL, 'W' },
		{ "guidance", required_argument, NULL, 'G' },
		{ "csv", no_argument, NULL, 'c' },
		{ "consensus", no_argument, NULL, 'C' },
		{ "replay", required_argument, NULL, 'k' },
		{ "size", required_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
		switch (c) {
		case 'R': o->reviewer = optarg; break;
		case 's': o->study = optarg; break;
		case 'i': o->index_test = optarg; break;
		case 'S': o->support = optarg; break;
		case 'u': o->use = optarg; break;
		case 'o': o->out = optarg; break;
		case 'k': o->keys = optarg; break;
		case 'c': o->csv = true; break;
		case 'C': o->consensus = true; break;
		case 'A': o->add = optarg; break;
		case 'D': o->drop = optarg; break;
		case 'W': o->reword = optarg; break;
		case 'G': o->guidance = optarg; break;
		case 'z':
			if (sscanf(optarg, "%dx%d", &o->w, &o->h) != 2 || o->w < 40 || o->h < 10 ||
			    o->w > 1000 || o->h > 1000)
				return cli_usage("quadas", "--size wants WxH, e.g. 100x30");
			break;
		case 'r':
		case 'a':
			if (!quadas_level_parse(optarg, c == 'r' ? &o->risk : &o->applicability))
				return cli_usage("quadas", "--%s is low, high or unclear",
						 c == 'r' ? "risk" : "applicability");
			break;
		case 'q': {
			char *eq = strchr(optarg, '=');
			enum quadas_answer a;
			if (!eq || eq == optarg || !quadas_answer_parse(eq + 1, &a))
				return cli_usage("quadas", "--q wants CODE=yes|no|unclear, e.g. --q 1.1=yes");
			if (o->nanswers == sizeof o->answers / sizeof *o->answers)
				return cli_usage("quadas", "too many --q");
			*eq = '\0';
			o->answers[o->nanswers++] = (struct quadas_answer_row){ optarg, a };
			break;
		}
		case ':': return cli_usage("quadas", "option %s needs a value", argv[optind - 1]);
		default: return cli_usage("quadas", "unknown option %s", argv[optind - 1]);
		}
	}
	return 0;
}

/* ---- instrument ---- */

static int questions(struct db *db, struct sieve_error *err)
{
	struct quadas_instrument ins;
	if (store_quadas_instrument(db, &ins, err))
		return -1;
	printf("%s %s, revision %d%s%s\n", ins.name, ins.version, ins.revision,
	       ins.based_on ? ", based on " : "", ins.based_on ? ins.based_on : "");
	for (size_t d = 0; d < ins.nd; d++) {
		printf("\n%s %s (risk of bias%s)\n", ins.d[d].code, ins.d[d].name,
		       ins.d[d].applicability ? ", applicability concerns" : "");
		for (size_t i = 0; i < ins.nq; i++) {
			const struct quadas_question *q = &ins.q[i];
			if (strcmp(q->domain, ins.d[d].code))
				continue;
			printf("  %s %s%s%s\n", q->code, term_safe(stdout, q->text), q->dropped ? "  [dropped by the review]" : "",
			       q->added ? "  [added by the review]" : "");
			if (q->guidance)
				printf("      guidance: %s\n", term_safe(stdout, q->guidance));
		}
	}
	quadas_instrument_fini(&ins);
	return 0;
}

static int tailor(struct db *db, const struct qopts *o, int nargs, char **args,
		  struct sieve_error *err)
{
	int n = !!o->add + !!o->drop + !!o->reword + !!o->guidance;
	if (n != 1)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "tailor one thing at a time: --add D TEXT, "
				       "--drop CODE, --reword CODE TEXT or --guidance CODE TEXT");
	const char *text = nargs == 1 ? args[0] : NULL;
	if ((o->add || o->reword || o->guidance) && nargs != 1)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "give the text after the code, e.g. "
				       "sieve quadas tailor --reword 1.2 \"TEXT\"");
	if (o->drop && nargs != 0)
		return sieve_error_set(err, SIEVE_ERR_USAGE, "--drop takes only the question code");
	if (o->add) {
		char *code;
		if (store_quadas_tailor_add(db, o->add, text, &code, err))
			return -1;
		printf("question %s added to %s\n", code, o->add);
		free(code);
		return 0;
	}
	int rc = o->drop ? store_quadas_tailor_drop(db, o->drop, err) :
		 o->reword ? store_quadas_tailor_reword(db, o->reword, text, err) :
			     store_quadas_tailor_guidance(db, o->guidance, text, err);
	if (rc == 0)
		printf("question %s %s\n", o->drop ? o->drop : o->reword ? o->reword : o->guidance,
		       o->drop ? "dropped" : o->reword ? "reworded" : "guidance set");
	return rc;
}

/* ---- set ---- */

/* Loads what quadas_departure_check needs: refuses a judgement that departs
 * from the answers' suggestion without a note; *sugg: the suggestion. */
static int check_departure(struct db *db, const struct quadas_rating *in, enum quadas_level *sugg,
			   struct sieve_error *err)
{
	*sugg = QL_NONE;
	struct quadas_instrument ins;
	struct quadas_rating *rows;
	size_t n;
	if (store_quadas_instrument(db, &ins, err))
		return -1;
	if (store_quadas_ratings(db, in->study, in->rater, &rows, &n, err)) {
		quadas_instrument_fini(&ins);
		return -1;
	}
	const struct quadas_rating *old = quadas_rating_find(rows, n, in->domain, in->index_test);
	struct quadas_departure dep = quadas_departure_check(&ins, old, in);
	*sugg = dep.suggested;
	int rc = 0;
	if (dep.unsupported)
		rc = sieve_error_set(err, SIEVE_ERR_DATA, "%s %s: the answers suggest %s risk; judging "
				     "it %s needs a supporting note (--support \"...\")", in->study,
				     in->domain, quadas_level_name(dep.suggested),
				     quadas_level_name(dep.risk));
	quadas_ratings_free(rows, n);
	quadas_instrument_fini(&ins);
	return rc;
}

static int set_rating(struct db *db, const struct qopts *o, const char *study, const char *domain,
		      const char *rater, const char *agreed_by, struct sieve_error *err)
{
	char dom[8];
	snprintf(dom, sizeof dom, "%s", domain);
	if (dom[0] == 'd')
		dom[0] = 'D';
	struct quadas_rating r = { (char *)study, (char *)rater, dom, (char *)o->index_test,
				   o->risk, o->applicability, (char *)o->support, (char *)agreed_by,
				   NULL, (struct quadas_answer_row *)o->answers, o->nanswers };
	enum quadas_level sugg;
	if (check_departure(db, &r, &sugg, err) || store_quadas_set(db, &r, err))
		return -1;
	printf("%s %s%s%s%s (%s): saved", term_safe(stdout, study), dom, o->index_test ? " [" : "",
	       o->index_test ? term_safe(stdout, o->index_test) : "", o->index_test ? "]" : "", rater);
	if (sugg != QL_NONE)
		printf("; the answers suggest %s risk", quadas_level_name(sugg));
	putchar('\n');
	return 0;
}

/* ---- show, consensus ---- */

static const char *sym(enum quadas_level l)
{
	return l == QL_LOW ? "+" : l == QL_HIGH ? "-" : l == QL_UNCLEAR ? "?" : "·";
}

static void print_rating(const struct quadas_rating *r)
{
	printf("  %s%s%s%s  %-10s risk %-8s", r->domain, *r->index_test ? " [" : "",
	       term_safe(stdout, r->index_test),
	       *r->index_test ? "]" : "", r->rater, *quadas_level_name(r->risk) ?
	       quadas_level_name(r->risk) : "-");
	if (strcmp(r->domain, "D4"))
		printf(" applicability %-8s", *quadas_level_name(r->applicability) ?
		       quadas_level_name(r->applicability) : "-");
	for (size_t i = 0; i < r->nanswers; i++)
		printf(" %s=%s", r->answers[i].code, quadas_answer_name(r->answers[i].answer));
	putchar('\n');
	if (r->support)
		printf("      support: %s\n", term_safe(stdout, r->support));
	if (r->agreed_by)
		printf("      recorded by %s, %s\n", r->agreed_by, r->at);
}

static int show(struct db *db, const char *study, const char *who, bool lead,
		struct sieve_error *err)
{
	struct quadas_rating *r;
	size_t n;
	if (store_quadas_ratings(db, study, NULL, &r, &n, err))
		return -1;
	/* while blinded, a reviewer who is not a lead sees only their own
	 * ratings and the consensus (quadas_rating_visible) */
	struct screen_settings set = { 0 };
	struct sieve_error e = { 0 };
	bool see_all = lead || (store_screen_settings(db, &set, &e) == 0 && !set.blind);
	printf("%s\n", term_safe(stdout, study));
	size_t shown = 0, hidden = 0;
	for (size_t i = 0; i < n; i++) {
		if (!quadas_rating_visible(&r[i], who, see_all)) {
			hidden++;
			continue;
		}
		print_rating(&r[i]);
		shown++;
	}
	if (!shown)
		printf("  not rated yet (sieve quadas, or sieve quadas set)\n");
	if (hidden || !see_all)
		printf("  (other reviewers' ratings, if any, are hidden while the review is blinded)\n");
	quadas_ratings_free(r, n);
	return 0;
}

/* Disagreements per question and domain among the raters (consensus
 * excluded), then Cohen's kappa per domain for two raters
 * (quadas_consensus_init finds them). */
static int consensus_list(struct db *db, struct sieve_error *err)
{
	struct quadas_rating *r;
	size_t n;
	struct quadas_instrument ins;
	if (store_quadas_instrument(db, &ins, err))
		return -1;
	if (store_quadas_ratings(db, NULL, NULL, &r, &n, err)) {
		quadas_instrument_fini(&ins);
		return -1;
	}
	struct quadas_consensus c;
	quadas_consensus_init(&c, &ins, r, n);
	for (size_t gi = 0; gi < c.ngroups; gi++) {
		const struct quadas_group *g = &c.groups[gi];
		const struct quadas_rating *g0 = &r[g->first];
		char where[300];
		snprintf(where, sizeof where, "%s · %s%s%s%s", g0->study, g0->domain,
			 *g0->index_test ? " [" : "", g0->index_test, *g0->index_test ? "]" : "");
		for (size_t k = 0; k < g->nquestions; k++) {
			const char *code = ins.q[g->questions[k]].code;
			printf("%s · %s:", term_safe(stdout, where), code);
			for (size_t i = 0; i < g->n; i++) {
				enum quadas_answer a = quadas_rating_answer(&g0[i], code);
				printf("  %s %s", g0[i].rater, *quadas_answer_name(a) ?
				       quadas_answer_name(a) : "(none)");
			}
			putchar('\n');
		}
		const char *what[2] = { "risk", "applicability" };
		for (int w = 0; w < 2; w++) {
			if (!(w ? g->applicability : g->risk))
				continue;
			printf("%s · %s:", term_safe(stdout, where), what[w]);
			for (size_t i = 0; i < g->n; i++) {
				enum quadas_level l = w ? g0[i].applicability : g0[i].risk;
				printf("  %s %s", g0[i].rater, *quadas_level_name(l) ? quadas_level_name(l) : "(none)");
			}
			putchar('\n');
		}
		if (quadas_group_disagrees(g) && g->consensus)
			printf("%s: consensus recorded by %s\n", term_safe(stdout, where),
			       g->consensus->agreed_by);
	}
	printf("%ld disagreement%s; %ld without consensus\n", c.disagreements,
	       c.disagreements == 1 ? "" : "s", c.open);
	if (c.open)
		printf("record the consensus: sieve quadas consensus STUDY DOMAIN --risk R ... or "
		       "sieve quadas consensus STUDY --use NAME\n");
	if (c.raters[1] && !c.more_raters) {
		printf("\nAgreement between %s and %s on risk of bias (Cohen's kappa):\n", c.raters[0],
		       c.raters[1]);
		for (int d = 0; d < QUADAS_RISK_DOMAINS; d++) {
			const struct quadas_kappa_pairs *p = &c.kappa[d];
			struct agree_cohen k;
			int rc = agree_cohen_codes(p->a, p->n, p->b, p->n, 3, &k);
			if (rc == 0)
				printf("  D%d  kappa %.2f (95%% CI %.2f to %.2f), agreement %.0f%%, %zu studies\n",
				       d + 1, k.kappa, k.ci_lo, k.ci_hi, 100 * k.p_o, k.n);
			else
				printf("  D%d  %s (%zu studies rated by both)\n", d + 1, agree_strerror(rc), p->n);
		}
	}
	quadas_consensus_fini(&c);
	quadas_ratings_free(r, n);
	quadas_instrument_fini(&ins);
	return 0;
}

/* ---- report ---- */

static int report(struct db *db, const struct qopts *o, struct sieve_error *err)
{
	struct quadas_rating *r;
	size_t n, nst;
	struct study_row *st;
	if (store_studies(db, &st, &nst, err))
		return -1;
	if (store_quadas_ratings(db, NULL, NULL, &r, &n, err)) {
		study_rows_free(st, nst);
		return -1;
	}
	struct quadas_instrument ins;
	if (store_quadas_instrument(db, &ins, err)) {
		quadas_ratings_free(r, n);
		study_rows_free(st, nst);
		return -1;
	}
	char **labels = xcalloc(nst ? nst : 1, sizeof *labels);
	for (size_t i = 0; i < nst; i++)
		labels[i] = st[i].label;
	struct quadas_report_row *rows;
	size_t k = quadas_report_rows(r, n, labels, nst, quadas_per_test_domain(&ins), &rows);
	quadas_instrument_fini(&ins);
	bool color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	int lw = 5;
	for (size_t i = 0; i < k; i++)
		lw = text_width(rows[i].label) > lw ? text_width(rows[i].label) : lw;
	lw = lw > 40 ? 40 : lw;
	int rc = 0;
	if (o->csv) {
		printf("study,d1_risk,d2_risk,d3_risk,d4_risk,d1_applicability,d2_applicability,"
		       "d3_applicability,overall_risk,overall_applicability\n");
		for (size_t i = 0; i < k; i++) {
			csv_write_field(stdout, rows[i].label);
			for (int d = 0; d < 4; d++)
				printf(",%s", quadas_level_name(rows[i].risk[d]));
			for (int d = 0; d < 3; d++)
				printf(",%s", quadas_level_name(rows[i].applicability[d]));
			printf(",%s,%s\n", quadas_level_name(rows[i].overall_risk),
			       quadas_level_name(rows[i].overall_applicability));
		}
	} else {
		text_pad(stdout, "", lw);
		printf("  %-19s %-15s %s\n", "risk of bias", "applicability", "overall");
		text_pad(stdout, "study", lw);
		printf("  D1  D2  D3  D4    D1  D2  D3      risk applicability\n");
		for (size_t i = 0; i < k; i++) {
			text_pad(stdout, term_safe(stdout, rows[i].label), lw);
			printf(" ");
			for (int d = 0; d < 7; d++) {
				enum quadas_level l = d < 4 ? rows[i].risk[d] : rows[i].applicability[d - 4];
				const char *c = !color ? "" : l == QL_LOW ? "\033[32m" : l == QL_HIGH ? "\033[31m" :
						l == QL_UNCLEAR ? "\033[33m" : "";
				printf("%s %s %s%s%s", d == 4 ? "  " : "", c, sym(l), color && *c ? "\033[0m" : "",
				       " ");
			}
			enum quadas_level ov = rows[i].overall_risk, oa = rows[i].overall_applicability;
			printf("   %-7s %s\n", *quadas_level_name(ov) ? quadas_level_name(ov) : "-",
			       *quadas_level_name(oa) ? quadas_level_name(oa) : "-");
		}
		printf("\n+ low   - high   ? unclear   · not rated, or raters disagree without consensus\n");
		if (k) {
			struct quadas_report_counts cnt;
			quadas_report_count(rows, k, &cnt);
			printf("\nLow / high / unclear (of %zu):", k);
			for (int d = 0; d < QUADAS_RISK_DOMAINS; d++)
				printf("  D%d %zu/%zu/%zu", d + 1, cnt.risk[d][QL_LOW], cnt.risk[d][QL_HIGH],
				       cnt.risk[d][QL_UNCLEAR]);
			printf("\nApplicability concerns:   ");
			for (int d = 0; d < QUADAS_APPLICABILITY_DOMAINS; d++)
				printf("  D%d %zu/%zu/%zu", d + 1, cnt.applicability[d][QL_LOW],
				       cnt.applicability[d][QL_HIGH], cnt.applicability[d][QL_UNCLEAR]);
			putchar('\n');
		}
	}
	if (o->out) {
		/* the same values: plot/quadas_plot.c asserts it at compile time */
		struct plot_quadas_study *ps = xcalloc(k ? k : 1, sizeof *ps);
		for (size_t i = 0; i < k; i++) {
			ps[i].label = rows[i].label;
			for (int d = 0; d < 4; d++)
				ps[i].risk[d] = (enum plot_rob)rows[i].risk[d];
			for (int d = 0; d < 3; d++)
				ps[i].applic[d] = (enum plot_rob)rows[i].applicability[d];
			ps[i].overall_risk = (enum plot_rob)rows[i].overall_risk;
			ps[i].overall_applic = (enum plot_rob)rows[i].overall_applicability;
		}
		rc = plot_quadas_write(ps, k, o->out, err);
		free(ps);
		if (rc == 0 && !o->csv)
			printf("figure: %s\n", o->out);
	}
	quadas_report_rows_free(rows, k);
	free(labels);
	quadas_ratings_free(r, n);
	study_rows_free(st, nst);
	return rc;
}

static int export_csv(struct db *db, struct sieve_error *err)
{
	struct quadas_rating *r;
	size_t n;
	if (store_quadas_ratings(db, NULL, NULL, &r, &n, err))
		return -1;
	printf("study,domain,index_test,rater,question,answer,risk,applicability,support,agreed_by,at\n");
	for (size_t i = 0; i < n; i++) {
		size_t rows = r[i].nanswers ? r[i].nanswers : 1;
		for (size_t k = 0; k < rows; k++) {
			const char *f[] = { r[i].study, r[i].domain, r[i].index_test, r[i].rater,
					    r[i].nanswers ? r[i].answers[k].code : "",
					    r[i].nanswers ? quadas_answer_name(r[i].answers[k].answer) : "",
					    quadas_level_name(r[i].risk), quadas_level_name(r[i].applicability),
					    r[i].support, r[i].agreed_by, r[i].at };
			for (size_t c = 0; c < sizeof f / sizeof *f; c++) {
				csv_write_field(stdout, f[c]);
				putchar(c + 1 < sizeof f / sizeof *f ? ',' : '\n');
			}
		}
	}
	quadas_ratings_free(r, n);
	return 0;
}

/* ---- the form ---- */

static int form(struct db *db, const struct qopts *o, const char *who, struct sieve_error *err)
{
	if (!o->keys && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		return sieve_error_set(err, SIEVE_ERR_USAGE, "the QUADAS-2 form needs a terminal (use "
				       "'sieve quadas set' in scripts, or --replay)");
	struct quadas_source *src = quadas_source_db_new(db);
	struct view *v = o->consensus ? view_quadas_new(src, QUADAS_CONSENSUS, who, o->study) :
				       view_quadas_new(src, who, NULL, o->study);
	int rc = 0;
	if (o->keys) {
		struct strbuf dump = STRBUF_INIT;
		rc = tui_view_headless(v, o->w ? o->w : 100, o->h ? o->h : 30, o->keys, &dump, err);
		if (rc == 0)
			fputs(dump.buf ? dump.buf : "", stdout);
		strbuf_fini(&dump);
	} else {
		rc = tui_view_run(v, err);
	}
	view_quadas_free(v);
	quadas_source_free(src);
	return rc;
}

int cmd_quadas(struct cli *cli, int argc, char **argv)
{
	struct qopts o = { 0 };
	int rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc;
	int nargs = argc - optind;
	char **args = argv + optind;
	const char *sub = nargs ? args[0] : NULL;
	static const char *const subs[] = { "questions", "tailor", "index-test", "set", "show",
					    "consensus", "report", "export", NULL };
	if (sub) {
		size_t i;
		for (i = 0; subs[i] && strcmp(subs[i], sub); i++)
			;
		if (!subs[i])
			return cli_usage("quadas", "unknown subcommand '%s' (see 'sieve help quadas')", sub);
	}
	if (sub && !strcmp(sub, "export") && !o.csv)
		return cli_usage("quadas", "export writes CSV: sieve quadas export --csv");
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	char *who = NULL;
	bool lead = false;
	bool needs_rater = !sub || !strcmp(sub, "set") || !strcmp(sub, "show") ||
			   (!strcmp(sub, "consensus") && nargs > 1);
	if ((needs_rater ? store_reviewer_current(db, o.reviewer, &who, &lead, &err)
			 : store_viewer(db, o.reviewer, &err))) {
		rc = cli_fail(&err);
		goto out;
	}
	if (!sub)
		rc = form(db, &o, who, &err);
	else if (!strcmp(sub, "questions"))
		rc = questions(db, &err);
	else if (!strcmp(sub, "tailor"))
		rc = tailor(db, &o, nargs - 1, args + 1, &err);
	else if (!strcmp(sub, "index-test"))
		rc = nargs == 3 ? store_quadas_index_test_add(db, args[1], args[2], &err) :
				  sieve_error_set(&err, SIEVE_ERR_USAGE, "sieve quadas index-test STUDY NAME");
	else if (!strcmp(sub, "set"))
		rc = nargs == 3 ? set_rating(db, &o, args[1], args[2], who, NULL, &err) :
				  sieve_error_set(&err, SIEVE_ERR_USAGE, "sieve quadas set STUDY DOMAIN "
						  "[--q CODE=ANSWER]... [--risk R] ...");
	else if (!strcmp(sub, "show"))
		rc = nargs == 2 ? show(db, args[1], who, lead, &err) :
				  sieve_error_set(&err, SIEVE_ERR_USAGE, "sieve quadas show STUDY");
	else if (!strcmp(sub, "consensus")) {
		if (nargs == 1) {
			rc = consensus_list(db, &err);
		} else if (nargs == 2 && o.use) {
			long long copied;
			rc = store_quadas_consensus_use(db, args[1], o.use, who, &copied, &err);
			if (rc == 0)
				printf("%s: %lld rating%s of %s recorded as the consensus (by %s)\n", args[1],
				       copied, copied == 1 ? "" : "s", o.use, who);
		} else if (nargs == 3) {
			rc = set_rating(db, &o, args[1], args[2], QUADAS_CONSENSUS, who, &err);
		} else {
			rc = sieve_error_set(&err, SIEVE_ERR_USAGE, "sieve quadas consensus [STUDY --use NAME "
					     "| STUDY DOMAIN --risk R ...]");
		}
	} else if (!strcmp(sub, "report"))
		rc = report(db, &o, &err);
	else
		rc = export_csv(db, &err);
	if (rc == 0 && !strcmp(sub ? sub : "", "index-test"))
		printf("%s: index test \"%s\" (rate D2 with --index-test \"%s\")\n", args[1], args[2], args[2]);
	if (rc)
		rc = cli_fail(&err);
out:
	free(who);
	db_close(db);
	return rc;
}
