"""Dutch for everyone; English only for who chose it with the language switch."""

import pytest

pytestmark = pytest.mark.django_db


def test_dutch_even_when_the_browser_prefers_english(client):
    response = client.get("/partijen/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "nl"
    assert '<html lang="nl"' in response.content.decode()


def test_the_language_switch_chooses_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/partijen/"})
    assert response.status_code == 302
    response = client.get("/partijen/")
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en"' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "nl", "next": "/partijen/"})
    assert client.get("/partijen/").headers["Content-Language"] == "nl"


def test_an_unknown_language_cookie_falls_back_to_dutch(client):
    client.cookies["django_language"] = "xx"
    assert client.get("/").headers["Content-Language"] == "nl"
