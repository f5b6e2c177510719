package io.kafkarpenter.service.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.kafkarpenter.model.crd.AmiAlias;
import io.kafkarpenter.model.crd.AmiSelectorTerm;
import io.kafkarpenter.model.crd.AmiStatus;
import io.kafkarpenter.model.crd.EC2NodeClass;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * The AMIs an EC2NodeClass' selector terms select, resolved by the tag-reconciler only (the single writer of
 * {@code status.amis}; the launcher and the consolidator read the status). No caching: the caller decides how often.
 *
 * <p>{@link #statuses} is what the tag-reconciler writes to {@code status.amis} (karpenter-aws §4.4): every AMI the
 * terms select with the requirements an instance type must meet to use it, one per requirement set (non-deprecated
 * first, then newest, then name), newest first. An {@code al2023} alias selects the EKS-optimized images by name
 * ({@code amazon-eks-node-al2023-<arch>-<variant>-<k8s>-<release>}; Karpenter reads SSM parameters, which name the same
 * images) for x86_64 × {standard, nvidia, neuron} and arm64 × {standard, nvidia}; the variant gives the requirements:
 * standard → {@code karpenter.k8s.aws/instance-gpu-count} and {@code instance-accelerator-count} DoesNotExist, nvidia →
 * {@code instance-gpu-count} Exists, neuron → {@code instance-accelerator-count} Exists; every AMI also carries
 * {@code kubernetes.io/arch In [amd64|arm64]}.
 */
public final class AmiResolver {

    private final Ec2Client ec2;

    public AmiResolver(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** EC2 filters for selector tags: {@code "*"} = the key exists. */
    public static List<Filter> tagFilters(Map<String, String> tags) {
        List<Filter> filters = new ArrayList<>();
        tags.forEach((k, v) -> filters.add("*".equals(v)
            ? Filter.builder().name("tag-key").values(k).build()
            : Filter.builder().name("tag:" + k).values(v).build()));
        return filters;
    }

    // ------------------------------------------------------------------ status.amis (the tag-reconciler)

    public static final String GPU_COUNT = "karpenter.k8s.aws/instance-gpu-count";
    public static final String ACCELERATOR_COUNT = "karpenter.k8s.aws/instance-accelerator-count";
    public static final String ARCH = "kubernetes.io/arch";

    private static final Pattern EKS_OPTIMIZED =
        Pattern.compile("^amazon-eks-node-al2023-(x86_64|arm64)-(standard|nvidia|neuron)-.*$");
    private static final List<String[]> AL2023_VARIANTS = List.of(new String[] {"x86_64", "standard"},
        new String[] {"x86_64", "nvidia"}, new String[] {"x86_64", "neuron"}, new String[] {"arm64", "standard"},
        new String[] {"arm64", "nvidia"});

    /** One resolved image: what {@code status.amis} lists. */
    public record Candidate(String id, String name, String creationDate, boolean deprecated,
                            List<NodeSelectorRequirement> requirements) {
        AmiStatus toStatus() {
            AmiStatus s = new AmiStatus();
            s.setId(id);
            s.setName(name);
            s.setDeprecated(deprecated ? Boolean.TRUE : null);
            s.setRequirements(requirements);
            return s;
        }

        String requirementKey() {
            StringBuilder b = new StringBuilder();
            requirements.stream().map(r -> r.getKey() + " " + r.getOperator() + " " + r.getValues())
                .sorted().forEach(k -> b.append(k).append(';'));
            return b.toString();
        }
    }

    /**
     * {@code status.amis} for the class' AMI selector terms.
     *
     * @param kubernetesVersion the cluster's {@code major.minor} (alias images are of that version); null = any
     * @param now               to tell deprecated images
     * @throws IllegalArgumentException an alias that is not {@code al2023@...}
     */
    public List<AmiStatus> statuses(EC2NodeClass nodeClass, String kubernetesVersion, Instant now) {
        List<AmiSelectorTerm> terms = nodeClass.getSpec() == null || nodeClass.getSpec().getAmiSelectorTerms() == null
            ? List.of() : nodeClass.getSpec().getAmiSelectorTerms();
        List<Candidate> found = new ArrayList<>();
        for (AmiSelectorTerm term : terms) {
            if (term.getAlias() != null) {
                found.addAll(aliasCandidates(AmiAlias.parse(term.getAlias()), kubernetesVersion, now));
            } else {
                for (Image image : describe(term)) {
                    found.add(candidate(image, List.of(arch(image)), now));
                }
            }
        }
        return newestPerRequirements(found).stream().map(Candidate::toStatus).toList();
    }

    private List<Candidate> aliasCandidates(AmiAlias alias, String kubernetesVersion, Instant now) {
        if (!"al2023".equals(alias.family())) {
            throw new IllegalArgumentException("alias " + alias + ": only al2023 aliases are supported");
        }
        String k8s = kubernetesVersion == null ? "*" : kubernetesVersion;
        String release = alias.isLatest() ? "*" : alias.version();
        List<String> names = AL2023_VARIANTS.stream()
            .map(v -> "amazon-eks-node-al2023-" + v[0] + "-" + v[1] + "-" + k8s + "-" + release).toList();
        List<Candidate> out = new ArrayList<>();
        ec2.describeImagesPaginator(r -> r.owners("amazon").includeDeprecated(true).filters(
                Filter.builder().name("name").values(names).build(),
                Filter.builder().name("state").values("available").build()))
            .images().forEach(image -> variantRequirements(image).ifPresent(req -> out.add(candidate(image, req, now))));
        return out;
    }

    private List<Image> describe(AmiSelectorTerm term) {
        if (term.getId() != null) {
            return ec2.describeImages(r -> r.imageIds(term.getId()).includeDeprecated(true)).images();
        }
        List<Filter> filters = new ArrayList<>();
        if (term.getName() != null) {
            filters.add(Filter.builder().name("name").values(term.getName()).build());
        }
        if (term.getTags() != null) {
            filters.addAll(tagFilters(term.getTags()));
        }
        filters.add(Filter.builder().name("state").values("available").build());
        // Karpenter: a name term without an owner looks at self and amazon
        String owner = term.getOwner();
        List<Image> images = new ArrayList<>();
        ec2.describeImagesPaginator(r -> {
            r.filters(filters).includeDeprecated(true);
            if (owner != null) {
                r.owners(owner);
            } else if (term.getName() != null) {
                r.owners("self", "amazon");
            }
        }).images().forEach(images::add);
        return images;
    }

    /** The requirements of an EKS-optimized AL2023 image from its name's variant; empty for any other name. */
    static Optional<List<NodeSelectorRequirement>> variantRequirements(Image image) {
        Matcher m = image.name() == null ? null : EKS_OPTIMIZED.matcher(image.name());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        List<NodeSelectorRequirement> req = new ArrayList<>();
        req.add(arch(image));
        switch (m.group(2)) {
            case "nvidia" -> req.add(requirement(GPU_COUNT, "Exists"));
            case "neuron" -> req.add(requirement(ACCELERATOR_COUNT, "Exists"));
            default -> {
                req.add(requirement(GPU_COUNT, "DoesNotExist"));
                req.add(requirement(ACCELERATOR_COUNT, "DoesNotExist"));
            }
        }
        return Optional.of(req);
    }

    /**
     * One image per requirement set: non-deprecated before deprecated, then the newest {@code creationDate}, then the
     * name; the result newest first (Karpenter's {@code MapToInstanceTypes} / status order).
     */
    static List<Candidate> newestPerRequirements(List<Candidate> found) {
        Comparator<Candidate> best = Comparator.comparing(Candidate::deprecated)
            .thenComparing(Comparator.comparing(Candidate::creationDate).reversed())
            .thenComparing(Candidate::name, Comparator.nullsLast(Comparator.naturalOrder()));
        Map<String, Candidate> byRequirements = new LinkedHashMap<>();
        found.stream().sorted(best).forEach(c -> byRequirements.putIfAbsent(c.requirementKey(), c));
        List<Candidate> out = new ArrayList<>(byRequirements.values());
        out.sort(Comparator.comparing(Candidate::creationDate).reversed().thenComparing(Candidate::id));
        return out;
    }

    private static Candidate candidate(Image image, List<NodeSelectorRequirement> requirements, Instant now) {
        boolean deprecated = image.deprecationTime() != null && !image.deprecationTime().isBlank()
            && !now.isBefore(Instant.parse(image.deprecationTime()));
        return new Candidate(image.imageId(), image.name(), image.creationDate() == null ? "" : image.creationDate(),
            deprecated, requirements);
    }

    private static NodeSelectorRequirement arch(Image image) {
        String arch = "arm64".equals(image.architectureAsString()) ? "arm64" : "amd64";
        return new NodeSelectorRequirement(ARCH, "In", List.of(arch));
    }

    private static NodeSelectorRequirement requirement(String key, String operator) {
        return new NodeSelectorRequirement(key, operator, null);
    }
}
