"""`cleanlab learn` (.build/bin/cleanlab): CleanLearning with the built-in logistic regression.

With --pred-probs the cross-validation is skipped and the label issues must be exactly those of
cleanlab 2.9.0's `CleanLearning(...).find_label_issues(X, labels, pred_probs=...)` (confident
joint, estimate_latent, find_label_issues with min_examples_per_class=10). Without it, the folds
are libcleanlab's own (not numpy's shuffle), so the end-to-end run is compared with cleanlab's
CleanLearning(StandardScaler + LogisticRegression) as a property: about the same number of issues,
and cleaning helps on noisy blobs. Bad files and options give exit code 1 or 2, never a crash.

The module is skipped while the CLI is not built (the branch that adds `learn` predates the CLI
on main); once the CLI exists these tests run.
"""

import warnings

import numpy as np
import pytest

from conftest import CLI
from conftest import run_cli as run

if not CLI.exists():
    pytest.skip(f"{CLI} does not exist (no command-line tool in this tree)", allow_module_level=True)

from cleanlab.classification import CleanLearning  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402


def blobs(n, k, seed, noise=0.0, d=3, centre_seed=None):
    """k Gaussian blobs; labels flipped uniformly to another class with probability `noise`."""
    centres = np.random.default_rng(seed if centre_seed is None else centre_seed).normal(0, 4, size=(k, d))
    rng = np.random.default_rng([seed, 1])
    truth = np.arange(n) % k
    X = centres[truth] + rng.normal(0, 1.5, size=(n, d))
    labels = truth.copy()
    flip = rng.random(n) < noise
    labels[flip] = (truth[flip] + rng.integers(1, k, size=flip.sum())) % k
    return X, labels, truth


def write_csv(path, X, header):
    np.savetxt(path, X, delimiter=",", header=header, comments="", fmt="%.17g")
    return path


def report(out):
    values = {}
    for line in out.splitlines():
        if ": " in line and not line.startswith("summary"):
            key, value = line.split(": ", 1)
            values[key] = value
    return values


def read_issues(path, n):
    idx = np.loadtxt(path, skiprows=1, dtype=np.int64, ndmin=1)
    mask = np.zeros(n, dtype=bool)
    mask[idx] = True
    return mask


@pytest.mark.parametrize("n,k,seed,min_per_class", [(300, 2, 0, None), (400, 4, 1, None), (250, 3, 2, 1),
                                                     (500, 6, 3, None), (60, 3, 4, None)])
