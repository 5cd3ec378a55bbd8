"""The Keras 3 side of fer4j's loss and metric parity tests, in one process.
Usage: keras_losses_metrics_oracle.py WORKDIR (reads spec.json and the *.bin files fer4j wrote).
1. Fixed inputs: every loss case (with sample weights) per batch, and every metric case streamed
   over all batches with sample weights (result after each batch).
2. fit_<case>.keras written by fer4j (compiled): loaded, its compile config reported, and
   train_on_batch(x, y, sample_weight) on fer4j's batches: loss and metrics per step.
3. Models compiled in Keras (sparse_categorical_crossentropy + SparseTopK, binary_crossentropy +
   precision/recall/auc): saved as py_<case>.keras after one step, and evaluated on ev_x.bin.
Writes WORKDIR/oracle.json."""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402

K = keras.losses
M = keras.metrics


def rd(work, name, shape):
    return np.fromfile(os.path.join(work, name), dtype="<f4").reshape(shape)


def losses():
    return {
        "cce": (K.CategoricalCrossentropy(), "yo", "p"),
        "cce_ls": (K.CategoricalCrossentropy(label_smoothing=0.1), "yo", "p"),
        "cce_logits": (K.CategoricalCrossentropy(from_logits=True), "yo", "z"),
        "cce_sum": (K.CategoricalCrossentropy(reduction="sum"), "yo", "p"),
        "scce": (K.SparseCategoricalCrossentropy(), "yi", "p"),
        "scce_logits": (K.SparseCategoricalCrossentropy(from_logits=True), "yi", "z"),
        "bce": (K.BinaryCrossentropy(), "yb", "sb"),
        "bce_logits_ls": (K.BinaryCrossentropy(from_logits=True, label_smoothing=0.2), "yb", "zb"),
        "bce_onehot": (K.BinaryCrossentropy(), "yo", "p"),
        "mse": (K.MeanSquaredError(), "r", "p"),
        "mse_weighted_mean": (K.MeanSquaredError(reduction="mean_with_sample_weight"), "r", "z"),
        "mae": (K.MeanAbsoluteError(), "r", "z"),
        "huber": (K.Huber(), "r", "z"),
        "huber_delta": (K.Huber(delta=0.5), "r", "z"),
    }


def metrics():
    return {
        "categorical_accuracy": (M.CategoricalAccuracy(), "yo", "p"),
        "sparse_categorical_accuracy": (M.SparseCategoricalAccuracy(), "yi", "p"),
        "binary_accuracy": (M.BinaryAccuracy(), "yb", "sb"),
        "binary_accuracy_onehot_t03": (M.BinaryAccuracy(threshold=0.3), "yo", "p"),
        "top_k_2": (M.TopKCategoricalAccuracy(k=2), "yo", "p"),
        "sparse_top_k_3": (M.SparseTopKCategoricalAccuracy(k=3), "yi", "p"),
        "precision": (M.Precision(), "yo", "p"),
        "recall": (M.Recall(), "yo", "p"),
        "precision_binary": (M.Precision(), "yb", "sb"),
        "recall_t07": (M.Recall(thresholds=0.7), "yb", "sb"),
        "auc": (M.AUC(), "yo", "p"),
        "auc_binary": (M.AUC(), "yb", "sb"),
        "auc_pr": (M.AUC(curve="PR"), "yb", "sb"),
        "auc_minoring_50": (M.AUC(num_thresholds=50, summation_method="minoring"), "yo", "p"),
        "auc_logits": (M.AUC(from_logits=True), "yb", "zb"),
    }


def main(work):
    spec = json.load(open(os.path.join(work, "spec.json")))
    nb, b, c = spec["batches"], spec["batch"], spec["classes"]
    shapes = {"p": [b, c], "z": [b, c], "yo": [b, c], "yi": [b], "yb": [b, 1], "sb": [b, 1], "zb": [b, 1], "r": [b, c]}
    data = [{k: rd(work, f"{k}{i}.bin", s) for k, s in shapes.items()} for i in range(nb)]
    sws = [rd(work, f"sw{i}.bin", [b]) for i in range(nb)]
    out = {"losses": {}, "metrics": {}, "fit": {}, "py": {}}
    for name, (fn, yk, pk) in losses().items():
        out["losses"][name] = [float(fn(d[yk], d[pk], sample_weight=w)) for d, w in zip(data, sws)]
    for name, (m, yk, pk) in metrics().items():
        res = []
        for d, w in zip(data, sws):
            m.update_state(d[yk], d[pk], sample_weight=w)
            res.append(float(m.result()))
        out["metrics"][name] = res
    for case in spec["fit"]:
        model = keras.saving.load_model(os.path.join(work, f"fit_{case['name']}.keras"))
        steps = []
        for s in range(case["steps"]):
            x = rd(work, f"fit_{case['name']}_x{s}.bin", [case["batch"]] + list(model.input_shape[1:]))
            y = rd(work, f"fit_{case['name']}_y{s}.bin", [case["batch"]] + case["y_shape"])
            w = rd(work, f"fit_{case['name']}_w{s}.bin", [case["batch"]])
            logs = model.train_on_batch(x, y, sample_weight=w, return_dict=True)
            steps.append({k: float(v) for k, v in logs.items()})
        out["fit"][case["name"]] = {"steps": steps, "loss_class": type(model.loss).__name__,
                                    "loss_config": model.loss.get_config() if hasattr(model.loss, "get_config") else str(model.loss)}
    n = spec["ev_n"]
    x = rd(work, "ev_x.bin", [n, 8, 8, 2])
    labels = rd(work, "ev_labels.bin", [n]).astype("int64")
    labels2 = rd(work, "ev_labels2.bin", [n]).astype("float32").reshape([n, 1])
    keras.utils.set_random_seed(5)
    inp = keras.Input((8, 8, 2))
    h = keras.layers.Dense(6, activation="relu")(keras.layers.Flatten()(inp))
    sc = keras.Model(inp, keras.layers.Dense(3, activation="softmax")(h))
    sc.compile(keras.optimizers.Adam(1e-2), K.SparseCategoricalCrossentropy(), metrics=["accuracy", M.SparseTopKCategoricalAccuracy(k=2)])
    sc.train_on_batch(x, labels)
    sc.save(os.path.join(work, "py_scce.keras"))
    out["py"]["scce"] = {k: float(v) for k, v in sc.evaluate(x, labels, batch_size=n, verbose=0, return_dict=True).items()}
    bi = keras.Model(inp, keras.layers.Dense(1, activation="sigmoid")(h))
    bi.compile("adam", "binary_crossentropy", metrics=["accuracy", "precision", M.Recall(name="rec"), M.AUC(num_thresholds=100, name="auc_100")])
    bi.train_on_batch(x, labels2)
    bi.save(os.path.join(work, "py_bce.keras"))
    out["py"]["bce"] = {k: float(v) for k, v in bi.evaluate(x, labels2, batch_size=n, verbose=0, return_dict=True).items()}
    json.dump(out, open(os.path.join(work, "oracle.json"), "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
