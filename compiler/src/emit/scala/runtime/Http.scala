package payloadc.runtime

/** An HTTP request as generated clients build it and generated servers read it; adapt it to
  * your HTTP library (Akka HTTP, http4s, java.net.http). `path` is the raw path without the
  * query; `query` holds decoded parameters in order (a list parameter repeats its key).
  */
final case class HttpRequest(
    method: String,
    path: String,
    query: Vector[(String, String)] = Vector.empty,
    body: Option[String] = None
) {
  /** The path and the percent-encoded query string, ready to append to a base URL. */
  def target: String =
    if (query.isEmpty) path
    else path + query.map(q => Http.encode(q._1) + "=" + Http.encode(q._2)).mkString("?", "&", "")
}

/** An HTTP response: the status and the JSON body ("" for 204). */
final case class HttpResponse(status: Int, body: String = "") {
  def contentType: Option[String] = if (body.isEmpty) None else Some("application/json")
}

/** One parameter of a route: `in` is "path", "query" or "body"; `type` as in the schema. */
final case class RouteParam(name: String, in: String, `type`: String, required: Boolean)

/** One route of a service, for building a server's routing table. `pattern` is the path
  * template ("/events/{id}"); `errors` lists the thrown error structs by status.
  */
final case class RouteInfo(
    service: String,
    name: String,
    method: String,
    pattern: String,
    params: Vector[RouteParam],
    successStatus: Int,
    errors: Vector[(Int, String)]
) {
  private lazy val segments: Array[String] = Http.split(pattern)

  /** The path parameters when `path` matches the template (values percent-decoded). */
  def matchPath(path: String): Option[Map[String, String]] = {
    val parts = Http.split(path)
    if (parts.length != segments.length) return None
    var params = Map.empty[String, String]
    var i = 0
    while (i < parts.length) {
      val segment = segments(i)
      if (segment.startsWith("{")) {
        val value = Http.decode(parts(i))
        if (value.isEmpty) return None
        params = params.updated(segment.substring(1, segment.length - 1), value.get)
      } else if (segment != parts(i)) return None
      i += 1
    }
    Some(params)
  }
}

/** Why a client call gave no typed response. */
sealed abstract class ClientError extends Product with Serializable

object ClientError {
  /** The request broke the schema's constraints; it was not sent. */
  final case class InvalidRequest(violations: Vector[Violation]) extends ClientError
  /** The server answered with a status the route does not declare. */
  final case class UnexpectedStatus(status: Int, body: String) extends ClientError
  /** The response body did not decode (or validate) as the route's type. */
  final case class InvalidResponse(status: Int, error: DecodeError) extends ClientError
}

/** Decoding a request on the server failed: 400 with this error. `path` starts with the
  * parameter's place: "/path/id", "/query/limit", "/body/items/0/qty".
  */
final case class RequestError(error: DecodeError) {
  def response: HttpResponse = {
    val out = new Writer
    out.beginObject()
    out.req("kind", error.kind.name, Codec.string)
    out.req("path", error.path, Codec.string)
    out.req("message", error.message, Codec.string)
    out.endObject()
    HttpResponse(400, out.result())
  }
}

/** Builds and reads one route's requests (generated per route). */
abstract class RequestCodec[A] {
  def toHttp(request: A): HttpRequest
  /** Throws DecodeFailure; paths start with /path, /query or /body. */
  def decodeHttp(pathParams: Map[String, String], query: Vector[(String, String)], body: Option[String]): A
  def validateRequest(request: A, out: Violations): Unit

  /** For servers: decodes and validates the parameters of a matched request. */
  final def fromHttp(pathParams: Map[String, String], request: HttpRequest): Either[RequestError, A] =
    try {
      val value = decodeHttp(pathParams, request.query, request.body)
      val out = new Violations
      validateRequest(value, out)
      out.result().headOption match {
        case Some(v) => Left(RequestError(DecodeError(ErrorKind.Constraint, v.path, v.message)))
        case None => Right(value)
      }
    } catch { case failure: DecodeFailure => Left(RequestError(failure.error)) }

  final def validate(request: A): Vector[Violation] = {
    val out = new Violations
    validateRequest(request, out)
    out.result()
  }
}

/** Builds and reads one route's responses (generated per route). */
abstract class ResponseCodec[A] {
  def toHttp(response: A): HttpResponse
  /** Throws DecodeFailure for a body that does not decode; None for an undeclared status. */
  def decodeHttp(response: HttpResponse): Option[A]
  def validateResponse(response: A, out: Violations): Unit

  final def fromHttp(response: HttpResponse): Either[ClientError, A] =
    try decodeHttp(response) match {
      case Some(value) =>
        val out = new Violations
        validateResponse(value, out)
        out.result().headOption match {
          case Some(v) => Left(ClientError.InvalidResponse(response.status,
            DecodeError(ErrorKind.Constraint, v.path, v.message)))
          case None => Right(value)
        }
      case None => Left(ClientError.UnexpectedStatus(response.status, response.body))
    } catch {
      case failure: DecodeFailure => Left(ClientError.InvalidResponse(response.status, failure.error))
    }
}

/** The base of generated clients: validates, sends through the injected transport, decodes. */
abstract class ClientBase(transport: HttpRequest => HttpResponse) {
  protected final def exchange[Q, R](request: Q, requests: RequestCodec[Q],
                                     responses: ResponseCodec[R]): Either[ClientError, R] = {
    val violations = requests.validate(request)
    if (violations.nonEmpty) Left(ClientError.InvalidRequest(violations))
    else responses.fromHttp(transport(requests.toHttp(request)))
  }
}

