<?php
// Unit tests of the PHP runtime (compiler/src/emit/php/runtime/), run on a generated copy.
// Usage: php runtime_test.php DIR RUNTIME_NAMESPACE JSONTESTSUITE_DIR FLOATS_FILE
// (the last two may be "-" to skip those parts).

declare(strict_types=1);

\error_reporting(\E_ALL);
\set_error_handler(static function (int $level, string $message, string $file, int $line): never {
    \fwrite(\STDERR, "FAIL: PHP said \"$message\" at $file:$line\n");
    exit(1);
});

[, $dir, $ns, $suite, $floats] = $argv;
require $dir . '/autoload.php';
$json = "$ns\\Json";
$decode = "$ns\\Decode";
$check = "$ns\\Check";
$encode = "$ns\\Encode";
$localDate = "$ns\\LocalDate";
$offsetDateTime = "$ns\\OffsetDateTime";
$decodeException = "$ns\\DecodeException";

$failures = 0;
$checks = 0;

function check(bool $ok, string $what): void
{
    global $failures, $checks;
    $checks++;
    if (!$ok) {
        $failures++;
        echo "FAIL: $what\n";
    }
}

function fails(callable $f, string $kind, string $path = ''): bool
{
    try {
        $f();
    } catch (\RuntimeException $e) {
        return \property_exists($e, 'kind') && $e->kind === $kind && $e->path === $path;
    }
    return false;
}

// Numbers: exact integers are ints, whatever their form; others are floats.
foreach (['1' => 1, '-0' => 0, '1.0' => 1, '1e2' => 100, '100e-2' => 1, '2.50e1' => 25, '-0.0' => 0, '0e999999999' => 0,
          '9223372036854775807' => \PHP_INT_MAX, '-9223372036854775808' => \PHP_INT_MIN,
          '-9223372036854775808.0' => \PHP_INT_MIN, '9.223372036854775807e18' => \PHP_INT_MAX] as $text => $want) {
    $got = $json::parse((string) $text);
    check($got === $want, "parse($text) is int $want, got " . \var_export($got, true));
}
foreach (['1.5' => 1.5, '9223372036854775808' => 9.2233720368547758E18, '-9223372036854775809' => -9.2233720368547758E18,
          '1e-400' => 0.0, '1e19' => 1e19, '0.1' => 0.1] as $text => $want) {
    $got = $json::parse((string) $text);
    check($got === $want, "parse($text) is float, got " . \var_export($got, true));
}
check($json::parse('1e400') === \INF, '1e400 reads as INF (the float decoder rejects it)');
check(fails(fn () => $decode::float64($json::parse('1e400'), '/x', true), 'range', '/x'), '1e400 is out of range for float64');
check(fails(fn () => $decode::int64($json::parse('-9223372036854775809'), '/x', true), 'range', '/x'), 'below int64 is out of range');
check(fails(fn () => $decode::int64(2.0, '/x', true), 'range', '/x'), 'a float is never an integer in strict mode');
check($decode::int64(2.0, '/x', false) === 2, 'a caller array may hold 2.0 for 2');
check(fails(fn () => $decode::int64(2.5, '/x', false), 'range', '/x'), '2.5 is not an integer');
check(fails(fn () => $decode::int32(2147483648, '/x', true), 'range', '/x'), 'int32 bound');

// Objects and arrays stay apart in strict mode; a caller's [] is both.
check(fails(fn () => $decode::object([], '', true), 'type'), '[] is not an object in strict mode');
check($decode::object([], '', false) === [], "a caller's [] is an empty object");
check(fails(fn () => $decode::list(new \stdClass(), '/l', false), 'type', '/l'), '{} is not a list');
check(fails(fn () => $decode::object(null, '/o', true), 'null', '/o'), 'null object is kind null');

// Keys PHP arrays would mangle survive a round trip.
$text = '{"0":1,"12":2,"-1":3,"01":4,"":5,"\u0000x":6,"a/b~":7}';
check($json::encode($json::parse($text)) === $text, 'awkward keys round-trip: ' . $json::encode($json::parse($text)));
check($json::encode($encode::map([])) === '{}', 'an empty map is {}');
check($json::encode($encode::map(['0' => 'a', '1' => 'b'])) === '{"0":"a","1":"b"}', 'a map with list-like keys stays an object');
check($json::encode($encode::list([3 => 'a', 7 => 'b'])) === '["a","b"]', 'a list with holes stays a list');
check($json::parse('{"a":1,"a":2}')->a === 2, 'a repeated key keeps its last value');

