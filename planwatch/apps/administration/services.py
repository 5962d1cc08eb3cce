"""What the administration pages do: departments, accounts and password resets, each change logged with its
old and new value. Callers check access (planwatch.apps.accounts.permissions) first; these functions check
the *content* (names, roles, the department's region) and raise AdminError with a Chinese message."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.accounts.models import Profile, Role
from planwatch.apps.regions.models import Department, DepartmentName, Region

from .models import AdminEvent

Action = AdminEvent.Action
MAX_NAME = 64  # a department's name: 江津区卫生健康委员会 is 10 characters; 64 leaves room for long ones
MAX_KIND = 32
MAX_FULL_NAME = 30


class AdminError(ValueError):
    """A change that cannot be made; the message says why in Chinese."""


def log(actor, region: Region, action: str, subject: str, detail: str = "") -> AdminEvent:
    return AdminEvent.objects.create(actor=actor, region=region, action=action, subject=subject[:200],
                                     detail=detail)  # fmt: skip


def _clean(text: str | None, label: str, limit: int, *, required: bool = True) -> str:
    text = " ".join((text or "").split())
    if required and not text:
        raise AdminError(f"请填写{label}")
    if len(text) > limit:
        raise AdminError(f"{label}「{text[:20]}…」共 {len(text)} 字，超过 {limit} 字的上限")
    return text


# ---- departments ----------------------------------------------------------------------------------------


def _check_unique(region: Region, name: str, exclude: int | None = None) -> None:
    clash = Department.objects.filter(region=region, name=name).exclude(pk=exclude).first()
    if clash is not None:
        state = "" if clash.active else "（已停用，可在列表中重新启用）"
        raise AdminError(f"{region.name}已有部门「{name}」{state}，部门名称不能重复")
    former = (
        DepartmentName.objects.filter(department__region=region, name=name)
        .exclude(department_id=exclude)
        .select_related("department")
        .first()
    )
    if former is not None:  # plans printed with that name mean the renamed department
        raise AdminError(
            f"「{name}」是{region.name}「{former.department.name}」的曾用名，规划中写“{name}”的责任单位指的是它；"
            "请换一个名称"
        )


@transaction.atomic
def create_department(actor, region: Region, name: str, kind: str = "") -> Department:
    name = _clean(name, "部门名称", MAX_NAME)
    kind = _clean(kind, "部门类型", MAX_KIND, required=False)
    _check_unique(region, name)
    dept = Department.objects.create(region=region, name=name, kind=kind)
    log(actor, region, Action.DEPARTMENT_CREATED, name, f"类型：{kind or '未填'}")
    return dept


@transaction.atomic
def change_department(actor, dept: Department, name: str, kind: str = "") -> list[str]:
    """Rename (or re-type) a department; returns the changes made, e.g. ["名称：区卫健委 → 区卫生健康委"]. The old
    name is kept (``DepartmentName``): plans printed with it still find the department (``regions.departments``),
    and every page shows the new name with the plan's printed text beside it."""
    name = _clean(name, "部门名称", MAX_NAME)
    kind = _clean(kind, "部门类型", MAX_KIND, required=False)
    _check_unique(dept.region, name, exclude=dept.pk)
    changes = []
    if name != dept.name:
        changes.append(f"名称：{dept.name} → {name}")
    if kind != dept.kind:
        changes.append(f"类型：{dept.kind or '未填'} → {kind or '未填'}")
    if changes:
        if name != dept.name:  # the plans' printed 责任单位 still say the old name: keep it as a former name
            DepartmentName.objects.create(department=dept, name=dept.name)
        dept.name, dept.kind = name, kind
        dept.save(update_fields=["name", "kind"])
        log(actor, dept.region, Action.DEPARTMENT_CHANGED, name, "；".join(changes))
    return changes


@transaction.atomic
def set_department_active(actor, dept: Department, active: bool) -> None:
    """Deactivate (merged or dissolved) or re-activate a department. Its past tasks and data stay; an
    inactive department is not offered for new accounts or as a lead department."""
    if dept.active == active:
        return
    if not active:
        working = User.objects.filter(profile__department=dept, is_active=True).count()
        if working:
            raise AdminError(
                f"「{dept.name}」还有 {working} 个启用的填报账号；请先停用这些账号或改绑到其他部门，再停用部门"
            )
    dept.active = active
    dept.save(update_fields=["active"])
    log(
        actor,
        dept.region,
        Action.DEPARTMENT_ACTIVATED if active else Action.DEPARTMENT_DEACTIVATED,
        dept.name,
    )


# ---- accounts -------------------------------------------------------------------------------------------


