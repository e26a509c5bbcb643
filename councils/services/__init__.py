"""Writes and imports for councils, boundaries, populations and postcodes.

Each importer is a plain function that the management commands, the tests and any future admin
upload call alike; problems with the input are raised as `DataImportError`.
"""
