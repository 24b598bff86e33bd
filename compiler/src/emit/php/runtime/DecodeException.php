<?php

declare(strict_types=1);

namespace Payload\Runtime;

/**
 * Input that does not have the schema's shape: not JSON (kind "syntax", with the byte offset),
 * too deeply nested ("depth"), a wrong JSON kind ("type"), a missing required key ("missing",
 * at the key's own path), a null where none is allowed ("null"), an integer out of range or not
 * an integer ("range"), a malformed date, datetime, uuid, bytes or decimal ("format"), an unknown
 * member of a closed enum ("enum"), or a missing or unknown union tag ("tag").
 */
final class DecodeException extends \RuntimeException
{
    /**
     * @param string $kind one of the kinds above
     * @param string $path JSON Pointer (RFC 6901) of the bad value; "" is the root
     * @param string $detail what is wrong, without the path
     * @param int|null $offset byte offset in the text, for syntax errors
     */
    public function __construct(
        public readonly string $kind,
        public readonly string $path,
        public readonly string $detail,
        public readonly ?int $offset = null,
    ) {
        parent::__construct(($path === '' ? '' : "$path: ") . $detail);
    }

    public static function type(string $expected, mixed $got, string $path): self
    {
        if ($got === null) {
            return new self('null', $path, "expected $expected, got null");
        }
        return new self('type', $path, "expected $expected, got " . self::describe($got));
    }

    public static function missing(string $path): self
    {
        return new self('missing', $path, 'required key is missing');
    }

    /** A short description of a decoded value for messages. */
    public static function describe(mixed $value): string
    {
        return match (true) {
            \is_string($value) => 'a string',
            \is_int($value), \is_float($value) => 'a number',
            \is_bool($value) => $value ? 'true' : 'false',
            $value === null => 'null',
            \is_array($value) => \array_is_list($value) && $value !== [] ? 'an array' : 'an array or object',
            $value instanceof \stdClass => 'an object',
            default => 'a value of type ' . \get_debug_type($value),
        };
    }
}
