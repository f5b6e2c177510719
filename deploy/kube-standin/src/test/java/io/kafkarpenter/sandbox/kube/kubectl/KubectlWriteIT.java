package io.kafkarpenter.sandbox.kube.kubectl;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import io.kafkarpenter.sandbox.kube.api.discovery.Crds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real kubectl writing to an in-process stand-in (deploy/crds installed): client-side apply ({@code created},
 * {@code unchanged}, {@code configured} through last-applied-configuration and merge patches), server-side field
 * validation, {@code create deployment} (a protobuf body), {@code set resources} (strategic merge patch),
 * {@code scale} (the scale subresource), {@code label}/{@code annotate}, {@code apply --server-side}. Every output is
 * asserted. Skipped only when no kubectl binary exists on this machine.
 */
class KubectlWriteIT {

    private static final Path WORKSHOP_MANIFEST = Path.of("../demo/nodepool-default.yaml");

    @TempDir
    static Path home;
    private static KubeStandin standin;
    private static KubernetesClient client;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        Path binary = Kubectl.find().orElse(null);
        assumeTrue(binary != null, "no kubectl binary on this machine");
        standin = KubeStandin.start(0, Crds.DIR);
        client = standin.client();
        Path kubeconfig = home.resolve("kubeconfig");
        standin.writeKubeconfig(kubeconfig);
        kubectl = new Kubectl(binary, kubeconfig, home);
    }

    @AfterAll
    static void stop() {
        if (standin != null) {
            client.close();
            standin.close();
        }
    }

    @Test
    void applySaysCreatedThenUnchangedThenConfiguredAfterAnEdit() throws IOException {
        Path manifest = home.resolve("basic.yaml");
        Files.copy(WORKSHOP_MANIFEST, manifest);

        Kubectl.Result created = kubectl.run("apply", "-f", manifest.toString());
        Kubectl.Result again = kubectl.run("apply", "-f", manifest.toString());
        Files.writeString(manifest, Files.readString(manifest).replace("cpu: \"10\"", "cpu: \"20\""));
        Kubectl.Result edited = kubectl.run("apply", "-f", manifest.toString());

        assertThat(created.exitCode()).as(created.output()).isZero();
        assertThat(created.out().lines()).containsExactly(
                "nodepool.karpenter.sh/default created", "ec2nodeclass.karpenter.k8s.aws/default created");
        assertThat(again.out().lines()).as(again.output()).containsExactly(
                "nodepool.karpenter.sh/default unchanged", "ec2nodeclass.karpenter.k8s.aws/default unchanged");
        assertThat(edited.out().lines()).as(edited.output()).containsExactly(
                "nodepool.karpenter.sh/default configured", "ec2nodeclass.karpenter.k8s.aws/default unchanged");
        assertThat(kubectl.run("get", "nodepool", "default", "-o", "jsonpath={.spec.limits.cpu}").out()).isEqualTo("20");
    }

    @Test
    void anUnknownFieldIsRefusedWithItsPath() throws IOException {
        Path manifest = home.resolve("unknown-field.yaml");
        Files.writeString(manifest, nodePool("typo", "foo: bar"));

        Kubectl.Result refused = kubectl.run("apply", "-f", manifest.toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().strip()).isEqualTo("Error from server (BadRequest): error when creating \"" + manifest
                + "\": NodePool in version \"v1\" cannot be handled as a NodePool: strict decoding error: unknown field"
                + " \"spec.template.spec.foo\"");
        assertThat(kubectl.run("get", "nodepool", "typo").exitCode()).isEqualTo(1);
    }

    @Test
    void createDeploymentSetResourcesAndScaleChangeTheDeployment() {
        Kubectl.Result created = kubectl.run("create", "deployment", "inflate",
                "--image=public.ecr.aws/eks-distro/kubernetes/pause:3.7", "--replicas", "0");
        Kubectl.Result resources = kubectl.run("set", "resources", "deployment", "inflate", "--requests=cpu=1");
        Kubectl.Result scaled = kubectl.run("scale", "deployment", "inflate", "--replicas", "5");

        assertThat(created.out().strip()).as(created.output()).isEqualTo("deployment.apps/inflate created");
        assertThat(resources.out().strip()).as(resources.output()).isEqualTo("deployment.apps/inflate resource requirements updated");
        assertThat(scaled.out().strip()).as(scaled.output()).isEqualTo("deployment.apps/inflate scaled");
        Deployment inflate = client.apps().deployments().inNamespace("default").withName("inflate").get();
        assertThat(inflate.getSpec().getReplicas()).isEqualTo(5);
        assertThat(inflate.getSpec().getTemplate().getSpec().getContainers()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("pause");
            assertThat(c.getImage()).isEqualTo("public.ecr.aws/eks-distro/kubernetes/pause:3.7");
            assertThat(c.getResources().getRequests().get("cpu")).hasToString("1");
        });
        assertThat(inflate.getSpec().getSelector().getMatchLabels()).containsEntry("app", "inflate");
    }

    @Test
    void labelAndAnnotateANodeAndANodePool() throws IOException {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("ip-10-0-9-9.ec2.internal").endMetadata()
                .build()).create();
        Path pool = home.resolve("labels.yaml");
        Files.writeString(pool, nodePool("labels", ""));
        assertThat(kubectl.run("apply", "-f", pool.toString()).out().strip()).isEqualTo("nodepool.karpenter.sh/labels created");

        Kubectl.Result labeled = kubectl.run("label", "node", "ip-10-0-9-9.ec2.internal", "team=a");
        Kubectl.Result annotated = kubectl.run("annotate", "node", "ip-10-0-9-9.ec2.internal", "note=hello");
        Kubectl.Result poolLabeled = kubectl.run("label", "nodepool", "labels", "team=b");
        Kubectl.Result unlabeled = kubectl.run("label", "node", "ip-10-0-9-9.ec2.internal", "team-");

        assertThat(labeled.out().strip()).as(labeled.output()).isEqualTo("node/ip-10-0-9-9.ec2.internal labeled");
        assertThat(annotated.out().strip()).as(annotated.output()).isEqualTo("node/ip-10-0-9-9.ec2.internal annotated");
        assertThat(poolLabeled.out().strip()).as(poolLabeled.output()).isEqualTo("nodepool.karpenter.sh/labels labeled");
        assertThat(unlabeled.out().strip()).as(unlabeled.output()).isEqualTo("node/ip-10-0-9-9.ec2.internal unlabeled");
        var node = client.nodes().withName("ip-10-0-9-9.ec2.internal").get();
        assertThat(node.getMetadata().getLabels()).doesNotContainKey("team");
        assertThat(node.getMetadata().getAnnotations()).containsEntry("note", "hello");
        assertThat(kubectl.run("get", "nodepool", "labels", "-o", "jsonpath={.metadata.labels.team}").out()).isEqualTo("b");
    }

    @Test
    void serverSideApplyCreatesThenMerges() throws IOException {
        Path manifest = home.resolve("ssa.yaml");
        Files.writeString(manifest, """
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata:
                  name: ssa
                spec:
                  amiSelectorTerms: [{alias: al2023@latest}]
                  role: KarpenterNodeRole
                  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
                  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
                """);

        Kubectl.Result created = kubectl.run("apply", "--server-side", "-f", manifest.toString());
        Files.writeString(manifest, Files.readString(manifest).replace("KarpenterNodeRole", "OtherRole"));
        Kubectl.Result merged = kubectl.run("apply", "--server-side", "-f", manifest.toString());

        assertThat(created.out().strip()).as(created.output()).isEqualTo("ec2nodeclass.karpenter.k8s.aws/ssa serverside-applied");
        assertThat(merged.out().strip()).as(merged.output()).isEqualTo("ec2nodeclass.karpenter.k8s.aws/ssa serverside-applied");
        assertThat(kubectl.run("get", "ec2nodeclass", "ssa", "-o", "jsonpath={.spec.role}").out()).isEqualTo("OtherRole");
    }

    /** A minimal NodePool manifest; {@code extraTemplateSpec} is one more line under spec.template.spec. */
    private static String nodePool(String name, String extraTemplateSpec) {
        return """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: %s
                spec:
                  template:
                    spec:
                      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                      requirements: []
                      %s
                """.formatted(name, extraTemplateSpec);
    }
}
