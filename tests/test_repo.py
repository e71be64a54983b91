import re


def test_ci_runs_the_readme_test_command(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^(python3 -m venv .*)$", readme, flags=re.M)
    assert len(commands) == 2, commands
    ci_lines = (root / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci_lines


def test_seeds_are_verbatim_copies_of_the_shared_seeds(root):
    """CI always has ../shared beside the repository: a missing ../shared/seeds is a failure."""
    shared = root.parent / "shared" / "seeds"
    assert shared.is_dir(), f"{shared} is missing"
    ours = sorted(p.name for p in (root / "seeds").glob("*.txt"))
    assert len(ours) == 5
    assert sorted(p.name for p in shared.glob("*.txt")) == ours
    for name in ours:
        assert (root / "seeds" / name).read_bytes() == (shared / name).read_bytes(), name
