package io.kafkarpenter.model.requirements;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequirementsTest {

    @Test
    void gtAndLtBecomeInclusiveIntegerBounds() {
        Requirement gt = Requirement.of("gen", Operator.Gt, "5");
        assertThat(gt.has("6")).isTrue();
        assertThat(gt.has("5")).isFalse();
        assertThat(gt.has("abc")).isFalse();
        Requirement lt = Requirement.of("gen", Operator.Lt, "8");
        Requirement both = gt.intersection(lt);
        assertThat(both.has("7")).isTrue();
        assertThat(both.has("8")).isFalse();
        assertThat(gt.intersection(Requirement.of("gen", Operator.Lt, "6")).isEmpty()).isTrue();
        assertThat(gt.intersection(Requirement.of("gen", Operator.In, "4", "6", "x")).values()).containsExactly("6");
    }

    @Test
    void intersectionFollowsComplementRules() {
        Requirement in = Requirement.of("k", Operator.In, "a", "b", "c");
        Requirement notIn = Requirement.of("k", Operator.NotIn, "b");
        assertThat(in.intersection(notIn).values()).containsExactly("a", "c");
        assertThat(notIn.intersection(Requirement.of("k", Operator.NotIn, "c")).operator()).isEqualTo(Operator.NotIn);
        assertThat(Requirement.exists("k").intersection(Requirement.doesNotExist("k")).operator()).isEqualTo(Operator.DoesNotExist);
        assertThat(in.intersection(Requirement.exists("k")).values()).containsExactly("a", "b", "c");
    }

    @Test
    void twoNegativeRequirementsAlwaysIntersect() {
        Requirements a = Requirements.of(Requirement.doesNotExist("k"));
        Requirements b = Requirements.of(Requirement.of("k", Operator.NotIn, "x"));
        assertThat(a.intersects(b)).isTrue();
        assertThat(a.intersects(Requirements.of(Requirement.exists("k")))).isFalse();
    }

    @Test
    void customLabelsMustBeDefinedButWellKnownMayBeUndefined() {
        Requirements pool = Requirements.of(Requirement.of(Labels.CAPACITY_TYPE, Operator.In, "spot"));
        Set<String> wellKnown = Labels.WELL_KNOWN;
        assertThat(pool.compatible(Requirements.of(Requirement.of(Labels.ZONE, Operator.In, "us-east-1a")), wellKnown)).isTrue();
        assertThat(pool.compatibleError(Requirements.of(Requirement.in("team", "a")), wellKnown))
                .contains("does not have known values");
        assertThat(pool.compatible(Requirements.of(Requirement.of("team", Operator.NotIn, "a")), wellKnown)).isTrue();
        assertThat(pool.compatible(Requirements.of(Requirement.of(Labels.CAPACITY_TYPE, Operator.In, "on-demand")), wellKnown)).isFalse();
    }

    @Test
    void legacyKeysAreNormalized() {
        assertThat(Requirement.of("failure-domain.beta.kubernetes.io/zone", Operator.In, "z").key()).isEqualTo(Labels.ZONE);
        assertThat(Requirement.of("beta.kubernetes.io/arch", Operator.In, "arm64").key()).isEqualTo(Labels.ARCH);
    }

    @Test
    void restrictedKeysAreRecognised() {
        assertThat(Labels.isRestrictedForPods(Labels.HOSTNAME)).isTrue();
        assertThat(Labels.isRestrictedForPods("karpenter.sh/custom")).isTrue();
        assertThat(Labels.isRestrictedForPods(Labels.NODEPOOL)).isFalse();
        assertThat(Labels.isRestrictedForPods("example.com/team")).isFalse();
    }

    @Test
    void badOperatorsAndValuesAreRejected() {
        assertThatThrownBy(() -> Operator.parse("Equals")).hasMessageContaining("unknown operator");
        assertThatThrownBy(() -> Requirement.of("k", Operator.In, List.of())).hasMessageContaining("at least one value");
        assertThatThrownBy(() -> Requirement.of("k", Operator.Gt, "x")).hasMessageContaining("integer");
    }

    @Test
    void matchesLabelsTreatsMissingAsOnlyNegative() {
        Requirements r = Requirements.of(Requirement.of("a", Operator.NotIn, "x"), Requirement.in("b", "1"));
        assertThat(r.matchesLabels(java.util.Map.of("b", "1"))).isTrue();
        assertThat(r.matchesLabels(java.util.Map.of("a", "x", "b", "1"))).isFalse();
        assertThat(r.matchesLabels(java.util.Map.of())).isFalse();
    }
}
