/* The static registry of emitters, in the order `--lang all` runs them. An emitter lives in
 * its own folder (emit/<lang>/) and adds one declaration and one table entry here. */
#include "registry.h"

static const pc_emitter *const emitters[] = {
    NULL,
};

const pc_emitter *const *pc_emitters(void)
{
    return emitters;
}
