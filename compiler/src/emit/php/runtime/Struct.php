<?php

declare(strict_types=1);

namespace Payload\Runtime;

/**
 * What every generated struct class shares, written once here rather than in each of them
 * (`use Struct;`): fromJson(), fromArray(), jsonSerialize(), and from Variant toJson() and
 * validate(). The class itself has the field-by-field decode(), jsonFields() and validateInto().
 */
trait Struct
{
    use Variant; // toJson() and validate(), as a union's variant classes have them

    /** Decodes JSON text strictly; a DecodeException says where and why it is wrong. */
    public static function fromJson(string $json): self
    {
        return self::decode(Json::parse($json), '', true);
    }

    /** @param array<array-key, mixed> $data as json_decode($json, true) gives it */
    public static function fromArray(array $data, string $path = ''): self
    {
        return self::decode($data, $path);
    }

    /** Decodes arrays or \stdClass objects; $strict when they come from Json::parse(). */
    abstract public static function decode(mixed $data, string $path = '', bool $strict = false): self;

    public function jsonSerialize(): \stdClass
    {
        return (object) $this->jsonFields();
    }

    /**
     * @internal the members in declaration order, absent optional fields left out
     * @return array<array-key, mixed>
     */
    abstract public function jsonFields(): array;
}
