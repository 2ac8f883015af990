"""The commands: one module each, from parsed options to an exit code.

``files`` (``cleannews [PATH]...``), ``jsonl`` (``cleannews --jsonl``) and
``dedup`` (``cleannews dedup``). The click layer (cli.py, cli_dedup.py) parses
the command line and calls ``run_files``, ``run_jsonl`` or ``run_dedup``; a
command uses the I/O layer (``cleannews.io``) and the pure core below it, and
imports nothing from the click layer.
"""
