"""In production (DEBUG off) a wrong address or a record out of reach is the Chinese 404 page, in the site's
layout and usable on a phone, for every role — never Django's English page."""

import pytest


@pytest.mark.parametrize("who", ["town", "health", "admin"])
def test_the_404_page_is_chinese(client, world, settings, who):
    settings.DEBUG = False
    client.force_login(world.users[who])
    for url in ("/no-such-page/", "/evaluation/plans/999999/", "/dashboard/?region=999999"):
        r = client.get(url)
        html = r.content.decode()
        assert r.status_code in (403, 404), url
        if r.status_code == 404:
            assert "页面不存在" in html and "Not Found" not in html and 'lang="zh-CN"' in html
            assert "返回工作台" in html and 'name="viewport"' in html


def test_the_404_page_without_login(client, db, settings):
    settings.DEBUG = False
    r = client.get("/no-such-page/")
    assert r.status_code == 404 and "页面不存在" in r.content.decode()
    assert "退出" not in r.content.decode()  # no menu for a visitor who is not logged in
