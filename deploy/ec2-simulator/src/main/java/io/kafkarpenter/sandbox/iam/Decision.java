package io.kafkarpenter.sandbox.iam;

import java.util.List;

/**
 * The outcome of evaluating one policy for one {@link AuthorizationRequest}.
 *
 * @param outcome ALLOW, EXPLICIT_DENY (a matching Deny statement; beats any Allow) or IMPLICIT_DENY (nothing matched)
 * @param sids    the Sids of the statements that decided: every matching Allow for ALLOW, every matching Deny for
 *                EXPLICIT_DENY, none for IMPLICIT_DENY
 */
public record Decision(Outcome outcome, List<String> sids) {
    public enum Outcome { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

    public Decision {
        sids = List.copyOf(sids);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    static Decision allow(List<String> sids) {
        return new Decision(Outcome.ALLOW, sids);
    }

    static Decision explicitDeny(List<String> sids) {
        return new Decision(Outcome.EXPLICIT_DENY, sids);
    }

    static Decision implicitDeny() {
        return new Decision(Outcome.IMPLICIT_DENY, List.of());
    }
}
