package org.pollux.serve.http;

import java.time.Duration;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The embedded HTTP server (Jetty 12): HTTP/1.1 on one port, each request on a virtual thread
 * (handlers block on I/O and on generation without holding a platform thread). Shutdown waits
 * up to the grace period for requests in flight.
 *
 * <p>An {@code Upgrade: h2c} header (the JDK HttpClient sends one on plain http) is ignored and
 * the request served as HTTP/1.1, which the client accepts.
 */
public final class HttpServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    public HttpServer(String host, int port, ExchangeHandler dispatcher, JettyHandler.ExchangeListener listener,
            Duration shutdownGrace) {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("pollux-http");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        GracefulHandler graceful = new GracefulHandler(new JettyHandler(dispatcher, listener));
        server.setHandler(graceful);
        server.setStopTimeout(shutdownGrace.toMillis());
        server.setStopAtShutdown(false);
    }

    public void start() throws Exception {
        server.start();
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
