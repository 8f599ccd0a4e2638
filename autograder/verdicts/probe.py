"""How the grader asks a student's kernel for answers, and reads them back as plain data.

The grader sends one execution per graded test cell (a *probe*): it defines the exercise's
kernel-side body, runs it on every case the grader drew for this submission, and displays
the results under a private MIME type. The grader then reads that output from the probe's
own cell, decodes it with the strict, size-limited decoder below (JSON only: numbers,
strings, lists, dicts, and arrays as base64 bytes of a few numeric dtypes), and compares it
with references computed in its own process.

Nothing in the reply is trusted: a student's code can rewrite it, but it cannot know what
the grader expects, so a forged reply can at best reproduce a correct answer, which it
would have had to compute.
"""

from __future__ import annotations

import base64
import json
import math
from typing import Any

import numpy as np

MIME = "application/x-dcgan-course-probe"
#: Largest reply the grader reads (characters of the base64 text).
MAX_REPLY_CHARS = 40_000_000
#: Largest single array in a reply (elements).
MAX_ARRAY_ELEMENTS = 5_000_000
ALLOWED_DTYPES = ("float64", "float32", "int64", "int32", "bool")

# Runs in the student's kernel. Self-contained: it imports what it needs under private
# names, so a learner's variables called `np` or `json` cannot break an honest answer.
KERNEL_PRELUDE = r'''
def __dcgan_probe_run(payload, token, body, forbidden=()):
    import base64 as _b64, json as _json
    import numpy as _np
    from IPython.display import display as _display

    def _watch(names, calls, main):
        """Wrap each forbidden callable where a learner's code reaches it (its public
        module under each of its names, e.g. keras.layers and tf.keras.layers, and the
        notebook's own names) so that a call is recorded; returns the undo list."""
        import functools as _functools, importlib as _importlib, os as _os, sys as _sys
        import importlib.util as _importlib_util

        # Calls made by library code (TensorFlow, Keras, the course package) on the
        # learner's behalf are theirs, not the learner's: only a call from the learner's own
        # code counts.
        library = {_sys.prefix, _sys.base_prefix}
        package = _importlib_util.find_spec("dcgan_course")
        if package is not None and package.origin:
            library.add(_os.path.dirname(package.origin))
        library = tuple(_os.path.realpath(p) + _os.sep for p in library)

        def _by_learner():
            caller = _os.path.realpath(_sys._getframe(2).f_code.co_filename)
            return not caller.startswith(library)

        def _spellings(dotted):
            parts = dotted.split(".")
            parts[0] = {"tf": "tensorflow"}.get(parts[0], parts[0])
            if parts[:2] == ["tensorflow", "keras"]:
                parts = parts[1:]
            return [parts, ["tensorflow", *parts]] if parts[0] == "keras" else [parts]

        def _holder(parts):
            try:
                obj = _importlib.import_module(parts[0])
                for cut, part in enumerate(parts[1:-1], start=2):
                    try:
                        obj = getattr(obj, part)
                    except AttributeError:
                        obj = _importlib.import_module(".".join(parts[:cut]))
                return obj, getattr(obj, parts[-1])
            except Exception:
                return None, None

        def _wrapped(original, name):
            if isinstance(original, type):
                def __init__(self, *args, **kwargs):
                    if _by_learner():
                        calls.append(name)
                    original.__init__(self, *args, **kwargs)
                return type(original.__name__, (original,), {
                    "__init__": __init__, "__module__": original.__module__,
                    "__qualname__": original.__qualname__})

            @_functools.wraps(original)
            def wrapper(*args, **kwargs):
                if _by_learner():
                    calls.append(name)
                return original(*args, **kwargs)
            return wrapper

        undo = []
        for name in names:
            stand_in = None
            for parts in _spellings(name):
                holder, original = _holder(parts)
                if holder is None or not callable(original):
                    continue
                stand_in = stand_in or _wrapped(original, name)
                undo.append((holder, parts[-1], original))
                setattr(holder, parts[-1], stand_in)
                for key, value in list(main.items()):
                    if value is original:
                        undo.append((None, key, value))
                        main[key] = stand_in
        return undo

    def _decode(obj):
        if isinstance(obj, dict) and "__array__" in obj:
            raw = _b64.b64decode(obj["__array__"])
            return _np.frombuffer(raw, dtype=obj["dtype"]).reshape(obj["shape"]).copy()
        if isinstance(obj, dict):
            return {k: _decode(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [_decode(v) for v in obj]
        return obj

    def _encode(value, depth=0):
        if depth > 8:
            return {"__unreadable__": "nested too deeply"}
        if hasattr(value, "numpy") and callable(value.numpy):
            value = value.numpy()
        if isinstance(value, (bool, _np.bool_)):
            return bool(value)
        if isinstance(value, (int, _np.integer)):
            return int(value)
        if isinstance(value, (float, _np.floating)):
            return {"__float__": repr(float(value))}
        if isinstance(value, str):
            return value[:2000]
        if value is None:
            return None
        if isinstance(value, dict):
            return {str(k): _encode(v, depth + 1) for k, v in list(value.items())[:200]}
        if isinstance(value, (list, tuple)):
            return {"__sequence__": type(value).__name__,
                    "items": [_encode(v, depth + 1) for v in list(value)[:200]]}
        if isinstance(value, _np.ndarray):
            kind = value.dtype.kind
            dtype = {"f": "float64", "i": "int64", "u": "int64", "b": "bool"}.get(kind)
            if dtype is None:
                return {"__unreadable__": "an array of dtype " + str(value.dtype)}
            data = _np.ascontiguousarray(value, dtype=dtype)
            return {"__array__": _b64.b64encode(data.tobytes()).decode(), "dtype": dtype,
                    "shape": list(data.shape)}
        return {"__unreadable__": "a value of type " + type(value).__name__}

    cases = _decode(_json.loads(_b64.b64decode(payload)))
    results, calls = [], []
    names = body.__globals__  # the notebook's own names (the learner's namespace)
    undo = _watch(forbidden, calls, names) if forbidden else []
    try:
        for case in cases:
            try:
                results.append({"value": _encode(body(case))})
            except NotImplementedError:
                results.append({"error": "NotImplementedError", "message": ""})
            except Exception as error:
                results.append({"error": type(error).__name__, "message": str(error)[:1500]})
    finally:
        for holder, key, value in reversed(undo):
            if holder is None:
                names[key] = value
            else:
                setattr(holder, key, value)
    reply = {"token": token, "results": results, "shortcuts": sorted(set(calls))}
    text = _b64.b64encode(_json.dumps(reply).encode()).decode()
    _display({%(mime)r: text}, raw=True)
'''.replace("%(mime)r", repr(MIME))


