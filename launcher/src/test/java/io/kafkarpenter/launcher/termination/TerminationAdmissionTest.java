package io.kafkarpenter.launcher.termination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kafkarpenter.launcher.termination.TerminationAdmission.Outcome;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimStatus;
import io.kafkarpenter.model.events.TerminationRequest;
import io.kafkarpenter.model.reasons.Reason;

/** Every attack a forged termination request can make is refused; a redelivery changes nothing. */
class TerminationAdmissionTest {

    @Test
    void aRequestForTheNodeClaimsOwnNodeInItsNodePoolIsAccepted() {
        assertThat(TerminationAdmission.check(request("node-a", "nc-a", "pool"), Optional.of(claim("nc-a", "pool", "node-a")))
            .outcome()).isEqualTo(Outcome.ACCEPT);
    }

    @Test
    void aRequestNamingAnotherNodeThanItsNodeClaimsIsRefused() {
        var verdict = TerminationAdmission.check(request("victim", "nc-a", "pool"), Optional.of(claim("nc-a", "pool", "node-a")));
        assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSE);
        assertThat(verdict.why()).contains("victim").contains("node-a");
    }

    @Test
    void aRequestWithAnotherNodePoolIsRefused() {
        assertThat(TerminationAdmission.check(request("node-a", "nc-a", "other"), Optional.of(claim("nc-a", "pool", "node-a")))
            .outcome()).isEqualTo(Outcome.REFUSE);
    }

    @Test
    void aNodeClaimThisLauncherDidNotCreateIsRefused() {
        NodeClaim foreign = claim("nc-a", "pool", "node-a");
        foreign.getMetadata().setFinalizers(List.of());
        assertThat(TerminationAdmission.check(request("node-a", "nc-a", "pool"), Optional.of(foreign)).outcome())
            .isEqualTo(Outcome.REFUSE);
        NodeClaim undecided = claim("nc-a", "pool", "node-a");
        undecided.getMetadata().setAnnotations(Map.of());
        assertThat(TerminationAdmission.check(request("node-a", "nc-a", "pool"), Optional.of(undecided)).outcome())
            .isEqualTo(Outcome.REFUSE);
    }

    @Test
    void aMissingNodeClaimIsRefusedAndAnAcceptedOrDeletingOneIsLeftAsItIs() {
        assertThat(TerminationAdmission.check(request("node-a", "nc-a", "pool"), Optional.empty()).outcome())
            .isEqualTo(Outcome.REFUSE);
        NodeClaim accepted = claim("nc-a", "pool", "node-a");
        accepted.getMetadata().setAnnotations(Map.of(DisruptionKeys.DECISION_ANNOTATION, "d",
            DisruptionKeys.TERMINATION_REASON, "UNDERUTILIZED"));
        assertThat(TerminationAdmission.check(request("node-a", "nc-a", "pool"), Optional.of(accepted)).outcome())
            .isEqualTo(Outcome.ALREADY);
        NodeClaim deleting = claim("nc-a", "pool", "node-a");
        deleting.getMetadata().setDeletionTimestamp(Instant.EPOCH.toString());
        assertThat(TerminationAdmission.check(request("node-a", "nc-a", "pool"), Optional.of(deleting)).outcome())
            .isEqualTo(Outcome.ALREADY);
    }

    private static TerminationRequest request(String node, String claim, String pool) {
        return new TerminationRequest(node, claim, pool, Reason.UNDERUTILIZED, "m", "cons-1", List.of(), Instant.EPOCH);
    }

    private static NodeClaim claim(String name, String pool, String nodeName) {
        NodeClaim claim = new NodeClaim();
        claim.setMetadata(new ObjectMetaBuilder().withName(name).withLabels(Map.of("karpenter.sh/nodepool", pool))
            .withAnnotations(Map.of(DisruptionKeys.DECISION_ANNOTATION, "prov-1"))
            .withFinalizers(DisruptionKeys.TERMINATION_FINALIZER).build());
        claim.setStatus(new NodeClaimStatus());
        claim.getStatus().setNodeName(nodeName);
        return claim;
    }
}
