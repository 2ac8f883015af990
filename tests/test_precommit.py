"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit framework.

pre-commit pip-installs cleannews from a commit into its own virtualenv, so these tests cover the
manifest, the packaging and the CLI's exit codes together, the way a user's repository sees them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None, reason="git is not installed (pre-commit needs it)"
)

HOOK_IDS = ("cleannews", "cleannews-check")

RunHook = Callable[[Path, str], "subprocess.CompletedProcess[str]"]

# Front matter and code are kept byte for byte, so their NBSPs, double and trailing spaces and
# mojibake must survive; the same problems in prose must be fixed.
FRONT_MATTER = "---\ntitle: Why Go\u00a0is  fast\ntags: [go]\n---\n"
CODE = '```python\nx = 1   \ny\u00a0=  "donâ€™t"\n```\n'
DIRTY_PROSE = "Go\u00a0is a  small language and I donâ€™t mind.\n"
CLEAN_PROSE = "Go is a small language and I don’t mind.\n"


def _post(prose: str) -> str:
    return f"{FRONT_MATTER}\n# Why Go is fast\n\n{prose}\n{CODE}\nThe end.\n"


DIRTY_POST = _post(DIRTY_PROSE)
CLEAN_POST = _post(CLEAN_PROSE)
CLEAN_TEXT = "A clean line.\n\nAnother clean paragraph.\n"


def _env(home: Path | None = None) -> dict[str, str]:
    """The environment minus the caller's git and pre-commit state, so neither leaks into the run."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT")) and key != "SKIP"
    }
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    if home is not None:
        env["PRE_COMMIT_HOME"] = str(home)
    return env


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=_env(), check=True, capture_output=True, text=True, timeout=60
    )
    return done.stdout


def _commit_all(repo: Path) -> str:
    """Commit everything in `repo` (a fresh repository) and return the commit id."""
    _git(repo, "init", "-q")
    _git(repo, "config", "user.name", "cleannews tests")
    _git(repo, "config", "user.email", "tests@cleannews.invalid")
    _git(repo, "config", "commit.gpgsign", "false")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "snapshot")
    return _git(repo, "rev-parse", "HEAD").strip()


def _make_repo(path: Path, files: dict[str, str]) -> Path:
    path.mkdir()
    for name, text in files.items():
        (path / name).write_bytes(text.encode("utf-8"))
    _commit_all(path)
    return path


def _contents(repo: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(repo.iterdir()) if p.is_file()}


def _pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A commit of this working tree as it is on disk (tracked and untracked files, not ignored ones).

    pre-commit installs hooks from a commit, and `try-repo` on the checkout itself would snapshot only
    tracked changes, leaving out new files such as an uncommitted .pre-commit-hooks.yaml.
    """
    snapshot = tmp_path_factory.mktemp("hook-repo")
    listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in listed:
        source = ROOT / name
        if name and source.is_file():  # a tracked file deleted on disk is not part of the tree
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    _commit_all(snapshot)
    return snapshot


