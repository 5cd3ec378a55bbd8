package io.fer4j.callbacks;

import io.fer4j.Fer4jException;
import io.fer4j.model.Callback;
import io.fer4j.model.TrainingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Keras TensorBoard (epoch scalars): writes {@code epoch_loss}, {@code epoch_accuracy} and
 * {@code epoch_learning_rate} under {@code train/} and {@code epoch_loss}, {@code epoch_accuracy}
 * under {@code validation/}, with TF's own summary-writer ops, so the event files are exactly
 * what TensorBoard reads.
 */
public final class TensorBoard implements Callback, AutoCloseable {
  private final Path logDir;
  private Graph graph;
  private Session session;
  private Placeholder<TInt64> step;
  private Placeholder<TString> tag;
  private Placeholder<TFloat32> value;
  private Writer train;
  private Writer validation;

  private record Writer(Op write, Op flush, Op close) {}

  public TensorBoard(Path logDir) {
    this.logDir = logDir;
  }

  @Override
  public void onTrainBegin(TrainingContext model, List<String> metricNames) {
    try {
      Files.createDirectories(logDir);
    } catch (java.io.IOException e) {
      throw new Fer4jException(logDir + ": cannot create TensorBoard log folder (" + e.getMessage() + ")");
    }
    graph = new Graph();
    Ops tf = Ops.create(graph);
    step = tf.placeholder(TInt64.class);
    tag = tf.placeholder(TString.class);
    value = tf.placeholder(TFloat32.class);
    train = writer(tf, "train");
    validation = writer(tf, "validation");
    session = new Session(graph);
    session.runner().addTarget(graph.operation("train_init")).addTarget(graph.operation("validation_init")).run().close();
  }

  private Writer writer(Ops tf, String sub) {
    Operand<? extends TType> w = tf.summary.summaryWriter(org.tensorflow.op.summary.SummaryWriter.sharedName("fer4j_" + sub + "_" + System.nanoTime()));
    tf.withName(sub + "_init").summary.createSummaryFileWriter(w, tf.constant(logDir.resolve(sub).toString()), tf.constant(10), tf.constant(1000), tf.constant(".v2"));
    return new Writer(tf.summary.writeScalarSummary(w, step, tag, value), tf.summary.flushSummaryWriter(w), tf.summary.closeSummaryWriter(w));
  }

  @Override
  public void onEpochEnd(TrainingContext model, int epoch, Map<String, Double> logs) {
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      String k = e.getKey();
      boolean val = k.startsWith("val_");
      Writer w = val ? validation : train;
      write(w, epoch, "epoch_" + (val ? k.substring(4) : k), e.getValue());
    }
    session.runner().addTarget(train.flush()).addTarget(validation.flush()).run().close();
  }

  private void write(Writer w, long epoch, String name, double v) {
    try (TInt64 s = TInt64.scalarOf(epoch); TString t = TString.scalarOf(name); TFloat32 x = TFloat32.scalarOf((float) v)) {
      session.runner().feed(step, s).feed(tag, t).feed(value, x).addTarget(w.write()).run().close();
    }
  }

  @Override
  public void onTrainEnd(TrainingContext model) { close(); }

  @Override
  public void close() {
    if (session != null) {
      session.runner().addTarget(train.close()).addTarget(validation.close()).run().close();
      session.close();
      graph.close();
      session = null;
    }
  }
}
