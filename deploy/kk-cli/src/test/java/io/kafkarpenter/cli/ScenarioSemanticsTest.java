package io.kafkarpenter.cli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Small scenarios (written from the Karpenter reference) run end to end through the simulator. */
class ScenarioSemanticsTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decide(String file) {
        return Simulate.decide(ScenarioReader.read(new File("src/test/resources/scenarios/" + file)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> claims(Map<String, Object> d) {
        return (List<Map<String, Object>>) d.get("nodeClaims");
    }

    private static Set<Object> zones(Map<String, Object> d) {
        Set<Object> zones = new HashSet<>();
        claims(d).forEach(c -> zones.add(c.get("zone")));
        return zones;
    }

    @Test
    @SuppressWarnings("unchecked")
    void preferNoScheduleTaintIsToleratedAfterRelaxation() {
        Map<String, Object> d = decide("a-prefer-no-schedule.yaml");
        assertThat((List<?>) d.get("unschedulable")).isEmpty();
        assertThat(claims(d)).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void gpuPodGoesToTheGpuNodePoolWithAnNvidiaType() {
        Map<String, Object> d = decide("b-gpu-catalog.yaml");
        assertThat((List<?>) d.get("unschedulable")).isEmpty();
        Map<String, Object> gpu = claims(d).stream().filter(c -> c.get("nodePool").equals("gpu")).findFirst().orElseThrow();
        assertThat((List<Object>) gpu.get("pods")).containsExactly("default/trainer");
        assertThat((String) gpu.get("instanceType")).startsWith("g");
        assertThat((Map<Object, Object>) gpu.get("allocatable")).containsKey("nvidia.com/gpu");
    }

    @Test
    @SuppressWarnings("unchecked")
    void spreadWithNodeTaintsPolicyHonorIgnoresDomainsOfUntoleratedPools() {
        Map<String, Object> d = decide("c-taints-honor-spread.yaml");
        assertThat((List<?>) d.get("unschedulable")).isEmpty();
        assertThat(zones(d)).containsExactlyInAnyOrder("z1", "z2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void preferredAntiAffinityRelaxesWhenTheNodeLimitIsReached() {
        Map<String, Object> d = decide("d-preferred-anti-affinity.yaml");
        assertThat((List<?>) d.get("unschedulable")).isEmpty();
        assertThat(claims(d)).hasSize(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void unboundClaimFollowsItsStorageClassTopology() {
        Map<String, Object> d = decide("e-storageclass.yaml");
        assertThat(zones(d)).containsExactly("z2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void statefulSetReplicasGetTheirOwnClaimsAndDaemonSetPodsAreIgnored() {
        Map<String, Object> d = decide("g-sts-volumes.yaml");
        Map<Object, Object> zoneOfPod = new java.util.HashMap<>();
        claims(d).forEach(c -> ((List<Object>) c.get("pods")).forEach(p -> zoneOfPod.put(p, c.get("zone"))));
        assertThat(zoneOfPod).containsEntry("default/db-0", "z2").containsEntry("default/db-1", "z1");
        List<Map<String, Object>> pending = (List<Map<String, Object>>) d.get("unschedulable");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0)).containsEntry("pod", "default/ds-pod").containsEntry("code", "DAEMONSET_POD");
    }

    @Test
    @SuppressWarnings("unchecked")
    void spreadOverCapacityTypesBalancesSpotAndOnDemand() {
        Map<String, Object> d = decide("i-spread-capacity-type.yaml");
        Map<Object, Integer> perType = new java.util.HashMap<>();
        claims(d).forEach(c -> perType.merge(c.get("capacityType"), ((List<Object>) c.get("pods")).size(), Integer::sum));
        assertThat(perType).containsEntry("spot", 3).containsEntry("on-demand", 3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void zoneAndHostnameSpreadHoldTogether() {
        Map<String, Object> d = decide("j-spread-zone-and-hostname.yaml");
        assertThat((List<?>) d.get("unschedulable")).isEmpty();
        Map<Object, Integer> perZone = new java.util.HashMap<>();
        claims(d).forEach(c -> {
            int n = ((List<Object>) c.get("pods")).size();
            assertThat(n).isLessThanOrEqualTo(2);
            perZone.merge(c.get("zone"), n, Integer::sum);
        });
        assertThat(perZone.values()).containsOnly(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void minDomainsAboveTheReachableDomainsKeepsTheMinimumAtZero() {
        Map<String, Object> d = decide("k-min-domains.yaml");
        assertThat((List<?>) d.get("unschedulable")).hasSize(5);
    }

    @Test
    void podAffinityFollowsARunningPodAndAntiAffinitySpreadsTheReplicas() {
        Map<String, Object> d = decide("l-affinity-existing.yaml");
        assertThat((List<?>) d.get("unschedulable")).isEmpty();
        assertThat(claims(d)).hasSize(3);
        assertThat(zones(d)).containsExactly("test-zone-2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void catalogClaimsKeepMinValuesAfterTruncation() {
        Map<String, Object> d = decide("h-minvalues-catalog.yaml");
        List<Object> types = (List<Object>) claims(d).get(0).get("instanceTypes");
        assertThat(types).hasSizeLessThanOrEqualTo(60);
        assertThat(types.stream().map(t -> t.toString().split("\\.")[0]).distinct().count()).isGreaterThanOrEqualTo(45);
    }
}
