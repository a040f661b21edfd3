#!/usr/bin/env python3
"""Checks that libcleanlab.so never runs an AVX2 (x86-64-v3) instruction unless its CPU dispatch
chose the AVX2 copy of the core.

On x86-64 the core is compiled twice: CleanlabCore (x86-64 baseline, SSE2) and CleanlabCoreV3
(-target-cpu haswell), which the ABI layer calls only after checking the CPU
(Sources/CleanlabDispatch/Engine.swift). Both copies emit the same weak (shared) definitions of
generic specializations of the standard library; the linker keeps the first one it sees, so a
link order that put CleanlabCoreV3 first would make baseline code call AVX2 code and crash with
SIGILL on older CPUs. This script disassembles the library and checks:

  every function containing an instruction beyond x86-64-v2 (VEX-encoded SIMD, BMI1/2, MOVBE)
  belongs to the AVX2 side: its symbol is in module CleanlabCoreV3, or every function that
  refers to it (call, jump or address load) is itself on the AVX2 side.

Usage: scripts/check_isa.py [path/to/libcleanlab.so or cleanlab-cli] (the command-line tool links
the same two copies). Exits 0 (with a note) on other CPUs' builds or when the binary has no AVX2
copy.
"""
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
lib = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/release/libcleanlab.so")
V3_MODULE = "14CleanlabCoreV3"  # the module's name as it appears in Swift manglings
# x86-64-v3 additions (tzcnt is left out: it encodes as `rep bsf`, which baseline code uses too)
V3_INSN = re.compile(r"^(v[a-z0-9]+|shlx|shrx|sarx|rorx|andn|blsr|blsi|blsmsk|bzhi|pdep|pext|mulx|movbe|lzcnt)$")

out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", lib], capture_output=True, text=True, check=True).stdout
if "file format elf64-x86-64" not in out:
    print(f"check_isa: {lib} is not an x86-64 library: nothing to check")
    sys.exit(0)

names = {}      # function start address -> symbol name
v3_insns = {}   # start -> set of v3 mnemonics
refs = {}       # start -> set of referenced addresses
cur = None
head = re.compile(r"^([0-9a-f]+) <(.+)>:$")
insn = re.compile(r"^\s*[0-9a-f]+:\s+(\S+)\s*(.*)$")
target = re.compile(r"\b([0-9a-f]+) <[^>]+>")
for line in out.splitlines():
    m = head.match(line)
    if m:
        cur = int(m.group(1), 16)
        names[cur] = m.group(2)
        refs[cur] = set()
        continue
    if cur is None:
        continue
    m = insn.match(line)
    if not m:
        continue
    op, args = m.group(1), m.group(2)
    if op in ("rep", "repz", "repnz", "lock", "notrack", "bnd") and args:
        op = args.split()[0]
    if V3_INSN.match(op):
        v3_insns.setdefault(cur, set()).add(op)
    for t in target.findall(args):
        refs[cur].add(int(t, 16))

starts = set(names)
referrers = {a: set() for a in starts}
for f, rs in refs.items():
    for a in rs:
        if a in referrers and a != f:
            referrers[a].add(f)

v3 = {a for a, n in names.items() if V3_MODULE in n}
if not v3:
    print(f"check_isa: {lib} has no CleanlabCoreV3 code (not an x86-64 dispatch build): nothing to check")
    sys.exit(0)
changed = True
while changed:
    changed = False
    for a in starts - v3:
        r = referrers[a]
        if r and r <= v3:
            v3.add(a)
            changed = True

bad = sorted(a for a in v3_insns if a not in v3)
print(f"check_isa: {lib}: {len(v3_insns)} functions use x86-64-v3 instructions, "
      f"{len(v3)} functions are reachable only through the AVX2 dispatch")
if bad:
    print(f"  FAIL: {len(bad)} functions with x86-64-v3 instructions are reachable from baseline code:")
    for a in bad[:30]:
        outside = sorted(names[r] for r in referrers[a] if r not in v3)[:3]
        print(f"    {names[a][:120]} {sorted(v3_insns[a])[:5]} <- {[o[:80] for o in outside]}")
    sys.exit(1)
print("  ok: every function with x86-64-v3 instructions is reached only through the AVX2 dispatch")
