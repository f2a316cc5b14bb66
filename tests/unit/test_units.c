/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for analysis/units: conversion factors, spellings, plausibility. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "../../analysis/units.h"

/* Relative tolerance: the conversions are one multiply and one divide. */
#define NEAR(expected, actual) \
	assert_true(fabs((double)(expected) - (double)(actual)) <= \
	            1e-12 * fmax(1.0, fabs((double)(expected))))

/* units_normalise must succeed with *out = expected. */
static void ok(enum dwi_param p, const char *unit, double value, bool spread,
               double expected)
{
	double out = -12345.0;
	int rc = units_normalise(p, unit, value, spread, &out);
	if (rc != UNITS_OK)
		print_error("units_normalise(%s, \"%s\", %g): %s\n",
		            units_param_name(p), unit ? unit : "(null)", value,
		            units_strerror(rc));
	assert_int_equal(rc, UNITS_OK);
	NEAR(expected, out);
}

/* units_normalise must fail with status; returns *out. */
static double fails(enum dwi_param p, const char *unit, double value,
                    bool spread, int status)
{
	double out = -12345.0;
	int rc = units_normalise(p, unit, value, spread, &out);
	if (rc != status)
		print_error("units_normalise(%s, \"%s\", %g): %d, expected %d\n",
		            units_param_name(p), unit ? unit : "(null)", value,
		            rc, status);
	assert_int_equal(rc, status);
	return out;
}

static void canon(const char *spelling, const char *expected)
{
	const char *got = units_canonical(spelling);
	if (!expected) {
		if (got)
			print_error("\"%s\" -> \"%s\", expected NULL\n",
			            spelling ? spelling : "(null)", got);
		assert_null(got);
		return;
	}
	if (!got || strcmp(got, expected) != 0)
		print_error("\"%s\" -> \"%s\", expected \"%s\"\n", spelling,
		            got ? got : "(null)", expected);
	assert_non_null(got);
	assert_string_equal(got, expected);
}

static void suggests(enum dwi_param p, double value, const char *expected)
{
	const char *got = units_suggest(p, value);
	if (!expected) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, expected);
}

/* Parameter names round-trip; unknown names and values. */
static void test_param_names(void **state)
{
	(void)state;
	static const char *names[] = { "adc", "ivim-d", "ivim-dstar", "ivim-f",
	                               "dki-d", "dki-k", "other" };
	for (int i = 0; i < PARAM_N; i++) {
		assert_string_equal(units_param_name((enum dwi_param)i), names[i]);
		enum dwi_param p = PARAM_N;
		assert_true(units_param_parse(names[i], &p));
		assert_int_equal(p, i);
	}
	enum dwi_param p = PARAM_ADC;
	assert_true(units_param_parse("IVIM-Dstar", &p));
	assert_int_equal(p, PARAM_IVIM_DSTAR);
	p = PARAM_ADC;
	assert_false(units_param_parse("ivim", &p));
	assert_false(units_param_parse("adcx", &p));
	assert_false(units_param_parse("", &p));
	assert_false(units_param_parse(NULL, &p));
	assert_false(units_param_parse("adc", NULL));
	assert_int_equal(p, PARAM_ADC);
	assert_string_equal(units_param_name(PARAM_N), "?");
	assert_string_equal(units_param_name((enum dwi_param)-1), "?");
}

