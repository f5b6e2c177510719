package io.kafkarpenter.launcher.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.InstanceTypeOption;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimRequirement;
import io.kafkarpenter.model.events.NodeClassRef;
import io.kafkarpenter.model.events.OfferingOption;
import io.kafkarpenter.model.pods.TaintSpec;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.launcher.ec2.InstanceTypeCatalog;

class LaunchAdmissionTest {

    private static final InstanceTypeCatalog CATALOG = InstanceTypeCatalog.builtIn("aws-small");

    private static NodePool pool(String extraRequirement, String extraTemplate, String limits) {
        return KarpenterManifests.readOne("""
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata: {name: default}
            spec:
              template:
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  requirements:
                    - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
                    - {key: karpenter.k8s.aws/instance-category, operator: In, values: [c, m]}
            %s
                  %s
              %s
            """.formatted(extraRequirement == null ? "" : "        " + extraRequirement,
            extraTemplate == null ? "" : extraTemplate, limits == null ? "" : limits), NodePool.class);
    }

    private static NodeClaimLaunch launch(List<TaintSpec> taints, String capacityType, String... typeZones) {
        List<InstanceTypeOption> options = new ArrayList<>();
        for (String typeZone : typeZones) {
            String[] p = typeZone.split("@");
            options.add(new InstanceTypeOption(p[0], List.of(OfferingOption.of(p[1], capacityType, p[0].startsWith("m") ? 0.2 : 0.1))));
        }
        return new NodeClaimLaunch("d-1", "default-abc", "default", NodeClassRef.ec2NodeClass("default"), options,
            List.of(NodeClaimRequirement.in("karpenter.sh/nodepool", "default")), Map.of(), Map.of(), taints, List.of(),
            Map.of("cpu", "1"), "720h", null, List.of(), Reason.SCHEDULED_NEW_NODECLAIM, Instant.EPOCH,
            Instant.EPOCH.plusSeconds(600));
    }

    private static String anyType(String category) {
        return switch (category) {
            case "m" -> "m5.large";
            case "c" -> "c5.large";
            default -> "r5.large";
        };
    }

    @Test
    void aRequestFromTheTemplateIsAdmittedWithItsCandidatesCheapestFirst() {
        var verdict = LaunchAdmission.check(launch(List.of(), "on-demand", anyType("m") + "@us-east-1a",
            anyType("c") + "@us-east-1b"), pool(null, null, null), CATALOG);

        assertThat(verdict.admitted()).isTrue();
        assertThat(verdict.candidates()).extracting(LaunchAdmission.Candidate::instanceType)
            .containsExactly(anyType("c"), anyType("m"));
    }

    @Test
    void anInstanceTypeOfAnotherCategoryIsRefusedAsAWhole() {
        var verdict = LaunchAdmission.check(launch(List.of(), "on-demand", anyType("c") + "@us-east-1a",
            anyType("r") + "@us-east-1a"), pool(null, null, null), CATALOG);

        assertThat(verdict.admitted()).isFalse();
        assertThat(verdict.refusal().reason()).isEqualTo(Reason.INCOMPATIBLE_REQUIREMENTS);
        assertThat(verdict.refusal().text()).contains(anyType("r")).contains("instance-category");
    }

    @Test
    void aZoneOrCapacityTypeTheNodePoolExcludesIsRefused() {
        NodePool oneZone = pool("- {key: topology.kubernetes.io/zone, operator: In, values: [us-east-1a]}", null, null);

        var wrongZone = LaunchAdmission.check(launch(List.of(), "on-demand", anyType("c") + "@us-east-1b"), oneZone, CATALOG);
        var wrongCapacity = LaunchAdmission.check(launch(List.of(), "spot", anyType("c") + "@us-east-1a"), oneZone, CATALOG);

        assertThat(wrongZone.refusal().text()).contains("us-east-1b").contains("violates");
        assertThat(wrongCapacity.refusal().text()).contains("spot");
    }

    @Test
    void taintsThatDifferFromTheTemplateAreRefused() {
        NodePool tainted = pool(null, "taints: [{key: dedicated, value: gpu, effect: NoSchedule}]", null);

        var missing = LaunchAdmission.check(launch(List.of(), "on-demand", anyType("c") + "@us-east-1a"), tainted, CATALOG);
        var same = LaunchAdmission.check(launch(List.of(new TaintSpec("dedicated", "gpu", "NoSchedule")), "on-demand",
            anyType("c") + "@us-east-1a"), tainted, CATALOG);

        assertThat(missing.refusal().text()).contains("taints");
        assertThat(same.admitted()).isTrue();
    }

    @Test
    void anUnknownInstanceTypeIsRefused() {
        var verdict = LaunchAdmission.check(launch(List.of(), "on-demand", "x9.huge@us-east-1a"), pool(null, null, null), CATALOG);

        assertThat(verdict.refusal().reason()).isEqualTo(Reason.NO_INSTANCE_TYPE_MATCHES);
    }

    @Test
    void limitsCountLaunchedCapacityAndTheWorstCaseOfInFlightClaims() {
        NodePool limited = pool(null, null, "limits: {cpu: \"10\"}");
        var launched = new NodeClaim();
        launched.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        launched.setStatus(new io.kafkarpenter.model.crd.NodeClaimStatus());
        launched.getStatus().setCapacity(Map.of("cpu", new io.fabric8.kubernetes.api.model.Quantity("4")));
        NodeClaim inFlight = NodeClaimFactory.forLaunch(launch(List.of(), "on-demand", "c5.large@us-east-1a"), limited, null,
            List.of("c5.large", "c5.xlarge"), Instant.EPOCH);

        ResourceList usage = NodePoolLimits.usage(List.of(launched, inFlight), CATALOG);

        assertThat(usage.cpuMilli()).isEqualTo(8000); // 4 + max(2, 4)
        ResourceList limits = NodePoolLimits.limits(limited);
        assertThat(NodePoolLimits.fits(CATALOG.find("c5.large").orElseThrow(), usage, limits)).isTrue();
        assertThat(NodePoolLimits.fits(CATALOG.find("c5.xlarge").orElseThrow(), usage, limits)).isFalse();
        assertThat(NodePoolLimits.exceeded(CATALOG.find("c5.xlarge").orElseThrow(), usage, limits)).containsExactly("cpu");
    }

    @Test
    void aClaimThatFailedToLaunchCountsNothing() {
        NodeClaim failed = NodeClaimFactory.forLaunch(launch(List.of(), "on-demand", "c5.large@us-east-1a"),
            pool(null, null, null), null, List.of("c5.large"), Instant.EPOCH);
        NodeClaimConditions.set(failed, NodeClaimConditions.LAUNCHED, "False", "LaunchFailed", "boom", Instant.EPOCH);

        assertThat(NodePoolLimits.claimed(failed, CATALOG).cpuMilli()).isZero();
    }
}
