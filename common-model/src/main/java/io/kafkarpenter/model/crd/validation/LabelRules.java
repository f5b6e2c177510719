package io.kafkarpenter.model.crd.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Karpenter's rules for label keys and values in NodePool/NodeClaim requirements and template labels: the Kubernetes
 * name syntax, and the restricted labels and label domains of Karpenter's v1 CRDs (with the AWS provider's
 * {@code karpenter.k8s.aws} domain).
 *
 * <ul>
 *   <li>{@code kubernetes.io/hostname} and {@code karpenter.sh/nodepool} are restricted (Karpenter sets them);</li>
 *   <li>the {@code kubernetes.io} domain (and its subdomains) is restricted except the well-known labels
 *       (zone, region, instance type, arch, os, windows build, and their beta aliases) and the
 *       {@code node.kubernetes.io} / {@code node-restriction.kubernetes.io} subdomains;</li>
 *   <li>{@code k8s.io} is restricted except {@code kops.k8s.io};</li>
 *   <li>{@code karpenter.sh} is restricted except {@code karpenter.sh/capacity-type};</li>
 *   <li>{@code karpenter.k8s.aws} is restricted except the instance labels the AWS provider defines.</li>
 * </ul>
 */
public final class LabelRules {
    /** Karpenter's well-known labels of {@code kubernetes.io} domains (plus their normalized beta aliases). */
    public static final Set<String> ALLOWED_KUBERNETES_IO_LABELS = Set.of(
            "beta.kubernetes.io/instance-type", "failure-domain.beta.kubernetes.io/region", "beta.kubernetes.io/os",
            "beta.kubernetes.io/arch", "failure-domain.beta.kubernetes.io/zone", "topology.kubernetes.io/zone",
            "topology.kubernetes.io/region", "node.kubernetes.io/instance-type", "kubernetes.io/arch",
            "kubernetes.io/os", "node.kubernetes.io/windows-build");

    /** The {@code karpenter.sh} labels a user may constrain. */
    public static final Set<String> ALLOWED_KARPENTER_SH_LABELS = Set.of("karpenter.sh/capacity-type");

    /** The {@code karpenter.k8s.aws} labels a user may constrain (the AWS provider's instance-type labels). */
    public static final Set<String> ALLOWED_KARPENTER_AWS_LABELS = Set.of(
            "karpenter.k8s.aws/ec2nodeclass",
            "karpenter.k8s.aws/instance-category",
            "karpenter.k8s.aws/instance-generation",
            "karpenter.k8s.aws/instance-family",
            "karpenter.k8s.aws/instance-size",
            "karpenter.k8s.aws/instance-capability-flex",
            "karpenter.k8s.aws/instance-cpu",
            "karpenter.k8s.aws/instance-cpu-manufacturer",
            "karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz",
            "karpenter.k8s.aws/instance-memory",
            "karpenter.k8s.aws/instance-ebs-bandwidth",
            "karpenter.k8s.aws/instance-network-bandwidth",
            "karpenter.k8s.aws/instance-local-nvme",
            "karpenter.k8s.aws/instance-hypervisor",
            "karpenter.k8s.aws/instance-encryption-in-transit-supported",
            "karpenter.k8s.aws/nitro-sandbox",
            "karpenter.k8s.aws/instance-gpu-name",
            "karpenter.k8s.aws/instance-gpu-manufacturer",
            "karpenter.k8s.aws/instance-gpu-count",
            "karpenter.k8s.aws/instance-gpu-memory",
            "karpenter.k8s.aws/instance-accelerator-name",
            "karpenter.k8s.aws/instance-accelerator-manufacturer",
            "karpenter.k8s.aws/instance-accelerator-count",
            "karpenter.k8s.aws/instance-tenancy",
            "karpenter.k8s.aws/capacity-reservation-id",
            "karpenter.k8s.aws/capacity-reservation-type",
            "karpenter.k8s.aws/capacity-reservation-interruptible",
            "karpenter.k8s.aws/placement-group-id",
            "karpenter.k8s.aws/placement-group-partition");

