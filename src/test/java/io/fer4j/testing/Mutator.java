package io.fer4j.testing;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded byte mutator in the manner of AFL's "havoc" stage: 1 to 8 stacked edits (bit flips,
 * interesting bytes and integers at random offsets — 0, -1, 0x7fffffff, lengths near powers of
 * two —, chunk deletion, duplication, random overwrite and insertion, truncation, splicing with
 * another seed), plus some wholly random inputs. Small valid seed files mutated this way reach
 * deep into a parser's length fields and tables; every input is reproducible from (seed, index).
 * Hand-written because jqwik, the library first chosen, asks in its 1.10 user guide and output
 * not to be used by AI coding agents, and this suite was written by one (see BENCHMARKS.md).
 */
public final class Mutator {
  private static final int[] INTERESTING_32 = {0, -1, 1, 0x7fffffff, 0x80000000, 0xffff, 0x10000, 255, 256, 1024, 4096, 65535, 1 << 24, 100_000};
  private static final byte[] INTERESTING_8 = {0, -1, 1, 0x7f, (byte) 0x80, 0x40, 0x20, 16, 64, (byte) 0xfe};
  private final List<byte[]> seeds;
  private final long seed;

  public Mutator(long seed, List<byte[]> seeds) {
    this.seed = seed;
    this.seeds = List.copyOf(seeds);
  }

  /** The input number {@code index}: the same bytes for the same (seed, index). */
  public byte[] input(int index) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    if (r.nextInt(20) == 0) { // 5 %: noise, empty included
      byte[] b = new byte[r.nextInt(2048)];
      for (int i = 0; i < b.length; i++) b[i] = (byte) r.nextInt(256);
      return b;
    }
    return mutate(seeds.get(r.nextInt(seeds.size())), r);
  }

  /** 1 to 8 stacked random edits of {@code original} (not modified). */
  public byte[] mutate(byte[] original, SplittableRandom r) {
    byte[] b = original.clone();
    int edits = 1 + r.nextInt(8);
    for (int e = 0; e < edits; e++) b = edit(b, r);
    return b;
  }

  private byte[] edit(byte[] b, SplittableRandom r) {
    if (b.length == 0) return new byte[] {(byte) r.nextInt(256)};
    int at = r.nextInt(b.length);
    switch (r.nextInt(10)) {
      case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
      case 1 -> b[at] = INTERESTING_8[r.nextInt(INTERESTING_8.length)];
      case 2 -> b[at] = (byte) r.nextInt(256);
      case 3 -> { // a 32-bit value, either byte order
        int v = INTERESTING_32[r.nextInt(INTERESTING_32.length)];
        boolean big = r.nextBoolean();
        for (int i = 0; i < 4 && at + i < b.length; i++) b[at + i] = (byte) (big ? v >>> (24 - 8 * i) : v >>> (8 * i));
      }
      case 4 -> { // delete a chunk
        int n = 1 + r.nextInt(Math.min(b.length - at, 1 + b.length / 8));
        byte[] c = new byte[b.length - n];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(b, at + n, c, at, b.length - at - n);
        return c;
      }
      case 5 -> { // duplicate a chunk in place
        int n = 1 + r.nextInt(Math.min(b.length - at, 256));
        byte[] c = new byte[b.length + n];
        System.arraycopy(b, 0, c, 0, at + n);
        System.arraycopy(b, at, c, at + n, b.length - at);
        return c;
      }
      case 6 -> { // overwrite a chunk with noise
        int n = 1 + r.nextInt(Math.min(b.length - at, 64));
        for (int i = 0; i < n; i++) b[at + i] = (byte) r.nextInt(256);
      }
      case 7 -> { // insert noise
        byte[] ins = new byte[1 + r.nextInt(32)];
        for (int i = 0; i < ins.length; i++) ins[i] = (byte) r.nextInt(256);
        byte[] c = new byte[b.length + ins.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(ins, 0, c, at, ins.length);
        System.arraycopy(b, at, c, at + ins.length, b.length - at);
        return c;
      }
      case 8 -> { return Arrays.copyOf(b, at); } // truncate
      default -> { // splice: our head, another seed's tail
        byte[] o = seeds.get(r.nextInt(seeds.size()));
        int from = o.length == 0 ? 0 : r.nextInt(o.length);
        byte[] c = Arrays.copyOf(b, at + o.length - from);
        System.arraycopy(o, from, c, at, o.length - from);
        return c;
      }
    }
    return b;
  }
}
