<?php
// Decodes, validates and re-encodes sample values (see schemas_test.py): strict from text, and
// lenient from json_decode() objects and arrays. Usage: php roundtrip.php DIR CASES.json

declare(strict_types=1);

\error_reporting(\E_ALL);
\set_error_handler(static function (int $level, string $message, string $file, int $line): never {
    \fwrite(\STDERR, "FAIL: PHP said \"$message\" at $file:$line\n");
    exit(1);
});

require $argv[1] . '/autoload.php';
$cases = \json_decode((string) \file_get_contents($argv[2]), true, 512, \JSON_THROW_ON_ERROR);

function encode(array $case, mixed $value): string
{
    return match ($case['kind']) {
        'struct', 'union' => $value->toJson(),
        'alias' => $case['class']::toJson($value),
        'enum' => \json_encode(\is_string($value) ? $value : $value->value, \JSON_UNESCAPED_UNICODE | \JSON_UNESCAPED_SLASHES),
    };
}

function validate(array $case, mixed $value): array
{
    return match ($case['kind']) {
        'struct', 'union' => $value->validate(),
        'alias' => $case['class']::validate($value),
        'enum' => [],
    };
}

$failures = 0;
$checked = 0;
foreach ($cases as $case) {
    $input = $case['input'];
    $codec = $case['codec'];
    try {
        $strict = $codec::fromJson($input);
        validate($case, $strict);
        $outputs = ['strict' => encode($case, $strict)];
        $outputs['objects'] = encode($case, $codec::decode(\json_decode($input, false, 512, \JSON_THROW_ON_ERROR)));
        $array = \json_decode($input, true, 512, \JSON_THROW_ON_ERROR);
        if (\in_array($case['kind'], ['struct', 'union'], true)) {
            $codec::fromArray($array); // arrays cannot tell {} from []: decoding must still succeed
        } else {
            $codec::decode($array);
        }
    } catch (\Throwable $e) {
        echo "FAIL {$case['name']}: ", \get_class($e), ': ', $e->getMessage(), "\n  input: $input\n";
        $failures++;
        continue;
    }
    foreach ($outputs as $how => $output) {
        if ($output !== $input) {
            echo "FAIL {$case['name']} ($how): wrote\n  $output\n  for\n  $input\n";
            $failures++;
        }
    }
    $checked++;
}
echo "round-trip: $checked of ", \count($cases), " values\n";
exit($failures === 0 ? 0 : 1);
