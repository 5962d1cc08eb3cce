"""Who calls the API: a machine client with ``Authorization: Bearer pw_…`` (planwatch.apps.accounts.tokens),
or a person with the web login's session (POSTs then need the CSRF token). A token acts as its user, with
the same role and regions; a wrong, expired or revoked token is a 401 even when a session cookie is sent."""

from __future__ import annotations

from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from planwatch.apps.accounts.tokens import user_for

BAD_TOKEN = "接口令牌无效、已过期或已撤销：请在「接口令牌」页面（/accounts/tokens/）创建新令牌，并以 Authorization: Bearer <令牌> 发送"


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = user_for(token.strip())
        if user is None:
            raise HttpError(401, BAD_TOKEN)
        request.user = user  # the views, the access rules and the audit log read request.user
        return user


token_auth = TokenAuth()
API_AUTH = [token_auth, django_auth]
