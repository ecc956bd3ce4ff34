package dev.startle.samples.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the probe in-process, the way {@code main} would but without exiting, and captures what it printed. */
record ProbeRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ProbeRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = ProbeCommand.execute(args, o, e);
        }
        return new ProbeRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The probe with {@code --json} added; stdout must be exactly one JSON object. */
    static JsonNode json(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        ProbeRun run = of(all.toArray(String[]::new));
        try {
            JsonNode node = JSON.readTree(run.out());
            if (node == null || !node.isObject()) {
                throw new AssertionError("stdout is not one JSON object:\n" + run.out());
            }
            if (node.get("exitCode").asInt() != run.exitCode()) {
                throw new AssertionError("exitCode " + node.get("exitCode") + " but exited " + run.exitCode());
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("stdout is not JSON:\n" + run.out() + "\nstderr:\n" + run.err(), e);
        }
    }

    /** For assertion messages. */
    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
