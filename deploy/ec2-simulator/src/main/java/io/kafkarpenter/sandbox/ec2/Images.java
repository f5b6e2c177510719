package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.ec2.Resources.Image;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The simulated account's AMIs: the EKS-optimized AL2023 releases it starts with, and the ones published later (from
 * tests, the state file's {@code images:}, {@code POST /_sim/images}, {@code bin/kk ec2sim publish-ami}) — a newer
 * AL2023 release is what makes {@code al2023@latest} resolve to a new image, i.e. AMI drift.
 *
 * <pre>{@code
 * List<Images.Published> newer = ec2.images().publish(ImageSpec.nextAl2023());   // x86_64 and arm64
 * ec2.images().latestAl2023("x86_64");   // the image the launcher's DescribeImages lookup for al2023@latest finds
 * }</pre>
 */
public final class Images {
    private static final DateTimeFormatter RELEASE = DateTimeFormatter.ofPattern("'v'yyyyMMdd");

    /** An image as published: its id, name, architecture and creation date. */
    public record Published(String imageId, String name, String architecture, Instant creationDate) {
    }

    private final Ec2State state;

    Images(Ec2State state) {
        this.state = state;
    }

    /**
     * Publishes the images the spec describes (one per architecture for an AL2023 release without an architecture).
     * A name already taken is refused ({@code IllegalArgumentException}), as EC2 refuses a duplicate AMI name.
     */
    public List<Published> publish(ImageSpec spec) {
        synchronized (state) {
            Instant created = spec.creationDate() != null ? spec.creationDate() : newestFromNow();
            List<String[]> toPublish = new ArrayList<>(); // name, architecture, description
            if (spec.name() != null) {
                String arch = spec.architecture() != null ? spec.architecture()
                        : spec.name().contains("arm64") ? "arm64" : "x86_64";
                toPublish.add(new String[] {spec.name(), arch,
                    spec.description() != null ? spec.description() : spec.name()});
            } else {
                String version = spec.version() != null ? spec.version() : nextAl2023Version();
                String k8s = state.config.kubernetesVersion();
                for (String arch : spec.architecture() != null ? List.of(spec.architecture()) : ImageSpec.ARCHITECTURES) {
                    toPublish.add(new String[] {al2023Name(arch, version), arch, spec.description() != null
                        ? spec.description()
                        : "EKS-optimized Kubernetes node based on Amazon Linux 2023, (k8s: " + k8s + ", variant: standard)"});
                }
            }
            for (String[] image : toPublish) {
                if (state.images.values().stream().anyMatch(i -> i.name.equals(image[0]))) {
                    throw new IllegalArgumentException("an image named " + image[0] + " exists already "
                            + "(InvalidAMIName.Duplicate)");
                }
            }
            List<Published> out = new ArrayList<>();
            for (String[] image : toPublish) {
                Image added = state.addImage(image[0], image[2], image[1], Ec2State.AMAZON_OWNER_ID, "amazon", created);
                out.add(published(added));
            }
            return out;
        }
    }

    /** Publishes one image by name (owner amazon, created now); returns its id. */
    public String publish(String name, String architecture) {
        return publish(ImageSpec.named(name, architecture)).get(0).imageId();
    }

    /** Every image, oldest first. */
    public List<Published> list() {
        synchronized (state) {
            return state.images.values().stream().sorted(Comparator.comparing((Image i) -> i.creationDate))
                    .map(Images::published).toList();
        }
    }

    /** The newest image whose name matches the EC2 wildcard pattern. */
    public Optional<Published> latest(String namePattern) {
        synchronized (state) {
            return state.images.values().stream().filter(i -> Filter.glob(namePattern).matcher(i.name).matches())
                    .max(Comparator.comparing((Image i) -> i.creationDate)).map(Images::published);
        }
    }

    /**
     * What {@code al2023@latest} resolves to for an architecture ({@code x86_64} or {@code arm64}): the newest image
     * named {@code amazon-eks-node-al2023-<arch>-standard-*}, as the launcher's DescribeImages lookup finds it.
     */
    public Published latestAl2023(String architecture) {
        String arch = ImageSpec.al2023(null, architecture).architecture();
        return latest("amazon-eks-node-al2023-" + arch + "-standard-*").orElseThrow();
    }

    /**
     * Now, in whole seconds (EC2 prints creation dates to the millisecond and Karpenter sorts them as text), and a
     * second after the newest image at the earliest: a published image is always the newest one.
     */
    private Instant newestFromNow() {
        Instant now = state.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant newest = state.images.values().stream().map(i -> i.creationDate).max(Instant::compareTo).orElse(now);
        return now.isAfter(newest) ? now : newest.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
    }

    private String al2023Name(String arch, String version) {
        return "amazon-eks-node-al2023-" + arch + "-standard-" + state.config.kubernetesVersion() + "-" + version;
    }

    /** The day after the newest AL2023 release, today (the simulator's clock, UTC) at the earliest. */
    private String nextAl2023Version() {
        LocalDate today = LocalDate.ofInstant(state.now(), ZoneOffset.UTC);
        LocalDate next = today;
        for (Image i : state.images.values()) {
            String name = i.name;
            int v = name.lastIndexOf("-v");
            if (name.startsWith("amazon-eks-node-al2023-") && v > 0 && name.substring(v + 1).matches("v\\d{8}")) {
                LocalDate released = LocalDate.parse(name.substring(v + 1), RELEASE);
                if (!released.isBefore(next)) {
                    next = released.plusDays(1);
                }
            }
        }
        return next.format(RELEASE);
    }

    private static Published published(Image i) {
        return new Published(i.id, i.name, i.architecture, i.creationDate);
    }
}
