"""Korean text for lesson 02 (upsampling): its exercises' checks, conv arithmetic, visualizer.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
}
