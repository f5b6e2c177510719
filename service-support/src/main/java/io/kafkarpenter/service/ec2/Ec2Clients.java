package io.kafkarpenter.service.ec2;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/** An EC2 client (AWS SDK v2 over the JDK's HTTP client) for a region and an optional endpoint (the simulator). */
public final class Ec2Clients {

    private Ec2Clients() {
    }

    /** @param endpoint null = the SDK's default endpoint for the region */
    public static Ec2Client create(String region, URI endpoint) {
        Ec2ClientBuilder builder = Ec2Client.builder()
            .region(Region.of(region))
            .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.credentialsProvider(credentials(endpoint)).build();
    }

    /**
     * The SDK's default chain; against an overridden endpoint (the simulator) without AWS credentials in the
     * environment, fixed placeholder credentials, since the simulator does not check signatures.
     */
    public static AwsCredentialsProvider credentials(URI endpoint) {
        boolean hasEnv = System.getenv("AWS_ACCESS_KEY_ID") != null || System.getenv("AWS_PROFILE") != null
            || System.getProperty("aws.accessKeyId") != null;
        if (endpoint != null && !hasEnv) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("kafkarpenter", "simulator"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
