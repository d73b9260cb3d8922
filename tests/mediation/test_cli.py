# SPDX-License-Identifier: MIT
"""The ``mediation`` CLI drives the same core functions end to end."""

from __future__ import annotations

import json

from jiedao_desk.cli import main


def run(capsys, db, *args):
    code = main(["--db", db, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_lifecycle(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "m.sqlite3")
    cli_admin(db)
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


def test_cli_corrections_and_new_documents(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "m.sqlite3")
    cli_admin(db)
    run(capsys, db, "init", "--street", "和平街道")
    code, out, err = run(capsys, db, "--json", "mediation", "register", "--committee", "street",
                         "--source", "当事人申请", "--form", "oral", "--type", "邻里纠纷",
                         "--summary", "噪音", "--party", "role=applicant,name=张三",
                         "--party", "role=respondent,name=李四")
    assert code == 0, err
    case = json.loads(out)
    assert case["source"] == "application"  # the Chinese label is accepted too
    cid, pid = str(case["id"]), str(case["parties"][1]["id"])
    code, out, err = run(capsys, db, "--json", "mediation", "list")
    assert code == 0 and "party_ids" not in json.loads(out)["rows"][0]
    code, out, err = run(capsys, db, "--json", "mediation", "edit", cid, "--summary", "夜间噪音",
                         "--claim", "停止施工")
    assert code == 0, err
    assert json.loads(out)["summary"] == "夜间噪音"
    code, out, err = run(capsys, db, "--json", "mediation", "party-edit", cid, "--party", pid,
                         "--set", "ethnicity=回族", "--set", "occupation=厨师")
    assert code == 0, err
    assert json.loads(out)["parties"][1]["ethnicity"] == "回族"
    run(capsys, db, "mediation", "accept", cid)
    code, out, err = run(capsys, db, "--json", "mediation", "record", cid, "--kind",
                         "investigation", "--field", "place=楼道", "--field", "content=测噪音")
    event = str(json.loads(out)["events"][0]["id"])
    code, out, err = run(capsys, db, "--json", "mediation", "record-edit", cid, "--event", event,
                         "--field", "content=夜间测噪音")
    assert code == 0, err
    assert json.loads(out)["events"][0]["detail"]["content"] == "夜间测噪音"
    code, out, err = run(capsys, db, "--json", "mediation", "record-void", cid, "--event", event,
                         "--reason", "重复")
    assert code == 0 and json.loads(out)["events"] == []
    code, _, err = run(capsys, db, "mediation", "record-void", cid, "--event", event,
                       "--reason", "再次")
    assert code != 0 and "已作废" in err
    pdf = tmp_path / "app.pdf"
    code, out, err = run(capsys, db, "mediation", "doc", cid, "mediation_application", "-o",
                         str(pdf))
    assert code == 0 and "已出具人民调解申请书" in out and pdf.read_bytes().startswith(b"%PDF")
    code, out, err = run(capsys, db, "mediation", "doc", cid, "mediation_case_note", "--note",
                         "当事人拒绝签名")
    assert code == 0 and "卷宗情况说明" in out
