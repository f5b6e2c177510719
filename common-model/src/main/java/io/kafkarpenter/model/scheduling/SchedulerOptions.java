package io.kafkarpenter.model.scheduling;

/**
 * Knobs of a solve.
 *
 * @param maxInstanceTypes   instance types passed on per NodeClaim (60 per CreateFleet in the AWS provider)
 * @param minValuesStrict    MIN_VALUES_POLICY Strict (true) or BestEffort
 */
public record SchedulerOptions(PreferencePolicy preferencePolicy, boolean minValuesStrict, int maxInstanceTypes) {
    public static final SchedulerOptions DEFAULT = new SchedulerOptions(PreferencePolicy.Respect, true, 60);
}
