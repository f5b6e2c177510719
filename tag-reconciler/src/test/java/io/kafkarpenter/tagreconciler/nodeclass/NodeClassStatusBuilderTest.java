package io.kafkarpenter.tagreconciler.nodeclass;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.kafkarpenter.model.crd.AmiStatus;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.EC2NodeClassStatus;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.SecurityGroupStatus;
import io.kafkarpenter.model.crd.SubnetStatus;

class NodeClassStatusBuilderTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final String NO_SUBNETS = "subnetSelectorTerms[0] {tags: karpenter.sh/discovery=demo}";

    @Test
    void nothingMatchedSaysWhichTermsAndQuotesDiscoveryConflicts() {
        EC2NodeClass c = nodeClass(3L);
        EC2NodeClassStatus s = NodeClassStatusBuilder.build(c, resolution(List.of(), List.of(), List.of(), null,
            List.of("subnet subnet-0abc (us-east-1a): karpenter.sh/discovery holds \"other\"")), T0);
        c.setStatus(s);

        Condition subnets = EC2NodeClassConditions.find(c, EC2NodeClassConditions.SUBNETS_READY).orElseThrow();
        assertThat(subnets.getStatus()).isEqualTo("False");
        assertThat(subnets.getReason()).isEqualTo(EC2NodeClassConditions.SUBNETS_NOT_FOUND);
        assertThat(subnets.getMessage()).contains(NO_SUBNETS).contains("subnet-0abc").contains("other");
        assertThat(subnets.getObservedGeneration()).isEqualTo(3L);
        Condition groups = EC2NodeClassConditions.find(c, EC2NodeClassConditions.SECURITY_GROUPS_READY).orElseThrow();
        assertThat(groups.getReason()).isEqualTo(EC2NodeClassConditions.SECURITY_GROUPS_NOT_FOUND);
        assertThat(groups.getMessage()).doesNotContain("subnet-0abc");
        assertThat(EC2NodeClassConditions.find(c, EC2NodeClassConditions.AMIS_READY).orElseThrow().getReason())
            .isEqualTo(EC2NodeClassConditions.AMI_NOT_FOUND);
        assertThat(EC2NodeClassConditions.find(c, EC2NodeClassConditions.INSTANCE_PROFILE_READY).orElseThrow()
            .getStatus()).isEqualTo("False");
        assertThat(EC2NodeClassConditions.notReady(c)).get().asString().contains("SubnetsReady=False")
            .contains("SecurityGroupsReady=False").contains(NO_SUBNETS);
    }

    @Test
    void allResolvedIsReadyAndAnUnchangedResolutionGivesTheSameStatusWithTheSameTransitionTimes() {
        EC2NodeClass c = nodeClass(1L);
        Resolution r = resolution(List.of(new SubnetStatus("subnet-1", "us-east-1a", "use1-az1")),
            List.of(new SecurityGroupStatus("sg-1", "eks-cluster-sg-demo")), List.of(ami()), "demo_123", List.of());
        c.setStatus(NodeClassStatusBuilder.build(c, r, T0));
        assertThat(EC2NodeClassConditions.isReady(c)).isTrue();

        EC2NodeClassStatus again = NodeClassStatusBuilder.build(c, r, T0.plusSeconds(60));
        assertThat(NodeClassStatusBuilder.sameStatus(c.getStatus(), again)).isTrue();

        c.getMetadata().setGeneration(2L);
        assertThat(EC2NodeClassConditions.isReady(c)).isFalse(); // status is for generation 1
        EC2NodeClassStatus next = NodeClassStatusBuilder.build(c, r, T0.plusSeconds(60));
        assertThat(NodeClassStatusBuilder.sameStatus(c.getStatus(), next)).isFalse();
        assertThat(next.getConditions()).allSatisfy(x -> {
            assertThat(x.getObservedGeneration()).isEqualTo(2L);
            assertThat(x.getLastTransitionTime()).isEqualTo(T0.toString());
        });
    }

    private static EC2NodeClass nodeClass(long generation) {
        EC2NodeClass c = KarpenterManifests.readOne("""
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata: {name: default}
            spec:
              amiSelectorTerms: [{alias: al2023@latest}]
              role: KarpenterNodeRole-demo
              subnetSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
              securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
            """, EC2NodeClass.class);
        c.getMetadata().setGeneration(generation);
        return c;
    }

    private static Resolution resolution(List<SubnetStatus> subnets, List<SecurityGroupStatus> groups,
                                         List<AmiStatus> amis, String profile, List<String> conflicts) {
        return new Resolution(
            new SelectorResolver.Resolved<>(subnets, subnets.isEmpty() ? List.of(NO_SUBNETS) : List.of()),
            new SelectorResolver.Resolved<>(groups, groups.isEmpty()
                ? List.of("securityGroupSelectorTerms[0] {tags: karpenter.sh/discovery=demo}") : List.of()),
            amis, List.of("amiSelectorTerms[0] {alias: al2023@latest}"), null, profile,
            profile == null ? "RoleNotFound" : null, profile == null ? "role KarpenterNodeRole-demo not found" : null,
            List.of(), conflicts, true);
    }

    private static AmiStatus ami() {
        AmiStatus a = new AmiStatus();
        a.setId("ami-1");
        a.setName("amazon-eks-node-al2023-x86_64-standard-1.34-v20261101");
        a.setRequirements(List.of(new NodeSelectorRequirement("kubernetes.io/arch", "In", List.of("amd64"))));
        return a;
    }
}