@pytest.fixture(scope="session")
def hook_config(hook_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config naming both hooks at the snapshot's commit, as a user's .pre-commit-config.yaml would."""
    rev = _git(hook_repo, "rev-parse", "HEAD").strip()
    config = tmp_path_factory.mktemp("config") / "pre-commit-config.yaml"
    hooks = [{"id": hook_id} for hook_id in HOOK_IDS]
    config.write_text(yaml.safe_dump({"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": hooks}]}))
    return config


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the session, so the hook virtualenv (a pip install) is built once.

    Only `pre-commit run` uses it: `try-repo` always builds in a throwaway store.
    """
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def run_hook(hook_config: Path, pre_commit_home: Path) -> RunHook:
    """Run one hook with pre-commit on all files of a repository."""

    def run(repo: Path, hook_id: str) -> subprocess.CompletedProcess[str]:
        options = ["--config", str(hook_config), "--all-files", "--color", "never"]
        return _pre_commit(repo, pre_commit_home, "run", *options, hook_id)

    return run


@pytest.fixture
def dirty_repo(tmp_path: Path) -> Path:
    """A user's repository: a fixable post, a clean text file and an unmatched file with the same problems."""
    return _make_repo(
        tmp_path / "site",
        {"post.md": DIRTY_POST, "about.txt": CLEAN_TEXT, "notes.rst": DIRTY_POST},
    )


def test_manifest_is_valid_and_matches_only_markdown_and_text() -> None:
    """pre-commit rejects a repository whose manifest is invalid; `files` decides what the hooks see."""
    manifest = ROOT / ".pre-commit-hooks.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(manifest)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    hooks = {hook["id"]: hook for hook in yaml.safe_load(manifest.read_text(encoding="utf-8"))}
    assert set(hooks) == set(HOOK_IDS)
    assert hooks["cleannews"]["entry"] == "cleannews --in-place"
    assert hooks["cleannews-check"]["entry"] == "cleannews --check --diff"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types"] == ["text"]
        matched = [n for n in ("a.md", "b/c.markdown", "d.mdx", "e.txt") if re.search(hook["files"], n)]
        assert len(matched) == 4
        assert not any(re.search(hook["files"], n) for n in ("notes.rst", "a.md.bak", "mdx", "page.html"))


def test_fix_hook_rewrites_prose_keeps_code_and_is_idempotent(dirty_repo: Path, run_hook: RunHook) -> None:
    """The first run must fail (the signal to re-stage); the second must pass with nothing left to fix."""
    unmatched = (dirty_repo / "notes.rst").read_bytes()

    first = run_hook(dirty_repo, "cleannews")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert "post.md" in first.stdout
    assert "notes.rst" not in first.stdout

    fixed = (dirty_repo / "post.md").read_bytes()
    assert CODE.encode() in fixed, "the fenced code block must stay byte-identical"
    assert fixed.startswith(FRONT_MATTER.encode()), "front matter must stay byte-identical"
    assert fixed == CLEAN_POST.encode()
    assert (dirty_repo / "about.txt").read_bytes() == CLEAN_TEXT.encode()
    assert (dirty_repo / "notes.rst").read_bytes() == unmatched

    after_first = _contents(dirty_repo)
    second = run_hook(dirty_repo, "cleannews")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
    assert _contents(dirty_repo) == after_first


def test_check_hook_reports_with_a_diff_and_writes_nothing(dirty_repo: Path, run_hook: RunHook) -> None:
    """In CI the check hook must fail on a file that needs fixing without touching the checkout."""
    before = _contents(dirty_repo)

    done = run_hook(dirty_repo, "cleannews-check")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Would fix post.md" in done.stdout
    assert "+" + CLEAN_PROSE in done.stdout  # the unified diff
    assert "notes.rst" not in done.stdout
    assert "files were modified by this hook" not in done.stdout
    assert _contents(dirty_repo) == before


def test_check_hook_passes_on_a_clean_repository(tmp_path: Path, run_hook: RunHook) -> None:
    """Clean Markdown and text pass; the dirty notes.rst is not the hook's business."""
    repo = _make_repo(
        tmp_path / "site",
        {"post.md": CLEAN_POST, "about.txt": CLEAN_TEXT, "notes.rst": DIRTY_POST},
    )
    before = _contents(repo)

    done = run_hook(repo, "cleannews-check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout
    assert _contents(repo) == before


def test_try_repo_runs_the_fix_hook(dirty_repo: Path, hook_repo: Path, tmp_path: Path) -> None:
    """`pre-commit try-repo` is how hook authors and users try the repository before pinning a rev."""
    done = _pre_commit(dirty_repo, tmp_path / "home", "try-repo", str(hook_repo), "cleannews", "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "post.md" in done.stdout
    assert (dirty_repo / "post.md").read_bytes() == CLEAN_POST.encode()
    assert (dirty_repo / "notes.rst").read_bytes() == DIRTY_POST.encode()
