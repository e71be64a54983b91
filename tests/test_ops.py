"""vi_industrial.MatrixKernel.v1: the pipeline's own models multiply with the chosen kernel, the rest of
the process keeps thinc's ops, and the entities are those of the blis kernel."""

import numpy
import pytest
import spacy
from conftest import ROOT
from spacy.tokens import DocBin
from spacy.util import load_config
from thinc.api import NumpyOps, get_current_ops

from vi_industrial.ops import choose_kernel, matrix_kernel, measure, set_matrix_kernel
from vi_industrial.studies import run_all, train_command


@pytest.fixture(scope="module")
def trained(gold_docs, tmp_path_factory):
    """A small model trained with cpu.cfg (no vectors) on 150 gold sentences."""
    tmp = tmp_path_factory.mktemp("ops")
    docs = gold_docs(150)
    DocBin(docs=docs, store_user_data=True).to_disk(tmp / "train.spacy")
    overrides = ["--paths.train", str(tmp / "train.spacy"), "--paths.dev", str(tmp / "train.spacy"), "--paths.vectors", "null",
                 "--components.tok2vec.model.embed.include_static_vectors", "false", "--training.max_steps", "200",
                 "--training.eval_frequency", "100"]
    cmd = train_command(ROOT / "configs" / "cpu.cfg", tmp / "run", ROOT / "src" / "vi_industrial" / "registration.py", 0, overrides)
    steps = run_all({"run": (cmd, tmp / "run")}, jobs=1, budget=600, log=lambda _: None)
    assert steps["run"] == 200, (tmp / "run" / "log.txt").read_text()[-2000:]
    return tmp / "run" / "model-best"


def _load(model, kernel):
    return spacy.load(model, config={"nlp": {"after_pipeline_creation": {"@callbacks": "vi_industrial.MatrixKernel.v1",
                                                                          "kernel": kernel}}})


def test_numpy_kernel_gives_the_entities_and_tensors_of_the_blis_kernel(trained, gold):
    texts = [rec["text"] for _, rec in gold[:400]]
    blis, fast = _load(trained, "blis"), _load(trained, "numpy")
    assert (matrix_kernel(blis), matrix_kernel(fast)) == ("blis", "numpy")
    ents = [[[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)] for nlp in (blis, fast)]
    assert sum(map(len, ents[0])) > 100  # the model tags something, so equal lists are not two empty ones
    assert ents[0] == ents[1]
    tensors = [nlp.get_pipe("tok2vec")(nlp.make_doc(texts[0])).tensor for nlp in (blis, fast)]
    numpy.testing.assert_allclose(tensors[0], tensors[1], rtol=1e-4, atol=1e-5)


def test_the_kernel_is_set_on_the_pipeline_only_not_on_the_process(trained):
    before = get_current_ops()
    nlp = _load(trained, "numpy")
    assert get_current_ops() is before  # thinc's current ops, which the user's other models use, stay
    assert all(not node.ops.use_blis for node in nlp.get_pipe("tok2vec").model.walk())
    assert set_matrix_kernel(nlp, "blis") == "blis" and matrix_kernel(nlp) == "blis"


def test_auto_measures_both_kernels_and_takes_the_faster():
    seconds = measure(rows=64, repeats=1)
    assert set(seconds) == {"numpy", "blis"} and all(s > 0 for s in seconds.values())
    assert choose_kernel("auto") in ("numpy", "blis")
    assert choose_kernel("blis") == "blis"
    with pytest.raises(ValueError, match="unknown matrix kernel 'fast'"):
        choose_kernel("fast")


def test_the_shipped_pipeline_config_chooses_its_kernel_at_creation():
    config = load_config(ROOT / "configs" / "assemble.cfg", interpolate=False)
    assert config["nlp"]["after_pipeline_creation"] == {"@callbacks": "vi_industrial.MatrixKernel.v1", "kernel": "auto"}


def test_a_pipeline_without_cpu_layers_is_left_alone(nlp):
    assert set_matrix_kernel(nlp, "numpy") == "none"
    assert isinstance(get_current_ops(), NumpyOps)
