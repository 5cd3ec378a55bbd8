package io.fer4j.data;

/** A dataset whose samples depend on the epoch (random augmentation); fit tells it which epoch runs. */
public interface EpochAware {
  void setEpoch(int epoch);
}
