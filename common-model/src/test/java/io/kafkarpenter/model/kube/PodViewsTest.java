package io.kafkarpenter.model.kube;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.pods.ContainerResources;
import io.kafkarpenter.model.pods.HostPortSpec;
import io.kafkarpenter.model.pods.LabelSelectorRequirement;
import io.kafkarpenter.model.pods.NodeSelectorRequirement;
import io.kafkarpenter.model.pods.PodAffinityTermSpec;
import io.kafkarpenter.model.pods.PodSchedulingView;
import io.kafkarpenter.model.pods.TolerationSpec;
import io.kafkarpenter.model.pods.TopologySpreadConstraint;
import io.kafkarpenter.model.pods.VolumeClaim;
import io.kafkarpenter.model.pods.WorkloadRef;
import io.kafkarpenter.model.reasons.Reason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodViewsTest {

    /** A pending pod of Deployment web as kube-scheduler leaves it: PodScheduled=False, Unschedulable. */
    static PodBuilder pendingPod(String name) {
        return new PodBuilder()
                .withNewMetadata()
                    .withNamespace("shop").withName(name).withUid("uid-" + name)
                    .withCreationTimestamp("2026-01-01T00:00:05Z")
                    .addToLabels("app", "web").addToLabels("pod-template-hash", "7d4b9c")
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web-7d4b9c")
                        .withUid("rs-uid").withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec()
                    .addNewContainer().withName("app").withImage("nginx")
                        .withNewResources()
                            .addToRequests("cpu", new Quantity("500m")).addToRequests("memory", new Quantity("1Gi"))
                            .addToLimits("memory", new Quantity("2Gi"))
                        .endResources()
                    .endContainer()
                .endSpec()
                .withNewStatus().withPhase("Pending")
                    .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                        .withMessage("0/3 nodes are available: 3 Insufficient cpu.").endCondition()
                .endStatus();
    }

    static Pod richPod() {
        return pendingPod("web-0")
                .editMetadata().addToAnnotations("karpenter.sh/do-not-disrupt", "true").endMetadata()
                .editSpec()
                    .addNewInitContainer().withName("migrate")
                        .withNewResources().addToRequests("cpu", new Quantity("2")).endResources()
                    .endInitContainer()
                    .addNewInitContainer().withName("proxy").withRestartPolicy("Always")
                        .withNewResources().addToRequests("cpu", new Quantity("100m")).addToLimits("cpu", new Quantity("200m")).endResources()
                        .addNewPort().withContainerPort(15001).withHostPort(15001).endPort()
                    .endInitContainer()
                    .addToContainers(new ContainerBuilder().withName("metrics")
                            .addNewPort().withContainerPort(9100).withHostPort(9100).withProtocol("UDP").withHostIP("10.0.0.1").endPort()
                            .addNewPort().withContainerPort(8080).endPort()
                            .build())
                    .addToOverhead("cpu", new Quantity("250m")).addToOverhead("memory", new Quantity("120Mi"))
                    .addToNodeSelector("topology.kubernetes.io/zone", "us-west-2a")
                    .withNewAffinity()
                        .withNewNodeAffinity()
                            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                                .addToNodeSelectorTerms(new NodeSelectorTermBuilder()
                                        .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("kubernetes.io/arch")
                                                .withOperator("In").withValues("amd64", "arm64").build())
                                        .build())
                                .addToNodeSelectorTerms(new NodeSelectorTermBuilder()
                                        .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("karpenter.k8s.aws/instance-generation")
                                                .withOperator("Gt").withValues("5").build())
                                        .build())
                            .endRequiredDuringSchedulingIgnoredDuringExecution()
                            .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(40)
                                .withNewPreference().addNewMatchExpression().withKey("karpenter.sh/capacity-type")
                                    .withOperator("In").withValues("spot").endMatchExpression().endPreference()
                            .endPreferredDuringSchedulingIgnoredDuringExecution()
                        .endNodeAffinity()
                        .withNewPodAffinity()
                            .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                                .withNewLabelSelector().addToMatchLabels("app", "db").endLabelSelector()
                                .withNamespaces("data").withTopologyKey("topology.kubernetes.io/zone")
                            .endRequiredDuringSchedulingIgnoredDuringExecution()
                        .endPodAffinity()
                        .withNewPodAntiAffinity()
                            .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(10)
                                .withNewPodAffinityTerm()
                                    .withNewLabelSelector().addNewMatchExpression().withKey("app").withOperator("In")
                                        .withValues("web").endMatchExpression().endLabelSelector()
                                    .withNewNamespaceSelector().endNamespaceSelector()
                                    .withTopologyKey("kubernetes.io/hostname").withMatchLabelKeys("pod-template-hash")
                                .endPodAffinityTerm()
                            .endPreferredDuringSchedulingIgnoredDuringExecution()
                        .endPodAntiAffinity()
                    .endAffinity()
                    .addNewToleration().withKey("team").withOperator("Equal").withValue("a").withEffect("NoSchedule").endToleration()
                    .addNewToleration().withKey("node.kubernetes.io/not-ready").withOperator("Exists").withEffect("NoExecute")
                        .withTolerationSeconds(300L).endToleration()
                    .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey("topology.kubernetes.io/zone")
                        .withWhenUnsatisfiable("DoNotSchedule").withNewLabelSelector().addToMatchLabels("app", "web").endLabelSelector()
                        .withMatchLabelKeys("pod-template-hash").withMinDomains(3)
                    .endTopologySpreadConstraint()
                    .addNewTopologySpreadConstraint().withMaxSkew(2).withTopologyKey("kubernetes.io/hostname")
                        .withWhenUnsatisfiable("ScheduleAnyway").withNodeTaintsPolicy("Honor")
                    .endTopologySpreadConstraint()
                    .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data-web-0").endPersistentVolumeClaim().endVolume()
                    .addNewVolume().withName("scratch").withNewEphemeral().endEphemeral().endVolume()
                    .addNewVolume().withName("config").withNewConfigMap().withName("cfg").endConfigMap().endVolume()
                    .withPriority(1000).withPriorityClassName("high")
                .endSpec()
                .build();
    }

    @Test
    void convertsIdentityOwnerAndMetadata() {
        PodSchedulingView view = PodViews.from(richPod());

        assertThat(view.namespace()).isEqualTo("shop");
        assertThat(view.name()).isEqualTo("web-0");
        assertThat(view.uid()).isEqualTo("uid-web-0");
        assertThat(view.owner()).isEqualTo(new WorkloadRef("apps/v1", "Deployment", "web", null));
        assertThat(view.workloadKey()).isEqualTo("shop/Deployment/web");
        assertThat(view.labels()).containsEntry("app", "web");
        assertThat(view.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:05Z"));
        assertThat(view.doNotDisrupt()).isTrue();
        assertThat(view.priority()).isEqualTo(1000);
        assertThat(view.priorityClassName()).isEqualTo("high");
        assertThat(view.schedulerName()).isEqualTo("default-scheduler");
    }

    @Test
    void keepsRawResourcesOfContainersInitContainersSidecarsAndOverhead() {
        PodSchedulingView view = PodViews.from(richPod());

        assertThat(view.resources().containers()).containsExactly(
                new ContainerResources("app", Map.of("cpu", "500m", "memory", "1Gi"), Map.of("memory", "2Gi"), false),
                new ContainerResources("metrics", Map.of(), Map.of(), false));
        assertThat(view.resources().initContainers()).containsExactly(
                new ContainerResources("migrate", Map.of("cpu", "2"), Map.of(), false),
                new ContainerResources("proxy", Map.of("cpu", "100m"), Map.of("cpu", "200m"), true));
        assertThat(view.resources().overhead()).isEqualTo(Map.of("cpu", "250m", "memory", "120Mi"));
    }

    @Test
    void convertsNodeSelectorAndNodeAffinity() {
        PodSchedulingView view = PodViews.from(richPod());

        assertThat(view.nodeSelector()).isEqualTo(Map.of("topology.kubernetes.io/zone", "us-west-2a"));
        assertThat(view.nodeAffinity().required()).hasSize(2);
        assertThat(view.nodeAffinity().required().get(0).matchExpressions())
                .containsExactly(new NodeSelectorRequirement("kubernetes.io/arch", "In", List.of("amd64", "arm64")));
        assertThat(view.nodeAffinity().required().get(1).matchExpressions())
                .containsExactly(new NodeSelectorRequirement("karpenter.k8s.aws/instance-generation", "Gt", List.of("5")));
        assertThat(view.nodeAffinity().preferred()).singleElement().satisfies(p -> {
            assertThat(p.weight()).isEqualTo(40);
            assertThat(p.preference().matchExpressions()).containsExactly(NodeSelectorRequirement.in("karpenter.sh/capacity-type", "spot"));
        });
    }

    @Test
    void convertsTolerationsAndSpreadWithKubernetesDefaults() {
        PodSchedulingView view = PodViews.from(richPod());

        assertThat(view.tolerations()).containsExactly(
                new TolerationSpec("team", "Equal", "a", "NoSchedule", null),
                new TolerationSpec("node.kubernetes.io/not-ready", "Exists", null, "NoExecute", 300L));
        TopologySpreadConstraint zone = view.topologySpreadConstraints().get(0);
        assertThat(zone.maxSkew()).isEqualTo(1);
        assertThat(zone.isHard()).isTrue();
        assertThat(zone.labelSelector().matchLabels()).isEqualTo(Map.of("app", "web"));
        assertThat(zone.matchLabelKeys()).containsExactly("pod-template-hash");
        assertThat(zone.minDomains()).isEqualTo(3);
        assertThat(zone.nodeAffinityPolicy()).isEqualTo("Honor");
        assertThat(zone.nodeTaintsPolicy()).isEqualTo("Ignore");
        TopologySpreadConstraint host = view.topologySpreadConstraints().get(1);
        assertThat(host.isHard()).isFalse();
        assertThat(host.labelSelector()).isNull();
        assertThat(host.nodeTaintsPolicy()).isEqualTo("Honor");
    }

    @Test
    void convertsPodAffinityAndAntiAffinity() {
        PodSchedulingView view = PodViews.from(richPod());

        PodAffinityTermSpec affinity = view.podAffinity().required().get(0);
        assertThat(affinity.labelSelector().matchLabels()).isEqualTo(Map.of("app", "db"));
        assertThat(affinity.namespaces()).containsExactly("data");
        assertThat(affinity.namespaceSelector()).isNull();
        assertThat(affinity.topologyKey()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(view.podAffinity().preferred()).isEmpty();

        assertThat(view.podAntiAffinity().required()).isEmpty();
        var anti = view.podAntiAffinity().preferred().get(0);
        assertThat(anti.weight()).isEqualTo(10);
        assertThat(anti.podAffinityTerm().labelSelector().matchExpressions())
                .containsExactly(new LabelSelectorRequirement("app", "In", List.of("web")));
        assertThat(anti.podAffinityTerm().namespaceSelector()).isNotNull().satisfies(s -> assertThat(s.isEmpty()).isTrue());
        assertThat(anti.podAffinityTerm().matchLabelKeys()).containsExactly("pod-template-hash");
    }

    @Test
    void collectsHostPortsOfContainersAndSidecarsAndVolumeClaims() {
        PodSchedulingView view = PodViews.from(richPod());

        assertThat(view.hostPorts()).containsExactlyInAnyOrder(
                new HostPortSpec(9100, "UDP", "10.0.0.1"),
                new HostPortSpec(15001, "TCP", "0.0.0.0"));
        assertThat(view.volumeClaims()).containsExactly(
                VolumeClaim.unresolved("data-web-0", false),
                VolumeClaim.unresolved("web-0-scratch", true));
        assertThat(view.volumesResolved()).isFalse();
    }

    @Test
    void ownerIsTheReplicaSetWhenTheDeploymentCannotBeTold() {
        Pod pod = pendingPod("web-0").editMetadata().removeFromLabels("pod-template-hash").endMetadata().build();

        assertThat(PodViews.from(pod).owner()).isEqualTo(new WorkloadRef("apps/v1", "ReplicaSet", "web-7d4b9c", "rs-uid"));
    }

    @Test
    void barePodHasNoOwner() {
        Pod pod = pendingPod("solo").editMetadata().withOwnerReferences(List.of()).endMetadata().build();

        assertThat(PodViews.from(pod).owner()).isNull();
        assertThat(PodViews.from(pod).workloadKey()).isEqualTo("shop/Pod/solo");
    }

    @Test
    void pendingPodCarriesTheSchedulerVerdictAndRoundTrips() {
        PendingPod pending = PodViews.pendingPod(richPod(), Instant.parse("2026-01-01T00:00:06Z"));

        assertThat(pending.schedulerReason()).isEqualTo("Unschedulable");
        assertThat(pending.schedulerMessage()).isEqualTo("0/3 nodes are available: 3 Insufficient cpu.");
        assertThat(EventJson.read(EventJson.toBytes(pending), PendingPod.class)).isEqualTo(pending);
    }

    @Test
    void missingUidIsAnErrorNamingPodAndField() {
        Pod pod = pendingPod("web-0").editMetadata().withUid(null).endMetadata().build();

        assertThatThrownBy(() -> PodViews.from(pod))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Pod shop/web-0: missing required field 'metadata.uid'");
    }

    @Test
    void missingCreationTimestampIsAnErrorNamingPodAndField() {
        Pod pod = pendingPod("web-0").editMetadata().withCreationTimestamp(null).endMetadata().build();

        assertThatThrownBy(() -> PodViews.from(pod))
                .hasMessage("Pod shop/web-0: missing required field 'metadata.creationTimestamp'");
    }

    // ---- provisionable / ignored ----------------------------------------------------------------------------------

    @Test
    void anUnschedulablePodIsProvisionableAndNotIgnored() {
        Pod pod = richPod();

        assertThat(PodViews.isProvisionable(pod)).isTrue();
        assertThat(PodViews.ignoredBecause(pod)).isEmpty();
    }

    @Test
    void podsNotMarkedUnschedulableAreNotProvisionable() {
        Pod gated = pendingPod("p").editStatus().editFirstCondition().withReason("SchedulingGated").endCondition().endStatus().build();
        Pod noCondition = pendingPod("p").editStatus().withConditions(List.of()).endStatus().build();

        assertThat(PodViews.isProvisionable(gated)).isFalse();
        assertThat(PodViews.isProvisionable(noCondition)).isFalse();
        assertThat(PodViews.ignoredBecause(gated)).contains(Reason.NOT_MARKED_UNSCHEDULABLE);
    }

    @Test
    void boundAndNominatedPodsAreNotProvisionable() {
        Pod bound = pendingPod("p").editSpec().withNodeName("node-1").endSpec().build();
        Pod nominated = pendingPod("p").editStatus().withNominatedNodeName("node-2").endStatus().build();

        assertThat(PodViews.isProvisionable(bound)).isFalse();
        assertThat(PodViews.isProvisionable(nominated)).isFalse();
        assertThat(PodViews.explainIgnored(bound).orElseThrow().text()).isEqualTo("pod is bound to node node-1");
        assertThat(PodViews.ignoredBecause(nominated)).contains(Reason.NOMINATED);
    }

    @Test
    void daemonSetAndMirrorPodsAreIgnored() {
        Pod daemon = pendingPod("ds-x").editMetadata().withOwnerReferences(List.of()).addNewOwnerReference()
                .withApiVersion("apps/v1").withKind("DaemonSet").withName("fluent-bit").withController(true).endOwnerReference()
                .endMetadata().build();
        Pod mirror = pendingPod("kube-proxy-n1").editMetadata().withOwnerReferences(List.of()).addNewOwnerReference()
                .withApiVersion("v1").withKind("Node").withName("n1").withController(true).endOwnerReference()
                .endMetadata().build();

        assertThat(PodViews.isProvisionable(daemon)).isFalse();
        assertThat(PodViews.isProvisionable(mirror)).isFalse();
        assertThat(PodViews.explainIgnored(daemon).orElseThrow().text()).isEqualTo("pod is owned by DaemonSet fluent-bit");
        assertThat(PodViews.ignoredBecause(mirror)).contains(Reason.MIRROR_POD);
    }

    @Test
    void terminalAndTerminatingPodsAreIgnored() {
        Pod failed = pendingPod("p").editStatus().withPhase("Failed").endStatus().build();
        Pod deleting = pendingPod("p").editMetadata().withDeletionTimestamp("2026-01-01T00:01:00Z").endMetadata().build();

        assertThat(PodViews.ignoredBecause(failed)).contains(Reason.TERMINAL_POD);
        assertThat(PodViews.ignoredBecause(deleting)).contains(Reason.TERMINATING_POD);
    }

    @Test
    void podOptingOutOfNodePoolsIsIgnored() {
        Pod pod = withRequiredExpression("karpenter.sh/nodepool", "DoesNotExist");

        assertThat(PodViews.ignoredBecause(pod)).contains(Reason.OPTS_OUT_OF_NODEPOOLS);
    }

    @Test
    void matchFieldsIsIgnored() {
        Pod pod = pendingPod("p").editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addToNodeSelectorTerms(new NodeSelectorTermBuilder().addToMatchFields(new NodeSelectorRequirementBuilder()
                        .withKey("metadata.name").withOperator("In").withValues("n1").build()).build())
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();

        assertThat(PodViews.ignoredBecause(pod)).contains(Reason.UNSUPPORTED_MATCH_FIELDS);
    }

    @Test
    void hostnameAndKarpenterDomainSelectorsAreRestricted() {
        Pod hostname = pendingPod("p").editSpec().addToNodeSelector("kubernetes.io/hostname", "n1").endSpec().build();
        Pod karpenterKey = withRequiredExpression("karpenter.sh/registered", "Exists");
        Pod nodePool = pendingPod("p").editSpec().addToNodeSelector("karpenter.sh/nodepool", "default")
                .addToNodeSelector("karpenter.sh/capacity-type", "spot").endSpec().build();

        assertThat(PodViews.explainIgnored(hostname).orElseThrow().text()).isEqualTo("selector key kubernetes.io/hostname is restricted");
        assertThat(PodViews.ignoredBecause(karpenterKey)).contains(Reason.RESTRICTED_LABEL);
        assertThat(PodViews.ignoredBecause(nodePool)).isEmpty();
    }

    @Test
    void invalidOperatorsAndValuesAreIgnored() {
        assertThat(PodViews.ignoredBecause(withRequiredExpression("example.com/size", "Bigger", "3"))).contains(Reason.INVALID_SELECTOR);
        assertThat(PodViews.ignoredBecause(withRequiredExpression("example.com/size", "In"))).contains(Reason.INVALID_SELECTOR);
        assertThat(PodViews.ignoredBecause(withRequiredExpression("example.com/size", "Gt", "-1"))).contains(Reason.INVALID_SELECTOR);
        assertThat(PodViews.ignoredBecause(withRequiredExpression("example.com/size", "Gt", "1", "2"))).contains(Reason.INVALID_SELECTOR);
        assertThat(PodViews.ignoredBecause(withRequiredExpression("bad key!", "Exists"))).contains(Reason.INVALID_SELECTOR);
        assertThat(PodViews.ignoredBecause(withRequiredExpression("example.com/size", "Gte", "4"))).isEmpty();
        assertThat(PodViews.explainIgnored(withRequiredExpression("example.com/size", "Bigger", "3")).orElseThrow().text())
                .isEqualTo("invalid node selector example.com/size Bigger [3]: unsupported operator Bigger");
    }

    @Test
    void podsWithDynamicResourceClaimsAreIgnored() {
        Pod pod = pendingPod("p").editSpec().addNewResourceClaim().withName("gpu").endResourceClaim().endSpec().build();

        assertThat(PodViews.ignoredBecause(pod)).contains(Reason.DRA_RESOURCE_CLAIMS);
        assertThat(PodViews.from(pod).resourceClaims()).containsExactly("gpu");
    }

    @Test
    void labelKeyValidation() {
        assertThat(PodViews.isValidLabelKey("app")).isTrue();
        assertThat(PodViews.isValidLabelKey("topology.kubernetes.io/zone")).isTrue();
        assertThat(PodViews.isValidLabelKey("/zone")).isFalse();
        assertThat(PodViews.isValidLabelKey("Example.com/zone")).isFalse();
        assertThat(PodViews.isValidLabelKey("a".repeat(64))).isFalse();
    }

    private static Pod withRequiredExpression(String key, String operator, String... values) {
        return pendingPod("p").editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addToNodeSelectorTerms(new NodeSelectorTermBuilder().addToMatchExpressions(new NodeSelectorRequirementBuilder()
                        .withKey(key).withOperator(operator).withValues(values).build()).build())
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
    }
}
