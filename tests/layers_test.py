#!/usr/bin/env python3
"""The layers of src/ are enforced by the build (issue 18): a layer compiled with its own flags
cannot include a layer above it. Usage: layers_test.py BUILD/compile_commands.json

Each check takes the exact command CMake compiles a source of src/ with, points it at a copy of
that source in a temporary folder (so the copy's own folder adds nothing to the include path),
and runs it with -fsyntax-only:
  - src/store/store.cc unchanged compiles, and so does a copy including extract/fact.h (below it);
  - a copy of src/store/store.cc including serve/api.h fails: serve/api.h not found;
  - a copy of src/text/units.cc including extract/fact.h fails: extract/fact.h not found.
The headers exist in src/, so "not found" can only come from the layer's view of src/; with all of
src/ on one include path the failing copies would compile and this test would fail.
"""

import json
import os
import shlex
import subprocess
import sys
import tempfile

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Options that name an output (with their argument), or make one, which a syntax check must not.
OUTPUT_OPTIONS_WITH_ARGUMENT = {"-o", "-MF", "-MT", "-MQ"}
OUTPUT_OPTIONS = {"-c", "-MD", "-MMD"}


def compile_command(entries, relative):
    """The compile_commands.json entry of src file `relative`, as (directory, arguments)."""
    wanted = os.path.join(SOURCE_DIR, relative)
    for entry in entries:
        path = os.path.join(entry["directory"], entry["file"])
        if os.path.realpath(path) == os.path.realpath(wanted):
            arguments = entry.get("arguments") or shlex.split(entry["command"])
            return entry["directory"], arguments, entry["file"]
    sys.exit(f"layers_test: {relative} is not in compile_commands.json")


def syntax_check(entries, relative, added_include, scratch):
    """Compiles a copy of `relative`, with `added_include` first when given: (exit code, stderr)."""
    directory, arguments, original = compile_command(entries, relative)
    with open(os.path.join(SOURCE_DIR, relative), encoding="utf-8") as f:
        text = f.read()
    if added_include:
        text = f'#include "{added_include}"\n' + text
    copy = os.path.join(scratch, relative.replace("/", "_"))
    with open(copy, "w", encoding="utf-8") as f:
        f.write(text)

    command, skip = [], False
    for argument in arguments:
        if skip:
            skip = False
        elif argument in OUTPUT_OPTIONS_WITH_ARGUMENT:
            skip = True
        elif argument in OUTPUT_OPTIONS or argument == original:
            pass
        else:
            command.append(argument)
    command += ["-fsyntax-only", copy]
    done = subprocess.run(command, cwd=directory, capture_output=True, text=True)
    return done.returncode, done.stderr


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        entries = json.load(f)
    for header in ("serve/api.h", "extract/fact.h"):
        if not os.path.isfile(os.path.join(SOURCE_DIR, "src", header)):
            sys.exit(f"layers_test: src/{header} is gone; choose another header to include")

    failures = []
    # (source, include added, whether it must compile)
    checks = [
        ("src/store/store.cc", None, True),
        ("src/store/store.cc", "extract/fact.h", True),
        ("src/store/store.cc", "serve/api.h", False),
        ("src/text/units.cc", "extract/fact.h", False),
    ]
    with tempfile.TemporaryDirectory(prefix="jiedao-layers-") as scratch:
        for relative, header, must_compile in checks:
            what = f"{relative} with #include \"{header}\"" if header else f"{relative} unchanged"
            code, stderr = syntax_check(entries, relative, header, scratch)
            if must_compile and code != 0:
                failures.append(f"{what} must compile, but:\n{stderr}")
            elif not must_compile and code == 0:
                failures.append(f"{what} must fail to compile (a layer above), but compiled")
            elif not must_compile and f"{header}: No such file or directory" not in stderr:
                failures.append(f"{what} must fail for want of {header}, but:\n{stderr}")
            else:
                print(f"ok: {what} {'compiles' if must_compile else 'fails: ' + header + ' not found'}")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
