package io.kafkarpenter.sandbox.kube.api.write;

import com.fasterxml.jackson.databind.JsonNode;

/** Test fixtures: JSON written with single quotes for readability ({@code {'a': 1}}). */
final class Json {

    static JsonNode json(String singleQuoted) {
        return Store.parse(singleQuoted.replace('\'', '"'));
    }

    private Json() {
    }
}
