// A generated client over an injected transport: the transport is the generated server
// dispatch with an in-memory handler, so requests and responses make the whole trip
// (client encode -> HTTP request -> server decode and validate -> handler -> response ->
// client decode). Prints "N passed, N failed".
package clienttest

import demo.club._
import payloadc.runtime.{ClientError, DateTime, HttpRequest, HttpResponse}

object Main {
  private var passed = 0
  private var failed = 0

  private def check(name: String, ok: Boolean, detail: => String = ""): Unit =
    if (ok) passed += 1
    else {
      failed += 1
      println(s"FAIL $name $detail")
    }

  private val sample = Match(
    id = 7L,
    title = "Cup final",
    sport = Sport.Rugby,
    startsAt = DateTime.parse("2025-05-01T15:00:00+02:00"),
    location = None,
    nick = Some("final")
  )

  object Server extends Matches.Handler {
    var seen = Vector.empty[Any]
    def getMatch(request: Matches.GetMatchRequest): Matches.GetMatchResponse = {
      seen :+= request
      if (request.id == sample.id) Matches.GetMatchResponse.Ok(sample)
      else Matches.GetMatchResponse.NotFound(NotFound(s"no match ${request.id}"))
    }
    def listMatches(request: Matches.ListMatchesRequest): Matches.ListMatchesResponse = {
      seen :+= request
      Matches.ListMatchesResponse.Ok(Vector(sample.copy(id = request.team)))
    }
    def createMatch(request: Matches.CreateMatchRequest): Matches.CreateMatchResponse =
      Matches.CreateMatchResponse.Ok(request.body.copy(id = 99L))
    def deleteMatch(request: Matches.DeleteMatchRequest): Matches.DeleteMatchResponse =
      if (request.id == 1L) Matches.DeleteMatchResponse.NoContent
      else Matches.DeleteMatchResponse.NotFound(NotFound("gone"))
  }

  def main(args: Array[String]): Unit = {
    var sent = Vector.empty[HttpRequest]
    val transport: HttpRequest => HttpResponse = { request =>
      sent :+= request
      Matches.dispatch(Server, request).getOrElse(HttpResponse(404, "{}"))
    }
    val client = new Matches.Client(transport)

    Match.decode(Match.encode(sample)) match {
      case Right(m) => check("round trip", m == sample && Match.validate(m).isEmpty, m.toString)
      case Left(e) => check("round trip", ok = false, s"${e.path}: ${e.message}")
    }
    check("validate", Match.validate(sample.copy(title = "")).map(_.path) == Vector("/title"))

    val got = client.getMatch(7L)
    check("get ok", got == Right(Matches.GetMatchResponse.Ok(sample)), got.toString)
    check("get path", sent.last.method == "GET" && sent.last.path == "/matches/7", sent.last.toString)
    val missing = client.getMatch(8L)
    check("get 404", missing == Right(Matches.GetMatchResponse.NotFound(NotFound("no match 8"))), missing.toString)

    val listed = client.listMatches(12L, from = Some(DateTime.parse("2025-01-01T00:00:00Z")), tag = Vector("a b", "c/d"))
    check("list ok", listed.isRight, listed.toString)
    check("list query", sent.last.target == "/teams/12/matches?from=2025-01-01T00%3A00%3A00Z&limit=50&tag=a%20b&tag=c%2Fd",
      sent.last.target)
    Server.seen.last match {
      case r: Matches.ListMatchesRequest =>
        check("list decoded", r.team == 12L && r.limit == 50 && r.tag == Vector("a b", "c/d") && r.sport.isEmpty, r.toString)
      case other => check("list decoded", ok = false, other.toString)
    }

    val invalid = client.listMatches(1L, limit = 0, tag = Vector.empty)
    check("client validates", invalid match {
      case Left(ClientError.InvalidRequest(v)) => v.map(_.path) == Vector("/query/limit")
      case _ => false
    }, invalid.toString)

    val created = client.createMatch(sample)
    check("post body", created == Right(Matches.CreateMatchResponse.Ok(sample.copy(id = 99L))), created.toString)
    check("post sends JSON", sent.last.body.exists(_.startsWith("{\"id\":7,")), sent.last.body.toString)

    check("delete 204", client.deleteMatch(1L) == Right(Matches.DeleteMatchResponse.NoContent))
    check("delete 404", client.deleteMatch(2L) == Right(Matches.DeleteMatchResponse.NotFound(NotFound("gone"))))

    // The server answers 400 with the error's path for requests that do not decode.
    val bad = Matches.dispatch(Server, HttpRequest("GET", "/teams/x/matches", Vector("tag" -> "a")))
    check("server 400", bad.exists(r => r.status == 400 && r.body.contains("\"path\":\"/path/team\"")), bad.toString)
    check("no route", Matches.dispatch(Server, HttpRequest("PUT", "/matches/1")).isEmpty)

    // A transport that answers with an undeclared status or a body that does not decode.
    val broken = new Matches.Client(_ => HttpResponse(200, "{\"id\":\"x\"}"))
    check("bad response", broken.getMatch(7L) match {
      case Left(ClientError.InvalidResponse(200, e)) => e.path == "/id"
      case _ => false
    })
    val teapot = new Matches.Client(_ => HttpResponse(418, "short and stout"))
    check("unexpected status", teapot.getMatch(7L) == Left(ClientError.UnexpectedStatus(418, "short and stout")))

    check("route table", Matches.routes.map(r => s"${r.method} ${r.pattern}") ==
      Vector("GET /matches/{id}", "GET /teams/{team}/matches", "POST /matches", "DELETE /matches/{id}"))

    println(s"$passed passed, $failed failed")
    if (failed > 0) sys.exit(1)
  }
}
