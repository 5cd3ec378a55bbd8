package io.fer4j.serving;

import io.fer4j.savedmodel.LoadedSavedModel;
import io.fer4j.savedmodel.SavedModels;
import io.fer4j.savedmodel.VersionDirs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The versions of one model name, kept in step with its base path by {@link #refresh}: new
 * version folders are loaded before the old ones are retired (no gap in availability), and
 * requests see an immutable snapshot of the loaded map, swapped atomically. A version that fails
 * to load is reported once and skipped, so the previous one keeps serving.
 */
final class ServedModel {
  final ModelConfig config;
  private final Consumer<String> log;
  private final Set<Long> failed = new HashSet<>();
  private volatile NavigableMap<Long, ServableHandle> loaded = Collections.emptyNavigableMap();
  private boolean closed;

  ServedModel(ModelConfig config, Consumer<String> log) {
    this.config = config;
    this.log = log;
  }

  String name() { return config.name(); }

  NavigableMap<Long, ServableHandle> loaded() { return loaded; }

  synchronized void refresh() {
    if (closed) return;
    TreeMap<Long, Path> avail = VersionDirs.list(config.basePath());
    avail.keySet().removeAll(failed);
    List<Long> want = new ArrayList<>();
    if (!config.specific().isEmpty()) {
      for (Long v : config.specific()) if (avail.containsKey(v)) want.add(v);
    } else {
      for (Long v : avail.descendingKeySet()) {
        if (want.size() >= config.latest()) break;
        want.add(v);
      }
    }
    NavigableMap<Long, ServableHandle> old = loaded;
    TreeMap<Long, ServableHandle> next = new TreeMap<>();
    for (Long v : want) {
      ServableHandle h = old.get(v);
      if (h == null) {
        try {
          long t0 = System.nanoTime();
          LoadedSavedModel m = SavedModels.load(avail.get(v));
          h = new ServableHandle(v, m);
          log.accept("model '" + name() + "' version " + v + " loaded from " + avail.get(v) + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (RuntimeException e) {
          failed.add(v);
          log.accept("model '" + name() + "' version " + v + " failed to load, keeping the previous version: " + e.getMessage());
          continue;
        }
      }
      next.put(v, h);
    }
    if (next.isEmpty() && !old.isEmpty() && !avail.isEmpty()) return; // nothing new loadable: keep serving
    loaded = Collections.unmodifiableNavigableMap(next);
    for (Map.Entry<Long, ServableHandle> e : old.entrySet()) {
      if (!next.containsKey(e.getKey())) {
        e.getValue().retire();
        log.accept("model '" + name() + "' version " + e.getKey() + " unloaded (after its in-flight requests)");
      }
    }
  }

  /**
   * A referenced handle for a request: the given version, the label's version, or the highest.
   * The caller must {@link ServableHandle#release} it.
   */
  ServableHandle acquire(Long version, String label) {
    Long v = version;
    if (label != null) {
      v = config.labels().get(label);
      if (v == null) throw ServingException.notFound("Unrecognized servable version label: " + label);
    }
    for (int attempt = 0; attempt < 100; attempt++) {
      NavigableMap<Long, ServableHandle> snap = loaded;
      ServableHandle h = v == null ? (snap.isEmpty() ? null : snap.lastEntry().getValue()) : snap.get(v);
      if (h == null) {
        throw ServingException.notFound(v == null ? "Servable not found for request: Latest(" + name() + ")"
            : "Servable not found for request: Specific(" + name() + ", " + v + ")");
      }
      if (h.acquire()) return h;
      Thread.onSpinWait(); // retired between snapshot and acquire: the new snapshot is already published
    }
    throw new ServingException(503, "model '" + name() + "' is being reloaded; retry");
  }

  synchronized void close() {
    closed = true;
    for (ServableHandle h : loaded.values()) h.retire();
    loaded = Collections.emptyNavigableMap();
  }
}
