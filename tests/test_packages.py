"""The two packages keep to their sides: vi_corpus (corpus and annotation) is standard library only and
imports in the doccano client environment, which has no spaCy; vi_industrial (spaCy side) colours the
displaCy pages with the doccano project's label colours."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from vi_corpus.lexicon import LABEL_COLORS
from vi_industrial.evaluation import write_html

VI_CORPUS = ROOT / "src" / "vi_corpus"
# modules of the client environment: only vi_corpus/doccano.py's `connect` imports them (it runs only there)
CLIENT_ONLY = {"doccano_client", "requests"}


def corpus_modules():
    """vi_corpus and every module under src/vi_corpus, as import names."""
    names = []
    for path in sorted(VI_CORPUS.rglob("*.py")):
        parts = path.relative_to(VI_CORPUS.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_module_of_vi_corpus_is_listed():
    expected = {f"vi_corpus.{m}" for m in ("text", "lexicon", "jsonl", "records", "sentences", "articles", "offsets",
                                           "agreement", "audit", "doccano")}
    assert expected <= set(corpus_modules()) and "vi_corpus" in corpus_modules()


# What a fresh interpreter loads when it imports every vi_corpus module: nothing but the standard
# library and vi_corpus (the editable install's path hook and site's own modules were there before).
IMPORT_PROBE = """
import importlib, sys
before = set(sys.modules)
for name in {modules!r}:
    importlib.import_module(name)
new = {{m.split(".")[0] for m in set(sys.modules) - before}}
outside = sorted(m for m in new if m not in sys.stdlib_module_names and m != "vi_corpus")
assert not outside, f"vi_corpus imported modules outside the standard library: {{outside}}"
assert "spacy" not in sys.modules
import vi_corpus
print(vi_corpus.__file__)
"""


def test_vi_corpus_imports_in_the_doccano_client_environment_without_spacy(doccano_envs, tmp_path):
    _, client_py = doccano_envs
    probe = IMPORT_PROBE.format(modules=corpus_modules()) + """
try:
    import spacy  # noqa: F401
except ImportError:
    pass
else:
    raise SystemExit("spacy is importable in the doccano client environment")