static void test_normalised_units_and_ranges(void **state)
{
	(void)state;
	assert_string_equal(units_normalised_unit(PARAM_ADC), "x10^-3 mm^2/s");
	assert_string_equal(units_normalised_unit(PARAM_IVIM_D), "x10^-3 mm^2/s");
	assert_string_equal(units_normalised_unit(PARAM_IVIM_DSTAR), "x10^-3 mm^2/s");
	assert_string_equal(units_normalised_unit(PARAM_DKI_D), "x10^-3 mm^2/s");
	assert_string_equal(units_normalised_unit(PARAM_IVIM_F), "fraction");
	assert_string_equal(units_normalised_unit(PARAM_DKI_K), "unitless");
	assert_null(units_normalised_unit(PARAM_OTHER));
	assert_null(units_normalised_unit(PARAM_N));

	double lo = -1, hi = -1;
	assert_true(units_range(PARAM_ADC, &lo, &hi));
	NEAR(0.1, lo); NEAR(4.0, hi);
	assert_true(units_range(PARAM_IVIM_D, &lo, &hi));
	NEAR(0.1, lo); NEAR(4.0, hi);
	assert_true(units_range(PARAM_DKI_D, &lo, &hi));
	NEAR(0.1, lo); NEAR(4.0, hi);
	assert_true(units_range(PARAM_IVIM_DSTAR, &lo, &hi));
	NEAR(1.0, lo); NEAR(500.0, hi);
	assert_true(units_range(PARAM_IVIM_F, &lo, &hi));
	NEAR(0.0, lo); NEAR(1.0, hi);
	assert_true(units_range(PARAM_DKI_K, &lo, &hi));
	NEAR(0.0, lo); NEAR(4.0, hi);
	assert_false(units_range(PARAM_OTHER, &lo, &hi));
	assert_false(units_range(PARAM_N, &lo, &hi));
	assert_false(units_range(PARAM_ADC, NULL, &hi));
}

/*
 * Every diffusivity factor, with values worked by hand:
 *   1.25 x10^-3 mm^2/s                  = 1.25
 *   12.5 x10^-4 mm^2/s = 12.5 * 0.1     = 1.25
 *   1250 x10^-6 mm^2/s = 1250 / 1000    = 1.25
 *   0.00125 mm^2/s     = 0.00125 * 1000 = 1.25
 *   1.25 x10^-5 cm^2/s = 1.25e-5 * 100 mm^2/s = 1.25e-3 mm^2/s = 1.25
 *   1.25 x10^-9 m^2/s  = 1.25e-9 * 1e6 mm^2/s = 1.25e-3 mm^2/s = 1.25
 *   1.25 um^2/ms       = 1.25e-6 mm^2 / 1e-3 s = 1.25e-3 mm^2/s = 1.25
 *   1250 um^2/s        = 1250e-6 mm^2/s = 1.25e-3 mm^2/s       = 1.25
 */
static void test_diffusivity_factors(void **state)
{
	(void)state;
	ok(PARAM_ADC, "x10^-3 mm^2/s", 1.25, false, 1.25);
	ok(PARAM_ADC, "x10^-4 mm^2/s", 12.5, false, 1.25);
	ok(PARAM_ADC, "x10^-6 mm^2/s", 1250.0, false, 1.25);
	ok(PARAM_ADC, "mm^2/s", 0.00125, false, 1.25);
	ok(PARAM_ADC, "x10^-5 cm^2/s", 1.25, false, 1.25);
	ok(PARAM_ADC, "x10^-9 m^2/s", 1.25, false, 1.25);
	ok(PARAM_ADC, "um^2/ms", 1.25, false, 1.25);
	ok(PARAM_ADC, "um^2/s", 1250.0, false, 1.25);

	/* Other values, other diffusivity parameters. */
	ok(PARAM_ADC, "x10^-6 mm^2/s", 1200.0, false, 1.2);
	ok(PARAM_IVIM_D, "x10^-6 mm^2/s", 980.0, false, 0.98);
	ok(PARAM_IVIM_D, "mm^2/s", 0.00098, false, 0.98);
	ok(PARAM_DKI_D, "um^2/ms", 1.83, false, 1.83);
	ok(PARAM_DKI_D, "x10^-4 mm^2/s", 18.3, false, 1.83);
	ok(PARAM_IVIM_DSTAR, "x10^-3 mm^2/s", 45.6, false, 45.6);
	ok(PARAM_IVIM_DSTAR, "mm^2/s", 0.0456, false, 45.6);
	ok(PARAM_IVIM_DSTAR, "x10^-6 mm^2/s", 45600.0, false, 45.6);
	ok(PARAM_IVIM_DSTAR, "um^2/s", 45600.0, false, 45.6);
	ok(PARAM_IVIM_DSTAR, "x10^-4 mm^2/s", 456.0, false, 45.6);

	/* The limits are inclusive. */
	ok(PARAM_ADC, "x10^-3 mm^2/s", 0.1, false, 0.1);
	ok(PARAM_ADC, "x10^-3 mm^2/s", 4.0, false, 4.0);
	ok(PARAM_ADC, "x10^-6 mm^2/s", 4000.0, false, 4.0);
	ok(PARAM_IVIM_DSTAR, "x10^-3 mm^2/s", 1.0, false, 1.0);
	ok(PARAM_IVIM_DSTAR, "x10^-3 mm^2/s", 500.0, false, 500.0);
}

