"""Load clients of ``planwatch bench load`` (run by locust in its own process; no Django here).

Three kinds of people, in the numbers the command sets (``fixed_count``), each pausing ``wait_min``–``wait_max``
seconds between requests (a person reading a page, a client processing a page of data):
- Readers (leaders and the committee office, logged in): dashboard, filtered dashboard, indicator pages,
  the comparison of counties, the evaluation overview, the public portal, and the static files pages link.
- Machine clients (the statistics bureau's systems, ``Authorization: Bearer``): the plan list and detail,
  approved observations page by page, the stored assessment and its warnings page by page, the rounds.
- Reporters (one department's task each, never shared): open the task, save new values through the API
  write endpoint and through the web form (both validated; a refusal is a failure), look at the home page.

Any answer other than the expected one (200, or the form's redirect to the saved task) is a failure.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

CONFIG = json.loads(os.environ["PLANWATCH_BENCH_CONFIG"])
PLAN = CONFIG["plan"]
READERS = itertools.cycle(CONFIG["readers"])
TOKENS = itertools.cycle(CONFIG["tokens"])
REPORTERS = iter(CONFIG["reporters"])  # one each: two reporters never write the same task
STATIC = re.compile(r'(?:src|href)="(/static/[^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LATEST = CONFIG["years"][-1]


def failure(r, what: str = "") -> str:
    """What went wrong, readable: the connection error, or the status with the start of the (JSON) answer."""
    if r.status_code == 0:
        return f"连接失败：{r.error!r}"[:300]
    try:
        text = json.dumps(r.json(), ensure_ascii=False)
    except ValueError:
        text = re.sub(r"\s+", " ", r.text)
    return f"HTTP {r.status_code}{' ' + what if what else ''}：{text[:300]}"


class Client(HttpUser):
    abstract = True
    wait_time = between(CONFIG["wait_min"], CONFIG["wait_max"])

    def get(self, url: str, name: str, **kw) -> str:
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False, **kw) as r:
            if r.status_code != 200:
                r.failure(failure(r))
            return r.text


class Reader(Client):
    fixed_count = CONFIG["counts"]["readers"]

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", next(READERS))
        self.static = sorted(set(STATIC.findall(self.get("/", "dashboard"))))

    @task(4)
    def dashboard(self) -> None:
        self.get("/", "dashboard")

    @task(2)
    def dashboard_filtered(self) -> None:
        area = random.choice(CONFIG["areas"])
        self.get(f"/?area={area}&attribute=binding", "dashboard (filter)")

    @task(4)
    def indicator(self) -> None:
        self.get(f"/evaluation/plans/{PLAN}/indicators/{random.choice(CONFIG['indicators'])}/", "indicator")

    @task(2)
    def compare(self) -> None:
        chosen = "&".join(f"indicator={i}" for i in random.sample(CONFIG["indicators"], 3))
        self.get(f"/evaluation/plans/{PLAN}/compare/?{chosen}&year={LATEST}", "compare")

    @task(1)
    def overview(self) -> None:
        self.get(f"/evaluation/plans/{PLAN}/", "evaluation overview")

    @task(1)
    def portal_home(self) -> None:
        self.get("/portal/", "portal home")

    @task(1)
    def portal_plan(self) -> None:
        self.get(f"/portal/plans/{PLAN}/", "portal plan")

    @task(1)
    def portal_indicator(self) -> None:
        self.get(f"/portal/indicators/{random.choice(CONFIG['indicators'])}/", "portal indicator")

    @task(2)
    def static_file(self) -> None:
        if self.static:
            self.get(random.choice(self.static), "static file")


class MachineClient(Client):
    fixed_count = CONFIG["counts"]["clients"]

    def on_start(self) -> None:
        self.auth = {"Authorization": f"Bearer {next(TOKENS)}"}
        self.year = random.choice(CONFIG["years"])
        self.pages = {"observations": 1, "assessment": 1, "warnings": 1}

    def api(self, url: str, name: str) -> dict:
        text = self.get(url, name, headers=self.auth)
        try:
            return json.loads(text)
        except ValueError:
            return {}

    def walk(self, kind: str, url: str, name: str) -> None:
        """The next page of a list; back to page 1 (of another year) after the last."""
        body = self.api(f"{url}{'&' if '?' in url else '?'}page={self.pages[kind]}&page_size=100", name)
        if body.get("next"):
            self.pages[kind] = body["next"]
        else:
            self.pages[kind], self.year = 1, random.choice(CONFIG["years"])

    @task(1)
    def plans(self) -> None:
        self.api("/api/plans", "api plans")

    @task(1)
    def plan(self) -> None:
        self.api(f"/api/plans/{PLAN}", "api plan detail")

    @task(4)
    def observations(self) -> None:
        self.walk("observations", f"/api/reporting/observations?year={self.year}", "api observations (page)")

    @task(3)
    def assessment(self) -> None:
        self.walk("assessment", f"/api/plans/{PLAN}/assessment?year={self.year}", "api assessment (page)")

    @task(2)
    def warnings(self) -> None:
        self.walk("warnings", f"/api/plans/{PLAN}/warnings?year={self.year}", "api warnings (page)")

    @task(1)
    def rounds(self) -> None:
        self.api("/api/reporting/rounds", "api rounds")


def values(rows: list[dict]) -> list[dict]:
    """This save's figures: each indicator a little off its usual value (a real change every time), women's
    and men's cells agreeing with the total, numerator and denominator with the rate."""
    out = []
    for r in rows:
        v = round(r["base"] * random.uniform(0.995, 1.0), 2 if r["unit"] != "人" else 0)
        row = {"indicator_id": r["indicator_id"], "cells": {"total": str(v)}}
        if r["by_sex"]:  # a count's women and men add up to the total; a rate's total lies between them
            female = round(v * 0.48) if r["unit"] == "人" else v
            row["cells"] |= {"female": str(female), "male": str(v - female if r["unit"] == "人" else v)}
        if r["fraction"]:
            factor, den = (100, 1_000_000) if r["unit"] == "%" else (1000, 100_000)
            row["numerator"], row["denominator"] = f"{v / factor * den:.0f}", str(den)
        out.append(row)
    return out


