package payloadc.runtime

/** A JSON value as it was read. Numbers keep their text, so that no digit is lost; objects keep
  * their members in the order they were read (duplicate keys included: lookups take the last).
  */
sealed abstract class Json extends Product with Serializable {
  /** Canonical JSON text: no insignificant whitespace, numbers as they came. */
  override def toString: String = Json.render(this)
}

object Json {
  case object Null extends Json
  final case class Bool(value: Boolean) extends Json
  /** A number, kept as its JSON text (`1.50`, `1e400`): exact whatever its size. */
  final case class Num(text: String) extends Json
  final case class Str(value: String) extends Json
  final case class Arr(items: Vector[Json]) extends Json
  final case class Obj(fields: Vector[(String, Json)]) extends Json {
    private lazy val index: java.util.HashMap[String, Json] = {
      val map = new java.util.HashMap[String, Json](fields.size * 2)
      fields.foreach { field => map.put(field._1, field._2) }
      map
    }

    /** The value of the last member with this key, or null when there is none. */
    def getOrNull(key: String): Json =
      if (fields.size <= 8) {
        var i = fields.size - 1
        while (i >= 0 && fields(i)._1 != key) i -= 1
        if (i >= 0) fields(i)._2 else null
      } else index.get(key)

    def get(key: String): Option[Json] = Option(getOrNull(key))
  }

  /** Nesting deeper than this is a `depth` error, as in every other payloadc runtime. */
  final val MaxDepth = 512

  /** Parses strict RFC 8259 JSON. Errors are `syntax` (or `depth`) errors at the root path, with
    * the UTF-8 byte offset where the text went wrong.
    */
  def parse(text: String): Either[DecodeError, Json] =
    try Right(new Parser(text).parseDocument())
    catch { case failure: DecodeFailure => Left(failure.error) }

  /** Canonical compact text (strings escaped as RFC 8785 says, numbers as they came). */
  def render(json: Json): String = {
    val out = new Writer
    out.json(json)
    out.result()
  }

  private final class Parser(text: String) {
    private var pos = 0
    private var depth = 0
    private val length = text.length

    def parseDocument(): Json = {
      skipSpace()
      val value = parseValue()
      skipSpace()
      if (pos < length) fail("unexpected text after the JSON value")
      value
    }

    private def fail(message: String): Nothing = fail(message, pos)

    private def fail(message: String, at: Int): Nothing = {
      val shown = if (at < length) s" at byte ${Utf8.byteOffset(text, at)}" else " at the end of the text"
      throw new DecodeFailure(DecodeError(ErrorKind.Syntax, "", message + shown, Utf8.byteOffset(text, at)))
    }

    private def skipSpace(): Unit = {
      while (pos < length && {
        val c = text.charAt(pos)
        c == ' ' || c == '\n' || c == '\r' || c == '\t'
      }) pos += 1
    }

    private def expect(word: String, value: Json): Json = {
      if (!text.startsWith(word, pos)) fail("invalid literal")
      pos += word.length
      value
    }

    private def parseValue(): Json = {
      if (pos >= length) fail("expected a JSON value")
      text.charAt(pos) match {
        case '{' => parseObject()
        case '[' => parseArray()
        case '"' => Str(parseString())
        case 't' => expect("true", Bool(true))
        case 'f' => expect("false", Bool(false))
        case 'n' => expect("null", Null)
        case c if c == '-' || (c >= '0' && c <= '9') => parseNumber()
        case _ => fail("expected a JSON value")
      }
    }

    private def enter(): Unit = {
      depth += 1
      if (depth > MaxDepth)
        throw new DecodeFailure(DecodeError(ErrorKind.Depth, "",
          s"nesting deeper than $MaxDepth levels", Utf8.byteOffset(text, pos)))
    }

    private def parseObject(): Json = {
      enter()
      pos += 1
      val fields = Vector.newBuilder[(String, Json)]
      skipSpace()
      if (pos < length && text.charAt(pos) == '}') pos += 1
      else {
        var more = true
        while (more) {
          skipSpace()
          if (pos >= length || text.charAt(pos) != '"') fail("expected a string key")
          val key = parseString()
          skipSpace()
          if (pos >= length || text.charAt(pos) != ':') fail("expected ':'")
          pos += 1
          skipSpace()
          fields += ((key, parseValue()))
          skipSpace()
          if (pos < length && text.charAt(pos) == ',') pos += 1
          else if (pos < length && text.charAt(pos) == '}') { pos += 1; more = false }
          else fail("expected ',' or '}'")
        }
      }
      depth -= 1
      Obj(fields.result())
    }

    private def parseArray(): Json = {
      enter()
      pos += 1
      val items = Vector.newBuilder[Json]
      skipSpace()
      if (pos < length && text.charAt(pos) == ']') pos += 1
      else {
        var more = true
        while (more) {
          skipSpace()
          items += parseValue()
          skipSpace()
          if (pos < length && text.charAt(pos) == ',') pos += 1
          else if (pos < length && text.charAt(pos) == ']') { pos += 1; more = false }
          else fail("expected ',' or ']'")
        }
      }
      depth -= 1
      Arr(items.result())
    }

