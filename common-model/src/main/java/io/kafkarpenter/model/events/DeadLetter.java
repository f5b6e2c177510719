package io.kafkarpenter.model.events;

import io.kafkarpenter.model.pods.Fields;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Payload of {@code kk.dlq.<service>} ({@link Topics#dlq}): a record a service could not process, with its
 * error. The raw value is kept as UTF-8 text when it is valid UTF-8, else base64 ({@code valueEncoding}).
 * The record key on the dead-letter topic is the original key.
 *
 * @param topic        original topic (required)
 * @param partition    original partition
 * @param offset       original offset
 * @param key          original key as text (null if none)
 * @param value        original value, see {@code valueEncoding} (null for a null value)
 * @param errorClass   class of the error (required)
 * @param errorMessage message of the error
 * @param service      the service that dead-lettered it (required)
 * @param at           required
 */
public record DeadLetter(
        String topic,
        int partition,
        long offset,
        String key,
        String value,
        ValueEncoding valueEncoding,
        String errorClass,
        String errorMessage,
        String service,
        Instant at) {

    public static final String SCHEMA = "kk.dead-letter/v1";

    /** How {@link #value()} holds the original bytes. */
    public enum ValueEncoding { TEXT, BASE64 }

    public DeadLetter {
        Fields.requiredText(topic, "topic");
        valueEncoding = valueEncoding == null ? ValueEncoding.TEXT : valueEncoding;
        Fields.requiredText(errorClass, "errorClass");
        Fields.requiredText(service, "service");
        Fields.required(at, "at");
    }

    /** Builds the envelope from a consumed record's coordinates, raw bytes and the error. */
    public static DeadLetter of(String topic, int partition, long offset, byte[] key, byte[] value,
                                Throwable error, String service, Instant at) {
        String valueText = null;
        ValueEncoding encoding = ValueEncoding.TEXT;
        if (value != null) {
            valueText = utf8OrNull(value);
            if (valueText == null) {
                valueText = Base64.getEncoder().encodeToString(value);
                encoding = ValueEncoding.BASE64;
            }
        }
        String keyText = key == null ? null : utf8OrNull(key);
        if (key != null && keyText == null) {
            keyText = "base64:" + Base64.getEncoder().encodeToString(key);
        }
        return new DeadLetter(topic, partition, offset, keyText, valueText, encoding,
                error.getClass().getName(), error.getMessage(), service, at);
    }

    /** The original value bytes. */
    public byte[] valueBytes() {
        if (value == null) {
            return null;
        }
        return valueEncoding == ValueEncoding.BASE64
                ? Base64.getDecoder().decode(value)
                : value.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
