#!/usr/bin/env bash
# Checks that include/cleanlab.h is a clean, self-contained public header:
#   - C99 with gcc and clang: -std=c99 -Wall -Wextra -pedantic -Werror (plus -Wstrict-prototypes)
#   - C11 with gcc
#   - C++11 with g++ and clang++: -std=c++11 -Wall -Wextra -pedantic -Werror
#   - included twice (include guard), included first (self-contained), and its declarations
#     agree with a use from C++ (extern "C" linkage).
# Only compiles (-c / -fsyntax-only); needs no built library.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
inc="$root/include"
CC_GCC="${CC_GCC:-gcc}"
CXX_GXX="${CXX_GXX:-g++}"
CC_CLANG="${CC_CLANG:-clang}"
CXX_CLANG="${CXX_CLANG:-clang++}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# A translation unit that includes the header first and twice, and touches every type and
# function so that unused-declaration or prototype problems show up.
cat > "$tmp/use.c" <<'SRC'
#include "cleanlab.h"
#include "cleanlab.h" /* include guard */

#if CL_VERSION_NUMBER != (CL_VERSION_MAJOR * 10000 + CL_VERSION_MINOR * 100 + CL_VERSION_PATCH)
#error "CL_VERSION_NUMBER is inconsistent"
#endif
#if CL_ABI_VERSION < 1
#error "CL_ABI_VERSION must be >= 1"
#endif

typedef char cl_check_status_size[(sizeof(cl_status) == 4) ? 1 : -1];

int cl_header_use(void);
int cl_header_use(void) {
    cl_options o;
    cl_pred_probs p;
    cl_labels l;
    const char *v = CL_VERSION_STRING;
    int s = 0;
    (void)v;
    p.data = 0; p.n_examples = 0; p.n_classes = 2; p.row_stride = 0; p.dtype = CL_DTYPE_FLOAT32;
    l.data = 0; l.n_examples = 0; l.dtype = CL_LABEL_INT64;
    s += (int)cl_options_init(&o);
    s += (int)cl_version_number() + (int)cl_abi_version() + (cl_version_string() != 0);
    s += (cl_status_string(CL_E_SHAPE) != 0) + (cl_last_error_message() != 0);
    s += (int)cl_set_num_threads(0) + (int)cl_get_num_threads();
    s += (int)cl_get_confident_thresholds(&p, &l, 0);
    s += (int)cl_compute_confident_joint(&p, &l, 0, CL_DTYPE_FLOAT64, 1, 0, 0, 0);
    s += (int)cl_calibrate_confident_joint(0, 2, CL_ORDER_ROW_MAJOR, &l, 0);
    s += (int)cl_estimate_joint(&p, &l, 0, CL_ORDER_ROW_MAJOR, 2, 0);
    s += (int)cl_num_label_issues(&p, &l, CL_ESTIMATE_OFF_DIAGONAL, 0, CL_ORDER_ROW_MAJOR, 0);
    s += (int)cl_find_label_issues(&p, &l, &o, 0, 0, 0, 0);
    s += (int)cl_find_predicted_neq_given(&p, &l, 0, 0);
    s += (int)cl_get_label_quality_scores(&p, &l, CL_RANK_SELF_CONFIDENCE, 0, 0);
    s += (int)cl_get_self_confidence_for_each_label(&p, &l, 0);
    s += (int)cl_get_normalized_margin_for_each_label(&p, &l, 0);
    s += (int)cl_get_confidence_weighted_entropy_for_each_label(&p, &l, 0);
    s += (int)cl_order_label_issues(&p, &l, 0, CL_RANK_NORMALIZED_MARGIN, 0, 0, 0, 0);
    s += (int)cl_find_top_issues(0, 0, -1, 0, 0);
    s += CL_FILTER_PRUNE_BY_NOISE_RATE + CL_FILTER_LOW_SELF_CONFIDENCE + CL_RANK_NONE
       + CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY + CL_ESTIMATE_OFF_DIAGONAL_CUSTOM
       + CL_DTYPE_FLOAT16 + CL_DTYPE_FLOAT64 + CL_LABEL_INT32 + CL_E_INTERNAL;
    return s;
}
SRC
cp "$tmp/use.c" "$tmp/use.cpp"

pass=0
fail=0
run() { # description, command...
    local what="$1"; shift
    if "$@" > "$tmp/out.txt" 2>&1; then
        echo "  ok: $what"; pass=$((pass + 1))
    else
        echo "  FAIL: $what"; echo "    \$ $*"; sed 's/^/    /' "$tmp/out.txt"
        fail=$((fail + 1))
    fi
}
have() { command -v "$1" >/dev/null 2>&1; }

WC="-Wall -Wextra -pedantic -Werror"
echo "check_header: $inc/cleanlab.h"
for c in "$CC_GCC" "$CC_CLANG"; do
    if ! have "$c"; then echo "  FAIL: compiler '$c' not found"; fail=$((fail + 1)); continue; fi
    run "$c -std=c99 $WC -Wstrict-prototypes" \
        "$c" -std=c99 $WC -Wstrict-prototypes -Wmissing-prototypes -I "$inc" -c "$tmp/use.c" -o "$tmp/c99.o"
    run "$c -std=c11 $WC" "$c" -std=c11 $WC -I "$inc" -c "$tmp/use.c" -o "$tmp/c11.o"
done
for cxx in "$CXX_GXX" "$CXX_CLANG"; do
    if ! have "$cxx"; then echo "  FAIL: compiler '$cxx' not found"; fail=$((fail + 1)); continue; fi
    run "$cxx -std=c++11 $WC" "$cxx" -std=c++11 $WC -I "$inc" -c "$tmp/use.cpp" -o "$tmp/cxx11.o"
    run "$cxx -std=c++17 $WC" "$cxx" -std=c++17 $WC -I "$inc" -c "$tmp/use.cpp" -o "$tmp/cxx17.o"
done
# C++ must see C linkage: the object references unmangled cl_* names.
if have nm && [[ -f "$tmp/cxx11.o" ]]; then
    if nm -u "$tmp/cxx11.o" | grep -qE '\bcl_find_label_issues$' && ! nm -u "$tmp/cxx11.o" | grep -qE '_Z[^ ]*cl_'; then
        echo "  ok: C++ references the unmangled (extern \"C\") names"; pass=$((pass + 1))
    else
        echo "  FAIL: C++ use of the header references mangled cl_* names (missing extern \"C\"?)"
        fail=$((fail + 1))
    fi
fi

echo "check_header: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
