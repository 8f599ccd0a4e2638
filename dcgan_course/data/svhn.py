"""The real SVHN: download once, verify, cache, load as NHWC uint8.

SVHN (Netzer et al., 2011, http://ufldl.stanford.edu/housenumbers/) ships each split as a
MATLAB file: ``X`` of shape (32, 32, 3, N) uint8 and ``y`` of shape (N, 1) where the label 10
stands for the digit 0. :func:`load_svhn` returns ``(images, labels)`` as (N, 32, 32, 3)
uint8 and int64 0..9, the same layout as the synthetic set.

Downloading uses ``keras.utils.get_file`` (progress bar, MD5 check), wrapped because of how
Keras 3.15 behaves (read in keras/src/utils/file_utils.py):

* it writes straight to the final file name, and only deletes the file when Python sees the
  error; a killed kernel (Binder restarts one above 2 GB) leaves half a file there;
* after a download whose hash does not match it raises ``ValueError`` and leaves the bad
  file in place; it never retries;
* connection errors come back as a bare ``Exception("URL fetch failure ...")``, and
  ``urlretrieve`` has no time-out, so a firewall that drops packets hangs forever.

So here the download goes to ``<name>.part`` and is renamed only after its MD5 matched; a
broken or corrupted transfer is restarted once, then a :class:`SVHNUnavailable` error says
what happened, where the file should go and how to continue with the synthetic set.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dcgan_course.translate import Words, columns, tr

CACHE_ENV = "DCGAN_COURSE_DATA"
DEFAULT_CACHE = Path("~/.cache/dcgan-course")
TIMEOUT_S = 30.0  # per socket operation: connect, or a stalled read


@dataclass(frozen=True)
class SVHNFile:
    url: str
    md5: str
    count: int  # number of images in the split


# MD5s as published with torchvision's SVHN loader (torchvision/datasets/svhn.py).
SVHN_FILES: dict[str, SVHNFile] = {
    "train": SVHNFile("http://ufldl.stanford.edu/housenumbers/train_32x32.mat",
                      "e26dedcc434d2e4c54c9b2d4a06d8373", 73_257),
    "test": SVHNFile("http://ufldl.stanford.edu/housenumbers/test_32x32.mat",
                     "eb5a983be6a315427106f1b164d9cef3", 26_032),
    "extra": SVHNFile("http://ufldl.stanford.edu/housenumbers/extra_32x32.mat",
                      "a93ce644f1a588dc4d68dda5feec44a7", 531_131),
}


class SVHNUnavailable(RuntimeError):
    """SVHN could not be downloaded or verified; the message says what to do instead.

    ``reason`` is the message's why alone (its first line after "Could not get SVHN ..."),
    in the edition's language, for :func:`prepare_svhn`'s banner: no code reads it back
    out of the (translated) message.
    """

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason

    def _render_traceback_(self) -> list[str]:
        """What IPython/Jupyter shows instead of a traceback: the message alone, since it
        already names the URL, the cache path and the way forward."""
        return [f"SVHNUnavailable: {self}"]


def resolve_cache_dir(path: str | os.PathLike | None = None) -> Path:
    """The folder SVHN files are kept in: ``path``, else $DCGAN_COURSE_DATA, else
    ``~/.cache/dcgan-course``."""
    chosen = path if path is not None else os.environ.get(CACHE_ENV) or DEFAULT_CACHE
    return Path(chosen).expanduser()


def md5_of(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    """MD5 of a file, read in 1 MiB pieces (the train file is 182 MB)."""
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".md5ok")


def _verified(path: Path, md5: str) -> bool:
    """Whether ``path`` holds the right bytes. Hashing 182 MB costs about half a second,
    so a small stamp file (size, mtime, hash) remembers a file that was already checked."""
    if not path.is_file():
        return False
    stat = path.stat()
    key = f"{stat.st_size} {stat.st_mtime_ns} {md5}"
    stamp = _stamp(path)
    with contextlib.suppress(OSError):
        if stamp.read_text() == key:
            return True
    if md5_of(path) != md5:
        return False
    with contextlib.suppress(OSError):
        stamp.write_text(key)
    return True


@contextlib.contextmanager
def _socket_timeout(seconds: float) -> Iterator[None]:
    """``urlretrieve`` (used by Keras) takes no time-out; set the default for the call."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


def _help(split: str, entry: SVHNFile, target: Path, what: str) -> str:
    return tr(
        "Could not get SVHN '{split}': {what}\n"
        "  URL:        {url}\n"
        "  cache file: {target}\n"
        "To use SVHN without this download, fetch the file on a machine with internet "
        "(browser or `curl -O {url}`), copy it to the path above (MD5 {md5}); "
        "set the environment variable {env} to use another folder.\n"
        "To continue offline, use the synthetic house numbers instead: "
        "load_digits(source=\"synthetic\") or make_house_numbers(n).",
        split=split, what=what, url=entry.url, target=target, md5=entry.md5, env=CACHE_ENV)


