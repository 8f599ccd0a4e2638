"""nbgrader's Execute preprocessor, hardened for untrusted student notebooks.

Two failure modes of plain nbgrader are closed here (the sandbox kernel in
``kernels/dcgan-sandbox`` closes the others: network, files, resources):

1. **A dying kernel.** When student code kills the kernel (``os._exit``, a segfault, the
   memory or CPU limit), nbgrader abandons the whole notebook and every test already passed
   is lost. Here the cell that killed the kernel gets an error saying so, every later code
   cell gets an error saying it did not run, and the notebook is graded as it stands: tests
   that passed before keep their points, the rest score zero.

2. **A patched harness.** Test cells share the kernel with student code, which can run
   first and replace what the tests rely on: the course's check helpers, ``numpy.allclose``,
   TensorFlow's loss functions, ``sys.excepthook``, IPython's error reporting, or a
   ``post_run_cell`` hook that rewrites results. Before the first cell runs, a guard (under a
   name drawn at random for this run) records the identity of all of these. Before and after
   every graded test cell the grader asks the guard, through a silent execution that student
   hooks do not see, what has changed. A change fails the test cell with
   ``HarnessTampered`` and names what was replaced, which the instructor's ``autograde``
   command reports.

3. **Verdicts outside the student's process.** A graded test cell's own code never runs in
   the student's kernel during autograding. The grader asks the kernel, through a probe,
   for what the student's functions compute on inputs drawn for this submission, and
   decides pass or fail in its own process (``verdicts``); the cell's outputs are the
   grader's. Student code can change only what its own functions return.

The guard only ever lowers a score (and reports why): points come from the verdicts alone.
"""

from __future__ import annotations

import ast
import json
import math
import os
import secrets
import time

import verdicts
import zmq
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from verdicts.probe import MAX_REPLY_CHARS
from verdicts.shortcuts import learners_code, reads_insides, used_shortcuts

from dcgan_course.translate import notebook_language

#: Default total time for one notebook (seconds, COURSE_GRADING_NOTEBOOK_SECONDS): every
#: lesson's solution grades in under 60 s in the fast profile on 2 idle cores (under 150 s
#: at a load of 14), so ten minutes leave room for a slow machine and stop a notebook of
#: sleeping cells long before its cells' own limits would (2000 cells x 120 s).
NOTEBOOK_SECONDS = 600
#: Output kept from one cell as it arrives (characters), and from the whole notebook; the
#: rest is dropped on arrival, never held (LimitOutputSize trims what is kept further).
CELL_OUTPUT_CHARS = 4_000_000
NOTEBOOK_OUTPUT_CHARS = 32_000_000
#: Largest message the grader receives from the kernel (bytes): above any probe reply
#: (verdicts.probe.MAX_REPLY_CHARS) and any honest output. ZeroMQ drops the connection on
#: a larger one before it holds it, so a print of gigabytes never reaches the grader's
#: memory; the kernel is then stopped (its outputs can no longer be read).
MAX_MESSAGE_BYTES = 64 * 2**20

# Modules whose public callables the tests rely on; imported by the guard itself so they
# are recorded before any student code runs.
WATCHED_MODULES = ("builtins", "numpy", "numpy.testing", "tensorflow", "tensorflow.nn",
                   "tensorflow.math", "dcgan_course", "dcgan_course.checks")

