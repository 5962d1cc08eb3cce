"""What ``planwatch serve`` and ``demo`` check and add before they listen.

- ``serve`` is the production server: it refuses the development SECRET_KEY and DEBUG unless ``--debug``
  says this is a developer's machine.
- Listening on every address (``--host 0.0.0.0``) is for colleagues on the network, who reach the machine by
  its name or address: those are added to ALLOWED_HOSTS (Django answers 400 DisallowedHost otherwise), unless
  PLANWATCH_ALLOWED_HOSTS is set, which then is the whole list.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping

from planwatch.site.defaults import DEVELOPMENT_SECRET_KEY

MIN_SECRET_LENGTH = 50  # what `manage.py check --deploy` asks for
WILDCARDS = ("0.0.0.0", "::", "")
NEW_KEY_HINT = "PLANWATCH_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"


def production_problems(environ: Mapping[str, str], debug: bool) -> list[str]:
    """Why ``serve`` must not start as configured (empty: it may)."""
    if debug:
        return []
    problems = []
    key = environ.get("PLANWATCH_SECRET_KEY", "").strip()
    if not key or key == DEVELOPMENT_SECRET_KEY:
        problems.append(
            "未设置 PLANWATCH_SECRET_KEY，只有公开的开发密钥：登录会话和 CSRF 令牌可被伪造。"
            f"请设置随机密钥，例如 {NEW_KEY_HINT}"
        )
    elif len(key) < MIN_SECRET_LENGTH:
        problems.append(
            f"PLANWATCH_SECRET_KEY 太短（{len(key)} 个字符，至少 {MIN_SECRET_LENGTH} 个）：{NEW_KEY_HINT}"
        )
    if environ.get("PLANWATCH_DEBUG", "").strip() == "1":
        problems.append(
            "PLANWATCH_DEBUG=1 会把出错时的程序细节（含配置和数据）显示给访问者：生产环境请去掉它"
        )
    return problems


def machine_hosts() -> list[str]:
    """Names and addresses colleagues may use to reach this machine (loopback and link-local left out)."""
    names: list[str] = []
    hostname = socket.gethostname()
    for name in (hostname, socket.getfqdn()):
        if name and name not in names and name != "localhost":
            names.append(name)
    addresses: list[str] = []
    for name in names:
        try:
            infos = socket.getaddrinfo(name, None)
        except OSError:
            continue
        addresses += [info[4][0] for info in infos]
    addresses.append(_outbound_address())
    for text in addresses:
        try:
            ip = ipaddress.ip_address(text.split("%")[0]) if text else None
        except ValueError:
            continue
        if ip is None or ip.is_loopback or ip.is_link_local or ip.is_unspecified:
            continue
        shown = f"[{ip}]" if ip.version == 6 else str(ip)
        if shown not in names:
            names.append(shown)
    return names


def _outbound_address() -> str:
    """The address of the interface that routes outwards (connecting a UDP socket sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never answered, only routed
            return s.getsockname()[0]
    except OSError:
        return ""


def open_to_network(host: str, environ: Mapping[str, str], echo) -> list[str]:
    """Add this machine's names to ALLOWED_HOSTS when listening on every address (or on one named address);
    returns the hosts added and says which URLs colleagues can use, or what to set."""
    from django.conf import settings

    if host in ("127.0.0.1", "localhost", "::1"):
        return []
    wanted = machine_hosts() if host in WILDCARDS else [f"[{host}]" if ":" in host else host]
    if environ.get("PLANWATCH_ALLOWED_HOSTS", "").strip():
        missing = [h for h in wanted if h not in settings.ALLOWED_HOSTS]
        if missing:
            echo(
                f"注意：PLANWATCH_ALLOWED_HOSTS 已设置，未包含 {'、'.join(missing)}；用这些名称访问会被拒绝（400）。"
            )
        return []
    added = [h for h in wanted if h not in settings.ALLOWED_HOSTS]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *added]
    if wanted:
        echo(
            f"已允许用本机名称/地址访问：{'、'.join(wanted)}（其他名称请设置 PLANWATCH_ALLOWED_HOSTS，逗号分隔）"
        )
    else:
        echo("未能确定本机的名称或地址：请用 PLANWATCH_ALLOWED_HOSTS=名称或IP 指定同事访问时使用的地址")
    return added
