package payloadc.runtime

import java.math.{BigDecimal => JBigDecimal, MathContext, RoundingMode}

/** JSON numbers: exact integers from any number form, and float64 in ECMAScript's shortest
  * round-trip form (Java's Double.toString writes 1.0E21 where JSON wants 1e+21, and before
  * Java 19 it does not always give the shortest digits).
  */
object Numbers {
  /** The integer value of JSON number text: 1.0 and 1e2 are integers, 1.5 is not. */
  def integer(text: String, path: Path): Long = {
    val n = text.length
    var plain = n > 0 && n <= 18
    var i = if (n > 0 && text.charAt(0) == '-') 1 else 0
    if (i == n) plain = false
    while (plain && i < n) {
      val c = text.charAt(i)
      if (c < '0' || c > '9') plain = false
      i += 1
    }
    if (plain) return java.lang.Long.parseLong(text)
    // Exponents beyond what BigDecimal holds are far outside int64 either way.
    val stripped =
      try {
        val exact = new JBigDecimal(text)
        if (exact.signum == 0) return 0L
        exact.stripTrailingZeros
      } catch {
        case _: NumberFormatException | _: ArithmeticException =>
          Codec.fail(path, ErrorKind.Range, s"$text is out of range for int64")
      }
    if (stripped.scale > 0) Codec.fail(path, ErrorKind.Range, s"$text is not an integer")
    if (stripped.precision.toLong - stripped.scale.toLong > 19)
      Codec.fail(path, ErrorKind.Range, s"$text is out of range for int64")
    val whole = stripped.toBigIntegerExact
    if (whole.bitLength > 63) Codec.fail(path, ErrorKind.Range, s"$text is out of range for int64")
    whole.longValue
  }

  /** A path or query parameter read as a JSON number. */
  def textNumber(text: String, path: Path): Json = Json.parse(text) match {
    case Right(number: Json.Num) => number
    case _ => Codec.fail(path, ErrorKind.Type, s"expected a number, found ${Formats.show(text)}")
  }

  /** ECMAScript Number::toString (RFC 8785 section 3.2.2.3): -0 is 0, 1e-7, 1e+21, 100. */
  def format(value: Double): String = {
    if (value == 0) return "0"
    if (value.isNaN) return "NaN"
    if (value.isInfinite) return if (value > 0) "Infinity" else "-Infinity"
    if (math.abs(value) < 9007199254740992.0 && value == math.rint(value)) return value.toLong.toString
    val exact = new JBigDecimal(value)
    // Double.toString always reads back, so the shortest has at most its digit count.
    var lo = 1
    var hi = significantDigits(java.lang.Double.toString(value))
    var best = exact.round(new MathContext(hi, RoundingMode.HALF_EVEN))
    if (best.doubleValue != value) {
      hi = 17
      best = exact.round(new MathContext(17, RoundingMode.HALF_EVEN))
    }
    while (lo < hi) {
      val mid = (lo + hi) / 2
      val found = roundTrip(exact, value, mid)
      if (found != null) {
        hi = mid
        best = found
      } else lo = mid + 1
    }
    layout(best.stripTrailingZeros, value < 0)
  }

  private def significantDigits(javaText: String): Int = {
    var count = 0
    var leading = true
    var i = 0
    while (i < javaText.length && javaText.charAt(i) != 'E') {
      val c = javaText.charAt(i)
      if (c >= '0' && c <= '9') {
        if (c != '0' || !leading) { leading = false; count += 1 }
      }
      i += 1
    }
    math.max(1, math.min(17, count))
  }

