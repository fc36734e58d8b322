"""Logging in and out, the language switch and changing one's own password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengban.core.actions import do_set_password
from zhengban.core.errors import ActionError

from ..actions import do_set_language, validated_language
from ..forms import LanguageForm, OwnPasswordForm


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


def _safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home" if request.user.is_authenticated else "login")


@require_POST
def set_language(request):
    """Switch the interface language: stored on the person when logged in, in a cookie always."""
    form = LanguageForm(request.POST)
    form.is_valid()
    next_url = _safe_next(request, form.cleaned_data.get("next"))
    language = form.cleaned_data.get("language", "")
    try:
        if request.user.is_authenticated:
            do_set_language(request.user, language)
        else:
            validated_language(language)
    except ActionError as error:
        messages.error(request, error.message)
        return redirect(next_url)
    translation.activate(language)
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
    return response


# Which form field each action error field belongs to.
PASSWORD_ERROR_FIELDS = {"old_password": "old_password", "password": "new_password"}


@login_required
def password_change(request):
    form = OwnPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_set_password(
                request.user,
                request.user,
                form.cleaned_data["new_password"],
                old_password=form.cleaned_data["old_password"],
            )
        except ActionError as error:
            field = next((PASSWORD_ERROR_FIELDS[f] for f in error.fields if f in PASSWORD_ERROR_FIELDS), None)
            form.add_error(field, error.message)
        else:
            request.user.refresh_from_db(fields=["password"])
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("home")
    return render(request, "web/password_change.html", {"form": form})