def test_issues_with_given_pred_probs_equal_cleanlab(tmp_path, n, k, seed, min_per_class):
    X, labels, _ = blobs(n, k, seed, noise=0.2)
    rng = np.random.default_rng(100 + seed)
    logits = rng.normal(0, 1, size=(n, k))
    logits[np.arange(n), labels] += rng.normal(1.0, 1.0, size=n)
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.save(tmp_path / "p.npy", probs)
    np.save(tmp_path / "y.npy", labels)
    write_csv(tmp_path / "X.csv", X, ",".join(f"f{j}" for j in range(X.shape[1])))
    extra = [] if min_per_class is None else ["--min-examples-per-class", min_per_class]
    _, out, _ = run("learn", "--features", tmp_path / "X.csv", "--labels", tmp_path / "y.npy",
                    "--pred-probs", tmp_path / "p.npy", "--issues-out", tmp_path / "issues.csv",
                    "--no-progress", *extra, check=0)
    ours = read_issues(tmp_path / "issues.csv", n)
    kwargs = {} if min_per_class is None else {"find_label_issues_kwargs": {"min_examples_per_class": min_per_class}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = CleanLearning(LogisticRegression(), **kwargs).find_label_issues(X, labels, pred_probs=probs)
    expected = ref["is_label_issue"].to_numpy()
    assert expected.sum() > 0
    np.testing.assert_array_equal(ours, expected)
    assert report(out)["label_issues"] == str(expected.sum())


def test_end_to_end_close_to_cleanlab(tmp_path):
    X, labels, _ = blobs(900, 3, 7, noise=0.3)
    Xt, _, yt = blobs(600, 3, 70, centre_seed=7)  # the same blobs, other points, true labels
    write_csv(tmp_path / "X.csv", X, "a,b,c")
    write_csv(tmp_path / "Xt.csv", Xt, "a,b,c")
    np.savetxt(tmp_path / "y.csv", labels, fmt="%d", header="label", comments="")
    np.savetxt(tmp_path / "yt.csv", yt, fmt="%d", header="label", comments="")
    _, out, _ = run("learn", "--features", tmp_path / "X.csv", "--labels", tmp_path / "y.csv",
                    "--test-features", tmp_path / "Xt.csv", "--test-labels", tmp_path / "yt.csv",
                    "--no-progress", check=0)
    r = report(out)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cl = CleanLearning(make_pipeline(StandardScaler(), LogisticRegression()), seed=0).fit(X, labels)
        theirs = int(cl.get_label_issues()["is_label_issue"].sum())
        plain = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, labels).score(Xt, yt)
    ours = int(r["label_issues"])
    assert abs(ours - theirs) <= 0.1 * theirs, (ours, theirs)
    assert abs(float(r["test_accuracy_without_cleaning"]) - plain) <= 0.02
    assert float(r["test_accuracy_with_cleaning"]) >= float(r["test_accuracy_without_cleaning"]) - 0.01
    # deterministic: the same seed gives the same output; the thread count does not matter
    _, again, _ = run("learn", "--features", tmp_path / "X.csv", "--labels", tmp_path / "y.csv",
                      "--test-features", tmp_path / "Xt.csv", "--test-labels", tmp_path / "yt.csv",
                      "--no-progress", "--threads", 1, check=0)
    assert report(again) == r


def test_bad_input(tmp_path):
    X, labels, _ = blobs(90, 3, 9, noise=0.1)
    write_csv(tmp_path / "X.csv", X, "a,b,c")
    np.savetxt(tmp_path / "y.csv", labels, fmt="%d")
    np.savetxt(tmp_path / "y_short.csv", labels[:-1], fmt="%d")
    np.savetxt(tmp_path / "y_gap.csv", np.where(labels == 1, 2, labels), fmt="%d")
    np.savetxt(tmp_path / "y12.csv", labels[:12], fmt="%d")
    write_csv(tmp_path / "X12.csv", X[:12], "a,b,c")
    Xbad = X.copy()
    Xbad[5, 1] = np.nan
    write_csv(tmp_path / "Xnan.csv", Xbad, "a,b,c")
    np.save(tmp_path / "p_wrong.npy", np.full((90, 4), 0.25))
    base = ["learn", "--no-progress"]
    run(*base, "--features", tmp_path / "X.csv", "--labels", tmp_path / "y.csv", "--folds", 1, check=2)
    run(*base, "--features", tmp_path / "X.csv", "--labels", tmp_path / "y.csv", "--C", 0, check=2)
    run(*base, "--features", tmp_path / "X.csv", "--labels", tmp_path / "y.csv",
        "--test-features", tmp_path / "X.csv", check=2)
    _, _, err = run(*base, "--features", tmp_path / "X.csv", "--labels", tmp_path / "y_short.csv", check=1)
    assert "89 labels" in err
    _, _, err = run(*base, "--features", tmp_path / "X.csv", "--labels", tmp_path / "y_gap.csv", check=1)
    assert "class 1 has no examples" in err
    _, _, err = run(*base, "--features", tmp_path / "Xnan.csv", "--labels", tmp_path / "y.csv", check=1)
    assert "line 7, column 2" in err
    _, _, err = run(*base, "--features", tmp_path / "X12.csv", "--labels", tmp_path / "y12.csv", check=1)
    assert "Need more data from each class" in err
    _, _, err = run(*base, "--features", tmp_path / "X.csv", "--labels", tmp_path / "y.csv",
                    "--pred-probs", tmp_path / "p_wrong.npy", check=1)
    assert "4 columns" in err
    run(*base, "--features", tmp_path / "missing.csv", "--labels", tmp_path / "y.csv", check=1)
