"""Which files a run cleans: walking, include, exclude, .gitignore, symlinks, explicit names."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from cleannews.discovery import Target, is_markdown, iter_files
from cleannews.settings import DEFAULT_EXCLUDE, Settings, load_settings


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text\n", encoding="utf-8")


def found(paths: list[str], settings: Settings) -> list[str]:
    """Paths to clean, relative to the working directory; fails on any skipped target."""
    targets = list(iter_files(paths, settings))
    assert all(target.skip_reason is None for target in targets), targets
    return [Path(target.path).as_posix() for target in targets]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory, which is also the settings root."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def settings_for(root: Path, **changes: Any) -> Settings:
    return Settings(path=None, root=root, **changes)


# --- walking ---------------------------------------------------------------


def test_walk_is_sorted_and_recursive(repo: Path) -> None:
    touch(repo, "b.md", "a.txt", "sub/z.md", "sub/deeper/y.md", "c.markdown", "d.mdx")
    assert found(["."], settings_for(repo)) == [
        "a.txt",
        "b.md",
        "c.markdown",
        "d.mdx",
        "sub/deeper/y.md",
        "sub/z.md",
    ]


def test_walk_keeps_the_spelling_of_the_given_directory(repo: Path) -> None:
    touch(repo, "docs/a.md")
    assert found(["docs"], settings_for(repo)) == ["docs/a.md"]
    assert found([str(repo / "docs")], settings_for(repo)) == [(repo / "docs" / "a.md").as_posix()]


def test_walk_cleans_only_included_names(repo: Path) -> None:
    touch(repo, "a.md", "b.txt", "c.py", "d.json", "e.html", "README.MD")
    assert found(["."], settings_for(repo)) == ["README.MD", "a.md", "b.txt"]
    assert found(["."], settings_for(repo, include=("*.txt",))) == ["b.txt"]


def test_hidden_and_tool_directories_are_skipped_by_default(repo: Path) -> None:
    touch(
        repo,
        "keep.md",
        ".hidden.md",
        ".github/ISSUE.md",
        "node_modules/pkg/README.md",
        "venv/lib/site.txt",
        "docs/_build/index.txt",
        "lib/site-packages/x/README.md",
        "__pycache__/notes.txt",
    )
    assert found(["."], settings_for(repo)) == ["keep.md"]


def test_exclude_directory_and_file_patterns(repo: Path) -> None:
    touch(repo, "drafts/a.md", "news/drafts/b.md", "news/c.md", "news/c.tmp.md", "top/d.md")
    settings = settings_for(repo, exclude=("drafts/", "*.tmp.md", "/top"))
    assert found(["."], settings) == ["news/c.md"]


def test_excluded_directory_is_not_descended_into(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(repo, "big/a.md", "small/b.md")
    visited: list[str] = []
    real_scandir = os.scandir

    def spy(path: str | os.PathLike[str]) -> object:
        visited.append(Path(path).name)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", spy)
    assert found(["."], settings_for(repo, exclude=("big/",))) == ["small/b.md"]
    assert "big" not in visited
    assert "small" in visited


def test_exclude_replaces_the_defaults(repo: Path) -> None:
    touch(repo, ".notes/a.md", "drafts/b.md", "c.md")
    assert found(["."], settings_for(repo, exclude=("drafts/",))) == [".notes/a.md", "c.md"]


def test_extend_exclude_from_a_settings_file(repo: Path) -> None:
    touch(repo, "archive/old.md", ".git/HEAD.md", "new.md")
    (repo / ".cleannews.toml").write_text('extend-exclude = ["archive/"]\n', encoding="utf-8")
    settings = load_settings(repo / ".cleannews.toml")
    assert settings.exclude == (*DEFAULT_EXCLUDE, "archive/")
    assert found(["."], settings) == ["new.md"]


def test_exclude_patterns_are_relative_to_the_settings_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "site/docs/a.md", "site/docs/b.md", "site/docs/sub/docs/c.md")
    monkeypatch.chdir(tmp_path / "site" / "docs")
    settings = settings_for(tmp_path / "site", exclude=("/docs/b.md", "/docs/sub/"))
    assert found(["."], settings) == ["a.md"]


def test_walk_outside_the_root_matches_relative_to_the_walked_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "elsewhere/skip/a.md", "elsewhere/b.md")
    (tmp_path / "project").mkdir()
    monkeypatch.chdir(tmp_path / "project")
    settings = settings_for(tmp_path / "project", exclude=("/skip/",))
    assert found(["../elsewhere"], settings) == ["../elsewhere/b.md"]


# --- .gitignore ------------------------------------------------------------


def test_gitignore_at_the_root(repo: Path) -> None:
    touch(repo, "build/out.md", "notes.md", "secret.md", "sub/secret.md")
    (repo / ".gitignore").write_text("build/\nsecret.md\n", encoding="utf-8")
    assert found(["."], settings_for(repo)) == ["notes.md"]


def test_gitignore_at_the_root_applies_when_walking_a_subdirectory(repo: Path) -> None:
    touch(repo, "docs/a.md", "docs/generated/b.md")
    (repo / ".gitignore").write_text("docs/generated/\n", encoding="utf-8")
    assert found(["docs"], settings_for(repo)) == ["docs/a.md"]


def test_nested_gitignore_is_relative_to_its_directory(repo: Path) -> None:
    touch(repo, "out.md", "docs/out.md", "docs/keep.md", "docs/api/x.md", "api/y.md")
    (repo / "docs" / ".gitignore").write_text("/out.md\napi/\n", encoding="utf-8")
    assert found(["."], settings_for(repo)) == ["api/y.md", "docs/keep.md", "out.md"]


def test_deeper_gitignore_can_re_include(repo: Path) -> None:
    touch(repo, "a/log.md", "b/log.md")
    (repo / ".gitignore").write_text("log.md\n", encoding="utf-8")
    (repo / "b" / ".gitignore").write_text("!log.md\n", encoding="utf-8")
    assert found(["."], settings_for(repo)) == ["b/log.md"]


# --- symlinks --------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlinks_met_in_a_walk_are_neither_followed_nor_yielded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "outside/secret.md", "repo/real.md")
    repo = tmp_path / "repo"
    (repo / "linked.md").symlink_to(tmp_path / "outside" / "secret.md")
    (repo / "linked-dir").symlink_to(tmp_path / "outside", target_is_directory=True)
    monkeypatch.chdir(repo)
    assert found(["."], settings_for(repo)) == ["real.md"]


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlink_named_explicitly_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path, "outside/secret.md")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "linked.md").symlink_to(tmp_path / "outside" / "secret.md")
    monkeypatch.chdir(repo)
    assert found(["linked.md"], settings_for(repo)) == ["linked.md"]


# --- explicit paths --------------------------------------------------------


def test_explicit_file_is_cleaned_whatever_include_says(repo: Path) -> None:
    touch(repo, "story.html", "notes.rst")
    assert found(["story.html", "notes.rst"], settings_for(repo)) == ["story.html", "notes.rst"]


def test_explicit_excluded_file_is_skipped_silently(repo: Path) -> None:
    touch(repo, "vendor/x.md", "news/a.md", ".github/b.md")
    settings = settings_for(repo, exclude=(*DEFAULT_EXCLUDE, "vendor/"))
    # The built-in exclusions are for walks: pre-commit passes .github/b.md by name.
    assert list(iter_files(["vendor/x.md", "news/a.md", ".github/b.md"], settings)) == [
        Target("news/a.md"),
        Target(".github/b.md"),
    ]


def test_explicit_file_outside_the_root_is_matched_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "other/skip.md", "other/keep.md")
    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    settings = settings_for(tmp_path / "repo", exclude=("skip.md", "other/keep.md"))
    assert found(["../other/skip.md", "../other/keep.md"], settings) == ["../other/keep.md"]


def test_explicit_file_ignores_gitignore(repo: Path) -> None:
    """pre-commit passes only tracked files; a user naming an ignored file means it."""
    touch(repo, "ignored.md")
    (repo / ".gitignore").write_text("ignored.md\n", encoding="utf-8")
    assert found(["ignored.md"], settings_for(repo)) == ["ignored.md"]


def test_stdin_is_yielded_as_is(repo: Path) -> None:
    assert list(iter_files(["-"], settings_for(repo))) == [Target("-")]


def test_missing_path_is_reported_not_raised(repo: Path) -> None:
    touch(repo, "a.md")
    targets = list(iter_files(["nope.md", "a.md", "missing/dir", ""], settings_for(repo)))
    assert targets == [
        Target("nope.md", "no such file or directory"),
        Target("a.md"),
        Target("missing/dir", "no such file or directory"),
        Target("", "no such file or directory"),
    ]


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_broken_symlink_named_explicitly_is_missing(repo: Path) -> None:
    (repo / "dangling.md").symlink_to(repo / "gone.md")
    assert list(iter_files(["dangling.md"], settings_for(repo))) == [
        Target("dangling.md", "no such file or directory")
    ]


def test_order_follows_the_arguments_without_duplicates(repo: Path) -> None:
    touch(repo, "z.md", "docs/b.md", "docs/a.md")
    paths = ["z.md", "docs", "./z.md", "docs/a.md", "z.md", "-", "-"]
    assert found(paths, settings_for(repo)) == ["z.md", "docs/a.md", "docs/b.md", "-"]


def test_missing_path_given_twice_is_reported_once(repo: Path) -> None:
    targets = list(iter_files(["gone.md", "gone.md"], settings_for(repo)))
    assert targets == [Target("gone.md", "no such file or directory")]


# --- format ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fmt", "expected"),
    [
        ("a.md", "auto", True),
        ("a.MARKDOWN", "auto", True),
        ("dir.md/a.mdx", "auto", True),
        ("a.txt", "auto", False),
        ("README", "auto", False),
        ("-", "auto", False),
        ("a.txt", "markdown", True),
        ("a.md", "text", False),
    ],
)
def test_is_markdown(path: str, fmt: str, expected: bool) -> None:
    assert is_markdown(path, fmt) is expected


def test_is_markdown_rejects_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="format must be one of"):
        is_markdown("a.md", "md")


def test_unreadable_directory_is_reported_not_raised(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(repo, "a.md", "locked/b.md")
    real_scandir = os.scandir

    def deny(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    assert list(iter_files(["."], settings_for(repo))) == [
        Target("a.md"),
        Target("locked", "permission denied"),
    ]
