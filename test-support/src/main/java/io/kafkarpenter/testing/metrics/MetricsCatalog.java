package io.kafkarpenter.testing.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.kafkarpenter.testing.kube.ProjectFiles;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Collector;

/**
 * The checked-in list of metrics ({@code deploy/metrics/metrics.txt}: one line per metric with its Prometheus
 * name, type, labels and owning service) and what a service's meters look like in Prometheus, to compare the two.
 */
public final class MetricsCatalog {

    public static final String FILE = "deploy/metrics/metrics.txt";

    /** One metric as Prometheus exports it: name (with {@code _total} for counters), type, label names (sorted). */
    public record Metric(String name, String type, Set<String> labels) {
        public Metric {
            labels = Collections.unmodifiableSortedSet(new TreeSet<>(labels));
        }

        @Override
        public String toString() {
            return name + " " + type + " " + (labels.isEmpty() ? "-" : String.join(",", labels));
        }
    }

    /**
     * A line of the list. {@code event}: the metric appears only once something happens that a run need not see (an
     * error, a dead letter, ...; 5th field {@code event}), so a scrape after a run may lack it.
     */
    public record Entry(Metric metric, String service, boolean event) {
        public Entry(Metric metric, String service) {
            this(metric, service, false);
        }
    }

    private MetricsCatalog() {
    }

    /** Every line of the checked-in list; blank lines and {@code #} comments skipped. */
    public static List<Entry> entries() {
        return entries(ProjectFiles.find(FILE));
    }

    static List<Entry> entries(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(MetricsCatalog::entry).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Entry entry(String line) {
        String[] f = line.split("\\s+");
        if (f.length != 4 && !(f.length == 5 && "event".equals(f[4]))) {
            throw new IllegalArgumentException(FILE + ": want 'name type labels service [event]', got: " + line);
        }
        Set<String> labels = "-".equals(f[2]) ? Set.of() : new TreeSet<>(Arrays.asList(f[2].split(",")));
        return new Entry(new Metric(f[0], f[1], Collections.unmodifiableSet(labels)), f[3], f.length == 5);
    }

    /** Sorted by every field (a comparator consistent with equals, so set comparisons see labels and type too). */
    private static Set<Metric> sorted() {
        return new TreeSet<>(Comparator.comparing(Metric::toString));
    }

    /** The list's metrics owned by {@code service}. */
    public static Set<Metric> of(String service) {
        return entries().stream().filter(e -> e.service().equals(service)).map(Entry::metric)
            .collect(Collectors.toCollection(MetricsCatalog::sorted));
    }

    /** The list's metrics owned by {@code service} that every run exports (not marked {@code event}). */
    public static Set<Metric> always(String service) {
        return entries().stream().filter(e -> e.service().equals(service) && !e.event()).map(Entry::metric)
            .collect(Collectors.toCollection(MetricsCatalog::sorted));
    }

    /** True for a name this list is about: Karpenter's ({@code karpenter_*}) and ours ({@code kafkarpenter_*}). */
    public static boolean listed(String name) {
        return name.startsWith("karpenter_") || name.startsWith("kafkarpenter_");
    }

    /**
     * The metrics of {@code registry} named {@code karpenter_*} or {@code kafkarpenter_*} as Prometheus exports them. The
     * {@code <timer>_max} gauge Micrometer adds next to each histogram is left out (Karpenter has none).
     */
    public static Set<Metric> exported(PrometheusMeterRegistry registry) {
        List<Collector.MetricFamilySamples> families = Collections.list(
            registry.getPrometheusRegistry().metricFamilySamples());
        Set<String> histograms = families.stream().filter(f -> f.type == Collector.Type.HISTOGRAM
            || f.type == Collector.Type.SUMMARY).map(f -> f.name).collect(Collectors.toSet());
        Set<Metric> out = sorted();
        for (Collector.MetricFamilySamples f : families) {
            if (!listed(f.name)
                || f.name.endsWith("_max") && histograms.contains(f.name.substring(0, f.name.length() - 4))) {
                continue;
            }
            String name = f.type == Collector.Type.COUNTER && !f.name.endsWith("_total") ? f.name + "_total" : f.name;
            Set<String> labels = f.samples.stream().flatMap(s -> s.labelNames.stream())
                .filter(l -> !l.equals("le") && !l.equals("quantile")).collect(Collectors.toCollection(TreeSet::new));
            out.add(new Metric(name, f.type.name().toLowerCase(Locale.ROOT), Collections.unmodifiableSet(labels)));
        }
        return out;
    }
}
