package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.chart.HelmChart;
import io.kafkarpenter.sandbox.kube.rbac.RbacGrant;
import io.kafkarpenter.sandbox.kube.rbac.RbacPolicy;
import io.kafkarpenter.sandbox.kube.rbac.RbacUsage;
import io.kafkarpenter.sandbox.kube.rbac.RbacUsageSuites;

/**
 * Least privilege, proven: every grant of the chart's RBAC (each rule of each service's ClusterRole and Role,
 * expanded to one verb on one resource) was used by some request of the build's tests — the services' ITs and the
 * e2e suite, all run against a Kubernetes stand-in enforcing that RBAC. A grant nothing used is a permission the
 * services do not need: remove it from deploy/helm/kafkarpenter/templates (or, if production truly needs it, add the
 * test that exercises it).
 *
 * <p>Runs last in {@code ./mvnw verify} (deploy/e2e's second failsafe execution, after the e2e ITs). Skipped, saying
 * why, when the usage directory lacks a complete run of some suite (e.g. {@code -pl deploy/e2e}, or a filtered
 * {@code -Dit.test=...} run: see {@link RbacUsageSuites}).
 */
class RbacCoverageIT {

    @Test
    void everyGrantOfTheChartWasUsedByTheServicesInTheBuildsTests() {
        Optional<Path> configured = RbacUsage.configuredDir();
        assumeTrue(configured.isPresent(), "no RBAC usage directory (-D" + RbacUsage.DIR_PROPERTY
            + "; the build sets it): nothing to check");
        Path usage = configured.get();
        List<String> missing = new ArrayList<>(RbacUsageSuites.SUITES);
        missing.removeAll(RbacUsageSuites.recorded(usage));
        String notChecked = "RBAC coverage not checked: " + usage + " holds no complete run of " + missing
            + " (run the whole build, ./mvnw verify, to check it)";
        if (!missing.isEmpty()) {
            System.out.println(notChecked); // the build log shows only "Skipped: 1"
        }
        assumeTrue(missing.isEmpty(), notChecked);

        RbacPolicy policy = RbacPolicy.from(HelmChart.template(Map.of("settings.clusterName", "kafkarpenter")).rbac());
        Set<RbacGrant> unused = RbacUsageSuites.unused(policy, usage);

        assertThat(policy.grants()).as("the chart grants something").isNotEmpty();
        assertThat(unused).as("grants of the chart no test of the build used (suites " + RbacUsageSuites.SUITES
            + ", usage in " + usage + "):\n" + unused.stream().map(g -> "  " + g).collect(Collectors.joining("\n"))
            + "\nremove them from deploy/helm/kafkarpenter/templates, or add a test that exercises them").isEmpty();
    }
}
