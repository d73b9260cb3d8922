#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build a CPython 3.11 with a shared libpython that runs on glibc 2.28 (统信UOS V20, 银河麒麟 V10),
# on any x86_64 Linux build machine, without a container: every C file is compiled by
# `zig cc -target x86_64-linux-gnu.2.28` (the `ziglang` wheel from PyPI, hash-pinned in
# installers/linux/toolchain.lock), which links against glibc 2.28's symbol versions whatever the
# build machine's glibc is. The sources are Debian 12's source packages (orig tarballs, and for
# CPython the security patches of its Debian series): CPython, and the libraries its modules link,
# built as static PIC archives so that no library of the build machine ends up in the
# interpreter: zlib, bzip2, xz (lzma), libffi (ctypes), SQLite (sqlite3, with Debian's compile
# options: FTS5, JSON, math functions…), OpenSSL (hashlib, ssl).
#
# Usage: installers/linux/build-python-glibc228.sh [--check] OUTDIR
#   --check: exit 0 when OUTDIR holds a finished interpreter of this script, 1 otherwise (no build)
#   OUTDIR/python/bin/python3.11  the interpreter (libpython3.11.so in OUTDIR/python/lib)
#   OUTDIR/work/                  sources, objects, the toolchain (kept for the next run)
# A finished interpreter is reused while OUTDIR/python/BUILT matches this script and the lock;
# remove OUTDIR to start over. Nothing outside OUTDIR is written, except `apt-get install tcl`
# when run as root without tclsh (SQLite's amalgamation is generated with it).
# About half an hour on 2 cores the first time (OpenSSL and CPython take most of it).
set -euo pipefail
CHECK=0
if [ "${1:-}" = --check ]; then CHECK=1; shift; fi
[ $# = 1 ] || { echo "usage: $0 [--check] OUTDIR" >&2; exit 2; }
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ "$CHECK" = 1 ] && [ ! -d "$1" ]; then exit 1; fi
mkdir -p "$1"
OUT="$(cd "$1" && pwd)"
WORK="$OUT/work"; DEPS="$WORK/deps"; PREFIX="$OUT/python"
JOBS="${JOBS:-$(nproc)}"
TARGET=x86_64-linux-gnu.2.28

stamp="$(cat "$0" "$HERE/toolchain.lock" | sha256sum | cut -c1-16)"
if [ -x "$PREFIX/bin/python3.11" ] && [ "$(cat "$PREFIX/BUILT" 2>/dev/null)" = "$stamp" ]; then
  [ "$CHECK" = 1 ] || echo "python for glibc 2.28: reusing $PREFIX"
  exit 0
fi
[ "$CHECK" = 0 ] || exit 1
mkdir -p "$WORK/src" "$WORK/bin" "$DEPS"
log() { echo "build-python-glibc228: $*"; }

# --- toolchain: zig from PyPI (hash-checked), wrapped as cc/c++/ar/ranlib ---
if [ ! -x "$WORK/tools/bin/python" ]; then
  python3 -m venv "$WORK/tools"
  "$WORK/tools/bin/pip" install -q --require-hashes --only-binary :all: -r "$HERE/toolchain.lock"
fi
ZIG="$("$WORK/tools/bin/python" -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')"
export ZIG_GLOBAL_CACHE_DIR="$WORK/zig-cache" ZIG_LOCAL_CACHE_DIR="$WORK/zig-cache"
# zig cc adds UBSan traps to unoptimised builds (CPython's function-pointer casts would trip
# them) and makes __DATE__ an error (CPython's build info uses it).
for tool in cc c++; do
  printf '#!/bin/sh\nexec "%s" %s -target %s -fno-sanitize=all -Wno-date-time "$@"\n' \
    "$ZIG" "$tool" "$TARGET" \
    >"$WORK/bin/$tool"