    /** Deprecated keys Karpenter translates to the current well-known ones. */
    public static final Map<String, String> NORMALIZED_LABELS = Map.of(
            "failure-domain.beta.kubernetes.io/zone", "topology.kubernetes.io/zone",
            "failure-domain.beta.kubernetes.io/region", "topology.kubernetes.io/region",
            "beta.kubernetes.io/arch", "kubernetes.io/arch",
            "beta.kubernetes.io/os", "kubernetes.io/os",
            "beta.kubernetes.io/instance-type", "node.kubernetes.io/instance-type");

    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private LabelRules() {
    }

    /** The key Karpenter uses for {@code key} (beta aliases become the stable labels). */
    public static String normalize(String key) {
        return NORMALIZED_LABELS.getOrDefault(key, key);
    }

    /** The domain (prefix before {@code /}) of a label key, or empty for an unprefixed key. */
    public static String domainOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /** Why Karpenter refuses {@code key} in requirements or template labels, or empty if it is allowed. */
    public static Optional<String> restriction(String key) {
        if (key.equals("kubernetes.io/hostname")) {
            return Optional.of("label \"kubernetes.io/hostname\" is restricted");
        }
        if (key.equals("karpenter.sh/nodepool")) {
            return Optional.of("label \"karpenter.sh/nodepool\" is restricted (Karpenter sets it)");
        }
        String domain = domainOf(key);
        if (domain.endsWith("kubernetes.io") && !ALLOWED_KUBERNETES_IO_LABELS.contains(key)
                && !domain.endsWith("node.kubernetes.io") && !domain.endsWith("node-restriction.kubernetes.io")) {
            return Optional.of("label domain \"kubernetes.io\" is restricted (allowed: " + sorted(ALLOWED_KUBERNETES_IO_LABELS)
                    + ", and the node.kubernetes.io and node-restriction.kubernetes.io domains)");
        }
        if (domain.endsWith("k8s.io") && !domain.endsWith("kops.k8s.io")) {
            return Optional.of("label domain \"k8s.io\" is restricted");
        }
        if (domain.endsWith("karpenter.sh") && !ALLOWED_KARPENTER_SH_LABELS.contains(key)) {
            return Optional.of("label domain \"karpenter.sh\" is restricted (allowed: karpenter.sh/capacity-type)");
        }
        if (domain.endsWith("karpenter.k8s.aws") && !ALLOWED_KARPENTER_AWS_LABELS.contains(key)) {
            return Optional.of("label domain \"karpenter.k8s.aws\" is restricted (allowed: the instance labels such as "
                    + "karpenter.k8s.aws/instance-family, karpenter.k8s.aws/instance-category, karpenter.k8s.aws/instance-generation)");
        }
        return Optional.empty();
    }

    /** Problems with {@code key} as a Kubernetes qualified name ({@code [prefix/]name}); empty if it is one. */
    public static List<String> qualifiedNameProblems(String key) {
        List<String> problems = new ArrayList<>();
        if (key == null || key.isEmpty()) {
            problems.add("name part must be non-empty");
            return problems;
        }
        String[] parts = key.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                problems.add("prefix part must be non-empty");
            } else if (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                problems.add("prefix part \"" + prefix + "\" must be a lowercase DNS subdomain of at most 253 characters");
            }
        } else {
            problems.add("a qualified name has at most one '/'");
            return problems;
        }
        if (name.isEmpty()) {
            problems.add("name part must be non-empty");
        } else if (name.length() > 63) {
            problems.add("name part must be no more than 63 characters");
        } else if (!NAME.matcher(name).matches()) {
            problems.add("name part \"" + name + "\" must consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character");
        }
        return problems;
    }

    /** The problem with {@code value} as a label value, or empty if it is one (empty values are allowed). */
    public static Optional<String> labelValueProblem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() > 63) {
            return Optional.of("label value \"" + value + "\" must be no more than 63 characters");
        }
        if (!NAME.matcher(value).matches()) {
            return Optional.of("label value \"" + value + "\" must consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character");
        }
        return Optional.empty();
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }
}
