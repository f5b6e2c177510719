package io.kafkarpenter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kk simulate --until-stable FILE} / {@code --eventually FILE}: a disruption-mode scenario's simulated steady
 * state ({@link DisruptionSimulation}), as JSON: each pass's commands and the cost before it, the final cost and
 * nodes. {@code --eventually} starts one hour after the scenario's {@code now} (every consolidateAfter window passed),
 * which is what a scenario exported from a running cluster needs.
 */
final class SimulateSteadyState {

    private static final int MAX_PASSES = 500;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SimulateSteadyState() {
    }

    static int run(String path, boolean eventually, PrintStream out, PrintStream err) {
        String yaml;
        try {
            if (Files.size(Path.of(path)) > ScenarioReader.MAX_FILE_BYTES) {
                err.println(path + ": larger than " + (ScenarioReader.MAX_FILE_BYTES >> 20) + " MiB");
                return 2;
            }
            yaml = Files.readString(Path.of(path));
        } catch (IOException e) {
            err.println(path + ": cannot read the file");
            return 2;
        }
        try {
            DisruptionSimulation.Result r = eventually ? DisruptionSimulation.eventually(yaml, MAX_PASSES)
                    : DisruptionSimulation.untilStable(yaml, MAX_PASSES);
            List<Object> passes = new ArrayList<>();
            for (DisruptionSimulation.Pass p : r.passes()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pass", p.number());
                m.put("now", p.now().toString());
                m.put("costPerHourBefore", p.costPerHourBefore());
                m.put("nodesBefore", p.nodesBefore());
                m.put("pendingPods", p.pendingPods());
                m.put("commands", p.commands());
                passes.add(m);
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("stable", r.stable());
            o.put("initialCostPerHour", r.initialCostPerHour());
            o.put("finalCostPerHour", r.finalCostPerHour());
            o.put("initialNodes", r.initialNodes());
            o.put("finalNodes", r.finalNodes());
            o.put("finalNodesByType", r.finalNodesByType());
            o.put("pendingPods", r.pendingPods());
            o.put("passes", passes);
            out.println(JSON.writeValueAsString(o));
            return r.stable() ? 0 : 1;
        } catch (InputException e) {
            err.println(e.oneLine(path));
            return 2;
        } catch (IOException e) {
            err.println(path + ": " + e.getMessage());
            return 1;
        }
    }
}
