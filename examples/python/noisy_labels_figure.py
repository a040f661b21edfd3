"""Learning with noisy labels, in numbers: the seed announcement's figure, reproduced.

On four synthetic 2-D datasets, about 35% of the training labels are flipped with
class-conditional noise (a random noise matrix with trace K * 0.65, not uniform flipping). Each
classifier is trained three ways and scored on a clean test set:

  perfect  trained on the true labels (what we would get without label errors)
  clean    libcleanlab.classification.CleanLearning on the noisy labels
  noisy    trained on the noisy labels as they are (the baseline)

The table goes to stdout; the figure (rows: datasets; columns: the ground truth, then one
column per classifier showing CleanLearning's decision regions, the noisy training labels and,
circled in green, the label errors) goes to a PNG file.

    python examples/python/noisy_labels_figure.py [--out FILE.png] [--no-plot] [--seed N]

Needs libcleanlab (with scikit-learn and pandas) and, for the PNG, matplotlib (`make figure`
installs it into the repository's .venv).
"""

import argparse
import sys
import time
import warnings

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.datasets import make_blobs, make_circles, make_moons
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.svm import SVC

from libcleanlab.classification import CleanLearning

NOISE = 0.35  # fraction of flipped training labels (on average over the classes)


# ---------------------------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------------------------
def datasets(seed):
    """(name, X, y) of four 2-D datasets; each is split later into train and test."""
    n = 1500
    out = []
    X, y = make_blobs(n_samples=n, centers=[[-2, -1.5], [2, -1.5], [0, 2]], cluster_std=1.1,
                      random_state=seed)
    out.append(("3 Gaussians", X, y))
    X, y = make_moons(n_samples=n, noise=0.2, random_state=seed)
    out.append(("moons", X, y))
    X, y = make_circles(n_samples=n, noise=0.12, factor=0.45, random_state=seed)
    out.append(("circles", X, y))
    rng = np.random.default_rng(seed)
    X = rng.uniform(-3, 3, (n, 2))
    y = (X[:, 0] > 0).astype(int) + 2 * (X[:, 1] > 0.8 * np.sin(2 * X[:, 0])).astype(int)
    out.append(("4 quadrants", X, y))
    return out


def noise_matrix(k, rng, noise=NOISE):
    """A random column-stochastic noise matrix P(noisy=i | true=j) with trace k * (1 - noise);
    the flips of each class are spread unevenly over the other classes."""
    nm = np.zeros((k, k))
    for j in range(k):
        stay = np.clip(1 - noise + rng.uniform(-0.08, 0.08), 0.5, 0.9)
        w = rng.dirichlet(np.full(k - 1, 0.7))
        nm[:, j] = np.insert(w * (1 - stay), j, stay)
    return nm


def flip_labels(y, nm, rng):
    """Noisy labels with exactly round(nm[i, j] * count(y == j)) examples of class j labelled i."""
    s = y.copy()
    k = nm.shape[0]
    for j in range(k):
        idx = rng.permutation(np.flatnonzero(y == j))
        counts = np.floor(nm[:, j] * len(idx)).astype(int)
        counts[j] = 0
        start = 0
        for i in range(k):
            s[idx[start:start + counts[i]]] = i
            start += counts[i]
    return s


def classifiers():
    """(name, factory) of the classifiers compared (fresh instance per call)."""
    return [
        ("LogisticRegression", lambda: make_pipeline(
            PolynomialFeatures(3), StandardScaler(), LogisticRegression(max_iter=2000))),
        ("KNN (k=5)", lambda: KNeighborsClassifier(n_neighbors=5)),
        ("GaussianNB", lambda: GaussianNB()),
        ("RandomForest", lambda: RandomForestClassifier(n_estimators=40, max_depth=8, random_state=0)),
        ("SVM (RBF)", lambda: CalibratedClassifierCV(SVC(), ensemble=False)),
    ]


# ---------------------------------------------------------------------------------------------
# experiment
# ---------------------------------------------------------------------------------------------
def run(seed):
    rng = np.random.default_rng(seed)
    results = []
    for d_name, X, y in datasets(seed):
        perm = rng.permutation(len(y))
        tr, te = perm[:500], perm[500:]
        X_tr, y_tr, X_te, y_te = X[tr], y[tr], X[te], y[te]
        k = int(y.max()) + 1
        s_tr = flip_labels(y_tr, noise_matrix(k, rng), rng)
        row = {"name": d_name, "X": X_tr, "y": y_tr, "s": s_tr, "cells": []}
        for c_name, make in classifiers():
            perfect = make().fit(X_tr, y_tr).score(X_te, y_te)
            noisy = make().fit(X_tr, s_tr).score(X_te, y_te)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cl = CleanLearning(make(), seed=seed).fit(X_tr, s_tr)
            clean = cl.score(X_te, y_te)
            issues = cl.get_label_issues()["is_label_issue"].to_numpy()
            row["cells"].append({"clf": c_name, "perfect": perfect, "clean": clean, "noisy": noisy,
                                 "model": cl, "issues": issues})
        results.append(row)
    return results