class Reporter(Client):
    fixed_count = CONFIG["counts"]["reporters"]

    def on_start(self) -> None:
        me = next(REPORTERS)
        self.task_id, self.rows = me["task"], me["rows"]
        self.auth = {"Authorization": f"Bearer {me['token']}"}
        self.client.cookies.set("sessionid", me["session"])

    @task(2)
    def open_task(self) -> None:
        self.get(f"/tasks/{self.task_id}/", "task page")

    @task(3)
    def save_api(self) -> None:
        body = {"rows": values(self.rows), "submit": False, "reason": "基准测试：更新数据"}
        with self.client.post(f"/api/reporting/tasks/{self.task_id}/observations", json=body, headers=self.auth,
                              name="api save observations", catch_response=True) as r:  # fmt: skip
            if r.status_code != 200 or r.json().get("status") != "draft":
                r.failure(failure(r))

    @task(1)
    def save_form(self) -> None:
        page = self.get(f"/tasks/{self.task_id}/", "task page")
        token = CSRF.search(page)
        form = {"csrfmiddlewaretoken": token.group(1) if token else "", "action": "draft"}
        for row in values(self.rows):
            iid = row["indicator_id"]
            form |= {f"v-{iid}-{cell}": v for cell, v in row["cells"].items()}
            if "numerator" in row:
                form |= {f"n-{iid}": row["numerator"], f"d-{iid}": row["denominator"]}
        with self.client.post(f"/tasks/{self.task_id}/", data=form, name="form save task", catch_response=True,
                              headers={"Referer": f"{self.host}/tasks/{self.task_id}/"}) as r:  # fmt: skip
            # saved: redirected back to the task with 「已暂存」; refused: the form again with the problems
            if r.status_code != 200 or not r.history or "已暂存" not in r.text:
                r.failure(failure(r, "未保存"))

    @task(1)
    def home(self) -> None:
        self.get("/", "reporter home")
