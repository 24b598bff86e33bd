#include "internal.h"

#include <string.h>

bool pl_utf8_valid(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t p = 0;
    while (p < len) {
        /* ASCII runs eight bytes at a time. */
        while (p + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + p, sizeof w);
            if (w & 0x8080808080808080ull)
                break;
            p += 8;
        }
        if (p >= len)
            break;
        if (s[p] < 0x80) {
            p++;
            continue;
        }
        uint32_t cp;
        size_t k = pl_utf8_decode(s + p, len - p, &cp);
        if (!k)
            return false;
        p += k;
    }
    return true;
}

size_t pl_utf8_length(const char *text, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        count += ((unsigned char)text[i] & 0xC0) != 0x80;
    return count;
}
