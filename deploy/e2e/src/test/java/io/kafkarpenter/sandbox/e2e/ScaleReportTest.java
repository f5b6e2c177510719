package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

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
        return new ScaleReport("2026-12-07", 2, 20000, 42, true, "default, no limits", 2100L, 1300L, "idle, 20000 pods",
            3L, 900L, decisionAfterClose, decided, answered, answered, decisionToLast, 812, 37, 95, rss,
            List.of("the pods exist only as records"));
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
            .contains("| window closed → decision record sent | 1500 ms |")
            .contains("| decision → last CreateFleet answered | 600.0 s |")
            .contains("| pod-watcher | not running |")
            .contains("| provisioner | 300 MiB |")
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
    void theProvisionersBatchLineIsRead(@TempDir Path dir) throws Exception {
        // the format of ProvisioningLoop.runPass's line, with BatchWindow.lastClose() inside
        Path log = dir.resolve("provisioner.log");
        Files.writeString(log, String.join("\n",
            "12:00:00 INFO [io.ka.pr.ProvisioningLoop] batch prov-aaa: 2 pods (window 1200 ms, 2 pod(s) arrived, closed by idle "
                + "duration, the last 40 ms after pod-watcher saw it; pass started 12 ms after the window closed, took 300 ms)",
            "12:00:20 INFO [io.ka.pr.ProvisioningLoop] batch prov-bbb: 20000 pods (window 10000 ms, 19000 pod(s) arrived, "
                + "closed by max duration, the last 4000 ms after pod-watcher saw it; pass started 40 ms after the window "
                + "closed, took 25000 ms)"));

        Matcher m = BenchScaleMain.firstLaunchingBatch(log, "prov-bbb");
        assertThat(m.group(2)).isEqualTo("10000");
        assertThat(m.group(3)).isEqualTo("19000");
        assertThat(m.group(4)).isEqualTo("max");
        assertThat(Long.parseLong(m.group(5)) + Long.parseLong(m.group(6))).isEqualTo(25040);
        assertThat(BenchScaleMain.firstLaunchingBatch(log, null).group(1)).isEqualTo("prov-aaa");
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
