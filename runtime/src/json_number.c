/* Decimal <-> double conversions, exact and independent of the C locale.
 *
 * Reading: Clinger's fast path (one exact IEEE operation) for the common short numbers, strtod
 * otherwise. strtod is given only digits and an exponent ("123e-5"), a form that every locale
 * parses the same way, because its decimal point is never involved.
 *
 * Writing: the shortest digits that read back as the same double (as ECMAScript's
 * Number::toString and RFC 8785 require), found by rounding printf's exact 17 digits and
 * checking candidates; round-tripping is monotone in the digit count, so a binary search
 * needs at most five checks. */
#include "json_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double exact_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static const uint64_t pow10_u64[] = {1ull,
                                     10ull,
                                     100ull,
                                     1000ull,
                                     10000ull,
                                     100000ull,
                                     1000000ull,
                                     10000000ull,
                                     100000000ull,
                                     1000000000ull,
                                     10000000000ull,
                                     100000000000ull,
                                     1000000000000ull,
                                     10000000000000ull,
                                     100000000000000ull,
                                     1000000000000000ull,
                                     10000000000000000ull,
                                     100000000000000000ull,
                                     1000000000000000000ull,
                                     10000000000000000000ull};

#define TWO_POW_53 9007199254740992ull

double pl_decimal_to_double(uint64_t m, int64_t e)
{
    if (m <= TWO_POW_53) {
        /* m and 10^|e| are both exact doubles, so one operation rounds correctly (this needs
         * FLT_EVAL_METHOD 0, as on x86-64 and AArch64). */
        if (e >= 0 && e <= 22)
            return (double)m * exact_pow10[e];
        if (e < 0 && e >= -22)
            return (double)m / exact_pow10[-e];
        if (e > 22 && e <= 22 + 15) {
            uint64_t scaled = m;
            int64_t k = e - 22;
            while (k > 0 && scaled <= TWO_POW_53 / 10) {
                scaled *= 10;
                k--;
            }
            if (k == 0)
                return (double)scaled * 1e22;
        }
    }
    if (e > 400)
        return HUGE_VAL;
    if (e < -400)
        return 0.0; /* m < 2^64, so m * 10^-400 is far below the smallest subnormal */
    char buf[48];
    snprintf(buf, sizeof buf, "%" PRIu64 "e%" PRId64, m, e);
    return strtod(buf, NULL);
}

enum { MAX_DIGITS = 780 }; /* more than the 767 that can decide a double's rounding */

bool pl_json_number_to_double(const char *s, const pl_json_number *n, double *out)
{
    size_t first = n->int_start;
    size_t last = n->frac_start == n->frac_end ? n->int_end : n->frac_end;
    int64_t exp10 = n->exponent - (int64_t)(n->frac_end - n->frac_start);
    while (first < last && (s[first] == '0' || s[first] == '.'))
        first++;
    while (last > first && (s[last - 1] == '0' || s[last - 1] == '.')) {
        if (s[last - 1] == '0')
            exp10++;
        last--;
    }
    if (first == last) {
        *out = n->negative ? -0.0 : 0.0;
        return true;
    }
    uint64_t m = 0;
    int64_t digits = 0;
    for (size_t i = first; i < last; i++) {
        if (s[i] == '.')
            continue;
        if (digits < 19)
            m = m * 10 + (uint64_t)(s[i] - '0');
        digits++;
    }
    /* The value lies in [10^(digits-1+exp10), 10^(digits+exp10)). */
    if (digits + exp10 > 310)
        return false;
    double value;
    if (digits + exp10 < -330) {
        value = 0.0;
    } else if (digits <= 19) {
        value = pl_decimal_to_double(m, exp10);
    } else {
        char buf[MAX_DIGITS + 2 + 24];
        size_t k = 0;
        for (size_t i = first; i < last && k < MAX_DIGITS; i++) {
            if (s[i] != '.')
                buf[k++] = s[i];
        }
        int64_t e = exp10 + (digits - (int64_t)k);
        if (digits > (int64_t)k) {
            /* Trailing zeros are gone, so something nonzero was dropped: a sticky 1 keeps the
             * value strictly between the same two neighbours. */
            buf[k++] = '1';
            e--;
        }
        snprintf(buf + k, sizeof buf - k, "e%" PRId64, e);
        value = strtod(buf, NULL);
    }
    if (isinf(value))
        return false;
    *out = n->negative ? -value : value;
    return true;
}

