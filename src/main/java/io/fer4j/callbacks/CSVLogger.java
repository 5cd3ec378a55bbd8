package io.fer4j.callbacks;

import io.fer4j.Fer4jException;
import io.fer4j.model.Callback;
import io.fer4j.model.TrainingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Keras CSVLogger: one row per epoch ({@code epoch} then the metrics in sorted order), flushed
 * after each epoch so a killed run keeps what it finished. With {@code append} an existing file
 * is continued (a resumed run); rows of epochs at or after the resume point are dropped first, so
 * each epoch appears once.
 */
public final class CSVLogger implements Callback {
  private final Path file;
  private final boolean append;
  private List<String> keys;

  public CSVLogger(Path file, boolean append) {
    this.file = file;
    this.append = append;
  }

  public CSVLogger(Path file) { this(file, false); }

  /** Keeps only the header and the rows of epochs before {@code epoch} (zero-based). */
  public void truncateFrom(int epoch) {
    if (!Files.exists(file)) return;
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> keep = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i);
        if (i == 0 || (!l.isBlank() && Integer.parseInt(l.substring(0, l.indexOf(','))) < epoch)) keep.add(l);
      }
      Files.write(file, keep, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new Fer4jException(file + ": cannot rewrite the training log (" + e.getMessage() + ")");
    }
  }

  @Override
  public void onTrainBegin(TrainingContext model, List<String> metricNames) {
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      if (!append || !Files.exists(file)) Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new Fer4jException(file + ": cannot write the training log (" + e.getMessage() + ")");
    }
  }

  @Override
  public void onEpochEnd(TrainingContext model, int epoch, Map<String, Double> logs) {
    try {
      if (keys == null) {
        keys = new ArrayList<>(logs.keySet());
        Collections.sort(keys);
      }
      StringBuilder sb = new StringBuilder();
      if (!Files.exists(file) || Files.size(file) == 0) sb.append("epoch,").append(String.join(",", keys)).append('\n');
      sb.append(epoch);
      for (String k : keys) sb.append(',').append(logs.getOrDefault(k, Double.NaN));
      sb.append('\n');
      Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
