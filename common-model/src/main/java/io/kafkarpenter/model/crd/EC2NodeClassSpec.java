package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Spec of a {@code karpenter.k8s.aws/v1} EC2NodeClass: how instances are launched on AWS. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "(has(self.role) && !has(self.instanceProfile)) || (!has(self.role) && has(self.instanceProfile))",
        message = "must specify exactly one of ['role', 'instanceProfile']")
@ValidationRule(value = "!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && x.alias.find('^[^@]+') == 'al2') ? (self.amiFamily == 'Custom' || self.amiFamily == 'AL2') : true)",
        message = "if set, amiFamily must be 'AL2' or 'Custom' when using an AL2 alias")
@ValidationRule(value = "!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && x.alias.find('^[^@]+') == 'al2023') ? (self.amiFamily == 'Custom' || self.amiFamily == 'AL2023') : true)",
        message = "if set, amiFamily must be 'AL2023' or 'Custom' when using an AL2023 alias")
@ValidationRule(value = "!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && x.alias.find('^[^@]+') == 'bottlerocket') ? (self.amiFamily == 'Custom' || self.amiFamily == 'Bottlerocket') : true)",
        message = "if set, amiFamily must be 'Bottlerocket' or 'Custom' when using a Bottlerocket alias")
@ValidationRule(value = "!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && x.alias.find('^[^@]+') == 'windows2019') ? (self.amiFamily == 'Custom' || self.amiFamily == 'Windows2019') : true)",
        message = "if set, amiFamily must be 'Windows2019' or 'Custom' when using a Windows2019 alias")
@ValidationRule(value = "!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && x.alias.find('^[^@]+') == 'windows2022') ? (self.amiFamily == 'Custom' || self.amiFamily == 'Windows2022') : true)",
        message = "if set, amiFamily must be 'Windows2022' or 'Custom' when using a Windows2022 alias")
@ValidationRule(value = "!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && x.alias.find('^[^@]+') == 'windows2025') ? (self.amiFamily == 'Custom' || self.amiFamily == 'Windows2025') : true)",
        message = "if set, amiFamily must be 'Windows2025' or 'Custom' when using a Windows2025 alias")
@ValidationRule(value = "self.amiSelectorTerms.exists(x, has(x.alias)) ? true : has(self.amiFamily)",
        message = "must specify amiFamily if amiSelectorTerms does not contain an alias")
public class EC2NodeClassSpec extends KubeValue {
    /** Subnet selector terms (ORed). */
    @JsonProperty("subnetSelectorTerms")
    @JsonPropertyDescription("Subnet selector terms (ORed).")
    @Required
    @Size(min = 1, max = 30)
    @ValidationRule(value = "self.all(x, has(x.tags) || has(x.id))", message = "expected at least one, got none, ['tags', 'id']")
    @ValidationRule(value = "!self.all(x, has(x.id) && has(x.tags))",
            message = "'id' is mutually exclusive, cannot be set with a combination of other fields in a subnet selector term")
    private List<SubnetSelectorTerm> subnetSelectorTerms;

    /** Security group selector terms (ORed). */
    @JsonProperty("securityGroupSelectorTerms")
    @JsonPropertyDescription("Security group selector terms (ORed).")
    @Required
    @Size(min = 1, max = 30)
    @ValidationRule(value = "self.all(x, has(x.tags) || has(x.id) || has(x.name))", message = "expected at least one, got none, ['tags', 'id', 'name']")
    @ValidationRule(value = "!self.all(x, has(x.id) && (has(x.tags) || has(x.name)))",
            message = "'id' is mutually exclusive, cannot be set with a combination of other fields in a security group selector term")
    @ValidationRule(value = "!self.all(x, has(x.name) && (has(x.tags) || has(x.id)))",
            message = "'name' is mutually exclusive, cannot be set with a combination of other fields in a security group selector term")
    private List<SecurityGroupSelectorTerm> securityGroupSelectorTerms;

