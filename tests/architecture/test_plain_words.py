# SPDX-License-Identifier: MIT
"""No English words on screen: the texts in ui/ and in the domains' pages are Chinese.

A string literal is taken as user-visible when it holds Chinese characters (a message, a label,
a tooltip), or when it is handed straight to a Qt call that shows text (setText, QLabel,
QPushButton …). Markup, file-type filters ("(*.xlsx)") and file-name extensions are not
words a clerk reads; the few words that are left must be in ALLOWED, each with its reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "jiedao_desk"

# Words a clerk sees and knows by these names.
ALLOWED = {
    "Excel": "the spreadsheet program the district's templates come in",
    "PDF": "the file type clerks save and print",
    "Ctrl": "a key name printed on the keyboard",
    "Esc": "a key name printed on the keyboard",
    "MB": "a file size, as every file manager shows it",
    "GB": "a file size, as every file manager shows it",
    "DB": "the prefix of a Beijing local standard's number (DB11/T …), printed on it",
    "backups": "the name of the backup folder, as the clerk sees it in the file manager",
}
# Texts in files this test does not own, or that no clerk reads, with the reason.
EXEMPT = {
    # the GUI's own command-line option help (console, started by IT)
    ("ui/app.py", "数据库文件（默认：用户数据目录下的 jiedao-desk.sqlite3）"),
    ("ui/app.py", "显示 Qt 版本、输入法模块、中文翻译和节假日清单的检查结果后退出"),
    # a programming error raised before any window exists
    ("ui/app.py", "jiedao-desk 的图形界面需要 QApplication，而不是 QCoreApplication。"),
}
CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z][A-Za-z]+")
NOT_WORDS = (
    re.compile(r"<[^>]*>"),  # rich-text markup
    re.compile(r"\((\*\.\w+[ ;]*)+\)|\(\*\)"),  # file-type filters
    re.compile(r"\.(xlsx|pdf|toml|png|jpe?g|ttf|ttc)\b"),  # a file name's extension
    re.compile(r"&\w+;"),  # HTML entities
)
# Qt calls whose string argument is shown as it is.
SHOWN = {"setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setStatusTip",
         "setInformativeText", "setTitle", "addItem", "addItems", "addTab", "addAction",
         "addButton", "setHorizontalHeaderLabels", "information", "warning", "critical",
         "question", "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox",
         "QAction", "QMenu", "setAccessibleName"}


LOGGERS = {"log", "logger", "logging", "_log", "LOG"}  # messages for the log file


def _sources() -> list[Path]:
    pages = [p for p in (ROOT / "domains").rglob("*.py")
             if "pages" in p.parts or p.name == "pages.py"]
    return sorted([*(ROOT / "ui").rglob("*.py"), *pages])


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _literal_parts(node: ast.AST) -> list[ast.Constant]:
    """The literal text of an argument: a string, an f-string's fixed parts, both branches
    of ``a if c else b`` and the parts of ``a + b`` / ``a or b`` (not what is looked up)."""
    if isinstance(node, ast.Constant):
        return [node]
    if isinstance(node, ast.JoinedStr):
        return [v for v in node.values if isinstance(v, ast.Constant)]
    if isinstance(node, ast.IfExp):
        return [*_literal_parts(node.body), *_literal_parts(node.orelse)]
    if isinstance(node, ast.BoolOp):
        return [p for v in node.values for p in _literal_parts(v)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*_literal_parts(node.left), *_literal_parts(node.right)]
    return []


def _shown_args(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = getattr(getattr(func, "value", None), "id", "")
        if name not in SHOWN or owner in LOGGERS:
            continue
        # addItem(text, data): the data is a code, not shown
        args = node.args[:1] if name == "addItem" else node.args
        out.update(id(part) for arg in args for part in _literal_parts(arg))
    return out


def english_words(text: str) -> list[str]:
    """The English words of ``text`` a user would read (markup and file types left out)."""
    for pattern in NOT_WORDS:
        text = pattern.sub(" ", text)
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def visible_english() -> list[str]:
    """"file:line: text" for every user-visible literal with English words in it."""
    found = []
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs, shown = _docstrings(tree), _shown_args(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = node.value
            if id(node) in docs or (rel, text) in EXEMPT:
                continue
            if (CJK.search(text) or id(node) in shown) and english_words(text):
                found.append(f"{rel}:{node.lineno}: {text!r}")
    return found


def test_no_english_words_on_screen():
    assert visible_english() == []


def test_the_scan_finds_what_it_should():
    assert english_words("请用 catalog import 导入") == ["catalog", "import"]
    assert english_words("保存 PDF…") == []
    assert english_words("<p style='color:#555'>说明</p>") == []
    assert english_words("Excel 工作簿 (*.xlsx);;所有文件 (*)") == []
    assert english_words("文书样张.pdf") == []
    assert english_words("放入 forms/ 目录") == ["forms"]
