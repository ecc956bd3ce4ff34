package dev.startle.samples.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** IMAP (RFC 9051, RFC 2595): greeting {@code * OK}, CAPABILITY, STARTTLS answered by a tagged OK, LOGOUT. */
final class ImapProber implements Prober {
    private int tags;

    @Override
    public String greet(Conversation c) {
        String greeting = c.line();
        String upper = greeting.toUpperCase(Locale.ROOT);
        if (upper.startsWith("* BYE")) {
            throw new ProbeException("the server refused the session: " + Text.oneLine(greeting));
        }
        if (!upper.startsWith("* OK") && !upper.startsWith("* PREAUTH")) {
            throw new ProbeException("not an IMAP greeting: " + Text.oneLine(greeting));
        }
        return Text.oneLine(greeting);
    }

    @Override
    public Capabilities capabilities(Conversation c) {
        List<String> items = new ArrayList<>();
        String done = command(c, "CAPABILITY", untagged -> {
            if (untagged.toUpperCase(Locale.ROOT).startsWith("* CAPABILITY ")) {
                items.addAll(Arrays.asList(
                        untagged.substring("* CAPABILITY ".length()).trim().split("\\s+")));
            }
        });
        if (!isOk(done)) {
            throw new ProbeException("CAPABILITY refused: " + Text.oneLine(done));
        }
        return Capabilities.of("CAPABILITY", items);
    }

    @Override
    public StartTlsOffer offer(Capabilities before) {
        return before.has("STARTTLS") ? StartTlsOffer.OFFERED : StartTlsOffer.NOT_OFFERED;
    }

    @Override
    public String plaintextAuth(Capabilities before) {
        // RFC 9051 section 6.2.3: LOGINDISABLED is how a server says LOGIN is refused here.
        return before.has("LOGINDISABLED") ? null : "LOGIN allowed (no LOGINDISABLED)";
    }

    @Override
    public String startTls(Conversation c) {
        String done = command(c, "STARTTLS", untagged -> {});
        if (!isOk(done)) {
            throw new ProbeException("STARTTLS refused: " + Text.oneLine(done));
        }
        return Text.oneLine(done);
    }

    @Override
    public void quit(Conversation c) {
        command(c, "LOGOUT", untagged -> {});
    }

    /** Sends a tagged command, hands each untagged line to {@code untagged}, returns the tagged completion. */
    private String command(Conversation c, String command, java.util.function.Consumer<String> untagged) {
        String tag = "P" + (++tags);
        c.send(tag + " " + command);
        for (int i = 0; i < 1000; i++) {
            String line = c.line();
            if (line.startsWith(tag + " ")) {
                return line.substring(tag.length() + 1);
            }
            if (line.toUpperCase(Locale.ROOT).startsWith("* BYE") && !command.equals("LOGOUT")) {
                throw new ProbeException("the server ended the session: " + Text.oneLine(line));
            }
            untagged.accept(line);
        }
        throw new ProbeException("no completion for " + command + " after 1000 lines");
    }

    private static boolean isOk(String completion) {
        return completion.toUpperCase(Locale.ROOT).startsWith("OK");
    }
}
