package io.kafkarpenter.model.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.pods.FieldException;
import io.kafkarpenter.model.pods.NodeSelectorRequirement;
import io.kafkarpenter.model.pods.NodeSelectorTerm;
import io.kafkarpenter.model.pods.VolumeClaim;
import io.kafkarpenter.model.pods.PodSchedulingView;
import io.kafkarpenter.model.pods.fixtures.PodFixtures;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.model.scheduling.SchedulingPod;

/** The one contracts → engine mapping (provisioner, kk simulate, kube-scheduler stand-in). */
class EngineInputsTest {

    @Test
    void requestsAreComputedTheKubernetesWay() {
        PodSchedulingView view = PodFixtures.pod("web").cpu("500m").memory("256Mi")
            .initContainer("migrate", Map.of("cpu", "2"))
            .sidecar("proxy", Map.of("cpu", "100m", "memory", "64Mi"))
            .overhead("cpu", "50m").build();

        SchedulingPod pod = EngineInputs.pod(view);

        // max(init 2 cpu + sidecars before it (none), containers 500m + sidecar 100m) + overhead 50m
        assertThat(pod.requests().cpuMilli()).isEqualTo(2050);
        assertThat(pod.requests().memoryMilli()).isEqualTo((256L + 64) * 1024 * 1024 * 1000);
        assertThat(pod.uid()).isEqualTo(view.uid());
    }

    @Test
    void constraintsCarryOver() {
        PodSchedulingView view = PodFixtures.pod("api").deployment("api").cpu("1").zoneSpread(1)
            .requiredTerm(NodeSelectorRequirement.in("karpenter.sh/capacity-type", "on-demand"))
            .tolerate("team", "a", "NoSchedule").nodeSelector("eks-team", "my-team").hostPort(8080).build();

        SchedulingPod pod = EngineInputs.pod(view);

        assertThat(pod.spread()).singleElement().satisfies(s -> {
            assertThat(s.topologyKey()).isEqualTo("topology.kubernetes.io/zone");
            assertThat(s.maxSkew()).isEqualTo(1);
            assertThat(s.doNotSchedule()).isTrue();
        });
        assertThat(pod.requiredTerms()).singleElement()
            .satisfies(r -> assertThat(r.get("karpenter.sh/capacity-type").values()).containsExactly("on-demand"));
        assertThat(pod.tolerations()).singleElement().satisfies(t -> assertThat(t.key()).isEqualTo("team"));
        assertThat(pod.nodeSelector()).containsEntry("eks-team", "my-team");
        assertThat(pod.hostPorts()).singleElement().satisfies(p -> assertThat(p.port()).isEqualTo(8080));
    }

    @Test
    void aBadQuantityNamesTheField() {
        PodSchedulingView view = PodFixtures.pod("broken").cpu("lots").build();

        assertThatThrownBy(() -> EngineInputs.pod(view)).hasMessageContaining("cpu");
    }

    @Test
    void creationOrderIsInNanosecondsSoSubMillisecondOrderSurvives() {
        Instant at = Instant.parse("2026-01-02T03:04:05.000000100Z");
        SchedulingPod first = EngineInputs.pod(PodFixtures.pod("a").createdAt(at).build());
        SchedulingPod second = EngineInputs.pod(PodFixtures.pod("b").createdAt(at.plusNanos(500)).build());

        assertThat(first.creationOrder()).isEqualTo(at.getEpochSecond() * 1_000_000_000L + 100);
        assertThat(second.creationOrder()).isGreaterThan(first.creationOrder());
    }

    @Test
    void badInputIsAFieldExceptionWithTheFieldFromThePodsRoot() {
        PodSchedulingView view = PodFixtures.pod("broken").cpu("lots").build();

        assertThatThrownBy(() -> EngineInputs.pod(view)).isInstanceOf(FieldException.class)
            .satisfies(e -> assertThat(((FieldException) e).field())
                .isEqualTo("containers[0].resources.requests.cpu"));
    }

    @Test
    void unresolvedClaimsAndEmptyTermsDoNotConstrainThePod() {
        PodSchedulingView view = PodFixtures.pod("db")
            .volumeClaim(VolumeClaim.unresolved("data-db-0", false))
            .volumeClaim(new VolumeClaim("logs-db-0", false, true, List.of(new NodeSelectorTerm(List.of(), List.of()),
                new NodeSelectorTerm(List.of(NodeSelectorRequirement.in("topology.kubernetes.io/zone", "us-west-2a")),
                    List.of()))))
            .build();

        SchedulingPod pod = EngineInputs.pod(view);

        assertThat(pod.volumeAlternatives()).singleElement()
            .satisfies(r -> assertThat(r.get("topology.kubernetes.io/zone").values()).containsExactly("us-west-2a"));
    }

    @Test
    void theWorkshopNodePoolBecomesATemplate() {
        NodePool pool = KarpenterManifests.readOne("""
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata: {name: default}
            spec:
              weight: 10
              template:
                metadata: {labels: {eks-team: my-team}}
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  taints: [{key: team, value: a, effect: NoSchedule}]
                  requirements:
                    - {key: karpenter.k8s.aws/instance-generation, operator: Gt, values: ["5"]}
                    - {key: karpenter.k8s.aws/instance-category, operator: In, values: ["c", "m", "r"], minValues: 2}
              limits: {cpu: "10"}
            """, NodePool.class);

        NodePoolTemplate t = EngineInputs.nodePool(pool, List.of());

        assertThat(t.name()).isEqualTo("default");
        assertThat(t.weight()).isEqualTo(10);
        assertThat(t.labels()).containsEntry("eks-team", "my-team");
        assertThat(t.limits().cpuMilli()).isEqualTo(10_000);
        assertThat(t.taints()).singleElement().satisfies(x -> assertThat(x.key()).isEqualTo("team"));
        assertThat(t.requirements().get("karpenter.k8s.aws/instance-category").minValues()).isEqualTo(2);
        assertThat(t.nodeClassName()).isEqualTo("default");
    }
}
