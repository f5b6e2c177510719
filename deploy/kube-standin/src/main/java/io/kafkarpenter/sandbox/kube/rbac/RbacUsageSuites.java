package io.kafkarpenter.sandbox.kube.rbac;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The build's RBAC usage, pooled by test suite so that the suite-wide check can tell a complete record from a
 * partial one: under the usage directory ({@link RbacUsage#configuredDir()}, the build sets
 * {@value RbacUsage#DIR_PROPERTY}) each suite writes to its own subdirectory, {@code <dir>/<suite>} — one per service
 * (its ITs) and {@code e2e}.
 *
 * <p>A suite's directory holds its last <b>complete</b> run: the first stand-in of a test JVM empties it, so usage from
 * earlier builds does not hide a grant that became unused. A filtered run (system property {@value #FILTER_PROPERTY}
 * set, as {@code -Dit.test=...} does) writes to {@code <dir>/filtered/<suite>} instead (emptied the same way) and
 * leaves the complete record alone, since it did not run every test of the suite.
 */
public final class RbacUsageSuites {

    /** The suites whose usage, together, is the whole build's. */
    public static final List<String> SUITES = List.of("pod-watcher", "provisioner", "launcher", "consolidator",
            "tag-reconciler", "e2e");
    /** Failsafe's test filter: set when a run selects some ITs only. */
    public static final String FILTER_PROPERTY = "it.test";
    static final String FILTERED = "filtered";
    private static final String CLEARED_PROPERTY = "kk.rbac.usage-cleared.";

    private RbacUsageSuites() {
    }

    /**
     * Where the stand-ins of {@code suite} write their usage in this JVM; empty when no usage directory is configured.
     * The first call in a JVM empties that directory (JVM-wide: a system property remembers it, because a test
     * framework may load this class more than once).
     */
    public static Optional<Path> dir(String suite) {
        if (!SUITES.contains(suite)) {
            throw new IllegalArgumentException("not a suite: " + suite + " (" + SUITES + ")");
        }
        Optional<Path> base = RbacUsage.configuredDir();
        if (base.isEmpty()) {
            return Optional.empty();
        }
        boolean filtered = !System.getProperty(FILTER_PROPERTY, "").isBlank();
        Path dir = filtered ? base.get().resolve(FILTERED).resolve(suite) : base.get().resolve(suite);
        synchronized (RbacUsageSuites.class) {
            if (System.getProperty(CLEARED_PROPERTY + dir) == null) {
                deleteTree(dir);
                System.setProperty(CLEARED_PROPERTY + dir, "true");
            }
        }
        return Optional.of(dir);
    }

    /** The suites with at least one usage file in {@code base}, in {@link #SUITES} order. */
    public static List<String> recorded(Path base) {
        List<String> recorded = new ArrayList<>();
        for (String suite : SUITES) {
            Path dir = base.resolve(suite);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(".used"))) {
                        recorded.add(suite);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + dir, e);
                }
            }
        }
        return recorded;
    }

    /** The grants of {@code policy} that no suite's complete run in {@code base} used, sorted. */
    public static Set<RbacGrant> unused(RbacPolicy policy, Path base) {
        Set<RbacGrant> unused = new TreeSet<>(policy.grants());
        for (String suite : SUITES) {
            unused.removeAll(RbacUsage.usedAcrossRuns(base.resolve(suite)));
        }
        return Collections.unmodifiableSet(unused);
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
