<?php

declare(strict_types=1);

namespace Payload\Runtime;

/**
 * Strict JSON text in, canonical JSON text out.
 *
 * json_decode() cannot serve here: it accepts what RFC 8259 rejects in a few places, reports no
 * byte offset, turns `{}` and `[]` into the same PHP array (with $assoc) or drops keys that
 * PHP objects cannot hold (without it), and depends on ini settings for numbers. So parse()
 * is a small recursive-descent reader: objects become \stdClass (built from an array, so every
 * key survives; read them back with an (array) cast), arrays become lists, an integer that is
 * exact and fits in 64 bits becomes an int (`1.0` and `1e2` included), every other number a
 * float. encode() writes the canonical form of codegen.md: no whitespace, strings escaping only
 * `"`, `\` and control characters, numbers in ECMAScript's shortest round-trip form.
 */
final class Json
{
    /** Arrays and objects open at once; deeper text is rejected, as in every other language. */
    public const MAX_DEPTH = 512;

    private const WS = " \t\n\r";
    private const STRING_STOP = "\"\\\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
        . "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f";
    private const NUMBER = '/\G-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/';

    private function __construct()
    {
    }

    /**
     * Parses one JSON text strictly (RFC 8259, UTF-8, no lone surrogate escapes).
     *
     * @throws DecodeException kind "syntax" (or "depth") at the root path, with the byte offset
     */
    public static function parse(string $text): mixed
    {
        if (\preg_match('//u', $text) !== 1) {
            $at = self::invalidUtf8Offset($text);
            throw new DecodeException('syntax', '', "invalid UTF-8 at byte $at", $at);
        }
        $i = \strspn($text, self::WS);
        $value = self::value($text, $i, 0);
        $i += \strspn($text, self::WS, $i);
        if ($i < \strlen($text)) {
            throw self::unexpected($text, $i, 'the end of the text');
        }
        return $value;
    }

    /** @throws DecodeException */
    private static function value(string $s, int &$i, int $depth): mixed
    {
        $c = $s[$i] ?? '';
        switch ($c) {
            case '{':
                if ($depth >= self::MAX_DEPTH) {
                    throw new DecodeException('depth', '', 'nesting deeper than ' . self::MAX_DEPTH . " at byte $i", $i);
                }
                $i++;
                $members = [];
                $i += \strspn($s, self::WS, $i);
                if (($s[$i] ?? '') === '}') {
                    $i++;
                    return new \stdClass();
                }
                for (;;) {
                    if (($s[$i] ?? '') !== '"') {
                        throw self::unexpected($s, $i, 'a key');
                    }
                    $key = self::string($s, $i);
                    $i += \strspn($s, self::WS, $i);
                    if (($s[$i] ?? '') !== ':') {
                        throw self::unexpected($s, $i, "':'");
                    }
                    $i++;
                    $i += \strspn($s, self::WS, $i);
                    // A repeated key keeps its first place and its last value, as json_decode does.
                    $members[$key] = self::value($s, $i, $depth + 1);
                    $i += \strspn($s, self::WS, $i);
                    $c = $s[$i] ?? '';
                    $i++;
                    if ($c === '}') {
                        return (object) $members;
                    }
                    if ($c !== ',') {
                        throw self::unexpected($s, $i - 1, "',' or '}'");
                    }
                    $i += \strspn($s, self::WS, $i);
                }
                // no break: the loop only returns or throws
            case '[':
                if ($depth >= self::MAX_DEPTH) {
                    throw new DecodeException('depth', '', 'nesting deeper than ' . self::MAX_DEPTH . " at byte $i", $i);
                }
                $i++;
                $items = [];
                $i += \strspn($s, self::WS, $i);
                if (($s[$i] ?? '') === ']') {
                    $i++;
                    return $items;
                }
                for (;;) {
                    $items[] = self::value($s, $i, $depth + 1);
                    $i += \strspn($s, self::WS, $i);
                    $c = $s[$i] ?? '';
                    $i++;
                    if ($c === ']') {
                        return $items;
                    }
                    if ($c !== ',') {
                        throw self::unexpected($s, $i - 1, "',' or ']'");
                    }
                    $i += \strspn($s, self::WS, $i);
                }
                // no break
            case '"':
                return self::string($s, $i);
            case 't':
                if (\substr_compare($s, 'true', $i, 4) === 0) {
                    $i += 4;
                    return true;
                }
                break;
            case 'f':
                if (\substr_compare($s, 'false', $i, 5) === 0) {
                    $i += 5;
                    return false;
                }
                break;
            case 'n':
                if (\substr_compare($s, 'null', $i, 4) === 0) {
                    $i += 4;
                    return null;
                }
                break;
            default:
                if (\preg_match(self::NUMBER, $s, $m, 0, $i) === 1) {
                    $i += \strlen($m[0]);
                    return self::number($m[0], ($m[1] ?? '') !== '' || ($m[2] ?? '') !== '');
                }
        }
        throw self::unexpected($s, $i, 'a value');
    }

