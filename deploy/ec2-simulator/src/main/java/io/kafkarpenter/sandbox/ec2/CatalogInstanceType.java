package io.kafkarpenter.sandbox.ec2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * One instance type of the built-in catalog ({@code aws-us-east-1.json}), as far as the simulator needs it.
 *
 * <p>Temporary adapter: once {@code io.kafkarpenter.model.catalog} lands in common-model, {@link InstanceTypeCatalog}
 * should load the catalog through it and map its type here (or replace this record with it).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CatalogInstanceType(
        String name,
        String family,
        int generation,
        String size,
        int vcpu,
        long memoryMiB,
        String arch,
        String hypervisor,
        boolean bareMetal,
        Gpu gpu,
        Accelerator accelerator,
        int maxENIs,
        int defaultNetworkCardMaxENIs,
        int networkCards,
        int ipv4PerENI,
        Long localNvmeGB,
        Integer networkBandwidthMbps,
        Integer ebsBandwidthMbps,
        int efaMaxInterfaces,
        String cpuManufacturer,
        Integer cpuSustainedClockSpeedMhz,
        boolean encryptionInTransitSupported,
        Map<String, Integer> extendedResources,
        double onDemandPriceUSD) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Gpu(String name, String manufacturer, int count, long memoryMiB) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Accelerator(String name, String manufacturer, int count) {
    }

    /** EC2's architecture name: {@code x86_64} or {@code arm64}. */
    String ec2Architecture() {
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    boolean burstable() {
        return family != null && family.startsWith("t");
    }
}
