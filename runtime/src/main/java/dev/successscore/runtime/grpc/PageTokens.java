package dev.successscore.runtime.grpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page tokens (AIP-158): the key after which the next page starts, tagged with the list
 * it belongs to so that a token of one list is refused by another.
 */
public final class PageTokens {

    private PageTokens() {
    }

    public static String encode(String list, String key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((list + "|" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key of a token, or {@code first} for an empty token. */
    public static String decode(String list, String token, String first) {
        if (token.isEmpty()) {
            return first;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(list + "|")) {
                return text.substring(list.length() + 1);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw InvalidArgumentException.field("page_token", "is not a token of this list");
    }

    /**
     * page_size per AIP-158: 0 means the default, above the maximum is capped. A negative size never gets here: the
     * contracts' rule {@code (successscore.rules.v1.not_negative)} on every {@code page_size} refuses it first.
     */
    public static int pageSize(int requested, int defaultSize, int max) {
        if (requested < 0) {
            throw new IllegalArgumentException("page_size must not be negative");
        }
        return requested == 0 ? defaultSize : Math.min(requested, max);
    }
}
