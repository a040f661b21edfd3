"""The command-line tool `cleanlab` (.build/bin/cleanlab, built by `make build`).

It is run as a subprocess on small .npy/.csv files; its ranked issues and scores are compared
with cleanlab 2.9.0 (`cleanlab.filter.find_label_issues`, `cleanlab.rank.get_label_quality_scores`)
on the same data, under the project's tie rule (numpy's argsort made stable, see conftest.py).
Bad files and bad options must give exit code 1 (data) or 2 (usage) and a message naming the
file, row and column -- never a crash.
"""

import json
import os

import numpy as np
import pytest

import cleanlab.filter
import cleanlab.rank

from conftest import CLI, FILTERS, make_data, tie_rule
from conftest import run_cli as run

RANK_BY = ["self_confidence", "normalized_margin", "confidence_weighted_entropy"]


@pytest.fixture(scope="module", autouse=True)
def _cli_built():
    assert CLI.exists(), f"{CLI} does not exist: run `make build` first"


def write_npy(tmp_path, name, arr):
    path = tmp_path / name
    np.save(path, arr)
    return path


def cli_json(labels_path, probs_path, *extra):
    _, out, _ = run("find-issues", "--labels", labels_path, "--pred-probs", probs_path,
                    "--format", "json", "--no-progress", *extra, check=0)
    return json.loads(out)


def reference(labels, probs, filter_by="prune_by_noise_rate", rank_by="self_confidence", adjust=False, **kw):
    """cleanlab's ranked issues and scores (tie rule: stable argsort, lower index first)."""
    with tie_rule("low"):
        idx = cleanlab.filter.find_label_issues(
            labels, probs, filter_by=filter_by, return_indices_ranked_by=rank_by,
            rank_by_kwargs={"adjust_pred_probs": adjust}, n_jobs=1, **kw)
        scores = cleanlab.rank.get_label_quality_scores(labels, probs, method=rank_by, adjust_pred_probs=adjust)
    return np.asarray(idx), scores


def assert_matches(res, labels, probs, ref_idx, ref_scores):
    issues = res["issues"]
    got = np.array([r["index"] for r in issues], dtype=np.int64)
    assert res["num_issues"] == len(ref_idx)
    np.testing.assert_array_equal(got, ref_idx)
    assert [r["rank"] for r in issues] == list(range(1, len(issues) + 1))
    if len(got):
        np.testing.assert_array_equal([r["given_label"] for r in issues], np.asarray(labels)[got])
        np.testing.assert_array_equal([r["suggested_label"] for r in issues],
                                      np.argmax(np.asarray(probs), axis=1)[got])
        np.testing.assert_allclose([r["label_quality"] for r in issues], ref_scores[got], rtol=1e-12, atol=0)
    assert res["n"] == len(labels) and res["k"] == np.asarray(probs).shape[1]


# --------------------------------------------------------------------------------------------
# Parity with cleanlab
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("filter_by", FILTERS)
@pytest.mark.parametrize("rank_by", RANK_BY)
def test_parity_filters_and_rankings(tmp_path, filter_by, rank_by):
    labels, probs = make_data(11, 300, 4, np.float32)
    lp = write_npy(tmp_path, "labels.npy", labels.astype(np.int64))
    pp = write_npy(tmp_path, "probs.npy", probs)
    res = cli_json(lp, pp, "--filter-by", filter_by, "--rank-by", rank_by)
    assert_matches(res, labels, probs, *reference(labels, probs, filter_by, rank_by))
    assert res["filter_by"] == filter_by and res["rank_by"] == rank_by


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("k", [2, 7, 40])
def test_parity_prob_dtypes_and_k(tmp_path, dtype, k):
    labels, probs = make_data(5 + k, 500, k, dtype, missing=(1,) if k > 2 else ())
    lp = write_npy(tmp_path, "labels.npy", labels.astype(np.int64))
    pp = write_npy(tmp_path, "probs.npy", probs)
    res = cli_json(lp, pp)
    assert res["pred_probs_dtype"] == np.dtype(dtype).name
    assert_matches(res, labels, probs, *reference(labels, probs))