  /** The p-digit decimal nearest to value that reads back as value, or null. At powers of two
    * the rounding interval is asymmetric, so the nearest may miss while a neighbour hits.
    */
  private def roundTrip(exact: JBigDecimal, value: Double, digits: Int): JBigDecimal = {
    val nearest = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN))
    if (nearest.doubleValue == value) return nearest
    val unit = JBigDecimal.ONE.scaleByPowerOfTen(-nearest.scale)
    val up = nearest.add(unit)
    if (up.precision <= digits && up.doubleValue == value) return up
    val down = nearest.subtract(unit)
    if (down.precision <= digits && down.signum != 0 && down.doubleValue == value) return down
    null
  }

  private def layout(decimal: JBigDecimal, negative: Boolean): String = {
    val digits = decimal.unscaledValue.abs.toString
    val k = digits.length
    val n = k - decimal.scale // the decimal point sits after n digits
    val out = new java.lang.StringBuilder(32)
    if (negative) out.append('-')
    if (k <= n && n <= 21) {
      out.append(digits)
      var i = k
      while (i < n) { out.append('0'); i += 1 }
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k)
    } else if (-6 < n && n <= 0) {
      out.append("0.")
      var i = n
      while (i < 0) { out.append('0'); i += 1 }
      out.append(digits)
    } else {
      val e = n - 1
      out.append(digits.charAt(0))
      if (k > 1) out.append('.').append(digits, 1, k)
      out.append('e').append(if (e >= 0) "+" else "-").append(math.abs(e))
    }
    out.toString
  }
}

/** The string formats of the language: date, uuid, decimal, base64. */
object Formats {
  /** A value for an error message, quoted and cut short. */
  def show(text: String): String = {
    val out = new Writer
    out.string(if (text.length > 60) text.substring(0, 60) + "..." else text)
    out.result()
  }

  private def digits(text: String, from: Int, count: Int): Int = {
    var value = 0
    var i = from
    while (i < from + count) {
      val c = text.charAt(i)
      if (c < '0' || c > '9') return -1
      value = value * 10 + (c - '0')
      i += 1
    }
    value
  }

  private def isLeap(year: Int): Boolean = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0

  private def daysIn(year: Int, month: Int): Int = month match {
    case 2 => if (isLeap(year)) 29 else 28
    case 4 | 6 | 9 | 11 => 30
    case _ => 31
  }

  /** "YYYY-MM-DD" at `from`: (year, month, day), or null. */
  private[runtime] def fullDate(text: String, from: Int): Array[Int] = {
    if (text.length < from + 10 || text.charAt(from + 4) != '-' || text.charAt(from + 7) != '-') return null
    val y = digits(text, from, 4)
    val m = digits(text, from + 5, 2)
    val d = digits(text, from + 8, 2)
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) null else Array(y, m, d)
  }

  /** RFC 3339 full-date, a real day of the proleptic Gregorian calendar. */
  def parseDate(text: String): Option[java.time.LocalDate] = {
    if (text.length != 10) return None
    val ymd = fullDate(text, 0)
    if (ymd == null) None else Some(java.time.LocalDate.of(ymd(0), ymd(1), ymd(2)))
  }

  def pad(value: Int, width: Int): String = {
    val text = value.toString
    if (text.length >= width) text else "0" * (width - text.length) + text
  }

  def formatDate(date: java.time.LocalDate): String =
    pad(date.getYear, 4) + "-" + pad(date.getMonthValue, 2) + "-" + pad(date.getDayOfMonth, 2)

  /** 8-4-4-4-12 hex digits, either case. */
  def parseUuid(text: String): Option[java.util.UUID] = {
    if (text.length != 36) return None
    var i = 0
    while (i < 36) {
      val c = text.charAt(i)
      val dash = i == 8 || i == 13 || i == 18 || i == 23
      if (dash != (c == '-')) return None
      if (!dash && Character.digit(c, 16) < 0 || c > 'f') return None
      i += 1
    }
    Some(java.util.UUID.fromString(text))
  }

  /** A BigDecimal that keeps every digit (Scala's BigDecimal(String) rounds to 34 digits). */
  def decimal(text: String): BigDecimal = new BigDecimal(new JBigDecimal(text), MathContext.UNLIMITED)

  def formatDecimal(value: BigDecimal): String = value.bigDecimal.toPlainString

  def isDecimal(text: String): Boolean = {
    val n = text.length
    var i = if (n > 0 && text.charAt(0) == '-') 1 else 0
    if (i >= n) return false
    if (text.charAt(i) == '0') i += 1
    else if (text.charAt(i) >= '1' && text.charAt(i) <= '9') {
      while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') i += 1
    } else return false
    if (i < n && text.charAt(i) == '.') {
      val start = i + 1
      i += 1
      while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') i += 1
      if (i == start) return false
    }
    i == n
  }
}

