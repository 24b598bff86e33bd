/* Pieces shared by the JSON reader, writer and format helpers; nothing here is exported. */
#ifndef PL_JSON_INTERNAL_H
#define PL_JSON_INTERNAL_H

#include "internal.h"

/* The parts of a checked JSON number, as offsets into the text. */
typedef struct pl_json_number {
    bool negative;
    size_t int_start, int_end;   /* integer digits */
    size_t frac_start, frac_end; /* fraction digits (empty without '.') */
    size_t end;                  /* one past the number */
    int64_t exponent;            /* clamped to about +-1e9, which is far past any double */
} pl_json_number;

bool pl_json_scan_number(pl_json_reader *r, pl_json_number *n);
bool pl_json_scan_string(pl_json_reader *r, bool *escaped);

/* The double nearest to the number; false when that is beyond DBL_MAX. */
bool pl_json_number_to_double(const char *text, const pl_json_number *n, double *out);
/* The double nearest to m * 10^e (m > 0), correctly rounded; may be infinite or zero. */
double pl_decimal_to_double(uint64_t m, int64_t e);

/* Shortest round-trip digits of a finite v > 0: writes k digits (no trailing zeros, at most
 * 17) and returns k, with v = 0.d1d2...dk * 10^point. */
int pl_double_shortest(double v, char *digits, int *point);

#endif
