package io.kafkarpenter.sandbox.e2e;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kafkarpenter.cli.DisruptionSimulation;
import io.kafkarpenter.model.crd.Budget;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonCategory;

/**
 * The four phases of {@code bin/kk demo} (the workshop's chapter), each on the {@code inflate} Deployment: scale-up,
 * right-sizing, scale-to-0 and drift. Each phase waits for the system to settle (or its timeout), prints what
 * happened, and returns one summary line with its timing and whether it behaved. A phase run alone first sets up
 * what it needs ({@code setUp}). A fifth, {@link SpotPhase spot}, is played only alone ({@code --phase spot}): it
 * needs the spot/on-demand split NodePools instead of the workshop's.
 */
final class DemoPhases {

    /** The phases {@code bin/kk demo} plays by default, in this order. */
    static final List<String> NAMES = List.of("scale-up", "right-sizing", "scale-to-0", "drift");
    /** Every phase {@code --phase} takes. */
    static final List<String> ALL = List.of("scale-up", "right-sizing", "scale-to-0", "drift", SpotPhase.NAME);
    static final int RIGHT_SIZED = 4;
    static final int DRIFT_PODS = 6;
    private static final Set<Reason> COMMAND_REASONS = Set.of(Reason.EMPTY, Reason.UNDERUTILIZED, Reason.DRIFTED,
        Reason.EXPIRED);

    /** One phase's outcome: its summary line, printed at its end and again in the demo's summary. */
    record Result(String phase, boolean ok, Duration took, String summary) {
        String line() {
            return String.format("  %-13s %-6s %4d s  %s", phase, ok ? "OK" : "FAILED", took.toSeconds(), summary);
        }
    }

    private final Sandbox sandbox;
    private final Workloads workloads;
    private final Observer observer;
    private final List<NodePool> pools;
    private final List<EC2NodeClass> classes;
    private final Deployment inflate;
    private final int pods;
    private final Duration timeout;
    private final Path stateDir;
    private final PrintStream out;

    DemoPhases(Sandbox sandbox, Workloads workloads, Observer observer, List<NodePool> pools,
               List<EC2NodeClass> classes, Deployment inflate, int pods, Duration timeout, Path stateDir,
               PrintStream out) {
        this.sandbox = sandbox;
        this.workloads = workloads;
        this.observer = observer;
        this.pools = pools;
        this.classes = classes;
        this.inflate = inflate;
        this.pods = pods;
        this.timeout = timeout;
        this.stateDir = stateDir;
        this.out = out;
    }

    Result run(String phase, boolean setUp) throws Exception {
        out.println();
        boolean needsSetUp = setUp && ("right-sizing".equals(phase) || "scale-to-0".equals(phase));
        out.println("== " + phase + (needsSetUp ? " (setting up what it needs first)" : ""));
        return switch (phase) {
            case "scale-up" -> scaleUp();
            case "right-sizing" -> rightSizing(setUp);
            case "scale-to-0" -> scaleToZero(setUp);
            case "drift" -> drift();
            case SpotPhase.NAME -> new SpotPhase(sandbox, workloads, observer, inflate, timeout, out).run();
            default -> throw new IllegalArgumentException("unknown phase " + phase + " (" + String.join(", ", ALL) + ")");
        };
    }

    // -- 1. scale-up ------------------------------------------------------------------------------------------------

