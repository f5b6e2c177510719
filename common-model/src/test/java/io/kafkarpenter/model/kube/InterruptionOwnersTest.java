package io.kafkarpenter.model.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimStatus;
import io.kafkarpenter.model.interruption.InterruptionDecisions;
import io.kafkarpenter.model.interruption.InterruptionAction;
import io.kafkarpenter.model.interruption.InterruptionParser;
import io.kafkarpenter.model.interruption.OwnedInstance;
import io.kafkarpenter.model.interruption.ProviderIds;
import io.kafkarpenter.model.interruption.fixtures.InterruptionFixtures;
import io.kafkarpenter.model.requirements.Labels;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** NodeClaims and Nodes to the owners an interruption message is matched against. */
class InterruptionOwnersTest {

    private static NodeClaim claim(String name, String providerId, String nodeName) {
        NodeClaim c = new NodeClaim();
        c.getMetadata().setName(name);
        c.getMetadata().setUid(name + "-uid");
        c.getMetadata().setLabels(Map.of(Labels.NODEPOOL, "default", Labels.INSTANCE_TYPE, "c6a.large",
            Labels.ZONE, "us-west-2a", Labels.CAPACITY_TYPE, "spot"));
        c.setStatus(new NodeClaimStatus());
        c.getStatus().setProviderID(providerId);
        c.getStatus().setNodeName(nodeName);
        return c;
    }

    private static Node node(String name, String providerId) {
        return new NodeBuilder().withNewMetadata().withName(name).withUid(name + "-uid").endMetadata()
            .withNewSpec().withProviderID(providerId).endSpec().build();
    }

    @Test
    void nodeClaimsOwnTheInstanceOfTheirProviderId() {
        NodeClaim launched = claim("default-a", "aws:///us-west-2a/i-0aaa", null);
        NodeClaim pending = claim("default-b", null, null);
        NodeClaim deleting = claim("default-c", "aws:///us-west-2b/i-0ccc", "ip-c");
        deleting.getMetadata().setDeletionTimestamp("2026-12-06T16:00:00Z");

        Map<String, OwnedInstance> owners = InterruptionOwners.of(List.of(launched, pending, deleting),
            List.of(node("ip-a", "aws:///us-west-2a/i-0aaa"), node("ip-other", "aws:///us-west-2a/i-0zzz")));

        assertThat(owners).containsOnlyKeys("i-0aaa", "i-0ccc");
        OwnedInstance a = owners.get("i-0aaa");
        assertThat(a).isEqualTo(new OwnedInstance("i-0aaa", "default-a", "default-a-uid", "default", "c6a.large",
            "us-west-2a", "spot", "ip-a", "ip-a-uid", false));
        // no Node object (yet): the NodeClaim's status.nodeName, without uid
        assertThat(owners.get("i-0ccc").node()).isEqualTo("ip-c");
        assertThat(owners.get("i-0ccc").nodeUid()).isNull();
        assertThat(owners.get("i-0ccc").deleting()).isTrue();
    }

    @Test
    void theOwnersFeedTheDecision() {
        Map<String, OwnedInstance> owners = InterruptionOwners.of(List.of(claim("default-a", "aws:///us-west-2a/i-0aaa",
            null)), List.of(node("ip-a", "aws:///us-west-2a/i-0aaa")));

        List<InterruptionAction> actions = InterruptionDecisions.decide(InterruptionParser.parse(
                InterruptionFixtures.spotInterruption("i-0aaa").json()), id -> Optional.ofNullable(owners.get(id)),
            Instant.parse("2026-12-06T16:00:05Z"));

        assertThat(actions).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(InterruptionAction.Kind.DELETE_NODECLAIM);
            assertThat(a.unavailableOffering().orElseThrow().key()).isEqualTo("c6a.large/us-west-2a/spot");
            assertThat(a.events()).extracting(e -> e.object().name()).containsExactly("default-a", "ip-a");
        });
    }

    @Test
    void providerIdsAreReadAsKarpenterDoes() {
        assertThat(ProviderIds.instanceId("aws:///us-west-2a/i-0abc")).contains("i-0abc");
        assertThat(ProviderIds.instanceId("kind://docker/kk/node-1")).isEmpty();
        assertThat(ProviderIds.instanceId("aws:///i-0abc")).isEmpty();
        assertThat(ProviderIds.instanceId("")).isEmpty();
        assertThat(ProviderIds.instanceId(null)).isEmpty();
    }
}
