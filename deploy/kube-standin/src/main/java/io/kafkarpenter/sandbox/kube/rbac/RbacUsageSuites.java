package io.kafkarpenter.sandbox.kube.rbac;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.kafkarpenter.sandbox.usage.UsageSuites;

/**
 * The build's RBAC usage, pooled by test suite ({@link UsageSuites#RBAC}: the bookkeeping shared with the IAM usage):
 * under the usage directory ({@link RbacUsage#configuredDir()}, the build sets {@value RbacUsage#DIR_PROPERTY}) each
 * suite writes to its own subdirectory, {@code <dir>/<suite>} — one per service (its ITs) and {@code e2e}; a filtered
 * run ({@value #FILTER_PROPERTY} set) to {@code <dir>/filtered/<suite>}. See {@link UsageSuites}.
 */
public final class RbacUsageSuites {

    /** The suites whose usage, together, is the whole build's. */
    public static final List<String> SUITES = UsageSuites.RBAC.suites();
    /** Failsafe's test filter: set when a run selects some ITs only. */
    public static final String FILTER_PROPERTY = UsageSuites.FILTER_PROPERTY;

    private RbacUsageSuites() {
    }

    /** Where the stand-ins of {@code suite} write their usage in this JVM (emptied by the first call); see {@link UsageSuites#dir}. */
    public static Optional<Path> dir(String suite) {
        return UsageSuites.RBAC.dir(suite);
    }

    /** The suites with at least one usage file in {@code base}, in {@link #SUITES} order. */
    public static List<String> recorded(Path base) {
        return UsageSuites.RBAC.recorded(base);
    }

    /** The grants of {@code policy} that no suite's complete run in {@code base} used, sorted. */
    public static Set<RbacGrant> unused(RbacPolicy policy, Path base) {
        Set<RbacGrant> unused = new TreeSet<>(policy.grants());
        for (Path run : UsageSuites.RBAC.completeRuns(base)) {
            unused.removeAll(RbacUsage.usedAcrossRuns(run));
        }
        return Collections.unmodifiableSet(unused);
    }
}
