package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.kafkarpenter.sandbox.kube.kubectl.Kubectl;
import io.kafkarpenter.sandbox.kube.rbac.RbacUsageSuites;
import io.kafkarpenter.sandbox.usage.UsageSuites;

/**
 * Issue 18's "done when": the workshop's own kubectl commands, with the real kubectl binary (skipped only when there
 * is none), against the sandbox's Kubernetes stand-in with every service running, through the kubeconfig the
 * stand-in writes ({@code bin/kk demo --keep} prints it as {@code export KUBECONFIG=...}).
 *
 * <p>The workshop manifest is {@code deploy/demo/nodepool-default.yaml} as it is, fed to {@code kubectl apply -f -}
 * after the workshop's own {@code envsubst} step, i.e. with {@code ${CLUSTER_NAME}} replaced and nothing else
 * changed. Each kubectl output is asserted, not only its exit code.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlWorkshopIT {

    private static final Duration NODES_WITHIN = Duration.ofSeconds(90);
    private static Sandbox sandbox;
    private static Kubectl kubectl;
    private static String manifest;

    @BeforeAll
    static void start() throws Exception {
        Path binary = Kubectl.find().orElse(null);
        Assumptions.assumeTrue(binary != null, "no kubectl on the PATH (.ci/run installs one with apt-get)");
        Path home = Path.of(System.getProperty("kk.home", "../..")).toAbsolutePath().normalize();
        Path state = home.resolve("deploy/e2e/target/kubectl-state");
        sandbox = new Sandbox(Sandbox.Options.defaults(home, state))
            .rbacUsageDir(RbacUsageSuites.dir("e2e").orElse(null))
            .iamUsageDir(UsageSuites.IAM.dir("e2e").orElse(null));
        sandbox.start();
        Path workDir = Files.createDirectories(state.resolve("kubectl"));
        kubectl = new Kubectl(binary, sandbox.kubeconfig(), workDir);
        manifest = Files.readString(home.resolve("deploy/demo/nodepool-default.yaml"))
            .replace("${CLUSTER_NAME}", sandbox.options().clusterName());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void theWorkshopManifestIsCreatedThenUnchangedThenConfiguredAfterAnEdit() {
        Kubectl.Result created = kubectl.withInput(manifest, "apply", "-f", "-");
        assertThat(created.lines()).as(created.toString())
            .containsExactly("nodepool.karpenter.sh/default created", "ec2nodeclass.karpenter.k8s.aws/default created");

        Kubectl.Result again = kubectl.withInput(manifest, "apply", "-f", "-");
        assertThat(again.lines()).as(again.toString())
            .containsExactly("nodepool.karpenter.sh/default unchanged", "ec2nodeclass.karpenter.k8s.aws/default unchanged");

        // the edit: consolidation of empty nodes only, which also keeps the nodes of the next tests where they are
        manifest = manifest.replace("consolidationPolicy: WhenEmptyOrUnderutilized", "consolidationPolicy: WhenEmpty");
        Kubectl.Result edited = kubectl.withInput(manifest, "apply", "-f", "-");
        assertThat(edited.lines()).as(edited.toString())
            .containsExactly("nodepool.karpenter.sh/default configured", "ec2nodeclass.karpenter.k8s.aws/default unchanged");
        assertThat(kubectl.run("get", "nodepool", "default", "-o", "jsonpath={.spec.disruption.consolidationPolicy}").out())
            .isEqualTo("WhenEmpty");
    }

    @Test
    @Order(2)
    void anUnknownFieldInTheNodePoolIsRefusedWithItsPath() {
        String withTypo = manifest.replace("      expireAfter: Never\n", "      expireAfter: Never\n      foo: bar\n");
        assertThat(withTypo).isNotEqualTo(manifest);

        Kubectl.Result refused = kubectl.withInput(withTypo, "apply", "-f", "-");

        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).as(refused.toString()).contains("unknown field \"spec.template.spec.foo\"");
        assertThat(kubectl.run("get", "nodepool", "default", "-o", "jsonpath={.spec.template.spec}").out())
            .doesNotContain("foo");
    }

    @Test
    @Order(3)
    void inflateScaledToFiveBringsNodesAndNodeClaimsWithTheirColumns() {
        // the NodePool's EC2NodeClass must be Ready (the tag-reconciler resolved it) before anything launches
        new Workloads(sandbox.kube()).awaitNodeClassesReady(E2eCluster.NODE_CLASSES_READY);

        // the workshop's commands verbatim (kubectl's typed client sends the Deployment as protobuf: api.protobuf)
        Kubectl.Result created = kubectl.run("create", "deployment", "inflate",
            "--image=public.ecr.aws/eks-distro/kubernetes/pause:3.7", "--replicas", "0");
        assertThat(created.out()).as(created.toString()).isEqualTo("deployment.apps/inflate created\n");
        Kubectl.Result resources = kubectl.run("set", "resources", "deployment", "inflate", "--requests=cpu=1");
        assertThat(resources.out()).as(resources.toString()).isEqualTo("deployment.apps/inflate resource requirements updated\n");
        Kubectl.Result scaled = kubectl.run("scale", "deployment", "inflate", "--replicas", "5");
        assertThat(scaled.out()).as(scaled.toString()).isEqualTo("deployment.apps/inflate scaled\n");

        Kubectl.Result deployment = kubectl.until(r -> r.out().contains(" 5/5 "), NODES_WITHIN,
            "get", "deployment", "inflate");
        assertThat(deployment.lines()).as(deployment.toString()).hasSize(2);
        assertThat(deployment.lines().get(0)).matches("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE");
        assertThat(deployment.lines().get(1)).matches("inflate\\s+5/5\\s+5\\s+5\\s+\\S+");

        Kubectl.Result nodes = kubectl.run("get", "nodes");
        assertThat(nodes.lines().get(0)).as(nodes.toString()).matches("NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION");
        assertThat(nodes.lines().subList(1, nodes.lines().size())).as(nodes.toString()).isNotEmpty()
            .allMatch(l -> l.matches("\\S+\\s+Ready\\s+\\S+\\s+\\S+\\s+v\\S+"));

        // the launcher marks a NodeClaim Ready once its node is initialized, a moment after the pods run
        Kubectl.Result claims = kubectl.until(r -> r.lines().size() > 1
            && r.lines().stream().skip(1).allMatch(l -> l.contains(" True ")), NODES_WITHIN, "get", "nodeclaims");
        assertThat(claims.lines().get(0)).as(claims.toString()).matches("NAME\\s+TYPE\\s+CAPACITY\\s+ZONE\\s+NODE\\s+READY\\s+AGE");
        assertThat(claims.lines().subList(1, claims.lines().size())).as(claims.toString())
            .hasSize(nodes.lines().size() - 1)
            .allMatch(l -> l.matches("default-\\S+\\s+[cmr]\\d\\S*\\.\\S+\\s+on-demand\\s+us-east-1[a-f]\\s+\\S+\\s+True\\s+\\S+"));
    }

    @Test
    @Order(4)
    void aDeletedNodeIsReplacedAndItsPodsRescheduled() {
        String victim = podsOnNodes().get(0).split("\\s+")[1];
        // the simulator may give the replacement the freed private IP, hence the same node name: nodes are told by uid
        String victimUid = kubectl.run("get", "node", victim, "-o", "jsonpath={.metadata.uid}").out();
        Set<String> podsOnVictim = podsOnNodes().stream().filter(l -> l.endsWith(" " + victim))
            .map(l -> l.split("\\s+")[0]).collect(Collectors.toSet());
        assertThat(victimUid).isNotBlank();
        assertThat(podsOnVictim).isNotEmpty();

        Kubectl.Result deleted = kubectl.run("delete", "node", victim, "--timeout=90s");

        assertThat(deleted.out()).as(deleted.toString()).isEqualTo("node \"" + victim + "\" deleted\n");
        Kubectl.Result pods = kubectl.until(r -> running(r).size() == 5, NODES_WITHIN,
            "get", "pods", "-l", "app=inflate", "-o", "wide");
        List<String> running = running(pods);
        assertThat(running).as(pods.toString()).hasSize(5);
        assertThat(running).as("the pods of the deleted node were replaced by new ones")
            .noneMatch(l -> podsOnVictim.contains(l.split("\\s+")[0]));
        List<String> nodeUids = kubectl.run("get", "nodes", "--no-headers", "-o", "custom-columns=UID:.metadata.uid").lines();
        assertThat(nodeUids).as("the nodes after deleting " + victim).isNotEmpty().doesNotContain(victimUid);
    }

    /** "pod node" of each inflate pod, as custom columns. */
    private static List<String> podsOnNodes() {
        return kubectl.run("get", "pods", "-l", "app=inflate", "--no-headers", "-o",
            "custom-columns=NAME:.metadata.name,NODE:.spec.nodeName").lines();
    }

    /** The Running lines of {@code kubectl get pods -o wide}. */
    private static List<String> running(Kubectl.Result wide) {
        Pattern line = Pattern.compile("inflate-\\S+\\s+1/1\\s+Running\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\S+.*");
        return wide.lines().stream().filter(l -> line.matcher(l).matches()).toList();
    }
}
