package io.kafkarpenter.cli.nodes;

import static io.kafkarpenter.model.nodeview.fixtures.ClusterFixtures.claim;
import static io.kafkarpenter.model.nodeview.fixtures.ClusterFixtures.node;
import static io.kafkarpenter.model.nodeview.fixtures.ClusterFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.sandbox.kube.KubeStandin;

/**
 * {@code kk nodes --once} against the in-process Kubernetes stand-in (fabric8 mock server in CRUD mode, the Karpenter
 * CRDs installed), reached through a kubeconfig as a user would: the frame's totals and node lines.
 */
class NodesCommandTest {

    @TempDir
    static Path dir;
    private static KubeStandin standin;
    private static Path kubeconfig;

    @BeforeAll
    static void cluster() {
        standin = KubeStandin.start(0, Path.of("../crds"));
        kubeconfig = dir.resolve("kubeconfig");
        standin.writeKubeconfig(kubeconfig);
        try (KubernetesClient kube = standin.client()) {
            create(kube, node("ip-10-0-1-1").pool("default").type("m6i.large").zone("us-east-1a")
                .capacityType("on-demand").allocatable("1930m", "6903Mi")
                .build());
            create(kube, node("ip-10-0-2-2").pool("batch").type("c6a.2xlarge").zone("us-east-1b")
                .capacityType("spot").allocatable("7910m", "14162Mi").cordoned()
                .build());
            createClaim(kube, claim("default-abc12").node("ip-10-0-1-1").pool("default").type("m6i.large")
                .initialized().drifted().build());
            createClaim(kube, claim("batch-xyz89").node("ip-10-0-2-2").pool("batch").type("c6a.2xlarge")
                .consolidatable().terminationRequested("Underutilized").build());
            createClaim(kube, claim("default-new01").pool("default").type("m6i.large").zone("us-east-1c")
                .capacityType("on-demand").allocatable("1930m", "6903Mi").build());
            create(kube, pod("web-0").on("ip-10-0-1-1").requests("1", "2Gi").build());
            create(kube, pod("web-1").on("ip-10-0-1-1").requests("500m", "1Gi").build());
            create(kube, pod("job-0").namespace("kube-system").on("ip-10-0-2-2").requests("2", "4Gi").build());
            create(kube, pod("done").on("ip-10-0-2-2").requests("4", "4Gi").phase("Succeeded").build());
            create(kube, pod("pending").requests("1", "1Gi").build());
        }
    }

    @AfterAll
    static void stop() {
        standin.close();
    }

    private static void create(KubernetesClient kube, HasMetadata obj) {
        kube.resource(obj).create();
    }

    /** NodeClaims keep their status: written through the status subresource, as the launcher does. */
    private static void createClaim(KubernetesClient kube, NodeClaim c) {
        var status = c.getStatus();
        NodeClaim created = kube.resources(NodeClaim.class).resource(c).create();
        created.setStatus(status);
        kube.resources(NodeClaim.class).resource(created).updateStatus();
    }

    private static List<String> run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = NodesCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as("exit code, stderr: %s", err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void oncePrintsTheTotalsAndOneLinePerNode() {
        List<String> lines = run("nodes", "--once", "--kubeconfig", kubeconfig.toString());

        // m6i.large $0.096 twice + c6a.2xlarge $0.306 (spot priced as on-demand) = $0.498/h, x 730 h
        assertThat(lines.get(0)).startsWith("3 nodes  $0.4980/h  $363.54/month  3 pods  (" + standin.kubectlUrl());
        // requested 3.5 of 1.93 + 7.91 + 1.93 cores
        assertThat(lines.get(1)).startsWith("cpu     ").endsWith(" 30%  3.5 of 11.77 cores requested");
        assertThat(lines.get(2)).startsWith("memory  ").endsWith("7.0Gi of 27.3Gi requested");
        assertThat(lines.get(3)).isEmpty();
        assertThat(lines.get(4)).matches("NODE +NODEPOOL +TYPE +CAPACITY +ZONE +AGE +PRICE +CPU +MEMORY +PODS +STATUS");
        // the stand-in sets creation times itself (now): ages are seconds, the oldest-first order is NodeViewTest's
        List<String> nodes = lines.subList(5, lines.size());
        assertThat(nodes).hasSize(3);
        assertThat(line(nodes, "ip-10-0-1-1 ")).matches("ip-10-0-1-1 +default +m6i\\.large +on-demand +us-east-1a"
            + " +\\d+s +\\$0\\.0960/h +█{8}░{2} 78% +█{4}░{6} 45% +2 +Ready,Drifted");
        assertThat(line(nodes, "ip-10-0-2-2 ")).matches("ip-10-0-2-2 +batch +c6a\\.2xlarge +spot +us-east-1b +\\d+s"
            + " +\\$0\\.3060/h +█{3}░{7} 25% +█{3}░{7} 29% +1 +Ready,Cordoned,Deleting,Consolidatable");
        assertThat(line(nodes, "default-new01 ")).matches("default-new01 +default +m6i\\.large +on-demand +us-east-1c"
            + " +\\d+s +\\$0\\.0960/h +░{10} 0% +░{10} 0% +0 +NotReady");
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(
            () -> new AssertionError("no line starts with '" + prefix + "' in " + lines));
    }

    @Test
    void aNodePoolFilterKeepsItsNodesAndTotals() {
        List<String> lines = run("nodes", "--once", "--kubeconfig", kubeconfig.toString(), "--nodepool", "batch");

        assertThat(lines.get(0)).startsWith("1 node in NodePool batch  $0.3060/h  $223.38/month  1 pods");
        assertThat(lines.subList(5, lines.size())).singleElement().asString().startsWith("ip-10-0-2-2 ");
    }

    @Test
    void theKubeconfigsContextIsUsedAndAnotherOneCanBeNamed() {
        assertThat(run("nodes", "--once", "--kubeconfig", kubeconfig.toString(), "--context", "kube-standin").get(0))
            .startsWith("3 nodes");
    }

    @Test
    void aContextNotInTheKubeconfigOrAnUnknownOptionIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(NodesCommand.run(new String[] {"nodes", "--watch"}, System.out, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --watch", "usage: kk nodes");
        assertThat(NodesCommand.run(new String[] {"nodes", "--once", "--kubeconfig"}, System.out, e)).isEqualTo(2);
        assertThat(NodesCommand.run(new String[] {"nodes", "--once", "--kubeconfig", kubeconfig.toString(),
            "--context", "nope"}, System.out, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("context nope");
        assertThat(NodesCommand.run(new String[] {"nodes", "--once", "--kubeconfig", dir.resolve("missing").toString()},
            System.out, e)).isEqualTo(2);
    }
}
