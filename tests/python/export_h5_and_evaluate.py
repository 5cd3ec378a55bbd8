"""Python side of the published-accuracy check: loads a legacy Keras .h5 model with Keras 3,
exports it as a SavedModel (model.export), and evaluates it on DIR/<class>/*.jpg the way the
model's notebook did (flow_from_directory: classes sorted, grayscale, pixel/255).
Usage: export_h5_and_evaluate.py MODEL.h5 EXPORT_DIR DATA_DIR OUT.json"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from PIL import Image  # noqa: E402


def main(h5, export_dir, data_dir, out):
    model = keras.models.load_model(h5, compile=False)
    model.export(export_dir, verbose=False)
    h, w = model.input_shape[1:3]
    classes = sorted(d for d in os.listdir(data_dir) if os.path.isdir(os.path.join(data_dir, d)))
    xs, ys = [], []
    for label, c in enumerate(classes):
        for f in sorted(os.listdir(os.path.join(data_dir, c))):
            img = Image.open(os.path.join(data_dir, c, f)).convert("L")
            if img.size != (w, h):
                img = img.resize((w, h), Image.BILINEAR)
            xs.append(np.asarray(img, dtype="float32")[..., None] / 255.0)
            ys.append(label)
    x = np.stack(xs)
    y = np.array(ys)
    pred = model.predict(x, batch_size=512, verbose=0).argmax(axis=1)
    json.dump({"accuracy": float((pred == y).mean()), "samples": int(len(y)), "classes": classes}, open(out, "w"))


if __name__ == "__main__":
    main(*sys.argv[1:])
