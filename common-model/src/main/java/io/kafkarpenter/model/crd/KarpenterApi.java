package io.kafkarpenter.model.crd;

/** API groups, versions and kinds of Karpenter's custom resources. */
public final class KarpenterApi {
    /** Group of NodePool and NodeClaim. */
    public static final String CORE_GROUP = "karpenter.sh";
    /** Group of EC2NodeClass. */
    public static final String AWS_GROUP = "karpenter.k8s.aws";
    /** The one version Kafkarpenter reads. */
    public static final String VERSION = "v1";

    public static final String NODE_POOL_KIND = "NodePool";
    public static final String NODE_CLAIM_KIND = "NodeClaim";
    public static final String EC2_NODE_CLASS_KIND = "EC2NodeClass";

    public static final String CORE_API_VERSION = CORE_GROUP + "/" + VERSION;
    public static final String AWS_API_VERSION = AWS_GROUP + "/" + VERSION;

    private KarpenterApi() {
    }
}
