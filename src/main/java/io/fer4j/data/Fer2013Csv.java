package io.fer4j.data;

import io.fer4j.Fer4jException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The original FER2013 CSV ({@code emotion,pixels,Usage}; 48x48 pixels as space-separated gray
 * levels). Its classes keep the CSV's order — angry, disgust, fear, happy, sad, surprise, neutral —
 * which differs from the alphabetical order of image folders; outputs say which order a model uses.
 */
public final class Fer2013Csv {
  public static final List<String> CLASSES = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
  public static final int SIZE = 48;

  private Fer2013Csv() {}

  /**
   * Loads rows whose Usage is one of {@code usages} (e.g. "Training"; empty = every row). A file
   * without a Usage column is taken whole.
   */
  public static ImageData load(Path csv, List<String> usages) {
    List<byte[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null) throw new Fer4jException(csv + ": empty CSV (expected header emotion,pixels,Usage)");
      List<String> cols = Arrays.stream(header.split(",")).map(String::trim).toList();
      int ce = cols.indexOf("emotion");
      int cp = cols.indexOf("pixels");
      int cu = cols.indexOf("Usage");
      if (ce < 0 || cp < 0) throw new Fer4jException(csv + ": not a FER2013 CSV (header must have emotion and pixels columns, got '" + header + "')");
      String line;
      int lineNo = 1;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        String[] f = line.split(",", -1);
        if (f.length < cols.size()) throw new Fer4jException(csv + " line " + lineNo + ": expected " + cols.size() + " columns, got " + f.length);
        if (cu >= 0 && !usages.isEmpty() && !usages.contains(f[cu].trim())) continue;
        int label;
        try {
          label = Integer.parseInt(f[ce].trim());
        } catch (NumberFormatException e) {
          throw new Fer4jException(csv + " line " + lineNo + ": emotion '" + f[ce] + "' is not a number 0-6");
        }
        if (label < 0 || label >= CLASSES.size()) throw new Fer4jException(csv + " line " + lineNo + ": emotion " + label + " is outside 0-6");
        String[] px = f[cp].trim().split("\\s+");
        if (px.length != SIZE * SIZE) throw new Fer4jException(csv + " line " + lineNo + ": expected " + SIZE * SIZE + " pixels, got " + px.length);
        byte[] img = new byte[SIZE * SIZE];
        for (int i = 0; i < px.length; i++) {
          int v;
          try {
            v = Integer.parseInt(px[i]);
          } catch (NumberFormatException e) {
            throw new Fer4jException(csv + " line " + lineNo + ": pixel " + i + " '" + px[i] + "' is not a number");
          }
          if (v < 0 || v > 255) throw new Fer4jException(csv + " line " + lineNo + ": pixel " + i + " = " + v + " is outside 0-255");
          img[i] = (byte) v;
        }
        images.add(img);
        labels.add(label);
        sources.add(csv.getFileName() + ":" + lineNo);
      }
    } catch (NoSuchFileException e) {
      throw new Fer4jException(csv + ": no such file");
    } catch (IOException e) {
      throw new Fer4jException(csv + ": cannot read (" + e.getMessage() + ")");
    }
    if (images.isEmpty()) throw new Fer4jException(csv + ": no rows" + (usages.isEmpty() ? "" : " with Usage " + usages));
    byte[] all = new byte[images.size() * SIZE * SIZE];
    for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i), 0, all, i * SIZE * SIZE, SIZE * SIZE);
    return new ImageData(all, SIZE, SIZE, 1, labels.stream().mapToInt(Integer::intValue).toArray(), CLASSES, sources.toArray(String[]::new));
  }
}
