package io.kafkarpenter.sandbox.ec2;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instance types the simulator sells, by name, in catalog order.
 *
 * <p><b>Temporary adapter</b> (to replace after {@code git merge main}): it reads the catalog JSON itself with Jackson,
 * from a file ({@code Ec2SimulatorConfig.catalogFile}) or from the classpath: {@value #SHARED_RESOURCE} (where
 * common-model's {@code io.kafkarpenter.model.catalog.BuiltInCatalog} keeps it, once this module depends on
 * common-model) and otherwise the 42-type {@value #SMALL_RESOURCE} bundled here. After the merge, replace the
 * classpath branch of {@link #load(String)} with {@code BuiltInCatalog.load("aws")} mapped onto
 * {@link CatalogInstanceType} (same field names) and drop the bundled copy.
 */
final class InstanceTypeCatalog {
    static final String SHARED_RESOURCE = "io/kafkarpenter/model/catalog/aws-us-east-1.json";
    static final String SMALL_RESOURCE = "ec2-simulator/catalog-small.json";

    private final Map<String, CatalogInstanceType> byName;

    InstanceTypeCatalog(Collection<CatalogInstanceType> types) {
        Map<String, CatalogInstanceType> map = new LinkedHashMap<>();
        for (CatalogInstanceType t : types) {
            map.put(t.name(), t);
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    static InstanceTypeCatalog load(String catalogFile) {
        ObjectMapper json = new ObjectMapper();
        TypeReference<List<CatalogInstanceType>> listOfTypes = new TypeReference<>() {
        };
        try {
            if (catalogFile != null && !catalogFile.isBlank()) {
                try (InputStream in = Files.newInputStream(Path.of(catalogFile))) {
                    return new InstanceTypeCatalog(json.readValue(in, listOfTypes));
                }
            }
            ClassLoader loader = InstanceTypeCatalog.class.getClassLoader();
            for (String resource : List.of(SHARED_RESOURCE, SMALL_RESOURCE)) {
                try (InputStream in = loader.getResourceAsStream(resource)) {
                    if (in != null) {
                        return new InstanceTypeCatalog(json.readValue(in, listOfTypes));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the instance-type catalog " + (catalogFile == null ? "" : catalogFile), e);
        }
        throw new IllegalStateException("no instance-type catalog: set catalogFile or put " + SHARED_RESOURCE + " on the classpath");
    }

    CatalogInstanceType get(String name) {
        return byName.get(name);
    }

    Collection<CatalogInstanceType> all() {
        return byName.values();
    }

    int size() {
        return byName.size();
    }
}
