package io.fer4j.spark;

import io.fer4j.FerModels;
import io.fer4j.data.ImageDecoder;
import io.fer4j.predict.ImageModel;
import io.fer4j.predict.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model per executor JVM, shared by all the tasks it runs. Loading a SavedModel takes
 * seconds and its weights' memory, a task scores one partition: loading per partition (DJL's way)
 * would pay that hundreds of times per job. The model and its decoder are thread-safe, so
 * concurrent tasks use them at once; they are closed when the executor JVM exits.
 */
public final class SharedModels {
  /** A model with what turns image bytes into its inputs. */
  record Loaded(ImageModel model, ImageDecoder decoder, float scale, float offset, List<String> classes) {}

  private static final ConcurrentHashMap<String, Loaded> MODELS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();
  private static final String PRETRAINED = "";

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(SharedModels::closeAll, "fer4j-spark-models"));
  }

  private SharedModels() {}

  /** The model for this spec, loaded on first use in this JVM (other tasks wait for that load). */
  static Loaded get(String spec) {
    return MODELS.computeIfAbsent(spec == null ? PRETRAINED : spec, SharedModels::load);
  }

  /** How many times this JVM loaded the model (1 after any number of tasks; for tests and logs). */
  public static int loads(String spec) {
    AtomicInteger n = LOADS.get(spec == null ? PRETRAINED : spec);
    return n == null ? 0 : n.get();
  }

  private static Loaded load(String spec) {
    LOADS.computeIfAbsent(spec, k -> new AtomicInteger()).incrementAndGet();
    ImageModel m = Models.open(spec.equals(PRETRAINED) ? FerModels.pretrainedPath().toString() : spec);
    try {
      long[] s = m.inputShape();
      if (s[2] != 1 && s[2] != 3) throw new io.fer4j.Fer4jException(m.describe() + ": takes " + s[2] + "-channel images; only 1 (gray) or 3 (RGB) are supported");
      float[] meta = m.inputScaling();
      return new Loaded(m, new ImageDecoder((int) s[2]), meta != null ? meta[0] : 1f / 255f, meta != null ? meta[1] : 0f, classes(m));
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** The model's class names; else the FER classes for 7 outputs; else class_i (as the CLI names them). */
  private static List<String> classes(ImageModel m) {
    if (m.classes() != null) return m.classes();
    if (m.numOutputs() == FerModels.CLASSES.size()) return FerModels.CLASSES;
    List<String> c = new ArrayList<>();
    for (int i = 0; i < m.numOutputs(); i++) c.add("class_" + i);
    return c;
  }

  private static void closeAll() {
    for (Loaded l : MODELS.values()) {
      l.decoder().close();
      l.model().close();
    }
    MODELS.clear();
  }
}