@pytest.mark.parametrize("ldtype", ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool"])
def test_label_dtypes(tmp_path, ldtype):
    k = 2 if ldtype == "bool" else 3
    labels, probs = make_data(3, 400, k, np.float64)
    lp = write_npy(tmp_path, "labels.npy", labels.astype(ldtype))
    pp = write_npy(tmp_path, "probs.npy", probs)
    res = cli_json(lp, pp)
    assert_matches(res, labels, probs, *reference(labels.astype(np.int64), probs))


def test_labels_n_by_1_and_fortran_probs(tmp_path):
    labels, probs = make_data(8, 350, 5, np.float32)
    lp = write_npy(tmp_path, "labels.npy", labels.astype(np.int32).reshape(-1, 1))
    pp = write_npy(tmp_path, "probs.npy", np.asfortranarray(probs))
    assert np.load(pp).flags.f_contiguous
    res = cli_json(lp, pp)
    assert_matches(res, labels, probs, *reference(labels, probs))


@pytest.mark.parametrize("kwargs,args", [
    (dict(frac_noise=0.5), ["--frac-noise", "0.5"]),
    (dict(num_to_remove_per_class=[3, 0, 5, 2]), ["--num-to-remove-per-class", "3,0,5,2"]),
    (dict(num_to_remove_per_class=[4, 4, 4, 4]), ["--num-to-remove-per-class", "4"]),
    (dict(min_examples_per_class=60), ["--min-examples-per-class", "60"]),
    (dict(filter_by="both", frac_noise=0.7), ["--filter-by", "both", "--frac-noise", "0.7"]),
    (dict(adjust=True), ["--adjust-pred-probs"]),
    (dict(adjust=True, rank_by="normalized_margin"), ["--adjust-pred-probs", "--rank-by", "normalized_margin"]),
])
def test_options(tmp_path, kwargs, args):
    labels, probs = make_data(21, 400, 4, np.float64)
    lp = write_npy(tmp_path, "labels.npy", labels)
    pp = write_npy(tmp_path, "probs.npy", probs)
    res = cli_json(lp, pp, *args)
    assert_matches(res, labels, probs, *reference(labels, probs, **kwargs))


def test_threads_do_not_change_results(tmp_path):
    labels, probs = make_data(4, 3000, 6, np.float32)
    lp = write_npy(tmp_path, "labels.npy", labels)
    pp = write_npy(tmp_path, "probs.npy", probs)
    a = cli_json(lp, pp, "--threads", "1")
    b = cli_json(lp, pp, "--threads", "2")
    assert a["issues"] == b["issues"] and a["num_issues"] == b["num_issues"]


@pytest.mark.parametrize("header", [True, False])
def test_csv_inputs(tmp_path, header):
    labels, probs = make_data(9, 300, 3, np.float64)
    lp, pp = tmp_path / "labels.csv", tmp_path / "probs.csv"
    with open(lp, "w") as f:
        if header:
            f.write("label\n")
        f.writelines(f"{v}\n" for v in labels)
    with open(pp, "w") as f:
        if header:
            f.write("cat,dog,bird\r\n")
        f.writelines(",".join(repr(float(x)) for x in row) + "\r\n" for row in probs)
    res = cli_json(lp, pp)
    assert_matches(res, labels, probs, *reference(labels, probs))


def test_csv_label_column(tmp_path):
    labels, probs = make_data(10, 200, 3, np.float64)
    lp, pp = tmp_path / "data.csv", tmp_path / "probs.csv"
    with open(lp, "w") as f:
        f.write('id,"name, quoted",given_label\n')
        f.writelines(f'{i},"x{i}",{v}\n' for i, v in enumerate(labels))
    np.savetxt(pp, probs, delimiter=",", fmt="%.17g")
    ref = reference(labels, probs)
    assert_matches(cli_json(lp, pp), labels, probs, *ref)            # found by name
    assert_matches(cli_json(lp, pp, "--label-column", "2"), labels, probs, *ref)
    assert_matches(cli_json(lp, pp, "--label-column", "given_label"), labels, probs, *ref)
    code, _, err = run("find-issues", "--labels", lp, "--pred-probs", pp, "--label-column", "nope")
    assert code == 2 and "nope" in err


# --------------------------------------------------------------------------------------------
# Output formats
# --------------------------------------------------------------------------------------------

@pytest.fixture()
def small(tmp_path):
    labels, probs = make_data(2, 300, 3, np.float32)
    lp = write_npy(tmp_path, "labels.npy", labels)
    pp = write_npy(tmp_path, "probs.npy", probs)
    names = tmp_path / "names.txt"
    names.write_text("cat\ndog, big\nbird\n")
    return labels, probs, lp, pp, names


def test_table_top_and_class_names(small):
    labels, probs, lp, pp, names = small
    ref_idx, _ = reference(labels, probs)
    _, out, _ = run("find-issues", "--labels", lp, "--pred-probs", pp, "--top", "5", "--class-names", names, check=0)
    lines = out.strip().splitlines()
    assert lines[0].split()[:2] == ["rank", "index"]
    assert len(lines) == 1 + 5 + 1
    assert [int(l.split()[1]) for l in lines[1:6]] == list(ref_idx[:5])
    name_of = ["cat", "dog, big", "bird"]
    assert name_of[labels[ref_idx[0]]] in lines[1]
    assert lines[-1].startswith(f"summary: n=300 K=3 issues={len(ref_idx)} shown=5 ")
    assert "time=" in lines[-1]


def test_csv_output_to_file(small, tmp_path):
    labels, probs, lp, pp, names = small
    ref_idx, ref_scores = reference(labels, probs)
    out_path = tmp_path / "out.csv"
    _, out, err = run("find-issues", "--labels", lp, "--pred-probs", pp, "--format", "csv",
                      "--class-names", names, "-o", out_path, check=0)
    assert out.startswith("summary: n=300")
    import csv
    with open(out_path) as f:
        rows = list(csv.DictReader(f))
    assert [int(r["index"]) for r in rows] == list(ref_idx)
    np.testing.assert_allclose([float(r["label_quality"]) for r in rows], ref_scores[ref_idx], rtol=1e-12)
    assert {r["given_name"] for r in rows} <= {"cat", "dog, big", "bird"}


def test_csv_to_stdout_summary_on_stderr(small):
    labels, probs, lp, pp, _ = small
    _, out, err = run("find-issues", "--labels", lp, "--pred-probs", pp, "--format", "csv", "--top", "0", check=0)
    assert out.strip() == "rank,index,given_label,suggested_label,label_quality"
    assert "summary: n=300" in err


# --------------------------------------------------------------------------------------------
# Bad files: exit code 1 and a message naming the file (and row/column)
# --------------------------------------------------------------------------------------------

def data_error(*args):
    code, out, err = run("find-issues", "--no-progress", *args)
    assert code == 1, f"exit code {code}, expected 1\nstdout: {out}\nstderr: {err}"
    assert err.startswith("cleanlab: error: "), err
    return err


@pytest.fixture()
def good(tmp_path):
    labels, probs = make_data(1, 50, 3, np.float32)
    return labels, probs, write_npy(tmp_path, "labels.npy", labels), write_npy(tmp_path, "probs.npy", probs)


def test_missing_files(good, tmp_path):
    _, _, lp, pp = good
    err = data_error("--labels", tmp_path / "nope.npy", "--pred-probs", pp)
    assert "nope.npy" in err and "No such file" in err
    err = data_error("--labels", lp, "--pred-probs", tmp_path)
    assert "directory" in err


def test_truncated_npy(good, tmp_path):
    _, _, lp, pp = good
    raw = pp.read_bytes()
    for cut in (len(raw) - 1, 140, 9, 3):
        bad = tmp_path / f"cut{cut}.npy"
        bad.write_bytes(raw[:cut])
        err = data_error("--labels", lp, "--pred-probs", bad)
        assert str(bad) in err
        assert "truncated" in err or "not a .npy" in err


def test_empty_and_garbage_files(good, tmp_path):
    _, _, lp, pp = good
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "no data" in data_error("--labels", lp, "--pred-probs", empty)
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 4)
    err = data_error("--labels", lp, "--pred-probs", garbage)
    assert "garbage.bin" in err


