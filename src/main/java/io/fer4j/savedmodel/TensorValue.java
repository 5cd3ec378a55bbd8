package io.fer4j.savedmodel;

import io.fer4j.Fer4jException;
import java.util.Arrays;

/**
 * A dense tensor on the Java heap: dtype, shape and row-major values. It is what crosses the
 * boundary of {@link LoadedSavedModel#predict}, so callers never hold native TF tensors that
 * they would have to close. Float data lives in a float[], integer data (int32, int64, uint8)
 * in a long[] so one accessor serves all integer types.
 */
public final class TensorValue {
  private final DType dtype;
  private final long[] shape;
  private final float[] floats;
  private final long[] ints;

  private TensorValue(DType dtype, long[] shape, float[] floats, long[] ints) {
    this.dtype = dtype;
    this.shape = shape.clone();
    this.floats = floats;
    this.ints = ints;
    long n = numElements(shape);
    long have = floats != null ? floats.length : ints.length;
    if (n != have) throw new Fer4jException("tensor of shape " + Arrays.toString(shape) + " needs " + n + " values, got " + have);
  }

  public static TensorValue ofFloats(float[] data, long... shape) {
    return new TensorValue(DType.FLOAT32, shape, data, null);
  }

  /** Integer values of type int32, int64 or uint8 (range-checked for the narrow types). */
  public static TensorValue ofInts(DType dtype, long[] data, long... shape) {
    if (!dtype.isInteger()) throw new IllegalArgumentException(dtype + " is not an integer type");
    for (long v : data) {
      if (dtype == DType.UINT8 && (v < 0 || v > 255)) throw new Fer4jException("value " + v + " is out of range for DT_UINT8");
      if (dtype == DType.INT32 && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) throw new Fer4jException("value " + v + " is out of range for DT_INT32");
    }
    return new TensorValue(dtype, shape, null, data);
  }

  public static TensorValue ofUint8(byte[] data, long... shape) {
    long[] v = new long[data.length];
    for (int i = 0; i < v.length; i++) v[i] = data[i] & 0xff;
    return new TensorValue(DType.UINT8, shape, null, v);
  }

  public DType dtype() { return dtype; }
  public long[] shape() { return shape.clone(); }
  public int rank() { return shape.length; }
  public long dim(int i) { return shape[i]; }
  public int size() { return floats != null ? floats.length : ints.length; }

  /** The float32 values (a view, do not modify); fails for integer tensors. */
  public float[] floats() {
    if (floats == null) throw new IllegalStateException("tensor is " + dtype.tfName() + ", not DT_FLOAT");
    return floats;
  }

  /** The integer values (a view, do not modify); fails for float tensors. */
  public long[] ints() {
    if (ints == null) throw new IllegalStateException("tensor is DT_FLOAT, not an integer type");
    return ints;
  }

  /** Value i (row-major) as a double, whatever the dtype. */
  public double get(int i) { return floats != null ? floats[i] : ints[i]; }

  /** Rows [from, to) along dimension 0. */
  public TensorValue slice(long from, long to) {
    if (shape.length == 0) throw new IllegalStateException("cannot slice a scalar");
    int row = (int) (numElements(shape) / Math.max(1, shape[0]));
    long[] s = shape.clone();
    s[0] = to - from;
    int a = (int) (from * row), b = (int) (to * row);
    return floats != null ? new TensorValue(dtype, s, Arrays.copyOfRange(floats, a, b), null)
        : new TensorValue(dtype, s, null, Arrays.copyOfRange(ints, a, b));
  }

  /** Concatenates tensors of one dtype along dimension 0 (the inverse of {@link #slice}). */
  public static TensorValue concat(java.util.List<TensorValue> parts) {
    TensorValue first = parts.get(0);
    if (parts.size() == 1) return first;
    long rows = 0;
    int total = 0;
    for (TensorValue p : parts) {
      if (p.dtype != first.dtype || p.rank() != first.rank() || p.rank() == 0) throw new IllegalStateException("cannot concatenate differently shaped outputs");
      rows += p.shape[0];
      total += p.size();
    }
    long[] s = first.shape();
    s[0] = rows;
    int at = 0;
    if (first.floats != null) {
      float[] out = new float[total];
      for (TensorValue p : parts) { System.arraycopy(p.floats, 0, out, at, p.floats.length); at += p.floats.length; }
      return new TensorValue(first.dtype, s, out, null);
    }
    long[] out = new long[total];
    for (TensorValue p : parts) { System.arraycopy(p.ints, 0, out, at, p.ints.length); at += p.ints.length; }
    return new TensorValue(first.dtype, s, null, out);
  }

  public static long numElements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) throw new Fer4jException("tensor shape " + Arrays.toString(shape) + " has an unknown dimension");
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Override
  public String toString() { return "TensorValue(" + dtype.tfName() + ", " + Arrays.toString(shape) + ")"; }
}