    /** Reads the string starting at the quote at $i; leaves $i after the closing quote. */
    private static function string(string $s, int &$i): string
    {
        $start = ++$i;
        $n = \strcspn($s, self::STRING_STOP, $i);
        $i += $n;
        $c = $s[$i] ?? '';
        if ($c === '"') {
            $i++;
            return \substr($s, $start, $n);
        }
        $out = \substr($s, $start, $n);
        for (;;) {
            if ($c === '"') {
                $i++;
                return $out;
            }
            if ($c === '') {
                throw new DecodeException('syntax', '', "unterminated string at byte $i", $i);
            }
            if ($c !== '\\') {
                throw new DecodeException('syntax', '', "control character in a string at byte $i", $i);
            }
            $e = $s[$i + 1] ?? '';
            switch ($e) {
                case '"':
                case '\\':
                case '/':
                    $out .= $e;
                    $i += 2;
                    break;
                case 'b':
                    $out .= "\x08";
                    $i += 2;
                    break;
                case 'f':
                    $out .= "\f";
                    $i += 2;
                    break;
                case 'n':
                    $out .= "\n";
                    $i += 2;
                    break;
                case 'r':
                    $out .= "\r";
                    $i += 2;
                    break;
                case 't':
                    $out .= "\t";
                    $i += 2;
                    break;
                case 'u':
                    $cp = self::hex4($s, $i);
                    if ($cp >= 0xDC00 && $cp <= 0xDFFF) {
                        throw new DecodeException('syntax', '', "lone low surrogate escape at byte $i", $i);
                    }
                    if ($cp >= 0xD800 && $cp <= 0xDBFF) {
                        if (($s[$i + 6] ?? '') !== '\\' || ($s[$i + 7] ?? '') !== 'u') {
                            throw new DecodeException('syntax', '', "high surrogate escape without a low one at byte $i", $i);
                        }
                        $low = self::hex4($s, $i + 6);
                        if ($low < 0xDC00 || $low > 0xDFFF) {
                            throw new DecodeException('syntax', '', "high surrogate escape without a low one at byte $i", $i);
                        }
                        $cp = 0x10000 + (($cp - 0xD800) << 10) + ($low - 0xDC00);
                        $i += 6;
                    }
                    $out .= self::utf8($cp);
                    $i += 6;
                    break;
                default:
                    throw new DecodeException('syntax', '', "invalid escape at byte $i", $i);
            }
            $n = \strcspn($s, self::STRING_STOP, $i);
            $out .= \substr($s, $i, $n);
            $i += $n;
            $c = $s[$i] ?? '';
        }
    }

    /** The four hex digits after the "\u" at $at. */
    private static function hex4(string $s, int $at): int
    {
        $hex = \substr($s, $at + 2, 4);
        if (\strlen($hex) !== 4 || !\ctype_xdigit($hex)) {
            throw new DecodeException('syntax', '', "invalid \\u escape at byte $at", $at);
        }
        return (int) \hexdec($hex);
    }

    /** UTF-8 bytes of a code point (no mbstring on every machine). */
    public static function utf8(int $cp): string
    {
        if ($cp < 0x80) {
            return \chr($cp);
        }
        if ($cp < 0x800) {
            return \chr(0xC0 | $cp >> 6) . \chr(0x80 | $cp & 0x3F);
        }
        if ($cp < 0x10000) {
            return \chr(0xE0 | $cp >> 12) . \chr(0x80 | $cp >> 6 & 0x3F) . \chr(0x80 | $cp & 0x3F);
        }
        return \chr(0xF0 | $cp >> 18) . \chr(0x80 | $cp >> 12 & 0x3F) . \chr(0x80 | $cp >> 6 & 0x3F)
            . \chr(0x80 | $cp & 0x3F);
    }

