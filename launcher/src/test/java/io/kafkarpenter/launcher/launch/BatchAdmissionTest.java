package io.kafkarpenter.launcher.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.launcher.ec2.InstanceTypeCatalog;
import io.kafkarpenter.launcher.launch.BatchAdmission.Admission;
import io.kafkarpenter.launcher.launch.BatchAdmission.Request;
import io.kafkarpenter.launcher.launch.BatchAdmission.Reserved;
import io.kafkarpenter.launcher.launch.LaunchAdmission.Candidate;
import io.kafkarpenter.model.resources.ResourceList;

class BatchAdmissionTest {

    private static final InstanceTypeCatalog CATALOG = InstanceTypeCatalog.builtIn("aws");
    private static final ResourceList CPU_10 = ResourceList.parse(Map.of("cpu", "10"));

    private static Candidate candidate(String type) {
        return new Candidate(type, "us-east-1a", "on-demand", 0.1, CATALOG.find(type).orElseThrow());
    }

    private static Request request(String name, String... types) {
        return new Request(name, false, List.of(types).stream().map(BatchAdmissionTest::candidate).toList());
    }

    private static ResourceList cpu(String amount) {
        return ResourceList.parse(Map.of("cpu", amount));
    }

    @Test
    void eachRequestIsAdmittedAgainstTheUsageOfTheOnesAdmittedBeforeIt() {
        // 10 cpu, 2 used: three 2-vcpu NodeClaims fit (8), the fourth does not
        List<Admission> out = BatchAdmission.admit(CPU_10, cpu("2"), List.of(request("a", "c6a.large"),
            request("b", "c6a.large"), request("c", "c6a.large"), request("d", "c6a.large"), request("e", "c6a.large")));

        assertThat(out).extracting(Admission::admitted).containsExactly(true, true, true, true, false);
        assertThat(out.get(4).refusedOn()).isEqualTo("cpu");
    }

    @Test
    void aRequestKeepsOnlyTheTypesThatStillFitAndCountsTheWorstOfThem() {
        // 10 cpu, 4 used: c6a.2xlarge (8) no longer fits, c6a.xlarge (4) and c6a.large (2) do; counted as 4
        List<Admission> out = BatchAdmission.admit(CPU_10, cpu("4"), List.of(
            request("a", "c6a.large", "c6a.xlarge", "c6a.2xlarge"), request("b", "c6a.xlarge", "c6a.large")));

        assertThat(out.get(0).candidates()).extracting(Candidate::instanceType).containsExactly("c6a.large", "c6a.xlarge");
        // 4 + 4 = 8 used: only c6a.large is left for b
        assertThat(out.get(1).candidates()).extracting(Candidate::instanceType).containsExactly("c6a.large");
    }

    @Test
    void aReplacementIsAdmittedUnlessTheNodePoolIsAlreadyOverALimit() {
        Request replacement = new Request("r", true, List.of(candidate("c6a.2xlarge")));

        assertThat(BatchAdmission.admit(CPU_10, cpu("10"), List.of(replacement)).get(0).admitted()).isTrue();
        assertThat(BatchAdmission.admit(CPU_10, cpu("11"), List.of(replacement)).get(0).refusedOn()).isEqualTo("cpu");
        // admitted at 10 of 10, it puts the NodePool over: the next normal request is refused
        List<Admission> out = BatchAdmission.admit(CPU_10, cpu("4"), List.of(replacement, request("n", "c6a.large")));
        assertThat(out).extracting(Admission::admitted).containsExactly(true, false);
    }

    @Test
    void withoutLimitsEverythingIsAdmittedWithAllItsCandidates() {
        List<Admission> out = BatchAdmission.admit(ResourceList.EMPTY, cpu("1000"), List.of(request("a", "c6a.48xlarge")));

        assertThat(out.get(0).admitted()).isTrue();
        assertThat(out.get(0).candidates()).hasSize(1);
    }

    @Test
    void theFenceKeepsTheBatchInOrderWhileItFitsNextToEverythingElseAndWithdrawsTheRest() {
        ResourceList two = NodePoolLimits.claimedBy(List.of(CATALOG.find("c6a.large").orElseThrow()));
        List<Reserved> batch = List.of(new Reserved("a", two), new Reserved("b", two), new Reserved("c", two));

        // nothing raced: 4 + 3 × 2 = 10
        assertThat(BatchAdmission.recheck(CPU_10, cpu("4"), batch)).isEmpty();
        // a zombie reserved 4 more meanwhile: only the first two still fit (4 + 4 + 2 + 2 > 10 for the third)
        assertThat(BatchAdmission.recheck(CPU_10, cpu("6"), batch)).extracting(BatchAdmission.Withdrawal::name)
            .containsExactly("c");
        assertThat(BatchAdmission.recheck(CPU_10, cpu("11"), batch)).hasSize(3);
    }

    @Test
    void twoWritersRacingNeverStayOverTheLimitTogether() {
        // E reserved 3 × 2 cpu and listed before L wrote; L reserved 3 × 2 cpu and listed after: L sees all of E
        ResourceList two = NodePoolLimits.claimedBy(List.of(CATALOG.find("c6a.large").orElseThrow()));
        List<Reserved> e = List.of(new Reserved("e1", two), new Reserved("e2", two), new Reserved("e3", two));
        List<Reserved> l = List.of(new Reserved("l1", two), new Reserved("l2", two), new Reserved("l3", two));
        int eKept = 3 - BatchAdmission.recheck(CPU_10, cpu("0"), e).size(); // E saw none of L
        int lKept = 3 - BatchAdmission.recheck(CPU_10, cpu("6"), l).size(); // L saw all of E

        assertThat((eKept + lKept) * 2).isLessThanOrEqualTo(10);
    }
}