def _role_and_department(actor, role: str, region: Region, department_id: int | None) -> Department | None:
    if role not in Role.values:
        raise AdminError("请选择角色")
    allowed = perm.assignable_roles(actor, region)
    if role not in allowed:
        if not allowed:
            raise AdminError(f"{region.name}不在您管理的地区范围内")
        names = "、".join(Role(r).label for r in allowed)
        raise AdminError(f"在{region.name}只能设置这些角色：{names}")
    if role != Role.REPORTER:
        return None
    dept = Department.objects.filter(pk=department_id or 0).first()
    if dept is None:
        raise AdminError("部门填报员必须绑定一个部门，请选择所属部门")
    if dept.region_id != region.pk:
        raise AdminError(f"部门「{dept.name}」不属于{region.name}，填报员只能绑定本地区的部门")
    if not dept.active:
        raise AdminError(f"部门「{dept.name}」已停用，不能绑定新的填报员")
    return dept


def _check_password(password: str, user: User | None = None) -> None:
    if not password:
        raise AdminError("请填写临时密码")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AdminError("临时密码不符合要求：" + "；".join(exc.messages)) from exc


@transaction.atomic
def create_account(
    actor,
    *,
    username: str,
    full_name: str,
    role: str,
    region: Region,
    department_id: int | None,
    password: str,
) -> User:
    """A new account with a temporary password that must be changed at the first login."""
    username = (username or "").strip()
    if not username:
        raise AdminError("请填写用户名")
    if len(username) > 30:
        raise AdminError(f"用户名「{username[:20]}…」超过 30 个字符")
    try:
        User.username_validator(username)
    except ValidationError as exc:
        raise AdminError(f"用户名「{username}」只能包含字母、数字和 @ . + - _") from exc
    if User.objects.filter(username__iexact=username).exists():
        raise AdminError(f"用户名「{username}」已被使用，请换一个")
    full_name = _clean(full_name, "姓名或岗位", MAX_FULL_NAME)
    dept = _role_and_department(actor, role, region, department_id)
    _check_password(password, User(username=username, first_name=full_name))
    user = User.objects.create_user(username, password=password, first_name=full_name)
    Profile.objects.create(user=user, role=role, region=region, department=dept, must_change_password=True)
    where = f"{region.name}{' · ' + dept.name if dept else ''}"
    log(actor, region, Action.ACCOUNT_CREATED, username, f"{full_name}，{Role(role).label}，{where}")
    return user


def describe(profile: Profile) -> str:
    where = f"{profile.region.name}{' · ' + profile.department.name if profile.department_id else ''}"
    return f"{profile.get_role_display()}（{where}）"


@transaction.atomic
def change_account(
    actor, user: User, *, full_name: str, role: str, department_id: int | None, active: bool
) -> list[str]:
    """Change an account's name, role, department or whether it may log in; returns the changes."""
    profile = user.profile
    full_name = _clean(full_name, "姓名或岗位", MAX_FULL_NAME)
    dept = _role_and_department(actor, role, profile.region, department_id)
    changes = []
    if full_name != user.first_name:
        changes.append(f"姓名：{user.first_name or '未填'} → {full_name}")
    before = describe(profile)
    if role != profile.role or (dept.pk if dept else None) != profile.department_id:
        profile.role, profile.department = role, dept
        changes.append(f"角色：{before} → {describe(profile)}")
    if active != user.is_active:
        changes.append("状态：" + ("停用 → 启用" if active else "启用 → 停用"))
    if changes:
        user.first_name, user.is_active = full_name, active
        user.save(update_fields=["first_name", "is_active"])
        profile.save(update_fields=["role", "department"])
        log(actor, profile.region, Action.ACCOUNT_CHANGED, user.username, "；".join(changes))
    return changes


@transaction.atomic
def reset_password(actor, user: User, password: str) -> None:
    """Set a temporary password; the user must choose a new one at the next login."""
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    Profile.objects.filter(user=user).update(must_change_password=True)
    log(actor, user.profile.region, Action.PASSWORD_RESET, user.username, "设置临时密码，下次登录须修改")


def password_changed(user: User) -> None:
    """The user chose a new password (after a reset, or of their own accord)."""
    profile = perm.profile_of(user)
    if profile is None:
        return
    if profile.must_change_password:
        Profile.objects.filter(pk=profile.pk).update(must_change_password=False)
        profile.must_change_password = False
    log(user, profile.region, Action.PASSWORD_CHANGED, user.username)


def manageable_regions(actor) -> list[Region]:
    """The regions an account can be created in: the office's own region, then the regions below it."""
    profile = perm.profile_of(actor)
    if getattr(actor, "is_superuser", False):
        return list(Region.objects.order_by("code"))
    if profile is None or not perm.is_manager(actor):
        return []
    below = Region.objects.filter(pk__in=profile.region.descendant_ids()).order_by("code")
    return [profile.region, *below]
