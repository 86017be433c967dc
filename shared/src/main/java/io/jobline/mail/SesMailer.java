package io.jobline.mail;

import io.jobline.config.Config;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/** Sends through SES v2 ({@code POST /v2/email/outbound-emails}). */
public final class SesMailer implements Mailer {

    private final SesV2Client ses;

    public SesMailer(SesV2Client ses) {
        this.ses = ses;
    }

    public static SesV2Client client(Config config) {
        SesV2ClientBuilder builder = SesV2Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10)))
                .region(Region.of(config.awsRegion()));
        config.sesEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public String send(Email email, String defaultFrom) {
        Body.Builder body = Body.builder();
        email.text().ifPresent(text -> body.text(Content.builder().data(text).charset("UTF-8").build()));
        email.html().ifPresent(html -> body.html(Content.builder().data(html).charset("UTF-8").build()));
        SendEmailRequest request = SendEmailRequest.builder()
                .fromEmailAddress(email.from().orElse(defaultFrom))
                .destination(Destination.builder()
                        .toAddresses(email.to())
                        .ccAddresses(email.cc())
                        .bccAddresses(email.bcc())
                        .build())
                .replyToAddresses(email.replyTo())
                .content(EmailContent.builder()
                        .simple(Message.builder()
                                .subject(Content.builder().data(email.subject()).charset("UTF-8").build())
                                .body(body.build())
                                .build())
                        .build())
                .build();
        try {
            return ses.sendEmail(request).messageId();
        } catch (MessageRejectedException
                | MailFromDomainNotVerifiedException
                | BadRequestException
                | NotFoundException e) {
            throw new MailRejectedException("SES rejected the message: " + serviceMessage(e), e);
        } catch (AccountSuspendedException e) {
            // An operator has to act; retrying with backoff gives them the job's remaining attempts to do so.
            throw new MailUnavailableException("SES account is suspended: " + serviceMessage(e), e);
        } catch (SdkException e) {
            throw new MailUnavailableException("SES could not take the message: " + serviceMessage(e), e);
        }
    }

    private static String serviceMessage(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }
}
