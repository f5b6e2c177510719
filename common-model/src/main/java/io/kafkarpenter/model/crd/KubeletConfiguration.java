package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubelet settings of an EC2NodeClass: the fields of Karpenter v1.14's schema (an API server prunes any other). Other
 * fields (e.g. in a manifest file read directly) are kept in {@link #getAdditionalProperties()} and written back, but
 * are never part of the CRD schema.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "has(self.imageGCHighThresholdPercent) && has(self.imageGCLowThresholdPercent) ?  self.imageGCHighThresholdPercent > self.imageGCLowThresholdPercent  : true",
        message = "imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent")
@ValidationRule(value = "has(self.evictionSoft) ? self.evictionSoft.all(e, (e in self.evictionSoftGracePeriod)):true",
        message = "evictionSoft OwnerKey does not have a matching evictionSoftGracePeriod")
@ValidationRule(value = "has(self.evictionSoftGracePeriod) ? self.evictionSoftGracePeriod.all(e, (e in self.evictionSoft)):true",
        message = "evictionSoftGracePeriod OwnerKey does not have a matching evictionSoft")
public class KubeletConfiguration extends KubeValue {
    /** Cluster DNS server IPs; default the kube-dns service IP. */
    @JsonProperty("clusterDNS")
    @JsonPropertyDescription("Cluster DNS server IPs; default the kube-dns service IP.")
    private List<String> clusterDNS;

    /** Override of the maximum number of pods on a node. */
    @JsonProperty("maxPods")
    @JsonPropertyDescription("Override of the maximum number of pods on a node.")
    @Min(0)
    private Integer maxPods;

    /** Pods per vCPU cap; the smaller of this times vCPUs and maxPods wins. */
    @JsonProperty("podsPerCore")
    @JsonPropertyDescription("Pods per vCPU cap; the smaller of this times vCPUs and maxPods wins.")
    @Min(0)
    private Integer podsPerCore;

    /** Resources reserved for OS daemons (cpu, memory, ephemeral-storage, pid). */
    @JsonProperty("systemReserved")
    @JsonPropertyDescription("Resources reserved for OS daemons (cpu, memory, ephemeral-storage, pid).")
    @ValidationRule(value = "self.all(x, x == 'cpu' || x == 'memory' || x == 'ephemeral-storage' || x == 'pid')", message = "valid keys for systemReserved are ['cpu','memory','ephemeral-storage','pid']")
    @ValidationRule(value = "self.all(x, !self[x].startsWith('-'))", message = "systemReserved value cannot be a negative resource quantity")
    private Map<String, String> systemReserved;

    /** Resources reserved for Kubernetes daemons; replaces the computed defaults per key. */
    @JsonProperty("kubeReserved")
    @JsonPropertyDescription("Resources reserved for Kubernetes daemons; replaces the computed defaults per key.")
    @ValidationRule(value = "self.all(x, x == 'cpu' || x == 'memory' || x == 'ephemeral-storage' || x == 'pid')", message = "valid keys for kubeReserved are ['cpu','memory','ephemeral-storage','pid']")
    @ValidationRule(value = "self.all(x, !self[x].startsWith('-'))", message = "kubeReserved value cannot be a negative resource quantity")
    private Map<String, String> kubeReserved;

    /** Hard eviction thresholds by signal (quantity or percentage). */
    @JsonProperty("evictionHard")
    @JsonPropertyDescription("Hard eviction thresholds by signal (quantity or percentage).")
    @ValidationRule(value = "self.all(x, x in ['memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree', 'pid.available'])", message = "valid keys for evictionHard are ['memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree', 'pid.available']")
    private Map<String, String> evictionHard;

    /** Soft eviction thresholds by signal; each needs a grace period. */
    @JsonProperty("evictionSoft")
    @JsonPropertyDescription("Soft eviction thresholds by signal; each needs a grace period.")
    @ValidationRule(value = "self.all(x, x in ['memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree', 'pid.available'])", message = "valid keys for evictionSoft are ['memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree', 'pid.available']")
    private Map<String, String> evictionSoft;

    /** Grace period (Go duration) of each soft eviction threshold. */
    @JsonProperty("evictionSoftGracePeriod")
    @JsonPropertyDescription("Grace period (Go duration) of each soft eviction threshold.")
    @ValidationRule(value = "self.all(x, x in ['memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree', 'pid.available'])", message = "valid keys for evictionSoftGracePeriod are ['memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree', 'pid.available']")
    private Map<String, String> evictionSoftGracePeriod;

