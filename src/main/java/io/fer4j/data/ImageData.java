package io.fer4j.data;

import io.fer4j.Fer4jException;
import java.util.Arrays;
import java.util.List;

/**
 * Decoded 8-bit images held in one array (FER2013's 28,709 faces take 66 MB), with labels and
 * class names. The model input is pixel * scale + offset (default 1/255, 0, as Keras' rescale).
 */
public final class ImageData implements Dataset {
  private final byte[] pixels;
  private final int height;
  private final int width;
  private final int channels;
  private final int[] labels;
  private final List<String> classes;
  private final String[] sources;
  private final int[] index; // view into the arrays (null = identity)
  private float scale = 1f / 255f;
  private float offset = 0f;

  public ImageData(byte[] pixels, int height, int width, int channels, int[] labels, List<String> classes, String[] sources) {
    int n = labels.length;
    if ((long) n * height * width * channels != pixels.length) throw new IllegalArgumentException("pixels do not match " + n + " x " + height + "x" + width + "x" + channels);
    for (int l : labels) if (l < 0 || l >= classes.size()) throw new IllegalArgumentException("label " + l + " outside " + classes);
    this.pixels = pixels;
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.labels = labels;
    this.classes = List.copyOf(classes);
    this.sources = sources;
    this.index = null;
  }

  private ImageData(ImageData base, int[] index) {
    this.pixels = base.pixels;
    this.height = base.height;
    this.width = base.width;
    this.channels = base.channels;
    this.labels = base.labels;
    this.classes = base.classes;
    this.sources = base.sources;
    this.index = index;
    this.scale = base.scale;
    this.offset = base.offset;
  }

  /** A view of the samples at these positions (no pixel copy). */
  public ImageData subset(int[] positions) {
    int[] abs = new int[positions.length];
    for (int i = 0; i < positions.length; i++) abs[i] = at(positions[i]);
    return new ImageData(this, abs);
  }

  /**
   * Same samples, labelled by {@code newClasses} (matched by name). The new list may hold classes
   * the data lacks (e.g. a FER+ model's "contempt" over FER2013 data).
   */
  public ImageData withClassOrder(List<String> newClasses) {
    if (newClasses.equals(classes)) return this;
    if (!newClasses.containsAll(classes)) {
      throw new Fer4jException("data classes " + classes + " do not match the model's classes " + newClasses);
    }
    int[] relabelled = new int[labels.length];
    for (int i = 0; i < labels.length; i++) relabelled[i] = newClasses.indexOf(classes.get(labels[i]));
    ImageData d = new ImageData(pixels, height, width, channels, relabelled, newClasses, sources);
    return index == null ? d.scaled(scale, offset) : d.scaled(scale, offset).subsetAbsolute(index);
  }

  private ImageData subsetAbsolute(int[] abs) { return new ImageData(this, abs); }

  /** Sets the input transform pixel * scale + offset. */
  public ImageData scaled(float scale, float offset) {
    ImageData d = new ImageData(this, index);
    d.scale = scale;
    d.offset = offset;
    return d;
  }

  private int at(int i) { return index == null ? i : index[i]; }

  @Override public int size() { return index == null ? labels.length : index.length; }
  @Override public long[] sampleShape() { return new long[] {height, width, channels}; }
  @Override public List<String> classes() { return classes; }
  @Override public int label(int i) { return labels[at(i)]; }
  @Override public String source(int i) { return sources == null ? "#" + at(i) : sources[at(i)]; }

  public int height() { return height; }
  public int width() { return width; }
  public int channels() { return channels; }

  /** Raw 8-bit pixels of sample i (a copy). */
  public byte[] pixels(int i) {
    int n = height * width * channels;
    int start = at(i) * n;
    return Arrays.copyOfRange(pixels, start, start + n);
  }

  @Override
  public void copyInput(int i, float[] dst, int off) {
    int n = height * width * channels;
    int start = at(i) * n;
    for (int k = 0; k < n; k++) dst[off + k] = (pixels[start + k] & 0xFF) * scale + offset;
  }
}