/* f as a fraction or in %: 23.5 % = 23.5 / 100 = 0.235. K unitless. */
static void test_fraction_and_kurtosis(void **state)
{
	(void)state;
	ok(PARAM_IVIM_F, "fraction", 0.235, false, 0.235);
	ok(PARAM_IVIM_F, "%", 23.5, false, 0.235);
	ok(PARAM_IVIM_F, "percent", 23.5, false, 0.235);
	ok(PARAM_IVIM_F, " % ", 100.0, false, 1.0);
	ok(PARAM_IVIM_F, "%", 0.0, false, 0.0);
	ok(PARAM_IVIM_F, "", 0.235, false, 0.235);         /* no unit */
	ok(PARAM_IVIM_F, "unitless", 0.235, false, 0.235);
	NEAR(1.5, fails(PARAM_IVIM_F, "fraction", 1.5, false, UNITS_IMPLAUSIBLE));
	NEAR(1.2, fails(PARAM_IVIM_F, "%", 120.0, false, UNITS_IMPLAUSIBLE));
	NEAR(23.5, fails(PARAM_IVIM_F, "", 23.5, false, UNITS_IMPLAUSIBLE));
	suggests(PARAM_IVIM_F, 23.5, "%");
	suggests(PARAM_IVIM_F, 0.235, "fraction");
	suggests(PARAM_IVIM_F, 0.0, "fraction");
	suggests(PARAM_IVIM_F, 150.0, NULL);

	ok(PARAM_DKI_K, "unitless", 0.87, false, 0.87);
	ok(PARAM_DKI_K, "", 0.87, false, 0.87);
	ok(PARAM_DKI_K, "-", 0.87, false, 0.87);
	ok(PARAM_DKI_K, "none", 0.0, false, 0.0);
	ok(PARAM_DKI_K, "dimensionless", 4.0, false, 4.0);
	fails(PARAM_DKI_K, "unitless", 4.5, false, UNITS_IMPLAUSIBLE);
	fails(PARAM_DKI_K, "unitless", -0.1, false, UNITS_IMPLAUSIBLE);
	suggests(PARAM_DKI_K, 0.87, "unitless");
	suggests(PARAM_DKI_K, 87.0, NULL);
}

