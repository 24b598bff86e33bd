<?php

declare(strict_types=1);

namespace Payload\Runtime;

/** One broken constraint found by validate(). */
final readonly class Violation implements \JsonSerializable
{
    /**
     * @param string $path JSON Pointer (RFC 6901) of the value; "" is the root
     * @param string $rule the annotation: min, max, min_length, max_length, min_items, max_items or pattern
     * @param string $message what is wrong, for people
     */
    public function __construct(
        public string $path,
        public string $rule,
        public string $message,
    ) {
    }

    /** @return array{path: string, rule: string, message: string} */
    public function jsonSerialize(): array
    {
        return ['path' => $this->path, 'rule' => $this->rule, 'message' => $this->message];
    }

    public function __toString(): string
    {
        return ($this->path === '' ? '' : "$this->path: ") . $this->message;
    }
}
