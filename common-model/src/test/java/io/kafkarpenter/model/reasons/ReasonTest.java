package io.kafkarpenter.model.reasons;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ReasonTest {

    @Test
    void formatsReadableMessages() {
        assertThat(Reason.NODEPOOL_LIMIT_REACHED.format("default", "cpu", "10").text()).isEqualTo("NodePool default: cpu limit 10 reached");
        assertThat(Reason.NO_INSTANCE_TYPE_FITS.format("default", "300 cpu").text()).isEqualTo("NodePool default: no instance type has 300 cpu");
        assertThat(Reason.UNTOLERATED_TAINT.format("gpu", "team=a:NoSchedule").text()).isEqualTo("NodePool gpu: untolerated taint team=a:NoSchedule");
        assertThat(Reason.NO_NODEPOOLS.format().text()).isEqualTo("no ready NodePool found");
    }

    @Test
    void aMessageIsNeverLostToMissingOrExtraArguments() {
        assertThat(Reason.NODEPOOL_LIMIT_REACHED.format("default").text()).isEqualTo("NodePool default: ? limit ? reached");
        assertThat(Reason.EMPTY.format("n1", "extra").text()).isEqualTo("node n1 is empty");
        assertThat(Reason.EMPTY.format((Object[]) null).text()).isEqualTo("node ? is empty");
        assertThat(Reason.EMPTY.format((Object) null).text()).isEqualTo("node null is empty");
    }

    @Test
    void reasonMessagePrintsCodeAndText() {
        assertThat(Reason.EMPTY.format("n1")).hasToString("EMPTY: node n1 is empty");
        assertThat(Reason.NODEPOOL_LIMIT_REACHED.camelCase()).isEqualTo("NodepoolLimitReached");
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void templatesUseOnlyPlainPlaceholders(Reason reason) {
        String withoutPlaceholders = reason.template().replace("%s", "");
        assertThat(withoutPlaceholders).doesNotContain("%");
        assertThat(reason.code()).isEqualTo(reason.name()).matches("[A-Z][A-Z0-9_]*");
        Object[] args = new Object[reason.arity()];
        Arrays.fill(args, "x");
        assertThat(reason.format(args).text()).doesNotContain("?");
    }

    @Test
    void everyCategoryTheBriefNamesIsCovered() {
        Set<ReasonCategory> used = Arrays.stream(Reason.values()).map(Reason::category).collect(Collectors.toSet());
        assertThat(used).isEqualTo(EnumSet.allOf(ReasonCategory.class));
        assertThat(EnumSet.of(Reason.EMPTY, Reason.UNDERUTILIZED, Reason.DRIFTED, Reason.EXPIRED))
                .allSatisfy(r -> assertThat(r.category()).isEqualTo(ReasonCategory.DISRUPTION));
        assertThat(EnumSet.of(Reason.BUDGET_EXHAUSTED, Reason.DO_NOT_DISRUPT_POD, Reason.PDB_BLOCKS))
                .allSatisfy(r -> assertThat(r.category()).isEqualTo(ReasonCategory.DISRUPTION_BLOCKED));
    }
}
