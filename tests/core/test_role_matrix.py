# SPDX-License-Identifier: MIT
"""Every command of the parser, run as every role on demo data, is allowed or refused exactly
as the permission model declares (core/permissions.py, each domain's ``SPEC.commands``), and
shows no confidential text (mediation and enforcement parties, residents' ID numbers) to a
role without the permission that opens it — on screen or in the files it writes.

The commands are taken from the parser itself, so a new command without a declared
permission fails here. The CLI does not read the declarations: a refusal can only come from
the core function the command calls, which is the same one the GUI calls.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from jiedao_desk import cli, registry
from jiedao_desk.core.permissions import NO_SIGN_IN, PERMISSIONS, ROLES, SIGNED_IN

from .role_matrix import PASSWORD, build, build_parser, leaves, output_text, sample_argv

REFUSED = "没有此项权限"
COMMANDS = {path: parser for path, parser in leaves(build_parser())}


def test_every_command_declares_who_may_run_it():
    declared = registry.command_permissions()
    names = {" ".join(path) for path in COMMANDS}
    assert names - set(declared) == set(), "commands without a declared permission"
    assert set(declared) - names == set(), "declared commands the parser does not have"
    for command, permission in declared.items():
        assert permission in PERMISSIONS or permission in (SIGNED_IN, NO_SIGN_IN), command


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    return build(tmp_path_factory.mktemp("matrix") / "demo")


def _audit(db) -> tuple[int, tuple]:
    """How many audit rows, and the newest one (action, user, detail)."""
    con = sqlite3.connect(db)
    try:
        return (con.execute("SELECT count(*) FROM audit_log").fetchone()[0],
                con.execute("SELECT action, actor_id, after_json FROM audit_log ORDER BY id DESC"
                            " LIMIT 1").fetchone())
    finally:
        con.close()


CASES = [(path, role) for path in COMMANDS for role in ROLES]


@pytest.mark.parametrize(("path", "role"), CASES,
                         ids=[f"{'-'.join(p)}[{r}]" for p, r in CASES])
def test_command_as_role(path, role, demo, tmp_path, monkeypatch, capsys):
    permission = registry.command_permissions()[" ".join(path)]
    allowed = permission in (SIGNED_IN, NO_SIGN_IN) or role in PERMISSIONS[permission]
    db = demo.copy_to(tmp_path / "run")
    out = tmp_path / "out"
    argv = ["--db", str(db), *sample_argv(path, COMMANDS[path], demo, out)]
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Another-desk-2027!")
    if permission != NO_SIGN_IN:
        # Signed in as the role's user (sign-in itself is tested in tests/core/test_auth.py).
        def signed_in(ctx):
            ctx._actor = demo.actors[role]
            return ctx._actor

        monkeypatch.setattr(cli.Context, "actor", property(signed_in))
    before, _ = _audit(db)
    try:
        code = cli.main(argv)
    except SystemExit as e:  # argparse rejected the sample: the sample table is out of date
        pytest.fail(f"sample arguments do not parse ({e}): {argv}")
    captured = capsys.readouterr()
    err = captured.err
    text = output_text(captured.out + err, sorted(tmp_path.glob("out.*")))
    for permission_needed, secrets in demo.ids["secrets"].items():
        if role not in PERMISSIONS[permission_needed]:
            leaked = sorted(s for s in secrets if s in text)
            assert not leaked, f"{' '.join(path)} showed {role} what needs " \
                               f"{permission_needed}: {leaked[:5]}"
    if allowed:
        assert REFUSED not in err, f"{' '.join(path)} refused to {role}: {err}"
    else:
        assert code == 1 and REFUSED in err, \
            f"{' '.join(path)} not refused to {role} (needs {permission}): exit {code} {err}"
        # nothing written but the refusal itself, audited as the user's (who, what, when)
        rows, (action, user_id, detail) = _audit(db)
        assert rows == before + 1 and action == "auth.refused", "refused: wrote or not audited"
        assert user_id == demo.actors[role].user_id
        assert json.loads(detail)["what"] == " ".join(path)
        assert not list(tmp_path.glob("out.*")), "a refused command wrote a file"


@pytest.mark.parametrize("path", list(COMMANDS), ids=["-".join(p) for p in COMMANDS])
def test_database_without_users_runs_only_what_needs_no_sign_in(path, demo, tmp_path, capsys,
                                                                monkeypatch):
    """A file without accounts (new, or a bad copy) opens nothing but set-up: no command
    reads or writes a record unnamed."""
    permission = registry.command_permissions()[" ".join(path)]
    db = demo.copy_to(tmp_path / "run", users=False)
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Another-desk-2027!")
    argv = ["--db", str(db), *sample_argv(path, COMMANDS[path], demo, tmp_path / "out")]
    before, _ = _audit(db)
    code = cli.main(argv)
    err = capsys.readouterr().err
    if permission == NO_SIGN_IN or COMMANDS[path].get_default("system_ok"):
        assert "还没有用户" not in err  # set-up (init) and the file checks
    else:
        assert code == 1 and "还没有用户" in err, f"{' '.join(path)} ran without a user: {err}"
        assert _audit(db)[0] == before and not list(tmp_path.glob("out.*"))
