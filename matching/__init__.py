"""Competence matching against the collaboration competence profile (see the matching issue)."""