def _unavailable(split: str, entry: SVHNFile, target: Path, what: str) -> SVHNUnavailable:
    """The error with :func:`_help`'s message; ``what`` (why, one sentence) kept apart."""
    return SVHNUnavailable(_help(split, entry, target, what), reason=what)


def _reachable(url: str) -> str | None:
    """None when the server answers at all; otherwise why not (offline, refused, ...)."""
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S):
            return None
    except urllib.error.HTTPError as error:
        if error.code in (404, 410):
            return tr("the server answered {code} {reason}", code=error.code,
                      reason=error.reason)
        return None  # the server is there; let the download itself decide
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return tr("the server could not be reached ({reason})", reason=reason)


def _download(split: str, entry: SVHNFile, target: Path) -> None:
    """Fetch ``entry`` to ``target`` through ``<target>.part``; two tries at most."""
    from keras.utils import get_file

    problem = _reachable(entry.url)
    if problem is not None:
        raise _unavailable(split, entry, target, problem + ".")
    part = target.with_name(target.name + ".part")
    problems = []
    for _attempt in range(2):
        try:
            with _socket_timeout(TIMEOUT_S):
                get_file(fname=part.name, origin=entry.url, cache_dir=str(target.parent),
                         cache_subdir="", force_download=True)
        except (Exception, KeyboardInterrupt) as error:
            part.unlink(missing_ok=True)
            if isinstance(error, KeyboardInterrupt):
                raise
            context = error.__context__ if error.__context__ is not None else error
            problems.append(tr("the transfer broke off ({context})", context=context))
            continue
        if md5_of(part) == entry.md5:
            os.replace(part, target)
            return
        size = part.stat().st_size
        part.unlink(missing_ok=True)
        problems.append(tr("the file arrived ({size:,} bytes) but its MD5 is not {md5}",
                           size=size, md5=entry.md5))
    raise _unavailable(split, entry, target, tr("; then ").join(problems) + ".")


def svhn_available(split: str = "train", cache_dir: str | os.PathLike | None = None) -> bool:
    """Whether SVHN ``split`` is already in the cache and verified; never downloads.

    For figures that show real digits where they exist (``plot_synthetic_vs_real``)
    without making an offline machine wait for a failing download.
    """
    entry = SVHN_FILES[split]
    return _verified(resolve_cache_dir(cache_dir) / os.path.basename(entry.url), entry.md5)


def svhn_path(split: str = "train", cache_dir: str | os.PathLike | None = None,
              download: bool = True) -> Path:
    """Path of a verified SVHN split file, downloading it first when needed."""
    if split not in SVHN_FILES:
        raise ValueError(f"split must be one of {sorted(SVHN_FILES)}, got {split!r}")
    entry = SVHN_FILES[split]
    folder = resolve_cache_dir(cache_dir)
    target = folder / os.path.basename(entry.url)
    if _verified(target, entry.md5):
        return target
    if target.exists():
        # Wrong bytes under the final name (half a transfer from a killed kernel, a file
        # copied by hand from the wrong split): never load it; fetch a good one.
        print(tr("{path} does not have the MD5 {md5}; removing it and downloading again.",
                 path=target, md5=entry.md5))
        try:
            target.unlink()
            _stamp(target).unlink(missing_ok=True)
        except OSError as error:
            # A shared read-only cache (a class's data volume): the damaged file must be
            # replaced by whoever manages that folder; nothing here can.
            raise _unavailable(split, entry, target, tr(
                "the file in the cache is damaged and the cache folder is read-only "
                "({error}): ask whoever manages it to replace the file.", error=error)
            ) from None
    if not download:
        raise _unavailable(split, entry, target, tr("the file is not in the cache."))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _unavailable(split, entry, target, tr("the cache folder cannot be created "
                                                    "({error}).", error=error)) from None
    if not os.access(folder, os.W_OK):
        # keras.utils.get_file would quietly download to /tmp/.keras instead.
        raise _unavailable(split, entry, target, tr("the cache folder is not writable."))
    try:
        _download(split, entry, target)
    except SVHNUnavailable as error:
        raise SVHNUnavailable(str(error), reason=error.reason) from None
    _stamp(target).unlink(missing_ok=True)
    _verified(target, entry.md5)
    return target


