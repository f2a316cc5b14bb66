/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sieve meta: pooled mean difference of the extracted group statistics. */
#include "cli.h"
#include "meta_input.h"
#include "meta_report.h"
#include "../analysis/meta.h"
#include "../analysis/meta_select.h"
#include "../lib/termsafe.h"
#include "../lib/strbuf.h"
#include "../lib/xalloc.h"
#include "../schema/store_meta.h"
#include "../schema/store_screen.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_meta_usage[] =
	"usage: sieve meta [options]                 pool the extracted data of the review\n"
	"       sieve meta --from-csv FILE [options] pool a CSV file (no review needed)\n\n"
	"Model:   --measure MD|SMD (MD)  --tau2 REML|DL|PM|FE (REML)  --test knha|z (knha)\n"
	"         --knha-plain  Hartung-Knapp without the ad hoc safeguard max(1, q)\n"
	"                       (metafor's test=\"knha\"; the default never gives a CI\n"
	"                       narrower than the z-based one)\n"
	"Data:    --where \"parameter=adc and timepoint=baseline\" (the defaults)\n"
	"         --by COLUMN (subgroups, e.g. field_strength)  --include-retracted\n"
	"Review:  --set-default-where \"col=value [and col=value]...\" [--reviewer LEAD]\n"
	"         the selection used for the columns --where does not name (a lead's\n"
	"         setting; \"parameter=adc and timepoint=baseline\" unless set)\n"
	"More:    --leave-one-out  --cumulative (by year)  --egger\n"
	"Output:  --json | --csv | --long   -o forest.pdf   --funnel funnel.svg\n"
	"         --all-models (every measure x estimator x test, as --long)\n"
	"         --diff   what changed since the previous run with the same settings\n\n"
	"The effect is group 1 minus group 2: responders minus non-responders (in the\n"
	"review's normalised unit). FILE has the columns study,n1,mean1,sd1,n2,mean2,\n"
	"sd2 and optionally subgroup and year. Every run on the review is saved with its\n"
	"input rows and results. Figures: .svg, .pdf or .png by the file's extension.\n";

static int parse_enum(const char *opt, const char *v, int (*from)(const char *), int *out)
{
	char up[16];
	size_t i;
	for (i = 0; v[i] && i + 1 < sizeof up; i++)
		up[i] = !strcmp(opt, "--test") ? v[i] : (char)(v[i] >= 'a' && v[i] <= 'z' ? v[i] - 32 : v[i]);
	up[i] = '\0';
	int e = from(up);
	if (e < 0)
		return cli_usage("meta", "%s: unknown value '%s'", opt, v);
	*out = e;
	return 0;
}

