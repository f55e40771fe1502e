/*
 * A minimal unit-test harness: checks count failures, report the failing
 * expression with file and line, and unit_done() prints the closing line
 * "N passed, N failed" and returns the exit status.
 */
#ifndef DEMO_UNIT_H
#define DEMO_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed;

#define UNIT_CHECK(cond)                                                                   \
	do {                                                                               \
		if (cond) {                                                                \
			unit_passed++;                                                     \
		} else {                                                                   \
			unit_failed++;                                                     \
			fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                          \
	} while (0)

#define UNIT_CHECK_INT(got, want)                                                           \
	do {                                                                                \
		long long unit_g_ = (long long)(got), unit_w_ = (long long)(want);          \
		if (unit_g_ == unit_w_) {                                                   \
			unit_passed++;                                                      \
		} else {                                                                    \
			unit_failed++;                                                      \
			fprintf(stderr, "%s:%d: FAILED: %s == %lld, want %lld\n", __FILE__, \
			        __LINE__, #got, unit_g_, unit_w_);                          \
		}                                                                           \
	} while (0)

#define UNIT_CHECK_STR(got, want)                                                               \
	do {                                                                                    \
		const char *unit_g_ = (got), *unit_w_ = (want);                                 \
		if (unit_g_ != NULL && strcmp(unit_g_, unit_w_) == 0) {                         \
			unit_passed++;                                                          \
		} else {                                                                        \
			unit_failed++;                                                          \
			fprintf(stderr, "%s:%d: FAILED: %s == \"%s\", want \"%s\"\n", __FILE__, \
			        __LINE__, #got, unit_g_ ? unit_g_ : "(null)", unit_w_);         \
		}                                                                               \
	} while (0)

static inline int
unit_done(void)
{
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed == 0 && unit_passed > 0 ? 0 : 1;
}

#endif
