package io.kafkarpenter.sandbox.e2e.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chaos run's invariants: for each, how often it was checked, how many violations were seen and the first one
 * (when and what). Thread-safe: the checker and the watches record into it concurrently.
 */
public final class InvariantTable {

    /** One invariant's tally. */
    public record Row(String name, long checks, long violations, String firstViolation) {
    }

    private final Instant start;
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final Map<String, String> firsts = new LinkedHashMap<>();
    private final Map<String, Integer> reported = new LinkedHashMap<>();
    private final PrintStream log;

    public InvariantTable(Instant start, PrintStream log, String... names) {
        this.start = start;
        this.log = log;
        for (String name : names) {
            counts.put(name, new long[2]);
        }
    }

    /** One check of the invariant; {@code violation} null when it held. */
    public synchronized void check(String invariant, String violation) {
        long[] c = counts.computeIfAbsent(invariant, k -> new long[2]);
        c[0]++;
        if (violation != null) {
            violate(invariant, violation);
        }
    }

    /** A violation found outside a counted check (an event watch): counts as one check and one violation. */
    public synchronized void violate(String invariant, String violation) {
        long[] c = counts.computeIfAbsent(invariant, k -> new long[2]);
        if (c[0] == 0 || c[0] <= c[1]) {
            c[0]++;
        }
        c[1]++;
        String at = "t+" + Duration.between(start, Instant.now()).toSeconds() + "s: " + violation;
        firsts.putIfAbsent(invariant, at);
        // the first three of each as they happen, the rest in the table's count
        if (reported.merge(invariant, 1, Integer::sum) <= 3) {
            log.println("  VIOLATION " + invariant + ": " + at);
        }
    }

    /** Counts checks of an event watch that held (e.g. an eviction that its PDB allowed). */
    public synchronized void held(String invariant) {
        counts.computeIfAbsent(invariant, k -> new long[2])[0]++;
    }

    public synchronized long violations() {
        return counts.values().stream().mapToLong(c -> c[1]).sum();
    }

    public synchronized java.util.List<Row> rows() {
        return counts.entrySet().stream().map(e -> new Row(e.getKey(), e.getValue()[0], e.getValue()[1],
            firsts.get(e.getKey()))).toList();
    }

    /** The table as Markdown. */
    public synchronized String markdown() {
        StringBuilder b = new StringBuilder("| invariant | checks | violations | first violation |\n|---|---:|---:|---|\n");
        for (Row r : rows()) {
            b.append("| ").append(r.name()).append(" | ").append(r.checks()).append(" | ").append(r.violations())
                .append(" | ").append(r.firstViolation() == null ? "" : r.firstViolation().replace("|", "\\|"))
                .append(" |\n");
        }
        return b.toString();
    }
}
