/* Prints doubles as "hex-bits canonical-text" lines, formatted by libpayload's writer, so that
 * runtime_test.py can check the PHP runtime's Json::formatFloat against the C runtime: special
 * values first, then a deterministic mix of random bit patterns, random fractions and decimal
 * values with few digits. Usage: float_dump COUNT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "payload.h"

static void print(double value)
{
    char text[PL_JSON_FLOAT64_MAX];
    size_t length = pl_json_format_float64(value, text);
    if (length == 0)
        return; /* NaN and infinities have no JSON form */
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    printf("%016llx %.*s\n", (unsigned long long)bits, (int)length, text);
}

int main(int argc, char **argv)
{
    long count = argc > 1 ? strtol(argv[1], NULL, 10) : 10000;
    static const double special[] = {0.1, 0.2, 0.3, 1e21, 1e-7, 1e-6, 123456789012345680000.0,
                                     5e-324, 1.7976931348623157e308, 1e25, -0.0, 100, 1.5,
                                     9007199254740993.0, 2.2250738585072014e-308, 1e22, 1e23,
                                     -1.25e-10, 4.35, 0.000001, 999999999999999900000.0};
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
        print(special[i]);
    uint64_t state = 88172645463325252ULL;
    for (long i = 0; i < count; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        double value;
        switch (i % 3) {
        case 0:
            memcpy(&value, &state, sizeof value);
            break;
        case 1:
            value = (double)(int64_t)(state >> 11) / (double)(1ULL << (state % 60));
            break;
        default:
            value = (double)(state % 1000000) / 1000.0;
        }
        print(value);
    }
    return 0;
}
