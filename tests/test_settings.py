"""Settings files: where they are found, what they may say, and how mistakes are reported."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from cleannews.config import Config
from cleannews.settings import (
    DEFAULT_EXCLUDE,
    DEFAULT_INCLUDE,
    SettingsError,
    find_config_file,
    load_settings,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str, name: str = ".cleannews.toml") -> Path:
    return write(tmp_path / name, text)


def error_of(path: Path) -> str:
    with pytest.raises(SettingsError) as info:
        load_settings(path)
    return str(info.value)


# --- finding the file ------------------------------------------------------


def test_found_in_a_parent_directory(tmp_path: Path) -> None:
    config = write(tmp_path / ".cleannews.toml", "duplicates = false\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config_file(deep) == config.resolve()


def test_start_may_be_a_file(tmp_path: Path) -> None:
    config = write(tmp_path / ".cleannews.toml", "")
    story = write(tmp_path / "news" / "story.md", "text\n")
    assert find_config_file(story) == config.resolve()


def test_cleannews_toml_beats_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.cleannews]\nduplicates = false\n")
    own = write(tmp_path / ".cleannews.toml", "stutters = false\n")
    assert find_config_file(tmp_path) == own.resolve()


def test_nearer_pyproject_beats_farther_cleannews_toml(tmp_path: Path) -> None:
    write(tmp_path / ".cleannews.toml", "")
    pyproject = write(tmp_path / "sub" / "pyproject.toml", "[tool.cleannews]\n")
    assert find_config_file(tmp_path / "sub") == pyproject.resolve()


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    outer = write(tmp_path / "pyproject.toml", "[tool.cleannews]\nformat = 'text'\n")
    write(tmp_path / "sub" / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    assert find_config_file(tmp_path / "sub") == outer.resolve()


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / ".cleannews.toml", "duplicates = false\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs").mkdir()
    assert find_config_file(repo / "docs") is None


def test_repository_root_itself_is_searched(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    write(repo / ".git", "gitdir: ../elsewhere\n")  # a worktree or submodule: .git is a file
    config = write(repo / ".cleannews.toml", "")
    assert find_config_file(repo / "docs") == config.resolve()


def test_broken_pyproject_met_while_searching_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.cleannews\n")
    with pytest.raises(SettingsError, match=r"pyproject\.toml: invalid TOML"):
        find_config_file(tmp_path)


# --- loading ---------------------------------------------------------------


def test_no_file_gives_defaults_rooted_at_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(None)
    assert settings.path is None
    assert settings.root == tmp_path.resolve()
    assert settings.include == DEFAULT_INCLUDE
    assert settings.exclude == DEFAULT_EXCLUDE
    assert settings.format == "auto"
    assert settings.config() == Config()


def test_every_config_field_can_be_set_from_a_file(tmp_path: Path) -> None:
    """Keys come from Config's fields, so a new field is configurable without touching settings.py."""
    lines = []
    for item in fields(Config):
        value = getattr(Config(), item.name)
        written = str(value).lower() if isinstance(value, bool) else repr(value)
        lines.append(f"{item.name.replace('_', '-')} = {written}")
    settings = load_settings(load_text(tmp_path, "\n".join(lines)))
    assert set(settings.config_overrides) == {item.name for item in fields(Config)}
    assert settings.config() == Config()


def test_dashes_and_underscores_are_the_same_key(tmp_path: Path) -> None:
    path = load_text(tmp_path, "duplicate-threshold = 97\nflag_threshold = 90.5\nhard-wraps = false\n")
    settings = load_settings(path)
    assert settings.config_overrides == {
        "duplicate_threshold": 97.0,
        "flag_threshold": 90.5,
        "hard_wraps": False,
    }
    config = settings.config()
    assert (config.duplicate_threshold, config.flag_threshold, config.hard_wraps) == (97.0, 90.5, False)


def test_the_same_key_in_both_spellings_is_an_error(tmp_path: Path) -> None:
    message = error_of(load_text(tmp_path, "repeat-window = 2\nrepeat_window = 3\n"))
    assert "'repeat_window'" in message
    assert "'repeat-window'" in message


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    path = load_text(
        tmp_path, "[project]\nname = 'x'\n\n[tool.cleannews]\nstutters = false\n", "pyproject.toml"
    )
    settings = load_settings(path)
    assert settings.path == path
    assert settings.root == tmp_path.resolve()
    assert settings.config_overrides == {"stutters": False}


def test_pyproject_given_without_the_table_is_an_error(tmp_path: Path) -> None:
    message = error_of(load_text(tmp_path, "[tool.black]\n", "pyproject.toml"))
    assert "pyproject.toml: no [tool.cleannews] table" in message


def test_include_exclude_and_format(tmp_path: Path) -> None:
    path = load_text(
        tmp_path,
        'include = ["*.md"]\nexclude = ["drafts/"]\nextend-exclude = ["*.tmp.md"]\nformat = "markdown"\n',
    )
    settings = load_settings(path)
    assert settings.include == ("*.md",)
    assert settings.exclude == ("drafts/", "*.tmp.md")
    assert settings.format == "markdown"
    assert settings.config_overrides == {}


