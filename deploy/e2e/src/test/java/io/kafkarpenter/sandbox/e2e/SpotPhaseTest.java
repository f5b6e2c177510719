package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodePool;

/** {@code bin/kk demo --phase spot}: its NodePools, its Deployment, and how the demo takes the option. */
class SpotPhaseTest {

    private static final Path MANIFEST = Path.of("../..").resolve(SpotPhase.MANIFEST);

    @Test
    void theSplitGivesTheOnDemandPoolOneSpreadValueAndTheSpotPoolFour() throws Exception {
        KarpenterManifests m = KarpenterManifests.read(Files.readString(MANIFEST).replace("${CLUSTER_NAME}", "c"));

        Map<String, List<String>> spreadValues = m.nodePools().stream().collect(Collectors.toMap(
            p -> p.getMetadata().getName(), p -> values(p, SpotPhase.SPREAD_KEY)));
        assertThat(spreadValues).containsExactlyInAnyOrderEntriesOf(Map.of("on-demand", List.of("1"),
            "spot", List.of("2", "3", "4", "5")));
        assertThat(m.nodePools()).allSatisfy(p -> assertThat(values(p, "karpenter.sh/capacity-type"))
            .containsExactly(p.getMetadata().getName()));
        assertThat(m.ec2NodeClasses()).hasSize(1);
    }

    @Test
    void inflateSpreadOverTheLabelPutsOnePodInFiveOnOnDemandCapacity(@TempDir Path dir) throws Exception {
        String[] docs = Files.readString(MANIFEST).replace("${CLUSTER_NAME}", "kafkarpenter-demo")
            .split("(?m)^---\\s*$");
        Deployment inflate = Workloads.inflate();
        Deployment spread = SpotPhase.spreadOverCapacity(inflate);
        spread.getSpec().setReplicas(SpotPhase.PODS);

        assertThat(spread.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).singleElement()
            .satisfies(c -> {
                assertThat(c.getTopologyKey()).isEqualTo(SpotPhase.SPREAD_KEY);
                assertThat(c.getMaxSkew()).isEqualTo(1);
                assertThat(c.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
            });
        assertThat(spread.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests()
            .get("cpu")).hasToString(SpotPhase.POD_CPU);
        assertThat(inflate.getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
            .getRequests().get("cpu")).as("the workshop's inflate, unchanged").hasToString("1");
        List<String> pools = Arrays.stream(docs).filter(d -> d.matches("(?s).*(?m)^kind: NodePool$.*")).toList();
        String nodeClass = Arrays.stream(docs).filter(d -> d.matches("(?s).*(?m)^kind: EC2NodeClass$.*")).findFirst().orElseThrow();
        Simulated.Decision d = Simulated.decide(pools, nodeClass, List.of(spread), dir);

        assertThat(d.unschedulable()).as("unschedulable pods").isZero();
        assertThat(d.nodeClaims()).as("one NodeClaim per value of the spread label").isEqualTo(5);
    }

    @Test
    void spotIsAPhaseOfItsOwnThatTheDemoPlaysOnlyWhenAskedFor() {
        DemoMain.Options o = DemoMain.Options.parse(new String[] {"--phase", "spot"}, Path.of("."), Path.of("s"));
        assertThat(o.phase()).isEqualTo(SpotPhase.NAME);
        assertThat(DemoPhases.NAMES).doesNotContain(SpotPhase.NAME);
        assertThatThrownBy(() -> DemoMain.Options.parse(new String[] {"--phase", "spots"}, Path.of("."), Path.of("s")))
            .hasMessageContaining("spot");
    }

    private static List<String> values(NodePool p, String key) {
        return p.getSpec().getTemplate().getSpec().getRequirements().stream().filter(r -> key.equals(r.getKey()))
            .flatMap(r -> r.getValues().stream()).toList();
    }
}