// Strings: the canonical escapes only.
check($json::encode("\"\\/\x08\t\n\x0c\r\x01\x1f\x7f\u{2028}é😀") === "\"\\\"\\\\/\\b\\t\\n\\f\\r\\u0001\\u001f\x7f\u{2028}é😀\"", 'canonical string escapes');
check($json::parse('"\ud83d\ude00\u00e9\/"') === '😀é/', 'escapes and surrogate pairs');
check(fails(fn () => $json::parse('"\ud800"'), 'syntax'), 'lone surrogate');
check(fails(fn () => $json::parse("\"\xC3\x28\""), 'syntax'), 'invalid UTF-8');
try {
    $json::encode(['s' => "\xff"]);
    check(false, 'invalid UTF-8 must not encode');
} catch (\RuntimeException $e) {
    check($e->path === '/s', 'invalid UTF-8 is reported at its path');
}
try {
    $json::encode(['a' => [1, \NAN]]);
    check(false, 'NaN must not encode');
} catch (\RuntimeException $e) {
    check($e->path === '/a/1', 'NaN is reported at its path: ' . $e->path);
}
try {
    $json::parse('[1, 2,]');
    check(false, 'trailing comma');
} catch (\RuntimeException $e) {
    check($e->kind === 'syntax' && $e->offset === 6, "syntax errors carry the offset ({$e->offset})");
}
check(fails(fn () => $json::parse(\str_repeat('[', 513) . \str_repeat(']', 513)), 'depth'), '513 levels');
check($json::parse(\str_repeat('[', 512) . \str_repeat(']', 512)) !== null, '512 levels');

// Lengths in code points, pointers, patterns.
check($check::length('aé😀' . "e\u{301}") === 5, 'length counts code points');
check($check::key('a/b~c') === 'a~1b~0c', 'pointer escapes');
check($check::matches('/\A(?:[^\n\r])\z/u', '😀') && !$check::matches('/\A(?:[^\n\r])\z/u', "\n"), 'dot');

// Dates and date-times.
check($localDate::tryParse('2000-02-29')?->toString() === '2000-02-29' && $localDate::tryParse('1900-02-29') === null, 'leap years');
check($localDate::tryParse('0000-02-29') !== null, 'year 0 is a leap year');
$dt = $offsetDateTime::parse('2024-05-01t10:00:00.500000000-00:00');
check($dt->toString() === '2024-05-01T10:00:00.5Z', 'canonical date-time: ' . $dt->toString());
check($offsetDateTime::tryParse('1990-12-31T15:59:60-08:00') !== null && $offsetDateTime::tryParse('2016-12-31T23:59:60+01:00') === null, 'leap seconds');
$php = $offsetDateTime::parse('2024-05-01T10:00:00.123456789+02:00')->toDateTimeImmutable();
check($php->format('Y-m-d\TH:i:s.uP') === '2024-05-01T10:00:00.123456+02:00', 'to \DateTimeImmutable: ' . $php->format('Y-m-d\TH:i:s.uP'));
check($offsetDateTime::fromDateTime($php)->toString() === '2024-05-01T10:00:00.123456+02:00', 'from \DateTimeImmutable');
check($offsetDateTime::parse('1970-01-01T01:00:00+01:00')->unixSeconds() === 0, 'unixSeconds');
check($localDate::parse('2024-03-01')->toDateTimeImmutable()->format('Y-m-d H:i e') === '2024-03-01 00:00 UTC', 'date to \DateTimeImmutable');

// JSONTestSuite: y_ accepted, n_ rejected; i_ as the C runtime decides (numbers and deep
// nesting accepted, bad Unicode and a byte order mark rejected).
if ($suite !== '-') {
    $count = 0;
    foreach (\scandir($suite) as $name) {
        if (!\str_ends_with($name, '.json')) {
            continue;
        }
        $text = (string) \file_get_contents("$suite/$name");
        try {
            $json::parse($text);
            $accepted = true;
        } catch (\RuntimeException $e) {
            $accepted = false;
        }
        $want = match ($name[0]) {
            'y' => true,
            'n' => false,
            default => \str_starts_with($name, 'i_number_') || $name === 'i_structure_500_nested_arrays.json',
        };
        check($accepted === $want, "JSONTestSuite $name: " . ($accepted ? 'accepted' : 'rejected'));
        $count++;
    }
    echo "JSONTestSuite: $count files\n";
}

// Float formatting against libpayload's writer.
if ($floats !== '-') {
    $count = 0;
    foreach (\file($floats, \FILE_IGNORE_NEW_LINES) as $line) {
        [$hex, $want] = \explode(' ', $line);
        $value = \unpack('E', (string) \hex2bin($hex))[1];
        $got = $json::formatFloat($value);
        check($got === $want, "formatFloat($hex) is $want, got $got");
        $count++;
    }
    echo "formatFloat: $count values as libpayload writes them\n";
}

echo "runtime: $checks checks, $failures failed\n";
exit($failures === 0 ? 0 : 1);
