<?php

declare(strict_types=1);

namespace Payload\Runtime;

/** Thrown with every violation when a value that must be valid is not (a client's request). */
final class ValidationException extends \RuntimeException
{
    /** @param non-empty-list<Violation> $violations */
    public function __construct(public readonly array $violations)
    {
        $first = (string) $violations[0];
        $more = \count($violations) - 1;
        parent::__construct($more > 0 ? "$first (and $more more)" : $first);
    }
}
