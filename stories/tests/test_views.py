"""The pages of the stories: the index with its filters, a story page with its comments, the submit
form (Dutch errors next to the field, input kept) and the comment actions, allowed and refused."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from reisgids.tests.factories import OrganisationFactory, ThemeFactory, UserFactory
from stories.models import Comment, CommentReport, StoryPage
from stories.tests.factories import CommentFactory, StoryPageFactory
from stories.tests.helpers import content_manager, member_of

pytestmark = pytest.mark.django_db


def test_index_lists_published_stories_and_filters_by_theme_and_kind(client):
    theme = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    StoryPageFactory(title="Logeren bij de buren", themes=[theme])
    StoryPageFactory(
        title="Podcast over buurthulp",
        kind="podcast",
        transcript="Tekst",
        embed_url="https://open.spotify.com/episode/x",
    )
    StoryPageFactory(title="Nog geheim concept", live=False)
    html = client.get("/verhalen/").content.decode()
    assert "Logeren bij de buren" in html and "Podcast over buurthulp" in html
    assert "Nog geheim concept" not in html
    html = client.get("/verhalen/?theme=mantelzorg").content.decode()
    assert "Logeren bij de buren" in html and "Podcast over buurthulp" not in html
    html = client.get("/verhalen/?kind=podcast").content.decode()
    assert "Logeren bij de buren" not in html and "Podcast over buurthulp" in html


def test_draft_story_is_not_public(client):
    draft = StoryPageFactory(live=False)
    assert client.get(f"/verhalen/{draft.slug}/").status_code == 404


def test_video_shows_a_plain_link_and_transcript_without_fetching(client):
    story = StoryPageFactory(
        kind="video", embed_url="https://www.youtube.com/watch?v=abc123", transcript="Welkom bij De Buren."
    )
    html = client.get(story.url).content.decode()
    assert "Bekijk de video op YouTube" in html
    assert 'href="https://www.youtube.com/watch?v=abc123"' in html
    assert "<iframe" not in html
    assert "Welkom bij De Buren." in html


def test_comments_are_escaped_and_hidden_ones_replaced(client):
    story = StoryPageFactory()
    CommentFactory(page=story, text='<script>alert("x")</script>\n<img src=x onerror=alert(1)>')
    CommentFactory(page=story, text="Geheime onzin", hidden_at="2026-01-01T00:00Z", hidden_reason="Spam")
    html = client.get(story.url).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Geheime onzin" not in html
    assert "Deze reactie is verborgen door een moderator." in html


def test_submit_requires_login_and_membership(client):
    response = client.get(reverse("stories:submit"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(UserFactory())
    response = client.get(reverse("stories:submit"))
    assert "namens een organisatie waar je lid van bent" in response.content.decode()


def test_submit_form_shows_dutch_errors_and_keeps_input(client):
    org = OrganisationFactory()
    client.force_login(member_of(org))
    response = client.post(
        reverse("stories:submit"),
        {"organisation": org.pk, "kind": "video", "title": "Onze film", "intro": "Kijk mee", "embed_url": ""},
    )
    html = response.content.decode()
    assert "Geef de link naar de video of podcast." in html
    assert "Voeg een transcriptie of tekstversie toe" in html
    assert 'value="Onze film"' in html
    assert not StoryPage.objects.exists()


def test_submit_creates_a_draft_in_review_shown_as_pending(client):
    org = OrganisationFactory()
    client.force_login(member_of(org))
    response = client.post(
        reverse("stories:submit"),
        {
            "organisation": org.pk,
            "kind": "blog",
            "title": "Ons verhaal",
            "intro": "Kort",
            "body": "Lang verhaal",
        },
        follow=True,
    )
    story = StoryPage.objects.get()
    assert not story.live
    assert WorkflowState.objects.filter(object_id=str(story.pk), status="in_progress").exists()
    html = response.content.decode()
    assert "Ons verhaal" in html and "wordt beoordeeld" in html
    assert client.get(f"/verhalen/{story.slug}/").status_code == 404


def test_comment_post_and_dutch_error(client):
    story = StoryPageFactory()
    url = reverse("stories:comment_create", args=[story.slug])
    assert client.post(url, {"text": "Hoi"}).status_code == 302  # to the login page
    assert not Comment.objects.exists()
    client.force_login(UserFactory())
    response = client.post(url, {"text": ""})
    assert "Schrijf een reactie." in response.content.decode()
    response = client.post(url, {"text": "Mooi!"})
    comment = Comment.objects.get()
    assert response.url.endswith(f"#reactie-{comment.pk}")


def test_edit_only_own_comment(client):
    comment = CommentFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("stories:comment_edit", args=[comment.pk])).status_code == 404
    client.force_login(comment.author)
    client.post(reverse("stories:comment_edit", args=[comment.pk]), {"text": "Aangepast"})
    comment.refresh_from_db()
    assert comment.text == "Aangepast"


def test_report_view_allowed_for_others_refused_for_author(client):
    comment = CommentFactory()
    url = reverse("stories:comment_report", args=[comment.pk])
    client.force_login(comment.author)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    client.post(url, {"reason": "Kwetsend"})
    assert CommentReport.objects.filter(comment=comment).count() == 1
    response = client.post(url, {"reason": "Nog eens"})
    assert "Je hebt deze reactie al gemeld." in response.content.decode()


def test_admin_hide_view_for_content_managers_only(client):
    comment = CommentFactory()
    url = reverse("comment_hide", args=["stories.comment", comment.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code in (302, 403)
    moderator = content_manager()
    client.force_login(moderator)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    comment.refresh_from_db()
    assert not comment.is_hidden
    client.post(url, {"reason": "Spam"})
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Spam"


def test_feeds(client):
    StoryPageFactory(title="Gevoed verhaal")
    assert "Gevoed verhaal" in client.get("/verhalen/feed/").content.decode()
    assert "Gevoed verhaal" in client.get("/verhalen/atom/").content.decode()


def test_reply_form_and_reply(client):
    story = StoryPageFactory()
    top = CommentFactory(page=story, text="Vraag van de buurvrouw")
    client.force_login(UserFactory())
    html = client.get(story.url).content.decode()
    assert f"reageren/?op={top.pk}" in html
    url = reverse("stories:comment_create", args=[story.slug])
    html = client.get(f"{url}?op={top.pk}").content.decode()
    assert "Vraag van de buurvrouw" in html and f'value="{top.pk}"' in html
    client.post(url, {"text": "Antwoord", "parent": top.pk})
    assert Comment.objects.get(text="Antwoord").parent == top


def test_cached_embed_is_shown_and_allowed_by_the_csp(client):
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    url = "https://www.youtube.com/watch?v=abc123"
    story = StoryPageFactory(kind="video", embed_url=url, transcript="Tekst")
    Embed.objects.create(
        url=url,
        hash=get_embed_hash(url),
        type="video",
        html='<iframe title="Video" src="https://www.youtube-nocookie.com/embed/abc123"></iframe>',
    )
    response = client.get(story.url)
    html = response.content.decode()
    assert "youtube-nocookie.com/embed/abc123" in html
    assert "Bekijk de video op YouTube" in html
    assert "https://www.youtube-nocookie.com" in response["Content-Security-Policy"]


def test_the_author_changes_a_story_sent_back_and_sends_it_again(client):
    from reisgids.notifications.models import Notification
    from stories import services
    from stories.tests.helpers import review, story_data

    org = OrganisationFactory()
    member = member_of(org)
    story = services.story_submit(actor=member, organisation=org, data=story_data())
    review(story, approve=False, comment="Noem graag <het> ziekenhuis.")
    url = reverse("stories:revise", args=[story.pk])
    assert Notification.objects.get(recipient=member).url == url

    client.force_login(member)
    html = client.get(reverse("stories:submit")).content.decode()
    assert url in html and "teruggestuurd voor wijzigingen" in html
    html = client.get(url).content.decode()
    assert "Noem graag &lt;het&gt; ziekenhuis." in html
    assert "Het begon met een gesprek.\n\nNu verwijzen ze elke week." in html  # the body as plain text

    data = {"organisation": org.pk, "kind": "blog", "title": "", "intro": "Nieuwe inleiding", "body": "Tekst"}
    html = client.post(url, data).content.decode()
    assert "Geef je verhaal een titel." in html and "Nieuwe inleiding" in html
    response = client.post(url, {**data, "title": "Verwijzingen vanuit het Maasstad"})
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "Verwijzingen vanuit het Maasstad" in client.get(reverse("stories:submit")).content.decode()
    assert client.get(url).status_code == 404  # being reviewed again: nothing to change


def test_only_the_author_opens_a_story_sent_back(client):
    from stories import services
    from stories.tests.helpers import review, story_data

    org = OrganisationFactory()
    story = services.story_submit(actor=member_of(org), organisation=org, data=story_data())
    review(story, approve=False, comment="Korter graag.")
    url = reverse("stories:revise", args=[story.pk])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(member_of(org))
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Overgenomen"}).status_code == 404
