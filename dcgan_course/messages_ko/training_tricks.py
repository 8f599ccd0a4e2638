"""Korean text for lesson 06's post-DCGAN training techniques and the reference model.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
}
