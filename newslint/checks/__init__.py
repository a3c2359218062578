"""Built-in Python rules, one module per artefact family; each module is a plugin."""
