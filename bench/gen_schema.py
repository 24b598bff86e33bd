#!/usr/bin/env python3
"""Deterministic generator of large schemas for the payloadc speed benchmark.

    bench/gen_schema.py --scale N --out DIR [--seed S]

Scale 1 is 2,000 structs of ~10 fields, 200 enums and 500 routes; scale N is
N times that.  The same model is written four times:

    DIR/payload/*.payload   the payload language (routes as `service` blocks)
    DIR/proto/*.proto       proto3 with services/rpcs
    DIR/thrift/*.thrift     Thrift with services
    DIR/fbs/*.fbs           FlatBuffers with rpc_service
    DIR/fbs-php/*.fbs       the same for `flatc --php`, without optional scalars (see below)
    DIR/manifest.json       counts and file lists

The model is split into a handful of files (one shared `common` package and
eight domain packages, whatever the scale; at scale 10 each file is simply ten
times larger).  Each domain imports `common` and one other domain (a tree:
domain k imports domain (k-1)//2), and refers to types of both.

What each format gets, so that the content is equivalent:

  payload                     proto3                 thrift                  fbs
  struct                      message                struct                  table
  error struct (@status)      message (option)       exception (annotation)  table (attribute)
  enum / open enum            enum (PREFIXED_NAMES)  enum                    enum : int
  union                       message with oneof     union                   union
  alias (constrained scalar)  underlying type        typedef                 underlying type
  name?: T / name: T?         optional T             optional T              optional scalar (= null) / not (required)
  name: T                     T                      T (default req.)        T, (required) if non-scalar
  list<T>                     repeated T             list<T>                 [T]
  map<string, T>              map<string, T>         map<string, T>          [XEntry] with a (key) field
  = default                   (comment; proto3)      = default               = default (scalars, enums)
  @min/@max/@min_length/...   custom FieldOptions    field annotations       declared attributes
  @deprecated                 [deprecated = true]    (deprecated = "...")    (deprecated)
  /// doc                     // comment             /** doc */              /// doc
  service + route             service + rpc with     service + function      rpc_service + method with
                              XRequest message and   with arguments,         XRequest table and
                              http options           throws, annotations     http attributes

flatc's PHP generator rejects optional scalars, so fbs-php/ writes them as plain scalars (a
default of 0 instead of null); it is only for `flatc --php`, and the other flatc runs use fbs/.

Stdlib only; the output depends only on --scale and --seed.
"""

import argparse
import json
import os
import random
import sys

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

DOMAINS = ["catalog", "orders", "billing", "shipping",
           "accounts", "inventory", "support", "analytics"]
ROOT_PKG = "acme"

STRUCT_PREFIXES = [
    "Account", "Billing", "Customer", "Order", "Invoice", "Shipment", "Product",
    "Catalog", "Stock", "Warehouse", "Payment", "Refund", "Subscription", "Plan",
    "Coupon", "Campaign", "Audit", "Session", "Device", "Tenant", "Team",
    "Project", "Task", "Ticket", "Report", "Metric", "Alert", "Webhook",
    "Export", "Vendor", "Carrier", "Parcel", "Price", "Tax", "Ledger", "Budget",
]
STRUCT_SUFFIXES = [
    "Summary", "Detail", "Record", "Snapshot", "Settings", "Profile", "Line",
    "Item", "Batch", "Filter", "Stats", "Note", "Link", "Window", "Quota",
    "Policy", "Rule", "Schedule", "History", "Change", "Draft", "Preview",
    "Template", "Revision", "Tag", "Group", "Member", "Invite", "Token",
    "Limit", "Target", "Address", "Contact", "Split",
]
ENUM_SUFFIXES = ["Status", "Kind", "Mode", "Level", "Priority", "Method",
                 "State", "Category", "Reason", "Scope", "Tier", "Role",
                 "Channel", "Unit", "Format", "Visibility"]
UNION_SUFFIXES = ["Payload", "Content", "Subject", "Origin", "Attachment",
                  "Outcome"]
ENUM_MEMBERS = [
    "active", "inactive", "pending", "archived", "draft", "published",
    "cancelled", "completed", "failed", "succeeded", "queued", "running",
    "paused", "expired", "revoked", "approved", "rejected", "low", "medium",
    "high", "critical", "daily", "weekly", "monthly", "yearly", "email",
    "sms", "push", "webhook", "manual", "automatic", "internal", "external",
    "public_access", "restricted", "hidden", "small", "large", "huge",
    "standard", "express", "overnight", "economy", "premium", "basic",
    "trial", "owner", "admin", "editor", "viewer", "guest", "in_progress",
    "on_hold", "blocked", "resolved", "reopened", "unknown_value",
]
WIRE_NAMES = {"in_progress": "in-progress", "on_hold": "on-hold",
              "public_access": "public", "unknown_value": "unknown"}

