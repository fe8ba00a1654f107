package dev.successscore.cli.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a service that a test can cut (every connection closed, new ones refused) and restore:
 * the network between two services failing, while both keep running.
 */
final class CuttableProxy implements AutoCloseable {

    private final int listenPort;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    CuttableProxy(int listenPort, int targetPort) {
        this.listenPort = listenPort;
        this.targetPort = targetPort;
    }

    synchronized CuttableProxy restore() throws IOException {
        if (listener != null) {
            return this;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress("localhost", listenPort));
        listener = socket;
        Thread acceptor = new Thread(() -> accept(socket), "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    synchronized void cut() throws IOException {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                synchronized (this) {
                    if (listener != socket) {
                        // accepted just as the network was cut: that connection fails too
                        client.close();
                        continue;
                    }
                    Socket upstream = new Socket("localhost", targetPort);
                    open.add(client);
                    open.add(upstream);
                    relay(client, upstream);
                    relay(upstream, client);
                }
            } catch (IOException e) {
                // cut, or the target refused: the caller sees a failed connection
            }
        }
    }

    private void relay(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // a side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
