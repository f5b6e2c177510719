package io.kafkarpenter.model.crd;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An EC2NodeClass AMI alias {@code family@version}, e.g. {@code al2023@latest} or {@code al2023@v20240625}.
 *
 * @param family  lower-case alias family: al2, al2023, bottlerocket, windows2019 or windows2022
 * @param version {@code latest} or a pinned release
 */
public record AmiAlias(String family, String version) {
    /** Alias families Karpenter v1 supports. */
    public static final List<String> FAMILIES = List.of("al2", "al2023", "bottlerocket", "windows2019", "windows2022");
    public static final String LATEST = "latest";

    /**
     * Parses an alias.
     *
     * @throws IllegalArgumentException when it is not {@code family@version} with a supported family
     */
    public static AmiAlias parse(String alias) {
        if (alias == null || !alias.matches("^[a-zA-Z0-9]+@.+$")) {
            throw new IllegalArgumentException("alias \"" + alias + "\" is improperly formatted, must match the format 'family@version'");
        }
        int at = alias.indexOf('@');
        String family = alias.substring(0, at);
        String version = alias.substring(at + 1);
        if (!FAMILIES.contains(family)) {
            throw new IllegalArgumentException("alias family \"" + family + "\" is not supported, must be one of " + String.join(", ", FAMILIES));
        }
        if (family.startsWith("windows") && !version.equals(LATEST)) {
            throw new IllegalArgumentException("windows families may only specify version 'latest'");
        }
        return new AmiAlias(family, version);
    }

    /** The {@code amiFamily} this alias implies: AL2, AL2023, Bottlerocket, Windows2019 or Windows2022. */
    public String amiFamily() {
        return switch (family) {
            case "al2" -> "AL2";
            case "al2023" -> "AL2023";
            case "bottlerocket" -> "Bottlerocket";
            case "windows2019" -> "Windows2019";
            case "windows2022" -> "Windows2022";
            default -> family.toUpperCase(Locale.ROOT);
        };
    }

    public boolean isLatest() {
        return LATEST.equals(version);
    }

    /** The alias of an EC2NodeClass, if its AMI selector is an alias term. */
    public static Optional<AmiAlias> of(EC2NodeClassSpec spec) {
        if (spec == null || spec.getAmiSelectorTerms() == null) {
            return Optional.empty();
        }
        return spec.getAmiSelectorTerms().stream()
                .filter(term -> term != null && term.getAlias() != null && !term.getAlias().isEmpty())
                .findFirst()
                .map(term -> parse(term.getAlias()));
    }

    @Override
    public String toString() {
        return family + "@" + version;
    }
}
