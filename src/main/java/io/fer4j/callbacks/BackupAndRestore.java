package io.fer4j.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.model.Callback;
import io.fer4j.model.FitConfig;
import io.fer4j.model.TrainingContext;
import io.fer4j.util.AtomicDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras BackupAndRestore: after every epoch — and every {@code saveFreq} batches, and at the
 * batch boundary after a {@link StopRequest} — the weights, the Adam state (iterations, learning
 * rate, m and v), the epoch, the batches done in it and the epoch's running loss and accuracy are
 * written to a backup folder atomically (temporary folder + rename), so a run killed at any moment
 * — SIGKILL included — resumes from its last backup. Unlike Keras, which restarts an interrupted
 * epoch from its first batch, a mid-epoch backup resumes at the next batch: the epoch's data order
 * depends only on (seed, epoch), so the remaining batches are exactly those the run had not seen.
 * A backup that is truncated, damaged, not fer4j's, of another model or of a run with other
 * options is refused with one line, never silently replaced by a fresh start. The backup is
 * removed when training finishes.
 */
public final class BackupAndRestore implements Callback {
  private static final String STATE = "state.json";
  private static final String WEIGHTS = "weights.bin";
  private static final String FORMAT = "fer4j-training-backup";
  private final Path dir;
  private final List<ModelCheckpoint> checkpoints = new ArrayList<>();
  private final Map<String, String> run = new LinkedHashMap<>();
  private boolean deleteOnEnd = true;
  private int saveFreq;
  private StopRequest stop;
  private int epoch;

  /** Where a restored run continues: epoch (zero-based), batches already done in it, their running loss and metric states. */
  public record Resume(int epoch, int batch, double loss, double[][] metricState) {
    /** Applies this point to a fit configuration (initial epoch, and the batch inside it). */
    public FitConfig applyTo(FitConfig cfg) {
      return cfg.initialEpoch(epoch).initialBatch(batch, loss, metricState);
    }
  }

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

  /** Keras {@code save_freq=N}: also back up every N batches (0, the default: at epoch ends only). */
  public BackupAndRestore saveFreq(int batches) {
    if (batches < 0) throw new Fer4jException("save frequency must be >= 0 batches, got " + batches);
    saveFreq = batches;
    return this;
  }

  /** Watches {@code request}: once set, the next batch end writes a backup and throws {@link TrainingInterrupted}. */
  public BackupAndRestore stopOn(StopRequest request) {
    stop = request;
    return this;
  }

  /**
   * The options that fix the data order and the model (data, seed, batch size, ...): recorded in
   * the backup and compared on restore, since resuming under other options would mix two runs.
   */
  public BackupAndRestore run(Map<String, String> options) {
    run.putAll(options);
    return this;
  }

  public Path dir() { return dir; }

  /** Whether there is something at the backup path (complete or not: restore decides). */
  public boolean exists() { return Files.exists(source()); }