    /**
     * An int when the number is an exact integer that fits in 64 bits (so 1.0, 1e2 and -0 are
     * ints, as language.md says integers may be written), else the nearest float (INF when it is
     * too large: the float decoder rejects that as out of range).
     */
    private static function number(string $text, bool $fractionOrExponent): int|float
    {
        if (!$fractionOrExponent) {
            $digits = \ltrim($text, '-');
            if (\strlen($digits) < 19) {
                return (int) $text;
            }
            if (\strlen($digits) === 19 && \strcmp($digits, $text[0] === '-' ? '9223372036854775808' : '9223372036854775807') <= 0) {
                return $text === '-9223372036854775808' ? \PHP_INT_MIN : (int) $text;
            }
            return (float) $text;
        }
        $integer = self::exactInteger($text);
        return $integer ?? (float) $text;
    }

    /** The int that a number with a fraction or an exponent is exactly, if it is one in range. */
    private static function exactInteger(string $text): ?int
    {
        \preg_match('/^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/', $text, $m);
        $negative = $m[1] === '-';
        $fraction = $m[3] ?? '';
        $exponentText = $m[4] ?? '';
        if (\strlen(\ltrim($exponentText, '+-0')) > 6) {
            // |exponent| of a million or more: zero, a non-integer, or far out of range.
            $digits = \ltrim($m[2] . $fraction, '0');
            return $digits === '' ? 0 : null;
        }
        $shift = (int) $exponentText - \strlen($fraction);
        $digits = \ltrim($m[2] . $fraction, '0');
        if ($digits === '') {
            return 0;
        }
        if ($shift >= 0) {
            if (\strlen($digits) + $shift > 19) {
                return null;
            }
            $digits .= \str_repeat('0', $shift);
        } else {
            if (\strlen($digits) <= -$shift || \strspn($digits, '0', $shift) !== -$shift) {
                return null;
            }
            $digits = \substr($digits, 0, $shift);
        }
        $limit = $negative ? '9223372036854775808' : '9223372036854775807';
        if (\strlen($digits) > 19 || (\strlen($digits) === 19 && \strcmp($digits, $limit) > 0)) {
            return null;
        }
        if ($negative && $digits === '9223372036854775808') {
            return \PHP_INT_MIN;
        }
        return $negative ? -(int) $digits : (int) $digits;
    }

    private static function unexpected(string $s, int $at, string $wanted): DecodeException
    {
        if ($at >= \strlen($s)) {
            return new DecodeException('syntax', '', "unexpected end of the text at byte $at; expected $wanted", $at);
        }
        $c = $s[$at];
        $shown = \ord($c) >= 0x20 && \ord($c) < 0x7F ? "'$c'" : \sprintf('byte 0x%02x', \ord($c));
        return new DecodeException('syntax', '', "unexpected $shown at byte $at; expected $wanted", $at);
    }

    /** Byte offset of the first byte that does not start a valid UTF-8 sequence. */
    private static function invalidUtf8Offset(string $s): int
    {
        \preg_match(
            '/\A(?:[\x00-\x7F]|[\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}'
            . '|\xED[\x80-\x9F][\x80-\xBF]|\xF0[\x90-\xBF][\x80-\xBF]{2}|[\xF1-\xF3][\x80-\xBF]{3}|\xF4[\x80-\x8F][\x80-\xBF]{2})*/',
            $s,
            $m
        );
        return \strlen($m[0]);
    }

    /**
     * Canonical JSON text of a value: null, bool, int, float, string, a list (array), an object
     * (\stdClass, or an array that is not a list), a \JsonSerializable or a backed enum.
     *
     * @throws EncodeException for NaN and infinities, invalid UTF-8 and values JSON cannot hold,
     *     with the JSON Pointer of the value
     */
    public static function encode(mixed $value): string
    {
        return self::write($value, '');
    }

    private static function write(mixed $v, string $path): string
    {
        if (\is_string($v)) {
            return self::quote($v, $path);
        }
        if (\is_int($v)) {
            return (string) $v;
        }
        if (\is_bool($v)) {
            return $v ? 'true' : 'false';
        }
        if ($v === null) {
            return 'null';
        }
        if (\is_float($v)) {
            if (!\is_finite($v)) {
                throw new EncodeException($path, 'NaN and infinities cannot be written as JSON');
            }
            return self::formatFloat($v);
        }
        if (\is_array($v)) {
            if (\array_is_list($v)) {
                $parts = [];
                foreach ($v as $i => $item) {
                    $parts[] = self::write($item, "$path/$i");
                }
                return '[' . \implode(',', $parts) . ']';
            }
            return self::writeObject($v, $path);
        }
        if ($v instanceof \stdClass) {
            return self::writeObject((array) $v, $path);
        }
        if ($v instanceof \JsonSerializable) {
            return self::write($v->jsonSerialize(), $path);
        }
        if ($v instanceof \BackedEnum) {
            return self::write($v->value, $path);
        }
        throw new EncodeException($path, 'a value of type ' . \get_debug_type($v) . ' cannot be written as JSON');
    }

