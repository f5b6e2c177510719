package io.kafkarpenter.sandbox.iam;

import io.kafkarpenter.sandbox.iam.ConditionOperator.Qualifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates one identity policy for one {@link AuthorizationRequest}, the subset of IAM's logic a single-account
 * simulator needs: any matching Deny → {@code EXPLICIT_DENY}; else any matching Allow → {@code ALLOW}; else
 * {@code IMPLICIT_DENY}. A statement matches when its action, its resource and every one of its conditions match.
 * Pure: no state, no I/O.
 *
 * <ul>
 *   <li>Action / NotAction: {@code service:Name} globs ({@code *}, {@code ?}), case-insensitive.</li>
 *   <li>Resource / NotResource: ARN globs, case-sensitive; {@code *} crosses {@code :} and {@code /}. A request on
 *       resource {@code *} (actions without resource-level permissions) matches only a pattern that matches the
 *       text {@code *}, i.e. {@code "Resource": "*"}.</li>
 *   <li>Conditions: operators AND-ed, keys AND-ed, values of one key OR-ed (NOR-ed for the negated operators).
 *       Key names are case-insensitive, values case-sensitive except the {@code IgnoreCase} operators. A missing key:
 *       positive operators false, negated ones true, {@code …IfExists} true, {@code ForAllValues} true,
 *       {@code ForAnyValue} false. {@code Null "true"} = the key is missing. A plain operator on a multi-valued key
 *       behaves like {@code ForAnyValue} (negated: no value matches).</li>
 * </ul>
 */
public final class IamEvaluator {
    private IamEvaluator() {
    }

    public static Decision decide(IamPolicy policy, AuthorizationRequest request) {
        List<String> allows = new ArrayList<>();
        List<String> denies = new ArrayList<>();
        for (IamPolicy.Statement s : policy.statements()) {
            if (matches(s, request)) {
                (s.effect() == IamPolicy.Effect.DENY ? denies : allows).add(s.sid());
            }
        }
        if (!denies.isEmpty()) {
            return Decision.explicitDeny(denies);
        }
        return allows.isEmpty() ? Decision.implicitDeny() : Decision.allow(allows);
    }

    static boolean matches(IamPolicy.Statement s, AuthorizationRequest request) {
        boolean actionListed = s.actions().stream().anyMatch(a -> Glob.matches(a, request.action(), true));
        if (actionListed == s.notAction()) {
            return false;
        }
        boolean resourceListed = s.resources().stream().anyMatch(r -> Glob.matches(r, request.resourceArn(), false));
        if (resourceListed == s.notResource()) {
            return false;
        }
        for (IamPolicy.Condition c : s.conditions()) {
            if (!holds(c, request.values(c.key()))) {
                return false;
            }
        }
        return true;
    }

    /** One {@code operator: {key: values}} test against the request's values of that key (empty = missing). */
    static boolean holds(IamPolicy.Condition c, List<String> requestValues) {
        ConditionOperator op = c.parsedOperator();
        if (op.base() == ConditionOperator.Base.NULL) {
            boolean missing = requestValues.isEmpty();
            return c.values().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).equals("true") == missing);
        }
        if (requestValues.isEmpty()) {
            if (op.ifExists()) {
                return true;
            }
            return switch (op.qualifier()) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> false;
                case NONE -> op.base().negated;
            };
        }
        if (op.qualifier() == Qualifier.FOR_ALL_VALUES) {
            return requestValues.stream().allMatch(v -> valueHolds(op, v, c.values()));
        }
        if (op.qualifier() == Qualifier.FOR_ANY_VALUE) {
            return requestValues.stream().anyMatch(v -> valueHolds(op, v, c.values()));
        }
        // a plain operator: positive ones want some request value to match; negated ones want none to match
        boolean anyMatch = requestValues.stream().anyMatch(v -> c.values().stream().anyMatch(p -> op.matches(v, p)));
        return op.base().negated != anyMatch;
    }

    /** One request value against the policy values: matches one (positive) or none (negated). */
    private static boolean valueHolds(ConditionOperator op, String requestValue, List<String> policyValues) {
        boolean anyMatch = policyValues.stream().anyMatch(p -> op.matches(requestValue, p));
        return op.base().negated != anyMatch;
    }
}
