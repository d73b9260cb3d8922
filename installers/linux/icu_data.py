# SPDX-License-Identifier: MIT
"""A smaller ``libicudata.so.73`` for the Linux bundle: Qt's ICU data (31 MB) reduced to what a
Chinese office desk uses (about 9.5 MB).

Qt 6 uses ICU for QCollator, the text converters beyond UTF/Latin-1 (QStringDecoder by name,
QXmlStreamReader, clipboard charsets), some locale casing and as a time-zone fallback; Qt's
own CLDR tables serve QLocale's formats and names. Kept: every item that is not per-locale or a
converter (Unicode properties, normalization, break rules, time zones, supplemental data,
converter aliases), the root, ``en*`` and ``zh*`` locale data in every tree (zh collation: pinyin,
stroke, zhuyin), the CJK break dictionary, the single-byte converters and the Chinese multi-byte
ones (GB18030, GBK/cp936, GB2312/EUC-CN, Big5, Big5-HKSCS). Removed: the locale data of the other
~700 locales, the transliterators (Qt has no API for them) and the Japanese/Korean/EBCDIC
multi-byte converters. An item a kept item depends on stays (icupkg names them).

The data is the ``icudt73_dat`` symbol's section, an ICU common-data package (``CmnD``); Debian's
``icupkg`` (package icu-devtools, ICU 72: the package format is the same since ICU 3.6) removes the
items, and binutils' ``as`` and ``ld`` link the result into a data-only library with the same
soname and symbol. It needs no C library at all, so it asks for no glibc version.

    python3 icu_data.py LIBICUDATA OUT_DIR     # prints the new library's path
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

# Locale-named items: "zh_Hans_CN.res", "de__PHONEBOOK.res" (collation variants), "es_.res".
LOCALE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]*)*\.res")
KEEP_LOCALE = re.compile(r"(root|pool|res_index|en|en_.*|zh|zh_.*)\.res")
# Multi-byte converters kept although large: GB18030, GBK (windows-936 and IBM's), GB2312
# (EUC-CN), Big5 (windows-950 and IBM's), Big5-HKSCS; every converter under the size limit stays.
KEEP_CONVERTERS = {"gb18030", "windows-936-2000", "ibm-1386_P100-2001", "ibm-1383_P110-1999",
                   "windows-950-2000", "ibm-1373_P100-2002", "ibm-1375_P100-2008",
                   "ibm-5471_P100-2006"}
SMALL_CONVERTER = 32 * 1024  # single-byte tables are 1–20 KB
MAGIC = b"\xda\x27"


def items(package: bytes) -> dict[str, int]:
    """Item name (without the ``icudt73l/`` prefix) → size in bytes, from a CmnD package."""
    header = struct.unpack_from("<H", package, 0)[0]
    if package[2:4] != MAGIC or package[12:16] != b"CmnD":
        raise ValueError("not an ICU common-data package (CmnD, little-endian)")
    count = struct.unpack_from("<I", package, header)[0]
    toc = [struct.unpack_from("<II", package, header + 4 + 8 * i) for i in range(count)]
    names = []
    for name_at, _ in toc:
        start = header + name_at
        names.append(package[start:package.index(b"\0", start)].decode("ascii").split("/", 1)[1])
    ends = [data_at for _, data_at in toc][1:] + [len(package) - header]
    return {name: end - data_at for name, (_, data_at), end in zip(names, toc, ends, strict=True)}


def unwanted(name: str, size: int) -> bool:
    """Whether an item goes (before icupkg's dependency check)."""
    parts = name.split("/")
    leaf = parts[-1]
    if parts[0] == "translit":
        return True
    if LOCALE.fullmatch(leaf):
        return not KEEP_LOCALE.fullmatch(leaf)
    if len(parts) == 1 and leaf.endswith(".cnv"):
        return size > SMALL_CONVERTER and leaf[:-4] not in KEEP_CONVERTERS
    return False


def reduce(package: Path, out: Path, icupkg: str = "icupkg") -> list[str]:
    """Write the reduced package to ``out`` (its file name must be the original's: ICU looks
    items up as ``icudt73l/...``); return the removed item names. A removed item that a kept
    one needs is put back, except that a converter alias of a removed converter goes too."""
    sizes = items(package.read_bytes())
    remove = {name for name, size in sizes.items() if unwanted(name, size)}
    listing = out.parent / "icu-remove.txt"
    for _ in range(20):
        listing.write_text("".join(f"{n}\n" for n in sorted(remove)), encoding="ascii")
        out.unlink(missing_ok=True)
        run = subprocess.run([icupkg, "-r", str(listing), str(package), str(out)],
                             capture_output=True, text=True)
        needs = re.findall(r"Item (\S+) depends on missing item (\S+)", run.stdout + run.stderr)
        if not needs:
            if run.returncode != 0 or not out.exists():
                raise RuntimeError(f"icupkg failed: {run.stdout}{run.stderr}")
            return sorted(remove)
        for user, needed in needs:
            if user.endswith(".cnv") and "/" not in user:
                remove.add(user)
            else:
                remove.discard(needed)
    raise RuntimeError("icupkg: item dependencies did not settle")


ASSEMBLY = """\
    .section .rodata
    .globl {symbol}
    .type {symbol}, @object
    .balign 16
{symbol}:
    .incbin "{data}"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack,"",@progbits
"""


def shrink(library: Path, work: Path) -> Path:
    """A reduced copy of ``library`` (libicudata.so.NN) in ``work``; its path."""
    for tool in ("icupkg", "objcopy", "objdump", "nm", "as", "ld"):
        if shutil.which(tool) is None:
            raise SystemExit(f"icu_data: {tool} missing (apt-get install icu-devtools binutils)")
    major = re.search(r"libicudata\.so\.(\d+)", library.name)
    if major is None:
        raise SystemExit(f"icu_data: {library.name} is not libicudata.so.NN")
    symbol = f"icudt{major.group(1)}_dat"
    work.mkdir(parents=True, exist_ok=True)
    symbols = subprocess.run(["nm", "-D", "-S", str(library)], capture_output=True, text=True,
                             check=True).stdout
    found = re.search(rf"^([0-9a-f]+) ([0-9a-f]+) R {symbol}$", symbols, re.M)
    if found is None:
        raise SystemExit(f"icu_data: {library} exports no {symbol}")
    section = work / "rodata.bin"
    subprocess.run(["objcopy", "-O", "binary", "--only-section=.rodata", str(library),
                    str(section)], check=True)
    start, size = int(found.group(1), 16), int(found.group(2), 16)
    base = int(subprocess.run(["objdump", "-h", str(library)], capture_output=True, text=True,
                              check=True).stdout.split(" .rodata ")[1].split()[1], 16)
    data = section.read_bytes()[start - base:start - base + size]
    (work / "full").mkdir(exist_ok=True)
    original = work / "full" / f"icudt{major.group(1)}l.dat"  # icupkg checks the name
    original.write_bytes(data)
    reduced_dir = work / "reduced"
    reduced_dir.mkdir(exist_ok=True)
    reduced = reduced_dir / f"icudt{major.group(1)}l.dat"
    removed = reduce(original, reduced)
    source = work / "icudata.s"
    source.write_text(ASSEMBLY.format(symbol=symbol, data=reduced), encoding="ascii")
    out = work / "lib" / library.name
    out.parent.mkdir(exist_ok=True)
    subprocess.run(["as", "-o", str(work / "icudata.o"), str(source)], check=True)
    subprocess.run(["ld", "-shared", "-soname", library.name, "-z", "noexecstack",
                    "-o", str(out), str(work / "icudata.o")], check=True)
    print(f"icu_data: {library.name} {len(data) // 1024} KB -> {reduced.stat().st_size // 1024} KB"
          f" ({len(removed)} of {len(items(data))} items removed)")
    return out


if __name__ == "__main__":
    print(shrink(Path(sys.argv[1]), Path(sys.argv[2])))
