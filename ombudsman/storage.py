from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed file names, also inside the ES modules' `import`
    statements, so that every script can be cached for a year."""

    support_js_module_import_aggregation = True
