package io.fer4j.cli;

import io.fer4j.Devices;
import io.fer4j.Fer4jException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code fer4j} command line. Every failure a user can cause prints one line
 * ({@code fer4j: error: ...}) and exits non-zero; {@code --debug} adds the stack trace.
 */
@Command(name = "fer4j", mixinStandardHelpOptions = true, version = "fer4j 0.1.0",
    description = "Facial-expression recognition on TensorFlow Java: train, evaluate, predict, export, serve.",
    subcommands = {
        SummaryCommand.class,
        TrainCommand.class,
        EvaluateCommand.class,
        PredictCommand.class,
        BenchCommand.class,
        ConvertCommand.class,
        InspectCommand.class,
        ExportCommand.class,
        EnsembleCommand.class,
        ServeCommand.class,
        BenchServeCommand.class,
        BenchFacesCommand.class,
        SparkPredictCommand.class,
    })
public final class Main implements Runnable {
  @Option(names = "--device", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE})", defaultValue = "auto", scope = CommandLine.ScopeType.INHERIT)
  String device;

  @Option(names = "--precision", description = "float32 or mixed_bfloat16 (bf16 matmuls/convolutions on CPUs with AMX/AVX-512 BF16; default: ${DEFAULT-VALUE})",
      defaultValue = "float32", scope = CommandLine.ScopeType.INHERIT)
  String precision;

  @Option(names = "--max-image-pixels", defaultValue = "40000000", paramLabel = "N",
      description = "refuse images whose header declares more pixels than this, before decoding (decompression bombs; default: ${DEFAULT-VALUE})",
      scope = CommandLine.ScopeType.INHERIT)
  long maxImagePixels;

  @Option(names = "--debug", description = "show stack traces of errors", scope = CommandLine.ScopeType.INHERIT)
  static boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try fer4j --help)");
  }

  public static int execute(String... args) {
    Main main = new Main();
    CommandLine cl = new CommandLine(main);
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setExecutionStrategy(parsed -> {
      try {
        Devices.use(main.device);
        Devices.precision(main.precision);
        io.fer4j.data.ImageLimits.setMaxPixels(main.maxImagePixels);
      } catch (Fer4jException e) {
        return handle(e, cl, parsed);
      }
      return new CommandLine.RunLast().execute(parsed);
    });
    cl.setParameterExceptionHandler((ex, a) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("fer4j: error: " + ex.getMessage());
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      return 2;
    });
    return cl.execute(args);
  }

  private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    err.println("fer4j: error: " + oneLine(ex));
    if (debug) ex.printStackTrace(err);
    err.flush();
    return 1;
  }

  /** A one-line message for any failure: ours verbatim, others with their type. */
  static String oneLine(Throwable ex) {
    if (ex instanceof Fer4jException) return ex.getMessage().replace('\n', ' ');
    if (ex instanceof OutOfMemoryError) return "out of memory (raise FER4J_XMX or lower --batch-size)";
    String m = ex.getMessage();
    String first = m == null ? "" : m.lines().findFirst().orElse("");
    return ex.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
  }

  public static void main(String[] args) {
    CliLogging.configure();
    System.exit(execute(args));
  }
}
