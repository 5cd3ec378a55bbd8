"""Oracle for fer4j's per-epoch LearningRateScheduler.cosineDecay: keras.optimizers.schedules.CosineDecay
at steps 0..n-1. Args: initial decay_steps alpha warmup_target(or none) warmup_steps n. Prints a JSON list."""
import json
import sys

import keras

initial, decay_steps, alpha, target, warmup, n = sys.argv[1:7]
schedule = keras.optimizers.schedules.CosineDecay(
    float(initial), int(decay_steps), alpha=float(alpha),
    warmup_target=None if target == "none" else float(target), warmup_steps=int(warmup))
print(json.dumps([float(schedule(step)) for step in range(int(n))]))
