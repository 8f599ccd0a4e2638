"""nbgrader for a learner on the class hub: the course's exchange, nothing else.

Read by the Assignments panel (fetch, submit, fetch feedback) and the Validate button, on
top of the environment's settings (binder/learner_settings.py). The hub's spawner puts this
folder on JUPYTER_CONFIG_PATH for learners and sets DCGAN_HUB_EXCHANGE.
"""
import os

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "dcgan-course"
c.Exchange.root = os.environ.get("DCGAN_HUB_EXCHANGE", "/srv/nbgrader/exchange")
