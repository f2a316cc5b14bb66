/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Units of diffusion MRI parameters: parse, normalise, check plausibility. */
#include "units.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

const char *units_strerror(int status)
{
	switch (status) {
	case UNITS_OK:                   return "ok";
	case UNITS_INVALID:              return "invalid arguments";
	case UNITS_UNKNOWN_UNIT:         return "unknown unit";
	case UNITS_WRONG_UNIT_FOR_PARAM: return "unit does not fit the parameter";
	case UNITS_IMPLAUSIBLE:          return "value implausible for the parameter in this unit";
	default:                         return "unknown units error";
	}
}

/* ---------------------------------------------------------------------------
 * Parameters
 * ------------------------------------------------------------------------- */

/* What kind of unit a parameter takes. */
enum dim {
	DIM_DIFF, /* diffusivity: length^2 / time */
	DIM_FRAC, /* a fraction: "fraction" or "%" */
	DIM_NONE, /* a pure number: "unitless" */
};

/*
 * Plausible ranges, normalised units, for liver and tumour tissue at body
 * temperature, deliberately generous: they are there to catch a value typed
 * in the wrong unit (a factor of 10 or 1000 off), not to judge a study.
 *
 * ADC, IVIM D, DKI D: 0.1 - 4.0 x10^-3 mm^2/s. Free water at 37 degrees C
 *   diffuses at about 3.0 x10^-3 mm^2/s (self-diffusion of water; e.g.
 *   Holz, Heil & Sacco 2000, Phys Chem Chem Phys 2:4740), the ceiling for any
 *   tissue apart from noise and fitting error; 4.0 leaves room for those
 *   (and for cysts, ascites, bile). Liver parenchyma is typically about
 *   1.0 - 1.6, solid tumours 0.6 - 1.5, and very cellular tumours (lymphoma)
 *   or abscesses go down to about 0.4 - 0.5; 0.1 leaves room below. IVIM D
 *   and DKI D are slightly lower than the ADC of the same tissue, well
 *   inside the same bounds.
 * IVIM D*: 1 - 500 x10^-3 mm^2/s. Pseudo-diffusion is about ten to a
 *   hundred times D; reported liver values scatter widely (roughly 10 - 150
 *   with poorly conditioned fits reaching a few hundred), so the range
 *   spans from about D up to the kind of upper bound fitting software sets.
 * IVIM f: 0 - 1, a volume fraction by definition (liver typically 0.1 -
 *   0.35).
 * DKI K: 0 - 4. K = 0 is Gaussian diffusion; tissue is typically 0.5 - 1.5,
 *   and fits are usually constrained to about 0 - 3; negative K is not
 *   physical for tissue models.
 *
 * typical is a central value used only to choose between two units that
 * both make a number plausible (units_suggest).
 *
 * Standard deviations (units_sd_range), for every parameter above:
 *   lower bound  typical / 200 (ADC, IVIM D, DKI D 0.005 x10^-3 mm^2/s;
 *                D* 0.15; f 0.001; K 0.005). A group's SD is at least the
 *                measurement's repeatability, which for these parameters is
 *                several percent of the value (ADC within-subject CVs of
 *                roughly 3 - 15 % in the QIBA DWI profile's literature; IVIM
 *                D* and f are far worse), so an SD under 0.5 % of a typical
 *                value is a slip (a standard error, the wrong power of ten,
 *                or a placeholder like 1e-300), and it would make the
 *                study's variance, hence its weight, absurd or infinite.
 *   upper bound  (hi - lo) / 2 * sqrt(n / (n - 1)): values inside [lo, hi]
 *                have a population SD of at most (hi - lo) / 2 (Popoviciu's
 *                inequality on variances); the factor converts to the
 *                sample SD's n - 1 divisor (ADC 1.95 for large n, 2.76 for
 *                n = 2). A change from baseline spans twice the width, so
 *                its SD bound is doubled.
 * A group of n = 1 has no SD.
 *
 * PARAM_OTHER is not interpreted, but its values are kept where arithmetic
 * on them stays finite and non-zero: |value| <= UNITS_OTHER_MAX (1e150), and
 * an SD in [1 / UNITS_OTHER_MAX, UNITS_OTHER_MAX], so that a variance
 * sd^2 / n is a normal double.
 */
