<?php

declare(strict_types=1);

namespace Payload\Runtime;

/** A calendar date without a time or a time zone (`date`: RFC 3339 full-date, 2025-03-01). */
final readonly class LocalDate implements \JsonSerializable, \Stringable
{
    /** @throws \InvalidArgumentException when it is not a real day of years 0 to 9999 */
    public function __construct(
        public int $year,
        public int $month,
        public int $day,
    ) {
        if ($year < 0 || $year > 9999 || $month < 1 || $month > 12 || $day < 1 || $day > self::daysInMonth($year, $month)) {
            throw new \InvalidArgumentException(\sprintf('%04d-%02d-%02d is not a date', $year, $month, $day));
        }
    }

    /** The date of "YYYY-MM-DD", or null when the text is not one. */
    public static function tryParse(string $text): ?self
    {
        if (\preg_match('/\A([0-9]{4})-([0-9]{2})-([0-9]{2})\z/', $text, $m) !== 1) {
            return null;
        }
        [$y, $mo, $d] = [(int) $m[1], (int) $m[2], (int) $m[3]];
        if ($mo < 1 || $mo > 12 || $d < 1 || $d > self::daysInMonth($y, $mo)) {
            return null;
        }
        return new self($y, $mo, $d);
    }

    /** @throws \InvalidArgumentException */
    public static function parse(string $text): self
    {
        return self::tryParse($text) ?? throw new \InvalidArgumentException("'$text' is not a date (YYYY-MM-DD)");
    }

    /** The date of a PHP date-time, in that date-time's own time zone. */
    public static function fromDateTime(\DateTimeInterface $dateTime): self
    {
        return new self((int) $dateTime->format('Y'), (int) $dateTime->format('n'), (int) $dateTime->format('j'));
    }

    /** Midnight of this date in the given time zone (UTC when none). */
    public function toDateTimeImmutable(?\DateTimeZone $zone = null): \DateTimeImmutable
    {
        $zone ??= new \DateTimeZone('UTC');
        return (new \DateTimeImmutable('now', $zone))->setDate($this->year, $this->month, $this->day)->setTime(0, 0);
    }

    public static function daysInMonth(int $year, int $month): int
    {
        if ($month === 2) {
            return ($year % 4 === 0 && $year % 100 !== 0) || $year % 400 === 0 ? 29 : 28;
        }
        return \in_array($month, [4, 6, 9, 11], true) ? 30 : 31;
    }

    public function toString(): string
    {
        return \sprintf('%04d-%02d-%02d', $this->year, $this->month, $this->day);
    }

    public function __toString(): string
    {
        return $this->toString();
    }

    public function jsonSerialize(): string
    {
        return $this->toString();
    }
}
