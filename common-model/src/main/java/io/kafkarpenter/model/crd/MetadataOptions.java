package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Instance metadata service options of the launch template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MetadataOptions extends KubeValue {
    /** enabled (default) or disabled. */
    @JsonProperty("httpEndpoint")
    @JsonPropertyDescription("enabled (default) or disabled.")
    @Default("enabled")
    @ValidationRule(value = "self in ['enabled', 'disabled']", message = "httpEndpoint must be enabled or disabled")
    private String httpEndpoint;

    /** enabled or disabled (default). */
    @JsonProperty("httpProtocolIPv6")
    @JsonPropertyDescription("enabled or disabled (default).")
    @Default("disabled")
    @ValidationRule(value = "self in ['enabled', 'disabled']", message = "httpProtocolIPv6 must be enabled or disabled")
    private String httpProtocolIPv6;

    /** PUT response hop limit, 1 (default) to 64. */
    @JsonProperty("httpPutResponseHopLimit")
    @JsonPropertyDescription("PUT response hop limit, 1 (default) to 64.")
    @Default("1")
    @Min(1)
    @Max(64)
    private Long httpPutResponseHopLimit;

    /** required (default, IMDSv2) or optional. */
    @JsonProperty("httpTokens")
    @JsonPropertyDescription("required (default, IMDSv2) or optional.")
    @Default("required")
    @ValidationRule(value = "self in ['required', 'optional']", message = "httpTokens must be required or optional")
    private String httpTokens;

    public String getHttpEndpoint() {
        return httpEndpoint;
    }

    public void setHttpEndpoint(String httpEndpoint) {
        this.httpEndpoint = httpEndpoint;
    }

    public String getHttpProtocolIPv6() {
        return httpProtocolIPv6;
    }

    public void setHttpProtocolIPv6(String httpProtocolIPv6) {
        this.httpProtocolIPv6 = httpProtocolIPv6;
    }

    public Long getHttpPutResponseHopLimit() {
        return httpPutResponseHopLimit;
    }

    public void setHttpPutResponseHopLimit(Long httpPutResponseHopLimit) {
        this.httpPutResponseHopLimit = httpPutResponseHopLimit;
    }

    public String getHttpTokens() {
        return httpTokens;
    }

    public void setHttpTokens(String httpTokens) {
        this.httpTokens = httpTokens;
    }
}
