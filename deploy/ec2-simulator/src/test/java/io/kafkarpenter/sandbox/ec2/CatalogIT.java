package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

class CatalogIT {
    private SimulatedEc2 sim;

    @BeforeEach
    void start() {
        sim = SimulatedEc2.start(c -> c.unofferedTypes(Map.of("us-east-1c", List.of("g5.xlarge", "g5.2xlarge"))));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void describeInstanceTypesServesTheCatalogPageByPage() {
        List<InstanceTypeInfo> all = sim.ec2.describeInstanceTypesPaginator(r -> r.maxResults(10)).instanceTypes().stream().toList();

        assertThat(all).hasSize(42);
        InstanceTypeInfo m6g = all.stream().filter(t -> t.instanceTypeAsString().equals("m6g.xlarge")).findFirst().orElseThrow();
        assertThat(m6g.vCpuInfo().defaultVCpus()).isEqualTo(4);
        assertThat(m6g.memoryInfo().sizeInMiB()).isEqualTo(16384L);
        assertThat(m6g.processorInfo().supportedArchitecturesAsStrings()).containsExactly("arm64");
        assertThat(m6g.networkInfo().maximumNetworkInterfaces()).isEqualTo(4);
        assertThat(m6g.networkInfo().ipv4AddressesPerInterface()).isEqualTo(15);
        assertThat(m6g.hypervisorAsString()).isEqualTo("nitro");
        assertThat(m6g.supportedUsageClassesAsStrings()).contains("spot", "on-demand");

        InstanceTypeInfo g5 = sim.ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings("g5.xlarge")).instanceTypes().get(0);
        assertThat(g5.gpuInfo().gpus()).singleElement().satisfies(gpu -> {
            assertThat(gpu.manufacturer()).isEqualTo("nvidia");
            assertThat(gpu.count()).isEqualTo(1);
        });
        assertThat(g5.instanceStorageInfo().totalSizeInGB()).isPositive();
    }

    @Test
    void describeInstanceTypesFiltersByArchitecture() {
        List<InstanceTypeInfo> arm = sim.ec2.describeInstanceTypesPaginator(r -> r.filters(
                f -> f.name("processor-info.supported-architecture").values("arm64"))).instanceTypes().stream().toList();

        assertThat(arm).hasSize(14);
        assertThatThrownBy(() -> sim.ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings("z9.huge")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceType"));
    }

    @Test
    void offeringsListEveryTypeInEveryZoneExceptTheUnoffered() {
        List<InstanceTypeOffering> offerings = sim.ec2.describeInstanceTypeOfferingsPaginator(
                r -> r.locationType(LocationType.AVAILABILITY_ZONE).maxResults(50)).instanceTypeOfferings().stream().toList();

        assertThat(offerings).hasSize(42 * 3 - 2);
        assertThat(offerings).filteredOn(o -> o.instanceTypeAsString().equals("g5.xlarge"))
                .extracting(InstanceTypeOffering::location).containsExactly("us-east-1a", "us-east-1b");
        assertThat(sim.ec2.describeInstanceTypeOfferings(r -> r.locationType(LocationType.AVAILABILITY_ZONE_ID)
                .filters(f -> f.name("instance-type").values("m5.large"))).instanceTypeOfferings())
                .extracting(InstanceTypeOffering::location).containsExactly("use1-az1", "use1-az2", "use1-az3");
        assertThat(sim.ec2.describeInstanceTypeOfferings(r -> r.maxResults(1000)).instanceTypeOfferings()).hasSize(42)
                .extracting(InstanceTypeOffering::location).containsOnly("us-east-1");
    }

    @Test
    void spotPricesAreADeterministicFractionOfOnDemandUnlessOverridden() {
        sim.simulator.spotPrice("m5.large", "us-east-1b", 0.0123);

        List<SpotPrice> prices = sim.ec2.describeSpotPriceHistoryPaginator(r -> r.productDescriptions("Linux/UNIX")
                .instanceTypesWithStrings("m5.large", "c5.large")).spotPriceHistory().stream().toList();

        assertThat(prices).hasSize(6);
        assertThat(prices).allSatisfy(p -> {
            double price = Double.parseDouble(p.spotPrice());
            double onDemand = p.instanceTypeAsString().equals("m5.large") ? 0.096 : 0.085;
            if (!(p.instanceTypeAsString().equals("m5.large") && p.availabilityZone().equals("us-east-1b"))) {
                assertThat(price).isBetween(0.25 * onDemand, 0.65 * onDemand);
            }
            assertThat(p.timestamp()).isNotNull();
        });
        assertThat(prices).filteredOn(p -> p.availabilityZone().equals("us-east-1b") && p.instanceTypeAsString().equals("m5.large"))
                .singleElement().satisfies(p -> assertThat(p.spotPrice()).isEqualTo("0.012300"));
        List<SpotPrice> again = sim.ec2.describeSpotPriceHistoryPaginator(r -> r.instanceTypesWithStrings("m5.large", "c5.large"))
                .spotPriceHistory().stream().toList();
        assertThat(again).extracting(SpotPrice::spotPrice).isEqualTo(prices.stream().map(SpotPrice::spotPrice).toList());
    }
}
