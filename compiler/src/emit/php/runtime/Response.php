<?php

declare(strict_types=1);

namespace Payload\Runtime;

/** What a transport returns to a generated client: a status and a body. */
final readonly class Response
{
    /** @param array<string, string|list<string>> $headers */
    public function __construct(
        public int $status,
        public string $body = '',
        public array $headers = [],
    ) {
    }

    /**
     * Accepts a Response, a PSR-7 response (anything with getStatusCode() and getBody()), or an
     * array with "status", "body" and optionally "headers".
     */
    public static function from(mixed $response): self
    {
        if ($response instanceof self) {
            return $response;
        }
        if (\is_object($response) && \method_exists($response, 'getStatusCode') && \method_exists($response, 'getBody')) {
            $headers = \method_exists($response, 'getHeaders') ? $response->getHeaders() : [];
            return new self((int) $response->getStatusCode(), (string) $response->getBody(), $headers);
        }
        if (\is_array($response) && \is_int($response['status'] ?? null)) {
            return new self($response['status'], (string) ($response['body'] ?? ''), $response['headers'] ?? []);
        }
        throw new \UnexpectedValueException('the transport returned ' . \get_debug_type($response) . ', not a response');
    }
}
