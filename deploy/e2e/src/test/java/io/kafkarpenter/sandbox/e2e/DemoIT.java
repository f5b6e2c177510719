package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.sandbox.kube.rbac.RbacUsage;
import io.kafkarpenter.sandbox.kube.rbac.RbacUsageSuites;
import io.kafkarpenter.sandbox.usage.UsageSuites;

/**
 * {@code bin/kk demo} as a user runs it (the jars the reactor already built): §1.7 of the workshop (the discovery
 * tags) shown done by the tag-reconciler — the check ⚠️ before, ✅ after —, then all four phases of the workshop chapter
 * must behave, each with its summary line — scale-up stopped by the NodePool's cpu limit with the remaining pods
 * pending and the reason, right-sizing by consolidation commands with their reasons and the cost bin/kk simulate
 * plans, scale-to-0 by emptiness, drift by a newer AL2023 AMI within the budget, no pod lost. The target is 4 minutes
 * on 2 cores; the bound here is 5. Measured 2026-12-06 (main at 795264a plus a launcher that admits disruption
 * replacements at the NodePool's cpu limit, as Karpenter does): 3 min 57 s in all — start 32 s, phases 18 + 54 + 47
 * + 68 s.
 *
 * <p>While it plays, once the scale-up phase is over, the web viewer it started (deploy/viewer, its URL printed) is
 * opened in Debian's chromium through Selenium ({@link ViewerBrowser}): the page must show the nodes with their cost
 * and kk.decisions' records; the screenshot is {@code target/viewer-demo.png}.
 */
class DemoIT {

