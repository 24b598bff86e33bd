#include "internal.h"

#include <stdlib.h>
#include <string.h>

void pl_buf_init(pl_buf *buf)
{
    buf->data = NULL;
    buf->len = 0;
    buf->cap = 0;
}

void pl_buf_free(pl_buf *buf)
{
    free(buf->data);
    pl_buf_init(buf);
}

bool pl_buf_reserve(pl_buf *buf, size_t extra)
{
    if (buf->cap - buf->len > extra)
        return true;
    if (extra > SIZE_MAX / 2 - buf->len)
        return false;
    size_t want = buf->cap ? buf->cap : 256;
    while (want - buf->len <= extra)
        want *= 2;
    if (want >= PL_LARGE_ALLOCATION) {
        char *moved = pl_large_alloc(&want);
        if (!moved)
            return false;
        if (buf->data)
            memcpy(moved, buf->data, buf->len + 1);
        free(buf->data);
        buf->data = moved;
        buf->cap = want;
        return true;
    }
    char *grown = realloc(buf->data, want);
    if (!grown)
        return false;
    buf->data = grown;
    buf->cap = want;
    return true;
}

bool pl_buf_append(pl_buf *buf, const char *bytes, size_t len)
{
    if (buf->cap - buf->len <= len && !pl_buf_reserve(buf, len))
        return false;
    if (len)
        memcpy(buf->data + buf->len, bytes, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return true;
}

bool pl_buf_append_char(pl_buf *buf, char c)
{
    return pl_buf_append(buf, &c, 1);
}

void pl_buf_truncate(pl_buf *buf, size_t len)
{
    if (len >= buf->len)
        return;
    buf->len = len;
    buf->data[len] = '\0';
}
