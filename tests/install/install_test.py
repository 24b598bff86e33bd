#!/usr/bin/env python3
"""The install of payloadc, used from outside (docs/install.md).

install mode: `cmake --install BUILD --prefix STAGE`, checks the installed tree, moves it elsewhere
(everything installed must be relocatable), then builds tests/install/consumer/ against it both
ways and runs the programs:

  (a) pkg-config: `payloadc gen --lang c` run by hand (the payloadc of
      `pkg-config --variable=payloadc payload`), then cc with `pkg-config --cflags --libs payload`,
      against libpayload.so and against libpayload.a (`pkg-config --static`);
  (b) CMake: find_package(payloadc) + payloadc_generate(), tests/install/consumer/CMakeLists.txt
      as it is (the example of docs/install.md), with the static and the shared runtime.

subdirectory mode: a project that includes the payloadc source tree with add_subdirectory() and
calls payloadc_generate() on the same schemas.

A build configured with PAYLOADC_SANITIZE=ON installs libraries that need the sanitizer runtimes:
the installed payload.pc and CMake package then add -fsanitize=address,undefined to what links
them, so the consumers need nothing more and this test runs as in any other build. A
PAYLOADC_FUZZ build (libFuzzer coverage instrumentation) is not meant to be installed: the test
is skipped (exit 77).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CONSUMER = os.path.join(HERE, "consumer")
SKIP = 77

EXPECTED = (
    '{"id":42,"lines":[{"sku":"A-1","quantity":2,"price":{"amount":"9.50","currency":"EUR"}}]}\n'
    "constraint error at '/lines/0/quantity'\n"
)

failures = []


def log(message):
    print(message, flush=True)


def check(condition, message):
    if condition:
        log("ok: " + message)
    else:
        log("FAIL: " + message)
        failures.append(message)
    return condition


def run(cmd, cwd=None, env=None, capture=True):
    log("$ " + " ".join(cmd))
    result = subprocess.run(cmd, cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE if capture else None,
                            stderr=subprocess.STDOUT if capture else None)
    if result.returncode != 0:
        if capture:
            sys.stdout.write(result.stdout or "")
        raise SystemExit("command failed with exit code %d: %s"
                         % (result.returncode, " ".join(cmd)))
    return result.stdout or ""


def run_program(path, what, env=None):
    result = subprocess.run([path], text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env)
    ok = result.returncode == 0 and result.stdout == EXPECTED
    if not ok:
        log("exit %d\nstdout:\n%s\nstderr:\n%s" % (result.returncode, result.stdout,
                                                     result.stderr))
    check(ok, "%s decodes, validates and encodes" % what)


def clean_env():
    """The environment of a user's shell: no pkg-config or CMake search paths of our own."""
    env = dict(os.environ)
    for name in ("PKG_CONFIG_PATH", "PKG_CONFIG_LIBDIR", "CMAKE_PREFIX_PATH", "LD_LIBRARY_PATH",
                 "CFLAGS", "LDFLAGS", "MAKEFLAGS"):
        env.pop(name, None)
    return env


def needed_libraries(path):
    out = subprocess.run(["readelf", "-d", path], text=True, stdout=subprocess.PIPE).stdout
    return [line.split("[", 1)[1].rstrip("]").strip()
            for line in out.splitlines() if "(NEEDED)" in line]


