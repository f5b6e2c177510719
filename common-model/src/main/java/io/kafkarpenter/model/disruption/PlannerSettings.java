package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.scheduling.SchedulerOptions;

import java.util.Set;

/**
 * Controller settings a disruption pass depends on.
 *
 * @param spotToSpotConsolidation feature gate SpotToSpotConsolidation (Karpenter's default: off)
 * @param extraWellKnownLabels    label keys instance types define beyond Karpenter's well-known ones
 */
public record PlannerSettings(boolean spotToSpotConsolidation, SchedulerOptions schedulerOptions,
        Set<String> extraWellKnownLabels) {

    public static final PlannerSettings DEFAULT = new PlannerSettings(false, SchedulerOptions.DEFAULT, Set.of());

    public PlannerSettings {
        schedulerOptions = schedulerOptions == null ? SchedulerOptions.DEFAULT : schedulerOptions;
        extraWellKnownLabels = extraWellKnownLabels == null ? Set.of() : Set.copyOf(extraWellKnownLabels);
    }
}
