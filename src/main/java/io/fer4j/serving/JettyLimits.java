package io.fer4j.serving;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;

/**
 * Puts {@link ServingLimits}' connection limits into Javalin's Jetty: the connector's idle
 * timeout closes connections that send nothing (a slowloris client dribbling headers is cut off
 * once it pauses longer), the request deadline bounds the rest, and
 * a connection limit stops accepting beyond N open connections. Jetty's own 8 KiB header limit
 * answers 431. A StatisticsHandler around Javalin makes Jetty's stop graceful: with a stop
 * timeout, it stops accepting, then waits until the requests in flight have been written out
 * (Javalin's own stop alone cuts them off: javalin/javalin#2332).
 */
final class JettyLimits {
  private JettyLimits() {}

  static void apply(JavalinConfig c, String host, int port, ServingLimits limits) {
    c.jetty.addConnector((server, http) -> {
      http.setMinRequestDataRate(limits.minRequestBytesPerSecond());
      http.setSendServerVersion(false);
      ServerConnector sc = new ServerConnector(server, new HttpConnectionFactory(http));
      sc.setHost(host);
      sc.setPort(port);
      sc.setIdleTimeout(limits.idleTimeoutMs());
      return sc;
    });
    c.jetty.modifyServer(server -> {
      server.addBean(new ConnectionLimit(limits.maxConnections(), server));
      // Javalin mounts its handler inside this one; Jetty's stop then waits for the requests it counts
      server.setHandler(new StatisticsHandler());
    });
  }
}
