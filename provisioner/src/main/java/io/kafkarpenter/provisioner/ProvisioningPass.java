package io.kafkarpenter.provisioner;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.inputs.NodeClaimLaunches;
import io.kafkarpenter.model.events.NodeClassRef;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.pods.PodRef;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonCategory;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.scheduling.ExistingNode;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.model.scheduling.PlannedNodeClaim;
import io.kafkarpenter.model.scheduling.PodFailure;
import io.kafkarpenter.model.scheduling.Scheduler;
import io.kafkarpenter.model.scheduling.SchedulerOptions;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.model.scheduling.SchedulingResult;

/**
 * One provisioning pass, without I/O: the pending pods of a batch, the NodePools with their instance types, the
 * existing nodes and in-flight NodeClaims go into the scheduling engine; out come the NodeClaim launch decisions and
 * one decision record naming every pod's outcome with its reason.
 *
 * <p>Names are derived, never random, so a replay of the same state publishes the same decisions: a NodeClaim is
 * named after its NodePool and the pods it carries ({@link NodeClaimLaunch#deriveName}), with an attempt number that
 * moves on only when a claim of that name already failed or terminated; the decision id is a digest of the batch.
 */
final class ProvisioningPass {

    /** Settings of a NodePool the launch decision carries besides the engine's template. */
    record PoolExtras(NodeClassRef nodeClassRef, String expireAfter, String terminationGracePeriod) {
    }

    /**
     * @param daemonSets one pod per DaemonSet ({@link io.kafkarpenter.model.kube.DaemonSetPods}): their overhead is reserved on new NodeClaims
     *                   and on existing nodes that do not run them yet
     * @param awaiting   pending pods (by uid) held by the launch decision they were decided for ({@link InFlightCapacity}):
     *                   bound to its node in {@code nodes}, not decided again; their outcome names the claim
     *                   (awaiting the launch while unanswered, in-flight NodeClaim once launched)
     * @param expiresAt  when the launch decisions of this pass expire (now + the launch TTL)
     */
    record Input(List<PendingPod> pending, List<NodePoolTemplate> pools, Map<String, PoolExtras> extras,
                 List<ExistingNode> nodes, List<SchedulingPod> daemonSets, Set<String> inFlightClaimNames,
                 Map<String, InFlightCapacity.Awaiting> awaiting, Map<String, ReasonMessage> invalidPools,
                 SchedulerOptions options, Instant now, Instant expiresAt) {
    }

    record Output(String decisionId, List<NodeClaimLaunch> launches, DecisionRecord record, int scheduledExisting,
                  int scheduledInFlight, int unschedulable) {

        /**
         * Each pod's outcome and target, for "the same outcome as the last record" (the loop does not re-send it). A
         * pod waiting for its claim is one outcome whether the claim is launched yet or not: a 20,000-pod record every
         * few seconds as the launches of a burst are answered would say nothing new.
         */
        String fingerprint() {
            StringBuilder b = new StringBuilder();
            for (PodOutcome o : record.podOutcomes()) {
                boolean held = o.reason() == Reason.AWAITING_LAUNCH || o.reason() == Reason.SCHEDULED_INFLIGHT_NODECLAIM;
                b.append(o.pod().uid()).append(':').append(held ? "held" : o.reason().name()).append(':')
                    .append(o.target()).append(',');
            }
            return b.toString();
        }
    }

    private ProvisioningPass() {
    }

