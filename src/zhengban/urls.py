from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("zhengban.api.urls")),
    path("memos/", include("zhengban.memos.urls")),
    path("notifications/", include("zhengban.notifications.urls")),
    path("documents/", include("zhengban.documents.urls")),
    path("seals/", include("zhengban.seals.urls")),
    path("archive/", include("zhengban.archive.urls")),
    path("routing/", include("zhengban.routing.urls")),
    path("search/", include("zhengban.search.urls")),
    path("supervision/", include("zhengban.supervision.urls")),
    path("suggestions/", include("zhengban.suggestions.urls")),
    path("meetings/", include("zhengban.meetings.urls")),
    path("petitions/", include("zhengban.petitions.urls")),
    path("public/petitions/", include("zhengban.petitions.public_urls")),
    path("", include("zhengban.engine.urls")),
    path("", include("zhengban.web.urls")),
]
