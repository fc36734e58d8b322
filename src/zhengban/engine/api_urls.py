"""The engine's API routes, and those of every matter module: an installed app's `api` module with
`urlpatterns` is mounted under /api/ too, so a new matter type needs no change here."""

from importlib import import_module

from django.apps import apps
from django.urls import path
from django.utils.module_loading import module_has_submodule

from .api import MatterActions, MatterActionTake, MatterDetail, MatterList, TaskList, TaskReassign

urlpatterns = [
    path("matters/", MatterList.as_view(), name="api-matters"),
    path("matters/<int:pk>/", MatterDetail.as_view(), name="api-matter"),
    path("matters/<int:pk>/actions/", MatterActions.as_view(), name="api-matter-actions"),
    path("matters/<int:pk>/actions/<slug:name>/", MatterActionTake.as_view(), name="api-matter-action"),
    path("tasks/", TaskList.as_view(), name="api-tasks"),
    path("tasks/reassign/", TaskReassign.as_view(), name="api-tasks-reassign"),
]


def _module_routes():
    routes = []
    for app in apps.get_app_configs():
        if app.name in ("zhengban.engine", "zhengban.api") or not module_has_submodule(app.module, "api"):
            continue
        routes += getattr(import_module(f"{app.name}.api"), "urlpatterns", [])
    return routes


urlpatterns += _module_routes()
