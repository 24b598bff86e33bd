package payloadc.runtime

/** Decoding, encoding and validation of one type. Every generated struct, enum and union
  * companion object is its type's codec (`Match.decode(text)`), and so is the value of each
  * alias (`Title.validate(value)`).
  *
  * The three abstract methods are the building blocks that generated code calls; applications
  * use `decode`, `encode` and `validate`.
  */
abstract class Codec[A] {
  /** Decodes a JSON value found at `path`; throws [[DecodeFailure]]. */
  def decodeValue(json: Json, path: Path): A
  /** Writes the value; throws [[EncodeException]] for values JSON cannot carry. */
  def encodeValue(value: A, out: Writer): Unit
  /** Adds the violated constraints of the value at `path` to `out`. */
  def validateValue(value: A, path: Path, out: Violations): Unit

  /** Parses and decodes JSON text: the shape is checked, constraints are not (see `validate`). */
  final def decode(text: String): Either[DecodeError, A] = Json.parse(text) match {
    case Right(json) => decodeJson(json)
    case Left(error) => Left(error)
  }

  /** The same from UTF-8 bytes, which must be valid UTF-8. */
  final def decode(bytes: Array[Byte]): Either[DecodeError, A] = Utf8.decode(bytes) match {
    case Right(text) => decode(text)
    case Left(offset) => Left(DecodeError(ErrorKind.Syntax, "", s"invalid UTF-8 at byte $offset", offset))
  }

  /** Decodes an already parsed value. */
  final def decodeJson(json: Json): Either[DecodeError, A] =
    try Right(decodeValue(json, Path.Root))
    catch { case failure: DecodeFailure => Left(failure.error) }

  /** Canonical JSON text. Throws [[EncodeException]] for NaN, infinity or a lone surrogate. */
  final def encode(value: A): String = {
    val out = new Writer
    encodeValue(value, out)
    out.result()
  }

  /** The violated constraints, in field order; empty when the value is valid. */
  final def validate(value: A): Vector[Violation] = {
    val out = new Violations
    validateValue(value, Path.Root, out)
    out.result()
  }

  /** Reads a path or query parameter (`42`, `true`, `2025-03-01`, an enum's wire name). */
  def decodeText(text: String, path: Path): A = decodeValue(Json.Str(text), path)

  /** Writes a path or query parameter: a JSON string's content, or the JSON text of a number. */
  def encodeText(value: A): String = {
    val out = new Writer
    encodeValue(value, out)
    Json.parse(out.result()) match {
      case Right(Json.Str(text)) => text
      case _ => out.result()
    }
  }
}

object Codec {
  private[runtime] def fail(path: Path, kind: ErrorKind, message: String): Nothing =
    throw new DecodeFailure(DecodeError(kind, path.pointer, message))

  private[runtime] def describe(json: Json): String = json match {
    case Json.Null => "null"
    case _: Json.Bool => "a boolean"
    case _: Json.Num => "a number"
    case _: Json.Str => "a string"
    case _: Json.Arr => "an array"
    case _: Json.Obj => "an object"
  }

  /** A type error, or a null error when the value is null. */
  private[runtime] def wrongKind(json: Json, path: Path, expected: String): Nothing =
    if (json == Json.Null) fail(path, ErrorKind.Null, s"expected $expected, found null")
    else fail(path, ErrorKind.Type, s"expected $expected, found ${describe(json)}")

  private[runtime] def string(json: Json, path: Path, expected: String): String = json match {
    case Json.Str(text) => text
    case _ => wrongKind(json, path, expected)
  }

  private[runtime] def number(json: Json, path: Path, expected: String): String = json match {
    case Json.Num(text) => text
    case _ => wrongKind(json, path, expected)
  }

  private abstract class Simple[A] extends Codec[A] {
    final def validateValue(value: A, path: Path, out: Violations): Unit = ()
  }

  val bool: Codec[Boolean] = new Simple[Boolean] {
    def decodeValue(json: Json, path: Path): Boolean = json match {
      case Json.Bool(value) => value
      case _ => wrongKind(json, path, "a boolean")
    }
    def encodeValue(value: Boolean, out: Writer): Unit = out.raw(if (value) "true" else "false")
    override def decodeText(text: String, path: Path): Boolean = text match {
      case "true" => true
      case "false" => false
      case _ => fail(path, ErrorKind.Type, s"expected true or false, found '$text'")
    }
    override def encodeText(value: Boolean): String = value.toString
  }

