package io.kafkarpenter.sandbox.kube.api;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EvictionPolicyTest {

    final List<Pod> threeHealthy = List.of(pod("a", true), pod("b", true), pod("c", true));

    @Test
    void minAvailableLeavesRoomForTheRest() {
        assertThat(decide(pod("a", true), budget(new IntOrString(2), null), threeHealthy))
                .isInstanceOf(EvictionPolicy.Allowed.class);
        assertThat(decide(pod("a", true), budget(new IntOrString(3), null), threeHealthy))
                .isEqualTo(new EvictionPolicy.Refused("pdb", 3, 3));
    }

    @Test
    void percentagesRoundUp() {
        // minAvailable 50% of 3 = 2 → one disruption allowed; maxUnavailable 10% of 3 = 1 → desired 2
        assertThat(decide(pod("a", true), budget(new IntOrString("50%"), null), threeHealthy))
                .isInstanceOf(EvictionPolicy.Allowed.class);
        assertThat(EvictionPolicy.desiredHealthy(budget(null, new IntOrString("10%")), 3)).isEqualTo(2);
        assertThat(EvictionPolicy.desiredHealthy(budget(new IntOrString("51%"), null), 3)).isEqualTo(2);
    }

    @Test
    void maxUnavailableZeroForbidsEveryHealthyEviction() {
        assertThat(decide(pod("a", true), budget(null, new IntOrString(0)), threeHealthy))
                .isEqualTo(new EvictionPolicy.Refused("pdb", 3, 3));
    }

    @Test
    void anUnhealthyPodMayGoOnlyWhileTheBudgetIsMetUnlessAlwaysAllow() {
        List<Pod> pods = List.of(pod("a", true), pod("b", false));
        PodDisruptionBudget needsTwo = budget(new IntOrString(2), null);
        assertThat(decide(pod("b", false), needsTwo, pods)).isEqualTo(new EvictionPolicy.Refused("pdb", 2, 1));

        needsTwo.getSpec().setUnhealthyPodEvictionPolicy("AlwaysAllow");
        assertThat(decide(pod("b", false), needsTwo, pods)).isInstanceOf(EvictionPolicy.Allowed.class);
    }

    @Test
    void pendingPodsAndPodsNoBudgetSelectsAreAlwaysEvictable() {
        Pod pending = new PodBuilder(pod("p", false)).editStatus().withPhase("Pending").endStatus().build();
        assertThat(decide(pending, budget(null, new IntOrString(0)), threeHealthy)).isInstanceOf(EvictionPolicy.Allowed.class);

        Pod other = new PodBuilder(pod("x", true)).editMetadata().addToLabels("app", "other").endMetadata().build();
        assertThat(decide(other, budget(null, new IntOrString(0)), threeHealthy)).isInstanceOf(EvictionPolicy.Allowed.class);
    }

    @Test
    void twoBudgetsSelectingOnePodIsAnError() {
        PodDisruptionBudget second = new PodDisruptionBudgetBuilder(budget(new IntOrString(1), null))
                .editMetadata().withName("another").endMetadata().build();
        assertThat(EvictionPolicy.decide(pod("a", true), List.of(budget(new IntOrString(1), null), second), threeHealthy))
                .isEqualTo(new EvictionPolicy.MultipleBudgets(List.of("another", "pdb")));
    }

    private static EvictionPolicy.Decision decide(Pod pod, PodDisruptionBudget budget, List<Pod> pods) {
        return EvictionPolicy.decide(pod, List.of(budget), pods);
    }

    static PodDisruptionBudget budget(IntOrString minAvailable, IntOrString maxUnavailable) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName("pdb").withNamespace("default").endMetadata()
                .withNewSpec().withMinAvailable(minAvailable).withMaxUnavailable(maxUnavailable)
                .withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec().build();
    }

    static Pod pod(String name, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").addToLabels("app", "web").endMetadata()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }
}
