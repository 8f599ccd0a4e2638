"""The real-SVHN loader, against tiny .mat files in SVHN's exact layout on a loopback server.

No test touches the network: the URL table is pointed at a server on 127.0.0.1 that this
module starts, which can also cut a transfer short or serve wrong bytes on purpose.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import socket
import threading
from pathlib import Path

import numpy as np
import pytest
import scipy.io

from dcgan_course.data import load_digits, svhn, svhn_available
from dcgan_course.data.svhn import SVHNFile, SVHNUnavailable, load_svhn, read_svhn_mat


def svhn_mat_bytes(images_nhwc: np.ndarray, labels_1_to_10: np.ndarray) -> bytes:
    """A .mat file laid out like SVHN's: X (32, 32, 3, N) uint8, y (N, 1) with 10 for 0."""
    buffer = io.BytesIO()
    scipy.io.savemat(buffer, {"X": np.transpose(images_nhwc, (1, 2, 3, 0)),
                              "y": labels_1_to_10.reshape(-1, 1).astype(np.uint8)},
                     do_compression=True)
    return buffer.getvalue()


def tiny_svhn(n: int = 12, seed: int = 0) -> tuple[np.ndarray, np.ndarray, bytes]:
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, (n, 32, 32, 3), dtype=np.uint8)
    # Make every image tell its axes apart: row index in red, column index in green.
    images[:, :, :, 0] = np.arange(32, dtype=np.uint8)[None, :, None]
    images[:, :, :, 1] = np.arange(32, dtype=np.uint8)[None, None, :] * 2
    digits = np.arange(n) % 10
    stored = np.where(digits == 0, 10, digits)
    return images, digits, svhn_mat_bytes(images, stored)