  val int: Codec[Int] = new Simple[Int] {
    def decodeValue(json: Json, path: Path): Int = {
      val value = Numbers.integer(number(json, path, "an integer"), path)
      if (value < Int.MinValue || value > Int.MaxValue)
        fail(path, ErrorKind.Range, s"$value is out of range for int32")
      value.toInt
    }
    def encodeValue(value: Int, out: Writer): Unit = out.raw(value.toString)
    override def decodeText(text: String, path: Path): Int = decodeValue(Numbers.textNumber(text, path), path)
    override def encodeText(value: Int): String = value.toString
  }

  val long: Codec[Long] = new Simple[Long] {
    def decodeValue(json: Json, path: Path): Long = Numbers.integer(number(json, path, "an integer"), path)
    def encodeValue(value: Long, out: Writer): Unit = out.raw(value.toString)
    override def decodeText(text: String, path: Path): Long = decodeValue(Numbers.textNumber(text, path), path)
    override def encodeText(value: Long): String = value.toString
  }

  val double: Codec[Double] = new Simple[Double] {
    def decodeValue(json: Json, path: Path): Double = {
      val value = java.lang.Double.parseDouble(number(json, path, "a number"))
      if (value.isInfinite) fail(path, ErrorKind.Range, "number too large for a float64")
      value
    }
    def encodeValue(value: Double, out: Writer): Unit = out.double(value)
    override def decodeText(text: String, path: Path): Double = decodeValue(Numbers.textNumber(text, path), path)
    override def encodeText(value: Double): String = Numbers.format(value)
  }

  val string: Codec[String] = new Simple[String] {
    def decodeValue(json: Json, path: Path): String = Codec.string(json, path, "a string")
    def encodeValue(value: String, out: Writer): Unit = out.string(value)
    override def decodeText(text: String, path: Path): String = text
    override def encodeText(value: String): String = value
  }

  val bytes: Codec[Bytes] = new Simple[Bytes] {
    def decodeValue(json: Json, path: Path): Bytes = {
      val text = Codec.string(json, path, "a base64 string")
      Bytes.fromBase64Option(text).getOrElse(
        fail(path, ErrorKind.Format, s"expected padded base64 (RFC 4648 standard alphabet), found ${Formats.show(text)}"))
    }
    def encodeValue(value: Bytes, out: Writer): Unit = out.string(value.toBase64)
  }

  val date: Codec[java.time.LocalDate] = new Simple[java.time.LocalDate] {
    def decodeValue(json: Json, path: Path): java.time.LocalDate = {
      val text = Codec.string(json, path, "a date string")
      Formats.parseDate(text).getOrElse(
        fail(path, ErrorKind.Format, s"expected a date (YYYY-MM-DD), found ${Formats.show(text)}"))
    }
    def encodeValue(value: java.time.LocalDate, out: Writer): Unit = out.string(Formats.formatDate(value))
    override def encodeText(value: java.time.LocalDate): String = Formats.formatDate(value)
  }

  val dateTime: Codec[DateTime] = new Simple[DateTime] {
    def decodeValue(json: Json, path: Path): DateTime = {
      val text = Codec.string(json, path, "a date-time string")
      DateTime.parseOption(text).getOrElse(fail(path, ErrorKind.Format,
        s"expected an RFC 3339 date-time with an offset (2024-05-01T10:00:00Z), found ${Formats.show(text)}"))
    }
    def encodeValue(value: DateTime, out: Writer): Unit = out.string(value.format)
    override def encodeText(value: DateTime): String = value.format
  }

  val uuid: Codec[java.util.UUID] = new Simple[java.util.UUID] {
    def decodeValue(json: Json, path: Path): java.util.UUID = {
      val text = Codec.string(json, path, "a uuid string")
      Formats.parseUuid(text).getOrElse(
        fail(path, ErrorKind.Format, s"expected a uuid (8-4-4-4-12 hex digits), found ${Formats.show(text)}"))
    }
    def encodeValue(value: java.util.UUID, out: Writer): Unit = out.string(value.toString)
    override def encodeText(value: java.util.UUID): String = value.toString
  }

  val decimal: Codec[Decimal] = new Simple[Decimal] {
    def decodeValue(json: Json, path: Path): Decimal = {
      val text = Codec.string(json, path, "a decimal string")
      Decimal.parse(text).getOrElse(fail(path, ErrorKind.Format,
        s"expected a decimal such as -12.50 (digits, an optional '-' and fraction), found ${Formats.show(text)}"))
    }
    def encodeValue(value: Decimal, out: Writer): Unit = out.string(value.text)
    override def encodeText(value: Decimal): String = value.text
  }

