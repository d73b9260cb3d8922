# SPDX-License-Identifier: MIT
"""The ``mediation`` CLI drives the same core functions end to end."""

from __future__ import annotations

import json

from jiedao_desk.cli import main


def run(capsys, db, *args):
    code = main(["--db", db, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_lifecycle(tmp_path, capsys):
    db = str(tmp_path / "m.sqlite3")
    assert run(capsys, db, "init", "--street", "和平街道")[0] == 0
    assert run(capsys, db, "org", "add-community", "和平里社区", "HPL")[0] == 0
    code, out, err = run(capsys, db, "--json", "mediation", "register", "--committee", "HPL",
                         "--source", "application", "--form", "written", "--type", "邻里纠纷",
                         "--summary", "噪音", "--claim", "停止噪音",
                         "--party", "role=applicant,name=张三,id=11010519491231002X",
                         "--party", "role=respondent,name=李四,phone=13800138000")
    assert code == 0, err
    case = json.loads(out)
    assert case["case_number"] == "（2026）和平里人调字第1号"
    assert case["parties"][0]["id_number"] == "110105********002X"  # masked in output
    cid = str(case["id"])
    steps = [("accept", cid), ("assign", cid, "--mediator", "赵"), ("notify", cid),
             ("record", cid, "--kind", "session", "--field", "place=调解室",
              "--field", "matter=噪音", "--field", "content=同意"),
             ("agree", cid, "--facts", "夜间噪音", "--term", "22点后不再施工",
              "--manner", "自行履行", "--deadline", "2026-12-01", "--amount", "300")]
    for step in steps:
        code, out, err = run(capsys, db, "mediation", *step)
        assert code == 0, (step, err)
    code, out, _ = run(capsys, db, "mediation", "show", cid)
    assert "司法确认申请期限：2026-12-23" in out and "110105********002X" in out
    pdf = tmp_path / "a.pdf"
    code, out, err = run(capsys, db, "mediation", "doc", cid, "mediation_agreement", "-o",
                         str(pdf))
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "s.xlsx"
    code, out, _ = run(capsys, db, "--json", "mediation", "stats", "--month", "2026-11",
                       "--xlsx", str(xlsx))
    total = json.loads(out)[-1]
    assert (total["accepted"], total["succeeded"], total["amount_yuan"]) == (1, 1, 300.0)
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[2][:4] == ["和平里社区人民调解委员会", 1, 1, 100.0]
    assert rows[3][:3] == ["合计", 1, 1] and ["邻里纠纷", 1, 100.0] in [r[:3] for r in rows]
    code, _, err = run(capsys, db, "mediation", "archive", cid)
    assert code == 1 and "不能归档" in err
    code, out, _ = run(capsys, db, "mediation", "list")
    assert "张三、李四" in out and "11010519" not in out
