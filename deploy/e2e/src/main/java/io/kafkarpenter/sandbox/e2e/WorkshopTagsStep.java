package io.kafkarpenter.sandbox.e2e;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import io.kafkarpenter.cli.tags.TagsCheck;
import io.kafkarpenter.cli.tags.TagsSettings;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassStatus;

/**
 * The workshop's last manual step (§1.7: tag the cluster, its private subnets and its security group with
 * {@code karpenter.sh/discovery}, then check each by hand), done for the user in {@code bin/kk demo}: the check of
 * {@code bin/kk tags check} printed on the untouched cluster (⚠️, with the {@code aws} command that would fix each),
 * again once the tag-reconciler has tagged it (✅), then each EC2NodeClass Ready with what its status resolved.
 */
final class WorkshopTagsStep {

    /** How long the tag-reconciler may take, from its start, to tag every selected resource. */
    static final Duration TAGGED_WITHIN = Duration.ofSeconds(90);
    static final String BEFORE = "before the tag-reconciler (the cluster as the workshop leaves it before §1.7):";
    static final String AFTER = "after the tag-reconciler";

    private final PrintStream out;

    WorkshopTagsStep(PrintStream out) {
        this.out = out;
    }

    /** The check of the untouched cluster (the sandbox's infrastructure is up, no service yet): expected to fail. */
    void before(Sandbox sandbox) {
        out.println();
        out.println("== §1.7 discovery tags: " + String.join(" ", command(sandbox)));
        out.println(BEFORE);
        Check c = check(sandbox);
        c.lines().forEach(l -> out.println("  " + l));
        if (c.exitCode() == 0) {
            out.println("  (already tagged: nothing for the tag-reconciler to do)");
        }
        out.println();
    }

    /** Polls the check until every selected resource is tagged; prints it. False when not within the time. */
    boolean after(Sandbox sandbox, Instant servicesStarted) {
        Instant deadline = servicesStarted.plus(TAGGED_WITHIN);
        Check c = check(sandbox);
        while (c.exitCode() != 0 && Instant.now().isBefore(deadline)) {
            Sandbox.sleep(1000);
            c = check(sandbox);
        }
        out.println(AFTER + " (" + Duration.between(servicesStarted, Instant.now()).toSeconds()
            + " s after the services started):");
        c.lines().forEach(l -> out.println("  " + l));
        if (c.exitCode() != 0) {
            out.println("  not every resource tagged within " + TAGGED_WITHIN.toSeconds() + " s: see "
                + sandbox.logOf("tag-reconciler"));
        }
        out.println();
        return c.exitCode() == 0;
    }

    /** Each EC2NodeClass Ready (or why not, within the time), with the subnets, groups, AMIs and profile resolved. */
    boolean nodeClassesReady(Workloads workloads) {
        try {
            for (EC2NodeClass c : workloads.awaitNodeClassesReady(TAGGED_WITHIN)) {
                out.println("EC2NodeClass " + c.getMetadata().getName() + " Ready: " + describe(c.getStatus()));
            }
            return true;
        } catch (IllegalStateException e) {
            out.println(e.getMessage());
            return false;
        }
    }

    static String describe(EC2NodeClassStatus s) {
        if (s == null) {
            return "(no status)";
        }
        return "subnets " + s.getSubnets().stream().map(n -> n.getId() + " (" + n.getZone() + ")")
            .collect(Collectors.joining(", "))
            + "; security groups " + s.getSecurityGroups().stream().map(g -> g.getId() + " (" + g.getName() + ")")
            .collect(Collectors.joining(", "))
            + "; AMIs " + s.getAmis().stream().map(a -> a.getId()).distinct().collect(Collectors.joining(", "))
            + "; instance profile " + s.getInstanceProfile();
    }

    /** What the user would type for the same check. */
    static List<String> command(Sandbox sandbox) {
        // as the simulator's admin: it enforces deploy/iam, and bin/kk's placeholder key is no identity of it
        return List.of("AWS_ACCESS_KEY_ID=" + Sandbox.ADMIN_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY=sandbox",
            "bin/kk", "tags", "check", "--cluster", sandbox.options().clusterName(), "--region",
            ServiceProcesses.REGION, "--endpoint", sandbox.ec2Endpoint().toString());
    }

    private record Check(int exitCode, List<String> lines) {
    }

    /** {@code bin/kk tags check} in this JVM (kk-cli's {@link TagsCheck}), its output as lines. */
    private static Check check(Sandbox sandbox) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exit;
        try (PrintStream captured = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            exit = TagsCheck.run(TagsSettings.of(sandbox.options().clusterName(), ServiceProcesses.REGION,
                sandbox.ec2Endpoint()), captured);
        } catch (RuntimeException e) {
            return new Check(-1, List.of("the check failed: " + e));
        }
        return new Check(exit, buffer.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
