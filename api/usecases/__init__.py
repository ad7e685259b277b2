"""The use cases the command line and the HTTP routes both call.

Each takes plain arguments (the store, settings, the day, ...) and returns plain data;
neither FastAPI nor click is imported here. Parsing, auditing and rendering stay with the
caller: a route audits through its request, a command prints text or JSON.
"""
