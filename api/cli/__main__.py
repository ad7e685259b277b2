"""``python -m api.cli``: the same as the ``samverkan`` console script."""

from api.cli import main

main()
