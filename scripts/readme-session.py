#!/usr/bin/env python3
"""Runs the commands of the README's analyst session against a server and
writes their output under them, so the session shown is the session run.

    readme-session.py README.md ADDR [--write]

The session is the part of README.md between the lines
"<!-- analyst-session:begin -->" and "<!-- analyst-session:end -->". In it,
an indented line "    $ COMMAND" (continued on indented lines while it
ends in a backslash) is run with bash in a scratch directory, with
"localhost:8080" replaced by ADDR; the indented lines after it, up to the
next command or the end of the block, are its output. Without --write the
script exits 1 and shows a diff when the README's output is not what the
commands print; with --write it puts the fresh output in README.md.
"""
import difflib
import os
import subprocess
import sys
import tempfile

BEGIN, END = "<!-- analyst-session:begin -->", "<!-- analyst-session:end -->"


def main(argv):
    write = "--write" in argv
    argv = [a for a in argv if a != "--write"]
    readme, addr = argv[0], argv[1]
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    head, sep, rest = text.partition(BEGIN + "\n")
    body, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        print("readme-session: %s has no %s … %s section" % (readme, BEGIN, END), file=sys.stderr)
        return 2
    lines = body.split("\n")
    out, i, commands = [], 0, 0
    scratch = tempfile.mkdtemp(prefix="dipgraph-session-")
    while i < len(lines):
        line = lines[i]
        if not line.startswith("    $ "):
            out.append(line)
            i += 1
            continue
        cmd = [line]
        while cmd[-1].endswith("\\") and i + 1 < len(lines):
            i += 1
            cmd.append(lines[i])
        i += 1
        out.extend(cmd)
        # Skip the old output: indented lines up to the next command or blank line.
        while i < len(lines) and lines[i].startswith("    ") and not lines[i].startswith("    $ "):
            i += 1
        src = "\n".join(c[4:] for c in cmd)[2:].replace("localhost:8080", addr)
        res = subprocess.run(["bash", "-o", "pipefail", "-c", src], cwd=scratch, capture_output=True, text=True, timeout=60)
        if res.returncode != 0:
            print("readme-session: command failed (%d): %s\n%s" % (res.returncode, src, res.stderr), file=sys.stderr)
            return 1
        for o in res.stdout.replace("\r", "").splitlines():
            out.append("    " + o if o else "")
        commands += 1
    new = head + BEGIN + "\n" + "\n".join(out) + END + tail
    if commands == 0:
        print("readme-session: no commands in the session", file=sys.stderr)
        return 2
    if new == text:
        print("readme-session: %d commands, the README shows what they print" % commands)
        return 0
    if write:
        with open(readme, "w", encoding="utf-8") as f:
            f.write(new)
        print("readme-session: %d commands, README.md updated" % commands)
        return 0
    sys.stdout.writelines(difflib.unified_diff(text.splitlines(True), new.splitlines(True), readme, readme + " (as run)"))
    print("readme-session: the README's session differs from what its commands print: run scripts/readme-session.sh --write", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
