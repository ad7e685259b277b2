"""Algorithms over the collaboration graph: functions over a graph returning plain values.

``projection`` builds the person-person graph every analysis runs on, ``indexed`` turns it
into arrays for igraph, networkit and scipy, and ``per_projection`` keeps what is derived
from one projection for as long as it lives. The rest are measures: betweenness and pair
dependency, brokerage roles, structural holes, set-to-set connectivity, departure impact and
topic search.
"""
