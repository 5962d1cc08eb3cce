"""Login throttling (django-axes), the client's address and the idle-session timeout.

- ``LockoutBackend``: axes's check before the password is tried; a login outside a web request (the test
  client's ``login``, a shell) has no address to count and is not throttled.
- ``client_ip``: the address a request came from. Behind the TLS proxy (PLANWATCH_HTTPS=1, or
  PLANWATCH_TRUST_FORWARDED_FOR=1) it is the right-most X-Forwarded-For entry, the one our proxy appended
  (entries to its left come from the client and can be forged); otherwise the socket's peer.
- ``IdleSessionMiddleware``: a login that made no request for SESSION_IDLE_SECONDS is ended and the user sent
  to the login page with 「长时间未操作，已自动退出」. The last-seen time is written at most once a minute.
"""

from __future__ import annotations

import time

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse

LAST_SEEN_KEY = "planwatch_last_seen"
TOUCH_EVERY_S = 60


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str:
    if getattr(settings, "TRUST_FORWARDED_FOR", False):
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if forwarded:
            return forwarded[-1][:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45]


def idle_minutes() -> int:
    return max(1, round(settings.SESSION_IDLE_SECONDS / 60))


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN_KEY)
            if last is not None and now - float(last) > settings.SESSION_IDLE_SECONDS:
                logout(request)
                text = f"长时间未操作（超过 {idle_minutes()} 分钟），已自动退出，请重新登录。"
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": f"登录已超时：{text}"}, status=401)
                messages.warning(request, text)
                return redirect_to_login(request.get_full_path())
            if last is None or now - float(last) > TOUCH_EVERY_S:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def lockout_response(request, original_response=None, credentials=None):
    """axes's answer to a locked-out login: the Chinese page (429), or JSON for scripts."""
    from axes.helpers import get_cool_off, get_failure_limit
    from django.shortcuts import render

    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    if not request.headers.get("Accept", "").startswith("text/html") and request.path.startswith("/api/"):
        return JsonResponse({"detail": "登录失败次数过多，账号已暂时锁定，请稍后再试"}, status=429)
    return render(request, "accounts/locked_out.html", context, status=429)


def start_idle_clock(sender, request, user, **kwargs):
    """At login the idle clock starts, so the first page does not write the session again."""
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_SEEN_KEY] = time.time()