/* Spellings of each unit, and what is refused. */
static void test_spellings(void **state)
{
	(void)state;
	static const char *x3[] = {
		"x10^-3 mm^2/s", "x10^-3mm^2/s", "10^-3 mm^2/s", "1e-3 mm2/s",
		"x10-3 mm2/s", "X10-3 MM2/S", "x 10 ^ -3 mm ^ 2 / s", "*10^-3 mm^2/s",
		"1E-3 mm^2/s", "x1e-3 mm2/s", "10^-03 mm^2/s", "(x10^-3 mm^2/s)",
		"[10^-3 mm^2/s]", "mm^2/s x10^-3", "mm2/s x 10-3", "mm^2/s (1e-3)",
		"10^-3 mm^2 s^-1", "x10-3 mm2 s-1", "10^-3 mm^2/sec",
		"\xC3\x97" "10\xE2\x81\xBB\xC2\xB3 mm\xC2\xB2/s",      /* ×10⁻³ mm²/s */
		"\xC3\x97" "10\xE2\x81\xBB\xC2\xB3 mm\xC2\xB2\xC2\xB7s\xE2\x81\xBB\xC2\xB9",
		                                                        /* ×10⁻³ mm²·s⁻¹ */
		"x10^\xE2\x88\x92" "3 mm^2/s",                          /* U+2212 minus */
		"\tx10^-3\xC2\xA0mm^2/s\n",
	};
	for (size_t i = 0; i < sizeof x3 / sizeof x3[0]; i++)
		canon(x3[i], "x10^-3 mm^2/s");

	canon("x10^-4 mm^2/s", "x10^-4 mm^2/s");
	canon("1e-4 mm2/s", "x10^-4 mm^2/s");
	canon("10-4mm2/s", "x10^-4 mm^2/s");
	canon("x10^-6 mm^2/s", "x10^-6 mm^2/s");
	canon("1e-6 mm2/s", "x10^-6 mm^2/s");
	canon("10\xE2\x81\xBB\xE2\x81\xB6 mm\xC2\xB2/s", "x10^-6 mm^2/s"); /* 10⁻⁶ */
	canon("mm^2/s", "mm^2/s");
	canon("mm2/s", "mm^2/s");
	canon("mm2 s-1", "mm^2/s");
	canon("MM^2/SEC", "mm^2/s");
	canon("x10^-5 cm^2/s", "x10^-5 cm^2/s");
	canon("1e-5 cm2/s", "x10^-5 cm^2/s");
	canon("x10^-9 m^2/s", "x10^-9 m^2/s");
	canon("10-9 m2 s-1", "x10^-9 m^2/s");
	canon("um^2/ms", "um^2/ms");
	canon("um2/ms", "um^2/ms");
	canon("\xC2\xB5m^2/ms", "um^2/ms");          /* micro sign */
	canon("\xCE\xBCm\xC2\xB2/ms", "um^2/ms");    /* Greek mu, superscript 2 */
	canon("um2 ms-1", "um^2/ms");
	canon("um^2/msec", "um^2/ms");
	canon("um^2/s", "um^2/s");
	canon("\xC2\xB5m\xC2\xB2/s", "um^2/s");
	canon("um2 s-1", "um^2/s");

	canon("fraction", "fraction");
	canon("Frac", "fraction");
	canon("ratio", "fraction");
	canon("%", "%");
	canon("percent", "%");
	canon("pct", "%");
	canon("", "unitless");
	canon("   ", "unitless");
	canon("unitless", "unitless");
	canon("-", "unitless");
	canon("1", "unitless");

	/* Refused: not a known unit, a power not in the table, an ambiguous or
	 * malformed multiplier, a stray non-ASCII character. */
	canon(NULL, NULL);
	canon("ms", NULL);
	canon("mm", NULL);
	canon("mm^2", NULL);
	canon("s/mm^2", NULL);
	canon("x10^-3", NULL);
	canon("x10^-7 mm^2/s", NULL);
	canon("x10^-3 cm^2/s", NULL);
	canon("x10^-3 um^2/ms", NULL);
	canon("x10^3 mm^2/s", NULL);
	canon("10e-3 mm^2/s", NULL);
	canon("x10^-123 mm^2/s", NULL);
	canon("x10^-3 mm^2/s x10^-3", NULL);
	canon("x mm^2/s", NULL);
	canon("mm^2/s extra", NULL);
	canon("\xE2\x82\xAC", NULL);                  /* euro sign */
	canon("mm\xC2", NULL);                        /* truncated UTF-8 */
	canon("x10^-3 mm^2/s                                                     "
	      "                                                     ", "x10^-3 mm^2/s");
	canon("x10^-3 mm^2/s x10^-3 mm^2/s x10^-3 mm^2/s x10^-3 mm^2/s x10^-3 mm^2/s "
	      "x10^-3 mm^2/s x10^-3 mm^2/s x10^-3 mm^2/s",
	      NULL);                                  /* too long */

	/* Spellings go through units_normalise too. */
	ok(PARAM_ADC, "1e-6 mm2/s", 1500.0, false, 1.5);
	ok(PARAM_ADC, "\xC2\xB5m\xC2\xB2/s", 1500.0, false, 1.5);
	ok(PARAM_ADC, "mm2 s-1", 0.0015, false, 1.5);
}

