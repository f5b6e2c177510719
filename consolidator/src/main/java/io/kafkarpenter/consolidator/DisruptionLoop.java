package io.kafkarpenter.consolidator;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kafkarpenter.consolidator.cluster.ClusterInformers;
import io.kafkarpenter.consolidator.cluster.ConsolidatorInstanceTypes;
import io.kafkarpenter.consolidator.commands.CommandRecords;
import io.kafkarpenter.consolidator.commands.CommandTracker;
import io.kafkarpenter.consolidator.commands.VerdictRecords;
import io.kafkarpenter.consolidator.conditions.ConditionWriter;
import io.kafkarpenter.consolidator.conditions.DesiredConditions;
import io.kafkarpenter.consolidator.snapshot.SnapshotBuilder;
import io.kafkarpenter.model.disruption.BoundPod;
import io.kafkarpenter.model.disruption.ClusterNode;
import io.kafkarpenter.model.disruption.CommandValidation;
import io.kafkarpenter.model.disruption.DisruptionFacts;
import io.kafkarpenter.model.disruption.DisruptionPlan;
import io.kafkarpenter.model.disruption.DisruptionPlanner;
import io.kafkarpenter.model.disruption.PlannerSettings;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.scheduling.PreferencePolicy;
import io.kafkarpenter.model.scheduling.SchedulerOptions;
import io.kafkarpenter.service.metrics.Histograms;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;

/**
 * The disruption loop (DESIGN.md): on each tick, once this replica is active, the informers have synced and
 * {@code kk.nodeclaims.status} has been replayed ({@link StatusReplay}), a held
 * command whose validation delay has passed is validated against a fresh snapshot and emitted or dropped; then, when
 * the cluster changed or {@code poll-period} has passed, a pass builds a snapshot, runs the planner, acts on its
 * commands ({@link CommandTracker}), publishes changed verdicts, writes the NodeClaim conditions it owns and updates
 * the metrics.
 */
@ApplicationScoped
public class DisruptionLoop {

    private static final Logger LOG = Logger.getLogger(DisruptionLoop.class);

    @Inject
    ConsolidatorConfig config;
    @Inject
    ClusterInformers informers;
    @Inject
    ConsolidatorInstanceTypes instanceTypes;
    @Inject
    NodeClaimStates states;
    @Inject
    StatusReplay replay;
    @Inject
    DisruptionPublisher publisher;
    @Inject
    ConditionWriter conditions;
    @Inject
    DisruptionMetrics metrics;
    @Inject
    MeterRegistry registry;

    private final Clock clock = Clock.systemUTC();
    private final DisruptionPlanner planner = new DisruptionPlanner();
    private final VerdictRecords verdicts = new VerdictRecords();
    private CommandTracker tracker;
    private Timer passDuration;
    private volatile boolean active;
    private PassSchedule schedule;
    private String lastWait = "";
    private Map<String, String> lastProblems = Map.of();

    @PostConstruct
    void init() {
        tracker = new CommandTracker(new CommandTracker.Settings(config.validationDelay(), config.commandMemory(),
            config.replacementTimeout()));
        schedule = new PassSchedule(config.pollPeriod());
        passDuration = Histograms.timer("kafkarpenter.consolidator.pass.duration", Histograms.DUR)
            .description("Duration of one disruption pass (snapshot and planner, all methods)").register(registry);
    }

    /** This replica became the active one. */
    void activate() {
        active = true;
    }

