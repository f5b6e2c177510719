package io.kafkarpenter.sandbox.kube.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RbacUsageSuitesTest {

    @TempDir
    Path base;
    private Properties saved;

    @BeforeEach
    void pointAtTheTempDir() {
        saved = (Properties) System.getProperties().clone();
        System.setProperty(RbacUsage.DIR_PROPERTY, base.toString());
        System.clearProperty(RbacUsageSuites.FILTER_PROPERTY);
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("kk.rbac.usage-cleared."))
            .forEach(System::clearProperty);
    }

    @AfterEach
    void restore() {
        System.setProperties(saved);
    }

    private static RbacGrant grant(String verb) {
        return new RbacGrant("system:serviceaccount:kube-system:kafkarpenter-launcher", "ClusterRole/kafkarpenter-launcher",
            "", "nodes", verb, "");
    }

    private static void write(Path dir, RbacGrant... grants) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(System.nanoTime() + ".used"), List.of(grants).stream().map(RbacGrant::key).toList());
    }

    @Test
    void aSuitesDirectoryIsEmptiedByItsFirstRunInAJvmAndKeptAfter() throws IOException {
        write(base.resolve("launcher"), grant("get"));

        Path dir = RbacUsageSuites.dir("launcher").orElseThrow();
        assertThat(dir).isEqualTo(base.resolve("launcher")).doesNotExist();
        write(dir, grant("list"));
        assertThat(RbacUsageSuites.dir("launcher")).contains(dir);
        assertThat(dir).isNotEmptyDirectory();
    }

    @Test
    void aFilteredRunWritesAsideAndLeavesTheCompleteRecordAlone() throws IOException {
        write(base.resolve("launcher"), grant("get"));
        write(base.resolve("filtered").resolve("launcher"), grant("list"));
        System.setProperty(RbacUsageSuites.FILTER_PROPERTY, "DrainIT");

        assertThat(RbacUsageSuites.dir("launcher")).contains(base.resolve("filtered").resolve("launcher"));
        assertThat(base.resolve("launcher")).isNotEmptyDirectory();
        assertThat(base.resolve("filtered").resolve("launcher")).doesNotExist();
    }

    @Test
    void withoutAUsageDirectoryNothingIsRecorded() {
        System.clearProperty(RbacUsage.DIR_PROPERTY);
        if (System.getenv(RbacUsage.DIR_ENV) == null) {
            assertThat(RbacUsageSuites.dir("e2e")).isEmpty();
        }
        assertThatThrownBy(() -> RbacUsageSuites.dir("kubelet")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theUnusedGrantsAreThoseNoCompleteSuiteUsedAndTheRecordedSuitesAreNamed() throws IOException {
        RbacPolicy policy = RbacPolicy.fromYaml(Files.writeString(base.resolve("rbac.yaml"), """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: kafkarpenter-launcher}
            rules:
              - {apiGroups: [""], resources: [nodes], verbs: [get, list, delete]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: kafkarpenter-launcher}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kafkarpenter-launcher}
            subjects: [{kind: ServiceAccount, name: kafkarpenter-launcher, namespace: kube-system}]
            """));
        write(base.resolve("launcher"), grant("get"));
        write(base.resolve("e2e"), grant("list"));
        write(base.resolve("filtered").resolve("provisioner"), grant("delete")); // not a complete run: ignored

        assertThat(RbacUsageSuites.recorded(base)).containsExactly("launcher", "e2e");
        assertThat(RbacUsageSuites.unused(policy, base)).containsExactly(grant("delete"));
    }
}
