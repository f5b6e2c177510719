package io.kafkarpenter.launcher;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.kafkarpenter.service.EventMessages;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.events.UnavailableOffering;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.kafkarpenter.launcher.ec2.FleetLauncher;

/**
 * What the launcher tells the others: decision records ({@code kk.decisions}), unavailable offerings
 * ({@code kk.offerings.unavailable}) and, through {@link NodeClaimStatusPublisher}, NodeClaim transitions. Every send
 * waits for the broker's acknowledgement, so an effect is published before the input's offset is committed.
 */
@ApplicationScoped
public class LauncherEvents {

    public static final String SERVICE = "launcher";

    private final MutinyEmitter<byte[]> decisions;
    private final MutinyEmitter<byte[]> unavailable;
    private final NodeClaimStatusPublisher status;
    private final Clock clock = Clock.systemUTC();

    LauncherEvents(@Channel("decisions") MutinyEmitter<byte[]> decisions,
                   @Channel("offerings-unavailable") MutinyEmitter<byte[]> unavailable, NodeClaimStatusPublisher status) {
        this.decisions = decisions;
        this.unavailable = unavailable;
        this.status = status;
    }

    /** A LAUNCH decision record about one NodeClaim, keyed by its decision id. */
    public void decision(String decisionId, String nodePool, String nodeClaim, ReasonMessage why, String prefix) {
        String id = decisionId == null ? nodeClaim : decisionId;
        DecisionRecord record = new DecisionRecord(id, decisionId, SERVICE, DecisionKind.LAUNCH,
            List.of(Subject.nodePool(nodePool), Subject.nodeClaim(nodeClaim)), why.reason(),
            prefix == null ? why.text() : prefix + why.text(), List.of(), now());
        Correlation correlation = Correlation.NONE.withNodePool(nodePool).withNodeClaim(nodeClaim);
        if (decisionId != null) {
            correlation = correlation.withDecision(decisionId);
        }
        record(record, correlation);
    }

    /**
     * A decision record about a disruption: kind {@code DISRUPTION} (accepted, cancelled, eviction blocked) or
     * {@code INPUT} (a termination request refused), keyed by the disruption's decision id (else the NodeClaim's,
     * else the Node's name), about the NodePool, the NodeClaim and the Node (and a pod when {@code pod} is set).
     */
    public void disruption(DecisionKind kind, String decisionId, String nodePool, String nodeClaim, String nodeName,
                           Subject pod, ReasonMessage why) {
        String id = decisionId != null ? decisionId : nodeClaim != null ? nodeClaim : nodeName;
        List<Subject> subjects = new java.util.ArrayList<>();
        if (nodePool != null) {
            subjects.add(Subject.nodePool(nodePool));
        }
        if (nodeClaim != null) {
            subjects.add(Subject.nodeClaim(nodeClaim));
        }
        if (nodeName != null) {
            subjects.add(Subject.node(nodeName));
        }
        if (pod != null) {
            subjects.add(pod);
        }
        DecisionRecord record = new DecisionRecord(id, decisionId, SERVICE, kind, subjects, why.reason(), why.text(),
            List.of(), now());
        Correlation correlation = Correlation.NONE;
        if (nodePool != null) {
            correlation = correlation.withNodePool(nodePool);
        }
        if (nodeClaim != null) {
            correlation = correlation.withNodeClaim(nodeClaim);
        }
        if (decisionId != null) {
            correlation = correlation.withDecision(decisionId);
        }
        record(record, correlation);
    }

    /** A decision record on kk.decisions, keyed by its key, with the correlation headers; waits for the ack. */
    public void record(DecisionRecord record, Correlation correlation) {
        decisions.sendMessageAndAwait(EventMessages.message(record.key(), record, correlation));
    }

    public void unavailable(UnavailableOffering offering) {
        unavailable.sendMessageAndAwait(EventMessages.message(offering.key(), offering, Correlation.NONE));
    }

    public void status(String nodeClaim, String nodePool, NodeClaimPhase phase, FleetLauncher.LaunchedInstance instance,
                String nodeName, String decisionId, ReasonMessage why) {
        status.publish(new NodeClaimStatusChange(nodeClaim, nodePool, phase,
            instance == null ? null : instance.providerId(), instance == null ? null : instance.instanceId(),
            instance == null ? null : instance.instanceType(), instance == null ? null : instance.zone(),
            instance == null ? null : instance.capacityType(), nodeName, decisionId,
            why == null ? null : why.reason(), why == null ? null : why.text(), now()));
    }

    public Instant now() {
        return clock.instant();
    }
}
