package io.fer4j.serving;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes-style probes. Liveness ({@code /healthz}, {@code /livez}): the process answers HTTP.
 * Readiness ({@code /readyz}): every configured model has a loaded version and the server is not
 * shutting down, so a load balancer sends traffic only where it can be served; 503 says why not.
 */
final class Health {
  private Health() {}

  /** The readiness body; {@code ready} tells the status (200 or 503). */
  record Readiness(boolean ready, ObjectNode body) {}

  static Readiness readiness(ModelManager models, boolean draining) {
    List<String> missing = new ArrayList<>();
    for (String n : models.names()) if (models.loadedVersions(n).isEmpty()) missing.add(n);
    ObjectNode o = ModelServer.JSON.createObjectNode();
    boolean ready = missing.isEmpty() && !draining;
    o.put("status", ready ? "ready" : "not ready");
    if (draining) o.put("reason", "shutting down");
    else if (!missing.isEmpty()) o.put("reason", "no loaded version of " + String.join(", ", missing));
    return new Readiness(ready, o);
  }

  static ObjectNode liveness() { return ModelServer.JSON.createObjectNode().put("status", "alive"); }
}
