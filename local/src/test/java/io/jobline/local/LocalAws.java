package io.jobline.local;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients configured the way Jobline's functions build theirs, pointed at a local endpoint. */
final class LocalAws {

    static final Region REGION = Region.US_EAST_1;
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private LocalAws() {}

    static SesV2ClientBuilder sesBuilder(URI endpoint) {
        return SesV2Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .endpointOverride(endpoint);
    }

    static SesV2Client ses(URI endpoint) {
        return sesBuilder(endpoint).build();
    }

    static SqsClient sqs(URI endpoint) {
        return SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .endpointOverride(endpoint)
                .build();
    }
}
