package io.kafkarpenter.model.crd.validation;

import static io.kafkarpenter.model.crd.CrdFixtures.budget;
import static io.kafkarpenter.model.crd.CrdFixtures.nodePool;
import static io.kafkarpenter.model.crd.CrdFixtures.requirement;
import static io.kafkarpenter.model.crd.CrdFixtures.templateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.NodeSelectorRequirementWithMinValues;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NodePoolValidatorTest {

    private static List<String> violations(NodePool pool) {
        return NodePoolValidator.validate(pool).stream().map(Violation::toString).toList();
    }

    private static NodePool withRequirement(NodeSelectorRequirementWithMinValues requirement) {
        NodePool pool = nodePool("default");
        templateOf(pool).getRequirements().add(requirement);
        return pool;
    }

    @Test
    void theFixtureIsValid() {
        assertThat(NodePoolValidator.validate(nodePool("default"))).isEmpty();
    }

    @Test
    void unsupportedOperatorNamesTheFieldAndTheAllowedOperators() {
        NodePool pool = nodePool("default");
        templateOf(pool).getRequirements().get(1).setOperator("Foo");
        assertThat(NodePoolValidator.validate(pool)).containsExactly(new Violation("NodePool", "default",
                "spec.template.spec.requirements[1].operator",
                "unsupported operator \"Foo\" (must be In, NotIn, Exists, DoesNotExist, Gt, Lt, Gte, Lte)"));
        assertThat(violations(pool)).containsExactly("NodePool default: spec.template.spec.requirements[1].operator: "
                + "unsupported operator \"Foo\" (must be In, NotIn, Exists, DoesNotExist, Gt, Lt, Gte, Lte)");
    }

    @Test
    void hostnameIsRestrictedInRequirements() {
        assertThat(violations(withRequirement(requirement("kubernetes.io/hostname", "In", "node-1"))))
                .containsExactly("NodePool default: spec.template.spec.requirements[3].key: label \"kubernetes.io/hostname\" is restricted");
    }

    @Test
    void hostnameIsRestrictedInTemplateLabels() {
        NodePool pool = nodePool("default");
        pool.getSpec().getTemplate().getMetadata().getLabels().put("kubernetes.io/hostname", "node-1");
        assertThat(violations(pool)).containsExactly(
                "NodePool default: spec.template.metadata.labels[\"kubernetes.io/hostname\"]: label \"kubernetes.io/hostname\" is restricted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"karpenter.sh/nodepool", "karpenter.sh/custom", "kubernetes.io/custom", "foo.kubernetes.io/bar",
            "k8s.io/x", "sub.k8s.io/x", "karpenter.k8s.aws/not-a-label", "karpenter.k8s.aws/instance-type"})
    void restrictedDomainsAreRejectedInRequirementsAndLabels(String key) {
        NodePool inRequirements = withRequirement(requirement(key, "Exists"));
        assertThat(NodePoolValidator.validate(inRequirements)).singleElement()
                .satisfies(v -> {
                    assertThat(v.fieldPath()).isEqualTo("spec.template.spec.requirements[3].key");
                    assertThat(v.message()).contains("restricted");
                });
        NodePool inLabels = nodePool("default");
        inLabels.getSpec().getTemplate().getMetadata().getLabels().put(key, "x");
        assertThat(NodePoolValidator.validate(inLabels)).singleElement()
                .satisfies(v -> assertThat(v.fieldPath()).isEqualTo("spec.template.metadata.labels[\"" + key + "\"]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"team", "example.com/team", "karpenter.k8s.aws/instance-family", "karpenter.k8s.aws/instance-cpu",
            "node.kubernetes.io/instance-type", "topology.kubernetes.io/zone", "kubernetes.io/os", "karpenter.sh/capacity-type",
            "beta.kubernetes.io/arch", "failure-domain.beta.kubernetes.io/zone", "node-restriction.kubernetes.io/team",
            "kops.k8s.io/instancegroup", "topology.k8s.aws/zone-id", "node.kubernetes.io/windows-build"})
    void wellKnownAndCustomKeysAreAccepted(String key) {
        assertThat(NodePoolValidator.validate(withRequirement(requirement(key, "Exists")))).isEmpty();
    }

    @Test
    void instanceFamilyInValuesAndInstanceTypesAreAccepted() {
        NodePool pool = nodePool("default");
        templateOf(pool).getRequirements().add(requirement("karpenter.k8s.aws/instance-family", "In", "m5", "c6i", "r7g"));
        templateOf(pool).getRequirements().add(requirement("node.kubernetes.io/instance-type", "NotIn", "m5.24xlarge"));
        templateOf(pool).getRequirements().add(requirement("karpenter.k8s.aws/instance-cpu", "Lte", "16"));
        templateOf(pool).getRequirements().add(requirement("karpenter.k8s.aws/instance-memory", "Gte", "4096"));
        NodeSelectorRequirementWithMinValues flexible = requirement("karpenter.k8s.aws/instance-category", "In", "c", "m", "r");
        flexible.setMinValues(3);
        templateOf(pool).getRequirements().set(0, flexible);
        assertThat(NodePoolValidator.validate(pool)).isEmpty();
    }

    @Test
    void minValuesLargerThanTheValuesIsRejected() {
        NodeSelectorRequirementWithMinValues requirement = requirement("karpenter.k8s.aws/instance-family", "In", "m5", "c5");
        requirement.setMinValues(3);
        assertThat(violations(withRequirement(requirement))).containsExactly("NodePool default: spec.template.spec.requirements[3].minValues: "
                + "minValues 3 is larger than the number of values (2); operator In needs at least minValues values");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 51, -1})
    void minValuesOutOfRangeIsRejected(int minValues) {
        NodeSelectorRequirementWithMinValues requirement = requirement("karpenter.k8s.aws/instance-family", "Exists");
        requirement.setMinValues(minValues);
        assertThat(violations(withRequirement(requirement)))
                .containsExactly("NodePool default: spec.template.spec.requirements[3].minValues: must be between 1 and 50, got " + minValues);
    }

    @Test
    void operatorsCheckTheirValues() {
        NodePool pool = nodePool("default");
        List<NodeSelectorRequirementWithMinValues> requirements = templateOf(pool).getRequirements();
        requirements.clear();
        requirements.add(requirement("team", "In"));
        requirements.add(requirement("team", "Exists", "a"));
        requirements.add(requirement("team", "DoesNotExist", "a"));
        requirements.add(requirement("karpenter.k8s.aws/instance-cpu", "Gt", "4", "8"));
        requirements.add(requirement("karpenter.k8s.aws/instance-cpu", "Lt", "four"));
        requirements.add(requirement("karpenter.k8s.aws/instance-cpu", "Gte", "1.5"));
        requirements.add(requirement("team", "NotIn", "a"));
        assertThat(NodePoolValidator.validate(pool)).extracting(Violation::fieldPath).containsExactly(
                "spec.template.spec.requirements[0].values",
                "spec.template.spec.requirements[1].values",
                "spec.template.spec.requirements[2].values",
                "spec.template.spec.requirements[3].values",
                "spec.template.spec.requirements[4].values",
                "spec.template.spec.requirements[5].values");
        assertThat(violations(pool).get(0)).endsWith("operator In needs at least one value");
        assertThat(violations(pool).get(3)).endsWith("operator Gt needs a single non-negative integer value, got [4, 8]");
    }

    @Test
    void capacityTypeNeedsAKnownValue() {
        NodePool pool = nodePool("default");
        templateOf(pool).getRequirements().set(2, requirement("karpenter.sh/capacity-type", "In", "cheap"));
        assertThat(violations(pool)).containsExactly("NodePool default: spec.template.spec.requirements[2].values: "
                + "no valid values found in [cheap] for karpenter.sh/capacity-type, expected one of: on-demand, spot, reserved");
    }

    @Test
    void invalidLabelKeysAndValuesAreRejected() {
        NodePool pool = nodePool("default");
        pool.getSpec().getTemplate().getMetadata().getLabels().put("Bad_Domain/x", "ok");
        pool.getSpec().getTemplate().getMetadata().getLabels().put("team2", "not ok!");
        assertThat(NodePoolValidator.validate(pool)).extracting(Violation::fieldPath)
                .containsExactlyInAnyOrder("spec.template.metadata.labels[\"Bad_Domain/x\"]", "spec.template.metadata.labels[\"team2\"]");
    }

    @Test
    void budgetsCheckNodesCronDurationAndReasons() {
        NodePool pool = nodePool("default");
        pool.getSpec().getDisruption().setBudgets(List.of(
                budget("10%", null, null),
                budget("0", "@daily", "10m", "Drifted"),
                budget("5", "0 9 * * mon-fri", "8h"),
                budget("20%", "0 25 * * *", "1h"),
                budget("101%", null, null),
                budget("1", "@daily", "10s"),
                budget("1", "@daily", null),
                budget("1", "0 9 * *", "1h"),
                budget("1", null, null, "Expired")));
        assertThat(violations(pool)).hasSize(6);
        assertThat(violations(pool).get(0)).startsWith("NodePool default: spec.disruption.budgets[3].schedule: invalid cron schedule \"0 25 * * *\": ");
        assertThat(violations(pool).subList(1, 6)).containsExactly(
                "NodePool default: spec.disruption.budgets[4].nodes: invalid value \"101%\" (must be a non-negative number such as 5 or a percentage 0%..100%)",
                "NodePool default: spec.disruption.budgets[5].duration: invalid duration \"10s\" (must be hours and/or minutes such as 10m, 2h, 1h30m)",
                "NodePool default: spec.disruption.budgets[6].duration: 'schedule' must be set with 'duration'",
                "NodePool default: spec.disruption.budgets[7].schedule: invalid cron schedule \"0 9 * *\" (must be 5 fields: minute hour day-of-month month day-of-week, or @yearly/@annually/@monthly/@weekly/@daily/@midnight/@hourly)",
                "NodePool default: spec.disruption.budgets[8].reasons[0]: unsupported reason \"Expired\" (must be Underutilized, Empty, Drifted)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "1.5h", "-1m", "1d", "never", "30 s", ""})
    void badConsolidateAfterIsRejected(String value) {
        NodePool pool = nodePool("default");
        pool.getSpec().getDisruption().setConsolidateAfter(value);
        assertThat(violations(pool)).singleElement().asString()
                .startsWith("NodePool default: spec.disruption.consolidateAfter: invalid duration \"" + value + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "30s", "10m", "1h30m", "720h", "Never"})
    void goodConsolidateAfterAndExpireAfterAreAccepted(String value) {
        NodePool pool = nodePool("default");
        pool.getSpec().getDisruption().setConsolidateAfter(value);
        templateOf(pool).setExpireAfter(value);
        assertThat(violations(pool)).isEmpty();
    }

    @Test
    void terminationGracePeriodMayNotBeNever() {
        NodePool pool = nodePool("default");
        templateOf(pool).setTerminationGracePeriod("Never");
        assertThat(violations(pool)).singleElement().asString().startsWith("NodePool default: spec.template.spec.terminationGracePeriod: invalid duration");
        templateOf(pool).setTerminationGracePeriod("48h");
        assertThat(violations(pool)).isEmpty();
    }

    @Test
    void consolidationPolicyMustBeKnown() {
        NodePool pool = nodePool("default");
        pool.getSpec().getDisruption().setConsolidationPolicy("WhenUnderutilized");
        assertThat(violations(pool)).containsExactly("NodePool default: spec.disruption.consolidationPolicy: "
                + "unsupported consolidation policy \"WhenUnderutilized\" (must be WhenEmpty, WhenEmptyOrUnderutilized)");
    }

    @Test
    void weightLimitsAndNodeClassRef() {
        NodePool pool = nodePool("default");
        pool.getSpec().setWeight(101);
        pool.getSpec().getLimits().put("memory", new Quantity("lots"));
        templateOf(pool).getNodeClassRef().setGroup("karpenter.k8s.aws/v1");
        templateOf(pool).getNodeClassRef().setName("");
        assertThat(violations(pool)).containsExactlyInAnyOrder(
                "NodePool default: spec.limits.memory: invalid quantity \"lots\" (e.g. 10, 500m, 16Gi)",
                "NodePool default: spec.weight: must be between 1 and 100, got 101",
                "NodePool default: spec.template.spec.nodeClassRef.group: \"karpenter.k8s.aws/v1\" must be an API group without a version (no '/')",
                "NodePool default: spec.template.spec.nodeClassRef.name: required (name may not be empty)");
        templateOf(pool).setNodeClassRef(null);
        assertThat(violations(pool)).anyMatch(v -> v.startsWith("NodePool default: spec.template.spec.nodeClassRef: required"));
    }

    @Test
    void taintsCheckEffectKeyAndDuplicates() {
        NodePool pool = nodePool("default");
        templateOf(pool).setTaints(List.of(new Taint("NoSchedule", "dedicated", null, "gpu"), new Taint("Sometimes", "x", null, null)));
        templateOf(pool).setStartupTaints(List.of(new Taint("NoSchedule", "dedicated", null, null), new Taint("NoExecute", "bad key!", null, null)));
        assertThat(violations(pool)).containsExactly(
                "NodePool default: spec.template.spec.taints[1].effect: unsupported effect \"Sometimes\" (must be NoSchedule, PreferNoSchedule, NoExecute)",
                "NodePool default: spec.template.spec.startupTaints[0]: duplicate taint key/effect pair dedicated=NoSchedule",
                violations(pool).get(2));
        assertThat(violations(pool).get(2)).startsWith("NodePool default: spec.template.spec.startupTaints[1].key: \"bad key!\" is not a valid taint key");
    }

    @Test
    void requireValidThrowsWithEveryViolation() {
        NodePool pool = nodePool("default");
        templateOf(pool).getRequirements().get(0).setOperator("Foo");
        pool.getSpec().setWeight(0);
        assertThatThrownBy(() -> NodePoolValidator.requireValid(pool))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining("spec.template.spec.requirements[0].operator")
                .hasMessageContaining("spec.weight");
    }
}