static int parse_opts(int argc, char **argv, struct meta_opts *o)
{
	static const struct option opts[] = {
		{ "measure", required_argument, NULL, 'm' },
		{ "tau2", required_argument, NULL, 't' },
		{ "test", required_argument, NULL, 'T' },
		{ "where", required_argument, NULL, 'w' },
		{ "by", required_argument, NULL, 'b' },
		{ "include-retracted", no_argument, NULL, 'r' },
		{ "leave-one-out", no_argument, NULL, 'l' },
		{ "cumulative", no_argument, NULL, 'c' },
		{ "egger", no_argument, NULL, 'e' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'C' },
		{ "long", no_argument, NULL, 'L' },
		{ "all-models", no_argument, NULL, 'A' },
		{ "diff", no_argument, NULL, 'd' },
		{ "from-csv", required_argument, NULL, 'f' },
		{ "funnel", required_argument, NULL, 'F' },
		{ "knha-plain", no_argument, NULL, 'K' },
		{ "set-default-where", required_argument, NULL, 'D' },
		{ "reviewer", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	int c, v, others = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
		others += c != 'D' && c != 'R';
		switch (c) {
		case 'm':
			if (parse_enum("--measure", optarg, meta_measure_from_name, &v))
				return 2;
			o->measure = (enum meta_measure)v;
			break;
		case 't':
			if (parse_enum("--tau2", optarg, meta_tau2_from_name, &v))
				return 2;
			o->method = (enum meta_method)v;
			break;
		case 'T':
			if (parse_enum("--test", optarg, meta_test_from_name, &v))
				return 2;
			o->test = (enum meta_test)v;
			break;
		case 'w': o->sel.where = optarg; break;
		case 'b': o->sel.by = optarg; break;
		case 'r': o->sel.include_retracted = true; break;
		case 'l': o->loo = true; break;
		case 'c': o->cumulative = true; break;
		case 'e': o->egger = true; break;
		case 'j': o->json = true; break;
		case 'C': o->csv = true; break;
		case 'L': o->long_ = true; break;
		case 'A': o->all_models = true; break;
		case 'd': o->diff = true; break;
		case 'f': o->from_csv = optarg; break;
		case 'o': o->forest = optarg; break;
		case 'F': o->funnel = optarg; break;
		case 'K': o->knha_plain = true; break;
		case 'D': o->set_default_where = optarg; break;
		case 'R': o->reviewer = optarg; break;
		case ':': return cli_usage("meta", "option %s needs a value", argv[optind - 1]);
		default: return cli_usage("meta", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage("meta", "meta takes no arguments (see 'sieve help meta')");
	if (o->set_default_where && others)
		return cli_usage("meta", "--set-default-where goes alone (with --reviewer LEAD)");
	if (o->reviewer && !o->set_default_where)
		return cli_usage("meta", "--reviewer goes with --set-default-where");
	if (o->knha_plain && o->test != META_KNHA)
		return cli_usage("meta", "--knha-plain goes with --test knha");
	if (o->json + o->csv + o->long_ > 1)
		return cli_usage("meta", "choose one of --json, --csv, --long");
	if (o->from_csv && (o->sel.where || o->sel.include_retracted || o->diff))
		return cli_usage("meta", "--where, --include-retracted and --diff work on the review, "
				 "not with --from-csv");
	if (o->from_csv && o->sel.by && strcmp(o->sel.by, "subgroup"))
		return cli_usage("meta", "with --from-csv, subgroups come from the column subgroup "
				 "(--by subgroup)");
	return 0;
}

/* The settings that make two runs comparable. */
static char *settings_key(const struct meta_opts *o, const struct meta_input *in)
{
	return xasprintf("%s %s %s%s | %s%s%s%s", meta_measure_name(o->measure),
			 meta_tau2_name(o->method), meta_test_name(o->test),
			 o->knha_plain ? " plain" : "", in->selection,
			 o->sel.by ? " | by " : "", o->sel.by ? o->sel.by : "",
			 o->sel.include_retracted ? " | with retracted" : "");
}

static int save_and_diff(struct db *db, const struct meta_opts *o, const struct meta_input *in,
			 const struct meta_analysis *a, const char *json, struct sieve_error *err)
{
	size_t n = in->k + in->n_left_out;
	struct meta_run_study *rs = xcalloc(n ? n : 1, sizeof *rs);
	for (size_t i = 0; i < in->k; i++) {
		const struct meta_in_study *s = &in->s[i];
		rs[i] = (struct meta_run_study){ s->label, true, NULL, s->n1, s->mean1, s->sd1,
						 s->n2, s->mean2, s->sd2, a->yi[i], a->vi[i],
						 a->fit.weight ? a->fit.weight[i] : NAN };
	}
	for (size_t i = 0; i < in->n_left_out; i++)
		rs[in->k + i] = (struct meta_run_study){ in->left_out[i].label, false,
			in->left_out[i].text, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN };
	struct meta_run_summary sum = { 0, "", (int)in->k, a->fit.est, a->fit.ci_lb, a->fit.ci_ub,
					a->fit.tau2, a->fit.I2, a->fit.pval };
	char *key = settings_key(o, in);
	long long id;
	int rc = store_meta_run_save(db, key, &sum, json, rs, n, &id, err);
	free(key);
	free(rs);
	if (rc || !o->diff)
		return rc;
	bool found;
	struct meta_run_summary prev, cur;
	struct meta_diff_row *rows;
	size_t nr;
	if (store_meta_run_diff(db, id, &found, &prev, &cur, &rows, &nr, err))
		return -1;
	FILE *out = o->json || o->csv || o->long_ ? stderr : stdout;
	if (!found) {
		fprintf(out, "\nNo earlier run with these settings: this run (#%lld) is the baseline for "
			"the next --diff.\n", id);
		return 0;
	}
	meta_report_diff(out, &prev, &cur, rows, nr);
	meta_diff_rows_free(rows, nr);
	return 0;
}

/* The analysis error *me as today's message: the study's label when one is
 * at fault. */
static int fail_meta(struct sieve_error *err, const struct meta_input *in, const struct meta_error *me)
{
	char msg[300];
	meta_error_message(me, msg, sizeof msg);
	if (me->study >= 0 && (size_t)me->study < in->k)
		return sieve_error_set(err, SIEVE_ERR_DATA, "%s: %s", in->s[me->study].label,
				       strchr(msg, ':') ? strchr(msg, ':') + 2 : msg);
	return sieve_error_set(err, SIEVE_ERR_DATA, "meta-analysis: %s", msg);
}

/* Run what o asks for on in (analysis/meta_run.h) into *a; -1 with err
 * naming the study on bad data, *a then released. */
static int run_analysis(const struct meta_opts *o, const struct meta_input *in,
			struct meta_analysis *a, struct sieve_error *err)
{
	struct meta_analysis_options opt = {
		.measure = o->measure, .method = o->method, .test = o->test,
		.knha_plain = o->knha_plain, .loo = o->loo, .cumulative = o->cumulative,
		.egger = o->egger, .subgroups = in->has_subgroup,
	};
	struct meta_error me = { 0 };
	if (meta_analysis_run(in->s, in->k, &opt, a, &me) == META_OK)
		return 0;
	if (in->k == 0)
		return sieve_error_set(err, SIEVE_ERR_DATA, "no study can be pooled%s", in->n_left_out ?
				       " (the reasons are listed above)" : "");
	return fail_meta(err, in, &me);
}

/* sieve meta --set-default-where WHERE: a lead's review setting. */
static int set_default_where(struct cli *cli, const struct meta_opts *o)
{
	struct meta_sel_cond c[META_SELECT_MAX_COND];
	size_t nc;
	char msg[400];
	if (meta_select_parse_where(NULL, o->set_default_where, "--set-default-where", c, &nc, msg,
				    sizeof msg))
		return cli_usage("meta", "%s", msg);
	if (nc == 0)
		return cli_usage("meta", "--set-default-where wants col=value [and col=value]..., e.g. "
				 "\"%s\"", META_SELECT_DEFAULT_WHERE);
	struct sieve_error err = { 0 };
	struct db *db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
	if (!db)
		return cli_fail(&err);
	char *who = NULL;
	bool lead = false;
	int rc = 0;
	if (store_reviewer_current(db, o->reviewer, &who, &lead, &err)) {
		rc = cli_fail(&err);
	} else if (!lead) {
		sieve_error_set(&err, SIEVE_ERR_DATA, "only a lead changes the settings (%s is not a "
				"lead: sieve reviewers add NAME --lead)", who);
		rc = cli_fail(&err);
	} else if (store_meta_set_default_where(db, o->set_default_where, &err)) {
		rc = cli_fail(&err);
	} else {
		char desc[META_SELECT_MAX_COND * 260];
		printf("default selection for sieve meta: %s\n", meta_select_describe(c, nc, desc,
										  sizeof desc));
	}
	free(who);
	db_close(db);
	return rc;
}

int cmd_meta(struct cli *cli, int argc, char **argv)
{
	struct meta_opts o = { .measure = META_MD, .method = META_REML, .test = META_KNHA };
	int rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc;
	if (o.set_default_where)
		return set_default_where(cli, &o);
	struct sieve_error err = { 0 };
	struct meta_input in;
	struct db *db = NULL;
	char *defaults = NULL;
	if (o.from_csv) {
		if (meta_input_csv(o.from_csv, &in, &err))
			return cli_fail(&err);
		if (o.sel.by && !in.has_subgroup) {
			meta_input_fini(&in);
			return cli_usage("meta", "--by subgroup: %s has no column subgroup", o.from_csv);
		}
		if (!o.sel.by && !o.all_models)
			in.has_subgroup = false;
	} else {
		db = cli_open_db(cli, DB_OPEN_DEFAULT, &err);
		if (db && store_meta_default_where(db, &defaults, &err) == 0)
			o.sel.defaults = defaults;
		if (!db || !defaults || meta_input_db(db, &o.sel, &in, &err)) {
			free(defaults);
			db_close(db);
			return cli_fail(&err);
		}
	}
	if (o.all_models && !o.json)
		o.long_ = true;
	/* studies whose numbers cannot be pooled are left out, with the reason */
	static const enum meta_measure every[] = { META_MD, META_SMD };
	meta_input_screen(&in, o.all_models ? every : &o.measure, o.all_models ? 2 : 1);
	if (in.k == 0 && in.n_left_out) {
		printf("No study can be pooled with %s:\n", in.selection);
		for (size_t i = 0; i < in.n_left_out; i++)
			printf("  %s: %s\n", term_safe(stdout, in.left_out[i].label), in.left_out[i].text);
	}
	struct meta_analysis a;
	if (run_analysis(&o, &in, &a, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	/* the JSON report is printed, or saved with the run */
	char *json = o.json || db ? meta_report_json(&o, &in, &a) : NULL;
	if (o.json)
		fputs(json, stdout);
	else if (o.long_ || o.csv)
		meta_report_long(stdout, &o, &in, &a, o.csv);
	else
		meta_report_text(stdout, &o, &in, &a);
	if (meta_report_figures(&o, &in, &a, &err))
		rc = cli_fail(&err);
	if (rc == 0 && db && save_and_diff(db, &o, &in, &a, json, &err))
		rc = cli_fail(&err);
	free(json);
	meta_analysis_fini(&a);
out:
	meta_input_fini(&in);
	free(defaults);
	db_close(db);
	return rc;
}