def print_table(results):
    names = [c["clf"] for c in results[0]["cells"]]
    width = max(len(n) for n in names) + 2
    print("Test accuracy: perfect labels / CleanLearning on noisy labels / noisy labels "
          f"(~{NOISE:.0%} class-conditional label noise)")
    col = max(width, 24)
    print(f"{'dataset':<14}{'noise':>7}" + "".join(f"{n:>{col}}" for n in names))
    wins = total = 0
    for row in results:
        frac = np.mean(row["s"] != row["y"])
        cells = []
        for c in row["cells"]:
            mark = "+" if c["clean"] > c["noisy"] else ("=" if c["clean"] == c["noisy"] else "-")
            wins += c["clean"] > c["noisy"]
            total += 1
            cells.append(f"{c['perfect']:.3f} / {c['clean']:.3f} / {c['noisy']:.3f} {mark}")
        print(f"{row['name']:<14}{frac:>7.1%}" + "".join(f"{x:>{col}}" for x in cells))
    print(f"CleanLearning beats the noisy baseline in {wins} of {total} cells "
          "(+ better, = tie, - worse).")
    return wins, total


def plot(results, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    colors = np.array(["#1f77b4", "#ff7f0e", "#9467bd", "#d62728"])  # no green: errors are circled in green
    n_rows, n_cols = len(results), len(results[0]["cells"]) + 1
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(3.0 * n_cols, 3.0 * n_rows), squeeze=False)
    for r, row in enumerate(results):
        X, y, s = row["X"], row["y"], row["s"]
        k = int(y.max()) + 1
        cmap = ListedColormap(colors[:k])
        pad = 0.5
        x0, x1 = X[:, 0].min() - pad, X[:, 0].max() + pad
        y0, y1 = X[:, 1].min() - pad, X[:, 1].max() + pad
        gx, gy = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
        grid = np.c_[gx.ravel(), gy.ravel()]
        ax = axes[r, 0]
        ax.scatter(X[:, 0], X[:, 1], c=colors[y], s=8, edgecolors="none")
        ax.set_title("ground truth" if r == 0 else "", fontsize=10)
        ax.set_ylabel(row["name"], fontsize=10)
        errors = s != y
        for c, cell in enumerate(row["cells"], start=1):
            ax = axes[r, c]
            z = cell["model"].predict(grid).reshape(gx.shape)
            ax.contourf(gx, gy, z, levels=np.arange(k + 1) - 0.5, cmap=cmap, alpha=0.25)
            ax.scatter(X[:, 0], X[:, 1], c=colors[s], s=8, edgecolors="none")
            ax.scatter(X[errors, 0], X[errors, 1], s=55, facecolors="none", edgecolors="#00b000",
                       linewidths=0.6)
            if r == 0:
                ax.set_title(cell["clf"], fontsize=10, pad=16)
            # the seed's three numbers: perfect labels (black), CleanLearning (blue), noisy (grey)
            for i, (key, col) in enumerate((("perfect", "black"), ("clean", "#1f4fd0"),
                                            ("noisy", "#888888"))):
                ax.text(0.17 + 0.33 * i, 1.02, f"{cell[key]:.2f}", transform=ax.transAxes,
                        ha="center", va="bottom", fontsize=9, color=col, fontweight="bold")
        for ax in axes[r]:
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_xlim(x0, x1)
            ax.set_ylim(y0, y1)
    fig.suptitle("Learning with ~35% class-conditional label noise: test accuracy with perfect "
                 "labels (black), libcleanlab CleanLearning (blue), noisy labels (grey); "
                 "label errors circled in green", fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(path, dpi=90)
    plt.close(fig)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="noisy_labels_figure.png", help="PNG file to write")
    ap.add_argument("--no-plot", action="store_true", help="print the table only")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    results = run(args.seed)
    wins, total = print_table(results)
    if not args.no_plot:
        plot(results, args.out)
        print(f"figure: {args.out}")
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 0 if wins * 2 > total else 1


if __name__ == "__main__":
    sys.exit(main())
