/* Small helpers shared by the runtime tests. */
#ifndef PL_TEST_UTIL_H
#define PL_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "payload.h"

/* A heap copy of exactly len bytes, with no NUL after it, so that ASan catches any read past
 * the end. */
static inline char *exact_copy(const char *text, size_t len)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    if (len)
        memcpy(copy, text, len);
    return copy;
}

#endif
