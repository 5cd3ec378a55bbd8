package io.fer4j.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.savedmodel.DType;
import io.fer4j.savedmodel.ImageSignature;
import io.fer4j.savedmodel.LoadedSavedModel;
import io.fer4j.savedmodel.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * {@code :predictImage}: JPEG/PNG/GIF/BMP bytes to class probabilities. Decoding and resizing run
 * in a small TF graph (tf.image.decode_image with the model's channel count, JPEGs with the
 * accurate integer IDCT as PIL decodes them, bilinear resize
 * with half-pixel centers to the model's H×W) so pixels match what Python's TF would produce;
 * values are then scaled by fer4j.json's input_scale/input_offset, else by 1/255. Thread-safe.
 */
final class ImagePreprocessor implements AutoCloseable {
  private final ImageSignature sig;
  private final LoadedSavedModel model;
  private final List<String> classes;
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TString> bytes;
  private final Operand<TFloat32> jpegPixels;
  private final Operand<TFloat32> otherPixels;

  ImagePreprocessor(LoadedSavedModel model, ObjectNode meta) {
    this.model = model;
    this.sig = ImageSignature.of(model);
    float scale = 1f / 255f;
    float offset = 0f;
    List<String> names = null;
    if (meta != null) {
      if (meta.has("input_scale")) scale = (float) meta.get("input_scale").asDouble();
      offset = (float) meta.path("input_offset").asDouble(0);
      if (meta.has("classes")) {
        names = new ArrayList<>();
        for (JsonNode c : meta.get("classes")) names.add(c.asText());
      }
    }
    if (sig.dtype() == DType.UINT8) { scale = 1f; offset = 0f; }
    this.classes = names;
    Ops tf = Ops.create(graph);
    bytes = tf.placeholder(TString.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
    // JPEGs with libjpeg's accurate IDCT, as PIL (Keras' loader) and fer4j's evaluate decode them
    jpegPixels = scaled(tf, tf.image.decodeJpeg(bytes, DecodeJpeg.channels((long) sig.channels()), DecodeJpeg.dctMethod("INTEGER_ACCURATE")), scale, offset);
    otherPixels = scaled(tf, tf.image.decodeImage(bytes, new DecodeImage.Options[] {DecodeImage.channels((long) sig.channels()), DecodeImage.expandAnimations(false)}), scale, offset);
    session = new Session(graph);
  }

  private Operand<TFloat32> scaled(Ops tf, Operand<TUint8> img, float scale, float offset) {
    Operand<TFloat32> resized = tf.image.resizeBilinear(tf.expandDims(img, tf.constant(0)),
        tf.constant(new int[] {sig.height(), sig.width()}), ResizeBilinear.halfPixelCenters(true));
    return tf.math.add(tf.math.mul(resized, tf.constant(scale)), tf.constant(offset));
  }

  private static boolean isJpeg(byte[] b) {
    return b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
  }

  /** The label (class name, or index as text) and the probabilities of one image. */
  record Prediction(String label, float[] probabilities) {}

  Prediction predict(byte[] image) {
    if (image.length == 0) throw ServingException.badRequest("empty body: send the JPEG/PNG bytes of one image");
    float[] x = new float[sig.height() * sig.width() * sig.channels()];
    try (TString in = TString.tensorOfBytes(NdArrays.scalarOfObject(image));
         Result r = session.runner().feed(bytes, in).fetch(isJpeg(image) ? jpegPixels : otherPixels).run()) {
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(x, false, false));
    } catch (RuntimeException e) {
      throw ServingException.badRequest("cannot decode image: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    TensorValue input = TensorValue.ofFloats(x, 1, sig.height(), sig.width(), sig.channels());
    if (sig.dtype() == DType.UINT8) {
      long[] v = new long[x.length];
      for (int i = 0; i < v.length; i++) v[i] = Math.max(0, Math.min(255, Math.round(x[i])));
      input = TensorValue.ofInts(DType.UINT8, v, 1, sig.height(), sig.width(), sig.channels());
    }
    Map<String, TensorValue> out;
    try {
      out = model.predict(sig.signature(), Map.of(sig.input(), input));
    } catch (Fer4jException e) {
      throw ServingException.badRequest(e.getMessage());
    }
    TensorValue y = out.get(sig.output());
    float[] p = new float[y.size()];
    for (int i = 0; i < p.length; i++) p[i] = (float) y.get(i);
    int best = 0;
    for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
    String label = classes != null && best < classes.size() ? classes.get(best) : Integer.toString(best);
    return new Prediction(label, p);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
