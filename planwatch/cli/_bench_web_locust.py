"""Load clients of ``planwatch bench web`` (run by locust in its own process; no Django here).

Each client is a logged-in leader of the province (session cookies handed over in PLANWATCH_BENCH_SESSIONS)
who opens the dashboard, changes a filter and reads indicator pages, with a short pause between pages.
"""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

CONFIG = json.loads(os.environ["PLANWATCH_BENCH_CONFIG"])
SESSIONS = itertools.cycle(CONFIG["sessions"])


class Leader(HttpUser):
    wait_time = between(CONFIG["wait_min"], CONFIG["wait_max"])

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", next(SESSIONS))

    def _get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")

    @task(3)
    def dashboard(self) -> None:
        self._get("/", "dashboard")

    @task(1)
    def dashboard_filtered(self) -> None:
        area = random.choice(CONFIG["areas"])
        self._get(f"/?area={area}&attribute=binding", "dashboard (filter)")

    @task(4)
    def indicator(self) -> None:
        ind = random.choice(CONFIG["indicators"])
        self._get(f"/evaluation/plans/{CONFIG['plan']}/indicators/{ind}/", "indicator")
