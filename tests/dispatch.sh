#!/usr/bin/env bash
# The CPU dispatch of libcleanlab.so and the CLI (Sources/CleanlabDispatch/Engine.swift):
#   1. scripts/check_isa.py on the library and on the command-line tool: no AVX2 instruction is
#      reachable without going through the dispatch;
#   2. cl_cpu_kernels() names the AVX2 copy exactly when this CPU has every x86-64-v3 feature
#      (read from /proc/cpuinfo here), and "baseline" under CLEANLAB_CPU=baseline;
#   3. both kernel sets give bit-identical outputs: benchmarks/output_digest.c (every
#      filter_by with and without ranking, confident joint, num_label_issues, scores, thresholds,
#      estimate_joint, order_label_issues; 1 and 2 threads) on float16/32/64 inputs with and
#      without ties, K = 2 ... 1000, compared between the default and CLEANLAB_CPU=baseline.
# Usage: tests/dispatch.sh LIB_DIR OUT_DIR CC
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
libdir="$1" out="$2" cc="${3:-cc}"
pass=0 fail=0
ok()  { echo "  ok: $*"; pass=$((pass + 1)); }
bad() { echo "  FAIL: $*"; fail=$((fail + 1)); }

for binary in "$libdir/libcleanlab.so" "$libdir/cleanlab-cli"; do
    if python3 "$root/scripts/check_isa.py" "$binary"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done

mkdir -p "$out"
"$cc" -O2 -std=gnu11 -I"$root/include" "$root/benchmarks/output_digest.c" -o "$out/output_digest" \
    -L"$libdir" -lcleanlab -Wl,-rpath,"$libdir" -lm
digest="$out/output_digest"

expected=baseline
if [[ "$(uname -m)" == x86_64 ]]; then
    flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
    expected=x86-64-v3
    for f in avx avx2 fma bmi1 bmi2 f16c movbe abm xsave; do
        [[ "$flags" == *" $f "* ]] || expected=baseline
    done
fi
got="$("$digest" --kernels)"
if [[ "$got" == "$expected" ]]; then ok "cl_cpu_kernels() = $got (expected from /proc/cpuinfo)"; else bad "cl_cpu_kernels() = $got, expected $expected"; fi
got="$(CLEANLAB_CPU=baseline "$digest" --kernels)"
if [[ "$got" == baseline ]]; then ok "CLEANLAB_CPU=baseline: cl_cpu_kernels() = baseline"; else bad "CLEANLAB_CPU=baseline gives $got"; fi

if [[ "$expected" == baseline ]]; then
    echo "  note: this CPU runs the baseline kernels only; the AVX2/baseline output comparison needs an x86-64-v3 CPU"
else
    same=0
    # N K DTYPE(1 f16, 2 f32, 3 f64) TIES
    for cfg in "1000 10 2 0" "999 10 3 0" "3001 16 2 8" "4000 24 1 8" "20001 3 3 4" "30001 31 2 8" \
               "2000 33 3 16" "5000 100 2 64" "140000 10 2 0" "70000 100 1 0" "3000 1000 2 0" \
               "3000 1000 3 0" "30000 257 2 0" "30000 256 3 8" "20000 2 2 0" "20000 300 1 0"; do
        # shellcheck disable=SC2086
        a="$("$digest" $cfg)"; b="$(CLEANLAB_CPU=baseline "$digest" $cfg)"
        if [[ "$a" == "$b" && "$a" =~ ^[0-9a-f]{16}$ ]]; then
            same=$((same + 1))
        else
            bad "N K DTYPE TIES = $cfg: AVX2 kernels give '$a', baseline '$b'"
        fi
    done
    [[ $same -gt 0 ]] && ok "AVX2 and baseline kernels give identical outputs on $same inputs"
fi
echo "dispatch: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