done
printf '#!/bin/sh\nexec "%s" ar "$@"\n' "$ZIG" >"$WORK/bin/ar"
printf '#!/bin/sh\nexec "%s" ranlib "$@"\n' "$ZIG" >"$WORK/bin/ranlib"
chmod +x "$WORK/bin/"*
export CC="$WORK/bin/cc" CXX="$WORK/bin/c++" AR="$WORK/bin/ar" RANLIB="$WORK/bin/ranlib"
export CFLAGS="-O2 -fPIC" CPPFLAGS="-I$DEPS/include" LDFLAGS="-L$DEPS/lib"
export PKG_CONFIG_PATH="$DEPS/lib/pkgconfig" PKG_CONFIG_LIBDIR="$DEPS/lib/pkgconfig"

# --- sources: Debian 12's source packages through a private apt list (no change to the system's) ---
APT=(-o "Dir::Etc::SourceList=$WORK/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
     -o "Dir::State::Lists=$WORK/apt/lists" -o "Dir::Cache=$WORK/apt/cache" -qq)
# Orig tarballs of every package; for CPython also Debian's patches (its security fixes).
if [ ! -e "$WORK/apt/fetched" ] || ! ls "$WORK/src"/python3.11_*.debian.tar.* >/dev/null 2>&1; then
  mkdir -p "$WORK/apt/lists/partial" "$WORK/apt/cache/archives/partial"
  echo "deb-src http://deb.debian.org/debian bookworm main" >"$WORK/apt/sources.list"
  apt-get "${APT[@]}" update
  (cd "$WORK/src" && for pkg in python3.11 zlib bzip2 xz-utils libffi sqlite3 openssl; do
     only=(--tar-only); [ "$pkg" = python3.11 ] && only=()
     apt-get "${APT[@]}" source --download-only "${only[@]}" "$pkg" 2>&1 \
       | grep -v '^W: Download is performed unsandboxed' || true
   done)
  ls "$WORK/src"/python3.11_*.debian.tar.* >/dev/null
  touch "$WORK/apt/fetched"
fi
unpack() {  # unpack NAME: the orig tarball of Debian source package NAME, into work/build/
  local tarball dir
  tarball="$(ls "$WORK/src/$1"_*.orig.tar.* | grep -v -e '-www' -e '\.asc$' | head -1)"
  rm -rf "$WORK/build/$1"; mkdir -p "$WORK/build/$1"
  tar -xf "$tarball" -C "$WORK/build/$1" --strip-components=1
  cd "$WORK/build/$1"
}
# Each step logs to work/log/NAME.log; a failing one shows its last lines.
mkdir -p "$WORK/log"
CURLOG=/dev/null
trap 'rc=$?; [ $rc = 0 ] || { tail -40 "$CURLOG" >&2; echo "build-python-glibc228: FAILED (log: $CURLOG)" >&2; }' EXIT
step() {  # step NAME: run build_NAME once (a stamp in work/deps marks it done)
  [ -e "$DEPS/.$1" ] && return 0
  log "$1"; CURLOG="$WORK/log/$1.log"
  "build_$1" >"$CURLOG" 2>&1
  touch "$DEPS/.$1"
}

build_zlib() { unpack zlib
  ./configure --static --prefix="$DEPS"
  make -j"$JOBS" libz.a && make install; }
build_bzip2() { unpack bzip2
  make -j"$JOBS" CC="$CC" AR="$AR" RANLIB="$RANLIB" CFLAGS="$CFLAGS -D_FILE_OFFSET_BITS=64" libbz2.a
  install -D -m644 libbz2.a "$DEPS/lib/libbz2.a"; install -D -m644 bzlib.h "$DEPS/include/bzlib.h"; }
build_xz() { unpack xz-utils
  ./configure --prefix="$DEPS" --libdir="$DEPS/lib" --disable-shared --enable-static --with-pic \
    --disable-xz --disable-xzdec --disable-lzmadec --disable-lzmainfo --disable-scripts \
    --disable-doc --disable-nls
  make -j"$JOBS" && make install; }
