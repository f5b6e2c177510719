package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.ec2.Resources.Vpc;
import java.util.ArrayList;
import java.util.List;

/**
 * EC2 DescribeVpcs and DescribeRouteTables (what tells public from private subnets), served by {@link Ec2Api} with the
 * same lock, faults, DryRun and error handling as every EC2 action.
 */
final class NetworkApi {
    private final Ec2State state;

    NetworkApi(Ec2State state) {
        this.state = state;
    }

    void registerWith(Ec2Api api) {
        api.register("DescribeVpcs", this::describeVpcs);
        api.register("DescribeRouteTables", this::describeRouteTables);
    }

    private void describeVpcs(QueryRequest request, XmlResponse out) {
        List<Filter> filters = request.filters();
        Filter.validate(filters, Vpc.FILTERS);
        Integer maxResults = Page.maxResults(request, 5, 1000);
        for (String id : request.list("VpcId")) {
            if (!Ids.isWellFormed(id, "vpc")) {
                throw Ec2Error.badRequest("InvalidVpcID.Malformed", "Invalid id: \"" + id + "\"");
            }
            if (!id.equals(state.vpc.id)) {
                throw Ec2Api.notFound(id);
            }
        }
        List<Vpc> selected = Filter.matchesAll(filters, state.vpc) ? List.of(state.vpc) : List.of();
        Page<Vpc> page = Page.of("DescribeVpcs", selected, maxResults, request.string("NextToken"), Integer.MAX_VALUE);
        out.items("vpcSet", page.items(), v -> {
            out.text("vpcId", v.id).text("ownerId", v.ownerId).text("state", "available").text("cidrBlock", v.cidr);
            out.items("cidrBlockAssociationSet", List.of(v.cidr), c -> out.text("cidrBlock", c)
                    .text("associationId", "vpc-cidr-assoc-" + v.id.substring(4))
                    .start("cidrBlockState").text("state", "associated").end());
            out.text("dhcpOptionsId", v.dhcpOptionsId).text("instanceTenancy", "default").text("isDefault", false);
            out.tagSet("tagSet", v.tags);
        });
        out.text("nextToken", page.nextToken());
    }

    private void describeRouteTables(QueryRequest request, XmlResponse out) {
        List<Filter> filters = request.filters();
        Filter.validate(filters, RouteTable.FILTERS);
        Integer maxResults = Page.maxResults(request, 5, 100);
        List<String> ids = request.list("RouteTableId");
        List<RouteTable> candidates = new ArrayList<>();
        for (String id : ids) {
            if (!Ids.isWellFormed(id, "rtb")) {
                throw Ec2Error.badRequest("InvalidRouteTableID.Malformed", "Invalid id: \"" + id + "\"");
            }
            RouteTable t = state.routeTables.get(id);
            if (t == null) {
                throw Ec2Api.notFound(id);
            }
            candidates.add(t);
        }
        if (ids.isEmpty()) {
            candidates.addAll(state.routeTables.values());
        }
        List<RouteTable> selected = candidates.stream().filter(t -> Filter.matchesAll(filters, t)).toList();
        Page<RouteTable> page = Page.of("DescribeRouteTables", selected, maxResults, request.string("NextToken"), Integer.MAX_VALUE);
        out.items("routeTableSet", page.items(), t -> {
            out.text("routeTableId", t.id).text("vpcId", t.vpcId).text("ownerId", t.ownerId);
            out.items("routeSet", t.routes, r -> out.text("destinationCidrBlock", r.destinationCidrBlock())
                    .text("gatewayId", r.gatewayId()).text("natGatewayId", r.natGatewayId())
                    .text("state", "active").text("origin", r.origin()));
            out.items("associationSet", t.associations, a -> out.text("routeTableAssociationId", a.id())
                    .text("routeTableId", t.id).text("subnetId", a.subnetId()).text("main", a.main())
                    .start("associationState").text("state", "associated").end());
            out.start("propagatingVgwSet").end();
            out.tagSet("tagSet", t.tags);
        });
        out.text("nextToken", page.nextToken());
    }
}
