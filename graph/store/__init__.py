"""Storage: the ``GraphStore`` protocol and its backends (embedded SQLite, Neo4j).

``protocol`` is the contract, ``sqlite_store`` the embedded default and system of record,
``neo4j_store`` with ``cypher`` the server backend, ``open`` chooses one from the settings,
and ``erasure`` works out what else a removal must change.
"""