/* Parses printf's "%.*e" output ("d.ddde+XX") into its digits as an integer and the exponent
 * of the first digit. */
static void parse_e_format(const char *buf, uint64_t *m, int *digits, int *exp10)
{
    uint64_t v = 0;
    int count = 0;
    const char *p = buf;
    for (; *p && *p != 'e'; p++) {
        if (*p >= '0' && *p <= '9') {
            v = v * 10 + (uint64_t)(*p - '0');
            count++;
        }
    }
    *m = v;
    *digits = count;
    *exp10 = *p == 'e' ? atoi(p + 1) : 0;
}

static bool roundtrips(double v, uint64_t m, int64_t x)
{
    return pl_decimal_to_double(m, x) == v;
}

/* Tries the p-digit numbers nearest to v. */
static bool try_digits(double v, uint64_t m17, int e10, int p, uint64_t *m_out, int64_t *x_out)
{
    uint64_t q;
    int64_t x = e10 - (p - 1);
    if (p >= 17) {
        q = m17;
        x = e10 - 16;
    } else {
        uint64_t div = pow10_u64[17 - p], rem = m17 % div, half = div / 2;
        q = m17 / div;
        if (rem > half) {
            q++;
        } else if (rem == half) {
            /* The 17 digits are themselves rounded, so only printf can break this tie. */
            char buf[40];
            int digits, e;
            snprintf(buf, sizeof buf, "%.*e", p - 1, v);
            parse_e_format(buf, &q, &digits, &e);
            x = e - (digits - 1);
        }
    }
    if (roundtrips(v, q, x)) {
        *m_out = q;
        *x_out = x;
        return true;
    }
    /* The nearest may fall just outside an asymmetric rounding interval (at powers of two)
     * while its neighbour on the other side is inside. */
    if (roundtrips(v, q + 1, x)) {
        *m_out = q + 1;
        *x_out = x;
        return true;
    }
    if (q > 1 && roundtrips(v, q - 1, x)) {
        *m_out = q - 1;
        *x_out = x;
        return true;
    }
    return false;
}

/* Writes the digits of m * 10^x without trailing zeros; returns their count. */
static int emit_digits(uint64_t m, int64_t x, char *digits, int *point)
{
    while (m % 10 == 0) {
        m /= 10;
        x++;
    }
    char tmp[24];
    int k = 0;
    while (m) {
        tmp[k++] = (char)('0' + m % 10);
        m /= 10;
    }
    for (int i = 0; i < k; i++)
        digits[i] = tmp[k - 1 - i];
    *point = (int)x + k;
    return k;
}

/* The common case without printf: a number with few fraction digits, such as 12.25, is
 * m / 10^k for a small k with m and 10^k exact doubles. The product v * 10^k is off from the
 * exact one by at most half a unit, so the nearest integer and its neighbours lie within two of
 * its rounding; the first k at which exactly one of those reads back gives the shortest digits.
 * Two that read back (the closest must then be chosen exactly) or no success before the product
 * passes 2^53 leaves the work to the general search. */
static bool shortest_fast(double v, uint64_t *m_out, int64_t *x_out)
{
    for (int k = 1; k <= 22; k++) {
        double product = v * exact_pow10[k];
        if (product >= (double)(TWO_POW_53 - 2))
            return false;
        uint64_t nearest = (uint64_t)(product + 0.5);
        int found = 0;
        uint64_t m = 0;
        for (uint64_t c = nearest > 2 ? nearest - 2 : 1; c <= nearest + 2; c++) {
            if ((double)c / exact_pow10[k] == v) {
                found++;
                m = c;
            }
        }
        if (found == 1) {
            *m_out = m;
            *x_out = -k;
            return true;
        }
        if (found > 1)
            return false;
    }
    return false;
}

int pl_double_shortest(double v, char *digits, int *point)
{
    uint64_t m;
    int64_t x;
    if (v < 9007199254740992.0 && shortest_fast(v, &m, &x))
        return emit_digits(m, x, digits, point);
    char buf[40];
    uint64_t m17;
    int count, e10;
    snprintf(buf, sizeof buf, "%.16e", v);
    parse_e_format(buf, &m17, &count, &e10);
    int lo = 1, hi = 17;
    m = m17;
    x = e10 - 16;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        uint64_t mm;
        int64_t xx;
        if (try_digits(v, m17, e10, mid, &mm, &xx)) {
            hi = mid;
            m = mm;
            x = xx;
        } else {
            lo = mid + 1;
        }
    }
    return emit_digits(m, x, digits, point);
}