    /** @param array<array-key, mixed> $members */
    private static function writeObject(array $members, string $path): string
    {
        $parts = [];
        foreach ($members as $key => $item) {
            $key = (string) $key;
            $parts[] = self::quote($key, $path) . ':' . self::write($item, $path . '/' . Check::key($key));
        }
        return '{' . \implode(',', $parts) . '}';
    }

    /** A JSON string literal; only '"', '\' and U+0000..U+001F are escaped. */
    public static function quote(string $s, string $path = ''): string
    {
        // The flags are explicit, so no caller setting changes the bytes; json_encode()
        // escapes exactly the canonical set with these flags, and rejects invalid UTF-8.
        $quoted = \json_encode($s, \JSON_UNESCAPED_SLASHES | \JSON_UNESCAPED_UNICODE | \JSON_UNESCAPED_LINE_TERMINATORS);
        if ($quoted === false) {
            throw new EncodeException($path, 'a string is not valid UTF-8');
        }
        return $quoted;
    }

    /**
     * ECMAScript's Number::toString (RFC 8785 section 3.2.2.3): the shortest digits that read
     * back as the same float, -0 as 0, exponents from 1e21 and below 1e-6. Written here rather
     * than left to var_export()/json_encode(), whose digits follow the serialize_precision
     * setting and whose layout differs (1.0E+25).
     */
    public static function formatFloat(float $f): string
    {
        if (!\is_finite($f)) {
            throw new EncodeException('', 'NaN and infinities cannot be written as JSON');
        }
        if ($f == 0.0) {
            return '0';
        }
        $negative = $f < 0;
        $a = \abs($f);
        [$digits, $exponent] = self::shortest($a);
        $k = \strlen($digits);
        $n = $exponent + 1; // the value is 0.DIGITS * 10^n
        if ($k <= $n && $n <= 21) {
            $text = $digits . \str_repeat('0', $n - $k);
        } elseif (0 < $n && $n <= 21) {
            $text = \substr($digits, 0, $n) . '.' . \substr($digits, $n);
        } elseif (-6 < $n && $n <= 0) {
            $text = '0.' . \str_repeat('0', -$n) . $digits;
        } else {
            $e = $n - 1;
            $text = $digits[0] . ($k > 1 ? '.' . \substr($digits, 1) : '') . 'e' . ($e < 0 ? '-' : '+') . \abs($e);
        }
        return $negative ? '-' . $text : $text;
    }

    /**
     * Shortest decimal digits (no trailing zeros) and decimal exponent of the first digit that
     * read back as $a (> 0, finite). Tries 1 to 17 significant digits, each correctly rounded by
     * sprintf, and its neighbours in the last place, which can be the one that reads back when
     * $a sits just above a power of two.
     *
     * @return array{string, int}
     */
    private static function shortest(float $a): array
    {
        for ($p = 1; $p <= 17; $p++) {
            $s = \sprintf('%.' . ($p - 1) . 'e', $a);
            $ePos = \strpos($s, 'e');
            $mantissa = \str_replace('.', '', \substr($s, 0, $ePos));
            $exponent = (int) \substr($s, $ePos + 1);
            if ((float) $s === $a) {
                return [\rtrim($mantissa, '0'), $exponent];
            }
            $scale = $exponent - ($p - 1);
            $m = (int) $mantissa;
            foreach ([$m - 1, $m + 1] as $candidate) {
                if ($candidate > 0 && (float) ($candidate . 'e' . $scale) === $a) {
                    $text = (string) $candidate;
                    return [\rtrim($text, '0'), $scale + \strlen($text) - 1];
                }
            }
        }
        // Unreachable: 17 significant digits always read back.
        $s = \sprintf('%.16e', $a);
        $ePos = \strpos($s, 'e');
        return [\rtrim(\str_replace('.', '', \substr($s, 0, $ePos)), '0'), (int) \substr($s, $ePos + 1)];
    }
}