/** An immutable byte string (`bytes`), compared by content. */
final class Bytes private (private val data: Array[Byte]) extends Serializable {
  def length: Int = data.length
  def apply(index: Int): Byte = data(index)
  def toArray: Array[Byte] = data.clone()
  def toBase64: String = java.util.Base64.getEncoder.encodeToString(data)
  override def equals(other: Any): Boolean = other match {
    case that: Bytes => java.util.Arrays.equals(data, that.data)
    case _ => false
  }
  override def hashCode: Int = java.util.Arrays.hashCode(data)
  override def toString: String = s"Bytes($toBase64)"
}

object Bytes {
  val empty: Bytes = new Bytes(new Array[Byte](0))

  def apply(data: Array[Byte]): Bytes = new Bytes(data.clone())

  private def value(c: Char): Int =
    if (c >= 'A' && c <= 'Z') c - 'A'
    else if (c >= 'a' && c <= 'z') c - 'a' + 26
    else if (c >= '0' && c <= '9') c - '0' + 52
    else if (c == '+') 62
    else if (c == '/') 63
    else -1

  /** Padded base64 with the standard alphabet; the unused bits must be zero, so that each
    * value has one text.
    */
  def fromBase64Option(text: String): Option[Bytes] = {
    val n = text.length
    if (n % 4 != 0) return None
    val pad = if (n >= 2 && text.charAt(n - 1) == '=' && text.charAt(n - 2) == '=') 2
              else if (n >= 1 && text.charAt(n - 1) == '=') 1 else 0
    var i = 0
    while (i < n - pad) {
      if (value(text.charAt(i)) < 0) return None
      i += 1
    }
    if (pad == 2 && (value(text.charAt(n - 3)) & 15) != 0) return None
    if (pad == 1 && (value(text.charAt(n - 2)) & 3) != 0) return None
    Some(new Bytes(java.util.Base64.getDecoder.decode(text)))
  }

  def fromBase64(text: String): Bytes =
    fromBase64Option(text).getOrElse(throw new IllegalArgumentException(s"not padded base64: $text"))
}

/** An RFC 3339 date-time, kept exactly: the local date and time as written, the offset in
  * minutes (RFC 3339 allows up to +-23:59; java.time stops at +-18:00) and the fraction. A leap
  * second (23:59:60 UTC, which java.time cannot hold) is kept as 59 with `leapSecond` set and
  * written back as 60; as an instant it is the next second, as in every payloadc runtime.
  */