  /**
   * The folder to restore from: the backup, or — if a kill hit the instant between the two renames
   * of an atomic replace — the previous backup that was being moved aside.
   */
  private Path source() {
    if (Files.exists(dir)) return dir;
    Path parent = dir.toAbsolutePath().getParent();
    String prefix = "." + dir.getFileName() + ".old-";
    try (var s = Files.list(parent)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isRegularFile(p.resolve(STATE))).findFirst().orElse(dir);
    } catch (IOException e) {
      return dir;
    }
  }

  /**
   * Loads a backup into a compiled model and returns where to continue ({@code null} when there is
   * no backup). Refuses, with a one-line {@link Fer4jException}, anything that is not a complete
   * backup of this model and run.
   */
  public Resume restore(TrainingContext model) {
    Path src = source();
    if (!Files.exists(src)) return null;
    if (!Files.isDirectory(src)) throw new Fer4jException(dir + ": not a training backup folder; move it away or delete it to start over");
    if (!Files.isRegularFile(src.resolve(STATE))) throw new Fer4jException(dir + ": incomplete training backup (no " + STATE + "); delete it to start over");
    JsonNode state;
    try {
      state = new ObjectMapper().readTree(src.resolve(STATE).toFile());
    } catch (IOException e) {
      throw new Fer4jException(dir + ": not a fer4j training backup (" + STATE + " is not JSON); move it away or delete it to start over");
    }
    boolean legacy = state == null || !state.has("format"); // written before format 2: no sizes, no digest
    if (state == null || !state.isObject() || legacy && !(state.path("weights").isInt() && state.path("slots").isInt())
        || !legacy && !FORMAT.equals(state.path("format").asText())
        || !state.path("epoch").isInt() || !state.path("iterations").canConvertToLong() || !state.path("learning_rate").isNumber()) {
      throw new Fer4jException(dir + ": not a fer4j training backup (" + STATE + " lacks its fields); move it away or delete it to start over");
    }
    checkRun(state.path("run"));
    List<Integer> haveW = sizes(model.getWeights());
    List<Integer> haveS = sizes(model.optimizerSlots());
    List<Integer> wantW = legacy ? haveW : ints(state.path("weight_sizes"));
    List<Integer> wantS = legacy ? haveS : ints(state.path("slot_sizes"));
    if (legacy && (state.get("weights").asInt() != haveW.size() || state.get("slots").asInt() != haveS.size())) {
      throw mismatch(state.get("weights").asInt() + " weight arrays and " + state.get("slots").asInt() + " optimizer slots", haveW.size() + " and " + haveS.size());
    }
    if (!wantW.equals(haveW)) throw mismatch("weights " + describe(wantW), describe(haveW));
    if (!wantS.equals(haveS)) throw mismatch("optimizer slots " + describe(wantS), describe(haveS));
    List<Integer> all = new ArrayList<>(wantW);
    all.addAll(wantS);
    BackupArrays.Digest digest = legacy ? null : new BackupArrays.Digest(state.path("bytes").asLong(), state.path("crc32").asLong());
    List<float[]> arrays = BackupArrays.read(dir, src.resolve(WEIGHTS), all, digest);
    model.setWeights(arrays.subList(0, wantW.size()));
    model.setOptimizerState(state.get("iterations").asLong(), arrays.subList(wantW.size(), arrays.size()));
    model.setLearningRate(state.get("learning_rate").asDouble());
    JsonNode bests = state.path("checkpoint_best");
    for (int i = 0; i < checkpoints.size() && i < bests.size(); i++) checkpoints.get(i).setBest(bests.get(i).asDouble(Double.NaN));
    int e = state.get("epoch").asInt();
    int batch = state.path("batch").asInt(-1);
    if (batch < 0) return new Resume(e + 1, 0, 0, null); // the epoch was complete
    double[][] metrics = null;
    if (state.path("metric_state").isArray()) {
      metrics = new double[state.get("metric_state").size()][];
      for (int i = 0; i < metrics.length; i++) {
        JsonNode m = state.get("metric_state").get(i);
        metrics[i] = new double[m.size()];
        for (int j = 0; j < m.size(); j++) metrics[i][j] = m.get(j).asDouble();
      }
    }
    return new Resume(e, batch, state.path("epoch_loss").asDouble(), metrics);
  }

  private void checkRun(JsonNode saved) {
    for (Map.Entry<String, String> o : run.entrySet()) {
      JsonNode v = saved.get(o.getKey());
      String was = v == null || v.isNull() ? null : v.asText();
      if (saved.isObject() && !java.util.Objects.equals(was, o.getValue())) {
        throw new Fer4jException(dir + ": backup of a run with other options (" + o.getKey() + " " + (was == null ? "unset" : was) + " there, "
            + (o.getValue() == null ? "unset" : o.getValue()) + " here); rerun with the same options to resume, or delete it to start over");
      }
    }
  }

  private Fer4jException mismatch(String there, String here) {
    return new Fer4jException(dir + ": backup of a different model (" + there + " there, " + here + " here); rerun with the same model to resume, or delete it to start over");
  }

  private static String describe(List<Integer> sizes) {
    long total = 0;
    for (int n : sizes) total += n;
    return sizes.size() + " arrays of " + total + " values";
  }

  private static List<Integer> sizes(List<float[]> arrays) {
    List<Integer> s = new ArrayList<>();
    for (float[] a : arrays) s.add(a.length);
    return s;
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> s = new ArrayList<>();
    for (JsonNode n : array) s.add(n.asInt());
    return s;
  }

  @Override
  public void onEpochBegin(TrainingContext model, int epoch) {
    this.epoch = epoch;
  }

  @Override
  public void onTrainBatchEnd(TrainingContext model, int batch, Map<String, Double> logs) {
    String why = stop == null ? null : stop.reason();
    if (why == null && (saveFreq == 0 || (batch + 1) % saveFreq != 0)) return;
    save(model, epoch, batch + 1, logs);
    if (why != null) throw interrupted(why, "in epoch " + (epoch + 1) + " after batch " + (batch + 1));
  }

  @Override
  public void onEpochEnd(TrainingContext model, int epoch, Map<String, Double> logs) {
    save(model, epoch, -1, logs);
    String why = stop == null ? null : stop.reason();
    if (why != null) throw interrupted(why, "at the end of epoch " + (epoch + 1));
  }

  private TrainingInterrupted interrupted(String why, String where) {
    return new TrainingInterrupted(why, why + ": training stopped " + where + "; backup written to " + dir + " — run the same command again to resume from there");
  }

  /** Writes the state after {@code batch} batches of {@code epoch} (-1: the epoch is complete). */
  private void save(TrainingContext model, int epoch, int batch, Map<String, Double> logs) {
    // SwapEMAWeights(swap_on_epoch) may have put the moving averages in the weights: back up the
    // weights training goes on from, so a resumed run (which starts unswapped) continues the same
    boolean swapped = model.emaWeightsInModel();
    if (swapped) model.swapEmaWeights();
    List<float[]> w = model.getWeights();
    List<float[]> slots = model.optimizerSlots();
    if (swapped) model.swapEmaWeights();
    ObjectMapper om = new ObjectMapper();
    ObjectNode state = om.createObjectNode();
    state.put("format", FORMAT);
    state.put("epoch", epoch);
    state.put("batch", batch);
    state.put("epoch_loss", logs.getOrDefault("loss", Double.NaN));
    state.put("epoch_accuracy", logs.getOrDefault("accuracy", Double.NaN));
    var ms = state.putArray("metric_state"); // the epoch's streaming metric states, to resume mid-epoch exactly
    for (double[] m : model.runningMetricState()) {
      var a = ms.addArray();
      for (double v : m) a.add(v);
    }
    state.put("iterations", model.iterations());
    state.put("learning_rate", (double) model.learningRate());
    var ws = state.putArray("weight_sizes");
    for (float[] a : w) ws.add(a.length);
    var ss = state.putArray("slot_sizes");
    for (float[] a : slots) ss.add(a.length);
    var bests = state.putArray("checkpoint_best");
    for (ModelCheckpoint c : checkpoints) bests.add(c.best());
    ObjectNode r = state.putObject("run");
    run.forEach(r::put);
    AtomicDirectory.write(dir, tmp -> {
      Files.createDirectories(tmp);
      BackupArrays.Digest d = BackupArrays.write(tmp.resolve(WEIGHTS), List.of(w, slots));
      state.put("bytes", d.bytes());
      state.put("crc32", d.crc32());
      Files.writeString(tmp.resolve(STATE), om.writerWithDefaultPrettyPrinter().writeValueAsString(state));
    });
  }

  @Override
  public void onTrainEnd(TrainingContext model) {
    if (deleteOnEnd) AtomicDirectory.deleteQuietly(dir);
  }
}
