"""Korean text for lesson 03 (batch norm): its exercises' checks, lab and widgets.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
}
