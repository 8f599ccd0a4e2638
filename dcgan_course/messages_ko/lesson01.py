"""Korean text for lesson 01 (the GAN game): its exercises' checks, toy GAN and cells.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
}
