package payloadc.runtime

/** Why a value was refused. The names are the same in every payloadc runtime. */
sealed abstract class ErrorKind(val name: String) extends Product with Serializable {
  override def toString: String = name
}

object ErrorKind {
  /** Not JSON at all. */
  case object Syntax extends ErrorKind("syntax")
  /** The wrong JSON kind (a string where a number belongs). */
  case object Type extends ErrorKind("type")
  /** A required key is absent. */
  case object Missing extends ErrorKind("missing")
  /** `null` where the schema does not allow it. */
  case object Null extends ErrorKind("null")
  /** An integer out of range, or a number that is not an integer. */
  case object Range extends ErrorKind("range")
  /** A malformed date, datetime, uuid, bytes or decimal. */
  case object Format extends ErrorKind("format")
  /** A string that is no member of a closed enum. */
  case object Enum extends ErrorKind("enum")
  /** A missing or unknown union tag. */
  case object Tag extends ErrorKind("tag")
  /** A violated `@min`, `@max`, length, items or `@pattern` constraint. */
  case object Constraint extends ErrorKind("constraint")
  /** Nesting deeper than [[Json.MaxDepth]]. */
  case object Depth extends ErrorKind("depth")
  /** A value that cannot be written (NaN, infinity, a lone surrogate). */
  case object Encode extends ErrorKind("encode")
}

/** A decoding failure: its kind, the JSON Pointer (RFC 6901) of the bad value ("" is the root),
  * a readable message and, for `syntax` and `depth` errors, the UTF-8 byte offset in the text
  * (-1 otherwise).
  */
final case class DecodeError(kind: ErrorKind, path: String, message: String, offset: Int = -1) {
  override def toString: String =
    (if (path.isEmpty) "" else path + ": ") + message + " [" + kind.name + "]"
}

/** One violated constraint found by `validate`, at the JSON Pointer of the value. */
final case class Violation(path: String, message: String) {
  def kind: ErrorKind = ErrorKind.Constraint
  override def toString: String = (if (path.isEmpty) "" else path + ": ") + message
}

/** Thrown by decoders to unwind to `decode`, which turns it into a `Left`. */
final class DecodeFailure(val error: DecodeError)
    extends RuntimeException(error.toString) with scala.util.control.NoStackTrace

/** Thrown by `encode` for values that JSON cannot carry (NaN, infinity, a lone surrogate). */
final class EncodeException(val path: String, message: String)
    extends RuntimeException((if (path.isEmpty) "" else path + ": ") + message)

/** A JSON Pointer built from the root down; creating a step costs one small object. */
final class Path private (private val parent: Path, private val key: String, private val index: Int) {
  def /(key: String): Path = new Path(this, key, -1)
  def /(index: Int): Path = new Path(this, null, index)

  /** The RFC 6901 text: "" for the root, "/items/3/qty" below it. */
  def pointer: String = {
    if (parent == null) return ""
    val steps = new java.util.ArrayList[String]()
    var at = this
    while (at.parent != null) {
      steps.add(if (at.key == null) at.index.toString else Path.escape(at.key))
      at = at.parent
    }
    val out = new java.lang.StringBuilder
    var i = steps.size - 1
    while (i >= 0) {
      out.append('/').append(steps.get(i))
      i -= 1
    }
    out.toString
  }

  override def toString: String = pointer
}

object Path {
  val Root: Path = new Path(null, null, -1)

  def escape(key: String): String =
    if (key.indexOf('~') < 0 && key.indexOf('/') < 0) key
    else key.replace("~", "~0").replace("/", "~1")
}

/** Collects the violations that `validate` finds, in field order. */
final class Violations {
  private val found = Vector.newBuilder[Violation]
  private var count = 0

  /** The value's own path: `p / key`, or `p` itself when key is null (an alias at the root). */
  private def at(p: Path, key: String): Path = if (key == null) p else p / key

  def add(path: Path, message: String): Unit = {
    found += Violation(path.pointer, message)
    count += 1
  }

  def isEmpty: Boolean = count == 0
  def result(): Vector[Violation] = found.result()

  def minInt(p: Path, key: String, value: Long, bound: Long): Unit =
    if (value < bound) add(at(p, key), s"$value is less than the minimum $bound")
  def maxInt(p: Path, key: String, value: Long, bound: Long): Unit =
    if (value > bound) add(at(p, key), s"$value is greater than the maximum $bound")
  def minFloat(p: Path, key: String, value: Double, bound: Double): Unit =
    if (value < bound || value.isNaN) add(at(p, key), s"${Numbers.format(value)} is less than the minimum ${Numbers.format(bound)}")
  def maxFloat(p: Path, key: String, value: Double, bound: Double): Unit =
    if (value > bound || value.isNaN) add(at(p, key), s"${Numbers.format(value)} is greater than the maximum ${Numbers.format(bound)}")
  def minLength(p: Path, key: String, value: String, bound: Long): Unit = {
    val length = value.codePointCount(0, value.length)
    if (length < bound) add(at(p, key), s"$length characters, fewer than the minimum $bound")
  }
  def maxLength(p: Path, key: String, value: String, bound: Long): Unit = {
    val length = value.codePointCount(0, value.length)
    if (length > bound) add(at(p, key), s"$length characters, more than the maximum $bound")
  }
  def minItems(p: Path, key: String, size: Int, bound: Long): Unit =
    if (size < bound) add(at(p, key), s"$size items, fewer than the minimum $bound")
  def maxItems(p: Path, key: String, size: Int, bound: Long): Unit =
    if (size > bound) add(at(p, key), s"$size items, more than the maximum $bound")
  /** `regex` is the pattern translated to java.util.regex; the whole value must match. */
  def pattern(p: Path, key: String, value: String, regex: String): Unit =
    if (!Patterns.matches(regex, value)) add(at(p, key), s"does not match the pattern $regex")
}

/** Compiled patterns, shared and compiled once. */
object Patterns {
  private val cache = new java.util.concurrent.ConcurrentHashMap[String, java.util.regex.Pattern]()

  def matches(regex: String, value: String): Boolean = {
    var compiled = cache.get(regex)
    if (compiled == null) {
      compiled = java.util.regex.Pattern.compile(regex)
      cache.put(regex, compiled)
    }
    compiled.matcher(value).matches()
  }
}
