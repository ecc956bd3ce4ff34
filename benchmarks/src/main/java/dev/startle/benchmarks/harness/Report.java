package dev.startle.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects the run's tables as Markdown: per row, Startle against each comparison as a ratio, then the raw figures. */
final class Report {
    private final StringBuilder out = new StringBuilder();
    private final List<String[]> ratios = new ArrayList<>();
    private final List<String[]> details = new ArrayList<>();
    private String detailHeader;

    void section(String title, String how) {
        flush();
        out.append("\n### ").append(title).append("\n\n").append(how).append("\n\n");
    }

    /**
     * A ratio of Startle's figure to a comparison's. {@code higherIsBetter} decides what {@code target} means: the
     * ratio must be at least it (or at most it).
     */
    void ratio(String comparison, String unit, double startle, double anchor, double target, boolean higherIsBetter) {
        if (Double.isNaN(startle) || Double.isNaN(anchor) || anchor <= 0 || startle < 0) {
            ratios.add(new String[] {comparison, num(startle) + " " + unit, num(anchor) + " " + unit, "n/a", "", ""});
            return;
        }
        double r = startle / anchor;
        String t = Double.isNaN(target) ? "" : (higherIsBetter ? "≥ " : "≤ ") + fmt(target) + "×";
        String met = Double.isNaN(target) ? "" : (higherIsBetter ? r >= target : r <= target) ? "met" : "**missed**";
        ratios.add(
                new String[] {comparison, num(startle) + " " + unit, num(anchor) + " " + unit, fmt(r) + "×", t, met});
    }

    /** A line of raw figures for the detail table; the header is set by the first call of a section. */
    void detail(String header, String... cells) {
        detailHeader = header;
        details.add(cells);
    }

    void note(String text) {
        flush();
        out.append(text).append("\n");
    }

    String markdown() {
        flush();
        return out.toString();
    }

    private void flush() {
        if (!ratios.isEmpty()) {
            out.append("| Startle vs | Startle | Comparison | Ratio | Target | |\n|---|---:|---:|---:|---|---|\n");
            for (String[] r : ratios) {
                out.append("| ").append(String.join(" | ", r)).append(" |\n");
            }
            out.append("\n");
            ratios.clear();
        }
        if (!details.isEmpty()) {
            String[] h = detailHeader.split("\\|");
            out.append("<details><summary>figures of this run</summary>\n\n");
            out.append("| ").append(String.join(" | ", h)).append(" |\n|");
            out.append("---|".repeat(h.length)).append("\n");
            for (String[] d : details) {
                out.append("| ").append(String.join(" | ", d)).append(" |\n");
            }
            out.append("\n</details>\n\n");
            details.clear();
        }
    }

    static double value(Map<String, String> result, String key) {
        String v = result == null ? null : result.get(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
