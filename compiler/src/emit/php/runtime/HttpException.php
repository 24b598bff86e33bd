<?php

declare(strict_types=1);

namespace Payload\Runtime;

/** A response whose status the route does not declare. */
final class HttpException extends \RuntimeException
{
    public function __construct(public readonly Response $response)
    {
        parent::__construct("unexpected HTTP status {$response->status}", $response->status);
    }
}
