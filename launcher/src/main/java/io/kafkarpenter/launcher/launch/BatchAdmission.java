package io.kafkarpenter.launcher.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.kafkarpenter.launcher.launch.LaunchAdmission.Candidate;
import io.kafkarpenter.model.resources.ResourceList;

/**
 * NodePool limits for a micro-batch of launch requests of one NodePool (no I/O; launcher DESIGN.md, "NodePool limits
 * are atomic"): {@link #admit} decides every request against one listed usage, in order, adding each admitted
 * request's worst case before deciding the next — exactly what handling them one after the other with a fresh list
 * each would decide, with one list instead of one per request. {@link #recheck} is the zombie fence for the whole
 * batch once its NodeClaims are written.
 */
public final class BatchAdmission {

    private BatchAdmission() {
    }

    /** One request: its NodeClaim's name, whether it replaces a disrupted node, its candidates (cheapest first). */
    public record Request(String name, boolean replacement, List<Candidate> candidates) {
    }

    /** Admitted with these candidates (the instance types that fit), or refused because of {@code resource}. */
    public record Admission(Request request, List<Candidate> candidates, String refusedOn) {
        public boolean admitted() {
            return refusedOn == null;
        }
    }

    /** A written reservation, in admission order, with what it counts. */
    public record Reserved(String name, ResourceList claimed) {
    }

    /** A reservation to withdraw: it does not fit next to everything else listed. */
    public record Withdrawal(String name, String resource) {
    }

    /**
     * Decides each request in order against {@code usage} plus what the ones admitted before it count. A normal
     * request keeps the candidates whose type fits what the limits leave (none: refused on the first resource the
     * first candidate would exceed); a disruption's replacement is admitted with all its candidates unless the NodePool
     * is already over a limit (Karpenter's rule: the node it replaces still counts until it is gone).
     */
    public static List<Admission> admit(ResourceList limits, ResourceList usage, List<Request> requests) {
        List<Admission> out = new ArrayList<>();
        ResourceList used = usage;
        for (Request r : requests) {
            if (limits.isEmpty()) {
                out.add(new Admission(r, r.candidates(), null));
                continue;
            }
            List<Candidate> admitted;
            if (r.replacement()) {
                Optional<String> over = NodePoolLimits.overLimit(used, limits);
                if (over.isPresent()) {
                    out.add(new Admission(r, List.of(), over.get()));
                    continue;
                }
                admitted = r.candidates();
            } else {
                ResourceList before = used;
                admitted = r.candidates().stream().filter(c -> NodePoolLimits.fits(c.type(), before, limits)).toList();
                if (admitted.isEmpty()) {
                    List<String> exceeded = NodePoolLimits.exceeded(r.candidates().get(0).type(), used, limits);
                    out.add(new Admission(r, List.of(), exceeded.isEmpty() ? "cpu" : exceeded.get(0)));
                    continue;
                }
            }
            out.add(new Admission(r, admitted, null));
            used = used.plus(NodePoolLimits.claimedBy(admitted.stream().map(Candidate::type).distinct().toList()));
        }
        return out;
    }

    /**
     * The fence once a batch's reservations are written and everything is listed again: {@code others} is what every
     * other NodeClaim of the NodePool counts (another writer's included); the batch's reservations are kept in order
     * while they fit next to it, the rest withdrawn. Of two writers racing, the later lister saw all of the earlier
     * one's reservations (written before the earlier one listed), and the earlier one only withdraws: together they
     * stay within the limits.
     */
    public static List<Withdrawal> recheck(ResourceList limits, ResourceList others, List<Reserved> batch) {
        List<Withdrawal> out = new ArrayList<>();
        if (limits.isEmpty()) {
            return out;
        }
        ResourceList used = others;
        for (Reserved r : batch) {
            ResourceList after = used.plus(r.claimed());
            Optional<String> over = NodePoolLimits.overLimit(after, limits);
            if (over.isPresent()) {
                out.add(new Withdrawal(r.name(), over.get()));
            } else {
                used = after;
            }
        }
        return out;
    }
}
