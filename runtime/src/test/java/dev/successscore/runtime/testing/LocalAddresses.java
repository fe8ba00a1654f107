package dev.successscore.runtime.testing;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

/** This machine's network addresses, to check who can reach a port it listens on. */
public final class LocalAddresses {

    private static final int CONNECT_TIMEOUT_MILLIS = 2000;

    private LocalAddresses() {
    }

    /** An IPv4 address of this machine on an interface that is up and not loopback, if it has one. */
    public static Optional<InetAddress> otherThanLoopback() {
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (network.isUp() && !network.isLoopback()) {
                    for (InetAddress address : Collections.list(network.getInetAddresses())) {
                        if (address instanceof Inet4Address) {
                            return Optional.of(address);
                        }
                    }
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether a TCP connection to {@code port} on {@code address} is accepted. */
    public static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
