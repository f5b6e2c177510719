package io.kafkarpenter.chart;

import static io.kafkarpenter.chart.Charts.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;

/**
 * Each service's rules, expanded to {@code group/resource verb[ name]} lines: exactly what its code does
 * (/work/plan/rbac-needs.md, comments in templates/clusterrole.yaml). A change here is a deliberate change of what a
 * service may do.
 */
class RbacRulesTest {

    private static RenderedChart chart;

    @BeforeAll
    static void render() {
        chart = Charts.render();
    }

    private static Set<String> grants(List<PolicyRule> rules) {
        Set<String> out = new TreeSet<>();
        for (PolicyRule r : rules) {
            assertThat(r.getNonResourceURLs()).isNullOrEmpty();
            for (String group : r.getApiGroups()) {
                for (String resource : r.getResources()) {
                    for (String verb : r.getVerbs()) {
                        List<String> names = r.getResourceNames().isEmpty() ? List.of("") : r.getResourceNames();
                        for (String n : names) {
                            out.add((group.isEmpty() ? "core" : group) + "/" + resource + " " + verb
                                + (n.isEmpty() ? "" : " " + n));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Set<String> clusterGrants(String service) {
        return grants(chart.named(ClusterRole.class, name(service)).getRules());
    }

    private static Set<String> leaseGrants(String lease) {
        return Set.of("coordination.k8s.io/leases get " + lease, "coordination.k8s.io/leases patch " + lease,
            "coordination.k8s.io/leases create");
    }

    @Test
    void podWatcherWatchesPods() {
        assertThat(clusterGrants("pod-watcher")).containsExactlyInAnyOrder(
            "core/pods list", "core/pods watch");
        assertThat(grants(chart.named(Role.class, name("pod-watcher")).getRules()))
            .isEqualTo(leaseGrants("kk-pod-watcher"));
    }

    @Test
    void provisionerReadsTheClusterAndWritesNodePoolConditions() {
        assertThat(clusterGrants("provisioner")).containsExactlyInAnyOrder(
            "karpenter.sh/nodepools list", "karpenter.sh/nodepools watch", "karpenter.sh/nodepools get",
            "karpenter.sh/nodepools/status patch",
            "karpenter.sh/nodeclaims list", "karpenter.sh/nodeclaims watch",
            "karpenter.k8s.aws/ec2nodeclasses list", "karpenter.k8s.aws/ec2nodeclasses watch",
            "core/nodes list", "core/nodes watch", "core/pods list", "core/pods watch",
            "apps/daemonsets list", "apps/daemonsets watch",
            "core/events create", "core/events patch");
    }

    @Test
    void launcherOwnsNodeClaimsNodesAndDrains() {
        assertThat(clusterGrants("launcher")).containsExactlyInAnyOrder(
            "karpenter.sh/nodepools get", "karpenter.sh/nodepools list", "karpenter.sh/nodepools watch",
            "karpenter.k8s.aws/ec2nodeclasses get", "karpenter.k8s.aws/ec2nodeclasses list",
            "karpenter.k8s.aws/ec2nodeclasses watch",
            "karpenter.sh/nodeclaims get", "karpenter.sh/nodeclaims list", "karpenter.sh/nodeclaims watch",
            "karpenter.sh/nodeclaims create", "karpenter.sh/nodeclaims update", "karpenter.sh/nodeclaims patch",
            "karpenter.sh/nodeclaims delete",
            "karpenter.sh/nodeclaims/status update", "karpenter.sh/nodeclaims/status patch",
            "core/nodes get", "core/nodes list", "core/nodes watch", "core/nodes update", "core/nodes patch",
            "core/nodes delete",
            "core/pods list", "core/pods delete", "core/pods/eviction create",
            "core/events create", "core/events patch");
    }

    @Test
    void launcherElectsTheInterruptionQueuesReaderWithItsOwnLeaseOnly() {
        for (RenderedChart rendered : List.of(chart, Charts.render("settings.interruptionQueue=kk-test"))) {
            assertThat(grants(rendered.named(Role.class, name("launcher")).getRules()))
                .as("the same Role with and without a queue").isEqualTo(leaseGrants("kk-launcher-interruption"));
        }
    }

    @Test
    void consolidatorReadsTheClusterAndWritesNodeClaimConditions() {
        assertThat(clusterGrants("consolidator")).containsExactlyInAnyOrder(
            "karpenter.sh/nodepools list", "karpenter.sh/nodepools watch",
            "karpenter.sh/nodeclaims list", "karpenter.sh/nodeclaims watch", "karpenter.sh/nodeclaims get",
            "karpenter.sh/nodeclaims/status update",
            "karpenter.k8s.aws/ec2nodeclasses list", "karpenter.k8s.aws/ec2nodeclasses watch",
            "core/nodes list", "core/nodes watch", "core/pods list", "core/pods watch",
            "apps/daemonsets list", "apps/daemonsets watch",
            "policy/poddisruptionbudgets list", "policy/poddisruptionbudgets watch",
            "core/events create", "core/events patch");
        assertThat(grants(chart.named(Role.class, name("consolidator")).getRules()))
            .isEqualTo(leaseGrants("kk-consolidator"));
    }

    @Test
    void tagReconcilerWritesEc2NodeClassesAndAnnotatesNodeClaims() {
        assertThat(clusterGrants("tag-reconciler")).containsExactlyInAnyOrder(
            "karpenter.k8s.aws/ec2nodeclasses get", "karpenter.k8s.aws/ec2nodeclasses list",
            "karpenter.k8s.aws/ec2nodeclasses watch", "karpenter.k8s.aws/ec2nodeclasses update",
            "karpenter.k8s.aws/ec2nodeclasses/status update",
            "karpenter.sh/nodeclaims get", "karpenter.sh/nodeclaims list", "karpenter.sh/nodeclaims watch",
            "karpenter.sh/nodeclaims patch",
            "core/events create", "core/events patch");
        assertThat(grants(chart.named(Role.class, name("tag-reconciler")).getRules()))
            .isEqualTo(leaseGrants("kk-tag-reconciler"));
    }

    @Test
    void noWildcardsNoSecretsNoEscalation() {
        for (var role : chart.ofKind(ClusterRole.class)) {
            for (String grant : grants(role.getRules())) {
                assertThat(grant).doesNotContain("*").doesNotContain("secrets").doesNotContain("rbac")
                    .doesNotContain("escalate").doesNotContain("bind").doesNotContain("impersonate");
            }
        }
    }
}
