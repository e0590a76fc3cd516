"""The schema and Swagger UI: served by Lontar itself, nothing from outside."""

import re

from django.contrib.staticfiles import finders


def test_the_schema_is_openapi_3_with_the_error_shape(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "Error" in schema["components"]["schemas"]
    dispose = schema["paths"]["/api/v1/tasks/{id}/dispose/"]["post"]
    for code in ("400", "401", "403", "404", "429"):
        assert dispose["responses"][code]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    assert "knoxApiToken" in schema["components"]["securitySchemes"]


def test_swagger_ui_loads_only_from_this_server(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert "cdn" not in page.lower() and "unpkg" not in page
    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), source