/* The examples of the brief: a number plausible only in another unit. */
static void test_implausible_and_suggestions(void **state)
{
	(void)state;
	/* 1200 as x10^-3 mm^2/s would be 1.2 mm^2/s: 400 times water. */
	NEAR(1200.0, fails(PARAM_ADC, "x10^-3 mm^2/s", 1200.0, false, UNITS_IMPLAUSIBLE));
	suggests(PARAM_ADC, 1200.0, "x10^-6 mm^2/s");
	/* 0.0012 as x10^-3 mm^2/s: the value was in mm^2/s. */
	NEAR(0.0012, fails(PARAM_ADC, "x10^-3 mm^2/s", 0.0012, false, UNITS_IMPLAUSIBLE));
	suggests(PARAM_ADC, 0.0012, "mm^2/s");
	/* 1.2 mm^2/s: the value was in x10^-3 mm^2/s. */
	NEAR(1200.0, fails(PARAM_ADC, "mm^2/s", 1.2, false, UNITS_IMPLAUSIBLE));
	suggests(PARAM_ADC, 1.2, "x10^-3 mm^2/s");
	/* 12 (x10^-4 mm^2/s gives 1.2; x10^-6 would give 0.012, too low). */
	fails(PARAM_ADC, "x10^-3 mm^2/s", 12.0, false, UNITS_IMPLAUSIBLE);
	suggests(PARAM_ADC, 12.0, "x10^-4 mm^2/s");
	/* 1.2 um^2/s = 0.0012 x10^-3 mm^2/s: too low. */
	NEAR(0.0012, fails(PARAM_ADC, "um^2/s", 1.2, false, UNITS_IMPLAUSIBLE));
	/* Just outside the limits. */
	fails(PARAM_ADC, "x10^-3 mm^2/s", 0.099, false, UNITS_IMPLAUSIBLE);
	fails(PARAM_ADC, "x10^-3 mm^2/s", 4.01, false, UNITS_IMPLAUSIBLE);
	fails(PARAM_IVIM_D, "x10^-6 mm^2/s", 4010.0, false, UNITS_IMPLAUSIBLE);
	fails(PARAM_DKI_D, "mm^2/s", 0.00009, false, UNITS_IMPLAUSIBLE);
	fails(PARAM_IVIM_DSTAR, "x10^-3 mm^2/s", 0.9, false, UNITS_IMPLAUSIBLE);
	fails(PARAM_IVIM_DSTAR, "x10^-3 mm^2/s", 501.0, false, UNITS_IMPLAUSIBLE);

	/* D*: 0.03 (mm^2/s) -> 30; 25000 (x10^-6) -> 25; 50 fits as is, and
	 * better than as x10^-4 (5). */
	suggests(PARAM_IVIM_DSTAR, 0.03, "mm^2/s");
	suggests(PARAM_IVIM_DSTAR, 25000.0, "x10^-6 mm^2/s");
	suggests(PARAM_IVIM_DSTAR, 50.0, "x10^-3 mm^2/s");
	/* Nothing fits. */
	suggests(PARAM_ADC, 1e9, NULL);
	suggests(PARAM_ADC, 1e-9, NULL);
	suggests(PARAM_ADC, 0.0, NULL);
	suggests(PARAM_ADC, -1.2, NULL);
	suggests(PARAM_ADC, NAN, NULL);
	suggests(PARAM_ADC, INFINITY, NULL);
	suggests(PARAM_OTHER, 1.0, NULL);
	suggests(PARAM_N, 1.0, NULL);
}

