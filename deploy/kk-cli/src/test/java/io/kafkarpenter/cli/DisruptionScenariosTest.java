package io.kafkarpenter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Disruption-mode scenarios written from the Karpenter reference (budgets, do-not-disrupt durations, hash drift,
 * expireAfter Never, on-demand replaced by spot, pending pods, uninitialized and consolidateAfter targets, DaemonSet
 * pods), run end to end; each file's {@code expect.disruptions} (and nodeClaims / capacityType) is checked.
 */
class DisruptionScenariosTest {

    static List<String> files() {
        String[] names = new File("src/test/resources/disruption").list((d, n) -> n.endsWith(".yaml"));
        List<String> out = new ArrayList<>(Arrays.asList(names));
        out.sort(null);
        return out;
    }

    @ParameterizedTest
    @MethodSource("files")
    @SuppressWarnings("unchecked")
    void decidesWhatTheScenarioExpects(String file) throws Exception {
        File f = new File("src/test/resources/disruption/" + file);
        Map<String, Object> d = Simulate.decide(ScenarioReader.read(f));
        JsonNode expect = ScenarioReader.YAML.readTree(f).get("expect");
        List<Map<String, Object>> disruptions = (List<Map<String, Object>>) d.get("disruptions");
        JsonNode want = expect.get("disruptions");
        assertThat(disruptions).hasSize(want.get("count").asInt());
        if (want.has("nodes")) {
            Set<String> nodes = new TreeSet<>();
            disruptions.forEach(x -> nodes.addAll((List<String>) x.get("nodes")));
            Set<String> expected = new TreeSet<>();
            want.get("nodes").forEach(n -> expected.add(n.asText()));
            assertThat(nodes).isEqualTo(expected);
        }
        for (String key : List.of("actions:action", "reasons:reason")) {
            String[] k = key.split(":");
            if (want.has(k[0])) {
                Set<Object> got = new TreeSet<>();
                disruptions.forEach(x -> got.add(x.get(k[1])));
                Set<Object> expected = new TreeSet<>();
                want.get(k[0]).forEach(n -> expected.add(n.asText()));
                assertThat(got).isEqualTo(expected);
            }
        }
        List<Map<String, Object>> claims = (List<Map<String, Object>>) d.get("nodeClaims");
        if (expect.has("nodeClaims")) {
            assertThat(claims).hasSize(expect.get("nodeClaims").asInt());
        }
        if (expect.has("capacityType")) {
            assertThat(claims).allSatisfy(c -> assertThat(c.get("capacityType"))
                    .isEqualTo(expect.get("capacityType").asText()));
        }
    }
}