  /** `json`: any value, kept as it came. */
  val json: Codec[Json] = new Simple[Json] {
    def decodeValue(json: Json, path: Path): Json = json
    def encodeValue(value: Json, out: Writer): Unit = out.json(value)
  }

  /** `list<T>`. The element codec is read lazily, so that codecs may refer to each other. */
  def list[A](element: => Codec[A]): Codec[Vector[A]] = new ListCodec[A](element)

  /** `map<string, T>`; entries keep the order they were read in. */
  def map[A](value: => Codec[A]): Codec[Map[String, A]] = new MapCodec[A](value)

  /** `T?`: null is `None`. */
  def nullable[A](inner: => Codec[A]): Codec[Option[A]] = new NullableCodec[A](inner)

  private final class ListCodec[A](element0: => Codec[A]) extends Codec[Vector[A]] {
    private lazy val element = element0
    def decodeValue(json: Json, path: Path): Vector[A] = json match {
      case Json.Arr(items) =>
        val out = Vector.newBuilder[A]
        var i = 0
        val n = items.size
        while (i < n) {
          out += element.decodeValue(items(i), path / i)
          i += 1
        }
        out.result()
      case _ => wrongKind(json, path, "an array")
    }
    def encodeValue(value: Vector[A], out: Writer): Unit = {
      out.beginArray()
      var i = 0
      val n = value.size
      while (i < n) {
        out.element(i)
        element.encodeValue(value(i), out)
        out.pop()
        i += 1
      }
      out.endArray()
    }
    def validateValue(value: Vector[A], path: Path, out: Violations): Unit = {
      var i = 0
      val n = value.size
      while (i < n) {
        element.validateValue(value(i), path / i, out)
        i += 1
      }
    }
  }

  private final class MapCodec[A](value0: => Codec[A]) extends Codec[Map[String, A]] {
    private lazy val value = value0
    def decodeValue(json: Json, path: Path): Map[String, A] = json match {
      case Json.Obj(fields) =>
        var out = scala.collection.immutable.ListMap.empty[String, A]
        fields.foreach { field => out = out.updated(field._1, value.decodeValue(field._2, path / field._1)) }
        out
      case _ => wrongKind(json, path, "an object")
    }
    def encodeValue(map: Map[String, A], out: Writer): Unit = {
      out.beginObject()
      map.foreach { entry =>
        out.key(entry._1)
        value.encodeValue(entry._2, out)
        out.pop()
      }
      out.endObject()
    }
    def validateValue(map: Map[String, A], path: Path, out: Violations): Unit =
      map.foreach { entry => value.validateValue(entry._2, path / entry._1, out) }
  }

  private final class NullableCodec[A](inner0: => Codec[A]) extends Codec[Option[A]] {
    private lazy val inner = inner0
    def decodeValue(json: Json, path: Path): Option[A] =
      if (json == Json.Null) None else Some(inner.decodeValue(json, path))
    def encodeValue(value: Option[A], out: Writer): Unit = value match {
      case Some(present) => inner.encodeValue(present, out)
      case None => out.raw("null")
    }
    def validateValue(value: Option[A], path: Path, out: Violations): Unit = value match {
      case Some(present) => inner.validateValue(present, path, out)
      case None => ()
    }
  }
}

/** The codec of a constrained alias: the target's codec plus the alias's own checks. */
abstract class AliasCodec[A](target: => Codec[A]) extends Codec[A] {
  private lazy val underlying = target
  final def decodeValue(json: Json, path: Path): A = underlying.decodeValue(json, path)
  final def encodeValue(value: A, out: Writer): Unit = underlying.encodeValue(value, out)
  override final def decodeText(text: String, path: Path): A = underlying.decodeText(text, path)
  override final def encodeText(value: A): String = underlying.encodeText(value)
}

/** The codec of a generated struct: its companion object. */
abstract class StructCodec[A] extends Codec[A] {
  /** Writes the fields, in declaration order, into an object already begun (unions write their
    * tag first).
    */
  def encodeFields(value: A, out: Writer): Unit

  final def encodeValue(value: A, out: Writer): Unit = {
    out.beginObject()
    encodeFields(value, out)
    out.endObject()
  }

  /** The object's members, for a generated decoder; a type error unless json is an object. */
  protected final def fields(json: Json, path: Path): Fields = json match {
    case obj: Json.Obj => new Fields(obj, path)
    case _ => Codec.wrongKind(json, path, "an object")
  }
}

