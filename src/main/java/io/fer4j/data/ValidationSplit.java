package io.fer4j.data;

import io.fer4j.Fer4jException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A stratified, deterministic train/validation split: the same fraction of every class (rounded,
 * at least one sample of a class with two or more) goes to validation, chosen by a seeded shuffle.
 */
public final class ValidationSplit {
  private ValidationSplit() {}

  /** Returns {train, validation}. */
  public static ImageData[] split(ImageData data, double fraction, long seed) {
    if (!(fraction >= 0 && fraction < 1)) throw new Fer4jException("--validation-split must be in [0, 1), got " + fraction);
    int k = data.classes().size();
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < k; c++) byClass.add(new ArrayList<>());
    for (int i = 0; i < data.size(); i++) byClass.get(data.label(i)).add(i);
    List<Integer> train = new ArrayList<>();
    List<Integer> val = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      List<Integer> idx = byClass.get(c);
      java.util.Collections.shuffle(idx, new Random(seed * 31 + c));
      int nVal = (int) Math.round(idx.size() * fraction);
      if (fraction > 0 && nVal == 0 && idx.size() >= 2) nVal = 1;
      val.addAll(idx.subList(0, nVal));
      train.addAll(idx.subList(nVal, idx.size()));
    }
    java.util.Collections.sort(train);
    java.util.Collections.sort(val);
    return new ImageData[] {data.subset(train.stream().mapToInt(Integer::intValue).toArray()),
        data.subset(val.stream().mapToInt(Integer::intValue).toArray())};
  }
}
