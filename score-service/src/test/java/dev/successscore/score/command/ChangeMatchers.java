package dev.successscore.score.command;

import dev.successscore.score.api.ScoreChange;
import dev.successscore.score.api.ScoreChangedEvent;
import java.util.List;
import java.util.function.Consumer;
import org.axonframework.eventhandling.EventMessage;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Lets AggregateTestFixture tests state what recorded changes must hold with AssertJ. */
final class ChangeMatchers {

    private ChangeMatchers() {
    }

    static Matcher<List<EventMessage<?>>> changes(Consumer<List<ScoreChange>> assertions) {
        return new TypeSafeMatcher<>() {
            private AssertionError failure;

            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                try {
                    assertions.accept(events.stream().map(e -> ((ScoreChangedEvent) e.getPayload()).change())
                            .toList());
                    return true;
                } catch (AssertionError e) {
                    failure = e;
                    return false;
                }
            }

            @Override
            public void describeTo(Description description) {
                description.appendText(failure == null ? "recorded changes" : failure.getMessage());
            }
        };
    }
}
