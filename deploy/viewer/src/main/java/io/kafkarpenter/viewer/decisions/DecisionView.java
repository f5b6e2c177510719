package io.kafkarpenter.viewer.decisions;

import java.time.Instant;
import java.util.List;

import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.events.Subject;

/**
 * One record of {@code kk.decisions} as the page shows it: when, which service, what kind, the headline reason (code
 * and category) and message, the objects it is about ({@code NodeClaim default-x7k2p}) and, for a provisioning pass,
 * what it meant for each pod (at most {@value #MAX_PODS} listed, {@code morePods} the rest).
 *
 * @param seq the feed's sequence number (increasing; the page skips what it already shows)
 */
public record DecisionView(long seq, Instant at, String service, String kind, String reason, String category,
                           String message, List<String> subjects, List<PodLine> pods, int morePods,
                           String schedulingId, String decisionId) {

    static final int MAX_PODS = 20;

    public DecisionView {
        subjects = List.copyOf(subjects);
        pods = List.copyOf(pods);
    }

    /** What the decision meant for one pod: placed (target: the node or NodeClaim) or still pending, and why. */
    public record PodLine(String pod, String reason, String category, String message, String target) {
    }

    public static DecisionView of(long seq, DecisionRecord d) {
        List<String> subjects = d.subjects().stream().map(DecisionView::subject).toList();
        List<PodLine> pods = d.podOutcomes().stream().limit(MAX_PODS).map(DecisionView::podLine).toList();
        return new DecisionView(seq, d.at(), d.service(), d.kind().name(), d.reason().code(),
            d.reason().category().name(), d.message(), subjects, pods,
            Math.max(0, d.podOutcomes().size() - MAX_PODS), d.schedulingId(), d.decisionId());
    }

    static PodLine podLine(PodOutcome o) {
        return new PodLine(o.pod().namespace() + "/" + o.pod().name(), o.reason().code(),
            o.reason().category().name(), o.message() == null ? o.reason().code() : o.message(), o.target());
    }

    private static String subject(Subject s) {
        return s.kind() + " " + (s.namespace() == null ? "" : s.namespace() + "/") + s.name();
    }
}
