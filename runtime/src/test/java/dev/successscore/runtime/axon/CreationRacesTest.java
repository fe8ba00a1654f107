package dev.successscore.runtime.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.Test;

class CreationRacesTest {

    private final AtomicInteger handled = new AtomicInteger();

    private CommandGateway gatewayFailingFirstWith(RuntimeException failure) {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(String.class.getName(), command -> {
            if (handled.incrementAndGet() == 1) {
                throw failure;
            }
            return "handled " + command.getPayload();
        });
        return DefaultCommandGateway.builder().commandBus(bus).build();
    }

    @Test
    void aCommandThatLostTheRaceToCreateItsAggregateIsSentOnceMore() {
        CommandGateway commands = gatewayFailingFirstWith(
                new AggregateStreamCreationException("the aggregate was created meanwhile"));

        String result = CreationRaces.sendAndWait(commands, "publish");

        assertThat(result).isEqualTo("handled publish");
        assertThat(handled).hasValue(2);
    }

    @Test
    void anyOtherFailureIsThrownWithoutSendingAgain() {
        CommandGateway commands = gatewayFailingFirstWith(new IllegalStateException("a rule refused it"));

        assertThatThrownBy(() -> CreationRaces.sendAndWait(commands, "publish"))
                .isInstanceOf(IllegalStateException.class).hasMessage("a rule refused it");
        assertThat(handled).hasValue(1);
    }
}
