"""Korean text for lesson 07 (representations): its exercises' checks, latent tools, probe.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
}
