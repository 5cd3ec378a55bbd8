package io.fer4j.serving;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * All served models by name, plus the poller that watches their base paths (TF Serving's
 * file-system storage path source): every {@code pollMillis} each model is refreshed, so a new
 * version folder goes live within about one poll interval while requests continue.
 */
public final class ModelManager implements AutoCloseable {
  private final Map<String, ServedModel> models = new LinkedHashMap<>();
  private final ScheduledExecutorService poller;

  public ModelManager(List<ModelConfig> configs, long pollMillis, Consumer<String> log) {
    for (ModelConfig c : configs) models.put(c.name(), new ServedModel(c, log));
    refreshAll(log);
    for (ServedModel m : models.values()) {
      if (m.loaded().isEmpty()) log.accept("model '" + m.name() + "': no loadable version under " + m.config.basePath() + " yet; watching it");
    }
    poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fer4j-model-poller");
      t.setDaemon(true);
      return t;
    });
    if (pollMillis > 0) poller.scheduleWithFixedDelay(() -> refreshAll(log), pollMillis, pollMillis, TimeUnit.MILLISECONDS);
  }

  private void refreshAll(Consumer<String> log) {
    for (ServedModel m : models.values()) {
      try {
        m.refresh();
      } catch (RuntimeException e) {
        log.accept("model '" + m.name() + "': " + e.getMessage());
      }
    }
  }

  ServedModel model(String name) {
    ServedModel m = models.get(name);
    if (m == null) throw ServingException.notFound("Servable not found for request: Latest(" + name + ")");
    return m;
  }

  public java.util.Set<String> names() { return models.keySet(); }

  /** The versions of a model loaded now (for status, tests and the bench). */
  public java.util.Set<Long> loadedVersions(String name) { return model(name).loaded().keySet(); }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    models.values().forEach(ServedModel::close);
  }
}
