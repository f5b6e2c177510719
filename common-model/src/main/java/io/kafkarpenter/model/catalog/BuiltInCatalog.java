package io.kafkarpenter.model.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Loads the instance-type catalogs shipped as resources of this package ({@code aws} = us-east-1). */
public final class BuiltInCatalog {

    /** The full us-east-1 catalog (1345 types). */
    public static final String AWS_US_EAST_1 = "aws-us-east-1";
    /** A 42-type subset for fast tests. */
    public static final String AWS_US_EAST_1_SMALL = "aws-us-east-1-small";

    private static final Map<String, List<CatalogEntry>> CACHE = new ConcurrentHashMap<>();

    private BuiltInCatalog() {
    }

    /** Resolves a scenario's {@code catalog:} name ("aws" means the full us-east-1 catalog). */
    public static String resourceName(String catalogName) {
        switch (catalogName) {
            case "aws":
            case AWS_US_EAST_1:
                return AWS_US_EAST_1;
            case "aws-small":
            case AWS_US_EAST_1_SMALL:
                return AWS_US_EAST_1_SMALL;
            default:
                throw new IllegalArgumentException("unknown catalog '" + catalogName
                        + "' (built-in: aws, aws-small)");
        }
    }

    public static List<CatalogEntry> load(String name) {
        String resource = resourceName(name);
        return CACHE.computeIfAbsent(resource, BuiltInCatalog::read);
    }

    private static List<CatalogEntry> read(String resource) {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try (InputStream in = BuiltInCatalog.class.getResourceAsStream(resource + ".json")) {
            if (in == null) {
                throw new IllegalStateException("catalog resource " + resource + ".json is missing");
            }
            return List.copyOf(mapper.readValue(in, new TypeReference<List<CatalogEntry>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog " + resource, e);
        }
    }
}
