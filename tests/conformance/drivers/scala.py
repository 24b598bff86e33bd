"""Conformance driver for Scala (tests/conformance/README.md, "Writing a driver").

Each case is generated into its own package (--option scala.package_prefix=conf_<case>), the
runtime once (the other cases get --option scala.runtime=omit), and everything, with one
harness, is compiled in ONE scalac run (scalac's start-up dominates: seconds per run) and run
in ONE JVM. The harness reads each case's inputs (one JSON string per line) and writes one
outcome per line as JSON. A case that does not generate or compile fails alone: scalac is run
again without it.
"""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

EXACT_BYTES = False

SCALAC_FLAGS = ["-deprecation", "-feature", "-unchecked", "-Xlint", "-Xfatal-warnings",
                "-encoding", "UTF-8"]

KEYWORDS = set("""abstract case catch class def do else enum export extends false final finally
for forSome given if implicit import lazy macro match new null object override package private
protected return sealed super then this throw trait true try type val var while with
yield""".split())


def toolchain():
    for tool in ("scalac", "scala"):
        if shutil.which(tool) is None:
            return tool
    return None


def upper_camel(name):
    """payloadc's UpperCamel conversion (pc_upper_camel), escaped as the emitter escapes."""
    out, upper, start = [], True, True
    for ch in name:
        if ch == "_":
            upper = True
            continue
        out.append(ch.upper() if (upper or start) and "a" <= ch <= "z" else ch)
        upper = start = False
    text = "".join(out)
    return text if text and not text[0].isdigit() else f"`{text or name}`"


def segment(name):
    return f"`{name}`" if name in KEYWORDS else name


def package_of(case):
    return "conf_" + re.sub(r"[^A-Za-z0-9_]", "_", case.name)


def scala_type(case):
    package, _, name = case.type.rpartition(".")
    return ".".join([package_of(case)] + [segment(s) for s in package.split(".")] + [upper_camel(name)])


HARNESS = r'''
package conformance

import payloadc.runtime.{Codec, EncodeException, Writer}

object Main {
  private def outcome(fields: (String, Any)*): String = {
    val w = new Writer
    w.beginObject()
    fields.foreach {
      case (key, value: String) => w.key(key); w.string(value); w.pop()
      case (key, value: Boolean) => w.key(key); w.raw(value.toString); w.pop()
      case (key, value) => w.key(key); w.string(String.valueOf(value)); w.pop()
    }
    w.endObject()
    w.result()
  }

  private def one[A](codec: Codec[A], input: String): String =
    try codec.decode(input) match {
      case Left(e) => outcome("ok" -> false, "stage" -> "decode", "path" -> e.path, "kind" -> e.kind.name, "message" -> e.message)
      case Right(value) =>
        codec.validate(value).headOption match {
          case Some(v) => outcome("ok" -> false, "stage" -> "validate", "path" -> v.path, "kind" -> "constraint", "message" -> v.message)
          case None =>
            try outcome("ok" -> true, "output" -> codec.encode(value))
            catch { case e: EncodeException => outcome("ok" -> false, "stage" -> "encode", "path" -> e.path, "kind" -> "encode", "message" -> e.getMessage) }
        }
    } catch { case e: Throwable => outcome("crash" -> e.toString) }

  private def run[A](codec: Codec[A], in: String, out: String): Unit = {
    val lines = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(in)), "UTF-8").split("\n").filter(_.nonEmpty)
    val results = lines.map { line =>
      Codec.string.decode(line) match {
        case Right(input) => one(codec, input)
        case Left(e) => outcome("crash" -> ("bad harness input: " + e))
      }
    }
    java.nio.file.Files.write(java.nio.file.Paths.get(out), results.mkString("", "\n", "\n").getBytes("UTF-8"))
  }

  def main(args: Array[String]): Unit = {
    args.grouped(3).foreach { group =>
      val Array(name, in, out) = group
      name match {
%(cases)s
        case _ => ()
      }
    }
  }
}
'''


def generate(case, payloadc, out, with_runtime):
    command = [payloadc, "gen", "--lang", "scala", "--out", str(out),
               "--option", f"scala.package_prefix={package_of(case)}"]
    if not with_runtime:
        command += ["--option", "scala.runtime=omit"]
    command.append(str(case.schema))
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return None if result.returncode == 0 else (result.stdout.strip() or f"exit {result.returncode}")


def compile_scala(files, classes):
    if classes.exists():
        shutil.rmtree(classes)
    classes.mkdir(parents=True)
    result = subprocess.run(["scalac"] + SCALAC_FLAGS + ["-d", str(classes)] + [str(f) for f in files],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return result.returncode, result.stdout


def run(cases, payloadc, work):
    work = Path(work)
    outcomes = {}
    problems = {}
    generated = []
    runtime_done = False
    for case in cases:
        out = work / "gen" / case.name
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        problem = generate(case, payloadc, out, not runtime_done)
        if problem:
            problems[case.name] = f"payloadc gen failed: {problem}"
            continue
        if not runtime_done:
            runtime_done = True
        generated.append(case)

    def harness(for_cases):
        lines = [f'        case {json.dumps(c.name)} => run({scala_type(c)}, in, out)' for c in for_cases]
        path = work / "Main.scala"
        path.write_text(HARNESS % {"cases": "\n".join(lines)}, encoding="utf-8")
        return path

    classes = work / "classes"
    runtime_case = generated[0] if generated else None
    live = list(generated)
    for _attempt in range(3):
        if not live:
            break
        files = [harness(live)]
        roots = [work / "gen" / c.name for c in live]
        if runtime_case not in live and runtime_case is not None:
            roots.append(work / "gen" / runtime_case.name / "payloadc")
        for root in roots:
            files += sorted(root.rglob("*.scala"))
        if runtime_case not in live and runtime_case is not None:
            files = [f for f in files if "/payloadc/runtime/" not in str(f) or
                     str(f).startswith(str(work / "gen" / runtime_case.name))]
        code, output = compile_scala(files, classes)
        if code == 0:
            break
        # Drop the cases whose files have errors and try once more.
        bad = {c for c in live if f"/gen/{c.name}/" in output and
               re.search(re.escape(f"/gen/{c.name}/") + r"(?!payloadc/)\S*: error", output)}
        if not bad:
            for c in live:
                problems[c.name] = "scalac failed: " + output[-2000:]
            live = []
            break
        for c in bad:
            problems[c.name] = "scalac failed: " + "\n".join(
                line for line in output.splitlines() if f"/gen/{c.name}/" in line)[:2000]
        live = [c for c in live if c not in bad]

    if live:
        args = []
        for case in live:
            inputs = work / f"{case.name}.in"
            inputs.write_text("".join(json.dumps(v.input) + "\n" for v in case.vectors),
                              encoding="utf-8")
            args += [case.name, str(inputs), str(work / f"{case.name}.out")]
        result = subprocess.run(["scala", "-J-Xss8m", "-cp", str(classes), "conformance.Main"] + args,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for case in live:
            path = work / f"{case.name}.out"
            if not path.exists():
                problems[case.name] = f"harness did not run: {result.stdout[-2000:]}"
                continue
            # split("\n"), not splitlines(): outputs may hold U+2028 and friends unescaped.
            lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line]
            outcomes[case.name] = [json.loads(line) for line in lines]
    for name, problem in problems.items():
        case = next(c for c in cases if c.name == name)
        outcomes[name] = [{"crash": problem} for _ in case.vectors]
    return outcomes
