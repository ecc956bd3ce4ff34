package dev.startle.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns JMH's CSV result into ratio lines: each Startle benchmark against its comparison with the same parameters. */
final class JmhTable {
    private static final String PKG = "dev.startle.benchmarks.jmh.";

    /** Startle benchmark, comparison benchmark, label, target (NaN: none). */
    private static final Object[][] PAIRS = {
        {"LineDecodingBenchmark.startleFrames", "LineDecodingBenchmark.nettyFrames", "Netty LineBasedFrameDecoder", 0.9
        },
        {
            "LineDecodingBenchmark.startleText",
            "LineDecodingBenchmark.nettyText",
            "Netty LineBasedFrameDecoder + toString",
            Double.NaN
        },
        {
            "DataEncoderBenchmark.startle",
            "DataEncoderBenchmark.angus",
            "Angus SMTPOutputStream (dot-stuffing)",
            Double.NaN
        },
        {"DataEncoderBenchmark.startle", "DataEncoderBenchmark.copyFloor", "a plain copy (the floor)", Double.NaN},
        {"ReplyParsingBenchmark.startle", "ReplyParsingBenchmark.netty", "Netty SmtpResponseDecoder", Double.NaN},
    };

    private JmhTable() {}

    static String how() {
        return "JMH 1.37, 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement (error: 99.9 % confidence), ops/ms;"
                + " reproduce: `benchmarks/run.sh --jmh-only`.";
    }

    static void add(Report report, Path csv) throws IOException {
        Map<String, double[]> scores = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(csv);
        String[] header = split(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = split(line);
            StringBuilder params = new StringBuilder();
            for (int i = 7; i < f.length && i < header.length; i++) {
                if (!f[i].isEmpty()) {
                    params.append(params.length() == 0 ? "" : ",")
                            .append(header[i].replace("Param: ", ""))
                            .append('=')
                            .append(f[i]);
                }
            }
            double error = f[5].isEmpty() || f[5].equals("NaN") ? Double.NaN : Double.parseDouble(f[5]);
            scores.put(f[0].replace(PKG, "") + "|" + params, new double[] {Double.parseDouble(f[4]), error});
        }
        for (Object[] pair : PAIRS) {
            for (String key : new ArrayList<>(scores.keySet())) {
                if (!key.startsWith(pair[0] + "|")) {
                    continue;
                }
                String params = key.substring(key.indexOf('|') + 1);
                double[] s = scores.get(key);
                double[] c = scores.get(pair[1] + "|" + params);
                if (c == null) {
                    continue;
                }
                report.ratio(
                        pair[2] + (params.isEmpty() ? "" : " (" + params + ")"),
                        "ops/ms",
                        s[0],
                        c[0],
                        (Double) pair[3],
                        true);
            }
        }
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            report.detail(
                    "benchmark|ops/ms|± (99.9 %)",
                    e.getKey().replace("|", " "), Report.num(e.getValue()[0]), Report.num(e.getValue()[1]));
        }
    }

    private static String[] split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out.toArray(new String[0]);
    }
}
