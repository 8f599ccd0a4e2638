"""nbgrader for an instructor on the class hub: formgrader on the course, the exchange.

The hub's spawner puts this folder on JUPYTER_CONFIG_PATH for instructors and sets
DCGAN_COURSE_ROOT and DCGAN_HUB_EXCHANGE. The folders are those of
autograder/nbgrader_config.py (which grading uses; this file only points formgrader at
them and does not load it, since that file also sets up the grading sandbox's runtime).
"""
import os

c = get_config()  # noqa: F821
ROOT = os.environ.get("DCGAN_COURSE_ROOT", os.getcwd())
c.CourseDirectory.course_id = "dcgan-course"
c.CourseDirectory.root = ROOT
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "lessons"
c.CourseDirectory.submitted_directory = os.path.join("autograder", "submitted")
c.CourseDirectory.autograded_directory = os.path.join("autograder", "autograded")
c.CourseDirectory.feedback_directory = os.path.join("autograder", "feedback")
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(ROOT, "autograder", "gradebook.db")
c.Exchange.root = os.environ.get("DCGAN_HUB_EXCHANGE", "/srv/nbgrader/exchange")
