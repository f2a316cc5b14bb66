/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Units of diffusion MRI parameters: parse, normalise, check plausibility. */
#ifndef SIEVE_ANALYSIS_UNITS_H
#define SIEVE_ANALYSIS_UNITS_H

#include <stdbool.h>

/*
 * For data extraction: a value is entered in the unit the paper uses and
 * stored in the parameter's normalised unit (units_normalised_unit):
 *   diffusivities (ADC, IVIM D, IVIM D*, DKI D)   x10^-3 mm^2/s
 *   IVIM perfusion fraction f                      fraction (0..1)
 *   DKI kurtosis K                                 unitless
 *   other                                          stored as entered
 * A value outside the parameter's plausible range (units_range) is refused
 * with UNITS_IMPLAUSIBLE; units_suggest then names the unit under which the
 * raw number would have been plausible, for the caller's message ("1200 is
 * not a plausible ADC in x10^-3 mm^2/s; was it x10^-6 mm^2/s?").
 *
 * Functions return UNITS_OK (0) or one of the negative codes below and never
 * print; units_strerror gives a default one-line message.
 */
enum units_status {
	UNITS_OK = 0,
	UNITS_INVALID = -1,              /* NULL pointer, unknown parameter,
	                                    value not finite */
	UNITS_UNKNOWN_UNIT = -2,         /* the unit string is not recognised */
	UNITS_WRONG_UNIT_FOR_PARAM = -3, /* a known unit of another dimension,
	                                    e.g. "%" for an ADC */
	UNITS_IMPLAUSIBLE = -4,          /* outside the plausible range */
};

enum dwi_param {
	PARAM_ADC = 0,    /* "adc"        apparent diffusion coefficient */
	PARAM_IVIM_D,     /* "ivim-d"     IVIM true (slow) diffusion */
	PARAM_IVIM_DSTAR, /* "ivim-dstar" IVIM pseudo-diffusion D* */
	PARAM_IVIM_F,     /* "ivim-f"     IVIM perfusion fraction */
	PARAM_DKI_D,      /* "dki-d"      DKI kurtosis-corrected diffusivity */
	PARAM_DKI_K,      /* "dki-k"      DKI apparent kurtosis */
	PARAM_OTHER,      /* "other"      anything else: not interpreted */
	PARAM_N,
};

/* A static one-line description of a status code; never NULL. */
const char *units_strerror(int status);

/* "adc", "ivim-d", ...; "?" for an unknown value. */
const char *units_param_name(enum dwi_param p);

/* The parameter named name (the names above, ASCII case-insensitive) into
 * *out. Returns false (and leaves *out alone) for NULL or an unknown name. */
bool units_param_parse(const char *name, enum dwi_param *out);

/*
 * The canonical spelling of a unit, or NULL if unit is NULL or not
 * recognised. Canonical units and the spellings they accept:
 *
 *   diffusivity        factor to x10^-3 mm^2/s
 *   "x10^-3 mm^2/s"    1       also "10^-3 mm^2/s", "1e-3 mm2/s",
 *                              "x10-3 mm2/s", "×10⁻³ mm²/s", "mm2/s x10-3",
 *                              "10^-3 mm^2 s^-1", ...
 *   "x10^-4 mm^2/s"    0.1
 *   "x10^-6 mm^2/s"    0.001
 *   "mm^2/s"           1000
 *   "x10^-5 cm^2/s"    1
 *   "x10^-9 m^2/s"     1
 *   "um^2/ms"          1       also "µm^2/ms", "μm²/ms"
 *   "um^2/s"           0.001   also "µm^2/s"
 *
 *   dimensionless
 *   "fraction"         1       also "frac", "ratio"
 *   "%"                0.01    also "percent", "pct"
 *   "unitless"         1       also "" (no unit), "-", "none", "1",
 *                              "dimensionless"
 *
 * Matching ignores white space, brackets, ASCII case and '^'; "*", "×" and
 * "x" are the multiplication sign; Unicode superscript digits and minus,
 * "²", "³", "µ"/"μ" (read as u) and the minus sign "−" are understood;
 * "s^-1" is read as "/s" and "sec" as "s". The power-of-ten multiplier is
 * "10^-N" or "1e-N", before or after the unit. "10e-3" (literally 10^-2) is
 * refused as ambiguous, as is any non-ASCII character not listed.
 */
