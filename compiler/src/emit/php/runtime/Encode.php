<?php

declare(strict_types=1);

namespace Payload\Runtime;

/** Helpers of jsonSerialize(): lists stay lists whatever their keys, maps become objects. */
final class Encode
{
    private function __construct()
    {
    }

    /**
     * @param array<mixed> $list
     * @param (\Closure(mixed): mixed)|null $item
     * @return list<mixed>
     */
    public static function list(array $list, ?\Closure $item = null): array
    {
        if ($item === null) {
            return \array_values($list);
        }
        $out = [];
        foreach ($list as $x) {
            $out[] = $item($x);
        }
        return $out;
    }

    /**
     * A map as an object, so that an empty map is written {} and a key such as "12" (which PHP
     * stores as an int) stays a key.
     *
     * @param array<array-key, mixed> $map
     * @param (\Closure(mixed): mixed)|null $item
     */
    public static function map(array $map, ?\Closure $item = null): \stdClass
    {
        if ($item !== null) {
            foreach ($map as $k => $x) {
                $map[$k] = $item($x);
            }
        }
        return (object) $map;
    }
}
