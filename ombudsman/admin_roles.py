"""The admin classes' side of the roles: every permission an admin class is asked for is
answered from the one table, `ombudsman.roles.RIGHTS`.

- `RoleAdmin` answers view, add, change and delete (and the admin's own operations: restore,
  import, publish) from the table, offers only the actions the table gives the user
  (`roles.ACTIONS`; an action it does not name is offered to nobody), and turns a changelist's
  absurd filter or date-hierarchy parameters into a message instead of a server error.
- `RoleHistoryAdmin` is django-simple-history's admin with its history form ("revert") held to
  the same rights: saving an earlier version of a record needs change permission on it, and
  saving a version of a record that no longer exists (which recreates it) needs restore and add
  permission. The library itself lets anyone who may view a record save that form.
- `role_admins_install` puts `RoleAdmin` under the admin classes other apps registered (auth,
  django-axes), so the table holds for them too.
"""

from __future__ import annotations

import functools

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import URLPattern
from simple_history.admin import SimpleHistoryAdmin

from . import roles


class SafeChangeList(ChangeList):
    """A changelist whose lookup parameters cannot make a server error: an out-of-range date in
    the date hierarchy (`?history_date__year=99999999999999999999`, the year 9999's last day),
    or a value the database cannot hold, is reported and the list shown unfiltered."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise _refused(request, error) from error

    def get_queryset(self, request, exclude_parameters=None):
        try:
            return super().get_queryset(request, exclude_parameters)
        except IncorrectLookupParameters as error:
            raise _refused(request, error) from error

    def get_results(self, request):
        try:
            return super().get_results(request)
        except (ValueError, OverflowError) as error:
            raise _refused(request, error) from error


def _refused(request, error) -> IncorrectLookupParameters:
    if not getattr(request, "_lookup_refused", False):
        request._lookup_refused = True
        messages.error(
            request,
            f"The list could not be filtered as asked ({error}); it is shown unfiltered.",
        )
    if isinstance(error, IncorrectLookupParameters):
        return error
    return IncorrectLookupParameters(error)


class RoleAdmin(admin.ModelAdmin):
    """Permissions from `roles.RIGHTS` (see the module's docstring)."""

    def role_allowed(self, request, operation: str) -> bool:
        return roles.allowed(request.user, self.model._meta.label_lower, operation)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.role_allowed(request, "view")

    def has_add_permission(self, request, *args) -> bool:
        return self.role_allowed(request, "add")

    def has_change_permission(self, request, obj=None) -> bool:
        return self.role_allowed(request, "change")

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.role_allowed(request, "delete")

    def has_restore_permission(self, request, obj=None) -> bool:
        return self.role_allowed(request, "restore")

    def has_import_permission(self, request) -> bool:
        return self.role_allowed(request, "import")

    def has_publish_permission(self, request) -> bool:
        return self.role_allowed(request, "publish")

    def has_module_permission(self, request) -> bool:
        return self.role_allowed(request, "view")

    def get_actions(self, request):
        return {
            name: action
            for name, action in super().get_actions(request).items()
            if roles.ACTIONS.get(name) and self.role_allowed(request, roles.ACTIONS[name])
        }

    def get_changelist(self, request, **kwargs):
        return SafeChangeList

    def get_urls(self):
        # Every view beyond the standard ones needs the operation `roles.VIEWS` names for it,
        # checked here whatever the view itself checks; a view the table does not name is
        # refused to everyone.
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}_"
        urls = []
        for pattern in super().get_urls():
            name = pattern.name or ""
            if not name or name.removeprefix(prefix) in roles.STANDARD_VIEWS:
                urls.append(pattern)
                continue
            view = self._requiring(roles.VIEWS.get(name), pattern.callback)
            urls.append(URLPattern(pattern.pattern, view, pattern.default_args, pattern.name))
        return urls

    def _requiring(self, operation: str | None, view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            # Not signed in as staff: the admin's own wrapper sends them to the login page.
            if self.admin_site.has_permission(request) and (
                operation is None or not self.role_allowed(request, operation)
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked


class RoleInline:
    """An inline's permissions from `roles.RIGHTS`, for the inline's own model."""

    def _role_allowed(self, request, operation: str) -> bool:
        return roles.allowed(request.user, self.model._meta.label_lower, operation)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._role_allowed(request, "view")

    def has_add_permission(self, request, obj=None) -> bool:
        return self._role_allowed(request, "add")

    def has_change_permission(self, request, obj=None) -> bool:
        return self._role_allowed(request, "change")

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._role_allowed(request, "delete")


class RoleHistoryAdmin(RoleAdmin, SimpleHistoryAdmin):
    """django-simple-history's admin, its history form held to the table (module docstring)."""

    def _exists(self, obj) -> bool:
        return obj is not None and self.model._default_manager.filter(pk=obj.pk).exists()

    def has_change_history_permission(self, request, obj=None) -> bool:
        # What the history form's Save needs: change on a record that exists; restore and add
        # on one that was deleted (saving the form recreates it).
        if obj is None or self._exists(obj):
            return self.has_change_permission(request, obj)
        return self.has_restore_permission(request, obj) and self.has_add_permission(request)

    def has_view_history_permission(self, request, obj=None) -> bool:
        return self.has_view_permission(request, obj)

    def has_view_history_or_change_history_permission(self, request, obj=None) -> bool:
        return self.has_view_permission(request, obj)

    def revert_disabled(self, request, obj=None) -> bool:
        return super().revert_disabled(request, obj) or not self.has_change_history_permission(
            request, obj
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            history = self.model.history.model
            record = get_object_or_404(
                history,
                **{self.model._meta.pk.attname: unquote(object_id), "history_id": version_id},
            )
            if not self.has_view_permission(request) or not self.has_change_history_permission(
                request, record.instance
            ):
                raise PermissionDenied
            request._history_reason = (
                f"Reverted to the version of {record.history_date:%d %B %Y %H:%M}"
                if self._exists(record.instance)
                else f"Restored from the version of {record.history_date:%d %B %Y %H:%M}"
            )
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        reason = getattr(request, "_history_reason", None)
        if reason:
            obj._change_reason = reason
        super().save_model(request, obj, form, change)


def role_admins_install(site: admin.AdminSite = admin.site) -> None:
    """Put `RoleAdmin` under every registered admin class that lacks it (auth's, axes')."""
    for model, model_admin in list(site._registry.items()):
        cls = type(model_admin)
        if isinstance(model_admin, RoleAdmin):
            continue
        site.unregister(model)
        site.register(model, type(cls.__name__, (RoleAdmin, cls), {"__module__": cls.__module__}))