def _to_nhwc(raw: np.ndarray, chunk: int = 4096) -> np.ndarray:
    """(32, 32, 3, N) as MATLAB stores it -> (N, 32, 32, 3) C-ordered, without a second
    full-size array.

    ``loadmat`` returns MATLAB's column-major data as a Fortran-ordered array: image n is
    one block of 3072 bytes, ordered channel, column, row (slowest to fastest). NHWC keeps
    each image in its block too, only reordered inside it to row, column, channel. So the
    blocks are reordered chunk by chunk through a small buffer, in the same memory
    (``np.ascontiguousarray(np.transpose(...))`` would hold 225 MB twice for SVHN train).
    """
    height, width, channels, count = raw.shape
    if not (raw.flags.f_contiguous and raw.flags.writeable and raw.dtype == np.uint8):
        return np.ascontiguousarray(np.transpose(raw, (3, 0, 1, 2)), dtype=np.uint8)
    flat = raw.ravel(order="F")  # a view: the bytes as they are in memory
    source = flat.reshape(count, channels, width, height)
    target = flat.reshape(count, height, width, channels)
    for start in range(0, count, chunk):
        block = source[start:start + chunk].copy()
        target[start:start + chunk] = block.transpose(0, 3, 2, 1)
    return target


def read_svhn_mat(path: str | os.PathLike) -> tuple[np.ndarray, np.ndarray]:
    """Read an SVHN .mat file into NHWC uint8 images and int64 labels 0..9.

    The axes are reordered in place, so memory holds the images once (plus what
    ``loadmat`` needs while it decompresses); no float copy is ever made.
    """
    from scipy.io import loadmat

    contents = loadmat(path, variable_names=("X", "y"))
    raw = contents.pop("X")
    labels = contents.pop("y").reshape(-1).astype(np.int64)
    del contents
    if raw.ndim != 4 or raw.shape[:3] != (32, 32, 3) or raw.shape[3] != len(labels):
        raise ValueError(f"{path}: expected X of shape (32, 32, 3, N) and y of shape (N, 1), "
                         f"got {raw.shape} and {len(labels)} labels")
    images = _to_nhwc(raw)
    del raw
    labels[labels == 10] = 0  # SVHN writes the digit 0 as label 10
    return images, labels


def load_svhn(split: str = "train", cache_dir: str | os.PathLike | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """SVHN ``split`` ("train", "test" or "extra") as ``(images, labels)``.

    Images are uint8 of shape (N, 32, 32, 3), labels int64 in 0..9. The file is downloaded
    once (MD5-checked) into ``cache_dir``, else $DCGAN_COURSE_DATA, else
    ``~/.cache/dcgan-course``. Without internet this raises :class:`SVHNUnavailable` with
    instructions; the synthetic set (:func:`make_house_numbers`) needs no download.
    """
    return read_svhn_mat(svhn_path(split, cache_dir))


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` screen columns (a Hangul syllable takes two)."""
    while columns(text) > limit:
        text = text[:-1]
    return text


def _banner(lines: list[str]) -> str:
    """Lines in a box of ``!``, measured in screen columns so that Korean lines fit it too."""
    width = max(columns(line) for line in lines)
    rule = "!" * (width + 4)
    return "\n".join([rule, *(f"! {Words(line):<{width}} !" for line in lines), rule])


def prepare_svhn(splits: tuple[str, ...] = ("train", "test"),
                 cache_dir: str | os.PathLike | None = None, download: bool = True) -> str:
    """Get the SVHN ``splits`` for a lesson; returns the data source to use.

    Names the cache folder, downloads each missing split (Keras' progress bar, the MD5
    check, one retry: :func:`svhn_path`) and returns ``"svhn"``. When a split cannot be had
    (offline, a firewall, a bad transfer, ``download=False``), it prints a banner that says
    the lesson trains on *synthetic* house numbers instead, with the reason and how to get
    the files, and returns ``"synthetic"``. It never raises for a missing network.
    """
    folder = resolve_cache_dir(cache_dir)
    print(tr("SVHN cache folder: {folder} (set ${env} to use another)", folder=folder,
             env=CACHE_ENV))
    for split in splits:
        entry = SVHN_FILES[split]
        if svhn_available(split, folder):
            print(tr("  {split}: {file} already here, MD5 verified", split=split,
                     file=os.path.basename(entry.url)))
            continue
        print(tr("  {split}: downloading {url} ({count:,} images)", split=split, url=entry.url,
                 count=entry.count), flush=True)
        try:
            path = svhn_path(split, folder, download=download)
        except SVHNUnavailable as error:
            why = error.reason if error.reason is not None else str(error)
            reason = why.splitlines()[0] if why else ""
            print(_banner([
                tr("SVHN is not available, so this lesson trains on SYNTHETIC house numbers"),
                tr("(digits rendered from fonts by the course), not on real SVHN photos."),
                _clip(tr("Why: {reason}", reason=reason), 100),
                tr("To use SVHN: put {file} (MD5 {md5})", file=os.path.basename(entry.url),
                   md5=entry.md5),
                tr("into {folder}, or run this cell again with internet.", folder=folder),
            ]), flush=True)
            return "synthetic"
        print(tr("  {split}: {path} ({size:.0f} MB), MD5 verified", split=split, path=path,
                 size=path.stat().st_size / 2**20), flush=True)
    return "svhn"