    @Scheduled(every = "${kk.consolidator.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
        skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    synchronized void tick() {
        if (!active || !informers.synced() || !replay.caughtUp()) {
            return;
        }
        Instant now = clock.instant();
        try {
            var due = tracker.due(now);
            if (due.isPresent()) {
                validateAndEmit(due.get(), now);
                schedule.planAgain(); // the next command is planned now, not at the next change or poll
            }
            if (!schedule.due(informers.generation(), now)) {
                return;
            }
            runPass(now);
        } catch (RuntimeException e) {
            // a failed send or build: nothing is lost, the next tick plans again (same names and ids)
            LOG.errorf(e, "disruption pass failed: %s", e.getMessage());
            registry.counter("kafkarpenter.consolidator.pass.errors").increment();
            schedule.planAgain();
        }
    }

    private SnapshotBuilder.Result snapshot(Instant now) {
        Set<String> disrupting = new HashSet<>(tracker.disruptingAlready(now));
        SnapshotBuilder.Result first = build(now, disrupting);
        // a NodeClaim the launcher reports TERMINATING (kk.nodeclaims.status) is on its way out too
        boolean more = false;
        for (String claim : first.claimOfNode().values()) {
            if (states.phaseOf(claim).filter(p -> p == NodeClaimPhase.TERMINATING).isPresent()) {
                more |= disrupting.add(claim);
            }
        }
        return more ? build(now, disrupting) : first;
    }

    private SnapshotBuilder.Result build(Instant now, Set<String> disrupting) {
        PlannerSettings settings = new PlannerSettings(config.spotToSpotConsolidation(),
            new SchedulerOptions(PreferencePolicy.Respect, true, config.maxInstanceTypes()), Set.of());
        SnapshotBuilder.Result r = SnapshotBuilder.build(informers.objects(), instanceTypes::forNodePool, disrupting, settings, now);
        if (!r.problems().equals(lastProblems)) {
            r.problems().forEach((what, why) -> LOG.warnf("%s left out of the disruption snapshot: %s", what, why));
            lastProblems = r.problems();
        }
        return r;
    }

    private void runPass(Instant now) {
        long start = System.nanoTime();
        SnapshotBuilder.Result r = snapshot(now);
        DisruptionPlan plan = planner.plan(r.snapshot());
        passDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        String passId = "disr-eval-" + now.toEpochMilli();

        for (CommandTracker.Outcome o : tracker.onPlan(plan, r.claimOfNode(), now, informers::nodeExists)) {
            if (o instanceof CommandTracker.Emit e) {
                emit(e.decided(), r, now);
            } else if (o instanceof CommandTracker.Hold h) {
                LOG.infof("%s: %s of %s held, validated at %s", h.held().decided().decisionId(),
                    h.held().decided().command().method().title(), h.held().decided().command().nodes(),
                    h.held().dueAt());
            } else if (o instanceof CommandTracker.Wait w) {
                waiting(passId, w, now);
            }
        }
        for (DecisionRecord record : verdicts.changed(passId, plan.notDisrupted(), r.claimOfNode(), now)) {
            publisher.explain(record);
            LOG.debugf("%s", record.message());
        }
        conditions.write(DesiredConditions.of(r.snapshot(), r.claimOfNode()),
            name -> informers.nodeClaim(name).orElse(null));
        updateGauges(r);
    }

    private void validateAndEmit(CommandTracker.Held held, Instant now) {
        SnapshotBuilder.Result r = snapshot(now);
        CommandValidation.Result result = CommandValidation.validate(held.decided().command(), r.snapshot());
        CommandTracker.Outcome outcome = tracker.validated(held, result);
        if (outcome instanceof CommandTracker.Emit e) {
            emit(e.decided(), r, now);
        } else if (outcome instanceof CommandTracker.Invalid i) {
            metrics.failedValidation(i.decided().command().method());
            ReasonMessage why = i.why() != null ? i.why() : Reason.VALIDATION_FAILED.format("no longer valid");
            List<Subject> subjects = i.decided().command().nodes().stream().map(Subject::node).toList();
            publisher.explain(new DecisionRecord(i.decided().decisionId(), i.decided().decisionId(),
                CommandRecords.SERVICE, DecisionKind.DISRUPTION, subjects, why.reason(), why.text(), List.of(), now));
            LOG.infof("%s dropped: %s", i.decided().decisionId(), why.text());
        }
    }

    private void emit(CommandTracker.Decided d, SnapshotBuilder.Result r, Instant now) {
        CommandRecords.Emission emission = CommandRecords.of(d, r.snapshot(), r.claimOfNode(), r.nodePools(), now,
            config.replacementTimeout());
        publisher.emit(emission);
        tracker.emitted(d, r.claimOfNode(), now);
        Map<String, String> poolOfNode = new HashMap<>();
        r.snapshot().nodes().forEach(n -> poolOfNode.put(n.name(), n.nodePool() == null ? "" : n.nodePool()));
        metrics.emitted(d.command(), poolOfNode);
        LOG.infof("%s: %s", d.decisionId(), emission.record().message());
    }

    private void waiting(String passId, CommandTracker.Wait w, Instant now) {
        String fingerprint = w.decided().decisionId() + "/" + w.blocking().decisionId();
        if (fingerprint.equals(lastWait)) {
            return;
        }
        lastWait = fingerprint;
        String first = w.decided().command().nodes().get(0);
        ReasonMessage why = Reason.CONSOLIDATION_WAITING.format(first, w.blocking().decisionId(),
            w.blocking().command().nodes());
        publisher.explain(new DecisionRecord(passId, null, CommandRecords.SERVICE, DecisionKind.DISRUPTION,
            w.decided().command().nodes().stream().map(Subject::node).toList(), why.reason(), why.text(), List.of(),
            now));
    }

    private void updateGauges(SnapshotBuilder.Result r) {
        Map<String, Integer> eligible = DisruptionMetrics.zeroes();
        Map<String, DesiredConditions> desired = DesiredConditions.of(r.snapshot(), r.claimOfNode());
        for (ClusterNode n : r.snapshot().nodes()) {
            DesiredConditions c = desired.get(r.claimOfNode().get(n.name()));
            if (c == null) {
                continue;
            }
            if (Boolean.TRUE.equals(c.consolidatable())) {
                eligible.merge("underutilized", 1, Integer::sum);
                if (n.pods().stream().noneMatch(BoundPod::reschedulable)) {
                    eligible.merge("empty", 1, Integer::sum);
                }
            }
            if (c.driftReason() != null) {
                eligible.merge("drifted", 1, Integer::sum);
            }
        }
        metrics.eligible(eligible);
        for (String reason : List.of("Empty", "Drifted", "Underutilized")) {
            DisruptionFacts.allowedDisruptions(r.snapshot(), reason)
                .forEach((pool, allowed) -> metrics.allowed(pool, reason, allowed));
        }
    }

    /** Forgets every command and published verdict, as a restarted replica would (for tests). */
    synchronized void forgetCommands() {
        tracker = new CommandTracker(new CommandTracker.Settings(config.validationDelay(), config.commandMemory(),
            config.replacementTimeout()));
        verdicts.forget();
        schedule.planAgain();
    }
}
