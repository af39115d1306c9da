"""The bare torch loop that bpviewer's speed is measured against (nn.Linear + SGD)."""

from __future__ import annotations

import sys
import time

import torch


def mazur_loop(iterations: int) -> float:
    """Seconds for `iterations` SGD steps of the Mazur net with a plain autograd loop."""
    torch.set_default_dtype(torch.float64)
    net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sigmoid(),
                              torch.nn.Linear(2, 2), torch.nn.Sigmoid())
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor([[0.15, 0.20], [0.25, 0.30]]))
        net[0].bias.fill_(0.35)
        net[2].weight.copy_(torch.tensor([[0.40, 0.45], [0.50, 0.55]]))
        net[2].bias.fill_(0.60)
    x = torch.tensor([[0.05, 0.10]])
    t = torch.tensor([[0.01, 0.99]])
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    start = time.perf_counter()
    for _ in range(iterations):
        opt.zero_grad()
        loss = 0.5 * ((net(x) - t) ** 2).sum()
        loss.backward()
        opt.step()
    return time.perf_counter() - start


def wide_loop(iterations: int) -> float:
    """A 2-16-16-3 tanh/softmax net, cross-entropy, Adam, batches of 16."""
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.Tanh(), torch.nn.Linear(16, 16),
                              torch.nn.Tanh(), torch.nn.Linear(16, 3))
    x = torch.randn(160, 2)
    y = torch.randint(0, 3, (160,))
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    start = time.perf_counter()
    for k in range(iterations):
        j = (k % 10) * 16
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x[j:j + 16]), y[j:j + 16])
        loss.backward()
        opt.step()
    return time.perf_counter() - start


if __name__ == "__main__":
    print(mazur_loop(int(sys.argv[1]) if len(sys.argv) > 1 else 10000))
