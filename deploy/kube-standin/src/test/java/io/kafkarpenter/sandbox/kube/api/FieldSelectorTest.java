package io.kafkarpenter.sandbox.kube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldSelectorTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void parsesEqualsDoubleEqualsAndNotEquals() {
        assertThat(FieldSelector.parse("spec.nodeName=a,status.phase==Running,status.phase!=Failed").requirements())
                .containsExactly(new FieldSelector.Requirement("spec.nodeName", true, "a"),
                        new FieldSelector.Requirement("status.phase", true, "Running"),
                        new FieldSelector.Requirement("status.phase", false, "Failed"));
        assertThatThrownBy(() -> FieldSelector.parse("spec.nodeName")).hasMessageContaining("invalid field selector term 'spec.nodeName'");
    }

    @Test
    void aMissingFieldIsTheEmptyString() throws Exception {
        JsonNode unbound = json.readTree("{\"spec\":{},\"status\":{\"phase\":\"Pending\"}}");
        JsonNode bound = json.readTree("{\"spec\":{\"nodeName\":\"node-a\"},\"status\":{\"phase\":\"Running\"}}");

        assertThat(FieldSelector.parse("spec.nodeName=").matches(unbound)).isTrue();
        assertThat(FieldSelector.parse("spec.nodeName=").matches(bound)).isFalse();
        assertThat(FieldSelector.parse("spec.nodeName!=,status.phase=Running").matches(bound)).isTrue();
    }
}
