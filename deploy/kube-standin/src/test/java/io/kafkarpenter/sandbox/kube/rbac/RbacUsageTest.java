package io.kafkarpenter.sandbox.kube.rbac;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.kafkarpenter.sandbox.kube.rbac.Rbac.clusterRole;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.clusterRoleBinding;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.policy;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.rule;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;

class RbacUsageTest {

    private static final RbacPolicy POLICY = policy(
            clusterRole("r", rule(List.of(""), List.of("pods"), List.of("get", "list", "delete"))),
            clusterRoleBinding("r", "r", serviceAccount("kube-system", "kafkarpenter-launcher")));

    private static RbacGrant grant(String verb) {
        return new RbacGrant("system:serviceaccount:kube-system:kafkarpenter-launcher", "ClusterRole/r", "", "pods", verb, "");
    }

    @Test
    void unusedGrantsAreThePolicysGrantsNothingUsed() {
        RbacUsage usage = new RbacUsage(POLICY, null);
        usage.record(List.of(grant("get")));

        assertThat(usage.usedGrants()).containsExactly(grant("get"));
        assertThat(usage.unusedGrants()).containsExactly(grant("delete"), grant("list"));
    }

    @Test
    void closeWritesTheUsedKeysOnceToANewFileAndRunsArePooled(@TempDir Path dir) throws Exception {
        try (RbacUsage first = new RbacUsage(POLICY, dir)) {
            first.record(List.of(grant("get")));
        }
        RbacUsage second = new RbacUsage(POLICY, dir);
        second.record(List.of(grant("list")));
        second.close();
        second.close();

        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .hasSize(2).allMatch(name -> name.endsWith(".used"));
        }
        assertThat(RbacUsage.usedAcrossRuns(dir)).containsExactly(grant("get"), grant("list"));
        assertThat(RbacUsage.unusedAcrossRuns(POLICY, dir)).containsExactly(grant("delete"));
        assertThat(RbacUsage.unusedAcrossRuns(POLICY, dir.resolve("absent"))).hasSize(3);
    }

    @Test
    void withoutADirectoryCloseWritesNothing(@TempDir Path dir) {
        RbacUsage usage = new RbacUsage(POLICY, null);
        usage.record(List.of(grant("get")));
        usage.close();

        assertThat(usage.dir()).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }
}
