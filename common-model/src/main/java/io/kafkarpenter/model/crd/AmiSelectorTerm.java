package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Selects AMIs by alias, tags, ID, name/owner or SSM parameter (fields ANDed). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class AmiSelectorTerm extends KubeValue {
    /** EKS-optimized AMI as family@version, e.g. al2023@latest or al2023@v20240625. */
    @JsonProperty("alias")
    @JsonPropertyDescription("EKS-optimized AMI as family@version, e.g. al2023@latest or al2023@v20240625.")
    @Size(max = 30)
    @ValidationRule(value = "self.matches('^[a-zA-Z0-9]+@.+$')", message = "'alias' is improperly formatted, must match the format 'family@version'")
    @ValidationRule(value = "self.split('@')[0] in ['al2','al2023','bottlerocket','windows2019','windows2022','windows2025']",
            message = "family is not supported, must be one of the following: 'al2', 'al2023', 'bottlerocket', 'windows2019', 'windows2022', 'windows2025'")
    @ValidationRule(value = "self.split('@')[0] in ['windows2019','windows2022','windows2025'] ? self.split('@')[1] == 'latest' : true",
            message = "windows families may only specify version 'latest'")
    private String alias;

    /** Tags the resource must have; the value * matches any value of the key. */
    @JsonProperty("tags")
    @JsonPropertyDescription("Tags the resource must have; the value * matches any value of the key.")
    @Size(max = 20)
    @ValidationRule(value = "self.all(k, k != '' && self[k] != '')", message = "empty tag keys or values aren't supported")
    private Map<String, String> tags;

    /** AMI ID. */
    @JsonProperty("id")
    @JsonPropertyDescription("AMI ID.")
    @Pattern("ami-[0-9a-z]+")
    private String id;

    /** AMI name (not the Name tag). */
    @JsonProperty("name")
    @JsonPropertyDescription("AMI name (not the Name tag).")
    private String name;

    /** AMI owner: account ID, self, amazon or aws-marketplace. */
    @JsonProperty("owner")
    @JsonPropertyDescription("AMI owner: account ID, self, amazon or aws-marketplace.")
    private String owner;

    /** SSM parameter (name or ARN) holding the AMI ID. */
    @JsonProperty("ssmParameter")
    @JsonPropertyDescription("SSM parameter (name or ARN) holding the AMI ID.")
    private String ssmParameter;

    public String getAlias() {
        return alias;
    }

    public void setAlias(String alias) {
        this.alias = alias;
    }

    public Map<String, String> getTags() {
        return tags;
    }

    public void setTags(Map<String, String> tags) {
        this.tags = tags;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getOwner() {
        return owner;
    }

    public void setOwner(String owner) {
        this.owner = owner;
    }

    public String getSsmParameter() {
        return ssmParameter;
    }

    public void setSsmParameter(String ssmParameter) {
        this.ssmParameter = ssmParameter;
    }

    public AmiSelectorTerm() {
    }

    /** A term that selects by alias only. */
    public static AmiSelectorTerm ofAlias(String alias) {
        AmiSelectorTerm term = new AmiSelectorTerm();
        term.setAlias(alias);
        return term;
    }
}
