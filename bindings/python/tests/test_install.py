"""The installed package is self-contained: libcleanlab.so ships next to the extension (rpath
$ORIGIN), links no Swift runtime library, and imports with the toolchain out of reach."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import libcleanlab

PKG = Path(libcleanlab.__file__).resolve().parent
LIB = PKG / "libcleanlab.so"
EXT = Path(libcleanlab._native.__file__).resolve()

SMOKE = (
    "import numpy as np, libcleanlab as lc;"
    "p = np.random.default_rng(0).dirichlet(np.ones(3), size=200);"
    "y = p.argmax(1); y[:30] = (y[:30] + 1) % 3;"
    "m = lc.filter.find_label_issues(y, p);"
    "print('OK', lc.__version__, int(m.sum()))"
)


def _clean_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "DYLD_", "PYTHON"))}
    env["PATH"] = "/usr/bin:/bin"
    return env


def test_bundled_library_present():
    assert LIB.is_file() and not LIB.is_symlink()
    assert EXT.parent == PKG


@pytest.mark.skipif(shutil.which("ldd") is None, reason="ldd not available")
def test_no_swift_runtime_dependency():
    for so in (LIB, EXT):
        out = subprocess.run(["ldd", str(so)], capture_output=True, text=True,
                             env=_clean_env(), check=True).stdout
        assert "libswift" not in out.lower(), out
        assert "libFoundation" not in out, out
        assert "not found" not in out, out
    out = subprocess.run(["ldd", str(EXT)], capture_output=True, text=True,
                         env=_clean_env(), check=True).stdout
    line = next(ln for ln in out.splitlines() if "libcleanlab.so" in ln)
    assert str(PKG) in line  # resolved through $ORIGIN, not a build tree


@pytest.mark.skipif(shutil.which("readelf") is None, reason="readelf not available")
def test_extension_rpath_is_origin():
    out = subprocess.run(["readelf", "-d", str(EXT)], capture_output=True, text=True,
                         check=True).stdout
    assert "$ORIGIN" in out
    assert "libcleanlab.so" in out  # NEEDED
    soname = subprocess.run(["readelf", "-d", str(LIB)], capture_output=True, text=True,
                            check=True).stdout
    assert "Library soname: [libcleanlab.so]" in soname


def test_imports_in_clean_environment(tmp_path):
    r = subprocess.run([sys.executable, "-c", SMOKE], capture_output=True, text=True,
                       env=_clean_env(), cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("OK")


def _swift_runtime_dirs():
    swift = shutil.which("swift")
    dirs = []
    if swift:
        usr = Path(os.path.realpath(swift)).parent.parent
        for sub in ("lib/swift/linux", "lib/swift_static/linux"):
            d = usr / sub
            if d.is_dir():
                dirs.append(d)
    return dirs


def test_imports_with_swift_runtime_hidden(tmp_path):
    """Mount an empty tmpfs over the toolchain's runtime directories in a private mount
    namespace, then import and run."""
    dirs = _swift_runtime_dirs()
    if not dirs:
        pytest.skip("no Swift toolchain on this machine: nothing to hide")
    if shutil.which("unshare") is None:
        pytest.skip("unshare not available")
    mounts = " && ".join(f"mount -t tmpfs none '{d}'" for d in dirs)
    checks = " && ".join(f"test -z \"$(ls -A '{d}')\"" for d in dirs)
    script = f"{mounts} && {checks} && exec '{sys.executable}' -c \"{SMOKE}\""
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"],
                           capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot create a mount namespace here: " + probe.stderr.decode()[:200])
    r = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                       capture_output=True, text=True, env=_clean_env(), cwd=tmp_path,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("OK"), r.stdout


HEADER = Path(__file__).resolve().parents[3] / "include" / "cleanlab.h"


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
@pytest.mark.skipif(not HEADER.is_file(), reason="not run from the repository")
def test_abi_mismatch_refuses_import(tmp_path):
    """A libcleanlab.so that reports another CL_ABI_VERSION makes the import fail."""
    import re

    names = sorted(set(re.findall(r"\b(cl_[a-z0-9_]+)\s*\(", HEADER.read_text())))
    special = {
        "cl_abi_version": "unsigned cl_abi_version(void) { return 999u; }",
        "cl_version_string": 'const char *cl_version_string(void) { return "9.9.9"; }',
    }
    stub = "\n".join(special.get(n, f"long {n}(void) {{ return 0; }}") for n in names)
    (tmp_path / "stub.c").write_text(stub + "\n")
    (tmp_path / "stub.map").write_text("CLEANLAB_1 { global: cl_*; local: *; };\n")
    pkg = tmp_path / "site" / "libcleanlab"
    shutil.copytree(PKG, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        ["cc", "-shared", "-fPIC", "-o", str(pkg / "libcleanlab.so"), str(tmp_path / "stub.c"),
         "-Wl,-soname=libcleanlab.so", f"-Wl,--version-script={tmp_path / 'stub.map'}"],
        check=True, capture_output=True,
    )
    env = _clean_env()
    env["PYTHONPATH"] = str(tmp_path / "site")
    r = subprocess.run([sys.executable, "-c", "import libcleanlab"], capture_output=True,
                       text=True, env=env, cwd=tmp_path, timeout=60)
    assert r.returncode != 0
    assert "ImportError" in r.stderr and "ABI mismatch" in r.stderr, r.stderr
    assert "999" in r.stderr
