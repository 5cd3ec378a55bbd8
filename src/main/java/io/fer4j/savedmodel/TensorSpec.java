package io.fer4j.savedmodel;

import java.util.Arrays;

/**
 * One input or output of a signature as the SavedModel declares it: the signature's key for it
 * (what clients use), the graph tensor it maps to (what the session feeds), TF's dtype name and
 * the shape with -1 for unknown dimensions ({@code null} when even the rank is unknown).
 */
public record TensorSpec(String key, String tensorName, String dtypeName, long[] shape) {
  /** The dtype as fer4j handles it, or null if fer4j cannot feed/read this tensor. */
  public DType dtype() {
    return DType.of(org.tensorflow.proto.DataType.valueOf(dtypeName));
  }

  public boolean unknownRank() { return shape == null; }

  public String shapeString() { return shape == null ? "unknown rank" : Arrays.toString(shape).replace(" ", ""); }

  @Override public long[] shape() { return shape == null ? null : shape.clone(); }

  @Override
  public String toString() { return key + " " + dtypeName + " " + shapeString() + " (" + tensorName + ")"; }
}
