"""A network as a standalone PyTorch script in the course notes' style.

The script is what a student would type: `class Net(nn.Module)` with linear1, linear2, …,
the weights set as the notes set them (or the init scheme drawn from its seed), the data,
the loss, `optim.<Name>(…)` and its scheduler, and the loop that prints the loss, `.grad`
and the parameters after `step()`. It trains exactly as the engine does — same batches,
same shuffling and dropout masks (numpy's generator, carried in pure Python), the
scheduler stepped once per epoch — so `--csv DIR` writes a history.csv equal to
`bpviewer export`'s. Only torch is needed to run it.
"""

from __future__ import annotations

import inspect
import math
import os
import re
import textwrap
from itertools import islice

from .. import __version__
from . import atomic
from . import data as data_mod
from .init import initial_weights
from .params import ParamLayout
from .portable_random import NumpyRandom
from .spec import NetworkSpec

#: matrices or data sets with more numbers than this go to the end of the script
INLINE_LIMIT = 64

_OPTIMIZERS = {"sgd": "SGD", "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam",
               "adamw": "AdamW"}
_SCHEDULERS = {"step": "StepLR", "multistep": "MultiStepLR", "exponential": "ExponentialLR"}
_LOSSES = {"mse": "nn.MSELoss()", "mae": "nn.L1Loss()", "smooth_l1": "nn.SmoothL1Loss()",
           "bce": "nn.BCELoss()", "cross_entropy": "nn.CrossEntropyLoss()"}


def _activation(name: str, z: str, slope: float) -> str:
    return {"identity": z, "sigmoid": f"torch.sigmoid({z})", "tanh": f"torch.tanh({z})",
            "relu": f"torch.relu({z})", "leaky_relu": f"F.leaky_relu({z}, negative_slope={slope!r})",
            "softmax": f"torch.softmax({z}, dim=1)"}[name]


def _literal(value: object) -> str:
    """repr, with floats at round-trip precision (what Python's repr already gives)."""
    if isinstance(value, tuple):
        value = list(value)
    return repr(value)


