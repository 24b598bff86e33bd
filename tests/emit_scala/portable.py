"""A static check that Scala code kept to what Scala 2.11, 2.13 and 3 all accept.

No Scala 2.13 or 3 compiler can be installed here (Debian ships scalac 2.11 only, PyPI none),
so the `portable` test (run_test.py) scans the generated code and the bundled runtime for
the constructs that compile on 2.11 but warn on 2.13 (an error under -Xfatal-warnings) or
fail on Scala 3. Sources: the Scala 3 migration guide's "Dropped Features", the Scala 3
reference's dropped-features pages, and the 2.13 deprecations (procedure syntax, symbol
literals, auto-application, Either projections, the collection API changes).

It reads text, not types: every rule is a pattern over the code with comments and string
literals blanked out. What it cannot see (numeric widening of Long to Double, any2stringadd
on a non-String, an Either's map) the runtime avoids by construction, and docs/scala.md says
so. `self_test()` makes sure each rule still fires on an example of what it forbids.
"""
import re

# Methods of java.lang.Object, exempt from the auto-application rules (Java-defined).
JAVA_NULLARY = {"toString", "hashCode", "getClass", "clone", "notify", "notifyAll", "wait",
                "finalize", "length", "isEmpty", "trim", "toLowerCase", "toUpperCase",
                "intValue", "longValue", "doubleValue", "booleanValue", "iterator", "size",
                "get", "next", "hasNext", "getMessage", "toCharArray", "getBytes", "stripTrailingZeros",
                "toPlainString", "scale", "signum", "unscaledValue", "precision", "build",
                "toByteArray", "charValue"}

SCALA3_KEYWORDS = ["enum", "export", "given", "then"]

# (name, pattern over blanked code, what breaks)
RULES = [
    ("procedure syntax",
     re.compile(r"\bdef\s+[^\s(\[:=]+\s*(\[[^\]]*\])?\s*(\([^)]*\)\s*)*\{"),
     "deprecated in 2.13, dropped in 3: write `: Unit = {`"),
    ("do-while", re.compile(r"\bdo\s*\{"), "dropped in Scala 3"),
    ("symbol literal", re.compile(r"(?<![\w'])'[A-Za-z_]\w*(?!['\w])"),
     "deprecated in 2.13, dropped in 3"),
    ("trailing comma", re.compile(r",\s*\n\s*[)\]]"), "a syntax error in 2.11"),
    ("Either projection", re.compile(r"\.(right|left)\s*\.\s*(map|flatMap|get|getOrElse|foreach|toOption|filter|exists|forall|toSeq|e)\b"),
     "projections are deprecated in 2.13; Either#map does not exist in 2.11: match instead"),
    ("2.13 collections", re.compile(
        r"\.(mapValues|filterKeys|toStream|toIterator|toTraversable|reverseMap|deep|retain|seq|par)\b(?!\s*=)"
        r"|\b(breakOut|CanBuildFrom|JavaConversions|JavaConverters|TraversableOnce|Traversable|"
        r"GenTraversableOnce|MutableList|Stream)\b|\.to\s*\["),
     "removed or deprecated in 2.13"),
    ("wildcard initializer", re.compile(r"\bvar\s+\w+\s*:[^=\n]+=\s*_\s*$", re.M),
     "deprecated in Scala 3 (scala.compiletime.uninitialized is 3-only)"),
    ("this-qualified access", re.compile(r"\b(private|protected)\s*\[\s*this\s*\]"),
     "dropped in Scala 3 (deprecated from 3.4): plain private"),
    ("existential type", re.compile(r"\bforSome\b"), "dropped in Scala 3"),
    ("view bound", re.compile(r"<%"), "deprecated in 2.13, dropped in 3"),
    ("implicit conversion", re.compile(r"\bimplicit\s+def\b|implicitConversions"),
     "a feature warning, and Scala 3 wants scala.Conversion"),
    ("postfix operator", re.compile(r"postfixOps"), "needs a language import everywhere"),
    ("octal escape", re.compile(r"'\\[0-7]'"), "an error in Scala 3"),
    ("Scala 3 keyword", re.compile(
        r"\b(val|var|def|class|object|trait|type|case\s+object|case\s+class)\s+(%s)\b|[(,]\s*(%s)\s*:"
        % ("|".join(SCALA3_KEYWORDS), "|".join(SCALA3_KEYWORDS))),
     "a keyword in Scala 3: backquote it"),
    ("@specialized", re.compile(r"@specialized"), "deprecated in Scala 3"),
    ("XML literal", re.compile(r"(?<![\w)\]])\s<[A-Za-z][\w:]*(\s+\w+=|/?>)"), "dropped in Scala 3"),
]