class FileServer:
    """Serves byte strings on 127.0.0.1; can break chosen transfers a number of times."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.cut: dict[str, int] = {}  # path -> how many more GETs to cut half-way
        self.requests: list[tuple[str, str]] = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def _head(self) -> bytes | None:
                owner.requests.append((self.command, self.path))
                body = owner.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return None
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Content-Type", "application/octet-stream")
                self.end_headers()
                return body

            def do_HEAD(self):
                self._head()

            def do_GET(self):
                body = self._head()
                if body is None:
                    return
                if owner.cut.get(self.path, 0) > 0:
                    owner.cut[self.path] -= 1
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def gets(self, path: str) -> int:
        return sum(1 for method, p in self.requests if method == "GET" and p == path)


@pytest.fixture
def server():
    srv = FileServer()
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(svhn.CACHE_ENV, str(folder))
    monkeypatch.setattr(svhn, "TIMEOUT_S", 5.0)
    return folder


def publish(server: FileServer, monkeypatch, split: str, body: bytes,
            md5: str | None = None) -> str:
    path = f"/housenumbers/{split}_32x32.mat"
    server.files[path] = body
    entry = SVHNFile(server.url(path), md5 or hashlib.md5(body).hexdigest(), 12)
    monkeypatch.setitem(svhn.SVHN_FILES, split, entry)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_reads_svhn_layout_and_maps_label_10_to_0(tmp_path):
    images, digits, body = tiny_svhn()
    path = tmp_path / "train_32x32.mat"
    path.write_bytes(body)
    got_images, got_labels = read_svhn_mat(path)
    assert got_images.shape == (12, 32, 32, 3) and got_images.dtype == np.uint8
    assert got_images.flags.c_contiguous
    np.testing.assert_array_equal(got_images, images)  # rows, columns, channels in place
    assert got_labels.dtype == np.int64
    np.testing.assert_array_equal(got_labels, digits)
    assert set(got_labels) == set(range(10))  # 10 became 0, nothing is 10


def test_downloads_once_verifies_and_caches(server, cache, monkeypatch):
    images, digits, body = tiny_svhn()
    path = publish(server, monkeypatch, "train", body)
    got_images, got_labels = load_svhn("train")
    np.testing.assert_array_equal(got_images, images)
    np.testing.assert_array_equal(got_labels, digits)
    assert (cache / "train_32x32.mat").read_bytes() == body
    assert leftovers(cache) == ["train_32x32.mat", "train_32x32.mat.md5ok"]
    load_svhn("train")  # served from the cache
    assert server.gets(path) == 1


def test_load_digits_switch_gives_the_same_layout(server, cache, monkeypatch):
    _, _, body = tiny_svhn()
    publish(server, monkeypatch, "test", body)
    real = load_digits("svhn", split="test", n=5, seed=1)
    fake = load_digits("synthetic", split="test", n=5, seed=1)
    for (images, labels) in (real, fake):
        assert images.shape == (5, 32, 32, 3) and images.dtype == np.uint8
        assert labels.shape == (5,) and labels.dtype == np.int64


def test_wrong_checksum_is_downloaded_twice_then_a_clear_error(server, cache, monkeypatch):
    _, _, body = tiny_svhn()
    path = publish(server, monkeypatch, "train", body, md5="0" * 32)
    with pytest.raises(SVHNUnavailable) as info:
        load_svhn("train")
    message = str(info.value)
    assert "MD5" in message and "0" * 32 in message
    assert server.url(path) in message and str(cache / "train_32x32.mat") in message
    assert "synthetic" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert server.gets(path) == 2
    assert leftovers(cache) == []  # nothing half-trusted stays behind


def test_transfer_cut_once_is_restarted_and_never_left_under_final_name(
        server, cache, monkeypatch):
    images, _, body = tiny_svhn(n=40)
    path = publish(server, monkeypatch, "train", body)
    server.cut[path] = 1
    got, _ = load_svhn("train")
    np.testing.assert_array_equal(got, images)
    assert server.gets(path) == 2
    assert leftovers(cache) == ["train_32x32.mat", "train_32x32.mat.md5ok"]


def test_transfer_cut_every_time_gives_a_clear_error(server, cache, monkeypatch):
    _, _, body = tiny_svhn(n=40)
    path = publish(server, monkeypatch, "train", body)
    server.cut[path] = 5
    with pytest.raises(SVHNUnavailable, match="broke off"):
        load_svhn("train")
    assert leftovers(cache) == []


def test_truncated_file_in_cache_is_replaced(server, cache, monkeypatch):
    """A half-written file under the final name (a kernel killed by an older tool)."""
    images, _, body = tiny_svhn()
    path = publish(server, monkeypatch, "train", body)
    cache.mkdir(parents=True)
    (cache / "train_32x32.mat").write_bytes(body[: len(body) // 3])
    (cache / "train_32x32.mat.part").write_bytes(body[:100])  # stale part from a crash
    got, _ = load_svhn("train")
    np.testing.assert_array_equal(got, images)
    assert server.gets(path) == 1
    assert leftovers(cache) == ["train_32x32.mat", "train_32x32.mat.md5ok"]


def test_damaged_file_in_a_read_only_cache_is_a_clear_error(server, cache, monkeypatch):
    """A class's shared data volume is read-only: a damaged file there cannot be removed,
    and the learner is told who must replace it, not shown a raw OSError."""
    _, _, body = tiny_svhn()
    publish(server, monkeypatch, "train", body)
    cache.mkdir(parents=True)
    damaged = cache / "train_32x32.mat"
    damaged.write_bytes(body[: len(body) // 3])
    real_unlink = Path.unlink

    def read_only(path, *args, **kwargs):  # root ignores chmod, so the refusal is simulated
        if path == damaged:
            raise PermissionError(30, "Read-only file system", str(path))
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", read_only)
    with pytest.raises(SVHNUnavailable) as raised:
        load_svhn("train")
    assert "read-only" in str(raised.value) and "replace the file" in str(raised.value)
    assert damaged.read_bytes() == body[: len(body) // 3]  # nothing lost or half-replaced


def test_file_placed_by_hand_is_used_without_network(cache, monkeypatch):
    images, _, body = tiny_svhn()
    entry = SVHNFile("http://127.0.0.1:9/never-used.mat", hashlib.md5(body).hexdigest(), 12)
    monkeypatch.setitem(svhn.SVHN_FILES, "test", entry)
    cache.mkdir(parents=True)
    assert not svhn_available("test")
    (cache / "never-used.mat").write_bytes(body)
    assert svhn_available("test")
    got, _ = load_svhn("test")
    np.testing.assert_array_equal(got, images)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_offline_message_names_url_cache_manual_steps_and_synthetic(cache, monkeypatch):
    url = f"http://127.0.0.1:{closed_port()}/housenumbers/train_32x32.mat"
    monkeypatch.setitem(svhn.SVHN_FILES, "train", SVHNFile(url, "a" * 32, 12))
    with pytest.raises(SVHNUnavailable) as info:
        load_svhn("train")
    message = str(info.value)
    assert url in message
    assert str(cache / "train_32x32.mat") in message
    assert "copy it to the path above" in message and svhn.CACHE_ENV in message
    assert 'load_digits(source="synthetic")' in message
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert leftovers(cache) == []


def test_unknown_split_is_a_value_error():
    with pytest.raises(ValueError, match="split"):
        load_svhn("validation")


def test_axis_reorder_in_place_matches_transpose_for_any_memory_order():
    rng = np.random.default_rng(5)
    nhwc = rng.integers(0, 256, (9, 32, 32, 3), dtype=np.uint8)
    stored = np.transpose(nhwc, (1, 2, 3, 0))
    for raw in (np.asfortranarray(stored), np.ascontiguousarray(stored)):
        got = svhn._to_nhwc(raw.copy(order="K"), chunk=4)
        assert got.flags.c_contiguous
        np.testing.assert_array_equal(got, nhwc)


def test_interrupted_download_leaves_nothing_and_is_not_swallowed(server, cache, monkeypatch):
    """Ctrl-C (a kernel interrupt) in the middle of a transfer: no file, the interrupt goes on."""
    import keras.utils

    _, _, body = tiny_svhn()
    publish(server, monkeypatch, "train", body)

    def interrupted(fname, origin, cache_dir, **kwargs):
        Path(cache_dir, fname).write_bytes(body[:50])
        raise KeyboardInterrupt

    monkeypatch.setattr(keras.utils, "get_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_svhn("train")
    assert leftovers(cache) == []


def test_jupyter_shows_the_message_not_a_traceback():
    error = SVHNUnavailable("Could not get SVHN 'train': offline.")
    assert error._render_traceback_() == ["SVHNUnavailable: Could not get SVHN 'train': offline."]


def test_lesson_download_fetches_both_splits_with_progress_and_md5(server, cache, monkeypatch,
                                                                   capsys):
    """What lesson 06's data cell does with internet: both splits, named folder, verified."""
    from dcgan_course.data import prepare_svhn

    _, _, train = tiny_svhn(n=12, seed=1)
    _, _, test = tiny_svhn(n=10, seed=2)
    paths = [publish(server, monkeypatch, "train", train),
             publish(server, monkeypatch, "test", test)]
    assert prepare_svhn(("train", "test")) == "svhn"
    out = capsys.readouterr().out
    assert f"SVHN cache folder: {cache}" in out
    assert out.count("MD5 verified") == 2 and "SYNTHETIC" not in out
    assert [server.gets(p) for p in paths] == [1, 1]
    assert prepare_svhn(("train", "test")) == "svhn"  # second run: from the cache
    assert "already here" in capsys.readouterr().out
    assert [server.gets(p) for p in paths] == [1, 1]


