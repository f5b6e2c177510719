package io.kafkarpenter.sandbox.kube.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimSpec;
import io.kafkarpenter.sandbox.ec2.MutableClock;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class KubeletStandinTest {

    static final Instant LAUNCH = Instant.parse("2026-11-27T10:00:00Z");

    KubeStandin standin;
    KubernetesClient client;
    FakeCloud cloud = new FakeCloud();
    MutableClock clock = new MutableClock(LAUNCH);
    KubeletStandin kubelet;

    @BeforeEach
    void start() {
        standin = KubeStandin.start(0, null);
        client = standin.client();
        KubeletSettings settings = KubeletSettings.defaults().withBootDelay(Duration.ofSeconds(30)).withInitDelay(Duration.ofSeconds(10));
        kubelet = new KubeletStandin(client, cloud, FakeCloud::shape, settings, clock);
    }

    @AfterEach
    void stop() {
        kubelet.close();
        client.close();
        standin.close();
    }

    @Test
    void registersANodeForARunningInstanceAfterTheBootDelay() {
        cloud.instances.add(instance("i-0abc", "running", Map.of("karpenter.sh/nodepool", "default",
                "karpenter.sh/nodeclaim", "default-x7k2p", "karpenter.k8s.aws/ec2nodeclass", "default")));
        NodeClaim claim = new NodeClaim();
        claim.setMetadata(new ObjectMetaBuilder().withName("default-x7k2p").addToLabels("team", "payments").build());
        claim.setSpec(new NodeClaimSpec());
        claim.getSpec().setTaints(List.of(taint("dedicated", "payments", "NoSchedule")));
        claim.getSpec().setStartupTaints(List.of(taint("example.com/agent-not-ready", null, "NoExecute")));
        client.resources(NodeClaim.class).resource(claim).create();

        clock.set(LAUNCH.plusSeconds(29));
        kubelet.syncOnce();
        assertThat(client.nodes().list().getItems()).isEmpty();

        clock.set(LAUNCH.plusSeconds(30));
        kubelet.syncOnce();
        kubelet.syncOnce();

        assertThat(client.nodes().list().getItems()).hasSize(1);
        Node node = client.nodes().withName("ip-10-0-1-17.ec2.internal").get();
        assertThat(node.getSpec().getProviderID()).isEqualTo("aws:///us-east-1a/i-0abc");
        assertThat(node.getMetadata().getLabels())
                .containsEntry("node.kubernetes.io/instance-type", "m5.large")
                .containsEntry("kubernetes.io/arch", "amd64")
                .containsEntry("topology.kubernetes.io/zone", "us-east-1a")
                .containsEntry("topology.kubernetes.io/region", "us-east-1")
                .containsEntry("karpenter.sh/capacity-type", "on-demand")
                .containsEntry("karpenter.sh/nodepool", "default")
                .containsEntry("karpenter.k8s.aws/ec2nodeclass", "default")
                .containsEntry("kubernetes.io/hostname", "ip-10-0-1-17.ec2.internal")
                .containsEntry("team", "payments");
        assertThat(node.getSpec().getTaints()).extracting(Taint::getKey)
                .containsExactlyInAnyOrder("dedicated", "example.com/agent-not-ready");
        assertThat(node.getStatus().getAllocatable()).containsEntry("cpu", new Quantity("1930m"))
                .containsEntry("memory", new Quantity("6903Mi")).containsEntry("pods", new Quantity("29"));
        assertThat(node.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Ready"))
                .extracting(c -> c.getStatus()).containsExactly("True");
    }

    @Test
    void removesStartupTaintsOnceInitializedAndLeavesTheOthers() {
        cloud.instances.add(instance("i-0abc", "running", Map.of("karpenter.sh/nodeclaim", "nc-1")));
        NodeClaim claim = new NodeClaim("nc-1", new NodeClaimSpec());
        claim.getSpec().setTaints(List.of(taint("dedicated", "payments", "NoSchedule")));
        claim.getSpec().setStartupTaints(List.of(taint("example.com/agent-not-ready", null, "NoExecute")));
        client.resources(NodeClaim.class).resource(claim).create();
        clock.set(LAUNCH.plusSeconds(30));
        kubelet.syncOnce();

        clock.set(LAUNCH.plusSeconds(39));
        kubelet.syncOnce();
        assertThat(taintKeys()).contains("example.com/agent-not-ready");

        clock.set(LAUNCH.plusSeconds(40));
        kubelet.syncOnce();
        assertThat(taintKeys()).containsExactly("dedicated");

        // a taint someone adds later (e.g. Karpenter's disruption taint) is not the kubelet's business
        client.nodes().withName("ip-10-0-1-17.ec2.internal").edit(n -> {
            n.getSpec().getTaints().add(taint("karpenter.sh/disrupted", null, "NoSchedule"));
            return n;
        });
        kubelet.syncOnce();
        assertThat(taintKeys()).containsExactlyInAnyOrder("dedicated", "karpenter.sh/disrupted");
    }

    @Test
    void runsPodsBoundToItsNodesAndDeletesTheNodeWhenTheInstanceTerminates() {
        cloud.instances.add(instance("i-0abc", "running", Map.of()));
        clock.set(LAUNCH.plusSeconds(30));
        kubelet.syncOnce();
        client.pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName("web-0").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("ip-10-0-1-17.ec2.internal")
                .addNewContainer().withName("app").withImage("pause").endContainer().endSpec().build()).create();

        kubelet.syncOnce();
        var pod = client.pods().inNamespace("default").withName("web-0").get();
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(pod.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Ready"))
                .extracting(PodCondition::getStatus).containsExactly("True");
        assertThat(pod.getStatus().getContainerStatuses()).singleElement()
                .satisfies(c -> assertThat(c.getName()).isEqualTo("app"))
                .satisfies(c -> assertThat(c.getReady()).isTrue())
                .satisfies(c -> assertThat(c.getState().getRunning()).isNotNull());

        cloud.instances.set(0, instance("i-0abc", "terminated", Map.of()));
        kubelet.syncOnce();

        assertThat(client.nodes().list().getItems()).isEmpty();
        assertThat(client.pods().inNamespace("default").withName("web-0").get()).isNull();
    }

    @Test
    void leavesNodesItDidNotRegisterAlone() {
        client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder()
                .withNewMetadata().withName("static-node").endMetadata().build()).create();

        kubelet.syncOnce();

        assertThat(client.nodes().withName("static-node").get()).isNotNull();
    }

    private List<String> taintKeys() {
        return client.nodes().withName("ip-10-0-1-17.ec2.internal").get().getSpec().getTaints().stream()
                .map(Taint::getKey).toList();
    }

    static Taint taint(String key, String value, String effect) {
        return new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
    }

    static CloudInstance instance(String id, String state, Map<String, String> tags) {
        return new CloudInstance(id, "m5.large", "us-east-1a", state, "ip-10-0-1-17.ec2.internal", "10.0.1.17",
                LAUNCH, false, tags);
    }

    static final class FakeCloud implements CloudInstances {
        final List<CloudInstance> instances = new CopyOnWriteArrayList<>();

        @Override
        public List<CloudInstance> list() {
            return List.copyOf(instances);
        }

        static Optional<NodeShape> shape(String type) {
            if (!type.equals("m5.large")) {
                return Optional.empty();
            }
            var resources = Al2023NodeResources.compute(2, 8192, false, 29);
            return Optional.of(new NodeShape(Map.of("node.kubernetes.io/instance-type", "m5.large",
                    "kubernetes.io/arch", "amd64", "kubernetes.io/os", "linux"),
                    resources.capacity(), resources.allocatable()));
        }
    }
}
