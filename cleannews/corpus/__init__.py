"""Near-duplicates across documents: the engine-free core of ``cleannews dedup``.

Data flows one way: texts -> matching texts and word-token hashes
(``tokens``) -> MinHash signatures (``minhash``) -> LSH band keys and
candidate pairs (``lsh``) -> pairs verified with rapidfuzz (``verify``) ->
clusters (``clusters``). Every step is a pure function over arrays or
iterables, so an engine (``local``, ``dask_engine``) only decides where each
runs and how rows move between them.
"""