GUARD_SOURCE = r'''
def __install_course_guard(name, watched):
    import builtins, importlib, sys
    import dcgan_course  # imports TensorFlow quietly
    modules = {m: importlib.import_module(m) for m in watched}
    shell = get_ipython()
    # IPython and ipykernel rebind these around every execution: not a sign of tampering.
    REBOUND = {"input", "raw_input", "get_ipython", "exit", "quit", "display"}

    def fingerprint():
        found = {}
        for mname, module in modules.items():
            found["module " + mname] = id(sys.modules.get(mname))
            for key, value in list(vars(module).items()):
                if key.startswith("__") or not callable(value) or key in REBOUND:
                    continue
                code = getattr(value, "__code__", None)
                found[mname + "." + key] = (id(value), id(code),
                                            id(getattr(value, "__defaults__", None)))
        found["sys.settrace"] = repr(sys.gettrace())
        found["sys.setprofile"] = repr(sys.getprofile())
        for attr in ("run_cell", "run_cell_async", "showtraceback", "_showtraceback",
                     "run_code", "run_ast_nodes"):
            found["shell." + attr] = (attr in vars(shell), id(getattr(type(shell), attr, None)))
        kernel = getattr(shell, "kernel", None)
        if kernel is not None:
            for attr in ("do_execute", "execute_request", "send_response"):
                found["kernel." + attr] = (attr in vars(kernel),
                                           id(getattr(type(kernel), attr, None)))
        for event in ("pre_run_cell", "post_run_cell", "pre_execute", "post_execute"):
            callbacks = shell.events.callbacks.get(event, [])
            found["event " + event] = sorted(
                getattr(cb, "__qualname__", repr(cb)) for cb in callbacks
                if getattr(cb, "__module__", "") == "__main__")
        return found

    original = fingerprint()

    class Guard:
        __slots__ = ()

        def changes(self):
            now = fingerprint()
            changed = sorted(k for k in original if now.get(k) != original[k])
            changed += sorted(k for k in now if k not in original and k.startswith("event"))
            return "; ".join(changed[:8]) + (" ..." if len(changed) > 8 else "")

    setattr(builtins, name, Guard())

__install_course_guard(%r, %r)
del __install_course_guard
'''


def error_output(name: str, message: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=name, evalue=message,
                        traceback=[f"\x1b[0;31m{name}\x1b[0m: {message}"])


def is_graded_test(cell: NotebookNode) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution")


def is_learners(cell: NotebookNode) -> bool:
    """A code cell the learner wrote: an answer cell, or one they added (no nbgrader id)."""
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and (meta.get("solution", False) or not meta.get("grade_id"))


def message_chars(msg: dict) -> int:
    """How many characters an output message would keep in memory."""
    content = msg.get("content") or {}
    size = len(content.get("text") or "")
    for value in (content.get("data") or {}).values():
        size += len(value) if isinstance(value, str) else len(json.dumps(value))
    size += sum(len(line) for line in content.get("traceback") or [])
    size += sum(len(b) for b in msg.get("buffers") or [])
    if msg.get("msg_type", "").startswith("comm"):
        size += len(json.dumps(content.get("data") or {}, default=str))
    return size


