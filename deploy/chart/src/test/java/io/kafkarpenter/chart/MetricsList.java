package io.kafkarpenter.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * deploy/metrics/metrics.txt as the series Prometheus stores: {@code <name> <type> <labels> <service> [event]} per
 * line (the format of its header, read the same way as test-support's MetricsCatalog, which this module cannot depend
 * on: test-support depends on it). A counter's line names its {@code _total} series; a histogram's line names the
 * base of its {@code _bucket}, {@code _sum} and {@code _count} series; a summary's its quantile series and
 * {@code _sum}, {@code _count}. A name on several lines (one per emitting service) has the union of their labels.
 */
record MetricsList(Map<String, Metric> metrics) {

    static final String FILE = "deploy/metrics/metrics.txt";

    /** A metric of the list: name, type (counter, gauge, histogram, summary) and every label it has. */
    record Metric(String name, String type, Set<String> labels) {
    }

    /** How a series may be queried. */
    enum Kind {
        /** A counter; a histogram's {@code _bucket}, {@code _sum}, {@code _count}; a summary's {@code _sum}, {@code _count}.
         */
        COUNTER,
        /** A gauge or a summary's quantile series. */
        GAUGE
    }

    /** A series name resolved against the list: its metric, kind, and the labels a matcher may use on it. */
    record Series(String name, Metric metric, Kind kind, Set<String> labels) {
        boolean bucket() {
            return name.endsWith("_bucket") && "histogram".equals(metric.type());
        }
    }

    /** The checked-in list, at {@code kk.project.root} (set by the module's surefire configuration). */
    static MetricsList load() {
        return parse(Path.of(System.getProperty("kk.project.root", "../..")).resolve(FILE));
    }

    static MetricsList parse(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MetricsList parse(List<String> lines) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 4 && (f.length != 5 || !"event".equals(f[4]))) {
                throw new IllegalArgumentException(FILE + ": want 'name type labels service [event]', got: " + line);
            }
            Set<String> labels = new TreeSet<>("-".equals(f[2]) ? List.of() : Arrays.asList(f[2].split(",")));
            Metric known = metrics.get(f[0]);
            if (known != null) {
                if (!known.type().equals(f[1])) {
                    throw new IllegalArgumentException(FILE + ": " + f[0] + " is a " + known.type() + " and a " + f[1]);
                }
                labels.addAll(known.labels());
            }
            metrics.put(f[0], new Metric(f[0], f[1], Set.copyOf(labels)));
        }
        return new MetricsList(Map.copyOf(metrics));
    }

    /** The series {@code name} as Prometheus stores it, if the list has it. */
    Optional<Series> series(String name) {
        Metric exact = metrics.get(name);
        if (exact != null) {
            return switch (exact.type()) {
                case "counter" -> Optional.of(new Series(name, exact, Kind.COUNTER, exact.labels()));
                case "gauge" -> Optional.of(new Series(name, exact, Kind.GAUGE, exact.labels()));
                case "summary" -> Optional.of(new Series(name, exact, Kind.GAUGE, plus(exact.labels(), "quantile")));
                default -> Optional.empty(); // a histogram's base name is no series
            };
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (!name.endsWith(suffix)) {
                continue;
            }
            Metric base = metrics.get(name.substring(0, name.length() - suffix.length()));
            if (base == null) {
                return Optional.empty();
            }
            if ("histogram".equals(base.type())) {
                Set<String> labels = "_bucket".equals(suffix) ? plus(base.labels(), "le") : base.labels();
                return Optional.of(new Series(name, base, Kind.COUNTER, labels));
            }
            if ("summary".equals(base.type()) && !"_bucket".equals(suffix)) {
                return Optional.of(new Series(name, base, Kind.COUNTER, base.labels()));
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Set<String> plus(Set<String> labels, String label) {
        Set<String> out = new TreeSet<>(labels);
        out.add(label);
        return Set.copyOf(out);
    }
}
