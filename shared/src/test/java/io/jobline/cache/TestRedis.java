package io.jobline.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/** One embedded Redis per test JVM, and a client to it; tests isolate themselves with unique keys. */
public final class TestRedis {

    private static RedisServer server;
    private static RedisClient client;

    private TestRedis() {}

    public static synchronized RedisClient client() {
        if (client == null) {
            try {
                server = RedisServer.newRedisServer().bind("127.0.0.1").port(freePort()).build();
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded Redis", e);
            }
            client = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", server.ports().getFirst())).build();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                client.close();
                try {
                    server.stop();
                } catch (IOException e) {
                    // The JVM is going away; nothing left to do.
                }
            }));
        }
        return client;
    }

    /** A port nothing listens on: for tests of Redis being down. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
