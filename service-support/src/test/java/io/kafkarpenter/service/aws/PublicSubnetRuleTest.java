package io.kafkarpenter.service.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteState;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** A subnet is public when its route table (explicit association, else the VPC's main table) has 0.0.0.0/0 → igw-*. */
class PublicSubnetRuleTest {

    private static final Subnet SUBNET = Subnet.builder().subnetId("subnet-1").vpcId("vpc-1").build();

    @Test
    void anExplicitlyAssociatedTableWithADefaultRouteToAnInternetGatewayMakesItPublic() {
        RouteTable table = table("rtb-1", "vpc-1", false, "subnet-1", route("0.0.0.0/0", "igw-1"));
        RouteTable main = table("rtb-main", "vpc-1", true, null, route("10.0.0.0/16", "local"));

        assertThat(DiscoveryInventoryReader.isPublic(SUBNET, List.of(main, table))).isTrue();
    }

    @Test
    void anExplicitTableWinsOverThePublicMainTable() {
        RouteTable nat = table("rtb-1", "vpc-1", false, "subnet-1",
            Route.builder().destinationCidrBlock("0.0.0.0/0").natGatewayId("nat-1").build());
        RouteTable main = table("rtb-main", "vpc-1", true, null, route("0.0.0.0/0", "igw-1"));

        assertThat(DiscoveryInventoryReader.isPublic(SUBNET, List.of(main, nat))).isFalse();
    }

    @Test
    void withoutAnExplicitAssociationTheMainTableOfItsVpcDecides() {
        RouteTable otherVpcMain = table("rtb-2", "vpc-2", true, null, route("0.0.0.0/0", "igw-2"));
        RouteTable main = table("rtb-main", "vpc-1", true, null, route("10.0.0.0/16", "local"));

        assertThat(DiscoveryInventoryReader.isPublic(SUBNET, List.of(otherVpcMain, main))).isFalse();
        assertThat(DiscoveryInventoryReader.isPublic(SUBNET,
            List.of(table("rtb-main", "vpc-1", true, null, route("0.0.0.0/0", "igw-1"))))).isTrue();
    }

    @Test
    void aDefaultRouteToSomethingElseOrABlackholeIsPrivateAndNoTableAtAllIsPrivate() {
        RouteTable vgw = table("rtb-1", "vpc-1", false, "subnet-1", route("0.0.0.0/0", "vgw-1"));
        RouteTable blackhole = table("rtb-1", "vpc-1", false, "subnet-1", Route.builder()
            .destinationCidrBlock("0.0.0.0/0").gatewayId("igw-1").state(RouteState.BLACKHOLE).build());

        assertThat(DiscoveryInventoryReader.isPublic(SUBNET, List.of(vgw))).isFalse();
        assertThat(DiscoveryInventoryReader.isPublic(SUBNET, List.of(blackhole))).isFalse();
        assertThat(DiscoveryInventoryReader.isPublic(SUBNET, List.of())).isFalse();
    }

    private static Route route(String cidr, String gateway) {
        return Route.builder().destinationCidrBlock(cidr).gatewayId(gateway).state(RouteState.ACTIVE).build();
    }

    private static RouteTable table(String id, String vpc, boolean main, String subnet, Route... routes) {
        return RouteTable.builder().routeTableId(id).vpcId(vpc).routes(routes)
            .associations(RouteTableAssociation.builder().routeTableId(id).main(main).subnetId(subnet).build())
            .build();
    }
}
