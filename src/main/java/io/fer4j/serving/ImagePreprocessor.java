package io.fer4j.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.data.DecodeBudget;
import io.fer4j.data.DecodeOps;
import io.fer4j.data.ImageHeader;
import io.fer4j.data.ImageLimits;
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
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * {@code :predictImage}: JPEG/PNG/GIF/BMP bytes to class probabilities. The header is checked
 * first (images over the pixel cap get 400 before any decoding; decodes share the process-wide
 * {@link DecodeBudget}). Decoding and resizing run
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
  private final Operand<TFloat32> gifPixels;
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
    // the same decoders as fer4j's evaluate/predict: JPEGs as PIL decodes them, GIFs' first frame
    DecodeOps.Decoders d = DecodeOps.build(tf, bytes, sig.channels());
    jpegPixels = scaled(tf, d.jpeg(), scale, offset);
    gifPixels = scaled(tf, d.gif(), scale, offset);
    otherPixels = scaled(tf, d.other(), scale, offset);
    session = new Session(graph);
  }

  private Operand<TFloat32> scaled(Ops tf, Operand<TFloat32> img, float scale, float offset) {
    Operand<TFloat32> resized = tf.image.resizeBilinear(tf.expandDims(img, tf.constant(0)),
        tf.constant(new int[] {sig.height(), sig.width()}), ResizeBilinear.halfPixelCenters(true));
    return tf.math.add(tf.math.mul(resized, tf.constant(scale)), tf.constant(offset));
  }

  /** The label (class name, or index as text) and the probabilities of one image. */
  record Prediction(String label, float[] probabilities) {}

  Prediction predict(byte[] image) {
    if (image.length == 0) throw ServingException.badRequest("empty body: send the JPEG/PNG bytes of one image");
    ImageHeader header;
    try {
      header = ImageHeader.read(image, "request body");
    } catch (Fer4jException e) {
      throw ServingException.badRequest("cannot decode image: " + e.getMessage());
    }
    try {
      ImageLimits.check(header, "request body");
    } catch (Fer4jException e) {
      throw ServingException.badRequest(e.getMessage());
    }
    float[] x = new float[sig.height() * sig.width() * sig.channels()];
    Operand<TFloat32> pixels = switch (header.format()) {
      case "jpeg" -> jpegPixels;
      case "gif" -> gifPixels;
      default -> otherPixels;
    };
    // decoded uint8 pixels and their float cast, 5 bytes per value (GIF: + the RGB canvas and frames)
    long cost = header.declaredPixels() * (sig.channels() * 5L + (header.format().equals("gif") ? 16 : 0));
    DecodeBudget.shared().run(cost, () -> {
      try (TString in = TString.tensorOfBytes(NdArrays.scalarOfObject(image));
           Result r = session.runner().feed(bytes, in).fetch(pixels).run()) {
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(x, false, false));
      } catch (RuntimeException e) {
        throw ServingException.badRequest("cannot decode image: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      }
      return null;
    });
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