# (field name, kind) where kind names a type recipe below.
FIELD_VOCAB = [
    ("name", "str"), ("title", "title"), ("description", "text"),
    ("summary", "text"), ("notes", "text"), ("label", "str"), ("slug", "slug"),
    ("code", "str"), ("reference", "str"), ("external_ref", "str"),
    ("email", "email"), ("phone", "str"), ("website", "str"),
    ("street", "str"), ("city", "str"), ("region", "str"),
    ("postal_code", "str"), ("country_code", "country"),
    ("latitude", "f64"), ("longitude", "f64"), ("timezone", "str"),
    ("locale", "str"), ("currency", "currency"), ("amount", "dec"),
    ("price", "dec"), ("discount", "dec"), ("tax_rate", "f64"),
    ("total", "dec"), ("subtotal", "dec"), ("balance", "dec"),
    ("quantity", "qty"), ("weight_grams", "i32"), ("width_mm", "i32"),
    ("height_mm", "i32"), ("depth_mm", "i32"), ("score", "f64"),
    ("rating", "i32"), ("position", "i32"), ("retries", "i32"),
    ("attempts", "i32"), ("threshold", "f64"), ("ratio", "f64"),
    ("percent", "f64"), ("created_at", "dt"), ("updated_at", "dt"),
    ("deleted_at", "dt"), ("starts_at", "dt"), ("ends_at", "dt"),
    ("expires_at", "dt"), ("due_date", "date"), ("birth_date", "date"),
    ("effective_date", "date"), ("duration_ms", "i64"), ("timeout_ms", "i64"),
    ("version_number", "i64"), ("revision", "i32"), ("checksum", "bytes"),
    ("fingerprint", "bytes"), ("enabled", "bool"), ("visible", "bool"),
    ("archived", "bool"), ("verified", "bool"), ("locked", "bool"),
    ("featured", "bool"), ("owner_id", "uuid"), ("parent_id", "uuid"),
    ("account_id", "uuid"), ("tenant_id", "uuid"), ("source_id", "i64"),
    ("target_id", "i64"), ("request_id", "uuid"), ("trace_id", "str"),
    ("first_name", "str"), ("last_name", "str"), ("display_name", "title"),
    ("nickname", "str"), ("avatar_url", "str"), ("image_url", "str"),
    ("headline", "title"), ("caption", "text"), ("keywords", "strlist"),
    ("tags", "strlist"), ("labels", "strlist"), ("member_ids", "uuidlist"),
    ("scores", "f64list"), ("counters", "i64list"), ("attributes", "strmap"),
    ("quotas", "i64map"), ("weights", "f64map"), ("metadata", "json"),
    ("extra", "json"), ("raw_data", "bytes"), ("sequence", "i64"),
    ("hits", "i64"), ("views", "i64"), ("flag_count", "i32"),
]

ROLE_PREFIXES = ["primary", "secondary", "billing", "previous", "default",
                 "current", "origin", "backup", "related", "linked"]
ACTION_VERBS = ["archive", "restore", "approve", "reject", "publish",
                "refresh", "sync", "duplicate", "lock", "unlock", "verify",
                "assign", "escalate", "close"]
SUB_RESOURCES = ["history", "revisions", "members", "comments", "attachments",
                 "audit_log", "children", "activity", "versions", "links"]
DOC_WORDS = ["the", "record", "used", "by", "clients", "when", "listing",
             "current", "state", "of", "an", "entity", "shared", "between",
             "services", "and", "kept", "for", "audit", "purposes", "value",
             "may", "change", "over", "time", "computed", "server", "side"]

PRIMS = {"bool", "int32", "int64", "float64", "string", "bytes", "date",
         "datetime", "uuid", "decimal", "json"}

# Aliases of common: (name, base primitive, constraints)
COMMON_ALIASES = [
    ("Title", "string", [("min_length", 1), ("max_length", 200)]),
    ("Email", "string", [("max_length", 254)]),
    ("CurrencyCode", "string", [("pattern", "[A-Z]{3}")]),
    ("CountryCode", "string", [("pattern", "[A-Z]{2}")]),
    ("Slug", "string", [("pattern", "[a-z0-9]+(-[a-z0-9]+)*"),
                        ("max_length", 64)]),
    ("Quantity", "int32", [("min", 0), ("max", 1000000)]),
]
ALIAS_FOR_KIND = {"title": "Title", "email": "Email", "currency": "CurrencyCode",
                  "country": "CountryCode", "slug": "Slug", "qty": "Quantity"}

# Error structs of common: (name, status, extra fields)
COMMON_ERRORS = [("BadRequest", 400), ("Unauthorized", 401),
                 ("Forbidden", 403), ("NotFound", 404), ("Conflict", 409),
                 ("TooManyRequests", 429)]


# ---------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------

class T:
    """A type: kind is 'prim', 'list', 'map', 'struct', 'enum', 'union', 'alias'."""
    __slots__ = ("kind", "name", "mod", "elem", "nullable")

    def __init__(self, kind, name=None, mod=None, elem=None, nullable=False):
        self.kind, self.name, self.mod = kind, name, mod
        self.elem, self.nullable = elem, nullable

    def is_scalar_prim(self):
        return self.kind == "prim" and self.name not in ("bytes", "json")


def prim(name):
    return T("prim", name)


class Field:
    def __init__(self, name, typ, optional=False, default=None, constraints=(),
                 deprecated=None, doc=None):
        self.name, self.type, self.optional = name, typ, optional
        self.default = default          # ('int', 5) / ('str', 'x') / ('bool', True)
        self.constraints = list(constraints)   # / ('enum', member) / ('list',) / ('map',)
        self.deprecated, self.doc = deprecated, doc


class Struct:
    def __init__(self, name, fields, doc=None, status=None):
        self.name, self.fields, self.doc, self.status = name, fields, doc, status
        self.id_type = None


class Enum:
    def __init__(self, name, members, is_open, doc=None):
        self.name, self.members, self.open, self.doc = name, members, is_open, doc


class Union:
    def __init__(self, name, variants, discriminator, doc=None):
        self.name, self.variants = name, variants   # [(variant name, Struct)]
        self.discriminator, self.doc = discriminator, doc


class Alias:
    def __init__(self, name, base, constraints):
        self.name, self.base, self.constraints = name, base, constraints


class Route:
    def __init__(self, name, method, path, params, returns, throws, doc=None):
        self.name, self.method, self.path = name, method, path
        self.params = params          # [Field]
        self.returns = returns        # T or None
        self.throws = throws          # [error struct name] (all in common)
        self.doc = doc


class Service:
    def __init__(self, name, routes, doc=None):
        self.name, self.routes, self.doc = name, routes, doc


class Module:
    def __init__(self, name, imports):
        self.name = name
        self.pkg = ROOT_PKG + "." + name
        self.imports = imports
        self.decls = []     # in emission order: Enum, Alias, Struct, Union
        self.services = []
        self.structs = []
        self.enums = []
        self.unions = []
        self._imp_pool = self._enum_pool = None