/** Reads the fields of one object for a generated decoder. Unknown keys are ignored. */
final class Fields(obj: Json.Obj, path: Path) {
  /** `name: T`: the key must be present (and not null unless the codec allows it). */
  def req[A](key: String, codec: Codec[A]): A = {
    val json = obj.getOrNull(key)
    if (json == null) Codec.fail(path / key, ErrorKind.Missing, s"missing required key '$key'")
    codec.decodeValue(json, path / key)
  }

  /** `name?: T`: absent is None; null is an error unless the codec allows it. */
  def opt[A](key: String, codec: Codec[A]): Option[A] = {
    val json = obj.getOrNull(key)
    if (json == null) None else Some(codec.decodeValue(json, path / key))
  }

  /** `name?: T?`: absent, null or a value. */
  def patch[A](key: String, codec: Codec[A]): Patch[A] = {
    val json = obj.getOrNull(key)
    if (json == null) Patch.Absent
    else if (json == Json.Null) Patch.Null
    else Patch.Value(codec.decodeValue(json, path / key))
  }

  /** `name: T = v`: absent is the default. (Two parameter lists, so that the codec fixes A
    * before `Map.empty` or `Vector.empty` is typed.)
    */
  def orElse[A](key: String, codec: Codec[A])(default: => A): A = {
    val json = obj.getOrNull(key)
    if (json == null) default else codec.decodeValue(json, path / key)
  }
}

/** The base of generated enums: each member is a case object carrying its wire name. */
abstract class EnumValue(val wire: String) extends Product with Serializable

/** The codec of a generated enum: its companion object. */
abstract class EnumCodec[A <: EnumValue](typeName: String) extends Codec[A] {
  /** Every member, in declaration order (an open enum's unknown values are not among them). */
  protected def members: Vector[A]
  /** An open enum's value for an unknown wire name; None for a closed enum. */
  protected def unknown(wire: String): Option[A]

  /** Every member, in declaration order. */
  final lazy val values: Vector[A] = members

  private lazy val byWire: java.util.HashMap[String, A] = {
    val map = new java.util.HashMap[String, A]()
    values.foreach { member => map.put(member.wire, member) }
    map
  }

  /** The member with this wire name (or an open enum's unknown value). */
  final def fromWire(wire: String): Option[A] = {
    val member = byWire.get(wire)
    if (member != null) Some(member) else unknown(wire)
  }

  final def decodeValue(json: Json, path: Path): A = {
    val wire = Codec.string(json, path, s"a $typeName string")
    val member = byWire.get(wire)
    if (member != null) member
    else unknown(wire).getOrElse(Codec.fail(path, ErrorKind.Enum,
      s"${Formats.show(wire)} is not a member of $typeName (${values.map(_.wire).mkString(", ")})"))
  }

  final def encodeValue(value: A, out: Writer): Unit = out.string(value.wire)
  final def validateValue(value: A, path: Path, out: Violations): Unit = ()
  override final def decodeText(text: String, path: Path): A = decodeValue(Json.Str(text), path)
  override final def encodeText(value: A): String = value.wire
}

/** The codec of a generated union: its companion object. */
abstract class UnionCodec[A](typeName: String, discriminator: String) extends Codec[A] {
  /** Decodes the variant named by `tag` from the whole object. */
  protected def decodeVariant(tag: String, json: Json, path: Path): A

  final def decodeValue(json: Json, path: Path): A = json match {
    case obj: Json.Obj =>
      obj.getOrNull(discriminator) match {
        case Json.Str(tag) => decodeVariant(tag, json, path)
        case null => Codec.fail(path / discriminator, ErrorKind.Tag,
          s"missing the tag key '$discriminator' of $typeName")
        case other => Codec.wrongKind(other, path / discriminator, "a string tag")
      }
    case _ => Codec.wrongKind(json, path, "an object")
  }

  /** For a closed union's decoder: the tag names no variant. */
  protected final def unknownTag(tag: String, path: Path): Nothing =
    Codec.fail(path / discriminator, ErrorKind.Tag, s"${Formats.show(tag)} is not a variant of $typeName")
}

/** Three states for `name?: T?` (PATCH bodies): the key absent, null, or a value. */
sealed abstract class Patch[+A] extends Product with Serializable {
  def toOption: Option[A] = this match {
    case Patch.Value(value) => Some(value)
    case _ => None
  }
  def isAbsent: Boolean = this == Patch.Absent
}

object Patch {
  case object Absent extends Patch[Nothing]
  case object Null extends Patch[Nothing]
  final case class Value[+A](value: A) extends Patch[A]
}
