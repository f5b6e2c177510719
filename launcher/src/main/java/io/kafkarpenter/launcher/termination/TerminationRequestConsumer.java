package io.kafkarpenter.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.InvalidEventException;
import io.kafkarpenter.model.events.TerminationRequest;
import io.kafkarpenter.service.EventMessages;
import io.smallrye.common.annotation.Blocking;

/**
 * Reads disruption decisions from {@code kk.nodes.terminate} (channel {@code nodes-terminate}) and records them on
 * the NodeClaim (annotations) and the Node (taint {@code karpenter.sh/disrupted:NoSchedule}, so nothing new lands
 * there); {@link NodeTerminator} then waits for the replacements, drains, terminates and deletes. Recording is
 * idempotent, so a redelivered request changes nothing. A request whose NodeClaim is gone is already done. An
 * invalid record goes to {@code kk.dlq.launcher}.
 */
@ApplicationScoped
public class TerminationRequestConsumer {

    private static final Logger LOG = Logger.getLogger(TerminationRequestConsumer.class);
    static final String DISRUPTED_TAINT = "karpenter.sh/disrupted";
    static final String REASON = "kafkarpenter.io/termination-reason";
    static final String MESSAGE = "kafkarpenter.io/termination-message";
    static final String DECISION = "kafkarpenter.io/termination-decision";
    static final String REPLACEMENTS = "kafkarpenter.io/termination-replacements";
    static final String NODE = "kafkarpenter.io/termination-node";

    private final KubeState kube;

    TerminationRequestConsumer(KubeState kube) {
        this.kube = kube;
    }

    @Incoming("nodes-terminate")
    @Blocking
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        EventMessages.enterMdc(record);
        try {
            TerminationRequest request = EventJson.read(record.value(), TerminationRequest.class);
            if (!request.nodeName().equals(record.key())) {
                throw new InvalidEventException("TerminationRequest", "nodeName", "TerminationRequest for NodeClaim "
                    + request.nodeClaimName() + ": record key '" + record.key() + "' is not its 'nodeName' ("
                    + request.nodeName() + ")", null);
            }
            accept(request);
        } finally {
            EventMessages.clearMdc();
        }
    }

    void accept(TerminationRequest request) {
        Optional<NodeClaim> claim = kube.nodeClaimNow(request.nodeClaimName());
        if (claim.isEmpty()) {
            LOG.infof("NodeClaim %s is gone: termination of node %s already done", request.nodeClaimName(), request.nodeName());
            return;
        }
        kube.client().resources(NodeClaim.class).withName(request.nodeClaimName()).edit(nc -> {
            Map<String, String> annotations = new LinkedHashMap<>(nc.getMetadata().getAnnotations() == null
                ? Map.of() : nc.getMetadata().getAnnotations());
            annotations.putIfAbsent(REASON, request.reason().code());
            annotations.putIfAbsent(MESSAGE, request.message() == null ? "" : request.message());
            annotations.putIfAbsent(DECISION, request.decisionId());
            annotations.putIfAbsent(REPLACEMENTS, String.join(",", request.replacements()));
            annotations.putIfAbsent(NODE, request.nodeName());
            nc.getMetadata().setAnnotations(annotations);
            return nc;
        });
        if (kube.client().nodes().withName(request.nodeName()).get() != null) {
            kube.client().nodes().withName(request.nodeName()).edit(n -> {
                List<Taint> taints = n.getSpec().getTaints() == null ? new ArrayList<>() : new ArrayList<>(n.getSpec().getTaints());
                if (taints.stream().noneMatch(t -> DISRUPTED_TAINT.equals(t.getKey()))) {
                    taints.add(new TaintBuilder().withKey(DISRUPTED_TAINT).withEffect("NoSchedule").build());
                }
                n.getSpec().setTaints(taints);
                return n;
            });
        }
        LOG.infof("node %s (NodeClaim %s) to be terminated: %s; waiting for %s", request.nodeName(),
            request.nodeClaimName(), request.reason(), request.replacements());
    }
}
