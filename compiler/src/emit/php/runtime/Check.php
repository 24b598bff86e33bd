<?php

declare(strict_types=1);

namespace Payload\Runtime;

/** Helpers of validate() and of JSON Pointers. */
final class Check
{
    private function __construct()
    {
    }

    /** Length in Unicode code points of valid UTF-8 text (what @min_length and @max_length count). */
    public static function length(string $text): int
    {
        // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
        return \strlen($text) - (int) \preg_match_all('/[\x80-\xBF]/', $text);
    }

    /** A key as one JSON Pointer step: '~' is written ~0 and '/' is written ~1 (RFC 6901). */
    public static function key(string|int $key): string
    {
        $key = (string) $key;
        return \strpbrk($key, '~/') === false ? $key : \strtr($key, ['~' => '~0', '/' => '~1']);
    }

    /**
     * Whether the whole text matches a pattern that payloadc translated from an I-Regexp into
     * PCRE (anchored, with the u modifier). Text that is not valid UTF-8 never matches.
     */
    public static function matches(string $pcre, string $text): bool
    {
        return \preg_match($pcre, $text) === 1;
    }
}
