package io.jobline.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import redis.embedded.RedisServer;

/**
 * A Redis server in a child process, with no persistence. It can be stopped and started again on the same port, so
 * tests can show that the system survives losing its cache.
 */
public final class LocalRedis implements AutoCloseable {

    private static final int PORT_ATTEMPTS = 3;

    private final RedisServer server;
    private final int port;

    private LocalRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts on a free port of 127.0.0.1. */
    public static LocalRedis start() {
        LocalServiceException lastFailure = null;
        // The port is free when picked but another process may take it first; trying again is enough.
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            try {
                return start(freePort());
            } catch (LocalServiceException e) {
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    public static LocalRedis start(int port) {
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            LocalRedis redis = new LocalRedis(server, port);
            redis.startServer();
            return redis;
        } catch (IOException e) {
            throw new LocalServiceException("Could not start embedded Redis on port " + port, e);
        }
    }

    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return server.isActive();
    }

    /** Stops the server; the port stays this instance's to {@link #restart()} on. */
    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new LocalServiceException("Could not stop embedded Redis on port " + port, e);
        }
    }

    /** Starts the server again on the same port, stopping it first if it runs. It comes back empty. */
    public void restart() {
        stop();
        startServer();
    }

    @Override
    public void close() {
        stop();
    }

    private void startServer() {
        try {
            server.start();
        } catch (IOException e) {
            throw new LocalServiceException("Could not start embedded Redis on port " + port, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LocalServiceException("Could not find a free port for Redis", e);
        }
    }
}
