"""Hypothesis strategies for whole network files (explicit weights, inline data).

Weights and inputs sit on dyadic grids (k/8, k/4), so sums are exact and the ties are exact too:
rows of zeros give z = 0 (relu′(0), leaky_relu′(0)), weights of ±100 on inputs of ±8 give
logits of ±800 (sigmoid exactly 0 or 1, softmax one-hot) — the cases where a convention decides.
"""

from __future__ import annotations

from hypothesis import strategies as st

HIDDEN = ["identity", "sigmoid", "tanh", "relu", "leaky_relu"]
#: output activation → losses allowed with it
OUTPUTS = {"identity": ["sse_half", "mse", "mae", "smooth_l1", "cross_entropy"],
           "sigmoid": ["sse_half", "mse", "mae", "smooth_l1", "bce"],
           "tanh": ["sse_half", "mse", "smooth_l1"], "relu": ["mse", "mae"],
           "leaky_relu": ["sse_half", "smooth_l1"], "softmax": ["cross_entropy", "bce", "mse"]}

grid8 = st.integers(-16, 16).map(lambda k: k / 8)
grid4 = st.integers(-32, 32).map(lambda k: k / 4)


@st.composite
def weight_matrix(draw, rows: int, cols: int, big: bool) -> tuple[list, list]:
    special = [0.0, 100.0, -100.0] if big else [0.0]
    value = st.one_of(grid8, st.sampled_from(special))
    w = [[draw(value) for _ in range(cols)] for _ in range(rows)]
    b = [draw(value) for _ in range(rows)]
    if draw(st.booleans()):
        dead = draw(st.integers(0, rows - 1))
        w[dead] = [0.0] * cols
        b[dead] = 0.0
    return w, b


@st.composite
def optimizers(draw) -> dict:
    name = draw(st.sampled_from(["sgd", "adagrad", "rmsprop", "adam", "adamw"]))
    opt = {"name": name, "lr": draw(st.sampled_from([0.01, 0.1, 0.5]))}
    if draw(st.booleans()):
        opt["weight_decay"] = draw(st.sampled_from([0.0, 0.01, 0.1]))
    if name == "sgd":
        momentum = draw(st.sampled_from([0.0, 0.9]))
        opt["momentum"] = momentum
        if momentum and draw(st.booleans()):
            opt["nesterov"] = True
        elif momentum:
            opt["dampening"] = draw(st.sampled_from([0.0, 0.5]))
    elif name == "rmsprop":
        opt.update(momentum=draw(st.sampled_from([0.0, 0.5])), centered=draw(st.booleans()))
    elif name in ("adam", "adamw"):
        opt.update(amsgrad=draw(st.booleans()), betas=draw(st.sampled_from([[0.9, 0.999], [0.5, 0.9]])))
    elif name == "adagrad":
        opt.update(lr_decay=draw(st.sampled_from([0.0, 0.1])),
                   initial_accumulator_value=draw(st.sampled_from([0.0, 0.5])))
    return opt


schedulers = st.one_of(
    st.none(),
    st.builds(lambda s, g: {"name": "step", "step_size": s, "gamma": g},
              st.integers(1, 2), st.sampled_from([0.5, 0.1])),
    st.builds(lambda m: {"name": "multistep", "milestones": m, "gamma": 0.5},
              st.sampled_from([[1], [1, 2], [2, 3]])),
    st.builds(lambda g: {"name": "exponential", "gamma": g}, st.sampled_from([0.9, 0.5])),
)


@st.composite
def networks(draw, max_width: int = 4) -> dict:
    depth = draw(st.integers(1, 3))
    layers = [draw(st.integers(1, max_width)) for _ in range(depth + 1)]
    out_act = draw(st.sampled_from(sorted(OUTPUTS)))
    loss = draw(st.sampled_from(OUTPUTS[out_act]))
    if out_act == "softmax" or loss == "cross_entropy":
        layers[-1] = max(layers[-1], 2)
    hidden = [draw(st.sampled_from(HIDDEN)) for _ in range(depth - 1)]
    big = draw(st.booleans())
    weights, biases = [], []
    for l in range(1, len(layers)):
        w, b = draw(weight_matrix(layers[l], layers[l - 1], big))
        weights.append(w)
        biases.append(b)
    n = draw(st.integers(1, 5))
    value = st.one_of(grid4, st.just(8.0), st.just(-8.0))
    inputs = [[draw(value) for _ in range(layers[0])] for _ in range(n)]
    outputs = layers[-1]
    if loss == "cross_entropy" and draw(st.booleans()):
        targets = [draw(st.integers(0, outputs - 1)) for _ in range(n)]
    elif loss in ("bce", "cross_entropy"):
        targets = [[draw(st.sampled_from([0.0, 0.25, 0.5, 1.0])) for _ in range(outputs)] for _ in range(n)]
    else:
        targets = [[draw(grid4) for _ in range(outputs)] for _ in range(n)]
    net = {
        "format": "bpviewer-network/1", "name": "property", "layers": layers,
        "activations": hidden + [out_act], "loss": loss, "weights": weights, "biases": biases,
        "leaky_relu_slope": draw(st.sampled_from([0.01, 0.2])),
        "optimizer": draw(optimizers()), "scheduler": draw(schedulers),
        "data": {"inputs": inputs, "targets": targets},
        "train_biases": draw(st.booleans()),
        "frozen_layers": draw(st.lists(st.integers(1, depth), max_size=depth - 1, unique=True)),
        "batch_size": draw(st.one_of(st.none(), st.integers(1, n))),
        "shuffle": draw(st.booleans()), "seed": draw(st.integers(0, 2**16)),
        "l1": draw(st.sampled_from([0.0, 0.0, 0.01])),
    }
    if depth > 1 and draw(st.booleans()):
        net["dropout"] = [draw(st.sampled_from([0.0, 0.25, 0.5])) for _ in range(depth - 1)]
    return net