/* A known unit of the wrong dimension; unknown units. */
static void test_wrong_and_unknown_units(void **state)
{
	(void)state;
	assert_true(isnan(fails(PARAM_ADC, "%", 1.2, false, UNITS_WRONG_UNIT_FOR_PARAM)));
	fails(PARAM_ADC, "fraction", 1.2, false, UNITS_WRONG_UNIT_FOR_PARAM);
	fails(PARAM_ADC, "", 1.2, false, UNITS_WRONG_UNIT_FOR_PARAM);
	fails(PARAM_IVIM_DSTAR, "unitless", 30.0, false, UNITS_WRONG_UNIT_FOR_PARAM);
	fails(PARAM_IVIM_F, "x10^-3 mm^2/s", 0.2, false, UNITS_WRONG_UNIT_FOR_PARAM);
	fails(PARAM_DKI_K, "mm^2/s", 0.9, false, UNITS_WRONG_UNIT_FOR_PARAM);
	fails(PARAM_DKI_K, "%", 90.0, false, UNITS_WRONG_UNIT_FOR_PARAM);
	fails(PARAM_DKI_K, "fraction", 0.9, false, UNITS_WRONG_UNIT_FOR_PARAM);

	assert_true(isnan(fails(PARAM_ADC, "s/mm^2", 1.2, false, UNITS_UNKNOWN_UNIT)));
	fails(PARAM_ADC, "10e-3 mm^2/s", 1.2, false, UNITS_UNKNOWN_UNIT);
	fails(PARAM_IVIM_F, "percentage points", 20.0, false, UNITS_UNKNOWN_UNIT);
	fails(PARAM_DKI_K, "a.u.", 0.9, false, UNITS_UNKNOWN_UNIT);
}

/* Negative values: never plausible, as location or spread. */
static void test_negative(void **state)
{
	(void)state;
	NEAR(-1.2, fails(PARAM_ADC, "x10^-3 mm^2/s", -1.2, false, UNITS_IMPLAUSIBLE));
	NEAR(-1.2, fails(PARAM_ADC, "x10^-6 mm^2/s", -1200.0, false, UNITS_IMPLAUSIBLE));
	fails(PARAM_ADC, "x10^-3 mm^2/s", -0.1, true, UNITS_IMPLAUSIBLE);
	fails(PARAM_IVIM_DSTAR, "mm^2/s", -0.01, false, UNITS_IMPLAUSIBLE);
	fails(PARAM_IVIM_F, "%", -5.0, false, UNITS_IMPLAUSIBLE);
	fails(PARAM_IVIM_F, "fraction", -0.01, true, UNITS_IMPLAUSIBLE);
	fails(PARAM_DKI_K, "", -0.5, true, UNITS_IMPLAUSIBLE);
	/* -0.0 is zero. */
	ok(PARAM_IVIM_F, "fraction", -0.0, false, 0.0);
	ok(PARAM_ADC, "x10^-3 mm^2/s", -0.0, true, 0.0);
}

/* Spreads (SD, IQR width): anything in [0, upper limit]. */
static void test_spreads(void **state)
{
	(void)state;
	/* Below the location range, fine for a spread: 0.05 x10^-3 mm^2/s,
	 * 50 x10^-6 mm^2/s = 0.05, 0 (all equal). */
	ok(PARAM_ADC, "x10^-3 mm^2/s", 0.05, true, 0.05);
	fails(PARAM_ADC, "x10^-3 mm^2/s", 0.05, false, UNITS_IMPLAUSIBLE);
	ok(PARAM_ADC, "x10^-6 mm^2/s", 50.0, true, 0.05);
	ok(PARAM_ADC, "x10^-3 mm^2/s", 0.0, true, 0.0);
	ok(PARAM_IVIM_D, "mm^2/s", 0.00012, true, 0.12);
	ok(PARAM_IVIM_DSTAR, "x10^-3 mm^2/s", 0.5, true, 0.5);
	ok(PARAM_IVIM_F, "%", 3.5, true, 0.035);
	ok(PARAM_DKI_K, "unitless", 0.02, true, 0.02);
	/* Up to the upper limit, not beyond. */
	ok(PARAM_ADC, "x10^-3 mm^2/s", 4.0, true, 4.0);
	NEAR(250.0, fails(PARAM_ADC, "x10^-3 mm^2/s", 250.0, true, UNITS_IMPLAUSIBLE));
	fails(PARAM_ADC, "mm^2/s", 0.25, true, UNITS_IMPLAUSIBLE);
	ok(PARAM_IVIM_DSTAR, "x10^-3 mm^2/s", 500.0, true, 500.0);
	fails(PARAM_IVIM_DSTAR, "x10^-3 mm^2/s", 600.0, true, UNITS_IMPLAUSIBLE);
	fails(PARAM_IVIM_F, "%", 101.0, true, UNITS_IMPLAUSIBLE);
	fails(PARAM_DKI_K, "unitless", 4.1, true, UNITS_IMPLAUSIBLE);
	/* The unit is still checked. */
	fails(PARAM_ADC, "%", 5.0, true, UNITS_WRONG_UNIT_FOR_PARAM);
}

