package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** bin/kk bench scale's table, JSON and targets, and the provisioner log line it reads. */
class ScaleReportTest {

    private static ScaleReport report(long provisionerRss, Long decisionAfterClose, int decided, int answered,
                                      Long decisionToLast) {
        Map<String, Long> rss = new LinkedHashMap<>();
        rss.put("pod-watcher", -1L);
        rss.put("provisioner", provisionerRss);
        List<ScaleReport.Batch> batches = decisionAfterClose == null ? List.of() : List.of(
            new ScaleReport.Batch(400, 1300, "idle", 100, 5),
            new ScaleReport.Batch(19600, 10000, "max", decisionAfterClose, decided - 5));
        return new ScaleReport("2026-12-07", 2, 20000, 42, true, "default, no limits", 2100L, batches,
            3L, 900L, decided, answered, answered, decisionToLast, 812, 37, 95, rss,
            Map.of("provisioner", 61.5), List.of("the pods exist only as records"));
    }

    @Test
    void theTargetsAreMetOnlyWithinTheirLimits() {
        assertThat(report(256, 2000L, 4000, 4000, 60_000L).allTargetsMet()).isTrue();
        assertThat(report(257, 2000L, 4000, 4000, 60_000L).targets()).extracting(ScaleReport.Target::met)
            .containsExactly(false, true, true);
        assertThat(report(200, 2001L, 4000, 4000, 60_000L).targets().get(1).met()).isFalse();
        assertThat(report(200, null, 4000, 4000, 60_000L).targets().get(1).met()).isFalse();
        assertThat(report(200, 100L, 4000, 3999, 10_000L).targets().get(2).met()).as("one unanswered").isFalse();
        assertThat(report(200, 100L, 4000, 4000, 60_001L).targets().get(2).met()).isFalse();
        assertThat(report(200, 100L, 0, 0, null).targets().get(2).met()).isFalse();
    }

    @Test
    void theTableHasEveryMeasureTheProcessesAndTheTargets() {
        String table = report(300, 1500L, 4000, 1200, 600_000L).table();

        assertThat(table).contains("bin/kk bench scale --pods 20000 --seed 42 --request-limits on")
            .contains("| NodeClaims decided / answered / launched | 4000 / 1200 / 1200 |")
            .contains("| CreateFleet calls / throttled (RequestLimitExceeded) | 812 / 37 |")
            .contains("| 400 pods: 1300 ms, idle; 100 ms; 5<br>19600 pods: 10.0 s, max; 1500 ms; 3995 |")
            .contains("| decision → last CreateFleet answered | 600.0 s |")
            .contains("| pod-watcher | not running |")
            .contains("| provisioner | 300 MiB | 62 s |")
            .contains("| provisioner RSS with 20000 pending pods | 300 MiB | ≤ 256 MiB | **no** |")
            .contains("- the pods exist only as records");
    }

    @Test
    void theJsonHasTheFiguresAndTheTargets(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench/scale.json");
        report(200, 100L, 10, 10, 5000L).writeJson(file);

        var json = new ObjectMapper().readTree(Files.readString(file));
        assertThat(json.path("report").path("nodeClaimsDecided").asInt()).isEqualTo(10);
        assertThat(json.path("report").path("maxRssMiB").path("provisioner").asLong()).isEqualTo(200);
        assertThat(json.path("targets")).hasSize(3).allSatisfy(t -> assertThat(t.path("met").asBoolean()).isTrue());
    }

    @Test
    void theProvisionersLaunchingBatchesAreRead(@TempDir Path dir) throws Exception {
        // the format of ProvisioningLoop.runPass's line, with BatchWindow.lastClose() inside
        Path log = dir.resolve("provisioner.log");
        Files.writeString(log, String.join("\n",
            "12:00:00 INFO [io.ka.pr.ProvisioningLoop] batch prov-aaa: 389 pending pods: 1 new NodeClaim {c8i.96xlarge=1} "
                + "(window 5045 ms, 387 pod(s) arrived, closed by idle duration, the last 9490 ms after pod-watcher saw it; "
                + "pass started 0 ms after the window closed, took 2942 ms)",
            "12:00:05 INFO [io.ka.pr.ProvisioningLoop] batch prov-bbb: 200 pending pods: 200 fit in-flight NodeClaims "
                + "(window 1930 ms, 0 pod(s) arrived, closed by idle duration, the last 2558 ms after pod-watcher saw it; "
                + "pass started 0 ms after the window closed, took 61 ms)",
            "12:00:20 INFO [io.ka.pr.ProvisioningLoop] batch prov-ccc: 16147 pending pods: 265 new NodeClaims {c6a.12xlarge=41} "
                + "(window 10658 ms, 13842 pod(s) arrived, closed by max duration, the last 26905 ms after pod-watcher saw it; "
                + "pass started 40 ms after the window closed, took 15000 ms)"));

        assertThat(BenchScaleMain.launchingBatches(log)).containsExactly(
            new ScaleReport.Batch(389, 5045, "idle", 2942, 1),
            new ScaleReport.Batch(16147, 10658, "max", 15040, 265));
    }

    @Test
    void theCommandLineHasItsDefaults() {
        BenchScaleMain.Options o = BenchScaleMain.Options.parse(new String[0], Path.of("x.json"));
        assertThat(o.pods()).isEqualTo(20000);
        assertThat(o.requestLimits()).isTrue();
        assertThat(o.kubelet()).isFalse();
        BenchScaleMain.Options off = BenchScaleMain.Options.parse(new String[] {"--pods", "200", "--request-limits", "off",
            "--wait", "2m"}, Path.of("x.json"));
        assertThat(off.pods()).isEqualTo(200);
        assertThat(off.requestLimits()).isFalse();
        assertThat(off.maxWait()).hasMinutes(2);
    }
}
