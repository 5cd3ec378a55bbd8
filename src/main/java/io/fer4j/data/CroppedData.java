package io.fer4j.data;

import io.fer4j.Fer4jException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A dataset seen through square crops of its images: a random crop for training (drawn anew each
 * epoch from (seed, epoch, sample), so a resumed run sees the same crops), or the centre crop for
 * validation — the 40x40-crops-of-48x48 recipe of the FER2013 VGG papers.
 */
public final class CroppedData implements Dataset, EpochAware {
  private final Dataset base;
  private final int size;
  private final boolean random;
  private final long seed;
  private volatile int epoch;

  private CroppedData(Dataset base, int size, boolean random, long seed) {
    long[] s = base.sampleShape();
    if (size <= 0 || size > s[0] || size > s[1]) throw new Fer4jException("--crop " + size + " must be between 1 and the image size " + s[0] + "x" + s[1]);
    this.base = base;
    this.size = size;
    this.random = random;
    this.seed = seed;
  }

  /** Random size x size crops, new each epoch. */
  public static CroppedData random(Dataset base, int size, long seed) { return new CroppedData(base, size, true, seed); }

  /** The centre size x size crop (offset (H - size) / 2, as ten-crop's centre crop). */
  public static CroppedData center(Dataset base, int size) { return new CroppedData(base, size, false, 0); }

  @Override
  public void setEpoch(int epoch) {
    this.epoch = epoch;
    if (base instanceof EpochAware e) e.setEpoch(epoch);
  }

  @Override public int size() { return base.size(); }
  @Override public long[] sampleShape() { long[] s = base.sampleShape(); return new long[] {size, size, s[2]}; }
  @Override public List<String> classes() { return base.classes(); }
  @Override public int label(int index) { return base.label(index); }
  @Override public String source(int index) { return base.source(index); }

  @Override
  public void copyInput(int index, float[] dst, int offset) {
    long[] s = base.sampleShape();
    int h = (int) s[0], w = (int) s[1], c = (int) s[2];
    float[] full = new float[h * w * c];
    base.copyInput(index, full, 0);
    int y0 = (h - size) / 2, x0 = (w - size) / 2;
    if (random) {
      SplittableRandom r = new SplittableRandom(seed * 0x2545F4914F6CDD1DL + epoch * 0x9E3779B97F4A7C15L + index * 0xD1B54A32D192ED03L);
      y0 = r.nextInt(h - size + 1);
      x0 = r.nextInt(w - size + 1);
    }
    for (int y = 0; y < size; y++) System.arraycopy(full, ((y0 + y) * w + x0) * c, dst, offset + y * size * c, size * c);
  }
}
