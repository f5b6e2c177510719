package io.kafkarpenter.sandbox.usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A permission usage record of the build, pooled by test suite so that a suite-wide check ({@code RbacCoverageIT},
 * {@code IamCoverageIT}) can tell a complete record from a partial one. The enforcing stand-ins (the Kubernetes
 * stand-in for RBAC, the EC2 simulator for IAM) write {@code *.used} files; under the usage directory (system property
 * {@link #dirProperty()}, which the build sets, else environment variable {@link #dirEnv()}) each suite writes to its
 * own subdirectory, {@code <dir>/<suite>} — one per service (its ITs) and {@code e2e}.
 *
 * <p>A suite's directory holds its last <b>complete</b> run: the first call of {@link #dir} for it in a JVM empties
 * it, so usage from earlier builds does not hide a permission that became unused. A filtered run (system property
 * {@value #FILTER_PROPERTY} set, as {@code -Dit.test=...} does) writes to {@code <dir>/filtered/<suite>} instead
 * (emptied the same way) and leaves the complete record alone, since it did not run every test of the suite.
 *
 * @param name        what is recorded, for messages ({@code RBAC}, {@code IAM})
 * @param dirProperty the system property naming the usage directory
 * @param dirEnv      the environment variable naming it when the property is not set
 * @param suites      the suites whose usage, together, is the whole build's
 */
public record UsageSuites(String name, String dirProperty, String dirEnv, List<String> suites) {

    /** The Kubernetes stand-in's record of the chart's RBAC grants used: a suite per service and e2e. */
    public static final UsageSuites RBAC = new UsageSuites("RBAC", "kk.rbac.usage-dir", "KK_RBAC_USAGE_DIR",
        List.of("pod-watcher", "provisioner", "launcher", "consolidator", "tag-reconciler", "e2e"));
    /**
     * The EC2 simulator's record of the deploy/iam statements used: a suite per service that calls AWS (the
     * pod-watcher calls none) and e2e.
     */
    public static final UsageSuites IAM = new UsageSuites("IAM", "kk.iam.usage-dir", "KK_IAM_USAGE_DIR",
        List.of("provisioner", "launcher", "consolidator", "tag-reconciler", "e2e"));

    /** Failsafe's test filter: set when a run selects some ITs only. */
    public static final String FILTER_PROPERTY = "it.test";
    static final String FILTERED = "filtered";
    private static final String SUFFIX = ".used";

    public UsageSuites {
        suites = List.copyOf(suites);
    }

    /** The directory named by {@link #dirProperty()} or {@link #dirEnv()}, if any. */
    public Optional<Path> configuredDir() {
        String value = System.getProperty(dirProperty);
        if (value == null || value.isBlank()) {
            value = System.getenv(dirEnv);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /**
     * Where the stand-ins of {@code suite} write their usage in this JVM; empty when no usage directory is configured.
     * The first call in a JVM empties that directory (JVM-wide: a system property remembers it, because a test
     * framework may load this class more than once).
     */
    public Optional<Path> dir(String suite) {
        if (!suites.contains(suite)) {
            throw new IllegalArgumentException("not a " + name + " usage suite: " + suite + " (" + suites + ")");
        }
        Optional<Path> base = configuredDir();
        if (base.isEmpty()) {
            return Optional.empty();
        }
        boolean filtered = !System.getProperty(FILTER_PROPERTY, "").isBlank();
        Path dir = filtered ? base.get().resolve(FILTERED).resolve(suite) : base.get().resolve(suite);
        String cleared = dirProperty.replaceFirst("-dir$", "") + "-cleared." + dir;
        synchronized (UsageSuites.class) {
            if (System.getProperty(cleared) == null) {
                deleteTree(dir);
                System.setProperty(cleared, "true");
            }
        }
        return Optional.of(dir);
    }

    /** The suites with at least one usage file in {@code base}, in {@link #suites()} order. */
    public List<String> recorded(Path base) {
        List<String> recorded = new ArrayList<>();
        for (String suite : suites) {
            Path dir = base.resolve(suite);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(SUFFIX))) {
                        recorded.add(suite);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + dir, e);
                }
            }
        }
        return recorded;
    }

    /** The suites without a complete run in {@code base}. */
    public List<String> missing(Path base) {
        List<String> missing = new ArrayList<>(suites);
        missing.removeAll(recorded(base));
        return missing;
    }

    /** The directories of the complete runs of every suite in {@code base} (existing or not). */
    public List<Path> completeRuns(Path base) {
        return suites.stream().map(base::resolve).toList();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir, e);
        }
    }
}
