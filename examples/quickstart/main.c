/* The README's first example in C: decode a request body, validate it, encode a response.
 *   payloadc gen --lang c --out gen club.payload
 *   cc -std=c11 -Igen -I../../runtime/include main.c gen/club_api.c \
 *      ../../build/runtime/libpayload.a -lm -o quickstart && ./quickstart */
#include <stdio.h>
#include <string.h>

#include "club_api.h"

int main(void)
{
    const char *body = "{\"ids\": [7, 12, 99]}";
    pl_arena *arena = pl_arena_new();
    pl_error err;
    club_api_PlayerIds ids;
    if (!club_api_PlayerIds_decode(body, strlen(body), arena, &ids, &err) ||
        !club_api_PlayerIds_validate(&ids, &err)) {
        fprintf(stderr, "bad request at '%s': %s\n", err.path, err.message);
        pl_arena_free(arena);
        return 1;
    }
    club_api_Player player = {0};
    player.id = ids.ids.items[0];
    player.name.data = "Ada";
    player.name.len = 3;
    pl_buf out;
    pl_buf_init(&out);
    if (!club_api_Player_encode(&player, &out, &err)) {
        fprintf(stderr, "cannot encode: %s\n", err.message);
        return 1;
    }
    printf("%u ids; first player: %.*s\n", (unsigned)ids.ids.count, (int)out.len, out.data);
    pl_buf_free(&out);
    pl_arena_free(arena);
    return 0;
}
