"""What the window does, in a worker thread, before its first lab computes."""


def warm_up() -> None:
    """Before the first lab computes. torch.optim imports torch._dynamo (seconds) when its
    first optimizer is built: build one here, where a worker thread can pay for it. And the
    labs' tensors are tiny: torch's thread pool only costs (17× slower on a busy machine)."""
    import torch

    torch.set_num_threads(1)
    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
