"""Pure ``str -> str`` transforms applied line by line before blocks are built."""
