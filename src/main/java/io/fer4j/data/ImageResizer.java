package io.fer4j.data;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.ResizeBicubic;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Resizes raw (H, W, C) float pixels with TF's kernels (half-pixel centres), like {@link ImageDecoder} does for files. Thread-safe. */
public final class ImageResizer implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> image;
  private final Placeholder<TInt32> size;
  private final Operand<TFloat32> nearest;
  private final Operand<TFloat32> bilinear;
  private final Operand<TFloat32> bicubic;

  public ImageResizer() {
    Ops tf = Ops.create(graph);
    image = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1)));
    size = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(2)));
    Operand<TFloat32> batch = tf.expandDims(image, tf.constant(0));
    nearest = tf.image.resizeNearestNeighbor(batch, size, ResizeNearestNeighbor.halfPixelCenters(true));
    bilinear = tf.image.resizeBilinear(batch, size, ResizeBilinear.halfPixelCenters(true));
    bicubic = tf.image.resizeBicubic(batch, size, ResizeBicubic.halfPixelCenters(true));
    session = new Session(graph);
  }

  public float[] resize(float[] px, int h, int w, int c, int toH, int toW, Interpolation interp) {
    Operand<TFloat32> out = switch (interp) {
      case NEAREST -> nearest;
      case BILINEAR -> bilinear;
      case BICUBIC -> bicubic;
    };
    try (TFloat32 in = TFloat32.tensorOf(Shape.of(h, w, c), DataBuffers.of(px, true, false));
         TInt32 sz = TInt32.vectorOf(toH, toW);
         Result r = session.runner().feed(image, in).feed(size, sz).fetch(out).run()) {
      float[] res = new float[toH * toW * c];
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(res, false, false));
      return res;
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
