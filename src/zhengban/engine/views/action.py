"""Taking an action from the matter page: GET shows its form, POST runs the action.

With htmx the form opens in the page's action panel; success re-renders the page content, errors
stay in the panel (400 with each field's message, 403 not allowed, 409 someone acted first).
Without script the same URLs work as plain pages and redirects.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhengban.attachments.actions import do_attach
from zhengban.core.errors import ActionError, Conflict, NotAllowed, NotFound

from ..actions import do_transition
from ..flow import get_flow
from ..generic import (
    do_claim, do_countersign, do_mark_read, do_resume, do_return, do_suspend, do_watch, do_withdraw, return_targets,
)
from ..fields import Form
from ..models import Task
from .forms import bind, countersign_form, raw_payload, reason_form, return_form
from .matter import load_matter, matter_context


def _task(matter, post):
    try:
        return Task.objects.get(matter=matter, pk=int(post.get("task", "")))
    except (Task.DoesNotExist, ValueError):
        raise NotFound(_("No such task.")) from None


def resolve(user, matter, name):
    """(label, form, run(post, payload)) for the action `name`; declared transitions come first."""
    flow = get_flow(matter.type)
    transition = flow.transition_map.get(name)
    if transition is not None:
        return transition.label, transition.form, lambda post, payload: do_transition(
            user, matter, name, payload, expected_version=post.get("version") or None
        )

    def version(post):
        return post.get("version") or None

    generic = {
        "return": (_("Return to an earlier step"), return_form(return_targets(matter)),
                   lambda post, p: do_return(user, matter, p["to_state"], p["reason"], expected_version=version(post))),
        "withdraw": (_("Withdraw my last step"), reason_form(False),
                     lambda post, p: do_withdraw(user, matter, p.get("reason", ""), expected_version=version(post))),
        "suspend": (_("Suspend"), reason_form(True),
                    lambda post, p: do_suspend(user, matter, p["reason"], expected_version=version(post))),
        "resume": (_("Resume"), reason_form(False),
                   lambda post, p: do_resume(user, matter, p.get("reason", ""), expected_version=version(post))),
        "countersign": (_("Give the countersignature"), countersign_form(),
                        lambda post, p: do_countersign(user, _task(matter, post), agree=p["agree"] == "agree",
                                                       opinion=p["opinion"])),
        "claim": (_("Claim (抢办)"), Form(), lambda post, p: do_claim(user, _task(matter, post))),
        "mark-read": (_("Mark as read"), Form(), lambda post, p: do_mark_read(user, _task(matter, post))),
        "watch": (_("Watch"), Form(), lambda post, p: do_watch(user, matter, True)),
        "unwatch": (_("Stop watching"), Form(), lambda post, p: do_watch(user, matter, False)),
    }
    if name not in generic:
        raise Http404
    return generic[name]


def _problem(request, matter, message, status, reload=False):
    context = {"matter": matter, "message": message, "reload": reload}
    if not request.headers.get("HX-Request"):
        return render(request, "engine/problem_page.html", context, status=status)
    return _retarget_panel(render(request, "engine/_action_problem.html", context, status=status))


def _retarget_panel(response):
    response["HX-Retarget"] = "#action-panel"
    response["HX-Reswap"] = "innerHTML"
    return response


def _form_response(request, matter, name, label, form, values=None, errors=None, message="", status=200):
    context = {
        "matter": matter, "name": name, "label": label, "fields": bind(form, values, errors),
        "message": message, "task_id": request.POST.get("task") or request.GET.get("task", ""),
    }
    if request.headers.get("HX-Request"):
        return _retarget_panel(render(request, "engine/_action_form.html", context, status=status))
    return render(request, "engine/action_page.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def matter_action(request, pk, name):
    matter = load_matter(request.user, pk)
    label, form, run = resolve(request.user, matter, name)
    if request.method == "GET":
        return _form_response(request, matter, name, label, form)
    payload = raw_payload(form, request.POST)
    try:
        if name in get_flow(matter.type).transition_map:
            run(request.POST, payload)
        else:
            run(request.POST, form.clean(payload))
    except NotAllowed as error:
        return _problem(request, matter, str(error.message), 403)
    except Conflict as error:
        return _problem(request, matter, str(error.message), 409, reload=True)
    except NotFound as error:
        return _problem(request, matter, str(error.message), 404)
    except ActionError as error:
        return _form_response(request, matter, name, label, form, payload, error.fields or {}, str(error.message), 400)
    messages.success(request, _("Done: %(action)s.") % {"action": label})
    return _after_success(request, matter)


def _after_success(request, matter):
    if not request.headers.get("HX-Request"):
        return redirect("matter", pk=matter.pk)
    try:
        matter = load_matter(request.user, matter.pk)
    except Http404:
        # The action took the matter out of the person's sight (e.g. they gave their task away).
        response = render(request, "engine/_action_problem.html", {"message": _("Done. You no longer see this matter.")})
        return _retarget_panel(response)
    response = render(request, "engine/_matter_content.html", matter_context(request, matter))
    response["HX-Retarget"] = "#matter-content"
    response["HX-Reswap"] = "outerHTML"
    return response


@login_required
@require_http_methods(["POST"])
def upload_attachment(request, pk):
    matter = load_matter(request.user, pk)
    context = matter_context(request, matter)
    if not context["may_attach"]:
        raise PermissionDenied
    uploaded = request.FILES.get("file")
    try:
        if uploaded is None:
            raise ActionError(_("Choose a file to attach."), fields={"file": "required"})
        do_attach(request.user, matter, uploaded, classification=matter.classification)
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The file %(name)s is attached.") % {"name": uploaded.name})
    return redirect("matter", pk=matter.pk)