@pytest.mark.parametrize("arr,needle", [
    (np.zeros((50, 3), dtype=">f4"), "big-endian"),
    (np.zeros((50, 3), dtype=np.complex64), "unsupported dtype"),
    (np.zeros((50, 3), dtype=np.int32), "must be float16, float32 or float64"),
    (np.zeros(50, dtype=[("a", "<f4"), ("b", "<f4")]), "structured"),
    (np.zeros(50, dtype=np.float32), "2-D"),
    (np.zeros((50, 3, 1), dtype=np.float32), "2-D"),
    (np.full((49, 3), 1 / 3, dtype=np.float32), "same length"),
])
def test_unsupported_probs(good, tmp_path, arr, needle):
    _, _, lp, _ = good
    bad = write_npy(tmp_path, "bad.npy", arr)
    err = data_error("--labels", lp, "--pred-probs", bad)
    assert needle in err and "bad.npy" in err


@pytest.mark.parametrize("arr,needle", [
    (np.zeros(50, dtype=np.float64), "must be integers"),
    (np.zeros((50, 2), dtype=np.int64), "1-D"),
    (np.zeros(50, dtype=">i8"), "big-endian"),
    (np.full(50, 2**63 + 5, dtype=np.uint64), "row 0"),
])
def test_unsupported_labels(good, tmp_path, arr, needle):
    _, _, _, pp = good
    bad = write_npy(tmp_path, "badlabels.npy", arr)
    err = data_error("--labels", bad, "--pred-probs", pp)
    assert needle in err and "badlabels.npy" in err


