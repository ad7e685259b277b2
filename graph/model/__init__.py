"""The collaboration as data: the schema, the interchange document and what is made from it.

``schema`` is the one description of every section (rows, keys, references) that drives
validation, both stores, Cypher, permissions and erasure; ``document`` reads and writes the
interchange format; ``knowledge_graph`` exports the whole graph for Gephi; ``generator``
makes synthetic documents for scale tests.
"""
