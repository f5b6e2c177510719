package io.kafkarpenter.sandbox.ec2;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * DescribeInstanceTypes' {@code instanceTypeSet/item} for a catalog type, with the fields Karpenter reads to compute its
 * labels and capacity: vCPUs, memory, architecture, hypervisor, bare metal, GPUs, Neuron accelerators, ENIs and IPs per
 * ENI, network bandwidth, EBS bandwidth, local NVMe, EFA, CPU manufacturer and clock, encryption in transit.
 */
final class InstanceTypeXml {
    static final Set<String> FILTERS = Set.of("instance-type", "current-generation", "processor-info.supported-architecture",
            "bare-metal", "hypervisor", "vcpu-info.default-vcpus", "memory-info.size-in-mib", "burstable-performance-supported",
            "instance-storage-supported", "network-info.efa-supported", "processor-info.manufacturer");

    private InstanceTypeXml() {
    }

    static Filter.Attributes attributes(CatalogInstanceType t) {
        return new Filter.Attributes() {
            @Override
            public Collection<String> valuesOf(String filterName) {
                return switch (filterName) {
                    case "instance-type" -> List.of(t.name());
                    case "current-generation" -> List.of(String.valueOf(currentGeneration(t)));
                    case "processor-info.supported-architecture" -> List.of(t.ec2Architecture());
                    case "processor-info.manufacturer" -> List.of(manufacturer(t));
                    case "bare-metal" -> List.of(String.valueOf(t.bareMetal()));
                    case "hypervisor" -> t.hypervisor() == null || t.hypervisor().isEmpty() ? List.of() : List.of(t.hypervisor());
                    case "vcpu-info.default-vcpus" -> List.of(String.valueOf(t.vcpu()));
                    case "memory-info.size-in-mib" -> List.of(String.valueOf(t.memoryMiB()));
                    case "burstable-performance-supported" -> List.of(String.valueOf(t.burstable()));
                    case "instance-storage-supported" -> List.of(String.valueOf(t.localNvmeGB() != null));
                    case "network-info.efa-supported" -> List.of(String.valueOf(t.efaMaxInterfaces() > 0));
                    default -> null;
                };
            }
        };
    }

    /** Karpenter treats generation ≥ 3 as current for the families it knows; the catalog only holds sellable types. */
    private static boolean currentGeneration(CatalogInstanceType t) {
        return t.generation() >= 3 || "a1".equals(t.family());
    }

    private static String manufacturer(CatalogInstanceType t) {
        return switch (t.cpuManufacturer() == null ? "" : t.cpuManufacturer()) {
            case "intel" -> "Intel";
            case "amd" -> "AMD";
            case "aws" -> "Amazon Web Services";
            default -> t.cpuManufacturer();
        };
    }