const char *units_canonical(const char *unit);

/* The unit values of p are stored in: "x10^-3 mm^2/s", "fraction" or
 * "unitless"; NULL for PARAM_OTHER (stored as entered) and unknown values. */
const char *units_normalised_unit(enum dwi_param p);

/* The plausible range [*lo, *hi] of p in its normalised unit (see units.c
 * for the reasoning). Returns false for PARAM_OTHER and unknown values. */
bool units_range(enum dwi_param p, double *lo, double *hi);

/* The largest magnitude kept for PARAM_OTHER (see units_normalise). */
#define UNITS_OTHER_MAX 1e150

/*
 * The plausible range [*lo, *hi] of a standard deviation of p, in p's
 * normalised unit, for a group of n; is_change for the SD of a change from
 * baseline (twice the width). Bounds (reasoning in units.c): lo = the
 * typical value / 200; hi = (range width) / 2 * sqrt(n / (n - 1)), doubled
 * for a change. ADC, IVIM D, DKI D: 0.005 to 1.95 (large n); IVIM D*: 0.15
 * to 249.5; IVIM f: 0.001 to 0.5; DKI K: 0.005 to 2. PARAM_OTHER:
 * 1/UNITS_OTHER_MAX to UNITS_OTHER_MAX. Returns false for an unknown p, NULL
 * pointers, or n < 2 (a single value has no SD).
 */
bool units_sd_range(enum dwi_param p, long n, bool is_change, double *lo, double *hi);

/* Whether sd, already normalised, is a plausible SD of p for a group of n
 * (units_sd_range): UNITS_OK, UNITS_IMPLAUSIBLE (also for n < 2, zero and
 * negative values) or UNITS_INVALID (unknown p, sd not finite). */
int units_check_sd(enum dwi_param p, long n, bool is_change, double sd);

/* Like units_suggest, for an SD: the unit under which the raw number value
 * would be a plausible SD (nearest to a typical SD, a fifth of the typical
 * value), or NULL. */
const char *units_suggest_sd(enum dwi_param p, long n, bool is_change, double value);

/*
 * Convert value, given in unit, to p's normalised unit into *out, and check
 * it. is_spread says the value is a spread (SD, SE, IQR or range width)
 * rather than a location (mean, median, quartile): a spread only has to be
 * in [0, hi], since it can legitimately be far below the lower limit.
 *
 * Status:
 *   UNITS_OK                     *out is the normalised value
 *   UNITS_INVALID                p unknown, out NULL, unit NULL (other than
 *                                for PARAM_OTHER) or value not finite
 *   UNITS_UNKNOWN_UNIT           units_canonical(unit) is NULL
 *   UNITS_WRONG_UNIT_FOR_PARAM   a diffusivity unit for f or K, a
 *                                dimensionless one for a diffusivity, or
 *                                "fraction"/"%" for K
 *   UNITS_IMPLAUSIBLE            *out is the normalised value, which is out
 *                                of range (negative spreads included)
 * On the other errors *out is NAN (when out is not NULL).
 *
 * PARAM_OTHER: the unit is not interpreted (any string, or NULL) and *out is
 * value; a negative spread and a magnitude above UNITS_OTHER_MAX are refused
 * (UNITS_IMPLAUSIBLE).
 *
 * The spread check here is only [0, hi]; an SD is checked further with
 * units_check_sd.
 */
int units_normalise(enum dwi_param p, const char *unit, double value,
                    bool is_spread, double *out);

/*
 * The canonical name of the unit under which the raw number value would be a
 * plausible location value of p (is_spread false), or NULL if none fits (and
 * for PARAM_OTHER). When several fit, the one giving the normalised value
 * nearest, on a log scale, to a typical value of p wins (ADC, D, DKI D 1.0;
 * D* 30; f 0.2; K 1.0). Only one spelling per factor is offered:
 * "x10^-3 mm^2/s", "x10^-4 mm^2/s", "x10^-6 mm^2/s", "mm^2/s", "fraction",
 * "%", "unitless". Examples for an ADC: 1200 -> "x10^-6 mm^2/s", 0.0012 ->
 * "mm^2/s", 12 -> "x10^-4 mm^2/s", 1.2 -> "x10^-3 mm^2/s", -1 -> NULL.
 */
const char *units_suggest(enum dwi_param p, double value);

#endif
