package io.fer4j.savedmodel;

import io.fer4j.Fer4jException;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Copies between heap {@link TensorValue}s and native TF tensors. The native side is always
 * created by the caller inside try-with-resources: nothing here keeps a native tensor alive.
 */
final class Tensors {
  private Tensors() {}

  /** A new native tensor; the caller must close it. */
  static Tensor toNative(TensorValue v) {
    Shape s = Shape.of(v.shape());
    return switch (v.dtype()) {
      case FLOAT32 -> TFloat32.tensorOf(s, DataBuffers.of(v.floats(), true, false));
      case INT64 -> TInt64.tensorOf(s, DataBuffers.of(v.ints(), true, false));
      case INT32 -> {
        long[] src = v.ints();
        int[] d = new int[src.length];
        for (int i = 0; i < d.length; i++) d[i] = (int) src[i];
        yield TInt32.tensorOf(s, DataBuffers.of(d, false, false));
      }
      case UINT8 -> {
        long[] src = v.ints();
        byte[] d = new byte[src.length];
        for (int i = 0; i < d.length; i++) d[i] = (byte) src[i];
        yield TUint8.tensorOf(s, DataBuffers.of(d, false, false));
      }
    };
  }

  /** A heap copy of a native tensor (which stays owned by the caller). */
  static TensorValue fromNative(Tensor t, String what) {
    long[] shape = t.shape().asArray();
    int n = (int) t.shape().size();
    DType d = DType.require(t.dataType(), what);
    switch (d) {
      case FLOAT32 -> {
        float[] f = new float[n];
        ((TFloat32) t).copyTo(DataBuffers.of(f, false, false));
        return TensorValue.ofFloats(f, shape);
      }
      case INT64 -> {
        long[] l = new long[n];
        ((TInt64) t).copyTo(DataBuffers.of(l, false, false));
        return TensorValue.ofInts(d, l, shape);
      }
      case INT32 -> {
        int[] i = new int[n];
        ((TInt32) t).copyTo(DataBuffers.of(i, false, false));
        long[] l = new long[n];
        for (int k = 0; k < n; k++) l[k] = i[k];
        return TensorValue.ofInts(d, l, shape);
      }
      case UINT8 -> {
        byte[] b = new byte[n];
        ((TUint8) t).copyTo(DataBuffers.of(b, false, false));
        return TensorValue.ofUint8(b, shape);
      }
      default -> throw new Fer4jException(what + ": unsupported dtype " + t.dataType());
    }
  }
}
