"""nbgrader configuration for the DCGAN course: the one place it lives.

nbgrader reads this file when it runs in this folder (autograder/instructor.py runs it
here); the paths are absolute, derived from this file's location, so they do not depend
on where an instructor starts from.

    solutions/<lesson>/        source notebooks (solutions, hidden tests, points)
    lessons/<lesson>/          the student release, generated, committed
    autograder/submitted/      collected submissions        (kept out of git)
    autograder/autograded/     autograded copies            (kept out of git)
    autograder/feedback/       feedback HTML                (kept out of git)
    autograder/downloaded/     zips / LMS downloads to collect (kept out of git)
    autograder/exports/        grades CSV and summary plot  (kept out of git)
    autograder/gradebook.db    the gradebook                (kept out of git)
"""

import atexit
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

c = get_config()  # noqa: F821 -- provided by traitlets when it loads this file

c.CourseDirectory.course_id = "dcgan-course"
c.CourseDirectory.root = ROOT
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "lessons"
c.CourseDirectory.submitted_directory = os.path.join("autograder", "submitted")
c.CourseDirectory.autograded_directory = os.path.join("autograder", "autograded")
c.CourseDirectory.feedback_directory = os.path.join("autograder", "feedback")
c.ZipCollectApp.downloaded_directory = os.path.join("autograder", "downloaded")
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(HERE, "gradebook.db")

# Files that running a notebook leaves in its folder (training runs, the learner's saved
# builders, Jupyter's checkpoints) are never part of a release or a submission.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "runs",
                            "my_dcgan", "*.keras", "*.gif"]

# What replaces a solution region in the student's copy.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Student code is untrusted: every graded notebook runs in the "dcgan-sandbox" kernel
# (autograder/kernels/dcgan-sandbox/launch.py: no network, only the learner view and the
# system's folders visible, a uid of its own, CPU / memory / process limits). That kernel
# has no network namespace in common with the grader, so the two talk over Unix sockets in a
# runtime folder made for this run.
os.environ["JUPYTER_PATH"] = HERE + os.pathsep + os.environ.get("JUPYTER_PATH", "")
if not os.path.basename(os.environ.get("JUPYTER_RUNTIME_DIR", "")).startswith("dcgan-grading-"):
    os.environ["JUPYTER_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="dcgan-grading-")
    atexit.register(shutil.rmtree, os.environ["JUPYTER_RUNTIME_DIR"], ignore_errors=True)
c.KernelManager.transport = "ipc"
c.KernelManager.ip = os.path.join(os.environ["JUPYTER_RUNTIME_DIR"], "kernel")  # socket paths
c.KernelManager.connection_file = os.path.join(os.environ["JUPYTER_RUNTIME_DIR"], "kernel.json")
c.Execute.kernel_name = "dcgan-sandbox"
sys.path.insert(0, HERE)

# The kernel sees the learner view (learner_view.py: the learner edition's files, nothing
# else), built once per content and reused by every later run.
if "COURSE_LEARNER_VIEW" not in os.environ:
    import learner_view  # noqa: E402

    # Only grading needs it: without it the sandbox's launcher says why it cannot start.
    with __import__("contextlib").suppress(learner_view.ViewError):
        os.environ["COURSE_LEARNER_VIEW"] = str(learner_view.build(learner_view.Path(ROOT)))
if os.environ.get("COURSE_GRADING_UNSAFE") == "1":  # no sandbox to bind the view: import path
    os.environ["PYTHONPATH"] = os.environ.get("COURSE_LEARNER_VIEW", "")
from safe_execute import LimitOutputSize, SafeExecute  # noqa: E402

c.Autograde.autograde_preprocessors = [
    SafeExecute,  # nbgrader's Execute + harness guard + survival of a dying kernel
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    LimitOutputSize,  # LimitOutput counts lines; this caps characters and image sizes
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Feedback pages show the student's markdown and outputs: nbconvert's sanitiser removes
# scripts, event handlers and JavaScript outputs from them (a student's <script> or onerror
# would otherwise run in whoever opens the page), with the allow-list of feedback_html.py
# (nbconvert's own escapes every heading and paragraph). nbgrader's feedback template renders
# markdown cells itself, so its one block that skips the sanitiser is replaced
# (templates/feedback_safe/).
c.HTMLExporter.sanitize_html = True
c.HTMLExporter.filters = {"clean_html": "feedback_html.clean_html"}
c.HTMLExporter.template_name = "feedback_safe"
c.HTMLExporter.template_file = "safe_feedback.html.j2"
c.HTMLExporter.extra_template_basedirs = [
    os.path.join(os.path.dirname(__import__("nbgrader").__file__), "server_extensions",
                 "formgrader", "templates"),
    os.path.join(HERE, "templates")]

# nbgrader's default is 30 s per cell. The slowest graded lesson cell (a short training run,
# already cut down under autograding, see dcgan_course.profile) needs well under this.
c.Execute.timeout = int(os.environ.get("COURSE_GRADING_CELL_TIMEOUT", 120))

# Collecting an LMS download: one notebook per student, named "<student id>_<notebook>",
# for example "alice_01-gan-intro.ipynb" (zips of such files are unpacked first).
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.zipcollect.FileNameCollectorPlugin"
c.FileNameCollectorPlugin.named_regexp = (
    r".*[/\\](?P<student_id>[^/\\]+?)_(?P<file_id>\d\d-[A-Za-z0-9-]+\.ipynb)$"
)
