package io.kafkarpenter.consolidator.commands;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kafkarpenter.model.disruption.NodeVerdict;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.Subject;

/**
 * Why each managed node was not disrupted, as a {@link DecisionRecord} (kind DISRUPTION) per node, published only
 * when a node's verdict changed since the last one published for it (a pass runs at least every 10 s; unchanged
 * verdicts would flood {@code kk.decisions}). A node that has no verdict any more (disrupted, gone) is forgotten, so
 * its next verdict is published again. Not thread-safe: the loop is its only caller.
 */
public final class VerdictRecords {

    private final Map<String, String> lastByNode = new HashMap<>();

    /**
     * @param passId the pass (the records' key and scheduling id)
     * @return the records of the verdicts that changed
     */
    public List<DecisionRecord> changed(String passId, List<NodeVerdict> verdicts, Map<String, String> claimOfNode,
                                        Instant now) {
        List<DecisionRecord> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeVerdict v : verdicts) {
            seen.add(v.node());
            String fingerprint = v.why().reason() + ":" + v.why().text();
            if (fingerprint.equals(lastByNode.get(v.node()))) {
                continue;
            }
            lastByNode.put(v.node(), fingerprint);
            List<Subject> subjects = new ArrayList<>();
            subjects.add(Subject.node(v.node()));
            String claim = claimOfNode.get(v.node());
            if (claim != null && !claim.equals(v.node())) {
                subjects.add(Subject.nodeClaim(claim));
            }
            out.add(new DecisionRecord(passId, null, CommandRecords.SERVICE, DecisionKind.DISRUPTION, subjects,
                v.why().reason(), v.why().text(), List.of(), now));
        }
        lastByNode.keySet().retainAll(seen);
        return out;
    }

    /** Forgets what was published (every verdict is published again by the next pass). */
    public void forget() {
        lastByNode.clear();
    }
}