def test_nan_and_range_name_row_and_column(good, tmp_path):
    labels, probs, lp, pp = good
    p = probs.copy()
    p[17, 2] = np.nan
    err = data_error("--labels", lp, "--pred-probs", write_npy(tmp_path, "nan.npy", p))
    assert "nan.npy: row 17, column 2" in err and "NaN" in err
    p = probs.copy()
    p[4, 1] = 1.5
    err = data_error("--labels", lp, "--pred-probs", write_npy(tmp_path, "big.npy", p))
    assert "big.npy: row 4, column 1" in err
    lab = labels.copy()
    lab[23] = 3
    err = data_error("--labels", write_npy(tmp_path, "oor.npy", lab), "--pred-probs", pp)
    assert "oor.npy: row 23" in err and "not a class index" in err
    lab[23] = -1
    err = data_error("--labels", write_npy(tmp_path, "neg.npy", lab.astype(np.int8)), "--pred-probs", pp)
    assert "neg.npy: row 23" in err


def test_bad_csv_cells(good, tmp_path):
    labels, probs, lp, pp = good
    csvp = tmp_path / "p.csv"
    rows = [",".join(repr(float(x)) for x in r) for r in probs]
    rows[10] = rows[10].split(",")[0] + ",abc," + rows[10].split(",")[2]
    csvp.write_text("a,b,c\n" + "\n".join(rows) + "\n")
    err = data_error("--labels", lp, "--pred-probs", csvp)
    assert "p.csv: line 12, column 2" in err and "'abc'" in err
    rows = [",".join(repr(float(x)) for x in r) for r in probs]
    rows[5] = "0.1,nan,0.9"
    csvp.write_text("\n".join(rows) + "\n")
    err = data_error("--labels", lp, "--pred-probs", csvp)
    assert "p.csv: line 6, column 2" in err and "NaN" in err
    rows[5] = "0.1,0.9"
    csvp.write_text("\n".join(rows) + "\n")
    err = data_error("--labels", lp, "--pred-probs", csvp)
    assert "line 6 has 2 cells" in err
    lcsv = tmp_path / "l.csv"
    lcsv.write_text("label\n" + "\n".join(str(v) for v in labels[:7]) + "\n1.5\n" + "\n".join(str(v) for v in labels[8:]) + "\n")
    err = data_error("--labels", lcsv, "--pred-probs", pp)
    assert "l.csv: line 9, column 1" in err and "integer" in err
    lcsv.write_text("label\n" + "\n".join(str(v) for v in labels[:7]) + "\n9\n" + "\n".join(str(v) for v in labels[8:]) + "\n")
    err = data_error("--labels", lcsv, "--pred-probs", pp)
    assert "l.csv: line 9, column 1 (example 7)" in err