def blank(text):
    """Comments and string/char literal contents replaced by spaces (newlines kept), so
    that rules see code only. Nested block comments are Scala's."""
    out = []
    i, n = 0, len(text)
    depth = 0
    while i < n:
        c = text[i]
        if depth:
            if text.startswith("/*", i):
                depth += 1
                out.append("  ")
                i += 2
            elif text.startswith("*/", i):
                depth -= 1
                out.append("  ")
                i += 2
            else:
                out.append("\n" if c == "\n" else " ")
                i += 1
        elif text.startswith("/*", i):
            depth = 1
            out.append("  ")
            i += 2
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                out.append(" ")
                i += 1
        elif text.startswith('"""', i):
            end = text.find('"""', i + 3)
            end = n if end < 0 else end + 3
            out.append('""' + "".join("\n" if ch == "\n" else " " for ch in text[i + 2:end - 2]) + '""')
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"' and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append('"' + " " * (j - i - 1) + '"')
            i = j + 1
        elif c == "'" and re.match(r"'(\\u[0-9a-fA-F]{4}|\\.|[^\\'\n])'", text[i:i + 8]):
            m = re.match(r"'(\\u[0-9a-fA-F]{4}|\\.|[^\\'\n])'", text[i:i + 8])
            lit = m.group(0)
            # Keep octal escapes visible to their rule; blank other char literals.
            out.append(lit if re.fullmatch(r"'\\[0-7]'", lit) else "'" + " " * (len(lit) - 2) + "'")
            i += len(lit)
        else:
            out.append(c)
            i += 1
    return "".join(out)


def nullary_methods(code):
    """Names of methods declared with one empty parameter list: `def name()`."""
    return set(re.findall(r"\bdef\s+(\w+)\s*\(\s*\)", code))


def parameterless_members(code):
    """Names declared without a parameter list (`def name:`, `def name =`, vals): a use of
    such a name says nothing without types, so the rule leaves those names alone."""
    return set(re.findall(r"\bdef\s+(\w+)\s*[:=]", code)) | \
        set(re.findall(r"\b(?:val|var)\s+(\w+)\b", code))


def auto_applications(code, nullary):
    """Uses `x.name` of a method declared `def name()` without its `()` (2.13 deprecation,
    a Scala 3 error), Java-defined ones excepted."""
    found = []
    for name in sorted(nullary - JAVA_NULLARY):
        for m in re.finditer(r"\.%s\b(?!\s*\()" % re.escape(name), code):
            found.append(m.start())
    return found


