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

import os

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

# What replaces a solution region in the student's copy.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# nbgrader's default is 30 s per cell. The slowest graded lesson cell (a short training run,
# already cut down under autograding, see dcgan_course.profile) needs well under this.
c.Execute.timeout = 120
# A cell that raises must not stop the run: later tests are still graded.
c.Execute.allow_errors = True

# Collecting an LMS download: one notebook per student, named "<student id>_<notebook>",
# for example "alice_01-gan-intro.ipynb" (zips of such files are unpacked first).
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.zipcollect.FileNameCollectorPlugin"
c.FileNameCollectorPlugin.named_regexp = (
    r".*[/\\](?P<student_id>[^/\\]+?)_(?P<file_id>\d\d-[A-Za-z0-9-]+\.ipynb)$"
)
