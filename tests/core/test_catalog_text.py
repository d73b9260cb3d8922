# SPDX-License-Identifier: MIT
"""The shipped catalogue files read in Chinese on screen, and the files themselves never
change under a label (databases and other sites know a version by its label and checksum)."""

import hashlib
import re
import tomllib

import pytest

from jiedao_desk import paths
from jiedao_desk.core import catalog_text

FOLDER = paths.resources_dir() / "catalogs"
# A shipped version is identified by its label in every database that loaded it and by the
# SHA-256 of its file in the exchange between sites: a correction ships as a new label.
SHIPPED = {
    "approved_forms--2019.toml": "6d1707a6be7f0b827246c25d3ac23d25815d03d7c0bfec16a9047cbc3307779f",
    "certificate_catalog--2019-08.toml":
        "d822e7de67814f4ed0800ed0a77f6b94b78c18f3e45c94b156e7945ebd083aae",
    "certificate_catalog--2019-12.toml":
        "80b6697a3ccbc16cc50b63d7f47ff8caa099ffb07d04bb6145485b115967b4f0",
    "certificate_denylist--2020.toml":
        "1c5410fa521253095c84eea666ab179b384ad1f255855c3bed1efa5b14685f86",
    "discretion_standard--2023.toml":
        "969ccbed5a3e579349cd49372d609efa6b66873d55bd2c3a5c404ecffde028a9",
    "discretion_standard--2026.toml":
        "1c16c0f01f683c7004ecde0106c3250b72a8855e055ca9bf99c79b6e46ff8564",
    "dispute_type--huangshi-2016.toml":
        "d3452cd2d9777855820275edddd44c2f03c5a7f25065f21ccf25cb2b2778bbf9",
    "document_wording--sample-b0fd5b1d.toml":
        "a6ffaca253d04aedc640646905c96abd1e576ef2630cdf74b4d29b3a59b44151",
    "duty_list--2019-12.toml": "1da612b1a4673d4eac7573957262ee4d142d376708bd23923e7d8d68ce3fa02a",
    "enforcement_power--2020.toml":
        "a4ef9b40fa1638625e0d91dd3995cb616b858111eb5801e9adf3a106b28e8ff6",
    "enforcement_power--reference-sample.toml":
        "513938c171dcc7e974b24ee73407f4896a11d0fe650cbb758e9640ed9a489049",
    "holiday_notice--2027-pending.toml":
        "b46a250ba87ba839abf7b0590614e64cec6ce1f5977470c56eeb54336a97cb8b",
    "hotline_claim_type--2021.toml":
        "b1516406df93aaa33515565ab400fb1d135aa7b6b5b6d79182b79b9920ce8413",
    "role_verb--2019-08.toml": "7db44edb1ef4707dd4e6b7313ef19faeb7520ce5c86d9ec27f1955453f1013bc",
    "role_verb--2019-12.toml": "ff8c0c171480e9029db32bf8e9de9da4029f16cbbdce42e53c2679b53d04fbe7",
    "samples/approved_forms--sample.toml":
        "2ee25d50284f520320ff2811d1be7d36fe143cf5ff698968779e627926418a35",
    "samples/certificate_catalog--sample.toml":
        "03c32b5d8c138541ae0cc23eb2f87d7a5ce758cfc5506c67ac71fc16047a1327",
    "samples/duty_list--sample.toml":
        "8e282763111b0ec3f47d31f066c75fcede20fafed98f0ca974eba6776226c84e",
}
# web addresses are the sources a clerk may look up; they stay as written
ADDRESS = re.compile(r"https?://\S+|[\w-]+(?:\.[\w-]+)+(?:/[\w./?=&%-]*)?")
WORD = re.compile(r"[A-Za-z]{2,}")


def _files():
    return sorted([*FOLDER.glob("*.toml"), *FOLDER.glob("samples/*.toml")])


def test_shipped_files_are_never_edited_under_their_label():
    found = {str(f.relative_to(FOLDER)): hashlib.sha256(f.read_bytes()).hexdigest()
             for f in _files()}
    assert found == SHIPPED


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_what_a_clerk_reads_of_a_shipped_file_has_no_english(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    version = data["version"]
    shown = [catalog_text.label_text(version["label"]), catalog_text.notes_text(version["notes"])]
    if not path.name.startswith("document_wording"):  # its items are template text
        for item in data.get("items", []):
            shown += [catalog_text.notes_text(item.get("notes", "")),
                      catalog_text.extra_text(item.get("extra", {}))]
    english = [w for text in shown for w in WORD.findall(ADDRESS.sub("", text))]
    assert english == []


def test_labels_codes_and_references_in_words():
    assert catalog_text.label_text("2027-pending") == "2027（待正式通知）"
    assert catalog_text.label_text("2019-12") == "2019-12"  # a plain date label stays
    text = catalog_text.notes_text("见 role_verb--2019-08.toml；"
                                   "参考资料 access-lists.md §2.1 标为 B，"
                                   "effective_to 留空；编号为B（非官方编号）")
    assert text == ("见 《社区工作方式》2019-08版本；参考资料标为 只见于产品说明，失效日期 留空；"
                    "编号为B（非官方编号）")
    assert catalog_text.extra_text({"devolved": "unknown", "fine_min": 50,
                                    "fine_variants": [{"condition": "拒不改正", "max": 200}]}) \
        == "是否已下放：未知；罚款下限（元）：50；其他情形：情形：拒不改正，上限（元）：200"
    assert catalog_text.extra_text({"street_own_key": "本街道自定"}) == "street_own_key：本街道自定"