final case class DateTime(local: java.time.LocalDateTime, offsetMinutes: Int, leapSecond: Boolean = false) {
  /** The instant. */
  def toInstant: java.time.Instant =
    java.time.Instant.ofEpochSecond(local.toEpochSecond(java.time.ZoneOffset.UTC) - offsetMinutes * 60L +
      (if (leapSecond) 1 else 0), local.getNano.toLong)

  /** The same instant with the offset as written, or in UTC when java.time cannot hold the
    * offset (beyond +-18:00).
    */
  def toOffsetDateTime: java.time.OffsetDateTime =
    if (math.abs(offsetMinutes) <= 18 * 60 && !leapSecond)
      java.time.OffsetDateTime.of(local, java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
    else java.time.OffsetDateTime.ofInstant(toInstant, java.time.ZoneOffset.UTC)

  /** The canonical RFC 3339 text: "Z" for offset zero, the fraction without trailing zeros. */
  def format: String = {
    val out = new java.lang.StringBuilder(36)
    out.append(Formats.formatDate(local.toLocalDate)).append('T')
      .append(Formats.pad(local.getHour, 2)).append(':').append(Formats.pad(local.getMinute, 2)).append(':')
      .append(if (leapSecond) "60" else Formats.pad(local.getSecond, 2))
    val nanos = local.getNano
    if (nanos != 0) {
      var fraction = Formats.pad(nanos, 9)
      while (fraction.endsWith("0")) fraction = fraction.substring(0, fraction.length - 1)
      out.append('.').append(fraction)
    }
    if (offsetMinutes == 0) out.append('Z')
    else {
      val minutes = math.abs(offsetMinutes)
      out.append(if (offsetMinutes < 0) '-' else '+').append(Formats.pad(minutes / 60, 2)).append(':')
        .append(Formats.pad(minutes % 60, 2))
    }
    out.toString
  }

  override def toString: String = format
}

object DateTime {
  /** A java.time value (an offset with seconds keeps its whole minutes). */
  def of(value: java.time.OffsetDateTime): DateTime =
    DateTime(value.toLocalDateTime, value.getOffset.getTotalSeconds / 60)

  def parse(text: String): DateTime =
    parseOption(text).getOrElse(throw new IllegalArgumentException(s"not an RFC 3339 date-time: $text"))

  /** RFC 3339 date-time: "T" or "t", 0 to 9 fraction digits, an offset ("Z", "z", +hh:mm or
    * -hh:mm; -00:00 reads as zero), second 60 only at 23:59:60 UTC.
    */
  def parseOption(text: String): Option[DateTime] = {
    val n = text.length
    if (n < 20) return None
    val ymd = Formats.fullDate(text, 0)
    if (ymd == null || (text.charAt(10) != 'T' && text.charAt(10) != 't')) return None
    if (text.charAt(13) != ':' || text.charAt(16) != ':') return None
    val h = two(text, 11)
    val m = two(text, 14)
    val s = two(text, 17)
    if (h < 0 || m < 0 || s < 0 || h > 23 || m > 59 || s > 60) return None
    var p = 19
    var nanos = 0
    if (p < n && text.charAt(p) == '.') {
      p += 1
      val start = p
      while (p < n && text.charAt(p) >= '0' && text.charAt(p) <= '9' && p - start < 10) {
        nanos = nanos * 10 + (text.charAt(p) - '0')
        p += 1
      }
      val count = p - start
      if (count == 0 || count > 9) return None
      var k = count
      while (k < 9) { nanos *= 10; k += 1 }
    }
    if (p >= n) return None
    val offset =
      if ((text.charAt(p) == 'Z' || text.charAt(p) == 'z') && p + 1 == n) 0
      else if ((text.charAt(p) == '+' || text.charAt(p) == '-') && p + 6 == n && text.charAt(p + 3) == ':') {
        val oh = two(text, p + 1)
        val om = two(text, p + 4)
        if (oh < 0 || om < 0 || oh > 23 || om > 59) return None
        if (text.charAt(p) == '-') -(oh * 60 + om) else oh * 60 + om
      } else return None
    if (s == 60) {
      val utc = ((h * 60 + m) - offset + 2 * 1440) % 1440
      if (utc != 23 * 60 + 59) return None
    }
    val local = java.time.LocalDateTime.of(ymd(0), ymd(1), ymd(2), h, m, if (s == 60) 59 else s, nanos)
    Some(DateTime(local, offset, leapSecond = s == 60))
  }

  private def two(text: String, at: Int): Int = {
    val a = text.charAt(at)
    val b = text.charAt(at + 1)
    if (a < '0' || a > '9' || b < '0' || b > '9') -1 else (a - '0') * 10 + (b - '0')
  }
}

/** A `decimal`: exact decimal text -?(0|[1-9][0-9]*)(\.[0-9]+)?, kept digit for digit ("1.50"
  * stays "1.50", "-0" stays "-0", which BigDecimal cannot hold). Compared by its text;
  * `toBigDecimal` gives the exact number for arithmetic.
  */
final class Decimal private (val text: String) extends Serializable {
  def toBigDecimal: BigDecimal = Formats.decimal(text)
  override def equals(other: Any): Boolean = other match {
    case that: Decimal => text == that.text
    case _ => false
  }
  override def hashCode: Int = text.hashCode
  override def toString: String = text
}

object Decimal {
  /** From decimal text; throws IllegalArgumentException for anything else. */
  def apply(text: String): Decimal =
    parse(text).getOrElse(throw new IllegalArgumentException(s"not a decimal: $text"))

  /** From a BigDecimal, in plain notation (never with an exponent). */
  def apply(value: BigDecimal): Decimal = new Decimal(value.bigDecimal.toPlainString)

  def parse(text: String): Option[Decimal] =
    if (Formats.isDecimal(text)) Some(new Decimal(text)) else None
}
