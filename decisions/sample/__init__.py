"""Synthetic, calibrated sample decisions for development and demonstration (`is_sample=True`)."""

from .generator import (
    DEFAULT_YEARS,
    SampleDataError,
    SampleSummary,
    sample_data_generate,
    sample_years_parse,
)

__all__ = [
    "DEFAULT_YEARS",
    "SampleDataError",
    "SampleSummary",
    "sample_data_generate",
    "sample_years_parse",
]
