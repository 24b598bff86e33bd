<?php

declare(strict_types=1);

namespace Payload\Runtime;

/**
 * The third state of a field that may be absent, null or a value (`name?: T?`): the key was
 * not there. Such a field holds Absent::Value, null or a value, and is written only when it is
 * not Absent::Value.
 */
enum Absent
{
    case Value;
}
