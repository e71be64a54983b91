"""The matrix kernel of the pipeline's own models, chosen for the CPU it runs on.

thinc's NumpyOps multiplies matrices with blis by default; on some CPUs (the project's AMD EPYC
machines) blis reaches a fifth of what numpy's BLAS does on the tok2vec's matrices. The callback
`vi_industrial.MatrixKernel.v1` (configs: `[nlp.after_pipeline_creation]`) gives every layer of
the pipeline's models a NumpyOps with the chosen kernel: "numpy", "blis", or "auto" (a short
measurement at creation, well under a second, on matrices of the tok2vec's shape). It changes nothing
outside the pipeline: thinc's current ops, which the rest of the user's process uses, stay as they
are, and a pipeline on a GPU (CupyOps) is left alone.
"""

from __future__ import annotations

import time
from typing import Callable, Dict, Iterator

import numpy
from spacy.language import Language
from spacy.util import registry
from thinc.api import Model, NumpyOps

KERNELS = ("auto", "numpy", "blis")


def _models(nlp: Language) -> Iterator[Model]:
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            yield from model.walk()


def _seconds(ops: NumpyOps, a: numpy.ndarray, b: numpy.ndarray, repeats: int) -> float:
    ops.gemm(a, b, trans2=True)  # warm up
    start = time.perf_counter()
    for _ in range(repeats):
        ops.gemm(a, b, trans2=True)
    return time.perf_counter() - start


def measure(rows: int = 512, width: int = 640, out: int = 384, repeats: int = 3) -> Dict[str, float]:
    """Seconds per kernel for `repeats` products of a (rows x width) batch with an (out x width)
    weight matrix: a batch of tokens through one maxout layer of the tok2vec (width 128, window 2,
    3 pieces)."""
    rng = numpy.random.default_rng(0)
    a = rng.random((rows, width), dtype="float32")
    b = rng.random((out, width), dtype="float32")
    return {kernel: _seconds(NumpyOps(use_blis=kernel == "blis"), a, b, repeats) for kernel in ("numpy", "blis")}


def check_kernel(kernel: str) -> None:
    if kernel not in KERNELS:
        raise ValueError(f"unknown matrix kernel {kernel!r}; expected one of {', '.join(KERNELS)}")


def choose_kernel(kernel: str) -> str:
    check_kernel(kernel)
    if kernel != "auto":
        return kernel
    seconds = measure()
    return min(seconds, key=seconds.get)


def set_matrix_kernel(nlp: Language, kernel: str) -> str:
    """Give every CPU layer of the pipeline's models NumpyOps with `kernel`; returns the kernel used
    ("none" when no layer runs on NumpyOps, e.g. on a GPU)."""
    layers = [node for node in _models(nlp) if type(node.ops) is NumpyOps]
    if not layers:
        return "none"
    chosen = choose_kernel(kernel)
    ops = NumpyOps(use_blis=chosen == "blis")
    for node in layers:
        node.ops = ops
    return chosen


@registry.callbacks("vi_industrial.MatrixKernel.v1")
def create_matrix_kernel(kernel: str = "auto") -> Callable[[Language], Language]:
    """after_pipeline_creation callback: the pipeline's models multiply with `kernel`."""
    check_kernel(kernel)  # an unknown name fails when the config is read, not at the first doc

    def apply(nlp: Language) -> Language:
        set_matrix_kernel(nlp, kernel)
        return nlp

    return apply


def matrix_kernel(nlp: Language) -> str:
    """The kernel the pipeline's CPU layers multiply with: "numpy", "blis", "mixed" or "none"."""
    kernels = {"blis" if node.ops.use_blis else "numpy" for node in _models(nlp) if isinstance(node.ops, NumpyOps)}
    return kernels.pop() if len(kernels) == 1 else ("mixed" if kernels else "none")
