"""`bpviewer.from_torch`: random Sequential models trained a few steps by plain torch equal
bpviewer's export of the network from_torch gives (1e-8); the rest is refused in one line."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch import nn, optim

import bpviewer
from bpviewer.core import spec as spec_mod
from bpviewer.core.errors import SpecError
from bpviewer.core.export import history_columns, history_rows
from bpviewer.core.session import Session

ACTIVATIONS = [nn.Sigmoid, nn.Tanh, nn.ReLU, lambda: nn.LeakyReLU(0.1), nn.Identity, None]


def random_case(seed: int):
    """A model, data, loss, optimizer, scheduler and batch size, all drawn from `seed`."""
    rng = random.Random(seed)
    torch.manual_seed(seed)
    sizes = [rng.randint(1, 4) for _ in range(rng.randint(2, 4))]
    loss_kind = rng.choice(["mse", "mae", "smooth_l1", "bce", "ce", "ce-prob"])
    if loss_kind.startswith("ce"):
        sizes[-1] = max(sizes[-1], 2)
    act = rng.choice(ACTIVATIONS[:4])  # one LeakyReLU slope per network
    mods: list[nn.Module] = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        mods.append(nn.Linear(n_in, n_out, dtype=torch.float64))
        choice = rng.choice([act, nn.Identity, None])
        if choice is not None:
            mods.append(choice())
    if mods and not isinstance(mods[-1], nn.Linear):
        mods.pop()
    n = rng.randint(1, 7)
    x = torch.randn(n, sizes[0], dtype=torch.float64)
    if loss_kind == "bce":
        mods.append(rng.choice([nn.Sigmoid(), nn.Softmax(dim=1)]) if sizes[-1] > 1 else nn.Sigmoid())
        y = torch.rand(n, sizes[-1], dtype=torch.float64)
        loss_fn = nn.BCELoss()
    elif loss_kind == "ce":
        y = torch.randint(0, sizes[-1], (n,))
        loss_fn = nn.CrossEntropyLoss()
    elif loss_kind == "ce-prob":
        y = torch.softmax(torch.randn(n, sizes[-1], dtype=torch.float64), dim=1)
        loss_fn = nn.CrossEntropyLoss()
    else:
        if rng.random() < 0.5:
            mods.append(rng.choice([nn.Sigmoid(), nn.Tanh()]))
        y = torch.randn(n, sizes[-1], dtype=torch.float64)
        loss_fn = {"mse": nn.MSELoss, "mae": nn.L1Loss, "smooth_l1": nn.SmoothL1Loss}[loss_kind]()
    model = nn.Sequential(*mods)
    params = model.parameters()
    opt = rng.choice([
        lambda: optim.SGD(params, lr=0.1, momentum=rng.choice([0.0, 0.9]), weight_decay=0.01),
        lambda: optim.SGD(params, lr=0.05, momentum=0.5, nesterov=True),
        lambda: optim.SGD(params, lr=0.05, momentum=0.5, dampening=0.3),
        lambda: optim.Adagrad(params, lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1),
        lambda: optim.RMSprop(params, lr=0.01, alpha=0.9, momentum=0.3, centered=rng.random() < 0.5),
        lambda: optim.Adam(params, lr=0.01, betas=(0.8, 0.99), amsgrad=rng.random() < 0.5),
        lambda: optim.AdamW(params, lr=0.01, weight_decay=0.1),
        lambda: optim.Adam(params, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
    ])()
    sched = rng.choice([
        None,
        lambda: optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5),
        lambda: optim.lr_scheduler.MultiStepLR(opt, milestones=[3, 1], gamma=0.3),
        lambda: optim.lr_scheduler.ExponentialLR(opt, gamma=0.9),
    ])
    sched = sched() if sched else None
    batch_size = rng.choice([None, 1, 2, 3])
    return model, x, y, loss_fn, opt, sched, batch_size


def train_in_torch(model, x, y, loss_fn, opt, sched, batch_size, iterations):
    """The plain loop a student writes: batches in order, the scheduler once per epoch."""
    n = len(x)
    size = batch_size or n
    per_epoch = -(-n // size)
    losses, grads, params = [], [], []
    for k in range(iterations):
        j = k % per_epoch
        opt.zero_grad()
        loss = loss_fn(model(x[j * size:(j + 1) * size]), y[j * size:(j + 1) * size])
        loss.backward()
        grads.append(torch.cat([p.grad.flatten() for p in model.parameters()]).tolist())
        opt.step()
        if j == per_epoch - 1 and sched is not None:
            sched.step()
        losses.append(loss.item())
        params.append(torch.cat([p.detach().flatten() for p in model.parameters()]).tolist())
    return np.array(losses), np.array(grads), np.array(params)


def relative(a: np.ndarray, b: np.ndarray) -> float:
    scale = np.maximum(np.abs(b), 1e-6 * np.abs(b).max(initial=0.0))
    return float((np.abs(a - b) / np.where(scale > 0, scale, 1.0)).max(initial=0.0))


@pytest.mark.parametrize("seed", range(30))
def test_random_models_train_as_in_torch(seed) -> None:
    case = random_case(seed)
    network = bpviewer.from_torch(*case)
    session = Session(spec_mod.from_dict(network))
    session.trainer.run(5)
    losses, grads, params = train_in_torch(*case, iterations=5)
    rows = np.array([row[1:] for row in history_rows(session)])
    assert history_columns(session)[:3] == ("iteration", "loss", "lr")
    assert relative(rows[:, 0], losses) <= 1e-8
    assert relative(rows[:, 2:], params) <= 1e-8
    grad = np.stack([session.history[k].grad for k in range(1, 6)])
    assert relative(grad, grads) <= 1e-8


def test_mazur_from_torch_is_the_worked_example() -> None:
    net = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 2), nn.Sigmoid()).double()
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor([[0.15, 0.2], [0.25, 0.3]]))
        net[0].bias.fill_(0.35)
        net[2].weight.copy_(torch.tensor([[0.4, 0.45], [0.5, 0.55]]))
        net[2].bias.fill_(0.6)
    assert "inputs: are float32, the model's parameters float64" in _refused(
        net, inputs=torch.tensor([[0.05, 0.1]]), targets=torch.tensor([[0.01, 0.99]]))
    network = bpviewer.from_torch(net, torch.tensor([[0.05, 0.1]], dtype=torch.float64),
                                  torch.tensor([[0.01, 0.99]], dtype=torch.float64),
                                  nn.MSELoss(), optim.SGD(net.parameters(), lr=0.5))
    assert network["layers"] == [2, 2, 2] and network["loss"] == "mse"
    assert network["optimizer"] == {"name": "sgd", "lr": 0.5}
    session = Session(spec_mod.from_dict(network))
    session.trainer.run(1)
    assert session.history[1].loss == pytest.approx(0.298371109, abs=1e-9)


class Ordered(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.linear1 = nn.Linear(2, 3, dtype=torch.float64)
        self.linear2 = nn.Linear(3, 1, dtype=torch.float64)

    def forward(self, x):
        return torch.sigmoid(self.linear2(self.linear1(x)))


class InOrder(Ordered):
    def __init__(self) -> None:
        super().__init__()
        self.act = nn.Sigmoid()

    def forward(self, x):
        return self.act(self.linear2(self.linear1(x)))


def _fresh(model):
    return optim.SGD(model.parameters(), lr=0.1)


def test_a_module_whose_children_run_in_order_and_frozen_layers() -> None:
    model = InOrder()
    model.linear1.requires_grad_(False)
    network = bpviewer.from_torch(model, torch.zeros(3, 2, dtype=torch.float64),
                                  torch.zeros(3, 1, dtype=torch.float64),
                                  nn.MSELoss(), optim.SGD(model.linear2.parameters(), lr=0.1))
    assert network["activations"] == ["identity", "sigmoid"] and network["frozen_layers"] == [1]
    assert network["name"] == "InOrder"


def _refused(model, *, inputs=None, targets=None, loss_fn=None, optimizer=None, scheduler=None) -> str:
    inputs = torch.zeros(2, 2, dtype=torch.float64) if inputs is None else inputs
    targets = torch.zeros(2, 1, dtype=torch.float64) if targets is None else targets
    with pytest.raises(SpecError) as err:
        bpviewer.from_torch(model, inputs, targets, loss_fn or nn.MSELoss(), optimizer or _fresh(model),
                            scheduler)
    line = str(err.value)
    assert "\n" not in line
    return line


def _seq(*mods):
    return nn.Sequential(*mods).double()


def test_refusals_name_the_module_or_argument() -> None:
    assert "Ordered.forward does not run its children in order" in _refused(Ordered())
    assert "model.1 (Dropout): not supported" in _refused(_seq(nn.Linear(2, 1), nn.Dropout(0.5)))
    assert "model.1 (GELU)" in _refused(_seq(nn.Linear(2, 1), nn.GELU()))
    assert "model.0 (ReLU): comes before the first Linear" in _refused(_seq(nn.ReLU(), nn.Linear(2, 1)))
    assert "model.2 (Tanh): a second activation" in _refused(
        _seq(nn.Linear(2, 1), nn.Sigmoid(), nn.Tanh()))
    assert "negative_slope=0.2 differs" in _refused(
        _seq(nn.Linear(2, 2), nn.LeakyReLU(0.1), nn.Linear(2, 1), nn.LeakyReLU(0.2)))
    assert "dim=0" in _refused(_seq(nn.Linear(2, 2), nn.Softmax(dim=0)), targets=torch.zeros(2, 2))
    assert "dim=-2" in _refused(_seq(nn.Linear(2, 2), nn.Softmax(dim=-2)), targets=torch.zeros(2, 2))
    assert "Softmax is only supported after the last Linear" in _refused(
        _seq(nn.Linear(2, 2), nn.Softmax(dim=1), nn.Linear(2, 1)))
    model = _seq(nn.Linear(2, 2, bias=False), nn.Linear(2, 1))
    assert "model.0: bias=False" in _refused(model)
    model = _seq(nn.Linear(2, 1))
    assert "reduction='sum'" in _refused(model, loss_fn=nn.MSELoss(reduction="sum"))
    assert "HuberLoss is not supported" in _refused(model, loss_fn=nn.HuberLoss())
    assert "beta=0.5" in _refused(model, loss_fn=nn.SmoothL1Loss(beta=0.5))
    assert "label_smoothing" in _refused(_seq(nn.Linear(2, 2)), targets=torch.tensor([0, 1]),
                                         loss_fn=nn.CrossEntropyLoss(label_smoothing=0.1))
    assert "loss_fn: BCELoss(weight=…) is not supported" in _refused(
        _seq(nn.Linear(2, 1), nn.Sigmoid()), loss_fn=nn.BCELoss(weight=torch.ones(1, dtype=torch.float64)))
    assert "softmax; end the model with the Linear layer" in _refused(
        _seq(nn.Linear(2, 2), nn.Softmax(dim=1)), targets=torch.tensor([0, 1]),
        loss_fn=nn.CrossEntropyLoss())
    assert "ends with Softmax before CrossEntropyLoss" in _refused(
        _seq(nn.Linear(2, 2), nn.Softmax(dim=1)), targets=torch.tensor([0, 1]),
        loss_fn=nn.CrossEntropyLoss())
    assert "optimizer: NAdam is not supported" in _refused(model, optimizer=optim.NAdam(model.parameters()))
    assert "maximize=True" in _refused(model, optimizer=optim.SGD(model.parameters(), lr=0.1, maximize=True))
    opt = optim.SGD([{"params": [model[0].weight], "lr": 0.1}, {"params": [model[0].bias], "lr": 0.2}])
    assert "param_groups[1]['lr']: differs" in _refused(model, optimizer=opt)
    opt = _fresh(model)
    assert "scheduler: CosineAnnealingLR is not supported" in _refused(
        model, optimizer=opt, scheduler=optim.lr_scheduler.CosineAnnealingLR(opt, 10))
    opt = _fresh(model)
    sched = optim.lr_scheduler.StepLR(opt, 2)
    opt.step()
    sched.step()
    assert "scheduler: has already stepped" in _refused(model, optimizer=opt, scheduler=sched)
    assert "targets: expected (2, 1)" in _refused(model, targets=torch.zeros(2))
    assert "inputs: expected (samples, 2)" in _refused(model, inputs=torch.zeros(2, 3, dtype=torch.float64))
    model = _seq(nn.Linear(2, 1))
    model[0].weight.requires_grad_(False)
    assert "model.0.weight: frozen while its bias trains" in _refused(model)


def test_softmax_over_the_last_dimension_is_the_outputs_softmax() -> None:
    model = _seq(nn.Linear(2, 3), nn.Softmax(dim=-1))
    spec = bpviewer.from_torch(model, torch.zeros(2, 2, dtype=torch.float64), torch.full((2, 3), 1 / 3),
                               nn.MSELoss(), _fresh(model))
    assert spec["activations"] == ["softmax"]


def test_an_optimizer_that_has_stepped_is_refused() -> None:
    model = _seq(nn.Linear(2, 1))
    opt = optim.Adam(model.parameters())
    model(torch.ones(1, 2, dtype=torch.float64)).sum().backward()
    opt.step()
    assert "optimizer: has already taken steps" in _refused(model, optimizer=opt)


def test_import_bpviewer_stays_light() -> None:
    code = ("import sys, bpviewer; assert callable(bpviewer.__getattr__); "
            "print('torch' in sys.modules, 'PySide6' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "False"], done.stderr
