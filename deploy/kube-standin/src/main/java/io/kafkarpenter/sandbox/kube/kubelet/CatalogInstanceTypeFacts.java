package io.kafkarpenter.sandbox.kube.kubelet;

import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.catalog.CatalogInstanceTypes;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.KubeletSettings;
import io.kafkarpenter.model.resources.ResourceList;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Instance-type facts from common-model's built-in catalog, through the same code the provisioner uses
 * ({@link CatalogInstanceTypes}: Karpenter's labels, {@code EksAllocatable} capacity and allocatable incl. extended
 * resources), so a Node's allocatable is exactly what the provisioner planned with. Types the catalog lacks are
 * asked of the fallback (EC2's DescribeInstanceTypes).
 */
public final class CatalogInstanceTypeFacts implements InstanceTypeFacts {

    private final Map<String, CatalogEntry> entries;
    private final InstanceTypeFacts fallback;

    public CatalogInstanceTypeFacts(String catalogName, InstanceTypeFacts fallback) {
        this.entries = BuiltInCatalog.load(catalogName).stream()
                .collect(Collectors.toMap(CatalogEntry::name, Function.identity(), (a, b) -> a));
        this.fallback = fallback;
    }

    @Override
    public Optional<NodeShape> shape(String instanceType) {
        CatalogEntry entry = entries.get(instanceType);
        if (entry == null) {
            return fallback.shape(instanceType);
        }
        InstanceType type = CatalogInstanceTypes.build(entry, KubeletSettings.DEFAULT, CatalogInstanceTypes.Options.US_EAST_1);
        Map<String, String> labels = new LinkedHashMap<>(CatalogInstanceTypes.labels(entry));
        labels.put("node.kubernetes.io/instance-type", instanceType);
        return Optional.of(new NodeShape(labels, quantities(type.capacity()), quantities(type.allocatable())));
    }

    private static Map<String, Quantity> quantities(ResourceList resources) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        resources.format().forEach((name, text) -> out.put(name, new Quantity(text)));
        return out;
    }
}
