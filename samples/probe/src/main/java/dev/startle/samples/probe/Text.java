package dev.startle.samples.probe;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** How the probe writes server text and durations: one line, bounded, readable. */
final class Text {
    private static final int MAX = 300;

    private Text() {}

    /** Control characters shown as {@code \xNN}, several lines joined with {@code " | "}, at most 300 characters. */
    static String oneLine(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < MAX; i++) {
            char ch = text.charAt(i);
            if (ch == '\n') {
                b.append(" | ");
            } else if (ch == '\r') {
                // dropped: CRLF is one break
            } else if (ch < 0x20 || ch == 0x7f) {
                b.append(String.format(Locale.ROOT, "\\x%02x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.length() >= MAX ? b.substring(0, MAX) + "..." : b.toString();
    }

    static String oneLine(List<String> lines) {
        return oneLine(String.join("\n", lines));
    }

    /** {@code 850 ms}, {@code 12.3 s}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
