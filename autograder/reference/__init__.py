"""The instructor's reference answers: the only Python code outside ``solutions/`` that
computes a graded exercise's answer.

The learner package (``dcgan_course/``) holds no such code in any form: whatever a learner
can reach (their kernel, the grading sandbox, their hub server, the published learner
edition) is the learner view, built from the course without ``autograder/``. The grader's
verdicts, the tests, the benchmarks and the instructor's command-line training import the
answers from here (``autograder/`` on ``sys.path``: ``import reference.training``).
"""
