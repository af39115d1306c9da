"""One-line notices about a network that a teacher should say aloud, shown by the window."""

from __future__ import annotations

from .spec import NetworkSpec
from .texts import N_, tr

DOUBLE_SOFTMAX = N_("Note: cross-entropy includes the softmax")
DOUBLE_SOFTMAX_DETAIL = N_(
    "The loss reads the output layer's z as logits, as torch's CrossEntropyLoss does, and the "
    "softmax shown is the one inside the loss. PyTorch code with nn.Softmax before "
    "nn.CrossEntropyLoss (as in the notes) applies softmax twice: the loss barely falls below "
    "its start and the gradients shrink.")


def notice(spec: NetworkSpec) -> tuple[str, str]:
    """(one line, an explanation) about the network in the interface language, or ("", "")
    when there is nothing to say."""
    if spec.loss == "cross_entropy" and spec.activations[-1] == "softmax":
        return tr(DOUBLE_SOFTMAX), tr(DOUBLE_SOFTMAX_DETAIL)
    return "", ""
