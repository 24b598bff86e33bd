<?php

declare(strict_types=1);

namespace Payload\Runtime;

/**
 * What the classes of a union's variants share (`use Variant;`), and struct classes through
 * Struct: toJson() and validate(). The class itself has jsonSerialize() (a variant's writes the
 * tag) and validateInto().
 */
trait Variant
{
    abstract public function jsonSerialize(): \stdClass;

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
