package io.kafkarpenter.sandbox.kube.api.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/** A {@link TableConverter} made of its columns and a function computing a row's cells. */
record Printer(List<Column> columns, BiFunction<JsonNode, Instant, List<Object>> row) implements TableConverter {

    @Override
    public List<Object> cells(JsonNode object, Instant now) {
        return row.apply(object, now);
    }
}
