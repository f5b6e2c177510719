package io.kafkarpenter.sandbox.kube.kubectl;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import io.kafkarpenter.sandbox.kube.api.discovery.Crds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real kubectl against an in-process stand-in (with deploy/crds installed): discovery, Tables, describe,
 * apply's OpenAPI check, a streamed watch ({@code get -w}), typed creates (protobuf bodies). Skipped only when no kubectl binary exists on this machine.
 */
class KubectlReadIT {

    private static final String NODE = "ip-10-0-1-5.ec2.internal";
    private static final ResourceDefinitionContext NODE_CLAIMS = new ResourceDefinitionContext.Builder()
            .withGroup("karpenter.sh").withVersion("v1").withKind("NodeClaim").withPlural("nodeclaims")
            .withNamespaced(false).build();
    private static final ResourceDefinitionContext NODE_POOLS = new ResourceDefinitionContext.Builder()
            .withGroup("karpenter.sh").withVersion("v1").withKind("NodePool").withPlural("nodepools")
            .withNamespaced(false).build();

    @TempDir
    static Path home;
    private static KubeStandin standin;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        Path binary = Kubectl.find().orElse(null);
        assumeTrue(binary != null, "no kubectl binary on this machine");
        standin = KubeStandin.start(0, Crds.DIR);
        Path kubeconfig = home.resolve("kubeconfig");
        standin.writeKubeconfig(kubeconfig);
        kubectl = new Kubectl(binary, kubeconfig, home);
        try (KubernetesClient client = standin.client()) {
            client.nodes().resource(node()).create();
            client.pods().inNamespace("default").resource(runningPod("inflate-1", NODE)).create();
            client.genericKubernetesResources(NODE_POOLS).resource(new GenericKubernetesResourceBuilder()
                    .withApiVersion("karpenter.sh/v1").withKind("NodePool").withNewMetadata().withName("default")
                    .endMetadata().withAdditionalProperties(Map.of("spec", Map.of("template", Map.of("spec",
                            Map.of("nodeClassRef", Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass",
                                    "name", "default"), "requirements", List.of())))))
                    .build()).create();
            GenericKubernetesResource claim = client.genericKubernetesResources(NODE_CLAIMS).resource(
                    new GenericKubernetesResourceBuilder().withApiVersion("karpenter.sh/v1").withKind("NodeClaim")
                            .withNewMetadata().withName("default-abcde").withLabels(Map.of(
                                    "node.kubernetes.io/instance-type", "m5.large",
                                    "karpenter.sh/capacity-type", "spot",
                                    "topology.kubernetes.io/zone", "us-east-1a",
                                    "karpenter.sh/nodepool", "default")).endMetadata()
                            .withAdditionalProperties(Map.of("spec", Map.of("requirements", List.of(),
                                    "nodeClassRef", Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass",
                                            "name", "default"))))
                            .build()).create();
            claim.setAdditionalProperty("status", Map.of("nodeName", NODE, "conditions", List.of(
                    Map.of("type", "Ready", "status", "True", "reason", "Ready", "message", "",
                            "lastTransitionTime", "2026-12-07T10:00:00Z"))));
            client.genericKubernetesResources(NODE_CLAIMS).resource(claim).updateStatus();
        }
    }

    @AfterAll
    static void stop() {
        if (standin != null) {
            standin.close();
        }
    }

    @Test
    void apiResourcesListsTheKarpenterCrdsWithShortNamesAndTheBuiltIns() {
        Kubectl.Result result = kubectl.run("api-resources");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.out())
                .containsPattern("(?m)^ec2nodeclasses\\s+ec2nc,ec2ncs\\s+karpenter\\.k8s\\.aws/v1\\s+false\\s+EC2NodeClass$")
                .containsPattern("(?m)^nodeclaims\\s+karpenter\\.sh/v1\\s+false\\s+NodeClaim$")
                .containsPattern("(?m)^nodepools\\s+karpenter\\.sh/v1\\s+false\\s+NodePool$")
                .containsPattern("(?m)^pods\\s+po\\s+v1\\s+true\\s+Pod$")
                .containsPattern("(?m)^deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment$")
                .containsPattern("(?m)^poddisruptionbudgets\\s+pdb\\s+policy/v1\\s+true\\s+PodDisruptionBudget$");
        Kubectl.Result karpenter = kubectl.run("api-resources", "--categories=karpenter", "-o", "name");
        assertThat(karpenter.out().lines().sorted().toList()).containsExactly(
                "ec2nodeclasses.karpenter.k8s.aws", "nodeclaims.karpenter.sh", "nodepools.karpenter.sh");
    }

    @Test
    void getNodesPrintsTheNodeTable() {
        Kubectl.Result result = kubectl.run("get", "nodes");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.out()).containsPattern("(?m)^NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION$")
                .containsPattern("(?m)^" + NODE.replace(".", "\\.") + "\\s+Ready\\s+<none>\\s+\\d+s\\s+v1\\.32\\.0$");
        Kubectl.Result wide = kubectl.run("get", "nodes", "-o", "wide");
        assertThat(wide.out()).containsPattern("INTERNAL-IP\\s+EXTERNAL-IP\\s+OS-IMAGE")
                .containsPattern("v1\\.32\\.0\\s+10\\.0\\.1\\.5\\s+<none>\\s+Amazon Linux 2023");
    }

    @Test
    void getPodsWideShowsReadyStatusAndNode() {
        Kubectl.Result result = kubectl.run("get", "pods", "-o", "wide");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.out())
                .containsPattern("(?m)^NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE\\s+NOMINATED NODE\\s+"
                        + "READINESS GATES$")
                .containsPattern("(?m)^inflate-1\\s+1/1\\s+Running\\s+0\\s+\\d+s\\s+10\\.0\\.1\\.9\\s+"
                        + NODE.replace(".", "\\.") + "\\s+<none>\\s+<none>$");
    }

    @Test
    void getNodeClaimsAndNodePoolsPrintTheirPrinterColumns() {
        Kubectl.Result claims = kubectl.run("get", "nodeclaims");
        assertThat(claims.exitCode()).as(claims.output()).isZero();
        assertThat(claims.out()).containsPattern("(?m)^NAME\\s+TYPE\\s+CAPACITY\\s+ZONE\\s+NODE\\s+READY\\s+AGE$")
                .containsPattern("(?m)^default-abcde\\s+m5\\.large\\s+spot\\s+us-east-1a\\s+"
                        + NODE.replace(".", "\\.") + "\\s+True\\s+\\d+s$");
        Kubectl.Result wide = kubectl.run("get", "nodeclaims", "-o", "wide");
        assertThat(wide.out()).containsPattern("READY\\s+AGE\\s+IMAGEID\\s+ID\\s+NODEPOOL\\s+NODECLASS\\s+DRIFTED")
                .containsPattern("\\s+default\\s+default\\s*$");
        Kubectl.Result pools = kubectl.run("get", "nodepools");
        assertThat(pools.out()).containsPattern("(?m)^NAME\\s+NODECLASS\\s+NODES\\s+READY\\s+AGE$")
                .containsPattern("(?m)^default\\s+default\\s+\\d+s$");
    }

    @Test
    void getByCategoryListsEveryKarpenterKind() {
        Kubectl.Result result = kubectl.run("get", "karpenter");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.out()).contains("nodepool.karpenter.sh/default", "nodeclaim.karpenter.sh/default-abcde");
    }

    @Test
    void describeNodeShowsItsPodsAndDescribeNodeClaimItsStatus() {
        Kubectl.Result node = kubectl.run("describe", "node", NODE);
        assertThat(node.exitCode()).as(node.output()).isZero();
        assertThat(node.out()).containsPattern("(?m)^Name:\\s+" + NODE.replace(".", "\\.") + "$")
                .contains("Non-terminated Pods:          (1 in total)").containsPattern("default\\s+inflate-1\\s+100m")
                .contains("Kubelet Version:            v1.32.0");
        Kubectl.Result claim = kubectl.run("describe", "nodeclaim", "default-abcde");
        assertThat(claim.exitCode()).as(claim.output()).isZero();
        assertThat(claim.out()).contains("Kind:         NodeClaim").containsPattern("Node Name:\\s+" + NODE.replace(".", "\\."));
        Kubectl.Result pod = kubectl.run("describe", "pod", "inflate-1");
        assertThat(pod.out()).containsPattern("(?m)^Node:\\s+" + NODE.replace(".", "\\.") + "/10\\.0\\.1\\.5$")
                .containsPattern("(?m)^Status:\\s+Running$");
    }

    @Test
    void applyCreatesACustomResourceWithoutDownloadingOpenApiV2() throws Exception {
        Path manifest = home.resolve("class.yaml");
        Files.writeString(manifest, """
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata:
                  name: default
                spec:
                  role: KarpenterNodeRole-demo
                  amiSelectorTerms:
                    - alias: al2023@latest
                  subnetSelectorTerms:
                    - tags:
                        karpenter.sh/discovery: demo
                  securityGroupSelectorTerms:
                    - tags:
                        karpenter.sh/discovery: demo
                """);
        Kubectl.Result result = kubectl.run("apply", "-f", manifest.toString());
        assertThat(result.output()).doesNotContain("openapi");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.out()).isEqualTo("ec2nodeclass.karpenter.k8s.aws/default created\n");
        assertThat(kubectl.run("get", "ec2nc", "-o", "wide").out())
                .containsPattern("(?m)^NAME\\s+READY\\s+AGE\\s+ROLE$")
                .containsPattern("(?m)^default\\s+\\d+s\\s+KarpenterNodeRole-demo$");
    }

    @Test
    void typedCreatesSendProtobufBodiesThatAreStoredAsJson() {
        Kubectl.Result namespace = kubectl.run("create", "namespace", "demo");
        assertThat(namespace.output()).isEqualTo("namespace/demo created\n");
        Kubectl.Result deployment = kubectl.run("create", "deployment", "typed", "--image=pause:3.7", "--replicas", "0");
        assertThat(deployment.output()).isEqualTo("deployment.apps/typed created\n");
        try (KubernetesClient client = standin.client()) {
            var stored = client.apps().deployments().inNamespace("default").withName("typed").get();
            assertThat(stored.getSpec().getReplicas()).isZero();
            assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("pause:3.7");
            assertThat(stored.getSpec().getSelector().getMatchLabels()).containsEntry("app", "typed");
            assertThat(client.namespaces().withName("demo").get()).isNotNull();
        }
    }

    @Test
    void aCrdCreatedLaterIsDiscovered() {
        try (KubernetesClient client = standin.client()) {
            client.apiextensions().v1().customResourceDefinitions().resource(Crds.widget()).create();
        }
        Kubectl.Result result = kubectl.run("get", "widgets", "-A");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("No resources found");
    }

    @Test
    void getPodsWatchPrintsTheListThenEachChangeOnce() throws Exception {
        Path out = home.resolve("watch.txt");
        Process watch = kubectl.start(out, "get", "pods", "-w");
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(out).contains("inflate-1"));
            try (KubernetesClient client = standin.client()) {
                client.pods().inNamespace("default").resource(runningPod("watched-1", NODE)).create();
                await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(out).contains("watched-1"));
                client.pods().inNamespace("default").withName("watched-1").delete();
            }
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> Files.readString(out).lines().filter(l -> l.startsWith("watched-1")).count() >= 2);
        } finally {
            watch.destroy();
            watch.waitFor(5, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readString(out).lines().toList();
        assertThat(lines.get(0)).matches("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE");
        assertThat(lines).filteredOn(l -> l.startsWith("inflate-1")).as(String.join("\n", lines)).hasSize(1);
        assertThat(lines).filteredOn(l -> l.startsWith("watched-1")).first().asString()
                .matches("watched-1\\s+1/1\\s+Running\\s+0\\s+\\d+s");
        assertThat(lines).filteredOn(l -> l.startsWith("NAME")).hasSize(1);
    }

    private static Node node() {
        return new NodeBuilder().withNewMetadata().withName(NODE)
                .withLabels(Map.of("node.kubernetes.io/instance-type", "m5.large")).endMetadata()
                .withNewSpec().withProviderID("aws:///us-east-1a/i-0123").endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewAddress().withType("InternalIP").withAddress("10.0.1.5").endAddress()
                .addToAllocatable(Map.of("cpu", new io.fabric8.kubernetes.api.model.Quantity("2"),
                        "memory", new io.fabric8.kubernetes.api.model.Quantity("8Gi"),
                        "pods", new io.fabric8.kubernetes.api.model.Quantity("29")))
                .withNewNodeInfo().withKubeletVersion("v1.32.0").withOsImage("Amazon Linux 2023")
                .withOperatingSystem("linux").withArchitecture("amd64").endNodeInfo().endStatus().build();
    }

    private static Pod runningPod(String name, String node) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("inflate").withImage("pause")
                .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m"))
                .endResources().endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.0.1.9").withHostIP("10.0.1.5")
                .addNewContainerStatus().withName("inflate").withReady(true).withRestartCount(0)
                .withNewState().withNewRunning().endRunning().endState().endContainerStatus().endStatus().build();
    }
}
