package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** Karpenter's template {@code ObjectMeta}: only labels and annotations. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class TemplateMetadata extends KubeValue {
    /** Labels applied to NodeClaims and their nodes. */
    @JsonProperty("labels")
    @JsonPropertyDescription("Labels applied to NodeClaims and their nodes.")
    private Map<String, String> labels;

    /** Annotations applied to NodeClaims and their nodes. */
    @JsonProperty("annotations")
    @JsonPropertyDescription("Annotations applied to NodeClaims and their nodes.")
    private Map<String, String> annotations;

    public Map<String, String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }
}
