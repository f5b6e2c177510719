package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.Image;

/** Publishing a newer AMI (AMI drift): from Java, over HTTP, from the state file; al2023@latest then finds it. */
class ImagesIT {
    private SimulatedEc2 sim;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    /** The launcher's lookup for {@code al2023@latest}: owner amazon, the standard image's name, newest first. */
    private String al2023Latest(String arch) {
        return sim.ec2.describeImagesPaginator(r -> r.owners("amazon").filters(
                        f -> f.name("name").values("amazon-eks-node-al2023-" + arch + "-standard-*"),
                        f -> f.name("state").values("available"))).images().stream()
                .max(Comparator.comparing(Image::creationDate)).map(Image::imageId).orElseThrow();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.simulator.endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theNextAl2023ReleaseIsWhatAl2023LatestResolvesTo() {
        sim = SimulatedEc2.start();
        String before = al2023Latest("x86_64");
        assertThat(sim.simulator.images().latestAl2023("x86_64").imageId()).isEqualTo(before);
        sim.clock.advance(Duration.ofMinutes(1));

        List<Images.Published> published = sim.simulator.images().publish(ImageSpec.nextAl2023());

        // the simulator's clock is 2026-11-27; its newest release was v20261101: the next one is "today"
        assertThat(published).extracting(Images.Published::name).containsExactly(
                "amazon-eks-node-al2023-x86_64-standard-1.34-v20261127",
                "amazon-eks-node-al2023-arm64-standard-1.34-v20261127");
        assertThat(published).extracting(Images.Published::creationDate).containsOnly(sim.clock.instant());
        assertThat(al2023Latest("x86_64")).isEqualTo(published.get(0).imageId()).isNotEqualTo(before);
        assertThat(al2023Latest("arm64")).isEqualTo(published.get(1).imageId());
        assertThat(sim.simulator.images().latestAl2023("amd64")).isEqualTo(published.get(0));

        // and the next one after that is the day after, for one architecture only
        List<Images.Published> again = sim.simulator.images().publish(ImageSpec.al2023(null, "arm64"));
        assertThat(again).extracting(Images.Published::name)
                .containsExactly("amazon-eks-node-al2023-arm64-standard-1.34-v20261128");
        assertThat(al2023Latest("x86_64")).isEqualTo(published.get(0).imageId());
    }

    @Test
    void aFleetWithoutAnImageLaunchesTheNewestRelease() {
        sim = SimulatedEc2.start();
        sim.ec2.createLaunchTemplate(r -> r.launchTemplateName(SimulatedEc2.LAUNCH_TEMPLATE)
                .launchTemplateData(d -> d.securityGroupIds(sim.nodeSecurityGroup())));
        String newer = sim.simulator.images().publish(ImageSpec.al2023("v20261206", "x86_64")).get(0).imageId();

        String instance = sim.ec2.createFleet(sim.fleet(DefaultTargetCapacityType.ON_DEMAND, 1,
                List.of(sim.override("m5.large", "us-east-1a"))).build()).instances().get(0).instanceIds().get(0);

        assertThat(sim.simulator.instance(instance).orElseThrow().imageId()).isEqualTo(newer);
    }

    @Test
    void aReleaseIsPublishedOverHttpAndListed() throws Exception {
        sim = SimulatedEc2.start();

        HttpResponse<String> post = send("POST", "/_sim/images", "{\"version\": \"v20261206\", \"architecture\": \"amd64\"}");

        assertThat(post.statusCode()).isEqualTo(201);
        assertThat(post.body()).contains("amazon-eks-node-al2023-x86_64-standard-1.34-v20261206").doesNotContain("arm64");
        String id = sim.simulator.images().latestAl2023("x86_64").imageId();
        assertThat(post.body()).contains(id);
        assertThat(al2023Latest("x86_64")).isEqualTo(id);
        assertThat(send("GET", "/_sim/images", null).body()).contains(id).contains("v20261001");

        HttpResponse<String> empty = send("POST", "/_sim/images", "");
        assertThat(empty.statusCode()).isEqualTo(201);
        assertThat(empty.body()).contains("x86_64-standard-1.34-v20261207").contains("arm64-standard-1.34-v20261207");
    }

    @Test
    void badOrDuplicateImagesAreRefusedWithTheReason() throws Exception {
        sim = SimulatedEc2.start();

        HttpResponse<String> arch = send("POST", "/_sim/images", "version: v20261206\narchitecture: sparc\n");
        HttpResponse<String> version = send("POST", "/_sim/images", "version: 2026-12-06\n");
        HttpResponse<String> duplicate = send("POST", "/_sim/images", "version: v20261101\n");

        assertThat(arch.statusCode()).isEqualTo(400);
        assertThat(arch.body()).contains("architecture").contains("sparc");
        assertThat(version.statusCode()).isEqualTo(400);
        assertThat(version.body()).contains("vYYYYMMDD");
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(duplicate.body()).contains("v20261101").contains("exists already");
        assertThatThrownBy(() -> sim.simulator.images().publish("amazon-eks-node-al2023-x86_64-standard-1.34-v20261001", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(sim.simulator.images().list()).hasSize(10);
    }

    @Test
    void theStateFilePublishesImagesAtStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state.yaml");
        Files.writeString(file, """
                images:
                  - {version: v20261205, architecture: arm64, creationDate: "2026-12-05T00:00:00Z"}
                  - {name: my-golden-image, description: golden}
                """);
        Ec2SimulatorConfig fromFile = Ec2SimulatorConfig.fromFile(file);
        sim = SimulatedEc2.start(c -> c.images(fromFile.images()));

        assertThat(sim.simulator.images().latestAl2023("arm64").name())
                .isEqualTo("amazon-eks-node-al2023-arm64-standard-1.34-v20261205");
        assertThat(sim.simulator.images().latestAl2023("arm64").creationDate()).isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
        assertThat(sim.simulator.images().latest("my-golden-*").orElseThrow().architecture()).isEqualTo("x86_64");
        assertThat(sim.ec2.describeImages(r -> r.owners("amazon").filters(f -> f.name("name").values("my-golden-image")))
                .images()).extracting(Image::description).containsExactly("golden");
    }
}
