package dev.successscore.score.scoring;

import static dev.successscore.score.Fixtures.T0;
import static dev.successscore.score.Fixtures.adoption;
import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.runtime.json.Json;
import dev.successscore.score.api.Cause;
import dev.successscore.score.api.ScoreChange;
import dev.successscore.score.api.ScoreChangedEvent;
import dev.successscore.score.policy.DefaultPolicy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashChainTest {

    private static final ScoreChange CHANGE = ChangeFactory.next(new TenantScoreState(), "acme",
            Cause.measurement(adoption("m1", T0)), DefaultPolicy.specV1().published(1, T0, "t"));

    @Test
    void theHashIsSha256OfTheCanonicalEncodingInHex() {
        assertThat(HashChain.hash(CHANGE)).matches("[0-9a-f]{64}");
        assertThat(HashChain.canonicalText(CHANGE)).startsWith("{\"alertsRaised\":[],\"alertsResolved\":[],\"band\":").doesNotContain("\n")
                .contains("\"composite\":71.8");
    }

    @Test
    void aStoredCanonicalEventIsHashedFromItsBytesExactlyAsTheChangeIsHashed() {
        String hash = HashChain.hash(CHANGE);
        byte[] stored = Json.canonicalBytes(new ScoreChangedEvent(CHANGE, hash));
        assertThat(HashChain.hashOfStoredEvent(stored)).contains(hash);
    }

    @Test
    void anyAlteredByteChangesTheStoredHash() {
        String hash = HashChain.hash(CHANGE);
        String stored = new String(Json.canonicalBytes(new ScoreChangedEvent(CHANGE, hash)), StandardCharsets.UTF_8);
        byte[] altered = stored.replace("\"composite\":71.8", "\"composite\":71.9").getBytes(StandardCharsets.UTF_8);
        assertThat(HashChain.hashOfStoredEvent(altered)).isPresent().get().isNotEqualTo(hash);
    }

    @Test
    void bytesOfAnotherShapeAreNotHashedThatWay() {
        byte[] other = Json.mapper().valueToTree(new ScoreChangedEvent(CHANGE, "x")).toString()
                .getBytes(StandardCharsets.UTF_8);
        assertThat(HashChain.hashOfStoredEvent(other)).isEmpty();
        assertThat(HashChain.hashOfStoredEvent(new byte[3])).isEmpty();
    }
}
