<?php

declare(strict_types=1);

namespace Payload\Runtime;

/** A value that cannot be written as JSON: NaN, an infinity, invalid UTF-8, a resource... */
final class EncodeException extends \RuntimeException
{
    /** @param string $path JSON Pointer (RFC 6901) of the value; "" is the root */
    public function __construct(public readonly string $path, public readonly string $detail)
    {
        parent::__construct(($path === '' ? '' : "$path: ") . $detail);
    }
}
