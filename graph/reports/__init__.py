"""What users read: measures combined into ranked rows with Swedish explanations.

Boundary spanners, key-person risk, what-if and successors, contact paths, the
Samverkansguide, the director's map and summary figures.
"""
