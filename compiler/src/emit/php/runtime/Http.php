<?php

declare(strict_types=1);

namespace Payload\Runtime;

/**
 * What generated clients share: the injected transport, URLs, query strings and JSON bodies.
 *
 * The transport is any callable with the shape of PSR-18's sendRequest flattened to plain
 * values: send(string $method, string $url, array<string, string> $headers, ?string $body)
 * returning a Response, a PSR-7 response or ['status' => int, 'body' => string].
 */
final class Http
{
    private readonly \Closure $send;
    private readonly string $baseUrl;

    /** @param callable(string, string, array<string, string>, ?string): mixed $send */
    public function __construct(callable $send, string $baseUrl = '')
    {
        $this->send = $send(...);
        $this->baseUrl = \rtrim($baseUrl, '/');
    }

    /**
     * Sends one request. $path is already encoded; $query holds [name, text] pairs in order.
     *
     * @param list<array{string, string}> $query
     */
    public function send(string $method, string $path, array $query = [], ?string $body = null): Response
    {
        $url = $this->baseUrl . $path;
        if ($query !== []) {
            $pairs = [];
            foreach ($query as [$name, $value]) {
                $pairs[] = \rawurlencode($name) . '=' . \rawurlencode($value);
            }
            $url .= '?' . \implode('&', $pairs);
        }
        $headers = ['Accept' => 'application/json'];
        if ($body !== null) {
            $headers['Content-Type'] = 'application/json';
        }
        return Response::from(($this->send)($method, $url, $headers, $body));
    }

    /** One path segment: the parameter's text, percent-encoded (RFC 3986). */
    public static function segment(string $text): string
    {
        return \rawurlencode($text);
    }

    /**
     * The text of a scalar as it goes into a path or a query string: numbers as in JSON,
     * booleans as true/false, enums by their wire value, dates in RFC 3339.
     */
    public static function text(mixed $value): string
    {
        return match (true) {
            \is_string($value) => $value,
            \is_int($value) => (string) $value,
            \is_float($value) => Json::formatFloat($value),
            \is_bool($value) => $value ? 'true' : 'false',
            $value instanceof \BackedEnum => (string) $value->value,
            $value instanceof \Stringable => (string) $value,
            default => throw new \InvalidArgumentException('cannot put a ' . \get_debug_type($value) . ' in a URL'),
        };
    }

    /** Whether a status is a success (2xx). */
    public static function ok(Response $response): bool
    {
        return $response->status >= 200 && $response->status < 300;
    }
}
