package io.kafkarpenter.sandbox.ec2;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * An AMI to publish, as data: an entry of the state file's {@code images:} list, the body of
 * {@code POST /_sim/images} (YAML or JSON), or the argument of {@link Images#publish(ImageSpec)}. Every field is
 * optional.
 * <pre>
 * # an EKS-optimized AL2023 release (standard variant, the simulator's Kubernetes version), what al2023@latest finds:
 * version: v20261206          # default: the day after the newest AL2023 release (today at the earliest)
 * architecture: arm64         # default: one image per architecture, x86_64 and arm64
 * creationDate: 2026-12-06T00:00:00Z   # default: now (so that it is the newest)
 *
 * # or any image by name (owner amazon), e.g. for an EC2NodeClass selecting by name:
 * name: my-golden-image-2026-12-06
 * architecture: x86_64        # default: x86_64, or arm64 when the name says so
 * description: golden image
 * </pre>
 * With both {@code name} and {@code version}, the name wins. The images are owned by Amazon (alias {@code amazon}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageSpec(String name, String version, String architecture, Instant creationDate, String description) {

    /** The architectures EC2 names ({@code x86_64}, {@code arm64}). */
    public static final List<String> ARCHITECTURES = List.of("x86_64", "arm64");

    public ImageSpec {
        if (architecture != null) {
            architecture = switch (architecture) {
                case "amd64", "x86_64" -> "x86_64";
                case "arm64", "aarch64" -> "arm64";
                default -> throw new IllegalArgumentException("architecture: x86_64 or arm64 (amd64 and aarch64 are "
                        + "taken too), was '" + architecture + "'");
            };
        }
        if (version != null && !version.matches("v\\d{8}")) {
            throw new IllegalArgumentException("version: an AL2023 release as vYYYYMMDD (e.g. v20261206), was '"
                    + version + "'");
        }
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank");
        }
    }

    /** The next EKS-optimized AL2023 release, for every architecture. */
    public static ImageSpec nextAl2023() {
        return new ImageSpec(null, null, null, null, null);
    }

    /** An EKS-optimized AL2023 release; a null version is the next one, a null architecture means both. */
    public static ImageSpec al2023(String version, String architecture) {
        return new ImageSpec(null, version, architecture, null, null);
    }

    /** Any image by name. */
    public static ImageSpec named(String name, String architecture) {
        return new ImageSpec(name, null, architecture, null, null);
    }

    public ImageSpec withCreationDate(Instant at) {
        return new ImageSpec(name, version, architecture, at, description);
    }

    /** Reads one spec from YAML or JSON; a blank document is {@link #nextAl2023()}. */
    public static ImageSpec fromYaml(String yamlOrJson) {
        if (yamlOrJson == null || yamlOrJson.isBlank()) {
            return nextAl2023();
        }
        try {
            return Ec2SimulatorConfig.readYaml(yamlOrJson, ImageSpec.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new UncheckedIOException("invalid image document: " + cause.getMessage(), new IOException(cause));
        }
    }
}
