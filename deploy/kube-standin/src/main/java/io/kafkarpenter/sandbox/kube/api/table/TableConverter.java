package io.kafkarpenter.sandbox.kube.api.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** How one kind is printed: its columns and, for each object, one cell per column (String, Long, Boolean, null). */
public interface TableConverter {

    List<Column> columns();

    List<Object> cells(JsonNode object, Instant now);
}
