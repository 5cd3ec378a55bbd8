package io.fer4j.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A training dataset seen through random {@link Augmentation}: each sample is transformed anew
 * every epoch, from a generator seeded by (seed, epoch, sample), so a resumed run sees the same
 * images. Safe to read from several batch threads.
 */
public final class AugmentedData implements Dataset, EpochAware {
  private final Dataset base;
  private final Augmentation aug;
  private final long seed;
  private final float gray;
  private volatile int epoch;

  /** @param gray the model-input value of mid-gray (fill for erasing), e.g. 0.5 for pixel/255 */
  public AugmentedData(Dataset base, Augmentation aug, long seed, float gray) {
    this.base = base;
    this.aug = aug;
    this.seed = seed;
    this.gray = gray;
  }

  @Override public void setEpoch(int epoch) { this.epoch = epoch; }
  @Override public int size() { return base.size(); }
  @Override public long[] sampleShape() { return base.sampleShape(); }
  @Override public List<String> classes() { return base.classes(); }
  @Override public int label(int index) { return base.label(index); }
  @Override public String source(int index) { return base.source(index); }

  @Override
  public void copyInput(int index, float[] dst, int offset) {
    base.copyInput(index, dst, offset);
    long[] s = base.sampleShape();
    long mix = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
    aug.apply(dst, offset, (int) s[0], (int) s[1], (int) s[2], new SplittableRandom(mix), gray);
  }
}
