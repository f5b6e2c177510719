package io.kafkarpenter.launcher.interruption;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.ec2.Ec2ClientProducer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The real AWS SDK v2 {@link SqsClient} for the interruption queue, built on first use (only when a queue is set):
 * the EC2 client's region, credentials and retry policy ({@code kk.launcher.ec2.*}); endpoint
 * {@code kk.launcher.interruption.sqs-endpoint}, else {@code kk.launcher.ec2.endpoint} (the simulator serves SQS on
 * its EC2 port), else AWS's.
 */
@ApplicationScoped
public class SqsClientProducer {

    @Produces
    @ApplicationScoped
    public SqsClient sqsClient(LauncherConfig config) {
        return Ec2ClientProducer.configure(SqsClient.builder(), config.ec2(), endpoint(config)).build();
    }

    static Optional<URI> endpoint(LauncherConfig config) {
        return config.interruption().sqsEndpoint().or(() -> config.ec2().endpoint());
    }

    public void close(@Disposes SqsClient client) {
        client.close();
    }
}