def nonlocal_returns(code):
    """`return` inside a function literal (deprecated in Scala 3.2, an error later): a
    return whose innermost enclosing brace or parenthesis opened a lambda."""
    found = []
    stack = []
    for m in re.finditer(r"[{}()]|\breturn\b|=>", code):
        tok = m.group(0)
        if tok in "({":
            before = code[max(0, m.start() - 40):m.start()]
            after = code[m.end():m.end() + 60]
            if re.search(r"\b(match|catch)\s*$", before):
                is_lambda = False  # cases of a match, not a function literal
            else:
                is_lambda = bool(re.search(r"\.\s*\w+\s*$", before) and tok == "{") or \
                    bool(re.match(r"\s*(case\b(?!\s+(object|class)\b)|\w+\s*=>|\(\s*[\w, ]*\)\s*=>)",
                                  after))
            stack.append(is_lambda)
        elif tok in ")}":
            if stack:
                stack.pop()
        elif tok == "return":
            if any(stack):
                found.append(m.start())
    return found


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def check(files):
    """[(path, line, rule, why)] for every finding in the given .scala files."""
    sources = {str(f): f.read_text(encoding="utf-8") for f in files}
    blanked = {path: blank(text) for path, text in sources.items()}
    nullary, parameterless = set(), set()
    for code in blanked.values():
        nullary |= nullary_methods(code)
        parameterless |= parameterless_members(code)
    nullary -= parameterless
    findings = []
    for path, code in blanked.items():
        # Package clauses and imports name packages ("conf.deep"), not members.
        code_only = re.sub(r"^\s*(package|import)\b.*$", lambda m: " " * len(m.group(0)),
                           code, flags=re.M)
        for name, pattern, why in RULES:
            for m in pattern.finditer(code_only):
                findings.append((path, line_of(code, m.start()), name, why))
        for offset in auto_applications(code, nullary):
            findings.append((path, line_of(code, offset), "auto-application",
                             "deprecated in 2.13, an error in Scala 3: write the ()"))
        for offset in nonlocal_returns(code):
            findings.append((path, line_of(code, offset), "non-local return",
                             "deprecated in Scala 3.2"))
    return findings


BAD_EXAMPLES = {
    "procedure syntax": "object A {\n  def run(x: Int) {\n    println(x)\n  }\n}\n",
    "do-while": "object A { def f(): Unit = { var i = 0; do { i += 1 } while (i < 3) } }\n",
    "symbol literal": "object A { val s = 'name }\n",
    "trailing comma": "object A { val v = Vector(\n  1,\n  2,\n) }\n",
    "Either projection": "object A { def f(e: Either[String, Int]) = e.right.map(_ + 1) }\n",
    "2.13 collections": "object A { def f(m: Map[String, Int]) = m.mapValues(_ + 1) }\n",
    "wildcard initializer": "class A {\n  var x: String = _\n}\n",
    "this-qualified access": "class A { private[this] val x = 1 }\n",
    "Scala 3 keyword": "object A { def f(then: Int): Int = then }\n",
    "implicit conversion": "object A { implicit def toS(i: Int): String = i.toString }\n",
    "auto-application": "class A { def count(): Int = 1 }\nobject B { def f(a: A) = a.count + 1 }\n",
    "non-local return": "object A { def f(v: Vector[Int]): Int = { v.foreach { x => if (x > 1) return x }; 0 } }\n",
    "octal escape": "object A { val c = '\\0' }\n",
}
GOOD_EXAMPLE = (
    "/** A doc with 'quotes, do { and def f() { in it. */\n"
    "object A {\n  def run(x: Int): Unit = {\n    val s = \"def g() { 'x\"\n"
    "    val c = 'x'\n    x match {\n      case 1 => return\n      case _ =>\n    }\n  }\n"
    "  def count(): Int = 1\n  def n = this.count() + \"a\".length\n}\n")


def self_test(tmp):
    """Each rule must fire on its example and none on GOOD_EXAMPLE; returns error lines."""
    errors = []
    for rule, text in BAD_EXAMPLES.items():
        path = tmp / "Bad.scala"
        path.write_text(text, encoding="utf-8")
        if not any(f[2] == rule for f in check([path])):
            errors.append("rule %r did not fire on its example" % rule)
    path = tmp / "Good.scala"
    path.write_text(GOOD_EXAMPLE, encoding="utf-8")
    for f in check([path]):
        errors.append("false positive on the good example: line %d: %s" % (f[1], f[2]))
    return errors
