package io.kafkarpenter.model.resources;

import io.kafkarpenter.model.resources.PodRequests.Container;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodRequestsTest {

    private static ResourceList r(String cpu, String mem) {
        return ResourceList.parse(Map.of("cpu", cpu, "memory", mem));
    }

    @Test
    void sumsContainersAndAddsOnePod() {
        ResourceList req = PodRequests.of(List.of(new Container(r("1", "1Gi"), null, false),
                new Container(r("500m", "512Mi"), null, false)), List.of(), null);
        assertThat(req.format()).containsEntry("cpu", "1500m").containsEntry("memory", "1536Mi").containsEntry("pods", "1");
    }

    @Test
    void initContainerPeakWinsWhenLarger() {
        ResourceList req = PodRequests.of(List.of(new Container(r("1", "1Gi"), null, false)),
                List.of(new Container(r("4", "512Mi"), null, false)), null);
        assertThat(req.format()).containsEntry("cpu", "4").containsEntry("memory", "1Gi");
    }

    @Test
    void sidecarsRunAlongsideLaterInitContainersAndTheApp() {
        ResourceList req = PodRequests.of(List.of(new Container(r("1", "1Gi"), null, false)),
                List.of(new Container(r("500m", "100Mi"), null, true), new Container(r("2", "100Mi"), null, false)), null);
        // init peak = sidecar 0.5 + init 2 = 2.5 cpu; steady = 1 + 0.5 = 1.5 cpu
        assertThat(req.format()).containsEntry("cpu", "2500m").containsEntry("memory", "1124Mi");
    }

    @Test
    void limitsStandInForMissingRequestsAndOverheadAdds() {
        ResourceList req = PodRequests.of(List.of(new Container(ResourceList.parse(Map.of("memory", "1Gi")),
                ResourceList.parse(Map.of("cpu", "2", "memory", "2Gi")), false)), List.of(), r("250m", "64Mi"));
        assertThat(req.format()).containsEntry("cpu", "2250m").containsEntry("memory", "1088Mi");
    }
}
