"""Lessons' media for slow links: images as responsive renditions (WebP where the browser
takes it), and videos that fetch nothing from their host until the learner asks."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model

from courses.blocks import ImageBlock, VideoBlock

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=socle-demo"
PLAYER = '<iframe src="https://www.youtube-nocookie.com/embed/socle-demo" title="Demo"></iframe>'


def cached_embed(url=VIDEO_URL, html=PLAYER):
    """The oEmbed answer Wagtail would fetch, already in its cache table (no network)."""
    return Embed.objects.create(
        url=url, hash=get_embed_hash(url, None, None), type="video", html=html, max_width=None
    )


def test_image_block_offers_webp_and_jpeg_renditions_at_three_widths():
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), "navy").save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Coverage chart", file=ImageFile(buffer, name="coverage.png")
    )
    block = ImageBlock()
    value = block.to_python({"image": image.pk, "alt_text": "Coverage by region", "caption": ""})
    soup = BeautifulSoup(block.render(value), "html.parser")
    webp = soup.select_one('picture source[type="image/webp"]')
    assert webp is not None
    assert [c.split()[-1] for c in webp["srcset"].split(", ")] == ["400w", "800w", "1200w"]
    assert webp["sizes"]
    img = soup.select_one("picture img")
    assert img["alt"] == "Coverage by region" and img["loading"] == "lazy"
    assert ".jpg" in img["src"] and "400w" in img["srcset"]


def test_video_block_keeps_the_player_inert_until_asked():
    cached_embed()
    block = VideoBlock()
    value = block.to_python(
        {"video": VIDEO_URL, "title": "Why coverage matters", "transcript": "<p>Words.</p>"}
    )
    soup = BeautifulSoup(block.render(value), "html.parser")
    facade = soup.select_one("[data-video]")
    # The player's frame is only inside an inert <template>: no iframe is in the page.
    assert soup.select("iframe") == []
    assert "youtube-nocookie.com/embed/socle-demo" in facade.template.decode_contents()
    button = facade.select_one("button[data-video-play]")
    assert button["type"] == "button" and button.has_attr("hidden")  # shown by the script
    assert facade.select_one(f'a[href="{VIDEO_URL}"]')  # without JavaScript: the host's page
    assert soup.select_one('script[src$="courses/video.js"]')