    /** Capacity reservation selector terms (ORed). */
    @JsonProperty("capacityReservationSelectorTerms")
    @JsonPropertyDescription("Capacity reservation selector terms (ORed).")
    @Size(max = 30)
    @ValidationRule(value = "self.all(x, has(x.tags) || has(x.id) || has(x.instanceMatchCriteria))",
            message = "expected at least one, got none, ['tags', 'id', 'instanceMatchCriteria']")
    @ValidationRule(value = "!self.all(x, has(x.id) && (has(x.tags) || has(x.ownerID) || has(x.instanceMatchCriteria)))",
            message = "'id' is mutually exclusive, cannot be set along with other fields in a capacity reservation selector term")
    private List<CapacityReservationSelectorTerm> capacityReservationSelectorTerms;

    /** Whether instances get a public IPv4 address. */
    @JsonProperty("associatePublicIPAddress")
    @JsonPropertyDescription("Whether instances get a public IPv4 address.")
    private Boolean associatePublicIPAddress;

    /** Number of IPv4 prefixes assigned to the primary network interface. */
    @JsonProperty("ipPrefixCount")
    @JsonPropertyDescription("Number of IPv4 prefixes assigned to the primary network interface.")
    @Min(0)
    private Integer ipPrefixCount;

    /** AMI selector terms (ORed); an alias term must be the only term. */
    @JsonProperty("amiSelectorTerms")
    @JsonPropertyDescription("AMI selector terms (ORed); an alias term must be the only term.")
    @Required
    @Size(min = 1, max = 30)
    @ValidationRule(value = "!(self.exists(x, has(x.alias)) && self.size() != 1)", message = "'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms")
    @ValidationRule(value = "self.all(x, has(x.tags) || has(x.id) || has(x.name) || has(x.alias) || has(x.ssmParameter))",
            message = "expected at least one, got none, ['tags', 'id', 'name', 'alias', 'ssmParameter']")
    @ValidationRule(value = "!self.exists(x, has(x.id) && (has(x.alias) || has(x.tags) || has(x.name) || has(x.owner)))",
            message = "'id' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms")
    @ValidationRule(value = "!self.exists(x, has(x.alias) && (has(x.id) || has(x.tags) || has(x.name) || has(x.owner)))",
            message = "'alias' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms")
    private List<AmiSelectorTerm> amiSelectorTerms;

    /** User-data format and default block devices; inferred from an alias, required without one. */
    @JsonProperty("amiFamily")
    @JsonPropertyDescription("User-data format and default block devices; inferred from an alias, required without one.")
    @ValidationRule(value = "self in ['AL2', 'AL2023', 'Bottlerocket', 'Custom', 'Windows2019', 'Windows2022', 'Windows2025']",
            message = "amiFamily must be AL2, AL2023, Bottlerocket, Custom, Windows2019, Windows2022 or Windows2025")
    private String amiFamily;

    /** User data merged with Karpenter's bootstrap for the AMI family. */
    @JsonProperty("userData")
    @JsonPropertyDescription("User data merged with Karpenter's bootstrap for the AMI family.")
    private String userData;

    /** IAM role of the nodes (Karpenter manages the instance profile); exclusive with instanceProfile. */
    @JsonProperty("role")
    @JsonPropertyDescription("IAM role of the nodes (Karpenter manages the instance profile); exclusive with instanceProfile.")
    @ValidationRule(value = "self != ''", message = "role cannot be empty")
    private String role;

    /** Existing IAM instance profile of the nodes; exclusive with role. */
    @JsonProperty("instanceProfile")
    @JsonPropertyDescription("Existing IAM instance profile of the nodes; exclusive with role.")
    @ValidationRule(value = "self != ''", message = "instanceProfile cannot be empty")
    private String instanceProfile;

    /** Tags applied to instances, volumes, launch templates, ... */
    @JsonProperty("tags")
    @JsonPropertyDescription("Tags applied to instances, volumes, launch templates, ...")
    @ValidationRule(value = "self.all(k, k != '')", message = "empty tag keys aren't supported")
    @ValidationRule(value = "self.all(k, k !='eks:eks-cluster-name')", message = "tag contains a restricted tag matching eks:eks-cluster-name")
    @ValidationRule(value = "self.all(k, !k.startsWith('kubernetes.io/cluster') )", message = "tag contains a restricted tag matching kubernetes.io/cluster/")
    @ValidationRule(value = "self.all(k, k != 'karpenter.sh/nodepool')", message = "tag contains a restricted tag matching karpenter.sh/nodepool")
    @ValidationRule(value = "self.all(k, k !='karpenter.sh/nodeclaim')", message = "tag contains a restricted tag matching karpenter.sh/nodeclaim")
    @ValidationRule(value = "self.all(k, k !='karpenter.k8s.aws/ec2nodeclass')", message = "tag contains a restricted tag matching karpenter.k8s.aws/ec2nodeclass")
    private Map<String, String> tags;

