package io.kafkarpenter.sandbox.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The figures of one {@code bin/kk bench scale} run, the table it prints and the JSON it writes
 * ({@code .kk/bench/scale.json}). Times in milliseconds; null = not measured (e.g. no decision within the wait).
 *
 * @param publishMillis        the pending-pod records sent and acknowledged by the broker
 * @param batches              the provisioner's passes that launched NodeClaims (its log), in order
 * @param passes               provisioning passes run during the bench (metric count)
 * @param longestPassMillis    the longest pass (engine only, {@code karpenter_scheduler_scheduling_duration_seconds})
 * @param nodeClaimsDecided    distinct NodeClaims on {@code kk.nodeclaims.launch}
 * @param nodeClaimsAnswered   those the launcher answered on {@code kk.nodeclaims.status} (LAUNCHED or FAILED)
 * @param nodeClaimsLaunched   those answered LAUNCHED
 * @param decisionToLastCreateFleetMillis first decision record → the last CreateFleet answered (simulator)
 * @param createFleetCalls     CreateFleet calls the simulator received (throttled ones included)
 * @param createFleetThrottled CreateFleet calls answered RequestLimitExceeded by the request limits
 * @param maxRssMiB            per process, the largest RSS sampled every second during the run (-1: not running)
 * @param cpuSeconds           per process, the CPU time (user + system) it used from publishing to the end of the
 *                             wait (-1: unknown): where the machine's time went
 * @param notes                what the run could not do or did differently (printed under the table)
 */
record ScaleReport(String date, int cores, int pods, long seed, boolean requestLimits, String nodePools,
                   long publishMillis, List<Batch> batches, Long passes, Long longestPassMillis, int nodeClaimsDecided, int nodeClaimsAnswered, int nodeClaimsLaunched,
                   Long decisionToLastCreateFleetMillis, long createFleetCalls, long createFleetThrottled,
                   long waitedSeconds, Map<String, Long> maxRssMiB, Map<String, Double> cpuSeconds,
                   List<String> notes) {

    static final long PROVISIONER_RSS_TARGET_MIB = 256;
    static final long DECISION_TARGET_MILLIS = 2_000;
    static final long LAUNCH_TARGET_MILLIS = 60_000;

    /**
     * One launching pass: the pods pending in it, its window (open → closed, and why: {@code idle} or {@code max}),
     * window closed → decision record sent (the pass and publishing its launches), the new NodeClaims.
     */
    record Batch(int pendingPods, long windowMillis, String closedBy, long afterCloseMillis, int newNodeClaims) {
    }

    /** The slowest batch's window closed → decision, null without any. */
    Long decisionAfterCloseMillis() {
        return batches.stream().map(Batch::afterCloseMillis).max(Long::compare).orElse(null);
    }

    /** One target: what was measured against what was asked. */
    record Target(String name, String measured, String target, boolean met) {
    }

    List<Target> targets() {
        List<Target> out = new ArrayList<>();
        long rss = maxRssMiB.getOrDefault("provisioner", -1L);
        out.add(new Target("provisioner RSS with " + pods + " pending pods", rss + " MiB", "≤ " + PROVISIONER_RSS_TARGET_MIB
            + " MiB", rss >= 0 && rss <= PROVISIONER_RSS_TARGET_MIB));
        Long afterClose = decisionAfterCloseMillis();
        out.add(new Target("decision after the window closed (slowest batch)", millis(afterClose), "≤ 2 s",
            afterClose != null && afterClose <= DECISION_TARGET_MILLIS));
        boolean allAnswered = nodeClaimsDecided > 0 && nodeClaimsAnswered >= nodeClaimsDecided;
        out.add(new Target("all NodeClaims launched (CreateFleet answered) after the decision",
            millis(decisionToLastCreateFleetMillis) + " (" + nodeClaimsAnswered + " of " + nodeClaimsDecided + " answered)",
            "≤ 60 s, all", allAnswered && decisionToLastCreateFleetMillis != null
                && decisionToLastCreateFleetMillis <= LAUNCH_TARGET_MILLIS));
        return out;
    }

    boolean allTargetsMet() {
        return targets().stream().allMatch(Target::met);
    }

    /** The Markdown table (docs/benchmarks.md's format). */
    String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "## Scale benchmark (%s, %d cores, bin/kk bench scale --pods %d --seed %d "
            + "--request-limits %s)%n%n", date, cores, pods, seed, requestLimits ? "on" : "off"));
        b.append("| measure | value |\n|---|---|\n");
        row(b, "pending pods published on kk.pods.pending (acked)", pods + " in " + millis(publishMillis));
        row(b, "NodePools", nodePools);
        row(b, "launching batches (pending pods: window, closed by; window closed → decision record; new NodeClaims)",
            batches.isEmpty() ? "none" : String.join("<br>", batches.stream().map(x -> x.pendingPods() + " pods: "
                + millis(x.windowMillis()) + ", " + x.closedBy() + "; " + millis(x.afterCloseMillis()) + "; "
                + x.newNodeClaims()).toList()));
        row(b, "provisioning passes / longest pass (engine)", (passes == null ? "?" : passes) + " / "
            + millis(longestPassMillis));
        row(b, "NodeClaims decided / answered / launched", nodeClaimsDecided + " / " + nodeClaimsAnswered + " / "
            + nodeClaimsLaunched);
        row(b, "decision → last CreateFleet answered", millis(decisionToLastCreateFleetMillis));
        row(b, "CreateFleet calls / throttled (RequestLimitExceeded)", createFleetCalls + " / " + createFleetThrottled);
        row(b, "waited (after publishing)", waitedSeconds + " s");
        b.append("\n| process | max RSS | CPU during the run |\n|---|---|---|\n");
        maxRssMiB.forEach((name, mib) -> {
            double cpu = cpuSeconds.getOrDefault(name, -1.0);
            row(b, name, (mib < 0 ? "not running" : mib + " MiB") + " | "
                + (cpu < 0 ? "—" : String.format(java.util.Locale.ROOT, "%.0f s", cpu)));
        });
        b.append("\n| target | measured | asked | met |\n|---|---|---|---|\n");
        for (Target t : targets()) {
            b.append("| ").append(t.name()).append(" | ").append(t.measured()).append(" | ").append(t.target())
                .append(" | ").append(t.met() ? "yes" : "**no**").append(" |\n");
        }
        if (!notes.isEmpty()) {
            b.append('\n');
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }

    void writeJson(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(),
                Map.of("report", this, "targets", targets()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void row(StringBuilder b, String measure, String value) {
        b.append("| ").append(measure).append(" | ").append(value).append(" |\n");
    }

    static String millis(Long ms) {
        if (ms == null) {
            return "—";
        }
        return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String millis(long ms) {
        return millis(Long.valueOf(ms));
    }
}