def pascal(snake):
    return "".join(p[:1].upper() + p[1:] for p in snake.split("_"))


def snake(pascal_name):
    out = []
    for i, c in enumerate(pascal_name):
        if c.isupper() and i:
            out.append("_")
        out.append(c.lower())
    return "".join(out)


def kebab(pascal_name):
    return snake(pascal_name).replace("_", "-")


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------

class Gen:
    def __init__(self, scale, seed):
        self.scale, self.seed = scale, seed
        self.modules = {}

    def rng(self, what):
        return random.Random("%s/%s/%s" % (self.seed, self.scale, what))

    def doc(self, rng, p):
        if rng.random() >= p:
            return None
        words = [rng.choice(DOC_WORDS) for _ in range(rng.randint(4, 12))]
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def names(self, rng, count, suffixes, taken):
        """count unique Pascal names prefix+suffix, numbered once exhausted."""
        combos = [p + s for p in STRUCT_PREFIXES for s in suffixes]
        rng.shuffle(combos)
        out, rnd = [], 0
        while len(out) < count:
            for c in combos:
                n = c if rnd == 0 else "%s%d" % (c, rnd + 1)
                if n not in taken:
                    taken.add(n)
                    out.append(n)
                    if len(out) == count:
                        break
            rnd += 1
        return out

    def build(self):
        n = self.scale
        total_structs, total_enums, total_routes = 2000 * n, 200 * n, 500 * n
        common_structs, common_enums = 40 * n, 20 * n
        nd = len(DOMAINS)
        dom_structs = split(total_structs - common_structs, nd)
        dom_enums = split(total_enums - common_enums, nd)
        dom_routes = split(total_routes, nd)

        common = Module("common", [])
        self.modules["common"] = common
        self.fill(common, common_structs, common_enums, 0)
        for k, d in enumerate(DOMAINS):
            imports = ["common"] + ([DOMAINS[(k - 1) // 2]] if k else [])
            m = Module(d, imports)
            self.modules[d] = m
            self.fill(m, dom_structs[k], dom_enums[k], dom_routes[k])
        return [self.modules["common"]] + [self.modules[d] for d in DOMAINS]

    # -- one module ---------------------------------------------------------
    def fill(self, m, n_structs, n_enums, n_routes):
        rng = self.rng(m.name)
        taken = set()
        # enums
        enum_names = self.names(rng, n_enums, ENUM_SUFFIXES, taken)
        for en in enum_names:
            members = rng.sample(ENUM_MEMBERS, rng.randint(3, 12))
            e = Enum(en, [(mb, WIRE_NAMES.get(mb) if rng.random() < 0.5 else None)
                          for mb in members],
                     rng.random() < 0.2, self.doc(rng, 0.5))
            m.enums.append(e)
            m.decls.append(e)
        # aliases and errors (common only)
        if m.name == "common":
            for an, base, cons in COMMON_ALIASES:
                m.decls.append(Alias(an, base, cons))
            for en, status in COMMON_ERRORS:
                fields = [Field("message", prim("string")),
                          Field("code", prim("string"), optional=True),
                          Field("details", T("map", elem=prim("string")),
                                default=("map",))]
                if status == 429:
                    fields.append(Field("retry_after_seconds", prim("int32"),
                                        constraints=[("min", 0)]))
                s = Struct(en, fields, "Error response (HTTP %d)." % status,
                           status)
                m.decls.append(s)
            n_structs -= len(COMMON_ERRORS)
        # structs and unions
        struct_names = self.names(rng, n_structs, STRUCT_SUFFIXES, taken)
        union_names = self.names(rng, max(1, n_structs // 40), UNION_SUFFIXES,
                                 taken)
        next_union = 0
        for i, sn in enumerate(struct_names):
            s = self.make_struct(rng, m, sn)
            m.structs.append(s)
            m.decls.append(s)
            if i >= 10 and i % 40 == 39 and next_union < len(union_names):
                cands = m.structs[:-1]
                k = rng.randint(2, 4)
                vs = rng.sample(cands, k)
                u = Union(union_names[next_union],
                          [(snake(v.name), v) for v in vs],
                          rng.choice([None, "kind"]), self.doc(rng, 0.5))
                next_union += 1
                m.unions.append(u)
                m.decls.append(u)
        # routes
        if n_routes:
            self.make_services(rng, m, n_routes)

    def ref_pool(self, m):
        """Structs a new struct of m may require: those of its imports, then
        the earlier ones of m (declaration order keeps required references
        acyclic).  Returned as a picker so that nothing is copied per struct."""
        if m._imp_pool is None:
            m._imp_pool = [(self.modules[i], s) for i in m.imports
                           for s in self.modules[i].structs]
            m._enum_pool = [(m, e) for e in m.enums] + \
                [(self.modules["common"], e) for e in self.modules["common"].enums]
        imp = m._imp_pool

        def pick(rng):
            k = rng.randrange(len(imp) + len(m.structs))
            return imp[k] if k < len(imp) else (m, m.structs[k - len(imp)])
        return pick, len(imp) + len(m.structs)

    def make_struct(self, rng, m, sname):
        fields, seen = [], set()

        def add(f):
            key = f.name.replace("_", "").lower()
            if key in seen:
                for role in ROLE_PREFIXES:
                    cand = role + "_" + f.name
                    if cand.replace("_", "").lower() not in seen:
                        f.name = cand
                        break
                else:
                    return
                key = f.name.replace("_", "").lower()
            seen.add(key)
            fields.append(f)

        s = Struct(sname, fields, self.doc(rng, 0.4))
        if rng.random() < 0.6:
            s.id_type = "int64" if rng.random() < 0.7 else "uuid"
            add(Field("id", prim(s.id_type)))
        nfields = rng.randint(6, 14) - len(fields)
        pick, npool = self.ref_pool(m)
        enum_pool = m._enum_pool
        for _ in range(nfields):
            r = rng.random()
            f = None
            if r < 0.55 or not npool:
                name, kind = rng.choice(FIELD_VOCAB)
                f = self.vocab_field(rng, m, name, kind)
            elif r < 0.70:
                tm, ts = pick(rng)
                f = Field(snake(ts.name), T("struct", ts.name, tm.name))
            elif r < 0.78:
                tm, ts = pick(rng)
                f = Field(snake(ts.name) + "_items",
                          T("list", elem=T("struct", ts.name, tm.name)))
            elif r < 0.81:
                tm, ts = pick(rng)
                f = Field(snake(ts.name) + "_by_key",
                          T("map", elem=T("struct", ts.name, tm.name)))
            elif r < 0.91:
                tm, te = rng.choice(enum_pool)
                f = Field(snake(te.name), T("enum", te.name, tm.name))
                if rng.random() < 0.3:
                    f.default = ("enum", rng.choice(te.members)[0])
            elif r < 0.96 and m.unions:
                u = rng.choice(m.unions)
                f = Field(snake(u.name), T("union", u.name, m.name))
            else:
                tm, te = rng.choice(enum_pool)
                f = Field(snake(te.name) + "_values",
                          T("list", elem=T("enum", te.name, tm.name)))
            if f is None:
                continue
            self.decorate(rng, f)
            add(f)
        if rng.random() < 0.03:
            add(Field("children", T("list", elem=T("struct", sname, m.name)),
                      default=("list",)))
        return s

    def vocab_field(self, rng, m, name, kind):
        simple = {"str": "string", "text": "string", "f64": "float64",
                  "dec": "decimal", "i32": "int32", "i64": "int64",
                  "dt": "datetime", "date": "date", "bytes": "bytes",
                  "bool": "bool", "uuid": "uuid", "json": "json"}
        cons = []
        if kind in simple:
            t = prim(simple[kind])
            if kind == "str" and rng.random() < 0.25:
                cons.append(("max_length", rng.choice([32, 64, 128, 255])))
            if kind == "text" and rng.random() < 0.3:
                cons.append(("max_length", rng.choice([1000, 4000, 10000])))
            if kind == "i32" and rng.random() < 0.2:
                cons = [("min", 0), ("max", rng.choice([100, 10000, 1000000]))]
        elif kind in ALIAS_FOR_KIND:
            t = T("alias", ALIAS_FOR_KIND[kind], "common")
        elif kind.endswith("list"):
            t = T("list", elem=prim({"str": "string", "uuid": "uuid",
                                     "f64": "float64", "i64": "int64"}[kind[:-4]]))
            if rng.random() < 0.2:
                cons = [("max_items", rng.choice([10, 50, 100]))]
                if rng.random() < 0.5:
                    cons.insert(0, ("min_items", 1))
        elif kind.endswith("map"):
            t = T("map", elem=prim({"str": "string", "i64": "int64",
                                    "f64": "float64"}[kind[:-3]]))
        else:
            raise AssertionError(kind)
        return Field(name, t, constraints=cons)

    def decorate(self, rng, f):
        """Optional / nullable / default / deprecated / doc."""
        t = f.type
        r = rng.random()
        if f.default is None and not f.constraints:
            if t.kind in ("list", "map"):
                if r < 0.25:
                    f.default = (t.kind,)
                elif r < 0.35:
                    f.optional = True
            elif r < 0.14:
                f.optional = True
            elif r < 0.22:
                t.nullable = True
            elif r < 0.25:
                f.optional = True
                t.nullable = True
            elif r < 0.30 and t.kind == "prim":
                if t.name == "int32" or t.name == "int64":
                    f.default = ("int", rng.choice([0, 1, 10, 100]))
                elif t.name == "bool":
                    f.default = ("bool", rng.random() < 0.5)
                elif t.name == "string":
                    f.default = ("str", rng.choice(["", "n/a", "default"]))
        elif f.default is None and rng.random() < 0.2:
            f.optional = True
        if f.default is None and rng.random() < 0.02:
            f.optional = True
            f.type.nullable = False
            f.deprecated = "no longer populated; kept for old clients"
        f.doc = self.doc(rng, 0.1)

    # -- services -----------------------------------------------------------
    def make_services(self, rng, m, n_routes):
        resources = [s for s in m.structs if s.id_type]
        rng.shuffle(resources)
        pool = [s for s in m.structs]
        enum_pool = m.enums or self.modules["common"].enums
        templates = ["get", "list", "create", "update", "patch", "delete",
                     "action", "sub"]
        made, ri = 0, 0
        while made < n_routes:
            res = resources[ri % len(resources)]
            ri += 1
            tag = "" if ri <= len(resources) else "_alt%d" % (ri // len(resources) + 1)
            rname = snake(res.name) + tag
            base = "/%s/%s" % (m.name, kebab(res.name) + tag)
            idt = prim(res.id_type)
            rt = T("struct", res.name, m.name)
            routes = []
            for tpl in templates:
                if made == n_routes:
                    break
                made += 1
                doc = self.doc(rng, 0.5)
                idp = Field("id", idt)
                if tpl == "get":
                    r = Route("get_" + rname, "GET", base + "/{id}", [idp], rt,
                              ["NotFound"], doc)
                elif tpl == "list":
                    e = rng.choice(enum_pool)
                    emod = m.name if m.enums else "common"
                    ps = [Field("limit", prim("int32"), default=("int", 50),
                                constraints=[("min", 1), ("max", 500)]),
                          Field("cursor", prim("string"), optional=True),
                          Field(snake(e.name), T("enum", e.name, emod),
                                optional=True),
                          Field("tags", T("list", elem=prim("string")),
                                optional=True),
                          Field("updated_since", prim("datetime"),
                                optional=True)]
                    r = Route("list_" + rname, "GET", base, ps,
                              T("list", elem=rt), ["BadRequest"], doc)
                elif tpl == "create":
                    r = Route("create_" + rname, "POST", base,
                              [Field("body", rt)], rt,
                              ["BadRequest", "Conflict"], doc)
                elif tpl == "update":
                    r = Route("update_" + rname, "PUT", base + "/{id}",
                              [idp, Field("body", rt)], rt,
                              ["NotFound", "BadRequest", "Conflict"], doc)
                elif tpl == "patch":
                    r = Route("patch_" + rname, "PATCH", base + "/{id}",
                              [idp, Field("body", rt)], rt,
                              ["NotFound", "BadRequest"], doc)
                elif tpl == "delete":
                    r = Route("delete_" + rname, "DELETE", base + "/{id}",
                              [idp], None, ["NotFound", "Unauthorized", "Forbidden"], doc)
                elif tpl == "action":
                    verb = rng.choice(ACTION_VERBS)
                    other = rng.choice(pool)
                    r = Route("%s_%s" % (verb, rname), "POST",
                              "%s/{id}/%s" % (base, verb),
                              [idp, Field("body", T("struct", other.name, m.name))],
                              rt, ["NotFound", "Conflict", "TooManyRequests"], doc)
                else:
                    sub = rng.choice(SUB_RESOURCES)
                    other = rng.choice(pool)
                    r = Route("list_%s_%s" % (rname, sub), "GET",
                              "%s/{id}/%s" % (base, sub.replace("_", "-")),
                              [idp, Field("page", prim("int32"), optional=True,
                                          constraints=[("min", 1)])],
                              T("list", elem=T("struct", other.name, m.name)),
                              ["NotFound"], doc)
                routes.append(r)
            m.services.append(Service(pascal(rname) + "Service", routes,
                                      self.doc(rng, 0.5)))


def split(total, parts):
    q, r = divmod(total, parts)
    return [q + (1 if i < r else 0) for i in range(parts)]


# ---------------------------------------------------------------------------
# Emitters
# ---------------------------------------------------------------------------

HEADER = "Generated by bench/gen_schema.py --scale %d --seed %s. Do not edit."


def q(s):
    return json.dumps(s)


class PayloadEmitter:
    ext = "payload"

    def __init__(self, mod):
        self.m = mod

    def tref(self, t):
        if t.kind == "prim":
            s = t.name
        elif t.kind == "list":
            s = "list<%s>" % self.tref(t.elem)
        elif t.kind == "map":
            s = "map<string, %s>" % self.tref(t.elem)
        elif t.mod == self.m.name:
            s = t.name
        else:
            s = "%s.%s.%s" % (ROOT_PKG, t.mod, t.name)
        return s + ("?" if t.nullable else "")

    @staticmethod
    def ann(cons):
        return "".join("@%s(%s) " % (k, q(v) if isinstance(v, str) else v)
                       for k, v in cons)

    @staticmethod
    def value(d):
        if d[0] == "int":
            return str(d[1])
        if d[0] == "bool":
            return "true" if d[1] else "false"
        if d[0] == "str":
            return q(d[1])
        if d[0] == "enum":
            return d[1]
        return "[]" if d[0] == "list" else "{}"

    def field(self, f, ind):
        out = []
        if f.doc:
            out.append("%s/// %s" % (ind, f.doc))
        anns = self.ann(f.constraints)
        if f.deprecated:
            anns = "@deprecated(%s) " % q(f.deprecated) + anns
        s = "%s%s%s%s: %s" % (ind, anns, f.name, "?" if f.optional else "",
                              self.tref(f.type))
        if f.default is not None:
            s += " = " + self.value(f.default)
        out.append(s)
        return out

    def emit(self, scale, seed):
        m, L = self.m, []
        L.append("// " + HEADER % (scale, seed))
        L.append("package %s;" % m.pkg)
        L.append("")
        for imp in m.imports:
            L.append('import "%s.payload";' % imp)
        for d in m.decls:
            L.append("")
            if getattr(d, "doc", None):
                L.append("/// " + d.doc)
            if isinstance(d, Enum):
                L.append("%senum %s {" % ("open " if d.open else "", d.name))
                for mb, wire in d.members:
                    L.append("  %s%s;" % ('@wire(%s) ' % q(wire) if wire else "", mb))
                L.append("}")
            elif isinstance(d, Alias):
                L.append("%stype %s = %s;" % (self.ann(d.constraints), d.name, d.base))
            elif isinstance(d, Struct):
                if d.status:
                    L.append("@status(%d)" % d.status)
                L.append("struct %s {" % d.name)
                for f in d.fields:
                    fl = self.field(f, "  ")
                    fl[-1] += ";"
                    L.extend(fl)
                L.append("}")
            elif isinstance(d, Union):
                disc = ' discriminator "%s"' % d.discriminator if d.discriminator else ""
                L.append("union %s%s {" % (d.name, disc))
                for vn, vs in d.variants:
                    L.append("  %s: %s;" % (vn, vs.name))
                L.append("}")
        for sv in m.services:
            L.append("")
            if sv.doc:
                L.append("/// " + sv.doc)
            L.append("service %s {" % sv.name)
            for r in sv.routes:
                if r.doc:
                    L.append("  /// " + r.doc)
                params = []
                for p in r.params:
                    params.append(self.field(p, "")[-1])
                s = '  %s %s "%s" (%s)' % (r.name, r.method, r.path, ", ".join(params))
                if r.returns:
                    s += " -> " + self.tref(r.returns)
                if r.throws:
                    s += " throws " + ", ".join("%s.common.%s" % (ROOT_PKG, e)
                                                for e in r.throws)
                L.append(s + ";")
            L.append("}")
        return "\n".join(L) + "\n"


PROTO_PRIM = {"bool": "bool", "int32": "int32", "int64": "int64",
              "float64": "double", "string": "string", "bytes": "bytes",
              "date": "string", "datetime": "string", "uuid": "string",
              "decimal": "string", "json": "string"}
ALIAS_BASE = {a[0]: a[1] for a in COMMON_ALIASES}
ALIAS_CONS = {a[0]: a[2] for a in COMMON_ALIASES}


class ProtoEmitter:
    ext = "proto"

    def __init__(self, mod, modules):
        self.m, self.modules = mod, modules

    def tref(self, t):
        if t.kind == "prim":
            return PROTO_PRIM[t.name]
        if t.kind == "alias":
            return PROTO_PRIM[ALIAS_BASE[t.name]]
        if t.mod == self.m.name:
            return t.name
        return "%s.%s.%s" % (ROOT_PKG, t.mod, t.name)

    def field(self, f, num, ind="  "):
        t = f.type
        out = []
        if f.doc:
            out.append("%s// %s" % (ind, f.doc))
        if t.kind == "list":
            decl = "repeated " + self.tref(t.elem)
        elif t.kind == "map":
            decl = "map<string, %s>" % self.tref(t.elem)
        else:
            decl = ("optional " if f.optional or t.nullable else "") + self.tref(t)
        opts = ["(%s.common.%s) = %s" % (ROOT_PKG, k, q(v) if isinstance(v, str) else v)
                for k, v in f.constraints]
        if f.deprecated:
            opts.append("deprecated = true")
        s = "%s%s %s = %d" % (ind, decl, f.name, num)
        if opts:
            s += " [%s]" % ", ".join(opts)
        s += ";"
        if f.default is not None:
            s += "  // default: " + PayloadEmitter.value(f.default)
        out.append(s)
        return out

    def emit(self, scale, seed):
        m, L = self.m, []
        P = ROOT_PKG
        L.append("// " + HEADER % (scale, seed))
        L.append('syntax = "proto3";')
        L.append("package %s;" % m.pkg)
        L.append("")
        if m.name == "common":
            L.append('import "google/protobuf/descriptor.proto";')
        for imp in m.imports:
            L.append('import "%s.proto";' % imp)
        if m.name == "common":
            L.append("")
            L.append("extend google.protobuf.FieldOptions {")
            for i, k in enumerate(["min", "max", "min_length", "max_length",
                                   "min_items", "max_items"]):
                L.append("  optional int64 %s = %d;" % (k, 50001 + i))
            L.append("  optional string pattern = 50007;")
            L.append("}")
            L.append("extend google.protobuf.MessageOptions {")
            L.append("  optional int32 http_status = 50010;")
            L.append("}")
            L.append("extend google.protobuf.MethodOptions {")
            L.append("  optional string http_method = 50020;")
            L.append("  optional string http_path = 50021;")
            L.append("}")
            L.append("")
            L.append("// Response of routes without a body (HTTP 204).")
            L.append("message Empty {}")
        for d in m.decls:
            if isinstance(d, Alias):
                continue
            L.append("")
            if getattr(d, "doc", None):
                L.append("// " + d.doc)
            if isinstance(d, Enum):
                pre = snake(d.name).upper() + "_"
                L.append("enum %s {" % d.name)
                for i, (mb, wire) in enumerate(d.members):
                    L.append("  %s%s = %d;" % (pre, mb.upper(), i))
                L.append("}")
            elif isinstance(d, Struct):
                L.append("message %s {" % d.name)
                if d.status:
                    L.append("  option (%s.common.http_status) = %d;" % (P, d.status))
                for i, f in enumerate(d.fields):
                    L.extend(self.field(self.with_alias_cons(f), i + 1))
                L.append("}")
            elif isinstance(d, Union):
                L.append("message %s {" % d.name)
                L.append("  oneof %s {" % (d.discriminator or "type"))
                for i, (vn, vs) in enumerate(d.variants):
                    L.append("    %s %s = %d;" % (vs.name, vn, i + 1))
                L.append("  }")
                L.append("}")
        for sv in m.services:
            for r in sv.routes:
                rp = pascal(r.name)
                L.append("")
                L.append("message %sRequest {" % rp)
                for i, p in enumerate(r.params):
                    L.extend(self.field(p, i + 1))
                L.append("}")
                if r.returns is not None and r.returns.kind == "list":
                    L.append("message %sResponse {" % rp)
                    L.append("  repeated %s items = 1;" % self.tref(r.returns.elem))
                    L.append("}")
        for sv in m.services:
            L.append("")
            if sv.doc:
                L.append("// " + sv.doc)
            L.append("service %s {" % sv.name)
            for r in sv.routes:
                rp = pascal(r.name)
                if r.doc:
                    L.append("  // " + r.doc)
                if r.returns is None:
                    ret = "%s.common.Empty" % P
                elif r.returns.kind == "list":
                    ret = rp + "Response"
                else:
                    ret = self.tref(r.returns)
                L.append("  rpc %s(%sRequest) returns (%s) {" % (rp, rp, ret))
                L.append('    option (%s.common.http_method) = "%s";' % (P, r.method))
                L.append('    option (%s.common.http_path) = "%s";' % (P, r.path))
                if r.throws:
                    L.append("    // throws " + ", ".join(r.throws))
                L.append("  }")
            L.append("}")
        return "\n".join(L) + "\n"

    @staticmethod
    def with_alias_cons(f):
        # proto has no aliases: the alias's constraints move onto the field
        if f.type.kind == "alias" and f.type.name in ALIAS_CONS:
            g = Field(f.name, f.type, f.optional, f.default,
                      ALIAS_CONS[f.type.name] + f.constraints, f.deprecated, f.doc)
            return g
        return f


THRIFT_PRIM = {"bool": "bool", "int32": "i32", "int64": "i64",
               "float64": "double", "string": "string", "bytes": "binary",
               "date": "string", "datetime": "string", "uuid": "string",
               "decimal": "string", "json": "string"}


class ThriftEmitter:
    ext = "thrift"

    def __init__(self, mod, modules):
        self.m, self.modules = mod, modules

    def tref(self, t):
        if t.kind == "prim":
            return THRIFT_PRIM[t.name]
        if t.kind == "list":
            return "list<%s>" % self.tref(t.elem)
        if t.kind == "map":
            return "map<string, %s>" % self.tref(t.elem)
        if t.mod == self.m.name:
            return t.name
        return "%s.%s" % (t.mod, t.name)

    def value(self, f):
        d = f.default
        if d[0] == "enum":
            return "%s.%s" % (self.tref(f.type), d[1])
        return PayloadEmitter.value(d)

    def field(self, f, num, ind="  ", sep=","):
        out = []
        if f.doc:
            out.append("%s/** %s */" % (ind, f.doc))
        req = "optional " if (f.optional or f.type.nullable) else ""
        s = "%s%d: %s%s %s" % (ind, num, req, self.tref(f.type), f.name)
        if f.default is not None:
            s += " = " + self.value(f)
        anns = ['%s = "%s"' % (k, v) for k, v in f.constraints]
        if f.deprecated:
            anns.append("deprecated = %s" % q(f.deprecated))
        if anns:
            s += " (%s)" % ", ".join(anns)
        out.append(s + sep)
        return out

    def emit(self, scale, seed):
        m, L = self.m, []
        L.append("// " + HEADER % (scale, seed))
        L.append("namespace * %s" % m.pkg)
        L.append("")
        for imp in m.imports:
            L.append('include "%s.thrift"' % imp)
        for d in m.decls:
            L.append("")
            if getattr(d, "doc", None):
                L.append("/** %s */" % d.doc)
            if isinstance(d, Enum):
                L.append("enum %s {" % d.name)
                for i, (mb, wire) in enumerate(d.members):
                    L.append("  %s = %d,%s" % (mb, i, ' // wire "%s"' % wire if wire else ""))
                L.append("}")
            elif isinstance(d, Alias):
                anns = ", ".join('%s = "%s"' % (k, v) for k, v in d.constraints)
                L.append("typedef %s %s (%s)" % (THRIFT_PRIM[d.base], d.name, anns))
            elif isinstance(d, Struct):
                L.append("%s %s {" % ("exception" if d.status else "struct", d.name))
                for i, f in enumerate(d.fields):
                    L.extend(self.field(f, i + 1))
                L.append("}" + (' (http.status = "%d")' % d.status if d.status else ""))
            elif isinstance(d, Union):
                L.append("union %s {" % d.name)
                for i, (vn, vs) in enumerate(d.variants):
                    L.append("  %d: %s %s," % (i + 1, vs.name, vn))
                L.append("}" + (' (discriminator = "%s")' % d.discriminator
                                if d.discriminator else ""))
        for sv in m.services:
            L.append("")
            if sv.doc:
                L.append("/** %s */" % sv.doc)
            L.append("service %s {" % sv.name)
            for r in sv.routes:
                if r.doc:
                    L.append("  /** %s */" % r.doc)
                ret = self.tref(r.returns) if r.returns else "void"
                args = []
                for i, p in enumerate(r.params):
                    # Thrift ignores "optional" on arguments; write them plain.
                    g = Field(p.name, p.type, False, p.default, p.constraints)
                    args.append(self.field(g, i + 1, "", "")[-1])
                s = "  %s %s(%s)" % (ret, r.name, ", ".join(args))
                if r.throws:
                    s += " throws (%s)" % ", ".join(
                        "%d: common.%s %s" % (i + 1, e, snake(e))
                        for i, e in enumerate(r.throws))
                s += ' (http.method = "%s", http.path = "%s")' % (r.method, r.path)
                L.append(s + ",")
            L.append("}")
        return "\n".join(L) + "\n"


FBS_PRIM = {"bool": "bool", "int32": "int", "int64": "long",
            "float64": "double", "string": "string", "bytes": "[ubyte]",
            "date": "string", "datetime": "string", "uuid": "string",
            "decimal": "string", "json": "string"}
FBS_SCALARS = {"bool", "int", "long", "double"}


class FbsEmitter:
    ext = "fbs"
    optional_scalars = True

    def __init__(self, mod, modules):
        self.m, self.modules = mod, modules
        self.entries = {}    # entry table name -> value type text

    def named(self, t):
        if t.mod == self.m.name:
            return t.name
        return "%s.%s.%s" % (ROOT_PKG, t.mod, t.name)

    def base(self, t):
        if t.kind == "prim":
            return FBS_PRIM[t.name]
        if t.kind == "alias":
            return FBS_PRIM[ALIAS_BASE[t.name]]
        return self.named(t)

    def tref(self, t):
        if t.kind == "list":
            return "[%s]" % self.base(t.elem)
        if t.kind == "map":
            # FlatBuffers has no maps: a vector of key/value tables sorted by key
            v = t.elem
            if v.kind == "prim":
                name = "%sEntry" % pascal(v.name)
                qual = "%s.common.%s" % (ROOT_PKG, name)
                return "[%s]" % (name if self.m.name == "common" else qual)
            name = (v.name if v.mod == self.m.name else pascal(v.mod) + v.name) + "Entry"
            self.entries[name] = self.named(v)
            return "[%s]" % name
        return self.base(t)

    def is_scalar(self, t):
        if t.kind == "enum":
            return True
        if t.kind in ("prim", "alias"):
            return self.base(t) in FBS_SCALARS
        return False

    def field(self, f, ind="  "):
        t = f.type
        out = []
        if f.doc:
            out.append("%s/// %s" % (ind, f.doc))
        s = "%s%s: %s" % (ind, f.name, self.tref(t))
        attrs = []
        scalar = self.is_scalar(t)
        if f.default is not None and scalar:
            s += " = " + PayloadEmitter.value(f.default)
        elif scalar and (f.optional or t.nullable) and t.kind != "enum" \
                and self.optional_scalars:
            s += " = null"       # optional scalar (TS supports it; enums do not)
        if not scalar and not (f.optional or t.nullable) and f.default is None \
                and t.kind != "union" and not f.deprecated:
            attrs.append("required")
        if f.deprecated:
            attrs.append("deprecated")
        for k, v in f.constraints:
            attrs.append("%s: %s" % (k, q(v) if isinstance(v, str) else v))
        if attrs:
            s += " (%s)" % ", ".join(attrs)
        out.append(s + ";")
        return out

    def emit(self, scale, seed):
        m, L = self.m, []
        L.append("// " + HEADER % (scale, seed))
        for imp in m.imports:
            L.append('include "%s.fbs";' % imp)
        L.append("")
        L.append("namespace %s;" % m.pkg)
        if m.name == "common":
            L.append("")
            for a in ["min", "max", "min_length", "max_length", "min_items",
                      "max_items", "pattern", "http_status", "http_method",
                      "http_path", "discriminator"]:
                L.append('attribute "%s";' % a)
            L.append("")
            L.append("/// Response of routes without a body (HTTP 204).")
            L.append("table Empty {}")
            for p in ["string", "int64", "float64"]:
                L.append("table %sEntry { key: string (key); value: %s; }"
                         % (pascal(p), FBS_PRIM[p]))
        for d in m.decls:
            if isinstance(d, Alias):
                continue
            L.append("")
            if getattr(d, "doc", None):
                L.append("/// " + d.doc)
            if isinstance(d, Enum):
                L.append("enum %s : int {" % d.name)
                L.append(",\n".join("  " + mb for mb, _ in d.members))
                L.append("}")
            elif isinstance(d, Struct):
                attrs = " (http_status: %d)" % d.status if d.status else ""
                L.append("table %s%s {" % (d.name, attrs))
                for f in d.fields:
                    L.extend(self.field(ProtoEmitter.with_alias_cons(f)))
                L.append("}")
            elif isinstance(d, Union):
                attrs = ' (discriminator: "%s")' % d.discriminator if d.discriminator else ""
                L.append("union %s%s { %s }" % (d.name, attrs,
                                                 ", ".join(vs.name for _, vs in d.variants)))
        for sv in m.services:
            for r in sv.routes:
                rp = pascal(r.name)
                L.append("")
                L.append("table %sRequest {" % rp)
                for p in r.params:
                    L.extend(self.field(p))
                L.append("}")
                if r.returns is not None and r.returns.kind == "list":
                    L.append("table %sResponse { items: [%s] (required); }"
                             % (rp, self.base(r.returns.elem)))
        for sv in m.services:
            L.append("")
            if sv.doc:
                L.append("/// " + sv.doc)
            L.append("rpc_service %s {" % sv.name)
            for r in sv.routes:
                rp = pascal(r.name)
                if r.doc:
                    L.append("  /// " + r.doc)
                if r.returns is None:
                    ret = "%s.common.Empty" % ROOT_PKG
                elif r.returns.kind == "list":
                    ret = rp + "Response"
                else:
                    ret = self.named(r.returns)
                L.append('  %s(%sRequest): %s (http_method: "%s", http_path: "%s");'
                         % (r.name, rp, ret, r.method, r.path))
            L.append("}")
        if self.entries:
            L.append("")
            for name in sorted(self.entries):
                L.append("table %s { key: string (key); value: %s; }"
                         % (name, self.entries[name]))
        return "\n".join(L) + "\n"


class FbsPhpEmitter(FbsEmitter):
    """The .fbs model for `flatc --php` alone, which rejects optional scalars ("not yet
    supported" in its PHP generator): they become plain scalars, the nearest thing flatc --php
    accepts; every other line is the same as in fbs/. The other flatc anchors keep fbs/."""
    optional_scalars = False


# ---------------------------------------------------------------------------

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path, encoding="utf-8") as fh:
            if fh.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, default=1, help="1 = 2,000 structs, 200 enums, 500 routes")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--seed", default="payloadc-bench-1", help="fixed by default")
    a = ap.parse_args(argv)
    if a.scale < 1:
        ap.error("--scale must be >= 1")

    gen = Gen(a.scale, a.seed)
    modules = gen.build()
    manifest = {"scale": a.scale, "seed": a.seed, "files": {}, "counts": {}}
    for fmt, cls in [("payload", PayloadEmitter), ("proto", ProtoEmitter),
                     ("thrift", ThriftEmitter), ("fbs", FbsEmitter),
                     ("fbs-php", FbsPhpEmitter)]:
        d = os.path.join(a.out, fmt)
        os.makedirs(d, exist_ok=True)
        wanted = set()
        ext = cls.ext
        for m in modules:
            em = cls(m) if cls is PayloadEmitter else cls(m, gen.modules)
            name = "%s.%s" % (m.name, ext)
            wanted.add(name)
            write(os.path.join(d, name), em.emit(a.scale, a.seed))
        for stale in os.listdir(d):
            if stale.endswith("." + ext) and stale not in wanted:
                os.remove(os.path.join(d, stale))
        manifest["files"][fmt] = sorted(wanted, key=lambda n: (n != "common." + ext, n))
    c = manifest["counts"]
    c["structs"] = sum(1 for m in modules for d in m.decls if isinstance(d, Struct))
    c["fields"] = sum(len(d.fields) for m in modules for d in m.decls if isinstance(d, Struct))
    c["enums"] = sum(len(m.enums) for m in modules)
    c["unions"] = sum(len(m.unions) for m in modules)
    c["aliases"] = sum(1 for m in modules for d in m.decls if isinstance(d, Alias))
    c["services"] = sum(len(m.services) for m in modules)
    c["routes"] = sum(len(s.routes) for m in modules for s in m.services)
    c["bytes"] = {fmt: sum(os.path.getsize(os.path.join(a.out, fmt, f)) for f in files)
                  for fmt, files in manifest["files"].items()}
    write(os.path.join(a.out, "manifest.json"), json.dumps(manifest, indent=2) + "\n")
    print("scale %d -> %s: %d structs (%d fields), %d enums, %d unions, %d routes in %d services"
          % (a.scale, a.out, c["structs"], c["fields"], c["enums"], c["unions"],
             c["routes"], c["services"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
