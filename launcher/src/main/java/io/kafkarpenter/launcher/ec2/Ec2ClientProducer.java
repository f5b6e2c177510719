package io.kafkarpenter.launcher.ec2;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import io.kafkarpenter.launcher.LauncherConfig;

/**
 * The real AWS SDK v2 {@link Ec2Client} over the JDK's URLConnection, pointed at {@code kk.launcher.ec2.endpoint} when
 * set (the EC2 simulator). Throttling ({@code RequestLimitExceeded}) and 5xx answers are retried by the SDK's
 * standard retry strategy with exponential backoff and jitter, bounded by {@code kk.launcher.ec2.max-attempts}.
 */
@ApplicationScoped
public class Ec2ClientProducer {

    @Produces
    @ApplicationScoped
    public Ec2Client ec2Client(LauncherConfig config) {
        return configure(Ec2Client.builder(), config.ec2(), config.ec2().endpoint()).build();
    }

    /**
     * What every AWS client of the launcher (EC2, EKS, SQS) shares, from {@code kk.launcher.ec2.*}: the region, the JDK's
     * URLConnection, the SDK's standard retry strategy (throttling and 5xx retried with exponential backoff and jitter,
     * at most {@code max-attempts}), the {@link #credentials} and, when given, the endpoint override.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder,
                                                                                               LauncherConfig.Ec2 ec2,
                                                                                               Optional<URI> endpoint) {
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(ec2.retryBaseDelay(), ec2.retryMaxDelay());
        builder.region(Region.of(ec2.region()))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(Math.max(1, ec2.maxAttempts()))
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                .circuitBreakerEnabled(false)
                .build()));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.credentialsProvider(credentials(ec2));
    }

    /**
     * The launcher's AWS credentials (EC2 and EKS alike): {@code kk.launcher.ec2.access-key-id} and
     * {@code secret-access-key} when both are set, else the SDK's default chain (IRSA, Pod Identity, environment).
     */
    public static AwsCredentialsProvider credentials(LauncherConfig.Ec2 ec2) {
        if (ec2.accessKeyId().isPresent() && ec2.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ec2.accessKeyId().get(), ec2.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    public void close(@Disposes Ec2Client client) {
        client.close();
    }
}
