package io.fer4j.data;

import io.fer4j.Fer4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.op.image.ResizeBicubic;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Decodes JPEG/PNG/GIF/BMP bytes with TF's own decoders, so gray levels are exactly Python's:
 * Java2D's colour conversion of gray JPEGs shifts pixel values. JPEGs use libjpeg's accurate
 * integer IDCT, as PIL (Keras' image loader) does; TF's default fast IDCT moves a few gray levels
 * and changed 9 of 28,709 FER2013 predictions of a Python model. Resizes with TF's kernels when
 * the image is not the target size. Thread-safe; one instance per channel count.
 */
public final class ImageDecoder implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TString> contents;
  private final Placeholder<TInt32> size;
  private final Resizer jpeg;
  private final Resizer other;
  private final int channels;

  public ImageDecoder(int channels) {
    if (channels != 1 && channels != 3) throw new Fer4jException("images can be decoded to 1 or 3 channels, not " + channels);
    this.channels = channels;
    Ops tf = Ops.create(graph);
    contents = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    size = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(2)));
    // JPEG with the accurate integer IDCT, as PIL (Keras' loader) decodes; TF's default is the fast one
    jpeg = new Resizer(tf, tf.image.decodeJpeg(contents, DecodeJpeg.channels((long) channels), DecodeJpeg.dctMethod("INTEGER_ACCURATE")), size);
    other = new Resizer(tf, tf.image.decodeImage(contents, new DecodeImage.Options[] {
        DecodeImage.channels((long) channels), DecodeImage.expandAnimations(false)}), size);
    session = new Session(graph);
  }

  /** The decoded image and its three resized variants (kept (1, H, W, C): only flat values are read). */
  private record Resizer(Operand<TFloat32> decoded, Operand<TFloat32> nearest, Operand<TFloat32> bilinear, Operand<TFloat32> bicubic) {
    Resizer(Ops tf, Operand<TUint8> img, Operand<TInt32> size) {
      this(tf.dtypes.cast(img, TFloat32.class),
          tf.dtypes.cast(tf.image.resizeNearestNeighbor(tf.expandDims(img, tf.constant(0)), size, ResizeNearestNeighbor.halfPixelCenters(true)), TFloat32.class),
          tf.image.resizeBilinear(tf.expandDims(img, tf.constant(0)), size, ResizeBilinear.halfPixelCenters(true)),
          tf.image.resizeBicubic(tf.expandDims(img, tf.constant(0)), size, ResizeBicubic.halfPixelCenters(true)));
    }
  }

  private static boolean isJpeg(byte[] b) {
    return b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
  }

  public int channels() { return channels; }

  /** A decoded image: height, width, and pixel values 0..255 as floats, (H, W, C) row-major. */
  public record Image(int height, int width, int channels, float[] pixels) {
    /** Values rounded and clamped to 8 bits (what PIL's uint8 images hold). */
    public byte[] toBytes() {
      byte[] b = new byte[pixels.length];
      for (int i = 0; i < b.length; i++) b[i] = (byte) Math.max(0, Math.min(255, Math.round(pixels[i])));
      return b;
    }
  }

  public Image read(Path file, int height, int width, Interpolation interp) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new Fer4jException(file + ": no such file");
    } catch (IOException e) {
      throw new Fer4jException(file + ": cannot read (" + e.getMessage() + ")");
    }
    return decode(bytes, height, width, interp, file.toString());
  }

  /** Decodes and, if needed, resizes to (height, width); height/width <= 0 keep the original size. */
  public Image decode(byte[] bytes, int height, int width, Interpolation interp, String what) {
    if (bytes.length == 0) throw new Fer4jException(what + ": empty file, not an image");
    Resizer path = isJpeg(bytes) ? jpeg : other;
    try (TString in = TString.tensorOfBytes(NdArrays.scalarOfObject(bytes));
         Result r = session.runner().feed(contents, in).fetch(path.decoded()).run()) {
      TFloat32 img = (TFloat32) r.get(0);
      int h = (int) img.shape().get(0);
      int w = (int) img.shape().get(1);
      if ((height <= 0 || h == height) && (width <= 0 || w == width)) {
        float[] px = new float[h * w * channels];
        img.copyTo(DataBuffers.of(px, false, false));
        return new Image(h, w, channels, px);
      }
    } catch (RuntimeException e) { // TF reports bad input as TFInvalidArgumentException (an IllegalArgumentException)
      if (e instanceof Fer4jException) throw e;
      throw new Fer4jException(what + ": not a decodable image (" + firstLine(e.getMessage()) + ")");
    }
    Operand<TFloat32> out = switch (interp) {
      case NEAREST -> path.nearest();
      case BILINEAR -> path.bilinear();
      case BICUBIC -> path.bicubic();
    };
    try (TString in = TString.tensorOfBytes(NdArrays.scalarOfObject(bytes));
         TInt32 sz = TInt32.vectorOf(height, width);
         Result r = session.runner().feed(contents, in).feed(size, sz).fetch(out).run()) {
      float[] px = new float[height * width * channels];
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(px, false, false));
      return new Image(height, width, channels, px);
    } catch (RuntimeException e) { // TF reports bad input as TFInvalidArgumentException (an IllegalArgumentException)
      if (e instanceof Fer4jException) throw e;
      throw new Fer4jException(what + ": cannot resize (" + firstLine(e.getMessage()) + ")");
    }
  }

  private static String firstLine(String m) {
    if (m == null) return "unknown error";
    String l = m.lines().findFirst().orElse(m).trim();
    return l.length() > 160 ? l.substring(0, 160) + "..." : l;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