def check_tree(prefix, stage, args):
    bindir, libdir = os.path.join(prefix, args.bindir), os.path.join(prefix, args.libdir)
    payloadc = os.path.join(bindir, "payloadc")
    check(os.access(payloadc, os.X_OK), "%s/payloadc is installed" % args.bindir)
    version = subprocess.run([payloadc, "--version"], text=True, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
    check(version.returncode == 0 and args.version in version.stdout,
          "payloadc --version runs and says %s (%r)" % (args.version, version.stdout.strip()))
    check(os.path.isfile(os.path.join(libdir, "libpayload.a")), "libpayload.a is installed")
    soname = "libpayload.so." + args.soversion
    check(os.path.isfile(os.path.join(libdir, "libpayload.so." + args.version)),
          "libpayload.so.%s is installed" % args.version)
    check(os.path.islink(os.path.join(libdir, soname))
          and os.readlink(os.path.join(libdir, soname)) == "libpayload.so." + args.version,
          "%s -> libpayload.so.%s" % (soname, args.version))
    check(os.path.islink(os.path.join(libdir, "libpayload.so"))
          and os.readlink(os.path.join(libdir, "libpayload.so")) == soname,
          "libpayload.so -> %s" % soname)
    dynamic = subprocess.run(["readelf", "-d", os.path.join(libdir, "libpayload.so")], text=True,
                             stdout=subprocess.PIPE).stdout
    check("[%s]" % soname in dynamic, "the SONAME of libpayload.so is %s" % soname)
    check(os.path.isfile(os.path.join(prefix, args.includedir, "payload.h")),
          "%s/payload.h is installed" % args.includedir)
    check(os.path.isfile(os.path.join(libdir, "pkgconfig", "payload.pc")),
          "%s/pkgconfig/payload.pc is installed" % args.libdir)
    cmakedir = os.path.join(libdir, "cmake", "payloadc")
    for name in ("payloadc-config.cmake", "payloadc-config-version.cmake",
                 "payloadc-targets.cmake", "PayloadcGenerate.cmake"):
        check(os.path.isfile(os.path.join(cmakedir, name)),
              "%s/cmake/payloadc/%s is installed" % (args.libdir, name))
    # Relocatable: no installed text file names the build, the sources or the prefix.
    for root, _, files in os.walk(prefix):
        for name in files:
            path = os.path.join(root, name)
            if os.path.islink(path) or not name.endswith((".pc", ".cmake", ".h")):
                continue
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for bad in (args.build_dir, args.source_dir, stage):
                if bad in text:
                    check(False, "%s does not name %s" % (os.path.relpath(path, prefix), bad))


def pkg_config_way(prefix, work, args, env):
    libdir = os.path.join(prefix, args.libdir)
    env = dict(env, PKG_CONFIG_PATH=os.path.join(libdir, "pkgconfig"))

    def pc(*options):
        return run(["pkg-config"] + list(options) + ["payload"], env=env).split()

    check(pc("--modversion") == [args.version], "pkg-config --modversion payload")
    payloadc = pc("--variable=payloadc")
    if not check(payloadc and os.access(payloadc[0], os.X_OK),
                 "pkg-config --variable=payloadc payload names the installed payloadc"):
        return
    payloadc = payloadc[0]
    gen = os.path.join(work, "gen")
    run([payloadc, "gen", "--lang", "c", "--out", gen,
         "-I", os.path.join(CONSUMER, "schemas", "shared"),
         os.path.join(CONSUMER, "schemas", "orders.payload")], env=env)
    sources = [os.path.join(gen, name) for name in ("shop_common.c", "shop_orders.c")]
    check(all(os.path.isfile(s) for s in sources), "payloadc gen wrote shop_common.c, shop_orders.c")
    cflags = pc("--cflags")
    common = [args.cc, "-std=c11", "-Wall", "-Wextra", "-Werror"] + cflags + ["-I" + gen,
              os.path.join(CONSUMER, "main.c")] + sources

    # Shared: -lpayload finds libpayload.so; an rpath finds it at run time.
    shared = os.path.join(work, "shop_pc_shared")
    run(common + ["-o", shared] + pc("--libs") + ["-Wl,-rpath," + libdir], env=env)
    check(any(n.startswith("libpayload.so") for n in needed_libraries(shared)),
          "the pkg-config program links libpayload.so")
    run_program(shared, "the pkg-config program (libpayload.so)", env)

    # Static: the archive, with what pkg-config --static says it needs.
    static = os.path.join(work, "shop_pc_static")
    libs = pc("--static", "--libs")
    libs = [os.path.join(libdir, "libpayload.a") if flag == "-lpayload" else flag
            for flag in libs]
    run(common + ["-o", static] + libs, env=env)
    check(not any(n.startswith("libpayload") for n in needed_libraries(static)),
          "the static pkg-config program needs no libpayload.so")
    run_program(static, "the pkg-config program (libpayload.a)", env)


def cmake_build(source, build, args, env, extra):
    configure = [args.cmake, "-S", source, "-B", build, "-DCMAKE_BUILD_TYPE=Debug",
                 "-DCMAKE_C_COMPILER=" + args.cc]
    if args.generator:
        configure += ["-G", args.generator]
    run(configure + extra, env=env)
    return run([args.cmake, "--build", build, "-j2"], env=env)


def check_docs(args):
    """The CMakeLists.txt of docs/install.md is the one built here."""
    with open(os.path.join(args.source_dir, "docs", "install.md"), encoding="utf-8") as f:
        docs = f.read()
    with open(os.path.join(CONSUMER, "CMakeLists.txt"), encoding="utf-8") as f:
        consumer = f.read()
    check("```cmake\n" + consumer + "```\n" in docs,
          "docs/install.md shows tests/install/consumer/CMakeLists.txt as it is")
    for name in ("main.c", "schemas/orders.payload", "schemas/shared/common.payload"):
        check(os.path.isfile(os.path.join(CONSUMER, name)), "the example has " + name)


def cmake_way(prefix, work, args, env):
    build = os.path.join(work, "build")
    out = cmake_build(CONSUMER, build, args, env, ["-DCMAKE_PREFIX_PATH=" + prefix])
    check("payloadc gen --lang c for shop_schemas" in out, "payloadc_generate ran payloadc")
    run_program(os.path.join(build, "shop"), "the CMake program (payloadc::payload)", env)
    shared = os.path.join(build, "shop_shared")
    check(any(n.startswith("libpayload.so") for n in needed_libraries(shared)),
          "SHARED_RUNTIME links libpayload.so")
    run_program(shared, "the CMake program (payloadc::payload_shared)", env)
    # Nothing to do the second time: payloadc does not run again, nothing is recompiled.
    again = run([args.cmake, "--build", build], env=env)
    check("payloadc gen" not in again and "Building C" not in again,
          "a second build does nothing")


def subdirectory_way(work, args, env):
    project = os.path.join(work, "super")
    os.makedirs(project)
    consumer = CONSUMER.replace("\\", "/")
    with open(os.path.join(project, "CMakeLists.txt"), "w", encoding="utf-8") as f:
        f.write(f"""cmake_minimum_required(VERSION 3.20)
project(super LANGUAGES C)
set(PAYLOADC_TESTS OFF CACHE BOOL "" FORCE)
add_subdirectory("{args.source_dir}" payloadc)
payloadc_generate(TARGET shop_schemas IMPORT_DIRS "{consumer}/schemas/shared"
                  FILES "{consumer}/schemas/orders.payload")
add_executable(shop "{consumer}/main.c")
target_link_libraries(shop PRIVATE shop_schemas)
""")
    build = os.path.join(work, "build")
    out = cmake_build(project, build, args, env, [])
    check("payloadc gen --lang c for shop_schemas" in out,
          "payloadc_generate ran the payloadc of the build tree")
    run_program(os.path.join(build, "shop"), "the add_subdirectory() program", env)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("install", "subdirectory"))
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--cmake", default="cmake")
    parser.add_argument("--generator", default="")
    parser.add_argument("--cc", default="cc")
    parser.add_argument("--config", default="")
    parser.add_argument("--version", required=True)
    parser.add_argument("--soversion", required=True)
    parser.add_argument("--bindir", default="bin")
    parser.add_argument("--libdir", default="lib")
    parser.add_argument("--includedir", default="include")
    parser.add_argument("--fuzz", default="OFF")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    args.build_dir = os.path.realpath(args.build_dir)
    args.source_dir = os.path.realpath(args.source_dir)

    if args.fuzz.upper() in ("ON", "1", "TRUE", "YES"):
        log("SKIP: a PAYLOADC_FUZZ build is instrumented for libFuzzer and not meant to be "
            "installed")
        return SKIP
    for tool in ("pkg-config", "readelf"):
        if shutil.which(tool) is None:
            log("SKIP: %s is not installed" % tool)
            return SKIP

    env = clean_env()
    tmp = os.path.realpath(tempfile.mkdtemp(prefix="payloadc-install-"))
    try:
        if args.mode == "install":
            stage = os.path.join(tmp, "stage")
            install = [args.cmake, "--install", args.build_dir, "--prefix", stage]
            if args.config:
                install += ["--config", args.config]
            run(install, env=env)
            # Move the installed tree: what works from the new place is relocatable.
            prefix = os.path.join(tmp, "moved", "prefix")
            os.makedirs(os.path.dirname(prefix))
            os.rename(stage, prefix)
            check_tree(prefix, stage, args)
            check_docs(args)
            os.makedirs(os.path.join(tmp, "pc"))
            pkg_config_way(prefix, os.path.join(tmp, "pc"), args, env)
            os.makedirs(os.path.join(tmp, "cmake"))
            cmake_way(prefix, os.path.join(tmp, "cmake"), args, env)
        else:
            subdirectory_way(tmp, args, env)
    finally:
        if args.keep:
            log("kept " + tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        log("%d check(s) failed" % len(failures))
        return 1
    log("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