"""
    # run outside the checkout, so vi_corpus comes from the environment's install, not from the current folder
    done = subprocess.run([str(client_py), "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert Path(done.stdout.strip().splitlines()[-1]).resolve() == (VI_CORPUS / "__init__.py").resolve()  # this checkout's


def test_vi_corpus_pulls_in_nothing_outside_the_standard_library_beside_spacy(tmp_path):
    """In the spaCy environment too, where spaCy and its dependencies could be imported by accident."""
    done = subprocess.run([sys.executable, "-c", IMPORT_PROBE.format(modules=corpus_modules())], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def _imports(tree: ast.AST):
    """(node, top-level module, enclosing function names, under `if TYPE_CHECKING:`) of every import."""

    def walk(node, functions, type_checking):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                if isinstance(child, ast.ImportFrom) and child.level:
                    yield child, "vi_corpus", functions, type_checking  # a relative import stays in the package
                else:
                    for name in ([child.module] if isinstance(child, ast.ImportFrom) else [a.name for a in child.names]):
                        yield child, name.split(".")[0], functions, type_checking
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield from walk(child, functions + (child.name,), type_checking)
            elif isinstance(child, ast.If) and ast.unparse(child.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
                yield from walk(ast.Module(body=child.body, type_ignores=[]), functions, True)
                yield from walk(ast.Module(body=child.orelse, type_ignores=[]), functions, type_checking)
            else:
                yield from walk(child, functions, type_checking)

    yield from walk(tree, (), False)


def violations(source: str, name: str) -> list:
    """The imports of a vi_corpus module (source text, file name) outside the standard library and vi_corpus,
    but for the client's own modules imported inside doccano.py's `connect` (or for type checking only)."""
    tree = ast.parse(source, filename=name)
    bad = []
    for node, module, functions, type_checking in _imports(tree):
        if module in sys.stdlib_module_names or module == "vi_corpus":
            continue
        lazy_client_import = name == "doccano.py" and module in CLIENT_ONLY and (functions == ("connect",) or type_checking)
        if not lazy_client_import:
            bad.append(f"{name}:{node.lineno}: imports {module}" + (f" in {'.'.join(functions)}" if functions else ""))
    # no import by name at run time either (importlib.import_module, __import__)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in ("__import__", "importlib.import_module", "import_module"):
            bad.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    return bad


@pytest.mark.parametrize("path", sorted(VI_CORPUS.rglob("*.py")), ids=lambda p: p.name)
def test_vi_corpus_modules_import_only_the_standard_library_and_vi_corpus(path):
    assert violations(path.read_text(encoding="utf-8"), path.name) == []


def test_the_import_check_finds_spacy_and_client_imports_out_of_place():
    source = ("import json\nimport spacy\nfrom spacy.tokens import Doc\nfrom . import text\nimport numpy as np\n"
              "def connect():\n    import requests\n    from doccano_client import DoccanoClient\n"
              "def other():\n    import doccano_client\n    importlib.import_module('spacy')\n")
    assert violations(source, "doccano.py") == [
        "doccano.py:2: imports spacy", "doccano.py:3: imports spacy", "doccano.py:5: imports numpy",
        "doccano.py:10: imports doccano_client in other", "doccano.py:11: importlib.import_module('spacy')"]
    # anywhere but doccano.py, connect may not import the client either
    assert "records.py:7: imports requests in connect" in violations(source, "records.py")


def test_the_client_only_imports_are_inside_connect():
    """The allowance above is used where it is meant: doccano.py's `connect` imports the client."""
    tree = ast.parse((VI_CORPUS / "doccano.py").read_text(encoding="utf-8"))
    lazy = {module for _, module, functions, _ in _imports(tree) if functions == ("connect",)}
    assert lazy == CLIENT_ONLY


MARK = re.compile(r'<mark class="entity" style="background: (#[0-9a-fA-F]{3,6});[^"]*">\s*(.*?)\s*'
                  r'<span style="[^"]*">([A-Z_]+)</span>\s*</mark>', re.S)


def test_the_error_page_colours_each_label_with_its_doccano_colour(nlp, tmp_path):
    def doc(text, ents):
        d = nlp.make_doc(text)
        d.ents = [d.char_span(text.index(s), text.index(s) + len(s), label=label) for s, label in ents]
        return d

    first, second = "Samsung đầu tư vào Bắc Ninh.", "Tỉnh Hưng Yên cấp phép cho Công ty ABC."
    pairs = [
        (doc(first, [("Samsung", "COMPANY"), ("Bắc Ninh", "PROVINCE")]), doc(first, [("Samsung", "COMPANY")])),  # missed
        (doc(second, [("Hưng Yên", "PROVINCE"), ("Công ty ABC", "COMPANY")]),
         doc(second, [("Hưng Yên", "COMPANY"), ("Công ty ABC", "COMPANY")])),  # wrong type
    ]
    write_html(tmp_path / "errors.html", pairs, "test")
    page = (tmp_path / "errors.html").read_text(encoding="utf-8")
    marks = MARK.findall(page)
    assert [(text, label) for _, text, label in marks] == [
        ("Samsung", "COMPANY"), ("Bắc Ninh", "PROVINCE"), ("Samsung", "COMPANY"),
        ("Hưng Yên", "PROVINCE"), ("Công ty ABC", "COMPANY"), ("Hưng Yên", "COMPANY"), ("Công ty ABC", "COMPANY")]
    assert page.count("<mark") == len(marks)  # every entity was read by the pattern above
    for color, text, label in marks:
        assert color.lower() == LABEL_COLORS[label].lower(), (text, label, color)
    # two labels, two colours: not displaCy's one grey (#ddd) for labels it does not know
    assert len({color.lower() for color, _, _ in marks}) == 2 and LABEL_COLORS["COMPANY"] != LABEL_COLORS["PROVINCE"]
    assert "#ddd" not in page.lower()
