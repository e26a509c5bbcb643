"""The admin classes other apps registered (auth's users and groups, django-axes' login
records) answer from the roles table too, and their changelists refuse absurd filters politely:
see ombudsman/admin_roles.py. This module is imported after theirs (INSTALLED_APPS order) and
before the project's apps, whose admin classes use `RoleAdmin` directly."""

from .admin_roles import role_admins_install

role_admins_install()