build_libffi() { unpack libffi
  # libffi 3.4.4 calls a function before declaring it, an error for clang 16 and later.
  CFLAGS="$CFLAGS -Wno-error=implicit-function-declaration" ./configure --prefix="$DEPS" \
    --libdir="$DEPS/lib" --disable-shared --enable-static --with-pic --disable-docs \
    --disable-multi-os-directory
  make -j"$JOBS" && make install; }
build_sqlite() { unpack sqlite3
  command -v tclsh >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq tcl; }
  # The amalgamation is generated with the build machine's own compiler and tclsh.
  CC=gcc CFLAGS= CPPFLAGS= LDFLAGS= ./configure && make sqlite3.c
  # Debian 12's compile options (debian/rules of sqlite3 3.40.1), so the app sees the same SQLite.
  local opts=(-DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ENABLE_FTS3
    -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS3_TOKENIZER -DSQLITE_ENABLE_FTS4
    -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_JSON1 -DSQLITE_ENABLE_MATH_FUNCTIONS
    -DSQLITE_ENABLE_LOAD_EXTENSION -DSQLITE_ENABLE_PREUPDATE_HOOK -DSQLITE_ENABLE_RTREE
    -DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_STMTVTAB -DSQLITE_ENABLE_UNLOCK_NOTIFY
    -DSQLITE_ENABLE_UPDATE_DELETE_LIMIT -DSQLITE_LIKE_DOESNT_MATCH_BLOBS -DSQLITE_MAX_SCHEMA_RETRY=25
    -DSQLITE_MAX_VARIABLE_NUMBER=250000 -DSQLITE_SECURE_DELETE -DSQLITE_SOUNDEX -DSQLITE_THREADSAFE=1
    -DSQLITE_USE_URI -DHAVE_ISNAN)
  "$CC" $CFLAGS "${opts[@]}" -c sqlite3.c -o sqlite3.o
  rm -f libsqlite3.a && "$AR" rcs libsqlite3.a sqlite3.o
  install -D -m644 libsqlite3.a "$DEPS/lib/libsqlite3.a"
  install -D -m644 sqlite3.h "$DEPS/include/sqlite3.h"; install -m644 sqlite3ext.h "$DEPS/include/"; }
build_openssl() { unpack openssl
  ./Configure linux-x86_64 no-shared no-tests no-engine no-module --prefix="$DEPS" \
    --libdir=lib --openssldir=/etc/ssl CC="$CC" AR="$AR" RANLIB="$RANLIB"
  make -j"$JOBS" build_libs && make install_dev; }
for dep in zlib bzip2 xz libffi sqlite openssl; do step "$dep"; done

