package io.kafkarpenter.model.pods;

import io.kafkarpenter.model.pods.fixtures.PodFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodFixturesTest {

    @Test
    void defaultsMakeAValidPod() {
        PodSchedulingView pod = PodFixtures.pod("web-0").build();

        assertThat(pod.namespace()).isEqualTo("default");
        assertThat(pod.uid()).isEqualTo(PodFixtures.uidOf("default", "web-0"));
        assertThat(pod.resources().containers()).singleElement().satisfies(c -> assertThat(c.requests()).isEmpty());
        assertThat(pod.createdAt()).isEqualTo(PodFixtures.DEFAULT_CREATED_AT);
        assertThat(pod.schedulerName()).isEqualTo(PodSchedulingView.DEFAULT_SCHEDULER);
        assertThat(pod.volumesResolved()).isTrue();
    }

    @Test
    void zoneSpreadSelectsThePodsOwnLabels() {
        PodSchedulingView pod = PodFixtures.pod("web-0").label("app", "web").cpu("1").zoneSpread(1).build();

        TopologySpreadConstraint spread = pod.topologySpreadConstraints().get(0);
        assertThat(spread.topologyKey()).isEqualTo(PodFixtures.ZONE);
        assertThat(spread.labelSelector().matchLabels()).isEqualTo(Map.of("app", "web"));
        assertThat(pod.resources().containers().get(0).requests()).isEqualTo(Map.of("cpu", "1"));
    }

    @Test
    void unlabelledPodGetsAnAppLabelForItsSelfSelectors() {
        PodSchedulingView pod = PodFixtures.pod("db-0").selfAntiAffinity(PodFixtures.HOSTNAME).build();

        assertThat(pod.labels()).isEqualTo(Map.of("app", "db-0"));
        assertThat(pod.podAntiAffinity().required().get(0).labelSelector().matchLabels()).isEqualTo(Map.of("app", "db-0"));
    }

    @Test
    void recordsRejectMissingRequiredFieldsByName() {
        assertThatThrownBy(() -> PodFixtures.pod("x").uid(" ").build())
                .isInstanceOf(FieldException.class).hasMessage("missing required field 'uid'");
        assertThatThrownBy(() -> new TopologySpreadConstraint(1, null, null, null, null, null, null, null))
                .isInstanceOf(FieldException.class).hasMessage("missing required field 'topologyKey'");
    }

    @Test
    void collectionsAreNeverNullAndImmutable() {
        PodSchedulingView pod = new PodSchedulingView("ns", "p", "u", null, null, null, PodResources.NONE, null, null, null,
                null, null, null, null, null, null, null, null, null, false, PodFixtures.DEFAULT_CREATED_AT);

        assertThat(pod.labels()).isEmpty();
        assertThat(pod.tolerations()).isEmpty();
        assertThat(pod.nodeAffinity()).isEqualTo(NodeAffinity.NONE);
        assertThat(pod.podAffinity().isEmpty()).isTrue();
        assertThatThrownBy(() -> pod.tolerations().add(TolerationSpec.exists("a", "NoSchedule")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new LabelSelectorSpec(null, List.of()).isEmpty()).isTrue();
    }
}
