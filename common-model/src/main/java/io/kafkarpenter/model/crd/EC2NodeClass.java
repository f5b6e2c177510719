package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Karpenter {@code karpenter.k8s.aws/v1} EC2NodeClass (cluster-scoped): subnets, security groups, AMIs, IAM role and launch settings for AWS. */
@Group(KarpenterApi.AWS_GROUP)
@Version(KarpenterApi.VERSION)
@Kind(KarpenterApi.EC2_NODE_CLASS_KIND)
@Plural("ec2nodeclasses")
@Singular("ec2nodeclass")
@Categories("karpenter")
@ShortNames({"ec2nc", "ec2ncs"})
@AdditionalPrinterColumn(name = "Ready", type = Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", type = Type.DATE, jsonPath = ".metadata.creationTimestamp")
@AdditionalPrinterColumn(name = "Role", type = Type.STRING, jsonPath = ".spec.role", priority = 1)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class EC2NodeClass extends CustomResource<EC2NodeClassSpec, EC2NodeClassStatus> {

    public EC2NodeClass() {
    }

    /** An EC2NodeClass with the given name and spec. */
    public EC2NodeClass(String name, EC2NodeClassSpec spec) {
        setMetadata(new ObjectMetaBuilder().withName(name).build());
        setSpec(spec);
    }
}
