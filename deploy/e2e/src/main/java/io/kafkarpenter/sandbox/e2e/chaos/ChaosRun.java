package io.kafkarpenter.sandbox.e2e.chaos;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.sandbox.e2e.Observer;
import io.kafkarpenter.sandbox.e2e.Sandbox;
import io.kafkarpenter.sandbox.e2e.Workloads;

/**
 * {@code bin/kk chaos} and ChaosIT: the sandbox with deploy/demo/nodepools-chaos.yaml and workload-chaos.yaml, a
 * {@link ChaosPlan} played by the {@link ChaosMonkey}, the invariants checked every {@link ChaosSettings#CHECK_PERIOD}
 * while it plays and until {@link ChaosSettings#SETTLE} after the last fault, then once more; the table printed.
 */
public final class ChaosRun {

    /** What a run found: the table, what it survived (counts by kind), and the plan it played. */
    public record Result(ChaosPlan plan, InvariantTable table, Map<String, Integer> survived, String report) {

        public long violations() {
            return table.violations();
        }
    }

    private ChaosRun() {
    }

    public static Result run(Path kkHome, Path state, long seed, Duration duration, PrintStream out) throws Exception {
        ChaosPlan plan = ChaosPlan.draw(seed, duration);
        out.println("chaos run: seed " + seed + " (rerun with --seed " + seed + "), " + duration.toSeconds() + " s, "
            + plan.actions().size() + " actions planned:");
        plan.actions().forEach(a -> out.println("  " + a.describe()));
        ChaosSettings settings = ChaosSettings.DEFAULT;
        try (Sandbox sandbox = new Sandbox(new Sandbox.Options(kkHome, state, "kafkarpenter-demo", Duration.ofSeconds(2),
            Duration.ofSeconds(1), 3, out::println))) {
            settings.apply(sandbox);
            out.println("starting the sandbox (logs in " + state + ") ...");
            sandbox.start();
            try (Workloads workloads = new Workloads(sandbox.kube())) {
                Map<String, Deployment> deployments = setUp(sandbox, workloads, kkHome);
                ChaosLedger ledger = new ChaosLedger(out);
                InvariantTable table = new InvariantTable(ledger.start(), out, CloudInvariants.ONE_INSTANCE,
                    CloudInvariants.NO_ORPHAN, CloudInvariants.NO_GHOST, CapacityInvariants.EMPTY,
                    CapacityInvariants.WAVES, CloudInvariants.LIMITS, PodInvariants.PENDING, PodInvariants.PDB,
                    PodInvariants.DO_NOT_DISRUPT, CloudInvariants.FINALIZERS, CloudInvariants.OWNED_TERMINATIONS,
                    DeadLetters.DLQ);
                try (Observer observer = new Observer(sandbox, workloads);
                     PodInvariants pods = new PodInvariants(sandbox.kube(), ledger, table);
                     DeadLetters dlq = new DeadLetters(sandbox, ledger, table)) {
                    ForeignInstance.launch(sandbox, ledger);
                    CloudInvariants cloud = new CloudInvariants(sandbox, ledger, table, settings, observer);
                    CapacityInvariants capacity = new CapacityInvariants(sandbox, ledger, table, settings, state);
                    deployments.values().stream().filter(d -> d.getSpec().getReplicas() > 0)
                        .forEach(d -> workloads.scale(d, d.getSpec().getReplicas()));
                    ChaosMonkey monkey = new ChaosMonkey(sandbox, workloads, deployments, ledger, capacity::waveStarted);
                    monkey.play(plan, ledger.start());
                    Runnable tick = () -> {
                        observer.drain();
                        cloud.check();
                        capacity.check(observer, cloud.claimOfInstance);
                        dlq.check();
                    };
                    for (int n = 0; monkey.playing()
                        || Instant.now().isBefore(ledger.lastFault().plus(ChaosSettings.SETTLE)); n++) {
                        safely(tick, ledger);
                        if (n % 5 == 0) {
                            ledger.say("cluster: " + pods.summary() + "; " + cloud.summary);
                        }
                        Thread.sleep(ChaosSettings.CHECK_PERIOD.toMillis());
                    }
                    ledger.say("settled: " + ChaosSettings.SETTLE.toSeconds() + " s after the last fault; final checks");
                    safely(tick, ledger);
                    safely(() -> {
                        capacity.finish(observer, cloud.claimOfInstance);
                        pods.checkPending(observer, claimsAndNodes(sandbox));
                    }, ledger);
                    return report(plan, table, ledger, out);
                }
            }
        }
    }

    /** The NodePools, EC2NodeClass, Deployments (replicas 0 until the run starts) and PDBs. */
    private static Map<String, Deployment> setUp(Sandbox sandbox, Workloads workloads, Path kkHome) throws Exception {
        workloads.applyKarpenterManifest(kkHome.resolve("deploy/demo/nodepools-chaos.yaml"),
            sandbox.options().clusterName());
        workloads.awaitNodeClassesReady(Duration.ofSeconds(60));
        Path file = kkHome.resolve("deploy/demo/workload-chaos.yaml");
        Map<String, Deployment> deployments = new LinkedHashMap<>();
        for (Deployment d : Workloads.fromFile(sandbox.kube(), file)) {
            workloads.apply(d);
            deployments.put(d.getMetadata().getName(), d);
        }
        try (InputStream in = Files.newInputStream(file)) {
            for (HasMetadata o : sandbox.kube().load(in).items()) {
                if (o instanceof PodDisruptionBudget pdb) {
                    pdb.getMetadata().setNamespace(Sandbox.NAMESPACE);
                    sandbox.kube().resource(pdb).create();
                }
            }
        }
        workloads.keepReplicas();
        return deployments;
    }

    private static Set<String> claimsAndNodes(Sandbox sandbox) {
        Set<String> out = new HashSet<>();
        sandbox.kube().resources(NodeClaim.class).list().getItems().forEach(c -> out.add(c.getMetadata().getName()));
        sandbox.kube().nodes().list().getItems().forEach(n -> out.add(n.getMetadata().getName()));
        return out;
    }

    /** A check that fails to look (the broker or EC2 not answering under a fault) is skipped, not a violation. */
    private static void safely(Runnable check, ChaosLedger ledger) {
        try {
            check.run();
        } catch (RuntimeException e) {
            ledger.tally("checks skipped");
            ledger.say("check skipped: " + e);
        }
    }

    private static Result report(ChaosPlan plan, InvariantTable table, ChaosLedger ledger, PrintStream out) {
        Map<String, Integer> counts = ledger.counts();
        StringBuilder b = new StringBuilder();
        b.append("## Chaos run (").append(LocalDate.now()).append(", seed ").append(plan.seed()).append(", ")
            .append(plan.duration().toSeconds()).append(" s, ").append(Runtime.getRuntime().availableProcessors())
            .append(" cores)\n\n").append(table.markdown()).append("\nInjected and survived (and what the run counted):\n\n| what | count |\n|---|---:|\n");
        counts.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        b.append("\n").append(table.violations() == 0 ? "0 violations" : table.violations() + " violation(s)")
            .append("\n");
        out.println();
        out.print(b);
        return new Result(plan, table, counts, b.toString());
    }
}