    /** Kubelet settings (maxPods, podsPerCore, reserved resources, eviction, image GC, ...). */
    @JsonProperty("kubelet")
    @JsonPropertyDescription("Kubelet settings (maxPods, podsPerCore, reserved resources, eviction, image GC, ...).")
    private KubeletConfiguration kubelet;

    /** Block devices of the instances; the AMI family default when unset. */
    @JsonProperty("blockDeviceMappings")
    @JsonPropertyDescription("Block devices of the instances; the AMI family default when unset.")
    @Size(max = 50)
    @ValidationRule(value = "self.filter(x, has(x.rootVolume) ? x.rootVolume == true : false).size() <= 1", message = "must have only one blockDeviceMappings with rootVolume")
    private List<BlockDeviceMapping> blockDeviceMappings;

    /** How instance-store disks are used: RAID0. */
    @JsonProperty("instanceStorePolicy")
    @JsonPropertyDescription("How instance-store disks are used: RAID0.")
    @ValidationRule(value = "self == 'RAID0'", message = "instanceStorePolicy must be RAID0")
    private String instanceStorePolicy;

    /** Whether EC2 detailed monitoring is enabled. */
    @JsonProperty("detailedMonitoring")
    @JsonPropertyDescription("Whether EC2 detailed monitoring is enabled.")
    private Boolean detailedMonitoring;

    /** Instance metadata service options; default IMDSv2 required, hop limit 1. */
    @JsonProperty("metadataOptions")
    @JsonPropertyDescription("Instance metadata service options; default IMDSv2 required, hop limit 1.")
    private MetadataOptions metadataOptions;

    /** Network interfaces of the instances (network card, device index, ENA or EFA-only); Karpenter's default when unset. */
    @JsonProperty("networkInterfaces")
    @JsonPropertyDescription("Network interfaces of the instances (network card, device index, ENA or EFA-only); Karpenter's default when unset.")
    @Size(max = 150)
    @ValidationRule(value = "self.size() == 0 || self.exists(x, x.deviceIndex == 0 && x.networkCardIndex == 0 && x.interfaceType == 'interface')",
            message = "networkInterfaces must include a primary interface with interfaceType='interface'")
    @ValidationRule(value = "self.all(x, self.filter(y, x.networkCardIndex == y.networkCardIndex && x.deviceIndex == y.deviceIndex).size() == 1"
            + " && (x.interfaceType != 'efa-only' || self.filter(y, x.networkCardIndex == y.networkCardIndex && y.interfaceType == 'efa-only').size() == 1))",
            message = "networkInterfaces must not have duplicate networkCardIndex and deviceIndex pairs, and can have at most one efa device per network card")
    private List<NetworkInterface> networkInterfaces;

    /** Idle connection tracking timeouts of the network interfaces (EFA-only ones excluded). */
    @JsonProperty("connectionTracking")
    @JsonPropertyDescription("Idle connection tracking timeouts of the network interfaces (EFA-only ones excluded).")
    private ConnectionTracking connectionTracking;

    /** CPU options of the instances (nested virtualization). */
    @JsonProperty("cpuOptions")
    @JsonPropertyDescription("CPU options of the instances (nested virtualization).")
    private CpuOptions cpuOptions;

    /** The placement group of the instances, by name or ID. */
    @JsonProperty("placementGroupSelector")
    @JsonPropertyDescription("The placement group of the instances, by name or ID.")
    private PlacementGroupSelector placementGroupSelector;

    /** Reserved EC2 Fleet context. */
    @JsonProperty("context")
    @JsonPropertyDescription("Reserved EC2 Fleet context.")
    private String context;

    public List<SubnetSelectorTerm> getSubnetSelectorTerms() {
        return subnetSelectorTerms;
    }

    public void setSubnetSelectorTerms(List<SubnetSelectorTerm> subnetSelectorTerms) {
        this.subnetSelectorTerms = subnetSelectorTerms;
    }

