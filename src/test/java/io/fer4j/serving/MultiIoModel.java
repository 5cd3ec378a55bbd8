package io.fer4j.serving;

import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A SavedModel with two inputs and two outputs of different dtypes, written with plain TF Java:
 * a [-1,2] float, k [-1] int32 → sum = a + k (float [-1,2]), count = k * 2 (int32 [-1]).
 * No fixture has several inputs, and the REST row/columnar rules differ exactly there.
 */
final class MultiIoModel {
  private MultiIoModel() {}

  static void export(Path dir) throws java.io.IOException {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> a = tf.withName("a").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 2)));
      Placeholder<TInt32> k = tf.withName("k").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      var sum = tf.math.add(a, tf.expandDims(tf.dtypes.cast(k, TFloat32.class), tf.constant(1)));
      var count = tf.math.mul(k, tf.constant(2));
      Signature sig = Signature.builder().key("serving_default").methodName("tensorflow/serving/predict")
          .input("a", a).input("k", k).output("sum", sum).output("count", count).build();
      SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(sig).export();
    }
  }
}
