# SPDX-License-Identifier: MIT
"""Write resources/catalogs/document_wording--sample-<digest>.toml: the wording the app ships
(resources/documents/*.toml), block by block, as a clearly labelled sample version of the
文书措辞 catalog, with its provenance.

    PYTHONPATH=. python -m tests.tools.wording_sample        # rewrite the file

The label carries a digest of the wording, so a changed template ships as a new sample
version (a loaded version is never rewritten). tests/core/test_wording.py fails when the file
is not what this writes.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

from jiedao_desk.core import wording_files
from jiedao_desk.documents.kinds import list_kinds
from jiedao_desk.documents.texts import text_blocks

FOLDER = Path(__file__).resolve().parents[2] / "resources" / "catalogs"
NOTES = (
    "本版本是软件自带的文书措辞样稿，不是官方文书样式。综合执法文书：市城管执"
    "法局《北京市街道乡镇综合执法文书样式》（2020）由各街道持有但未公开（"
    "参考资料 enforcement.md §0、§6 第1项），样稿按行政"
    "处罚法、行政强制法、行政复议法（2023年修订）规定的法定内容编写，文号"
    "格式为设置项。人民调解文书：2010年司法部《人民调解文书格式》原文未见"
    "，样稿按公开的地方模板（如调解卷宗“附件1”，bdocx.com/doc"
    "/4951888.html）和人民调解法、人民调解工作若干规定编写（参考"
    "资料 mediation-hotline.md §2）。各段依据见 re"
    "sources/documents/ 中各文书文件开头的注释。请管理员用"
    "“导出文书措辞”（或 catalog wording）导出，按本街道持有"
    "的正式文书样式逐段修改，再以新版本标签导入；导入的版本自生效日起用于新出"
    "具的文书，已出具的文书保持原样。本样稿版本只记录来源，不改变打印内容。"
)


def digest() -> str:
    """Eight hex digits of the shipped wording (every kind, every text block)."""
    h = hashlib.sha256()
    for kind in list_kinds():
        for key, text in text_blocks(kind):
            h.update(f"{kind.key}/{key}\0{text}\0".encode())
    return h.hexdigest()[:8]


def render() -> str:
    """The whole sample file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = wording_files.write_current(
            Path(tmp) / "sample.toml", label=f"sample-{digest()}",
            version={"issuer": "", "confidence": "secondary", "notes": NOTES,
                     "source_urls": ["https://bdocx.com/doc/4951888.html"]})
        return path.read_text(encoding="utf-8")


def path() -> Path:
    """Where the sample of the wording now shipped belongs (<catalog>--<label>.toml)."""
    return FOLDER / f"{wording_files.KEY}--sample-{digest()}.toml"


def main() -> int:
    for old in FOLDER.glob(f"{wording_files.KEY}--sample-*.toml"):
        old.unlink()  # a changed wording ships under a new label; the old file goes
    out = path()
    out.write_text(render(), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
