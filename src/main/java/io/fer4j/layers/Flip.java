package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Keras 3's {@code keras.ops.flip(x, axis)} used in a Functional graph (saved as
 * {@code keras.src.ops.numpy.Flip}): reverses one non-batch axis. fer4j's ensembles use it for the
 * mirrored views of test-time augmentation, so the same graph runs in Keras and TF Serving.
 */
public final class Flip extends Layer {
  private final int axis;

  /** @param axis the axis of the batched tensor, as Keras counts it: 1 = rows, 2 = columns, -1 = last */
  public Flip(int axis) {
    super(null);
    if (axis == 0) throw new Fer4jException("Flip: axis 0 is the batch axis (flip an image axis: 1, 2, ... or -1)");
    this.axis = axis;
  }

  public int axis() { return axis; }

  @Override public String className() { return "Flip"; }
  @Override public String kerasModule() { return ElementwiseOp.KERAS_MODULE; }
  @Override public String registeredName() { return "Flip"; }

  private int batchedAxis(int rank) {
    int a = axis < 0 ? axis + rank + 1 : axis;
    if (a < 1 || a > rank) throw new Fer4jException("Flip '" + name() + "': axis " + axis + " is out of range for inputs of rank " + (rank + 1));
    return a;
  }

  @Override
  public long[] computeOutputShape(long[] in) {
    batchedAxis(in.length);
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    var tf = ctx.tf();
    return tf.reverse(x, tf.constant(new int[] {batchedAxis(inputShape().length)}));
  }

  @Override
  public void writeConfig(ObjectNode c) { c.put("axis", axis); }
}