class _Script:
    """Collects the script's lines; large constants are parked at the end of the file."""

    def __init__(self, spec: NetworkSpec) -> None:
        self.spec = spec
        self.dataset = data_mod.resolve(spec)
        self.lines: list[str] = []
        self.constants: list[tuple[str, list]] = []
        self.n_layers = len(spec.layers) - 1
        self.dropout = [l for l, p in enumerate(spec.dropout or (), start=1) if p > 0]
        self.class_index = spec.loss == "cross_entropy" and self.dataset.labels is not None
        n = self.dataset.n
        self.batch = min(spec.batch_size or n, n)
        self.batches_per_epoch = math.ceil(n / self.batch)
        self.full = self.batch == n and not spec.shuffle
        self.frozen = [(kind, l) for l in range(1, self.n_layers + 1) for kind in ("weight", "bias")
                       if not spec.is_trainable(kind, l)]

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def value(self, name: str, value: list) -> str:
        """The literal itself when short, else a NAME defined at the end of the script."""
        if _count(value) <= INLINE_LIMIT:
            return _literal(value)
        self.constants.append((name, value))
        return name

    # -- sections --------------------------------------------------------------------------
    def header(self) -> None:
        spec = self.spec
        title = " ".join(spec.name.split()) or "network"
        self.add(f'"""{_doc(title)}: the network and its training, exported by bpviewer {__version__}.', "")
        for line in _wrap(_doc(spec.description)):
            self.add(line)
        if spec.description:
            self.add("")
        self.add("Run: python THIS_FILE.py [--iterations N] [--csv DIR]",
                 "It trains exactly as bpviewer does; with --csv DIR it also writes DIR/history.csv",
                 "(iteration, loss, lr, then every weight and bias after optimizer.step()) in the",
                 "format of `bpviewer export`, so the numbers can be compared one by one.",
                 "Needs only torch.", '"""', "", "import argparse", "import csv", "import os", "")
        self.add("import torch", "import torch.nn as nn")
        if "leaky_relu" in spec.activations:
            self.add("import torch.nn.functional as F")
        self.add("import torch.optim as optim", "")
        self.add(f"torch.set_default_dtype(torch.{spec.dtype})  # bpviewer computes in {spec.dtype}",
                 "torch.set_printoptions(precision=9)", "")

    def net(self) -> None:
        spec = self.spec
        layers = spec.layers
        self.add("", "class Net(nn.Module):", "    def __init__(self):", "        super().__init__()")
        for l in range(1, self.n_layers + 1):
            self.add(f"        self.linear{l} = nn.Linear({layers[l - 1]}, {layers[l]})")
        arg = ", iteration=None" if self.dropout else ""
        self.add("", f"    def forward(self, x{arg}):")
        for l in range(1, self.n_layers + 1):
            act = spec.activations[l - 1]
            if l == self.n_layers and spec.loss == "cross_entropy":
                note = "  # logits: nn.CrossEntropyLoss applies the softmax" if act == "softmax" else ""
                self.add(f"        x = self.linear{l}(x){note}")
                continue
            self.add(f"        x = {_activation(act, f'self.linear{l}(x)', spec.leaky_relu_slope)}")
            if l in self.dropout:
                p = spec.dropout[l - 1]
                self.add("        if iteration is not None:  # training: bpviewer's dropout mask",
                         f"            x = x * dropout_mask(iteration, {l}, x.shape, p={p!r})")
        self.add("        return x", "")

    def weights(self) -> None:
        spec = self.spec
        self.add("", "def make_net():", "    net = Net()")
        if spec.weights is None and spec.dtype == "float64":
            self._init_scheme()
        else:
            weights, biases = initial_weights(spec)
            if spec.weights is None:
                self.add(f"    # drawn by bpviewer: {_describe_init(spec.init)}")
            self.add("    with torch.no_grad():")
            for l in range(1, self.n_layers + 1):
                w = self.value(f"WEIGHT{l}", weights[l - 1])
                b = self.value(f"BIAS{l}", biases[l - 1])
                self.add(f"        net.linear{l}.weight.copy_(torch.tensor({w}))",
                         f"        net.linear{l}.bias.copy_(torch.tensor({b}))")
        for kind, l in self.frozen:
            self.add(f"    net.linear{l}.{kind}.requires_grad_(False)  # frozen: not trained")
        self.add("    return net", "")

    def _init_scheme(self) -> None:
        init = self.spec.init
        scheme = init["scheme"]
        self.add(f"    generator = torch.Generator().manual_seed({init.get('seed', 0)})  # init: {scheme}")
        layers = ", ".join(f"net.linear{l}" for l in range(1, self.n_layers + 1))
        self.add(f"    for linear in ({layers}{',' if self.n_layers == 1 else ''}):")
        body = {
            "torch_default": ["nn.init.kaiming_uniform_(linear.weight, a=5 ** 0.5, generator=generator)",
                              "bound = 1 / linear.in_features ** 0.5",
                              "nn.init.uniform_(linear.bias, -bound, bound, generator=generator)"],
            "uniform": [f"nn.init.uniform_(p, {init.get('a', 0.0)!r}, {init.get('b', 1.0)!r}, "
                        "generator=generator)"],
            "normal": [f"nn.init.normal_(p, {init.get('mean', 0.0)!r}, {init.get('std', 1.0)!r}, "
                       "generator=generator)"],
            "zeros": ["nn.init.zeros_(linear.weight)", "nn.init.zeros_(linear.bias)"],
        }
        if scheme.startswith("xavier"):
            lines = [f"nn.init.{scheme}_(linear.weight, gain={init.get('gain', 1.0)!r}, generator=generator)",
                     "nn.init.zeros_(linear.bias)"]
        elif scheme.startswith("kaiming"):
            lines = [f"nn.init.{scheme}_(linear.weight, a={init.get('a', 0.0)!r}, "
                     f"mode={init.get('mode', 'fan_in')!r}, "
                     f"nonlinearity={init.get('nonlinearity', 'leaky_relu')!r}, generator=generator)",
                     "nn.init.zeros_(linear.bias)"]
        else:
            lines = body[scheme]
        if scheme in ("uniform", "normal"):
            self.add("        for p in (linear.weight, linear.bias):", *("            " + s for s in lines))
        else:
            self.add(*("        " + s for s in lines))

    def loss(self) -> None:
        spec = self.spec
        if spec.loss == "sse_half":
            self.add("", "def loss_fn(out, target):",
                     '    """E = ½ Σ (target − out)², summed over the outputs and the samples."""',
                     "    return 0.5 * ((target - out) ** 2).sum()", "")
        else:
            self.add("", f"loss_fn = {_LOSSES[spec.loss]}", "")

    def train(self) -> None:
        spec = self.spec
        ds = self.dataset
        self.add("", "def train(iterations, log=print, on_step=None):",
                 '    """Rows of history.csv; on_step(iteration, net, loss, optimizer) sees each step."""',
                 "    net = make_net()")
        if "generator" in spec.data or "csv" in spec.data:
            self.add(f"    # data: {_describe_data(spec)}")
        if spec.features:
            self.add(f"    # inputs are the features {', '.join(spec.features)} of the points")
        self.add(f"    x = torch.tensor({self.value('INPUTS', ds.inputs.tolist())})")
        if self.class_index:
            self.add(f"    y = torch.tensor({self.value('LABELS', ds.labels.tolist())})  # class indices")
        else:
            self.add(f"    y = torch.tensor({self.value('TARGETS', ds.targets.tolist())})")
        params = "net.parameters()"
        if self.frozen or spec.l1:
            self.add("    params = [p for p in net.parameters() if p.requires_grad]")
            params = "params"
        self.add(f"    optimizer = {_optimizer(spec, params)}")
        if spec.scheduler:
            self.add(f"    scheduler = {_scheduler(spec.scheduler)}")
        if not self.full:
            self.add(f"    batch_size = {self.batch}",
                     f"    batches_per_epoch = {self.batches_per_epoch}  # ceil({ds.n} / {self.batch})")
        self.add("    history = []", "    for iteration in range(1, iterations + 1):")
        x, y, extra = "x", "y", ", iteration" if self.dropout else ""
        if not self.full:
            self.add("        epoch, j = divmod(iteration - 1, batches_per_epoch)", "        if j == 0:")
            if spec.shuffle:
                self.add(f"            order = NumpyRandom([{spec.seed}, epoch]).permutation(len(x))"
                         "  # bpviewer's shuffle")
            else:
                self.add("            order = list(range(len(x)))")
            self.add("        batch = order[j * batch_size:(j + 1) * batch_size]")
            x, y = "x[batch]", "y[batch]"
        self.add('        lr = optimizer.param_groups[0]["lr"]', "        optimizer.zero_grad()",
                 f"        out = net({x}{extra})", f"        loss = loss_fn(out, {y})")
        if spec.l1:
            self.add(f"        loss = loss + {spec.l1!r} * sum(p.abs().sum() for p in params)  # L1 penalty")
        self.add("        loss.backward()", "        if iteration == 1:",
                 '            log("loss:", loss.item())')
        self._log_parameters("grad", "")
        self.add("        optimizer.step()", "        if iteration == 1:",
                 '            log("after optimizer.step():")')
        self._log_parameters("data", "all")
        if spec.scheduler:
            if self.full:
                self.add("        scheduler.step()  # once per epoch")
            else:
                self.add("        if iteration % batches_per_epoch == 0:",
                         "            scheduler.step()  # once per epoch")
        self.add("        if iteration % max(1, iterations // 10) == 0:",
                 '            log(f"iteration {iteration}: loss = {loss.item():.9g}")',
                 "        if on_step is not None:", "            on_step(iteration, net, loss, optimizer)")
        # the lr is torch.optim's Python float in float32 networks too, as in bpviewer's history
        self.add("        history.append([iteration, loss.item(), lr] + parameters(net))",
                 "    return history", "")

    def _log_parameters(self, attribute: str, which: str) -> None:
        for l in range(1, self.n_layers + 1):
            for kind in ("weight", "bias"):
                if which == "all" or (kind, l) not in self.frozen:
                    name = f"net.linear{l}.{kind}"
                    shown = f"{name}.grad" if attribute == "grad" else f"{name}.data"
                    label = f"{name}.grad" if attribute == "grad" else name
                    self.add(f'            log("{label}:", {shown})')

    def block(self, text: str) -> None:
        """A fixed piece of the script, written out as it will read."""
        self.add(*textwrap.dedent(text).splitlines())

    def helpers(self) -> None:
        layers = ", ".join(f"net.linear{l}" for l in range(1, self.n_layers + 1))
        self.add("", "def linears(net):", f"    return [{layers}]", "")
        self.block(_HELPERS)
        if self.dropout:
            self.block(_DROPOUT.replace("SEED", str(self.spec.seed)))

    def main(self) -> None:
        sizes = zip(self.spec.layers[:-1], self.spec.layers[1:], strict=True)
        n_params = sum(a * b + b for a, b in sizes)
        default = 10000 if n_params * self.dataset.n <= 1000 else 1000
        self.block(_MAIN.replace("DEFAULT", str(default)))

    def tail(self) -> None:
        if self.spec.shuffle and not self.full or self.dropout:
            self.add("", "", "# numpy.random.default_rng(entropy) in pure Python: this needs only torch")
            self.add(*inspect.getsource(NumpyRandom).splitlines(), "")
        for name, value in self.constants:
            self.add("", f"{name} = [")
            self.add(*(f"    {_literal(row)}," for row in value))
            self.add("]")
        self.add("", "", "if __name__ == \"__main__\":", "    main()")