struct param_def {
	const char *name;
	enum dim dim;
	double lo, hi, typical;
};

/* The SD lower bound as a fraction of the typical value (see above). */
#define SD_LO_FRACTION (1.0 / 200.0)

static const struct param_def params[PARAM_N] = {
	[PARAM_ADC]        = { "adc",        DIM_DIFF, 0.1, 4.0,   1.0 },
	[PARAM_IVIM_D]     = { "ivim-d",     DIM_DIFF, 0.1, 4.0,   1.0 },
	[PARAM_IVIM_DSTAR] = { "ivim-dstar", DIM_DIFF, 1.0, 500.0, 30.0 },
	[PARAM_IVIM_F]     = { "ivim-f",     DIM_FRAC, 0.0, 1.0,   0.2 },
	[PARAM_DKI_D]      = { "dki-d",      DIM_DIFF, 0.1, 4.0,   1.0 },
	[PARAM_DKI_K]      = { "dki-k",      DIM_NONE, 0.0, 4.0,   1.0 },
	[PARAM_OTHER]      = { "other",      DIM_NONE, 0.0, 0.0,   0.0 },
};

static bool param_known(enum dwi_param p)
{
	return (int)p >= 0 && p < PARAM_N;
}

const char *units_param_name(enum dwi_param p)
{
	return param_known(p) ? params[p].name : "?";
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower(*a) != lower(*b))
			return false;
	return *a == *b;
}

bool units_param_parse(const char *name, enum dwi_param *out)
{
	if (!name || !out)
		return false;
	for (int i = 0; i < PARAM_N; i++) {
		if (same_nocase(name, params[i].name)) {
			*out = (enum dwi_param)i;
			return true;
		}
	}
	return false;
}

const char *units_normalised_unit(enum dwi_param p)
{
	if (!param_known(p) || p == PARAM_OTHER)
		return NULL;
	switch (params[p].dim) {
	case DIM_DIFF: return "x10^-3 mm^2/s";
	case DIM_FRAC: return "fraction";
	case DIM_NONE: return "unitless";
	default:       return NULL;
	}
}

bool units_range(enum dwi_param p, double *lo, double *hi)
{
	if (!param_known(p) || p == PARAM_OTHER || !lo || !hi)
		return false;
	*lo = params[p].lo;
	*hi = params[p].hi;
	return true;
}

/* ---------------------------------------------------------------------------
 * Units
 * ------------------------------------------------------------------------- */

/*
 * normalised = value * mul / div. The diffusivity factors, from first
 * principles (1 mm = 10^-3 m; 1 um = 10^-3 mm so 1 um^2 = 10^-6 mm^2;
 * 1 cm = 10 mm so 1 cm^2 = 100 mm^2; 1 m^2 = 10^6 mm^2; 1 ms = 10^-3 s):
 *   v x10^-3 mm^2/s                                   -> v
 *   v x10^-4 mm^2/s = v 0.1 x10^-3 mm^2/s             -> v / 10
 *   v x10^-6 mm^2/s = v 10^-3 x10^-3 mm^2/s           -> v / 1000
 *   v mm^2/s        = v 10^3 x10^-3 mm^2/s            -> v * 1000
 *   v x10^-5 cm^2/s = v 10^-5 * 100 mm^2/s
 *                   = v 10^-3 mm^2/s                  -> v
 *   v x10^-9 m^2/s  = v 10^-9 * 10^6 mm^2/s
 *                   = v 10^-3 mm^2/s                  -> v
 *   v um^2/ms       = v 10^-6 mm^2 / 10^-3 s
 *                   = v 10^-3 mm^2/s                  -> v
 *   v um^2/s        = v 10^-6 mm^2/s                  -> v / 1000
 * and v % = v / 100 of a fraction.
 *
 * base and exp are the compact form (see compact()) of the unit without and
 * with its power of ten, for matching. primary marks the one spelling per
 * factor that units_suggest offers.
 */
