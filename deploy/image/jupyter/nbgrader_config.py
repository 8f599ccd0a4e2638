"""nbgrader for a learner's pod on the cluster: the course's exchange, as this hub user.

The learner image puts this folder on JUPYTER_CONFIG_PATH. It adds, to the environment's
learner settings (binder/learner_settings.py: no instructor tools, Validate kept), the
Assignments panel's exchange: the NFS volume that deploy/values.yaml mounts in every pod.

* The student id is the hub username (JUPYTERHUB_USER, set by JupyterHub in every pod). The
  pod runs as the roster's uid, which has no entry in the image's /etc/passwd, so nbgrader's
  own guess (the Unix name of the uid) would fail; and the uid, not this name, is what the
  grader trusts (deploy/grader.py check refuses a submission whose folder another uid made).
* A submission's folder is left 0755 (owner writes, others read), not nbgrader 0.9.6's
  0777 "so the instructor can delete it later": with 0777 anyone who learned the folder's
  name could empty it and put other files in (measured in tests/test_deploy_exchange.py).
  The grading machine removes folders as root, which needs no write bit.
"""
import os

from nbgrader.exchange.default.submit import ExchangeSubmit

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "dcgan-course"
c.Exchange.root = os.environ.get("DCGAN_HUB_EXCHANGE", "/srv/nbgrader/exchange")
if os.environ.get("JUPYTERHUB_USER"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, with the submission's folder writable by its owner only."""

    def copy_files(self) -> None:
        super().copy_files()
        os.chmod(os.path.join(self.inbound_path, self.assignment_filename), 0o755)


c.ExchangeFactory.submit = PrivateSubmit
