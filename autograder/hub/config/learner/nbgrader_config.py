"""nbgrader for a learner on the class hub: the course's exchange, nothing else.

Read by the Assignments panel (fetch, submit, fetch feedback) and the Validate button, on
top of the environment's settings (binder/learner_settings.py). The hub's spawner puts this
folder on JUPYTER_CONFIG_PATH for learners and sets DCGAN_HUB_EXCHANGE.

A submission's folder is left 0700 (its owner's alone), not nbgrader 0.9.6's 0777 "so the
instructor can delete it later": with 0777 any learner who learned the folder's name could
empty it and put other files in, and with 0755 still read it (tests/test_hub.py). The
instructor's collect runs as root on this machine, which needs no permission bit, and
refuses a submission that another account made or that holds a link
(autograder/hub/submissions.py). The cluster's learner image has the same class with 0755
(deploy/image/jupyter/nbgrader_config.py: there the grader reads the exchange over NFS).
"""
import os

from nbgrader.exchange.default.submit import ExchangeSubmit

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "dcgan-course"
c.Exchange.root = os.environ.get("DCGAN_HUB_EXCHANGE", "/srv/nbgrader/exchange")


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, with the submission's folder open to its owner only."""

    def copy_files(self) -> None:
        super().copy_files()
        os.chmod(os.path.join(self.inbound_path, self.assignment_filename), 0o700)


c.ExchangeFactory.submit = PrivateSubmit
