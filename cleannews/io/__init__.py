"""The I/O layer: everything that touches files, standard streams and the terminal.

``names`` (``-`` and printable names), ``atomic`` (snapshots and the one
``atomic_replace``), ``files`` (whole files read, decoded and encoded back),
``streams`` (compressed datasets read and written line by line) and ``console``
(stdout, report lines and progress on stderr). The cleaning core (pipeline,
normalisers, rules, markdown) never imports it.
"""
