import pytest
from click.testing import CliRunner

from planwatch.cli import cli


def test_cli_lists_command_groups():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "bench" in result.output


@pytest.mark.django_db
def test_login_required_for_home(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_openapi_schema_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "planwatch API"
