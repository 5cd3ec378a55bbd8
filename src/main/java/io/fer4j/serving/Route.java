package io.fer4j.serving;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed REST path, with TF Serving's own patterns (http_rest_api_handler.cc):
 * {@code /v1/models/NAME[/versions/V | /labels/L][/metadata]} for GET and
 * {@code /v1/models/NAME[/versions/V | /labels/L]:VERB} for POST.
 */
record Route(String model, Long version, String label, String verb) {
  private static final Pattern GET = Pattern.compile("(?i)/v1/models/([^/:]+)(?:/versions/(\\d+)|/labels/([^/:]+))?(?:/(metadata))?");
  private static final Pattern POST = Pattern.compile("(?i)/v1/models/([^/:]+)(?:/versions/(\\d+)|/labels/([^/:]+))?:(\\w+)");

  /** The route of a path, or null when it is not one of the API's. */
  static Route parse(String method, String path) {
    Matcher m = (method.equals("GET") ? GET : POST).matcher(path);
    if (!m.matches()) return null;
    Long v = null;
    if (m.group(2) != null) {
      try {
        v = Long.parseLong(m.group(2));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    String verb = method.equals("GET") ? (m.group(4) == null ? "status" : "metadata") : m.group(4);
    return new Route(m.group(1), v, m.group(3), verb);
  }
}
