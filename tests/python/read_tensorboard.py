"""Reads TensorBoard event files the way TensorBoard does (its EventAccumulator) and prints
{"train": {tag: [[step, value], ...]}, "validation": {...}}. Usage: read_tensorboard.py LOGDIR"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator  # noqa: E402


def main(logdir):
    out = {}
    for run in ("train", "validation"):
        acc = EventAccumulator(os.path.join(logdir, run))
        acc.Reload()
        out[run] = {tag: [[e.step, e.value] for e in acc.Scalars(tag)] for tag in acc.Tags()["scalars"]}
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
