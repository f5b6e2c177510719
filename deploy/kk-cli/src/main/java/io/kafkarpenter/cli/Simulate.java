package io.kafkarpenter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.scheduling.PlannedNodeClaim;
import io.kafkarpenter.model.scheduling.PodFailure;
import io.kafkarpenter.model.scheduling.Scheduler;
import io.kafkarpenter.model.scheduling.SchedulerOptions;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.model.scheduling.SchedulingResult;
import io.kafkarpenter.model.scheduling.Taint;

import java.io.File;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code kk simulate FILE}: runs the scheduling engine on a scenario and prints the decision as JSON. */
public final class Simulate {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Simulate() {
    }

    /** Returns the exit code: 0 decided, 2 bad input. */
    public static int run(String path, PrintStream out, PrintStream err) {
        File file = new File(path);
        if (!file.isFile()) {
            err.println(path + ": cannot read the file");
            return 2;
        }
        try {
            ScenarioReader.Scenario scenario = ScenarioReader.read(file);
            Map<String, Object> decision = decide(scenario);
            out.println(JSON.writeValueAsString(decision));
            return 0;
        } catch (InputException e) {
            err.println(e.oneLine(path));
            return 2;
        } catch (JsonProcessingException e) {
            err.println(path + ": cannot write the decision: " + e.getOriginalMessage());
            return 1;
        }
    }

    static Map<String, Object> decide(ScenarioReader.Scenario s) {
        if (s.snapshot() != null) {
            return DisruptionDecision.decide(s.snapshot());
        }
        long start = System.nanoTime();
        Scheduler scheduler = new Scheduler(s.pools(), s.existing(), s.daemonSets(), SchedulerOptions.DEFAULT,
                s.extraWellKnown());
        SchedulingResult result = scheduler.solve(s.pending());
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        List<Object> claims = new ArrayList<>();
        for (PlannedNodeClaim c : result.nodeClaims()) {
            claims.add(claimJson(c));
        }
        List<Object> existing = new ArrayList<>();
        int scheduled = 0;
        for (SchedulingResult.Placement p : result.existingNodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.node());
            m.put("pods", keys(p.pods()));
            existing.add(m);
            scheduled += p.pods().size();
        }
        for (PlannedNodeClaim c : result.nodeClaims()) {
            scheduled += c.pods().size();
        }
        List<Object> unschedulable = new ArrayList<>();
        for (PodFailure f : result.unschedulable()) {
            unschedulable.add(failureJson(f));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodeClaims", claims);
        out.put("existingNodes", existing);
        out.put("unschedulable", unschedulable);
        out.put("disruptions", List.of());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pods", s.pending().size());
        summary.put("scheduled", scheduled);
        summary.put("nodeClaims", claims.size());
        summary.put("costPerHour", price(result.costPerHour()));
        summary.put("elapsedMs", elapsedMs);
        out.put("summary", summary);
        return out;
    }

    /** A price rounded to six decimals, as the decision prints it. */
    static double price(double p) {
        return BigDecimal.valueOf(p).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().doubleValue();
    }

    static Map<String, Object> failureJson(PodFailure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pod", f.pod().key());
        m.put("reason", f.message());
        m.put("code", f.code().code());
        return m;
    }

    /** One claim of the decision (FORMAT.md "Output"). */
    static Map<String, Object> claimJson(PlannedNodeClaim c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("nodePool", c.nodePool());
        List<String> types = new ArrayList<>();
        for (InstanceType t : c.instanceTypes()) {
            types.add(t.name());
        }
        m.put("instanceTypes", types);
        m.put("instanceType", c.instanceType().name());
        m.put("capacityType", c.offering().capacityType());
        m.put("capacityTypes", c.capacityTypes());
        m.put("zone", c.offering().zone());
        m.put("zones", c.zones());
        m.put("price", c.offering().price());
        m.put("labels", c.labels());
        List<Object> taints = new ArrayList<>();
        for (Taint t : c.taints()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("key", t.key());
            if (!t.value().isEmpty()) {
                tm.put("value", t.value());
            }
            tm.put("effect", t.effect());
            taints.add(tm);
        }
        m.put("taints", taints);
        m.put("allocatable", c.instanceType().allocatable().format());
        m.put("pods", keys(c.pods()));
        return m;
    }

    static List<String> keys(List<SchedulingPod> pods) {
        List<String> out = new ArrayList<>();
        for (SchedulingPod p : pods) {
            out.add(p.key());
        }
        return out;
    }
}