    /** Maximum pod grace period (seconds) for soft evictions. */
    @JsonProperty("evictionMaxPodGracePeriod")
    @JsonPropertyDescription("Maximum pod grace period (seconds) for soft evictions.")
    private Integer evictionMaxPodGracePeriod;

    /** Disk usage percent above which image GC always runs; must exceed the low threshold. */
    @JsonProperty("imageGCHighThresholdPercent")
    @JsonPropertyDescription("Disk usage percent above which image GC always runs; must exceed the low threshold.")
    @Min(0)
    @Max(100)
    private Integer imageGCHighThresholdPercent;

    /** Disk usage percent image GC frees down to. */
    @JsonProperty("imageGCLowThresholdPercent")
    @JsonPropertyDescription("Disk usage percent image GC frees down to.")
    @Min(0)
    @Max(100)
    private Integer imageGCLowThresholdPercent;

    /** Whether CPU CFS quota is enforced for containers with CPU limits. */
    @JsonProperty("cpuCFSQuota")
    @JsonPropertyDescription("Whether CPU CFS quota is enforced for containers with CPU limits.")
    private Boolean cpuCFSQuota;

    public List<String> getClusterDNS() {
        return clusterDNS;
    }

    public void setClusterDNS(List<String> clusterDNS) {
        this.clusterDNS = clusterDNS;
    }

    public Integer getMaxPods() {
        return maxPods;
    }

    public void setMaxPods(Integer maxPods) {
        this.maxPods = maxPods;
    }

    public Integer getPodsPerCore() {
        return podsPerCore;
    }

    public void setPodsPerCore(Integer podsPerCore) {
        this.podsPerCore = podsPerCore;
    }

    public Map<String, String> getSystemReserved() {
        return systemReserved;
    }

    public void setSystemReserved(Map<String, String> systemReserved) {
        this.systemReserved = systemReserved;
    }

    public Map<String, String> getKubeReserved() {
        return kubeReserved;
    }

    public void setKubeReserved(Map<String, String> kubeReserved) {
        this.kubeReserved = kubeReserved;
    }

    public Map<String, String> getEvictionHard() {
        return evictionHard;
    }

    public void setEvictionHard(Map<String, String> evictionHard) {
        this.evictionHard = evictionHard;
    }

    public Map<String, String> getEvictionSoft() {
        return evictionSoft;
    }

    public void setEvictionSoft(Map<String, String> evictionSoft) {
        this.evictionSoft = evictionSoft;
    }

    public Map<String, String> getEvictionSoftGracePeriod() {
        return evictionSoftGracePeriod;
    }

    public void setEvictionSoftGracePeriod(Map<String, String> evictionSoftGracePeriod) {
        this.evictionSoftGracePeriod = evictionSoftGracePeriod;
    }

    public Integer getEvictionMaxPodGracePeriod() {
        return evictionMaxPodGracePeriod;
    }

    public void setEvictionMaxPodGracePeriod(Integer evictionMaxPodGracePeriod) {
        this.evictionMaxPodGracePeriod = evictionMaxPodGracePeriod;
    }

    public Integer getImageGCHighThresholdPercent() {
        return imageGCHighThresholdPercent;
    }

    public void setImageGCHighThresholdPercent(Integer imageGCHighThresholdPercent) {
        this.imageGCHighThresholdPercent = imageGCHighThresholdPercent;
    }

    public Integer getImageGCLowThresholdPercent() {
        return imageGCLowThresholdPercent;
    }

    public void setImageGCLowThresholdPercent(Integer imageGCLowThresholdPercent) {
        this.imageGCLowThresholdPercent = imageGCLowThresholdPercent;
    }

    public Boolean getCpuCFSQuota() {
        return cpuCFSQuota;
    }

    public void setCpuCFSQuota(Boolean cpuCFSQuota) {
        this.cpuCFSQuota = cpuCFSQuota;
    }

    /**
     * Kubelet fields without a typed property, read and written as they are. {@code @SchemaFrom(void)} keeps the
     * any-getter out of the generated CRD schema (fabric8's generator would list it as a field).
     */
    @JsonAnyGetter
    @JsonAnySetter
    @SchemaFrom(type = void.class)
    private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

    /** Kubelet fields without a typed property. */
    @JsonIgnore
    public Map<String, Object> getAdditionalProperties() {
        return additionalProperties;
    }

    public void setAdditionalProperty(String name, Object value) {
        additionalProperties.put(name, value);
    }
}
