"""A plain TF Serving REST client (urllib + json only, as in TF Serving's docs) run against `fer4j serve`.
Usage: tf_serving_client.py BASE_URL MODEL INPUT.bin N OUT.json   (INPUT: float32 little-endian, N images)
Reads the input name and shape from /metadata like a generic client, predicts in row and columnar
format, checks an error reply, and writes {"row": ..., "columnar": ..., "input_name": ...}."""
import json
import sys
import urllib.error
import urllib.request
from array import array


def call(url, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def nest(flat, shape):
    if not shape:
        return flat[0]
    step = len(flat) // shape[0]
    return [nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def main(base, model, inp, n, out):
    n = int(n)
    status = call(f"{base}/v1/models/{model}")
    assert status["model_version_status"][0]["state"] == "AVAILABLE", status
    meta = call(f"{base}/v1/models/{model}/metadata")
    sig = meta["metadata"]["signature_def"]["signature_def"]["serving_default"]
    assert sig["method_name"] == "tensorflow/serving/predict", sig
    (name, info), = sig["inputs"].items()
    dims = [int(d["size"]) for d in info["tensor_shape"]["dim"]]
    x = array("f")
    with open(inp, "rb") as f:
        x.frombytes(f.read())
    shape = [n] + dims[1:]
    batch = nest(list(x), shape)
    row = call(f"{base}/v1/models/{model}:predict", {"instances": batch})["predictions"]
    col = call(f"{base}/v1/models/{model}:predict", {"signature_name": "serving_default", "inputs": {name: batch}})["outputs"]
    try:
        call(f"{base}/v1/models/{model}:predict", {"instances": [[1.0, 2.0]]})
        raise AssertionError("a wrongly shaped request succeeded")
    except urllib.error.HTTPError as e:
        assert e.code == 400, e.code
        assert "error" in json.loads(e.read()), "no error key"
    json.dump({"input_name": name, "row": row, "columnar": col}, open(out, "w"))


if __name__ == "__main__":
    main(*sys.argv[1:])
