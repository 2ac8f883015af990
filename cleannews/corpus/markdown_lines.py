"""The lines of a Markdown post that are not prose to compare across posts.

Posts share front matter keys (``title:``, ``tags:``, ``layout: post``) and code
listings by design; split into paragraphs, they would be reported as boilerplate.
Their lines are found with the cleaner's own parsers (front matter by its
delimiters, fenced code by markdown-it's token line maps), so ``dedup`` and
``cleannews`` agree on what a post's front matter and code blocks are.
"""

from __future__ import annotations

from ..markdown.frontmatter import split_front_matter
from ..markdown.structure import block_parser


def not_prose_lines(text: str) -> set[int]:
    """0-based indices of the lines of front matter and of fenced code blocks, fences included.

    >>> post = "---\\ntitle: A\\n---\\n\\nProse.\\n\\n```sh\\nmake\\n\\nmake install\\n```\\nMore prose."
    >>> sorted(not_prose_lines(post))
    [0, 1, 2, 6, 7, 8, 9, 10]
    >>> not_prose_lines("Prose.\\n\\n    indented code is not fenced\\n")
    set()
    """
    # One line per "\n", as for the paragraphs: markdown-it would also end lines at a lone "\r".
    lines = [line.rstrip("\r").replace("\r", " ") for line in text.split("\n")]
    front = split_front_matter(lines).end
    # Front matter lines are blanked, not cut, so token maps stay line indices (as in the cleaner).
    body = "\n".join([""] * front + lines[front:])
    found = set(range(front))
    for token in block_parser().parse(body):
        if token.type == "fence" and token.map is not None:
            found.update(range(*token.map))
    return found


def without_front_matter(text: str) -> str:
    """The post with its front matter's lines blanked (line numbers kept): metadata, not the
    post. A copy of a post carries its own date and slug, and a date is a figure, which
    would make the copy another story.

    >>> without_front_matter("---\\ndate: 2024-05-09\\n---\\nProse.\\n")
    '\\n\\n\\nProse.\\n'
    """
    lines = text.split("\n")
    front = split_front_matter([line.rstrip("\r") for line in lines]).end
    return "\n".join([""] * front + lines[front:]) if front else text