struct unit_def {
	const char *name;
	enum dim dim;
	const char *base; /* diffusivity: compact base unit; NULL otherwise */
	int exp;          /* diffusivity: the power of ten, 0 if none */
	double mul, div;
	bool primary;
};

static const struct unit_def units[] = {
	{ "x10^-3 mm^2/s", DIM_DIFF, "mm2/s",  -3, 1.0,    1.0,    true },
	{ "x10^-4 mm^2/s", DIM_DIFF, "mm2/s",  -4, 1.0,    10.0,   true },
	{ "x10^-6 mm^2/s", DIM_DIFF, "mm2/s",  -6, 1.0,    1000.0, true },
	{ "mm^2/s",        DIM_DIFF, "mm2/s",   0, 1000.0, 1.0,    true },
	{ "x10^-5 cm^2/s", DIM_DIFF, "cm2/s",  -5, 1.0,    1.0,    false },
	{ "x10^-9 m^2/s",  DIM_DIFF, "m2/s",   -9, 1.0,    1.0,    false },
	{ "um^2/ms",       DIM_DIFF, "um2/ms",  0, 1.0,    1.0,    false },
	{ "um^2/s",        DIM_DIFF, "um2/s",   0, 1.0,    1000.0, false },
	{ "fraction",      DIM_FRAC, NULL,      0, 1.0,    1.0,    true },
	{ "%",             DIM_FRAC, NULL,      0, 1.0,    100.0,  true },
	{ "unitless",      DIM_NONE, NULL,      0, 1.0,    1.0,    true },
};
#define N_UNITS (sizeof units / sizeof units[0])

/* Compact spellings of the dimensionless units. */
static const struct {
	const char *spelling;
	const char *name;
} dimless[] = {
	{ "fraction", "fraction" }, { "frac", "fraction" }, { "ratio", "fraction" },
	{ "%", "%" }, { "percent", "%" }, { "pct", "%" },
	{ "", "unitless" }, { "unitless", "unitless" }, { "-", "unitless" },
	{ "none", "unitless" }, { "1", "unitless" }, { "dimensionless", "unitless" },
};

#define COMPACT_MAX 64

/* Append c to buf (capacity COMPACT_MAX, with the terminator); false when
 * full. */
static bool put(char *buf, size_t *n, char c)
{
	if (*n + 1 >= COMPACT_MAX)
		return false;
	buf[(*n)++] = c;
	buf[*n] = '\0';
	return true;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The compact form of a unit spelling into buf: white space, brackets and
 * '^' dropped, ASCII lower-cased, '*' and U+00D7 as 'x', U+00B5 and U+03BC
 * as 'u', superscript digits and minus as plain ones, U+2212 and U+2013 as
 * '-', U+00B7 and U+22C5 (dots) dropped. False for any other non-ASCII byte
 * sequence or a spelling too long.
 */
static bool compact_chars(const char *in, char *buf)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = 0;
	buf[0] = '\0';
	while (*s) {
		unsigned char c = *s;
		char o = 0; /* 0: drop */
		size_t len = 1;
		if (c < 0x80) {
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
			    c == '\v' || c == '^' || c == '(' || c == ')' || c == '[' ||
			    c == ']' || c == '{' || c == '}')
				o = 0;
			else if (c == '*')
				o = 'x';
			else
				o = lower((char)c);
		} else if (c == 0xC2 && s[1]) {
			len = 2;
			switch (s[1]) {
			case 0xB5: o = 'u'; break; /* micro sign */
			case 0xB2: o = '2'; break; /* superscript two */
			case 0xB3: o = '3'; break; /* superscript three */
			case 0xB9: o = '1'; break; /* superscript one */
			case 0xB7: o = 0; break;   /* middle dot */
			case 0xA0: o = 0; break;   /* no-break space */
			default: return false;
			}
		} else if (c == 0xC3 && s[1] == 0x97) {
			len = 2, o = 'x'; /* multiplication sign */
		} else if (c == 0xCE && s[1] == 0xBC) {
			len = 2, o = 'u'; /* Greek small mu */
		} else if (c == 0xE2 && s[1] && s[2]) {
			len = 3;
			if (s[1] == 0x81 && s[2] == 0xB0)
				o = '0';
			else if (s[1] == 0x81 && s[2] >= 0xB4 && s[2] <= 0xB9)
				o = (char)('4' + (s[2] - 0xB4)); /* superscript 4-9 */
			else if (s[1] == 0x81 && s[2] == 0xBB)
				o = '-'; /* superscript minus */
			else if (s[1] == 0x88 && s[2] == 0x92)
				o = '-'; /* minus sign */
			else if (s[1] == 0x80 && s[2] == 0x93)
				o = '-'; /* en dash */
			else if (s[1] == 0x8B && s[2] == 0x85)
				o = 0; /* dot operator */
			else
				return false;
		} else {
			return false;
		}
		if (o && !put(buf, &n, o))
			return false;
		s += len;
	}
	return true;
}