def test_lesson_download_retries_a_broken_transfer(server, cache, monkeypatch, capsys):
    from dcgan_course.data import prepare_svhn

    _, _, body = tiny_svhn(n=40)
    path = publish(server, monkeypatch, "train", body)
    server.cut[path] = 1
    assert prepare_svhn(("train",)) == "svhn"
    assert server.gets(path) == 2


def test_lesson_offline_falls_back_to_synthetic_with_a_banner(cache, monkeypatch, capsys):
    """Offline (nothing listens on the port): a banner says SYNTHETIC, nothing raises."""
    from dcgan_course.data import prepare_svhn

    url = f"http://127.0.0.1:{closed_port()}/housenumbers/train_32x32.mat"
    monkeypatch.setitem(svhn.SVHN_FILES, "train", SVHNFile(url, "a" * 32, 12))
    assert prepare_svhn(("train", "test")) == "synthetic"
    out = capsys.readouterr().out
    banner = [line for line in out.splitlines() if line.startswith("!")]
    assert len(banner) >= 5, out
    assert "SYNTHETIC house numbers" in out and "not on real SVHN" in out
    assert "could not be reached" in out and str(cache) in out
    assert leftovers(cache) == []
    assert prepare_svhn(("train",), download=False) == "synthetic"


@pytest.mark.slow
def test_full_size_train_file_loads_lean(tmp_path):
    """SVHN's real size (73,257 images, 225 MB as uint8): the loader holds the images once
    (no float copy, no second transposed copy), plus small working buffers of loadmat."""
    import subprocess
    import sys

    count = svhn.SVHN_FILES["train"].count
    rng = np.random.default_rng(0)
    tile = rng.integers(0, 256, (32, 32, 3, 1000), dtype=np.uint8)
    tile[:, :, :, :] //= 16  # compressible, like photographs rather than noise
    x = np.tile(tile, (1, 1, 1, count // 1000 + 1))[:, :, :, :count]
    y = (np.arange(count) % 10 + 1).reshape(-1, 1).astype(np.uint8)
    path = tmp_path / "train_32x32.mat"
    scipy.io.savemat(path, {"X": np.asfortranarray(x), "y": y}, do_compression=True)
    del x
    # the module alone (importing the package would import TensorFlow, whose start-up peak
    # would hide the loader's)
    script = (
        "import importlib.util, sys\n"
        "import numpy as np, scipy.io\n"
        f"spec = importlib.util.spec_from_file_location('svhn_alone', {svhn.__file__!r})\n"
        "module = sys.modules['svhn_alone'] = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "read_svhn_mat = module.read_svhn_mat\n"
        "def peak_kb():  # VmHWM: this process's peak RSS (ru_maxrss would include the\n"
        "    # parent's before exec)\n"
        "    status = open('/proc/self/status').read()\n"
        "    return int(status.split('VmHWM:')[1].split()[0])\n"
        "before = peak_kb()\n"
        "images, labels = read_svhn_mat(sys.argv[1])\n"
        "after = peak_kb()\n"
        "assert images.dtype == np.uint8 and images.flags.c_contiguous\n"
        "print(images.shape, (after - before) // 1024, images.nbytes // 2**20)\n")
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                            text=True, timeout=600, check=True)
    shape, added_mb, images_mb = result.stdout.rsplit(")", 1)[0] + ")", *map(
        int, result.stdout.rsplit(")", 1)[1].split())
    assert shape == f"({count}, 32, 32, 3)"
    assert images_mb == 214
    # the images once plus loadmat's working buffers (measured: 239 MB for 214 MB of images)
    print("loader: shape, peak MB added, images MB:", result.stdout.strip())
    assert images_mb <= added_mb <= 1.5 * images_mb, result.stdout
