package io.kafkarpenter.model.kube;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.scheduling.SchedulingPod;

/**
 * The engine's DaemonSet list (karpenter-core §2.6): one pod per DaemonSet, its newest live pod when one is known,
 * else made from its template ({@link PodViews#daemonSetPod}), marked with its DaemonSet ({@link EngineInputs#pod}).
 * The engine subtracts the requests of the compatible ones from every instance type of a NodePool, and from an
 * existing node the requests of those not already running there. No I/O; shared by the provisioner and the
 * consolidator.
 */
public final class DaemonSetPods {

    private DaemonSetPods() {
    }

    /**
     * @param newestPod the DaemonSet's newest live pod, or null
     * @param invalid   told about a DaemonSet that cannot be converted (it is left out) and why
     */
    public static List<SchedulingPod> of(Collection<DaemonSet> daemonSets, Function<DaemonSet, Pod> newestPod,
                                         BiConsumer<DaemonSet, String> invalid) {
        List<DaemonSet> sorted = new ArrayList<>(daemonSets);
        sorted.sort(Comparator.comparing((DaemonSet ds) -> String.valueOf(ds.getMetadata().getNamespace()))
            .thenComparing(ds -> String.valueOf(ds.getMetadata().getName())));
        List<SchedulingPod> out = new ArrayList<>(sorted.size());
        for (DaemonSet ds : sorted) {
            if (ds.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            try {
                out.add(EngineInputs.pod(PodViews.daemonSetPod(ds, newestPod.apply(ds))));
            } catch (RuntimeException e) {
                invalid.accept(ds, e.getMessage());
            }
        }
        return out;
    }
}