/* "sec" -> "s"; "<digit>ms-1" -> "<digit>/ms" and "<digit>s-1" -> "<digit>/s"
 * (mm2 s-1 -> mm2/s), in place. */
static void compact_time(char *buf)
{
	char tmp[COMPACT_MAX];
	size_t n = 0;
	for (size_t i = 0; buf[i];) {
		bool after_digit = i > 0 && is_digit(buf[i - 1]);
		if (strncmp(buf + i, "sec", 3) == 0) {
			tmp[n++] = 's';
			i += 3;
		} else if (after_digit && strncmp(buf + i, "ms-1", 4) == 0 &&
		           !is_digit(buf[i + 4])) {
			memcpy(tmp + n, "/ms", 3);
			n += 3;
			i += 4;
		} else if (after_digit && strncmp(buf + i, "s-1", 3) == 0 &&
		           !is_digit(buf[i + 3])) {
			memcpy(tmp + n, "/s", 2);
			n += 2;
			i += 3;
		} else {
			tmp[n++] = buf[i++];
		}
		/* Every rewrite is shorter than what it replaces: n <= i. */
	}
	tmp[n] = '\0';
	memcpy(buf, tmp, n + 1);
}

/* A power of ten at *sp: optional 'x', then "10-N" or "1e-N" with N one or
 * two digits. On success *exp = -N and *sp moves past it. */
static bool parse_pow10(const char **sp, int *exp)
{
	const char *s = *sp;
	if (*s == 'x')
		s++;
	if (s[0] == '1' && (s[1] == '0' || s[1] == 'e') && s[2] == '-')
		s += 3;
	else
		return false;
	if (!is_digit(*s))
		return false;
	int n = *s++ - '0';
	if (is_digit(*s))
		n = n * 10 + (*s++ - '0');
	if (is_digit(*s))
		return false;
	*exp = -n;
	*sp = s;
	return true;
}

static const struct unit_def *lookup(const char *unit)
{
	if (!unit)
		return NULL;
	char buf[COMPACT_MAX];
	if (!compact_chars(unit, buf))
		return NULL;
	compact_time(buf);

	const char *name = NULL;
	for (size_t i = 0; i < sizeof dimless / sizeof dimless[0]; i++)
		if (strcmp(buf, dimless[i].spelling) == 0)
			name = dimless[i].name;
	if (name) {
		for (size_t i = 0; i < N_UNITS; i++)
			if (strcmp(units[i].name, name) == 0)
				return &units[i];
		return NULL;
	}

	/* Diffusivity: [pow10] base [pow10], at most one power of ten. */
	const char *s = buf;
	int exp = 0;
	bool have_exp = parse_pow10(&s, &exp);
	for (size_t i = 0; i < N_UNITS; i++) {
		const struct unit_def *u = &units[i];
		if (!u->base)
			continue;
		size_t bl = strlen(u->base);
		if (strncmp(s, u->base, bl) != 0)
			continue;
		const char *rest = s + bl;
		int e = exp;
		if (*rest) {
			if (have_exp || !parse_pow10(&rest, &e) || *rest)
				continue;
		}
		for (size_t j = 0; j < N_UNITS; j++)
			if (units[j].base && strcmp(units[j].base, u->base) == 0 &&
			    units[j].exp == e)
				return &units[j];
		return NULL;
	}
	return NULL;
}

const char *units_canonical(const char *unit)
{
	const struct unit_def *u = lookup(unit);
	return u ? u->name : NULL;
}

