"""After the committee office resets a password, the user must choose a new one before doing anything else."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

# Pages reachable while a new password is due: the change page itself, logging out, and static files.
_OPEN = ("/accounts/password/", "/accounts/logout/", "/static/", "/portal/")


class ForcePasswordChange:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN)
            and getattr(getattr(user, "profile", None), "must_change_password", False)
        ):
            if request.path.startswith("/api/"):
                # the office knows the temporary password: it opens nothing, the API included
                return JsonResponse({"detail": "请先登录网页修改临时密码"}, status=403)
            return redirect(reverse("administration:password_change"))
        return self.get_response(request)
