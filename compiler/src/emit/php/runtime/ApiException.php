<?php

declare(strict_types=1);

namespace Payload\Runtime;

/** A declared error response of a route (`throws`): its status and the decoded error struct. */
final class ApiException extends \RuntimeException
{
    public function __construct(
        public readonly int $status,
        public readonly object $error,
        public readonly Response $response,
    ) {
        $name = \substr(\strrchr('\\' . $error::class, '\\'), 1);
        parent::__construct("HTTP $status: $name", $status);
    }
}
