package dev.successscore.score.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.runtime.json.Json;
import dev.successscore.score.api.ScoreChange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tamper-evident hash of a change: SHA-256, in lower-case hex, over the canonical JSON
 * encoding of the change (keys sorted, no white space, decimals in plain notation, instants in
 * ISO-8601). The change holds its predecessor's hash, so each hash chains the whole history.
 */
public final class HashChain {

    private static final ObjectMapper CANONICAL = Json.canonical();

    private HashChain() {
    }

    public static String canonicalEncoding(ScoreChange change) {
        try {
            return CANONICAL.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode change " + change.position(), e);
        }
    }

    public static String hash(ScoreChange change) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(canonicalEncoding(change).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
