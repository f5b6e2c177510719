package io.kafkarpenter.sandbox.kube.kubelet;

import io.fabric8.kubernetes.api.model.Quantity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Capacity and allocatable of an EKS AL2023 node with Karpenter's defaults (karpenter-aws.md §5.3–5.5):
 * memory capacity minus 7.5 % VM overhead (and 64 MiB CMA on arm64), 20 Gi root volume, ENI-limited max pods,
 * kube-reserved CPU by tiers, kube-reserved memory {@code 11 Mi × pods + 255 Mi}, 1 Gi kube-reserved storage,
 * hard eviction at 100 Mi memory and 10 % storage.
 *
 * <p>Stand-in copy of the formulas; to be replaced by common-model's {@code EksAllocatable} once the engine lands,
 * so the kubelet stand-in and the provisioner can never disagree.
 */
final class Al2023NodeResources {

    static final long ROOT_VOLUME_GI = 20;

    record Result(Map<String, Quantity> capacity, Map<String, Quantity> allocatable) {
    }

    static Result compute(int vcpus, long memoryMiB, boolean arm64, int pods) {
        long memory = memoryMiB - (arm64 ? 64 : 0);
        long capacityMemoryMi = memory - (long) Math.ceil(memory * 0.075);
        long cpuMilli = vcpus * 1000L;
        long allocatableCpuMilli = cpuMilli - kubeReservedCpuMilli(cpuMilli);
        long allocatableMemoryMi = capacityMemoryMi - (11L * pods + 255) - 100;
        long evictionStorageGi = (long) Math.ceil(ROOT_VOLUME_GI * 0.10);
        long allocatableStorageGi = ROOT_VOLUME_GI - 1 - evictionStorageGi;

        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(Integer.toString(vcpus)));
        capacity.put("memory", new Quantity(capacityMemoryMi + "Mi"));
        capacity.put("ephemeral-storage", new Quantity(ROOT_VOLUME_GI + "Gi"));
        capacity.put("pods", new Quantity(Integer.toString(pods)));
        Map<String, Quantity> allocatable = new LinkedHashMap<>();
        allocatable.put("cpu", new Quantity(allocatableCpuMilli + "m"));
        allocatable.put("memory", new Quantity(allocatableMemoryMi + "Mi"));
        allocatable.put("ephemeral-storage", new Quantity(allocatableStorageGi + "Gi"));
        allocatable.put("pods", new Quantity(Integer.toString(pods)));
        return new Result(capacity, allocatable);
    }

    /** 6 % of the first core, 1 % of the second, 0.5 % of cores 3–4, 0.25 % above; each tier truncated. */
    static long kubeReservedCpuMilli(long cpuMilli) {
        long reserved = 0;
        reserved += (long) (Math.min(cpuMilli, 1000) * 0.06);
        reserved += (long) (Math.max(0, Math.min(cpuMilli, 2000) - 1000) * 0.01);
        reserved += (long) (Math.max(0, Math.min(cpuMilli, 4000) - 2000) * 0.005);
        reserved += (long) (Math.max(0, cpuMilli - 4000) * 0.0025);
        return reserved;
    }

    /** {@code usableENIs × (IPv4 per ENI − 1) + 2}. */
    static int eniLimitedPods(int enis, int ipv4PerEni) {
        return enis * (ipv4PerEni - 1) + 2;
    }

    private Al2023NodeResources() {
    }
}
