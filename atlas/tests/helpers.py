"""Shared test helpers of the atlas and the sections built on it."""


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()
