from django.contrib.auth import views as auth_views
from django.urls import path

from .views import account, organization

urlpatterns = [
    path("", organization.home, name="home"),
    path("login/", account.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", account.set_language, name="set_language"),
    path("password/", account.password_change, name="password_change"),
    path("org/", organization.organization, name="organization"),
    path("org/units/<slug:code>/", organization.unit, name="unit"),
    path("people/<str:username>/", organization.person, name="person"),
]