/* Whether p takes unit u. */
static bool fits(enum dwi_param p, const struct unit_def *u)
{
	switch (params[p].dim) {
	case DIM_DIFF: return u->dim == DIM_DIFF;
	case DIM_FRAC: return u->dim == DIM_FRAC || u->dim == DIM_NONE;
	case DIM_NONE: return u->dim == DIM_NONE;
	default:       return false;
	}
}

static double convert(const struct unit_def *u, double value)
{
	return value * u->mul / u->div;
}

int units_normalise(enum dwi_param p, const char *unit, double value,
                    bool is_spread, double *out)
{
	if (out)
		*out = NAN;
	if (!param_known(p) || !out || !isfinite(value))
		return UNITS_INVALID;
	if (p == PARAM_OTHER) {
		*out = value;
		if (is_spread && value < 0.0)
			return UNITS_IMPLAUSIBLE;
		return fabs(value) <= UNITS_OTHER_MAX ? UNITS_OK : UNITS_IMPLAUSIBLE;
	}
	if (!unit)
		return UNITS_INVALID;
	const struct unit_def *u = lookup(unit);
	if (!u)
		return UNITS_UNKNOWN_UNIT;
	if (!fits(p, u))
		return UNITS_WRONG_UNIT_FOR_PARAM;
	double v = convert(u, value);
	*out = v;
	double lo = is_spread ? 0.0 : params[p].lo;
	if (!(v >= lo && v <= params[p].hi))
		return UNITS_IMPLAUSIBLE;
	return UNITS_OK;
}

/* The primary unit of p in which value falls in [lo, hi] nearest to typical
 * (on a log scale), or NULL. */
static const char *nearest_unit(enum dwi_param p, double value, double lo, double hi,
				double typical)
{
	const char *best = NULL;
	double best_dist = INFINITY;
	for (size_t i = 0; i < N_UNITS; i++) {
		const struct unit_def *u = &units[i];
		if (!u->primary || !fits(p, u))
			continue;
		double v = convert(u, value);
		if (!(v >= lo && v <= hi))
			continue;
		double dist = v > 0.0 ? fabs(log(v / typical)) : HUGE_VAL;
		if (!best || dist < best_dist) {
			best = u->name;
			best_dist = dist;
		}
	}
	return best;
}

const char *units_suggest(enum dwi_param p, double value)
{
	if (!param_known(p) || p == PARAM_OTHER || !isfinite(value))
		return NULL;
	const struct param_def *d = &params[p];
	return nearest_unit(p, value, d->lo, d->hi, d->typical);
}

bool units_sd_range(enum dwi_param p, long n, bool is_change, double *lo, double *hi)
{
	if (!param_known(p) || !lo || !hi || n < 2)
		return false;
	if (p == PARAM_OTHER) {
		*lo = 1.0 / UNITS_OTHER_MAX;
		*hi = UNITS_OTHER_MAX;
		return true;
	}
	const struct param_def *d = &params[p];
	double nn = (double)n;
	*lo = d->typical * SD_LO_FRACTION;
	*hi = (d->hi - d->lo) / 2.0 * sqrt(nn / (nn - 1.0)) * (is_change ? 2.0 : 1.0);
	return true;
}

int units_check_sd(enum dwi_param p, long n, bool is_change, double sd)
{
	if (!param_known(p) || !isfinite(sd))
		return UNITS_INVALID;
	double lo, hi;
	if (!units_sd_range(p, n, is_change, &lo, &hi))
		return UNITS_IMPLAUSIBLE; /* n < 2: no SD */
	return sd >= lo && sd <= hi ? UNITS_OK : UNITS_IMPLAUSIBLE;
}

const char *units_suggest_sd(enum dwi_param p, long n, bool is_change, double value)
{
	double lo, hi;
	if (p == PARAM_OTHER || !isfinite(value) || !(value > 0.0) ||
	    !units_sd_range(p, n, is_change, &lo, &hi))
		return NULL;
	/* a typical SD: a fifth of a typical value */
	return nearest_unit(p, value, lo, hi, params[p].typical * 0.2);
}
