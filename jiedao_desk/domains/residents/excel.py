# SPDX-License-Identifier: MIT
"""The resident register in Excel: the ``import residents`` file and the 居民信息台账 ledger."""

from __future__ import annotations

from jiedao_desk.base.actor import Actor
from jiedao_desk.core.imports import ImportColumn, ImportSpec
from jiedao_desk.core.ledgers import Ledger
from jiedao_desk.domains.residents import service as residents
from jiedao_desk.domains.residents import store as residents_store
from jiedao_desk.store import Store
from jiedao_desk.store.lists import ListSource


def _residents(store: Store, community_id: int | None, search: str,
               sort: str | None) -> ListSource:
    source = residents_store.list_source(store, community_id)
    if search:
        source.set_search(search)
    if sort:
        source.set_sort(sort)
    return source


LEDGER = Ledger("residents", "居民信息台账", _residents, ("name", "birth_date", "address"),
                ("community_id",), "resident.view")


def _save_resident(store: Store, actor: Actor, v: dict) -> None:
    residents.add_resident(store, actor, v["community_id"], v["name"], v["id_number"],
                           phone=v["phone"] or "", address=v["address"] or "",
                           household_no=v["household_no"] or "", notes=v["notes"] or "",
                           flags=v.get("flags") or "")


def _resident_clashes(store: Store, v: dict) -> list[tuple[str, str]]:
    found = []
    choices = residents.flag_choices(store)
    unknown = [f for f in residents.split_flags(v.get("flags")) if f not in choices]
    if unknown:  # caught at the check, so a dry run reports it too
        found.append(("flags", f"未知的居民标记“{'、'.join(unknown)}”，"
                               f"可选：{'、'.join(choices)}。"))
    if not v.get("id_number"):
        return found
    other = residents_store.find_live_by_id_number(store, v["id_number"])
    if other is not None:
        found.append(("id_number",
                      f"已登记在“{other['community_name']}”（居民：{other['name']}）。"))
    return found


IMPORT = ImportSpec(
    name="residents", title="居民信息", entity="resident", permission="resident.edit",
    columns=(
        ImportColumn("community_id", "社区", ("社区名称", "所属社区", "社区代码", "居委会"),
                     "community", required=True, note="社区名称或社区代码，须已在“设置”中添加。"),
        ImportColumn("name", "姓名", ("居民姓名",), "text", required=True, max_length=30),
        ImportColumn("id_number", "身份证号", ("身份证号码", "公民身份号码", "证件号码"),
                     "id_card", unique=True,
                     note="18位；性别和出生日期由此自动识别。可不填；同一文件内不能重复。"),
        ImportColumn("phone", "电话", ("联系电话", "手机", "手机号", "手机号码"), "phone",
                     note="手机或固定电话；固定电话不写区号时按 010。"),
        ImportColumn("address", "住址", ("地址", "现住址", "居住地址"), "text", max_length=100),
        ImportColumn("household_no", "户号", (), "text", max_length=30),
        ImportColumn("notes", "备注", (), "text", max_length=500),
        ImportColumn("flags", "标记", ("居民标记",), "text", max_length=100,
                     note="可不填；多个标记用顿号分隔，须在“设置”的居民标记列表中，如“老年人、低保”。"),
    ),
    save=_save_resident, check_db=_resident_clashes,
    help=("每行一位居民。身份证号、电话列请保持“文本”格式，否则 Excel 会把18位号码改成科学计数法"
          "并丢失末几位。",),
)
