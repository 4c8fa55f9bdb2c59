#!/usr/bin/env python3
"""RESULTS.md is one file with a section per bench part ("## Generation", "## Maintenance window",
"## Rehearsal at scale"); each part rewrites its own section and leaves the others as they were.

  sections.py keep OLD NEW --except HEADER   every "## " section of OLD but HEADER, put into NEW
                                             (replacing NEW's own, or appended), NEW rewritten

A section runs from its "## " line to the next "## " line or the end of the file.
"""
import argparse
import os
import sys


def _spans(text):
    """(header, start, end) of every "## " section of text, in order."""
    lines = text.splitlines(keepends=True)
    starts, pos = [], 0
    for line in lines:
        if line.startswith("## "):
            starts.append((line.rstrip("\n"), pos))
        pos += len(line)
    return [(h, s, starts[i + 1][1] if i + 1 < len(starts) else len(text)) for i, (h, s) in enumerate(starts)]


def sections(text):
    """{header: section text} of every "## " section."""
    return {h: text[s:e] for h, s, e in _spans(text)}


def replace(text, header, section):
    """text with its section under header replaced by section, or section appended when absent."""
    section = section.rstrip("\n") + "\n"
    for h, s, e in _spans(text):
        if h == header:
            tail = text[e:]
            return text[:s] + section + ("\n" + tail if tail else "")
    return text.rstrip("\n") + "\n\n" + section


def write_section(results, header, part, readme_heading, body):
    """Rewrites RESULTS.md's section under header with body, saying which part wrote it."""
    section = (f"{header}\n\nWritten by `bench/run.sh --part {part} --write` (see bench/README.md, "
               f"\"{readme_heading}\"). Do not edit by hand; rerun instead.\n\n{body}")
    text = open(results).read() if os.path.exists(results) else ""
    write_atomically(results, replace(text, header, section))


def write_atomically(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["keep"])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--except", dest="skip", required=True)
    a = ap.parse_args()
    old = open(a.old).read() if os.path.exists(a.old) else ""
    new = open(a.new).read()
    for header, section in sections(old).items():
        if header != a.skip:
            new = replace(new, header, section)
    write_atomically(a.new, new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