def test_extend_exclude_adds_to_the_defaults(tmp_path: Path) -> None:
    settings = load_settings(load_text(tmp_path, 'extend-exclude = ["archive/"]\n'))
    assert settings.exclude == (*DEFAULT_EXCLUDE, "archive/")


# --- mistakes --------------------------------------------------------------


def test_unknown_key_names_the_file_and_suggests_the_closest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = load_text(tmp_path, "[tool.cleannews]\nduplicate-treshold = 90\n", "pyproject.toml")
    assert error_of(path) == (
        "pyproject.toml: unknown key 'duplicate-treshold' in [tool.cleannews] "
        "(did you mean 'duplicate-threshold'?)"
    )


def test_suggestion_follows_the_spelling_of_the_typo(tmp_path: Path) -> None:
    message = error_of(load_text(tmp_path, "extend_exclud = []\n"))
    assert "unknown key 'extend_exclud'" in message
    assert "(did you mean 'extend_exclude'?)" in message


def test_unknown_key_without_a_close_match_lists_the_known_keys(tmp_path: Path) -> None:
    message = error_of(load_text(tmp_path, "colour = true\n"))
    assert "unknown key 'colour'" in message
    assert "known keys:" in message
    assert "duplicate-threshold" in message
    assert "extend-exclude" in message


def test_nested_table_is_an_unknown_key(tmp_path: Path) -> None:
    message = error_of(load_text(tmp_path, "[tool.cleannews.rules]\nx = 1\n", "pyproject.toml"))
    assert "unknown key 'rules' in [tool.cleannews]" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('include = "*.md"\n', "'include' must be a list of strings"),
        ("exclude = [1, 2]\n", "'exclude' must be a list of strings"),
        ('extend-exclude = "x/"\n', "'extend-exclude' must be a list of strings"),
        ("duplicate-threshold = true\n", "'duplicate-threshold' must be a number, not a boolean"),
        ('flag-threshold = "90"\n', "'flag-threshold' must be a number, not a string"),
        ("repeat-window = 1.5\n", "'repeat-window' must be an integer, not a number"),
        ("min-duplicate-length = false\n", "'min-duplicate-length' must be an integer, not a boolean"),
        ('duplicates = "no"\n', "'duplicates' must be a boolean (true or false), not a string"),
        ("stutters = 0\n", "'stutters' must be a boolean (true or false), not an integer"),
        ('format = "md"\n', "'format' must be one of 'auto', 'markdown', 'text', not 'md'"),
        ("format = 1\n", "'format' must be one of 'auto', 'markdown', 'text', not an integer"),
    ],
)
def test_wrong_types_name_the_file_the_key_and_the_expected_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    message = error_of(load_text(tmp_path, text))
    assert message.startswith(".cleannews.toml: ")
    assert expected in message


def test_include_patterns_are_names_not_paths(tmp_path: Path) -> None:
    message = error_of(load_text(tmp_path, 'include = ["docs/*.md"]\n'))
    assert "'include'" in message
    assert "use exclude" in message


def test_invalid_toml_names_the_file_and_the_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    message = error_of(load_text(tmp_path, "duplicates = false\nstutters = \n"))
    assert message.startswith(".cleannews.toml: invalid TOML: ")
    assert "line 2" in message
    assert "\n" not in message


def test_non_utf8_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / ".cleannews.toml"
    path.write_bytes(b"# caf\xe9\nduplicates = false\n")
    assert "not UTF-8" in error_of(path)


def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    message = error_of(tmp_path / "missing.toml")
    assert message.startswith(str(tmp_path / "missing.toml"))
    assert "cannot read" in message


def test_values_config_rejects_are_errors_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    message = error_of(load_text(tmp_path, "duplicate-threshold = 120\n"))
    # (named as the file spells it)
    assert message == ".cleannews.toml: 'duplicate-threshold' must be between 0 and 100, not 120.0"
    message = error_of(load_text(tmp_path, "flag-threshold = 96\n"))
    assert message == ".cleannews.toml: 'flag-threshold' (96) must not exceed duplicate_threshold (95)"


# --- command line on top ------------------------------------------------------


def test_command_line_overrides_win(tmp_path: Path) -> None:
    settings = load_settings(load_text(tmp_path, "duplicates = false\nstutters = false\nrepeat-window = 2\n"))
    config = settings.config(duplicates=True, repeat_window=None)
    assert config.duplicates is True  # command line wins
    assert config.stutters is False  # file still applies
    assert config.repeat_window == 2  # None means the option was not given


def test_invalid_combination_with_the_command_line_is_a_settings_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(load_text(tmp_path, "flag-threshold = 90\n"))
    with pytest.raises(SettingsError) as info:
        settings.config(duplicate_threshold=80.0)
    assert str(info.value) == (
        "flag_threshold (90) must not exceed duplicate_threshold (80) (with settings from .cleannews.toml)"
    )


def test_invalid_command_line_value_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError, match=r"^repeat_window must be at least 1$"):
        load_settings(None).config(repeat_window=0)


def test_any_file_with_a_tool_cleannews_table_reads_like_pyproject(tmp_path: Path) -> None:
    path = tmp_path / "shared.toml"
    path.write_text("[tool.cleannews]\nduplicates = false\n")
    assert load_settings(path).config_overrides == {"duplicates": False}
