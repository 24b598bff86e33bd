<?php

declare(strict_types=1);

namespace Payload\Runtime;

/**
 * What every generated struct class shares, written once here rather than in each of them
 * (`use Struct;`): fromJson(), fromArray(), jsonSerialize(), toJson() and validate(). The class
 * itself has the field-by-field decode(), jsonFields() and validateInto().
 */
trait Struct
{
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

    /** Canonical JSON text; an EncodeException for NaN, infinities and invalid UTF-8. */
    public function toJson(): string
    {
        return Json::encode($this->jsonSerialize());
    }

    /** @return list<Violation> each broken constraint here and in nested values, with its path */
    public function validate(): array
    {
        $out = [];
        $this->validateInto($out, '');

        return $out;
    }

    /**
     * @internal
     * @param list<Violation> $out
     */
    abstract public function validateInto(array &$out, string $path): void;
}
