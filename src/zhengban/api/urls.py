from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from .errors import api_not_found
from .views.docs import LocalSwaggerView
from .views.people import Me, PeopleList, PersonDetail, PersonPassword
from .views.tokens import AuthToken
from .views.units import UnitDetail, UnitList

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", LocalSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/token/", AuthToken.as_view(), name="api-auth-token"),
    path("units/", UnitList.as_view(), name="api-units"),
    path("units/<slug:code>/", UnitDetail.as_view(), name="api-unit"),
    path("people/", PeopleList.as_view(), name="api-people"),
    path("people/<str:username>/", PersonDetail.as_view(), name="api-person"),
    path("people/<str:username>/password/", PersonPassword.as_view(), name="api-person-password"),
    path("me/", Me.as_view(), name="api-me"),
    path("", include("zhengban.engine.api_urls")),
    path("", include("zhengban.notifications.api_urls")),
    # Last: anything else under /api/ is a 404 in the API's error format.
    re_path(r"^(?P<unknown_path>.*)$", api_not_found),
]
