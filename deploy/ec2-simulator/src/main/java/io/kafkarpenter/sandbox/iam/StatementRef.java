package io.kafkarpenter.sandbox.iam;

/**
 * One statement of one policy: the policy's name (its file name without {@code .json}) and the statement's Sid. What
 * {@link IamUsage} records and a coverage check compares against the statements of the policy files.
 */
public record StatementRef(String policy, String sid) implements Comparable<StatementRef> {
    @Override
    public int compareTo(StatementRef o) {
        int c = policy.compareTo(o.policy);
        return c != 0 ? c : sid.compareTo(o.sid);
    }

    @Override
    public String toString() {
        return policy + "/" + sid;
    }
}
