# SPDX-License-Identifier: MIT
import pytest

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, PermissionDenied, ValidationError
from jiedao_desk.core import auth, settings, workdays
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import audit

PW = "Jiedao2026!"


@pytest.fixture
def admin(store):
    user = auth.create_first_admin(store, "admin", "王管理", PW)
    return auth.authenticate(store, user.username, PW)


@pytest.mark.parametrize(("password", "reason"), [
    ("short", "至少需要10位"),
    ("12345678901", "强度 [0-2]/4"),          # long enough, but a well-known sequence
    ("password1234", "常见"),                 # a common word with digits
    ("aaaaaaaaaaaa", "重复的字符"),            # refused however long
    ("        x         ", "至少需要10位"),   # spaces do not count
    ("admin-admin-1", "容易"),                # the user's own name
])
def test_weak_passwords_are_refused_with_the_reason(store, password, reason):
    with pytest.raises(ValidationError, match=reason) as exc:
        auth.create_first_admin(store, "admin", "王管理", password)
    assert exc.value.field == "password"
    assert store.scalar("SELECT COUNT(*) FROM app_user") == 0


def test_password_policy_boundary():
    assert auth.password_problem("Jiedao2026!", 10) == ""          # 11 characters, strong
    assert "至少需要12位" in auth.password_problem("Jiedao2026!", 12)  # the setting counts
    assert auth.password_problem("Reset2026x", 10) == ""            # exactly 10
    assert "至少需要10位" in auth.password_problem("Reset2026", 10)  # 9


def test_first_admin_only_once_and_no_weak_password(store):
    auth.create_first_admin(store, "admin", "王管理", PW)
    with pytest.raises(Conflict):
        auth.create_first_admin(store, "admin2", "李", PW)
    assert "$argon2id$" in store.scalar("SELECT password_hash FROM app_user")


def test_wrong_password_and_lockout(store, admin):
    auth.create_user(store, admin, "zhang", "张三", "street_staff", PW)
    for _ in range(4):
        with pytest.raises(PermissionDenied, match="用户名或密码不正确"):
            auth.authenticate(store, "zhang", "wrong-pass-1")
    with pytest.raises(PermissionDenied, match="已锁定"):
        auth.authenticate(store, "zhang", "wrong-pass-1")
    # even the right password is refused while locked
    with pytest.raises(PermissionDenied, match="锁定"):
        auth.authenticate(store, "zhang", PW)
    uid = store.scalar("SELECT id FROM app_user WHERE username='zhang'")
    auth.unlock(store, admin, uid)
    actor = auth.authenticate(store, "zhang", PW)
    assert actor.role == "street_staff"
    actions = [r["action"] for r in audit.query(store, entity="user")]
    assert actions.count("auth.login_failed") == 5 and "user.unlock" in actions
    assert audit.verify_chain(store) is None


def test_unknown_user_same_message(store, admin):
    with pytest.raises(PermissionDenied, match="用户名或密码不正确"):
        auth.authenticate(store, "nobody", PW)


def test_must_change_then_change(store, admin):
    u = auth.create_user(store, admin, "li", "李四", "readonly", PW)
    actor = auth.authenticate(store, "li", PW)
    assert auth.must_change_password(store, actor)
    with pytest.raises(PermissionDenied, match="原密码"):
        auth.change_password(store, actor, "bad", "NewPass2026")
    auth.change_password(store, actor, PW, "NewPass2026")
    assert not auth.must_change_password(store, actor)
    auth.reset_password(store, admin, u.id, "Reset2026x")
    assert auth.must_change_password(store, auth.authenticate(store, "li", "Reset2026x"))


def test_community_worker_must_be_bound(store, admin):
    c = org.add_community(store, admin, "甲社区", "001")
    with pytest.raises(ValidationError, match="绑定"):
        auth.create_user(store, admin, "w1", "赵", "community_worker", PW)
    u = auth.create_user(store, admin, "w1", "赵", "community_worker", PW, community_id=c.id)
    assert u.community_id == c.id and u.role_label == "社区工作者"


ROLE_ACTORS = {r: Actor(100 + i, f"用户{r}", r, 1 if r == "community_worker" else None)
               for i, r in enumerate(auth.ROLES)}


@pytest.mark.parametrize("role", [r for r in auth.ROLES if r != "admin"])
def test_only_admin_manages_org_settings_users(store, role):
    actor = ROLE_ACTORS[role]
    with pytest.raises(PermissionDenied, match="没有此项权限"):
        org.add_community(store, actor, "甲社区", "001")
    with pytest.raises(PermissionDenied):
        settings.set_value(store, actor, registry.setting("todo.due_soon_working_days"), 5)
    with pytest.raises(PermissionDenied):
        auth.create_user(store, actor, "x1", "x", "readonly", PW)
    assert store.scalar("SELECT COUNT(*) FROM community") == 0
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == 0