/** A generated service's dispatch: the first route whose method and path match answers. */
final class Dispatch(request: HttpRequest) {
  private var answer: Option[HttpResponse] = None

  def route[Q, R](info: RouteInfo, requests: RequestCodec[Q], responses: ResponseCodec[R])(call: Q => R): Unit =
    if (answer.isEmpty && info.method == request.method) info.matchPath(request.path) match {
      case Some(params) =>
        answer = Some(requests.fromHttp(params, request) match {
          case Right(decoded) => responses.toHttp(call(decoded))
          case Left(error) => error.response
        })
      case None => ()
    }

  def result: Option[HttpResponse] = answer
}

/** Helpers for generated routes. */
object Http {
  private[runtime] def split(path: String): Array[String] =
    if (path == "/" || path.isEmpty) new Array[String](0) else path.substring(1).split("/", -1)

  /** Percent-encodes a path segment or query component (RFC 3986 unreserved kept). */
  def encode(text: String): String = {
    val out = new java.lang.StringBuilder
    text.getBytes(java.nio.charset.StandardCharsets.UTF_8).foreach { b =>
      val c = (b & 0xff).toChar
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '.' || c == '_' || c == '~') out.append(c)
      else out.append('%').append("0123456789ABCDEF".charAt((b & 0xff) >> 4))
        .append("0123456789ABCDEF".charAt(b & 15))
    }
    out.toString
  }

  /** Percent-decodes strict UTF-8; None for a malformed escape or invalid UTF-8. */
  def decode(text: String): Option[String] = {
    if (text.indexOf('%') < 0) return Some(text)
    val bytes = new java.io.ByteArrayOutputStream
    var i = 0
    while (i < text.length) {
      val c = text.charAt(i)
      if (c == '%') {
        if (i + 2 >= text.length) return None
        val hi = Character.digit(text.charAt(i + 1), 16)
        val lo = Character.digit(text.charAt(i + 2), 16)
        if (hi < 0 || lo < 0) return None
        bytes.write(hi * 16 + lo)
        i += 3
      } else {
        val encoded = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)
        bytes.write(encoded, 0, encoded.length)
        i += 1
      }
    }
    Utf8.decode(bytes.toByteArray) match {
      case Right(decoded) => Some(decoded)
      case Left(_) => None
    }
  }

  /** Substitutes percent-encoded values into a path template. */
  def fill(pattern: String, values: Map[String, String]): String =
    if (values.isEmpty) pattern
    else split(pattern).map { segment =>
      if (segment.startsWith("{")) encode(values(segment.substring(1, segment.length - 1))) else segment
    }.mkString("/", "/", "")

  /** A path parameter; missing ones cannot happen after a match. */
  def pathParam[A](params: Map[String, String], name: String, codec: Codec[A]): A =
    codec.decodeText(params.getOrElse(name, ""), Path.Root / "path" / name)

  private def values(query: Vector[(String, String)], name: String): Vector[String] =
    query.filter(_._1 == name).map(_._2)

  private def last(query: Vector[(String, String)], name: String): Option[String] =
    values(query, name).lastOption

  /** A required query parameter. */
  def queryReq[A](query: Vector[(String, String)], name: String, codec: Codec[A]): A =
    last(query, name) match {
      case Some(text) => codec.decodeText(text, Path.Root / "query" / name)
      case None => Codec.fail(Path.Root / "query" / name, ErrorKind.Missing, s"missing query parameter '$name'")
    }

  /** An optional query parameter. */
  def queryOpt[A](query: Vector[(String, String)], name: String, codec: Codec[A]): Option[A] =
    last(query, name).map(text => codec.decodeText(text, Path.Root / "query" / name))

  /** A defaulted query parameter. */
  def queryOrElse[A](query: Vector[(String, String)], name: String, codec: Codec[A])(default: => A): A =
    last(query, name) match {
      case Some(text) => codec.decodeText(text, Path.Root / "query" / name)
      case None => default
    }

  /** A list query parameter (repeated keys); absent is empty. */
  def queryList[A](query: Vector[(String, String)], name: String, codec: Codec[A]): Vector[A] = {
    val texts = values(query, name)
    texts.indices.map(i => codec.decodeText(texts(i), Path.Root / "query" / name / i)).toVector
  }

  /** An optional list query parameter: None when the key is absent. */
  def queryListOpt[A](query: Vector[(String, String)], name: String, codec: Codec[A]): Option[Vector[A]] =
    if (values(query, name).isEmpty) None else Some(queryList(query, name, codec))

  /** The JSON body. */
  def body[A](body: Option[String], codec: Codec[A]): A = body match {
    case Some(text) => parseBody(text, codec)
    case None => Codec.fail(Path.Root / "body", ErrorKind.Missing, "missing request body")
  }

  /** An optional JSON body (`body?: T`). */
  def bodyOpt[A](body: Option[String], codec: Codec[A]): Option[A] = body match {
    case Some(text) if text.trim.nonEmpty => Some(parseBody(text, codec))
    case _ => None
  }

  private def parseBody[A](text: String, codec: Codec[A]): A = Json.parse(text) match {
    case Right(json) => codec.decodeValue(json, Path.Root / "body")
    case Left(error) => throw new DecodeFailure(error)
  }

  /** Encodes a query value. */
  def text[A](value: A, codec: Codec[A]): String = codec.encodeText(value)

  /** Decodes a response body. */
  def responseBody[A](response: HttpResponse, codec: Codec[A]): A = Json.parse(response.body) match {
    case Right(json) => codec.decodeValue(json, Path.Root)
    case Left(error) => throw new DecodeFailure(error)
  }
}
