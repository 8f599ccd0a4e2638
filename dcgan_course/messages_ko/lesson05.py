"""Korean text for lesson 05 (the discriminator): its exercises' checks, logit probe.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
}
