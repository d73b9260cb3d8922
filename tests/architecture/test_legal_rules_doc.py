# SPDX-License-Identifier: MIT
"""docs/legal-rules.md lists exactly the periods and gates the program applies."""

from tests.tools import legal_rules


def test_legal_rules_document_matches_the_rules_tables():
    text = legal_rules.OUT.read_text(encoding="utf-8")
    assert text == legal_rules.render(), (
        "docs/legal-rules.md is out of date: run PYTHONPATH=. python -m tests.tools.legal_rules")
    assert "行政处罚法 第三十六条" in text and "民发〔2020〕20号" in text
