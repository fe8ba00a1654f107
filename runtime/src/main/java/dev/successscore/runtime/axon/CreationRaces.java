package dev.successscore.runtime.axon;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;

/**
 * Commands to an aggregate that the first of them creates, sent by replicas that may start or act at the same
 * moment: the one whose creation loses the race sends its command once more, to the aggregate now there.
 */
public final class CreationRaces {

    private CreationRaces() {
    }

    /**
     * Sends {@code command} and waits for it; when another node created the aggregate at the same moment
     * ({@link AggregateStreamCreationException} anywhere in the cause chain), sends it once more.
     */
    public static <R> R sendAndWait(CommandGateway commands, Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (RuntimeException e) {
            if (!createdMeanwhile(e)) {
                throw e;
            }
            return commands.sendAndWait(command);
        }
    }

    private static boolean createdMeanwhile(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }
}
