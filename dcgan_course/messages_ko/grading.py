"""Korean text for the grader's verdicts and the grading sandbox's messages (autograder/).

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
}
