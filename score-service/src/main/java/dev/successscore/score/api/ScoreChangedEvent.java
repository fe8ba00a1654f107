package dev.successscore.score.api;

import org.axonframework.serialization.Revision;

/**
 * A tenant's score changed. Every change of the tenant score aggregate is one of these.
 *
 * @param hash SHA-256 (hex) over the canonical encoding of {@code change}, which holds the previous hash
 */
@Revision("1")
public record ScoreChangedEvent(ScoreChange change, String hash) {
}
