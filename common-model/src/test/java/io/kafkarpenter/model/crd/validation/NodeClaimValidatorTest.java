package io.kafkarpenter.model.crd.validation;

import static io.kafkarpenter.model.crd.CrdFixtures.nodeClaim;
import static io.kafkarpenter.model.crd.CrdFixtures.requirement;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeSelectorRequirementWithMinValues;
import org.junit.jupiter.api.Test;

class NodeClaimValidatorTest {

    @Test
    void theFixtureIsValid() {
        assertThat(NodeClaimValidator.validate(nodeClaim("default-abcde"))).isEmpty();
    }

    @Test
    void requirementsResourcesAndDurationsAreChecked() {
        NodeClaim claim = nodeClaim("default-abcde");
        NodeSelectorRequirementWithMinValues types = claim.getSpec().getRequirements().get(0);
        types.setMinValues(3);
        claim.getSpec().getRequirements().add(requirement("kubernetes.io/hostname", "In", "ip-10-0-0-1"));
        claim.getSpec().getResources().getRequests().put("memory", new Quantity("2 GB"));
        claim.getSpec().setTerminationGracePeriod("forever");
        claim.getSpec().setNodeClassRef(null);
        assertThat(NodeClaimValidator.validate(claim)).extracting(Violation::toString).containsExactlyInAnyOrder(
                "NodeClaim default-abcde: spec.requirements[0].minValues: minValues 3 is larger than the number of values (2); operator In needs at least minValues values",
                "NodeClaim default-abcde: spec.requirements[2].key: label \"kubernetes.io/hostname\" is restricted",
                "NodeClaim default-abcde: spec.nodeClassRef: required ({group, kind, name} of the node class, e.g. karpenter.k8s.aws EC2NodeClass default)",
                "NodeClaim default-abcde: spec.terminationGracePeriod: invalid duration \"forever\" (must be whole s/m/h units such as 30s, 10m, 1h30m)",
                "NodeClaim default-abcde: spec.resources.requests.memory: invalid quantity \"2 GB\" (e.g. 10, 500m, 16Gi)");
    }
}
