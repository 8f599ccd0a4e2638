"""Korean text for lesson 06 (training): its exercises' checks, training engine, dashboard, quality.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
}
