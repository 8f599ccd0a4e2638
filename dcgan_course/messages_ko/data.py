"""Korean text for the data pipeline: SVHN download and the synthetic house numbers.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
}
