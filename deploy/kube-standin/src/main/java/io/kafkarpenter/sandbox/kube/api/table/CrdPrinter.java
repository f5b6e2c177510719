package io.kafkarpenter.sandbox.kube.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A custom resource's table, as the apiextensions server's {@code tableconvertor} builds it: Name, then the version's
 * {@code additionalPrinterColumns} (or Age when it has none), each cell the first result of the column's JSONPath —
 * {@code string} as text, {@code integer}/{@code number}/{@code boolean} as JSON values (null when of another type),
 * {@code date} as an age; nothing found is a null cell.
 */
public final class CrdPrinter implements TableConverter {

    private record PrinterColumn(Column column, KubeJsonPath path) {
    }

    private final List<PrinterColumn> printerColumns;

    private CrdPrinter(List<PrinterColumn> printerColumns) {
        this.printerColumns = printerColumns;
    }

    /** The printer of {@code version} of {@code crd}, or empty when the definition has no such version. */
    public static Optional<CrdPrinter> of(CustomResourceDefinition crd, String version) {
        return crd.getSpec().getVersions().stream().filter(v -> v.getName().equals(version)).findFirst()
                .map(CrdPrinter::of);
    }

    static CrdPrinter of(CustomResourceDefinitionVersion version) {
        List<CustomResourceColumnDefinition> definitions = version.getAdditionalPrinterColumns();
        List<PrinterColumn> columns = new ArrayList<>();
        if (definitions == null || definitions.isEmpty()) {
            columns.add(new PrinterColumn(BuiltinPrinters.ageColumnOfType("date"),
                    KubeJsonPath.compile(".metadata.creationTimestamp")));
        } else {
            for (CustomResourceColumnDefinition d : definitions) {
                columns.add(new PrinterColumn(new Column(d.getName(), d.getType(),
                        d.getFormat() == null ? "" : d.getFormat(), d.getDescription() == null ? "" : d.getDescription(),
                        d.getPriority() == null ? 0 : d.getPriority()), KubeJsonPath.compile(d.getJsonPath())));
            }
        }
        return new CrdPrinter(List.copyOf(columns));
    }

    @Override
    public List<Column> columns() {
        List<Column> columns = new ArrayList<>();
        columns.add(Column.objectName());
        printerColumns.forEach(c -> columns.add(c.column()));
        return columns;
    }

    @Override
    public List<Object> cells(JsonNode object, Instant now) {
        List<Object> cells = new ArrayList<>();
        cells.add(BuiltinPrinters.name(object));
        for (PrinterColumn c : printerColumns) {
            cells.add(c.path().first(object).map(value -> cell(c.column().type(), value, now)).orElse(null));
        }
        return cells;
    }

    static Object cell(String type, JsonNode value, Instant now) {
        return switch (type) {
            case "integer" -> value.isIntegralNumber() ? (Object) value.asLong() : null;
            case "number" -> value.isNumber() ? (Object) value.asDouble() : null;
            case "boolean" -> value.isBoolean() ? (Object) value.asBoolean() : null;
            case "date" -> value.isTextual() ? Ages.since(value, now) : "<invalid>";
            default -> value.isValueNode() ? value.asText() : value.toString();
        };
    }
}
