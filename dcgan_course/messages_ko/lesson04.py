"""Korean text for lesson 04 (the generator): its exercises' checks, architecture, layer walker.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
}
