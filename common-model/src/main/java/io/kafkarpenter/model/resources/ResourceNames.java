package io.kafkarpenter.model.resources;

/** Names of the resources Kubernetes and Karpenter know without configuration. */
public final class ResourceNames {
    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";
    public static final String NODES = "nodes";

    private ResourceNames() {
    }

    /** Whether values of this resource read best with binary suffixes (bytes). */
    public static boolean isBytes(String name) {
        return MEMORY.equals(name) || EPHEMERAL_STORAGE.equals(name) || name.startsWith("hugepages-")
                || "storage".equals(name);
    }
}
