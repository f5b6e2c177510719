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

    /**
     * The metrics every service exports through service-support's Kafka hooks
     * ({@code io.kafkarpenter.service.metrics.KafkaClientMetrics}), recorded there rather than by a service's own code.
     */
    public static final Set<String> KAFKA_CLIENT_METRICS = Set.of("kafkarpenter_kafka_records_produced_total",
        "kafkarpenter_kafka_records_consumed_total", "kafkarpenter_consumer_lag_records",
        "kafkarpenter_dead_letter_records_total", "kafkarpenter_decisions_total");

    /**
     * What service-support registers in every service that uses it, not the service's own classes: the Kafka client
     * metrics above and the Kubernetes Events counter of its KubeEventRecorder.
     */
    public static final Set<String> SERVICE_SUPPORT_METRICS = java.util.stream.Stream.concat(
        KAFKA_CLIENT_METRICS.stream(), java.util.stream.Stream.of("kafkarpenter_kube_events_total"))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());

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

    /**
     * The metrics named {@code karpenter_*} or {@code kafkarpenter_*} in a scrape of {@code /q/metrics} (Prometheus
     * text format 0.0.4), as {@link #exported(PrometheusMeterRegistry)} reports a registry's.
     *
     * <p>No Java library on our registries reads this format (the Prometheus simpleclient and its successor only
     * write it), so this reads the two things it needs itself, as the format specifies them: each
     * {@code # TYPE <family> <type>} line, and the label names of each sample line of a family
     * ({@code <family>[_suffix]{name="value",...} <number>}, a value being a quoted string with backslash escapes).
     */
    public static Set<Metric> parse(String scrape) {
        java.util.Map<String, String> types = new java.util.LinkedHashMap<>();
        java.util.Map<String, Set<String>> labels = new java.util.HashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] f = line.substring(7).strip().split("\\s+");
                types.put(f[0], f[1]);
                labels.put(f[0], new TreeSet<>());
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int brace = line.indexOf('{');
                int space = line.indexOf(' ');
                String sample = line.substring(0, brace >= 0 && brace < space ? brace : space);
                String family = familyOf(sample, types);
                if (family != null && brace >= 0 && brace < space) {
                    java.util.regex.Matcher m = LABEL.matcher(line.substring(brace + 1, line.lastIndexOf('}')));
                    while (m.find()) {
                        labels.get(family).add(m.group(1));
                    }
                }
            }
        }
        Set<String> histograms = types.entrySet().stream().filter(e -> e.getValue().equals("histogram")
            || e.getValue().equals("summary")).map(java.util.Map.Entry::getKey).collect(Collectors.toSet());
        Set<Metric> out = sorted();
        types.forEach((family, type) -> {
            if (!listed(family) || family.endsWith("_max")
                && histograms.contains(family.substring(0, family.length() - 4))) {
                return;
            }
            String name = type.equals("counter") && !family.endsWith("_total") ? family + "_total" : family;
            Set<String> names = new TreeSet<>(labels.get(family));
            names.remove("le");
            names.remove("quantile");
            out.add(new Metric(name, type, names));
        });
        return out;
    }

    private static final java.util.regex.Pattern LABEL =
        java.util.regex.Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * The sum of the values of the samples named {@code sample} (the name as exposed, e.g.
     * {@code karpenter_interruption_received_messages_total} or {@code ..._seconds_count}) in a scrape whose labels
     * include {@code labels} (a label value compared as written, escapes and all); 0 when there is none. Read as
     * {@link #parse} reads the format: {@code <name>[{<label>="<value>",...}] <value> [<timestamp>]}.
     */
    public static double sum(String scrape, String sample, java.util.Map<String, String> labels) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            boolean labelled = brace >= 0 && brace < space;
            if (!line.substring(0, labelled ? brace : space).equals(sample)) {
                continue;
            }
            java.util.Map<String, String> found = new java.util.HashMap<>();
            int close = labelled ? line.lastIndexOf('}') : space - 1;
            if (labelled) {
                java.util.regex.Matcher m = LABEL.matcher(line.substring(brace + 1, close));
                while (m.find()) {
                    found.put(m.group(1), m.group(2));
                }
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                String value = line.substring(close + 1).strip().split("\\s+")[0];
                sum += switch (value) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(value);
                };
            }
        }
        return sum;
    }

    private static final List<String> SUFFIXES = List.of("", "_total", "_created", "_bucket", "_count", "_sum");

    private static String familyOf(String sample, java.util.Map<String, String> types) {
        for (String suffix : SUFFIXES) {
            if (sample.endsWith(suffix)) {
                String family = sample.substring(0, sample.length() - suffix.length());
                if (types.containsKey(family)) {
                    return family;
                }
            }
        }
        return null;
    }

    /**
     * What is wrong with a service's exported metrics against the list: a listed-prefix metric the list does not
     * have for that service (or has with another type or labels), and, with {@code requireAlways}, a metric of the
     * list not marked {@code event} that is missing. Empty when all is well.
     */
    public static List<String> problems(String service, Set<Metric> exported, boolean requireAlways) {
        Set<Metric> listed = of(service);
        List<String> problems = new java.util.ArrayList<>();
        for (Metric m : exported) {
            if (!listed.contains(m)) {
                problems.add(service + " exports " + m + " but " + FILE + " lists " + listed.stream()
                    .filter(l -> l.name().equals(m.name())).map(Metric::toString).findFirst().orElse("nothing by that name"));
            }
        }
        if (requireAlways) {
            for (Metric m : always(service)) {
                if (!exported.contains(m)) {
                    problems.add(service + " does not export " + m + " (not marked 'event' in " + FILE + ")");
                }
            }
        }
        return problems;
    }
}
