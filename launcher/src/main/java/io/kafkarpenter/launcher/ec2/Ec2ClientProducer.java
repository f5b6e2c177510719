package io.kafkarpenter.launcher.ec2;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
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
        LauncherConfig.Ec2 ec2 = config.ec2();
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(ec2.retryBaseDelay(), ec2.retryMaxDelay());
        Ec2ClientBuilder builder = Ec2Client.builder()
            .region(Region.of(ec2.region()))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(Math.max(1, ec2.maxAttempts()))
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                .circuitBreakerEnabled(false)
                .build()));
        ec2.endpoint().ifPresent(builder::endpointOverride);
        return builder.credentialsProvider(credentials(ec2)).build();
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
