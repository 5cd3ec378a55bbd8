package io.fer4j.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A tiny JSON HTTP client for the server tests. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  record Reply(int status, JsonNode json, String text) {}

  private Http() {}

  static Reply get(String url) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  static Reply post(String url, String body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  static Reply post(String url, byte[] body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  private static Reply send(HttpRequest r) throws Exception {
    HttpResponse<String> resp = CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
    JsonNode j;
    try {
      j = JSON.readTree(resp.body());
    } catch (Exception e) {
      j = null;
    }
    return new Reply(resp.statusCode(), j, resp.body());
  }
}
