package dev.startle.benchmarks.harness;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --name=value} command-line arguments, with defaults. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] args) {
        for (String a : args) {
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected --name=value, got " + a);
            }
            int eq = a.indexOf('=');
            if (eq < 0) {
                values.put(a.substring(2), "true");
            } else {
                values.put(a.substring(2, eq), a.substring(eq + 1));
            }
        }
    }

    String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name + "=...");
        }
        return v;
    }

    int intValue(String name, int defaultValue) {
        String v = values.get(name);
        return v == null ? defaultValue : Integer.parseInt(v);
    }

    double doubleValue(String name, double defaultValue) {
        String v = values.get(name);
        return v == null ? defaultValue : Double.parseDouble(v);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    Path path(String name) {
        return Path.of(require(name));
    }
}
