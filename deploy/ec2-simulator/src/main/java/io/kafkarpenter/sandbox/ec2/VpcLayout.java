package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.ec2.Resources.Subnet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The network around the private subnets, built like the workshop's eksctl VPC: the VPC's main route table (local
 * route only), per zone a private route table (0.0.0.0/0 → {@code nat-…}) explicitly associated with the private
 * subnet, and with {@code publicSubnets} per zone a public subnet {@code 10.0.<101+i>.0/24} (tagged
 * {@code kubernetes.io/role/elb=1}, mapping public IPs) associated with one public route table (0.0.0.0/0 →
 * {@code igw-…}); then the EKS cluster over all of them. Runs last in {@link Ec2State}'s constructor so the ids of
 * the older resources do not move.
 */
final class VpcLayout {
    private VpcLayout() {
    }

    static void create(Ec2State state) {
        Ec2SimulatorConfig config = state.config;
        List<Subnet> privateSubnets = new ArrayList<>(state.subnets.values());

        RouteTable main = routeTable(state);
        main.associations.add(new RouteTable.Association(state.ids.next("rtbassoc"), null, true));

        for (Subnet subnet : privateSubnets) {
            RouteTable table = routeTable(state);
            table.tags.put("Name", config.clusterName() + "-private-" + subnet.zone);
            table.routes.add(new RouteTable.Route("0.0.0.0/0", null, state.ids.next("nat"), "CreateRoute"));
            table.associations.add(new RouteTable.Association(state.ids.next("rtbassoc"), subnet.id, false));
        }

        List<Subnet> publicSubnets = new ArrayList<>();
        if (config.publicSubnets()) {
            RouteTable table = routeTable(state);
            table.tags.put("Name", config.clusterName() + "-public");
            table.routes.add(new RouteTable.Route("0.0.0.0/0", state.ids.next("igw"), null, "CreateRoute"));
            int index = 0;
            for (String zone : config.zones()) {
                Subnet subnet = state.addSubnet(zone, Ec2State.subnetOctet(config, index++, true), true);
                subnet.tags.put("Name", config.clusterName() + "-public-" + zone);
                subnet.tags.put("kubernetes.io/role/elb", "1");
                table.associations.add(new RouteTable.Association(state.ids.next("rtbassoc"), subnet.id, false));
                publicSubnets.add(subnet);
            }
        }

        String clusterGroup = state.securityGroups.values().stream()
                .filter(g -> g.name.equals("eks-cluster-sg-" + config.clusterName())).map(g -> g.id).findFirst().orElseThrow();
        EksCluster cluster = new EksCluster(config.clusterName(), config.region(), config.accountId(),
                config.kubernetesVersion(), Instant.parse("2026-10-01T00:00:00Z"), state.vpc.id, clusterGroup);
        privateSubnets.forEach(s -> cluster.subnetIds.add(s.id));
        publicSubnets.forEach(s -> cluster.subnetIds.add(s.id));
        state.cluster = cluster;
    }

    private static RouteTable routeTable(Ec2State state) {
        RouteTable table = new RouteTable(state.ids.next("rtb"), state.vpc.id, state.config.accountId());
        table.routes.add(new RouteTable.Route(state.vpc.cidr, "local", null, "CreateRouteTable"));
        state.routeTables.put(table.id, table);
        return table;
    }

    /** The table a subnet uses: its explicit association, else the VPC's main table. */
    static RouteTable tableOf(Ec2State state, String subnetId) {
        RouteTable main = null;
        for (RouteTable t : state.routeTables.values()) {
            for (RouteTable.Association a : t.associations) {
                if (subnetId.equals(a.subnetId())) {
                    return t;
                }
                if (a.main()) {
                    main = t;
                }
            }
        }
        return main;
    }

}
