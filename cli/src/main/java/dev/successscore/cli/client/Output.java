package dev.successscore.cli.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** How a read command prints: for people (default) or as JSON ({@code --json}, one object per line). */
public final class Output {

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    @Option(names = "--json", description = "print the API's answer as JSON, one object a line")
    boolean json;

    public boolean json() {
        return json;
    }

    /** Prints a message as one line of JSON (the proto3 JSON mapping). */
    public static void printJson(PrintWriter out, MessageOrBuilder message) {
        try {
            out.println(JSON.print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("Could not print " + message.getClass().getSimpleName() + " as JSON", e);
        }
        out.flush();
    }
}
