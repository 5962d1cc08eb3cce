"""Who a user is in the reporting workflow: a role, scoped to one region (and one department for reporters)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from planwatch.apps.regions.models import Department, Region


class Role(models.TextChoices):
    ADMIN = "admin", "妇儿工委办（管理员）"
    MONITOR = "monitor", "统计局监测组"
    EVALUATOR = "evaluator", "评估组"
    REPORTER = "reporter", "部门填报员"
    LEADER = "leader", "领导（只读）"
    SUBREGION = "subregion", "下级地区填报员"


class Profile(models.Model):
    """A user's role. Everything a user may see is inside ``region`` and the regions below it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    region = models.ForeignKey(
        Region, verbose_name="所属地区", on_delete=models.PROTECT, related_name="profiles"
    )
    department = models.ForeignKey(
        Department,
        verbose_name="所属部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profiles",
        help_text="部门填报员必填，且须属于所属地区",
    )
    # Set when the committee office resets the password: the user chooses a new one at the next login.
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "用户角色"

    def __str__(self) -> str:
        where = self.department.name if self.department_id else self.region.name
        return f"{self.user.username}（{self.get_role_display()}，{where}）"

    def clean(self) -> None:
        if self.role == Role.REPORTER and not self.department_id:
            raise ValidationError("部门填报员必须绑定一个部门")
        if self.department_id and self.department.region_id != self.region_id:
            raise ValidationError("所属部门必须属于所属地区")


from .tokens import ApiToken  # noqa: E402  (the API token model lives with its functions)

__all__ = ["ApiToken", "Profile", "Role"]
