package io.kafkarpenter.service.ec2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kafkarpenter.model.crd.AmiSelectorTerm;
import io.kafkarpenter.model.crd.AmiStatus;
import io.kafkarpenter.model.crd.EC2NodeClass;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * The AMIs of an EC2NodeClass, one per architecture ({@code amd64}, {@code arm64}), newest first: the NodeClass
 * status' AMIs when the tag-reconciler has resolved them (AMIs with special requirements, e.g. GPU variants, left
 * out), else its selector terms resolved with DescribeImages (an {@code al2023@<version>} alias by the EKS-optimized
 * image name, standard variant, since the simulator has no SSM; an id; a name/tags/owner). Shared by the launcher
 * (which AMI to launch) and the consolidator (AMI drift). No caching: callers decide how often to ask.
 */
public final class AmiResolver {

    private final Ec2Client ec2;

    public AmiResolver(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** Architecture ({@code amd64}, {@code arm64}) to AMI id. */
    public Map<String, String> amis(EC2NodeClass nodeClass) {
        Map<String, String> fromStatus = fromStatus(nodeClass);
        if (!fromStatus.isEmpty()) {
            return fromStatus;
        }
        return fromSelectors(nodeClass);
    }

    /** The NodeClass status' AMIs, one per architecture (first listed wins); empty when none is resolved. */
    public static Map<String, String> fromStatus(EC2NodeClass nodeClass) {
        Map<String, String> out = new LinkedHashMap<>();
        if (nodeClass.getStatus() != null && nodeClass.getStatus().getAmis() != null) {
            for (AmiStatus ami : nodeClass.getStatus().getAmis()) {
                String arch = ami.getRequirements() == null ? null : ami.getRequirements().stream()
                    .filter(r -> "kubernetes.io/arch".equals(r.getKey()) && "In".equals(r.getOperator()))
                    .flatMap(r -> r.getValues().stream()).findFirst().orElse(null);
                boolean special = ami.getRequirements() != null && ami.getRequirements().stream()
                    .anyMatch(r -> "Exists".equals(r.getOperator()));
                if (arch != null && !special) {
                    out.putIfAbsent(arch, ami.getId());
                }
            }
        }
        return out;
    }

    /** The selector terms resolved with DescribeImages, newest image per architecture. */
    public Map<String, String> fromSelectors(EC2NodeClass nodeClass) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Image> images = new ArrayList<>();
        List<AmiSelectorTerm> terms = nodeClass.getSpec() == null || nodeClass.getSpec().getAmiSelectorTerms() == null
            ? List.of() : nodeClass.getSpec().getAmiSelectorTerms();
        for (AmiSelectorTerm term : terms) {
            if (term.getAlias() != null) {
                String version = term.getAlias().contains("@")
                    ? term.getAlias().substring(term.getAlias().indexOf('@') + 1) : "latest";
                for (String ec2Arch : List.of("x86_64", "arm64")) {
                    String name = "amazon-eks-node-al2023-" + ec2Arch + "-standard-*"
                        + ("latest".equals(version) ? "" : "-" + version);
                    ec2.describeImagesPaginator(r -> r.owners("amazon").filters(
                        Filter.builder().name("name").values(name).build(),
                        Filter.builder().name("state").values("available").build())).images().forEach(images::add);
                }
            } else if (term.getId() != null) {
                images.addAll(ec2.describeImages(r -> r.imageIds(term.getId())).images());
            } else {
                List<Filter> filters = new ArrayList<>();
                if (term.getName() != null) {
                    filters.add(Filter.builder().name("name").values(term.getName()).build());
                }
                if (term.getTags() != null) {
                    filters.addAll(tagFilters(term.getTags()));
                }
                filters.add(Filter.builder().name("state").values("available").build());
                String owner = term.getOwner();
                ec2.describeImagesPaginator(r -> {
                    r.filters(filters);
                    if (owner != null) {
                        r.owners(owner);
                    }
                }).images().forEach(images::add);
            }
        }
        images.sort(Comparator.comparing((Image i) -> i.creationDate() == null ? "" : i.creationDate()).reversed());
        for (Image image : images) {
            String arch = "arm64".equals(image.architectureAsString()) ? "arm64" : "amd64";
            out.putIfAbsent(arch, image.imageId());
        }
        return out;
    }

    /** EC2 filters for selector tags: {@code "*"} = the key exists. */
    public static List<Filter> tagFilters(Map<String, String> tags) {
        List<Filter> filters = new ArrayList<>();
        tags.forEach((k, v) -> filters.add("*".equals(v)
            ? Filter.builder().name("tag-key").values(k).build()
            : Filter.builder().name("tag:" + k).values(v).build()));
        return filters;
    }
}
