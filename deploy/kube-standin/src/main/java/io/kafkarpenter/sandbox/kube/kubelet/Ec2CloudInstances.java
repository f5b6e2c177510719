package io.kafkarpenter.sandbox.kube.kubelet;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's instances from EC2: {@code DescribeInstances} (paginated) filtered by the ownership tag Karpenter
 * puts on every instance it launches, {@code kubernetes.io/cluster/<cluster>=owned}.
 */
public final class Ec2CloudInstances implements CloudInstances {

    private final Ec2Client ec2;
    private final String cluster;

    public Ec2CloudInstances(Ec2Client ec2, String cluster) {
        this.ec2 = ec2;
        this.cluster = cluster;
    }

    @Override
    public List<CloudInstance> list() {
        var request = DescribeInstancesRequest.builder()
                .filters(Filter.builder().name("tag:kubernetes.io/cluster/" + cluster).values("owned").build())
                .maxResults(1000)
                .build();
        var instances = new ArrayList<CloudInstance>();
        ec2.describeInstancesPaginator(request).reservations().forEach(reservation ->
                reservation.instances().forEach(i -> instances.add(toCloudInstance(i))));
        return instances;
    }

    static CloudInstance toCloudInstance(Instance i) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : i.tags()) {
            tags.put(tag.key(), tag.value());
        }
        return new CloudInstance(i.instanceId(), i.instanceTypeAsString(),
                i.placement() == null ? "" : i.placement().availabilityZone(),
                i.state() == null ? "" : i.state().nameAsString(),
                i.privateDnsName(), i.privateIpAddress(), i.launchTime(),
                "spot".equals(i.instanceLifecycleAsString()), tags);
    }
}
