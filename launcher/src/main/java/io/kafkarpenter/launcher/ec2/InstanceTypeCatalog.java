package io.kafkarpenter.launcher.ec2;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.catalog.CatalogInstanceTypes;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.KubeletSettings;

/**
 * The instance types the launcher knows (common-model's built-in catalog): their labels for re-validating a request
 * against its NodePool, and their capacity for NodePool limits and the NodeClaim's {@code status.capacity}.
 */
public final class InstanceTypeCatalog {

    private final Map<String, InstanceType> byName;

    public InstanceTypeCatalog(Map<String, InstanceType> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The built-in catalog {@code name} ({@code aws}, {@code aws-small}) with EKS's default kubelet settings. */
    public static InstanceTypeCatalog builtIn(String name) {
        Map<String, InstanceType> types = new LinkedHashMap<>();
        for (CatalogEntry e : BuiltInCatalog.load(name)) {
            types.put(e.name(), CatalogInstanceTypes.build(e, KubeletSettings.DEFAULT, CatalogInstanceTypes.Options.US_EAST_1));
        }
        return new InstanceTypeCatalog(types);
    }

    public Optional<InstanceType> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
