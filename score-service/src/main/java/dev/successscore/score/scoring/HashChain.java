package dev.successscore.score.scoring;

import dev.successscore.runtime.json.Json;
import dev.successscore.score.api.ScoreChange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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

    /** The canonical encoding as text, for people. */
    public static String canonicalText(ScoreChange change) {
        return new String(canonicalEncoding(change), StandardCharsets.UTF_8);
    }
}
