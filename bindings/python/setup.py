"""Build script of the libcleanlab Python package.

The build step
1. finds libcleanlab.so: the directory named by the environment variable LIBCLEANLAB_PREBUILT,
   else <repo>/.build/release/libcleanlab.so if it is newer than every file under <repo>/Sources
   and <repo>/include, else it runs `swift build -c release --package-path <repo>`;
2. copies libcleanlab.so into the package directory (it is shipped inside the wheel);
3. compiles the extensions libcleanlab._native* from src/libcleanlab/_native*.c against
   <repo>/include/cleanlab.h, linked with -lcleanlab and rpath $ORIGIN, so the installed package
   needs neither the Swift toolchain nor LD_LIBRARY_PATH.

<repo> is ../.. relative to this file, or the environment variable LIBCLEANLAB_REPO_ROOT.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("LIBCLEANLAB_REPO_ROOT") or HERE.parent.parent).resolve()
INCLUDE = ROOT / "include"
HEADER = INCLUDE / "cleanlab.h"
LIBNAME = "libcleanlab.so"


def _read_version() -> str:
    if not HEADER.is_file():
        raise RuntimeError(
            f"cannot find {HEADER}: build the libcleanlab Python package from the libcleanlab "
            "repository (bindings/python), or set LIBCLEANLAB_REPO_ROOT to the repository root"
        )
    m = re.search(r'#define\s+CL_VERSION_STRING\s+"([^"]+)"', HEADER.read_text())
    if not m:
        raise RuntimeError(f"CL_VERSION_STRING not found in {HEADER}")
    return m.group(1)


def _newest_mtime(dirs) -> float:
    newest = 0.0
    for d in dirs:
        if not d.is_dir():
            continue
        for p in d.rglob("*"):
            if p.is_file():
                newest = max(newest, p.stat().st_mtime)
    return newest


def _find_or_build_library() -> Path:
    prebuilt_dir = os.environ.get("LIBCLEANLAB_PREBUILT")
    if prebuilt_dir:
        lib = Path(prebuilt_dir) / LIBNAME
        if not lib.is_file():
            raise RuntimeError(f"LIBCLEANLAB_PREBUILT={prebuilt_dir} has no {LIBNAME}")
        print(f"libcleanlab: using prebuilt {lib} (LIBCLEANLAB_PREBUILT)")
        return lib
    lib = ROOT / ".build" / "release" / LIBNAME
    sources_mtime = _newest_mtime([ROOT / "Sources", INCLUDE])
    if lib.is_file() and lib.stat().st_mtime > sources_mtime:
        print(f"libcleanlab: using {lib} (newer than Sources/ and include/)")
        return lib
    swift = shutil.which("swift")
    if swift is None:
        raise RuntimeError(
            f"{lib} is missing or older than the sources and `swift` is not on PATH; install "
            "the Swift toolchain, or set LIBCLEANLAB_PREBUILT to a directory holding "
            f"{LIBNAME}"
        )
    cmd = [swift, "build", "-c", "release", "--package-path", str(ROOT)]
    print("libcleanlab: running " + " ".join(cmd), flush=True)
    subprocess.check_call(cmd)
    if not lib.is_file():
        raise RuntimeError(f"`swift build` did not produce {lib}")
    return lib


class BuildWithLibrary(build_ext):
    """build_ext that first puts libcleanlab.so next to the extension."""

    def run(self):
        lib = _find_or_build_library()
        pkg_dir = Path(self.get_ext_fullpath("libcleanlab._native")).parent
        pkg_dir.mkdir(parents=True, exist_ok=True)
        dest = pkg_dir / LIBNAME
        if dest.exists() or dest.is_symlink():
            dest.unlink()
        shutil.copy2(lib.resolve(), dest)
        for ext in self.extensions:
            ext.library_dirs = [str(pkg_dir)] + list(ext.library_dirs or [])
            ext.depends = list(ext.depends or []) + [str(dest)]
        super().run()


# One extension module per src/libcleanlab/_native*.c (libcleanlab._native, _native_<area>...),
# all sharing _native_common.h; splitting by area keeps each file small.
SRC = HERE / "src" / "libcleanlab"
native_modules = [
    Extension(
        f"libcleanlab.{c.stem}",
        sources=[f"src/libcleanlab/{c.name}"],
        include_dirs=[str(INCLUDE)],
        libraries=["cleanlab"],
        extra_compile_args=["-O2", "-Wall", "-Wno-missing-field-initializers"],
        extra_link_args=["-Wl,-rpath,$ORIGIN"],
        depends=[str(HEADER), str(SRC / "_native_common.h")],
    )
    for c in sorted(SRC.glob("_native*.c"))
]

setup(
    version=_read_version(),
    ext_modules=native_modules,
    cmdclass={"build_ext": BuildWithLibrary},
)
