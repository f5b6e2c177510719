package io.kafkarpenter.model.nodeview;

import java.time.Duration;
import java.util.Locale;

/** Text for the view's numbers, shared by {@code bin/kk nodes} and the web viewer. */
public final class NodeViewFormat {

    private static final double GIB = 1024.0 * 1024 * 1024;

    private NodeViewFormat() {
    }

    /** {@code kubectl}'s age: 45s, 3m20s, 12m, 5h10m, 20h, 3d4h, 40d, 2y; "-" when unknown. */
    public static String age(Duration age) {
        if (age == null) {
            return "-";
        }
        long s = Math.max(0, age.getSeconds());
        long m = s / 60;
        long h = m / 60;
        long d = h / 24;
        if (s < 120) {
            return s + "s";
        }
        if (m < 10) {
            return m + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (m < 180) {
            return m + "m";
        }
        if (h < 8) {
            return h + "h" + (m % 60 == 0 ? "" : m % 60 + "m");
        }
        if (h < 48) {
            return h + "h";
        }
        if (h < 24 * 8) {
            return d + "d" + (h % 24 == 0 ? "" : h % 24 + "h");
        }
        if (d < 365 * 2) {
            return d + "d";
        }
        return d / 365 + "y";
    }

    /** Cores, e.g. {@code 1.5} or {@code 0.25}. */
    public static String cpu(long milli) {
        return milli % 1000 == 0 ? Long.toString(milli / 1000)
            : String.format(Locale.ROOT, "%.2f", milli / 1000.0).replaceAll("0+$", "");
    }

    /** Gibibytes with one decimal, e.g. {@code 7.5Gi}. */
    public static String memory(long bytes) {
        return String.format(Locale.ROOT, "%.1fGi", bytes / GIB);
    }

    /** {@code $0.0960/h}. */
    public static String perHour(double usd) {
        return String.format(Locale.ROOT, "$%.4f/h", usd);
    }

    /** {@code $70.08/month}. */
    public static String perMonth(double usd) {
        return String.format(Locale.ROOT, "$%.2f/month", usd);
    }

    /** A whole percentage, e.g. {@code 43%}. */
    public static String percent(double fraction) {
        return Math.round(fraction * 100) + "%";
    }

    /** A bar of {@code width} cells, filled in proportion (capped at full), e.g. {@code ████░░░░░░}. */
    public static String bar(double fraction, int width) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
        return "█".repeat(filled) + "░".repeat(width - filled);
    }
}
