package io.fer4j.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.savedmodel.ImageSignature;
import io.fer4j.savedmodel.SignatureInfo;
import io.fer4j.savedmodel.TensorValue;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * TF Serving's REST API over Javalin, for the models of a {@link ModelManager}: status,
 * metadata and {@code :predict}, plus fer4j's {@code :predictImage}. Errors are
 * {@code {"error": "..."}} with TF Serving's status codes; bodies over the cap get 413,
 * requests beyond the worker queue 503, requests past their deadline 504 ({@link ServingLimits}).
 * {@code /healthz}, {@code /livez} and {@code /readyz} are the Kubernetes probes;
 * {@link #drainAndStop} is the graceful stop. Thread-safe; the manager stays owned by the caller.
 */
public final class ModelServer implements AutoCloseable {
  static final ObjectMapper JSON = mapper(ServingLimits.defaults().maxJsonDepth());

  /**
   * Parses NaN/Infinity tokens (so the error can say which input holds one: inputs must be
   * finite) and writes non-finite outputs bare, as TF Serving does; nesting deeper than
   * {@code maxDepth} is a parse error (400) before any tree is built.
   */
  static ObjectMapper mapper(int maxDepth) {
    com.fasterxml.jackson.core.JsonFactory f = com.fasterxml.jackson.core.JsonFactory.builder()
        .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
        .build();
    return JsonMapper.builder(f)
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .disable(com.fasterxml.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS)
        .build();
  }

  /** Server limits and address; {@code maxBatchSize} 0 turns server-side batching off. */
  public record Options(String host, int port, long maxBodyBytes, int workers, int queue, int maxBatchSize, long batchTimeoutMicros, ServingLimits limits) {
    public Options(String host, int port, long maxBodyBytes, int workers, int queue) {
      this(host, port, maxBodyBytes, workers, queue, 0, 0, ServingLimits.defaults());
    }

    public Options(String host, int port, long maxBodyBytes, int workers, int queue, int maxBatchSize, long batchTimeoutMicros) {
      this(host, port, maxBodyBytes, workers, queue, maxBatchSize, batchTimeoutMicros, ServingLimits.defaults());
    }

    public static Options defaults() {
      return new Options("127.0.0.1", 8501, 16L << 20, Runtime.getRuntime().availableProcessors(), 64);
    }

    public Options withPort(int p) { return new Options(host, p, maxBodyBytes, workers, queue, maxBatchSize, batchTimeoutMicros, limits); }

    public Options withBatching(int maxBatch, long timeoutMicros) { return new Options(host, port, maxBodyBytes, workers, queue, maxBatch, timeoutMicros, limits); }

    public Options withLimits(ServingLimits l) { return new Options(host, port, maxBodyBytes, workers, queue, maxBatchSize, batchTimeoutMicros, l); }
  }

  private final ModelManager models;
  private final Admission admission;
  private final Options options;
  private final ObjectMapper json;
  private final Javalin app;
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean draining;

  public ModelServer(ModelManager models, Options options) {
    io.fer4j.util.OptionalDependency.JAVALIN.require();
    this.models = models;
    this.options = options;
    // with batching, requests wait in the batcher rather than for a worker: admit a full batch per worker
    this.admission = options.maxBatchSize() > 0
        ? new Admission(options.workers() * options.maxBatchSize(), options.queue())
        : new Admission(options.workers(), options.queue());
    this.json = options.limits().maxJsonDepth() == ServingLimits.defaults().maxJsonDepth() ? JSON : mapper(options.limits().maxJsonDepth());
    this.app = Javalin.create(c -> {
      c.showJavalinBanner = false;
      c.startupWatcherEnabled = false;
      c.http.maxRequestSize = options.maxBodyBytes();
      JettyLimits.apply(c, options.host(), options.port(), options.limits());
    });
    app.get("/healthz", ctx -> json(ctx, 200, Health.liveness()));
    app.get("/livez", ctx -> json(ctx, 200, Health.liveness()));
    app.get("/readyz", ctx -> {
      Health.Readiness r = Health.readiness(models, draining);
      json(ctx, r.ready() ? 200 : 503, r.body());
    });
    app.get("/v1/*", ctx -> tracked(ctx, this::get));
    app.post("/v1/*", ctx -> tracked(ctx, this::post));
    app.exception(ServingException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    app.exception(Fer4jException.class, (e, ctx) -> error(ctx, 400, e.getMessage())); // e.g. :predictImage on a non-image model
    app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
    // Jetty's own refusals (431 headers too large, 408, ...) keep their status
    app.exception(org.eclipse.jetty.http.BadMessageException.class, (e, ctx) -> error(ctx, e.getCode(), e.getReason()));
    app.exception(Exception.class, (e, ctx) -> error(ctx, 500, e.getClass().getSimpleName() + ": " + e.getMessage()));
    app.error(404, ctx -> {
      if (ctx.result() == null) error(ctx, 404, "Malformed request: " + ctx.method() + " " + ctx.path());
    });
    app.error(405, ctx -> error(ctx, 405, "Malformed request: " + ctx.method() + " " + ctx.path()));
  }

  /** Binds and starts serving; returns this with {@link #port()} known. */
  public ModelServer start() {
    try {
      app.start();
    } catch (RuntimeException e) {
      throw new Fer4jException("cannot listen on " + options.host() + ":" + options.port() + " (" + rootMessage(e) + ")", e);
    }
    return this;
  }

  public int port() { return app.port(); }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null) e = e.getCause();
    return e.getMessage();
  }

  private interface Handler {
    void handle(Context ctx) throws IOException;
  }

  /** Counts the request as in flight; while draining, refuses it with 503 and asks the client to reconnect elsewhere. */
  private void tracked(Context ctx, Handler h) throws IOException {
    inFlight.incrementAndGet();
    try {
      if (draining) {
        ctx.header("Connection", "close");
        throw new ServingException(503, "server is shutting down; retry on another replica");
      }
      h.handle(ctx);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Requests being handled now. */
  public int inFlight() { return inFlight.get(); }

  /**
   * Graceful stop, as on SIGTERM: readiness turns 503 and new requests are refused, requests in
   * flight finish (up to {@code graceMillis}), then the server stops. Returns whether all finished.
   */
  public boolean drainAndStop(long graceMillis) {
    draining = true;
    long end = System.nanoTime() + graceMillis * 1_000_000;
    while (inFlight.get() > 0 && System.nanoTime() < end) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    // Jetty's graceful stop: no new connections, and responses still being written are finished
    app.jettyServer().server().setStopTimeout(Math.max(1000, (end - System.nanoTime()) / 1_000_000));
    boolean idle = inFlight.get() == 0;
    close();
    return idle;
  }

  private void get(Context ctx) throws IOException {
    Route r = Route.parse("GET", ctx.path());
    if (r == null) throw ServingException.notFound("Malformed request: GET " + ctx.path());
    ServedModel m = models.model(r.model());
    if (r.verb().equals("status")) {
      if (r.version() == null && r.label() == null) {
        if (m.loaded().isEmpty()) throw ServingException.notFound("Could not find any versions of model " + r.model());
        json(ctx, 200, MetadataJson.status(m.loaded().descendingKeySet()));
        return;
      }
    }
    ServableHandle h = m.acquire(r.version(), r.label());
    try {
      ObjectNode body = r.verb().equals("status") ? MetadataJson.status(java.util.List.of(h.version))
          : MetadataJson.metadata(r.model(), h.version, h.model.signatures());
      json(ctx, 200, body);
    } finally {
      h.release();
    }
  }

  private void post(Context ctx) throws IOException {
    Route r = Route.parse("POST", ctx.path());
    if (r == null) throw ServingException.notFound("Malformed request: POST " + ctx.path());
    if (!r.verb().equals("predict") && !r.verb().equals("predictImage")) {
      throw ServingException.badRequest("unsupported verb ':" + r.verb() + "' (this server offers :predict and :predictImage; "
          + ":classify/:regress need classify/regress signatures that Keras models do not have)");
    }
    ServedModel m = models.model(r.model());
    byte[] raw = body(ctx);
    Deadline deadline = Deadline.after(options.limits().requestTimeoutMs());
    ServableHandle h = m.acquire(r.version(), r.label());
    try {
      if (r.verb().equals("predictImage")) {
        ImagePreprocessor.Prediction p = admission.run(() -> h.images().predict(raw), deadline);
        ObjectNode o = JSON.createObjectNode();
        o.put("label", p.label());
        var arr = o.putArray("probabilities");
        for (float f : p.probabilities()) arr.add(f);
        o.put("model_version", Long.toString(h.version));
        json(ctx, 200, o);
        return;
      }
      JsonNode body;
      try {
        body = json.readTree(raw);
      } catch (JsonProcessingException e) {
        throw ServingException.badRequest("JSON parse error: " + e.getOriginalMessage());
      } catch (IOException e) { // e.g. CharConversionException: bytes Jackson took for UTF-32 that are not
        throw ServingException.badRequest("JSON parse error: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      }
      if (body == null || !body.isObject()) throw ServingException.badRequest("request body must be a JSON object");
      JsonNode sn = body.get("signature_name");
      if (sn != null && !sn.isTextual()) throw ServingException.badRequest("'signature_name' must be a string");
      String key = sn == null ? ImageSignature.DEFAULT_SIGNATURE : sn.asText();
      SignatureInfo sig = h.model.signatures().get(key);
      if (sig == null || key.startsWith("__")) throw ServingException.badRequest("Serving signature key \"" + key + "\" not found.");
      PredictCodec.Request req = PredictCodec.parse(body, sig, options.limits().maxInstances());
      Map<String, TensorValue> out = admission.run(() -> {
        try {
          return options.maxBatchSize() > 0
              ? h.batcher(options.maxBatchSize(), options.batchTimeoutMicros(), options.workers()).predict(key, req.inputs(), deadline)
              : h.model.predict(key, req.inputs());
        } catch (Fer4jException e) {
          throw ServingException.badRequest(e.getMessage());
        }
      }, deadline);
      ByteArrayOutputStream buf = new ByteArrayOutputStream(256 + 16 * out.values().stream().mapToInt(TensorValue::size).sum());
      try (JsonGenerator g = JSON.getFactory().createGenerator(buf)) {
        PredictCodec.write(g, out, req.rows());
      }
      ctx.status(200).contentType("application/json").result(buf.toByteArray());
    } finally {
      h.release();
    }
  }

  private byte[] body(Context ctx) {
    long declared = ctx.contentLength();
    if (declared > options.maxBodyBytes()) throw new ServingException(413, "request body of " + declared + " bytes exceeds the limit of " + options.maxBodyBytes());
    byte[] b = ctx.bodyAsBytes();
    if (b.length > options.maxBodyBytes()) throw new ServingException(413, "request body exceeds the limit of " + options.maxBodyBytes() + " bytes");
    return b;
  }

  private static void json(Context ctx, int status, JsonNode body) throws IOException {
    ctx.status(status).contentType("application/json").result(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
  }

  private static void error(Context ctx, int status, String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", message == null ? "" : message);
    try {
      ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(o));
    } catch (JsonProcessingException e) {
      ctx.status(status).result("{\"error\": \"internal\"}");
    }
  }

  @Override
  public void close() {
    draining = true;
    app.stop();
    admission.close();
  }

}
