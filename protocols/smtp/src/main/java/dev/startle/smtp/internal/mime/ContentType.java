package dev.startle.smtp.internal.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed, checked media type with its parameters, e.g. {@code text/csv; charset=utf-8} (RFC 2045 section 5.1). Parsing
 * is strict: a value that is not {@code type/subtype} followed by {@code ; name=value} pairs is refused, which also keeps
 * line breaks out of the header.
 */
public final class ContentType {
    private static final String TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
    private static final Pattern TYPE = Pattern.compile("[ \\t]*(" + TOKEN + ")/(" + TOKEN + ")[ \\t]*");
    private static final Pattern PARAMETER = Pattern.compile(
            ";[ \\t]*(" + TOKEN + ")=(" + TOKEN + "|\"((?:[^\"\\\\\\p{Cntrl}]|\\\\[^\\p{Cntrl}])*)\")[ \\t]*");

    private final String mediaType;
    private final List<Map.Entry<String, String>> parameters;

    private ContentType(String mediaType, List<Map.Entry<String, String>> parameters) {
        this.mediaType = mediaType;
        this.parameters = List.copyOf(parameters);
    }

    /** Parses {@code type/subtype *(; name=value)}; throws IllegalArgumentException on anything else. */
    public static ContentType parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("content type must not be null");
        }
        Matcher type = TYPE.matcher(value);
        if (!type.lookingAt()) {
            throw new IllegalArgumentException(
                    "invalid content type \"" + HeaderSyntax.printable(value) + "\": expected type/subtype");
        }
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        Matcher parameter = PARAMETER.matcher(value);
        int at = type.end();
        while (at < value.length()) {
            if (!parameter.region(at, value.length()).lookingAt()) {
                throw new IllegalArgumentException(
                        "invalid content type \"" + HeaderSyntax.printable(value) + "\": bad parameter at index " + at);
            }
            String raw =
                    parameter.group(3) != null ? parameter.group(3).replaceAll("\\\\(.)", "$1") : parameter.group(2);
            String name = parameter.group(1).toLowerCase(Locale.ROOT);
            if (!name.equals("name") && !name.equals("boundary")) { // written by us
                parameters.add(Map.entry(name, raw));
            }
            at = parameter.end();
        }
        String media = (type.group(1) + "/" + type.group(2)).toLowerCase(Locale.ROOT);
        if (media.startsWith("multipart/") || media.startsWith("message/")) {
            throw new IllegalArgumentException("content type " + media + " cannot be used for an attachment's bytes");
        }
        return new ContentType(media, parameters);
    }

    /** The lower-case {@code type/subtype}. */
    public String mediaType() {
        return mediaType;
    }

    /** Writes {@code type/subtype; params...; extra...} into a Content-Type field already started on the writer. */
    public void write(HeaderWriter writer, String extraName, String extraValue) {
        int total = parameters.size() + (extraName == null ? 0 : 1);
        writer.token(mediaType + (total > 0 ? ";" : ""));
        int written = 0;
        for (Map.Entry<String, String> p : parameters) {
            MimeParameter.write(writer, p.getKey(), p.getValue(), ++written == total);
        }
        if (extraName != null) {
            MimeParameter.write(writer, extraName, extraValue, true);
        }
    }

    @Override
    public String toString() {
        return mediaType + (parameters.isEmpty() ? "" : parameters.toString());
    }
}
