package io.kafkarpenter.model.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.kafkarpenter.model.pods.ContainerResources;
import io.kafkarpenter.model.pods.HostPortSpec;
import io.kafkarpenter.model.pods.NodeSelectorRequirement;
import io.kafkarpenter.model.pods.PodSchedulingView;
import io.kafkarpenter.model.pods.TolerationSpec;
import io.kafkarpenter.model.pods.WorkloadRef;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.scheduling.SchedulingPod;

/** The pod a DaemonSet runs on each node, as the DaemonSet overhead sees it (karpenter-core reference §2.6). */
class PodViewsDaemonSetTest {

    /** aws-node as on EKS: 25m cpu, hostNetwork, linux only, tolerates everything. */
    static DaemonSetBuilder awsNode() {
        return new DaemonSetBuilder()
                .withNewMetadata().withNamespace("kube-system").withName("aws-node").withUid("ds-uid-aws-node")
                    .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
                .withNewSpec()
                    .withNewSelector().addToMatchLabels("k8s-app", "aws-node").endSelector()
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("k8s-app", "aws-node").endMetadata()
                        .withNewSpec()
                            .withHostNetwork(true)
                            .addNewContainer().withName("aws-node").withImage("amazon-k8s-cni")
                                .addNewPort().withContainerPort(61678).withName("metrics").endPort()
                                .withNewResources().addToRequests("cpu", new Quantity("25m")).endResources()
                            .endContainer()
                            .addNewToleration().withOperator("Exists").endToleration()
                            .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("kubernetes.io/os")
                                    .withOperator("In").withValues("linux").endMatchExpression().endNodeSelectorTerm()
                            .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                        .endSpec()
                    .endTemplate()
                .endSpec();
    }

    /** The pod the DaemonSet controller made for node-1: its affinity rewritten to that node's name. */
    static Pod livePodOn(String node, String cpu) {
        return new PodBuilder()
                .withNewMetadata().withNamespace("kube-system").withName("aws-node-x7k2p").withUid("uid-aws-node-x7k2p")
                    .withCreationTimestamp("2026-01-01T00:05:00Z").addToLabels("k8s-app", "aws-node")
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet").withName("aws-node")
                        .withUid("ds-uid-aws-node").withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withNodeName(node).withHostNetwork(true)
                    .addNewContainer().withName("aws-node").withImage("amazon-k8s-cni")
                        .addNewPort().withContainerPort(61678).withHostPort(61678).endPort()
                        .withNewResources().addToRequests("cpu", new Quantity(cpu)).endResources()
                    .endContainer()
                    .addNewToleration().withOperator("Exists").endToleration()
                    .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                        .addNewNodeSelectorTerm().addNewMatchField().withKey("metadata.name").withOperator("In")
                            .withValues(node).endMatchField().endNodeSelectorTerm()
                    .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .endSpec()
                .build();
    }

    @Test
    void withoutALivePodTheTemplateIsThePodOwnedByTheDaemonSet() {
        PodSchedulingView view = PodViews.daemonSetPod(awsNode().build(), null);

        assertThat(view.namespace()).isEqualTo("kube-system");
        assertThat(view.name()).isEqualTo("aws-node");
        assertThat(view.owner()).isEqualTo(new WorkloadRef("apps/v1", "DaemonSet", "aws-node", "ds-uid-aws-node"));
        assertThat(view.labels()).containsEntry("k8s-app", "aws-node");
        assertThat(view.resources().containers())
                .containsExactly(new ContainerResources("aws-node", Map.of("cpu", "25m"), Map.of(), false));
        assertThat(view.nodeAffinity().required()).singleElement().satisfies(t -> assertThat(t.matchExpressions())
                .containsExactly(NodeSelectorRequirement.in("kubernetes.io/os", "linux")));
        // hostNetwork: the container port is a host port, as on the pods the controller will create
        assertThat(view.hostPorts()).containsExactly(new HostPortSpec(61678, "TCP", null));
    }

    @Test
    void theTemplatePodGetsTheTolerationsTheDaemonSetControllerAdds() {
        DaemonSet ds = awsNode().editSpec().editTemplate().editSpec().withTolerations(List.of()).withHostNetwork(false)
                .endSpec().endTemplate().endSpec().build();

        PodSchedulingView view = PodViews.daemonSetPod(ds, null);

        assertThat(view.tolerations()).extracting(TolerationSpec::key).containsExactlyInAnyOrder(
                "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable", "node.kubernetes.io/disk-pressure",
                "node.kubernetes.io/memory-pressure", "node.kubernetes.io/pid-pressure",
                "node.kubernetes.io/unschedulable");
        assertThat(view.tolerations()).allSatisfy(t -> assertThat(t.operator()).isEqualTo("Exists"));
        assertThat(view.hostPorts()).isEmpty();
    }

    @Test
    void aLivePodGivesItsRequestsButTheTemplatesNodeAffinity() {
        Pod live = livePodOn("node-1", "40m"); // e.g. a LimitRange or VPA changed the requests

        PodSchedulingView view = PodViews.daemonSetPod(awsNode().build(), live);

        assertThat(view.name()).isEqualTo("aws-node-x7k2p");
        assertThat(view.owner().kind()).isEqualTo("DaemonSet");
        assertThat(view.resources().containers().get(0).requests()).containsEntry("cpu", "40m");
        assertThat(view.nodeAffinity().required()).singleElement().satisfies(t -> {
            assertThat(t.matchExpressions()).containsExactly(NodeSelectorRequirement.in("kubernetes.io/os", "linux"));
            assertThat(t.matchFields()).isEmpty();
        });
        // the cached pod is left as it was
        assertThat(live.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchFields()).isNotEmpty();
    }

    @Test
    void aLivePodOfADaemonSetWithoutNodeAffinityIsNotPinnedToItsNode() {
        DaemonSet ds = awsNode().editSpec().editTemplate().editSpec().withAffinity(null).endSpec().endTemplate()
                .endSpec().build();

        PodSchedulingView view = PodViews.daemonSetPod(ds, livePodOn("node-1", "25m"));

        assertThat(view.nodeAffinity().required()).isEmpty();
    }

    @Test
    void theEnginesPodIsMarkedWithItsDaemonSet() {
        SchedulingPod fromTemplate = EngineInputs.pod(PodViews.daemonSetPod(awsNode().build(), null));
        SchedulingPod bound = EngineInputs.pod(PodViews.from(livePodOn("node-1", "25m")));

        assertThat(fromTemplate.daemonSet()).isEqualTo("kube-system/aws-node");
        assertThat(bound.daemonSet()).isEqualTo("kube-system/aws-node");
        assertThat(fromTemplate.requests().cpuMilli()).isEqualTo(25);
        assertThat(fromTemplate.strictRequirements().get("kubernetes.io/os").values()).containsExactly("linux");
    }

    @Test
    void aDaemonSetWithoutATemplateSpecIsAnErrorNamingItAndTheField() {
        DaemonSet ds = awsNode().editSpec().editTemplate().withSpec(null).endTemplate().endSpec().build();

        assertThatThrownBy(() -> PodViews.daemonSetPod(ds, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DaemonSet kube-system/aws-node").hasMessageContaining("spec.template.spec");
    }
}