/* PARAM_OTHER, invalid arguments, status strings. */
static void test_other_and_invalid(void **state)
{
	(void)state;
	ok(PARAM_OTHER, "ms", 85.0, false, 85.0);
	ok(PARAM_OTHER, NULL, -3.5, false, -3.5);
	ok(PARAM_OTHER, "whatever", 1e9, true, 1e9);
	NEAR(-1.0, fails(PARAM_OTHER, "ms", -1.0, true, UNITS_IMPLAUSIBLE));

	assert_true(isnan(fails(PARAM_ADC, NULL, 1.2, false, UNITS_INVALID)));
	assert_true(isnan(fails(PARAM_ADC, "mm^2/s", NAN, false, UNITS_INVALID)));
	fails(PARAM_ADC, "mm^2/s", INFINITY, false, UNITS_INVALID);
	fails(PARAM_OTHER, NULL, -INFINITY, false, UNITS_INVALID);
	fails(PARAM_N, "mm^2/s", 0.001, false, UNITS_INVALID);
	fails((enum dwi_param)-1, "mm^2/s", 0.001, false, UNITS_INVALID);
	assert_int_equal(units_normalise(PARAM_ADC, "mm^2/s", 0.001, false, NULL),
	                 UNITS_INVALID);

	static const int codes[] = { UNITS_OK, UNITS_INVALID, UNITS_UNKNOWN_UNIT,
	                             UNITS_WRONG_UNIT_FOR_PARAM, UNITS_IMPLAUSIBLE };
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		assert_non_null(units_strerror(codes[i]));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(units_strerror(codes[i]),
			                        units_strerror(codes[j]));
	}
	assert_string_equal(units_strerror(-99), "unknown units error");
}

/* SD ranges per parameter: above 0 by the repeatability floor (typical / 200),
 * at most half the plausible range (Popoviciu) scaled to the n - 1 divisor. */