    public List<SecurityGroupSelectorTerm> getSecurityGroupSelectorTerms() {
        return securityGroupSelectorTerms;
    }

    public void setSecurityGroupSelectorTerms(List<SecurityGroupSelectorTerm> securityGroupSelectorTerms) {
        this.securityGroupSelectorTerms = securityGroupSelectorTerms;
    }

    public List<CapacityReservationSelectorTerm> getCapacityReservationSelectorTerms() {
        return capacityReservationSelectorTerms;
    }

    public void setCapacityReservationSelectorTerms(List<CapacityReservationSelectorTerm> capacityReservationSelectorTerms) {
        this.capacityReservationSelectorTerms = capacityReservationSelectorTerms;
    }

    public Boolean getAssociatePublicIPAddress() {
        return associatePublicIPAddress;
    }

    public void setAssociatePublicIPAddress(Boolean associatePublicIPAddress) {
        this.associatePublicIPAddress = associatePublicIPAddress;
    }

    public Integer getIpPrefixCount() {
        return ipPrefixCount;
    }

    public void setIpPrefixCount(Integer ipPrefixCount) {
        this.ipPrefixCount = ipPrefixCount;
    }

    public List<AmiSelectorTerm> getAmiSelectorTerms() {
        return amiSelectorTerms;
    }

    public void setAmiSelectorTerms(List<AmiSelectorTerm> amiSelectorTerms) {
        this.amiSelectorTerms = amiSelectorTerms;
    }

    public String getAmiFamily() {
        return amiFamily;
    }

    public void setAmiFamily(String amiFamily) {
        this.amiFamily = amiFamily;
    }

    public String getUserData() {
        return userData;
    }

    public void setUserData(String userData) {
        this.userData = userData;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public String getInstanceProfile() {
        return instanceProfile;
    }

    public void setInstanceProfile(String instanceProfile) {
        this.instanceProfile = instanceProfile;
    }

    public Map<String, String> getTags() {
        return tags;
    }

    public void setTags(Map<String, String> tags) {
        this.tags = tags;
    }

    public KubeletConfiguration getKubelet() {
        return kubelet;
    }

    public void setKubelet(KubeletConfiguration kubelet) {
        this.kubelet = kubelet;
    }

    public List<BlockDeviceMapping> getBlockDeviceMappings() {
        return blockDeviceMappings;
    }

    public void setBlockDeviceMappings(List<BlockDeviceMapping> blockDeviceMappings) {
        this.blockDeviceMappings = blockDeviceMappings;
    }

    public String getInstanceStorePolicy() {
        return instanceStorePolicy;
    }

    public void setInstanceStorePolicy(String instanceStorePolicy) {
        this.instanceStorePolicy = instanceStorePolicy;
    }

    public Boolean getDetailedMonitoring() {
        return detailedMonitoring;
    }

    public void setDetailedMonitoring(Boolean detailedMonitoring) {
        this.detailedMonitoring = detailedMonitoring;
    }

    public MetadataOptions getMetadataOptions() {
        return metadataOptions;
    }

    public void setMetadataOptions(MetadataOptions metadataOptions) {
        this.metadataOptions = metadataOptions;
    }

    public List<NetworkInterface> getNetworkInterfaces() {
        return networkInterfaces;
    }

    public void setNetworkInterfaces(List<NetworkInterface> networkInterfaces) {
        this.networkInterfaces = networkInterfaces;
    }

    public ConnectionTracking getConnectionTracking() {
        return connectionTracking;
    }

    public void setConnectionTracking(ConnectionTracking connectionTracking) {
        this.connectionTracking = connectionTracking;
    }

    public CpuOptions getCpuOptions() {
        return cpuOptions;
    }

    public void setCpuOptions(CpuOptions cpuOptions) {
        this.cpuOptions = cpuOptions;
    }

    public PlacementGroupSelector getPlacementGroupSelector() {
        return placementGroupSelector;
    }

    public void setPlacementGroupSelector(PlacementGroupSelector placementGroupSelector) {
        this.placementGroupSelector = placementGroupSelector;
    }

    public String getContext() {
        return context;
    }

    public void setContext(String context) {
        this.context = context;
    }
}
