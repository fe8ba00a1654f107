package dev.successscore.runtime.axon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FairShareOfSegmentsTest {

    @Test
    void eachReplicaMayClaimItsShareRoundedUp() {
        assertThat(FairShareOfSegments.share(4, 1)).isEqualTo(4);
        assertThat(FairShareOfSegments.share(4, 2)).isEqualTo(2);
        assertThat(FairShareOfSegments.share(4, 3)).isEqualTo(2);
        assertThat(FairShareOfSegments.share(4, 5)).isEqualTo(1);
        assertThat(FairShareOfSegments.share(1, 2)).isEqualTo(1);
    }
}