_HELPERS = """

    def parameters(net):
        \"\"\"Every weight and bias in bpviewer's order: W1 row by row, b1, W2, b2, …\"\"\"
        values = []
        for linear in linears(net):
            values += linear.weight.flatten().tolist() + linear.bias.tolist()
        return values


    def history_columns(net):
        names = ["iteration", "loss", "lr"]
        for l, linear in enumerate(linears(net), start=1):
            n_out, n_in = linear.weight.shape
            names += [f"w{l}_{to}_{fr}" for to in range(1, n_out + 1) for fr in range(1, n_in + 1)]
            names += [f"b{l}_{to}" for to in range(1, n_out + 1)]
        return names
"""

_DROPOUT = """

    def dropout_mask(iteration, layer, shape, p):
        \"\"\"bpviewer's mask: survivors scaled by 1/(1 − p), drawn from (seed, iteration, layer).\"\"\"
        draws = NumpyRandom([SEED, iteration, layer]).random(shape[0] * shape[1])
        keep = torch.tensor(draws).reshape(shape) >= p
        return keep.to(torch.get_default_dtype()) * (1.0 / (1.0 - p))
"""

_MAIN = """

    def main():
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--iterations", type=int, default=DEFAULT)
        parser.add_argument("--csv", metavar="DIR", help="also write DIR/history.csv")
        args = parser.parse_args()
        history = train(args.iterations)
        if args.csv:
            os.makedirs(args.csv, exist_ok=True)
            with open(os.path.join(args.csv, "history.csv"), "w", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\\n")
                writer.writerow(history_columns(Net()))
                writer.writerows(history)
"""