    /** inflate 0 → N; settles when every pod is bound or pending with its reason (the cpu limit) for 12 s. */
    Result scaleUp() {
        Instant start = Instant.now();
        workloads.scale(inflate, pods);
        out.println("scaled Deployment inflate to " + pods);
        Observer.Snapshot last = null;
        Instant lastChange = Instant.now();
        Instant deadline = start.plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Observer.Snapshot s = observer.look();
            if (!sameProgress(s, last)) {
                lastChange = Instant.now();
                out.printf("  %4ds  pods %d: %d bound, %d pending | NodeClaims %d | instances %d | nodes %d%n",
                    Duration.between(start, Instant.now()).toSeconds(), s.pods(), s.bound(), s.pending(),
                    s.nodeClaims(), s.instances().size(), s.nodes());
            }
            last = s;
            boolean settled = s.pods() >= pods && (s.pending() == 0
                || (observer.pendingPodsAllExplainedBy(ReasonCategory.UNSCHEDULABLE)
                    && Duration.between(lastChange, Instant.now()).toSeconds() >= 8));
            if (settled && s.nodes() >= s.instances().size()) {
                break;
            }
            Sandbox.sleep(1000);
        }
        Duration took = Duration.between(start, Instant.now());
        List<String> problems = DemoMain.summarize(sandbox, observer, pools, took, out);
        ClusterView view = ClusterView.look(sandbox, "inflate");
        Map<String, Integer> reasons = observer.pendingReasons();
        String pending = view.pending() == 0 ? "" : " (" + String.join(", ", reasons.keySet().stream()
            .map(r -> r.contains(":") ? r.substring(0, r.indexOf(':')) : r).distinct().toList()) + ")";
        return new Result("scale-up", problems.isEmpty(), took, String.format("%d pods: %d bound, %d pending%s; %s, %s%s",
            view.activePods().size(), view.bound(), view.pending(), pending, view.byType(),
            ClusterView.dollars(view.costPerHour()), problems.isEmpty() ? "" : "; " + String.join("; ", problems)));
    }

    private static boolean sameProgress(Observer.Snapshot a, Observer.Snapshot b) {
        return b != null && a.bound() == b.bound() && a.pending() == b.pending() && a.nodeClaims() == b.nodeClaims()
            && a.instances().size() == b.instances().size() && a.nodes() == b.nodes();
    }

    // -- 2. right-sizing --------------------------------------------------------------------------------------------

    /**
     * inflate → 4: consolidation deletes or replaces nodes. Settles when the 4 pods are bound, no node is being
     * disrupted, and the planner, run in-process on the live state with every consolidateAfter passed, decides no
     * further command. Compares the cost with what {@code bin/kk simulate} plans from the state right after the scale.
     */
    Result rightSizing(boolean setUp) {
        if (setUp) {
            scaleUp();
        }
        ClusterView before = ClusterView.look(sandbox, "inflate");
        printNodes("before", before);
        Instant start = Instant.now();
        workloads.scale(inflate, RIGHT_SIZED);
        out.println("scaled Deployment inflate to " + RIGHT_SIZED);
        ScenarioExport export = ScenarioExport.of(sandbox);
        Path scenario = export.write("right-sizing", stateDir.resolve("right-sizing-scenario.yaml"));
        DisruptionSimulation.Result plan = DisruptionSimulation.eventually(readString(scenario), 30);
        out.printf("bin/kk simulate plans %s -> %s (%s) in %d pass(es): %s%n    (the state after the scale: %s)%n",
            ClusterView.dollars(plan.initialCostPerHour()), ClusterView.dollars(plan.finalCostPerHour()),
            plan.finalNodesByType(), plan.passes().size(),
            plan.passes().stream().flatMap(p -> p.commands().stream()).toList(), scenario);

        boolean settled = awaitSettled(start, RIGHT_SIZED, v -> noFurtherCommand(export));
        Duration took = Duration.between(start, Instant.now());
        ClusterView after = ClusterView.look(sandbox, "inflate");
        printNodes("after", after);
        List<String> commands = commandsSince(start);
        double was = before.costPerHour();
        double now = after.costPerHour();
        List<String> problems = new ArrayList<>();
        if (!settled) {
            problems.add("not settled within " + timeout.toSeconds() + " s");
        }
        if (after.bound() != RIGHT_SIZED || after.pending() != 0) {
            problems.add(after.bound() + " of " + RIGHT_SIZED + " pods bound, " + after.pending() + " pending");
        }
        if (now > was + 1e-9 || (now >= was - 1e-9 && plan.finalCostPerHour() < was - 1e-9)) {
            problems.add("the cost did not fall");
        }
        return new Result("right-sizing", problems.isEmpty(), took, String.format("%s -> %s (bin/kk simulate plans %s); "
            + "%d -> %d nodes (%s); %s%s", ClusterView.dollars(was), ClusterView.dollars(now),
            ClusterView.dollars(plan.finalCostPerHour()), before.capacity.size(), after.capacity.size(), after.byType(),
            commands.isEmpty() ? "no command" : commands.size() + " command(s): " + countByReason(commands),
            problems.isEmpty() ? "" : "; " + String.join("; ", problems)));
    }

    /** The planner on the live state, every consolidateAfter passed: nothing more to do. */
    private static boolean noFurtherCommand(ScenarioExport export) {
        DisruptionSimulation.Result r = DisruptionSimulation.eventually(export.export("settled?"), 1);
        return r.passes().get(0).commands().isEmpty();
    }

    // -- 3. scale to 0 ----------------------------------------------------------------------------------------------

    /** inflate → 0: the empty nodes go once consolidateAfter has passed. Settles when no NodeClaim is left. */
    Result scaleToZero(boolean setUp) {
        if (setUp) {
            workloads.scale(inflate, RIGHT_SIZED);
            awaitSettled(Instant.now(), RIGHT_SIZED, v -> true);
        }
        ClusterView before = ClusterView.look(sandbox, "inflate");
        printNodes("before", before);
        Instant start = Instant.now();
        workloads.scale(inflate, 0);
        out.println("scaled Deployment inflate to 0 (consolidateAfter " + consolidateAfter() + ")");
        Instant firstGone = null;
        ClusterView view = before;
        int lastCount = -1;
        while (Instant.now().isBefore(start.plus(timeout))) {
            view = ClusterView.look(sandbox, "inflate");
            if (view.capacity.size() != lastCount) {
                out.printf("  %4ds  NodeClaims %d (%d disrupting), %s%n", Duration.between(start, Instant.now())
                    .toSeconds(), view.capacity.size(), view.disrupting(), ClusterView.dollars(view.costPerHour()));
                if (lastCount >= 0 && view.capacity.size() < lastCount && firstGone == null) {
                    firstGone = Instant.now();
                }
                lastCount = view.capacity.size();
            }
            if (view.capacity.isEmpty() && observer.instances().isEmpty()) {
                break;
            }
            Sandbox.sleep(1000);
        }
        Duration took = Duration.between(start, Instant.now());
        List<String> commands = commandsSince(start);
        boolean ok = view.capacity.isEmpty() && observer.instances().isEmpty();
        return new Result("scale-to-0", ok, took, String.format("%d -> %d nodes, %s; first node gone after %s; %s%s",
            before.capacity.size(), view.capacity.size(), ClusterView.dollars(view.costPerHour()),
            firstGone == null ? "-" : Duration.between(start, firstGone).toSeconds() + " s",
            commands.isEmpty() ? "no command recorded" : commands.size() + " command(s): " + countByReason(commands),
            ok ? "" : "; " + observer.instances().size() + " instance(s) still running"));
    }

    // -- 4. drift ---------------------------------------------------------------------------------------------------

    /**
     * inflate → 6, then a newer AL2023 AMI is published in EC2: every node launched from the older one has drifted
     * and is replaced, never more at a time than the NodePool's budget allows, the pods moving to the new nodes.
     */
    Result drift() throws Exception {
        if (classes.stream().noneMatch(DemoPhases::usesAl2023Latest)) {
            return new Result("drift", true, Duration.ZERO, "skipped: no EC2NodeClass selects al2023@latest");
        }
        Instant setUpStart = Instant.now();
        workloads.scale(inflate, DRIFT_PODS);
        out.println("scaled Deployment inflate to " + DRIFT_PODS);
        if (!awaitSettled(setUpStart, DRIFT_PODS, v -> true)) {
            return new Result("drift", false, Duration.between(setUpStart, Instant.now()),
                "the " + DRIFT_PODS + " pods did not come up");
        }
        ClusterView before = ClusterView.look(sandbox, "inflate");
        printNodes("before", before);
        Set<String> podsBefore = names(before.activePods());
        Instant start = Instant.now();
        JsonNode published = publishAmi();
        Set<String> newImages = new HashSet<>();
        List<String> names = new ArrayList<>();
        published.forEach(i -> {
            newImages.add(i.get("imageId").asText());
            names.add(i.get("name").asText() + " (" + i.get("imageId").asText() + ")");
        });
        out.println("published in EC2: " + String.join(", ", names) + " — al2023@latest resolves to it from now on");
        int maxDisrupting = 0;
        int budgetExceeded = 0;
        int maxAllowed = 0;
        int fewestPods = DRIFT_PODS;
        ClusterView view = before;
        String last = "";
        boolean done = false;
        while (Instant.now().isBefore(start.plus(timeout))) {
            view = ClusterView.look(sandbox, "inflate");
            int allowed = allowedDisruptions(view.capacity.size());
            maxAllowed = Math.max(maxAllowed, allowed);
            maxDisrupting = Math.max(maxDisrupting, view.disrupting());
            if (view.disrupting() > allowed) {
                budgetExceeded++;
            }
            fewestPods = (int) Math.min(fewestPods, view.bound());
            long onNew = view.capacity.stream().filter(c -> newImages.contains(c.imageId())).count();
            String progress = String.format("NodeClaims %d (%d on the new AMI, %d disrupting, budget %d) | pods %d bound, "
                + "%d pending", view.capacity.size(), onNew, view.disrupting(), allowed, view.bound(), view.pending());
            if (!progress.equals(last)) {
                out.printf("  %4ds  %s%n", Duration.between(start, Instant.now()).toSeconds(), progress);
                last = progress;
            }
            done = !view.capacity.isEmpty() && onNew == view.capacity.size() && view.disrupting() == 0
                && view.capacity.stream().allMatch(ClusterView.Capacity::initialized)
                && view.bound() == DRIFT_PODS && view.pending() == 0;
            if (done) {
                break;
            }
            Sandbox.sleep(1000);
        }
        Duration took = Duration.between(start, Instant.now());
        printNodes("after", view);
        List<String> commands = commandsSince(start);
        Set<String> podsAfter = names(view.activePods());
        int moved = (int) podsBefore.stream().filter(p -> !podsAfter.contains(p)).count();
        List<String> problems = new ArrayList<>();
        if (!done) {
            problems.add("not every node replaced within " + timeout.toSeconds() + " s");
        }
        if (budgetExceeded > 0) {
            problems.add("more nodes disrupting than the budget allowed (" + budgetExceeded + " samples)");
        }
        if (view.bound() != DRIFT_PODS) {
            problems.add("pods lost: " + view.bound() + " of " + DRIFT_PODS + " bound");
        }
        long onNewAtEnd = view.capacity.stream().filter(c -> newImages.contains(c.imageId())).count();
        return new Result("drift", problems.isEmpty(), took, String.format("%d node(s) on the old AMI -> %d of %d on the "
            + "new AMI, at most %d disrupting at a time (budget %d); %d pods moved, %d/%d bound at the end; %s%s",
            before.capacity.size(), onNewAtEnd, view.capacity.size(), maxDisrupting, maxAllowed, moved, view.bound(),
            DRIFT_PODS,
            commands.isEmpty() ? "no command recorded" : commands.size() + " command(s): " + countByReason(commands),
            problems.isEmpty() ? "" : "; " + String.join("; ", problems)));
    }

    private JsonNode publishAmi() {
        return new SimulatorControl(sandbox.ec2Endpoint()).publishNextAmi();
    }

    private static boolean usesAl2023Latest(EC2NodeClass nc) {
        return nc.getSpec() != null && nc.getSpec().getAmiSelectorTerms() != null && nc.getSpec().getAmiSelectorTerms()
            .stream().anyMatch(t -> "al2023@latest".equals(t.getAlias()));
    }

    /**
     * How many nodes may be disrupting for drift: the smallest of the NodePools' budgets without a schedule that
     * apply to Drifted (a percentage rounded up, as Karpenter does), Karpenter's default 10% without budgets.
     */
    private int allowedDisruptions(int nodes) {
        int allowed = Integer.MAX_VALUE;
        for (NodePool pool : pools) {
            List<Budget> budgets = pool.getSpec().getDisruption() == null ? null : pool.getSpec().getDisruption().getBudgets();
            List<String> specs = new ArrayList<>();
            if (budgets == null || budgets.isEmpty()) {
                specs.add("10%");
            } else {
                for (Budget b : budgets) {
                    if (b.getSchedule() == null && (b.getReasons() == null || b.getReasons().contains("Drifted"))) {
                        specs.add(b.getNodes());
                    }
                }
            }
            for (String s : specs) {
                int n = s.endsWith("%") ? (int) Math.ceil(Integer.parseInt(s.substring(0, s.length() - 1)) * nodes / 100.0)
                    : Integer.parseInt(s);
                allowed = Math.min(allowed, n);
            }
        }
        return allowed == Integer.MAX_VALUE ? nodes : allowed;
    }

    // -- helpers ----------------------------------------------------------------------------------------------------

    /**
     * Waits (up to the phase timeout from {@code start}) until {@code replicas} inflate pods are bound, none pending,
     * every NodeClaim initialized, none disrupting, and {@code more} holds (checked every 5 s); prints progress.
     */
    private boolean awaitSettled(Instant start, int replicas, Predicate<ClusterView> more) {
        String last = "";
        Instant lastCheck = Instant.MIN;
        while (Instant.now().isBefore(start.plus(timeout))) {
            ClusterView v = ClusterView.look(sandbox, "inflate");
            String progress = String.format("pods %d bound, %d pending | NodeClaims %d (%d disrupting) | %s", v.bound(),
                v.pending(), v.capacity.size(), v.disrupting(), ClusterView.dollars(v.costPerHour()));
            if (!progress.equals(last)) {
                out.printf("  %4ds  %s%n", Duration.between(start, Instant.now()).toSeconds(), progress);
                last = progress;
            }
            boolean quiet = v.bound() == replicas && v.pending() == 0 && v.disrupting() == 0
                && v.capacity.stream().allMatch(ClusterView.Capacity::initialized);
            if (quiet && Duration.between(lastCheck, Instant.now()).toSeconds() >= 5) {
                lastCheck = Instant.now();
                if (more.test(v)) {
                    return true;
                }
            }
            Sandbox.sleep(1000);
        }
        return false;
    }

    private void printNodes(String when, ClusterView v) {
        out.printf("%s: %d node(s), %s, %d pods bound, %d pending%n", when, v.capacity.size(),
            ClusterView.dollars(v.costPerHour()), v.bound(), v.pending());
        v.capacity.forEach(c -> out.println("    " + c.describe()));
    }

    /** The consolidator's disruption commands on kk.decisions since {@code start}, printed; "REASON" each. */
    private List<String> commandsSince(Instant start) {
        observer.drain();
        Map<String, DecisionRecord> commands = new LinkedHashMap<>();
        for (DecisionRecord d : observer.decisions()) {
            if ("consolidator".equals(d.service()) && COMMAND_REASONS.contains(d.reason()) && !d.at().isBefore(start)) {
                commands.putIfAbsent(Objects.requireNonNullElse(d.decisionId(), d.schedulingId()), d);
            }
        }
        commands.values().forEach(d -> out.println("  command " + Objects.requireNonNullElse(d.decisionId(), "")
            + ": " + d.reason() + ": " + d.message()));
        return commands.values().stream().map(d -> d.reason().name()).toList();
    }

    private static String countByReason(List<String> reasons) {
        Map<String, Integer> n = new LinkedHashMap<>();
        reasons.forEach(r -> n.merge(r, 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        n.forEach((r, k) -> parts.add(r + " x" + k));
        return String.join(", ", parts);
    }

    private String consolidateAfter() {
        return pools.stream().map(p -> p.getSpec().getDisruption() == null ? "0s"
            : Objects.requireNonNullElse(p.getSpec().getDisruption().getConsolidateAfter(), "0s")).distinct()
            .reduce((a, b) -> a + "/" + b).orElse("-");
    }

    private static Set<String> names(List<Pod> pods) {
        Set<String> out = new HashSet<>();
        pods.forEach(p -> out.add(p.getMetadata().getName()));
        return out;
    }

    private static String readString(Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
