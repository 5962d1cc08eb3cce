"""Administrative regions (行政区划) and the departments (成员单位/责任单位) that work in them."""

from django.db import models


class Region(models.Model):
    """A node of the nation → province → city → county → town hierarchy (DHIS2's org unit)."""

    class Level(models.TextChoices):
        NATION = "nation", "国家"
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"
        TOWN = "town", "乡镇级"

    LEVEL_DEPTH = {"nation": 0, "province": 1, "city": 2, "county": 3, "town": 4}

    code = models.CharField("行政区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    level = models.CharField("级别", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list["Region"]:
        """From the direct parent up to the root."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def descendant_ids(self) -> set[int]:
        """Ids of every region below this one (not including itself)."""
        found: set[int] = set()
        frontier = [self.pk]
        while frontier:
            ids = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            frontier = [i for i in ids if i not in found]
            found.update(frontier)
        return found

    @property
    def full_name(self) -> str:
        names = [r.name for r in reversed(self.ancestors()) if r.level != Region.Level.NATION]
        return "".join([*names, self.name])


class Department(models.Model):
    """A government department or body of one region, e.g. 江津区卫生健康委员会 (short name 区卫生健康委)."""

    region = models.ForeignKey(
        Region, verbose_name="所属地区", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("名称", max_length=128)
    kind = models.CharField(
        "部门类型", max_length=32, blank=True, help_text="如 卫健委、教委、人社局、民政局"
    )
    # A department that was merged or dissolved is deactivated, never deleted: its tasks and data stay.
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "部门"
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="department_unique_per_region")
        ]

    def __str__(self) -> str:
        return self.name

    def known_names(self) -> list[str]:
        """The current name, then every earlier one (newest first): a plan printed before a rename names the
        department by what it was called then."""
        former = [n.name for n in self.former_names.all()]
        return list(dict.fromkeys([self.name, *former]))


class DepartmentName(models.Model):
    """An earlier name of a department, kept when it was renamed (administration → 部门). Plans keep their
    printed 责任单位 text; this is how that text is still matched to the department after the rename."""

    department = models.ForeignKey(
        Department, verbose_name="部门", on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField("曾用名", max_length=128)
    until = models.DateTimeField("停用时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "部门曾用名"
        ordering = ["-until", "-id"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name}（现名{self.department.name}）"
