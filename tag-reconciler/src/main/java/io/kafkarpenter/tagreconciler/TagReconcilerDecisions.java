package io.kafkarpenter.tagreconciler;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.service.EventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * The tag-reconciler's records on {@code kk.decisions} (kind {@code TAGGING}): every tag written, restored, removed,
 * refused or found in conflict, every instance profile created or deleted, every EC2NodeClass becoming ready or not.
 * Each send waits for the broker's acknowledgement.
 */
@ApplicationScoped
public class TagReconcilerDecisions {

    public static final String SERVICE = "tag-reconciler";

    private final MutinyEmitter<byte[]> decisions;
    private final Clock clock = Clock.systemUTC();

    TagReconcilerDecisions(@Channel("decisions") MutinyEmitter<byte[]> decisions) {
        this.decisions = decisions;
    }

    /**
     * One record keyed by {@code key} (e.g. {@code tags/<resource id>}, {@code nodeclass/<name>}), about
     * {@code subjects}, with MDC correlation {@code correlation} (may be {@link Correlation#NONE}).
     */
    public void publish(String key, List<Subject> subjects, ReasonMessage why, Correlation correlation) {
        DecisionRecord record = new DecisionRecord(key, null, SERVICE, DecisionKind.TAGGING, subjects, why.reason(),
            why.text(), List.of(), clock.instant());
        decisions.sendMessageAndAwait(EventMessages.message(record.key(), record, correlation));
    }
}
