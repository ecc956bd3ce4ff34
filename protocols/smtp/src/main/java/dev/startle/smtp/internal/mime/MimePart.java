package dev.startle.smtp.internal.mime;

/** One node of the MIME tree: its Content-* header fields and its encoded body. */
abstract class MimePart {

    /** Writes the Content-Type field and the other Content-* fields this part needs. */
    abstract void writeHeaders(HeaderWriter headers);

    /** Writes the encoded body (without the blank line that separates it from the headers). */
    abstract void writeBody(MimeStream.Builder out);

    /** Whether the body ends with a line break (a message must end with one). */
    abstract boolean endsWithLineBreak();
}
