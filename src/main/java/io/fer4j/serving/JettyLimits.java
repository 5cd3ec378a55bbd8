package io.fer4j.serving;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Puts {@link ServingLimits}' connection limits into Javalin's Jetty: the connector's idle
 * timeout closes connections that send nothing (a slowloris client dribbling headers is cut off
 * once it pauses longer), the minimum request data rate drops bodies sent slower than that, and
 * a connection limit stops accepting beyond N open connections. Jetty's own 8 KiB header limit
 * answers 431.
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
    c.jetty.modifyServer(server -> server.addBean(new ConnectionLimit(limits.maxConnections(), server)));
  }
}
