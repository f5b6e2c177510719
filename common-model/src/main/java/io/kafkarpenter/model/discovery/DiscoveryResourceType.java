package io.kafkarpenter.model.discovery;

/** The kinds of resource that carry a discovery tag, with their decision-record subject kind and printed label. */
public enum DiscoveryResourceType {
    CLUSTER("EKSCluster", "cluster"),
    SUBNET("Subnet", "subnet"),
    SECURITY_GROUP("SecurityGroup", "security group");

    private final String subjectKind;
    private final String label;

    DiscoveryResourceType(String subjectKind, String label) {
        this.subjectKind = subjectKind;
        this.label = label;
    }

    /** The kind of {@code Subject.awsResource(kind, id)}: {@code EKSCluster}, {@code Subnet}, {@code SecurityGroup}. */
    public String subjectKind() {
        return subjectKind;
    }

    /** How people read it: {@code cluster}, {@code subnet}, {@code security group}. */
    public String label() {
        return label;
    }

    /** Metric label value: {@code cluster}, {@code subnet}, {@code security_group}. */
    public String metricValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