class SafeExecute(Execute):
    """Execute that survives a dying kernel and checks the harness around every test."""

    def preprocess(self, nb, resources=None, km=None):
        self._guard = "_course_guard_" + secrets.token_hex(8)
        self._guard_ready = False
        self._death: str | None = None
        self._cell_limit = self.timeout
        self._budget = int(os.environ.get("COURSE_GRADING_NOTEBOOK_SECONDS", NOTEBOOK_SECONDS))
        self._deadline = time.monotonic() + self._budget
        self._budget_limited = False
        self._kept_in_cell = self._kept_in_notebook = 0
        self._probing = self._cut_noted = False
        self._language = notebook_language((resources or {}).get("unique_key", ""))
        try:
            return super().preprocess(nb, resources, km)
        finally:
            self.timeout = self._cell_limit
            monitor, self._iopub_monitor = getattr(self, "_iopub_monitor", None), None
            if monitor is not None:
                monitor.close(linger=0)

    # -- talking to the kernel outside the notebook's cells ---------------------------
    def _silent(self, code: str, expression: str | None = None) -> dict:
        expressions = {"result": expression} if expression else {}
        msg_id = self.kc.execute(code, silent=True, store_history=False,
                                 user_expressions=expressions)
        reply = self.wait_for_reply(msg_id)
        return reply["content"] if reply else {"status": "error", "evalue": "no reply"}

    def _install_guard(self) -> None:
        content = self._silent(GUARD_SOURCE % (self._guard, WATCHED_MODULES))
        if content.get("status") != "ok":
            raise RuntimeError(f"could not install the grading guard: {content.get('evalue')}")
        self._guard_ready = True

    def _tampering(self) -> str:
        """What was replaced since the guard was installed ('' when nothing)."""
        content = self._silent("", f"{self._guard}.changes()")
        result = content.get("user_expressions", {}).get("result", {})
        if content.get("status") != "ok" or result.get("status") != "ok":
            return "the grading guard itself was removed or broken"
        try:
            return str(ast.literal_eval(result["data"]["text/plain"]))
        except (KeyError, ValueError, SyntaxError):
            return "the grading guard answered nonsense"

    # -- messages of bounded size ------------------------------------------------------
    async def async_start_new_kernel_client(self):
        """The client, with ZeroMQ refusing kernel messages over MAX_MESSAGE_BYTES, and a
        monitor that tells when the kernel's output channel was cut for one."""
        make_client = self.km.client

        def capped_client(**kwargs):
            client = make_client(**kwargs)
            client.context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
            return client

        self.km.client = capped_client
        try:
            client = await super().async_start_new_kernel_client()
        finally:
            self.km.client = make_client
        self._iopub_monitor = client.iopub_channel.socket.get_monitor_socket(
            zmq.EVENT_DISCONNECTED)
        return client

    # nbclient binds its own coroutine here at class creation; setup_kernel calls this one.
    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    def _iopub_lost(self) -> bool:
        monitor = getattr(self, "_iopub_monitor", None)
        return bool(monitor is not None and monitor.getsockopt(zmq.EVENTS) & zmq.POLLIN)

    def _stop_flooding_kernel(self, cell, index: int) -> None:
        """The kernel sent one message over MAX_MESSAGE_BYTES: ZeroMQ cut the output channel
        rather than hold it, so nothing more can be read from this kernel. Stop it and grade
        what ran before, as for a dying kernel."""
        run_sync(self.km.shutdown_kernel)(now=True)
        self._death = (f"cell {index + 1} (id {cell.get('id', '?')}) sent an output message of "
                       f"more than {MAX_MESSAGE_BYTES // 2**20} MB at once, which the grader "
                       "does not read, so the kernel was stopped. Earlier tests keep their "
                       "points.")
        cell.outputs.append(error_output("KernelDied", self._death))
        self.log.warning("Kernel died in cell %s (stopped: one output message over %s MB)",
                         cell.get("id", index), MAX_MESSAGE_BYTES // 2**20)

    # -- output, capped as it arrives ---------------------------------------------------
    def _room(self) -> int:
        """Characters this cell may still keep (a probe's reply may be large)."""
        cell_limit = MAX_REPLY_CHARS + CELL_OUTPUT_CHARS if self._probing else CELL_OUTPUT_CHARS
        notebook_left = NOTEBOOK_OUTPUT_CHARS - self._kept_in_notebook
        if self._probing:
            notebook_left += MAX_REPLY_CHARS
        return max(0, min(cell_limit - self._kept_in_cell, notebook_left))

    def _keep(self, msg: dict, outs: list | None) -> bool:
        """Count an arriving output; False (and one note in the cell) when it does not fit.
        A stream that does not fit is cut to what does."""
        size, room = message_chars(msg), self._room()
        kept = min(size, room) if size <= room or msg.get("msg_type") == "stream" else 0
        self._kept_in_cell += kept
        if not self._probing:  # a probe's outputs are read, then dropped: not the notebook's
            self._kept_in_notebook += kept
        if size <= room:
            return True
        if msg.get("msg_type") == "stream" and room > 0:
            msg["content"]["text"] = msg["content"]["text"][:room]
            cut = True
        else:
            cut = False
        if outs is not None and not self._cut_noted:
            self._cut_noted = True
            note = verdicts.output_cut_note(CELL_OUTPUT_CHARS, self._language)
            outs.append(NotebookNode(output_type="stream", name="stderr", text=note + "\n"))
        return cut

    def output(self, outs, msg, display_id, cell_index):
        if not self._keep(msg, outs):
            return None
        return super().output(outs, msg, display_id, cell_index)

    def process_message(self, msg, cell, cell_index):
        kind = msg.get("msg_type", "")
        if (kind == "update_display_data" or kind.startswith("comm")) and not self._keep(
                msg, None):
            return None  # a display update or widget state too large to hold: dropped
        return super().process_message(msg, cell, cell_index)

    # -- the notebook's time budget ----------------------------------------------------
    def _budget_note(self) -> str:
        return verdicts.budget_note(self._budget, self._language)

    def _spend_budget(self, cell, index: int) -> None:
        """The budget ran out in this cell: say so once, to the log and the instructor."""
        if self._death is None:
            self._death = "budget"
            self.log.warning("Notebook time budget of %s s used up in cell %s (id %s); the "
                             "cells after it were not run", self._budget, index + 1,
                             cell.get("id", "?"))

    # -- the cell loop -------------------------------------------------------------------
    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self._death == "budget":
            cell.outputs = [error_output("TimeBudget", self._budget_note())]
            return cell, resources
        if self._death is not None:
            cell.outputs = [error_output("KernelDied", f"not run: {self._death}")]
            return cell, resources
        self._kept_in_cell, self._cut_noted = 0, False
        left = self._deadline - time.monotonic()
        if left <= 1:
            self._spend_budget(cell, index)
            cell.outputs = [error_output("TimeBudget", self._budget_note())]
            return cell, resources
        self.timeout = min(self._cell_limit, math.ceil(left))
        self._budget_limited = self.timeout < self._cell_limit
        if not self._guard_ready:
            self._install_guard()
        graded = is_graded_test(cell)
        self._probe_outputs: list = []
        if graded:
            before = self._tampering()
            if before:
                cell.outputs = [self._tamper_error(cell, before)]
                return cell, resources
        try:
            if graded:
                cell, resources = self._judge(cell, resources, index)
            else:
                cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError as error:
            self._death = (f"the kernel died while running cell {index + 1} "
                           f"(id {cell.get('id', '?')}): {error or 'it exited'}. The usual "
                           "causes are os._exit or sys.exit in a child, a crash, or the "
                           "grading limits on memory and CPU time.")
            cell.outputs.append(error_output("KernelDied", self._death))
            self.log.warning("Kernel died in cell %s", cell.get("id", index))
            return cell, resources
        except CellTimeoutError:
            # Raised when the kernel stays busy after the interrupt at the time limit
            # (nbclient then waits for its output to end, in vain), or when the output
            # channel was cut for a message over MAX_MESSAGE_BYTES.
            if not self._iopub_lost():
                cell.outputs.append(error_output("CellTimeoutError", self._stopped_note()))
        if self._iopub_lost():
            self._stop_flooding_kernel(cell, index)
            return cell, resources
        if any(o.output_type == "error" and o.get("ename") == "CellTimeoutError"
               for o in [*cell.outputs, *self._probe_outputs]):
            if self._budget_limited:
                self._spend_budget(cell, index)
                if not graded:
                    cell.outputs.append(error_output("TimeBudget", self._stopped_note()))
            else:
                self.log.warning("Cell %s timed out after %s s", cell.get("id", index),
                                 self.timeout)
            if not self._responsive():
                self._stop_deaf_kernel(cell, index)
                return cell, resources
        if graded and not any(o.output_type == "error" for o in cell.outputs):
            after = self._tampering()
            if after:
                cell.outputs.append(self._tamper_error(cell, after))
        return cell, resources

    def _judge(self, cell, resources, index):
        """Grade a test cell in the grader: probe the kernel, judge here, write the outputs."""
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "?")
        notebook = resources.get("unique_key", "")
        exercise = verdicts.exercise_for(notebook, grade_id)
        if exercise is None:
            self.log.error("No verdict for %s/%s: the cell scores zero", notebook, grade_id)
            cell.outputs = [error_output("NoVerdict", f"the grader has no check for test cell "
                                         f"{grade_id} of {notebook}; tell your instructor.")]
            return cell, resources
        # The feedback's language comes from the notebook's name (``<lesson>-ko``), here in
        # the grader: nothing in the student's kernel can choose it.
        question = verdicts.ask(exercise, language=notebook_language(notebook))
        question.time_limit, question.budget_limited = self.timeout, self._budget_limited
        if exercise.forbidden:  # read from the notebook's source, in this process
            before = self.nb.cells[:index]
            question.shortcuts = used_shortcuts(
                [c.source for c in before if c.cell_type == "code"],
                [c.source for c in before if is_learners(c)], exercise.names,
                exercise.forbidden)
        if exercise.opaque:  # an instrument to measure, not to open: read from the source
            before = self.nb.cells[:index]
            question.insides = reads_insides(
                [c.source for c in before if c.cell_type == "code"],
                learners_code(before, notebook))
        probe = NotebookNode(cell_type="code", source=question.source, metadata={},
                             outputs=[], execution_count=None, id=cell.get("id", "probe"))
        self._probing = True
        try:
            probe, resources = super().preprocess_cell(probe, resources, index)
        except CellTimeoutError:  # the kernel stayed busy after the interrupt
            if not self._iopub_lost():
                probe.outputs.append(error_output("CellTimeoutError", self._stopped_note()))
        finally:
            self._probing = False
            self.nb.cells[index] = cell  # nbclient stores the executed cell back by index
            cell.outputs = []  # the probe's own outputs are for the grader only
        self._probe_outputs = list(probe.outputs)
        passed, message = verdicts.judge(question, probe.outputs)
        used = sorted({*question.shortcuts, *question.called})
        if used:
            self.log.warning("Framework shortcut in %s: %s (the exercise asks for the "
                             "learner's own code; scored zero)", grade_id, ", ".join(used))
        if passed:
            cell.outputs = [NotebookNode(output_type="stream", name="stdout",
                                         text=message + "\n")]
        else:
            cell.outputs = [error_output("ExerciseFailure", message)]
        cell.execution_count = probe.get("execution_count")
        return cell, resources

    def _stopped_note(self) -> str:
        return verdicts.stopped_note(self.timeout, self._budget if self._budget_limited
                                     else None, self._language)

    def _responsive(self, seconds: int = 15) -> bool:
        """Does the kernel answer again after the interrupt that ended a timed-out cell?"""
        saved, self.timeout = self.timeout, seconds
        try:
            return self.wait_for_reply(self.kc.execute("", silent=True,
                                                       store_history=False)) is not None
        except DeadKernelError:
            return False
        finally:
            self.timeout = saved

    def _stop_deaf_kernel(self, cell, index: int) -> None:
        """A cell that ignores the interrupt would block every later cell (each waiting out
        its own timeout) and cost the whole notebook its grade: stop the kernel and grade
        what ran before, as for a dying kernel."""
        run_sync(self.km.shutdown_kernel)(now=True)
        self._death = (f"cell {index + 1} (id {cell.get('id', '?')}) ran past the time limit "
                       f"of {self.timeout} s and ignored the interrupt, so the kernel was "
                       "stopped. Earlier tests keep their points.")
        cell.outputs.append(error_output("KernelDied", self._death))
        self.log.warning("Kernel died in cell %s (stopped: it ignored the interrupt at the "
                         "time limit)", cell.get("id", index))

    def _tamper_error(self, cell, what: str) -> NotebookNode:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "?")
        self.log.warning("Harness tampering detected before/while grading %s: %s",
                         grade_id, what)
        return error_output("HarnessTampered",
                            f"the grading harness was changed by the notebook's code "
                            f"({what}); this test cell scores zero.")


class LimitOutputSize(NbGraderPreprocessor):
    """Cap what one cell's outputs may weigh in the graded notebook and the feedback.

    nbgrader's LimitOutput counts lines only; one line of 20 MB, or a huge image, passes
    it. Each text output keeps its first ``max_chars`` characters; a rich output (image,
    HTML) larger than ``max_rich_bytes`` is replaced by a note. Grading is unaffected: it
    reads error outputs, which are kept.
    """

    max_chars = 20_000
    max_rich_bytes = 2_000_000

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and len(output.text) > self.max_chars:
                dropped = len(output.text) - self.max_chars
                output.text = (output.text[: self.max_chars]
                               + f"\n... {dropped} more characters cut by the grader ...\n")
            for key, value in list(output.get("data", {}).items()):
                if len(str(value)) > self.max_rich_bytes:
                    del output.data[key]
                    output.data["text/plain"] = (f"[{key} output of {len(str(value))} bytes "
                                                 "removed by the grader]")
        return cell, resources
