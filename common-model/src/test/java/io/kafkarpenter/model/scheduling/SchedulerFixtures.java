package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.resources.ResourceList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small fixtures modelled on Karpenter's fake cloud provider: price = 0.1/vCPU + 0.1/GiB, three zones. */
final class SchedulerFixtures {

    static final List<String> ZONES = List.of("zone-1", "zone-2", "zone-3");

    private SchedulerFixtures() {
    }

    static ResourceList res(String cpu, String memory, String pods) {
        return ResourceList.parse(Map.of("cpu", cpu, "memory", memory, "pods", pods));
    }

    static InstanceType type(String name, int cpu, int memGi, int pods, String arch) {
        double price = 0.1 * cpu + 0.1 * memGi;
        List<Offering> offerings = new ArrayList<>();
        for (String z : ZONES) {
            offerings.add(new Offering(z, Labels.CAPACITY_TYPE_ON_DEMAND, price, true));
            offerings.add(new Offering(z, Labels.CAPACITY_TYPE_SPOT, price / 3, true));
        }
        return new InstanceType(name, Map.of(Labels.ARCH, arch, Labels.OS, "linux"),
                res(Integer.toString(cpu), memGi + "Gi", Integer.toString(pods)),
                res((cpu * 1000 - 100) + "m", (memGi * 1024 - 10) + "Mi", Integer.toString(pods)), offerings);
    }

    static List<InstanceType> types() {
        return List.of(type("small", 2, 2, 10, "amd64"), type("medium", 4, 8, 20, "amd64"),
                type("large", 16, 64, 50, "amd64"), type("arm", 8, 16, 20, "arm64"));
    }

    static NodePoolTemplate pool(String name) {
        return new NodePoolTemplate(name, 0, new Requirements(), Map.of(), List.of(), List.of(), null, types(), null);
    }

    static NodePoolTemplate pool(String name, int weight, Requirements reqs, List<Taint> taints, ResourceList limits) {
        return new NodePoolTemplate(name, weight, reqs, Map.of(), taints, List.of(), limits, types(), null);
    }

    static SchedulingPod.Builder pod(String name, String cpu, String memory) {
        return SchedulingPod.builder("default", name)
                .requests(ResourceList.parse(Map.of("cpu", cpu, "memory", memory, "pods", "1")));
    }

    static SchedulingResult solve(List<NodePoolTemplate> pools, List<SchedulingPod> pods) {
        return solve(pools, List.of(), List.of(), pods);
    }

    static SchedulingResult solve(List<NodePoolTemplate> pools, List<ExistingNode> nodes, List<SchedulingPod> daemons,
            List<SchedulingPod> pods) {
        return new Scheduler(pools, nodes, daemons, SchedulerOptions.DEFAULT, Set.of()).solve(pods);
    }
}
