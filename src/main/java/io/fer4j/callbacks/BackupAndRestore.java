package io.fer4j.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.model.Callback;
import io.fer4j.model.TrainingContext;
import io.fer4j.util.AtomicDirectory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras BackupAndRestore: after every epoch the weights, the Adam state (iterations, learning
 * rate, m and v) and the epoch number are written to a backup folder atomically (temporary folder
 * + rename), so a run killed at any moment — SIGKILL included — resumes from its last completed
 * epoch. The epoch's data order depends only on (seed, epoch), so it is the same after resuming.
 * The backup is removed when training finishes.
 */
public final class BackupAndRestore implements Callback {
  private static final String STATE = "state.json";
  private static final String WEIGHTS = "weights.bin";
  private final Path dir;
  private final List<ModelCheckpoint> checkpoints = new ArrayList<>();
  private boolean deleteOnEnd = true;

  public BackupAndRestore(Path dir) {
    this.dir = dir;
  }

  /** Also saves and restores these checkpoints' best values, so "best only" stays right. */
  public BackupAndRestore tracking(ModelCheckpoint... cs) {
    checkpoints.addAll(List.of(cs));
    return this;
  }

  /** Keeps the backup after a finished run (Keras deletes it). */
  public BackupAndRestore keepOnEnd() {
    deleteOnEnd = false;
    return this;
  }

  public boolean exists() { return Files.isRegularFile(source().resolve(STATE)); }

  /**
   * The folder to restore from: the backup, or — if a kill hit the instant between the two renames
   * of an atomic replace — the previous backup that was being moved aside.
   */
  private Path source() {
    if (Files.isDirectory(dir)) return dir;
    Path parent = dir.toAbsolutePath().getParent();
    String prefix = "." + dir.getFileName() + ".old-";
    try (var s = Files.list(parent)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isRegularFile(p.resolve(STATE))).findFirst().orElse(dir);
    } catch (IOException e) {
      return dir;
    }
  }

  /**
   * Loads a backup into a compiled model; returns the zero-based epoch to continue from (0 when
   * there is none).
   */
  public int restore(TrainingContext model) {
    if (!exists()) return 0;
    Path src = source();
    try {
      JsonNode state = new ObjectMapper().readTree(src.resolve(STATE).toFile());
      int nWeights = state.get("weights").asInt();
      int nSlots = state.get("slots").asInt();
      List<float[]> w = new ArrayList<>();
      List<float[]> slots = new ArrayList<>();
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(src.resolve(WEIGHTS)), 1 << 20))) {
        for (int i = 0; i < nWeights + nSlots; i++) {
          float[] a = new float[in.readInt()];
          for (int j = 0; j < a.length; j++) a[j] = in.readFloat();
          (i < nWeights ? w : slots).add(a);
        }
      }
      model.setWeights(w);
      model.setOptimizerState(state.get("iterations").asLong(), slots);
      model.setLearningRate(state.get("learning_rate").asDouble());
      JsonNode bests = state.path("checkpoint_best");
      for (int i = 0; i < checkpoints.size() && i < bests.size(); i++) checkpoints.get(i).setBest(bests.get(i).asDouble(Double.NaN));
      return state.get("epoch").asInt() + 1;
    } catch (IOException | RuntimeException e) {
      if (e instanceof Fer4jException fe) throw fe;
      throw new Fer4jException(dir + ": unreadable training backup (" + e.getMessage() + "); delete it to start over");
    }
  }

  @Override
  public void onEpochEnd(TrainingContext model, int epoch, Map<String, Double> logs) {
    List<float[]> w = model.getWeights();
    List<float[]> slots = model.optimizerSlots();
    ObjectMapper om = new ObjectMapper();
    ObjectNode state = om.createObjectNode();
    state.put("epoch", epoch);
    state.put("iterations", model.iterations());
    state.put("learning_rate", (double) model.learningRate());
    state.put("weights", w.size());
    state.put("slots", slots.size());
    var bests = state.putArray("checkpoint_best");
    for (ModelCheckpoint c : checkpoints) bests.add(c.best());
    AtomicDirectory.write(dir, tmp -> {
      Files.createDirectories(tmp);
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp.resolve(WEIGHTS)), 1 << 20))) {
        for (List<float[]> list : List.of(w, slots)) {
          for (float[] a : list) {
            out.writeInt(a.length);
            for (float v : a) out.writeFloat(v);
          }
        }
      }
      Files.writeString(tmp.resolve(STATE), om.writerWithDefaultPrettyPrinter().writeValueAsString(state));
    });
  }

  @Override
  public void onTrainEnd(TrainingContext model) {
    if (deleteOnEnd) AtomicDirectory.deleteQuietly(dir);
  }
}
