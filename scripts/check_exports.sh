#!/usr/bin/env bash
# Checks the ABI surface of libcleanlab.so:
#   1. the functions declared in include/cleanlab.h == abi/cleanlab.exports (sorted, exact);
#   2. the dynamic symbols the .so defines (nm -D --defined-only, version suffix @@CLEANLAB_1
#      stripped, the version node itself excluded) == abi/cleanlab.exports, and every one of them
#      carries the CLEANLAB_1 version;
#   3. the SONAME is libcleanlab.so (readelf -d);
#   4. ldd lists no Swift runtime library (libswift*, libdispatch, libFoundation*, libBlocksRuntime).
# Usage: scripts/check_exports.sh [path/to/libcleanlab.so]   (default .build/release/libcleanlab.so)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lib="${1:-$root/.build/release/libcleanlab.so}"
exports="$root/abi/cleanlab.exports"
header="$root/include/cleanlab.h"
version_node="CLEANLAB_1"

fail=0
pass=0
ok()  { echo "  ok: $*"; pass=$((pass + 1)); }
bad() { echo "  FAIL: $*"; fail=$((fail + 1)); }

for tool in nm readelf ldd diff; do
    command -v "$tool" >/dev/null || { echo "check_exports: '$tool' not found (install binutils)"; exit 2; }
done
[[ -f "$lib" ]] || { echo "check_exports: $lib not found: run 'make build' first"; exit 2; }
[[ -f "$exports" ]] || { echo "check_exports: $exports not found"; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "check_exports: $lib"

# 0. the list itself is sorted, unique, one plain name per line
LC_ALL=C sort -u "$exports" > "$tmp/exports.sorted"
if cmp -s "$exports" "$tmp/exports.sorted" && ! grep -qvE '^cl_[a-z0-9_]+$' "$exports"; then
    ok "abi/cleanlab.exports is sorted, unique, plain cl_* names ($(wc -l < "$exports") symbols)"
else
    bad "abi/cleanlab.exports must be sorted (LC_ALL=C), unique, one cl_* name per line"
fi

# 1. header declarations (every 'cl_name(' that is a function declaration)
# Strip comments first so names mentioned in prose do not count.
sed -e 's://.*$::' "$header" \
  | perl -0777 -pe 's{/\*.*?\*/}{}gs' \
  | grep -oE '\bcl_[a-z0-9_]+[[:space:]]*\(' \
  | sed -E 's/[[:space:]]*\($//' | LC_ALL=C sort -u > "$tmp/header.txt"
if diff -u "$exports" "$tmp/header.txt" > "$tmp/header.diff"; then
    ok "functions declared in include/cleanlab.h == abi/cleanlab.exports"
else
    bad "include/cleanlab.h declarations differ from abi/cleanlab.exports (- exports, + header):"
    cat "$tmp/header.diff"
fi

# 2. dynamic symbols defined by the library
nm -D --defined-only --format=posix "$lib" > "$tmp/nm.txt"
# posix format: NAME TYPE VALUE [SIZE]. Exported = global binding: an upper-case type letter (or
# 'u', GNU unique). Lower-case types are LOCAL entries that the linker keeps in .dynsym for
# relocations (e.g. Swift type metadata, libdispatch's TLS); they are not visible to users.
# The version node definition itself (CLEANLAB_1, type A) is not a symbol of the API.
awk -v node="$version_node" '($2 ~ /^[A-Zu]$/) && !($2 == "A" && ($1 == node || $1 == node "@@" node)) { print $1 }' \
    "$tmp/nm.txt" > "$tmp/names_versioned.txt"
nlocal="$(awk '$2 !~ /^[A-Zu]$/' "$tmp/nm.txt" | wc -l)"
if [[ "$nlocal" -gt 0 ]]; then
    echo "  note: $nlocal local (non-exported) entries in .dynsym ignored: $(awk '$2 !~ /^[A-Zu]$/ { print $1 }' "$tmp/nm.txt" | head -n 5 | tr '\n' ' ')"
fi
sed -E "s/@@?${version_node}\$//" "$tmp/names_versioned.txt" | LC_ALL=C sort -u > "$tmp/names.txt"
if diff -u "$exports" "$tmp/names.txt" > "$tmp/nm.diff"; then
    ok "exported symbols == abi/cleanlab.exports ($(wc -l < "$tmp/names.txt") symbols)"
else
    bad "exported symbols differ from abi/cleanlab.exports (- expected, + exported):"
    head -n 60 "$tmp/nm.diff"
fi
unversioned="$(grep -vE "@@${version_node}\$" "$tmp/names_versioned.txt" || true)"
if [[ -z "$unversioned" ]]; then
    ok "every exported symbol has the default version $version_node"
else
    bad "symbols without the @@$version_node version: $(echo "$unversioned" | head -n 10 | tr '\n' ' ')"
fi

# 3. SONAME
soname="$(readelf -d "$lib" | sed -nE 's/.*\(SONAME\).*\[(.*)\].*/\1/p')"
if [[ "$soname" == "libcleanlab.so" ]]; then
    ok "SONAME is libcleanlab.so"
else
    bad "SONAME is '${soname:-<none>}', expected libcleanlab.so"
fi

# 4. no Swift runtime dependency (the Swift stdlib is linked statically)
ldd "$lib" > "$tmp/ldd.txt" 2>&1 || true
if grep -qiE 'not found' "$tmp/ldd.txt"; then
    bad "ldd reports missing libraries:"; cat "$tmp/ldd.txt"
fi
runtime="$(grep -E 'lib(swift[^ ]*|dispatch|Foundation[^ ]*|BlocksRuntime|_Testing|XCTest)\.so' "$tmp/ldd.txt" || true)"
if [[ -z "$runtime" ]]; then
    ok "ldd lists no Swift runtime library ($(awk '{print $1}' "$tmp/ldd.txt" | tr '\n' ' '))"
else
    bad "libcleanlab.so depends on Swift runtime libraries:"; echo "$runtime"
fi

echo "check_exports: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
