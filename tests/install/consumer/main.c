/* Decodes an order, validates it, writes it back, then breaks a constraint and reports it. */
#include <stdio.h>
#include <string.h>

#include "shop_orders.h"

static int fail(const char *stage, const pl_error *err)
{
    fprintf(stderr, "%s: %s error at '%s': %s\n", stage, pl_error_kind_name(err->kind), err->path,
            err->message);
    return 1;
}

int main(void)
{
    const char json[] = "{\"id\": 42, \"lines\": [{\"sku\": \"A-1\", \"quantity\": 2,"
                        " \"price\": {\"amount\": \"9.50\", \"currency\": \"EUR\"}}],"
                        " \"coupon\": \"unknown keys are ignored\"}";
    pl_arena *arena = pl_arena_new();
    if (!arena)
        return 1;
    pl_error err;
    shop_orders_Order order;
    if (!shop_orders_Order_decode(json, strlen(json), arena, &order, &err)) {
        pl_arena_free(arena);
        return fail("decode", &err);
    }
    if (!shop_orders_Order_validate(&order, &err)) {
        pl_arena_free(arena);
        return fail("validate", &err);
    }
    pl_buf out;
    pl_buf_init(&out);
    if (!shop_orders_Order_encode(&order, &out, &err)) {
        pl_buf_free(&out);
        pl_arena_free(arena);
        return fail("encode", &err);
    }
    printf("%.*s\n", (int)out.len, out.data);
    pl_buf_free(&out);

    order.lines.items[0].quantity = 0; /* @min(1) */
    int status = 0;
    if (shop_orders_Order_validate(&order, &err)) {
        fprintf(stderr, "validate accepted a quantity of 0\n");
        status = 1;
    } else {
        printf("%s error at '%s'\n", pl_error_kind_name(err.kind), err.path);
    }
    pl_arena_free(arena);
    return status;
}
