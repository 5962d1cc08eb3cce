"""The committee office's feedback inbox (后台管理 → 公众反馈): list, answer (optionally public), close."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from planwatch.apps.accounts import permissions as perm

from . import services
from .models import Feedback
from .services import FeedbackError


def _office(request) -> None:
    if not perm.is_manager(request.user):
        raise PermissionDenied("公众反馈只由妇儿工委办处理")


def _feedback(request, feedback_id: int) -> Feedback:
    _office(request)
    return get_object_or_404(perm.administered(request.user, Feedback.objects.select_related("region")),
                             pk=feedback_id)  # fmt: skip


@login_required
def inbox(request):
    _office(request)
    status = request.GET.get("status", Feedback.Status.OPEN)
    qs = perm.administered(request.user, Feedback.objects.select_related("region"))
    statuses = [(v, label, qs.filter(status=v).count()) for v, label in Feedback.Status.choices]
    if status in Feedback.Status.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "portal/inbox.html",
        {"rows": qs[:300], "status": status, "statuses": statuses},
    )


@login_required
def inbox_item(request, feedback_id: int):
    item = _feedback(request, feedback_id)
    if request.method == "POST":
        try:
            services.answer_feedback(request.user, item, request.POST.get("answer", ""),
                                     public=request.POST.get("public") == "1")  # fmt: skip
        except FeedbackError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, "已答复" + ("，并在信息发布页面公开（不含称呼和联系方式）" if item.public else "")
            )
            return redirect("portal:inbox_item", feedback_id=item.pk)
    return render(request, "portal/inbox_item.html", {"item": item, "max_answer": services.MAX_ANSWER})


@login_required
@require_POST
def inbox_close(request, feedback_id: int):
    item = _feedback(request, feedback_id)
    try:
        services.close_feedback(request.user, item)
    except FeedbackError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已关闭该反馈")
    return redirect("portal:inbox")
