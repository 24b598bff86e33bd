<?php

declare(strict_types=1);

namespace Payload\Runtime;

/**
 * The decoders generated code calls: each takes a decoded JSON value, the JSON Pointer of where
 * it is, and whether it came from Json::parse() ($strict) or from a caller's PHP array.
 *
 * Strict input is exact: objects are \stdClass and arrays are lists, numbers are ints exactly
 * when they are exact integers. A caller's arrays (fromArray(), or json_decode() output) cannot
 * say whether [] was {} or [], so there an empty array is both, any other array with keys that
 * are not 0..n-1 is an object, and a float with an integral value is accepted as an integer.
 */
final class Decode
{
    private function __construct()
    {
    }

    /**
     * The members of an object, keys as PHP stores them (numeric strings become ints: cast keys
     * back with (string)).
     *
     * @return array<array-key, mixed>
     */
    public static function object(mixed $v, string $path, bool $strict = false): array
    {
        if ($v instanceof \stdClass) {
            return (array) $v;
        }
        if (!$strict && \is_array($v) && ($v === [] || !\array_is_list($v))) {
            return $v;
        }
        throw DecodeException::type('an object', $v, $path);
    }

    /** @return list<mixed> */
    public static function list(mixed $v, string $path, bool $strict = false): array
    {
        if (\is_array($v) && \array_is_list($v)) {
            return $v;
        }
        throw DecodeException::type('an array', $v, $path);
    }

    /**
     * @template T
     * @param \Closure(mixed, string, bool): T $item
     * @return list<T>
     */
    public static function listOf(mixed $v, string $path, bool $strict, \Closure $item): array
    {
        $list = self::list($v, $path, $strict);
        foreach ($list as $i => $x) {
            $list[$i] = $item($x, "$path/$i", $strict);
        }
        return $list;
    }

    /**
     * @template T
     * @param \Closure(mixed, string, bool): T $item
     * @return array<string, T>
     */
    public static function mapOf(mixed $v, string $path, bool $strict, \Closure $item): array
    {
        $map = self::object($v, $path, $strict);
        foreach ($map as $k => $x) {
            $map[$k] = $item($x, $path . '/' . Check::key($k), $strict);
        }
        return $map;
    }

    public static function missing(string $path): DecodeException
    {
        return DecodeException::missing($path);
    }

    public static function bool(mixed $v, string $path, bool $strict = false): bool
    {
        if (\is_bool($v)) {
            return $v;
        }
        throw DecodeException::type('true or false', $v, $path);
    }

    public static function int32(mixed $v, string $path, bool $strict = false): int
    {
        $i = self::int64($v, $path, $strict);
        if ($i < -2147483648 || $i > 2147483647) {
            throw new DecodeException('range', $path, "$i is out of the int32 range");
        }
        return $i;
    }

    public static function int64(mixed $v, string $path, bool $strict = false): int
    {
        if (\is_int($v)) {
            return $v;
        }
        if (\is_float($v)) {
            // Json::parse() makes every exact integer in range an int, so a float here is a
            // fraction or out of range. A caller's array may hold 2.0 for 2.
            if (!$strict && \is_finite($v) && \floor($v) === $v && $v >= -9.2233720368547758E18 && $v < 9.2233720368547758E18) {
                return (int) $v;
            }
            throw new DecodeException('range', $path, \floor($v) === $v || !\is_finite($v)
                ? 'the number is out of the int64 range' : 'expected an integer, got a fraction');
        }
        throw DecodeException::type('an integer', $v, $path);
    }

    public static function float64(mixed $v, string $path, bool $strict = false): float
    {
        if (\is_float($v)) {
            if (!\is_finite($v)) {
                throw new DecodeException('range', $path, 'the number is too large for a float64');
            }
            return $v;
        }
        if (\is_int($v)) {
            return (float) $v;
        }
        throw DecodeException::type('a number', $v, $path);
    }

    public static function string(mixed $v, string $path, bool $strict = false): string
    {
        if (\is_string($v)) {
            if (!$strict && \preg_match('//u', $v) !== 1) {
                throw new DecodeException('type', $path, 'the string is not valid UTF-8');
            }
            return $v;
        }
        throw DecodeException::type('a string', $v, $path);
    }

    /** Padded standard base64 (RFC 4648), with the unused bits zero; returns the bytes. */
    public static function bytes(mixed $v, string $path, bool $strict = false): string
    {
        $text = self::string($v, $path, $strict);
        if (\preg_match('~\A(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=|[A-Za-z0-9+/][AQgw]==)?\z~', $text) !== 1) {
            throw new DecodeException('format', $path, 'expected padded standard base64');
        }
        return (string) \base64_decode($text, true);
    }

    public static function date(mixed $v, string $path, bool $strict = false): LocalDate
    {
        return LocalDate::tryParse(self::string($v, $path, $strict))
            ?? throw new DecodeException('format', $path, 'expected a date such as 2025-03-01');
    }

    public static function datetime(mixed $v, string $path, bool $strict = false): OffsetDateTime
    {
        return OffsetDateTime::tryParse(self::string($v, $path, $strict))
            ?? throw new DecodeException('format', $path, 'expected an RFC 3339 date-time with an offset, such as 2025-03-01T15:00:00Z');
    }

    /** 8-4-4-4-12 hex digits in either case; returned in lowercase. */
    public static function uuid(mixed $v, string $path, bool $strict = false): string
    {
        $text = self::string($v, $path, $strict);
        if (\preg_match('/\A[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z/', $text) !== 1) {
            throw new DecodeException('format', $path, 'expected a UUID such as 123e4567-e89b-12d3-a456-426614174000');
        }
        return \strtolower($text);
    }

    /** Exact decimal text, kept digit for digit. */
    public static function decimal(mixed $v, string $path, bool $strict = false): string
    {
        $text = self::string($v, $path, $strict);
        if (\preg_match('/\A-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?\z/', $text) !== 1) {
            throw new DecodeException('format', $path, 'expected a decimal such as 12.50');
        }
        return $text;
    }

    /** Any JSON value, kept as it came (objects as \stdClass from Json::parse()). */
    public static function json(mixed $v, string $path, bool $strict = false): mixed
    {
        return $v;
    }

    /**
     * The tag of a union value: a string under the discriminator key.
     *
     * @param array<array-key, mixed> $o the object's members
     */
    public static function tag(array $o, string $key, string $path): string
    {
        $at = $path . '/' . Check::key($key);
        if (!\array_key_exists($key, $o)) {
            throw new DecodeException('tag', $at, "the tag \"$key\" is missing");
        }
        if (!\is_string($o[$key])) {
            throw DecodeException::type('a string', $o[$key], $at);
        }
        return $o[$key];
    }

    public static function unknownTag(string $tag, string $key, string $path): DecodeException
    {
        return new DecodeException('tag', $path . '/' . Check::key($key), 'unknown tag ' . self::show($tag));
    }

    public static function unknownMember(string $value, string $path): DecodeException
    {
        return new DecodeException('enum', $path, 'unknown value ' . self::show($value));
    }

    /** A string quoted for a message (a caller's array may hold text that is not UTF-8). */
    private static function show(string $text): string
    {
        return (string) \json_encode($text, \JSON_UNESCAPED_SLASHES | \JSON_UNESCAPED_UNICODE | \JSON_INVALID_UTF8_SUBSTITUTE);
    }

    /** The whole object of an unknown union variant, to be written back unchanged. */
    public static function raw(mixed $v): \stdClass
    {
        return $v instanceof \stdClass ? $v : (object) $v;
    }
}