def test_class_names_count(good, tmp_path):
    _, _, lp, pp = good
    names = tmp_path / "names.txt"
    names.write_text("a\nb\n")
    err = data_error("--labels", lp, "--pred-probs", pp, "--class-names", names)
    assert "names.txt" in err and "2 class names" in err


# --------------------------------------------------------------------------------------------
# Usage: exit code 2; help on every command: exit code 0
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["find-issues"],
    ["find-issues", "--labels", "x.npy"],
    ["find-issues", "--labels", "x", "--pred-probs", "y", "--filter-by", "nonsense"],
    ["find-issues", "--labels", "x", "--pred-probs", "y", "--frac-noise", "0"],
    ["find-issues", "--labels", "x", "--pred-probs", "y", "--frac-noise", "abc"],
    ["find-issues", "--labels", "x", "--pred-probs", "y", "--threads", "-1"],
    ["find-issues", "--labels", "x", "--pred-probs", "y", "--top", "-3"],
    ["find-issues", "--labels", "x", "--pred-probs", "y", "--format", "xml"],
    ["find-issues", "--labels", "x", "--pred-probs", "y", "--filter-by", "confident_learning", "--num-to-remove-per-class", "2"],
    ["find-issues", "--labels", "x", "--pred-probs", "y", "--num-to-remove-per-class", "2,x"],
    ["find-issues", "--labels", "x", "--pred-probs", "y", "--rank-by", "confidence_weighted_entropy", "--adjust-pred-probs"],
    ["find-issues", "--bogus"],
    ["frobnicate"],
    ["demo", "--n", "0"],
    ["demo", "--classes", "1"],
    ["demo", "--noise", "1.5"],
    ["demo", "--classes", "4", "--noise", "0.75"],
    ["demo", "--n", "3", "--classes", "4"],
])
def test_usage_errors(args):
    code, out, err = run(*args)
    assert code == 2, f"{args}: exit code {code}\n{err}"
    assert err.strip(), "no message"


def test_usage_error_known_only_after_reading(good):
    _, _, lp, pp = good
    code, _, err = run("find-issues", "--labels", lp, "--pred-probs", pp, "--num-to-remove-per-class", "1,2")
    assert code == 2 and "3 classes" in err


@pytest.mark.parametrize("args", [["--help"], ["find-issues", "--help"], ["demo", "--help"], ["help", "find-issues"], ["-h"]])
def test_help(args):
    code, out, err = run(*args, check=0)
    assert "USAGE:" in out


