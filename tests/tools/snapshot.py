# SPDX-License-Identifier: MIT
"""Record what the program shows the outside world: the CLI --help tree and PDFs from demo data.

Run before and after a change that must not change behaviour (e.g. moving code between
modules), then compare the two folders with ``--compare``:

    python tests/tools/snapshot.py OUT_DIR
    python tests/tools/snapshot.py --compare BEFORE_DIR AFTER_DIR

Everything goes through the public CLI (``jiedao_desk.cli.main``) on a fresh database with a
fixed "today", so the snapshot does not depend on module names. PDFs are rendered with
reportlab's invariant mode; the comparison reports byte differences and, for PDFs that differ,
whether their extracted text differs once clock times and hashes are masked.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

TODAY = "2026-11-20"


def _cli(db: Path, *argv: str) -> tuple[int, str]:
    from jiedao_desk.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            code = main(["--db", str(db), *argv])
        except SystemExit as e:  # argparse errors
            code = int(e.code or 0)
    return code, out.getvalue()


def _rows(data):
    return data["rows"] if isinstance(data, dict) else data


def _help_tree(parser, path: tuple[str, ...], out: dict) -> None:
    out[" ".join(path) or "(root)"] = parser.format_help()
    for action in parser._actions:  # noqa: SLF001 - argparse has no public walk
        if action.__class__.__name__ == "_SubParsersAction":
            for name, child in action.choices.items():
                _help_tree(child, (*path, name), out)


PASSWORD = "Snapshot-desk-2026!"


def snapshot(out_dir: Path) -> None:
    os.environ["JIEDAO_DESK_TODAY"] = TODAY
    os.environ["COLUMNS"] = "100"
    out_dir.mkdir(parents=True, exist_ok=True)
    from jiedao_desk.cli import build_parser

    tree: dict[str, str] = {}
    _help_tree(build_parser(), (), tree)
    (out_dir / "cli-help.json").write_text(json.dumps(tree, ensure_ascii=False, indent=1),
                                           encoding="utf-8")
    pdf_dir = out_dir / "pdf"
    pdf_dir.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "snap.sqlite3"
        assert _cli(db, "init")[0] == 0
        os.environ["JIEDAO_DESK_NEW_PASSWORD"] = os.environ["JIEDAO_DESK_PASSWORD"] = PASSWORD
        assert _cli(db, "user", "create-admin", "snap")[0] == 0
        os.environ["JIEDAO_DESK_USER"] = "snap"
        assert _cli(db, "init", "--street", "示例街道")[0] == 0
        assert _cli(db, "demo", "--size", "200")[0] == 0
        _, kinds_text = _cli(db, "--json", "print", "--list")
        kinds = [k["key"] for k in json.loads(kinds_text)]
        _, med = _cli(db, "--json", "mediation", "list")
        _, enf = _cli(db, "--json", "enforcement", "list")
        med_ids = [r["id"] for r in _rows(json.loads(med))][:12]
        enf_ids = [r["id"] for r in _rows(json.loads(enf))][:12]
        for kind in kinds:
            for domain, ids in (("mediation", med_ids), ("enforcement", enf_ids)):
                if not kind.startswith(domain):
                    continue
                for cid in ids:
                    target = pdf_dir / f"{kind}.pdf"
                    code, _ = _cli(db, domain, "doc", str(cid), kind, "-o", str(target))
                    if code == 0:
                        break
        _, docs = _cli(db, "--json", "document", "list")
        for d in json.loads(docs):
            _cli(db, "print", d["kind"], str(d["id"]), "-o",
                 str(pdf_dir / f"issued-{d['id']:04d}-{d['kind']}.pdf"))
        for cid in med_ids[:3]:
            _cli(db, "mediation", "dossier", str(cid), "-o",
                 str(pdf_dir / f"med-dossier-{cid}.pdf"))
        for cid in enf_ids[:3]:
            _cli(db, "enforcement", "dossier", str(cid), "-o",
                 str(pdf_dir / f"enf-dossier-{cid}.pdf"))
        _cli(db, "export", "monthly-pdf", "--month", TODAY[:7], "-o", str(pdf_dir / "monthly.pdf"))
    print(f"{len(tree)} help pages, {len(list(pdf_dir.glob('*.pdf')))} PDFs in {out_dir}")


_TIME = re.compile(r"[0-9a-f]{64}|\d{1,2}[:：]\d{2}([:：]\d{2})?"
                   r"|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?")


def _text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return _TIME.sub("<time>", text)


def compare(before: Path, after: Path) -> int:
    problems = 0
    a = json.loads((before / "cli-help.json").read_text(encoding="utf-8"))
    b = json.loads((after / "cli-help.json").read_text(encoding="utf-8"))
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            problems += 1
            print(f"CLI help differs: {key}")
    names = sorted({p.name for p in (before / "pdf").glob("*.pdf")}
                   | {p.name for p in (after / "pdf").glob("*.pdf")})
    same = 0
    for name in names:
        pa, pb = before / "pdf" / name, after / "pdf" / name
        if not pa.exists() or not pb.exists():
            problems += 1
            print(f"PDF only in {'after' if pb.exists() else 'before'}: {name}")
        elif pa.read_bytes() == pb.read_bytes():
            same += 1
        elif _text(pa) != _text(pb):
            problems += 1
            print(f"PDF text differs: {name}")
        else:
            print(f"PDF bytes differ, text equal once times are masked: {name}")
    print(f"{len(a)} help pages compared; {same} of {len(names)} PDFs byte-identical; "
          f"{problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--compare", action="store_true")
    ns = ap.parse_args()
    if ns.compare:
        sys.exit(compare(*ns.dirs))
    snapshot(ns.dirs[0])