    @Test
    void theDemoPlaysEveryPhaseOfTheWorkshopChapter() throws Exception {
        Path home = Path.of(System.getProperty("kk.home", "../..")).toAbsolutePath().normalize();
        Path output = home.resolve("deploy/e2e/target/demo-it.out");
        Instant start = Instant.now();
        ProcessBuilder demoProcess = new ProcessBuilder("bash", home.resolve("bin/kk").toString(), "demo", "--no-build")
            .redirectErrorStream(true).redirectOutput(output.toFile())
            .directory(home.toFile());
        // the demo's Kubernetes stand-in records the RBAC grants it saw used with the e2e suite's
        RbacUsageSuites.dir("e2e").ifPresent(dir -> demoProcess.environment().put(RbacUsage.DIR_ENV, dir.toString()));
        // and its EC2 simulator the IAM statements
        UsageSuites.IAM.dir("e2e").ifPresent(dir -> demoProcess.environment().put(UsageSuites.IAM.dirEnv(), dir.toString()));
        Process demo = demoProcess.start();
        demo.getOutputStream().close();
        // while it plays: the web viewer it started, in a real browser, once the scale-up phase is over
        ViewerBrowser.Seen seen = null;
        Throwable browserFailure = null;
        try {
            URI viewer = URI.create(awaitOutput(output, demo, VIEWER_URL, Duration.ofMinutes(3)).group(1));
            awaitOutput(output, demo, SCALE_UP_DONE, Duration.ofMinutes(4));
            seen = ViewerBrowser.look(viewer, home.resolve("deploy/e2e/target/viewer-demo.png"), Duration.ofSeconds(60));
        } catch (Exception | AssertionError e) {
            browserFailure = e;
        }
        boolean finished = demo.waitFor(7, TimeUnit.MINUTES);
        if (!finished) {
            demo.destroy();
            demo.waitFor(30, TimeUnit.SECONDS);
        }
        Duration took = Duration.between(start, Instant.now());
        String out = Files.readString(output);
        assertThat(finished).as("finished within 7 minutes:\n" + out).isTrue();
        assertThat(demo.exitValue()).as(out).isZero();
        assertThat(out).contains("demo OK: every phase behaved")
            .containsPattern("(?m)^  scale-up +OK .*NODEPOOL_LIMIT_REACHED")
            .containsPattern("(?m)^  right-sizing +OK .*bin/kk simulate plans")
            .containsPattern("(?m)^  scale-to-0 +OK .*-> 0 nodes")
            .containsPattern("(?m)^  drift +OK .* on the new AMI")
            .containsPattern("(?m)^  command .*: (UNDERUTILIZED|EMPTY): ")
            .containsPattern("(?m)^  command .*: DRIFTED: ")
            .contains("cpu limit 10")
            .contains("pending -> bound: p50")
            .contains("/q/metrics");
        // §1.7 done for the user: the cluster, its three private subnets and its security group ⚠️ before, ✅ after
        int before = out.indexOf(WorkshopTagsStep.BEFORE);
        int after = out.indexOf(WorkshopTagsStep.AFTER, before + 1);
        assertThat(before).as("the check before the tag-reconciler:\n" + out).isPositive();
        assertThat(after).as("the check after the tag-reconciler:\n" + out).isGreaterThan(before);
        List<String> beforeLines = out.substring(before, after).lines().toList();
        List<String> afterLines = out.substring(after, out.indexOf("\n\n", after)).lines().toList();
        String resource = "^ *%s (cluster kafkarpenter-demo|subnet subnet-|security group sg-).*";
        assertThat(beforeLines).as("before").filteredOn(l -> l.matches(resource.formatted("⚠️"))).hasSize(5)
            .anyMatch(l -> l.contains("cluster kafkarpenter-demo")).anyMatch(l -> l.contains("security group sg-"))
            .filteredOn(l -> l.contains("subnet subnet-")).hasSize(3).allMatch(l -> l.contains("private"));
        assertThat(beforeLines).as("before: the fix commands").filteredOn(l -> l.contains("fix: aws ")).hasSize(5);
        assertThat(beforeLines).as("before: the public subnets, not selected")
            .filteredOn(l -> l.matches(resource.formatted("➖"))).hasSize(3).allMatch(l -> l.contains("public"));
        assertThat(afterLines).as("after").filteredOn(l -> l.matches(resource.formatted("✅"))).hasSize(5);
        assertThat(afterLines).as("after").filteredOn(l -> l.matches(resource.formatted("➖"))).hasSize(3);
        assertThat(afterLines).as("after").noneMatch(l -> l.contains("⚠️"));
        assertThat(out).containsPattern("(?m)^EC2NodeClass default Ready: subnets subnet-");
        // a bound against a hang, not a speed target: the e2e ITs run two at a time on 2 cores (3.5 min alone, 7.5 min
        // once under a load average of 30); how long the demo takes is printed by bin/kk demo
        System.out.printf("e2e demo: the whole demo took %d s%n", took.toSeconds());
        assertThat(took).as("the whole demo, start and stop included:\n" + out).isLessThan(Duration.ofMinutes(10));

        // the web viewer showed the nodes, their cost and the decisions (screenshot: target/viewer-demo.png)
        assertThat(out).containsPattern("(?m)^  " + DemoMain.VIEWER_LINE + "http://127\\.0\\.0\\.1:\\d+/ ");
        assertThat(browserFailure).as("the viewer in chromium").isNull();
        assertThat(seen.nodes()).as("nodes in the totals").isPositive();
        assertThat(seen.nodeRows()).as("the node rows").isNotEmpty()
            .anyMatch(row -> row.contains("default") && row.contains("us-east-1") && row.contains("$"));
        assertThat(seen.costPerHour()).matches("\\$\\d+\\.\\d+").isNotEqualTo("$0.0000");
        assertThat(seen.costPerMonth()).startsWith("$");
        assertThat(seen.decisions()).as("kk.decisions on the page").isNotEmpty()
            .anyMatch(d -> d.contains("provisioner") && d.contains("PROVISIONING"))
            .anyMatch(d -> d.contains("NODEPOOL_LIMIT_REACHED"));
        assertThat(Files.size(seen.screenshot())).as("the screenshot").isPositive();
    }

    static final Pattern VIEWER_URL = Pattern.compile("(?m)^" + DemoMain.VIEWER_LINE + "(http://\\S+)");
    static final Pattern SCALE_UP_DONE = Pattern.compile("(?m)^  scale-up +(OK|FAILED) ");

    /** Waits until the demo's output matches (fails when the demo ends first or the time is up). */
    private static Matcher awaitOutput(Path output, Process demo, Pattern pattern, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = pattern.matcher(Files.exists(output) ? Files.readString(output) : "");
            if (m.find()) {
                return m;
            }
            if (!demo.isAlive()) {
                throw new AssertionError("the demo ended before printing " + pattern);
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the demo did not print " + pattern + " within " + timeout);
    }
}
