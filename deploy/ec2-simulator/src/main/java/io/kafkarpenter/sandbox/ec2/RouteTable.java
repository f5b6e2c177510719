package io.kafkarpenter.sandbox.ec2;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A VPC route table: routes (destination → {@code local}, {@code igw-…} or {@code nat-…}) and associations (explicit,
 * with a subnet, or {@code main}: the table of every subnet without an explicit association). A subnet is public when
 * its table routes 0.0.0.0/0 to an internet gateway. Only touched while holding the {@link Ec2State} lock.
 */
final class RouteTable extends Resources.Taggable {
    static final Set<String> FILTERS = Set.of("association.subnet-id", "association.main", "association.route-table-id",
            "association.route-table-association-id", "association.gateway-id", "route-table-id", "route.gateway-id",
            "route.nat-gateway-id", "route.destination-cidr-block", "route.state", "route.origin", "vpc-id", "owner-id");

    /** One route; exactly one of gatewayId ({@code local}, {@code igw-…}) and natGatewayId is set. */
    record Route(String destinationCidrBlock, String gatewayId, String natGatewayId, String origin) {
    }

    /** An association with a subnet, or the main association (subnetId null, main true). */
    record Association(String id, String subnetId, boolean main) {
    }

    final String vpcId;
    final String ownerId;
    final List<Route> routes = new ArrayList<>();
    final List<Association> associations = new ArrayList<>();

    RouteTable(String id, String vpcId, String ownerId) {
        super(id);
        this.vpcId = vpcId;
        this.ownerId = ownerId;
    }

    @Override
    String resourceType() {
        return "route-table";
    }

    boolean routesToInternetGateway() {
        return routes.stream().anyMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())
                && r.gatewayId() != null && r.gatewayId().startsWith("igw-"));
    }

    boolean isMain() {
        return associations.stream().anyMatch(Association::main);
    }

    @Override
    public Collection<String> valuesOf(String filterName) {
        return switch (filterName) {
            case "route-table-id" -> List.of(id);
            case "vpc-id" -> List.of(vpcId);
            case "owner-id" -> List.of(ownerId);
            case "association.subnet-id" -> associations.stream().map(Association::subnetId).filter(s -> s != null).toList();
            case "association.main" -> associations.stream().map(a -> String.valueOf(a.main())).toList();
            case "association.route-table-id" -> associations.isEmpty() ? List.of() : List.of(id);
            case "association.route-table-association-id" -> associations.stream().map(Association::id).toList();
            case "association.gateway-id" -> List.of();
            case "route.gateway-id" -> routes.stream().map(Route::gatewayId).filter(g -> g != null).toList();
            case "route.nat-gateway-id" -> routes.stream().map(Route::natGatewayId).filter(g -> g != null).toList();
            case "route.destination-cidr-block" -> routes.stream().map(Route::destinationCidrBlock).toList();
            case "route.state" -> routes.isEmpty() ? List.of() : List.of("active");
            case "route.origin" -> routes.stream().map(Route::origin).toList();
            default -> null;
        };
    }
}
