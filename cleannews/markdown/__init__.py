"""Markdown posts: clean the prose, keep the structure byte for byte."""

from .clean import clean_markdown

__all__ = ["clean_markdown"]
