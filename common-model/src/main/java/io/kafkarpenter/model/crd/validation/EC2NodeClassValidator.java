package io.kafkarpenter.model.crd.validation;

import io.kafkarpenter.model.crd.AmiAlias;
import io.kafkarpenter.model.crd.AmiSelectorTerm;
import io.kafkarpenter.model.crd.BlockDevice;
import io.kafkarpenter.model.crd.BlockDeviceMapping;
import io.kafkarpenter.model.crd.CapacityReservationSelectorTerm;
import io.kafkarpenter.model.crd.Durations;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassSpec;
import io.kafkarpenter.model.crd.KarpenterApi;
import io.kafkarpenter.model.crd.KubeletConfiguration;
import io.kafkarpenter.model.crd.MetadataOptions;
import io.kafkarpenter.model.crd.SecurityGroupSelectorTerm;
import io.kafkarpenter.model.crd.SubnetSelectorTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Karpenter's admission rules for a {@code karpenter.k8s.aws/v1} EC2NodeClass (CRD schema, CEL rules and webhook):
 * selector terms (non-empty, one way of selecting per term, ID formats, AMI alias format and exclusivity),
 * amiFamily vs alias, role XOR instanceProfile, restricted tags, kubelet values, block devices, metadata options.
 */
public final class EC2NodeClassValidator {
    static final int MAX_TERMS = 30;
    static final int MAX_TAGS_PER_TERM = 20;
    static final List<String> AMI_FAMILIES = List.of("AL2", "AL2023", "Bottlerocket", "Custom", "Windows2019", "Windows2022");
    static final List<String> RESERVED_RESOURCES = List.of("cpu", "memory", "ephemeral-storage", "pid");
    static final List<String> EVICTION_SIGNALS = List.of("memory.available", "nodefs.available", "nodefs.inodesFree",
            "imagefs.available", "imagefs.inodesFree", "pid.available");
    static final List<String> VOLUME_TYPES = List.of("standard", "io1", "io2", "gp2", "sc1", "st1", "gp3");
    private static final List<Pattern> RESTRICTED_TAGS = List.of(
            Pattern.compile("^kubernetes\\.io/cluster/.*$"),
            Pattern.compile("^karpenter\\.sh/nodepool$"),
            Pattern.compile("^eks:eks-cluster-name$"),
            Pattern.compile("^karpenter\\.k8s\\.aws/ec2nodeclass$"),
            Pattern.compile("^karpenter\\.sh/nodeclaim$"));
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-z]+");
    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[0-9a-z]+");
    private static final Pattern AMI_ID = Pattern.compile("ami-[0-9a-z]+");
    private static final Pattern RESERVATION_ID = Pattern.compile("^cr-[0-9a-z]+$");
    private static final Pattern ACCOUNT_ID = Pattern.compile("^[0-9]{12}$");
    private static final Pattern PERCENTAGE = Pattern.compile("^[0-9]+(\\.[0-9]+)?%$");
    private static final Pattern VOLUME_SIZE = Pattern.compile("^((?:[1-9][0-9]{0,3}|[1-4][0-9]{4}|[5][0-8][0-9]{3}|59000)Gi"
            + "|(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|[6][0-3][0-9]{3}|64000)G|([1-9]||[1-5][0-7]|58)Ti|([1-9]||[1-5][0-9]|6[0-3]|64)T)$");

    private EC2NodeClassValidator() {
    }

    /** Every rule {@code nodeClass} breaks; empty when Karpenter would accept it. */
    public static List<Violation> validate(EC2NodeClass nodeClass) {
        Violations out = new Violations(KarpenterApi.EC2_NODE_CLASS_KIND, nodeClass);
        if (nodeClass.getMetadata() == null || nodeClass.getMetadata().getName() == null || nodeClass.getMetadata().getName().isEmpty()) {
            out.add("metadata.name", "required");
        }
        EC2NodeClassSpec spec = nodeClass.getSpec();
        if (spec == null) {
            out.add("spec", "required");
            return out.list();
        }
        subnetTerms(out, spec.getSubnetSelectorTerms());
        securityGroupTerms(out, spec.getSecurityGroupSelectorTerms());
        capacityReservationTerms(out, spec.getCapacityReservationSelectorTerms());
        amiTerms(out, spec);
        identity(out, spec);
        tags(out, spec.getTags());
        kubelet(out, spec.getKubelet());
        blockDevices(out, spec.getBlockDeviceMappings());
        metadataOptions(out, spec.getMetadataOptions());
        if (spec.getInstanceStorePolicy() != null && !spec.getInstanceStorePolicy().equals("RAID0")) {
            out.add("spec.instanceStorePolicy", "unsupported value \"" + spec.getInstanceStorePolicy() + "\" (must be RAID0)");
        }
        if (spec.getIpPrefixCount() != null && spec.getIpPrefixCount() < 0) {
            out.add("spec.ipPrefixCount", "must be at least 0, got " + spec.getIpPrefixCount());
        }
        return out.list();
    }

    /** @throws InvalidResourceException listing every violation, if there is any */
    public static EC2NodeClass requireValid(EC2NodeClass nodeClass) {
        List<Violation> violations = validate(nodeClass);
        if (!violations.isEmpty()) {
            throw new InvalidResourceException(violations);
        }
        return nodeClass;
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    private static boolean present(Map<?, ?> value) {
        return value != null && !value.isEmpty();
    }

    private static boolean termList(Violations out, String path, List<?> terms, boolean required) {
        if (terms == null || terms.isEmpty()) {
            if (required) {
                out.add(path, "required: at least one selector term");
            }
            return false;
        }
        if (terms.size() > MAX_TERMS) {
            out.add(path, "at most " + MAX_TERMS + " terms, got " + terms.size());
        }
        return true;
    }

    private static void termTags(Violations out, String path, Map<String, String> tags) {
        if (tags == null) {
            return;
        }
        if (tags.size() > MAX_TAGS_PER_TERM) {
            out.add(path, "at most " + MAX_TAGS_PER_TERM + " tags per term, got " + tags.size());
        }
        tags.forEach((key, value) -> {
            if (key == null || key.isEmpty() || value == null || value.isEmpty()) {
                out.add(path, "empty tag keys or values aren't supported (\"" + key + "\": \"" + value + "\")");
            }
        });
    }

    private static void subnetTerms(Violations out, List<SubnetSelectorTerm> terms) {
        String path = "spec.subnetSelectorTerms";
        if (!termList(out, path, terms, true)) {
            return;
        }
        for (int i = 0; i < terms.size(); i++) {
            SubnetSelectorTerm term = terms.get(i);
            String at = path + "[" + i + "]";
            if (term == null || (!present(term.getTags()) && !present(term.getId()))) {
                out.add(at, "expected at least one of tags, id");
                continue;
            }
            termTags(out, at + ".tags", term.getTags());
            if (present(term.getId()) && present(term.getTags())) {
                out.add(at, "'id' is mutually exclusive, cannot be set with a combination of other fields in a subnet selector term");
            }
            if (present(term.getId()) && !SUBNET_ID.matcher(term.getId()).find()) {
                out.add(at + ".id", "\"" + term.getId() + "\" is not a subnet ID (subnet-...)");
            }
        }
    }

    private static void securityGroupTerms(Violations out, List<SecurityGroupSelectorTerm> terms) {
        String path = "spec.securityGroupSelectorTerms";
        if (!termList(out, path, terms, true)) {
            return;
        }
        for (int i = 0; i < terms.size(); i++) {
            SecurityGroupSelectorTerm term = terms.get(i);
            String at = path + "[" + i + "]";
            if (term == null || (!present(term.getTags()) && !present(term.getId()) && !present(term.getName()))) {
                out.add(at, "expected at least one of tags, id, name");
                continue;
            }
            termTags(out, at + ".tags", term.getTags());
            if (present(term.getId()) && (present(term.getTags()) || present(term.getName()))) {
                out.add(at, "'id' is mutually exclusive, cannot be set with a combination of other fields in a security group selector term");
            } else if (present(term.getName()) && present(term.getTags())) {
                out.add(at, "'name' is mutually exclusive, cannot be set with a combination of other fields in a security group selector term");
            }
            if (present(term.getId()) && !SECURITY_GROUP_ID.matcher(term.getId()).find()) {
                out.add(at + ".id", "\"" + term.getId() + "\" is not a security group ID (sg-...)");
            }
        }
    }

    private static void capacityReservationTerms(Violations out, List<CapacityReservationSelectorTerm> terms) {
        String path = "spec.capacityReservationSelectorTerms";
        if (!termList(out, path, terms, false)) {
            return;
        }
        for (int i = 0; i < terms.size(); i++) {
            CapacityReservationSelectorTerm term = terms.get(i);
            String at = path + "[" + i + "]";
            if (term == null || (!present(term.getTags()) && !present(term.getId()) && !present(term.getInstanceMatchCriteria()))) {
                out.add(at, "expected at least one of tags, id, instanceMatchCriteria");
                continue;
            }
            termTags(out, at + ".tags", term.getTags());
            if (present(term.getId()) && (present(term.getTags()) || present(term.getOwnerID()) || present(term.getInstanceMatchCriteria()))) {
                out.add(at, "'id' is mutually exclusive, cannot be set along with other fields in a capacity reservation selector term");
            }
            if (present(term.getId()) && !RESERVATION_ID.matcher(term.getId()).matches()) {
                out.add(at + ".id", "\"" + term.getId() + "\" is not a capacity reservation ID (cr-...)");
            }
            if (present(term.getOwnerID()) && !ACCOUNT_ID.matcher(term.getOwnerID()).matches()) {
                out.add(at + ".ownerID", "\"" + term.getOwnerID() + "\" is not a 12-digit AWS account ID");
            }
            if (present(term.getInstanceMatchCriteria()) && !List.of("open", "targeted").contains(term.getInstanceMatchCriteria())) {
                out.add(at + ".instanceMatchCriteria", "unsupported value \"" + term.getInstanceMatchCriteria() + "\" (must be open, targeted)");
            }
        }
    }

    private static void amiTerms(Violations out, EC2NodeClassSpec spec) {
        String path = "spec.amiSelectorTerms";
        List<AmiSelectorTerm> terms = spec.getAmiSelectorTerms();
        String aliasFamily = null;
        if (termList(out, path, terms, true)) {
            for (int i = 0; i < terms.size(); i++) {
                AmiSelectorTerm term = terms.get(i);
                String at = path + "[" + i + "]";
                if (term == null || (!present(term.getTags()) && !present(term.getId()) && !present(term.getName())
                        && !present(term.getAlias()) && !present(term.getSsmParameter()))) {
                    out.add(at, "expected at least one of tags, id, name, alias, ssmParameter");
                    continue;
                }
                termTags(out, at + ".tags", term.getTags());
                boolean others = present(term.getTags()) || present(term.getName()) || present(term.getOwner());
                if (present(term.getId()) && (present(term.getAlias()) || others)) {
                    out.add(at, "'id' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms");
                }
                if (present(term.getId()) && !AMI_ID.matcher(term.getId()).find()) {
                    out.add(at + ".id", "\"" + term.getId() + "\" is not an AMI ID (ami-...)");
                }
                if (present(term.getAlias())) {
                    if (present(term.getId()) || others) {
                        out.add(at, "'alias' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms");
                    }
                    if (terms.size() != 1) {
                        out.add(at + ".alias", "'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms");
                    }
                    if (term.getAlias().length() > 30) {
                        out.add(at + ".alias", "at most 30 characters");
                    }
                    try {
                        aliasFamily = AmiAlias.parse(term.getAlias()).amiFamily();
                    } catch (IllegalArgumentException e) {
                        out.add(at + ".alias", e.getMessage());
                    }
                }
            }
        }
        String amiFamily = spec.getAmiFamily();
        boolean hasAlias = terms != null && terms.stream().anyMatch(t -> t != null && present(t.getAlias()));
        if (amiFamily != null && !AMI_FAMILIES.contains(amiFamily)) {
            out.add("spec.amiFamily", "unsupported AMI family \"" + amiFamily + "\" (must be " + String.join(", ", AMI_FAMILIES) + ")");
        } else if (amiFamily != null && aliasFamily != null && !amiFamily.equals("Custom") && !amiFamily.equals(aliasFamily)) {
            out.add("spec.amiFamily", "if set, amiFamily must be '" + aliasFamily + "' or 'Custom' when using an " + aliasFamily + " alias");
        } else if (amiFamily == null && !hasAlias) {
            out.add("spec.amiFamily", "must specify amiFamily if amiSelectorTerms does not contain an alias");
        }
    }

    private static void identity(Violations out, EC2NodeClassSpec spec) {
        boolean role = spec.getRole() != null;
        boolean profile = spec.getInstanceProfile() != null;
        if (role == profile) {
            out.add("spec", "must specify exactly one of ['role', 'instanceProfile']");
        }
        if (role && spec.getRole().isEmpty()) {
            out.add("spec.role", "role cannot be empty");
        }
        if (profile && spec.getInstanceProfile().isEmpty()) {
            out.add("spec.instanceProfile", "instanceProfile cannot be empty");
        }
    }

    private static void tags(Violations out, Map<String, String> tags) {
        if (tags == null) {
            return;
        }
        tags.keySet().forEach(key -> {
            if (key == null || key.isEmpty()) {
                out.add("spec.tags", "empty tag keys aren't supported");
                return;
            }
            for (Pattern restricted : RESTRICTED_TAGS) {
                if (restricted.matcher(key).matches()) {
                    out.add("spec.tags[\"" + key + "\"]", "tag contains a restricted tag matching " + restricted.pattern()
                            + " (Karpenter sets it)");
                }
            }
        });
    }

    private static void kubelet(Violations out, KubeletConfiguration kubelet) {
        if (kubelet == null) {
            return;
        }
        String path = "spec.kubelet";
        if (kubelet.getMaxPods() != null && kubelet.getMaxPods() < 0) {
            out.add(path + ".maxPods", "must be at least 0, got " + kubelet.getMaxPods());
        }
        if (kubelet.getPodsPerCore() != null && kubelet.getPodsPerCore() < 0) {
            out.add(path + ".podsPerCore", "must be at least 0, got " + kubelet.getPodsPerCore());
        }
        reserved(out, path + ".systemReserved", kubelet.getSystemReserved());
        reserved(out, path + ".kubeReserved", kubelet.getKubeReserved());
        thresholds(out, path + ".evictionHard", kubelet.getEvictionHard());
        thresholds(out, path + ".evictionSoft", kubelet.getEvictionSoft());
        Map<String, String> grace = kubelet.getEvictionSoftGracePeriod();
        if (grace != null) {
            grace.forEach((signal, value) -> {
                String at = path + ".evictionSoftGracePeriod[\"" + signal + "\"]";
                if (!EVICTION_SIGNALS.contains(signal)) {
                    out.add(at, "unsupported eviction signal (must be " + String.join(", ", EVICTION_SIGNALS) + ")");
                }
                try {
                    Durations.parse(value);
                } catch (IllegalArgumentException e) {
                    out.add(at, e.getMessage());
                }
            });
        }
        Set<String> soft = kubelet.getEvictionSoft() == null ? Set.of() : kubelet.getEvictionSoft().keySet();
        Set<String> softGrace = grace == null ? Set.of() : grace.keySet();
        for (String signal : soft) {
            if (!softGrace.contains(signal)) {
                out.add(path + ".evictionSoft[\"" + signal + "\"]", "evictionSoft key does not have a matching evictionSoftGracePeriod");
            }
        }
        for (String signal : softGrace) {
            if (!soft.contains(signal)) {
                out.add(path + ".evictionSoftGracePeriod[\"" + signal + "\"]", "evictionSoftGracePeriod key does not have a matching evictionSoft");
            }
        }
        Integer high = kubelet.getImageGCHighThresholdPercent();
        Integer low = kubelet.getImageGCLowThresholdPercent();
        if (high != null && (high < 0 || high > 100)) {
            out.add(path + ".imageGCHighThresholdPercent", "must be between 0 and 100, got " + high);
        }
        if (low != null && (low < 0 || low > 100)) {
            out.add(path + ".imageGCLowThresholdPercent", "must be between 0 and 100, got " + low);
        }
        if (high != null && low != null && high <= low) {
            out.add(path + ".imageGCHighThresholdPercent", "imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent ("
                    + high + " <= " + low + ")");
        }
    }

    private static void reserved(Violations out, String path, Map<String, String> reserved) {
        if (reserved == null) {
            return;
        }
        reserved.forEach((resource, value) -> {
            String at = path + "[\"" + resource + "\"]";
            if (!RESERVED_RESOURCES.contains(resource)) {
                out.add(at, "unsupported resource (valid keys are " + String.join(", ", RESERVED_RESOURCES) + ")");
            }
            if (value != null && value.startsWith("-")) {
                out.add(at, "cannot be a negative resource quantity, got \"" + value + "\"");
            } else {
                CommonRules.quantity(out, at, value);
            }
        });
    }

    private static void thresholds(Violations out, String path, Map<String, String> thresholds) {
        if (thresholds == null) {
            return;
        }
        thresholds.forEach((signal, value) -> {
            String at = path + "[\"" + signal + "\"]";
            if (!EVICTION_SIGNALS.contains(signal)) {
                out.add(at, "unsupported eviction signal (must be " + String.join(", ", EVICTION_SIGNALS) + ")");
            }
            if (value == null || !(PERCENTAGE.matcher(value).matches() || CommonRules.QUANTITY.matcher(value).matches())) {
                out.add(at, "invalid threshold \"" + value + "\" (a percentage such as 10% or a quantity such as 100Mi)");
            } else if (value.endsWith("%") && Double.parseDouble(value.substring(0, value.length() - 1)) > 100) {
                out.add(at, "percentage must be at most 100%, got " + value);
            }
        });
    }

    private static void blockDevices(Violations out, List<BlockDeviceMapping> mappings) {
        if (mappings == null) {
            return;
        }
        String path = "spec.blockDeviceMappings";
        if (mappings.size() > 50) {
            out.add(path, "at most 50 block device mappings, got " + mappings.size());
        }
        List<Integer> roots = new ArrayList<>();
        for (int i = 0; i < mappings.size(); i++) {
            BlockDeviceMapping mapping = mappings.get(i);
            String at = path + "[" + i + "]";
            if (mapping == null) {
                out.add(at, "must be a block device mapping");
                continue;
            }
            if (Boolean.TRUE.equals(mapping.getRootVolume())) {
                roots.add(i);
            }
            BlockDevice ebs = mapping.getEbs();
            if (ebs == null) {
                continue;
            }
            if (ebs.getSnapshotID() == null && ebs.getVolumeSize() == null) {
                out.add(at + ".ebs", "snapshotID or volumeSize must be defined");
            }
            if (ebs.getVolumeSize() != null && !VOLUME_SIZE.matcher(ebs.getVolumeSize()).matches()) {
                out.add(at + ".ebs.volumeSize", "invalid volume size \"" + ebs.getVolumeSize() + "\" (1Gi..59000Gi, 1G..64000G, 1Ti..58Ti or 1T..64T)");
            }
            if (ebs.getVolumeType() != null && !VOLUME_TYPES.contains(ebs.getVolumeType())) {
                out.add(at + ".ebs.volumeType", "unsupported volume type \"" + ebs.getVolumeType() + "\" (must be " + String.join(", ", VOLUME_TYPES) + ")");
            }
            if (ebs.getVolumeInitializationRate() != null) {
                if (ebs.getVolumeInitializationRate() < 100 || ebs.getVolumeInitializationRate() > 300) {
                    out.add(at + ".ebs.volumeInitializationRate", "must be between 100 and 300, got " + ebs.getVolumeInitializationRate());
                }
                if (ebs.getSnapshotID() == null || ebs.getSnapshotID().isEmpty()) {
                    out.add(at + ".ebs.volumeInitializationRate", "snapshotID must be set when volumeInitializationRate is set");
                }
            }
        }
        if (roots.size() > 1) {
            out.add(path, "must have only one blockDeviceMappings with rootVolume, got " + roots.size() + " (indexes " + roots + ")");
        }
    }

    private static void metadataOptions(Violations out, MetadataOptions options) {
        if (options == null) {
            return;
        }
        String path = "spec.metadataOptions";
        enumValue(out, path + ".httpEndpoint", options.getHttpEndpoint(), List.of("enabled", "disabled"));
        enumValue(out, path + ".httpProtocolIPv6", options.getHttpProtocolIPv6(), List.of("enabled", "disabled"));
        enumValue(out, path + ".httpTokens", options.getHttpTokens(), List.of("required", "optional"));
        Long hops = options.getHttpPutResponseHopLimit();
        if (hops != null && (hops < 1 || hops > 64)) {
            out.add(path + ".httpPutResponseHopLimit", "must be between 1 and 64, got " + hops);
        }
    }

    private static void enumValue(Violations out, String path, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            out.add(path, "unsupported value \"" + value + "\" (must be " + String.join(", ", allowed) + ")");
        }
    }
}
