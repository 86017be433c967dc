package io.jobline.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a local port, which a fault test cuts and heals: while cut, its port refuses
 * connections and every connection it had is closed, as when the service behind it is down or unreachable. Healing
 * listens on the same port again, so clients reconnect by themselves.
 */
final class CuttableTcpProxy implements AutoCloseable {

    private final int port;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean closed;

    private CuttableTcpProxy(ServerSocket server, int target) {
        this.server = server;
        this.port = server.getLocalPort();
        this.target = target;
    }

    static CuttableTcpProxy to(int targetPort) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        CuttableTcpProxy proxy = new CuttableTcpProxy(server, targetPort);
        proxy.acceptOn(server);
        return proxy;
    }

    int port() {
        return port;
    }

    /** From now on nothing listens on the port, and the connections made through it are closed. */
    synchronized void cut() {
        closeQuietly(server);
        open.forEach(CuttableTcpProxy::closeQuietly);
        open.clear();
    }

    /** Listens on the same port again. */
    synchronized void heal() throws IOException {
        if (!server.isClosed() || closed) {
            return;
        }
        ServerSocket again = new ServerSocket();
        again.setReuseAddress(true);
        again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server = again;
        acceptOn(again);
    }

    private void acceptOn(ServerSocket listening) {
        Thread.ofVirtual().name("cuttable-proxy-" + port).start(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(client);
                    open.add(upstream);
                    Thread.ofVirtual().start(() -> pump(client, upstream));
                    Thread.ofVirtual().start(() -> pump(upstream, client));
                } catch (IOException e) {
                    // closed by cut(), or one connection failed: the loop's condition decides
                }
            }
        });
    }

    private void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing to do
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        cut();
    }
}