def test_demo():
    code, out, err = run("demo", "--n", "3000", "--classes", "4", "--seed", "3", check=0)
    assert "precision:" in out and "recall:" in out
    precision = float(out.split("precision:")[1].split()[0])
    recall = float(out.split("recall:")[1].split()[0])
    assert 0.5 < precision <= 1 and 0.5 < recall <= 1, out
    assert "noise matrix P(given | true): estimated" in out and "estimate_joint" in out
    # the demo's data comes from the library's noise generation (make_synthetic_dataset): the true
    # noise matrix it prints (right-hand block) is the library's for the same seed and trace
    from libcleanlab.benchmarking import make_synthetic_dataset

    expected = make_synthetic_dataset(3000, 4, 4 * (1 - 0.2), seed=3)["noise_matrix"]
    lines = out.split("noise matrix P(given | true): estimated")[1].splitlines()[2:6]
    printed = np.array([[float(v) for v in l.split("|")[1].split()] for l in lines])
    np.testing.assert_allclose(printed, expected, atol=5e-5)
    # seeded: the same output twice (but for timings)
    _, out2, _ = run("demo", "--n", "3000", "--classes", "4", "--seed", "3", check=0)
    strip = lambda s: [l for l in s.splitlines() if " ms" not in l and " s;" not in l]
    assert strip(out) == strip(out2)


def test_damaged_npy_headers_never_crash(good, tmp_path):
    """Random byte flips in the header and random truncations: exit code 0 or 1, never a crash."""
    labels, _, lp, pp = good
    raw = bytearray(pp.read_bytes())
    rng = np.random.default_rng(0)
    header_len = 10 + int.from_bytes(raw[8:10], "little")
    for trial in range(40):
        b = bytearray(raw)
        for _ in range(int(rng.integers(1, 4))):
            b[int(rng.integers(0, header_len))] = int(rng.integers(0, 256))
        if trial % 4 == 0:
            b = b[: int(rng.integers(0, len(b)))]
        bad = tmp_path / f"fuzz{trial}.npy"
        bad.write_bytes(bytes(b))
        for args in (["--labels", lp, "--pred-probs", bad], ["--labels", bad, "--pred-probs", pp]):
            code, _, err = run("find-issues", "--no-progress", *args)
            assert code in (0, 1), err
            if code == 1:
                assert f"fuzz{trial}.npy" in err or "labels.npy" in err, err


@pytest.mark.parametrize("header", [True, False])
def test_csv_labels_by_class_name(tmp_path, header):
    labels, probs = make_data(12, 250, 3, np.float64)
    names = ["cat", "dog", "bird"]
    nf = tmp_path / "names.txt"
    nf.write_text("\n".join(names) + "\n")
    lp = tmp_path / "labels.csv"
    lp.write_text(("label\n" if header else "") + "\n".join(names[v] for v in labels) + "\n")
    pp = write_npy(tmp_path, "probs.npy", probs)
    res = cli_json(lp, pp, "--class-names", nf)
    assert_matches(res, labels, probs, *reference(labels, probs))
    assert all(r["given_name"] == names[r["given_label"]] for r in res["issues"])
    lp.write_text("label\n" + "\n".join(names[v] for v in labels[:5]) + "\nfish\n" + "\n".join(names[v] for v in labels[6:]) + "\n")
    err = data_error("--labels", lp, "--pred-probs", pp, "--class-names", nf)
    assert "labels.csv: line 7, column 1: 'fish' is neither a number nor one of the --class-names" in err


def test_csv_empty_cells_are_errors_not_skipped(good, tmp_path):
    labels, probs, lp, _ = good
    rows = [",".join(repr(float(x)) for x in r) for r in probs]
    rows[3] = ",,"
    csvp = tmp_path / "p.csv"
    csvp.write_text("\n".join(rows) + "\n\n")   # a trailing blank line is fine
    err = data_error("--labels", lp, "--pred-probs", csvp)
    assert "p.csv: line 4, column 1: '' is not a number" in err


