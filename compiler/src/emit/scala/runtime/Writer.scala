package payloadc.runtime

/** Writes canonical JSON (no insignificant whitespace, RFC 8785 string escapes, ECMAScript
  * number form) and keeps the path of the value being written, for encoding errors.
  */
final class Writer {
  private val out = new java.lang.StringBuilder(256)
  private var needComma = false
  private var keys = new Array[String](16)
  private var indexes = new Array[Int](16)
  private var depth = 0

  def result(): String = out.toString

  private def push(key: String, index: Int): Unit = {
    if (depth == keys.length) {
      keys = java.util.Arrays.copyOf(keys, depth * 2)
      indexes = java.util.Arrays.copyOf(indexes, depth * 2)
    }
    keys(depth) = key
    indexes(depth) = index
    depth += 1
  }

  /** Leaves the member or element whose key() or element() was written last. */
  def pop(): Unit = depth -= 1

  /** The JSON Pointer of the value being written. */
  def pointer: String = {
    val path = new java.lang.StringBuilder
    var i = 0
    while (i < depth) {
      path.append('/').append(if (keys(i) == null) indexes(i).toString else Path.escape(keys(i)))
      i += 1
    }
    path.toString
  }

  def fail(message: String): Nothing = throw new EncodeException(pointer, message)

  def beginObject(): Unit = {
    out.append('{')
    needComma = false
  }

  def endObject(): Unit = {
    out.append('}')
    needComma = true
  }

  def beginArray(): Unit = {
    out.append('[')
    needComma = false
  }

  def endArray(): Unit = {
    out.append(']')
    needComma = true
  }

  /** Starts a member: the key, then exactly one value, then pop(). */
  def key(name: String): Unit = {
    if (needComma) out.append(',')
    push(name, -1)
    string(name)
    out.append(':')
  }

  /** Starts an array element: exactly one value follows, then pop(). */
  def element(index: Int): Unit = {
    if (needComma) out.append(',')
    push(null, index)
  }

  /** A member `name: T` (also defaulted and nullable members, which are always written). */
  def req[A](name: String, value: A, codec: Codec[A]): Unit = {
    key(name)
    codec.encodeValue(value, this)
    pop()
  }

  /** A member `name?: T`, left out when absent. */
  def opt[A](name: String, value: Option[A], codec: Codec[A]): Unit = value match {
    case Some(present) => req(name, present, codec)
    case None => ()
  }

  /** A member `name?: T?`. */
  def patch[A](name: String, value: Patch[A], codec: Codec[A]): Unit = value match {
    case Patch.Value(present) => req(name, present, codec)
    case Patch.Null =>
      key(name)
      raw("null")
      pop()
    case Patch.Absent => ()
  }

  /** A union variant: the tag first, then the struct's fields. */
  def variant[A](discriminator: String, tag: String, value: A, codec: StructCodec[A]): Unit = {
    beginObject()
    key(discriminator)
    string(tag)
    pop()
    codec.encodeFields(value, this)
    endObject()
  }

  /** Number, literal or other JSON text, written as it is. */
  def raw(text: String): Unit = {
    out.append(text)
    needComma = true
  }

  def double(value: Double): Unit = {
    if (value.isNaN || value.isInfinite) fail(s"$value cannot be written as JSON")
    raw(Numbers.format(value))
  }

  /** A string with only '"', '\' and control characters escaped. */
  def string(value: String): Unit = {
    out.append('"')
    var i = 0
    val n = value.length
    while (i < n) {
      val c = value.charAt(i)
      if (c == '"') out.append("\\\"")
      else if (c == '\\') out.append("\\\\")
      else if (c < 0x20) c match {
        case '\b' => out.append("\\b")
        case '\t' => out.append("\\t")
        case '\n' => out.append("\\n")
        case '\f' => out.append("\\f")
        case '\r' => out.append("\\r")
        case _ => out.append("\\u00").append(Writer.Hex(c >> 4)).append(Writer.Hex(c & 15))
      }
      else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
        out.append(c).append(value.charAt(i + 1))
        i += 1
      } else if (Character.isSurrogate(c)) fail("a string with a lone surrogate cannot be written as UTF-8")
      else out.append(c)
      i += 1
    }
    out.append('"')
    needComma = true
  }

  /** A kept JSON value, compact; numbers as they came. */
  def json(value: Json): Unit = value match {
    case Json.Null => raw("null")
    case Json.Bool(b) => raw(if (b) "true" else "false")
    case Json.Num(text) => raw(text)
    case Json.Str(text) => string(text)
    case Json.Arr(items) =>
      beginArray()
      var i = 0
      items.foreach { item =>
        element(i)
        json(item)
        pop()
        i += 1
      }
      endArray()
    case Json.Obj(fields) =>
      beginObject()
      fields.foreach { field =>
        key(field._1)
        json(field._2)
        pop()
      }
      endObject()
  }
}

object Writer {
  private val Hex = "0123456789abcdef".toCharArray
}