def _count(value: object) -> int:
    if isinstance(value, (list, tuple)):
        return sum(_count(v) for v in value)
    return 1


def _doc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', "'''")


def _wrap(text: str, width: int = 92) -> list[str]:
    return textwrap.wrap(text, width) if text else []


def _describe_init(init: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in init.items())


def _describe_data(spec: NetworkSpec) -> str:
    d = spec.data
    if "csv" in d:
        return f"read by bpviewer from {d['csv']}"
    details = ", ".join(f"{k} {v}" for k, v in d.items() if k != "generator")
    held = " (the training rows; the test rows are held out)" if d.get("test_fraction") else ""
    return f"bpviewer's {d['generator']!r} generator, {details}{held}"


def _optimizer(spec: NetworkSpec, params: str) -> str:
    args = [params] + [f"{k}=({v[0]!r}, {v[1]!r})" if k == "betas" else f"{k}={v!r}"
                       for k, v in spec.optimizer.items() if k != "name"]
    return f"optim.{_OPTIMIZERS[spec.optimizer['name']]}({', '.join(args)})"


def _scheduler(scheduler: dict) -> str:
    args = ["optimizer"] + [f"{k}={_literal(v)}" for k, v in scheduler.items() if k != "name"]
    return f"optim.lr_scheduler.{_SCHEDULERS[scheduler['name']]}({', '.join(args)})"


def script(spec: NetworkSpec) -> str:
    """The whole script as text (raises SpecError when the data cannot be read)."""
    s = _Script(spec)
    s.header()
    s.net()
    s.weights()
    s.loss()
    s.train()
    s.helpers()
    s.main()
    s.tail()
    return re.sub(r"\n{4,}", "\n\n\n", "\n".join(s.lines)) + "\n"


def torch_expressions(step, params: ParamLayout, state_names) -> tuple[str, ...]:
    """Where the exported script holds the number a one-parameter backward or update step
    computes: `net.linear2.weight.grad[0, 0]`, `optimizer.state[net.linear2.weight]["exp_avg"][0, 0]`
    (the weight itself after `optimizer.step()`). Empty for other steps."""
    if step is None or step.phase not in ("backward", "update"):
        return ()
    focus = list(islice((key for key in step.focus if key[0] == "param"), 2))  # a layer's: 33,000
    if len(focus) != 1:
        return ()
    ref = params.refs[focus[0][1]]
    tensor = f"net.linear{ref.layer}.{ref.kind}"
    index = f"[{ref.to - 1}]" if ref.source is None else f"[{ref.to - 1}, {ref.source - 1}]"
    if step.phase == "backward":
        return (f"{tensor}.grad{index}",)
    return (f"{tensor}{index}",) + tuple(f'optimizer.state[{tensor}]["{name}"]{index}'
                                         for name in state_names)


def write_script(spec: NetworkSpec, path: str | os.PathLike) -> None:
    """Atomic, like every output: the whole script appears or nothing does, and what `path`
    names must be a regular file or nothing (a device or a folder is refused, not replaced)."""
    atomic.replace_text(path, script(spec), "--out")