def encode_value(value: Any) -> Any:
    """Grader side: a case (dicts, lists, arrays, numbers, strings) as JSON-ready data."""
    if isinstance(value, np.ndarray):
        dtype = {"f": "float32" if value.dtype == np.float32 else "float64", "i": "int64",
                 "u": "int64", "b": "bool"}[value.dtype.kind]
        data = np.ascontiguousarray(value, dtype=dtype)
        return {"__array__": base64.b64encode(data.tobytes()).decode(), "dtype": dtype,
                "shape": list(data.shape)}
    if isinstance(value, dict):
        return {str(k): encode_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encode_value(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def probe_source(body: str, cases: list[dict], token: str,
                 forbidden: tuple[str, ...] = ()) -> str:
    """The code sent to the kernel: the prelude, the exercise's body, one run, clean-up.

    ``forbidden`` (dotted names) are watched while the learner's functions run: a call to
    one is reported in the reply (``shortcuts``)."""
    payload = base64.b64encode(json.dumps(encode_value(cases)).encode()).decode()
    return (KERNEL_PRELUDE + "\n" + body.strip() + "\n\n"
            f"__dcgan_probe_run({payload!r}, {token!r}, __dcgan_probe_body, "
            f"{tuple(forbidden)!r})\n"
            "del __dcgan_probe_run, __dcgan_probe_body\n")


class UnreadableReply(ValueError):
    """The kernel's reply is not what an honest probe sends."""


def _decode_reply_value(obj: Any, budget: list[int]) -> Any:
    if isinstance(obj, dict):
        if "__array__" in obj:
            dtype = obj.get("dtype")
            shape = obj.get("shape")
            if dtype not in ALLOWED_DTYPES or not isinstance(shape, list) or not all(
                    isinstance(n, int) and n >= 0 for n in shape):
                raise UnreadableReply("an array with an unexpected dtype or shape")
            count = math.prod(shape)
            budget[0] -= count
            if count > MAX_ARRAY_ELEMENTS or budget[0] < 0:
                raise UnreadableReply("arrays larger than the grader reads")
            raw = base64.b64decode(obj["__array__"], validate=True)
            if len(raw) != count * np.dtype(dtype).itemsize:
                raise UnreadableReply("an array whose bytes do not match its shape")
            return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        if "__float__" in obj:
            return float(obj["__float__"])  # repr of a float: 'nan' and 'inf' included
        if "__sequence__" in obj:
            items = [_decode_reply_value(v, budget) for v in obj.get("items", [])]
            return tuple(items) if obj["__sequence__"] == "tuple" else items
        if "__unreadable__" in obj:
            return Unreadable(str(obj["__unreadable__"])[:200])
        return {str(k): _decode_reply_value(v, budget) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_decode_reply_value(v, budget) for v in obj]
    if obj is None or isinstance(obj, bool | int | float | str):
        return obj
    raise UnreadableReply(f"a value of type {type(obj).__name__}")


class Unreadable:
    """A value the kernel could not express as data (for example a model object)."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return self.what


def decode_reply(outputs: list, token: str, cases: int) -> list[dict]:
    """The per-case results of one probe, read from the probe cell's outputs.

    Raises :class:`UnreadableReply` when there is no single well-formed reply for this
    token with one result per case.
    """
    return read_reply(outputs, token, cases)[0]


def read_reply(outputs: list, token: str, cases: int,
               forbidden: tuple[str, ...] = ()) -> tuple[list[dict], list[str]]:
    """:func:`decode_reply`'s results, and the forbidden names the kernel saw called (only
    names of ``forbidden`` count; a reply cannot add others)."""
    texts = [o.get("data", {}).get(MIME) for o in outputs
             if o.get("output_type") in ("display_data", "execute_result")]
    texts = [t for t in texts if isinstance(t, str)]
    if len(texts) != 1:
        raise UnreadableReply(f"{len(texts)} replies instead of one")
    if len(texts[0]) > MAX_REPLY_CHARS:
        raise UnreadableReply("a reply larger than the grader reads")
    try:
        reply = json.loads(base64.b64decode(texts[0], validate=True))
    except (ValueError, RecursionError) as error:
        raise UnreadableReply(f"a reply that is not JSON ({type(error).__name__})") from None
    if not isinstance(reply, dict) or reply.get("token") != token:
        raise UnreadableReply("a reply to another question")
    results = reply.get("results")
    if not isinstance(results, list) or len(results) != cases:
        raise UnreadableReply("a reply with the wrong number of results")
    budget = [MAX_ARRAY_ELEMENTS * 4]
    decoded = []
    for item in results:
        if not isinstance(item, dict):
            raise UnreadableReply("a result that is not a record")
        if "error" in item:
            decoded.append({"error": str(item["error"])[:100],
                            "message": str(item.get("message", ""))[:1500]})
            continue
        try:
            decoded.append({"value": _decode_reply_value(item.get("value"), budget)})
        except (ValueError, TypeError, RecursionError, OverflowError) as error:
            raise UnreadableReply(f"a value that is not data ({type(error).__name__})") from None
    called = reply.get("shortcuts")
    shortcuts = sorted({str(n) for n in called if n in forbidden}) if isinstance(
        called, list) else []
    return decoded, shortcuts
