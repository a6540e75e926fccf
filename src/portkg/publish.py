"""Writing output so that a failure, Ctrl-C or a kill never leaves a half-written or mixed result.

- ``write_atomically(files)``: each file goes to a temporary name beside it (recorded for
  cleanup *before* anything is written), then all are renamed into place; on any error the
  temporaries are removed and the previous files are untouched.
- ``publish_build(out, files)``: the build output (graph files and site) is staged as a
  complete copy of ``out`` in a sibling directory and made visible with one atomic directory
  exchange (Linux ``renameat2(RENAME_EXCHANGE)``), so readers see the old output or the new
  one, never a mix. Entries of ``out`` that the build does not make (the validate cache,
  viz pages, exports a user put there) are carried over as hard links.
- ``stream_atomically(path)``: a context manager for big outputs written in a stream (synth).

OSErrors become ``OutputError`` (path, what failed, how to fix it); the CLI prints those.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import signal
import tempfile
from pathlib import Path

from .errors import OutputError, describe_os_error

_UMASK = os.umask(0)
os.umask(_UMASK)

STAGING_PREFIX = ".portkg-staging-"
OLD_PREFIX = ".portkg-old-"
# the entries of build/ that a build writes; everything else in build/ is carried over
BUILD_ENTRIES = ("portkg.ttl", "portkg.nt", "portkg.jsonld", "site")


def _stage(name: str) -> None:
    """A named point of a publish, where the test suite can stop the process (PORTKG_TEST_KILL_AT)."""
    want = os.environ.get("PORTKG_TEST_KILL_AT")
    if want and want.split(":")[0] == name:
        sig = want.split(":")[1] if ":" in want else "KILL"
        if sig == "INT":
            # a process started in the background by a non-interactive shell inherits SIGINT ignored,
            # and Python then installs no KeyboardInterrupt handler: the signal did nothing and
            # pause() waited for ever (the test hung to its timeout under `land.sh … &`)
            signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.raise_signal(getattr(signal, f"SIG{sig}"))
        signal.pause() if sig != "KILL" else None  # pragma: no cover - the signal ends us first


def _check_target(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        raise OutputError(path, "writing", "it is a directory", "give a file name (e.g. -o out/graph.ttl)")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(path, "writing", f"{parent} is a file, not a directory",
                                  "choose a path whose folders are folders")
            break


def write_atomically(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary name first, then rename them all into place.

    If anything fails before the renames, the previous outputs are untouched and no
    temporary file is left behind.
    """
    temps: list[tuple[str, Path]] = []
    current = None
    try:
        for path in files:
            _check_target(path)
        for path, data in files.items():
            current = path
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))  # recorded before the write, so a failed write is cleaned up
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o666 & ~_UMASK)
        _stage("files-written")
        for tmp, path in temps:
            current = path
            os.replace(tmp, path)
    except OSError as err:
        raise describe_os_error(err, "writing", current) from None
    finally:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


@contextlib.contextmanager
def stream_atomically(path: Path):
    """Yield a binary file handle; on success the file replaces ``path``, on any failure it is removed."""
    tmp = None
    try:
        _check_target(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
        tmp = None
    except OSError as err:
        raise describe_os_error(err, "writing", path) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


# ---------------------------------------------------------------- the build directory

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux). False when the system cannot do it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    e = ctypes.get_errno()
    if e in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(e, os.strerror(e), str(a), None, str(b))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out: Path) -> list[Path]:
    """Remove staging and old directories left beside ``out`` by a killed build (not by a running one)."""
    removed = []
    parent = out.parent
    if not parent.is_dir():
        return removed
    for prefix in (STAGING_PREFIX, OLD_PREFIX):
        for d in parent.glob(f"{prefix}{out.name}-*"):
            try:
                pid = int(d.name.rsplit("-", 2)[-2])
            except ValueError:
                continue
            if pid != os.getpid() and not _alive(pid):
                shutil.rmtree(d, ignore_errors=True)
                removed.append(d)
    return removed


def _link_tree(src: Path, dst: Path) -> None:
    """A copy of ``src`` at ``dst`` made of hard links (a real copy where links are refused)."""
    def link(s, d):
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)

    if src.is_dir() and not src.is_symlink():
        shutil.copytree(src, dst, symlinks=True, copy_function=link)
    elif src.is_symlink():
        os.symlink(os.readlink(src), dst)
    else:
        link(src, dst)


def check_out_dir(out: Path) -> None:
    """Refuse an output directory that is a file, or lies under one."""
    if out.exists() and not out.is_dir():
        raise OutputError(out, "publishing the build", "it is a file, not a directory",
                          "remove it or choose another --out")
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(out, "publishing the build", f"{parent} is a file, not a directory",
                                  "choose an --out whose folders are folders")
            break


def publish_build(out: Path, files: dict, entries=BUILD_ENTRIES) -> None:
    """Make ``files`` (paths relative to ``out``) the build output in one atomic step.

    Each value is the file's bytes, or a function that writes it to the binary file it is given
    (big graph files are written in a stream into the staging copy).

    The new ``out`` holds exactly ``files`` plus every entry of the old ``out`` that is not one of
    ``entries`` (those the build owns: an entry it no longer writes, such as site/ with --no-site,
    is dropped so that no stale part remains).
    """
    out = Path(os.path.abspath(out))
    staging = out.parent / f"{STAGING_PREFIX}{out.name}-{os.getpid()}-{os.urandom(3).hex()}"
    try:
        check_out_dir(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(out)
        staging.mkdir()  # from here on `staging` is removed by the finally below, whatever happens
        _stage("staging-created")
        for rel, data in sorted(files.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as fh:
                if callable(data):
                    data(fh)  # a writer: the file is made in a stream, never held whole in memory
                else:
                    fh.write(data)
            os.chmod(path, 0o666 & ~_UMASK)
            if rel == "portkg.jsonld":
                _stage("graph-staged")
        _stage("site-staged")
        if out.is_dir():
            for entry in sorted(out.iterdir()):
                if entry.name not in entries and entry.name not in files:
                    _link_tree(entry, staging / entry.name)
        _stage("carried-over")
        staging.chmod(0o777 & ~_UMASK)
        if out.is_dir():
            if not _exchange(staging, out):
                # no atomic exchange here: move the old output aside, then the new one in
                old = out.parent / f"{OLD_PREFIX}{out.name}-{os.getpid()}-{os.urandom(3).hex()}"
                os.rename(out, old)
                try:
                    os.rename(staging, out)
                except OSError:
                    os.rename(old, out)
                    raise
                os.rename(old, staging)  # removed below like the exchanged old output
        else:
            os.rename(staging, out)
        _stage("published")
    except OSError as err:
        where = str(err.filename or out)
        if where.startswith(str(staging)):  # name the path the user knows, not the staging copy
            where = str(out) + where[len(str(staging)):]
        raise describe_os_error(err, f"publishing the build into {out}", where) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
