"""Settings: `local` (development, tests, `make run`) and `production`, both built on `base`.

Everything that differs between machines is read from the environment in `base` (see
`.env.example`); nothing secret or machine-specific is committed.
"""
