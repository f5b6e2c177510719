package io.kafkarpenter.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.spi.LoginModule;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;

import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.network.ChannelBuilder;
import org.apache.kafka.common.network.SaslChannelBuilder;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

/**
 * Amazon MSK with IAM auth: the four Kafka settings the chart sets for {@code kafka.security: msk-iam}
 * ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG},
 * {@code KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS}) name classes every service has on its classpath, and Kafka's
 * client builds its SASL channel from them. No broker and no AWS call: credentials are only looked up when a broker
 * asks for the signed payload.
 */
class MskIamAuthTest {

    static final String LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";
    static final String CALLBACK_HANDLER = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";
    static final String JAAS_CONFIG = LOGIN_MODULE + " required;";

    @Test
    void theLoginModuleAndTheCallbackHandlerLoadAsTheTypesKafkaExpects() throws Exception {
        assertThat(LoginModule.class.isAssignableFrom(Class.forName(LOGIN_MODULE))).isTrue();
        assertThat(AuthenticateCallbackHandler.class.isAssignableFrom(Class.forName(CALLBACK_HANDLER))).isTrue();
    }

    @Test
    void aKafkaClientConfiguredForMskIamBuildsItsSaslChannel() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "b-1.kafkarpenter.abc123.c2.kafka.us-east-1.amazonaws.com:9098");
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", "AWS_MSK_IAM");
        props.put("sasl.jaas.config", JAAS_CONFIG);
        props.put("sasl.client.callback.handler.class", CALLBACK_HANDLER);
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());

        // what KafkaProducer and KafkaConsumer do first: JAAS login with the module, the handler configured
        try (ChannelBuilder channels = ClientUtils.createChannelBuilder(new ProducerConfig(props), Time.SYSTEM,
                new LogContext())) {
            assertThat(channels).isInstanceOf(SaslChannelBuilder.class);
        }

        // and the SASL client Kafka's authenticator asks the JDK for, by mechanism name, is MSK's
        SaslClient client = Sasl.createSaslClient(new String[] {"AWS_MSK_IAM"}, null, "kafka",
            "b-1.kafkarpenter.abc123.c2.kafka.us-east-1.amazonaws.com", Map.of(), callbacks -> { });
        assertThat(client).isNotNull();
        // MSK names it per class loader ("AWS_MSK_IAM" or "AWS_MSK_IAM.<loader hash>"), so that two copies of the
        // library in one JVM (Quarkus' class loaders, test runners) each find their own
        assertThat(client.getMechanismName()).startsWith("AWS_MSK_IAM");
        assertThat(client.hasInitialResponse()).isTrue();
        client.dispose();
    }

    @Test
    void theCallbackHandlerRefusesAnotherMechanism() throws Exception {
        List<AppConfigurationEntry> entries = JaasContext.loadClientContext(
            Map.of("sasl.jaas.config", new Password(JAAS_CONFIG))).configurationEntries();
        assertThat(entries).extracting(AppConfigurationEntry::getLoginModuleName).containsExactly(LOGIN_MODULE);

        AuthenticateCallbackHandler handler = (AuthenticateCallbackHandler) Class.forName(CALLBACK_HANDLER)
            .getDeclaredConstructor().newInstance();
        handler.configure(Map.of(), "AWS_MSK_IAM", entries);
        handler.close();

        AuthenticateCallbackHandler scram = (AuthenticateCallbackHandler) Class.forName(CALLBACK_HANDLER)
            .getDeclaredConstructor().newInstance();
        assertThatThrownBy(() -> scram.configure(Map.of(), "SCRAM-SHA-512", entries))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
