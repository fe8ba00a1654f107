package dev.successscore.runtime.signal;

import java.math.BigDecimal;
import successscore.signal.v1.AdoptionLevel;
import successscore.signal.v1.Evidence;
import successscore.signal.v1.Signal;
import successscore.signal.v1.SignalType;

/** The signal events in the contract's messages ({@code successscore.signal.v1}), for the owning services' APIs. */
public final class SignalProtos {

    private SignalProtos() {
    }

    public static Signal toProto(SignalValue value) {
        Signal.Builder signal = Signal.newBuilder()
                .setKey(value.key())
                .setType(toProto(value.type()))
                .setEvidence(Evidence.newBuilder()
                        .setNumerator(text(value.numerator()))
                        .setDenominator(text(value.denominator()))
                        .setBaseline(text(value.baseline()))
                        .setNote(value.note() == null ? "" : value.note()));
        if (value.score() != null) {
            signal.setScore(value.score());
        }
        return signal.build();
    }

    public static SignalType toProto(SignalKind kind) {
        return switch (kind) {
            case RATIO -> SignalType.SIGNAL_TYPE_RATIO;
            case GROWTH -> SignalType.SIGNAL_TYPE_GROWTH;
            case INDICATOR -> SignalType.SIGNAL_TYPE_INDICATOR;
            case DEDUCTION -> SignalType.SIGNAL_TYPE_DEDUCTION;
        };
    }

    public static AdoptionLevel toProto(SignalAdoptionLevel level) {
        if (level == null) {
            return AdoptionLevel.ADOPTION_LEVEL_UNSPECIFIED;
        }
        return switch (level) {
            case NONE -> AdoptionLevel.ADOPTION_LEVEL_NONE;
            case USAGE -> AdoptionLevel.ADOPTION_LEVEL_USAGE;
            case BASIC_ADOPTION -> AdoptionLevel.ADOPTION_LEVEL_BASIC_ADOPTION;
            case DEEP_ADOPTION -> AdoptionLevel.ADOPTION_LEVEL_DEEP_ADOPTION;
        };
    }

    private static String text(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }
}