    /**
     * @param claimGone true when a NodeClaim of that name was decided before and no longer counts (failed,
     *                  terminated, expired), so the next attempt needs a new name
     */
    static Output decide(Input in, Predicate<String> claimGone) {
        List<PodOutcome> outcomes = new ArrayList<>();
        List<SchedulingPod> pods = new ArrayList<>();
        Map<String, PodRef> refs = new LinkedHashMap<>();
        int awaiting = 0;
        int heldInFlight = 0;
        for (PendingPod p : in.pending()) {
            refs.put(p.pod().uid(), p.pod().ref());
            InFlightCapacity.Awaiting waits = in.awaiting().get(p.pod().uid());
            if (waits != null && waits.launched()) {
                ReasonMessage why = Reason.SCHEDULED_INFLIGHT_NODECLAIM.format(waits.nodeClaim());
                outcomes.add(new PodOutcome(p.pod().ref(), why.reason(), why.text(), waits.nodeClaim()));
                heldInFlight++;
                continue;
            }
            if (waits != null) {
                ReasonMessage why = Reason.AWAITING_LAUNCH.format(waits.nodeClaim(), waits.since().toSeconds() + " s");
                outcomes.add(new PodOutcome(p.pod().ref(), why.reason(), why.text(), waits.nodeClaim()));
                awaiting++;
                continue;
            }
            try {
                pods.add(EngineInputs.pod(p.pod()));
            } catch (IllegalArgumentException e) {
                ReasonMessage why = Reason.INVALID_SELECTOR.format(p.pod().ref(), e.getMessage());
                outcomes.add(new PodOutcome(p.pod().ref(), why.reason(), why.text(), null));
            }
        }
        String decisionId = "prov-" + digest(refs.keySet().stream().sorted().toList(), 16);

        Scheduler scheduler = new Scheduler(in.pools(), in.nodes(), in.daemonSets(), in.options(), Set.of());
        SchedulingResult result = scheduler.solve(pods);

        List<NodeClaimLaunch> launches = new ArrayList<>();
        NodeClaimLaunches.SharedOptions shared = new NodeClaimLaunches.SharedOptions();
        List<Subject> subjects = new ArrayList<>();
        for (PlannedNodeClaim c : result.nodeClaims()) {
            List<String> uids = c.pods().stream().map(SchedulingPod::uid).sorted().toList();
            String podsDigest = "pods:" + digest(uids, 24);
            int attempt = 0;
            String name = NodeClaimLaunch.deriveName(c.nodePool(), podsDigest, attempt);
            while (claimGone.test(name)) {
                name = NodeClaimLaunch.deriveName(c.nodePool(), podsDigest, ++attempt);
            }
            NodeClaimLaunch launch = launch(name, decisionId, c, in, refs, shared);
            launches.add(launch);
            subjects.add(Subject.nodeClaim(name));
            for (SchedulingPod p : c.pods()) {
                ReasonMessage why = Reason.SCHEDULED_NEW_NODECLAIM.format(name, c.nodePool());
                outcomes.add(new PodOutcome(refs.get(p.uid()), why.reason(), why.text(), name));
            }
        }
        int existing = 0;
        int inFlight = heldInFlight;
        for (SchedulingResult.Placement placement : result.existingNodes()) {
            boolean claim = in.inFlightClaimNames().contains(placement.node());
            ReasonMessage why = claim ? Reason.SCHEDULED_INFLIGHT_NODECLAIM.format(placement.node())
                : Reason.SCHEDULED_EXISTING_NODE.format(placement.node());
            for (SchedulingPod p : placement.pods()) {
                outcomes.add(new PodOutcome(refs.get(p.uid()), why.reason(), why.text(), placement.node()));
                if (claim) {
                    inFlight++;
                } else {
                    existing++;
                }
            }
        }
        for (PodFailure f : result.unschedulable()) {
            if (f.code() == Reason.NO_NODEPOOLS && !in.invalidPools().isEmpty()) {
                // no usable NodePool because some are invalid or not ready (their EC2NodeClass): say which and why
                ReasonMessage first = in.invalidPools().values().iterator().next();
                String why = in.invalidPools().values().stream().map(ReasonMessage::text)
                    .collect(java.util.stream.Collectors.joining("; "));
                outcomes.add(new PodOutcome(refs.get(f.pod().uid()), first.reason(), why, null));
                continue;
            }
            outcomes.add(new PodOutcome(refs.get(f.pod().uid()), f.code(), f.message(), null));
        }
        outcomes.sort(Comparator.comparing((PodOutcome o) -> o.pod().namespace()).thenComparing(o -> o.pod().name()));
        in.invalidPools().keySet().stream().sorted().forEach(p -> subjects.add(Subject.nodePool(p)));

        int unschedulable = (int) outcomes.stream().filter(o -> o.reason().category()
            != ReasonCategory.SCHEDULED).count();
        Reason reason;
        if (!launches.isEmpty()) {
            reason = Reason.SCHEDULED_NEW_NODECLAIM;
        } else if (unschedulable > 0) {
            reason = outcomes.stream().map(PodOutcome::reason)
                .filter(r -> r.category() != ReasonCategory.SCHEDULED)
                .findFirst().orElse(Reason.NO_NODEPOOLS);
        } else if (inFlight > 0) {
            reason = Reason.SCHEDULED_INFLIGHT_NODECLAIM;
        } else if (awaiting > 0) {
            reason = Reason.AWAITING_LAUNCH;
        } else {
            reason = Reason.SCHEDULED_EXISTING_NODE;
        }
        String message = summary(in.pending().size(), launches, existing, inFlight, awaiting, unschedulable,
            in.invalidPools());
        DecisionRecord record = new DecisionRecord(decisionId, decisionId, PendingPodConsumer.SERVICE,
            DecisionKind.PROVISIONING, subjects, reason, message, outcomes, in.now());
        return new Output(decisionId, launches, record, existing, inFlight, unschedulable);
    }

    private static String summary(int pods, List<NodeClaimLaunch> launches, int existing, int inFlight, int awaiting,
                                  int unschedulable, Map<String, ReasonMessage> invalid) {
        StringBuilder s = new StringBuilder();
        s.append(pods).append(pods == 1 ? " pending pod: " : " pending pods: ");
        List<String> parts = new ArrayList<>();
        if (!launches.isEmpty()) {
            Map<String, Integer> byType = new TreeMap<>();
            launches.forEach(l -> byType.merge(l.instanceTypes().isEmpty() ? "?" : l.instanceTypes().get(0).name(), 1,
                Integer::sum));
            parts.add(launches.size() + " new NodeClaim" + (launches.size() == 1 ? "" : "s") + " " + byType);
        }
        if (existing > 0) {
            parts.add(existing + " fit existing nodes");
        }
        if (inFlight > 0) {
            parts.add(inFlight + " fit in-flight NodeClaims");
        }
        if (awaiting > 0) {
            parts.add(awaiting + " wait for launches not answered yet");
        }
        if (unschedulable > 0) {
            parts.add(unschedulable + " stay pending");
        }
        s.append(parts.isEmpty() ? "nothing to do" : String.join(", ", parts));
        invalid.values().forEach(m -> s.append("; ").append(m.text()));
        return s.toString();
    }

    private static NodeClaimLaunch launch(String name, String decisionId, PlannedNodeClaim c, Input in,
                                          Map<String, PodRef> refs, NodeClaimLaunches.SharedOptions shared) {
        PoolExtras extras = in.extras().get(c.nodePool());
        NodeClaimLaunches.Template template = extras == null ? NodeClaimLaunches.Template.DEFAULT
            : new NodeClaimLaunches.Template(extras.nodeClassRef(), extras.expireAfter(),
                extras.terminationGracePeriod());
        return NodeClaimLaunches.of(name, decisionId, c, template,
            c.pods().stream().map(p -> refs.get(p.uid())).toList(), Reason.SCHEDULED_NEW_NODECLAIM, in.now(),
            in.expiresAt(), shared);
    }

    static String digest(List<String> parts, int hexChars) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