    private def digits(): Int = {
      val start = pos
      while (pos < length && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos += 1
      pos - start
    }

    private def parseNumber(): Json = {
      val start = pos
      if (text.charAt(pos) == '-') pos += 1
      if (pos < length && text.charAt(pos) == '0') pos += 1
      else if (digits() == 0) fail("invalid number", start)
      if (pos < length && text.charAt(pos) == '.') {
        pos += 1
        if (digits() == 0) fail("invalid number: digits must follow '.'", start)
      }
      if (pos < length && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
        pos += 1
        if (pos < length && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) pos += 1
        if (digits() == 0) fail("invalid number: digits must follow the exponent", start)
      }
      Num(text.substring(start, pos))
    }

    private def hex(at: Int): Int = {
      if (at + 4 > length) fail("incomplete \\u escape", at)
      var value = 0
      var i = 0
      while (i < 4) {
        val c = text.charAt(at + i)
        val d = Character.digit(c, 16)
        if (d < 0 || c > 'f') fail("invalid \\u escape", at)
        value = value * 16 + d
        i += 1
      }
      value
    }

    private def parseString(): String = {
      pos += 1
      val start = pos
      // The common case, a string without escapes, is a substring.
      while (pos < length && {
        val c = text.charAt(pos)
        c != '"' && c != '\\' && c >= 0x20 && !Character.isSurrogate(c)
      }) pos += 1
      if (pos < length && text.charAt(pos) == '"') {
        pos += 1
        return text.substring(start, pos - 1)
      }
      val out = new java.lang.StringBuilder(text.substring(start, pos))
      while (true) {
        if (pos >= length) fail("unterminated string", start - 1)
        val c = text.charAt(pos)
        if (c == '"') {
          pos += 1
          return out.toString
        } else if (c == '\\') {
          if (pos + 1 >= length) fail("unterminated string", start - 1)
          text.charAt(pos + 1) match {
            case '"' => out.append('"'); pos += 2
            case '\\' => out.append('\\'); pos += 2
            case '/' => out.append('/'); pos += 2
            case 'b' => out.append('\b'); pos += 2
            case 'f' => out.append('\f'); pos += 2
            case 'n' => out.append('\n'); pos += 2
            case 'r' => out.append('\r'); pos += 2
            case 't' => out.append('\t'); pos += 2
            case 'u' =>
              val unit = hex(pos + 2)
              if (unit >= 0xD800 && unit <= 0xDBFF) {
                if (pos + 7 < length && text.charAt(pos + 6) == '\\' && text.charAt(pos + 7) == 'u') {
                  val low = hex(pos + 8)
                  if (low < 0xDC00 || low > 0xDFFF) fail("high surrogate escape without a low surrogate", pos)
                  out.append(unit.toChar).append(low.toChar)
                  pos += 12
                } else fail("high surrogate escape without a low surrogate", pos)
              } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                fail("low surrogate escape without a high surrogate", pos)
              } else {
                out.append(unit.toChar)
                pos += 6
              }
            case _ => fail("invalid escape", pos)
          }
        } else if (c < 0x20) {
          fail("control character in a string", pos)
        } else if (Character.isHighSurrogate(c) && pos + 1 < length &&
                   Character.isLowSurrogate(text.charAt(pos + 1))) {
          out.append(c).append(text.charAt(pos + 1))
          pos += 2
        } else if (Character.isSurrogate(c)) {
          fail("invalid UTF-8 (a lone surrogate)", pos)
        } else {
          out.append(c)
          pos += 1
        }
      }
      throw new IllegalStateException("unreachable")
    }
  }
}

/** UTF-8 helpers: byte offsets for error messages, and strict decoding of byte input. */
object Utf8 {
  /** The UTF-8 byte offset of the character at `index` of `text`. */
  def byteOffset(text: String, index: Int): Int = {
    var bytes = 0
    var i = 0
    val end = math.min(index, text.length)
    while (i < end) {
      val c = text.charAt(i)
      if (c < 0x80) bytes += 1
      else if (c < 0x800) bytes += 2
      else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4
        i += 1
      } else bytes += 3
      i += 1
    }
    bytes
  }

  /** Decodes strict UTF-8 (RFC 3629); Left with the offset of the first invalid byte. */
  def decode(bytes: Array[Byte]): Either[Int, String] = {
    val decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
      .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
    val input = java.nio.ByteBuffer.wrap(bytes)
    val output = java.nio.CharBuffer.allocate(bytes.length + 1)
    val result = decoder.decode(input, output, true)
    if (result.isError) Left(input.position())
    else {
      decoder.flush(output)
      output.flip()
      Right(output.toString)
    }
  }
}