static void test_sd_ranges(void **state)
{
	(void)state;
	double lo, hi;
	assert_true(units_sd_range(PARAM_ADC, 1000000, false, &lo, &hi));
	NEAR(0.005, lo);
	assert_true(fabs(hi - 1.95) < 1e-5);
	assert_true(units_sd_range(PARAM_ADC, 2, false, &lo, &hi));
	NEAR(1.95 * sqrt(2.0), hi);
	assert_true(units_sd_range(PARAM_ADC, 2, true, &lo, &hi));
	NEAR(2 * 1.95 * sqrt(2.0), hi);
	assert_true(units_sd_range(PARAM_IVIM_D, 1000000, false, &lo, &hi));
	NEAR(0.005, lo);
	assert_true(units_sd_range(PARAM_DKI_D, 1000000, false, &lo, &hi));
	NEAR(0.005, lo);
	assert_true(units_sd_range(PARAM_IVIM_DSTAR, 1000000, false, &lo, &hi));
	NEAR(0.15, lo);
	assert_true(fabs(hi - 249.5) < 1e-3);
	assert_true(units_sd_range(PARAM_IVIM_F, 1000000, false, &lo, &hi));
	NEAR(0.001, lo);
	assert_true(fabs(hi - 0.5) < 1e-6);
	assert_true(units_sd_range(PARAM_DKI_K, 1000000, false, &lo, &hi));
	NEAR(0.005, lo);
	assert_true(fabs(hi - 2.0) < 1e-5);
	assert_true(units_sd_range(PARAM_OTHER, 10, false, &lo, &hi));
	assert_true(lo == 1 / UNITS_OTHER_MAX && hi == UNITS_OTHER_MAX);
	/* a single value has no SD */
	assert_false(units_sd_range(PARAM_ADC, 1, false, &lo, &hi));
	assert_false(units_sd_range(PARAM_N, 10, false, &lo, &hi));
	assert_false(units_sd_range(PARAM_ADC, 10, false, NULL, &hi));

	/* the values of the issue: 1e-300 and 0.00002 x10^-3 mm^2/s, 0 */
	assert_int_equal(units_check_sd(PARAM_ADC, 12, false, 1e-300), UNITS_IMPLAUSIBLE);
	assert_int_equal(units_check_sd(PARAM_ADC, 12, false, 0.00002), UNITS_IMPLAUSIBLE);
	assert_int_equal(units_check_sd(PARAM_ADC, 12, false, 0.0), UNITS_IMPLAUSIBLE);
	assert_int_equal(units_check_sd(PARAM_ADC, 12, false, -0.1), UNITS_IMPLAUSIBLE);
	assert_int_equal(units_check_sd(PARAM_ADC, 12, false, 0.2), UNITS_OK);
	assert_int_equal(units_check_sd(PARAM_ADC, 12, false, 4.0), UNITS_IMPLAUSIBLE);
	assert_int_equal(units_check_sd(PARAM_ADC, 1, false, 0.2), UNITS_IMPLAUSIBLE);
	assert_int_equal(units_check_sd(PARAM_ADC, 12, false, INFINITY), UNITS_INVALID);
	assert_int_equal(units_check_sd(PARAM_ADC, 12, false, NAN), UNITS_INVALID);
	assert_int_equal(units_check_sd(PARAM_IVIM_F, 30, false, 0.6), UNITS_IMPLAUSIBLE);
	assert_int_equal(units_check_sd(PARAM_IVIM_F, 30, false, 0.08), UNITS_OK);
	assert_int_equal(units_check_sd(PARAM_IVIM_DSTAR, 30, false, 0.1), UNITS_IMPLAUSIBLE);
	assert_int_equal(units_check_sd(PARAM_IVIM_DSTAR, 30, false, 20), UNITS_OK);
	assert_int_equal(units_check_sd(PARAM_OTHER, 30, false, 1e-300), UNITS_IMPLAUSIBLE);
	assert_int_equal(units_check_sd(PARAM_OTHER, 30, false, 7), UNITS_OK);

	/* the unit under which an SD would have been plausible */
	assert_string_equal(units_suggest_sd(PARAM_ADC, 12, false, 200), "x10^-6 mm^2/s");
	assert_string_equal(units_suggest_sd(PARAM_ADC, 12, false, 0.0002), "mm^2/s");
	assert_null(units_suggest_sd(PARAM_ADC, 12, false, 1e-300));
	assert_null(units_suggest_sd(PARAM_ADC, 12, false, 0));
	assert_null(units_suggest_sd(PARAM_OTHER, 12, false, 5));
}

/* PARAM_OTHER keeps values whose arithmetic stays finite. */
static void test_other_bounds(void **state)
{
	(void)state;
	ok(PARAM_OTHER, "whatever", -1e150, false, -1e150);
	fails(PARAM_OTHER, "whatever", 1e200, false, UNITS_IMPLAUSIBLE);
	fails(PARAM_OTHER, "whatever", -1e308, false, UNITS_IMPLAUSIBLE);
	fails(PARAM_OTHER, NULL, 1e151, true, UNITS_IMPLAUSIBLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_param_names),
		cmocka_unit_test(test_normalised_units_and_ranges),
		cmocka_unit_test(test_diffusivity_factors),
		cmocka_unit_test(test_fraction_and_kurtosis),
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_implausible_and_suggestions),
		cmocka_unit_test(test_wrong_and_unknown_units),
		cmocka_unit_test(test_negative),
		cmocka_unit_test(test_spreads),
		cmocka_unit_test(test_other_and_invalid),
		cmocka_unit_test(test_sd_ranges),
		cmocka_unit_test(test_other_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