@pytest.mark.parametrize("role, allowed", [
    ("admin", True), ("street_staff", True), ("community_worker", False), ("mediator", False),
    ("enforcement_officer", False), ("readonly", False)])
def test_calendar_permission(store, role, allowed):
    actor = ROLE_ACTORS[role]
    if allowed:
        workdays.set_override(store, actor, "2031-01-01", False, "元旦")
    else:
        with pytest.raises(PermissionDenied):
            workdays.set_override(store, actor, "2031-01-01", False, "元旦")


def test_mediation_and_enforcement_are_confidential_from_each_other():
    med, enf = ROLE_ACTORS["mediator"], ROLE_ACTORS["enforcement_officer"]
    assert auth.can(med, "mediation.view") and not auth.can(med, "enforcement.view")
    assert auth.can(enf, "enforcement.view") and not auth.can(enf, "mediation.view")
    for role in ("community_worker", "street_staff", "readonly"):
        assert not auth.can(ROLE_ACTORS[role], "mediation.view")
        assert not auth.can(ROLE_ACTORS[role], "enforcement.view")


def test_community_worker_limited_to_own_community():
    w = ROLE_ACTORS["community_worker"]
    auth.require(w, "resident.edit", community_id=1)
    with pytest.raises(PermissionDenied, match="本社区"):
        auth.require(w, "resident.edit", community_id=2)
    assert auth.community_scope(w) == 1
    assert auth.community_scope(ROLE_ACTORS["street_staff"]) is None


def _login_worker(db_path: str, password: str) -> str:
    from jiedao_desk.core import auth as auth_mod
    from jiedao_desk.store import Store as StoreCls

    s = StoreCls.open(db_path)
    try:
        auth_mod.authenticate(s, "admin", password)
        return "ok"
    except Exception as exc:  # noqa: BLE001 - the message is what the test compares
        return str(exc)
    finally:
        s.close()


def test_twenty_parallel_wrong_passwords_lock_the_account(tmp_path):
    import concurrent.futures
    import multiprocessing

    from jiedao_desk.store import Store as StoreCls

    path = tmp_path / "lock.sqlite3"
    s = StoreCls.open(path)
    auth.create_first_admin(s, "admin", "管理员", PW)
    s.close()
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(8, mp_context=ctx) as pool:
        results = list(pool.map(_login_worker, [str(path)] * 20, ["wrong-guess"] * 20))
    assert all(r != "ok" for r in results)
    s = StoreCls.open(path)
    try:
        row = s.row("SELECT failed_count, locked_until FROM app_user WHERE username = 'admin'")
        assert row["locked_until"] is not None  # five failures locked it, however interleaved
        with pytest.raises(PermissionDenied, match="锁定"):
            auth.authenticate(s, "admin", PW)  # even the right password waits for the lock
        failed = s.rows("SELECT after_json FROM audit_log WHERE action = 'auth.login_failed'")
        assert len(failed) == 20 - sum("锁定到" in r for r in results)
    finally:
        s.close()


def test_a_voided_user_cannot_sign_in_or_act(store, admin, tmp_path, monkeypatch, capsys):
    auth.create_user(store, admin, "zhao", "赵六", "street_staff", PW)
    uid = store.scalar("SELECT id FROM app_user WHERE username='zhao'")
    assert auth.authenticate(store, "zhao", PW).user_id == uid  # before: signs in
    with pytest.raises(ValidationError, match="停用原因"):
        auth.void_user(store, admin, uid, " ")
    with pytest.raises(Conflict, match="不能停用自己"):
        auth.void_user(store, admin, admin.user_id, "离职")
    auth.void_user(store, admin, uid, "调离本街道")
    # the right password no longer opens it; the message is the one for an unknown user,
    # so that trying names tells nobody which accounts exist
    with pytest.raises(PermissionDenied, match="用户名或密码不正确"):
        auth.authenticate(store, "zhao", PW)
    with pytest.raises(Conflict, match="已经停用"):
        auth.void_user(store, admin, uid, "再次")
    assert [u.username for u in auth.list_users(store, admin) if u.voided] == ["zhao"]


def test_a_voided_user_is_refused_on_the_command_line(tmp_path, monkeypatch, capsys):
    from jiedao_desk.cli import main

    db = str(tmp_path / "v.sqlite3")
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", PW)
    assert main(["--db", db, "user", "create-admin", "boss"]) == 0
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", PW)
    assert main(["--db", db, "--user", "boss", "user", "add", "zhao", "--role",
                 "readonly"]) == 0
    assert main(["--db", db, "--user", "boss", "user", "void", "zhao", "--reason", "离职"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "--user", "zhao", "org", "list"]) == 1
    assert "用户名或密码不正确" in capsys.readouterr().err
