package io.kafkarpenter.sandbox.kube.rbac;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A stand-in writes the grants its requests used when it is closed, into the configured usage directory. */
class UsageFilesTest {

    private static final String SA = "system:serviceaccount:kube-system:kafkarpenter-launcher";

    private static void listPodsAsTheLauncher(KubeStandin standin) {
        try (KubernetesClient launcher = standin.client(StandinTokens.serviceAccount("kube-system", "kafkarpenter-launcher"));
             KubernetesClient admin = standin.client()) {
            admin.nodes().list();
            launcher.pods().inNamespace("default").list();
        }
    }

    @Test
    void closeWritesTheUsedGrantsToTheGivenDirectory(@TempDir Path dir) throws Exception {
        try (KubeStandin standin = KubeStandin.start(0, null, RbacEnforcementTest.POLICY, dir)) {
            listPodsAsTheLauncher(standin);
        }

        List<String> lines = lines(dir);
        assertThat(lines).containsExactly(String.join("\t", SA, "ClusterRole/kafkarpenter-launcher", "", "pods", "list", ""));
        assertThat(RbacUsage.unusedAcrossRuns(RbacEnforcementTest.POLICY, dir))
                .hasSize(RbacEnforcementTest.POLICY.grants().size() - 1);
    }

    @Test
    void theSystemPropertyNamesTheDirectoryWhenNoneIsGiven(@TempDir Path dir) throws Exception {
        System.setProperty(RbacUsage.DIR_PROPERTY, dir.toString());
        try (KubeStandin standin = KubeStandin.start(0, null, RbacEnforcementTest.POLICY)) {
            listPodsAsTheLauncher(standin);
        } finally {
            System.clearProperty(RbacUsage.DIR_PROPERTY);
        }

        assertThat(lines(dir)).hasSize(1);
    }

    @Test
    void withoutAPolicyNothingIsEnforcedOrWritten(@TempDir Path dir) {
        System.setProperty(RbacUsage.DIR_PROPERTY, dir.toString());
        try (KubeStandin standin = KubeStandin.start(0, null);
             KubernetesClient anonymous = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                     .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                             .withMasterUrl(standin.url()).build()).build()) {
            assertThat(anonymous.pods().inNamespace("default").list().getItems()).isEmpty();
            assertThat(standin.enforcesRbac()).isFalse();
        } finally {
            System.clearProperty(RbacUsage.DIR_PROPERTY);
        }

        assertThat(dir).isEmptyDirectory();
    }

    private static List<String> lines(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> used = files.toList();
            assertThat(used).hasSize(1).allMatch(f -> f.getFileName().toString().endsWith(".used"));
            return Files.readAllLines(used.get(0));
        }
    }
}