    static void write(XmlResponse out, CatalogInstanceType t) {
        boolean arm = "arm64".equals(t.arch());
        int threadsPerCore = arm || t.vcpu() < 2 ? 1 : 2;
        out.text("instanceType", t.name()).text("currentGeneration", currentGeneration(t)).text("freeTierEligible", false);
        List<String> usage = new ArrayList<>(List.of("on-demand", "spot"));
        out.values("supportedUsageClasses", usage);
        out.values("supportedRootDeviceTypes", List.of("ebs"));
        out.values("supportedVirtualizationTypes", List.of("hvm"));
        out.text("bareMetal", t.bareMetal());
        if (t.hypervisor() != null && !t.hypervisor().isEmpty()) {
            out.text("hypervisor", t.hypervisor());
        }
        out.start("processorInfo");
        out.values("supportedArchitectures", List.of(t.ec2Architecture()));
        if (t.cpuSustainedClockSpeedMhz() != null) {
            out.text("sustainedClockSpeedInGhz", t.cpuSustainedClockSpeedMhz() / 1000.0);
        }
        out.text("manufacturer", manufacturer(t));
        out.end();
        out.start("vCpuInfo").text("defaultVCpus", t.vcpu()).text("defaultCores", Math.max(1, t.vcpu() / threadsPerCore))
                .text("defaultThreadsPerCore", threadsPerCore).end();
        out.start("memoryInfo").text("sizeInMiB", t.memoryMiB()).end();
        out.text("instanceStorageSupported", t.localNvmeGB() != null);
        if (t.localNvmeGB() != null) {
            out.start("instanceStorageInfo").text("totalSizeInGB", t.localNvmeGB())
                    .start("disks").start("item").text("sizeInGB", t.localNvmeGB()).text("count", 1).text("type", "ssd").end().end()
                    .text("nvmeSupport", "required").text("encryptionSupport", "required").end();
        }
        out.start("ebsInfo").text("ebsOptimizedSupport", t.ebsBandwidthMbps() != null ? "default" : "supported")
                .text("encryptionSupport", "supported");
        if (t.ebsBandwidthMbps() != null) {
            out.start("ebsOptimizedInfo").text("baselineBandwidthInMbps", t.ebsBandwidthMbps())
                    .text("maximumBandwidthInMbps", t.ebsBandwidthMbps()).end();
        }
        out.text("nvmeSupport", "nitro".equals(t.hypervisor()) || t.bareMetal() ? "required" : "unsupported").end();
        String performance = t.networkBandwidthMbps() == null ? "Moderate"
                : (t.networkBandwidthMbps() >= 1000 ? "Up to " + (t.networkBandwidthMbps() / 1000) + " Gigabit"
                : t.networkBandwidthMbps() + " Megabit");
        out.start("networkInfo").text("networkPerformance", performance)
                .text("maximumNetworkInterfaces", t.maxENIs()).text("maximumNetworkCards", Math.max(1, t.networkCards()))
                .text("defaultNetworkCardIndex", 0);
        out.start("networkCards");
        int cards = Math.max(1, t.networkCards());
        for (int card = 0; card < cards; card++) {
            out.start("item").text("networkCardIndex", card).text("networkPerformance", performance)
                    .text("maximumNetworkInterfaces", card == 0 ? t.defaultNetworkCardMaxENIs()
                            : Math.max(1, (t.maxENIs() - t.defaultNetworkCardMaxENIs()) / Math.max(1, cards - 1)));
            if (t.networkBandwidthMbps() != null) {
                out.text("baselineBandwidthInGbps", t.networkBandwidthMbps() / 1000.0)
                        .text("peakBandwidthInGbps", t.networkBandwidthMbps() / 1000.0);
            }
            out.end();
        }
        out.end();
        out.text("ipv4AddressesPerInterface", t.ipv4PerENI()).text("ipv6AddressesPerInterface", t.ipv4PerENI())
                .text("ipv6Supported", true).text("enaSupport", "required").text("efaSupported", t.efaMaxInterfaces() > 0);
        if (t.efaMaxInterfaces() > 0) {
            out.start("efaInfo").text("maximumEfaInterfaces", t.efaMaxInterfaces()).end();
        }
        out.text("encryptionInTransitSupported", t.encryptionInTransitSupported()).end();
        if (t.gpu() != null) {
            out.start("gpuInfo").start("gpus").start("item").text("name", t.gpu().name())
                    .text("manufacturer", t.gpu().manufacturer()).text("count", t.gpu().count())
                    .start("memoryInfo").text("sizeInMiB", t.gpu().memoryMiB()).end().end().end()
                    .text("totalGpuMemoryInMiB", t.gpu().memoryMiB() * Math.max(1, t.gpu().count())).end();
        }
        if (t.accelerator() != null && "aws".equals(t.accelerator().manufacturer())) {
            int cores = t.extendedResources() == null ? 0 : t.extendedResources().getOrDefault("aws.amazon.com/neuroncore", 0);
            int devices = Math.max(1, t.accelerator().count());
            out.start("neuronInfo").start("neuronDevices").start("item").text("count", t.accelerator().count())
                    .text("name", capitalize(t.accelerator().name()))
                    .start("coreInfo").text("count", cores / devices).text("version", 1).end()
                    .end().end().end();
        }
        out.start("placementGroupInfo");
        out.values("supportedStrategies", List.of("cluster", "partition", "spread"));
        out.end();
        out.text("hibernationSupported", false).text("burstablePerformanceSupported", t.burstable())
                .text("dedicatedHostsSupported", true).text("autoRecoverySupported", !t.bareMetal());
        out.values("supportedBootModes", arm ? List.of("uefi") : List.of("legacy-bios", "uefi"));
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
