package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What of a CustomResourceDefinition decides which manifests an API server accepts and keeps, and how kubectl shows
 * them: the definition (group, names, scope, versions, subresources), the printer columns in order, and every field of
 * the structural schema with its type (the API server prunes any field the schema lacks).
 *
 * <p>Read from a CRD YAML by walking its {@code openAPIV3Schema} as a Jackson tree; written to and read from text,
 * one fact a line (the {@code karpenter-<version>-<plural>.paths} test resources):
 * <pre>
 * crd scope Cluster                                    definition facts
 * column Ready string priority=0 .status.conditions[?(@.type=="Ready")].status
 * field spec.template.spec.requirements[].minValues integer
 * </pre>
 * Field paths: {@code a.b} is property {@code b} of object {@code a}, {@code a[]} the items of array {@code a},
 * {@code a{}} the values of map {@code a} ({@code additionalProperties}). Types: the schema {@code type},
 * {@code int-or-string} for {@code x-kubernetes-int-or-string}, {@code any} for none; a trailing
 * {@code preserve-unknown-fields} or {@code embedded-resource} flag for those extensions. Formats ({@code int64},
 * {@code date-time}) and validations are not part of the shape.
 */
final class CrdShape {
    private static final YAMLMapper YAML = new YAMLMapper();

    final SortedSet<String> definition;
    final List<String> columns;
    final SortedMap<String, String> fields;

    private CrdShape(SortedSet<String> definition, List<String> columns, SortedMap<String, String> fields) {
        this.definition = definition;
        this.columns = columns;
        this.fields = fields;
    }

    /** The shape of the CRD in {@code crdYaml} (one document; a single version, as all of Karpenter's have). */
    static CrdShape ofCrd(Path crdYaml) {
        JsonNode crd;
        try {
            crd = YAML.readTree(crdYaml.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + crdYaml, e);
        }
        JsonNode spec = crd.path("spec");
        if (!"CustomResourceDefinition".equals(crd.path("kind").asText()) || spec.path("versions").size() != 1) {
            throw new IllegalArgumentException(crdYaml + " is not a CustomResourceDefinition with exactly one version");
        }
        JsonNode names = spec.path("names");
        JsonNode version = spec.path("versions").get(0);
        SortedSet<String> definition = new TreeSet<>();
        definition.add("crd group " + spec.path("group").asText());
        definition.add("crd scope " + spec.path("scope").asText());
        definition.add("crd kind " + names.path("kind").asText());
        definition.add("crd plural " + names.path("plural").asText());
        definition.add("crd singular " + names.path("singular").asText());
        definition.add("crd shortNames " + joined(names.path("shortNames")));
        definition.add("crd categories " + joined(names.path("categories")));
        definition.add("crd version " + version.path("name").asText() + " served=" + version.path("served").asBoolean()
                + " storage=" + version.path("storage").asBoolean());
        JsonNode subresources = version.path("subresources");
        if (subresources.has("status")) {
            definition.add("crd subresource status");
        }
        if (subresources.has("scale")) {
            JsonNode scale = subresources.path("scale");
            definition.add("crd subresource scale specReplicasPath=" + scale.path("specReplicasPath").asText("-")
                    + " statusReplicasPath=" + scale.path("statusReplicasPath").asText("-")
                    + " labelSelectorPath=" + scale.path("labelSelectorPath").asText("-"));
        }
        List<String> columns = new ArrayList<>();
        for (JsonNode column : version.path("additionalPrinterColumns")) {
            columns.add("column " + column.path("name").asText() + " " + column.path("type").asText()
                    + " priority=" + column.path("priority").asInt(0)
                    + (column.has("format") ? " format=" + column.path("format").asText() : "")
                    + " " + column.path("jsonPath").asText());
        }
        SortedMap<String, String> fields = new TreeMap<>();
        walk("", version.path("schema").path("openAPIV3Schema"), fields);
        return new CrdShape(definition, columns, fields);
    }

    private static void walk(String path, JsonNode schema, SortedMap<String, String> fields) {
        if (!path.isEmpty()) {
            fields.put(path, type(schema));
        }
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            walk(path.isEmpty() ? property.getKey() : path + "." + property.getKey(), property.getValue(), fields);
        }
        if (schema.path("items").isObject()) {
            walk(path + "[]", schema.path("items"), fields);
        }
        if (schema.path("additionalProperties").isObject()) {
            walk(path + "{}", schema.path("additionalProperties"), fields);
        }
    }

    private static String type(JsonNode schema) {
        String type = schema.path("x-kubernetes-int-or-string").asBoolean() ? "int-or-string" : schema.path("type").asText("any");
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            type += " preserve-unknown-fields";
        }
        if (schema.path("x-kubernetes-embedded-resource").asBoolean()) {
            type += " embedded-resource";
        }
        return type;
    }

    private static String joined(JsonNode strings) {
        List<String> values = new ArrayList<>();
        strings.forEach(s -> values.add(s.asText()));
        return values.isEmpty() ? "-" : String.join(",", values);
    }

    /** The shape written by {@link #write}; lines starting with {@code #} are comments. */
    static CrdShape read(List<String> lines) {
        SortedSet<String> definition = new TreeSet<>();
        List<String> columns = new ArrayList<>();
        SortedMap<String, String> fields = new TreeMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("crd ")) {
                definition.add(line);
            } else if (line.startsWith("column ")) {
                columns.add(line);
            } else if (line.startsWith("field ")) {
                String[] pathAndType = line.substring("field ".length()).split(" ", 2);
                fields.put(pathAndType[0], pathAndType[1]);
            } else {
                throw new IllegalArgumentException("not a shape line: " + line);
            }
        }
        return new CrdShape(definition, columns, fields);
    }

    /** Writes the shape to {@code file}, after {@code header} (comment lines). */
    void write(Path file, List<String> header) {
        List<String> lines = new ArrayList<>();
        header.forEach(h -> lines.add("# " + h));
        lines.addAll(definition);
        lines.addAll(columns);
        fields.forEach((path, type) -> lines.add("field " + path + " " + type));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * How {@code actual} differs from this shape, one line a difference (empty when they are the same): definition
     * facts and fields missing or extra, field types that differ, printer columns (compared in order). Fields named
     * in {@code ignoredFields} are left out on both sides.
     */
    List<String> differences(CrdShape actual, Set<String> ignoredFields) {
        List<String> out = new ArrayList<>();
        definition.stream().filter(d -> !actual.definition.contains(d)).forEach(d -> out.add("missing " + d));
        actual.definition.stream().filter(d -> !definition.contains(d)).forEach(d -> out.add("extra " + d));
        fields.forEach((path, type) -> {
            if (ignoredFields.contains(path)) {
                return;
            }
            String actualType = actual.fields.get(path);
            if (actualType == null) {
                out.add("missing field " + path + " " + type);
            } else if (!actualType.equals(type)) {
                out.add("field " + path + " is " + actualType + ", expected " + type);
            }
        });
        actual.fields.forEach((path, type) -> {
            if (!fields.containsKey(path) && !ignoredFields.contains(path)) {
                out.add("extra field " + path + " " + type);
            }
        });
        if (!Objects.equals(columns, actual.columns)) {
            out.add("printer columns differ: expected " + columns + ", got " + actual.columns);
        }
        return out;
    }
}