# --- CPython ---
build_python() { unpack python3.11
  # Debian 12's security fixes for 3.11.2 (every CVE and backported gh- patch of its series, and
  # the three upstream crash fixes they build on), not its Debian layout patches.
  tar -xf "$(ls "$WORK/src"/python3.11_*.debian.tar.* | tail -1)" debian/patches
  grep -E '^(CVE|[0-9]+-3\.11-|relfile-nullptr-dereference|frame_dealloc-crash|shutdown-deadlock)' \
    debian/patches/series >security-patches
  while read -r name; do patch -p1 -s -N <"debian/patches/$name"; done <security-patches
  # Two expat fixes include an internal header that needs Py_BUILD_CORE_MODULE, which Debian's
  # build defines for pyexpat and setup.py does not (3.12's pyexpat.c defines it itself).
  sed -i '1i #ifndef Py_BUILD_CORE_MODULE\n#  define Py_BUILD_CORE_MODULE 1\n#endif' Modules/pyexpat.c
  echo "applied $(wc -l <security-patches) patches of Debian's python3.11 series"
  # Modules left out: no terminal UI, Tk, dbm or NIS in the app; _crypt needs the system libcrypt.
  export py_cv_module__tkinter=n/a py_cv_module__curses=n/a py_cv_module__curses_panel=n/a \
    py_cv_module_readline=n/a py_cv_module__dbm=n/a py_cv_module__gdbm=n/a py_cv_module_nis=n/a \
    py_cv_module__crypt=n/a py_cv_module__uuid=n/a
  export LIBSQLITE3_CFLAGS="-I$DEPS/include" LIBSQLITE3_LIBS="-L$DEPS/lib -lsqlite3 -lm -lpthread"
  export LIBFFI_CFLAGS="-I$DEPS/include" LIBFFI_LIBS="-L$DEPS/lib -lffi"
  export ZLIB_CFLAGS="-I$DEPS/include" ZLIB_LIBS="-L$DEPS/lib -lz"
  export BZIP2_CFLAGS="-I$DEPS/include" BZIP2_LIBS="-L$DEPS/lib -lbz2"
  export LIBLZMA_CFLAGS="-I$DEPS/include" LIBLZMA_LIBS="-L$DEPS/lib -llzma"
  rm -rf "$PREFIX"
  # $ORIGIN: the interpreter finds its libpython wherever the folder is moved.
  ./configure --prefix="$PREFIX" --enable-shared --with-openssl="$DEPS" --with-ensurepip=install \
    --disable-test-modules \
    --without-static-libpython LDFLAGS="$LDFLAGS -Wl,-rpath,\\\$\$ORIGIN/../lib"
  # setup.py adds the build machine's /usr/include/<multiarch> and /usr/local to every extension
  # module: its glibc 2.36 headers would mix with the toolchain's 2.28 ones.
  python3 - <<'PATCH'
from pathlib import Path
p = Path("setup.py"); s = p.read_text()
s = s.replace("    def add_multiarch_paths(self):\n",
              "    def add_multiarch_paths(self):\n        return\n", 1)
s = s.replace("add_dir_to_list(self.compiler.library_dirs, '/usr/local/lib')", "pass", 1)
s = s.replace("add_dir_to_list(self.compiler.include_dirs, '/usr/local/include')", "pass", 1)
p.write_text(s)
PATCH
  # zig's linker takes the soname as -soname, not as the -h short form CPython writes, and
  # links nothing from a library alone: libpython3.so (the stable-ABI shim) gets an empty object.
  echo 'int _jiedao_py3_shim;' >py3shim.c && "$CC" $CFLAGS -c py3shim.c -o py3shim.o
  sed -i -e 's/-Wl,-h\$(INSTSONAME)/-Wl,-soname,$(INSTSONAME)/' \
    -e 's/-o \$@ -Wl,-h\$@ \$^/-o $@ -Wl,-soname,$@ py3shim.o $^/' Makefile
  make -j"$JOBS"
  make install
}
log CPython; CURLOG="$WORK/log/python.log"
build_python >"$CURLOG" 2>&1
"$PREFIX/bin/python3.11" - <<'EOF'
import ctypes, hashlib, lzma, bz2, ssl, sqlite3, zlib, decimal, pyexpat  # noqa: F401
con = sqlite3.connect(":memory:")
con.execute("create virtual table t using fts5(x, tokenize='trigram')")
print("python", __import__("sys").version.split()[0], "sqlite", sqlite3.sqlite_version, ssl.OPENSSL_VERSION)
EOF
# (objdump fails on the scripts among the executables: that is not a finding.)
top="$( { find "$PREFIX" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
  | xargs -0 objdump -T 2>/dev/null || true; } | grep -oE 'GLIBC_2\.[0-9]+' | sort -uV | tail -1)"
log "highest glibc symbol version in $PREFIX: $top"
[ "$top" = GLIBC_2.28 ] || [ "$(printf '%s\n' "$top" GLIBC_2.28 | sort -V | tail -1)" = GLIBC_2.28 ] \
  || { echo "build-python-glibc228: FAILED: needs $top" >&2; exit 1; }
echo "$stamp" >"$PREFIX/BUILT"
log "done: $PREFIX/bin/python3.11"
