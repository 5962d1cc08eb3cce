"""API tokens for machine clients (``Authorization: Bearer pw_…``).

A token belongs to one user and acts with that user's role and regions. Only its SHA-256 digest is stored
(the token is 256 random bits, so a slow password hash adds nothing); the token itself is shown once, when it
is created. The user or the committee office of the user's region creates and revokes it; a revoked or
expired token, or one of a deactivated user, is refused."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "pw_"
SHOWN_CHARS = 10  # "pw_" and the first 7 characters: enough to tell tokens apart in lists and logs


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("用途", max_length=100)
    key_digest = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    shown = models.CharField("令牌开头", max_length=SHOWN_CHARS, editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField("有效期至", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="撤销人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.shown}… {self.name}（{self.user.username}）"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "已撤销"
        return "已过期" if not self.active else "有效"


def issue(user, name: str, *, by, expires_at=None) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token text, which is never stored."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, name=name.strip()[:100] or "接口调用", key_digest=digest(token), shown=token[:SHOWN_CHARS],
        created_by=by, expires_at=expires_at,
    )  # fmt: skip
    return row, token


def revoke(row: ApiToken, *, by) -> None:
    if row.revoked_at is None:
        row.revoked_at, row.revoked_by = timezone.now(), by
        row.save(update_fields=["revoked_at", "revoked_by"])


LAST_USED_EVERY_S = 60


def user_for(token: str):
    """The active user a token stands for, or None. ``last_used_at`` is written at most once a minute."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    row = ApiToken.objects.select_related("user").filter(key_digest=digest(token)).first()
    if row is None or not row.active or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > LAST_USED_EVERY_S:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
