package io.kafkarpenter.tagreconciler.aws;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.service.aws.AwsClients;
import io.kafkarpenter.tagreconciler.TagReconcilerConfig;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The tag-reconciler's AWS SDK clients (service-support {@link AwsClients}), made on first use from
 * {@code kk.tag-reconciler.region} and the {@code ec2-/eks-/iam-endpoint} settings, closed at shutdown. A bean holding
 * the clients rather than producers of the SDK types, so no other bean of this service competes for them.
 */
@ApplicationScoped
public class AwsApis {

    private final TagReconcilerConfig config;
    private Ec2Client ec2;
    private EksClient eks;
    private IamClient iam;

    AwsApis(TagReconcilerConfig config) {
        this.config = config;
    }

    public synchronized Ec2Client ec2() {
        if (ec2 == null) {
            ec2 = AwsClients.ec2(config.region(), config.ec2Endpoint().orElse(null));
        }
        return ec2;
    }

    public synchronized EksClient eks() {
        if (eks == null) {
            eks = AwsClients.eks(config.region(), config.eksEndpoint().or(config::ec2Endpoint).orElse(null));
        }
        return eks;
    }

    public synchronized IamClient iam() {
        if (iam == null) {
            iam = AwsClients.iam(config.region(), config.iamEndpoint().or(config::ec2Endpoint).orElse(null));
        }
        return iam;
    }

    @PreDestroy
    synchronized void close() {
        if (ec2 != null) {
            ec2.close();
        }
        if (eks != null) {
            eks.close();
        }
        if (iam != null) {
            iam.close();
        }
    }
}
