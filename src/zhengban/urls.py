from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("zhengban.api.urls")),
    path("memos/", include("zhengban.memos.urls")),
    path("notifications/", include("zhengban.notifications.urls")),
    path("", include("zhengban.engine.urls")),
    path("", include("zhengban.web.urls")),
]
