#!/usr/bin/env python3
"""A/B timing of two builds of libcleanlab.so on the benchmark inputs.

    .venv/bin/python benchmarks/ab_compare.py OLD.so NEW.so [--size 1e6x100] [--dtype float32]
        [--routines cj,prune_by_noise_rate,low_self_confidence:ranked] [--rounds 3] [--reps 9]

The tool for judging a speed change on these noisy, shared machines: ratios measured
in one run. It copies the installed `libcleanlab` package (from the Python running it)
twice, puts one library into each copy, and times each routine in fresh processes that
alternate between the two builds (A B A B ...). Each process loads the cached benchmark
input (generated like `make bench` does if missing), calls the routine once untimed,
then times `--reps` calls and reports their median. The result per build is the minimum
of its medians over `--rounds`; the last column is B / A. Warm allocator settings
(`MALLOC_MMAP_MAX_=0`, `MALLOC_TRIM_THRESHOLD_=1 TiB`) are set as in the bench's warm mode.

`--env-a NAME=VALUE` / `--env-b` set environment variables of one side's processes: with the
same library twice, `--env-a CLEANLAB_CPU=baseline` times its baseline kernels against its
AVX2 ones.

Routines: cj, nli, scores:self_confidence, scores:normalized_margin, and any filter_by of
find_label_issues, optionally with `:ranked` (ranked by self-confidence).

This compares speed only: check that outputs are identical with `output_digest.c`
(benchmarks/README.md).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_vs_cleanlab as bench  # noqa: E402  (inputs: paths, generator, size parsing)

CHILD = r"""
import sys, time, numpy as np
import libcleanlab
from libcleanlab import count, filter as flt, rank
labels_path, probs_path, routine, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
y = np.load(labels_path)
p = np.load(probs_path)
name, _, opt = routine.partition(":")
if name == "cj":
    call = lambda: count.compute_confident_joint(y, p)
elif name == "nli":
    call = lambda: count.num_label_issues(y, p)
elif name == "scores":
    call = lambda: rank.get_label_quality_scores(y, p, method=opt)
else:
    ranked = "self_confidence" if opt == "ranked" else None
    call = lambda: flt.find_label_issues(y, p, filter_by=name, return_indices_ranked_by=ranked)
call()
times = []
for _ in range(reps):
    t = time.perf_counter()
    call()
    times.append(time.perf_counter() - t)
times.sort()
print(times[len(times) // 2])
"""


def package_copy(root, lib):
    import libcleanlab

    src = Path(libcleanlab.__file__).resolve().parent
    dst = Path(root) / "libcleanlab"
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(lib, dst / "libcleanlab.so")
    return root


def fmt(s):
    return f"{s * 1e3:.2f} ms" if s >= 1e-3 else f"{s * 1e6:.1f} us"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old", help="libcleanlab.so of build A")
    ap.add_argument("new", help="libcleanlab.so of build B")
    ap.add_argument("--size", type=bench.parse_size, default=bench.parse_size("1e6x100"))
    ap.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    ap.add_argument("--routines", default="cj,prune_by_noise_rate")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=9)
    ap.add_argument("--seed", type=int, default=20240604)
    ap.add_argument("--env-a", action="append", default=[], metavar="NAME=VALUE",
                    help="environment of build A's processes (e.g. CLEANLAB_CPU=baseline to time the "
                         "baseline kernels of the same library against its AVX2 ones)")
    ap.add_argument("--env-b", action="append", default=[], metavar="NAME=VALUE")
    args = ap.parse_args()
    extra = [dict(e.split("=", 1) for e in args.env_a), dict(e.split("=", 1) for e in args.env_b)]
    for lib in (args.old, args.new):
        if not Path(lib).is_file():
            ap.error(f"{lib}: no such file")
    n, k = args.size
    paths, _ = bench.ensure_inputs(n, k, args.seed, [args.dtype])
    env = dict(os.environ, MALLOC_MMAP_MAX_="0", MALLOC_TRIM_THRESHOLD_=str(1 << 40))
    print(f"{bench.size_label(n, k)} {args.dtype}, {args.rounds} rounds of {args.reps} calls; "
          f"A = {args.old} {' '.join(args.env_a)}, B = {args.new} {' '.join(args.env_b)}")
    print(f"{'routine':40s} {'A':>10s} {'B':>10s}   B/A")
    with tempfile.TemporaryDirectory() as tmp:
        roots = [package_copy(Path(tmp) / "a", args.old), package_copy(Path(tmp) / "b", args.new)]
        for routine in args.routines.split(","):
            best = [float("inf"), float("inf")]
            for _ in range(args.rounds):
                for which, root in enumerate(roots):
                    out = subprocess.run(
                        [sys.executable, "-c", CHILD, str(paths["labels"]), str(paths[args.dtype]),
                         routine, str(args.reps)],
                        env=dict(env, PYTHONPATH=str(root), **extra[which]), capture_output=True, text=True)
                    if out.returncode != 0:
                        sys.exit(f"{routine} with build {'AB'[which]} failed:\n{out.stderr}")
                    best[which] = min(best[which], float(out.stdout.split()[-1]))
            print(f"{routine:40s} {fmt(best[0]):>10s} {fmt(best[1]):>10s}   {best[1] / best[0]:.3f}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
