package io.kafkarpenter.model.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/** One instance type of the built-in catalog, field for field (see the catalog README). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogEntry(
        String name, String category, String family, int generation, String size, int vcpu, long memoryMiB,
        String arch, String hypervisor, boolean bareMetal, Gpu gpu, Accelerator accelerator, int maxENIs,
        int defaultNetworkCardMaxENIs, int networkCards, int ipv4PerENI, int eniLimitedMaxPods,
        boolean trunkingCompatible, int branchENIs, Long localNvmeGB, Long networkBandwidthMbps,
        Long ebsBandwidthMbps, int efaMaxInterfaces, String cpuManufacturer, Long cpuSustainedClockSpeedMhz,
        boolean encryptionInTransitSupported, boolean capabilityFlex, Map<String, Long> extendedResources,
        Map<String, String> karpenterAllocatableAL2023, double onDemandPriceUSD) {

    /** A single GPU kind: per-GPU memory. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Gpu(String name, String manufacturer, int count, long memoryMiB) {
    }

    /** A single accelerator kind (Inferentia, Trainium, ...). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Accelerator(String name, String manufacturer, int count) {
    }
}
