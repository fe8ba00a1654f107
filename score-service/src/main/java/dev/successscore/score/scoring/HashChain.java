package dev.successscore.score.scoring;

import dev.successscore.runtime.json.Json;
import dev.successscore.score.api.ScoreChange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The tamper-evident hash of a change: SHA-256, in lower-case hex, over the canonical JSON
 * encoding of the change (UTF-8; keys sorted, no white space, null fields left out, decimals in
 * plain notation, instants in ISO-8601). The change holds its predecessor's hash, so each hash
 * chains the whole history before it.
 */
public final class HashChain {

    private HashChain() {
    }

    /** The canonical encoding that is hashed. */
    public static byte[] canonicalEncoding(ScoreChange change) {
        return Json.canonicalBytes(change);
    }

    public static String hash(ScoreChange change) {
        return hashOf(canonicalEncoding(change));
    }

    /** The hash of an already computed canonical encoding. */
    public static String hashOf(byte[] canonicalEncoding) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalEncoding));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static final byte[] EVENT_PREFIX = "{\"change\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HASH_FIELD = ",\"hash\":\"".getBytes(StandardCharsets.UTF_8);
    private static final int HEX_LENGTH = 64;

    /**
     * The hash of a change read from a stored event written in canonical JSON,
     * {@code {"change":<canonical change>,"hash":"<hex>"}}, computed over the stored bytes of the
     * change without decoding them again; empty when the bytes do not have that shape.
     */
    public static Optional<String> hashOfStoredEvent(byte[] payload) {
        int changeEnd = payload.length - HASH_FIELD.length - HEX_LENGTH - 2;
        if (changeEnd <= EVENT_PREFIX.length
                || !Arrays.equals(payload, 0, EVENT_PREFIX.length, EVENT_PREFIX, 0, EVENT_PREFIX.length)
                || !Arrays.equals(payload, changeEnd, changeEnd + HASH_FIELD.length, HASH_FIELD, 0, HASH_FIELD.length)
                || payload[payload.length - 2] != '"' || payload[payload.length - 1] != '}') {
            return Optional.empty();
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(payload, EVENT_PREFIX.length, changeEnd - EVENT_PREFIX.length);
            return Optional.of(HexFormat.of().formatHex(sha256.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The canonical encoding as text, for people. */
    public static String canonicalText(ScoreChange change) {
        return new String(canonicalEncoding(change), StandardCharsets.UTF_8);
    }
}
