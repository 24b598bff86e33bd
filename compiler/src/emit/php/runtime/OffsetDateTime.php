<?php

declare(strict_types=1);

namespace Payload\Runtime;

/**
 * An instant with the offset it was written in, to the nanosecond (`datetime`: RFC 3339
 * date-time). \DateTimeImmutable keeps microseconds only, so this type carries the value
 * losslessly and converts on request. Canonical text: "Z" for a zero offset, the fraction
 * without trailing zeros (2024-05-01T10:00:00.5+02:00).
 */
final readonly class OffsetDateTime implements \JsonSerializable, \Stringable
{
    /**
     * @param int $second 0 to 59, or 60 for a leap second (23:59:60 UTC)
     * @param int $nanosecond 0 to 999999999
     * @param int $offsetMinutes local time minus UTC, -1439 to 1439
     * @throws \InvalidArgumentException when a part is out of range
     */
    public function __construct(
        public int $year,
        public int $month,
        public int $day,
        public int $hour,
        public int $minute,
        public int $second,
        public int $nanosecond = 0,
        public int $offsetMinutes = 0,
    ) {
        if ($year < 0 || $year > 9999 || $month < 1 || $month > 12 || $day < 1 || $day > LocalDate::daysInMonth($year, $month)
            || $hour < 0 || $hour > 23 || $minute < 0 || $minute > 59 || $second < 0 || $second > 60
            || $nanosecond < 0 || $nanosecond > 999999999 || $offsetMinutes < -1439 || $offsetMinutes > 1439) {
            throw new \InvalidArgumentException('not a valid date-time');
        }
    }

    /** The date-time of RFC 3339 text with an offset, or null when the text is not one. */
    public static function tryParse(string $text): ?self
    {
        if (\preg_match('/\A([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))\z/', $text, $m) !== 1) {
            return null;
        }
        [$y, $mo, $d, $h, $mi, $s] = [(int) $m[1], (int) $m[2], (int) $m[3], (int) $m[4], (int) $m[5], (int) $m[6]];
        if ($mo < 1 || $mo > 12 || $d < 1 || $d > LocalDate::daysInMonth($y, $mo) || $h > 23 || $mi > 59 || $s > 60) {
            return null;
        }
        $offset = 0;
        if (($m[8] ?? '') === '') {
            [$oh, $om] = [(int) $m[10], (int) $m[11]];
            if ($oh > 23 || $om > 59) {
                return null;
            }
            $offset = ($m[9] === '-' ? -1 : 1) * ($oh * 60 + $om);
        }
        if ($s === 60 && (($h * 60 + $mi - $offset) % 1440 + 1440) % 1440 !== 23 * 60 + 59) {
            return null; // a leap second is only ever 23:59:60 UTC
        }
        $fraction = $m[7] ?? '';
        $nanos = $fraction === '' ? 0 : (int) \str_pad($fraction, 9, '0');
        return new self($y, $mo, $d, $h, $mi, $s, $nanos, $offset);
    }

    /** @throws \InvalidArgumentException */
    public static function parse(string $text): self
    {
        return self::tryParse($text) ?? throw new \InvalidArgumentException("'$text' is not an RFC 3339 date-time with an offset");
    }

    /** From a PHP date-time, keeping its offset and microseconds. */
    public static function fromDateTime(\DateTimeInterface $dateTime): self
    {
        [$y, $mo, $d, $h, $mi, $s, $us] = \array_map('intval', \explode(' ', $dateTime->format('Y n j G i s u')));
        return new self($y, $mo, $d, $h, $mi, $s, $us * 1000, \intdiv($dateTime->getOffset(), 60));
    }

    /**
     * The same instant as a PHP date-time in this offset, to the microsecond (the nanoseconds
     * beyond are cut off; a leap second becomes the next second's start).
     */
    public function toDateTimeImmutable(): \DateTimeImmutable
    {
        $text = \sprintf('%04d-%02d-%02dT%02d:%02d:%02d.%06d%s', $this->year, $this->month, $this->day, $this->hour,
            $this->minute, \min($this->second, 59), \intdiv($this->nanosecond, 1000), $this->offsetText(':'));
        $value = new \DateTimeImmutable($text);
        return $this->second === 60 ? $value->modify('+1 second') : $value;
    }

    /** Seconds since 1970-01-01T00:00:00Z (a leap second counts as the next second's 0). */
    public function unixSeconds(): int
    {
        $y = $this->year - ($this->month <= 2 ? 1 : 0);
        $era = \intdiv($y >= 0 ? $y : $y - 399, 400);
        $yoe = $y - $era * 400;
        $doy = \intdiv(153 * (($this->month + 9) % 12) + 2, 5) + $this->day - 1;
        $doe = $yoe * 365 + \intdiv($yoe, 4) - \intdiv($yoe, 100) + $doy;
        $days = $era * 146097 + $doe - 719468;
        return $days * 86400 + $this->hour * 3600 + $this->minute * 60 + $this->second - $this->offsetMinutes * 60;
    }

    /** The canonical RFC 3339 text. */
    public function toString(): string
    {
        $text = \sprintf('%04d-%02d-%02dT%02d:%02d:%02d', $this->year, $this->month, $this->day, $this->hour, $this->minute, $this->second);
        if ($this->nanosecond !== 0) {
            $text .= '.' . \rtrim(\sprintf('%09d', $this->nanosecond), '0');
        }
        return $text . ($this->offsetMinutes === 0 ? 'Z' : $this->offsetText(':'));
    }

    private function offsetText(string $separator): string
    {
        $a = \abs($this->offsetMinutes);
        return \sprintf('%s%02d%s%02d', $this->offsetMinutes < 0 ? '-' : '+', \intdiv($a, 60), $separator, $a % 60);
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