# --------------------------------------------------------------------------------------------
# `cleanlab health`: the numbers of cleanlab.dataset.health_summary and of
# cleanlab.count.estimate_py_and_noise_matrices_from_probabilities
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed,n,k,dtype,asymmetric", [
    (1, 3000, 4, np.float32, False),
    (2, 2500, 7, np.float64, True),
    (3, 1200, 2, np.float16, False),
])
def test_health_matches_cleanlab(tmp_path, seed, n, k, dtype, asymmetric):
    import cleanlab.count
    import cleanlab.dataset
    from test_health import stable_pandas_sort

    labels, probs = make_data(seed, n, k, dtype)
    lp, pp = write_npy(tmp_path, "l.npy", labels), write_npy(tmp_path, "p.npy", probs)
    extra = ["--asymmetric"] if asymmetric else []
    _, out, _ = run("health", "--labels", lp, "--pred-probs", pp, "--format", "json", "--no-progress", *extra, check=0)
    got = json.loads(out)
    with stable_pandas_sort():
        ref = cleanlab.dataset.health_summary(labels, probs, asymmetric=asymmetric, verbose=False)
        py, nm, inv, _ = cleanlab.count.estimate_py_and_noise_matrices_from_probabilities(labels, probs)
    assert got["n"] == n and got["k"] == k
    assert got["overall_label_health_score"] == pytest.approx(ref["overall_label_health_score"], rel=1e-12, abs=0)
    np.testing.assert_allclose(np.array(got["joint"]), ref["joint"], rtol=1e-12, atol=0)
    classes = ref["classes_by_label_quality"]
    rows = got["classes_by_label_quality"]
    assert [r["class_index"] for r in rows] == classes["Class Index"].tolist()
    assert [r["label_issues"] for r in rows] == classes["Label Issues"].tolist()
    assert [r["inverse_label_issues"] for r in rows] == classes["Inverse Label Issues"].tolist()
    for ours, theirs in [("label_noise", "Label Noise"), ("inverse_label_noise", "Inverse Label Noise"),
                         ("label_quality_score", "Label Quality Score")]:
        np.testing.assert_allclose([r[ours] for r in rows], classes[theirs].to_numpy(), rtol=1e-12, atol=1e-15)
    pairs = ref["overlapping_classes"]
    got_pairs = got["overlapping_classes"]
    assert [(r["class_a"], r["class_b"]) for r in got_pairs] == list(zip(pairs["Class Index A"], pairs["Class Index B"]))
    assert [r["num_overlapping_examples"] for r in got_pairs] == pairs["Num Overlapping Examples"].tolist()
    np.testing.assert_allclose([r["joint_probability"] for r in got_pairs], pairs["Joint Probability"].to_numpy(),
                               rtol=1e-12, atol=0)
    np.testing.assert_allclose(got["py"], py, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(np.array(got["noise_matrix"]), nm, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(np.array(got["inverse_noise_matrix"]), inv, rtol=1e-12, atol=1e-15)


def test_health_table_and_names(tmp_path):
    labels, probs = make_data(4, 1500, 3, np.float32)
    lp, pp = write_npy(tmp_path, "l.npy", labels), write_npy(tmp_path, "p.npy", probs)
    names = tmp_path / "names.txt"
    names.write_text("cat\ndog\nbird\n")
    _, out, _ = run("health", "--labels", lp, "--pred-probs", pp, "--class-names", names, "--top", "2", "--no-progress", check=0)
    import cleanlab.dataset

    ref = cleanlab.dataset.overall_label_health_score(labels, probs, verbose=False)
    assert f"overall label health score: {ref:.4f}" in out
    assert "most overlapping class pairs (2 of 3)" in out
    assert "cat" in out and "dog" in out and "bird" in out
    assert "estimated noise matrix" in out and "estimated latent prior" in out
    assert out.strip().splitlines()[-1].startswith("summary: n=1500 K=3")
    # data errors and usage errors as for find-issues
    code, _, err = run("health", "--labels", lp, "--pred-probs", tmp_path / "missing.npy")
    assert code == 1 and "missing.npy" in err
    code, _, err = run("health", "--labels", lp, "--pred-probs", pp, "--format", "csv")
    assert code == 2 and err.strip()
    bad = probs.copy()
    bad[7, 1] = np.nan
    code, _, err = run("health", "--labels", lp, "--pred-probs", write_npy(tmp_path, "bad.npy", bad))
    assert code == 1 and "row 7" in err and "column 1" in err
