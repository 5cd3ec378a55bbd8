package io.fer4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer4j.Fer4jException;
import io.fer4j.util.PngBomb;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images are measured by their header before decoding: bombs are refused at once, naming the file and size. */
class BoundedDecodingTest {
  @TempDir Path tmp;

  @AfterEach
  void resetCap() { ImageLimits.setMaxPixels(ImageLimits.DEFAULT_MAX_PIXELS); }

  static byte[] grayPng(byte[] px, int w, int h) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, w, h, px);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(img, "png", b);
    return b.toByteArray();
  }

  /** An animated GIF of gray frames (ImageIO's writer with a 256-level gray palette). */
  static byte[] animatedGif(List<byte[]> frames, int w, int h) throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(b)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (byte[] px : frames) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, w, h, px);
        writer.writeToSequence(new IIOImage(img, null, null), null);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return b.toByteArray();
  }

  @Test
  void pngBombIsRefusedBeforeDecoding() throws Exception {
    byte[] bomb = PngBomb.gray(16000, 16000);
    assertThat(bomb.length).isBetween(100_000, 400_000);
    Path f = Files.write(tmp.resolve("bomb.png"), bomb);
    try (ImageDecoder dec = new ImageDecoder(1)) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> dec.read(f, 48, 48, Interpolation.BILINEAR))
          .isInstanceOf(Fer4jException.class)
          .hasMessage(f + ": image declares 16000x16000 (256,000,000 pixels), more than the limit of 40,000,000 pixels (--max-image-pixels)");
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
    }
  }

  @Test
  void theCapIsConfigurable() throws Exception {
    byte[] png = grayPng(new byte[64 * 64], 64, 64);
    try (ImageDecoder dec = new ImageDecoder(1)) {
      ImageLimits.setMaxPixels(4096);
      assertThat(dec.decode(png, 48, 48, Interpolation.BILINEAR, "a.png").pixels()).hasSize(48 * 48);
      ImageLimits.setMaxPixels(4095);
      assertThatThrownBy(() -> dec.decode(png, 48, 48, Interpolation.BILINEAR, "a.png")).hasMessageContaining("a.png: image declares 64x64 (4,096 pixels)");
    }
    assertThatThrownBy(() -> ImageLimits.setMaxPixels(0)).hasMessageContaining("--max-image-pixels");
  }

  @Test
  void animatedGifGivesItsFirstFrameExactly() throws Exception {
    Random r = new Random(3);
    byte[] f0 = new byte[20 * 16];
    byte[] f1 = new byte[20 * 16];
    r.nextBytes(f0);
    r.nextBytes(f1);
    byte[] gif = animatedGif(List.of(f0, f1), 20, 16);
    ImageHeader h = ImageHeader.read(gif, "anim.gif");
    assertThat(h.format()).isEqualTo("gif");
    assertThat(h.frames()).isEqualTo(2);
    for (int ch : new int[] {1, 3}) {
      try (ImageDecoder dec = new ImageDecoder(ch)) {
        ImageDecoder.Image img = dec.decode(gif, 0, 0, Interpolation.NEAREST, "anim.gif");
        assertThat(img.height()).isEqualTo(16);
        assertThat(img.width()).isEqualTo(20);
        byte[] got = img.toBytes();
        for (int i = 0; i < f0.length; i++) {
          for (int c = 0; c < ch; c++) assertThat(got[i * ch + c]).as("pixel %d channel %d", i, c).isEqualTo(f0[i]);
        }
      }
    }
  }

  /** GIF89a with a 65535x65535 logical screen and one 1x1 frame: TF would allocate the whole canvas. */
  @Test
  void gifScreenBombIsRefused() {
    ByteBuffer b = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put("GIF89a".getBytes()).putShort((short) 0xFFFF).putShort((short) 0xFFFF).put((byte) 0x80).put((byte) 0).put((byte) 0); // global table of 2
    b.put(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
    b.put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1).put((byte) 0);
    b.put(new byte[] {2, 2, 0x4C, 0x01, 0, 0x3B}); // LZW min code size 2, one sub-block, terminator, trailer
    byte[] gif = java.util.Arrays.copyOf(b.array(), b.position());
    assertThatThrownBy(() -> ImageLimits.check(gif, "screen.gif"))
        .hasMessageContaining("screen.gif: image declares 1x1 (4,294,836,225 pixels)");
  }

  @Test
  void unsupportedFormatsAreNamed() {
    byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes();
    assertThatThrownBy(() -> ImageHeader.read(webp, "x.webp")).hasMessage("x.webp: not a decodable image (WEBP is not supported; use JPEG, PNG, GIF or BMP)");
    byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0};
    assertThatThrownBy(() -> ImageHeader.read(tiff, "x.tif")).hasMessageContaining("TIFF is not supported");
    assertThatThrownBy(() -> ImageHeader.read("hello".getBytes(), "x.txt")).hasMessage("x.txt: not a decodable image (not JPEG, PNG, GIF or BMP data)");
    byte[] truncated = java.util.Arrays.copyOf(PngBomb.gray(8, 8), 12);
    assertThatThrownBy(() -> ImageHeader.read(truncated, "cut.png")).hasMessageStartingWith("cut.png: not a decodable image (bad png header");
  }

  @Test
  void aBombInAFolderNamesTheFile() throws Exception {
    Files.createDirectories(tmp.resolve("d/happy"));
    Files.write(tmp.resolve("d/happy/ok.png"), grayPng(new byte[48 * 48], 48, 48));
    Files.write(tmp.resolve("d/happy/bomb.png"), PngBomb.gray(9000, 9000));
    assertThatThrownBy(() -> ImageFolder.load(tmp.resolve("d"), 48, 48, 1, Interpolation.BILINEAR))
        .hasMessageContaining("bomb.png: image declares 9000x9000");
  }

  @Test
  void theBudgetBoundsConcurrentDecodes() throws Exception {
    DecodeBudget budget = new DecodeBudget(10);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Integer>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) {
        long bytes = i % 2 == 0 ? 6L << 20 : 64L << 20; // 6 MiB, or more than the whole budget
        fs.add(pool.submit(() -> budget.run(bytes, () -> {
          int now = running.incrementAndGet();
          most.accumulateAndGet(now, Math::max);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            throw new RuntimeException(e);
          }
          running.decrementAndGet();
          return now;
        })));
      }
      for (Future<Integer> f : fs) f.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(most.get()).isEqualTo(1); // 6 + 6 > 10: never two at once
  }
}
